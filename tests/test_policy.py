"""The publishing policy decides per release and language; held-back versions vanish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from i18n_news.config import load_config
from i18n_news.errors import ConfigError, ContentError
from i18n_news.policy import Policy, decide, parse_policy
from i18n_news.site import build_site
from i18n_news.status import CatalogStats

from .conftest import CONFIG

HALF = CatalogStats("releases/x", "sv", "p", translated=1, untranslated=1,
                    translated_words=10, untranslated_words=30)  # fmt: skip


def test_default_policy_publishes_with_fallback() -> None:
    decision = decide(HALF, Policy())
    assert decision.published and not decision.below_policy


def test_below_the_bar_is_held_or_published_with_notice() -> None:
    hold = decide(HALF, Policy(min_translated=50, below="hold"))
    assert not hold.published
    assert hold.reason == "25% of words translated, the policy requires 50%"
    fallback = decide(HALF, Policy(min_translated=50, below="fallback"))
    assert fallback.published and fallback.below_policy


def test_a_share_just_under_the_bar_never_reads_as_the_bar() -> None:
    almost = CatalogStats("releases/x", "sv", "p", translated_words=4996, untranslated_words=5004)
    held = decide(almost, Policy(min_translated=50, below="hold"))
    assert held.reason == "49.9% of words translated, the policy requires 50%"
    # Elsewhere rounded as the status table rounds it.
    third = CatalogStats("releases/x", "sv", "p", translated_words=2, untranslated_words=28)
    held = decide(third, Policy(min_translated=50, below="hold"))
    assert held.reason.startswith(f"{third.percent:.1f}% of words") and "6.7%" in held.reason


def test_measure_in_messages_or_words() -> None:
    assert decide(HALF, Policy(min_translated=50, measure="messages", below="hold")).published
    assert not decide(HALF, Policy(min_translated=50, measure="words", below="hold")).published


def test_fuzzy_entries_can_block() -> None:
    fuzzy = CatalogStats("r", "fr", "p", translated=3, fuzzy=1, translated_words=30, fuzzy_words=1)
    assert decide(fuzzy, Policy(min_translated=90, below="hold")).published
    blocked = decide(fuzzy, Policy(min_translated=90, fuzzy_blocks=True, below="hold"))
    assert not blocked.published and "1 fuzzy message(s)" in blocked.reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"min_translated": 120}, "'policy.min_translated' must be a percentage"),
        ({"below": "hide"}, "'policy.below' must be"),
        ({"measure": "chars"}, "'policy.measure' must be"),
        ({"fuzzy_blocks": "yes"}, "'policy.fuzzy_blocks' must be true or false"),
        ({"minimum": 3}, "unknown key 'policy.minimum'"),
    ],
)
def test_bad_policy_values(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_policy(data, Policy(), "policy")


def test_bad_policy_in_config_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "i18n-news.toml").write_text(CONFIG + '\n[policy]\nbelow = "hide"\n')
    text = CONFIG + '\n[policy]\nbelow = "hide"\n'
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    line = text.splitlines().index('below = "hide"') + 1
    assert str(raised.value).startswith(f"i18n-news.toml:{line}: 'policy.below'")


RELEASE = """\
---
title: A release
date: 2022-02-09
dateline: Montreal
summary: Summary.
tags: [news]
{extra}
---

First paragraph.

