"""status: counts checked against msgfmt and pocount, filters, JSON, CI exit codes, --since."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from click.testing import Result
from translate.tools.pocount import calcstats

from i18n_news import cache

from .conftest import CONFIG, DATA, msgfmt_statistics, replace_in

RELEASE = (DATA / "full-release.md").read_text()
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
def newsroom(make_newsroom: Callable[..., Path], run: Callable[..., Result]) -> Path:
    root = make_newsroom(
        {"content/2023/joint-lab.md": RELEASE, "content/2022/second.md": SECOND},
        config=CONFIG + '\n[policy]\nmin_translated = 50\nbelow = "hold"\n',
    )
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/second.po"
    text = po.read_text()
    for msgid, msgstr in [
        ("A second release", "Un deuxième communiqué"),
        ("Short.", "Bref."),
        ("Stockholm", "Stockholm"),
        ("One paragraph only.", "Un seul paragraphe."),
    ]:
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    po.write_text(text)
    sv = root / "locales/sv/LC_MESSAGES/releases/second.po"
    replace_in(
        sv,
        'msgid "A second release"\nmsgstr ""',
        '#, fuzzy\nmsgid "A second release"\nmsgstr "Ett andra"',
    )
    return root


def status_json(run: Callable[..., Result], root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run(root, "status", "--json", *args)
    return json.loads(result.stdout)


def test_counts_match_msgfmt_and_pocount(newsroom: Path, run: Callable[..., Result]) -> None:
    data = status_json(run, newsroom)
    assert data["schema"] == "i18n-news/status/1"
    for release in data["releases"]:
        for code, version in release["languages"].items():
            path = newsroom / version["catalog"]
            gnu = msgfmt_statistics(path)
            numbers = {
                k: int(v) for v, k in re.findall(r"(\d+) (translated|fuzzy|untranslated)", gnu)
            }
            for state in ("translated", "fuzzy", "untranslated"):
                assert version["messages"][state] == numbers.get(state, 0), (
                    code,
                    release["slug"],
                    gnu,
                )
            pocount = calcstats(str(path))
            assert version["words"]["translated"] == pocount["translatedsourcewords"]
            assert version["words"]["fuzzy"] == pocount["fuzzysourcewords"]
            assert version["words"]["untranslated"] == pocount["untranslatedsourcewords"]
            assert version["words"]["total"] == pocount["totalsourcewords"]


def test_on_site_says_what_the_site_shows_now(newsroom: Path, run: Callable[..., Result]) -> None:
    def versions() -> dict[str, tuple[str, bool, bool]]:
        data = status_json(run, newsroom)
        return {
            f"{r['slug']}/{code}": (r["state"], v["published"], v["on_site"])
            for r in data["releases"]
            for code, v in r["languages"].items()
        }

    shown = versions()
    assert shown["second/fr"] == ("published", True, True)
    assert shown["second/sv"] == ("published", False, False)  # held back by the policy
    second = newsroom / "content/2022/second.md"
    replace_in(second, "---\n\n", "draft: true\n---\n\n", 1)
    # A draft: the policy would publish its French, which the site does not show yet.
    assert versions()["second/fr"] == ("draft", True, False)
    # The table says what the policy will decide once it is published, held versions too.
    rows = [
        line for line in run(newsroom, "status").output.splitlines() if line.startswith("second ")
    ]
    assert rows[0].endswith(" draft") and " draft, then no: " in rows[1], rows
    assert run(newsroom, "build").exit_code == 0
    assert not (newsroom / "public/fr/second").exists()


def test_a_renamed_release_is_counted_under_its_new_name(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2022/second.md": SECOND})  # no catalogs yet
    before = status_json(run, root)["releases"][0]
    assert before["slug"] == "second"
    assert before["languages"]["fr"]["catalog"].endswith("releases/second.po")
    (root / "content/2022/second.md").rename(root / "content/2022/renamed.md")
    after = status_json(run, root)["releases"][0]
    assert after["slug"] == "renamed"
    assert after["languages"]["fr"]["catalog"] == "locales/fr/LC_MESSAGES/releases/renamed.po"


def test_policy_decisions_in_status(newsroom: Path, run: Callable[..., Result]) -> None:
    data = status_json(run, newsroom)
    second = next(r for r in data["releases"] if r["slug"] == "second")
    assert second["languages"]["fr"]["published"] is True
    assert second["languages"]["sv"]["published"] is False
    assert second["languages"]["sv"]["reason"].startswith("0% of words translated")
    assert second["state"] == "published"
    # The releases' four, and the site's (the theme's strings, which it translates itself).
    site = data["site"]["fr"]["messages"]["translated"]
    assert site > 10 and data["totals"]["fr"]["messages"]["translated"] == 4 + site


def test_filters_and_sorting(newsroom: Path, run: Callable[..., Result]) -> None:
    data = status_json(run, newsroom, "--lang", "fr", "--incomplete")
    assert [r["slug"] for r in data["releases"]] == ["joint-lab"]
    assert list(data["releases"][0]["languages"]) == ["fr"]
    # The totals are of what is shown, as the table's: no Swedish said complete for being
    # left out, nor French counting the complete versions --incomplete leaves out.
    shown = [data["releases"][0]["languages"]["fr"], *data["site"].values()]
    assert list(data["totals"]) == ["fr"] and data["totals"]["fr"]["messages"] == {
        kind: sum(version["messages"][kind] for version in shown)
        for kind in ("translated", "fuzzy", "untranslated", "total")
    }
    data = status_json(run, newsroom, "--release", "second")
    assert [r["slug"] for r in data["releases"]] == ["second"] and data["site"] == {}
    data = status_json(run, newsroom, "--sort", "name")
    assert [r["slug"] for r in data["releases"]] == ["joint-lab", "second"]
    assert [r["slug"] for r in status_json(run, newsroom)["releases"]] == ["joint-lab", "second"]
    table = run(newsroom, "status", "--sort", "progress", "--lang", "fr").output
    assert table.index("joint-lab") < table.index("second")
    assert run(newsroom, "status", "--release", "nope").exit_code == 2  # a wrong command line


def test_fail_under_and_fail_if_held_for_ci(newsroom: Path, run: Callable[..., Result]) -> None:
    ok = run(newsroom, "status", "--release", "second", "--lang", "fr", "--fail-under", "100")
    assert ok.exit_code == 0
    failed = run(
        newsroom, "status", "--release", "second", "--fail-under", "100", "--by", "messages"
    )
    assert failed.exit_code == 1
    lines = [line for line in failed.stderr.splitlines() if line]
    assert lines == [
        "locales/sv/LC_MESSAGES/releases/second.po: sv/second: 0.0% of messages translated, under 100%"
    ]
    held = run(newsroom, "status", "--fail-if-held")
    assert held.exit_code == 1
    assert "sv/second: held back by the policy" in held.stderr


@pytest.mark.parametrize(
    "target",
    [
        "content/2022/second.md", "i18n-news.toml", "locales/status.html", "content",
        "public/status.html",  # the output folder, which a build replaces whole
    ],
)  # fmt: skip
def test_the_dashboard_is_never_written_over_the_newsrooms_own_files(
    newsroom: Path, run: Callable[..., Result], target: str
) -> None:
    before = {p: p.read_bytes() for p in newsroom.rglob("*") if p.is_file()}
    result = run(newsroom, "status", "--html", str(newsroom / target))
    assert result.exit_code == 2 and "--html" in result.output
    assert "joint-lab" not in result.output  # refused before any table is printed
    after = {p: p.read_bytes() for p in newsroom.rglob("*") if p.is_file()}
    assert {p: d for p, d in after.items() if p.name != ".i18n-news.lock"} == {
        p: d for p, d in before.items() if p.name != ".i18n-news.lock"
    }


def test_the_dashboard_is_never_written_over_a_compendium(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom(
        {"content/2022/second.md": SECOND},
        config=CONFIG + '\n[memory]\ncompendia = ["memory/compendium.po"]\n',
    )
    compendium = root / "memory/compendium.po"
    compendium.parent.mkdir()
    compendium.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n')
    result = run(root, "status", "--html", str(compendium))
    assert result.exit_code == 2 and "is a file of the newsroom's own" in result.output
    assert compendium.read_text().startswith('msgid ""')


def test_a_dashboard_that_cannot_be_written_stops_status_before_its_table(
    newsroom: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from .system_tools import as_unprivileged

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    newsroom.chmod(0o777)  # for the lock an unprivileged command takes
    process = subprocess.run(
        [*as_unprivileged(), sys.executable, "-m", "i18n_news", "-C", str(newsroom), "status",
         "--html", str(folder / "status.html")], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert process.returncode == 1 and process.stdout == ""
    assert process.stderr == f"error: {folder / 'status.html'}: Permission denied\n"


def test_dashboard_is_self_contained(newsroom: Path, run: Callable[..., Result]) -> None:
    assert run(newsroom, "build").exit_code == 0
    target = newsroom / "reports" / "status.html"
    target.parent.mkdir()
    assert run(newsroom, "status", "--html", str(target)).exit_code == 0
    page = BeautifulSoup(target.read_text(), "html5lib")
    assert page.find("script") is None
    assert not [
        tag for tag in page.find_all(["link", "img", "script"]) if tag.get("src") or tag.get("href")
    ]
    sections = page.find_all("section", class_="release")
    assert [s["id"] for s in sections] == ["release-joint-lab", "release-second", "site-interface"]
    links = [a["href"] for a in sections[1].find_all("a")]
    assert "../public/fr/second/index.html" in links
    assert "../locales/fr/LC_MESSAGES/releases/second.po" in links
    assert "../public/sv/second/index.html" not in links  # held back: no page
    for href in links:
        assert (target.parent / href).resolve().is_file()
    # A newsroom in a folder whose name a URL must encode: links still lead to the files.
    encoded = newsroom.parent / "news #1"
    shutil.copytree(newsroom, encoded)
    elsewhere = newsroom.parent / "status.html"
    assert run(encoded, "status", "--html", str(elsewhere)).exit_code == 0
    page = BeautifulSoup(elsewhere.read_text(), "html5lib")
    hrefs = [a["href"] for a in page.select("section.release a")]
    assert hrefs and all("#" not in href and " " not in href for href in hrefs)
    assert all((elsewhere.parent / unquote(href)).resolve().is_file() for href in hrefs)


def git(root: Path, *args: str, date: str | None = None) -> None:
    """Run git in ``root`` as an editor would, committing at ``date`` if one is given."""
    env = {**os.environ, "GIT_COMMITTER_DATE": date} if date else None
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Ed", "-c", "user.email=ed@example.org", *args],
        check=True,
        capture_output=True,
        env=env,
    )


def test_since_a_date_starts_at_the_first_moment_of_that_day(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # git reads a date alone at the time of the day it is run: the same command would list
    # a change made that day in the morning and leave it out in the afternoon.
    source = newsroom / "content/2022/second.md"
    git(newsroom, "init", "-q")
    git(newsroom, "add", "-A")
    git(newsroom, "commit", "-qm", "first", date="2022-12-09T12:00:00-05:00")
    replace_in(source, "One paragraph only.", "Edited on the tenth.")
    git(newsroom, "add", "-A")
    git(newsroom, "commit", "-qm", "second", date="2022-12-10T10:00:00-05:00")
    for since in ("2022-12-10", "2022-12-10T00:00", "2022-12-10 00:00:00-05:00"):
        data = json.loads(run(newsroom, "status", "--since", since, "--json", "-l", "fr").stdout)
        assert [c["msgid"] for c in data["languages"]["fr"]] == ["Edited on the tenth."], since
    data = json.loads(run(newsroom, "status", "--since", "2022-12-11", "--json", "-l", "fr").stdout)
    assert data["languages"]["fr"] == []


def test_since_a_renamed_release_lists_only_what_changed_in_it(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    git(newsroom, "init", "-q")
    git(newsroom, "add", "-A")
    git(newsroom, "commit", "-qm", "first")
    git(newsroom, "mv", "content/2022/second.md", "content/2022/second-release.md")
    replace_in(newsroom / "content/2022/second-release.md", "One paragraph only.", "One paragraph.")
    git(newsroom, "commit", "-qam", "renamed")
    data = json.loads(run(newsroom, "status", "--since", "HEAD~1", "--json", "-l", "fr").stdout)
    changes = [
        (c["release"], c["change"], c["msgid"], c["previous"]) for c in data["languages"]["fr"]
    ]
    assert changes == [("second-release", "changed", "One paragraph.", "One paragraph only.")]


def test_since_lists_new_and_changed_messages(newsroom: Path, run: Callable[..., Result]) -> None:
    git(newsroom, "init", "-q")
    git(newsroom, "add", "-A")
    git(newsroom, "commit", "-qm", "first")
    source = newsroom / "content/2022/second.md"
    source.write_text(
        source.read_text().replace("One paragraph only.", "One paragraph, edited.")
        + "\nA new paragraph.\n"
    )
    data = json.loads(run(newsroom, "status", "--since", "HEAD", "--json", "--lang", "fr").stdout)
    changes = data["languages"]["fr"]
    assert [(c["change"], c["msgid"], c["previous"], c["state"]) for c in changes] == [
        ("changed", "One paragraph, edited.", "One paragraph only.", "untranslated"),
        ("added", "A new paragraph.", None, "untranslated"),
    ]
    assert changes[0]["path"] == "content/2022/second.md" and changes[0]["line"] == 9
    text = run(newsroom, "status", "--since", "HEAD").output
    assert "content/2022/second.md:11: added, untranslated: 'A new paragraph.'" in text
    # New interface strings are new work too: a tag's name, a template's string.
    replace_in(source, "tags: [", "tags: [workshops, ", 1)
    footer = newsroom / "templates/partials/footer.html"
    footer.parent.mkdir(parents=True, exist_ok=True)
    footer.write_text('<footer><p>{{ _("Follow us") }}</p></footer>\n')
    assert run(newsroom, "extract").exit_code == 0 and run(newsroom, "update").exit_code == 0
    data = json.loads(run(newsroom, "status", "--since", "HEAD", "--json", "--lang", "sv").stdout)
    interface = [c for c in data["languages"]["sv"] if c["release"] is None]
    assert [(c["kind"], c["msgid"], c["path"], c["line"], c["state"]) for c in interface] == [
        ("interface string", "Follow us", "templates/partials/footer.html", 1, "untranslated"),
        ("tag", "workshops", "content/2022/second.md", 6, "untranslated"),
    ]
    text = run(newsroom, "status", "--since", "HEAD", "--lang", "sv").output
    assert "templates/partials/footer.html:1: added, untranslated: 'Follow us'" in text
    # A revision or a date git does not know is a wrong command line.
    for since in ("no-such-ref", "2022-13-45"):
        wrong = run(newsroom, "status", "--since", since)
        assert wrong.exit_code == 2 and wrong.output.startswith("error: --since: "), wrong.output
    for option in (["--html", "x.html"], ["--fail-under", "0"], ["--fail-if-held"],
                   ["--sort", "name"], ["--by", "words"], ["--now", "2023-01-01T00:00Z"]):  # fmt: skip
        refused = run(newsroom, "status", "--since", "HEAD", *option)
        assert refused.exit_code == 2 and f"it takes no {option[0]}" in refused.output
    assert not (newsroom / "x.html").exists()
    # A slug of no release is a wrong command line, as without --since: not "nothing to do".
    typo = run(newsroom, "status", "--since", "HEAD", "--release", "secnod")
    assert typo.exit_code == 2 and "no release with slug 'secnod'" in typo.output
    only = json.loads(
        run(newsroom, "status", "--since", "HEAD", "--json", "--release", "second").stdout
    )
    assert len(only["languages"]["fr"]) == 2


def test_status_tells_its_progress_over_what_it_reads(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from i18n_news import outline, prefetch
    from i18n_news.cache import CACHE_DIR
    from i18n_news.config import load_config
    from i18n_news.report import collect_status

    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)  # two releases are enough
    monkeypatch.setattr(outline, "PARALLEL_MIN_RELEASES", 1)
    progress: list[tuple[int, int]] = []

    def status() -> list[tuple[int, int]]:
        progress.clear()
        cache._CACHES.clear()
        report = collect_status(
            load_config(newsroom), datetime.now(UTC), workers=2,
            progress=lambda done, total: progress.append((done, total)),
        )  # fmt: skip
        cache.save_caches()
        assert len(report.releases) == 2
        return progress

    shutil.rmtree(newsroom / CACHE_DIR)  # a fresh checkout: the releases read with their
    assert status()[-1] == (2, 2)  # catalogs counted (two releases, one part to its end)
    assert all(done <= total == 2 for done, total in progress)
    assert status() == []  # nothing changed
    for po in (newsroom / "locales").rglob("*/releases/*.po"):  # a pull changed catalogs
        replace_in(po, "# ", "# Pulled.\n# ", 1)
    assert status()[-1] == (2, 2)  # counted again, two releases' worth


def test_the_table_stays_aligned_with_a_long_language_code(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    config = CONFIG.replace('["fr", "sv"]', '["fr", "pt-BR"]').replace(
        '[languages.sv]\nlocale = "sv_SE"', '[languages.pt-BR]\nlocale = "pt_BR"'
    )
    assert "pt-BR" in config and "sv_SE" not in config
    root = make_newsroom({"content/2022/second.md": SECOND}, config=config)
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    lines = run(root, "status").stdout.splitlines()
    # Each column starts where its heading does, whatever the language's code.
    starts = [lines[0].index(name) for name in ("lang", "translated")]
    rows = [line for line in lines[1:] if line.startswith("second ")]
    assert {row[starts[0] :].split()[0] for row in rows} == {"fr", "pt-BR"}
    end = starts[1] + len("translated")  # the column of counts ends with its heading
    for row in rows:
        assert row[end - 1].isdigit() and row[end] == " ", row


def test_status_at_an_earlier_moment_shows_what_was_not_out_yet(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    # The editors' guide: the newsroom as it was the morning of the first release.
    result = run(sample_newsroom, "status", "--now", "2022-02-09T09:00-05:00", "--json")
    assert result.exit_code == 0, result.output
    releases = json.loads(result.output)["releases"]
    states = {item["slug"]: item["state"] for item in releases}
    # When each release left out goes out: its embargo, or its date (it has no embargo).
    until = {item["slug"]: item["embargo"] for item in releases}
    assert until["nordic-quebec-ai-health-workshop"] == "2022-10-03T00:00:00-04:00"
    assert states == {
        "mila-ai-sweden-partnership": "published",
        "mila-ai-sweden-researcher-exchange": "embargoed",
        "nordic-quebec-ai-health-workshop": "embargoed",
    }
    table = run(sample_newsroom, "status", "--now", "2022-02-09T09:00-05:00").output
    rows = [line for line in table.splitlines() if line.startswith("nordic-quebec-ai-health")]
    assert len(rows) == 2  # French and Swedish
    assert all(row.endswith("embargoed until 2022-10-03T00:00:00-04:00") for row in rows)
    # And as the build at that moment publishes it.
    built = run(sample_newsroom, "build", "--now", "2022-02-09T09:00-05:00", "--json")
    assert json.loads(built.output)["releases"] == 1


def test_a_catalog_emptied_after_it_was_missing_is_refused_as_any_empty_one(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    catalog = sample_newsroom / "locales/sv/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"
    catalog.unlink()
    missing = run(sample_newsroom, "status")
    assert missing.exit_code == 0 and "[no catalog: run update]" in missing.output
    catalog.write_text("")  # a tool that blanked it: msgfmt refuses it, and so does status
    result = run(sample_newsroom, "status")
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: locales/sv/LC_MESSAGES/releases/mila-ai-sweden-partnership.po:1: "
    )
