"""Shared fixtures: temporary newsrooms, the CLI runner, GNU gettext as an oracle."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner, Result

from i18n_news.cache import CACHE_DIR
from i18n_news.catalog import Catalog
from i18n_news.cli import cli
from i18n_news.config import Config, load_config
from i18n_news.digests import file_digests
from i18n_news.layout import SITE, catalog_path, display_path
from i18n_news.render import site_translations
from i18n_news.versions import ReleaseCatalogs, Versions

from .system_tools import BROWSER, ensure_programs

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    try:
        ensure_programs()
    except RuntimeError as error:
        raise pytest.UsageError(str(error)) from None


CONFIG = """\
[newsroom]
name = "Test Newsroom"
base_url = "https://news.example.org/"
timezone = "America/Toronto"
output = "public"
source_language = "en"
target_languages = ["fr", "sv"]

[languages.en]
locale = "en"

[languages.fr]
locale = "fr_CA"

[languages.sv]
locale = "sv_SE"
"""


@pytest.fixture
def make_newsroom(tmp_path: Path) -> Callable[..., Path]:
    """Make a newsroom in a temporary folder from ``{relative path: text}``."""

    def make(files: dict[str, str] | None = None, config: str = CONFIG) -> Path:
        root = tmp_path / "newsroom"
        (root / "content").mkdir(parents=True, exist_ok=True)  # as every newsroom has
        (root / "i18n-news.toml").write_text(config, encoding="utf-8")
        for name, text in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if name.startswith("content/") and name.endswith(".md"):
                add_images(path, text)
        return root

    return make


#: The images a release of the tests shows beside it: ``![alt](images/lab.jpg)``.
_IMAGE = re.compile(r"!\[[^\]]*\]\(([\w-][\w./-]*)\)")
#: A real JPEG image, as small as one can be.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


def add_images(release: Path, text: str) -> None:
    """Put beside the release file ``release`` the images its ``text`` shows (a writer
    puts them there), unless they are there."""
    for name in _IMAGE.findall(text):
        image = release.parent / name
        if not image.exists():
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(JPEG)


@pytest.fixture
def sample_newsroom(tmp_path: Path) -> Path:
    """A copy of the repository's own sample newsroom."""
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copy(REPO / "i18n-news.toml", root)
    for folder in ("content", "locales", "templates", "static"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process: ``run(root, "build")``."""

    def invoke(root: Path, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(
            cli, ["-C", str(root), *args], input=input, catch_exceptions=False
        )

    return invoke


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (installed on first use in CI)."""
    ensure_programs(BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield chromium
        chromium.close()


def replace_in(path: Path, old: str, new: str, count: int = -1) -> None:
    """Edit a file as a writer or translator would: ``old`` replaced by ``new`` (the first
    ``count`` times). ``old`` must be there: an edit that changes nothing would leave the test
    checking nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def config_of(root: Path) -> Config:
    return load_config(root)


def french_environment(root: Path, site: Catalog | None = None) -> jinja2.Environment:
    """The Jinja environment of French pages in a new newsroom at ``root``, with the interface
    translations of ``site``."""
    from i18n_news.render import make_environment, site_translations

    (root / "i18n-news.toml").write_text(
        '[newsroom]\nname = "N"\nbase_url = "https://n.example/"\n'
        'source_language = "en"\ntarget_languages = ["fr"]\n'
    )
    config = load_config(root)
    french = config.targets[0]
    return make_environment(config, french, site_translations(site, french))


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """Run GNU ``msgfmt -c --check-format`` on a catalog."""
    return subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )


def msgfmt_statistics(path: Path) -> str:
    """What GNU ``msgfmt --statistics`` says of a catalog."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


def versions_of(config: Config) -> Versions:
    """The build's version data of the newsroom as it stands (as ``build_site`` sets it up)."""
    files = [p for p in config.root.rglob("*") if p.is_file() and CACHE_DIR not in p.parts]
    inputs = file_digests(config.root, files)
    catalogs = ReleaseCatalogs(config)
    sites = {
        language.code: site_translations(
            None if language == config.source else catalogs.get(language, SITE), language,
            display_path(config, catalog_path(config, language, SITE)),
        )
        for language in config.languages
    }  # fmt: skip
    return Versions(config, inputs, catalogs, sites, "shared")


@pytest.fixture
def temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, for this test alone (where Jinja keeps the default
    theme's compiled templates: they are compiled anew there)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def compiled_templates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles during the test (not those it loads
    compiled), in order."""
    from i18n_news.page_environment import PageEnvironment

    compiled: list[str] = []
    original = PageEnvironment._parse

    def parse(self: PageEnvironment, source: str, name: str | None, filename: str | None) -> Any:
        compiled.append(name or "")
        return original(self, source, name, filename)

    monkeypatch.setattr(PageEnvironment, "_parse", parse)
    return compiled
