"""Parse many inputs on every core before a command reads them one by one.

A cold build of a large newsroom spends much of its time parsing release sources and
catalogs, one after the other, before it renders anything. :func:`prefetch` parses those the
cache lacks in forked worker processes: catalogs land in the cache's catalog files, releases
come back to be stored in the release cache. The command then reads everything as usual and
finds it cached. A file a worker cannot parse is left alone: the command parses it again and
reports its error exactly as without prefetching.
"""

from __future__ import annotations

from pathlib import Path

from .cache import cache_for, digest
from .catalogs import display_path, read_catalog
from .config import Config
from .content import parse_release_file, release_key
from .model import Release
from .workers import can_fork, fork_pool

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 100
#: Files given to a worker at a time.
CHUNK = 25

_CONFIG: Config | None = None


def prefetch(config: Config, workers: int, changed: dict[Path, str]) -> int:
    """Parse the releases and catalogs among ``changed`` (inputs of a build, by path, with the
    ``digest`` of their content) that the cache lacks, on ``workers`` processes; return how
    many files were parsed (0 when there are too few to be worth it, or one worker)."""
    if workers < 2 or not can_fork():
        return 0
    if len(changed) < PARALLEL_MIN_FILES:
        return 0
    store = cache_for(config.root).store("releases")
    releases = [
        path
        for path, content in changed.items()
        if path.suffix == ".md"
        and path.is_relative_to(config.content_dir)
        and store.peek(release_key(path, content, config)) is None
    ]
    catalogs = cache_for(config.root).files("catalogs")
    missing = [
        path
        for path, content in changed.items()
        if path.suffix == ".po" and not catalogs.has_entry(display_path(config, path), content)
    ]
    if len(releases) + len(missing) < PARALLEL_MIN_FILES:
        return 0
    global _CONFIG
    _CONFIG = config
    try:
        with fork_pool(workers) as pool:
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


def _parse_releases(paths: list[Path]) -> list[tuple[str, Release]]:
    assert _CONFIG is not None
    parsed = []
    for path in paths:
        try:
            raw = path.read_bytes()
            key = release_key(path, digest(raw), _CONFIG)
            parsed.append((key, parse_release_file(path, raw, _CONFIG)))
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
