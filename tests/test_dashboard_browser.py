"""The status dashboard as an editor sees it, in a real browser, on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from .conftest import DATA

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
    po.write_text(
        po.read_text().replace('msgid "Short."\nmsgstr ""', 'msgid "Short."\nmsgstr "Bref."')
    )
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
    row = page.locator("#second tr", has=page.locator("td.lang", has_text="fr"))
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
    page.locator("#second tr", has=page.locator("td.lang", has_text="sv")).get_by_role(
        "link", name="page"
    ).click()
    assert page.url.endswith("/public/sv/second/index.html")
    assert page.locator("h1").inner_text() == "A second release"
    page.close()
