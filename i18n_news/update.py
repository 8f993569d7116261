"""Bring every language's catalogs up to date with the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import (
    SITE,
    catalog_path,
    display_path,
    new_catalog,
    read_catalog,
    release_domain,
    save_catalog,
    template_path,
)
from .config import Config, Language
from .content import load_releases
from .errors import CatalogError
from .memory import MemoryStats, fill_from_memory, load_memory
from .merge import MergeStats, merge_catalog


@dataclass
class CatalogUpdate:
    """What ``update`` did to one catalog."""

    path: Path
    language: str
    created: bool
    written: bool
    stats: MergeStats
    memory: MemoryStats = field(default_factory=MemoryStats)


@dataclass
class UpdateReport:
    catalogs: list[CatalogUpdate] = field(default_factory=list)
    #: Catalogs whose release no longer exists: kept, never deleted.
    orphans: list[Path] = field(default_factory=list)


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
    config: Config, languages: list[Language] | None = None, purge_obsolete: bool = False
) -> UpdateReport:
    """Create or merge ``locales/<lang>/LC_MESSAGES/*.po`` for each target language.

    Messages still untranslated after the merge are filled from the translation memory.
    Obsolete entries are kept unless ``purge_obsolete``.
    """
    report = UpdateReport()
    domains = template_domains(config)
    templates = {}
    for domain in domains:
        loaded_template = read_catalog(config, template_path(config, domain))
        assert loaded_template is not None
        templates[domain] = loaded_template.catalog
    newest_first = [release.slug for release in load_releases(config)]
    for language in languages or config.targets:
        memory = load_memory(config, language, newest_first)
        for domain in domains:
            path = catalog_path(config, language, domain)
            loaded = read_catalog(config, path)
            if loaded is None:
                catalog = new_catalog(templates[domain], language)
                stats = MergeStats(added=len(catalog))
            else:
                catalog, stats = merge_catalog(templates[domain], loaded.catalog)
            if purge_obsolete:
                catalog.messages = [m for m in catalog.messages if not m.obsolete]
            filled = MemoryStats()
            if domain != SITE:
                catalog, filled = fill_from_memory(
                    catalog, memory, domain, config.memory.exact_as_fuzzy
                )
            written = save_catalog(config, catalog, loaded, path)
            report.catalogs.append(
                CatalogUpdate(path, language.code, loaded is None, written, stats, filled)
            )
    known = {catalog_path(config, lang, d) for lang in config.targets for d in domains}
    for language in languages or config.targets:
        folder = catalog_path(config, language, release_domain("x")).parent
        if folder.is_dir():
            report.orphans += [p for p in sorted(folder.rglob("*.po")) if p not in known]
    return report
