"""The catalog model's word counts, as translate-toolkit's pocount counts source words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from translate.tools.pocount import wordcount

from i18n_news.catalog import count_words

#: Text as messages have it: words, numbers with dots, abbreviations, tags, line breaks.
TEXT = st.lists(
    st.sampled_from([
        "word", "Québec", "3", "3.14", ".", "..", "e.g.", "U.S.", " ", "\n", "<br/>", "<b>",
        "</b>", "x.y", "٣.٤", "l'IA", "—", "50 %", "www.example.org", "a.", ".b",
    ]),
    max_size=14,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_words_are_counted_as_pocount_counts_them(text: str) -> None:
    assert count_words(text) == wordcount(text)


def test_a_dot_between_letters_splits_them_and_a_decimal_number_is_one_word() -> None:
    # pocount makes "a.Q" a space: "Mila.Quebec" is two words, "2.5" one.
    assert count_words("Mila.Quebec, 2.5 M$.") == wordcount("Mila.Quebec, 2.5 M$.") == 4
    assert count_words("See e.g. the U.S. report: 3.14.") == wordcount(
        "See e.g. the U.S. report: 3.14."
    )
