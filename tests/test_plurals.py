"""Plural forms: new catalogs get GNU msginit's, and pages use each catalog's own."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel import Locale

from i18n_news.config import Language
from i18n_news.errors import CatalogError
from i18n_news.plurals import GNU_PLURAL_FORMS, parse_plural_forms, plural_forms
from i18n_news.pofile import parse_po
from i18n_news.render import site_translations

from .conftest import msgfmt_check

TEMPLATE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

msgid "%(num)d press release"
msgid_plural "%(num)d press releases"
msgstr[0] ""
msgstr[1] ""
"""


def msginit_plural_forms(locale: str, tmp_path: Path) -> str:
    """The Plural-Forms header GNU ``msginit`` writes for ``locale``."""
    template = tmp_path / "site.pot"
    template.write_text(TEMPLATE)
    result = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-l", locale, "-i", str(template), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    catalog = parse_po(result.stdout)
    value = catalog.header_value("Plural-Forms")
    assert value is not None
    return value


@pytest.mark.parametrize("locale", [*GNU_PLURAL_FORMS, "fr_CA", "fr_FR", "sv_SE", "sv_FI"])
def test_new_catalogs_get_the_plural_forms_msginit_writes(locale: str, tmp_path: Path) -> None:
    expected = msginit_plural_forms(locale, tmp_path)
    assert str(plural_forms(Locale.parse(locale))) == expected


def test_a_language_gnu_has_no_entry_for_gets_cldr_forms() -> None:
    assert plural_forms(Locale.parse("ar")).number == 6


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nplurals=2; plural=(n > 1);", (2, "(n > 1)")),
        (" nplurals = 1 ; plural = 0 ", (1, "0")),
        ("nplurals=INTEGER; plural=EXPRESSION;", None),
        ("nplurals=0; plural=0;", None),
        (None, None),
    ],
)
def test_the_header_is_read_as_gettext_reads_it(
    value: str | None, expected: tuple[int, str] | None
) -> None:
    assert parse_plural_forms(value) == expected


FRENCH_SITE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
{header}
msgctxt "index"
msgid "%(num)d press release"
msgid_plural "%(num)d press releases"
{forms}
"""


def french(header: str, forms: list[str]) -> list[str]:
    """What the French site says of 0, 1, 2 and 2,000,000 releases with this catalog."""
    text = FRENCH_SITE.format(
        header=header, forms="\n".join(f'msgstr[{i}] "{f}"' for i, f in enumerate(forms))
    )
    translations = site_translations(parse_po(text), Language("fr", "fr_CA", "français"))
    return [
        translations.npgettext("index", "%(num)d press release", "%(num)d press releases", n)
        % {"num": n}
        for n in (0, 1, 2, 2_000_000)
    ]


def test_pages_use_the_catalogs_own_plural_forms() -> None:
    two = ["%(num)d communiqué", "%(num)d communiqués"]
    assert french('"Plural-Forms: nplurals=2; plural=(n > 1);\\n"', two) == [
        "0 communiqué",
        "1 communiqué",
        "2 communiqués",
        "2000000 communiqués",
    ]
    cldr = '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n"'
    three = ["%(num)d communiqué", "%(num)d de communiqués", "%(num)d communiqués"]
    assert french(cldr, three)[2:] == ["2 communiqués", "2000000 de communiqués"]


def test_a_catalog_of_plural_messages_without_plural_forms_is_refused_as_msgfmt_refuses_it(
    tmp_path: Path,
) -> None:
    text = FRENCH_SITE.format(header="", forms='msgstr[0] "a"\nmsgstr[1] "b"')
    with pytest.raises(CatalogError, match="plural messages, but no Plural-Forms in the header"):
        parse_po(text, "fr.po")
    (tmp_path / "fr.po").write_text(text)
    assert msgfmt_check(tmp_path / "fr.po").returncode != 0
