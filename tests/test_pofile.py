"""PO files are read with exact line numbers and written byte for byte as GNU msgcat writes them."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_news.catalog import Catalog, CatalogSummary, Message, TranslationTable
from i18n_news.errors import CatalogError
from i18n_news.pofile import (
    PAGE_WIDTH,
    _Reader,
    format_po,
    line_ending,
    parse_catalog_summary,
    parse_po,
    parse_translated,
    parse_translation_table,
)

HEADER = [
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Plural-Forms", "nplurals=2; plural=(n > 1);"),
]
NBSP = "\u00a0"

PRESS = [
    "Mila, the largest academic research institute in deep learning, is proud to announce a partnership with AI Sweden, the Swedish national center for applied artificial intelligence (AI).",
    f"«{NBSP}La Suède et le Québec ont beaucoup en commun{NBSP}», affirme Yoshua Bengio, fondateur et directeur scientifique de Mila.",
    "Sveriges innovationsmyndighet Vinnova står för 60 procent av rese- och levnadskostnaderna, upp till 120 000 kronor per utbyte.",
    "For more information, visit [mila.quebec](https://mila.quebec/en/) or write to [media@mila.quebec](mailto:media@mila.quebec).",
    "Media contact\\\nJulie Tremblay, Communications, Mila\\\n[media@mila.quebec](mailto:media@mila.quebec)",
    "A well-organized public sector — with a long tradition of documentation/data collection — and 4.5 months on average (60%).",
    'Send the form, quoting `MILA-AIS-2022`, "before" September 30, 2022: *applied* **machine learning**.',
    "Tabs\tand \\backslashes\\ and a very long URL https://www.example.org/a/very/long/path/that/never/ends/index.html?query=1&x=2",
]


def msgcat(path: Path) -> str:
    result = subprocess.run(["msgcat", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def realistic_catalog() -> Catalog:
    messages = []
    for index, text in enumerate(PRESS):
        messages.append(Message(
            msgid=text, msgstr=PRESS[-1 - index], locations=(("content/2022/release.md", 10 + index),),
            auto_comments=("paragraph",), translator_comments=("Checked by Marie.",) if index % 2 else (),
            flags=("fuzzy",) if index % 3 == 0 else (),
            previous_msgid=PRESS[(index + 1) % len(PRESS)] if index % 3 == 0 else None,
        ))  # fmt: skip
    messages.append(Message(msgid="%(num)d press release", msgid_plural="%(num)d press releases",
                            msgstr_plural=("%(num)d communiqué", "%(num)d communiqués"), msgctxt="index",
                            flags=("python-format",)))  # fmt: skip
    references = tuple((f"content/2022/a-rather-long-release-name-{i}.md", i * 7) for i in range(6))
    messages.append(Message(msgid="About Mila", msgstr="À propos de Mila", locations=references))
    messages.append(Message(msgid=PRESS[0] + " Removed.", msgstr=PRESS[1], obsolete=True,
                            previous_msgid=PRESS[2], translator_comments=("kept",)))  # fmt: skip
    return Catalog(
        header=list(HEADER), header_comments=["French translations.", ""], messages=messages
    )


def test_realistic_catalog_is_written_as_msgcat_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    ours = format_po(realistic_catalog())
    path.write_text(ours, encoding="utf-8")
    assert msgcat(path) == ours


def test_round_trip_through_msgcat_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_text(format_po(realistic_catalog()), encoding="utf-8")
    gnu = msgcat(path)
    assert format_po(parse_po(gnu.encode())) == gnu
    assert parse_po(gnu.encode()).same_content(realistic_catalog())


def test_msgfmt_accepts_what_is_written(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    catalog = realistic_catalog()
    catalog.header.append(("Language", "fr_CA"))
    path.write_text(format_po(catalog), encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


ALPHABET = [
    *"abcdefgh ijk lmn éàçß .,;:!?-–—/'’“”«»()[]{}%$#@*`_0123456789\"\\\t\n",
    NBSP, "\u202f", "https://example.org/a-b/c?d=1", "[lien](https://mila.quebec/en/)",
    "e.g.", "1,000.5", "Ωμέγα", "Привет", "long-hyphenated-word",
    "e\u0301", "²", "µ", "ﬁ", "日本語の文章", "カタカナ", "「引用」", "、", "。", "ッー", "한국어",
    "ＡＢ１２", "（全角）", "😀",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=90).map("".join)


#: Prose of words, numbers, spaces, apostrophes, hyphens and ".,:;": most of a newsroom's text.
PROSE = st.lists(
    st.sampled_from([*"abc  .,;:'’-1", "word", "Montréal", "2026", "e.g.", "AI-driven", "x" * 30]),
    min_size=1,
    max_size=120,
).map("".join)


def _written_as_msgcat_writes(tmp_path: Path, entries: list[tuple[str, str, bool]]) -> None:
    messages = [
        Message(msgid=source, msgstr=target * 3, previous_msgid=target if fuzzy else None,
                flags=("fuzzy",) if fuzzy else (), locations=(("content/x.md", n),))
        for n, (source, target, fuzzy) in enumerate(entries)
    ]  # fmt: skip
    ours = format_po(Catalog(header=list(HEADER), messages=messages))
    path = tmp_path / "random.po"
    path.write_text(ours, encoding="utf-8")
    assert msgcat(path) == ours


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(TEXT, TEXT, st.booleans()), min_size=1, max_size=25, unique_by=lambda t: t[0]
    )
)
def test_any_text_is_wrapped_as_gnu_wraps_it(
    tmp_path: Path, entries: list[tuple[str, str, bool]]
) -> None:
    _written_as_msgcat_writes(tmp_path, entries)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(PROSE, PROSE, st.booleans()), min_size=1, max_size=25, unique_by=lambda t: t[0]
    )
)
def test_prose_is_wrapped_as_gnu_wraps_it(
    tmp_path: Path, entries: list[tuple[str, str, bool]]
) -> None:
    _written_as_msgcat_writes(tmp_path, entries)


def test_a_line_never_breaks_after_the_spaces_it_starts_with(tmp_path: Path) -> None:
    long_word = "word" + "x" * 90
    _written_as_msgcat_writes(tmp_path, [
        ("Source", f" {long_word} {long_word}", False),
        ("Other", f"   {long_word}.", True),
        ("Third", " " + "-x" * 50, False),
    ])  # fmt: skip


#: Characters of every class that GNU's line-breaking rules tell apart, and several of some.
CLASS_SAMPLES = [
    *" \u00a0\u202f\u2007\u2060\u2011.,:;/-\u2013\u2010\u00ad|\u2014([{)]}\"'\u2018\u2019",
    *"\u201c\u201d\u00ab\u00bb\u2039\u203a!?$£¥€+\\%‰°¢\u2026aé1\u0661²\t\ufeff",
]  # fmt: skip


def _shown_width(text: str) -> int:
    """The columns ``text`` takes in a catalog, escaped, as GNU counts them."""
    width = 0
    for char in text:
        if char in '\\"\t\n':
            width += 2
        elif (
            unicodedata.category(char) not in ("Mn", "Me", "Cf")
            and not "\u1160" <= char <= "\u11ff"
        ):
            width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pair_at_line_end(before: str, spaces: str, after: str) -> str:
    """A text in which ``before``, ``spaces`` and ``after`` meet at the last column of a
    line: whether a line may break there decides where the line ends."""
    words, lead = "word " * 14, f"a{before}{spaces}"
    filler = "x" * (PAGE_WIDTH - 2 - len(words) - _shown_width(lead))  # and two quotes
    return f"{words}{filler}{lead}{after}bcdefghijklmnopqrstuvw"


def _pairs_written_as_msgcat_writes(
    tmp_path: Path, samples: list[str], new: list[str], spacings: tuple[str, ...]
) -> None:
    """Each pair of ``samples`` of which one is in ``new``, with each of ``spacings`` between
    them, at a line's last column, written as ``msgcat`` writes it."""
    _written_as_msgcat_writes(tmp_path, [
        (f"{before}{spaces}{after}", _pair_at_line_end(before, spaces, after), False)
        for before in samples
        for after in samples
        if before in new or after in new
        for spaces in spacings
    ])  # fmt: skip