Second paragraph.
"""
SV_PARTIAL = """\
msgid ""
msgstr ""
"Language: sv_SE\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "A release"
msgstr "Ett pressmeddelande"
"""
HOLD = CONFIG + '\n[policy]\nmin_translated = 100\nbelow = "hold"\n'


def built(
    make_newsroom: Callable[..., Path],
    config: str,
    extra: str = "",
    files: dict[str, str] | None = None,
    now: datetime | None = None,
):  # type: ignore[no-untyped-def]
    root = make_newsroom({
        "content/a-release.md": RELEASE.format(extra=extra),
        "locales/sv/LC_MESSAGES/releases/a-release.po": SV_PARTIAL,
        **(files or {}),
    }, config=config)  # fmt: skip
    report = build_site(load_config(root), now=now)
    return root / "public", report


def test_held_back_version_is_absent_everywhere(make_newsroom: Callable[..., Path]) -> None:
    site, report = built(make_newsroom, HOLD)
    assert [(h.slug, h.language) for h in report.held] == [
        ("a-release", "fr"),
        ("a-release", "sv"),
    ]
    assert not (site / "sv/a-release").exists()
    english = BeautifulSoup((site / "en/a-release/index.html").read_text(), "html5lib")
    hreflangs = {link["hreflang"] for link in english.find_all("link", hreflang=True)}
    assert hreflangs == {"en", "x-default"}
    # The switcher leads to the other languages' indexes, not to the versions held back.
    links = {a["hreflang"]: a["href"] for a in english.find("nav", class_="languages")("a")}
    assert links == {"en": "./", "fr-CA": "../../fr/", "sv-SE": "../../sv/"}
    assert "a-release" not in (site / "sv/index.html").read_text()
    assert "a-release" not in (site / "sv/feed.xml").read_text()
    sitemap = (site / "sitemap.xml").read_text()
    assert "/sv/a-release/" not in sitemap and "/en/a-release/" in sitemap
    # Nor its tag: no Swedish tag page, and the English one has no alternate to link to.
    assert not (site / "sv/tags/news").exists()
    tag_page = BeautifulSoup((site / "en/tags/news/index.html").read_text(), "html5lib")
    assert {link["hreflang"] for link in tag_page.find_all("link", hreflang=True)} == {
        "en",
        "x-default",
    }


def test_front_matter_overrides_the_policy(make_newsroom: Callable[..., Path]) -> None:
    site, report = built(
        make_newsroom, HOLD, extra="policy: {min_translated: 20, measure: messages}"
    )
    assert [(h.slug, h.language) for h in report.held] == [("a-release", "fr")]
    page = BeautifulSoup((site / "sv/a-release/index.html").read_text(), "html5lib")
    assert page.h1.get_text() == "Ett pressmeddelande"
    assert page.find(class_="notice") is not None


def test_drafts_are_not_built(make_newsroom: Callable[..., Path]) -> None:
    site, report = built(make_newsroom, CONFIG, extra="draft: true")
    assert report.drafts == ["a-release"] and not (site / "en/a-release").exists()
    root = site.parent
    report = build_site(load_config(root), drafts=True)
    assert (site / "en/a-release/index.html").is_file()


def test_embargo_keeps_a_release_off_until_the_moment(make_newsroom: Callable[..., Path]) -> None:
    zone = ZoneInfo("America/Toronto")
    extra = "embargo: 2022-02-09T09:00:00-05:00"
    site, report = built(
        make_newsroom, CONFIG, extra=extra, now=datetime(2022, 2, 9, 8, 59, tzinfo=zone)
    )
    assert report.embargoed and not (site / "en/a-release").exists()
    assert not (site / "fr/a-release").exists()
    report = build_site(load_config(site.parent), now=datetime(2022, 2, 9, 9, 0, tzinfo=zone))
    assert all((site / lang / "a-release/index.html").is_file() for lang in ("en", "fr", "sv"))


def test_future_date_without_embargo_is_an_error(make_newsroom: Callable[..., Path]) -> None:
    """A mistyped year, at any moment the site is built for: after the clock, and after that
    moment."""
    zone = ZoneInfo("America/Toronto")
    later = RELEASE.format(extra="").replace("date: 2022-02-09", "date: 2999-02-09")
    for now in (None, datetime(2022, 2, 8, tzinfo=zone)):
        with pytest.raises(ContentError) as raised:
            built(make_newsroom, CONFIG, files={"content/a-release.md": later}, now=now)
        assert str(raised.value).startswith(
            "content/a-release.md:3: the date 2999-02-09 is in the future"
        )


def test_a_correction_dated_in_the_future_is_an_error_once_the_release_is_out(
    make_newsroom: Callable[..., Path],
) -> None:
    # Feeds and search engines would be told now of a correction to come.
    with pytest.raises(ContentError) as raised:
        built(make_newsroom, CONFIG, extra="updated: 2999-01-01")
    assert str(raised.value) == (
        "content/a-release.md:7: 'updated' 2999-01-01 is in the future: set it when the "
        "correction is made"
    )
    # Under embargo until then, it is not out: nothing says anything of it yet.
    scheduled = "embargo: 2999-01-01T09:00:00-05:00\nupdated: 2999-01-02"
    _, report = built(
        make_newsroom, CONFIG, files={
            "content/a-release.md": RELEASE.format(extra=scheduled).replace("2022-02-09", "2999-01-01")
        },
    )  # fmt: skip
    assert report.releases == 0 and [slug for slug, _ in report.embargoed] == ["a-release"]


def test_the_site_as_it_was_before_a_releases_date_leaves_it_out(
    make_newsroom: Callable[..., Path],
) -> None:
    """Built for a moment before its date (``build --now``), a release was not out yet."""
    zone = ZoneInfo("America/Toronto")
    site, report = built(make_newsroom, CONFIG, now=datetime(2022, 2, 8, tzinfo=zone))
    assert report.embargoed == [("a-release", datetime(2022, 2, 9, tzinfo=zone))]
    assert report.releases == 0 and not (site / "en/a-release").exists()
    report = build_site(load_config(site.parent), now=datetime(2022, 2, 9, tzinfo=zone))
    assert report.embargoed == [] and (site / "en/a-release/index.html").is_file()


def test_embargo_needs_a_time_zone(make_newsroom: Callable[..., Path]) -> None:
    with pytest.raises(ContentError, match="needs a time zone"):
        built(make_newsroom, CONFIG, extra="embargo: 2022-02-09T09:00:00")
