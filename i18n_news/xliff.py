"""Exchange catalogs with translation agencies as XLIFF 1.2, the format CAT tools read.

``export`` writes one ``.xlf`` file per catalog; ``import`` reads them back into the ``.po``
files, through the same quality checks as any translation: a file with errors changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .atomic import write_bytes
from .catalog import Catalog, Key, Message
from .catalogs import LoadedCatalog, read_catalog, save_catalog
from .checks import CheckContext, check_message
from .config import Config, Language
from .errors import CatalogError
from .glossary import load_glossary
from .layout import catalog_path, display_path
from .memory import is_memory_note, same_language
from .merge import best_match, is_change_note
from .quality import Finding
from .xmlchars import xml_safe

NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{NS}}}"
ET.register_namespace("", NS)


#: XLIFF 1.2 target states that mean "not final": the translation comes back fuzzy.
_NEEDS_WORK = {
    "new", "needs-translation", "needs-adaptation", "needs-l10n",
    "needs-review-translation", "needs-review-adaptation", "needs-review-l10n",
}  # fmt: skip


def unit_id(key: Key) -> str:
    """A stable id for a message: the same message always gets the same id."""
    msgctxt, msgid = key
    raw = f"{msgctxt}\x04{msgid}" if msgctxt is not None else msgid
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


#: The letters of a translation's state in an exported unit's id.
_TRANSLATED, _FUZZY, _UNTRANSLATED = "t", "f", "u"


def exported_id(message: Message) -> str:
    """The id of ``message``'s unit in an export: :func:`unit_id`, then what its translation
    was (a digest of its text, and its state), so that ``import`` tells the agency's changes
    from translations made in the catalog since (tools keep the ids of the units they
    translate: they are how a file finds its way back)."""
    return f"{unit_id(message.key)}.{_text_digest(message.msgstr)}{_state_letter(message)}"


def _text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _state_letter(message: Message) -> str:
    if not message.msgstr:
        return _UNTRANSLATED
    return _FUZZY if message.fuzzy else _TRANSLATED


_EXPORTED_ID = re.compile(r"([0-9a-f]{16})\.([0-9a-f]{8})([tfu])")


def _parse_id(uid: str) -> tuple[str, tuple[str, str] | None]:
    """The message's id of a unit's id, and what the export said of its translation (the
    digest of its text and its state letter), if the id says it (files exported before it
    did, or ids a tool changed, do not)."""
    found = _EXPORTED_ID.fullmatch(uid)
    if found is None:
        return uid, None
    return found[1], (found[2], found[3])


def _offered(message: Message, untranslated_only: bool) -> bool:
    """Whether an export offers ``message`` to translate (``untranslated_only``: if it is not
    translated yet)."""
    return not (untranslated_only and message.translated)


#: How a fuzzy unit's note gives the English its translation was made for.
PREVIOUS_NOTE = "The English this translation was made for: "

#: The attribute that says an element's spaces and line breaks are its text's.
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def catalog_to_xliff(
    catalog: Catalog, original: str, source: Language, target: Language, untranslated_only: bool
) -> bytes:
    """An XLIFF 1.2 document of one catalog's messages (plural messages are left out)."""
    root = ET.Element(f"{_X}xliff", {"version": "1.2"})
    file = ET.SubElement(root, f"{_X}file", {
        "original": original, "source-language": source.tag, "target-language": target.tag,
        "datatype": "x-gettext",
    })  # fmt: skip
    body = ET.SubElement(file, f"{_X}body")
    for message in catalog:
        if message.msgid_plural is not None or not _offered(message, untranslated_only):
            continue
        # Spaces and line breaks are the text's (a hard line break, code): a tool keeps them.
        attributes = {"id": exported_id(message), _XML_SPACE: "preserve"}
        if message.msgctxt is not None:
            attributes["resname"] = message.msgctxt
        if message.translated:
            attributes["approved"] = "yes"  # what tools count as translated, not to review
        unit = ET.SubElement(body, f"{_X}trans-unit", attributes)
        ET.SubElement(unit, f"{_X}source").text = message.msgid
        if message.msgstr:
            state = "needs-review-translation" if message.fuzzy else "translated"
            ET.SubElement(unit, f"{_X}target", {"state": state}).text = message.msgstr
        for comment in message.auto_comments:
            ET.SubElement(unit, f"{_X}note", {"from": "developer"}).text = comment
        if message.fuzzy and message.previous_msgid is not None:
            # What changed in the English since it was translated (update's ``#|``).
            previous = f"{PREVIOUS_NOTE}{message.previous_msgid}"
            ET.SubElement(unit, f"{_X}note", {"from": "developer"}).text = previous
        for comment in message.translator_comments:
            ET.SubElement(unit, f"{_X}note", {"from": "translator"}).text = comment
        for path, line in message.locations:
            group = ET.SubElement(unit, f"{_X}context-group", {"purpose": "location"})
            ET.SubElement(group, f"{_X}context", {"context-type": "sourcefile"}).text = path
            if line is not None:
                ET.SubElement(group, f"{_X}context", {"context-type": "linenumber"}).text = str(
                    line
                )
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    # A control character a catalog may hold (msgfmt accepts them) is not XML: left out.
    return xml_safe(document.decode("utf-8")).encode("utf-8") + b"\n"


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    units: int = 0
    #: The plural messages each catalog has that its file leaves out (XLIFF 1.2 as exported
    #: here has no plural forms): translated in the catalogs themselves.
    plurals_left: list[tuple[Path, int]] = field(default_factory=list)


