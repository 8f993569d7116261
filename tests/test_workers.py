"""Worker processes: how work is shared among them."""

from __future__ import annotations

import os

import pytest

from i18n_news.workers import balanced_chunks, run_on_workers


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


def test_work_runs_on_workers_sharing_memory_and_what_failed_there_is_done_again_here() -> None:
    shared = {n: n * n for n in range(200)}  # in this process's memory, not sent to workers
    command = os.getpid()
    pids: set[int] = set()

    def work(item: int) -> tuple[int, int]:
        if item == 13 and os.getpid() != command:
            raise ValueError("unlucky in a worker")
        pids.add(os.getpid())  # a worker's own copy: this process's set has only its own pid
        return shared[item], os.getpid()

    done: list[int] = []
    results = run_on_workers(work, list(range(200)), 2, 100, done.append)
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert {pid for _, pid in results} - {command} and results[13][1] == command
    assert [pid for n, (_, pid) in enumerate(results) if pid == command] == [command]
    assert pids == {command}
    assert done == sorted(done) and done[-1] == 200


def test_few_items_are_worked_here_and_an_error_is_raised_as_one_process_raises_it() -> None:
    command = os.getpid()
    assert run_on_workers(lambda item: (item, os.getpid()), [1, 2, 3], 2, 100) == [
        (1, command), (2, command), (3, command),
    ]  # fmt: skip

    def work(item: int) -> int:
        if item == 150:
            raise ValueError(f"item {item}")
        return item

    with pytest.raises(ValueError, match="item 150"):
        run_on_workers(work, list(range(200)), 2, 100)
