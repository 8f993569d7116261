"""Parse many inputs on every core before a command reads them one by one.

A cold build of a large newsroom spends much of its time parsing release sources and
catalogs, one after the other, before it renders anything. :func:`prefetch` parses those the
cache lacks in the command and helper processes forked from it (see
:func:`i18n_news.workers.share_chunks`): catalogs land in the cache's catalog files, releases
are stored in the release cache (a helper's sent back). The command then reads everything as
usual and finds it cached. A file that cannot be parsed is left alone: the command parses it
again and reports its error exactly as without prefetching.

A build's derived work (what it makes of each release as it is parsed, its pages rendered)
is done the same way on one core, in this process, a chunk at a time: each release's body
is then rendered while its parse is at hand, not parsed again long after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .cache import Pickled, ShardedStore, cache_for
from .catalogs import read_catalog
from .config import Config
from .content import HEADS, RELEASES, parse_release_file, release_files, release_key
from .digests import HashedFiles, file_digests, read_hashed
from .layout import display_path
from .model import Release
from .workers import balanced_chunks, can_fork, run_on_workers, share_chunks

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 100
#: Files given to a worker at a time.
CHUNK = 25

#: Cache entries made from releases in a worker: (store, key, value).
Derived = list[tuple[str, str, Any]]
#: What a worker makes of the releases it was given (a chunk, parsed or cached; their files
#: as read): each kind of work may then be done for them all in turn, which runs faster than
#: for each in turn (the processor's caches hold the code and data of one kind of work at a
#: time). A release it fails on is left out, for the command to report.
Derive = Callable[[list[Release], HashedFiles], Derived]

_CONFIG: Config | None = None
_DERIVE: Derive | None = None


def each(derive: Callable[[Release], Derived]) -> Derive:
    """A :data:`Derive` that makes what ``derive`` makes of each release, one at a time."""

    def derive_each(releases: list[Release], read: HashedFiles) -> Derived:
        derived: Derived = []
        for release in releases:
            with contextlib.suppress(Exception):  # left for the command to report
                derived += derive(release)
        return derived

    return derive_each


def prefetch(
    config: Config,
    workers: int,
    changed: dict[Path, str],
    derive: Derive | None = None,
    progress: Callable[[int, int], None] | None = None,
    sources: list[Path] | None = None,
) -> tuple[int, Derived]:
    """Parse the releases and catalogs among ``changed`` (inputs of a build, by path, with the
    ``digest`` of their content, "" if not hashed yet) that the cache lacks, on ``workers``
    processes.

    With ``derive``, every release (parsed or cached: its catalogs may have changed; the
    release files are ``sources`` if the caller has listed them) is also given to ``derive``
    in a worker, with the others of its chunk, and ``progress`` is told how many releases of
    how many are done; on one worker, or where processes cannot be forked, in this process.
    Return how many files were parsed (0 when there are too few to be worth it, or one worker
    and no ``derive``) and what ``derive`` made, for the command to store.
    """
    forking = workers >= 2 and can_fork()
    if (not forking and derive is None) or len(changed) < PARALLEL_MIN_FILES:
        return 0, []
    store, heads = cache_for(config.root).store(RELEASES), cache_for(config.root).store(HEADS)
    releases = [
        path
        for path, content in changed.items()
        if path.suffix == ".md"
        and path.is_relative_to(config.content_dir)
        # Not hashed yet: the worker that reads it finds it in the cache, if it is there.
        and (not content or store.peek(release_key(path, content, config)) is None)
    ]
    catalogs = cache_for(config.root).files("catalogs")
    # With ``derive``, what a catalog that changed gives is made again whether it is cached
    # or not (and no catalog is parsed for the command itself).
    missing = [
        path
        for path, content in changed.items()
        if path.suffix == ".po"
        and (derive is not None or not catalogs.has_entry(display_path(config, path), content))
    ]
    parsed = len(releases) + len(missing)
    if parsed < PARALLEL_MIN_FILES:
        return 0, []
    global _CONFIG, _DERIVE
    _CONFIG, _DERIVE = config, derive
    derived: Derived = []
    todo = (release_files(config) if sources is None else sources) if derive else releases
    done = 0

    def take(_: int, result: tuple[int, list[tuple[str, Any, Any]], Derived]) -> None:
        nonlocal done
        count, made, extra = result
        for key, release, head in made:
            # A release parsed here is kept as a helper's is, pickled: the command reads its
            # head alone (its pickle is a fraction of its objects' memory).
            store.put(key, release if isinstance(release, Pickled) else Pickled.of(release, False))
            heads.put(key, head)
        for _store, _key, value in extra:
            if type(value) is Pickled:  # a helper's, unpickled while the helpers still work
                value.value()
        derived.extend(extra)
        done += count
        if progress:
            progress(done, len(todo))

    try:
        chunks = balanced_chunks(todo, workers, CHUNK)
        if forking:
            share_chunks(_read_releases, chunks, workers, take, send=_for_sending)
            if derive is None:  # with ``derive``, the command reads no catalog: none is parsed
                catalog_chunks = [missing[i : i + CHUNK] for i in range(0, len(missing), CHUNK)]
                share_chunks(_parse_catalogs, catalog_chunks, workers, lambda *_: None)
        else:
            # On one core the chunks are done here, in turn: each release's work (its body
            # parsed, its pages rendered) is done while what it made is still at hand.
            for index, chunk in enumerate(chunks):
                take(index, _read_releases(chunk))
    finally:
        _CONFIG, _DERIVE = None, None
    return parsed, derived


#: An entry a command makes of a release's catalog: its key in the command's store, and how
#: to make it.
Wanted = tuple[str, Callable[[], Any]]


def make_missing(
    config: Config,
    workers: int,
    store: ShardedStore,
    wanted: Mapping[str, list[Wanted]],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Make the entries ``store`` lacks of ``wanted`` (by release slug) on ``workers``
    processes, when many are missing (a fresh checkout, after ``update`` or a pull);
    ``progress`` is told how many releases of how many are done.

    The workers share the command's memory (its releases, read already). An entry a worker
    fails to make is left out: the command makes it again, and reports the error.
    """
    missing = {key for items in wanted.values() for key, _ in items if store.peek(key) is None}
    if workers < 2 or len(missing) < PARALLEL_MIN_FILES:
        return
    slugs = [slug for slug, items in wanted.items() if any(key in missing for key, _ in items)]

    def make(slug: str) -> list[tuple[str, Any]]:
        made = []
        for key, make_entry in wanted[slug]:
            if key in missing:
                with contextlib.suppress(Exception):  # left for the command to report
                    made.append((key, make_entry()))
        return made

    done = (lambda count: progress(count, len(slugs))) if progress else None
    for made in run_on_workers(make, slugs, workers, minimum=0, done=done):
        for key, value in made:
            store.put(key, value)


