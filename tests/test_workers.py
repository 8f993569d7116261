"""Worker processes: how work is shared among them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from i18n_news import workers as workers_module
from i18n_news.workers import balanced_chunks, run_on_workers, share_chunks


@pytest.mark.parametrize("count", [1, 7, 100, 1000, 2021])
@pytest.mark.parametrize("workers", [2, 8])
def test_items_go_to_workers_once_each_in_chunks_that_shrink_towards_the_end(
    count: int, workers: int
) -> None:
    items = [f"content/release-{n:05d}.md" for n in range(count)]
    chunks = balanced_chunks(items, workers, 25)
    assert [item for chunk in chunks for item in chunk] == items
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True) and max(sizes) <= 25
    # The last chunks are small enough for the workers to finish together.
    assert sizes[-1] <= 4
    if count >= 2 * workers * 25:  # many items: full chunks first
        assert sizes[0] == 25


def test_work_is_shared_with_a_helper_sharing_memory_and_what_failed_there_is_done_again_here() -> (
    None
):
    shared = {n: n * n for n in range(200)}  # in this process's memory, not sent to helpers
    command = os.getpid()
    pids: set[int] = set()

    def work(item: int) -> tuple[int, int]:
        time.sleep(0.002)  # long enough for the helper to start and take its share
        if item in (13, 113) and os.getpid() != command:
            raise ValueError("unlucky in a helper")
        pids.add(os.getpid())  # a helper's own copy: this process's set has only its own pid
        return shared[item], os.getpid()

    done: list[int] = []
    arrived: list[tuple[int, int]] = []
    meanwhile: list[int] = []
    results = run_on_workers(
        work, list(range(200)), 2, 100, done.append, arrived=arrived.append,
        meanwhile=lambda: meanwhile.append(os.getpid()),
    )  # fmt: skip
    assert meanwhile == [command]  # once, here, while the helper worked
    assert [square for square, _ in results] == [n * n for n in range(200)]
    # Each result of the shared work was given to ``arrived`` here, once, as it came in (13
    # and 113, if a helper took them, were done again here after it, not shared).
    assert len(set(arrived)) == len(arrived) and set(arrived) <= set(results)
    assert set(results) - set(arrived) <= {results[13], results[113]}
    by = {pid for _, pid in results}
    assert len(by) == 2 and command in by  # this process worked too, beside one helper
    assert results[13][1] == results[113][1] == command
    assert pids == {command}
    assert done == sorted(done) and done[-1] == 200


def test_a_helper_that_dies_leaves_its_chunks_to_the_command(tmp_path: Path) -> None:
    command = os.getpid()
    died = tmp_path / "died"

    def work(item: int) -> int:
        time.sleep(0.002)
        if os.getpid() != command:  # the helper's first item: it dies with its chunk
            died.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)  # as the system's out-of-memory killer would
        return item * 2

    assert run_on_workers(work, list(range(200)), 2, 100) == [n * 2 for n in range(200)]
    assert _ended(int(died.read_text()))


def test_ctrl_c_in_the_command_ends_its_helpers(tmp_path: Path) -> None:
    command = os.getpid()

    def work(item: int) -> int:
        time.sleep(0.002)
        if os.getpid() != command:
            (tmp_path / str(os.getpid())).touch()  # made at once, whenever it is killed
        elif item > 60:
            raise KeyboardInterrupt
        return item

    with pytest.raises(KeyboardInterrupt):
        share_chunks(lambda chunk: [work(n) for n in chunk], [[n] for n in range(400)], 2,
                     lambda *_: None)  # fmt: skip
    helpers = [int(file.name) for file in tmp_path.iterdir()]
    assert len(helpers) == 1 and _ended(helpers[0])


def _ended(child: int) -> bool:
    """Whether the child process ``child`` has ended, and been waited for."""
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_few_items_are_worked_here_and_an_error_is_raised_as_one_process_raises_it() -> None:
    command = os.getpid()
    events: list[object] = []

    def work_here(item: int) -> tuple[int, int]:
        events.append(item)
        return item, os.getpid()

    assert run_on_workers(work_here, [1, 2, 3], 2, 100, meanwhile=lambda: events.append("m")) == [
        (1, command), (2, command), (3, command),
    ]  # fmt: skip
    assert events == ["m", 1, 2, 3]  # what is done meanwhile is done first, once

    def work(item: int) -> int:
        if item == 150:
            raise ValueError(f"item {item}")
        return item

    with pytest.raises(ValueError, match="item 150"):
        run_on_workers(work, list(range(200)), 2, 100)


def test_more_chunks_than_a_pipe_holds_are_each_done_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers_module, "_MOST_CLAIMS", 7)  # as if a pipe held 7 indices
    taken: list[int] = []
    results: dict[int, int] = {}

    def take(index: int, result: int) -> None:
        taken.append(index)
        results[index] = result

    def work(chunk: int) -> int:
        time.sleep(0.001)
        return chunk * 3

    share_chunks(work, list(range(100)), 2, take)
    assert sorted(taken) == list(range(100))
    assert results == {n: n * 3 for n in range(100)}


def test_results_larger_than_a_pipe_holds_come_whole_and_in_their_chunks() -> None:
    results: dict[int, tuple[int, bytes]] = {}

    def work(chunk: int) -> tuple[int, bytes]:
        time.sleep(0.002)
        return os.getpid(), bytes([chunk]) * (300_000 + chunk)  # 40 chunks, 12 MB in all

    share_chunks(work, list(range(40)), 2, results.__setitem__)
    assert {n: data for n, (_, data) in results.items()} == {
        n: bytes([n]) * (300_000 + n) for n in range(40)
    }
    assert len({pid for pid, _ in results.values()}) == 2  # a helper sent some


def test_no_chunks_is_no_work_and_first_is_still_called() -> None:
    called: list[str] = []
    share_chunks(lambda chunk: chunk, [], 2, lambda *_: called.append("take"),
                 first=lambda: called.append("first"))  # fmt: skip
    assert called == ["first"]


HELPERS_AT_WORK = """
import os, sys, time
from pathlib import Path
from i18n_news.workers import share_chunks

folder, command = Path(sys.argv[1]), os.getpid()

def work(chunk):
    if os.getpid() != command:  # a long chunk: a helper would send nothing for a minute
        (folder / str(os.getpid())).touch()
        time.sleep(60)
    time.sleep(0.05)
    return chunk

share_chunks(work, list(range(2000)), 3, lambda *_: None)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_a_command_killed_outright_takes_its_helpers_with_it(tmp_path: Path) -> None:
    command = subprocess.Popen([sys.executable, "-c", HELPERS_AT_WORK, str(tmp_path)])
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    helpers = [int(file.name) for file in tmp_path.iterdir()]
    assert len(helpers) == 2
    command.kill()  # SIGKILL: the command runs no code of its own to end them
    command.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(_running(pid) for pid in helpers)


def _running(pid: int) -> bool:
    """Whether the process ``pid`` runs (a process that has ended but was not waited for by
    its new parent does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")
