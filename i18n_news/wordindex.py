"""Narrow a search for similar texts in a large collection to a few candidates. No I/O.

Comparing a text with every one of N others costs N comparisons, so doing it for a share of
them costs N²: fine for a release's catalog, not for a catalog of 100,000 messages or the
translation memory of 10,000 releases. Texts alike enough to be offered to a translator
(0.6 of their characters in common, or more) share most of their words, and above all their
rare ones, so the texts sharing the most of a text's rarest words are the ones to compare.
The work per search is bounded (:data:`BUDGET`), so a search costs the same at any size.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from operator import itemgetter

#: Collections up to this size are searched whole: the index is for larger ones.
FULL_SEARCH_MAX = 5000
#: How many texts sharing the most rare words with a text are given as candidates.
CANDIDATES = 500
#: How many index entries a search counts at most, from its rarest words on.
BUDGET = 10_000

_WORD = re.compile(r"\w{2,}")


def words(text: str) -> set[str]:
    """The words of ``text`` that an index counts (two letters or more, in lower case)."""
    return set(_WORD.findall(text.lower()))


class WordIndex:
    """An index of texts by their words, to find the candidates similar to a text."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self._postings: dict[str, list[int]] = defaultdict(list)
        wordless: list[tuple[int, int]] = []
        for index, text in enumerate(texts):
            found = words(text)
            for word in found:
                self._postings[word].append(index)
            if not found:
                wordless.append((len(text), index))
        wordless.sort()
        self._wordless = wordless
        self._wordless_lengths = [length for length, _ in wordless]

    def candidates(self, text: str, similarity: float) -> list[int] | None:
        """The indexes, in ascending order, of the texts worth comparing with ``text``.

        None for a small collection: all of it is. Otherwise, the :data:`CANDIDATES` texts
        sharing the most of its rarest words (counting at most :data:`BUDGET` entries; of
        equals, those met first, from the rarest word on), none if no text has any of its
        words; for a text without words ("–", "1."), the texts without words whose length
        could reach ``similarity`` (as a share of characters in common).
        """
        if self.size <= FULL_SEARCH_MAX:
            return None
        found_words = words(text)
        if not found_words:
            return self._without_words(len(text), similarity)
        postings = sorted(
            (found for word in found_words if (found := self._postings.get(word))), key=len
        )
        shared: Counter[int] = Counter()
        counted = 0
        for found in postings:
            if counted and counted + len(found) > BUDGET:
                break
            shared.update(found[:BUDGET])
            counted += len(found)
        if len(shared) > CANDIDATES:
            best = heapq.nlargest(CANDIDATES, shared.items(), key=itemgetter(1))
            return sorted(index for index, _ in best)
        return sorted(shared)

    def _without_words(self, length: int, similarity: float) -> list[int]:
        # 2 × common / (a + b) ≥ s needs the shorter to be at least s / (2 - s) of the longer.
        spread = (2 - similarity) / similarity
        low = bisect_left(self._wordless_lengths, length / spread)
        high = bisect_right(self._wordless_lengths, length * spread)
        return sorted(index for _, index in self._wordless[low:high])