def export_xliff(
    config: Config,
    language: Language,
    domains: list[str],
    folder: Path,
    untranslated_only: bool = False,
) -> ExportReport:
    """Write ``folder/<lang>/<domain>.xlf`` for each catalog of ``language``."""
    report = ExportReport()
    for domain in domains:
        path = catalog_path(config, language, domain)
        loaded = read_catalog(config, path)
        if loaded is None:
            continue
        data = catalog_to_xliff(
            loaded.catalog, display_path(config, path), config.source, language, untranslated_only
        )
        units = data.count(b"<trans-unit ")
        if untranslated_only and not units:  # nothing to send of this catalog
            continue
        target = folder / language.code / f"{domain}.xlf"
        write_bytes(target, data)
        report.files.append(target)
        report.units += units
        plurals = sum(
            1
            for message in loaded.catalog
            if message.msgid_plural is not None and _offered(message, untranslated_only)
        )
        if plurals:
            report.plurals_left.append((path, plurals))
    return report


@dataclass
class ImportReport:
    updated: int = 0
    unchanged: int = 0
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    #: Translations of an English text that changed since the export (``update`` has made its
    #: message fuzzy, with the text translated as its previous msgid): imported as fuzzy, for
    #: a translator to bring up to date. The file, and the English translated.
    outdated: list[tuple[Path, str]] = field(default_factory=list)
    #: Translations of an English text no message has any more, not imported: the file, and
    #: the English translated.
    lost: list[tuple[Path, str]] = field(default_factory=list)
    #: Translations the agency changed where the catalog's changed too since the export: not
    #: imported (unless ``overwrite``), the catalog's kept. The file, the unit's line, and the
    #: English translated.
    conflicts: list[tuple[Path, int, str]] = field(default_factory=list)
    #: Second translations of one message in this import (a unit twice in a file, two files
    #: for one catalog): not imported, the first kept. The file, the unit's line, the English
    #: translated, and where the first was (file and line).
    doubled: list[tuple[Path, int, str, Path, int]] = field(default_factory=list)

    @property
    def unknown(self) -> int:
        """How many translations are of no message of the catalogs (see :attr:`lost`)."""
        return len(self.lost)


#: A unit of an XLIFF file with a target or a note of the agency's: its id, source, target
#: ("" if none), state, line (0 if it is not known), and the lines of the notes of the
#: agency's.
Unit = tuple[str, str, str, str | None, int, tuple[str, ...]]

#: Where a ``<trans-unit>`` element starts, with or without a namespace prefix.
_UNIT_START = re.compile(rb"<(?:[\w.-]+:)?trans-unit[\s>/]")


def _read_units(path: Path) -> tuple[str, str, list[Unit]]:
    """The ``original`` and ``target-language`` of an XLIFF file, and its units with a
    target or a note (see :data:`Unit`)."""
    try:
        raw = path.read_bytes()
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise CatalogError(f"invalid XLIFF: {error}", path, error.position[0]) from None
    files = root.findall(f"{_X}file")
    if root.tag != f"{_X}xliff" or len(files) != 1:
        raise CatalogError("not an XLIFF 1.2 file with one <file> (as 'export' writes)", path, 1)
    elements = list(files[0].iter(f"{_X}trans-unit"))
    # The line of each unit, from where each starts in the file (ElementTree keeps none); if
    # the file has other text that looks like one (in a comment), no line is given.
    starts = []
    line, counted = 1, 0
    for found in _UNIT_START.finditer(raw):  # the lines counted once, from unit to unit
        line += raw.count(b"\n", counted, found.start())
        counted = found.start()
        starts.append(line)
    lines = starts if len(starts) == len(elements) else [0] * len(elements)
    units = []
    for unit, line in zip(elements, lines, strict=True):
        target = unit.find(f"{_X}target")
        text = "".join(target.itertext()) if target is not None else ""
        notes = tuple(
            stripped
            for note in unit.findall(f"{_X}note")
            if note.get("from") != "developer"  # the catalog's own comments, exported
            for part in "".join(note.itertext()).splitlines()
            if (stripped := part.strip())
        )
        if text or notes:
            source = unit.find(f"{_X}source")
            english = "".join(source.itertext()) if source is not None else ""
            state = target.get("state") if target is not None else None
            if unit.get("approved") == "no" and state not in _NEEDS_WORK:
                state = "needs-review-translation"  # said not approved: to review, fuzzy
            units.append((unit.get("id", ""), english, text, state, line, notes))
    return files[0].get("original", ""), files[0].get("target-language", ""), units


