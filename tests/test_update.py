"""update: catalogs follow the templates, and no translation is ever lost."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result

from i18n_news import update as update_module
from i18n_news import workers as workers_module
from i18n_news.config import load_config
from i18n_news.errors import CatalogError
from i18n_news.update import update_newsroom

from .conftest import msgfmt_check, replace_in

RELEASE = """\
---
title: A release
date: 2022-02-09
dateline: Montreal
summary: A summary.
---

Mila welcomes 48 new researchers from 12 countries this winter.

A paragraph that will be removed later.
"""


@pytest.fixture
def newsroom(make_newsroom: Callable[..., Path], run: Callable[..., Result]) -> Path:
    root = make_newsroom({"content/a.md": RELEASE})
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/a.po"
    catalog = polib.pofile(str(po))
    catalog.find(
        "Mila welcomes 48 new researchers from 12 countries this winter."
    ).msgstr = "Mila accueille 48 nouveaux chercheurs de 12 pays cet hiver."
    catalog.find(
        "A paragraph that will be removed later."
    ).msgstr = "Un paragraphe qui sera supprimé."
    catalog.save()
    return root


def edit_source(root: Path, old: str, new: str) -> None:
    replace_in(root / "content/a.md", old, new)


def test_changed_text_becomes_fuzzy_and_removed_text_obsolete(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    edit_source(newsroom, "48 new", "50 new")
    edit_source(newsroom, "A paragraph that will be removed later.\n", "")
    assert run(newsroom, "extract").exit_code == 0
    result = run(newsroom, "update")
    assert "(0 new, 1 fuzzy, 1 obsolete)" in result.output
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    catalog = polib.pofile(str(po))
    entry = catalog.find("Mila welcomes 50 new researchers from 12 countries this winter.")
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "Mila welcomes 48 new researchers from 12 countries this winter."
    assert entry.msgstr == "Mila accueille 48 nouveaux chercheurs de 12 pays cet hiver."
    [gone] = catalog.obsolete_entries()
    assert gone.msgstr == "Un paragraphe qui sera supprimé."
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)]).returncode == 0

    # The paragraph comes back: so does its translation.
    edit_source(
        newsroom, "this winter.\n", "this winter.\n\nA paragraph that will be removed later.\n"
    )
    run(newsroom, "extract")
    run(newsroom, "update")
    back = polib.pofile(str(po)).find("A paragraph that will be removed later.")
    assert back.msgstr == "Un paragraphe qui sera supprimé." and "fuzzy" not in back.flags


def test_a_catalog_that_is_a_link_is_written_through_it(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    """A translator's catalog kept elsewhere, linked into the newsroom: update writes the
    file the link leads to, and the link stays one."""
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    kept = newsroom / "locales/fr-shared.po"
    po.rename(kept)
    po.symlink_to(kept)
    edit_source(newsroom, "48 new", "50 new")
    assert run(newsroom, "extract").exit_code == 0
    assert run(newsroom, "update").exit_code == 0
    assert po.is_symlink() and po.resolve() == kept.resolve()
    assert "50 new researchers" in kept.read_text()


def test_purge_obsolete(newsroom: Path, run: Callable[..., Result]) -> None:
    edit_source(newsroom, "A paragraph that will be removed later.\n", "")
    run(newsroom, "extract")
    run(newsroom, "update")
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    assert len(polib.pofile(str(po)).obsolete_entries()) == 1
    purged = run(newsroom, "update", "--purge-obsolete")
    assert polib.pofile(str(po)).obsolete_entries() == []
    assert "(0 new, 0 fuzzy, 0 obsolete, 1 obsolete deleted)" in purged.output


def test_crlf_catalogs_stay_crlf(newsroom: Path, run: Callable[..., Result]) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    assert "0 catalog(s) written" in run(newsroom, "update").output
    edit_source(newsroom, "48 new", "50 new")
    run(newsroom, "extract")
    run(newsroom, "update")
    data = po.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 10


def refused_by_every_command(newsroom: Path, run: Callable[..., Result], error: str) -> None:
    """Every command that reads catalogs exits 1 with ``error`` alone, and builds nothing;
    ``check`` lists it among its findings (and checks the other catalogs all the same)."""
    for command in ("update", "status", "build", "compile"):
        result = run(newsroom, command)
        assert (result.exit_code, result.output) == (1, error), command
    assert not (newsroom / "public").exists()
    located, _, message = error.removeprefix("error: ").partition(": ")
    checked = run(newsroom, "check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [f"{located}: [catalog] {message.rstrip()}"]


def test_an_update_stopped_by_a_broken_catalog_says_what_it_wrote_before(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # French is merged before Swedish: its catalog is written (whole), then the Swedish one
    # stops the update. The output says both.
    edit_source(newsroom, "48 new", "50 new")
    assert run(newsroom, "extract").exit_code == 0
    french = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    before = french.read_bytes()
    swedish = newsroom / "locales/sv/LC_MESSAGES/releases/a.po"
    swedish.write_text(swedish.read_text() + 'msgid "broken\n')
    result = run(newsroom, "update")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("error: locales/sv/LC_MESSAGES/releases/a.po:")
    assert lines[1:] == [
        "note: 1 catalog(s) were written before it, each whole: run 'i18n-news update' again "
        "once it is put right"
    ]
    assert french.read_bytes() != before
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(french)]).returncode == 0


def test_a_catalog_with_old_mac_line_ends_is_refused_by_every_command(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # msgfmt -c refuses it (its first comment runs to the end of the file): each command says
    # what to do, and nothing is written over it.
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    data = po.read_bytes().replace(b"\n", b"\r")
    po.write_bytes(data)
    assert msgfmt_check(po).returncode == 1
    refused_by_every_command(
        newsroom,
        run,
        "error: locales/fr/LC_MESSAGES/releases/a.po:1: its lines end with a carriage return "
        "alone (an old Mac's line ends), which GNU gettext does not read: save it with LF line "
        "ends\n",
    )
    assert po.read_bytes() == data
    # Saved with LF line ends, it keeps its translations.
    po.write_bytes(data.replace(b"\r", b"\n"))
    assert run(newsroom, "update").exit_code == 0
    assert polib.pofile(str(po)).find("A paragraph that will be removed later.").msgstr == (
        "Un paragraphe qui sera supprimé."
    )


@pytest.mark.parametrize("text", ["", " \n\n", "# A catalog begun by hand.\n"])
def test_an_empty_catalog_is_refused_by_every_command(
    newsroom: Path, run: Callable[..., Result], text: str
) -> None:
    # msgfmt -c refuses it ("PO file header missing or invalid"); a catalog emptied by
    # mistake (a failed merge, an editor that crashed) is not made anew over the damage.
    po = newsroom / "locales/sv/LC_MESSAGES/releases/a.po"
    po.write_text(text)
    assert msgfmt_check(po).returncode == 1
    refused_by_every_command(
        newsroom,
        run,
        "error: locales/sv/LC_MESSAGES/releases/a.po:1: the catalog is empty: no header "
        """entry (msgid ""), no message; restore it, or delete it and run 'i18n-news """
        "update' to make it anew\n",
    )
    assert po.read_text() == text
    # Deleted, it is made anew, as msginit makes it.
    po.unlink()
    assert run(newsroom, "update").exit_code == 0
    catalog = polib.pofile(str(po))
    assert catalog.metadata["Language"] == "sv_SE"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert len(catalog) == 5 and catalog.percent_translated() == 0
    assert msgfmt_check(po).returncode == 0


