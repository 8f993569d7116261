"""Fuzzing the readers: any release file gives a release or one clean ``path:line: message``.

Front matter is fuzzed as bytes (BOM, CRLF, NUL, invalid UTF-8), as text, and as almost
valid YAML whose values have the wrong types, so that every validation step is reached.
Markdown bodies are random mixes of CommonMark and GFM constructs, extracted and rendered
with the source text and with hostile translations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from i18n_news.cli import cli
from i18n_news.config import Config, load_config
from i18n_news.content import OPTIONAL, REQUIRED, parse_release, read_release
from i18n_news.errors import ContentError
from i18n_news.markup import (
    extract_blocks,
    inline_plain_text,
    new_parser,
    parse_body,
    render_body,
    render_inline,
)
from i18n_news.model import Release

from .conftest import CONFIG, DATA

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
ZONE = ZoneInfo("America/Toronto")
PATH = "content/fuzz.md"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LETTER = re.compile(r"[^\W\d_]")
KINDS = {
    "title", "summary", "dateline city", "paragraph", "heading", "list item", "quote",
    "table cell", "table header cell", "image alt text", "image title", "link title",
}  # fmt: skip


def file_lines(text: str) -> int:
    """How many lines an editor shows: ``\\n``, ``\\r\\n`` and a lone ``\\r`` end a line."""
    return len(re.split(r"\r\n|\r|\n", text))


def check_error(error: ContentError, lines: int) -> None:
    """One line naming the file, and a line of the file when it names one."""
    shown = str(error)
    assert len(shown.splitlines()) == 1, shown
    assert error.path == PATH
    assert len(error.message) < 500, shown
    if error.line is None:
        assert shown.startswith(f"{PATH}: ")
    else:
        assert 1 <= error.line <= lines, (error.line, lines, shown)
        assert shown.startswith(f"{PATH}:{error.line}: ")


def check_release(release: Release, lines: int) -> None:
    """What a release promises to the stages after it."""
    assert SLUG.fullmatch(release.slug), release.slug
    for text in (release.title, release.summary, release.dateline):
        assert isinstance(text, str) and text and text == " ".join(text.split())
    assert all(isinstance(tag, str) and tag.strip() == tag and tag for tag in release.tags)
    for moment in (release.published, release.updated, release.embargo):
        if moment is not None:
            assert moment.tzinfo is not None
            moment.astimezone(UTC)  # in range in every zone
    assert isinstance(release.draft, bool)
    for block in release.blocks:
        assert block.kind in KINDS and isinstance(block.text, str)
        assert 1 <= block.line <= lines, (block, lines)


def parse_or_clean_error(text: str) -> Release | None:
    try:
        release = parse_release(text, PATH, ZONE, "fuzz")
    except ContentError as error:
        check_error(error, file_lines(text))
        return None
    check_release(release, file_lines(text))
    return release


# --- Release files as bytes -------------------------------------------------------------

SEEDS = [
    (DATA / "full-release.md").read_bytes(),
    b"""---
title: A *title*
date: 2022-02-09T09:00:00-05:00
dateline: Montreal
summary: A summary.
tags: [partnerships, research]
slug: a-slug
draft: false
updated: 2022-03-01
embargo: 2022-02-09T08:00:00-05:00
policy: {min_translated: 100, below: hold}
---
Body.
""",
]
NASTY_BYTES = [
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\r", b"\r\n", b"\n",
    b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\xc2\x85", b"\x0b", b"\x1b", b"---", b"---\n", b"\t",
    b":", b": ", b"[", b"{", b"'", b'"', b"&a ", b"*a", b"!!int ", b"!!timestamp ", b"? ",
    b"- ", b"#", b"|", b">", b"\\", b"%YAML 1.1\n", b"...\n", b"<<: ", b"9" * 50,
]  # fmt: skip


@st.composite
def mutated_release(draw: st.DrawFn) -> bytes:
    """A valid release file with a few bytes inserted or deleted, maybe with CRLF and a BOM."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 5))):
        position = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            insert = draw(st.sampled_from(NASTY_BYTES) | st.binary(min_size=1, max_size=3))
            data[position:position] = insert
        else:
            del data[position : draw(st.integers(position, min(len(data), position + 12)))]
    result = bytes(data)
    if draw(st.booleans()):
        result = result.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r"])))
    if draw(st.booleans()):
        result = b"\xef\xbb\xbf" + result
    return result


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "i18n-news.toml").write_text(CONFIG, encoding="utf-8")
    (root / "content").mkdir()
    return load_config(root)