def test_every_pair_of_characters_breaks_as_gnu_breaks_it(tmp_path: Path) -> None:
    # Each pair next to each other, and with spaces between them.
    _pairs_written_as_msgcat_writes(tmp_path, CLASS_SAMPLES, CLASS_SAMPLES, ("", " ", "  "))


#: Chinese, Japanese and Korean characters of every class the rules tell apart: ideographs,
#: kana (small ones, which a line may not start with), marks, brackets and punctuation,
#: fullwidth letters and digits, Hangul, an emoji.
WIDE_SAMPLES = [
    *"日本語のカナァッーぁ々ゝ、。，．「」『』（）［］！？：；・〜ＡＢ０１한국😀\u3000〈〉【】％＄￥"
]


def test_every_pair_with_chinese_or_japanese_breaks_as_gnu_breaks_it(tmp_path: Path) -> None:
    samples = [*CLASS_SAMPLES, *WIDE_SAMPLES]
    _pairs_written_as_msgcat_writes(tmp_path, samples, WIDE_SAMPLES, ("", " "))


#: Spaces, marks and punctuation of other scripts and of Unicode's general punctuation, each
#: of a class of its own: a thin and an en space, a zero-width space and joiner, a direction
#: mark, combining marks (one after a space is a letter a line may break before), Spanish
#: "¡¿", German quotes, Greek, Hebrew, Arabic and Devanagari punctuation, signs, and the
#: letters of Hangul syllables (a leading consonant, a vowel, a final consonant) and two
#: syllables, one without a final consonant and one with.
OTHER_SAMPLES = [
    "\u2009", "\u2002", "\u200b", "\u200d", "\u200e", "\u0301", "\u0903", "\u034f", "¡", "¿",
    "´", "„", "‚", "‼", "⁄", "‥", "′", "¤", "℃", "№", "\u05be", "\u05c6", "\u060c", "\u061b",
    "\u061f", "\u06d4", "\u066b", "\u037e", "\u0964", "\u302e", "\u31f0", "\u303c", "\u309b",
    "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01", "\u05d0", "\ufb2a",
]  # fmt: skip


def test_every_pair_with_other_scripts_breaks_as_gnu_breaks_it(tmp_path: Path) -> None:
    samples = [*CLASS_SAMPLES, "日", "「", "ァ", *OTHER_SAMPLES]
    _pairs_written_as_msgcat_writes(tmp_path, samples, OTHER_SAMPLES, ("", " "))


