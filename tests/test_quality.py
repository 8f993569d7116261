"""``check`` over a newsroom: each catalog checked once per content, on every core when many
changed, finding what a first check finds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news import cache, prefetch, quality
from i18n_news.cache import CACHE_DIR
from i18n_news.config import load_config

from .conftest import msgfmt_check, replace_in

RELEASE = """\
---
title: Release {n}
date: 2022-02-{day:02d}
dateline: Montreal
summary: Summary.
---

See [our site](https://mila.quebec/en/) for **12** new labs.
"""

CATALOG = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Release {n}"
msgstr "{title} {n}"

#, markdown-text
msgid "See [our site](https://mila.quebec/en/) for **12** new labs."
msgstr "{body}"
"""

#: A translation that drops the link's address and the bold (two errors), and a right one.
WRONG = "Voyez notre site pour 12 nouveaux laboratoires."
RIGHT = "Voyez [notre site](https://mila.quebec/en/) pour **12** nouveaux laboratoires."


def newsroom_files(count: int) -> dict[str, str]:
    """``count`` releases, with French catalogs (every third translation wrong) and Swedish
    ones (right)."""
    files = {}
    for n in range(count):
        files[f"content/r{n:02d}.md"] = RELEASE.format(n=n, day=1 + n % 28)
        files[f"locales/fr/LC_MESSAGES/releases/r{n:02d}.po"] = CATALOG.format(
            lang="fr_CA", n=n, title="Communiqué", body=WRONG if n % 3 == 0 else RIGHT
        )
        swedish = "Se [vår webbplats](https://mila.quebec/en/) för **12** nya labb."
        files[f"locales/sv/LC_MESSAGES/releases/r{n:02d}.po"] = CATALOG.format(
            lang="sv_SE", n=n, title="Pressmeddelande", body=swedish
        )
    return files


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The catalogs checked (by file name) in this process, as they are."""
    names: list[str] = []
    check_catalog = quality.check_catalog

    def counted(config, path, context, release=None):  # type: ignore[no-untyped-def]
        names.append(path.name if "releases" in path.parts else f"{path.parent.parent.name}")
        return check_catalog(config, path, context, release)

    monkeypatch.setattr(quality, "check_catalog", counted)
    return names


def next_command() -> None:
    """Forget the caches this process read, as the next command (a new process) starts."""
    cache._CACHES.clear()


def fresh_check(root: Path, tmp_path: Path, run: Callable[..., Result], *args: str) -> Result:
    """``check`` of a copy of the newsroom without its cache, as a fresh checkout runs it."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(CACHE_DIR))
    return run(copy, "check", *args)


def test_a_second_check_checks_only_the_catalog_a_translator_changed(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    checked: list[str],
    tmp_path: Path,
) -> None:
    root = make_newsroom(newsroom_files(6))
    first = run(root, "check", "-j", "1")
    assert first.exit_code == 1  # failed checks keep what they found for the next one
    assert first.stdout.count("[links]") == first.stdout.count("[markup]") == 2
    assert len(checked) == 12
    checked.clear()
    next_command()
    again = run(root, "check", "-j", "1")
    assert (again.exit_code, again.stdout, checked) == (1, first.stdout, [])
    # The translator fixes release 3's French translation.
    catalog = root / "locales/fr/LC_MESSAGES/releases/r03.po"
    replace_in(catalog, WRONG, RIGHT)
    next_command()
    after = run(root, "check", "-j", "1")
    assert checked == ["r03.po"]
    assert "r03.po" not in after.stdout and after.stdout.count("[links]") == 1
    assert after.stdout == fresh_check(root, tmp_path, run, "-j", "1").stdout


def test_a_change_to_the_glossary_checks_every_catalog_again(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], checked: list[str]
) -> None:
    root = make_newsroom(newsroom_files(2))
    assert "[glossary]" not in run(root, "check", "-j", "1").stdout
    checked.clear()
    (root / "glossary.toml").write_text('do_not_translate = ["Release"]\n')
    glossary = run(root, "check", "-j", "1").stdout
    assert len(checked) == 4
    assert glossary.count("[glossary] “Release” is never translated") == 4


