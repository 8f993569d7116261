"""The preview server: the built site, and the dashboard at /_status/, on the loopback."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from i18n_news.config import load_config
from i18n_news.serve import make_server
from i18n_news.site import build_site

from .conftest import DATA


@pytest.fixture
def server_url(make_newsroom: Callable[..., Path]) -> Iterator[str]:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    config = load_config(root)
    build_site(config)
    (root / "secret.txt").write_text("outside the output folder")
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serves_the_site_and_the_dashboard(server_url: str) -> None:
    status, body = fetch(f"{server_url}/fr/joint-lab/")
    assert status == 200 and '<html lang="fr-CA"' in body
    status, body = fetch(f"{server_url}/_status/")
    assert status == 200 and "Translation status" in body
    assert 'href="/sv/joint-lab/"' in body


def test_serves_only_the_output_folder(server_url: str) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/../i18n-news.toml"):
        status, body = fetch(server_url + path)
        assert status == 404
        assert "outside the output folder" not in body
        assert "[newsroom]" not in body