#: Symbols and emoji whose classes GNU's tables give apart from their width and category: a
#: narrow pictograph a line breaks around ("☺", "✈"), a wide emoji it does not ("✅", "⭐"), a
#: hand or person and a skin tone ("👍🏽": never apart), brackets and quotation marks of
#: mathematics and ornaments, a minus sign, a midline ellipsis, a two-em dash, old texts'
#: punctuation, the small and vertical forms of Chinese punctuation.
SYMBOL_SAMPLES = [
    "☺", "❤", "✈", "☀", "☝", "👍", "\U0001f3fd", "😀", "✅", "⭐", "⌈", "⌉", "⟨", "⟩", "❝",
    "−", "⋯", "❢", "🙹", "⸺", "⸎", "⸂", "ˈ", "︐", "﹕",
]  # fmt: skip


def test_every_pair_with_symbols_and_emoji_breaks_as_gnu_breaks_it(tmp_path: Path) -> None:
    samples = [*CLASS_SAMPLES, "日", "「", *SYMBOL_SAMPLES]
    _pairs_written_as_msgcat_writes(tmp_path, samples, SYMBOL_SAMPLES, ("", " "))


def test_a_hyphen_after_a_hebrew_letter_breaks_as_gnu_breaks_it(tmp_path: Path) -> None:
    # A line does not break after a hyphen (or a character a line breaks after) that follows
    # a Hebrew letter ("ה-AI"), nor between "/" and a Hebrew letter ("ו/או"): rules of three
    # characters, each at a line's last column.
    befores = [f"\u05d4{mark}" for mark in "-\u2013|\u00ad\u2009\u05be"] + ["a/", "\u05d5/"]
    # A letter with a vowel point: GNU breaks after its hyphen.
    befores += ["\u05d4\u05b0-", "\u05d4\u05b0\u05be", "\u05d4\u0301|"]
    _written_as_msgcat_writes(tmp_path, [
        (f"{before}{spaces}{after}", _pair_at_line_end(before, spaces, after), False)
        for before in befores
        for after in [*CLASS_SAMPLES, "\u05d0", "日"]
        for spaces in ("", " ")
    ])  # fmt: skip


def test_flags_break_as_gnu_breaks_them(tmp_path: Path) -> None:
    # A flag is two regional indicators: a line may break between two flags, and before or
    # after one as around an ideograph, never within one (LB30a: a rule of runs).
    flags = ["\U0001f1e8\U0001f1e6", "\U0001f1f8\U0001f1ea\U0001f1eb\U0001f1f7", "\U0001f1e8"]
    # A mark between flags: the indicators after it pair anew.
    flags += [f"\U0001f1e8\U0001f1e6{mark}\U0001f1eb\U0001f1f7" for mark in "\u200d\ufe0f\u0301"]
    _pairs_written_as_msgcat_writes(tmp_path, [*CLASS_SAMPLES, "日", *flags], flags, ("", " "))


def test_characters_take_the_columns_gnu_gives_them(tmp_path: Path) -> None:
    # Combining marks (spacing or not), format characters (a soft hyphen, a direction mark, a
    # word joiner), Hangul's medial letters, a wide space: each where one column decides.
    characters = [
        "e\u0301", "\u0903", "\U0001d165", "\u20dd", "\u00ad", "\u200e", "\u2066", "\ufeff",
        "\u1160", "\u3000", "é",
    ]  # fmt: skip
    _written_as_msgcat_writes(tmp_path, [
        (f"{n} {char} {length}", "a " + "x" * length + char + " " + "y" * 10, False)
        for n, char in enumerate(characters)
        for length in (72, 73, 74)
    ])  # fmt: skip


def test_only_decimal_digits_are_numbers_where_a_line_may_break(tmp_path: Path) -> None:
    # A line may break after "." before a letter, not before a number: "²" and "①" are
    # letters to GNU, "1" and the Arabic-Indic "١" numbers.
    words = "word " * 14
    _written_as_msgcat_writes(tmp_path, [
        (f"Source {n}", f"{words}abc.{digit}bcdefghijklmnopqrstuvwxyz", False)
        for n, digit in enumerate(["²", "\u2460", "1", "\u0661"])
    ])  # fmt: skip


def test_every_field_is_read() -> None:
    text = """\
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n"

# Translator comment
#. heading
#: content/a.md:3 content/b.md:14
#, fuzzy, markdown-text
#| msgctxt "old"
#| msgid "Old text"
msgctxt "new"
msgid "New text"
msgstr "Nouveau texte"

msgid "%(num)d release"
msgid_plural "%(num)d releases"
msgstr[0] "%(num)d communiqué"
msgstr[1] "%(num)d communiqués"

#~| msgid "Gone before"
#~ msgid "Gone"
#~ msgstr "Parti"
"""
    catalog = parse_po(text)
    first, plural, gone = catalog.messages
    assert first.translator_comments == ("Translator comment",)
    assert first.auto_comments == ("heading",)
    assert first.locations == (("content/a.md", 3), ("content/b.md", 14))
    assert first.flags == ("fuzzy", "markdown-text") and first.fuzzy
    assert (first.previous_msgctxt, first.previous_msgid) == ("old", "Old text")
    assert (first.msgctxt, first.msgid, first.msgstr, first.lineno) == (
        "new",
        "New text",
        "Nouveau texte",
        11,
    )
    assert (
        plural.msgstr_plural == ("%(num)d communiqué", "%(num)d communiqués") and plural.translated
    )
    assert gone.obsolete and gone.previous_msgid == "Gone before" and gone.msgstr == "Parti"
    assert len(catalog) == 2 and catalog.obsolete == [gone]


