"""The catalog model's word counts, as translate-toolkit's pocount counts source words."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.tools.pocount import wordcount

from i18n_news.catalog import Message, count_words
from i18n_news.catalogs import continued_header_comments

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


MESSAGE = Message(
    "Hello world",
    "Bonjour le monde",
    msgctxt="menu",
    locations=(("content/a.md", 3),),
    auto_comments=("paragraph",),
    translator_comments=("checked",),
    flags=("markdown-text",),
    previous_msgid="Hello",
    lineno=12,
)
CHANGES = st.dictionaries(
    st.sampled_from(
        ["msgid", "msgstr", "msgctxt", "previous_msgid", "obsolete", "flags", "lineno"]
    ),
    st.one_of(st.text("ab é", max_size=5), st.none(), st.booleans(), st.integers(0, 9)),
)


@settings(deadline=None)
@given(CHANGES)
def test_a_message_replaced_is_what_dataclasses_replace_makes(changes: dict[str, Any]) -> None:
    replaced = MESSAGE.replaced(**changes)
    expected = replace(MESSAGE, **changes)
    assert vars(replaced) == vars(expected) and replaced == expected
    # As small in memory as any message read (see test_pofile).
    assert sys.getsizeof(vars(replaced)) == sys.getsizeof(vars(MESSAGE))
    assert vars(MESSAGE)["msgstr"] == "Bonjour le monde"  # the original is left as it was


def test_replacing_a_field_a_message_does_not_have_fails() -> None:
    with pytest.raises(TypeError, match="msgtext"):
        MESSAGE.replaced(msgtext="x")


def test_a_continued_catalog_is_named_for_its_release_now_and_keeps_its_translators() -> None:
    made = [
        "French translations for “The lab opens”.",
        "Copyright (C) Mila News",
        "Source page: https://example.org/en/lab-opens/",
        "",
    ]
    former = [
        "French (Canada) translations for “The lab will open”.",
        "Copyright (C) Mila News",
        "Source page: https://example.org/en/lab/",
        "Marie Tremblay <marie@example.org>, 2022.",
        "",
    ]
    assert continued_header_comments(made, former) == [
        *made[:3],
        "Marie Tremblay <marie@example.org>, 2022.",
        "",
    ]
    assert continued_header_comments(made, [*former[:3], ""]) == made
    assert continued_header_comments(made[:3], former) == [*made[:3], former[3]]
