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


def file_digests(root: Path, paths: Iterable[Path], missing_ok: bool = False) -> dict[str, str]:
    """The digest of each file's content (``cache.digest`` of its bytes), by path.

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
        state = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        known = store.peek(name)
        if known is not None and known[0] == state:
            found[name] = known[1]
            continue
        found[name] = value = digest(path.read_bytes())
        if now - max(status.st_mtime_ns, status.st_ctime_ns) > RACY_NS:
            store.put(name, (state, value))
    return found


def file_digest(root: Path, path: Path, missing_ok: bool = False) -> str:
    """The digest of one file's content (see :func:`file_digests`)."""
    return file_digests(root, [path], missing_ok)[str(path)]
