"""One command at a time per newsroom: a lock file that the operating system releases."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import LockError

LOCK_NAME = ".i18n-news.lock"
#: The files of the locks this process holds.
_HELD: list[int] = []


def release_inherited_locks() -> None:
    """In a forked worker: close the lock files inherited from the command, so that the lock
    is released when the command ends, even if the worker is still ending."""
    for descriptor in _HELD:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _HELD.clear()


@contextlib.contextmanager
def newsroom_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the newsroom's lock, or raise :class:`LockError` if another command has it (at
    once, or after waiting ``wait`` seconds for it to finish: a preview's rebuild waits).

    The lock is an ``flock`` on a file in the newsroom, so it is released when the process
    ends, however it ends: a crashed command never leaves a stale lock behind.
    """
    path = root / LOCK_NAME
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise LockError(  # named from the newsroom, as every file of it is
                    f"another i18n-news command ({holder}) is working on this newsroom; "
                    "try again when it has finished",
                    LOCK_NAME,
                ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _HELD.append(handle.fileno())
        try:
            yield
        finally:
            _HELD.remove(handle.fileno())
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
