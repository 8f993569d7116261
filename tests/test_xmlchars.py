"""Feeds and XLIFF files stay XML a parser reads, whatever control characters a catalog holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from i18n_news.xmlchars import xml_safe

from .conftest import msgfmt_check

SUMMARY_FR = "locales/fr/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"


def test_only_what_xml_refuses_is_left_out() -> None:
    assert xml_safe("a\tb\nc\rd é 😀 \u0085") == "a\tb\nc\rd é 😀 \u0085"
    # Word's manual line break and a page break read as spaces; the others are dropped.
    assert xml_safe("un\vdeux\fTrois\b\x00\x1f\ufffe") == "un deux Trois"


def test_control_characters_of_a_catalog_leave_feeds_and_exports_readable(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    po = sample_newsroom / SUMMARY_FR
    text = po.read_text(encoding="utf-8")
    # msgstr lines of the summary: msgfmt accepts \v, \b and \a escapes in a translation.
    start = text.index('msgstr "', text.index("#. summary"))
    text = text[:start] + 'msgstr "\\v\\b\\a' + text[start + len('msgstr "') :]
    po.write_text(text, encoding="utf-8")
    assert msgfmt_check(po).returncode == 0
    result = run(sample_newsroom, "build")
    assert result.exit_code == 0, result.output
    feeds = sorted((sample_newsroom / "public").rglob("feed.xml"))
    assert feeds
    for feed in feeds:
        ET.parse(feed)  # raises on a character XML does not allow
    atom = "{http://www.w3.org/2005/Atom}"
    french = ET.parse(sample_newsroom / "public/fr/feed.xml").getroot()
    [entry] = [e for e in french.iter(f"{atom}entry") if "partnership" in e.find(f"{atom}id").text]
    summary = entry.find(f"{atom}summary").text
    assert summary.startswith("Mila et AI Sweden") or summary.startswith(" Mila et AI Sweden")
    out = sample_newsroom / "out"
    assert run(sample_newsroom, "export", "--lang", "fr", "-o", str(out)).exit_code == 0
    for path in sorted(out.rglob("*.xlf")):
        ET.parse(path)
    # An export sent back as it is changes nothing: the "\v" written as a space is as exported.
    written = po.read_bytes()
    result = run(sample_newsroom, "import", *map(str, sorted(out.rglob("*.xlf"))))
    assert result.exit_code == 0, result.output
    assert po.read_bytes() == written
