"""Translation memory: what the newsroom has already translated, offered again. No I/O
except :func:`load_memory`.

Boilerplate ("About Mila"), recurring quotes and closing lines come back in release after
release. When ``update`` meets a message that has no translation, the memory gives the
translation of the same text from another release (as translated, or as fuzzy if the
newsroom prefers), or of a similar text (always fuzzy), with a translator comment naming
where it came from. The memory is built from the newsroom's own catalogs, plus compendium
``.po`` files (each for the language its ``Language`` header names) and TMX files named in
``[memory]`` of ``i18n-news.toml``, then the catalogs that no release has any more (a
renamed release finds its translations there).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from rapidfuzz import fuzz, process
from unicode_segmentation_rs import unicode_words

from . import wordindex
from .cache import cache_for, digest
from .catalog import Catalog, Message
from .catalogs import read_translated
from .config import Config, Language
from .digests import EMPTY, file_digest, file_digests
from .errors import CatalogError
from .layout import catalog_path, display_path, release_catalogs_folder, release_domain
from .merge import is_change_note
from .plurals import parse_plural_forms
from .pofile import (
    catalog_often_used_forms,
    msgfmt_problem,
    newline_problem,
    parse_catalog_summary,
)
from .wordindex import WordIndex
from .xmlchars import control_characters

#: How the translator comments the memory writes start.
MEMORY_NOTE = "memory: "
#: The notes the memory writes (see :attr:`Entry.note` and :func:`fill_from_memory`).
_MEMORY_NOTES = re.compile(re.escape(MEMORY_NOTE) + r"(?:from .+|similar text in .+)")


def is_memory_note(comment: str) -> bool:
    """Whether the translator comment ``comment`` says where the memory found a translation."""
    return _MEMORY_NOTES.fullmatch(comment) is not None


#: Similar texts below this ratio are not offered.
SIMILARITY = 0.75
#: Texts longer than this (in characters) are compared with the few known texts sharing the
#: most of their rare words, and word by word before character by character: comparing two
#: texts costs the product of their lengths (about 20 ms for two of 32,000 characters).
LONG_TEXT = 2_000
#: How many known texts a long text is compared with, word by word.
LONG_CANDIDATES = 20
#: The share of words in common, in order, below which a long text is not compared further
#: (texts with three quarters of their characters in common share more of their words).
WORD_SIMILARITY = 0.5


@dataclass(frozen=True)
class Entry:
    source: str
    translation: str
    #: Where it comes from: "releases/<slug>", or a compendium's path.
    origin: str
    #: Offered as fuzzy only, even an exact match: a TMX unit whose inline codes (the
    #: markup of the tool that made it) were left out, for a translator to put back.
    coded: bool = False

    @property
    def note(self) -> str:
        """The translator comment of a message given this entry's translation."""
        if self.coded:
            return f"{MEMORY_NOTE}from {self.origin}, without its inline codes (markup)"
        return f"{MEMORY_NOTE}from {self.origin}"


