"""Front matter is read as YAML's safe loader reads it, with each value's line."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_news.errors import ContentError
from i18n_news.front_matter import read_front_matter

#: Values as writers write them, and as they mistype them: text plain and quoted, numbers,
#: dates, YAML 1.1's booleans, lists, mappings, explicit tags, anchors and aliases.
VALUES = st.sampled_from([
    '"Quoted: text"', "plain text", "'single ''quoted'''", '"esc\\u00e9 \\"q\\""', "2022-02-09",
    "2022-02-09T09:00:00-05:00", "2022-02-30", "yes", "on", "3.10", "0x1F", "12", "~", "",
    "[health, research]", "[a, [b]]", "{a: 1, b: [c]}", "!!str 12", "!!int abc", "&anchor text",
    "*anchor", "- item", '"unclosed', "a: b: c", "|\n  kept\n  lines", ">\n  folded\n  lines",
])  # fmt: skip
KEYS = st.sampled_from(["title", "summary", "date", "tags", "extra", "dateline"])
FRONT = st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=5, unique_by=lambda kv: kv[0]).map(
    lambda pairs: "\n".join(f"{key}: {value}" for key, value in pairs)
)


@settings(max_examples=400, deadline=None)
@given(FRONT)
def test_front_matter_is_what_the_safe_loader_makes_of_it(front: str) -> None:
    try:
        expected = yaml.safe_load(front)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        with pytest.raises(ContentError):
            read_front_matter(front, "content/release.md")
        return
    data, lines, _ = read_front_matter(front, "content/release.md")
    assert data == expected
    for key in data:  # each value's line in the file: the front matter starts on line 2
        written = next(n for n, line in enumerate(front.split("\n")) if line.startswith(key))
        assert lines[key] >= written + 2


def test_a_value_that_cannot_be_made_is_an_error_at_its_line() -> None:
    with pytest.raises(ContentError) as caught:
        read_front_matter('title: "Hello"\ndate: 2022-02-30', "content/release.md")
    assert caught.value.line == 3 and "2022-02-30" in str(caught.value)