@settings(max_examples=400, deadline=None)
@given(
    st.binary(max_size=300)
    | st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass"))
    | mutated_release()
)
def test_any_file_gives_a_release_or_a_clean_error(newsroom: Config, data: bytes) -> None:
    path = newsroom.root / PATH
    path.write_bytes(data)
    lines = file_lines(data.decode("utf-8", "replace"))
    try:
        release = read_release(path, newsroom)
    except ContentError as error:
        check_error(error, lines)
    else:
        check_release(release, lines)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_any_text_between_fences_gives_a_release_or_a_clean_error(front: str, body: str) -> None:
    parse_or_clean_error(f"---\n{front}\n---\n{body}")


# --- Almost valid front matter ----------------------------------------------------------

LINE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1)
SLUGS = st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) < 40)
ZONES = st.none() | st.integers(-23 * 60, 23 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
MOMENTS = st.datetimes(datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=ZONES)
DATES = st.dates(date(1970, 1, 1), date(2100, 1, 1)) | MOMENTS
POLICIES = st.fixed_dictionaries(
    {},
    optional={
        "min_translated": st.integers(0, 100) | st.floats(0, 100),
        "measure": st.sampled_from(["words", "messages"]),
        "fuzzy_blocks": st.booleans(),
        "below": st.sampled_from(["hold", "fallback"]),
    },
)
VALID: dict[str, st.SearchStrategy[Any]] = {
    "title": LINE_TEXT.filter(lambda text: bool(text.split())),
    "date": DATES,
    "dateline": LINE_TEXT.filter(lambda text: bool(text.split())),
    "summary": LINE_TEXT.filter(lambda text: bool(text.split())),
    "tags": st.lists(SLUGS, max_size=4),
    "slug": SLUGS,
    "draft": st.booleans(),
    "updated": DATES,
    "embargo": st.datetimes(
        datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=ZONES.filter(bool)
    ),
    "policy": POLICIES,
    "extra": st.dictionaries(
        st.text(max_size=8), st.integers() | LINE_TEXT | st.lists(SLUGS, max_size=3), max_size=3
    ),
}

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**40) | st.integers(max_value=-(10**40)),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "../x", "a/b", "../../etc/passwd", "Abc", "a--b", "-a", "a-", "a\n"]),
    st.dates(),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.binary(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["measure", "below", "x"]) | st.text(max_size=6), children, max_size=3
        )
        | st.sets(st.integers(0, 9), max_size=3)
    ),
    max_leaves=8,
)
#: Values written as YAML source, for what ``yaml.safe_dump`` never writes.
RAW = st.sampled_from([
    "2022-02-30", "2022-13-01", "2022-02-09T09:00:00+25:00", "2022-02-09T24:00:00",
    "2022-02-09t09:00:00.123456789z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00",
    "0001-01-01", "9999-12-31", "0000-01-01", "2022-02-09 09:00", "2022-02-09T09:00Z",
    "'2022-02-09T09:00'", "'2022-02-09T09:00+99:00'", "'0001-01-01T00:00+05:00'", "20220209",
    "1e400", "-.inf", ".nan", "0o777", "0x_ff", "1_000", "190:20:30", "9" * 5000,
    "0x" + "f" * 5000, "0b" + "1" * 20000, "-" + "9" * 4301, "1." + "0" * 5000,
    "!!int abc", "!!int ''", "!!float x", "!!bool maybe", "!!timestamp never",
    "!!timestamp 2022-02-30", "!!binary ###", "!!binary aGk=", "!!set {a, b}", "!!omap [a: 1]",
    "!!omap [a, b]", "!!pairs {a: 1}", "!!str 12", "!!null ''", "!!map [a]", "!!seq {a: 1}",
    "!<tag:example.org,2000:x> y", "!custom x", "!!python/object:os.system x", "&a [*a]",
    "&a {k: *a}", "*undefined", "[a, [b, {c: d}]]", "{}", "[]", "''", '""', "~", "|\n  block\n  text",
    ">\n  folded\n\n  text", '"esc\\x00aped"', '"\\u2028line\\u2029sep"', '"tab\\there"',
    "[../x, a/b]", "[1, 2]", "[[a]]", "[null]", "['  ']", "{a: 1}", "[a, A, a]", "x\r  y",
    "'a\u2028b'", "a\u0085b", "'unclosed", "[unclosed", "{a: [b}", "\t", "a: b", "- a",
])  # fmt: skip
KEYS = st.sampled_from([*REQUIRED, *OPTIONAL]) | st.sampled_from(
    ["tittle", "Title", "1", "null", "true", "<<", "lang", "date ", "x" * 300]
)