def test_bom_and_crlf_are_read() -> None:
    data = (
        b"\xef\xbb\xbf"
        + 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'.replace(
            "\n", "\r\n"
        ).encode()
    )
    catalog = parse_po(data)
    assert catalog.messages[0].msgstr == "b"
    assert line_ending(data) == "\r\n"
    assert format_po(catalog, "\r\n").count("\r\n") == format_po(catalog).count("\n")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
        ('msgid "a"\nmsgstr "b\\q"\n', 2, "invalid escape sequence '\\q'"),
        ('msgid "a"\nmsgstring "b"\n', 2, "unknown keyword 'msgstring'"),
        ('msgid "a"\nmsgstr Montréal"\n', 2, "msgstr must be followed by a quoted string"),
        ('msgstr "b"\n', 1, "msgstr without a msgid before it"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1, "missing msgstr after msgid"),
        (
            'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
            4,
            "duplicate message definition (first defined at line 1)",
        ),
        ('msgid "a"\nmsgstr[0] "b"\n', 1, "msgstr[N] without msgid_plural"),
        ('msgid "a"\nmsgstr "b"\n"c\n', 3, "unterminated string"),
        ('"orphan"\n', 1, "string continuation without a keyword"),
        ('msgid "a"\nmsgstr "b" c"\n', 2, "unescaped double quote"),
        (
            'msgid "a"\nmsgstr "b" # checked\n',
            2,
            "a comment after a string: write it on a line of its own, before the entry",
        ),
        ('msgid "a"\n\u00a0msgstr "b"\n', 2, "the line starts with U+00A0"),
        (
            'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
            4,
            "duplicate message definition (first defined at line 1)",
        ),
        (
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=2; plural=n>1 ?;\\n"\n',
            3,
            "invalid plural expression 'n>1 ?'",
        ),
        (
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=1; plural=n;\\n"\n',
            3,
            "nplurals=1, but its expression gives form 1 for n=1",
        ),
        (
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n',
            3,
            "Plural-Forms is still the template's",
        ),
        (
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 ? 1 : 2);\\n"\n\n'
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n',
            5,
            "this plural message has 2 msgstr[…], the header's Plural-Forms says nplurals=3",
        ),
        (
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n',
            4,
            "plural messages, but no Plural-Forms in the header",
        ),
        (
            'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
            2,
            "charset 'ISO-8859-1'",
        ),
        (
            '# A header\nmsgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n"no colon here\\n"\n',
            6,
            "header line 'no colon here' is not 'Name: value'",
        ),
    ],
)
def test_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as raised:
        parse_po(text.encode(), "fr.po")
    assert raised.value.line == line
    assert message in raised.value.message
    assert str(raised.value).startswith(f"fr.po:{line}: ")


GNU_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: sv\\n"\n\n'
)


