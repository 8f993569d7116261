"""Bring every language's catalogs up to date with the templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .atomic import remove_leftovers
from .cache import cache_for, digest
from .catalog import Catalog
from .catalogs import (
    LoadedCatalog,
    continued_header_comments,
    new_catalog,
    read_catalog,
    save_catalog,
)
from .config import Config, Language
from .digests import EMPTY, file_digests
from .errors import CatalogError, NewsroomError
from .layout import (
    SITE,
    catalog_name,
    catalog_path,
    display_path,
    file_names_under,
    release_catalogs_folder,
    release_domain,
    template_name,
    template_path,
)
from .memory import (
    Memory,
    MemoryStats,
    check_compendium,
    fill_from_memory,
    fill_from_theme,
    load_memory,
    names_locale,
    offers_any,
    offers_refill,
    outdated,
    wanted,
)
from .merge import MergeStats, continued_catalog, keeps_all, merge_catalog
from .outline import load_outlines
from .theme import theme_translations
from .workers import run_on_workers


@dataclass
class CatalogUpdate:
    """What ``update`` did to one catalog."""

    #: The catalog's path, as a string (most are left as they were, and never shown).
    name: str
    language: str
    created: bool
    written: bool
    stats: MergeStats
    memory: MemoryStats = field(default_factory=MemoryStats)
    #: The catalog of a release gone that a created one continues (the release renamed).
    continued: str | None = None
    #: Whether that catalog was removed, all of it being in the created one (a rename).
    continued_removed: bool = False

    @property
    def path(self) -> Path:
        return Path(self.name)


@dataclass
class UpdateReport:
    catalogs: list[CatalogUpdate] = field(default_factory=list)
    #: Catalogs whose release no longer exists: kept, unless a created catalog (the release
    #: renamed) continued all of it (see :attr:`CatalogUpdate.continued_removed`).
    orphans: list[Path] = field(default_factory=list)
    #: Folders of ``locales/`` with catalogs of a language the newsroom no longer has
    #: (removed from the configuration, or renamed): kept as they are.
    former_languages: list[Path] = field(default_factory=list)


def _memory_key(
    catalogs: dict[str, str], compendia: list[bytes], former: dict[str, str], config: Config
) -> str:
    """A digest of what the translation memory of a language is made from: the releases'
    catalogs, the compendia and the catalogs no release uses any more (``former``)."""
    releases = sorted(item for item in catalogs.items() if item[0] != SITE)
    made_of = (releases, [digest(raw) for raw in compendia], sorted(former.items()), config.memory)
    return digest(repr(made_of).encode())


def former_catalogs(config: Config, language: Language, domains: list[str]) -> list[str]:
    """The release catalogs of ``language`` that no release has any more (their template is
    gone: the release was renamed or removed), by path."""
    known = {catalog_name(config, language, domain) for domain in domains}
    names = file_names_under(release_catalogs_folder(config, language), ".po")
    return [name for name in names if name not in known]


def _state_key(
    template: str, catalog: str, language: Language, memory: str, domain: str, purge: bool
) -> str:
    """What decides an update of one catalog: the memory for release catalogs, the default
    theme's own translations for the site catalog."""
    if domain == SITE:
        theme = theme_translations(language)
        memory = digest(theme[1]) if theme is not None else ""
    return ":".join([template, catalog, language.code, language.locale, memory, str(purge)])


def _wanted_key(template: str, catalog: str, language: Language, domain: str, purge: bool) -> str:
    """Where what the memory may give one catalog is kept (after an update)."""
    return "wanted:" + _state_key(template, catalog, language, "", domain, purge)


def _read(path: Path) -> bytes:
    """A file's bytes; empty if it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def _digests(config: Config, language: Language, domains: list[str]) -> dict[str, str]:
    """The digest of each domain's catalog in ``language`` ("" where there is none yet)."""
    names = {domain: catalog_name(config, language, domain) for domain in domains}
    found = file_digests(config.root, names.values(), missing_ok=True)
    return {
        domain: "" if (content := found[name]) == EMPTY else content
        for domain, name in names.items()
    }


