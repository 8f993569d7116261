"""The digest of a file's content, remembered with the file's metadata, as git's index
remembers it: a file whose inode, size and times are as they were when it was hashed is not
read again.

A file can change twice within one tick of its file system's clock and keep the times of the
first change, so a file changed less than :data:`RACY_NS` before it was hashed is not
remembered (git's "racy" files): it is read and hashed again next time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from .cache import cache_for, digest

#: Files changed more recently than this (in nanoseconds) before they were hashed are hashed
#: again next time: the coarsest file system clocks tick every two seconds.
RACY_NS = 2_000_000_000
#: The digest of an empty file.
EMPTY = digest(b"")


#: What is remembered of a file: its metadata when it was hashed, and its digest.
Remembered = tuple[tuple[int, int, int, int], str]
#: Files a process read and hashed, by path: their digest, and what is remembered of them.
HashedFiles = dict[Path, tuple[str, Remembered | None]]


def read_hashed(path: Path | str) -> tuple[bytes, str, Remembered | None]:
    """A file's content (named by a path or a string), its digest, and what
    :func:`file_digests` remembers of it (``None`` for a file changed too recently to be
    remembered); for a process that cannot write the cache (see :func:`remember`), and reads
    the file anyway."""
    now = time.time_ns()
    data, status = read_file(path)
    value = digest(data)
    return data, value, (_state(status), value) if _settled(status, now) else None


def read_file(path: Path | str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its status, read with a system call each (no file object: thousands
    of small files are read on a fresh checkout)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        data = os.read(fd, status.st_size + 1)  # a shorter read is the end of the file
        if len(data) > status.st_size:  # it grew since: the rest, to its end
            while chunk := os.read(fd, 1 << 16):
                data += chunk
    finally:
        os.close(fd)
    return data, status


def _state(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _settled(status: os.stat_result, now: int) -> bool:
    """Whether a file hashed at ``now`` had been still long enough to be remembered."""
    return now - max(status.st_mtime_ns, status.st_ctime_ns) > RACY_NS


def remember(root: Path, files: dict[str, Remembered | None]) -> None:
    """Remember what :func:`hash_file` found of files, by path."""
    store = cache_for(root).store("digests")
    for name, remembered in files.items():
        if remembered is not None:
            store.put(name, remembered)


def file_digests(
    root: Path, paths: Iterable[Path | str], missing_ok: bool = False
) -> dict[str, str]:
    """The digest of each file's content (``cache.digest`` of its bytes), by path (the files
    named by paths or strings, keyed by their strings).

    ``root`` is the newsroom whose cache remembers them. A missing file raises
    ``FileNotFoundError``, or with ``missing_ok`` counts as empty (:data:`EMPTY`).
    """
    store = cache_for(root).store("digests")
    now = time.time_ns()
    found: dict[str, str] = {}
    for path in paths:
        name = str(path)
        try:
            status = os.stat(path)
        except FileNotFoundError:
            if not missing_ok:
                raise
            found[name] = EMPTY
            continue
        state = _state(status)
        known = store.peek(name)
        if known is not None and known[0] == state:
            found[name] = known[1]
            continue
        found[name] = value = digest(Path(path).read_bytes())
        if _settled(status, now):
            store.put(name, (state, value))
    return found


def file_digest(root: Path, path: Path, missing_ok: bool = False) -> str:
    """The digest of one file's content (see :func:`file_digests`)."""
    return file_digests(root, [path], missing_ok)[str(path)]