def prefetch_releases(
    config: Config, workers: int, progress: Callable[[int, int], None] | None = None
) -> int:
    """Parse on ``workers`` processes the releases the cache lacks (a fresh checkout, a pull)
    before a command reads them all; return how many were parsed (``progress`` is told how
    many of how many are done)."""
    if workers < 2 or not can_fork():
        return 0
    paths = release_files(config)
    if len(paths) < PARALLEL_MIN_FILES:
        return 0
    digests = file_digests(config.root, paths)
    changed = {path: digests[str(path)] for path in paths}
    return prefetch(config, workers, changed, progress=progress)[0]


def _read_releases(paths: list[Path]) -> tuple[int, list[tuple[str, Release, Release]], Derived]:
    """Parse the releases at ``paths`` the cache lacks (each comes back with its head, by key),
    and derive from each what the command asked for; a release that fails is left for the
    command to report."""
    assert _CONFIG is not None
    store = cache_for(_CONFIG.root).store(RELEASES)
    parsed, releases, derived = [], [], []
    read: HashedFiles = {}
    for path in paths:
        try:
            raw, content, remembered = read_hashed(path)
            read[path] = (content, remembered)
            key = release_key(path, content, _CONFIG)
            release = store.peek(key)
            if release is None:
                release = parse_release_file(path, raw, _CONFIG)
                parsed.append((key, release, release.head()))
            releases.append(release)
        except Exception:
            continue
    if _DERIVE is not None:
        with contextlib.suppress(Exception):  # the command makes it all itself
            derived = _DERIVE(releases, read)
    return len(paths), parsed, derived


def _for_sending(
    result: tuple[int, list[tuple[str, Release, Release]], Derived],
) -> tuple[int, list[tuple[str, Pickled, Pickled]], Derived]:
    """What :func:`_read_releases` made in a helper process, as it sends it: the releases
    parsed and their heads are pickled there, once, and kept so in the command's stores (see
    :class:`i18n_news.cache.Pickled`)."""
    count, parsed, derived = result
    return count, [(key, Pickled.of(r), Pickled.of(head)) for key, r, head in parsed], derived


def _parse_catalogs(paths: list[Path]) -> None:
    assert _CONFIG is not None
    for path in paths:
        try:
            read_catalog(_CONFIG, path)
        except Exception:
            continue
