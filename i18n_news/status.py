"""How much of each catalog is translated, in messages and in source words."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .catalog import Catalog
from .catalogs import SITE, catalog_path, display_path, read_catalog, release_domain, template_path
from .config import Config
from .content import load_releases


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


def catalog_stats(catalog: Catalog, domain: str, language: str, path: str) -> CatalogStats:
    """Count the live messages of a catalog by state."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for message in catalog:
        if message.translated:
            state = "translated"
        elif message.fuzzy and message.has_translation:
            state = "fuzzy"
        else:
            state = "untranslated"
        counts[state][0] += 1
        counts[state][1] += message.source_words
    return CatalogStats(
        domain,
        language,
        path,
        translated=counts["translated"][0],
        fuzzy=counts["fuzzy"][0],
        untranslated=counts["untranslated"][0],
        translated_words=counts["translated"][1],
        fuzzy_words=counts["fuzzy"][1],
        untranslated_words=counts["untranslated"][1],
    )


def newsroom_status(config: Config) -> list[CatalogStats]:
    """Statistics of every release (newest first) and of the site catalog, per target language."""
    domains = [release_domain(r.slug) for r in load_releases(config)] + [SITE]
    result: list[CatalogStats] = []
    for domain in domains:
        for language in config.targets:
            path = catalog_path(config, language, domain)
            loaded = read_catalog(config, path)
            shown = display_path(config, path)
            if loaded is not None:
                result.append(catalog_stats(loaded.catalog, domain, language.code, shown))
                continue
            # No catalog yet: everything in the template (if any) is untranslated.
            template = read_catalog(config, template_path(config, domain))
            empty = catalog_stats(
                template.catalog if template else Catalog(), domain, language.code, shown
            )
            result.append(replace(empty, missing=True))
    return result


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