def dump(key: str, value: Any, flow: bool | None) -> str:
    """``key: value`` as YAML, the value in flow style (``[a, b]``) or block style."""
    if flow:
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
        text = text.removesuffix("\n").removesuffix("\n...")
        if "\n" not in text:
            return f"{key}: {text}"
    if not isinstance(value, list | dict | set):
        flow = False  # else the whole mapping would be written in flow style
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=flow).rstrip("\n")


@st.composite
def almost_valid_release(draw: st.DrawFn) -> str:
    """A valid release with one to four of its front matter lines changed, added or removed."""
    keys = [key for key in [*REQUIRED, *OPTIONAL] if key in REQUIRED or draw(st.booleans())]
    lines = {key: dump(key, draw(VALID[key]), False) for key in keys}
    aliases: list[tuple[str, str]] = []
    for number in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        change = draw(st.sampled_from(["value", "raw", "drop", "other", "policy", "alias"]))
        if change == "drop":
            lines.pop(key, None)
        elif change == "value":
            lines[key] = dump(key, draw(VALUES), draw(st.none() | st.booleans()))
        elif change == "raw":
            lines[key] = f"{key}: {draw(RAW)}"
        elif change == "other":  # a valid value of another key: a date as the title...
            lines[key] = dump(
                key, draw(st.sampled_from(list(VALID.values())).flatmap(lambda s: s)), None
            )
        elif change == "policy":
            names = st.sampled_from(["min_translated", "measure", "fuzzy_blocks", "below", "x"])
            policy = draw(st.dictionaries(names | st.integers() | st.none(), VALUES, max_size=4))
            lines["policy"] = dump("policy", policy, draw(st.none() | st.booleans()))
        else:  # the value of another key, by an alias
            other = draw(st.sampled_from(sorted(set(lines) - {key}) or ["title"]))
            lines[other] = f"{other}: &v{number} {draw(RAW)}"
            lines[key] = f"{key}: *v{number}"
            aliases.append((other, key))
    order = draw(st.permutations(sorted(lines)))
    for anchor, alias in aliases:  # an anchor comes before its aliases
        if alias in order and anchor in order and order.index(alias) < order.index(anchor):
            order.remove(anchor)
            order.insert(order.index(alias), anchor)
    return "---\n" + "\n".join(lines[key] for key in order) + "\n---\n\nBody.\n"


@settings(max_examples=500, deadline=None)
@given(almost_valid_release())
def test_almost_valid_front_matter_gives_a_release_or_a_clean_error(text: str) -> None:
    parse_or_clean_error(text)


def _local_day(value: date) -> date:
    """The day of a front matter date or moment, in the newsroom's zone."""
    if isinstance(value, datetime):
        return (value.astimezone(ZONE) if value.tzinfo else value).date()
    return value