def template_domains(config: Config) -> list[str]:
    """The domains that have a template: ``site`` and ``releases/<slug>``."""
    folder = config.locales_dir / "templates"
    if not template_path(config, SITE).is_file():
        raise CatalogError(
            "no templates yet: run 'i18n-news extract' first", display_path(config, folder)
        )
    releases = sorted((folder / "releases").glob("*.pot")) if (folder / "releases").is_dir() else []
    return [SITE, *(release_domain(p.stem) for p in releases)]


def update_newsroom(
    config: Config,
    languages: list[Language] | None = None,
    purge_obsolete: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    fill_fuzzy: bool = False,
) -> UpdateReport:
    """Create or merge ``locales/<lang>/LC_MESSAGES/*.po`` for each target language.

    Messages still untranslated after the merge are filled from the translation memory.
    Obsolete entries are kept unless ``purge_obsolete``. With ``fill_fuzzy``, fuzzy messages
    whose very text the memory has translated get that translation too, in every catalog
    (their own, made from an older text, is replaced). When many catalogs of a language
    need merging (a fresh checkout, a new language), they are merged on ``workers``
    processes. ``progress`` is told how many catalogs of how many are done. An error (or an
    interruption) that stops the update midway says how many catalogs it wrote before.
    """
    started: dict[str, dict[str, str]] = {}
    try:
        return _update(config, languages, purge_obsolete, progress, workers, fill_fuzzy, started)
    except (NewsroomError, KeyboardInterrupt) as error:
        written = 0
        for language in config.languages:
            if language.code in started:
                now = _digests(config, language, list(started[language.code]))
                written += sum(now[domain] != old for domain, old in started[language.code].items())
        if written:
            error.add_note(
                f"{written} catalog(s) were written before it, each whole: run 'i18n-news "
                "update' again once it is put right"
            )
        raise


