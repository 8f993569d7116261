"""Front matter is read as YAML's safe loader reads it, with each value's line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from i18n_news.content import split_front_matter
from i18n_news.errors import ContentError
from i18n_news.front_matter import read_front_matter, read_plain
from i18n_news.yaml_front_matter import read_yaml_front_matter

REPOSITORY = Path(__file__).resolve().parent.parent

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


def typed(value: Any) -> Any:
    """A value with the type of each of its parts: ``True`` is not ``1``, a date not text."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value), value)


#: Pieces of plain values and of what only looks plain: YAML's indicators, comments, quotes
#: and escapes, YAML 1.1's booleans and null, numbers and dates, and characters YAML does not
#: allow or reads as line breaks.
PIECES = st.sampled_from([
    "Mila", "AI Sweden", "Québec", "Montreal’s", "yes", "No", "ON", "off", "true", "False",
    "null", "Null", "~", "12", "3.10", "-5", "+1", ".5", "0x1F", "1e3", "2022-02-09",
    "2022-2-9", "2022-02-30", "2022-02-09T09:00:00-05:00", "<<", "=", " ", "  ", ":", ": ",
    "#", " #", "'", "''", '"', "\\", ",", "[", "]", "{", "}", "-", "- ", "?", "&a", "*a",
    "!", "!!str", "|", ">", "%", "@", "`", "\t", "\u00a0", "\u2028", "\x85", "\x7f",
    "\u200b", "😀",
])  # fmt: skip
WORDS = st.sampled_from(["Mila", "research", " ", "AI", "d’Umeå", "health", "2022"])
PLAIN_TEXT = st.lists(st.one_of(WORDS, WORDS, PIECES), min_size=1, max_size=4).map("".join)
PLAIN_VALUE = st.one_of(
    PLAIN_TEXT,
    PLAIN_TEXT.map(lambda text: f'"{text}"'),
    PLAIN_TEXT.map(lambda text: f"'{text}'"),
    st.lists(PLAIN_TEXT, max_size=4).map(lambda items: f"[{', '.join(items)}]"),
    st.lists(PLAIN_TEXT, max_size=3).map(
        lambda items: "[" + ",".join(f'"{i}"' for i in items) + "]"
    ),
)
PLAIN_KEYS = st.sampled_from(["title", "summary", "date", "tags", "draft", "og-image", "_x", "on"])
PLAIN_LINE = st.one_of(
    st.tuples(PLAIN_KEYS, st.sampled_from([": ", ":  ", ":", " : "]), PLAIN_VALUE).map("".join),
    st.sampled_from(["", "# a comment", "  # indented", "  - item", "---", "..."]),
)
PLAIN_FRONT = st.lists(PLAIN_LINE, min_size=1, max_size=6).map("\n".join)


@settings(max_examples=3000, deadline=None)
@given(PLAIN_FRONT)
@example('title: "Mila, AI Sweden"\ndate: 2022-02-09\ntags: [health, "AI safety"]\ndraft: no')
@example("title: 'It''s here'\n\n# note\nsummary: C# and F#, [sic]")
def test_plain_front_matter_is_read_as_pyyaml_reads_it(front: str) -> None:
    plain = read_plain(front)
    if plain is None:  # not plain: PyYAML reads it
        return
    data, lines, sources = plain
    # Keys as written ("on", not YAML's True), values as the safe loader makes them
    assert typed(list(data.values())) == typed(list(yaml.safe_load(front).values()))
    yaml_data, yaml_lines, yaml_sources = read_yaml_front_matter(front, "content/release.md")
    assert (typed(data), lines, sources) == (typed(yaml_data), yaml_lines, yaml_sources)


def test_what_yaml_reads_otherwise_is_not_plain() -> None:
    for front in [
        "title: Mila: a new era", "title: 12", "title: null", "title: ~", "title: Hello # note",
        "tags: [2022, health]", "tags: [on]", "tags: [a, [b]]", "tags: [a,]", "title: 'it's'",
        'title: "esc\\"q"', "date: 2022-02-30", "title: A\u00a0B", "title: -x", "title:",
        "title: a\ntitle: b", "  title: a", "title: |\n  a", "extra:\n  a: b",
    ]:  # fmt: skip
        assert read_plain(front) is None, front


def test_the_releases_newsrooms_write_are_read_without_pyyaml(tmp_path: Path) -> None:
    generate(20, tmp_path)
    releases = [*REPOSITORY.glob("content/**/*.md"), *tmp_path.glob("content/**/*.md")]
    assert len(releases) > 20
    for path in releases:
        front = split_front_matter(path.read_text(encoding="utf-8"), str(path))[0]
        plain = read_plain(front)
        assert plain is not None, path
        assert isinstance(plain[0]["date"], date) and isinstance(plain[0]["tags"], list)
