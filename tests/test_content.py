"""Release sources: front matter and Markdown, with errors naming file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from i18n_news.config import load_config
from i18n_news.content import load_releases, parse_release, slugify
from i18n_news.errors import ContentError

from .conftest import DATA

ZONE = ZoneInfo("America/Toronto")
GOOD = """\
---
title: A title
date: 2022-02-09
dateline: Montreal
summary: A summary.
tags: [partnerships]
---

Body.
"""


def parse(text: str, slug: str = "a-release"):  # type: ignore[no-untyped-def]
    return parse_release(text, "content/a-release.md", ZONE, slug)


def test_front_matter_and_blocks() -> None:
    release = parse_release((DATA / "full-release.md").read_text(), "content/x.md", ZONE, "x")
    assert release.slug == "x"
    assert release.title == "Mila and AI Sweden open a joint *applied AI* lab"
    assert release.date == date(2023, 3, 1)
    assert release.published.tzinfo is not None
    assert release.tags == ("partnerships", "research")
    kinds = [b.kind for b in release.blocks]
    assert kinds[:3] == ["title", "summary", "dateline city"]
    assert {
        "heading",
        "list item",
        "quote",
        "table cell",
        "table header cell",
        "image alt text",
    } <= set(kinds)
    assert [b.line for b in release.blocks[:3]] == [2, 5, 4]
    # The body's first block is on line 9 of the file.
    assert release.blocks[3].line == 9
    assert "Send the form with reference `LAB-2023-01`." in [b.text for b in release.blocks]


def test_slug_from_front_matter_wins() -> None:
    assert parse(GOOD.replace("tags:", "slug: custom-slug\ntags:")).slug == "custom-slug"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("no front matter\n", 1, "must start with '---'"),
        ("---\ntitle: x\n", 1, "not closed"),
        (GOOD.replace("title: A title\n", ""), 2, "lacks 'title'"),
        (GOOD.replace("date: 2022-02-09", "date: 9 Feb 2022"), 3, "is not a date"),
        (
            GOOD.replace("summary: A summary.", "summary: [unclosed"),
            5,
            "on line 6 (while parsing a flow sequence)",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags: [partnerships]\nlanguge: fr"),
            7,
            "unknown front matter key 'languge'",
        ),
        (GOOD.replace("tags: [partnerships]", "tags: 3"), 6, "'tags' must be a list"),
        (GOOD.replace("tags:", "slug: Bad Slug\ntags:"), 6, "slug 'Bad Slug'"),
        (GOOD.replace("tags: [partnerships]", "draft: maybe"), 6, "'draft' must be true or false"),
    ],
)
def test_bad_front_matter_names_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ContentError) as raised:
        parse(text)
    assert message in raised.value.message
    assert raised.value.line == line
    assert str(raised.value).startswith(f"content/a-release.md:{line}: ")


def test_duplicate_slugs_are_an_error(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom(
        {
            "content/2022/same.md": GOOD,
            "content/2023/same.md": GOOD.replace("2022-02-09", "2023-01-01"),
        }
    )
    with pytest.raises(
        ContentError, match=re.escape("duplicate slug 'same': content/2022/same.md has it too")
    ):
        load_releases(load_config(root))


def test_releases_are_sorted_newest_first(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom(
        {
            "content/old.md": GOOD,
            "content/new.md": GOOD.replace("2022-02-09", "2023-01-01"),
        }
    )
    assert [r.slug for r in load_releases(load_config(root))] == ["new", "old"]


def test_crlf_and_bom_sources_are_read(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom()
    path = root / "content" / "crlf.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    [release] = load_releases(load_config(root))
    assert release.title == "A title" and release.blocks[-1].text == "Body."


def test_slugify() -> None:
    assert (
        slugify("Mila announces partnership with AI Sweden")
        == "mila-announces-partnership-with-ai-sweden"
    )
    assert slugify("Québec’s «new» AI hub: 50 % more!") == "quebecs-new-ai-hub-50-more"
    assert len(slugify("word " * 40)) <= 60
