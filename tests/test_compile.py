"""compile: .mo files beside the catalogs, compiled again only when a catalog changed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news import compile as compile_module
from i18n_news.cache import _CACHES
from i18n_news.compile import compile_catalogs
from i18n_news.config import load_config
from i18n_news.errors import CatalogError

from .conftest import replace_in


def mo_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted((root / "locales").rglob("*.mo"))
    }


def compile_as_a_new_command(root: Path, workers: int = 1) -> compile_module.CompileReport:
    """Compile as a new ``i18n-news compile`` would: with the cache it saved, nothing more."""
    for cache in list(_CACHES.values()):
        cache.save()
    _CACHES.clear()
    return compile_catalogs(load_config(root), workers=workers)


def test_a_catalog_is_compiled_again_only_when_it_or_its_mo_file_changed(
    sample_newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compile_as_a_new_command(sample_newsroom)
    assert len(first.written) == 8 and not first.unchanged
    compiled: list[str] = []
    read_catalog = compile_module.read_catalog

    def noting(config, path, cached=True):  # type: ignore[no-untyped-def]
        compiled.append(path.relative_to(sample_newsroom).as_posix())
        return read_catalog(config, path, cached)

    monkeypatch.setattr(compile_module, "read_catalog", noting)
    again = compile_as_a_new_command(sample_newsroom)
    assert compiled == [] and len(again.unchanged) == 8 and not again.written
    # A translator's edit: that catalog alone.
    po = sample_newsroom / "locales/fr/LC_MESSAGES/site.po"
    replace_in(po, "Communiqué de presse", "Le communiqué de presse")
    report = compile_as_a_new_command(sample_newsroom)
    assert (
        compiled
        == ["locales/fr/LC_MESSAGES/site.po"]
        == [p.relative_to(sample_newsroom).with_suffix(".po").as_posix() for p in report.written]
    )
    # A .mo file deleted or changed by hand is written again, whatever the cache says.
    mo = sample_newsroom / "locales/sv/LC_MESSAGES/site.mo"
    good = mo.read_bytes()
    mo.write_bytes(b"not a catalog")
    (sample_newsroom / "locales/fr/LC_MESSAGES/site.mo").unlink()
    compiled.clear()
    report = compile_as_a_new_command(sample_newsroom)
    assert sorted(compiled) == ["locales/fr/LC_MESSAGES/site.po", "locales/sv/LC_MESSAGES/site.po"]
    assert len(report.written) == 2 and mo.read_bytes() == good


def test_catalogs_compiled_on_workers_are_those_one_process_compiles(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compile_module, "PARALLEL_MIN_CATALOGS", 1)
    copy = tmp_path / "copy"
    shutil.copytree(sample_newsroom, copy)
    on_workers = compile_as_a_new_command(sample_newsroom, workers=2)
    in_one = compile_as_a_new_command(copy, workers=1)
    assert mo_files(sample_newsroom) == mo_files(copy) and len(mo_files(copy)) == 8
    assert [p.relative_to(sample_newsroom) for p in on_workers.written] == [
        p.relative_to(copy) for p in in_one.written
    ]
    # GNU gettext reads what the workers wrote.
    mo = sample_newsroom / "locales/sv/LC_MESSAGES/site.mo"
    text = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True)
    assert 'msgid "Press release"' in text.stdout


def test_a_broken_catalog_on_workers_is_reported_as_one_process_reports_it(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compile_module, "PARALLEL_MIN_CATALOGS", 1)
    po = sample_newsroom / "locales/sv/LC_MESSAGES/site.po"
    replace_in(po, 'msgstr ""', 'msgstr "unclosed', 1)
    copy = tmp_path / "copy"
    shutil.copytree(sample_newsroom, copy)
    errors = []
    for root, workers in ((copy, 1), (sample_newsroom, 2)):
        with pytest.raises(CatalogError) as raised:
            compile_as_a_new_command(root, workers=workers)
        errors.append((str(raised.value.path), raised.value.line, raised.value.message))
    # The file and line of the mistake, as the catalog reader reports it (polib let it pass).
    line = po.read_text().split("\n").index('msgstr "unclosed') + 1
    assert errors[0] == errors[1] and errors[0][:2] == ("locales/sv/LC_MESSAGES/site.po", line)
    # No .mo file at all: a compile with a mistake writes nothing, not the files before it.
    assert not list((sample_newsroom / "locales").rglob("*.mo"))
    assert not list((copy / "locales").rglob("*.mo"))


EDGES = """\
msgid ""
msgstr ""
"X-Zeta: last by name, first here\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"X-Generator: one tool\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"X-Generator: another\\n"
"MIME-Version: 1.0\\n"

msgid "x"
msgstr "utan"

msgctxt ""
msgid "x"
msgstr "tom"

msgctxt "tag"
msgid "x"
msgstr "etikett"

msgid "%d part"
msgid_plural "%d parts"
msgstr[0] "%d del"
msgstr[1] ""

#, fuzzy
msgid "y"
msgstr "kanske"

msgid "z"
msgstr ""

#~ msgid "gone"
#~ msgstr "borta"
"""


def test_a_mo_file_holds_what_msgfmt_puts_in_it(sample_newsroom: Path, tmp_path: Path) -> None:
    """What ``msgunfmt`` reads back is the same as from ``msgfmt``'s own file: the messages
    kept (an empty context, a plural's translated first form), the header as written (its
    fields in their order, one written twice kept twice)."""
    edges = sample_newsroom / "locales/sv/LC_MESSAGES/releases/edges.po"
    edges.write_text(EDGES)
    compile_catalogs(load_config(sample_newsroom))
    catalogs = sorted((sample_newsroom / "locales").rglob("*.po"))
    assert len(catalogs) > 5
    for po in catalogs:
        reference = tmp_path / "reference.mo"
        subprocess.run(["msgfmt", "-o", str(reference), str(po)], check=True)
        ours, theirs = (
            subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
            for mo in (po.with_suffix(".mo"), reference)
        )
        assert ours == theirs, po.name


def test_a_language_named_twice_is_compiled_once(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    result = run(sample_newsroom, "compile", "--lang", "fr", "--lang", "fr")
    assert result.exit_code == 0
    written = [line for line in result.output.splitlines() if line.startswith("wrote ")]
    assert (
        len(written)
        == len(set(written))
        == len(list((sample_newsroom / "locales/fr").rglob("*.po")))
    )
