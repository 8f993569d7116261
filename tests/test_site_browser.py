"""The sample site as a reader sees it in Chromium: choosing and switching languages, phone and desktop."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from i18n_news.config import load_config
from i18n_news.serve import Preview, make_server
from i18n_news.site import build_site


@pytest.fixture
def serve_newsroom() -> Iterator[Callable[[Path], str]]:
    """Serve a newsroom's preview as ``serve`` does (the 404 pages' links start at the root):
    ``serve_newsroom(root)`` gives its address."""
    servers = []

    def serve(root: Path) -> str:
        preview = Preview(load_config(root), build_site)
        preview.rebuild()
        assert preview.error is None
        server = make_server(preview)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site_url(sample_newsroom: Path, serve_newsroom: Callable[[Path], str]) -> str:
    return serve_newsroom(sample_newsroom)


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


def right_to_left_newsroom(make_newsroom: Any, release: str) -> Path:
    """A newsroom written in English, translated into Swedish, Arabic and Hebrew, with one
    release (shown in English where untranslated)."""
    from .conftest import CONFIG

    config = CONFIG.replace('["fr", "sv"]', '["sv", "ar", "he"]').replace(
        '[languages.fr]\nlocale = "fr_CA"\n',
        '[languages.ar]\nlocale = "ar"\n\n[languages.he]\nlocale = "he"\n',
    )
    return make_newsroom({"content/2023/lab.md": release}, config=config)


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PAGES = (
    "/en/lab/", "/en/", "/404.html", "/sv/lab/",
    "/ar/lab/", "/ar/", "/ar/404.html", "/he/lab/", "/he/", "/he/404.html",
)  # fmt: skip


def test_right_to_left_pages_fit_a_phone_and_open_at_their_start(
    browser: Any, make_newsroom: Any, serve_newsroom: Callable[[Path], str]
) -> None:
    """The skip link, hidden off the page's side, must not make a page wider than the phone:
    on a right-to-left page the overflow to the left scrolls, and the page opened there. Nor
    may the markers of list items shown in English, which stay on the list's side."""
    release = (
        "---\ntitle: A lab\ndate: 2023-03-01\ndateline: Montreal\nsummary: It opens.\n---\n\n"
        "It opens.\n\n- A first point\n- A second point\n\n1. One\n2. Two\n3. Three\n"
    )
    url = serve_newsroom(right_to_left_newsroom(make_newsroom, release))
    context = browser.new_context(**PHONE)
    page = context.new_page()
    for path in PAGES:
        page.goto(url + path)
        assert page.evaluate("document.documentElement.scrollWidth") == 390, path
        if path.endswith("/lab/"):
            items = page.locator(".body li")
            assert items.count() == 5
            directions = {items.nth(i).evaluate("li => getComputedStyle(li).direction")
                          for i in range(5)}  # fmt: skip
            assert directions == {"rtl" if path in ("/ar/lab/", "/he/lab/") else "ltr"}, path
        assert page.evaluate("window.scrollX") == 0, path
        heading = page.locator("h1").bounding_box()
        assert heading is not None and 0 <= heading["x"] < 390, path
        # The skip link shows when focused, on the screen, at the start of the line.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", path
        skip = page.locator(".skip").bounding_box()
        assert skip is not None and skip["width"] > 20, path
        assert skip["x"] >= 0 and skip["x"] + skip["width"] <= 390, path
        start_at_right = "/ar/" in path or "/he/" in path
        assert (skip["x"] + skip["width"] / 2 > 390 / 2) == start_at_right, path
    context.close()


LONG_WORDS = """\
---
title: Forskningsfinansieringsmyndigheten and the Donaudampfschifffahrtsgesellschaftskapitänsmütze
date: 2023-03-01
dateline: Montreal
summary: Read it at https://news.example.org/2023/03/01/a-very-long-address-without-any-break-in-it/index.html
tags: [Forskningsfinansieringsmyndighetsutredningen]
---

Forskningsfinansieringsmyndigheten and the Donaudampfschifffahrtsgesellschaftskapitänsmütze
are at <https://news.example.org/2023/03/01/a-very-long-address-without-any-break-in-it/index.html>.

Run `make-a-very-long-command-name-that-goes-on-and-on-and-does-not-stop --with-options` first.

| Forskningsfinansieringsmyndigheten | Donaudampfschifffahrtsgesellschaft | Forskningsfinansieringsmyndigheten |
|---|---|---|
| Forskningsfinansieringsmyndigheten | Donaudampfschifffahrtsgesellschaft | Forskningsfinansieringsmyndigheten |
"""


def test_long_words_addresses_and_code_wrap_on_a_phone(
    browser: Any, make_newsroom: Any, serve_newsroom: Callable[[Path], str]
) -> None:
    url = serve_newsroom(right_to_left_newsroom(make_newsroom, LONG_WORDS))
    context = browser.new_context(**PHONE)
    page = context.new_page()
    tag = "/tags/forskningsfinansieringsmyndighetsutredningen/"
    for path in ("/en/lab/", "/en/", "/en" + tag, "/sv/lab/", "/sv/", "/ar/lab/", "/he" + tag):
        page.goto(url + path)
        assert page.evaluate("document.documentElement.scrollWidth") == 390, path
        # A wide table scrolls in its own box, as it did.
        if path.endswith("/lab/"):
            table = page.locator(".body table")
            assert table.evaluate("t => t.scrollWidth > t.clientWidth"), path
            box = table.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, path
    context.close()
