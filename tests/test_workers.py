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


def test_work_runs_on_workers_sharing_memory_and_leaves_out_what_failed() -> None:
    shared = {n: n * n for n in range(200)}  # in this process's memory, not sent to workers
    pids: set[int] = set()

    def work(item: int) -> tuple[int, int]:
        if item == 13:
            raise ValueError("unlucky")
        pids.add(os.getpid())  # a worker's own copy: this process's set stays empty
        return shared[item], os.getpid()

    done: list[int] = []
    results = run_on_workers(work, list(range(200)), 2, done.append)
    assert sorted(results) == [n for n in range(200) if n != 13]
    assert all(results[n][0] == n * n for n in results)
    assert os.getpid() not in {pid for _, pid in results.values()} and not pids
    assert done == sorted(done) and done[-1] == 199