def _words(text: str) -> list[str]:
    """``text`` as words, whatever spaces a tool put between them."""
    return text.split()


def _with_notes(message: Message, notes: tuple[str, ...]) -> Message:
    """``message`` with the notes an agency wrote that it does not have yet, as translator
    comments (not those tools write: what changed, where the memory found a translation)."""
    new = [
        note for note in notes
        if note not in message.translator_comments
        and not (is_change_note(note) or is_memory_note(note))
    ]  # fmt: skip
    if not new:
        return message
    return replace(message, translator_comments=(*message.translator_comments, *new))


def _rewritten(english: str, catalog: Catalog, changes: dict[Key, Message]) -> Message | None:
    """The message of ``catalog`` still to be translated whose English is the most like
    ``english`` (as ``msgmerge`` finds a rewritten text), if any is alike enough."""
    waiting = [
        m for m in catalog if (not m.translated or m.fuzzy) and m.key not in changes and m.msgid
    ]
    return best_match(Message(msgid=english), waiting) if english and waiting else None


def _conflict(
    message: Message, exported: tuple[str, str], text: str, state: str | None, outdated: bool
) -> bool | None:
    """Whether a unit's translation, exported as ``exported`` (see :func:`_parse_id`) and
    come back as ``text`` in ``state``, changes what the catalog's ``message`` had then
    (``False``), is what was exported (``None``: nothing to bring in), or changes a translation
    the catalog changed since too (``True``). An ``outdated`` message's English changed since
    the export: ``update`` made it fuzzy, which is not a translator's change."""
    digest, letter = exported
    came_back = _FUZZY if state in _NEEDS_WORK else _TRANSLATED
    # As exported: the text of the digest, or written as XML holds it (a "\v" as a space).
    as_exported = _text_digest(text) == digest or (
        _text_digest(message.msgstr) == digest and xml_safe(message.msgstr) == text
    )
    if as_exported and came_back == letter:
        return None
    changed_here = _text_digest(message.msgstr) != digest or (
        not outdated and _state_letter(message) != letter
    )
    return changed_here


