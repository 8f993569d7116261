"""XLIFF 1.2 for agencies: exported files read by another tool, imports checked like any translation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polib
import pytest
from click.testing import Result
from translate.storage.xliff import xlifffile

from .conftest import msgfmt_check, replace_in

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
RELEASE = """\
---
title: A joint lab
date: 2022-02-09
dateline: Montreal
summary: Mila and AI Sweden open a lab.
---

See [the lab](https://mila.quebec/en/) with **12** researchers.
"""


@pytest.fixture
def newsroom(make_newsroom: Callable[..., Path], run: Callable[..., Result]) -> Path:
    root = make_newsroom({"content/lab.md": RELEASE})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    return root


def edit_units(path: Path, edit: Callable[[ET.Element, str], None]) -> None:
    """What a CAT tool does: ``edit(unit, source)`` each unit of a file, and save it."""
    ET.register_namespace("", NS["x"])
    tree = ET.parse(path)
    for unit in tree.getroot().iter(f"{{{NS['x']}}}trans-unit"):
        edit(unit, unit.find("x:source", NS).text)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def translate(path: Path, targets: dict[str, tuple[str, str]]) -> None:
    """Fill <target> elements, with their states."""

    def fill(unit: ET.Element, source: str) -> None:
        if source in targets:
            text, state = targets[source]
            target = unit.find("x:target", NS)
            if target is None:
                target = ET.Element(f"{{{NS['x']}}}target")
                unit.insert(1, target)
            target.text, target.attrib["state"] = text, state

    edit_units(path, fill)


def test_export_is_read_by_translate_toolkit(newsroom: Path, run: Callable[..., Result]) -> None:
    result = run(newsroom, "export", "--lang", "fr", "--site", "-o", str(newsroom / "out"))
    assert result.exit_code == 0, result.output
    path = newsroom / "out/fr/releases/lab.xlf"
    store = xlifffile.parsefile(str(path))
    sources = [unit.source for unit in store.units]
    assert sources == ["A joint lab", "Mila and AI Sweden open a lab.", "Montreal",
                       "See [the lab](https://mila.quebec/en/) with **12** researchers."]  # fmt: skip
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "fr-CA"
    assert (newsroom / "out/fr/site.xlf").is_file()


@pytest.mark.parametrize(
    ("folder", "said"),
    [
        ("locales/fr", "is in the newsroom's own locales/ folder"),
        ("content", "is in the newsroom's own content/ folder"),
        ("public/xliff", "is in the site's output folder, which a build replaces whole"),
    ],
)
def test_an_export_is_never_written_among_the_newsrooms_own_files(
    newsroom: Path, run: Callable[..., Result], folder: str, said: str
) -> None:
    before = {
        p: p.read_bytes() for p in newsroom.rglob("*") if p.is_file() and ".i18n" not in str(p)
    }
    result = run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / folder))
    assert result.exit_code == 2 and said in result.output
    after = {
        p: p.read_bytes() for p in newsroom.rglob("*") if p.is_file() and ".i18n" not in str(p)
    }
    assert after == before


def test_an_export_of_what_is_untranslated_leaves_out_catalogs_with_nothing_to_send(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        entry.msgstr = f"[fr] {entry.msgid}"
    catalog.save()
    out = newsroom / "out"
    result = run(
        newsroom, "export", "--lang", "fr", "--untranslated-only", "--site", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert not (out / "fr/releases/lab.xlf").exists()  # all translated: no empty file
    assert result.output == "0 file(s), 0 message(s)\n"


def test_import_applies_translations_and_review_states(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {
        "A joint lab": ("Un laboratoire commun", "translated"),
        "Montreal": ("Montréal", "needs-review-translation"),
        "See [the lab](https://mila.quebec/en/) with **12** researchers.":
            ("Voyez [le laboratoire](https://mila.quebec/en/) et ses **12** chercheurs.", "final"),
    })  # fmt: skip
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "updated 3 message(s)" in result.output
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"
    assert "fuzzy" in catalog.find("Montreal").flags
    assert "fuzzy" not in catalog.find("A joint lab").flags
    # Saved by the import, as a PO editor says when it saves.
    revised = datetime.strptime(catalog.metadata["PO-Revision-Date"], "%Y-%m-%d %H:%M%z")
    assert abs(datetime.now(UTC) - revised) < timedelta(minutes=5)
    assert "0 catalog(s) written" in run(newsroom, "update").output


def test_an_agencys_translation_replacing_the_memorys_drops_the_memorys_note(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # The memory's fuzzy guess, then the agency's own text to review: the note saying the
    # translation came from the memory is no longer true, and --fill-fuzzy leaves it alone.
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    catalog = polib.pofile(str(po))
    entry = catalog.find("A joint lab")
    entry.msgstr, entry.tcomment = "Un laboratoire conjoint", "memory: from releases/older"
    entry.flags.append("fuzzy")
    catalog.save()
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {"A joint lab": ("Un labo commun", "needs-review-translation")})
    assert run(newsroom, "import", str(path)).exit_code == 0
    entry = polib.pofile(str(po)).find("A joint lab")
    assert (entry.msgstr, entry.fuzzy, entry.tcomment) == ("Un labo commun", True, "")
    assert run(newsroom, "update", "--fill-fuzzy").exit_code == 0
    assert polib.pofile(str(po)).find("A joint lab").msgstr == "Un labo commun"


def test_a_unit_said_not_approved_comes_in_fuzzy(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {"A joint lab": ("Un laboratoire commun", "translated")})

    def not_approved(unit: ET.Element, source: str) -> None:
        if source == "A joint lab":
            unit.attrib["approved"] = "no"

    edit_units(path, not_approved)
    assert run(newsroom, "import", str(path)).exit_code == 0
    entry = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po")).find(
        "A joint lab"
    )
    assert entry.msgstr == "Un laboratoire commun" and entry.fuzzy  # never published unreviewed


def edited_and_translated(path: Path, english: str, edited: str, translation: str) -> None:
    """A unit's source edited in the file, as an agency's tool may, then translated."""

    def edit(unit: ET.Element, source: str) -> None:
        if source == english:
            unit.find("x:source", NS).text = edited  # type: ignore[union-attr]

    edit_units(path, edit)
    translate(path, {edited: (translation, "translated")})


def test_a_unit_whose_source_an_agency_edited_comes_in_fuzzy(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # Its translation is of other English than the catalog's: to review, never approved.
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    edited_and_translated(path, "A joint lab", "A closed lab", "Un laboratoire fermé")
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 0, result.output
    entry = polib.pofile(str(po)).find("A joint lab")
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == (
        "Un laboratoire fermé", True, "A closed lab",
    )  # fmt: skip
    # A tool's other spaces are not another text.
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "again"))
    again = newsroom / "again/fr/releases/lab.xlf"
    english = "Mila and AI Sweden open a lab."
    edited_and_translated(
        again, english, f"Mila  and{english[8:]} ", "Mila et AI Sweden ouvrent un labo."
    )
    assert run(newsroom, "import", str(again)).exit_code == 0
    entry = polib.pofile(str(po)).find(english)
    assert (entry.msgstr, entry.fuzzy) == ("Mila et AI Sweden ouvrent un labo.", False)


def test_two_translations_of_one_message_in_one_import_keep_the_first(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # Two agencies' files for one catalog, each translating the title: the first is kept,
    # and the second named, not silently written over it.
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "one"))
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "two"))
    one, two = (newsroom / f"{name}/fr/releases/lab.xlf" for name in ("one", "two"))
    translate(one, {"A joint lab": ("Un laboratoire commun", "final")})
    translate(
        two, {"A joint lab": ("Un labo conjoint", "final"), "Montreal": ("Montréal", "final")}
    )
    result = run(newsroom, "import", str(one), str(two))
    assert result.exit_code == 0, result.output
    assert (
        "a second translation of 'A joint lab' in this import, beside one/fr/releases/lab.xlf:"
        in (result.output)
    )
    assert (
        "updated 2 message(s); 0 unchanged, 0 not in the catalogs, 1 in conflict" in result.output
    )
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"
    assert catalog.find("Montreal").msgstr == "Montréal"


def test_a_translation_of_english_changed_since_the_export_comes_in_fuzzy(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    # While the agency translates, the writer edits a paragraph and removes the summary.
    release = newsroom / "content/lab.md"
    release.write_text(
        release.read_text()
        .replace("with **12** researchers.", "with **14** researchers.")
        .replace("summary: Mila and AI Sweden open a lab.", "summary: A new lab opens.")
    )
    assert run(newsroom, "extract").exit_code == 0 and run(newsroom, "update").exit_code == 0
    translate(path, {
        "A joint lab": ("Un laboratoire commun", "translated"),
        "See [the lab](https://mila.quebec/en/) with **12** researchers.":
            ("Voyez [le laboratoire](https://mila.quebec/en/) et ses **12** chercheurs.", "final"),
        "Mila and AI Sweden open a lab.": ("Mila et AI Sweden ouvrent un laboratoire.", "final"),
    })  # fmt: skip
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 0, result.output
    outdated = [line for line in result.output.splitlines() if "changed since the export" in line]
    assert len(outdated) == 1 and "the English of 'See [the lab]" in outdated[0]
    assert outdated[0].startswith("out/fr/releases/lab.xlf: ")
    assert "its translation comes in fuzzy" in outdated[0]
    assert "[numbers]" not in result.output  # checked against the English it translates
    assert "no message to translate has the English 'Mila and AI Sweden open a lab.'" in (
        result.output
    )
    assert "updated 2 message(s); 0 unchanged, 1 not in the catalogs" in result.output
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"))
    edited = catalog.find("See [the lab](https://mila.quebec/en/) with **14** researchers.")
    # The paid translation is kept, fuzzy, with the English it translates for the reviewer.
    assert (
        edited.msgstr == "Voyez [le laboratoire](https://mila.quebec/en/) et ses **12** chercheurs."
    )
    assert "fuzzy" in edited.flags
    assert (
        edited.previous_msgid == "See [the lab](https://mila.quebec/en/) with **12** researchers."
    )
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"
    msgfmt_check(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po")
    # The same file again: nothing to change, and nothing said to have come in.
    again = run(newsroom, "import", str(path))
    assert "updated 0 message(s); 2 unchanged, 1 not in the catalogs" in again.output
    assert "changed since the export" not in again.output


def test_an_import_with_errors_changes_nothing(newsroom: Path, run: Callable[..., Result]) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {
        "A joint lab": ("Un laboratoire commun", "translated"),
        "See [the lab](https://mila.quebec/en/) with **12** researchers.":
            ("Voyez <script>alert(1)</script> [le laboratoire](javascript:alert(1)).", "translated"),
    })  # fmt: skip
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    before = po.read_bytes()
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 1
    assert (
        "[unsafe-url]" in result.output
        and "[html]" in result.output
        and "[markup]" in result.output
    )
    assert "nothing was imported" in result.output
    assert po.read_bytes() == before
    # Each problem names the file and the line of its translation unit.
    written = path.read_text().splitlines()
    unit = next(i for i, line in enumerate(written, 1) if "See [the lab]" in line)
    line = max(i for i, text in enumerate(written[:unit], 1) if "<trans-unit" in text)
    assert f"out/fr/releases/lab.xlf:{line}: [unsafe-url]" in result.output


def test_import_refuses_files_that_are_not_ours(newsroom: Path, run: Callable[..., Result]) -> None:
    bad = newsroom / "bad.xlf"
    bad.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="../../etc/passwd" '
                   'source-language="en" target-language="fr" datatype="plaintext"><body/></file></xliff>')  # fmt: skip
    result = run(newsroom, "import", str(bad))
    assert result.exit_code == 1 and "is not a catalog of this newsroom" in result.output
    broken = newsroom / "broken.xlf"
    broken.write_text("<xliff><file>")
    result = run(newsroom, "import", str(broken))
    assert result.exit_code == 1 and "invalid XLIFF" in result.output


def test_two_files_for_one_catalog_change_it_in_one_write(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    exported = newsroom / "out/fr/releases/lab.xlf"
    first, second = newsroom / "first.xlf", newsroom / "second.xlf"
    for path, targets in (
        (first, {"A joint lab": ("Un laboratoire commun", "translated")}),
        (second, {"Montreal": ("Montréal", "translated")}),
    ):
        path.write_bytes(exported.read_bytes())
        translate(path, targets)
    result = run(newsroom, "import", str(first), str(second))
    assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"
    assert catalog.find("Montreal").msgstr == "Montréal"


def test_a_reviewed_import_leaves_nothing_for_update_to_change(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # A translation made fuzzy by a changed source (with update's note of what changed),
    # then reviewed by the agency: the catalog is as update leaves a reviewed message.
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"))
    catalog.find("Mila and AI Sweden open a lab.").msgstr = "Mila et AI Sweden ouvrent un labo."
    catalog.save()
    source = newsroom / "content/lab.md"
    replace_in(source, "open a lab.", "open a joint lab.")
    assert run(newsroom, "extract").exit_code == 0 and run(newsroom, "update").exit_code == 0
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    entry = polib.pofile(str(po)).find("Mila and AI Sweden open a joint lab.")
    assert entry.fuzzy and entry.tcomment.startswith("changed: ")
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {
        "Mila and AI Sweden open a joint lab.": ("Mila et AI Sweden ouvrent un labo commun.", "final"),
    })  # fmt: skip
    assert run(newsroom, "import", str(path)).exit_code == 0
    entry = polib.pofile(str(po)).find("Mila and AI Sweden open a joint lab.")
    assert entry.msgstr == "Mila et AI Sweden ouvrent un labo commun."
    assert not entry.fuzzy and not entry.tcomment and entry.previous_msgid is None
    imported = po.read_bytes()
    assert "0 catalog(s) written" in run(newsroom, "update").output
    assert po.read_bytes() == imported
    assert msgfmt_check(po).returncode == 0


def test_cat_tools_read_an_export_as_it_is(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # A hard line break (a contact's name under its title) and a translation already made:
    # translate-toolkit, as CAT tools built on it, keeps the one and counts the other done.
    release = RELEASE + "\nMedia contact\\\nJulie Tremblay\n"
    root = make_newsroom({"content/lab.md": release})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/lab.po"
    catalog = polib.pofile(str(po))
    catalog.find("A joint lab").msgstr = "Un laboratoire commun"
    catalog.save()
    result = run(root, "export", "--lang", "fr", "--site", "-o", str(root / "out"))
    assert result.exit_code == 0
    store = xlifffile.parsefile(str(root / "out/fr/releases/lab.xlf"))
    sources = [unit.source for unit in store.units]
    assert "Media contact\\\nJulie Tremblay" in sources
    [done] = [unit for unit in store.units if unit.source == "A joint lab"]
    assert done.isapproved() and not done.isfuzzy()
    # The site's plural messages are not in its file: export says so.
    assert (
        "locales/fr/LC_MESSAGES/site.po: 1 plural message(s) left out of its file" in result.output
    )


def set_translations(po: Path, translations: dict[str, tuple[str, bool]]) -> None:
    """What a translator does in a PO editor: translate, or mark fuzzy, messages."""
    catalog = polib.pofile(str(po))
    for msgid, (msgstr, fuzzy) in translations.items():
        entry = catalog.find(msgid)
        entry.msgstr = msgstr
        entry.flags = ["fuzzy"] if fuzzy else []
    catalog.save()


def test_an_import_keeps_what_translators_did_in_the_catalog_since_the_export(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    set_translations(po, {
        "A joint lab": ("Un labo commun", False),
        "Montreal": ("Montréal (Québec)", True),
    })  # fmt: skip
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    # While the agency has the file, a translator improves one translation and reviews the
    # fuzzy one; the agency translates the summary and sends the rest back as it was.
    set_translations(po, {
        "A joint lab": ("Un laboratoire commun", False),
        "Montreal": ("Montréal", False),
    })  # fmt: skip
    translate(path, {"Mila and AI Sweden open a lab.": ("Mila et AI Sweden ouvrent un labo.", "translated")})  # fmt: skip
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "updated 1 message(s); 2 unchanged, 0 not in the catalogs" in result.output
    catalog = polib.pofile(str(po))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"
    montreal = catalog.find("Montreal")
    assert montreal.msgstr == "Montréal" and not montreal.fuzzy
    assert (
        catalog.find("Mila and AI Sweden open a lab.").msgstr
        == "Mila et AI Sweden ouvrent un labo."
    )


def test_a_translation_changed_in_the_catalog_and_by_the_agency_is_a_conflict(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    set_translations(po, {"A joint lab": ("Un labo commun", False)})
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    # Both sides change the title, and both translate the city, untranslated when exported.
    set_translations(po, {"A joint lab": ("Un laboratoire commun", False), "Montreal": ("Montréal", False)})  # fmt: skip
    translate(path, {
        "A joint lab": ("Un laboratoire conjoint", "translated"),
        "Montreal": ("Ville de Montréal", "translated"),
        "Mila and AI Sweden open a lab.": ("Mila et AI Sweden ouvrent un labo.", "translated"),
    })  # fmt: skip
    before = po.read_bytes()
    dry = run(newsroom, "import", "--dry-run", str(path))
    assert (
        "would update 1 message(s); 0 unchanged, 0 not in the catalogs, 2 in conflict" in dry.output
    )
    assert po.read_bytes() == before
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 0, result.output
    lines = path.read_text().splitlines()
    title_unit = max(
        i
        for i, text in enumerate(
            lines[: lines.index(next(t for t in lines if ">A joint lab<" in t))], 1
        )
        if "<trans-unit" in text
    )
    conflicts = [line for line in result.output.splitlines() if "in this file" in line]
    assert len(conflicts) == 2
    assert conflicts[0].startswith(
        f"out/fr/releases/lab.xlf:{title_unit}: the translation of 'A joint lab'"
    )
    assert "the catalog's is kept" in conflicts[0]
    catalog = polib.pofile(str(po))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"
    assert catalog.find("Montreal").msgstr == "Montréal"
    assert (
        catalog.find("Mila and AI Sweden open a lab.").msgstr
        == "Mila et AI Sweden ouvrent un labo."
    )
    # The editor decides for the agency's.
    result = run(newsroom, "import", "--overwrite", str(path))
    assert "updated 2 message(s); 1 unchanged, 0 not in the catalogs" in result.output
    catalog = polib.pofile(str(po))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire conjoint"
    assert catalog.find("Montreal").msgstr == "Ville de Montréal"


def test_a_file_from_before_exports_said_what_they_held_still_imports(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    # Ids as a tool may leave them, or as earlier exports wrote them: the message's alone.
    path.write_text(re.sub(r'id="([0-9a-f]{16})\.[0-9a-f]{8}[tfu]"', r'id="\1"', path.read_text()))
    translate(path, {"A joint lab": ("Un laboratoire commun", "translated")})
    result = run(newsroom, "import", str(path))
    assert "updated 1 message(s)" in result.output
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"))
    assert catalog.find("A joint lab").msgstr == "Un laboratoire commun"


def test_import_refuses_a_file_in_another_language(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {"A joint lab": ("Ein gemeinsames Labor", "translated")})
    exported = path.read_text()
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    before = po.read_bytes()
    tag = re.search(r'target-language="([^"]*)"', exported)[1]
    path.write_text(exported.replace(f'target-language="{tag}"', 'target-language="de-DE"'))
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 1
    assert (
        f"the file is in 'de-DE', its catalog locales/fr/LC_MESSAGES/releases/lab.po in '{tag}'"
        in result.output
    )
    assert po.read_bytes() == before
    # A tool that names the language alone, or with another country, is understood.
    for other in ("fr", "fr-FR"):
        path.write_text(exported.replace(f'target-language="{tag}"', f'target-language="{other}"'))
        assert run(newsroom, "import", str(path)).exit_code == 0, other


def add_note(path: Path, source: str, text: str, author: str = "Agency") -> None:
    """A translator's query or remark on the unit of ``source``: a <note>."""

    def note(unit: ET.Element, unit_source: str) -> None:
        if unit_source == source:
            ET.SubElement(unit, f"{{{NS['x']}}}note", {"from": author}).text = text

    edit_units(path, note)


def test_the_agencys_notes_come_in_as_translator_comments(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    path = newsroom / "out/fr/releases/lab.xlf"
    translate(path, {"A joint lab": ("Un laboratoire commun", "translated")})
    add_note(path, "A joint lab", "Client glossary: laboratoire, never labo.")
    # A query on a text the agency leaves untranslated is not lost either.
    add_note(path, "Montreal", "Montréal or Montreal?\nThe client writes both.")
    result = run(newsroom, "import", str(path))
    assert result.exit_code == 0, result.output
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    catalog = polib.pofile(str(po))
    assert catalog.find("A joint lab").tcomment == "Client glossary: laboratoire, never labo."
    montreal = catalog.find("Montreal")
    assert montreal.tcomment == "Montréal or Montreal?\nThe client writes both."
    assert montreal.msgstr == ""
    assert msgfmt_check(po).returncode == 0
    # Sent twice: each note once.
    imported = po.read_bytes()
    run(newsroom, "import", str(path))
    assert po.read_bytes() == imported


def test_a_fuzzy_unit_says_which_english_its_translation_was_made_for(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    po = newsroom / "locales/fr/LC_MESSAGES/releases/lab.po"
    set_translations(po, {"Mila and AI Sweden open a lab.": ("Mila et AI Sweden ouvrent un labo.", False)})  # fmt: skip
    source = newsroom / "content/lab.md"
    replace_in(source, "open a lab.", "open a joint lab.")
    assert run(newsroom, "extract").exit_code == 0 and run(newsroom, "update").exit_code == 0
    run(newsroom, "export", "--lang", "fr", "-o", str(newsroom / "out"))
    store = xlifffile.parsefile(str(newsroom / "out/fr/releases/lab.xlf"))
    [unit] = [u for u in store.units if u.source == "Mila and AI Sweden open a joint lab."]
    notes = unit.getnotes("developer")
    assert "The English this translation was made for: Mila and AI Sweden open a lab." in notes