def _update(
    config: Config,
    languages: list[Language] | None,
    purge_obsolete: bool,
    progress: Callable[[int, int], None] | None,
    workers: int,
    fill_fuzzy: bool,
    started: dict[str, dict[str, str]],
) -> UpdateReport:
    """:func:`update_newsroom`, keeping in ``started`` the digests of each language's
    catalogs when its turn comes."""
    for name in config.memory.compendia:  # a compendium refused before any catalog is written
        check_compendium(config, name)
    report = UpdateReport()
    remove_leftovers(config.locales_dir)  # what an update killed midway left
    domains = template_domains(config)
    done = cache_for(config.root).store("update")
    template_names = {d: template_name(config, d) for d in domains}
    templates_found = file_digests(config.root, template_names.values())
    template_digests = {d: templates_found[name] for d, name in template_names.items()}
    memories: dict[str, Memory] = {}
    newest_first: list[str] = []
    former = {
        language.code: former_catalogs(config, language, domains) for language in config.targets
    }

    def releases() -> list[str]:
        """The slugs of the releases, newest first, read the first time they are needed."""
        if not newest_first:
            # The releases' order (their front matter: the bodies are not parsed when
            # their templates are current), a fresh checkout's read on every core.
            outlines, _ = load_outlines(config, workers)
            newest_first.extend(outline.release.slug for outline in outlines)
        return newest_first

    def memory_of(language: Language) -> Memory:
        """The translation memory of ``language``, loaded the first time it is needed."""
        if language.code not in memories:
            slugs = [Path(name).stem for name in former[language.code]]
            memories[language.code] = load_memory(config, language, releases(), slugs)
        return memories[language.code]

    # The source language has a site catalog when the interface strings are not written in
    # it (see ``Config.interface_languages``), and no release catalogs.
    updated = languages or list(config.interface_languages)

    def domains_of(language: Language) -> list[str]:
        return domains if language in config.targets else [SITE]

    total = sum(len(domains_of(language)) for language in updated)

    merge = _Merge(config, purge_obsolete, memory_of, fill_fuzzy, former, releases)
    for language in updated:
        own = domains_of(language)
        current = started[language.code] = _digests(config, language, own)
        # The memory is made of the language's release catalogs and the compendia: while none
        # of them changed, an update that changed nothing before changes nothing now.
        compendia = [_read(config.root / path) for path in config.memory.compendia]
        gone = file_digests(config.root, former.get(language.code, []))
        memory_key = _memory_key(current, compendia, gone, config)
        updates: dict[str, CatalogUpdate] = {}
        todo: list[str] = []
        if progress:
            progress(len(report.catalogs), total)
        keys = {
            domain: _state_key(template_digests[domain], current[domain], language, memory_key,
                               domain, purge_obsolete)
            for domain in own
        }  # fmt: skip
        # A catalog that an update left as it was, with the same template, changes only if
        # the memory now offers one of the texts it left untranslated (or, to fuzzy
        # messages, a translation of their very text: said, or given with --fill-fuzzy).
        recheck: dict[str, Waiting] = {}
        for domain in own:
            waiting = done.peek(_wanted_key(template_digests[domain], current[domain], language,
                                            domain, purge_obsolete))  # fmt: skip
            if current[domain] and waiting is not None and _left(done.peek(keys[domain])) is None:
                recheck[domain] = waiting
        exact_as_fuzzy = config.memory.exact_as_fuzzy
        for domain, offered in _offered(
            memory_of, language, recheck, workers, exact_as_fuzzy
        ).items():
            if not offered:
                done.put(keys[domain], 0)  # (nothing to refill either)
        for domain in own:
            # What lets a catalog be skipped keeps how many of its fuzzy messages the memory
            # could refill, so that the hint says the same with or without the cache.
            left = _left(done.peek(keys[domain]))
            if current[domain] and left is not None and not fill_fuzzy:
                name = catalog_name(config, language, domain)
                memory = MemoryStats(refillable=left)
                updates[domain] = CatalogUpdate(
                    name, language.code, False, False, MergeStats(), memory
                )
            else:
                todo.append(domain)
        skipped = len(report.catalogs) + len(updates)

        def merged(count: int, skipped: int = skipped) -> None:
            if progress:
                progress(skipped + count, total)

        #: What the memory may fill in each catalog as it is after this update.
        wanted_after: dict[str, Waiting] = {}
        for domain, (update, waiting) in merge.all(language, todo, workers, merged).items():
            updates[domain] = update
            if waiting is not None:
                wanted_after[domain] = waiting
            if not update.written:
                done.put(_state_key(template_digests[domain], current[domain], language,
                                    memory_key, domain, purge_obsolete),
                         update.memory.refillable)  # fmt: skip
        report.catalogs += [updates[domain] for domain in own]
        # What update writes never adds a translation the memory did not have (fills copy
        # it, fuzzy matches are not in it), so running again would change nothing: say so.
        after = dict(current)
        for domain, item in zip(own, report.catalogs[-len(own) :], strict=True):
            if item.written:
                after[domain] = digest(item.path.read_bytes())
        for domain, waiting in wanted_after.items():
            done.put(_wanted_key(template_digests[domain], after[domain], language, domain,
                                 purge_obsolete), waiting)  # fmt: skip
        # A catalog continued whole by a renamed release's is gone, and so is its part of
        # the memory (all of it is in the new one).
        removed = {item.continued for item in updates.values() if item.continued_removed}
        if removed:
            gone = {name: content for name, content in gone.items() if name not in removed}
            former[language.code] = [n for n in former[language.code] if n not in removed]
        if after != current:
            after_key = _memory_key(after, compendia, gone, config)
            for domain, item in zip(own, report.catalogs[-len(own) :], strict=True):
                done.put(_state_key(template_digests[domain], after[domain], language, after_key,
                                    domain, purge_obsolete), item.memory.refillable)  # fmt: skip
    if progress:
        progress(total, total)
    for language in updated:
        report.orphans += [Path(name) for name in former.get(language.code, [])]
    report.former_languages = former_language_folders(config)
    return report


def former_language_folders(config: Config) -> list[Path]:
    """The folders of ``locales/`` holding catalogs (``LC_MESSAGES/``) of no language of the
    newsroom's: a language removed from the configuration, or renamed."""
    known = {language.code for language in config.languages}
    try:
        folders = sorted(config.locales_dir.iterdir())
    except FileNotFoundError:
        return []
    return [
        folder for folder in folders
        if folder.name not in known and (folder / "LC_MESSAGES").is_dir()
    ]  # fmt: skip


def _left(done: object) -> int | None:
    """How many fuzzy messages the memory could refill in a catalog an update left as it is
    (kept where the update is remembered), or ``None`` if the update is not remembered."""
    return done if type(done) is int else None