@dataclass
class Memory:
    """Translations by source text."""

    entries: dict[str, Entry] = field(default_factory=dict)
    _sources: list[str] | None = field(default=None, repr=False)
    _source_origins: list[str] = field(default_factory=list, repr=False)
    _index: WordIndex | None = field(default=None, repr=False)
    _origins: Counter[str] = field(default_factory=Counter, repr=False)
    #: Makes the index of the known texts (:func:`load_memory` gives one that keeps it).
    make_index: Callable[[list[str]], WordIndex] = field(
        default=WordIndex, repr=False, compare=False
    )

    def add(self, entry: Entry) -> None:
        """Add an entry, unless the text is already known (the first source wins, but one
        without inline codes replaces one with) or its translation is one no catalog may take
        (see :func:`offerable`)."""
        known = self.entries.get(entry.source)
        if (
            not entry.source.strip()
            or (known is not None and not (known.coded and not entry.coded))
            or not offerable(entry)
        ):
            return
        if known is not None:
            self._origins[known.origin] -= 1
        self.entries[entry.source] = entry
        self._origins[entry.origin] += 1
        self._sources = self._index = None

    def exact(self, text: str, exclude: str = "") -> Entry | None:
        entry = self.entries.get(text)
        return entry if entry is not None and entry.origin != exclude else None

    def prepare(self) -> tuple[list[str], WordIndex]:
        """The known texts and their index, made once (before workers share the memory)."""
        if self._sources is None or self._index is None:
            self._sources = list(self.entries)
            self._source_origins = [entry.origin for entry in self.entries.values()]
            self._index = self.make_index(self._sources)
        return self._sources, self._index

    def similar(self, text: str, exclude: str = "") -> Entry | None:
        """The most similar known text, if at least :data:`SIMILARITY` alike.

        A large memory is searched through an index of words (:mod:`.wordindex`), and a long
        text (:data:`LONG_TEXT`) is compared with the few texts sharing the most of its rare
        words, those alike word by word only; the first known text wins ties, as in a full
        search. Texts from ``exclude`` are not offered.
        """
        excluded = self._origins[exclude]
        if excluded == len(self.entries):
            return None
        known, index = self.prepare()
        long = len(text) > LONG_TEXT
        candidates = index.candidates(text, SIMILARITY, LONG_CANDIDATES + excluded) if long else []
        if not candidates:  # a short text, or one whose words the index does not tell apart
            candidates = index.candidates(text, SIMILARITY)
        found = range(len(known)) if candidates is None else candidates
        origins = self._source_origins
        sources = (
            [known[i] for i in found if origins[i] != exclude]
            if excluded
            else [known[i] for i in found]
        )
        if long:
            # Words as Unicode segments them: also in scripts written without spaces.
            words = unicode_words(text)
            cutoff = WORD_SIMILARITY * 100
            sources = [
                s for s in sources if fuzz.ratio(words, unicode_words(s), score_cutoff=cutoff)
            ]
        match = process.extractOne(text, sources, scorer=fuzz.ratio, score_cutoff=SIMILARITY * 100)
        return None if match is None else self.entries[match[0]]


def offerable(entry: Entry) -> bool:
    """Whether the memory may offer ``entry``'s translation: not one whose newlines
    ``msgfmt -c`` refuses (a TMX segment may end with one its source lacks), nor one with a
    control character (``check`` reports it where it is; copied, it would spread)."""
    source, translation = entry.source, entry.translation
    if ("\n" in source or "\n" in translation) and newline_problem(source, (translation,)):
        return False
    # Most translations hold nothing but printable characters: no control character.
    return translation.isprintable() or not control_characters(translation)


@dataclass(frozen=True)
class MemoryStats:
    exact: int = 0
    similar: int = 0
    words: int = 0
    #: Fuzzy messages left as they were whose very text the memory has translated
    #: (``update --fill-fuzzy`` would give them that translation).
    refillable: int = 0
    #: Interface strings given the default theme's own translation.
    from_theme: int = 0


def _wanted(message: Message) -> bool:
    """Whether the memory may fill ``message``: current, singular and untranslated."""
    return not (message.obsolete or message.has_translation or message.msgid_plural is not None)


def _outdated(message: Message) -> bool:
    """Whether ``message`` is a live, singular message whose translation is fuzzy as one of
    an older text (its previous msgid): not a translator's work in progress (fuzzy as
    Poedit's "needs work", an agency's unit to review, the memory's guess a translator may
    have begun to edit), which a fuzzy translation of its very text is."""
    if not message.fuzzy or message.obsolete or message.msgid_plural is not None:
        return False
    previous = (message.previous_msgctxt, message.previous_msgid)
    return message.previous_msgid is not None and previous != (message.msgctxt, message.msgid)


def wanted(catalog: Catalog) -> list[str]:
    """The texts of ``catalog`` that the memory may fill, in order."""
    return [message.msgid for message in catalog.messages if _wanted(message)]


def outdated(catalog: Catalog) -> list[tuple[str, str]]:
    """The text and translation of each fuzzy message of ``catalog`` the memory may refill."""
    return [(m.msgid, m.msgstr) for m in catalog.messages if _outdated(m)]


def offers_any(memory: Memory, texts: list[str], domain: str) -> bool:
    """Whether the memory has a translation of any of ``texts`` for ``domain``."""
    return any(
        memory.exact(text, exclude=domain) is not None
        or memory.similar(text, exclude=domain) is not None
        for text in texts
    )


def _refill(
    memory: Memory, text: str, translation: str, domain: str, exact_as_fuzzy: bool
) -> Entry | None:
    """What the memory gives a fuzzy message of ``text`` translated as ``translation``: a
    translation of that very text (``None`` if it has none, or gave it already as fuzzy)."""
    entry = memory.exact(text, exclude=domain)
    if entry is None or ((exact_as_fuzzy or entry.coded) and translation == entry.translation):
        return None
    return entry