@pytest.fixture
def few_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A few catalogs are enough for ``check`` to start workers."""
    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)


def on_one_and_two_cores(
    root: Path, tmp_path: Path, run: Callable[..., Result], *args: str
) -> tuple[Result, Result]:
    """``check`` on one core (of a fresh copy), then on two cores."""
    return fresh_check(root, tmp_path, run, "-j", "1", *args), run(root, "check", "-j", "2", *args)


@pytest.mark.usefixtures("few_files")
def test_check_on_two_cores_finds_what_one_core_finds(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root = make_newsroom(newsroom_files(9))
    one, two = on_one_and_two_cores(root, tmp_path, run, "--format", "json")
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout) == (1, one.stdout)
    assert two.stdout.count('"check": "links"') == 3
    # What the workers found is kept: the next check finds it all in the cache.
    monkeypatch.setattr(quality, "check_catalog", lambda *args: pytest.fail("checked again"))
    next_command()
    assert run(root, "check", "-j", "2", "--format", "json").stdout == one.stdout


@pytest.mark.usefixtures("few_files")
def test_a_broken_catalog_is_reported_on_two_cores_as_on_one(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    root = make_newsroom(newsroom_files(4))
    broken = root / "locales/sv/LC_MESSAGES/releases/r02.po"
    replace_in(broken, 'msgstr "Pressmeddelande 2"', "msgstr")
    (root / "locales/fr/LC_MESSAGES/releases/r03.po").write_text("")
    one, two = on_one_and_two_cores(root, tmp_path, run)
    assert two.exit_code == one.exit_code == 1
    assert two.output == one.output
    # Each broken catalog is a finding; the others are checked all the same.
    unreadable = [line for line in two.stdout.splitlines() if "[catalog]" in line]
    assert [line.split(" [")[0] for line in unreadable] == [
        "locales/fr/LC_MESSAGES/releases/r03.po:1:",
        "locales/sv/LC_MESSAGES/releases/r02.po:7:",
    ]
    assert len(two.stdout.splitlines()) > 2  # and the others' findings


def test_check_tells_its_progress_over_the_catalogs_it_checks(
    make_newsroom: Callable[..., Path],
) -> None:
    root = make_newsroom(newsroom_files(3))
    progress: list[tuple[int, int]] = []
    config = load_config(root)
    found = quality.check_newsroom(config, progress=lambda *done: progress.append(done))
    # The three releases read, then their six catalogs checked.
    assert len(found) == 2 and progress == [(n, 3) for n in (1, 2, 3)] + [
        (n, 6) for n in range(1, 7)
    ]
    progress.clear()  # nothing left to read or check the next time
    assert quality.check_newsroom(config, progress=lambda *done: progress.append(done)) == found
    assert progress == []


def test_a_control_character_and_an_emptied_catalog_are_reported(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    files = newsroom_files(2)
    # Word's manual line break, pasted: msgfmt -c takes it, the site's XML feeds cannot.
    files["locales/fr/LC_MESSAGES/releases/r01.po"] = CATALOG.format(
        lang="fr_CA", n=1, title="Communiqué", body=RIGHT.replace(" pour ", "\\v pour ")
    )
    root = make_newsroom(files)
    result = run(root, "check", "--lang", "fr")
    assert result.exit_code == 1
    line = CATALOG.splitlines().index("#, markdown-text") + 2
    assert (
        f"locales/fr/LC_MESSAGES/releases/r01.po:{line}: [control-characters] control character "
        "U+000B (\\v), a manual line break pasted from Word: a page shows nothing or a box for "
        "it, and XML cannot hold it (the site's feeds); write a space\n"
    ) in result.output
    # An emptied catalog is refused, as msgfmt -c refuses it (it was passed over as none).
    (root / "locales/sv/LC_MESSAGES/releases/r00.po").write_text("")
    result = run(root, "check", "--lang", "sv")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "locales/sv/LC_MESSAGES/releases/r00.po:1: [catalog] the catalog is empty: "
    )


def test_a_plural_form_few_numbers_take_may_leave_the_number_out(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    # French's first form is for 0 and 1 alone: "un communiqué", as msgfmt -c lets it.
    po = sample_newsroom / "locales/fr/LC_MESSAGES/site.po"
    replace_in(
        po, 'msgstr[0] "%(num)d communiqué de presse"', 'msgstr[0] "un communiqué de presse"'
    )
    assert msgfmt_check(po).returncode == 0
    result = run(sample_newsroom, "check", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "placeholder" not in result.output
    # The form most numbers take may not (flag taken off: msgfmt -c would refuse it first).
    many = 'msgstr[1] "%(num)d communiqués de presse"'
    text = po.read_text(encoding="utf-8").replace(many, 'msgstr[1] "des communiqués"')
    flagged = '#, python-format\nmsgid "%(num)d press release"'
    assert flagged in text
    po.write_text(text.replace(flagged, 'msgid "%(num)d press release"'), encoding="utf-8")
    result = run(sample_newsroom, "check", "--lang", "fr")
    assert result.exit_code == 1
    assert "[placeholders] placeholder %(num)d is missing" in result.output
