"""update: catalogs follow the templates, and no translation is ever lost."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result

from i18n_news import update as update_module
from i18n_news.config import load_config
from i18n_news.errors import CatalogError
from i18n_news.update import update_newsroom

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
    path = root / "content/a.md"
    path.write_text(path.read_text().replace(old, new))


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


def test_purge_obsolete(newsroom: Path, run: Callable[..., Result]) -> None:
    edit_source(newsroom, "A paragraph that will be removed later.\n", "")
    run(newsroom, "extract")
    run(newsroom, "update")
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    assert len(polib.pofile(str(po)).obsolete_entries()) == 1
    run(newsroom, "update", "--purge-obsolete")
    assert polib.pofile(str(po)).obsolete_entries() == []


def test_crlf_catalogs_stay_crlf(newsroom: Path, run: Callable[..., Result]) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/a.po"
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    assert "0 catalog(s) written" in run(newsroom, "update").output
    edit_source(newsroom, "48 new", "50 new")
    run(newsroom, "extract")
    run(newsroom, "update")
    data = po.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 10


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


def test_update_tells_its_progress_catalog_by_catalog(newsroom: Path) -> None:
    # Two languages, each with the release's catalog and the site's.
    progress: list[tuple[int, int]] = []
    report = update_newsroom(
        load_config(newsroom), progress=lambda done, total: progress.append((done, total))
    )
    assert len(report.catalogs) == 4
    assert [done for done, _ in progress] == [0, 1, 2, 3, 4]
    assert {total for _, total in progress} == {4}
