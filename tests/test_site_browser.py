"""The sample site as a reader sees it in Chromium: choosing and switching languages, phone and desktop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from i18n_news.config import load_config
from i18n_news.serve import Preview, make_server
from i18n_news.site import build_site


@pytest.fixture
def site_url(sample_newsroom: Path) -> Iterator[str]:
    preview = Preview(load_config(sample_newsroom), build_site)
    preview.rebuild()
    assert preview.error is None
    server = make_server(preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_reader_chooses_a_language_then_switches(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/")
    assert page.context.cookies() == []
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{site_url}/fr/")
    assert page.locator("h1").inner_text() == "Communiqués de presse"
    page.get_by_role("link", name="Mila annonce un partenariat avec AI Sweden", exact=False).click()
    assert page.locator(".dateline").inner_text() == "MONTRÉAL, le 9 février 2022 –"
    page.get_by_role("navigation", name="Langues").get_by_role("link", name="Svenska").click()
    page.wait_for_url(f"{site_url}/sv/mila-ai-sweden-partnership/")
    assert page.locator("html").get_attribute("lang") == "sv-SE"
    assert page.locator(".dateline").inner_text() == "MONTREAL, 9 februari 2022 –"
    assert page.context.cookies() == []  # nothing remembered without consent
    page.close()


def test_fallback_text_is_marked_and_announced(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/sv/nordic-quebec-ai-health-workshop/")
    assert "visas på engelska" in page.locator(".notice").inner_text()
    english = page.locator(".body [lang=en]")
    assert english.count() > 0
    assert page.locator("h1").get_attribute("lang") is None
    page.close()


@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 900)])
def test_pages_fit_phones_and_desktops(
    browser: Any, site_url: str, width: int, height: int, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    for path in ("/", "/fr/", "/fr/mila-ai-sweden-researcher-exchange/", "/sv/tags/partnerships/"):
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        # Keyboard users reach the content first.
        if path != "/":
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip"
    page.screenshot(path=str(tmp_path / f"tag-page-{width}.png"), full_page=True)
    page.close()


def test_code_reads_left_to_right_and_bars_stand_at_the_start_on_a_right_to_left_page(
    browser: Any, make_newsroom: Any, run: Any
) -> None:
    from .conftest import CONFIG

    config = (
        CONFIG.replace('["fr", "sv"]', '["fr", "sv", "ar"]') + '\n[languages.ar]\nlocale = "ar"\n'
    )
    release = (
        "---\ntitle: A lab\ndate: 2023-03-01\ndateline: Montreal\nsummary: It opens.\n---\n\n"
        "Run `make site` first.\n\n```\nmake site\n```\n\n> A quote.\n"
    )
    root = make_newsroom({"content/2023/lab.md": release}, config=config)
    for command in ("extract", "update", "build"):
        assert run(root, command).exit_code == 0, command
    page = browser.new_page()
    page.goto((root / "public/ar/lab/index.html").as_uri())
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Arabic's own comma after the city (the city shown in English, marked so).
    assert page.locator(".dateline").inner_text().startswith("MONTREAL، ")

    def style(selector: str, name: str) -> str:
        return str(page.eval_on_selector(selector, f"e => getComputedStyle(e)['{name}']"))

    assert style("pre", "direction") == "ltr" and style("pre", "textAlign") == "left"
    assert style("p code", "direction") == "ltr"
    # The bar of a quote and of the notice stands at the start of the line: the right.
    assert style("blockquote", "borderRightWidth") == "4px"
    assert style("blockquote", "borderLeftWidth") == "0px"
    page.close()
