"""Narrow a search for similar texts in a large collection to a few candidates. No I/O.

Comparing a text with every one of N others costs N comparisons, so doing it for a share of
them costs N²: fine for a release's catalog, not for a catalog of 100,000 messages or the
translation memory of 10,000 releases. Texts alike enough to be offered to a translator
(0.6 of their characters in common, or more) share most of their words, and above all their
rare ones, and their lengths differ by less than a bound the similarity sets; so the texts
of such a length sharing the most of a text's rarest words are the ones to compare.
The work per search is bounded (:data:`BUDGET`), so a search costs the same at any size.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

#: Collections up to this size are searched whole: the index is for larger ones.
FULL_SEARCH_MAX = 5000
#: How many texts sharing the most rare words with a text are given as candidates.
CANDIDATES = 500
#: How many index entries a search counts at most, from its rarest words on.
BUDGET = 4_000

_WORD = re.compile(r"\w{2,}")


def words(text: str) -> set[str]:
    """The words of ``text`` that an index counts (two letters or more, in lower case)."""
    return set(_WORD.findall(text.lower()))


class WordIndex:
    """An index of texts by their words, to find the candidates similar to a text."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        # Texts are numbered from the shortest on, so that each word's list of texts is in
        # order of length, and the texts long enough and short enough to match are a slice.
        self._by_length = sorted(range(len(texts)), key=lambda index: (len(texts[index]), index))
        self._lengths = [len(texts[index]) for index in self._by_length]
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._wordless: list[int] = []
        for rank, index in enumerate(self._by_length):
            found = words(texts[index])
            for word in found:
                self._postings[word].append(rank)
            if not found:
                self._wordless.append(rank)

    def candidates(
        self, text: str, similarity: float, limit: int | None = None
    ) -> list[int] | None:
        """The indexes, in ascending order, of the texts worth comparing with ``text``.

        None for a small collection: all of it is. Otherwise, of the texts whose length could
        reach ``similarity`` (as a share of characters in common), the :data:`CANDIDATES`
        sharing the most of its rarest words (counting at most :data:`BUDGET` entries; of
        equals, the shortest, from the rarest word on), none if no text has any of its words;
        for a text without words ("–", "1."), the texts without words. With ``limit``, the
        ``limit`` sharing the most, whatever the collection's size.
        """
        if self.size <= FULL_SEARCH_MAX and limit is None:
            return None
        most = CANDIDATES if limit is None else limit
        # 2 × common / (a + b) ≥ s needs the shorter to be at least s / (2 - s) of the longer.
        spread = (2 - similarity) / similarity
        low = bisect_left(self._lengths, len(text) / spread)
        high = bisect_right(self._lengths, len(text) * spread)
        found_words = words(text)
        if not found_words:
            wordless = self._wordless
            alike = wordless[bisect_left(wordless, low) : bisect_left(wordless, high)]
            return self._indexes(alike[:most])
        # From the rarest word on (of words as rare, in alphabetical order, so that a search
        # finds the same candidates in every process), the texts of a length that can match.
        slices = []
        for word in found_words:
            posting = self._postings.get(word)
            if posting:
                first, end = bisect_left(posting, low), bisect_left(posting, high)
                if end > first:
                    slices.append((end - first, word, first, end))
        slices.sort()
        shared: Counter[int] = Counter()
        counted = 0
        for size, word, first, end in slices:
            if counted and counted + size > BUDGET:
                break
            shared.update(self._postings[word][first : min(end, first + BUDGET)])
            counted += size
        return self._indexes(_most_shared(shared, most) if len(shared) > most else shared)

    def _indexes(self, ranks: Iterable[int]) -> list[int]:
        """The indexes of the texts numbered ``ranks``, in ascending order."""
        return sorted(self._by_length[rank] for rank in ranks)


def _most_shared(shared: Counter[int], most: int) -> list[int]:
    """The ``most`` texts counted most often; of equals, the first counted."""
    threshold = sorted(shared.values(), reverse=True)[most - 1]
    best = [rank for rank, count in shared.items() if count > threshold]
    ties = [rank for rank, count in shared.items() if count == threshold]
    return best + ties[: most - len(best)]