def offers_refill(
    memory: Memory, fuzzy: list[tuple[str, str]], domain: str, exact_as_fuzzy: bool
) -> bool:
    """Whether the memory would refill any of the ``fuzzy`` messages (see :func:`outdated`)."""
    return any(_refill(memory, text, old, domain, exact_as_fuzzy) for text, old in fuzzy)


def fill_from_memory(
    catalog: Catalog,
    memory: Memory,
    domain: str,
    exact_as_fuzzy: bool = False,
    fuzzy_too: bool = False,
) -> tuple[Catalog, MemoryStats]:
    """Give untranslated messages of ``catalog`` the memory's translations (not its own); with
    ``fuzzy_too``, also fuzzy messages whose very text the memory has translated (their
    translation, of an older text, is replaced, and the note of what changed goes)."""
    exact = similar = words = refillable = 0
    messages = []
    for message in catalog.messages:
        if _outdated(message):
            entry = _refill(memory, message.msgid, message.msgstr, domain, exact_as_fuzzy)
            if entry is not None and not fuzzy_too:
                refillable += 1
            elif entry is not None:
                # The notes of what changed and of where an older translation came from go.
                comments = [
                    c
                    for c in message.translator_comments
                    if not (is_change_note(c) or is_memory_note(c))
                ]
                filled = message.replaced(
                    msgstr=entry.translation,
                    previous_msgctxt=None,
                    previous_msgid=None,
                    previous_msgid_plural=None,
                    translator_comments=(*comments, entry.note),
                )
                fuzzy = exact_as_fuzzy or entry.coded
                messages.append(filled if fuzzy else filled.with_flag("fuzzy", False))
                exact += 1
                words += message.source_words
                continue
        if not _wanted(message):
            messages.append(message)
            continue
        entry = memory.exact(message.msgid, exclude=domain)
        if entry is not None:
            filled = message.replaced(
                msgstr=entry.translation,
                translator_comments=(*message.translator_comments, entry.note),
            )
            fuzzy = exact_as_fuzzy or entry.coded
            messages.append(filled.with_flag("fuzzy") if fuzzy else filled)
            exact += 1
            words += message.source_words
            continue
        entry = memory.similar(message.msgid, exclude=domain)
        if entry is not None:
            note = f"{MEMORY_NOTE}similar text in {entry.origin}"
            messages.append(
                message.replaced(
                    msgstr=entry.translation,
                    previous_msgid=entry.source,
                    translator_comments=(*message.translator_comments, note),
                ).with_flag("fuzzy")
            )
            similar += 1
            words += message.source_words
            continue
        messages.append(message)
    result = replace(catalog, messages=messages, header=list(catalog.header))
    return result, MemoryStats(exact, similar, words, refillable)


#: The note on an interface string translated by the default theme's own catalog.
THEME_NOTE = f"{MEMORY_NOTE}from the default theme"


def fill_from_theme(
    catalog: Catalog, theme: Catalog, exact_as_fuzzy: bool = False
) -> tuple[Catalog, MemoryStats]:
    """Give the untranslated messages of a site catalog the default theme's own translations
    of them (``theme``, its catalog for the catalog's language), as the memory gives exact
    matches: a plural message only if both catalogs have as many plural forms."""
    known = {message.key: message for message in theme if message.translated}
    if not known:
        return catalog, MemoryStats()
    forms = parse_plural_forms(catalog.header_value("Plural-Forms"))
    theme_forms = parse_plural_forms(theme.header_value("Plural-Forms"))
    same_plurals = (
        forms is not None and theme_forms is not None and forms.number == theme_forms.number
    )
    often = catalog_often_used_forms(catalog)
    filled = 0
    messages = []
    for message in catalog.messages:
        found = known.get(message.key)
        if (
            found is None
            or message.obsolete
            or message.has_translation
            or (message.msgid_plural is not None and not same_plurals)
            or found.msgid_plural != message.msgid_plural
        ):
            messages.append(message)
            continue
        given = message.replaced(
            msgstr=found.msgstr,
            msgstr_plural=found.msgstr_plural,
            translator_comments=(*message.translator_comments, THEME_NOTE),
        )
        if msgfmt_problem(given, often) is not None:  # the template flags what the theme's
            messages.append(message)  # catalog does not: not given
            continue
        messages.append(given.with_flag("fuzzy") if exact_as_fuzzy else given)
        filled += 1
    result = replace(catalog, messages=messages, header=list(catalog.header))
    return result, MemoryStats(from_theme=filled)


