"""Parse many inputs on every core before a command reads them one by one.

A cold build of a large newsroom spends much of its time parsing release sources and
catalogs, one after the other, before it renders anything. :func:`prefetch` parses those the
cache lacks in forked worker processes: catalogs land in the cache's catalog files, releases
come back to be stored in the release cache. The command then reads everything as usual and
finds it cached. A file a worker cannot parse is left alone: the command parses it again and
reports its error exactly as without prefetching.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from pathlib import Path

from .cache import cache_for
from .catalogs import SITE, catalog_path, display_path, read_catalog
from .config import Config
from .content import parse_release_file, release_files, release_key
from .model import Release

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 100
#: Files given to a worker at a time.
CHUNK = 25

_CONFIG: Config | None = None


def prefetch(config: Config, workers: int, paths: Iterable[Path]) -> int:
    """Parse those of ``paths`` (releases and catalogs, among other inputs) that the cache
    lacks on ``workers`` processes; return how many files were parsed (0 when there are too
    few to be worth it, or one worker)."""
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    paths = list(paths)
    if len(paths) < PARALLEL_MIN_FILES:
        return 0
    store = cache_for(config.root).store("releases")
    sources = set(release_files(config))
    releases = [
        path
        for path in paths
        if path in sources and store.peek(release_key(path, path.read_bytes(), config)) is None
    ]
    catalogs = cache_for(config.root).files("catalogs")
    known = set(_catalog_files(config))
    missing = [
        path
        for path in paths
        if path in known and not catalogs.has_entry(display_path(config, path))
    ]
    if len(releases) + len(missing) < PARALLEL_MIN_FILES:
        return 0
    global _CONFIG
    _CONFIG = config
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = [releases[i : i + CHUNK] for i in range(0, len(releases), CHUNK)]
            for parsed in pool.imap_unordered(_parse_releases, chunks):
                for key, release in parsed:
                    store.put(key, release)
            chunks = [missing[i : i + CHUNK] for i in range(0, len(missing), CHUNK)]
            for _ in pool.imap_unordered(_parse_catalogs, chunks):
                pass
    finally:
        _CONFIG = None
    return len(releases) + len(missing)


def _catalog_files(config: Config) -> list[Path]:
    """The catalogs of every target language: the site's and the releases'."""
    paths = []
    for language in config.targets:
        folder = catalog_path(config, language, SITE).parent
        if folder.is_dir():
            paths += sorted(folder.rglob("*.po"))
    return paths


def _parse_releases(paths: list[Path]) -> list[tuple[str, Release]]:
    assert _CONFIG is not None
    parsed = []
    for path in paths:
        try:
            raw = path.read_bytes()
            parsed.append((release_key(path, raw, _CONFIG), parse_release_file(path, raw, _CONFIG)))
        except Exception:
            continue
    return parsed


def _parse_catalogs(paths: list[Path]) -> None:
    assert _CONFIG is not None
    for path in paths:
        try:
            read_catalog(_CONFIG, path)
        except Exception:
            continue
