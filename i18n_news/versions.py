"""What a build knows of each language version of a release before it renders a page.

The publishing policy needs each version's translation statistics, and indexes, feeds and
reports need what listings show of it: title, summary, dateline, tags, untranslated pieces.
Both are cached under the digests of the files they are made from, and both can be made in
worker processes (see :mod:`i18n_news.prefetch`): the command then reads neither a release's
catalogs nor its body until it renders its page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from babel.support import Translations

from .cache import cache_for, digest
from .catalog import Catalog, TranslationTable
from .catalogs import read_catalog, read_translation_table
from .config import Config, Language
from .content import read_release
from .digests import HashedFiles, Remembered, read_hashed, remember
from .layout import SITE, catalog_name, catalog_path, display_path, release_domain, source_name
from .markup import BodyLayout, body_layout
from .model import Release
from .render import ReleaseText, localize_text, tag_names
from .status import CatalogStats, release_stats

#: The cache stores of version data: statistics, and texts.
STATS, TEXTS = "stats", "texts"
#: Entries of the digests of input files a worker process hashed (see ``Versions.deferred``).
DIGESTS = "digests"
#: Entries of a release's translations and of its body's layout, kept in memory only (see
#: :meth:`Versions.missing`).
TRANSLATIONS, LAYOUT = "translations", "layout"


class ReleaseCatalogs:
    """The catalogs of the newsroom, each read once: what a build needs of each release's,
    and the interface strings' whole."""

    def __init__(self, config: Config):
        self.config = config
        self.cache: dict[tuple[str, str], Catalog | None] = {}
        self.tables: dict[tuple[str, str], TranslationTable | None] = {}
        #: Translations by (language code, slug) that a worker process read for the command.
        self.known: dict[tuple[str, str], dict[str, str]] = {}
        #: The content of catalog files just read to hash them, by path, until parsed.
        self.read: dict[str, bytes] = {}

    def get(self, language: Language, domain: str) -> Catalog | None:
        """A catalog (``None`` if there is none)."""
        key = (language.code, domain)
        if key not in self.cache:
            loaded = read_catalog(self.config, catalog_path(self.config, language, domain))
            self.cache[key] = loaded.catalog if loaded else None
        return self.cache[key]

    def keep_read(self, name: str, content: bytes) -> None:
        """Keep the ``content`` of the catalog at path ``name``, just read to hash it, for
        :meth:`table` to parse (the last few: one not parsed soon, its statistics and texts
        cached, is read again if it ever is)."""
        if len(self.read) >= 16:
            del self.read[next(iter(self.read))]
        self.read[name] = content

    def table(self, language: Language, slug: str) -> TranslationTable | None:
        """What a build needs of a release's catalog (``None`` if there is none, as in the
        source language)."""
        if language == self.config.source:
            return None
        key = (language.code, slug)
        if key not in self.tables:
            path = catalog_path(self.config, language, release_domain(slug))
            raw = self.read.pop(str(path), None)
            self.tables[key] = read_translation_table(self.config, path, raw)
        return self.tables[key]

    def forget(self, slug: str) -> None:
        """Let the catalogs of a release go (a worker reads each release's once)."""
        for key in [key for key in self.tables if key[1] == slug]:
            del self.tables[key]
        for language in self.config.targets:
            self.read.pop(catalog_name(self.config, language, release_domain(slug)), None)

    def translations(self, language: Language, slug: str) -> dict[str, str]:
        """The translated messages of a release's catalog, by source text: those that link to
        no address of their own (a translator's text is not trusted to add one; its message
        is shown in the source language, as an untranslated one is: see ``check``)."""
        if (language.code, slug) in self.known:
            return self.known[language.code, slug]
        table = self.table(language, slug)
        if table is None:
            return {}
        from .checks import adds_links  # (markdown-it: only for a catalog a build reads)

        translations = table.translations
        unsafe = [
            source for source, text in translations.items()
            if adds_links(source, text, language.urls)
        ]  # fmt: skip
        if unsafe:
            translations = {k: v for k, v in translations.items() if k not in unsafe}
        return translations