def _translated(config: Config, path: Path, content: str) -> list[tuple[str, str]]:
    """The translated messages of the catalog at ``path``, whose content has the digest
    ``content`` (:data:`i18n_news.digests.EMPTY` if it is missing): read once per content,
    then kept in the cache."""
    if content == EMPTY and not path.is_file():  # (an empty file is refused as it is read)
        return []
    known = cache_for(config.root).store("memory")
    found: list[tuple[str, str]] | None = known.peek(content)
    if found is None:
        read = read_translated(config, path)  # kept under the digest of what it read
        if read is None:
            return []
        content, found = read
        known.put(content, found)
    return found


def _cached_index(config: Config, language: Language, texts: list[str]) -> WordIndex:
    """The word index of the texts of ``language``'s memory: made once per list of texts
    (while no translator's work changes the memory), then kept in the cache."""
    if len(texts) <= wordindex.FULL_SEARCH_MAX:  # searched whole: nothing worth keeping
        return WordIndex(texts)
    folder = release_catalogs_folder(config, language)
    return (
        cache_for(config.root)
        .files("memory-index")
        .get(display_path(config, folder), digest(repr(texts).encode()), lambda: WordIndex(texts))
    )


#: A language code as a catalog's Language header writes it: "fr", "fr_CA", "pt-BR", "sr@latin".
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[A-Za-z]+)?")


def check_compendium(config: Config, name: str) -> str:
    """Refuse a compendium of ``[memory]`` that is not there or, in PO, that names no
    language (a command checks them all before it writes anything); give a PO compendium's
    language ("" for a TMX file, which names the language of each translation)."""
    absolute = config.root / name
    shown = display_path(config, absolute)
    if not absolute.is_file():
        raise CatalogError("compendium named in [memory] not found", shown)
    if absolute.suffix.lower() == ".tmx":
        return ""
    tag = _compendium_language(config, absolute, file_digest(config.root, absolute))
    if tag and not _LANGUAGE_CODE.fullmatch(tag):  # "French": it would serve no language
        raise CatalogError(
            f"the compendium's Language header {tag!r} is no language code: write one, as "
            "'fr' or 'fr_CA'",
            shown,
        )
    if not tag:
        # As msgmerge's users expect, no guess: a compendium for every language would
        # publish one language's translations on every other's site.
        raise CatalogError(
            "the compendium names no language: say its language in its Language header "
            '("Language: fr\\n"); a compendium serves that language only',
            shown,
        )
    return tag


def load_memory(
    config: Config, language: Language, slugs: list[str], former: Sequence[str] = ()
) -> Memory:
    """The memory of ``language``: its release catalogs (in ``slugs`` order), then compendia,
    then the catalogs of releases that are no more (``former``, by slug: a release renamed
    finds its translations there)."""
    memory = Memory(make_index=partial(_cached_index, config, language))
    _add_release_catalogs(memory, config, language, slugs)
    for name in config.memory.compendia:
        tag = check_compendium(config, name)
        absolute = config.root / name
        shown = display_path(config, absolute)
        if absolute.suffix.lower() == ".tmx":
            for source, translation, coded in read_tmx(absolute, config.source, language, shown):
                memory.add(Entry(source, translation, shown, coded))
        elif same_language(tag, language):
            content = file_digest(config.root, absolute)
            for source, translation in _translated(config, absolute, content):
                memory.add(Entry(source, translation, shown))
    # A broken one is no release's to report: passed over.
    _add_release_catalogs(memory, config, language, former, broken_ok=True)
    return memory


def _add_release_catalogs(
    memory: Memory,
    config: Config,
    language: Language,
    slugs: Sequence[str],
    broken_ok: bool = False,
) -> None:
    """Add to ``memory`` the translations of the catalogs in ``language`` of the releases
    ``slugs``, in order; with ``broken_ok``, a catalog that cannot be read is passed over."""
    domains = [release_domain(slug) for slug in slugs]
    paths = [catalog_path(config, language, domain) for domain in domains]
    contents = file_digests(config.root, paths, missing_ok=True)
    for domain, path in zip(domains, paths, strict=True):
        try:
            found = _translated(config, path, contents[str(path)])
        except CatalogError:
            if not broken_ok:
                raise
            continue
        for source, translation in found:
            memory.add(Entry(source, translation, domain))


