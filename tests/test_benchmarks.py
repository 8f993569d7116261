"""The benchmark stays runnable: a tiny run gives every figure, a table and a chart."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from benchmarks.generate import generate
from benchmarks.peers import HUGO_LAYOUTS, HUGO_STRINGS, write_hugo
from benchmarks.run import edit_translation, measure_in_turn, run
from i18n_news.catalogs import read_catalog
from i18n_news.config import load_config
from i18n_news.content import load_releases
from i18n_news.layout import SITE, catalog_path
from i18n_news.pages import FEED_SIZE

ROOT = Path(__file__).resolve().parent.parent
TASKS = {
    "extract",
    "update (nothing changed)",
    "update (5% changed)",
    "update (5% changed, fresh checkout)",
    "status (fresh checkout)",
    "status (nothing changed)",
    "check (fresh checkout)",
    "check (nothing changed)",
    "build (cold)",
    "build (cold, first on the machine)",
    "build (no change)",
    "build (one paragraph)",
    "build (one translation)",
    "build (one interface string)",
}


def run_benchmark(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """``benchmarks/run.py`` with ``arguments`` (once per size), in an environment changed by
    ``environment``, as a newcomer runs it; it must succeed."""
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--repeat", "1", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, **environment},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def test_a_small_benchmark_run_measures_every_task(tmp_path: Path) -> None:
    result = run_benchmark(
        "--sizes", "12", "--work", str(tmp_path / "work"),
        "--json", str(tmp_path / "results.json"), "--chart", str(tmp_path / "chart.svg"),
    )  # fmt: skip
    data = json.loads((tmp_path / "results.json").read_text())
    ours = {row["task"] for row in data["results"] if row["tool"] == "i18n-news"}
    assert ours == TASKS
    assert all(row["seconds"] > 0 and row["mb"] > 0 for row in data["results"])
    assert "| 12 | i18n-news | build (cold) |" in result.stdout
    # The build timed as on a new machine compiled the theme in a temporary folder of its own.
    assert list((tmp_path / "work/tmp-12").rglob("i18n-news-*.cache"))
    assert "update (5% changed) / msgmerge loop" in result.stdout
    assert "update (5% changed) / msgmerge loop over the changed templates" in result.stdout
    gettext = {row["task"]: row for row in data["results"] if row["tool"].startswith("GNU")}
    assert set(gettext) == {
        "msgfmt --statistics",
        "msgmerge --previous (5% changed)",
        "msgmerge --previous, changed templates only (5% changed)",
    }
    # The loops over every catalog take longer than the one over the changed templates.
    changed_only = gettext["msgmerge --previous, changed templates only (5% changed)"]
    assert changed_only["seconds"] < gettext["msgmerge --previous (5% changed)"]["seconds"]
    assert "update (5% changed, fresh checkout) / msgmerge loop" in result.stdout
    assert "status (fresh checkout) / msgfmt --statistics loop" in result.stdout
    # Commands timed in turn have their ratio turn by turn too, from every run's time.
    assert re.search(
        r"\| status \(fresh checkout\) / msgfmt --statistics loop \| [0-9.]+ \| "
        r"[0-9.]+ \([0-9.]+ to [0-9.]+\) \|",
        result.stdout,
    )
    assert all(row["runs"] == [row["seconds"]] for row in data["results"])
    chart = ET.parse(tmp_path / "chart.svg").getroot()
    assert len(chart.findall("{http://www.w3.org/2000/svg}polyline")) >= 5
    # What cold builds must not find was set aside, and deleted once everything was timed.
    assert (tmp_path / "work/newsroom-12/public/index.html").is_file()
    assert "aside" not in {p.name for p in (tmp_path / "work").iterdir()}


def test_commands_timed_in_turn_take_turns_in_both_orders(tmp_path: Path) -> None:
    def appending(letter: str) -> tuple[Callable[[], object], list[str], Path]:
        script = f"open('turns', 'a').write({letter!r})"
        return (lambda: None), [sys.executable, "-c", script], tmp_path

    figures = measure_in_turn(4, {"a": appending("a"), "b": appending("b")})
    assert (tmp_path / "turns").read_text() == "abbaabba"
    assert [len(runs) for _, _, runs in figures.values()] == [4, 4]


def test_a_benchmark_run_without_a_work_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    result = run_benchmark("--sizes", "8", TMPDIR=str(tmp_path / "tmp"))
    assert "| 8 | i18n-news | build (cold) |" in result.stdout
    # Only what i18n-news keeps for every newsroom: the theme's templates, compiled where
    # Jinja keeps compiled templates.
    left = list((tmp_path / "tmp").rglob("*"))
    assert all(path.name.startswith("_jinja2-cache") for path in left if path.is_dir())
    theme = re.compile(r"i18n-news-[0-9a-f]{16}-theme-[0-9a-f]{40}\.cache")
    assert all(theme.fullmatch(path.name) for path in left if not path.is_dir())


def test_without_gnu_gettext_the_benchmark_runs_without_its_loops(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()  # a PATH with no msgfmt or msgmerge on it
    result = run_benchmark("--sizes", "8", PATH=str(tmp_path / "empty"))
    assert "msgfmt and msgmerge not found" in result.stderr
    assert "| 8 | i18n-news | update (5% changed) |" in result.stdout
    assert "GNU" not in result.stdout


def test_the_growth_benchmark_gives_a_row_per_size_and_task(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/scale.py", "--quick", "--only", "paragraphs",
         "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines() if line.startswith("| 1")]
    tasks = {row[2].strip() for row in rows}
    assert {"extract", "update", "status", "build"} <= tasks
    for task in tasks:
        sizes = [row[1].strip() for row in rows if row[2].strip() == task]
        assert sizes == ["100", "1,000"], (task, sizes)
    assert all(float(row[3]) > 0 and int(row[4]) > 0 for row in rows)
    assert not (tmp_path / "work/aside").exists()  # what was set aside is deleted at the end


def test_the_hugo_site_is_made_to_build_the_pages_i18n_news_builds(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = tmp_path / "newsroom"
    generate(6, root)
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    french = load_config(root).targets[0]
    site_po = catalog_path(load_config(root), french, SITE)
    site_po.write_text(re.sub(
        r'msgid "Published"\nmsgstr "[^"]*"', 'msgid "Published"\nmsgstr "Publié"',
        site_po.read_text(),
    ))  # fmt: skip
    site = write_hugo(root, tmp_path / "hugo")
    config = load_config(root)
    settings = tomllib.loads((site / "hugo.toml").read_text())
    # Index pages and feeds of the same sizes, tag pages, no section or taxonomy list pages.
    assert settings["pagination"]["pagerSize"] == config.per_page
    assert settings["services"]["rss"]["limit"] == FEED_SIZE
    assert settings["taxonomies"] == {"tag": "tags"} and "section" in settings["disableKinds"]
    assert settings["outputs"] == {"home": ["html", "rss"], "term": ["html", "rss"]}
    assert [(code, v["languageCode"], v["languageName"]) for code, v in settings["languages"].items()] == [
        (language.code, language.tag, language.name) for language in config.languages
    ]  # fmt: skip
    # Interface strings are the newsroom's translations, and every one the layouts use exists.
    strings = tomllib.loads((site / "i18n/fr.toml").read_text())
    assert set(strings) == set(HUGO_STRINGS) and strings["published"] == "Publié"
    loaded = read_catalog(config, site_po)
    assert loaded is not None and set(HUGO_STRINGS.values()) <= {m.msgid for m in loaded.catalog}
    used = {key for layout in HUGO_LAYOUTS.values() for key in re.findall(r'i18n "(\w+)"', layout)}
    assert used == set(HUGO_STRINGS)
    # A page per release and language, with the release's date and tags.
    for release in load_releases(config):
        for language in config.languages:
            text = (site / "content/releases" / f"{release.slug}.{language.code}.md").read_text()
            front = yaml.safe_load(text.split("---\n")[1])
            assert front["tags"] == list(release.tags)
            assert front["date"] == release.published


def test_a_command_is_charged_its_own_memory_not_the_benchmarks(tmp_path: Path) -> None:
    ballast = bytearray(200 * 2**20)  # the benchmark holding much more than the command uses
    ballast[:: 2**12] = b"x" * len(ballast[:: 2**12])
    seconds, peak = run(["msgfmt", "--version"], tmp_path)
    assert 0 < seconds < 5
    assert peak < 20, peak
    _, peak = run(
        [sys.executable, "-c", "x = bytearray(80 * 2**20); x[::4096] = b'1' * len(x[::4096])"],
        tmp_path,
    )
    assert 80 <= peak < 120, peak
    del ballast


def test_a_failing_command_is_reported_with_what_it_wrote(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no-such-program: No such file or directory"):
        run(["no-such-program"], tmp_path)
    with pytest.raises(RuntimeError, match="boom"):
        run(["sh", "-c", "echo boom >&2; exit 3"], tmp_path)
    assert run(["sh", "-c", "exit 1"], tmp_path, codes=(0, 1))[1] > 0


def test_the_translation_edit_changes_one_titles_translation_each_time(tmp_path: Path) -> None:
    generate(12, tmp_path)
    catalog = sorted((tmp_path / "locales/fr/LC_MESSAGES/releases").glob("*.po"))[3]
    before = read_catalog(load_config(tmp_path), catalog)
    counter: list[int] = []
    for expected in ("[fr1] ", "[fr2] "):
        edit_translation(tmp_path, counter)
        after = read_catalog(load_config(tmp_path), catalog)
        assert before is not None and after is not None
        changed = [
            (old.auto_comments, new.msgstr)
            for old, new in zip(before.catalog, after.catalog, strict=True)
            if old.msgstr != new.msgstr
        ]
        assert len(changed) == 1
        comments, msgstr = changed[0]
        assert "title" in comments and msgstr.startswith(expected)


def test_words_naming_a_variable_before_a_timed_command_set_its_environment(
    tmp_path: Path,
) -> None:
    check = "import os, sys; sys.exit(0 if os.environ['TMPDIR'] == sys.argv[1] else 3)"
    folder = str(tmp_path / "a=b")  # the value alone is split off at the first "="
    seconds, _ = run([f"TMPDIR={folder}", sys.executable, "-c", check, folder], tmp_path)
    assert seconds > 0
    with pytest.raises(RuntimeError, match="failed"):
        run([sys.executable, "-c", check, folder], tmp_path)