def _moment(value: date) -> datetime:
    """A front matter date or moment as the moment it means (a day: its start, in the
    newsroom's zone)."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())
    return moment if moment.tzinfo else moment.replace(tzinfo=ZONE)


def _dated_in_order(data: dict[str, Any]) -> bool:
    """Whether a release is updated no day before its date, and its embargo lifts no
    earlier than its date."""
    day = _local_day(data["date"])
    embargo = data.get("embargo")
    return ("updated" not in data or _local_day(data["updated"]) >= day) and (
        embargo is None or _moment(embargo) >= _moment(data["date"])
    )


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {key: VALID[key] for key in REQUIRED}, optional={key: VALID[key] for key in OPTIONAL}
    ).filter(_dated_in_order)
)
def test_valid_front_matter_is_read_as_written(data: dict[str, Any]) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\nBody.\n"
    release = parse_or_clean_error(text)
    assert release is not None
    assert release.title == " ".join(data["title"].split())
    assert release.slug == data.get("slug", "fuzz")
    assert release.tags == tuple(dict.fromkeys(data.get("tags", [])))
    published = _moment(data["date"])
    embargo = data.get("embargo")
    if embargo is not None and _local_day(embargo) == published.date():
        published = max(published, _moment(embargo))  # out at its embargo, that day
    assert release.published == published


# --- Markdown bodies --------------------------------------------------------------------

WORDS = st.sampled_from([
    "word", "Mila", "Québec", "Ωμέγα", "Привет", "שלום", "مرحبا", "日本語", "😀", "e\u0301",
    "1,200.5", "60%", "2022", "a\u00adb", "\u200bzero", "\u202ert", "\ufeff", "\x00",
    "\x0b", "\u2028", "\u0085", "\t", "*", "_", "**", "~~", "`", "\\", "[", "]", "(", ")", "<",
    ">", "!", "&", "|", "#", "-", "+", "=", "\"", "'",
])  # fmt: skip
URLS = st.sampled_from([
    "https://example.org/a?b=1&c=2#d", "http://x", "mailto:a@b.c", "photo.jpg", "../up",
    "/root", "#frag", "", "<>", "<a b>", "javascript:alert(1)", "JAVASCRIPT:alert(1)",
    " javascript:alert(1)", "java\tscript:x", "&#106;avascript:x", "javascript&colon;x",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "file:///etc/passwd", "\\\\evil",
    "//evil.example", "https://ex ample.org", "https://例え.jp/パス", "http://%zz", "(nested)",
    "a\"onmouseover=\"x", "x' onclick='y", "https://e.org/\u0000", "%", "\ud7ff",
])  # fmt: skip
ENTITIES = st.sampled_from([
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&copy;", "&#0;", "&#65;", "&#x110000;",
    "&#xD800;", "&#99999999;", "&bogus;", "&", "&#;", "&#x;", "&NotNestedGreaterGreater;",
])  # fmt: skip
HTML = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>", "</b>", "<!-- c -->",
    "<div>", "</div>", '<a href="javascript:x">', "<svg/onload=alert(1)>", "<?php ?>",
    "<![CDATA[x]]>", "<style>", "<iframe src=//x>", "<p onclick=x>", "</p>",
])  # fmt: skip


def inline() -> st.SearchStrategy[str]:
    """Inline Markdown: words, emphasis, code, links, images, entities, raw HTML, breaks."""
    return st.recursive(
        WORDS | ENTITIES | HTML | st.text(max_size=5),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(" ".join),
            st.tuples(st.sampled_from(["*", "_", "**", "__", "~~", "`", "``", "***"]), inner).map(
                lambda p: f"{p[0]}{p[1]}{p[0]}"
            ),
            st.tuples(inner, URLS).map(lambda p: f"[{p[0]}]({p[1]})"),
            st.tuples(inner, URLS, inner).map(lambda p: f'[{p[0]}]({p[1]} "{p[2]}")'),
            st.tuples(inner, URLS).map(lambda p: f"![{p[0]}]({p[1]})"),
            st.tuples(inner, st.sampled_from(["ref", "REF", "missing", ""])).map(
                lambda p: f"[{p[0]}][{p[1]}]"
            ),
            URLS.map(lambda url: f"<{url}>"),
            st.tuples(inner, st.sampled_from(["\\\n", "  \n", "\n", "\\", "   \n   "]), inner).map(
                "".join
            ),
            inner.map(lambda text: "*" + text),
        ),
        max_leaves=6,
    )


def table(rows: list[list[str]], align: str) -> str:
    header, *body = rows or [["a"]]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([align] * len(header)) + "|"]
    return "\n".join(lines + ["| " + " | ".join(cells) for cells in body])


def blocks(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Block Markdown made of ``text``: headings, lists, quotes, tables, code, HTML..."""
    leaf = st.one_of(
        text,
        st.tuples(text, URLS).map(lambda p: f"![{p[0]}]({p[1]})"),
        st.tuples(text, URLS, text).map(lambda p: f'![{p[0]}]({p[1]} "{p[2]}")'),
        text.map(lambda alt: f"![{alt}][ref]"),
        st.tuples(st.sampled_from(["", " ", "1", "\t"]), URLS).map(lambda p: f"![{p[0]}]({p[1]})"),
        st.tuples(st.sampled_from(["#", "##", "######", "#######", "#\t"]), text).map(" ".join),
        st.tuples(text, st.sampled_from(["===", "---"])).map("\n".join),
        st.tuples(
            st.lists(st.lists(WORDS | ENTITIES | st.just(""), max_size=4), max_size=4),
            st.sampled_from(["---", ":--", "--:", ":-:", "-"]),
        ).map(lambda p: table(*p)),
        st.tuples(
            st.sampled_from(["```", "~~~", "````"]),
            st.sampled_from(["", "python", "<x>", "`"]),
            text,
        ).map(lambda p: f"{p[0]}{p[1]}\n{p[2]}\n{p[0]}"),
        st.tuples(st.sampled_from(["```", "~~~"]), text).map(lambda p: f"{p[0]}\n{p[1]}"),
        text.map(lambda t: "    " + t.replace("\n", "\n    ")),
        HTML,
        URLS.map(lambda url: f"[ref]: {url}"),
        URLS.map(lambda url: f'[REF]: {url} "title"'),
        URLS.map(lambda url: f"[Ref]: {url}\n  'A\n  title'\n\n[ref] and ![R][ref]"),
        st.sampled_from(["***", "- - -", "___", "", "\\", "    ", "\t", "long line " * 2000]),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("\n\n".join),
            st.lists(inner, min_size=1, max_size=4).map("\n".join),
            st.tuples(st.sampled_from(["- ", "* ", "1. ", "2) ", "+ ", "-\t", "10. "]), inner).map(
                lambda p: p[0] + p[1].replace("\n", "\n" + " " * len(p[0]))
            ),
            st.tuples(st.sampled_from(["> ", ">", "> > "]), inner).map(
                lambda p: p[0] + p[1].replace("\n", "\n" + p[0])
            ),
            st.tuples(st.sampled_from(["", " ", "  ", "   ", "\t"]), inner).map(
                lambda p: p[0] + p[1].replace("\n", "\n" + p[0])
            ),
        ),
        max_leaves=6,
    )


