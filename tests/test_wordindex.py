"""A word index gives the texts worth comparing, in a bounded number, at any size."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from rapidfuzz import fuzz, process

from i18n_news import wordindex
from i18n_news.wordindex import WordIndex

VOCABULARY = [f"w{n}" for n in range(3000)]


def sentence(rng: random.Random) -> str:
    # Zipf-like: a few words everywhere ("the"), most of them rare.
    ranks = (int(rng.paretovariate(0.6)) - 1 for _ in range(15))
    return " ".join(VOCABULARY[rank % len(VOCABULARY)] for rank in ranks)


def edit(text: str, rng: random.Random) -> str:
    words = text.split()
    words[rng.randrange(len(words))] = "changed"
    return " ".join(words) + " and more"


@pytest.fixture
def texts() -> list[str]:
    rng = random.Random(7)
    return [sentence(rng) + f" n{n}" for n in range(wordindex.FULL_SEARCH_MAX + 2000)]


def test_a_small_collection_is_searched_whole() -> None:
    assert WordIndex(["one text", "another text"]).candidates("one text", 0.6) is None


def test_the_most_similar_text_is_among_the_candidates(texts: list[str]) -> None:
    index = WordIndex(texts)
    rng = random.Random(3)
    for target in rng.sample(range(len(texts)), 50):
        query = edit(texts[target], rng)
        candidates = index.candidates(query, 0.6)
        assert candidates is not None
        assert len(candidates) <= wordindex.CANDIDATES
        assert candidates == sorted(candidates)
        best = process.extractOne(query, texts, scorer=fuzz.ratio)
        assert best is not None
        assert best[2] in candidates


def test_the_work_of_a_search_is_bounded(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    index = WordIndex(texts)
    counted: list[int] = []

    class Counting(wordindex.Counter[int]):
        def update(self, found: list[int]) -> None:  # type: ignore[override]
            counted.append(len(found or ()))
            super().update(found)

    monkeypatch.setattr(wordindex, "Counter", Counting)
    index.candidates(" ".join(VOCABULARY[:40]), 0.6)  # the commonest words only
    assert 0 < sum(counted) <= wordindex.BUDGET


def test_a_text_without_words_is_compared_with_texts_without_words_of_a_length_near(
    texts: list[str],
) -> None:
    index = WordIndex([*texts, "–", "1.", "— —", "12345678901"])
    found = index.candidates("2.", 0.6)
    assert found is not None
    assert [index_ - len(texts) for index_ in found] == [0, 1, 2]


def test_a_text_whose_words_no_text_has_has_no_candidates(texts: list[str]) -> None:
    assert WordIndex(texts).candidates("entirely unheard of vocabulary", 0.6) == []


def test_candidates_have_a_length_that_can_reach_the_similarity(texts: list[str]) -> None:
    query = texts[10]
    collection = [*texts, query * 3, query[: len(query) // 3]]  # all its words, or a third
    candidates = WordIndex(collection).candidates(query, 0.75)
    assert candidates and 10 in candidates
    for found in candidates:
        shorter, longer = sorted((len(collection[found]), len(query)))
        assert 2 * shorter / (shorter + longer) >= 0.75


SEARCH = """
from i18n_news import wordindex
from i18n_news.wordindex import WordIndex
# Three words in as many texts each, so many that the budget of a search counts one of them.
each = max(wordindex.BUDGET * 3 // 4, wordindex.FULL_SEARCH_MAX // 3 + 1)
texts = [f"{word} u{n}" for n in range(each) for word in ("gamma", "alpha", "beta")]
print(WordIndex(texts).candidates("beta gamma alpha", 0.6))
"""


def test_a_search_finds_the_same_candidates_in_every_process() -> None:
    # Python orders a set of words differently in each process: the index must not.
    found = {
        subprocess.run(
            [sys.executable, "-c", SEARCH],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2", "3", "4", "5")
    }  # fmt: skip
    assert len(found) == 1 and len(next(iter(found))) > 1000


def test_with_a_limit_even_a_small_collection_gives_the_texts_sharing_the_most_rare_words() -> None:
    texts = [
        "the lab opens in Montreal",
        "the lab opens in Stockholm with Vinnova",
        "a lab in Stockholm with Vinnova and RISE",
        "the weather is fine",
    ]
    index = WordIndex(texts)
    assert index.candidates("the lab opens in Stockholm with Vinnova", 0.75) is None
    # "vinnova" and "stockholm" are rarer than "lab" and "the": the texts having both first.
    assert index.candidates("the lab opens in Stockholm with Vinnova", 0.3, limit=2) == [1, 2]
    assert index.candidates("the lab opens in Stockholm with Vinnova", 0.3, limit=1) == [1]
