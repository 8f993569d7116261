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
    with _held(root / LOCK_NAME, f"pid {os.getpid()}", wait) as holder:
        if holder is not None:
            raise LockError(  # named from the newsroom, as every file of it is
                f"another i18n-news command ({holder or 'another process'}) is working on "
                "this newsroom; try again when it has finished",
                LOCK_NAME,
            )
        yield


@contextlib.contextmanager
def preview_lock(folder: Path, address: str) -> Iterator[None]:
    """Hold the lock of the preview built in ``folder`` (a file beside it, ``folder.lock``)
    for as long as a server shows it at ``address``, or raise :class:`LockError` naming the
    server that does: two servers would build one preview for two addresses."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _held(folder.with_name(folder.name + ".lock"), address) as holder:
        if holder is not None:
            raise LockError(
                f"another 'i18n-news serve' shows this newsroom at {holder or 'another address'}: "
                "open that address, or stop it first"
            )
        yield


@contextlib.contextmanager
def _held(path: Path, holder: str, wait: float = 0.0) -> Iterator[str | None]:
    """Hold an ``flock`` on ``path``, writing ``holder`` in it, and give ``None``; or give
    what the process that holds it wrote ("" if nothing), once ``wait`` seconds have passed."""
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait
        while not _locked(handle.fileno()):
            if time.monotonic() >= deadline:
                handle.seek(0)
                yield handle.read().strip()
                return
            time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(holder)
        handle.flush()
        _HELD.append(handle.fileno())
        try:
            yield None
        finally:
            _HELD.remove(handle.fileno())
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _locked(descriptor: int) -> bool:
    """Take the ``flock`` of an open file if no other process holds it."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