def gnu_statistics(path: Path) -> str:
    """What ``msgfmt --statistics`` counts in a catalog."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return result.stderr.strip().splitlines()[-1]


def test_escaped_bytes_are_read_as_gnu_reads_them(tmp_path: Path) -> None:
    # msgcat --escape writes "é" as "\303\251": the bytes of UTF-8, not two characters.
    plain = tmp_path / "plain.po"
    plain.write_text(
        GNU_HEADER + 'msgid "About Mila"\nmsgstr "À propos de Mila"\n\n'
        'msgid "Evaluation"\nmsgstr "Utvärdering, «\u00a0citat\u00a0» ’"\n',
        encoding="utf-8",
    )
    escaped = tmp_path / "escaped.po"
    subprocess.run(["msgcat", "--escape", str(plain), "-o", str(escaped)], check=True)
    assert "\\303" in escaped.read_text()
    assert parse_po(escaped.read_bytes()).same_content(parse_po(plain.read_bytes()))
    table = parse_translation_table(escaped.read_bytes())
    assert table.translations["Evaluation"].startswith("Utvärdering")
    # Hex escapes too, as msgunfmt reads them from msgfmt's binary.
    (tmp_path / "hex.po").write_text(GNU_HEADER + 'msgid "a"\nmsgstr "Utv\\xc3\\xa4rdering"\n')
    unfmt = subprocess.run(
        f"msgfmt -o - {tmp_path / 'hex.po'} | msgunfmt", shell=True, capture_output=True, text=True
    )
    assert 'msgstr "Utvärdering"' in unfmt.stdout
    assert parse_po((tmp_path / "hex.po").read_bytes()).messages[0].msgstr == "Utvärdering"


def test_escaped_bytes_that_are_not_utf8_are_refused_at_their_line() -> None:
    with pytest.raises(CatalogError) as raised:
        parse_translation_table((GNU_HEADER + 'msgid "a"\nmsgstr "\\344"\n').encode(), "sv.po")
    assert raised.value.line == 7 and "do not make UTF-8 characters" in raised.value.message


def test_flags_are_separated_by_spaces_as_gnu_separates_them(tmp_path: Path) -> None:
    path = tmp_path / "sv.po"
    path.write_text(
        GNU_HEADER + '#, fuzzy markdown-text\nmsgid "a"\nmsgstr "Utv"\n\n'
        '#,python-format  fuzzy\nmsgid "b %s"\nmsgstr "c %s"\n\nmsgid "d"\nmsgstr "e"\n'
    )
    assert gnu_statistics(path) == "1 translated message, 2 fuzzy translations."
    catalog = parse_po(path.read_bytes())
    assert [m.flags for m in catalog] == [
        ("fuzzy", "markdown-text"),
        ("python-format", "fuzzy"),
        (),
    ]
    assert parse_translation_table(path.read_bytes()).translations == {"d": "e"}
    assert "#, fuzzy, markdown-text\n" in format_po(catalog)


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        (
            'msgid "a"\nmsgstr\u00a0"b"\n',
            7,
            "U+00A0 after msgstr, a space GNU gettext does not take",
        ),
        (
            'msgid "a"\nmsgstr "b"\u00a0\n',
            7,
            "U+00A0 after the string, a space GNU gettext does not take",
        ),
        ('msgid "a"\nmsgstr ""\n"b"\u3000\n', 8, "U+3000 after the string"),
    ],
)
def test_a_space_gnu_does_not_take_between_words_is_refused_as_msgfmt_refuses_it(
    tmp_path: Path, entry: str, line: int, message: str
) -> None:
    path = tmp_path / "sv.po"
    path.write_text(GNU_HEADER + entry, encoding="utf-8")
    assert subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True).returncode
    for read in (parse_po, parse_translation_table, parse_catalog_summary):
        with pytest.raises(CatalogError) as raised:
            read(path.read_bytes(), "sv.po")
        assert raised.value.line == line and message in raised.value.message


def test_a_flag_after_a_space_gnu_does_not_take_is_refused(tmp_path: Path) -> None:
    # msgfmt reads "#,\u00a0fuzzy" as a flag named "\u00a0fuzzy", and publishes the message
    # its translator meant to hold back: refused, for the translator to say which.
    path = tmp_path / "sv.po"
    path.write_text(GNU_HEADER + '#,\u00a0fuzzy\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert gnu_statistics(path) == "1 translated message."
    for read in (parse_po, parse_translation_table, parse_catalog_summary):
        with pytest.raises(CatalogError) as raised:
            read(path.read_bytes(), "sv.po")
        assert raised.value.line == 6 and "U+00A0 in the flags" in raised.value.message


def test_a_carriage_return_alone_is_read_as_gnu_reads_it(tmp_path: Path) -> None:
    # Within a line (a comment, a string) it is a character, written back as msgcat writes it.
    path = tmp_path / "sv.po"
    path.write_bytes((GNU_HEADER + '# a note\rmore\nmsgid "a"\nmsgstr "b\rc"\r\r\n').encode())
    catalog = parse_po(path.read_bytes())
    assert [(m.translator_comments, m.msgstr) for m in catalog] == [(("a note\rmore",), "b\rc")]
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert format_po(catalog).encode() == gnu
    # A file whose every line ends with one (an old Mac's) is refused: msgfmt reads its first
    # comment to the end of the file, and finds no header.
    old_mac = tmp_path / "old-mac.po"
    text = "# Swedish translation.\n" + GNU_HEADER + '#: content/a.md:3\nmsgid "a"\nmsgstr "b"\n'
    old_mac.write_bytes(text.replace("\n", "\r").encode())
    assert subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(old_mac)], capture_output=True
    ).returncode
    with pytest.raises(CatalogError) as raised:
        parse_po(old_mac.read_bytes(), "old-mac.po")
    assert raised.value.line == 1 and "carriage return alone" in raised.value.message


def test_strings_one_after_the_other_on_a_line_are_joined_as_gnu_joins_them(
    tmp_path: Path,
) -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "Mont" "réal"\t"\\t!"\n'
    )
    assert parse_po(text.encode()).messages[0].msgstr == "Montréal\t!"
    (tmp_path / "x.po").write_text(text)
    unfmt = subprocess.run(
        f"msgfmt -o - {tmp_path / 'x.po'} | msgunfmt", shell=True, capture_output=True, text=True
    )
    assert 'msgstr "Montréal\\t!"' in unfmt.stdout


def test_a_template_may_keep_xgettexts_plural_forms() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    assert parse_po(text.encode(), "site.pot").messages[0].msgid_plural == "as"


def test_invalid_utf8_names_the_line() -> None:
    with pytest.raises(CatalogError) as raised:
        parse_po(b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "\xe9"\n', "fr.po")
    assert raised.value.line == 5 and "not valid UTF-8" in raised.value.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_a_catalog_or_a_clean_error(data: bytes) -> None:
    try:
        parse_po(data, "fuzz.po")
    except CatalogError as error:
        assert error.line is None or error.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(['msgid "a"', 'msgstr "b"', '"c"', "#, fuzzy", "#| msgid \"x\"", "#~ msgid \"o\"",
                                 '#~ msgstr "p"', 'msgctxt "k"', 'msgid_plural "z"', 'msgstr[0] "y"', "", "# c", '"\\n"']),
                max_size=30).map("\n".join))  # fmt: skip
def test_any_arrangement_of_po_lines_gives_a_catalog_or_a_clean_error(text: str) -> None:
    try:
        catalog = parse_po(text, "fuzz.po")
    except CatalogError:
        return
    # What is read can be written and read back to the same content.
    assert parse_po(format_po(catalog)).same_content(catalog)


def read_both_ways(text: str) -> tuple[object, object]:
    """What the entry-by-entry reader and the line-by-line reader make of ``text``."""

    def outcome(method: str) -> object:
        reader = _Reader(text, "fr.po")
        try:
            catalog = getattr(reader, method)()
        except CatalogError as error:
            return ("error", error.line, error.message)
        if catalog is None:
            return None
        return (catalog, [m.lineno for m in catalog.messages])

    return outcome("read_entries"), outcome("read_lines")


def test_a_catalog_as_gnu_writes_it_is_read_entry_by_entry() -> None:
    catalog = realistic_catalog()
    catalog.messages = [m for m in catalog.messages if not m.obsolete]
    assert any(m.msgid_plural for m in catalog.messages)  # plural messages too
    entries, lines = read_both_ways(format_po(catalog))
    assert entries is not None and entries == lines


STRINGS = st.sampled_from(
    [
        '""',
        '"a"',
        '"d\\"e"',
        '"\\t"',
        '"\\q"',
        '"\\\\"',
        '"\\x41\\101"',
        '"\u2028"',
        '"x y "',
        '"#~"',
        '"a\\n"',
        '"\\\\n\\n"',
        '"bad"quote"',
        '"\\"',
        '"a" ',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"charset=latin1\\n"',
    ]
)
COMMENTS = st.sampled_from(
    [
        "#, fuzzy",
        '#| msgid "x"',
        '#| "y"',
        '#| msgctxt "c"',
        "#. note",
        "#.  two",
        "#.",
        "#: f.po:3 g.po",
        "# c",
        "#",
        "#,fuzzy, c-format",
        "#. \u2028x",
        "#x",
        '#| msgid_plural "p"',
        '#| msgid "\\q"',
        "#, c-format ",
        "#, ",
        "#: ",
        "#:  a.md:1  b:c",
        "#, fuzzy,fuzzy",
    ]
)
ENTRY = st.tuples(
    st.lists(COMMENTS, max_size=4), st.lists(STRINGS, max_size=1), STRINGS, st.lists(STRINGS, max_size=2),
    STRINGS, st.lists(STRINGS, max_size=2), st.sampled_from(["", "\n", "\n\n"]),
).map(lambda e: "\n".join([*e[0], *(f"msgctxt {c}" for c in e[1]), f"msgid {e[2]}", *e[3],
                            f"msgstr {e[4]}", *e[5]]) + "\n" + e[6])  # fmt: skip
# A plural entry, its forms numbered as GNU gettext numbers them or not (a mistake).
PLURAL_ENTRY = st.tuples(
    st.lists(COMMENTS, max_size=2), STRINGS, STRINGS, st.lists(STRINGS, max_size=1),
    st.lists(st.tuples(st.sampled_from(["0", "1", "2", "00"]), STRINGS, st.lists(STRINGS, max_size=1)),
             min_size=1, max_size=3),
    st.sampled_from(["", "\n"]),
).map(lambda e: "\n".join([*e[0], f"msgid {e[1]}", f"msgid_plural {e[2]}", *e[3],
                            *(line for n, s, more in e[4] for line in (f"msgstr[{n}] {s}", *more))])
      + "\n" + e[5])  # fmt: skip
HEADER_ENTRY = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


#: No header, one without plural forms, one with French plural forms (two).
HEADERS = st.sampled_from(["", HEADER_ENTRY, HEADER_ENTRY.replace(
    '\\n"\n\n', '\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(HEADERS, st.lists(st.one_of(ENTRY, PLURAL_ENTRY), max_size=5),
       st.sampled_from(["", 'msgid "z"\n', '#~ msgid "o"\n', " \n", 'msgid_plural "r"\n']))  # fmt: skip
def test_entry_by_entry_reads_what_line_by_line_reads(
    header: str, entries: list[str], tail: str
) -> None:
    text = header + "".join(entries) + tail
    entries_way, lines_way = read_both_ways(text)
    assert entries_way is None or entries_way == lines_way


def test_plural_messages_are_read_entry_by_entry() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        '#: templates/index.html:3\nmsgid "%(num)d release"\nmsgid_plural "%(num)d releases"\n'
        'msgstr[0] "%(num)d communiqué"\nmsgstr[1] ""\n"%(num)d communiqués"\n\n'
        'msgid "News"\nmsgstr "Nouvelles"\n'
    )
    entries, lines = read_both_ways(text)
    assert entries is not None and entries == lines
    catalog, numbers = entries  # type: ignore[misc]
    assert catalog.messages[0].msgstr_plural == ("%(num)d communiqué", "%(num)d communiqués")
    assert numbers == [7, 13]  # each msgid's line
    # Numbered out of order: left to the line-by-line reader, which names the mistake.
    entries, lines = read_both_ways(text.replace("msgstr[0]", "msgstr[9]"))
    assert entries is None
    assert lines == ("error", 7, "plural forms must be numbered msgstr[0], msgstr[1], ...")


def read_table_both_ways(text: str) -> tuple[object, object]:
    """What a build, ``status`` and the translation memory read of ``text``, and what they
    would make of the whole catalog."""

    def outcome(read: Callable[[], object]) -> object:
        try:
            return read()
        except CatalogError as error:
            return ("error", error.line, error.message)

    def translated() -> list[tuple[str, str]]:
        catalog = parse_po(text, "fr.po")
        return [
            (m.msgid, m.msgstr)
            for m in catalog
            if m.translated and m.msgid_plural is None and m.msgctxt is None and not m.blank
        ]

    return (
        (
            outcome(lambda: parse_translation_table(text, "fr.po")),
            outcome(lambda: parse_catalog_summary(text, "fr.po")),
            outcome(lambda: parse_translated(text, "fr.po")),
        ),
        (
            outcome(lambda: TranslationTable.of(parse_po(text, "fr.po"))),
            outcome(lambda: CatalogSummary.of(parse_po(text, "fr.po"))),
            outcome(translated),
        ),
    )


# Entries as GNU gettext writes them, mostly: what a build reads without the full reader,
# with now and then what sends a file to the full reader (a mistake, an obsolete entry).
TEXTS = st.one_of(
    st.sampled_from(['"\\"e\\""', '"\\t"', '"f\\n"', '"\u2028"', '"#,"']),
    st.from_regex(r'"[a-z ]{1,12}"', fullmatch=True),
)  # fmt: skip
MULTILINE = st.lists(TEXTS, min_size=1, max_size=2).map(lambda s: '""\n' + "\n".join(s))
MISTAKE = st.sampled_from(['"\\q"', '"bad"quote"', '"#~"', '""'])  # "" as a msgid: a second header
GNU_COMMENT = st.sampled_from([
    "#, fuzzy", "#,fuzzy, c-format", "#, c-format, fuzzy", "#, fuzzier", "#, c-format", '#| msgid "x"',
    '#| msgid ""\n#| "y"', "#. note", "#: a.md:3", "# c", "#x", "#, fuzzy,fuzzy",
] * 3 + ['#| msgid "\\q"', "#| nothing"])  # fmt: skip


def gnu_entry(mistake: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Entries as GNU gettext writes them, with ``mistake`` as one of the strings now and then."""
    return st.tuples(
        st.lists(GNU_COMMENT, max_size=3), st.sampled_from([[], [], [], ['"k"']]),
        st.one_of(*[TEXTS] * 12, *[MULTILINE] * 6, mistake),
        st.one_of(*[TEXTS] * 9, *[MULTILINE] * 3, *[st.just('""')] * 3, mistake),
    ).map(lambda e: "\n".join([*e[0], *(f"msgctxt {c}" for c in e[1]), f"msgid {e[2]}", f"msgstr {e[3]}"])
          + "\n\n")  # fmt: skip


