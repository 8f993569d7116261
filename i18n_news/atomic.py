"""Atomic writes: a file or a folder is replaced whole, or not at all."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

_TEMPORARY = itertools.count()


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, once the data has
    reached the disk: a power cut leaves the old file or the new one. A path that is a
    symbolic link writes the file it links to (the link stays one)."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    _replace(path, data, mode, durable=True)


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a cache's file whole or not at all, in an existing folder, with as few system
    calls as can be: no wait for the disk (a cache is checked when read), the default mode."""
    _replace(path, data, None, durable=False)


def _replace(path: Path, data: bytes, mode: int | None, durable: bool) -> None:
    """Replace ``path`` with ``data`` through a temporary file, given ``mode`` (else the
    default one), after waiting for the disk if ``durable``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_TEMPORARY)}.tmp")
    try:
        fd = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644 if mode is None else 0o600
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError) and error.filename == os.fspath(temporary):
            # Named as the file written (a folder that may not be written in), not the
            # temporary file the user never asked for.
            raise type(error)(error.errno, error.strerror, os.fspath(path)) from None
        raise


#: The temporary file of a write (see :func:`_replace`): ``.<name>.<process>.<count>.tmp``.
_LEFTOVER = re.compile(r"\..+\.(\d+)\.\d+\.tmp")


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove from ``folder`` and its subfolders the temporary files of writes that a killed
    process left (its process is gone); return them."""
    removed = []
    for directory, _, files in os.walk(folder):
        for name in files:
            found = _LEFTOVER.fullmatch(name) if name[0] == "." else None
            if found is None or _running(int(found[1])):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(directory, name))
                removed.append(Path(directory, name))
    return removed


def _running(pid: int) -> bool:
    """Whether the process ``pid`` is running (this one is)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly it; return whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_bytes(path, data)
    return True


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM until the block is done, then act on them: what the
    block writes is written whole (a folder swapped in by two renames, a few files of a site).
    Only the main thread receives signals; elsewhere nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    wanted = [signal.SIGINT, signal.SIGTERM]
    previous = {number: signal.signal(number, lambda n, _: received.append(n)) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for held in dict.fromkeys(received):
            signal.raise_signal(held)  # as if it came now, to the handler it would have met


def replace_folder(target: Path, staged: Path) -> list[Path]:
    """Swap the fully written folder ``staged`` in at ``target``, with no interruption
    between the two renames (the target is the old folder or the new one, or for that moment
    none); the old one is removed after. Return the old folders that could not be removed
    whole (they hold a file the user may not delete), this one's and earlier swaps', for the
    caller to say so: the swap is done."""
    import shutil  # with its compression modules: a command that writes no site needs none

    # What earlier swaps could not remove, if it can be now; else set aside by another name.
    left = []
    for stale in sorted(target.parent.glob(f".{target.name}.old*")):
        shutil.rmtree(stale, ignore_errors=True)
        if stale.exists():
            left.append(stale)
    previous = target.with_name(f".{target.name}.old")
    number = 1
    while previous.exists():
        number += 1
        previous = target.with_name(f".{target.name}.old-{number}")
    with interrupts_held():
        if target.exists():
            os.replace(target, previous)
        os.replace(staged, target)
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
        if previous.exists():
            left.append(previous)
    return left
