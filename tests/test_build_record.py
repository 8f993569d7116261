"""A command with nothing to do reads the record of the last run, not the newsroom: a build or
an update that changes nothing imports no template engine, Markdown parser or YAML reader, and
loads no locale's data; ``status`` on a fresh checkout reads front matter, not Markdown bodies."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news.build_record import last_build
from i18n_news.cache import CACHE_DIR
from i18n_news.config import load_config

from .conftest import replace_in

#: Runs one command in a new interpreter and prints which of the heavy libraries it imported
#: (and "locale-data" if it loaded a locale's data from Babel).
PROBE = """
import sys
import babel.localedata
loaded = []
real_load = babel.localedata.load
babel.localedata.load = lambda *args, **kwargs: loaded.append(1) or real_load(*args, **kwargs)
from click.testing import CliRunner
from i18n_news.cli import cli
result = CliRunner().invoke(cli, ["-C", sys.argv[1], *sys.argv[2:]])
assert result.exit_code == 0, result.output
heavy = [name for name in ("jinja2", "markdown_it", "yaml") if name in sys.modules]
print(" ".join(heavy + ["locale-data"] * bool(loaded)))
"""


def imported_by(root: Path, *command: str) -> set[str]:
    """The heavy libraries ``command`` imports (and whether it loads locale data), run on its
    own."""
    process = subprocess.run(
        [sys.executable, "-c", PROBE, str(root), *command],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(process.stdout.split())


@pytest.mark.parametrize("command", ["build", "update", "status"])
def test_a_command_with_nothing_to_do_imports_no_heavy_library(
    sample_newsroom: Path, run: Callable[..., Result], command: str
) -> None:
    # Languages named by their locales: the names are looked up only where a page shows them.
    settings = sample_newsroom / "i18n-news.toml"
    named = re.compile(r'^name = "(English|Français|Svenska)"\n', re.MULTILINE)
    settings.write_text(named.sub("", settings.read_text(encoding="utf-8")), encoding="utf-8")
    assert run(sample_newsroom, command).exit_code == 0  # the first run does the work
    assert imported_by(sample_newsroom, command) == set()


def test_status_on_a_fresh_checkout_reads_front_matter_not_bodies(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    assert run(sample_newsroom, "extract").exit_code == 0  # templates current: bodies not read
    shutil.rmtree(sample_newsroom / CACHE_DIR, ignore_errors=True)
    # Plain front matter is read without PyYAML; other front matter needs it
    assert imported_by(sample_newsroom, "status") == set()
    release = next((sample_newsroom / "content").rglob("*.md"))
    replace_in(release, "---\n", "---\nextra:\n  kicker: News\n", 1)
    assert run(sample_newsroom, "extract").exit_code == 0
    shutil.rmtree(sample_newsroom / CACHE_DIR, ignore_errors=True)
    assert imported_by(sample_newsroom, "status") == {"yaml"}


def test_a_change_makes_the_build_read_and_render(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    assert run(sample_newsroom, "build").exit_code == 0
    release = next((sample_newsroom / "content").rglob("*.md"))
    release.write_text(release.read_text() + "\nOne more paragraph.\n")
    assert imported_by(sample_newsroom, "build") == {"jinja2", "markdown_it", "locale-data"}
    pages = (sample_newsroom / "public" / "en").rglob("index.html")
    assert any("One more paragraph." in page.read_text() for page in pages)


def test_the_last_build_stands_until_an_input_or_an_option_changes(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    assert run(sample_newsroom, "build").exit_code == 0
    config, now = load_config(sample_newsroom), datetime.now(UTC)
    standing = last_build(config, drafts=False).standing(now)
    assert standing is not None and standing.pages > 0
    assert last_build(config, drafts=True).standing(now) is None
    catalog = next((sample_newsroom / "locales" / "fr").rglob("*.po"))
    catalog.write_text(catalog.read_text() + "\n")
    assert last_build(config, drafts=False).standing(now) is None
