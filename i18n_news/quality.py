"""Run the quality checks over a newsroom's catalogs.

What the checks find in a catalog is cached under the content of the catalog and of all they
read besides it (the language's settings, the glossary; i18n-news's own code keys every
store): after a translator's commit, ``check`` checks again the catalogs that changed, and
when many changed (a fresh checkout, after ``update``), it checks them on every core.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from .cache import cache_for, digest
from .catalogs import read_catalog
from .checks import CheckContext, Problem, check_message
from .config import Config, Language
from .content import check_slugs, check_tag_pages, split_front_matter
from .digests import EMPTY, file_digest, file_digests
from .errors import CatalogError, ContentError
from .glossary import load_glossary
from .layout import SITE, catalog_path, display_path, release_domain
from .markup import link_references
from .outline import load_outlines
from .pofile import catalog_often_used_forms
from .prefetch import Wanted, make_missing
from .publication import check_buildable

#: The cache store of what each catalog's check found.
FINDINGS = "checks"
#: The id of the finding of a catalog that cannot be read (what ``msgfmt`` refuses).
UNREADABLE = "catalog"
#: The id of the finding of what a build would refuse of a release (a missing image...).
REFUSED = "release"


@dataclass(frozen=True)
class Finding:
    """A problem of one message in one catalog."""

    path: str
    line: int
    language: str
    msgid: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.problem.check}] {self.problem.message}"


def check_catalog(
    config: Config, path: Path, context: CheckContext, release: Path | None = None
) -> list[Finding]:
    """Every problem of every message of the catalog at ``path`` (none if there is none), the
    catalog of the release in the file ``release`` (whose link reference definitions its
    texts' reference links point by), if any."""
    try:
        loaded = read_catalog(config, path, cached=False)  # what it finds is cached instead
    except CatalogError as error:  # one finding: the other catalogs are checked all the same
        problem = Problem(UNREADABLE, "error", error.message)
        return [
            Finding(display_path(config, path), error.line or 1, context.language.code, "", problem)
        ]
    if loaded is None:
        return []
    if any(message.msgid_plural is not None for message in loaded.catalog):
        context = replace(context, often_forms=catalog_often_used_forms(loaded.catalog), seen={})
    if release is not None:
        with contextlib.suppress(OSError, ContentError):  # the release's to report
            text = release.read_text(encoding="utf-8-sig")
            if "]:" in text:
                _, body, _ = split_front_matter(text, str(release))
                context = replace(context, references=link_references(body), seen={})
    shown = display_path(config, path)
    return [
        Finding(shown, message.lineno, context.language.code, message.msgid, problem)
        for message in loaded.catalog
        for problem in check_message(message, context)
    ]


def check_newsroom(
    config: Config,
    languages: list[Language] | None = None,
    slugs: set[str] | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Finding]:
    """Check every translation of the chosen languages and releases (all by default); when
    many catalogs changed since they were last checked, on ``workers`` processes.

    ``progress`` is told how many of the releases to read (a fresh checkout's), then of the
    releases (on workers) or catalogs (here) to check, are done.
    """
    glossary = load_glossary(config)
    # The releases' slugs (a fresh checkout's read on every core, without their bodies when
    # their templates are current).
    outlines, _ = load_outlines(config, workers, progress)
    check_slugs(sorted(slugs or ()), {outline.release.slug for outline in outlines})
    releases = [o.release for o in outlines if not slugs or o.release.slug in slugs]
    # What a build would refuse of the releases themselves (drafts aside), each release's
    # first problem an error of its own, beside what the catalogs have.
    refused: list[Finding] = []
    with _refusal(config, refused):
        check_tag_pages(o.release for o in outlines if not o.release.draft)
    now = datetime.now(UTC)
    for chosen in releases:
        with _refusal(config, refused):
            check_buildable(config, chosen, now)
    # A release catalog is checked with its release (its link reference definitions): again
    # whenever either changed.
    sources = [config.root / release.path for release in releases]
    source_digests = file_digests(config.root, sources)
    domains: list[tuple[str, str, Path | None]] = [
        (release.slug, release_domain(release.slug), source)
        for release, source in zip(releases, sources, strict=True)
    ]
    if not slugs:
        domains.append(("", SITE, None))
    store = cache_for(config.root).store(FINDINGS)
    # Each catalog to check, with the key of what it finds, in order and by release slug.
    planned: list[tuple[CheckContext, Path, Path | None, str]] = []
    wanted: dict[str, list[Wanted]] = {}
    for language in languages or config.interface_languages:
        context = CheckContext(language, glossary, language.urls)
        rules = digest(repr(context).encode())
        # The source language has its site catalog alone (see ``Config.interface_languages``).
        own = domains if language in config.targets else [d for d in domains if d[1] == SITE]
        for slug, domain, source in own:
            path = catalog_path(config, language, domain)
            content = file_digest(config.root, path, missing_ok=True)
            if content == EMPTY and not path.is_file():  # no catalog: no message to check
                continue  # (an empty file is refused as it is read)
            release = source_digests[str(source)] if source else ""
            key = f"{content}:{display_path(config, path)}:{rules}:{release}"
            planned.append((context, path, source, key))
            make = partial(check_catalog, config, path, context, source)
            wanted.setdefault(slug, []).append((key, make))
    # Many catalogs changed: checked on every core (a catalog a worker fails to read is
    # checked again below, which reports its error).
    make_missing(config, workers, store, wanted, progress)
    fresh = [item for item in planned if store.peek(item[-1]) is None]
    for done, (context, path, source, key) in enumerate(fresh, 1):
        store.put(key, check_catalog(config, path, context, source))
        if progress:
            progress(done, len(fresh))
    return refused + [finding for *_, key in planned for finding in store.peek(key)]


@contextlib.contextmanager
def _refusal(config: Config, found: list[Finding]) -> Iterator[None]:
    """Add what a build would refuse of a release (a :class:`ContentError`) to ``found``, as a
    finding of its own (``[release]``), instead of stopping."""
    try:
        yield
    except ContentError as error:
        problem = Problem(REFUSED, "error", error.message)
        found.append(Finding(error.path or "", error.line or 1, config.source.code, "", problem))
