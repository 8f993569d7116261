"""Translation memory: what the newsroom has already translated, offered again. No I/O
except :func:`load_memory`.

Boilerplate ("About Mila"), recurring quotes and closing lines come back in release after
release. When ``update`` meets a message that has no translation, the memory gives the
translation of the same text from another release (as translated, or as fuzzy if the
newsroom prefers), or of a similar text (always fuzzy), with a translator comment naming
where it came from. The memory is built from the newsroom's own catalogs, plus compendium
``.po`` files and TMX files named in ``[memory]`` of ``i18n-news.toml``, then the catalogs
that no release has any more (a renamed release finds its translations there).
"""

from __future__ import annotations

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
from .merge import CHANGE_NOTE
from .plurals import parse_plural_forms
from .pofile import catalog_often_used_forms, msgfmt_problem, newline_problem
from .wordindex import WordIndex
from .xmlchars import control_characters

#: How the translator comments the memory writes start.
MEMORY_NOTE = "memory: "
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
        """Add an entry, unless the text is already known (the first source wins) or its
        translation is one no catalog may take (see :func:`offerable`)."""
        if not entry.source.strip() or entry.source in self.entries or not offerable(entry):
            return
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
    return not control_characters(translation)


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
    """Whether ``message`` is a live, singular message whose translation is fuzzy."""
    return message.fuzzy and not message.obsolete and message.msgid_plural is None


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
    if entry is None or (exact_as_fuzzy and translation == entry.translation):
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
                    if not c.startswith((CHANGE_NOTE, MEMORY_NOTE))
                ]
                filled = message.replaced(
                    msgstr=entry.translation,
                    previous_msgctxt=None,
                    previous_msgid=None,
                    previous_msgid_plural=None,
                    translator_comments=(*comments, f"{MEMORY_NOTE}from {entry.origin}"),
                )
                messages.append(filled if exact_as_fuzzy else filled.with_flag("fuzzy", False))
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
                translator_comments=(
                    *message.translator_comments,
                    f"{MEMORY_NOTE}from {entry.origin}",
                ),
            )
            messages.append(filled.with_flag("fuzzy") if exact_as_fuzzy else filled)
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


def load_memory(
    config: Config, language: Language, slugs: list[str], former: Sequence[str] = ()
) -> Memory:
    """The memory of ``language``: its release catalogs (in ``slugs`` order), then compendia,
    then the catalogs of releases that are no more (``former``, by slug: a release renamed
    finds its translations there)."""
    memory = Memory(make_index=partial(_cached_index, config, language))
    _add_release_catalogs(memory, config, language, slugs)
    for name in config.memory.compendia:
        absolute = config.root / name
        shown = display_path(config, absolute)
        if not absolute.is_file():
            raise CatalogError("compendium named in [memory] not found", shown)
        if absolute.suffix.lower() == ".tmx":
            for source, translation in read_tmx(absolute, config.source, language):
                memory.add(Entry(source, translation, shown))
        else:
            for source, translation in _translated(
                config, absolute, file_digest(config.root, absolute)
            ):
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


def _matches(tag: str, language: Language) -> bool:
    """Whether a TMX language tag (``fr-CA``, ``fr``) is ``language``."""
    tag = tag.replace("_", "-").lower()
    return (
        tag in (language.code.lower(), language.tag.lower())
        or tag == language.code.lower().split("-")[0]
    )


def read_tmx(path: Path, source: Language, target: Language) -> list[tuple[str, str]]:
    """The (source, translation) pairs of a TMX file for one language pair."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise CatalogError(f"invalid TMX: {error}", path, error.position[0]) from None
    pairs = []
    for unit in root.iter("tu"):
        texts: dict[str, str] = {}
        for variant in unit.iter("tuv"):
            tag = variant.get(xml_lang) or variant.get("lang") or ""
            segment = variant.find("seg")
            if segment is not None:
                texts[tag] = "".join(segment.itertext())
        found_source = next((t for tag, t in texts.items() if _matches(tag, source)), None)
        found_target = next((t for tag, t in texts.items() if _matches(tag, target)), None)
        if found_source and found_target:
            pairs.append((found_source, found_target))
    return pairs
