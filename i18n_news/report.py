"""The editors' status report: every release in every language, and whether it ships.

Built once from the newsroom's files, then printed as a table, as JSON (``status --json``,
schema :data:`SCHEMA`) or as the HTML dashboard.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from .cache import cache_for
from .catalog import Catalog, CatalogSummary
from .catalogs import read_catalog
from .config import Config
from .content import check_tag_pages
from .digests import EMPTY, Remembered, file_digests, read_hashed, remember
from .layout import (
    SITE,
    catalog_name,
    catalog_path,
    display_name,
    display_path,
    release_catalog_names,
    release_domain,
    source_name,
    template_path,
)
from .model import Release
from .outline import Outline, load_outlines
from .pofile import parse_catalog_summary
from .policy import Decision, Measure, decide, parse_policy, share_translated, shown_percent
from .prefetch import Wanted, make_missing
from .publication import check_buildable, out_later
from .status import CatalogStats, release_stats, site_stats, totals

SCHEMA = "i18n-news/status/1"


@dataclass(frozen=True)
class VersionStatus:
    """One release (or the site) in one target language."""

    stats: CatalogStats
    #: The policy's decision; ``None`` for the site catalog.
    decision: Decision | None = None
    #: The catalog does not hold exactly the release's current messages (run extract, update).
    stale: bool = False
    #: When a translator last saved the catalog (its PO-Revision-Date header).
    revised: str = ""

    @property
    def language(self) -> str:
        return self.stats.language


@dataclass(frozen=True)
class ReleaseStatus:
    #: The release: its body's blocks are not parsed when its template lists its texts
    #: (see :mod:`i18n_news.outline`).
    release: Release
    #: "published", "draft" or "embargoed".
    state: str
    versions: tuple[VersionStatus, ...]
    #: When an embargoed release comes out: its embargo, or with none its date (a status at
    #: an earlier ``now``: the newsroom as it was then).
    until: datetime | None = None


@dataclass
class NewsroomStatus:
    config: Config
    releases: list[ReleaseStatus] = field(default_factory=list)
    site: list[VersionStatus] = field(default_factory=list)

    def rows(self) -> list[VersionStatus]:
        """Every release version, then the site catalogs."""
        return [v for r in self.releases for v in r.versions] + self.site


def _revised(catalog: Catalog | CatalogSummary | None) -> str:
    value = catalog.header_value("PO-Revision-Date") if catalog else None
    return "" if not value or value.startswith("YEAR") else value


#: What ``status`` keeps of one release version: its statistics, whether its catalog is out
#: of date, when a translator last saved it.
Counted = tuple[CatalogStats, bool, str]


def _count(config: Config, outline: Outline, language: str, name: str) -> Counted:
    """What ``status`` keeps of one release version (see :data:`Counted`), whose catalog is
    the file ``name``.

    The counts are cached, not the parsed catalog (writing thousands of small files costs a
    first ``status`` more than parsing the catalogs would cost the commands after it).
    """
    shown = display_name(config, name)
    try:
        raw = Path(name).read_bytes()
    except FileNotFoundError:
        return release_stats(outline.release.slug, outline.texts, None, language, shown), False, ""
    return _counted(outline, language, shown, parse_catalog_summary(raw, shown))


def _counted(outline: Outline, language: str, shown: str, summary: CatalogSummary) -> Counted:
    """What ``status`` keeps of a version whose catalog (the file ``shown``) has ``summary``."""
    stats = release_stats(outline.release.slug, outline.texts, summary.table, language, shown)
    return stats, summary.msgids != outline.texts, _revised(summary)


#: What stands for the content of a catalog that is not there.
MISSING = "missing"


def _count_key(release: Release, source: str, content: str, language: str) -> str:
    """Under what a version's counts are kept: the content of its release and catalog, and
    the release's file (a renamed file's slug, which the counts name, is another)."""
    return f"{source}:{content}:{language}:{content != EMPTY}:{release.path}"


#: What a first ``status`` counts of a release's catalogs where it reads the release: the
#: counts by key, the digests of the catalogs it read as :func:`file_digests` keeps them,
#: and the digests of the files it read (the release's and its catalogs'), by name.
Derived = tuple[list[tuple[str, Counted]], dict[str, Remembered | None], dict[str, str]]


#: A catalog as a first ``status`` read it: its path as messages show it, its digest, what
#: the digests store may remember of it, and its summary (``None`` when it is empty or
#: cannot be read).
_Read = tuple[str, str, Remembered | None, CatalogSummary | None]


class _FirstCount:
    """What a first ``status`` counts of the catalogs of a release it reads for the first
    time (a fresh checkout: on worker processes).

    The catalogs are read before the release's template, whose msgids they most often have:
    offered as :data:`i18n_news.outline.Candidates`, those read from a catalog spare reading
    the template's. Then they are counted, once the release's texts are known. A catalog that
    cannot be read or counted is left for the command to count, and to report.
    """

    def __init__(self, config: Config):
        self.config = config
        #: The slug of the release whose catalogs were read last, and those, by path.
        self.slug: str | None = None
        self.read: dict[str, _Read] = {}

    def _names(self, slug: str) -> list[tuple[str, str]]:
        domain = release_domain(slug)
        return [
            (language.code, catalog_name(self.config, language, domain))
            for language in self.config.targets
        ]

    def msgids(self, head: Release) -> list[frozenset[str]]:
        """The msgids of the catalogs of ``head``, each read and kept for counting."""
        self.slug, self.read = head.slug, {}
        for _, name in self._names(head.slug):
            try:
                raw, content, remembered = read_hashed(name)
            except OSError:
                continue
            shown, summary = display_name(self.config, name), None
            if content != EMPTY:
                with contextlib.suppress(Exception):
                    summary = parse_catalog_summary(raw, shown)
            self.read[name] = (shown, content, remembered, summary)
        return [summary.msgids for *_, summary in self.read.values() if summary is not None]

    def __call__(self, outline: Outline, source: str) -> Derived:
        """Count the catalogs of ``outline``'s release, whose file has the digest ``source``."""
        counted: list[tuple[str, Counted]] = []
        hashed: dict[str, Remembered | None] = {}
        files = {source_name(str(self.config.root), outline.release.path): source}
        if self.slug != outline.release.slug:  # read without offering its catalogs' msgids
            self.msgids(outline.release)
        for language, name in self._names(outline.release.slug):
            found = self.read.get(name)
            if found is None:
                continue
            shown, content, remembered, summary = found
            hashed[name] = remembered
            files[name] = content
            if summary is not None:
                made = _counted(outline, language, shown, summary)
                counted.append((_count_key(outline.release, source, content, language), made))
        self.slug, self.read = None, {}
        return counted, hashed, files


