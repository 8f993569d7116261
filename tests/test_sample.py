"""The repository's own newsroom: up to date, valid for GNU gettext, and built as published."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import Result

from i18n_news.config import load_config
from i18n_news.content import load_releases
from i18n_news.markup import inline_plain_text
from i18n_news.pofile import parse_po

from .conftest import REPO, msgfmt_check


def test_every_catalog_is_valid_for_gnu_gettext() -> None:
    catalogs = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").rglob("*.pot"))
    assert len(catalogs) == 12
    for path in catalogs:
        if path.suffix == ".po":
            result = msgfmt_check(path)
            assert result.returncode == 0, result.stderr


def test_templates_and_catalogs_are_up_to_date(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    before = {p: p.read_bytes() for p in (sample_newsroom / "locales").rglob("*.po*")}
    assert "0 template(s) written" in run(sample_newsroom, "extract").output
    assert "0 catalog(s) written" in run(sample_newsroom, "update").output
    assert {p: p.read_bytes() for p in (sample_newsroom / "locales").rglob("*.po*")} == before


def test_sample_has_no_check_errors(sample_newsroom: Path, run: Callable[..., Result]) -> None:
    result = run(sample_newsroom, "check", "--strict")
    assert result.exit_code == 0, result.output


def test_status_shows_every_state(sample_newsroom: Path, run: Callable[..., Result]) -> None:
    data = json.loads(run(sample_newsroom, "status", "--json").stdout)
    percent = {
        (r["slug"], code): v["percent"]["words"]
        for r in data["releases"]
        for code, v in r["languages"].items()
    }
    assert percent[("mila-ai-sweden-partnership", "fr")] == 100
    assert percent[("mila-ai-sweden-partnership", "sv")] == 100
    assert 50 < percent[("nordic-quebec-ai-health-workshop", "sv")] < 100
    sv = data["releases"][0]["languages"]["sv"]
    assert sv["messages"]["fuzzy"] == 1 and sv["published"] is True


def test_built_pages_follow_the_catalogs_block_by_block(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    assert run(sample_newsroom, "build").exit_code == 0
    config = load_config(sample_newsroom)
    public = sample_newsroom / "public"
    for release in load_releases(config):
        for language in config.targets:
            path = (
                sample_newsroom / f"locales/{language.code}/LC_MESSAGES/releases/{release.slug}.po"
            )
            translations = {m.msgid: m.msgstr for m in parse_po(path.read_bytes()) if m.translated}
            page = BeautifulSoup(
                (public / language.code / release.slug / "index.html").read_text(), "html5lib"
            )
            blocks = page.find(class_="body").find_all(["p", "h2", "li", "th", "td"])
            body = [
                b
                for b in release.blocks
                if b.kind not in ("title", "summary", "dateline city", "image alt text")
            ]
            # Whitespace aside (inline elements and line breaks), each block shows its text.
            texts = [
                "".join(b.get_text().split())
                for b in blocks
                if not (b.name == "p" and b.find_parent("li"))
            ]
            texts = [t for t in texts if any(c.isalpha() for c in t)]
            assert len(texts) == len(body), (language.code, release.slug)
            for block, shown in zip(body, texts, strict=True):
                expected = inline_plain_text(
                    translations.get(block.text, block.text).replace("\\\n", " ")
                )
                # The first paragraph starts with the dateline.
                assert shown.endswith("".join(expected.split())), (
                    language.code,
                    release.slug,
                    block.text,
                )
            title = translations.get(release.title)
            assert page.h1.get_text() == inline_plain_text(title or release.title)
            assert ("lang" in page.h1.attrs) == (title is None)


def test_seed_dates_and_datelines(sample_newsroom: Path, run: Callable[..., Result]) -> None:
    assert run(sample_newsroom, "build").exit_code == 0
    public = sample_newsroom / "public"
    expected = {
        "en": ("MONTREAL – February 9, 2022 –", "February 9, 2022"),
        "fr": ("MONTRÉAL, le 9 février 2022 –", "9 février 2022"),
        "sv": ("MONTREAL, 9 februari 2022 –", "9 februari 2022"),
    }
    for code, (dateline, date) in expected.items():
        page = BeautifulSoup(
            (public / code / "mila-ai-sweden-partnership/index.html").read_text(), "html5lib"
        )
        assert page.find(class_="dateline").get_text() == dateline
        assert page.find("time").get_text() == date


def test_the_newsrooms_own_footer_replaces_the_themes_in_every_language(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    assert run(sample_newsroom, "build").exit_code == 0
    public = sample_newsroom / "public"
    # Line breaks and indentation collapsed; a no-break space is kept as it is.
    shown = {
        code: re.sub(
            r"[ \t\n]+",
            " ",
            BeautifulSoup((public / code / "index.html").read_text(), "html5lib")
            .find("footer", class_="site-footer")
            .get_text(),
        )
        for code in ("en", "fr", "sv")
    }
    assert "Media inquiries: media@newsroom.example.org" in shown["en"]
    assert "Relations avec les médias\u00a0: media@newsroom.example.org" in shown["fr"]
    assert "Pressförfrågningar: media@newsroom.example.org" in shown["sv"]
