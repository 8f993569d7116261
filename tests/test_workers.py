"""Worker processes: how work is shared among them."""

from __future__ import annotations

import pytest

from i18n_news.workers import balanced_chunks


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
