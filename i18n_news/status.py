"""How much of each catalog is translated, in messages and in source words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalog import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    Catalog,
    Message,
    TranslationTable,
    count_words,
)
from .layout import SITE, TAG_CONTEXT, release_domain

if TYPE_CHECKING:
    from .config import Language


@dataclass(frozen=True)
class CatalogStats:
    """Counts of one catalog, as ``msgfmt --statistics`` and ``pocount`` give them."""

    domain: str
    language: str
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    missing: bool = False

    def __reduce__(self) -> tuple[type[CatalogStats], tuple[str | int | bool, ...]]:
        # Thousands are kept in the cache and sent between processes: pickled as their
        # values alone, not with their names.
        return CatalogStats, (
            self.domain, self.language, self.path, self.translated, self.fuzzy,
            self.untranslated, self.translated_words, self.fuzzy_words,
            self.untranslated_words, self.missing,
        )  # fmt: skip

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Share of source words translated, in percent."""
        return 100.0 * self.translated_words / self.total_words if self.total_words else 100.0

    @property
    def percent_messages(self) -> float:
        """Share of messages translated, in percent."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def state_of(message: Message | None) -> str:
    """A message's state as gettext names it: translated, fuzzy or untranslated."""
    return UNTRANSLATED if message is None else message.state


def _tally(
    counted: Iterable[tuple[str, int]], domain: str, language: str, path: str, missing: bool
) -> CatalogStats:
    """Sum (state, source words) pairs into statistics."""
    messages = {TRANSLATED: 0, FUZZY: 0, UNTRANSLATED: 0}
    words = dict(messages)
    for state, count in counted:
        messages[state] += 1
        words[state] += count
    return _stats(messages, words, domain, language, path, missing)


def _stats(
    messages: dict[str, int],
    words: dict[str, int],
    domain: str,
    language: str,
    path: str,
    missing: bool,
) -> CatalogStats:
    """Statistics of messages and words counted by state."""
    return CatalogStats(
        domain, language, path,
        translated=messages[TRANSLATED], fuzzy=messages[FUZZY],
        untranslated=messages[UNTRANSLATED],
        translated_words=words[TRANSLATED], fuzzy_words=words[FUZZY],
        untranslated_words=words[UNTRANSLATED],
        missing=missing,
    )  # fmt: skip


def catalog_stats(
    catalog: Catalog, domain: str, language: str, path: str, missing: bool = False
) -> CatalogStats:
    """Count the live messages of a catalog by state, as ``msgfmt --statistics`` does."""
    counted = ((state_of(m), m.source_words) for m in catalog)
    return _tally(counted, domain, language, path, missing)


def to_translate(message: Message, language: Language, source: Language) -> bool:
    """Whether the site catalog of ``language`` needs ``message`` translated: a tag's name
    (written in the ``source`` language) in a target language, another interface string
    (written in English) in a language that is not English."""
    if message.msgctxt == TAG_CONTEXT:
        return language != source
    return not language.writes_interface


def site_stats(
    catalog: Catalog, language: Language, source: Language, path: str, missing: bool
) -> CatalogStats:
    """Count the live messages of the site catalog of ``language`` that it needs translated
    (see :func:`to_translate`)."""
    wanted = Catalog(messages=[m for m in catalog.messages if to_translate(m, language, source)])
    return catalog_stats(wanted, SITE, language.code, path, missing)


def release_stats(
    slug: str, texts: Iterable[str], table: TranslationTable | None, language: str, path: str
) -> CatalogStats:
    """Count the texts of the release ``slug`` by their state in its catalog's ``table`` (the
    catalog may be stale; ``None`` if there is none).

    This is what a build shows: a message the catalog does not have yet is untranslated.
    """
    states = table.states if table else {}
    # Thousands of catalogs on a fresh checkout: counted in one loop, each text's words once.
    messages = {TRANSLATED: 0, FUZZY: 0, UNTRANSLATED: 0}
    words = dict(messages)
    known = _SOURCE_WORDS
    if len(known) > _MOST_KNOWN:
        known.clear()
    for text in texts if isinstance(texts, frozenset | set) else set(texts):
        state = states.get(text, UNTRANSLATED)
        messages[state] += 1
        count = known.get(text)
        if count is None:
            known[text] = count = count_words(text)
        words[state] += count
    return _stats(messages, words, release_domain(slug), language, path, table is None)


#: The words of the releases' texts counted so far (each counted once for all its languages
#: and for the boilerplate many releases share), forgotten past :data:`_MOST_KNOWN`.
_SOURCE_WORDS: dict[str, int] = {}
_MOST_KNOWN = 200_000


def totals(rows: list[CatalogStats], language: str) -> CatalogStats:
    """The sum of ``rows`` of one language."""
    mine = [row for row in rows if row.language == language]
    return CatalogStats(
        "total",
        language,
        "",
        translated=sum(r.translated for r in mine),
        fuzzy=sum(r.fuzzy for r in mine),
        untranslated=sum(r.untranslated for r in mine),
        translated_words=sum(r.translated_words for r in mine),
        fuzzy_words=sum(r.fuzzy_words for r in mine),
        untranslated_words=sum(r.untranslated_words for r in mine),
    )