def collect_status(
    config: Config,
    now: datetime,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> NewsroomStatus:
    """Read every release and catalog and say where each language version stands at ``now``.

    A release's texts are read from its template when it is current (see
    :mod:`i18n_news.outline`). Counts are cached by the content of the release and the
    catalog; when many releases or catalogs changed (a fresh checkout, after an ``update`` or
    a pull), they are read on ``workers`` processes first (``progress`` is told how many of
    the releases to read, then to count, are done).
    """
    report = NewsroomStatus(config)
    counts = cache_for(config.root).store("status")
    outlines = []
    wanted: dict[str, list[Wanted]] = {}
    # A fresh checkout's releases, read on every core, with their catalogs counted there.
    first = _FirstCount(config)
    site: list[VersionStatus] | None = None

    def read_site() -> None:
        nonlocal site
        with contextlib.suppress(Exception):
            site = _site_versions(config)

    read, derived = load_outlines(config, workers, progress, first, first.msgids, read_site)
    # The files read there are counted as they were read (not hashed again here).
    known: dict[str, str] = {}
    made: dict[str, Counted] = {}
    hashed: dict[str, Remembered | None] = {}
    for counted, hashed_there, digests_read in derived:
        for key, value in counted:
            counts.put(key, value)
            made[key] = value
        hashed.update(hashed_there)
        known.update(digests_read)
    remember(config.root, hashed)
    # Files named by strings: thousands of path objects took longer than reading the digests.
    slugs = [outline.release.slug for outline in read]
    names = {
        (slug, language.code): name
        for language in config.targets
        for slug, name in zip(slugs, release_catalog_names(config, language, slugs), strict=True)
    }
    root = str(config.root)
    sources = [source_name(root, outline.release.path) for outline in read]
    unknown = [name for name in [*sources, *names.values()] if name not in known]
    digests = {**known, **file_digests(config.root, unknown, missing_ok=True)}
    for outline, source_file in zip(read, sources, strict=True):
        release = outline.release
        source = digests[source_file]
        versions = []
        for language in config.targets:
            name = names[release.slug, language.code]
            content = digests[name]
            if content == EMPTY and not os.path.exists(name):
                content = MISSING  # not counted as an empty file is (which is refused)
            key = _count_key(release, source, content, language.code)
            if content != EMPTY and key not in made:
                make = partial(_count, config, outline, language.code, name)
                wanted.setdefault(release.slug, []).append((key, make))
            versions.append((language, name, key))
        outlines.append((outline, versions))
    # Many catalogs changed (after an update or a pull): counted on every core.
    make_missing(config, workers, counts, wanted, progress)
    # What a build would refuse of the releases themselves (drafts aside), refused here too.
    check_tag_pages(outline.release for outline, _ in outlines if not outline.release.draft)
    for outline, versions in outlines:
        release = outline.release
        check_buildable(config, release, now)
        until = None if release.draft else out_later(release, now)
        if release.draft:
            state = "draft"
        elif until is not None:
            state = "embargoed"
        else:
            state = "published"
        policy = parse_policy(release.policy, config.policy, "policy")
        statuses = []
        for language, name, key in versions:
            # Counted once per content of the release and the catalog, then cached.
            # (Those just counted on the helpers are at hand.)
            found = made.get(key)
            if found is None:
                found = counts.get(key, partial(_count, config, outline, language.code, name))
            stats, stale, revised = found
            statuses.append(VersionStatus(stats, decide(stats, policy), stale, revised))
        report.releases.append(ReleaseStatus(release, state, tuple(statuses), until))
    # Read while the helpers worked; read here again if that failed, which reports it here.
    report.site = site if site is not None else _site_versions(config)
    return report


def _site_versions(config: Config) -> list[VersionStatus]:
    """Where the interface strings' catalogs stand: the source language's too, unless the
    strings are written in it."""
    versions = []
    for language in config.interface_languages:
        path = catalog_path(config, language, SITE)
        loaded = read_catalog(config, path) or read_catalog(config, template_path(config, SITE))
        catalog = loaded.catalog if loaded else Catalog()
        missing = not path.is_file()
        shown = display_path(config, path)
        stats = site_stats(catalog, language, config.source, shown, missing)
        versions.append(VersionStatus(stats, revised="" if missing else _revised(catalog)))
    return versions


def _counts(stats: CatalogStats) -> dict[str, Any]:
    return {
        "messages": {
            "translated": stats.translated,
            "fuzzy": stats.fuzzy,
            "untranslated": stats.untranslated,
            "total": stats.total,
        },
        "words": {
            "translated": stats.translated_words,
            "fuzzy": stats.fuzzy_words,
            "untranslated": stats.untranslated_words,
            "total": stats.total_words,
        },
        "percent": {
            "messages": round(share_translated(stats, "messages"), 2),
            "words": round(share_translated(stats, "words"), 2),
        },
    }


def _version_json(version: VersionStatus, state: str = "published") -> dict[str, Any]:
    """One version in the JSON document; ``state`` is its release's."""
    data: dict[str, Any] = {
        "catalog": version.stats.path,
        "exists": not version.stats.missing,
        "stale": version.stale,
        "revised": version.revised or None,
        **_counts(version.stats),
    }
    if version.decision is not None:
        data["published"] = version.decision.published
        data["below_policy"] = version.decision.below_policy
        data["reason"] = version.decision.reason or None
        # What the site shows now: the policy's decision, once the release is out.
        data["on_site"] = version.decision.published and state == "published"
    return data


def status_json(report: NewsroomStatus) -> dict[str, Any]:
    """The report as the documented JSON document (schema :data:`SCHEMA`)."""
    config = report.config
    rows = [version.stats for version in report.rows()]
    return {
        "schema": SCHEMA,
        "newsroom": config.name,
        "source_language": config.source.code,
        "languages": [lang.code for lang in config.targets],
        "releases": [
            {
                "slug": item.release.slug,
                "title": item.release.title,
                "date": item.release.date.isoformat(),
                "path": item.release.path,
                "state": item.state,
                "embargo": _embargo(item),
                "languages": {v.language: _version_json(v, item.state) for v in item.versions},
            }
            for item in report.releases
        ],
        "site": {v.language: _version_json(v) for v in report.site},
        # Of what the report shows (its --lang, --release, --incomplete), as the table's.
        "totals": {
            code: _counts(totals(rows, code))
            for code in dict.fromkeys(stats.language for stats in rows)
        },
    }


def _embargo(item: ReleaseStatus) -> str | None:
    """When a release may be published, as the JSON report says it: its embargo, or, while it
    is kept off the site by its date, that moment."""
    moment = item.until if item.state == "embargoed" and item.until else item.release.embargo
    return moment.isoformat() if moment else None


def describe_publication(item: ReleaseStatus, version: VersionStatus) -> str:
    """A short phrase saying whether and how a version is published."""
    decision = version.decision
    if item.state != "published":
        text = item.state
        if item.state == "embargoed" and item.until is not None:
            text += f" until {item.until.isoformat()}"
        # What the policy will decide once it is published, as things stand.
        if decision is not None and not decision.published:
            text += f", then no: {decision.reason}"
        elif decision is not None and decision.below_policy:
            text += f", then yes, with notice ({decision.reason})"
    elif decision is None or (decision.published and not decision.below_policy):
        text = "yes"
    elif decision.published:
        text = f"yes, with notice ({decision.reason})"
    else:
        text = f"no: {decision.reason}"
    if version.stats.missing:
        text += " [no catalog: run update]"
    elif version.stale:
        text += " [catalog out of date: run extract and update]"
    return text


def filter_status(
    report: NewsroomStatus,
    languages: set[str],
    slugs: set[str],
    incomplete: bool,
    sort: str,
    by: Measure,
) -> None:
    """Keep the chosen languages, releases and incomplete versions; sort the releases."""

    def keep(version: VersionStatus) -> bool:
        wanted = not languages or version.language in languages
        return wanted and (not incomplete or not version.stats.complete)

    items = []
    for item in report.releases:
        if slugs and item.release.slug not in slugs:
            continue
        versions = tuple(v for v in item.versions if keep(v))
        if len(versions) == len(item.versions):  # all kept: the item as it is
            items.append(item)
        elif versions:
            items.append(replace(item, versions=versions))
    if sort == "name":
        items.sort(key=lambda item: item.release.slug)
    elif sort == "progress":
        items.sort(key=lambda item: min(share_translated(v.stats, by) for v in item.versions))
    report.releases = items
    report.site = [] if slugs else [v for v in report.site if keep(v)]


def status_failures(
    report: NewsroomStatus, by: Measure, fail_under: float | None, fail_if_held: bool
) -> list[str]:
    """One line per version under ``fail_under`` percent, or held back by the policy."""
    lines = []
    versions = [(item.release.slug, v) for item in report.releases for v in item.versions]
    for name, version in [*versions, *(("site", v) for v in report.site)]:
        share = share_translated(version.stats, by)
        where = f"{version.stats.path}: {version.language}/{name}"
        if fail_under is not None and share < fail_under:
            shown = shown_percent(share, fail_under)
            lines.append(f"{where}: {shown:.1f}% of {by} translated, under {fail_under:g}%")
        if fail_if_held and version.decision is not None and not version.decision.published:
            lines.append(f"{where}: held back by the policy: {version.decision.reason}")
    return lines