GNU_HEADERS = st.sampled_from([
    HEADER_ENTRY, HEADER_ENTRY, HEADER_ENTRY, HEADER_ENTRY,
    '#, fuzzy\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n',
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=latin1\\n"\n\n', 'msgid ""\nmsgstr "x"\n\n', "",
])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(GNU_HEADERS, st.lists(gnu_entry(MISTAKE), max_size=6), st.sampled_from(["", 'msgid "z"\n']))
def test_what_a_build_reads_of_a_catalog_is_what_the_catalog_says(
    header: str, entries: list[str], tail: str
) -> None:
    table, of_catalog = read_table_both_ways(header + "".join(entries) + tail)
    assert table == of_catalog


@settings(max_examples=300, deadline=None)
@given(st.lists(gnu_entry(TEXTS), max_size=8))
def test_what_a_build_reads_of_a_catalog_of_good_strings_is_what_the_catalog_says(
    entries: list[str],
) -> None:
    text = HEADER_ENTRY + "".join(entries)
    table, of_catalog = read_table_both_ways(text)
    assert table == of_catalog


# Lines that are no part of an entry as GNU gettext writes them, anywhere between entries.
STRAY = st.sampled_from([
    '"stray"\n', "garbage\n", 'msgstr "a"\n', ' msgid "b"\nmsgstr "c"\n', 'xmsgid "d"\nmsgstr "e"\n',
    'msgid "f"\nmsgid_plural "g"\nmsgstr[0] "h"\nmsgstr[1] "i"\n', '#\n"j"\n', 'msgctxt "k"\n',
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(gnu_entry(TEXTS), gnu_entry(TEXTS), STRAY), max_size=6))
def test_what_a_build_reads_of_a_catalog_with_stray_lines_is_what_the_catalog_says(
    entries: list[str],
) -> None:
    table, of_catalog = read_table_both_ways(HEADER_ENTRY + "".join(entries))
    assert table == of_catalog