def test_a_translation_the_template_makes_invalid_is_left_fuzzy(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # A translator removed "#, python-format" and wrote what is no format string: msgfmt -c
    # passes. The template puts the flag back; the catalog update writes still passes.
    site = newsroom / "locales/fr/LC_MESSAGES/site.po"
    text = site.read_text(encoding="utf-8")
    entry = re.search('#, python-format\nmsgid "%\\(site\\)s: press releases"\nmsgstr ".*"\n', text)
    assert entry is not None
    text = text.replace(
        entry[0], 'msgid "%(site)s: press releases"\nmsgstr "Communiqués à 100 %"\n'
    )
    site.write_text(text, encoding="utf-8")
    assert msgfmt_check(site).returncode == 0 and run(newsroom, "status").exit_code == 0
    result = run(newsroom, "update")
    assert result.exit_code == 0
    assert "updated locales/fr/LC_MESSAGES/site.po (0 new, 1 fuzzy, 0 obsolete)" in result.output
    assert msgfmt_check(site).returncode == 0, msgfmt_check(site).stderr
    entry = polib.pofile(str(site)).find("%(site)s: press releases")
    assert entry.fuzzy and "python-format" in entry.flags and entry.msgstr == "Communiqués à 100 %"
    assert entry.tcomment.splitlines()[-1] == (
        "changed: msgfmt -c would refuse the translation: the translation is not a valid Python "
        "format string: the directive number 1 ends the string unfinished (a python-format "
        "message)"
    )
    for command in ("status", "build", "compile", "update"):
        assert run(newsroom, command).exit_code == 0, command
    assert msgfmt_check(site).returncode == 0


def test_gnu_tools_drop_flags_they_do_not_know_and_update_puts_markdown_text_back(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # As the translators' guide says: msgcat, msgattrib and msgmerge (GNU gettext 0.21) drop
    # markdown-text and the ignore-<check> flags; update restores markdown-text alone.
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    flagged = '#, markdown-text\nmsgid "Mila welcomes'
    replace_in(po, flagged, '#, markdown-text, ignore-numbers\nmsgid "Mila welcomes')
    pot = newsroom / "locales/templates/releases/a.pot"
    commands = [["msgcat", str(po)], ["msgattrib", str(po)], ["msgmerge", "-q", str(po), str(pot)]]
    for command in commands:
        written = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        assert "markdown-text" not in written and "ignore-numbers" not in written, command
        assert "Mila welcomes 48" in written
    po.write_text(subprocess.run(["msgcat", str(po)], capture_output=True, text=True).stdout)
    assert run(newsroom, "update").exit_code == 0
    entry = polib.pofile(str(po)).find(
        "Mila welcomes 48 new researchers from 12 countries this winter."
    )
    assert entry.flags == ["markdown-text"]


@pytest.mark.parametrize("text", ["", "# Emptied.\n"])
def test_an_empty_template_is_refused_and_extract_writes_it_again(
    newsroom: Path, run: Callable[..., Result], text: str
) -> None:
    # msgmerge would take it for a release whose texts are all gone and make every
    # translation obsolete; a template i18n-news writes always has a header.
    pot = newsroom / "locales/templates/releases/a.pot"
    written = pot.read_text()
    catalogs = {path: path.read_bytes() for path in newsroom.glob("locales/*/LC_MESSAGES/**/*.po")}
    pot.write_text(text)
    result = run(newsroom, "update")
    assert result.exit_code == 1
    assert result.output == (
        "error: locales/templates/releases/a.pot:1: the template is empty: no header entry "
        """(msgid ""), no message; run 'i18n-news extract' to write it again\n"""
    )
    assert {path: path.read_bytes() for path in catalogs} == catalogs
    assert run(newsroom, "extract").exit_code == 0

    def dateless(text: str) -> list[str]:
        return [line for line in text.splitlines() if "POT-Creation-Date" not in line]

    assert dateless(pot.read_text()) == dateless(written)
    assert run(newsroom, "update").exit_code == 0
    french = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/a.po"))
    assert not french.obsolete_entries() and french.percent_translated() == 40


def test_update_removes_what_a_killed_update_left(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    folder = newsroom / "locales/fr/LC_MESSAGES/releases"
    gone = subprocess.Popen(["true"])  # a process that has ended
    gone.wait()
    left = folder / f".a.po.{gone.pid}.3.tmp"
    left.write_text("half a catalog")
    writing = folder / f".a.po.{os.getpid()}.4.tmp"  # a process still at work
    writing.write_text("being written")
    assert run(newsroom, "update").exit_code == 0
    assert not left.exists() and writing.exists()


def test_a_catalog_saved_during_update_is_not_overwritten(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_source(newsroom, "48 new", "50 new")
    from i18n_news.extract import extract_newsroom

    config = load_config(newsroom)
    extract_newsroom(config)
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    saved_by_translator = po.read_bytes().replace(b"cet hiver", b"cet hiver-ci")
    original_merge = update_module.merge_catalog

    def merge_while_translator_saves(template, existing):  # type: ignore[no-untyped-def]
        if template.get((None, "A release")) and existing.header_value("Language") == "fr_CA":
            po.write_bytes(saved_by_translator)  # the translator saves while update merges
        return original_merge(template, existing)

    monkeypatch.setattr(update_module, "merge_catalog", merge_while_translator_saves)
    with pytest.raises(CatalogError, match="changed on disk while i18n-news was updating it"):
        update_newsroom(config)
    assert po.read_bytes() == saved_by_translator


def test_compile_writes_mo_files_gnu_reads(newsroom: Path, run: Callable[..., Result]) -> None:
    result = run(newsroom, "compile", "--lang", "fr")
    assert result.exit_code == 0 and "2 .mo file(s) written" in result.output
    mo = newsroom / "locales/fr/LC_MESSAGES/releases/a.mo"
    text = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
    assert 'msgstr "Mila accueille 48 nouveaux chercheurs de 12 pays cet hiver."' in text
    assert "0 .mo file(s) written, 2 unchanged" in run(newsroom, "compile", "--lang", "fr").output


@pytest.mark.parametrize("workers", [1, 2])
def test_update_tells_its_progress_catalog_by_catalog(
    newsroom: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update_module, "PARALLEL_MIN_CATALOGS", 1)
    # Two languages, each with the release's catalog and the site's: all four merged.
    for po in newsroom.glob("locales/*/LC_MESSAGES/**/*.po"):
        po.unlink()
    progress: list[tuple[int, int]] = []
    report = update_newsroom(
        load_config(newsroom),
        progress=lambda done, total: progress.append((done, total)),
        workers=workers,
    )
    assert len(report.catalogs) == 4
    done = [done for done, _ in progress]
    assert done == sorted(done) and done[0] == 0 and done[-1] == 4
    if workers == 1:  # workers tell what they did chunk by chunk
        assert set(done) == {0, 1, 2, 3, 4}
    assert {total for _, total in progress} == {4}


def catalogs_of(root: Path) -> dict[str, bytes]:
    """Every catalog of a newsroom, by path."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted((root / "locales").rglob("*.po"))
    }


def busy_sample(sample_newsroom: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The sample newsroom with a new release that repeats another's boilerplate (the memory
    fills it) and an edited paragraph (a fuzzy match), extracted; and a copy of it."""
    source = sample_newsroom / "content/2022/mila-ai-sweden-partnership.md"
    text = source.read_text()
    boilerplate = text[text.index("## About Mila") :]
    (sample_newsroom / "content/2022/a-new-release.md").write_text(
        "---\ntitle: A new release\ndate: 2022-03-01\ndateline: Montreal\n"
        "summary: Something new.\n---\n\nA paragraph of its own.\n\n" + boilerplate
    )
    source.write_text(text.replace("nearly 900 researchers", "over 1,000 researchers"))
    from i18n_news.extract import extract_newsroom

    extract_newsroom(load_config(sample_newsroom))
    copy = tmp_path / "copy"
    shutil.copytree(sample_newsroom, copy)
    return sample_newsroom, copy


def test_catalogs_merged_on_workers_are_those_one_process_merges(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update_module, "PARALLEL_MIN_CATALOGS", 1)
    teams: list[int] = []
    share = workers_module.share_chunks
    monkeypatch.setattr(
        workers_module, "share_chunks", lambda *a, **k: teams.append(a[2]) or share(*a, **k)
    )
    on_workers, in_one = busy_sample(sample_newsroom, tmp_path)
    one = update_newsroom(load_config(in_one), workers=1)
    assert teams == []
    merged_by = tmp_path / "merged-by"
    merge = update_module.merge_catalog

    def noting_the_process(template, existing):  # type: ignore[no-untyped-def]
        with merged_by.open("a") as file:
            file.write(f"{os.getpid()}\n")
        time.sleep(0.05)  # long enough for the helper to take its share
        return merge(template, existing)

    monkeypatch.setattr(update_module, "merge_catalog", noting_the_process)
    two = update_newsroom(load_config(on_workers), workers=2)
    assert teams == [2, 2]  # one round of workers per language
    processes = merged_by.read_text().split()
    # Merged by this process and by the helper of each round.
    assert len(processes) == 8 and str(os.getpid()) in processes and len(set(processes)) == 3
    assert catalogs_of(on_workers) == catalogs_of(in_one)
    shown = [
        (c.path.relative_to(root), c.created, c.written, c.stats, c.memory)
        for report, root in ((one, in_one), (two, on_workers))
        for c in report.catalogs
    ]
    assert shown[: len(one.catalogs)] == shown[len(one.catalogs) :]
    # What the workers did: the new release's catalogs made and filled from the memory, the
    # edited paragraph fuzzy.
    assert sum(c.memory.exact for c in two.catalogs) >= 2 * 2
    assert sum(c.stats.fuzzy_matched for c in two.catalogs) == 2
    # Run again, in either way, nothing changes.
    assert not any(c.written for c in update_newsroom(load_config(on_workers), workers=2).catalogs)


def test_a_broken_catalog_on_workers_is_reported_as_one_process_reports_it(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update_module, "PARALLEL_MIN_CATALOGS", 1)
    on_workers, in_one = busy_sample(sample_newsroom, tmp_path)
    name = "locales/sv/LC_MESSAGES/releases/mila-ai-sweden-researcher-exchange.po"
    for root in (on_workers, in_one):
        po = root / name
        replace_in(po, 'msgstr ""', 'msgstr "unclosed', 1)
    errors = []
    for root, workers in ((in_one, 1), (on_workers, 2)):
        with pytest.raises(CatalogError) as raised:
            update_newsroom(load_config(root), workers=workers)
        errors.append((raised.value.path, raised.value.line, raised.value.message))
    assert errors[0] == errors[1] and errors[0][0] == name
    # The broken catalog is left as it was; French was merged before Swedish, alike.
    assert (on_workers / name).read_bytes() == (in_one / name).read_bytes()
    french = {k: v for k, v in catalogs_of(on_workers).items() if "/fr/" in k}
    assert french == {k: v for k, v in catalogs_of(in_one).items() if "/fr/" in k}


def test_the_catalogs_of_a_deleted_release_are_kept_and_named(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    translated = po.read_bytes()
    (newsroom / "content/a.md").unlink()
    assert run(newsroom, "extract").exit_code == 0
    result = run(newsroom, "update")
    assert result.exit_code == 0
    # Translators' work is never deleted: the catalogs stay, and update says whose they were.
    assert po.read_bytes() == translated
    assert "kept locales/fr/LC_MESSAGES/releases/a.po: no release uses it any more" in result.output
    assert "kept locales/sv/LC_MESSAGES/releases/a.po" in result.output
    assert "locales/fr/LC_MESSAGES/site.po" not in result.output


def test_a_renamed_release_keeps_all_its_catalog_held(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # A translator's fuzzy work, comments and name in the catalog: the memory would give
    # the renamed release's catalog only the translated messages.
    old = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    catalog = polib.pofile(str(old))
    catalog.header = catalog.header.rstrip("\n") + "\nMarie Tremblay <marie@example.org>, 2022."
    entry = catalog.find("A paragraph that will be removed later.")
    entry.flags.append("fuzzy")
    entry.tcomment = "Check the tense with the editor."
    catalog.save()
    (newsroom / "content/a.md").rename(newsroom / "content/renamed.md")
    assert run(newsroom, "extract").exit_code == 0
    result = run(newsroom, "update")
    assert result.exit_code == 0
    new = newsroom / "locales/fr/LC_MESSAGES/releases/renamed.po"
    assert (
        "created locales/fr/LC_MESSAGES/releases/renamed.po (renamed from "
        "locales/fr/LC_MESSAGES/releases/a.po, whose release is gone: 0 new, 0 fuzzy, "
        "0 obsolete)" in result.output
    )
    # All of it is in the new catalog: the old one goes (a rename, as 'git mv').
    assert not old.exists() and "kept" not in result.output
    continued = polib.pofile(str(new))
    kept = continued.find("A paragraph that will be removed later.")
    assert kept.msgstr == "Un paragraphe qui sera supprimé."
    assert "fuzzy" in kept.flags and kept.tcomment == "Check the tense with the editor."
    translated = continued.find("Mila welcomes 48 new researchers from 12 countries this winter.")
    assert translated.msgstr == "Mila accueille 48 nouveaux chercheurs de 12 pays cet hiver."
    assert "fuzzy" not in translated.flags
    assert "Marie Tremblay <marie@example.org>, 2022." in continued.header
    assert "/en/renamed/" in continued.header and "/en/a/" not in continued.header
    assert continued.metadata["Project-Id-Version"].endswith(": renamed")
    assert msgfmt_check(new).returncode == 0
    # The Swedish catalog, with nothing translated, continues its own as well.
    assert "locales/sv/LC_MESSAGES/releases/renamed.po (renamed from" in result.output
    written = new.read_bytes()
    again = run(newsroom, "update")
    assert "0 catalog(s) written" in again.output and new.read_bytes() == written


def test_a_new_release_sharing_a_few_texts_with_a_release_gone_starts_afresh(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # Two of its five texts are a release's gone (the boilerplate): not that one renamed.
    (newsroom / "content/a.md").unlink()
    other = RELEASE.replace("A release", "Another release").replace("A summary.", "Other.")
    (newsroom / "content/b.md").write_text(other.replace("A paragraph", "Another paragraph"))
    assert run(newsroom, "extract").exit_code == 0
    result = run(newsroom, "update")
    assert "created locales/fr/LC_MESSAGES/releases/b.po (5 new" in result.output
    assert "continuing" not in result.output
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/b.po"))
    assert not catalog.obsolete_entries()


def test_a_release_renamed_back_continues_its_newer_catalog(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # The catalog continued whole goes, as with 'git mv': renaming the release back does not
    # bring the stale one back over the translator's later work.
    folder = newsroom / "locales/fr/LC_MESSAGES/releases"
    (newsroom / "content/a.md").rename(newsroom / "content/renamed.md")
    run(newsroom, "extract")
    result = run(newsroom, "update")
    assert "created locales/fr/LC_MESSAGES/releases/renamed.po (renamed from" in result.output
    assert not (folder / "a.po").exists() and "kept" not in result.output
    renamed = polib.pofile(str(folder / "renamed.po"))
    renamed.find("A paragraph that will be removed later.").msgstr = "Un paragraphe revu."
    renamed.save()
    (newsroom / "content/renamed.md").rename(newsroom / "content/a.md")
    run(newsroom, "extract")
    result = run(newsroom, "update")
    assert "created locales/fr/LC_MESSAGES/releases/a.po (renamed from" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["a.po"]
    back = polib.pofile(str(folder / "a.po")).find("A paragraph that will be removed later.")
    assert back.msgstr == "Un paragraphe revu." and "fuzzy" not in back.flags
    assert "0 catalog(s) written" in run(newsroom, "update").output


def test_a_continued_catalog_holding_more_than_the_new_one_is_kept(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # The obsolete entry purged as the catalog is continued: the old catalog still has it.
    old = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    translated = old.read_bytes()
    edit_source(newsroom, "A paragraph that will be removed later.\n", "")
    (newsroom / "content/a.md").rename(newsroom / "content/renamed.md")
    run(newsroom, "extract")
    result = run(newsroom, "update", "--purge-obsolete")
    assert "locales/fr/LC_MESSAGES/releases/renamed.po (continuing" in result.output
    assert old.read_bytes() == translated
    assert "kept locales/fr/LC_MESSAGES/releases/a.po: no release uses it any more" in result.output


def test_a_catalog_whose_release_exists_is_never_removed_as_continued(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # A copy of the release, its template not extracted yet: its catalog looks gone.
    shutil.copy(newsroom / "content/a.md", newsroom / "content/copy.md")
    run(newsroom, "extract")
    (newsroom / "locales/templates/releases/a.pot").unlink()
    old = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    translated = old.read_bytes()
    result = run(newsroom, "update")
    assert "locales/fr/LC_MESSAGES/releases/copy.po (continuing" in result.output
    assert old.read_bytes() == translated


BOILERPLATE_OLD = "nearly 900 researchers"
BOILERPLATE_NEW = "more than 1,200 researchers"


def _translate_new_boilerplate(root: Path) -> str:
    """Give the new release's "About Mila" paragraph, with its new figure, its translation
    (reviewed, not fuzzy); return that translation."""
    po = root / "locales/fr/LC_MESSAGES/releases/a-new-release.po"
    catalog = polib.pofile(str(po))
    [entry] = [e for e in catalog if BOILERPLATE_NEW in e.msgid]
    old = next(e.msgstr for e in catalog if e.msgstr and "900 chercheuses" in e.msgstr)
    entry.msgstr = old.replace("près de 900", "plus de 1 200")
    assert entry.msgstr != old
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgid = None
    entry.tcomment = ""
    catalog.save()
    return entry.msgstr


def _new_release_with_new_boilerplate(root: Path) -> Path:
    source = root / "content/2022/mila-ai-sweden-partnership.md"
    text = source.read_text()
    boilerplate = text[text.index("## About Mila") :].replace(BOILERPLATE_OLD, BOILERPLATE_NEW)
    (root / "content/2022/a-new-release.md").write_text(
        "---\ntitle: A new release\ndate: 2022-03-01\ndateline: Montreal\n"
        "summary: Something new.\n---\n\nA paragraph of its own.\n\n" + boilerplate
    )
    return source


def test_a_text_changed_to_one_the_memory_has_translated_takes_that_translation(
    sample_newsroom: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    root = sample_newsroom
    source = _new_release_with_new_boilerplate(root)
    run(root, "extract")
    run(root, "update")
    translation = _translate_new_boilerplate(root)
    po = root / "locales/fr/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"
    before = tmp_path / "before.po"
    shutil.copy(po, before)
    replace_in(source, BOILERPLATE_OLD, BOILERPLATE_NEW)
    run(root, "extract")
    result = run(root, "update")
    assert "hint:" not in result.output
    assert "mila-ai-sweden-partnership.po (0 new, 0 fuzzy, 0 obsolete, 1 from memory)" in (
        result.output
    )
    [entry] = [e for e in polib.pofile(str(po)) if BOILERPLATE_NEW in e.msgid]
    assert entry.msgstr == translation and not entry.fuzzy and entry.previous_msgid is None
    assert entry.tcomment == "memory: from releases/a-new-release"
    # As msgmerge gives it with the new release's catalog as compendium.
    merged = tmp_path / "msgmerge.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-C",
         str(root / "locales/fr/LC_MESSAGES/releases/a-new-release.po"), "-o", str(merged),
         str(before), str(root / "locales/templates/releases/mila-ai-sweden-partnership.pot")],
        check=True,
    )  # fmt: skip
    [gnu] = [e for e in polib.pofile(str(merged)) if BOILERPLATE_NEW in e.msgid]
    assert (gnu.msgstr, gnu.fuzzy, gnu.previous_msgid) == (entry.msgstr, False, None)


def test_a_message_fuzzy_before_the_update_is_left_to_fill_fuzzy_and_the_hint_is_steady(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    root = sample_newsroom
    source = _new_release_with_new_boilerplate(root)
    replace_in(source, BOILERPLATE_OLD, BOILERPLATE_NEW)
    run(root, "extract")
    run(root, "update")  # the partnership's paragraph fuzzy: nothing translates it yet
    translation = _translate_new_boilerplate(root)
    hint = "hint: 1 fuzzy message(s) in 1 catalog(s) have a new text"
    outputs = [run(root, "update").output, run(root, "update").output]
    shutil.rmtree(root / ".i18n-news-cache")
    outputs.append(run(root, "update").output)
    assert all(hint in output for output in outputs), outputs
    assert outputs[0] == outputs[1] == outputs[2]
    po = root / "locales/fr/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"
    [entry] = [e for e in polib.pofile(str(po)) if BOILERPLATE_NEW in e.msgid]
    assert entry.fuzzy and entry.msgstr != translation
    run(root, "update", "--fill-fuzzy")
    [entry] = [e for e in polib.pofile(str(po)) if BOILERPLATE_NEW in e.msgid]
    assert not entry.fuzzy and entry.msgstr == translation
    assert hint not in run(root, "update").output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("48 new", "48  new"),
        ("12 countries", "12\u00a0countries"),
        ("new researchers", "new\u202fresearchers"),
    ],
)
def test_a_change_of_spacing_only_is_called_so(
    newsroom: Path, run: Callable[..., Result], old: str, new: str
) -> None:
    edit_source(newsroom, old, new)
    run(newsroom, "extract")
    run(newsroom, "update")
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    [entry] = [e for e in polib.pofile(str(po)) if e.msgid.startswith("Mila welcomes")]
    assert entry.fuzzy and entry.msgid != entry.previous_msgid
    assert entry.tcomment == "changed: spacing only"


def test_a_languages_locale_changed_is_said_in_its_catalogs_headers(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    assert polib.pofile(str(po)).metadata["Language"] == "fr_CA"
    # A tool writing the same locale its own way is left as it writes it.
    replace_in(po, '"Language: fr_CA\\n"', '"Language: fr-CA\\n"')
    assert run(newsroom, "update").exit_code == 0
    assert polib.pofile(str(po)).metadata["Language"] == "fr-CA"
    replace_in(newsroom / "i18n-news.toml", 'locale = "fr_CA"', 'locale = "fr_FR"')
    assert run(newsroom, "update").exit_code == 0
    for catalog in (newsroom / "locales/fr").rglob("*.po"):
        assert polib.pofile(str(catalog)).metadata["Language"] == "fr_FR", catalog
        assert msgfmt_check(catalog).returncode == 0
    written = {path: path.read_bytes() for path in (newsroom / "locales").rglob("*.po")}
    assert run(newsroom, "update").exit_code == 0
    assert {path: path.read_bytes() for path in (newsroom / "locales").rglob("*.po")} == written


def test_the_catalogs_of_a_language_removed_are_kept_and_said(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    config = newsroom / "i18n-news.toml"
    text = config.read_text()
    config.write_text(
        text.replace('["fr", "sv"]', '["fr"]').replace('[languages.sv]\nlocale = "sv_SE"\n', "")
    )
    swedish = {p: p.read_bytes() for p in (newsroom / "locales/sv").rglob("*") if p.is_file()}
    result = run(newsroom, "update")
    assert result.exit_code == 0
    assert (
        "kept locales/sv/: 'sv' is no language of the newsroom any more (renamed? move its "
        "catalogs to the new language's folder, then run update)"
    ) in result.output
    assert {p: p.read_bytes() for p in (newsroom / "locales/sv").rglob("*") if p.is_file()} == (
        swedish
    )
