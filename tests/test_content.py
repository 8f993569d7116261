"""Release sources: front matter and Markdown, with errors naming file and line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_news import content
from i18n_news.cache import cache_for, save_caches
from i18n_news.config import load_config
from i18n_news.content import load_releases, parse_release, slugify, split_front_matter
from i18n_news.errors import ContentError
from i18n_news.layout import NOT_OWN

from .conftest import DATA
from .system_tools import as_unprivileged

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


def parse_error(text: str) -> str:
    """The error a release of ``text`` is, as a command prints it."""
    with pytest.raises(ContentError) as raised:
        parse(text)
    return str(raised.value)


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
            "the list in brackets that opens here is not closed (did not find expected ',' or ']')",
        ),
        (
            GOOD.replace("summary: A summary.", "summary: 'unclosed"),
            5,
            "the quoted text that opens here is not closed",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags:\n - a\n  b: c"),
            8,
            "front matter is not valid YAML: mapping values are not allowed in this context",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags: [partnerships]\nlanguge: fr"),
            7,
            "unknown front matter key 'languge'",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags: [partnerships]\nimage: a.jpg\nauthor: Ann"),
            7,
            "unknown front matter key 'image', and 'author' on line 8 (valid keys: title,",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags:\n\t- partnerships"),
            7,
            "front matter is not valid YAML: a tab, where YAML takes only spaces to indent: "
            "write spaces",
        ),
        (GOOD.replace("dateline:", "\tdateline:"), 4, "a tab, where YAML takes only spaces"),
        (GOOD.replace("tags: [partnerships]", "tags: 3"), 6, "'tags' must be a list"),
        (
            GOOD.replace("tags: [partnerships]", "tags: health, research"),
            6,
            "'tags' is one text with commas: write a list, tags: [health, research]",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags: [partnerships, 2026]"),
            6,
            "a tag is read as a number (2026), not as a name: put it in quotes",
        ),
        (
            GOOD.replace("tags: [partnerships]", "tags: [on]"),
            6,
            "a tag is read as true or false (true), not as a name: put it in quotes",
        ),
        (GOOD.replace("tags:", "slug: Bad Slug\ntags:"), 6, "slug 'Bad Slug'"),
        (GOOD.replace("tags: [partnerships]", "draft: maybe"), 6, "'draft' must be true or false"),
        (
            GOOD.replace("tags: [partnerships]", "tags: [partnerships]\ntitle: Another"),
            7,
            "front matter key 'title' is given twice (first on line 2)",
        ),
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


def test_a_control_character_in_the_body_is_an_error_at_its_line() -> None:
    # Word's manual line break, pasted with the text: no page can show it, and a translator
    # who kept it would have an error of its own.
    body = GOOD + "\nSecond paragraph,\nwith a line\x0bbreak from Word.\n"
    assert parse_error(body) == (
        "content/a-release.md:12: a vertical tab (U+000B, a word processor's line break) in "
        "the text: end the line with a backslash for a line break, or delete it"
    )
    assert parse_error(GOOD + "\x85\n") == (
        "content/a-release.md:10: a control character (U+0085) in the text, which no page can "
        "show: delete it"
    )
    # A tab is text.
    assert parse(GOOD + "\n\tindented code\n").slug == "a-release"


def test_slugify() -> None:
    assert (
        slugify("Mila announces partnership with AI Sweden")
        == "mila-announces-partnership-with-ai-sweden"
    )
    assert slugify("Québec’s «new» AI hub: 50 % more!") == "quebecs-new-ai-hub-50-more"
    assert len(slugify("word " * 40)) <= 60
    # Letters that do not decompose into a letter and an accent are written as in ASCII.
    assert slugify("Øresund bridge: Straße in Łódź") == "oresund-bridge-strasse-in-lodz"
    assert slugify("Æon and œuvre, Þórsmörk") == "aeon-and-oeuvre-thorsmork"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-02-30", "'2022-02-30' cannot be read as a date: day is out of range for month"),
        ("2022-13-01", "'2022-13-01' cannot be read as a date: month must be in 1..12"),
        ("0000-01-01", "'0000-01-01' cannot be read as a date: year 0 is out of range"),
        (
            "2022-02-09T09:00:00+25:00",
            "'2022-02-09T09:00:00+25:00' cannot be read as a date: "
            "a time zone must be less than 24 hours from UTC",
        ),
        (
            "2022-02-09T24:00:00",
            "'2022-02-09T24:00:00' cannot be read as a date: hour must be in 0..23",
        ),
        (
            "0001-01-01T00:00:00+05:00",
            "0001-01-01 00:00:00+05:00 is too far in the past or the future",
        ),
        (
            "9999-12-31T23:00:00-05:00",
            "9999-12-31 23:00:00-05:00 is too far in the past or the future",
        ),
        ("!!timestamp never", "'never' cannot be read as a date"),
        ("!!int abc", "'abc' cannot be read as a whole number"),
        ("!!int ''", "'' cannot be read as a whole number"),
        ("!!float x", "'x' cannot be read as a number"),
        ("!!bool maybe", "'maybe' cannot be read as true or false"),
        ("[a, b]", "a list is not a date (write 2022-02-09 or 2022-02-09T09:00-05:00)"),
        ("!!binary aGk=", "binary data is not a date (write 2022-02-09 or 2022-02-09T09:00-05:00)"),
    ],
)
def test_values_yaml_cannot_make_are_errors_at_their_line(value: str, message: str) -> None:
    # PyYAML raised ValueError, KeyError, IndexError or AttributeError for the YAML values,
    # and the dates out of range raised OverflowError.
    error = parse_error(GOOD.replace("date: 2022-02-09", f"date: {value}"))
    assert error == f"content/a-release.md:3: {message}"


def test_an_update_or_an_embargo_before_the_releases_date_is_an_error_at_its_line() -> None:
    dated = GOOD.replace("tags: [partnerships]\n", "tags: [partnerships]\n{}\n")
    # An embargo that lifts before the date would publish the release early, dated ahead.
    assert parse_error(dated.format("embargo: 2021-02-09T09:00:00-05:00")) == (
        "content/a-release.md:7: the embargo 2021-02-09T09:00:00-05:00 is before the "
        "release's date 2022-02-09: move one or the other"
    )
    assert parse_error(dated.format("updated: 2001-01-01")) == (
        "content/a-release.md:7: 'updated' 2001-01-01 is before the release's date 2022-02-09"
    )
    # The same day (an embargo at the morning's news conference, a same-day correction).
    release = parse(dated.format("embargo: 2022-02-09T09:00:00-05:00\nupdated: 2022-02-09"))
    assert release.embargo is not None and release.updated is not None
    # Out at its embargo, the day its date says: that is when it was published, and when it
    # last changed (a correction written as a day alone is no earlier).
    assert release.published.isoformat() == "2022-02-09T09:00:00-05:00"
    assert release.modified == release.published and release.date.isoformat() == "2022-02-09"
    # Dated to the minute, an embargo earlier that day would publish it ahead of its time.
    timed = dated.replace("date: 2022-02-09", "date: 2022-02-09T17:00:00-05:00")
    assert parse_error(timed.format("embargo: 2022-02-09T09:00:00-05:00")) == (
        "content/a-release.md:7: the embargo 2022-02-09T09:00:00-05:00 is before the "
        "release's date 2022-02-09T17:00:00-05:00: move one or the other"
    )
    corrected = parse(timed.format("updated: 2022-02-09"))
    assert corrected.modified.isoformat() == "2022-02-09T17:00:00-05:00"


def test_a_number_too_long_for_python_is_an_error_or_kept_as_written() -> None:
    with pytest.raises(ContentError) as raised:
        parse(GOOD.replace("title: A title", "title: " + "9" * 5000))
    assert raised.value.line == 2
    assert raised.value.message.endswith(
        "…' cannot be read as a whole number (put it in quotes if it is text)"
    )
    assert len(str(raised.value)) < 200
    # Hexadecimal has no length limit, but Python cannot write it back in decimal.
    hexadecimal = "0x" + "f" * 5000
    assert parse(GOOD.replace("title: A title", f"title: {hexadecimal}")).title == hexadecimal


def test_numbers_as_text_are_kept_as_written() -> None:
    assert parse(GOOD.replace("summary: A summary.", "summary: 3.10")).summary == "3.10"


def test_a_huge_value_is_not_written_into_the_message() -> None:
    # Ten levels of nine aliases: billions of items if written out.
    lists = ["&a0 [x, x, x, x, x, x, x, x, x]"] + [
        f"&a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
    ]
    text = f"---\ntitle: A title\nsummary: [{', '.join(lists)}]\ndate: *a9\ndateline: M\n---\n"
    assert parse_error(text) == (
        "content/a-release.md:4: a list is not a date (write 2022-02-09 or 2022-02-09T09:00-05:00)"
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("tags:", 'slug: "abc\\n"\ntags:', 6, r"slug 'abc\n' must be lower-case"),
        ("tags: [partnerships]", "policy: {1: a, below: hold}", 6, "unknown key 1 in 'policy'"),
        ("title: A title", "title: [a]\n? [b]\n: c", 3, "front matter keys must be names"),
        ("title: A title", "title: a\x00", 2, "character U+0000 is not allowed in YAML"),
        ("title: A title", "title: {a: 1}", 2, "'title' must be text, not a mapping"),
        ("tags:", "x" * 200 + ": 1\ntags:", 6, "unknown front matter key 'xxxxxxxxx"),
        ("tags:", "contact: Ann\ntags:", 6, "policy, extra; your own go under 'extra:')"),
        (
            "tags:",
            "extra: [a, b]\ntags:",
            6,
            "'extra' must be a mapping of names to values, not a list",
        ),
        ("tags:", "extra:\n  on: x\ntags:", 7, "'extra' key true must be text (put it in quotes)"),
    ],
)
def test_more_bad_front_matter_names_the_line(old: str, new: str, line: int, message: str) -> None:
    with pytest.raises(ContentError) as raised:
        parse(GOOD.replace(old, new))
    assert message in raised.value.message
    assert raised.value.line == line
    assert len(str(raised.value).splitlines()) == 1 and len(str(raised.value)) < 250


def test_lines_are_counted_as_editors_count_them() -> None:
    # A lone CR ends a line; U+2028 and U+0085, line breaks to YAML, do not.
    for text in (
        GOOD.replace("\n", "\r").replace("dateline: Montreal", "dateline: [Montreal"),
        GOOD.replace("title: A title", "title: 'A\u2028title'\u0085").replace(
            "dateline: Montreal", "dateline: [Montreal"
        ),
    ):
        with pytest.raises(ContentError) as raised:
            parse(text)
        assert raised.value.line == 4, raised.value
    release = parse(GOOD.replace("\n", "\r"))
    assert release.lines["summary"] == 5 and release.blocks[-1].line == 9
    # A byte order mark, as ``git show`` gives it.
    assert parse("\ufeff" + GOOD).title == "A title"


def test_invalid_utf8_names_the_line(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom()
    path = root / "content" / "latin1.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("Montreal", "Montr\xe9al").encode("latin-1"))
    with pytest.raises(ContentError) as raised:
        load_releases(load_config(root))
    assert str(raised.value) == (
        "content/latin1.md:4: not valid UTF-8: byte 0xE9 (invalid continuation byte); "
        "save the file as UTF-8"
    )


def test_a_slug_of_digits_is_read_as_written() -> None:
    assert parse(GOOD.replace("tags:", "slug: 2022\ntags:")).slug == "2022"
    with pytest.raises(ContentError, match=r":6: 'slug' must be text, not a date$"):
        parse(GOOD.replace("tags:", "slug: 2022-02-09\ntags:"))


def test_heads_are_the_releases_without_their_bodies_and_read_without_them(
    make_newsroom: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_newsroom({"content/a.md": GOOD, "content/b.md": GOOD.replace("2022", "2023")})
    config = load_config(root)
    whole = load_releases(config)
    heads = load_releases(config, heads=True)
    assert [head.slug for head in heads] == [release.slug for release in whole] == ["b", "a"]
    for head, release in zip(heads, whole, strict=True):
        assert head == release.head() and not head.has_body and release.has_body
        assert (head.title, head.published, head.tags) == (release.title, release.published,
                                                          release.tags)  # fmt: skip
        assert head.body == "" and head.blocks == () and release.blocks[-1].text == "Body."
    save_caches()
    # Another command reads them back from their own store: nothing parsed, and the whole
    # releases, ten times larger, not read at all.
    monkeypatch.setattr("i18n_news.cache._CACHES", {})
    parsed: list[Path] = []
    parse = content.parse_release_file
    monkeypatch.setattr(content, "parse_release_file", lambda path, *a, **k: parsed.append(path)
                        or parse(path, *a, **k))  # fmt: skip
    assert load_releases(config, heads=True) == heads and parsed == []
    assert all(shard.entries is None for shard in cache_for(root).store("releases").shards)
    # A changed file has a new head.
    (root / "content/a.md").write_text(GOOD.replace("A title", "New title"), encoding="utf-8")
    assert [h.title for h in load_releases(config, heads=True)] == ["A title", "New title"]
    assert parsed == [root / "content/a.md"]


def test_extra_front_matter_is_kept_as_yaml_reads_it() -> None:
    release = parse(
        GOOD.replace(
            "tags: [partnerships]",
            "extra:\n  contact: Ann Smith\n  phone: '+1 514 555 0100'\n"
            "  photos: [a.jpg, b.jpg]\n  event: 2022-03-01\n  media-kit: {size: 3}",
        )
    )
    assert release.extra == {
        "contact": "Ann Smith",
        "phone": "+1 514 555 0100",
        "photos": ["a.jpg", "b.jpg"],
        "event": date(2022, 3, 1),
        "media-kit": {"size": 3},
    }
    # Not translated: no message is made of it.
    assert "Ann Smith" not in [block.text for block in release.blocks]
    assert release.head().extra == release.extra
    assert parse(GOOD.replace("tags: [partnerships]", "extra:")).extra == {}


def split_line_by_line(text: str) -> tuple[str, str, int] | str:
    """Front matter, body and the body's first line, found line by line; or the error."""
    lines = text.split("\n")
    fence = re.compile(r"^---[ \t]*$")
    if not fence.match(lines[0].rstrip("\r")):
        return "a release must start with '---'"
    for index in range(1, len(lines)):
        if fence.match(lines[index].rstrip("\r")):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "front matter is not closed"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "---",
                "--- ",
                "---\t",
                "----",
                " ---",
                "---x",
                "a: b",
                "",
                "text --- more",
                "\r",
                "---\r",
                "- item",
            ]
        ),
        max_size=8,
    )
)
def test_front_matter_is_split_from_the_body_as_line_by_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    expected = split_line_by_line(text)
    if isinstance(expected, str):
        with pytest.raises(ContentError, match=expected):
            split_front_matter(text, "content/release.md")
    else:
        assert split_front_matter(text, "content/release.md") == expected