def test_a_catalog_as_update_writes_it_is_read_for_a_build_without_its_messages() -> None:
    catalog = realistic_catalog()
    catalog.messages = [m for m in catalog.messages if not m.obsolete and m.msgid_plural is None]
    catalog.messages.append(
        Message("Old text", "Vieux texte", flags=("fuzzy",), previous_msgid="Old")
    )
    catalog.messages.append(Message("Menu", "Menu", msgctxt="nav"))
    text = format_po(catalog)
    table = _Reader(text, "fr.po").read_table()  # not left to the full reader
    assert table is not None and table == TranslationTable.of(parse_po(text))
    assert table.states["Old text"] == "fuzzy" and "Old text" not in table.translations
    assert "Menu" not in table.states


def test_a_message_read_is_the_message_its_constructor_makes() -> None:
    from dataclasses import fields

    catalog = parse_po(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        "# a translator's note\n#. a note for translators\n#: content/a.md:3\n#, fuzzy\n"
        '#| msgid "Old"\nmsgctxt "menu"\nmsgid "New"\nmsgstr "Nouveau"\n\n'
        'msgid "%(num)d file"\nmsgid_plural "%(num)d files"\n'
        'msgstr[0] "%(num)d fichier"\nmsgstr[1] "%(num)d fichiers"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n'
    )
    assert len(catalog.messages) == 3
    for message in catalog.messages:
        made = Message(**{f.name: getattr(message, f.name) for f in fields(Message)})
        assert vars(message) == vars(made) and message == made and hash(message) == hash(made)
        # As small in memory: its attributes share their names with every other message's
        # (a catalog of 100,000 messages took a fifth more memory when each had its own).
        assert sys.getsizeof(vars(message)) == sys.getsizeof(vars(made))


