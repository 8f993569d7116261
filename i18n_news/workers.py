"""Worker processes forked from a command: they share its memory, and die with it.

A command killed while its workers run (``kill -9``, a CI job cancelled) must not leave them
behind, still writing into a staging folder or holding the newsroom's lock.

The process pool (``multiprocessing.pool``) and ``ctypes`` are imported only when workers
are started, which most commands (a no-op or one-page build, ``status`` of a few catalogs)
never do; :func:`can_fork` imports ``multiprocessing`` alone.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .lock import release_inherited_locks

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

T = TypeVar("T")
R = TypeVar("R")

#: ``prctl`` option that has the kernel signal a process when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether workers can be forked here (not on Windows)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


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
) -> list[R]:
    """``work(item)`` for each of ``items``, in their order: on ``workers`` forked processes
    when there are at least ``minimum`` items (fewer are not worth starting workers), which
    share this process's memory (``work`` may be a closure), after ``before()``; here
    otherwise. ``done`` is told how many are done.

    An item whose work raised in a worker is done again here, in order, which reports its
    error as one process does.
    """
    global _WORK
    results: dict[int, R] = {}
    if workers >= 2 and len(items) >= minimum and can_fork():
        if before is not None:
            before()
        _WORK = work
        try:
            with fork_pool(workers) as pool:
                chunks = balanced_chunks(list(enumerate(items)), workers, size)
                for finished in pool.imap_unordered(_run_chunk, chunks):
                    results.update(finished)
                    if done is not None:
                        done(len(results))
        finally:
            _WORK = None
    for index, item in enumerate(items):
        if index not in results:
            results[index] = work(item)
            if done is not None:
                done(len(results))
    return [results[index] for index in range(len(items))]


#: The work :func:`run_on_workers` gives its workers (inherited when they are forked).
_WORK: Callable[[Any], Any] | None = None


def _run_chunk(chunk: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    assert _WORK is not None
    finished = []
    for index, item in chunk:
        try:
            finished.append((index, _WORK(item)))
        except Exception:  # left for the command, which reports it
            continue
    return finished


@contextlib.contextmanager
def fork_pool(workers: int) -> Iterator[Pool]:
    """A pool of ``workers`` forked processes that end when this process ends, for a ``with``
    block: when it ends, the workers end once they have done what they were given.

    The command's objects are frozen out of the garbage collector while it forks: a worker's
    collections then never touch them, and the memory pages holding them stay shared.

    ``Pool``'s own ``with`` terminates its workers at once. A worker killed while it sends a
    result holds the results' lock forever, and the pool's task thread then waits for it
    forever: a build whose worker reported an error could hang. So the workers are left to
    finish (those given work that cannot succeed fail fast), and only Ctrl-C, which
    interrupts the workers too, terminates them.
    """
    import multiprocessing

    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(
            workers, initializer=_follow_parent, initargs=(os.getpid(),)
        )
    finally:
        gc.unfreeze()
    try:
        yield pool
    except KeyboardInterrupt:
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()


def _follow_parent(parent: int) -> None:
    # The lock is the command's, not the worker's: only the command's end releases it.
    release_inherited_locks()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the command died before this worker could follow it
        os._exit(1)