def import_xliff(
    config: Config,
    paths: list[Path],
    dry_run: bool = False,
    now: datetime | None = None,
    overwrite: bool = False,
) -> ImportReport:
    """Apply the targets of XLIFF files to their catalogs, if no translation has an error; a
    catalog changed says so in its ``PO-Revision-Date`` (``now``: the clock), as a PO editor
    does when it saves.

    A unit the agency left as it was exported brings nothing in, and one the agency changed
    where the catalog changed too since the export is a conflict: the catalog's translation
    stays, unless ``overwrite``.
    """
    revised = (now or datetime.now(config.zone)).strftime("%Y-%m-%d %H:%M%z")
    report = ImportReport()
    glossary = load_glossary(config)
    # Each catalog the files are for, read once, with the changes of every file for it: two
    # files for one catalog (two agencies', a file sent twice) change it in one write.
    opened: dict[Path, tuple[LoadedCatalog, dict[str, Message], dict[Key, Message]]] = {}
    #: The fuzzy messages of each catalog by the id of their previous text (what an export
    #: made before their English changed called them).
    previous: dict[Path, dict[str, Message]] = {}
    #: Where each message's translation in this import came from, and the translation.
    taken: dict[tuple[Path, Key], tuple[Path, int, str]] = {}
    for path in paths:
        original, target_language, units = _read_units(path)
        catalog_file = (config.root / original).resolve()
        if (
            not catalog_file.is_relative_to(config.locales_dir.resolve())
            or catalog_file.suffix != ".po"
        ):
            raise CatalogError(f"'original' {original!r} is not a catalog of this newsroom", path)
        code = catalog_file.relative_to(config.locales_dir.resolve()).parts[0]
        language = config.target(code)
        if target_language and not same_language(target_language, language):
            raise CatalogError(
                f"the file is in {target_language!r}, its catalog {original} in "
                f"{language.tag!r}: nothing was imported",
                path,
            )
        if catalog_file not in opened:
            loaded = read_catalog(config, catalog_file)
            if loaded is None:
                raise CatalogError(f"no catalog {original} for this file", path)
            opened[catalog_file] = (loaded, {unit_id(m.key): m for m in loaded.catalog}, {})
            previous[catalog_file] = {
                unit_id((m.previous_msgctxt, m.previous_msgid)): m
                for m in loaded.catalog
                if m.fuzzy and m.previous_msgid is not None
            }
        loaded, by_id, changes = opened[catalog_file]
        context = CheckContext(language, glossary, language.urls)
        for uid, english, text, state, line, notes in units:
            key_id, exported = _parse_id(uid)
            message = by_id.get(key_id)
            # Not this message's English (the file's source edited): a translation of another
            # text, to review as one of English that changed.
            outdated = message is None or (
                bool(english) and _words(english) != _words(message.msgid)
            )
            if message is None:
                message = previous[catalog_file].get(key_id)
                if message is None:
                    exported = None  # another message's translation, rewritten since
                    message = _rewritten(english, loaded.catalog, changes)
            if message is None:
                if text:
                    report.lost.append((path, english))
                continue
            current = changes.get(message.key, message)
            kept = None  # why the unit's translation does not come in, if it does not
            first = taken.get((catalog_file, message.key))
            if text and first is not None and first[2] != text:  # a second one: the first stays
                report.doubled.append((path, line, english, first[0], first[1]))
                continue
            if text and first is None:
                taken[catalog_file, message.key] = (path, line, text)
            if not text:
                kept = "no translation"
            elif exported is not None:
                conflict = _conflict(message, exported, text, state, outdated)
                if conflict is None:  # as exported: the catalog's, changed since or not, stays
                    kept = "as exported"
                elif conflict and current.msgstr != text and not overwrite:
                    report.conflicts.append((path, line, english))
                    kept = "conflict"
            if kept is not None:
                noted = _with_notes(current, notes)
                if noted != current:
                    changes[message.key] = noted
                elif kept == "as exported":
                    report.unchanged += 1
                continue
            base = current
            if text != current.msgstr:  # another translation: no longer the memory's, if it was
                base = replace(current, translator_comments=tuple(
                    c for c in current.translator_comments if not is_memory_note(c)
                ))  # fmt: skip
            if outdated:
                # Translated from the English as it was: fuzzy, showing what changed since.
                updated = replace(base, msgstr=text, previous_msgid=english)
                updated = updated.with_flag("fuzzy")
            elif state in _NEEDS_WORK:
                updated = replace(base, msgstr=text).with_flag("fuzzy")
            else:
                # Reviewed: what awaited review goes, as update has it (the previous source
                # and the note of what changed in it).
                comments = tuple(c for c in base.translator_comments if not is_change_note(c))
                updated = replace(
                    base, msgstr=text, previous_msgctxt=None, previous_msgid=None,
                    previous_msgid_plural=None, translator_comments=comments,
                ).with_flag("fuzzy", False)  # fmt: skip
            updated = _with_notes(updated, notes)
            if updated == current:
                report.unchanged += 1
                continue
            if outdated:
                report.outdated.append((path, english))
            changes[message.key] = updated
            # Checked against the English it translates (an outdated one against the former).
            checked = replace(updated, msgid=english) if outdated else updated
            for problem in check_message(checked, context):
                report.findings.append(
                    Finding(display_path(config, path), line, code, message.msgid, problem)
                )
    pending: list[tuple[Path, LoadedCatalog, Catalog]] = []
    for catalog_file, (loaded, _, changes) in opened.items():
        catalog = Catalog(
            header=list(loaded.catalog.header),
            header_comments=list(loaded.catalog.header_comments),
            header_flags=loaded.catalog.header_flags,
            messages=[
                changes.get(m.key, m) if not m.obsolete else m for m in loaded.catalog.messages
            ],
        )
        if changes:
            catalog.set_header("PO-Revision-Date", revised)
        report.updated += len(changes)
        pending.append((catalog_file, loaded, catalog))
    if dry_run or any(f.problem.severity == "error" for f in report.findings):
        return report
    for catalog_file, loaded, catalog in pending:
        if save_catalog(config, catalog, loaded, catalog_file):
            report.written.append(catalog_file)
    return report
