"""Live preview: the site on the loopback, rebuilt on change, errors shown, pages reloaded."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from i18n_news.config import load_config
from i18n_news.serve import Preview, make_server, watch
from i18n_news.site import build_site

from .conftest import DATA


@dataclass
class Running:
    url: str
    root: Path
    preview: Preview
    messages: list[str]


@pytest.fixture
def running(make_newsroom: Callable[..., Path]) -> Iterator[Running]:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    (root / "secret.txt").write_text("outside the output folder")
    preview = Preview(load_config(root), lambda config: build_site(config, drafts=True))
    preview.rebuild()
    messages: list[str] = []
    watcher = threading.Thread(target=watch, args=(preview, 0.05, messages.append), daemon=True)
    watcher.start()
    server = make_server(preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Running(f"http://127.0.0.1:{server.server_address[1]}", root, preview, messages)
    preview.stopped.set()
    with preview.changed:
        preview.changed.notify_all()
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(condition: Callable[[], Any], seconds: float = 10) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def save(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a file as an editor saves it: whole, at once (written in
    place, the file is empty for a moment, and a rebuild then may read it so)."""
    draft = path.with_name(path.name + ".saving")
    draft.write_text(path.read_text().replace(old, new))
    draft.replace(path)


def test_serves_the_site_with_the_reload_script_and_the_dashboard(running: Running) -> None:
    status, body = fetch(f"{running.url}/fr/joint-lab/")
    assert status == 200 and '<html lang="fr-CA"' in body and 'new EventSource("/_events")' in body
    # The script is added when serving, never written into the site.
    assert "EventSource" not in (running.root / "public/fr/joint-lab/index.html").read_text()
    status, body = fetch(f"{running.url}/_status/")
    assert status == 200 and "Translation status" in body and 'href="/sv/joint-lab/"' in body
    status, _ = fetch(f"{running.url}/static/style.css")
    assert status == 200


def test_serves_only_the_output_folder(running: Running) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/../i18n-news.toml"):
        status, body = fetch(running.url + path)
        assert status == 404
        assert "outside the output folder" not in body and "[newsroom]" not in body


def test_a_change_is_rebuilt_and_an_error_shown_then_cleared(running: Running) -> None:
    source = running.root / "content/2023/joint-lab.md"
    save(source, "Two programmes", "Three programmes")
    wait_for(lambda: "Three programmes" in fetch(f"{running.url}/en/joint-lab/")[1])
    save(source, "title: Mila", "titel: Mila")
    _, body = wait_for(lambda: (r := fetch(f"{running.url}/en/joint-lab/"))[0] == 500 and r)
    assert "content/2023/joint-lab.md:2: unknown front matter key &#x27;titel&#x27;" in body
    wait_for(
        lambda: any(m.startswith("error: content/2023/joint-lab.md:2") for m in running.messages)
    )
    save(source, "titel: Mila", "title: Mila")
    wait_for(lambda: fetch(f"{running.url}/en/joint-lab/")[0] == 200)


def test_open_pages_reload_after_a_rebuild(running: Running, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{running.url}/sv/joint-lab/")
    assert "Two programmes" in page.locator("main").inner_text()
    page.evaluate("window.marker = 'before reload'")
    source = running.root / "content/2023/joint-lab.md"
    save(source, "Two programmes", "Four programmes")
    page.wait_for_function(
        "() => document.body.innerText.includes('Four programmes')", timeout=15000
    )
    assert page.evaluate("window.marker") is None  # the page really reloaded
    page.close()
