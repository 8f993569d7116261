"""The whole path through the CLI: write, extract, update, translate elsewhere, build."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import polib
from bs4 import BeautifulSoup

from .conftest import DATA, msgfmt_check, msgfmt_statistics

FRENCH = {
    "Mila and AI Sweden open a joint *applied AI* lab": "Mila et AI Sweden ouvrent un laboratoire commun d’*IA appliquée*",
    "The lab will host 12 researchers from both countries for two years.": "Le laboratoire accueillera 12 chercheurs des deux pays pendant deux ans.",
    "Montreal": "Montréal",
    "Two programmes": "Deux programmes",
    "Send the form with reference `LAB-2023-01`.": "Envoyez le formulaire avec la référence `LAB-2023-01`.",
    "Visiting researchers": "Chercheurs invités",
    "Researchers at work in the new lab": "Des chercheurs au travail dans le nouveau laboratoire",
    "Media contact\\\nJane Doe, Communications\\\n[press@mila.quebec](mailto:press@mila.quebec)": (
        "Relations avec les médias\\\nJane Doe, Communications\\\n[press@mila.quebec](mailto:press@mila.quebec)"
    ),
}


def translate_with_polib(path: Path, translations: dict[str, str]) -> None:
    """Edit a catalog the way another tool would: polib reads, changes and rewraps it."""
    catalog = polib.pofile(str(path), wrapwidth=78)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    catalog.metadata["Last-Translator"] = "Marie Tremblay <marie@example.org>"
    catalog.save()


def test_write_extract_translate_build(
    make_newsroom: Callable[..., Path], run: Callable[..., object]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})

    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    template = polib.pofile(str(root / "locales/templates/releases/joint-lab.pot"))
    ids = [entry.msgid for entry in template]
    assert ids[:3] == [
        "Mila and AI Sweden open a joint *applied AI* lab",
        "The lab will host 12 researchers from both countries for two years.",
        "Montreal",
    ]
    assert "not translated: code block" not in "".join(ids)
    assert not any("2023" in msgid and "March" in msgid for msgid in ids)  # no dates in messages
    heading = template.find("Two programmes")
    assert heading.comment == "heading\nEnglish page: https://news.example.org/en/joint-lab/"
    assert heading.occurrences == [("content/2023/joint-lab.md", "12")]
    assert (root / "locales/templates/site.pot").is_file()

    result = run(root, "update")
    assert result.exit_code == 0, result.output
    po = root / "locales/fr/LC_MESSAGES/releases/joint-lab.po"
    for path in sorted((root / "locales").rglob("*.po")):
        check = msgfmt_check(path)
        assert check.returncode == 0, check.stderr
    header = polib.pofile(str(po)).metadata
    assert header["Language"] == "fr_CA"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"

    translate_with_polib(po, FRENCH)
    saved = po.read_bytes()
    assert msgfmt_check(po).returncode == 0

    # Re-running extract and update after a translator saved changes nothing.
    assert run(root, "extract").exit_code == 0
    result = run(root, "update")
    assert "0 catalog(s) written" in result.output
    assert po.read_bytes() == saved

    status = json.loads(run(root, "status", "--json", "--lang", "fr").output)
    row = status["releases"][0]["languages"]["fr"]
    gnu = msgfmt_statistics(po)
    translated = int(re.match(r"(\d+) translated", gnu).group(1))
    untranslated = int(re.search(r"(\d+) untranslated", gnu).group(1))
    assert row["messages"]["translated"] == translated == len(FRENCH)
    assert row["messages"]["untranslated"] == untranslated

    result = run(root, "build")
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((root / "public/fr/joint-lab/index.html").read_text(), "html5lib")
    assert page.html["lang"] == "fr-CA"
    assert page.h1.get_text() == "Mila et AI Sweden ouvrent un laboratoire commun d’IA appliquée"
    assert "lang" not in page.h1.attrs
    assert page.find(class_="dateline").get_text() == "MONTRÉAL, le 1er mars 2023 –"
    body = page.find(class_="body")
    assert body.h2.get_text() == "Deux programmes"
    assert body.find("code").get_text() == "LAB-2023-01"
    assert body.img["alt"] == "Des chercheurs au travail dans le nouveau laboratoire"
    cells = [cell.get_text() for cell in body.find_all("td")]
    assert "Chercheurs invités" in cells and "1,5" in cells
    untranslated_cell = body.find("td", string="Industry")
    assert untranslated_cell["lang"] == "en"
    contact = body.find("a", href="mailto:press@mila.quebec").parent
    assert (
        contact.get_text().startswith("Relations avec les médias")
        and len(contact.find_all("br")) == 2
    )

    english = BeautifulSoup((root / "public/en/joint-lab/index.html").read_text(), "html5lib")
    assert english.find(class_="dateline").get_text() == "MONTREAL – March 1, 2023 –"
    assert english.find(lang="en") is None or english.html["lang"] == "en"
    swedish = BeautifulSoup((root / "public/sv/joint-lab/index.html").read_text(), "html5lib")
    assert swedish.find(class_="dateline").get_text() == "MONTREAL, 1 mars 2023 –"
    assert swedish.h1["lang"] == "en"