def _compendium_language(config: Config, path: Path, content: str) -> str:
    """The ``Language`` header of the compendium at ``path``, whose content has the digest
    ``content`` ("" if it has none): read once per content, then kept in the cache."""
    known = cache_for(config.root).store("compendium-language")
    found: str | None = known.peek(content)
    if found is None:
        raw = path.read_bytes()
        header = parse_catalog_summary(raw, display_path(config, path))
        found = (header.header_value("Language") or "").strip()
        known.put(digest(raw), found)
    return found


def _subtags(tag: str) -> list[str]:
    return tag.strip().replace("_", "-").lower().split("-")


def names_locale(tag: str | None, language: Language) -> bool:
    """Whether a catalog's ``Language`` header ``tag`` names ``language``'s locale, as its
    tool writes it ("fr_CA", "fr-CA"), not another or none ("fr" for ``fr_CA``)."""
    return bool(tag and tag.strip()) and _subtags(tag or "") == _subtags(language.tag)


def same_language(tag: str, language: Language) -> bool:
    """Whether a file's language tag is ``language``: the tag and the language's code or
    locale have the same subtags as far as the shorter goes, whatever their case and
    separator. For a newsroom's ``fr`` (locale ``fr_CA``), ``fr``, ``fr-CA``, ``fr_CA`` and
    ``fr-FR`` are French; for its ``pt-BR``, ``pt-PT`` is not."""
    if not tag.strip():
        return False
    theirs = _subtags(tag)
    for ours in (_subtags(language.code), _subtags(language.tag)):
        shorter = min(len(theirs), len(ours))
        if theirs[:shorter] == ours[:shorter]:
            return True
    return False


def _best_variant(texts: dict[str, tuple[str, bool]], language: Language) -> tuple[str, bool]:
    """The text of the variant of a TMX unit in ``language``, ("", False) if none: one
    tagged as the language is first, then one of another region (``fr-FR`` for ``fr-CA``)."""
    own = {"-".join(_subtags(language.code)), "-".join(_subtags(language.tag))}
    found = [
        ("-".join(_subtags(tag)) not in own, text)
        for tag, text in texts.items()
        if same_language(tag, language)
    ]
    return min(found, key=lambda item: item[0])[1] if found else ("", False)


#: The TMX 1.4 inline elements that hold native code (the markup of the tool that made
#: the file), not text.
NATIVE_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


def segment_text(element: ET.Element) -> tuple[str, bool]:
    """The text of a TMX ``<seg>`` and whether it had inline codes: the content of native
    codes (:data:`NATIVE_CODES`) and of sub-flows (``<sub>``) is left out, the text of
    highlights (``<hi>``) kept, and so is the text around them."""
    parts = [element.text or ""]
    coded = False
    for child in element:
        name = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if name == "hi":
            text, inner = segment_text(child)
            parts.append(text)
            coded = coded or inner
        elif name != "sub":  # (a sub-flow is a text of its own: a link's title, an alt)
            coded = True  # a native code, or an element TMX has not: markup lost
        parts.append(child.tail or "")
    return "".join(parts), coded


def read_tmx(
    path: Path, source: Language, target: Language, shown: str | None = None
) -> list[tuple[str, str, bool]]:
    """The (source, translation, coded) triples of a TMX file for one language pair, where
    ``coded`` says that inline codes were left out of either (see :func:`segment_text`);
    ``shown`` is the file's name in errors (the path if none). Language tags match as
    :func:`same_language` matches them."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        line, column = error.position
        reason = re.sub(r": line \d+, column \d+$", "", str(error))
        message = f"invalid TMX: {reason} (column {column + 1})"
        raise CatalogError(message, shown or path, line) from None
    triples = []
    for unit in root.iter("tu"):
        texts: dict[str, tuple[str, bool]] = {}
        for variant in unit.iter("tuv"):
            tag = variant.get(xml_lang) or variant.get("lang") or ""
            segment = variant.find("seg")
            if segment is not None:
                texts.setdefault(tag, segment_text(segment))
        found_source, source_coded = _best_variant(texts, source)
        found_target, target_coded = _best_variant(texts, target)
        if found_source and found_target:
            triples.append((found_source, found_target, source_coded or target_coded))
    return triples