BODIES = st.one_of(
    st.lists(blocks(inline()), min_size=1, max_size=6).map("\n\n".join),
    st.lists(blocks(inline()), min_size=1, max_size=6).map("\n".join),
    blocks(WORDS),
    st.text(max_size=200),
)


def squash(text: str) -> str:
    return "".join(text.split())


def alt_text(tokens: list[Token]) -> str:
    """The text of an image's alt attribute: its text (entities and escapes included), that of
    nested images, no markup."""
    return "".join(
        token.content
        if token.type in ("text", "text_special", "code_inline")
        else alt_text(token.children or [])
        if token.type == "image"
        else ""
        for token in tokens
    )


def visible_text(tokens: list[Token]) -> tuple[str, list[str]]:
    """The text that inline tokens show, without white space, and their images' alt text."""
    text: list[str] = []
    alts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            text.append(token.content)
        elif token.type == "image":
            alts.append(squash(alt_text(token.children or [])))
    return squash("".join(text)), alts


def images(html: str) -> list[Any]:
    return BeautifulSoup(html, "html.parser").find_all("img")


def page_text(html: str) -> tuple[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    alts = [squash(str(img.get("alt", ""))) for img in soup.find_all("img")]
    return squash(soup.get_text()), alts


def without_lang(html: str) -> str:
    """``html`` without ``lang`` attributes (nor the spans that carry one alone) nor alt
    text, its white space normalized: none
    before a line break, where it does not show, nor at the ends of inline code (a message
    joins the lines of a code span as it joins other lines).

    Alt text is compared by ``test_any_body_is_extracted_and_rendered``: the source's is not
    always the same, as markdown-it leaves the entities of a nested image's alt text out.
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(lang=True):
        del element["lang"]
    for span in soup.find_all("span"):  # what marked the language of a text alone
        if not span.attrs:
            span.unwrap()
    for element in soup.find_all(alt=True):
        del element["alt"]
    for element in soup.find_all("code"):
        if element.parent.name != "pre":
            element.string = " ".join(element.get_text().split())
    return re.sub(r" <br", "<br", " ".join(str(soup).split()))


@settings(max_examples=300, deadline=None)
@given(BODIES, st.integers(1, 50))
def test_any_body_is_extracted_and_rendered(body: str, first_line: int) -> None:
    blocks_ = extract_blocks(body, first_line)
    assert extract_blocks(body, first_line) == blocks_  # deterministic
    lines = file_lines(body)
    for block in blocks_:
        assert block.kind in KINDS
        assert LETTER.search(block.text), block  # text without letters is not a message
        assert first_line <= block.line < first_line + lines, (block, lines)

    untranslated = render_body(body, lambda text: None, "en")
    identity = render_body(body, lambda text: text, "en")
    assert render_body(body, lambda text: None, "en") == untranslated
    # A translation that is the source text renders as the source (but for ``lang``).
    assert without_lang(identity) == without_lang(untranslated)
    assert_safe(identity)

    _, env = parse_body(body)
    parser = new_parser()
    shown, alts = page_text(identity)
    for block in blocks_:
        tokens = parser.parseInline(block.text, dict(env))[0].children or []
        if block.kind == "image alt text":
            assert squash(alt_text(tokens)) in alts, (block, alts)
        elif block.kind == "image title":  # plain text, shown as it is
            titles = [" ".join(str(img.get("title", "")).split()) for img in images(identity)]
            assert " ".join(block.text.split()) in titles, (block, titles)
        elif block.kind == "link title":  # a definition's, shown by the links that use it
            linked = BeautifulSoup(identity, "html.parser").find_all(["a", "img"])
            titles = [" ".join(str(element.get("title", "")).split()) for element in linked]
            assert " ".join(block.text.split()) in titles, (block, titles)
        else:
            text, image_alts = visible_text(tokens)
            assert text in shown, (block, shown)
            assert set(image_alts) <= set(alts), (block, alts)


# --- Hostile translations ---------------------------------------------------------------

HOSTILE_PIECES = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "<iframe src=//evil>", '<a href="javascript:alert(1)">a</a>',
    "[click](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)", "<javascript:alert(1)>", "[x](java&#x09;script:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](javascript&colon;alert(1))", "[x](\\javascript:x)",
    "![x](javascript:alert(1))", "![x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:x)",
    "[x](data:text/html,<script>)", '[x](https://e.org/ "t" onclick=alert(1))',
    '" onmouseover="alert(1)', "' onfocus='x", "[x][ref]", "[ref]: javascript:alert(1)",
    "**unbalanced", "*a **b* c**", "`unclosed", "[unclosed](", "![", "]]]", "\\", "&", "&#0;",
    "&#x110000;", "</p></li></ul>", "<!--", "-->", "<![CDATA[", "\n\n# heading\n\n- item\n",
    "| a | b |\n|---|---|\n| c |", "```\ncode", "> quote", "\\\n", "  \n", "\n", "\r", "\x00",
    "<https://example.org/>", "<mailto:a@b>", "a@b.c", "www.example.org", "😀", "\u2028",
]  # fmt: skip
HOSTILE = st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=10), max_size=6).map("".join)
ALLOWED_ELEMENTS = {
    "html", "head", "body", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "pre", "code", "em", "strong",
    "s", "a", "img", "br", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "lang", "style", "start", "class"}
BLOCK_ELEMENTS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table", "tr", "th",
    "td", "pre", "hr",
]  # fmt: skip


def assert_safe(html: str) -> None:
    """Nothing in ``html`` can run code: no scripts, no event handlers, no script URLs."""
    assert "<script" not in html.lower()
    soup = BeautifulSoup(html, "html5lib")
    for element in soup.find_all(True):
        assert element.name in ALLOWED_ELEMENTS, element
        for name, value in element.attrs.items():
            assert name in ALLOWED_ATTRIBUTES and not name.startswith("on"), element
            if name in ("href", "src"):
                # What a browser's URL parser reads: control characters and spaces go.
                url = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:")), element


def hostile_translation(mode: str, hostile: str) -> Callable[[str], str | None]:
    modes: dict[str, Callable[[str], str | None]] = {
        "replace": lambda text: hostile,
        "append": lambda text: text + hostile,
        "wrap": lambda text: hostile + text + hostile,
        "some": lambda text: None if len(text) % 2 else hostile,
    }
    return modes[mode]


@settings(max_examples=300, deadline=None)
@given(BODIES, HOSTILE, st.sampled_from(["replace", "append", "wrap", "some"]))
def test_hostile_translations_cannot_inject_script_or_structure(
    body: str, hostile: str, mode: str
) -> None:
    translate = hostile_translation(mode, hostile)
    before = render_body(body, lambda text: text, "en")
    assert_safe(render_body(body, translate, "en", lead_html='<span class="dateline">X</span> '))
    assert render_body(body, translate, "en") == render_body(body, translate, "en")
    # Shared tokens are not changed by a rendering: the source renders as before.
    assert render_body(body, lambda text: text, "en") == before

    def structure(page: str) -> list[str]:
        soup = BeautifulSoup(page, "html5lib")
        return [element.name for element in soup.find_all(BLOCK_ELEMENTS)]

    assert structure(render_body(body, translate, "en")) == structure(before)
    for text in (hostile, translate(hostile) or ""):
        assert_safe(render_inline(text))
        assert_safe(render_inline(text, typeset=lambda t: t.replace(" ", "\u00a0")))
        plain = inline_plain_text(text)
        assert plain == " ".join(plain.split())


# --- The command line ------------------------------------------------------------------

FRONT_MATTER = (
    "---\ntitle: A title\ndate: 2022-02-09\ndateline: Montreal\nsummary: A summary.\n---\n"
)


@settings(max_examples=25, deadline=None)
@given(
    mutated_release()
    | almost_valid_release().map(str.encode)
    | BODIES.map(lambda body: (FRONT_MATTER + body).encode())
)
def test_the_cli_reports_a_bad_release_in_one_line(newsroom: Config, data: bytes) -> None:
    (newsroom.root / PATH).write_bytes(data)
    for command in ("extract", "update"):
        result = CliRunner().invoke(
            cli, ["-C", str(newsroom.root), command], catch_exceptions=False
        )
        if result.exit_code != 0:
            # A release that is read gives catalogs that update reads.
            assert command == "extract" and result.exit_code == 1, result.output
            lines = result.output.splitlines()
            assert len(lines) == 1 and re.match(rf"error: {PATH}:\d+: ", lines[0]), result.output
            return
