"""Python format strings in catalogs are refused where GNU ``msgfmt -c`` refuses them."""

from __future__ import annotations

import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news.errors import CatalogError
from i18n_news.plurals import often_used_forms, parse_plural_forms
from i18n_news.pofile import parse_po, parse_translation_table
from i18n_news.python_format import FormatError, arguments, translation_problem

#: Pieces of format strings: directives of every kind, named and not, with flags, widths and
#: precisions, percent signs written every way, mistakes (an unknown conversion, a name not
#: closed, one directive left unfinished), and text.
PIECES = [
    "%(site)s", "%(site)d", "%(count)d", "%(count)s", "%(n)i", "%(x)f", "%(x)r", "%(c)c",
    "%(site)%", "%(count)%", "%(site)5s", "%(a(b))s", "%(w)*d", "%(s)a", "%(a", "%(site)",
    "%d", "%s", "%i", "%f", "%5.2f", "%*d", "%.*f", "%-3s", "%ld", "% d", "%#x", "%.3s", "%a",
    "%%", "% %", "%5%", "%", "%q", " ", "text", "100 % sure",
]  # fmt: skip

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: Newsroom\\n"
"PO-Revision-Date: 2022-02-09 09:00-0500\\n"
"Last-Translator: A translator <translator@example.org>\\n"
"Language-Team: French\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {forms}\\n"
"""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format_string(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))


def _refused_by_msgfmt(tmp_path: Path, entries: list[str], forms: str) -> set[int]:
    """The indices of the ``entries`` that ``msgfmt -c`` refuses, written one after the
    other, each flagged ``python-format``, in a catalog of plural ``forms``."""
    text, spans = HEADER.format(forms=forms), []
    for index, entry in enumerate(entries):
        text += f'\n#, python-format\nmsgctxt "{index}"\n'  # no two with one msgid
        first = text.count("\n") + 1
        text += entry
        spans.append(range(first, text.count("\n") + 1))
    path = tmp_path / "formats.po"
    path.write_text(text, encoding="utf-8")
    errors = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    ).stderr
    # msgfmt names the line of an entry's msgid, msgid_plural or msgstr.
    lines = {int(found) for found in re.findall(rf"{re.escape(str(path))}:(\d+):", errors)}
    return {index for index, span in enumerate(spans) if lines.intersection(span)}


@pytest.mark.parametrize("seed", range(4))
def test_a_translation_is_refused_as_msgfmt_refuses_it(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    pairs = []
    for _ in range(150):
        source = _format_string(rng)
        pairs.append((source, _format_string(rng) if rng.random() < 0.7 else source))
    entries = [f"msgid {_quoted(s)}\nmsgstr {_quoted(t)}\n" for s, t in pairs]
    refused = _refused_by_msgfmt(tmp_path, entries, "nplurals=2; plural=(n > 1);")
    ours = {i for i, (s, t) in enumerate(pairs) if translation_problem(s, t) is not None}
    assert ours == refused
    assert 30 < len(refused) < 120  # many of each kind


@pytest.mark.parametrize(
    "forms",
    [
        "nplurals=2; plural=(n > 1);",  # French: the first form for 0 and 1
        "nplurals=2; plural=(n != 1);",  # Swedish, English
        "nplurals=1; plural=0;",  # Japanese
        "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",  # Irish
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",  # Russian
        "nplurals=2; plural=(n > 3);",  # a first form for four numbers
        "nplurals=2; plural=(n > 4);",  # and for five
        "nplurals=2; plural=(n==1000 || n<4) ? 0 : 1;",  # five, counting 1000
    ],
)
def test_plural_forms_are_refused_as_msgfmt_refuses_them(tmp_path: Path, forms: str) -> None:
    parsed = parse_plural_forms(forms)
    assert parsed is not None
    often = often_used_forms(parsed)
    rng = random.Random(forms)
    pieces = ["%(num)d", "%(num)s", "%(site)s", "%d", "%s", " one", " many", "%(x)f", "%%"]
    entries, ours = [], []
    for _ in range(60):
        one = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 2))) or "one"
        other = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        translations = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) or "x"
            if rng.random() < 0.6
            else other
            for _ in range(parsed.number)
        ]
        entry = f"msgid {_quoted(one)}\nmsgid_plural {_quoted(other)}\n" + "".join(
            f"msgstr[{index}] {_quoted(text)}\n" for index, text in enumerate(translations)
        )
        entries.append(entry)
        ours.append(
            any(
                translation_problem(other, text, whole=index in often) is not None
                for index, text in enumerate(translations)
            )
        )
    refused = _refused_by_msgfmt(tmp_path, entries, forms)
    assert {index for index, bad in enumerate(ours) if bad} == refused
    assert refused and len(refused) < len(entries)


def test_what_a_format_string_takes() -> None:
    assert arguments("%(site)s: %(num)d releases, 100%%").named == {
        "site": "string",
        "num": "integer",
    }
    assert arguments("%5.2f of %*d % %").unnamed == ("number", "integer", "integer")
    assert arguments("%(site)% off").named == {"site": "anything"}
    for broken in ("%q", "%(site", "50 %", "%(a)s %d", "%(a)s %(a)d", "%(a)*d"):
        with pytest.raises(FormatError):
            arguments(broken)


CATALOG = (
    HEADER.format(forms="nplurals=2; plural=(n > 1);")
    + """