#: Strings that begin with a newline, end with one, both, neither, or are one or empty.
NEWLINE_STRINGS = ["a", "\na", "a\n", "\na\n", "\n", "\n\n", "a\nb", "é\n\n", ""]
NEWLINE_HEADER = HEADER_ENTRY.replace(
    '\\n"\n\n', '\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _newline_entries(seed: int) -> list[str]:
    """Entries, singular and plural, whose strings begin and end with newlines or not, now
    and then fuzzy, untranslated or obsolete, each with a context of its own."""
    rng = random.Random(seed)
    entries = []
    for index in range(150):
        msgid = rng.choice([text for text in NEWLINE_STRINGS if text])
        translations = [rng.choice([msgid, *NEWLINE_STRINGS]) for _ in range(2)]
        lines = ["#, fuzzy"] if rng.random() < 0.1 else []
        lines += [f'msgctxt "{index}"', f"msgid {_po_string(msgid)}"]
        if rng.random() < 0.4:
            plural = rng.choice([msgid, *NEWLINE_STRINGS])
            lines.append(f"msgid_plural {_po_string(plural)}")
            lines += [f"msgstr[{i}] {_po_string(form)}" for i, form in enumerate(translations)]
        else:
            lines.append(f"msgstr {_po_string(translations[0])}")
        if rng.random() < 0.05:
            lines = ["#~ " + line for line in lines]
        entries.append("\n".join(lines) + "\n")
    return entries


def _refused_by_msgfmt(tmp_path: Path, header: str, entries: list[str]) -> set[int]:
    """The indices of the ``entries`` that ``msgfmt -c`` refuses, written one after the
    other after ``header``."""
    text, spans = header, []
    for entry in entries:
        first = text.count("\n") + 1
        text += entry + "\n"
        spans.append(range(first, text.count("\n") + 1))
    path = tmp_path / "newlines.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    lines = {int(found) for found in re.findall(rf"{re.escape(str(path))}:(\d+):", result.stderr)}
    assert (result.returncode != 0) == bool(lines), result.stderr
    return {index for index, span in enumerate(spans) if lines.intersection(span)}


@pytest.mark.parametrize("seed", range(4))
def test_newlines_are_refused_as_msgfmt_refuses_them(tmp_path: Path, seed: int) -> None:
    entries = _newline_entries(seed)
    refused = _refused_by_msgfmt(tmp_path, NEWLINE_HEADER, entries)
    ours = set()
    for index, entry in enumerate(entries):
        text = NEWLINE_HEADER + entry
        try:
            parse_po(text, "fr.po")
        except CatalogError as error:
            ours.add(index)
            # At its msgid's line, with the same error from what a build and status read.
            msgid = next(i for i, line in enumerate(entry.splitlines()) if line[:6] == "msgid ")
            assert error.line == NEWLINE_HEADER.count("\n") + msgid + 1
            assert "with a newline (\\n) and " in error.message
            for read in (parse_translation_table, parse_catalog_summary, parse_translated):
                with pytest.raises(CatalogError) as raised:
                    read(text, "fr.po")
                assert raised.value.message == error.message and raised.value.line == error.line
    assert ours == refused
    assert 30 < len(refused) < 120  # many of each kind


def test_every_command_refuses_a_catalog_msgfmt_refuses_for_its_newlines(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    po = sample_newsroom / "locales/fr/LC_MESSAGES/releases/nordic-quebec-ai-health-workshop.po"
    text = po.read_text(encoding="utf-8")
    assert '\nmsgstr "Trois thèmes"\n' in text
    po.write_text(text.replace('\nmsgstr "Trois thèmes"\n', '\nmsgstr "Trois thèmes\\n"\n'))
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)]).returncode == 1
    line = text.splitlines().index('msgid "Three themes"') + 1
    where = f"locales/fr/LC_MESSAGES/releases/nordic-quebec-ai-health-workshop.po:{line}:"
    said = "the msgstr ends with a newline (\\n) and the msgid does not: both must, or neither"
    for command in ("status", "check", "build", "compile", "update"):
        result = run(sample_newsroom, command)
        assert result.exit_code == 1, command
        if command == "check":  # one finding among the others'
            assert f"{where} [catalog] {said}\n" in result.stdout, result.output
        else:
            assert result.output.endswith(f"{where} {said}\n"), (command, result.output)
    assert not (sample_newsroom / "public").exists()


def test_a_translation_of_spaces_alone_is_translated_but_none_to_show() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "A lab."\nmsgstr " "\n\nmsgid "Two."\nmsgstr "Deux."\n'
    )
    for table in (parse_translation_table(text), TranslationTable.of(parse_po(text))):
        assert table.states == {"A lab.": "translated", "Two.": "translated"}  # as msgfmt counts
        assert table.translations == {"Two.": "Deux."}
    assert parse_translated(text) == [("Two.", "Deux.")]