def _refill_made_fuzzy(
    catalog: Catalog, stats: MergeStats, memory: Memory, domain: str, exact_as_fuzzy: bool
) -> tuple[Catalog, MergeStats, MemoryStats]:
    """Give the messages the merge has just made fuzzy (``stats.made_fuzzy``) the memory's
    translation of their very text, if it has one, as ``msgmerge -C`` prefers an exact match
    in a compendium to a fuzzy one: their fuzzy translation, of another text, was nobody's
    work in progress. A message that was fuzzy before is left to ``--fill-fuzzy``."""
    made = set(stats.made_fuzzy)
    chosen = [m for m in catalog.messages if m.key in made and not m.obsolete]
    refilled, filled = fill_from_memory(
        replace(catalog, messages=chosen), memory, domain, exact_as_fuzzy, fuzzy_too=True
    )
    if not filled.exact:
        return catalog, stats, MemoryStats()
    pairs = zip(refilled.messages, chosen, strict=True)
    given = {new.key: new for new, old in pairs if new is not old}
    messages = [m if m.obsolete else given.get(m.key, m) for m in catalog.messages]
    stats = replace(
        stats,
        fuzzy_matched=stats.fuzzy_matched - len(given),
        made_fuzzy=tuple(key for key in stats.made_fuzzy if key not in given),
    )
    return replace(catalog, messages=messages), stats, filled


#: Below this many catalogs of a language to merge, starting workers costs more than it saves.
PARALLEL_MIN_CATALOGS = 24


#: What the memory may give a catalog an update left as it was: the texts it left
#: untranslated, and the text and translation of its fuzzy messages (see
#: :func:`i18n_news.memory.outdated`).
Waiting = tuple[list[str], list[tuple[str, str]]]


def _offered(
    memory_of: Callable[[Language], Memory],
    language: Language,
    waiting: dict[str, Waiting],
    workers: int,
    exact_as_fuzzy: bool,
) -> dict[str, bool]:
    """Whether the memory of ``language`` now offers a translation of any of the texts each
    catalog left untranslated, or of the very text of one of its fuzzy messages (``waiting``,
    by domain), looked up on ``workers`` processes when there are many catalogs (which share
    the memory, made before they start)."""
    domains = [domain for domain, (texts, fuzzy) in waiting.items() if texts or fuzzy]
    found = dict.fromkeys(waiting, False)
    if domains:
        memory = memory_of(language)

        def offers(domain: str) -> bool:
            texts, fuzzy = waiting[domain]
            return offers_any(memory, texts, domain) or offers_refill(
                memory, fuzzy, domain, exact_as_fuzzy
            )

        looked_up = run_on_workers(
            offers, domains, workers, PARALLEL_MIN_CATALOGS, before=memory.prepare
        )
        found.update(zip(domains, looked_up, strict=True))
    return found


#: What merging one catalog gave: its update, and what the memory may still give it
#: (``None`` for the site catalog, which the memory does not fill).
Merged = tuple[CatalogUpdate, Waiting | None]