#, python-format
msgid "%(site)s: press releases"
msgstr "{translation}"
"""
)


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Communiqués de presse", "the translation leaves out %(site)…, which the source takes"),
        ("%(sitename)s : communiqués", "the translation takes %(sitename)…, which the source "
         "does not take"),
        ("%(site)d : communiqués", "the translation takes %(site)… as integer, the source as "
         "string"),
        ("%(site)s : communiqués à 100 %", "the translation is not a valid Python format "
         "string: the directive number 2 ends the string unfinished"),
        ("%(site)s : 100 %q", "the translation is not a valid Python format string: in the "
         "directive number 2, 'q' is not a conversion"),
    ],
)  # fmt: skip
def test_a_catalog_msgfmt_would_refuse_is_refused_at_its_line(
    translation: str, problem: str
) -> None:
    text = CATALOG.format(translation=translation)
    line = text.splitlines().index('msgid "%(site)s: press releases"') + 1
    expected = f"site.po:{line}: {problem} (a python-format message)"
    with pytest.raises(CatalogError) as raised:
        parse_po(text, "site.po")
    assert str(raised.value) == expected
    # What a build and status read of a catalog: refused too, by the reader that names it.
    with pytest.raises(CatalogError) as raised:
        parse_translation_table(text, "site.po")
    assert str(raised.value) == expected
    # Fuzzy, it is not checked, as msgfmt leaves fuzzy messages out.
    fuzzy = text.replace("#, python-format", "#, fuzzy, python-format")
    assert parse_po(fuzzy, "site.po").messages[0].msgstr == translation


def test_build_and_status_refuse_a_site_catalog_msgfmt_refuses(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    release = "---\ntitle: A\ndate: 2023-01-02\ndateline: Montreal\nsummary: S.\n---\n\nText.\n"
    root = make_newsroom({"content/2023/a.md": release})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    site = root / "locales/fr/LC_MESSAGES/site.po"
    text = site.read_text(encoding="utf-8")
    entry = 'msgid "%(site)s: press releases"\nmsgstr "'
    assert entry in text
    text = text.replace(entry + "%(site)s", entry)  # the theme's translation, the name left out
    site.write_text(text, encoding="utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(site)]).returncode == 1
    line = text.splitlines().index('msgid "%(site)s: press releases"') + 1
    for command in ("status", "build", "compile"):
        result = run(root, command)
        assert result.exit_code == 1, command
        assert result.output.endswith(
            f"locales/fr/LC_MESSAGES/site.po:{line}: the translation leaves out %(site)…, "
            "which the source takes (a python-format message)\n"
        ), command
    assert not (root / "public").exists()