class Versions:
    """Statistics and texts of release versions, made once for each content of their inputs.

    ``inputs`` are the digests of the build's files by path; ``sites`` the interface
    translations of each language (by code), whose catalog's digest is in ``inputs`` too;
    ``shared`` a digest of the configuration the texts are written with. The files of
    ``deferred`` (paths) are hashed when first needed, by the process that needs them, and
    added to ``inputs``.
    """

    def __init__(
        self,
        config: Config,
        inputs: dict[str, str],
        catalogs: ReleaseCatalogs,
        sites: Mapping[str, Translations],
        shared: str,
        deferred: frozenset[str] = frozenset(),
    ):
        self.config = config
        self.inputs = inputs
        self.deferred = deferred
        #: What was found of the deferred files hashed here (or in workers), by path.
        self.hashed: dict[str, Remembered | None] = {}
        self.catalogs = catalogs
        self.sites = sites
        self.shared = shared
        cache = cache_for(config.root)
        self.stores = {STATS: cache.store(STATS), TEXTS: cache.store(TEXTS)}
        #: The layouts of release bodies that worker processes parsed, by slug.
        self.layouts: dict[str, BodyLayout] = {}
        #: Keys made once: of each version by (release path, language code), and the digest
        #: of each language's interface catalog by ("", language code).
        self._keys: dict[tuple[str, str], str] = {}
        #: The digest of the names of a set of tags in a language, by tags and language code.
        self._tag_digests: dict[tuple[tuple[str, ...], str], str] = {}

    def _catalog_path(self, release: Release, language: Language) -> Path:
        return catalog_path(self.config, language, release_domain(release.slug))

    def _digest(self, name: str) -> str:
        """The digest of the input file at path ``name`` ("" for none)."""
        found = self.inputs.get(name)
        if found is None and name in self.deferred:
            with contextlib.suppress(OSError):  # gone since it was listed: as if absent
                data, found, self.hashed[name] = read_hashed(name)
                self.inputs[name] = found
                if name.endswith(".po"):  # the release's catalog, read next: read once
                    self.catalogs.keep_read(name, data)
        return found or ""

    def learn(self, read: HashedFiles) -> None:
        """Take the digests of release files a worker process read (see :meth:`_digest`)."""
        for path, (found, remembered) in read.items():
            name = str(path)
            if name in self.deferred and name not in self.inputs:
                self.inputs[name], self.hashed[name] = found, remembered

    def inputs_key(self, release: Release, language: Language) -> str:
        """The digests of what the version in ``language`` is made from (the release's file
        and its catalog), the language, and the file's place (a renamed file's slug, which its
        versions show, is another): the key of its statistics."""
        known = self._keys.get((release.path, language.code))
        if known is None:
            source = self._digest(source_name(str(self.config.root), release.path))
            catalog = self._digest(
                catalog_name(self.config, language, release_domain(release.slug))
            )
            known = f"{source}:{catalog}:{language.code}:{release.path}"
            self._keys[release.path, language.code] = known
        return known

    def site_digest(self, language: Language) -> str:
        """The digest of the interface strings' catalog of ``language`` ("" for none); every
        page's fingerprint has it."""
        known = self._keys.get(("", language.code))
        if known is None:
            known = self._keys["", language.code] = self._digest(
                catalog_name(self.config, language, SITE)
            )
        return known

    def _text_key(self, release: Release, inputs_key: str, language: Language) -> str:
        """The key of a version's listing texts: what it is made from, and the names of its
        tags (all it takes from the interface strings: another string changes no text)."""
        named = self._tag_digests.get((release.tags, language.code))
        if named is None:
            names = tag_names(release, language, self.config.source, self.sites[language.code])
            named = self._tag_digests[release.tags, language.code] = digest(repr(names).encode())
        return f"{inputs_key}:{named}:{self.shared}"

    def full(self, release: Release) -> Release:
        """``release`` with its body, if it is only its head (see :meth:`Release.head`)."""
        if release.has_body:
            return release
        name = source_name(str(self.config.root), release.path)
        return read_release(Path(name), self.config, self._digest(name) or None)

    def _make_stats(self, release: Release, language: Language) -> CatalogStats:
        release = self.full(release)
        path = self._catalog_path(release, language)
        table = self.catalogs.table(language, release.slug)
        texts = (block.text for block in release.blocks)
        return release_stats(
            release.slug, texts, table, language.code, display_path(self.config, path)
        )

    def _make_text(self, release: Release, language: Language) -> ReleaseText:
        release = self.full(release)
        return localize_text(
            release, language, self.config.source,
            _Lazy(lambda: self.catalogs.translations(language, release.slug)),
            self.sites[language.code], f"{self.config.base_url}{language.code}/{release.slug}/",
        )  # fmt: skip

    def stats(self, release: Release, language: Language) -> CatalogStats:
        """How much of the version in ``language`` (a target language) is translated."""
        key = self.inputs_key(release, language)
        made: CatalogStats = self.stores[STATS].get(
            key, lambda: self._make_stats(release, language)
        )
        return made

    def text(self, release: Release, language: Language) -> ReleaseText:
        """What pages show of the version in ``language`` outside its body."""
        return self.listed(release, language)[0]

    def listed(self, release: Release, language: Language) -> tuple[ReleaseText, str]:
        """:meth:`text`, and the key it is kept under: what the texts are made from (the
        release's file and catalog, the language, its tags' names, the configuration)."""
        make = lambda: self._make_text(release, language)  # noqa: E731
        key = self._text_key(release, self.inputs_key(release, language), language)
        made: ReleaseText = self.stores[TEXTS].get(key, make)
        return made, key

    def read_catalogs(self, releases: list[Release]) -> None:
        """Read the catalogs of ``releases`` one after the other, for :meth:`missing` and the
        pages of each release to find read: many read in turn are read faster than each
        between other work, whose code and data would take the processor's caches."""
        for release in releases:
            for language in self.config.targets:
                # A catalog that cannot be read fails again where it is needed, and is
                # reported there as before.
                with contextlib.suppress(Exception):
                    self.inputs_key(release, language)  # the file is hashed, kept to parse
                    self.catalogs.table(language, release.slug)

    def missing(self, release: Release) -> list[tuple[str, str, Any]]:
        """Make what the cache lacks of ``release``'s versions, as (store, key, value) entries
        for :meth:`store` (in a worker process, which cannot write the command's cache).

        When something is made, the translations of each version and the layout of the body
        come too, for the pages the command then renders (in worker processes it forks, which
        inherit them instead of reading the catalogs and parsing the body again).
        """
        source = self.config.source
        release = self.full(release)
        stats_keys = {
            language: self.inputs_key(release, language) for language in self.config.languages
        }
        text_keys = {
            language: self._text_key(release, stats_keys[language], language)
            for language in stats_keys
        }
        lacking = {
            (TEXTS, key) for key in text_keys.values() if self.stores[TEXTS].peek(key) is None
        } | {
            (STATS, stats_keys[language]) for language in self.config.targets
            if self.stores[STATS].peek(stats_keys[language]) is None
        }  # fmt: skip
        # The input files hashed for the keys go back too, hashed once.
        hashed = [
            (DIGESTS, name, (self.inputs[name], found)) for name, found in self.hashed.items()
        ]
        self.hashed.clear()
        if not lacking:
            return hashed
        made: list[tuple[str, str, Any]] = [
            *hashed,
            (LAYOUT, release.slug, body_layout(release.body)),
        ]
        for language in self.config.languages:
            if language != source:
                # Read once, here: what the build needs of the catalog goes back with the rest.
                translations = self.catalogs.translations(language, release.slug)
                made.append((TRANSLATIONS, f"{language.code}:{release.slug}", translations))
                if (STATS, stats_keys[language]) in lacking:
                    stats = self._make_stats(release, language)
                    made.append((STATS, stats_keys[language], stats))
            if (TEXTS, text_keys[language]) in lacking:
                made.append((TEXTS, text_keys[language], self._make_text(release, language)))
        self.catalogs.forget(release.slug)
        return made

    def remember_hashed(self) -> None:
        """Have the cache remember the input files hashed here or in workers (see
        :meth:`store`), so that the next command does not read them again."""
        remember(self.config.root, self.hashed)
        self.hashed.clear()

    def forget(self, release: Release) -> None:
        """Let go of the catalogs read for ``release``, and of the translations and layout
        :meth:`store` kept of it."""
        self.catalogs.forget(release.slug)
        for language in self.config.targets:
            self.catalogs.known.pop((language.code, release.slug), None)
        self.layouts.pop(release.slug, None)

    def store(self, entries: list[tuple[str, str, Any]]) -> None:
        """Keep entries that :meth:`missing` made."""
        for store, key, value in entries:
            if store == TRANSLATIONS:
                code, _, slug = key.partition(":")
                self.catalogs.known[code, slug] = value
            elif store == LAYOUT:
                self.layouts[key] = value
            elif store == DIGESTS:
                self.inputs[key], self.hashed[key] = value
            else:
                self.stores[store].put(key, value)


class _Lazy(Mapping[str, str]):
    """A mapping made only when first read (a catalog's translations, read only if needed)."""

    def __init__(self, make: Callable[[], dict[str, str]]):
        self.make = make
        self.data: dict[str, str] | None = None

    def _get(self) -> dict[str, str]:
        if self.data is None:
            self.data = self.make()
        return self.data

    def __getitem__(self, key: str) -> str:
        return self._get()[key]

    def __contains__(self, key: object) -> bool:  # without raising KeyError for a miss
        return key in self._get()

    def get(self, key: str, default: Any = None) -> Any:
        return self._get().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())