class _Merge:
    """Merging each catalog of a language with its template and filling it from the memory,
    in this process or, when there are many, on workers forked from it (which share the
    memory, and each write the catalogs they merged)."""

    def __init__(
        self,
        config: Config,
        purge: bool,
        memory_of: Callable[[Language], Memory],
        fill_fuzzy: bool = False,
        former: dict[str, list[str]] | None = None,
        releases: Callable[[], list[str]] = list,
    ) -> None:
        self.config, self.purge, self.memory_of = config, purge, memory_of
        self.fill_fuzzy = fill_fuzzy
        #: The slugs of the newsroom's releases.
        self.releases = releases
        self.templates: dict[str, Catalog] = {}
        #: The catalogs of each language whose release is gone, by path (read when a release
        #: new to the language may continue one of them).
        self.former = former or {}
        self.former_read: dict[str, list[LoadedCatalog]] = {}

    def all(
        self, language: Language, domains: list[str], workers: int, done: Callable[[int], None]
    ) -> dict[str, Merged]:
        """Merge the catalogs of ``domains``; ``done`` is told how many are merged.

        A catalog a worker fails to merge is merged again here, in order, which reports its
        error as one process would (the catalogs merged by then are written, each whole).
        """

        def share_memory() -> None:
            if any(domain != SITE for domain in domains):
                self.memory_of(language).prepare()  # built once, shared by the workers

        merge = partial(self.one, language)
        merged = run_on_workers(
            merge, domains, workers, PARALLEL_MIN_CATALOGS, done, before=share_memory
        )
        return dict(zip(domains, merged, strict=True))

    def one(self, language: Language, domain: str) -> Merged:
        """Merge one catalog and write it if it changed."""
        config = self.config
        path = catalog_path(config, language, domain)
        if domain not in self.templates:
            loaded_template = read_catalog(config, template_path(config, domain))
            assert loaded_template is not None
            self.templates[domain] = loaded_template.catalog
        template = self.templates[domain]
        loaded = read_catalog(config, path)
        continued = None
        if loaded is None and domain != SITE:
            continued = self._continued(language, template)
        if continued is not None:  # a release renamed: its catalog, merged, keeps all of it
            catalog, stats = merge_catalog(template, continued.catalog)
            named = new_catalog(template, language).header_comments
            catalog.header_comments = continued_header_comments(named, catalog.header_comments)
            project = template.header_value("Project-Id-Version")
            if project is not None:  # (the merge made the header a copy)
                catalog.set_header("Project-Id-Version", project)  # the release's name now
        elif loaded is None:
            catalog = new_catalog(template, language)
            stats = MergeStats(added=len(catalog))
        else:  # (an empty file, one without its header, is refused as it is read)
            catalog, stats = merge_catalog(template, loaded.catalog)
        if not names_locale(catalog.header_value("Language"), language):
            # The language's locale changed in the configuration ("fr_CA" to "fr_FR"): its
            # catalogs say so, as new ones do.
            catalog.set_header("Language", language.locale)
        if self.purge:
            live = [m for m in catalog.messages if not m.obsolete]
            stats = replace(stats, purged=len(catalog.messages) - len(live))
            catalog.messages = live
        filled = MemoryStats()
        waiting: Waiting | None = None
        theme = theme_translations(language) if domain == SITE else None
        if theme is not None:
            catalog, filled = fill_from_theme(catalog, theme[0], config.memory.exact_as_fuzzy)
        if domain != SITE:
            memory = self.memory_of(language)
            refilled = MemoryStats()
            if stats.made_fuzzy and not self.fill_fuzzy:
                catalog, stats, refilled = _refill_made_fuzzy(
                    catalog, stats, memory, domain, config.memory.exact_as_fuzzy
                )
            catalog, filled = fill_from_memory(
                catalog, memory, domain, config.memory.exact_as_fuzzy, fuzzy_too=self.fill_fuzzy
            )
            filled = replace(
                filled, exact=filled.exact + refilled.exact, words=filled.words + refilled.words
            )
            waiting = (wanted(catalog), outdated(catalog))
        written = save_catalog(config, catalog, loaded, path)
        update = CatalogUpdate(str(path), language.code, loaded is None, written, stats, filled)
        if continued is not None:
            update.continued = str(continued.path)
            update.continued_removed = self._renamed(continued, catalog)
        return update, waiting

    def _renamed(self, former: LoadedCatalog, catalog: Catalog) -> bool:
        """Remove ``former``, the catalog of a release gone that ``catalog`` (written) has
        just continued, if all a translator did in it is there (a rename, as ``git mv``: so
        that renaming the release back continues the newer catalog, not the stale one);
        whether it was removed. It stays if it holds more (a purged obsolete entry, a
        comment on a text gone), if it changed since it was read, or if a release still has
        its name (whose template is missing: no rename then)."""
        slug = former.path.stem
        if slug in self.releases() or not keeps_all(former.catalog, catalog):
            return False
        try:
            if former.path.read_bytes() != former.raw:
                return False  # a translator saving it at that moment
            former.path.unlink()
        except FileNotFoundError:
            return False  # (continued by another release as well, and removed)
        return True

    def _continued(self, language: Language, template: Catalog) -> LoadedCatalog | None:
        """The catalog of a release gone that the release of ``template``, new to
        ``language``, continues (see :func:`continued_catalog`), if any."""
        names = self.former.get(language.code)
        if not names:
            return None
        if language.code not in self.former_read:
            read = (read_catalog(self.config, Path(name)) for name in names)
            self.former_read[language.code] = [loaded for loaded in read if loaded is not None]
        former = self.former_read[language.code]
        found = continued_catalog(template, [loaded.catalog for loaded in former])
        return former[found] if found is not None else None
