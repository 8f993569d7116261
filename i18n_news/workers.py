"""Work shared by a command and helper processes forked from it: they share its memory,
take chunks of the work from one pipe, and die with it.

The command works too, between reading what its helpers did: on two cores, one helper and
the command keep both busy, where a pool of two workers fed by the command left the three
competing for them. A command killed while its helpers run (``kill -9``, a CI job
cancelled) must not leave them behind, still writing into a staging folder or holding the
newsroom's lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import pickle
import select
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .lock import release_inherited_locks

T = TypeVar("T")
C = TypeVar("C")
R = TypeVar("R")

#: ``prctl`` option that has the kernel signal a process when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether helpers can be forked here (not on Windows)."""
    return hasattr(os, "fork")


def balanced_chunks(items: list[T], workers: int, size: int) -> list[list[T]]:
    """``items`` in chunks of ``size``, smaller towards the end (down to a few items): the
    workers then finish at about the same time."""
    chunks, start = [], 0
    while start < len(items):
        step = min(size, max(4, -(-(len(items) - start) // (2 * workers))))
        chunks.append(items[start : start + step])
        start += step
    return chunks


def run_on_workers(
    work: Callable[[T], R],
    items: list[T],
    workers: int,
    minimum: int,
    done: Callable[[int], None] | None = None,
    before: Callable[[], object] | None = None,
    size: int = 25,
    arrived: Callable[[R], object] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[R]:
    """``work(item)`` for each of ``items``, in their order: shared by this process and
    ``workers - 1`` forked helpers when there are at least ``minimum`` items (fewer are not
    worth forking for), which share this process's memory (``work`` may be a closure), after
    ``before()``; here alone otherwise. ``done`` is told how many are done.

    With helpers, ``arrived(result)`` is called here for each result as it comes in (a
    helper's as it arrives): what this process does with a helper's result then is done while
    the helpers still work. ``meanwhile()`` is called here once, when the helpers have started
    (before the work when there are none): work of this process's own that is done while
    they work.

    An item whose work raised is done again here once the others are done, in order, which
    reports its error as one process does.
    """
    results: dict[int, R] = {}
    if workers >= 2 and len(items) >= minimum and can_fork():
        if before is not None:
            before()

        def work_chunk(chunk: list[tuple[int, T]]) -> list[tuple[int, R]]:
            finished = []
            for index, item in chunk:
                with contextlib.suppress(Exception):  # done again below, which reports it
                    finished.append((index, work(item)))
            return finished

        def take(_: int, finished: list[tuple[int, R]]) -> None:
            results.update(finished)
            if arrived is not None:
                for _index, result in finished:
                    arrived(result)
            if done is not None:
                done(len(results))

        chunks = balanced_chunks(list(enumerate(items)), workers, size)
        share_chunks(work_chunk, chunks, workers, take, first=meanwhile)
    elif meanwhile is not None:
        meanwhile()
    for index, item in enumerate(items):
        if index not in results:
            results[index] = work(item)
            if done is not None:
                done(len(results))
    return [results[index] for index in range(len(items))]


def share_chunks(
    work: Callable[[C], R],
    chunks: Sequence[C],
    workers: int,
    take: Callable[[int, R], None],
    *,
    send: Callable[[R], object] | None = None,
    first: Callable[[], object] | None = None,
) -> None:
    """Do ``work(chunk)`` for each of ``chunks`` in this process and ``workers - 1`` helpers
    forked from it, each taking the next chunk no one has taken; call ``take(index, result)``
    here for each chunk done, as they are done. ``first()`` is called here once the helpers
    have started.

    A helper sends its results pickled (as ``send(result)`` if given: a value this process
    keeps pickled, say). A chunk whose work raised, here or in a helper, or that a helper
    took and died with, is done here once the others are done, in order: the first error is
    then raised here, as one process raises it.

    Helpers end with this process however it ends (Ctrl-C and errors here kill them; a killed
    command's are killed by the system, on Linux), and inherit no lock of its.
    """
    done: set[int] = set()

    def done_with(index: int, result: R) -> None:
        done.add(index)
        take(index, result)

    team = _Team(len(chunks), max(0, min(workers, len(chunks)) - 1))
    try:
        team.start(lambda index: work(chunks[index]), send)
        if first is not None:
            first()
        while (taken := team.claim()) is not None:
            for index in taken:
                try:
                    result = work(chunks[index])
                except Exception:  # done again below, in order, which raises it
                    continue
                done_with(index, result)
                team.receive(done_with, wait=False)
        while team.helpers:
            team.receive(done_with, wait=True)
    finally:
        team.stop()
    for index, chunk in enumerate(chunks):
        if index not in done:
            take(index, work(chunk))


class _Helper:
    """A forked helper, as the command sees it: its process, the pipe it sends its results
    on, and what has come on it that is not a whole result yet."""

    def __init__(self, pid: int, results: int):
        self.pid = pid
        self.results = results
        self.received = bytearray()


#: A chunk's index on the pipe of chunks to take, and a result's length before it.
_INDEX = struct.Struct("=I")
_LENGTH = struct.Struct("=Q")
#: The most indices the pipe of chunks is given: a pipe holds at least 16 KB on every system
#: that forks (more chunks are taken a few at a time).
_MOST_CLAIMS = 16 * 1024 // _INDEX.size
#: What a pipe of results is asked to hold (Linux's largest for anyone, by default).
_PIPE_SIZE = 1024 * 1024


class _Team:
    """The command's process and its helpers, taking chunks from one pipe.

    The chunks' indices are written in a pipe before the helpers are forked: reading one
    takes it (a pipe gives each of its readers whole writes of a few bytes), and an empty
    pipe says none is left. A helper sends each chunk's result, pickled and preceded by its
    length, on a pipe of its own, without waiting: what the pipe cannot take yet waits in the
    helper's memory until it can, or until the helper has no chunk left to take. The command
    reads the results when it is not working itself.
    """

    def __init__(self, chunks: int, helpers: int):
        self.helpers: list[_Helper] = []
        self.wanted = helpers
        self.chunks = chunks
        #: How many chunks are taken at a time.
        self.step = max(1, -(-chunks // _MOST_CLAIMS))
        self.claims, writer = os.pipe()
        try:
            indices = b"".join(_INDEX.pack(start) for start in range(0, chunks, self.step))
            while indices:
                indices = indices[os.write(writer, indices) :]
        finally:
            os.close(writer)

    def start(self, work: Callable[[int], Any], send: Callable[[Any], object] | None) -> None:
        """Fork the helpers, each doing ``work(index)`` for the chunks it takes."""
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        gc.freeze()  # a helper's collections then never touch the command's objects
        try:
            for _ in range(self.wanted):
                results, sender = os.pipe()
                with contextlib.suppress(AttributeError, OSError):  # Linux only
                    fcntl.fcntl(sender, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
                try:
                    pid = os.fork()
                except BaseException:
                    os.close(results)
                    os.close(sender)
                    raise
                if pid == 0:  # the helper, which never returns into the command's code
                    code = 1
                    try:
                        os.close(results)
                        _follow_parent(parent)
                        self._help(work, send, sender)
                        code = 0
                    finally:
                        os._exit(code)
                os.close(sender)
                os.set_blocking(results, False)
                self.helpers.append(_Helper(pid, results))
        finally:
            gc.unfreeze()

    def _help(
        self, work: Callable[[int], Any], send: Callable[[Any], object] | None, sender: int
    ) -> None:
        """A helper's life: take chunks until none is left, sending each result."""
        for helper in self.helpers:  # the pipes of helpers forked before
            os.close(helper.results)
        os.set_blocking(sender, False)
        pending = bytearray()
        while (taken := self.claim()) is not None:
            for index in taken:
                try:
                    result = work(index)
                except Exception:  # left for the command, which does it again
                    continue
                data = pickle.dumps((index, send(result) if send else result), _PROTOCOL)
                pending += _LENGTH.pack(len(data))
                pending += data
                _send(sender, pending)
        os.set_blocking(sender, True)
        _send(sender, pending)

    def claim(self) -> range | None:
        """Take the next chunks (one, unless there are very many), if any is left."""
        data = os.read(self.claims, _INDEX.size)
        if len(data) < _INDEX.size:
            return None
        (start,) = _INDEX.unpack(data)
        return range(start, min(start + self.step, self.chunks))

    def receive(self, take: Callable[[int, Any], None], wait: bool) -> None:
        """Give ``take`` the results the helpers have sent; with ``wait``, wait until one has
        sent some, or has ended (it is then forgotten)."""
        if wait:
            select.select([helper.results for helper in self.helpers], [], [])
        for helper in list(self.helpers):
            ended = False
            while True:
                try:
                    data = os.read(helper.results, _PIPE_SIZE)
                except BlockingIOError:
                    break
                if not data:
                    ended = True
                    break
                helper.received += data
            for index, result in _whole_results(helper.received):
                take(index, result)
            if ended:
                self._forget(helper)

    def _forget(self, helper: _Helper) -> None:
        os.close(helper.results)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(helper.pid, 0)
        self.helpers.remove(helper)

    def stop(self) -> None:
        """End the helpers still running (the command is failing or interrupted), and close
        the pipe of chunks."""
        for helper in list(self.helpers):
            with contextlib.suppress(ProcessLookupError):
                os.kill(helper.pid, signal.SIGKILL)
            self._forget(helper)
        os.close(self.claims)


_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _send(pipe: int, pending: bytearray) -> None:
    """Write as much of ``pending`` on ``pipe`` as it takes now (all, if it is blocking), and
    keep the rest."""
    while pending:
        try:
            written = os.write(pipe, pending)
        except BlockingIOError:
            return
        del pending[:written]


def _whole_results(received: bytearray) -> list[tuple[int, Any]]:
    """The results ``received`` holds whole, taken out of it (a result cut short stays)."""
    results, start = [], 0
    with memoryview(received) as view:
        while len(received) - start >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(view, start)
            end = start + _LENGTH.size + length
            if end > len(received):
                break
            results.append(pickle.loads(view[start + _LENGTH.size : end]))
            start = end
    del received[:start]
    return results


def _follow_parent(parent: int) -> None:
    """In a helper: leave the command's lock to it, and die with it."""
    # The lock is the command's, not the helper's: only the command's end releases it.
    release_inherited_locks()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the command died before this helper could follow it
        os._exit(1)