def _templates(root: Path) -> dict[str, bytes]:
    folder = root / "locales/templates/releases"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pot"))}


def test_hidden_files_and_folders_in_content_are_no_releases(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    root = sample_newsroom
    source = root / "content/2022/mila-ai-sweden-partnership.md"
    # macOS' resource fork of a release (AppleDouble bytes), a trash, an editor's hidden copy.
    (root / "content/2022/._mila-ai-sweden-partnership.md").write_bytes(b"\x00\x05\x16\x07\x00")
    for name in (".trash/old-copy.md", "2022/.drafts/next-year.md"):
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_bytes(source.read_bytes())
    templates = _templates(root)
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    assert _templates(root) == templates
    status = json.loads(run(root, "status", "--json").output)
    assert sorted(release["slug"] for release in status["releases"]) == sorted(
        name.removesuffix(".pot") for name in templates
    )
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    assert "3 release(s)" in result.output
    assert not (root / "public/en/old-copy").exists()


def test_a_linked_folder_of_the_newsroom_is_followed_and_others_are_refused(
    sample_newsroom: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    root = sample_newsroom
    templates = _templates(root)
    (root / "archive").mkdir()
    (root / "content/2022").rename(root / "archive/2022")
    (root / "content/2022").symlink_to("../archive/2022")
    result = run(root, "extract")
    assert result.exit_code == 0 and "removed" not in result.output, result.output
    assert _templates(root) == templates
    result = run(root, "build")
    assert result.exit_code == 0 and "3 release(s)" in result.output, result.output
    # The same folder out of the newsroom: refused, nothing written.
    shutil.rmtree(root / "public")
    (root / "archive").rename(tmp_path / "archive")
    (root / "content/2022").unlink()
    (root / "content/2022").symlink_to(tmp_path / "archive/2022")
    outside = os.path.realpath(tmp_path / "archive/2022")
    for command in ("build", "extract", "status"):
        result = run(root, command)
        assert result.exit_code == 1
        assert result.output == f"error: content/2022: a link to {outside}, {NOT_OWN}\n"
    assert not (root / "public").exists() and _templates(root) == templates


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda root: shutil.rmtree(root / "content"),
         "content: no such folder: the newsroom's releases go in it ('i18n-news init' makes it)"),
        (lambda root: (root / "content/2022").chmod(0),
         "content/2022: cannot list the folder: Permission denied"),
        (lambda root: (root / "content/2022/mila-ai-sweden-partnership.md").unlink()
         or (root / "content/2022/mila-ai-sweden-partnership.md").symlink_to("gone.md"),
         "content/2022/mila-ai-sweden-partnership.md: a link to {root}/content/2022/gone.md, "
         "which is not there"),
    ],
)  # fmt: skip
def test_releases_that_cannot_be_read_stop_every_command_and_keep_their_templates(
    sample_newsroom: Path,
    run: Callable[..., Result],
    make: Callable[[Path], None],
    expected: str,
) -> None:
    root = sample_newsroom
    assert run(root, "build").exit_code == 0
    site = {path: path.read_bytes() for path in (root / "public").rglob("*") if path.is_file()}
    templates = _templates(root)
    make(root)
    try:
        for command in ("extract", "build", "status", "check"):
            if "cannot list" in expected:  # by a process permissions bind (not root's)
                process = subprocess.run(
                    [*as_unprivileged(), sys.executable, "-m", "i18n_news", "-C", str(root),
                     command], capture_output=True, text=True, check=False,
                )  # fmt: skip
                code, output = process.returncode, process.stdout + process.stderr
            else:
                result = run(root, command)
                code, output = result.exit_code, result.output
            assert code == 1, (command, output)
            shown = expected.format(root=os.path.realpath(root))
            assert output == f"error: {shown}\n", command
        assert _templates(root) == templates
        assert {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()} == site
    finally:
        if (root / "content/2022").is_dir():
            (root / "content/2022").chmod(0o755)
