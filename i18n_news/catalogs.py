"""Reading and writing a newsroom's catalogs safely (where they live: :mod:`.layout`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .atomic import write_bytes
from .cache import cache_for, digest
from .catalog import Catalog, TranslationTable
from .config import Config, Language
from .errors import CatalogError
from .layout import display_path
from .plurals import plural_forms
from .pofile import format_po, line_ending, parse_po, parse_translated, parse_translation_table


def now() -> datetime:
    """The current time, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def format_po_date(moment: datetime) -> str:
    """A date as gettext headers write it: ``2022-02-09 14:30+0000``."""
    return moment.strftime("%Y-%m-%d %H:%M%z")


@dataclass
class LoadedCatalog:
    """A catalog read from disk, with what is needed to write it back safely."""

    path: Path
    catalog: Catalog
    raw: bytes
    newline: str


def read_catalog(config: Config, path: Path, cached: bool = True) -> LoadedCatalog | None:
    """Read a catalog file, or return ``None`` if it does not exist.

    The parsed catalog is kept in the cache, unless ``cached`` is false (for a command that
    reads each catalog once and keeps what it needs of it).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    shown = display_path(config, path)
    if cached:
        files = cache_for(config.root).files("catalogs")
        parsed = files.get(shown, digest(raw), lambda: parse_po(raw, shown))
    else:
        parsed = parse_po(raw, shown)
    # A copy, so that no caller can change what the cache holds.
    catalog = Catalog(
        header=list(parsed.header),
        header_comments=list(parsed.header_comments),
        header_flags=parsed.header_flags,
        messages=list(parsed.messages),
    )
    return LoadedCatalog(path, catalog, raw, line_ending(raw))


def read_translation_table(
    config: Config, path: Path, raw: bytes | None = None
) -> TranslationTable | None:
    """What a build needs of a release catalog (see :class:`TranslationTable`), or ``None``
    if the file does not exist; ``raw`` is its content, if the caller has just read it."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
    return parse_translation_table(raw, display_path(config, path))


def read_translated(config: Config, path: Path) -> tuple[str, list[tuple[str, str]]] | None:
    """The digest of a catalog's content and its translated messages, as a translation
    memory takes them (see :func:`i18n_news.pofile.parse_translated`), or ``None`` if the
    file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return digest(raw), parse_translated(raw, display_path(config, path))


def save_catalog(
    config: Config, catalog: Catalog, loaded: LoadedCatalog | None, path: Path
) -> bool:
    """Write ``catalog`` if its content differs from what was read; return whether it wrote.

    A catalog that changed on disk since it was read (a translator saving at that moment)
    is never overwritten.
    """
    if loaded is not None and loaded.catalog.same_content(catalog):
        return False
    current = path.read_bytes() if path.exists() else None
    if current != (loaded.raw if loaded else None):
        raise CatalogError(
            "changed on disk while i18n-news was updating it; nothing was written, run the "
            "command again",
            display_path(config, path),
        )
    newline = loaded.newline if loaded else "\n"
    write_bytes(path, format_po(catalog, newline).encode("utf-8"))
    return True


#: The field of a release template's header that says what it was extracted from (see
#: :mod:`i18n_news.outline`).
SOURCE_DIGEST = "X-Source-Digest"


def save_template(config: Config, template: Catalog, path: Path) -> bool:
    """Write a template if it changed; its creation date changes only when more than what
    it was made from (:data:`SOURCE_DIGEST`) changed, so that catalogs follow it only then.
    A template that cannot be read (emptied, broken by hand) is written anew."""
    try:
        existing = read_catalog(config, path)
    except CatalogError:
        existing = None  # what was generated is generated again
    if existing is not None:
        previous = existing.catalog
        template.set_header("POT-Creation-Date", previous.header_value("POT-Creation-Date") or "")
        if previous.same_content(template):
            return False
        if not _without_source(previous).same_content(_without_source(template)):
            template.set_header("POT-Creation-Date", format_po_date(now()))
    else:
        template.set_header("POT-Creation-Date", format_po_date(now()))
    write_bytes(path, format_po(template).encode("utf-8"))
    return True


def _without_source(template: Catalog) -> Catalog:
    return replace(template, header=[f for f in template.header if f[0] != SOURCE_DIGEST])


def template_header(config: Config, project: str, title: str, plural: bool) -> Catalog:
    """A template's header, as ``xgettext`` writes it."""
    catalog = Catalog(
        header_comments=[
            f"Translations template for {title}.",
            f"Copyright (C) {config.name}",
            "This file is generated by 'i18n-news extract': edit the source, not this file.",
            "",
        ],
        header_flags=("fuzzy",),
    )
    fields = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", ""),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    if plural:
        fields.append(("Plural-Forms", "nplurals=INTEGER; plural=EXPRESSION;"))
    fields.append(("X-Generator", f"i18n-news {__version__}"))
    catalog.header = fields
    return catalog


def continued_header_comments(made: list[str], former: list[str]) -> list[str]:
    """The header comments of a catalog continuing ``former``'s (its release renamed): those
    :func:`new_catalog` ``made`` for the release as it is now (its title, its page), with the
    lines translators added to the former one (their names) before the closing empty line."""
    generated = ("Copyright (C) ", "Source page: ")
    added = [
        line
        for line in former
        if line
        and " translations for " not in line
        and not line.startswith(generated)
        and line not in made
    ]
    if not added:
        return list(made)
    closing = [""] if made[-1:] == [""] else []
    return [*made[: len(made) - len(closing)], *added, *closing]


def new_catalog(template: Catalog, language: Language) -> Catalog:
    """An empty catalog for ``language`` made from ``template``, as ``msginit`` makes one."""
    locale = language.babel_locale
    plural = plural_forms(locale)
    comments = list(template.header_comments)
    if comments and comments[0].startswith("Translations template for "):
        subject = comments[0].removeprefix("Translations template for ")
        comments[0] = f"{locale.english_name} translations for {subject}"
        comments = [c for c in comments if not c.startswith("This file is generated")]
    forms = ("",) * plural.number
    catalog = Catalog(
        header_comments=comments,
        messages=[replace(m, msgstr_plural=forms) if m.msgid_plural else m for m in template],
    )
    created = template.header_value("POT-Creation-Date") or ""
    for name, value in template.header:
        if name == "PO-Revision-Date":
            value = created
        elif name == "Last-Translator":
            value = "Automatically generated"
        elif name == "Language-Team":
            value = "none"
        elif name == "Language":
            value = language.locale
        elif name in ("Plural-Forms", SOURCE_DIGEST):
            continue  # the language's own; what the template was made from
        catalog.header.append((name, value))
    index = next(
        (
            i + 1
            for i, (name, _) in enumerate(catalog.header)
            if name == "Content-Transfer-Encoding"
        ),
        len(catalog.header),
    )
    catalog.header.insert(index, ("Plural-Forms", str(plural)))
    return catalog
