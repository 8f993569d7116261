"""Each quality check, on the mistakes translators make and on correct translations."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news.catalog import Message
from i18n_news.checks import CHECKS, CheckContext, check_message
from i18n_news.config import load_config
from i18n_news.glossary import Glossary, Term

from .conftest import CONFIG, msgfmt_check, replace_in

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("config")
    (root / "i18n-news.toml").write_text(
        CONFIG.replace(
            'target_languages = ["fr", "sv"]', 'target_languages = ["fr", "sv", "fr-FR", "de"]'
        )
        + '\n[languages.fr-FR]\nlocale = "fr_FR"\n\n[languages.de]\nlocale = "de_DE"\n'
    )
    config = load_config(root)
    return {lang.code: lang for lang in config.languages}


GLOSSARY = Glossary(
    terms=(Term("applied AI", {"fr": "IA appliquée", "sv": "tillämpad AI"}),),
    do_not_translate=("AI Sweden",),
)
URLS = {"https://mila.quebec/en/": "https://mila.quebec/"}

CASES = [
    # (check, language, source, translation, expected message(s), or None for no problem)
    (
        "format",
        "fr",
        "%(num)d press release",
        "%(num)d communiqué à 100 %",
        "the translation is not a valid format string (incomplete format; write %% for a "
        "percent sign)",
    ),
    ("format", "fr", "%(num)d press release", "%(num)d communiqué à 100 %%", None),
    ("format", "fr", "Skip to content", "Aller au contenu, 100 % sûr", None),  # shown as it is
    (
        "links",
        "fr",
        "See [our site](https://mila.quebec/en/).",
        "Voyez [notre site](https://mila.quebec/en/).",
        None,
    ),
    (
        "links",
        "fr",
        "See [our site](https://mila.quebec/en/).",
        "Voyez [notre site](https://mila.quebec/).",
        None,
    ),
    (
        "links",
        "fr",
        "See [our site](https://mila.quebec/en/).",
        "Voyez [notre site](https://evil.example/).",
        [
            "link to https://mila.quebec/en/ is missing",
            "link to https://evil.example/ is not in the source",
        ],
    ),
    (
        "links",
        "fr",
        "See [our site](https://mila.quebec/en/).",
        "Voyez notre site.",
        "link to https://mila.quebec/en/ is missing",
    ),
    (
        "unsafe-url",
        "fr",
        "See [our site](https://mila.quebec/en/).",
        "Voyez [notre site](javascript:alert(1)).",
        "link to a javascript: URL is not allowed",
    ),
    ("markup", "fr", "A *new* and **big** lab.", "Un *nouveau* et **grand** laboratoire.", None),
    (
        "markup",
        "fr",
        "A *new* and **big** lab.",
        "Un nouveau et **grand** laboratoire.",
        "emphasis: 1 in the source, 0 here",
    ),
    (
        "markup",
        "sv",
        "Media contact\\\nJane Doe",
        "Presskontakt Jane Doe",
        "line break: 1 in the source, 0 here",
    ),
    ("code", "fr", "Use reference `LAB-2023-01`.", "Utilisez la référence `LAB-2023-01`.", None),
    (
        "code",
        "fr",
        "Use reference `LAB-2023-01`.",
        "Utilisez la référence `LAB-2023-1`.",
        ["code `LAB-2023-01` is missing or changed", "code `LAB-2023-1` is not in the source"],
    ),
    ("html", "sv", "A lab.", "Ett <b>labb</b>.", ["stray HTML '<b>'", "stray HTML '</b>'"]),
    (
        "emails",
        "fr",
        "Write to press@mila.quebec.",
        "Écrivez à presse@mila.quebec.",
        [
            "e-mail address press@mila.quebec is missing",
            "e-mail address presse@mila.quebec is not in the source",
        ],
    ),
    (
        "numbers",
        "fr",
        "It costs 1,000.5 dollars for 12 people.",
        f"Cela coûte 1{NBSP}000,5 dollars pour 12 personnes.",
        None,
    ),
    # The digits of an e-mail address are the address's, not numbers.
    (
        "numbers",
        "fr",
        "Write to lab2023@mila.quebec about 3 labs.",
        "Écrivez à labo2024@mila.quebec pour 3 laboratoires.",
        None,
    ),
    (
        "numbers",
        "sv",
        "We welcome 48 researchers.",
        "Vi välkomnar 50 forskare.",
        ["number 48 of the source is missing", "number 50 is not in the source"],
    ),
    (
        "whitespace",
        "fr",
        "A lab.",
        " Un laboratoire.",
        "leading whitespace differs from the source",
    ),
    # A newline at one end of one text alone: an error msgfmt -c refuses, said once.
    (
        "newlines",
        "fr",
        "Three themes",
        "Trois thèmes\n",
        "the translation ends with a newline (\\n) and the source does not: both must, or neither",
    ),
    (
        "newlines",
        "fr",
        "\nThree themes",
        "Trois thèmes",
        "the source begins with a newline (\\n) and the translation does not: both must, or "
        "neither",
    ),
    ("newlines", "fr", "Media contact\\\nJulie", "Contact\\\nJulie", None),
    ("whitespace", "fr", "Three themes", "Trois thèmes\n", None),
    (
        "whitespace",
        "fr",
        "Three themes",
        "Trois thèmes\t",
        "trailing whitespace differs from the source",
    ),
    ("double-space", "fr", "A new lab.", "Un  nouveau laboratoire.", "doubled space"),
    # A no-break space typed beside a space.
    ("double-space", "fr", "Note: a lab.", f"Remarque {NBSP}: un labo.", "doubled space"),
    ("double-space", "fr", "60%", f"60{NBSP} %", "doubled space"),
    ("double-space", "fr", "60%", f"60{NBSP}%", None),
    (
        "blank",
        "fr",
        "A new lab.",
        " ",
        "the translation is only spaces: pages show the source text instead",
    ),
    ("blank", "fr", "A new lab.", "Un labo. ", None),
    (
        "doubled-words",
        "fr",
        "The lab opens in Montreal.",
        "Le laboratoire ouvre à à Montréal.",
        "“à” twice in a row",
    ),
    # Any case, across a line break and markup, each word once.
    (
        "doubled-words",
        "sv",
        "The lab opens **in** the city, in May.",
        "Labbet öppnar **I**\ni staden, i i maj.",
        "“i” twice in a row",
    ),
    ("doubled-words", "fr", "A lab.", "Un *labo* labo.", "“labo” twice in a row"),
    ("doubled-words", "fr", "Set `x` then x.", "Le `x` le.", None),  # apart, by code
    # Written so by the language, or by the source; parts of words, numbers, addresses.
    ("doubled-words", "fr", "We met.", "Nous nous sommes rencontrés.", None),
    ("doubled-words", "sv", "Is this it?", "Är det det här?", None),
    ("doubled-words", "fr", "She had had enough.", "Elle en avait had had assez.", None),
    ("doubled-words", "sv", "A so-so year, 20 20.", "Ett so-so år, 20 20, bla-bla bla.", None),
    ("doubled-words", "fr", "See www.a.org/the the.", "Voir www.a.org/the the.", None),
    (
        "control-characters",
        "fr",
        "Three themes",
        "Trois\vthèmes",
        "control character U+000B (\\v), a manual line break pasted from Word: a page shows "
        "nothing or a box for it, and XML cannot hold it (the site's feeds); write a space",
    ),
    (
        "control-characters",
        "fr",
        "A bell.",
        "Une cloche\a\a\x1b.",
        [
            "control character U+0007 (\\a): a page shows nothing or a box for it, and XML "
            "cannot hold it (the site's feeds); delete it",
            "control character U+001B: a page shows nothing or a box for it, and XML cannot "
            "hold it (the site's feeds); delete it",
        ],
    ),
    (
        "control-characters",
        "fr",
        "Mila's lab",
        "Le labo de Mila\x92s",
        "control character U+0092: a page shows nothing or a box for it; Windows-1252 text "
        "read as Latin-1 has it for '’': write '’'",
    ),
    ("control-characters", "fr", "A\ttable\nrow", "Une\tligne\nde tableau", None),
    (
        "unchanged",
        "sv",
        "Mila opens a new lab.",
        "Mila opens a new lab.",
        "the translation is identical to the source",
    ),
    ("unchanged", "sv", "AI Sweden", "AI Sweden", None),
    (
        "punctuation",
        "fr",
        "A new lab.",
        "Un nouveau laboratoire",
        "ends with no punctuation, the source with '.'",
    ),
    ("punctuation", "fr", "“Great,” she says.", f"«{NBSP}Super{NBSP}», dit-elle.", None),
    # The marks of other scripts: Arabic, Chinese.
    ("punctuation", "sv", "Who can apply?", "من يمكنه التقدم؟", None),
    (
        "punctuation",
        "sv",
        "Who can apply?",
        "من يمكنه التقدم.",
        "ends with '.', the source with '?'",
    ),
    ("punctuation", "sv", "First, second,", "الأول، الثاني،", None),
    ("punctuation", "sv", "A new lab.", "一个新实验室。", None),
    ("numbers", "sv", "We welcome 50 researchers.", "نرحب بـ ٥٠ باحثًا.", None),
    ("typography", "fr", "Note: a lab.", f"Remarque{NBSP}: un laboratoire.", None),
    (
        "typography",
        "fr",
        "Note: a lab.",
        "Remarque : un laboratoire.",
        "':' needs a no-break space before it",
    ),
    ("typography", "fr", "“Yes”", f"« Oui{NBSP}»", "« needs a no-break space after it"),
    ("typography", "fr", "Really?", "Vraiment?", None),  # Québec: no space before ?
    (
        "typography",
        "sv",
        "She said “yes”.",
        "Hon sa “ja”.",
        "“ ” are English quotation marks: this language writes ” ”",
    ),
    ("typography", "sv", "She said “yes”.", "Hon sa ”ja”.", None),
    (
        "typography",
        "sv",
        'She said "yes".',
        'Hon sa "ja".',
        '" " are a typewriter\'s quotation marks: this language writes ” ”',
    ),
    (
        "typography",
        "fr",
        'She said "yes".',
        'Elle a dit "oui".',
        '" " are a typewriter\'s quotation marks: this language writes « »',
    ),
    ("typography", "sv", 'A 27" screen and `x = "a"`.', 'En 27" skärm och `x = "a"`.', None),
    (
        "typography",
        "fr",
        "She said “yes”.",
        "Elle a dit “oui”.",
        "“ ” are English quotation marks: this language writes « »",
    ),
    # A quote within a French quote; German closes its quotes with “.
    ("typography", "fr", "“A “lab””", f"«{NBSP}Un “labo”{NBSP}»", None),
    ("typography", "de", "She said “yes”.", "Sie sagte „ja“.", None),
    (
        "typography",
        "de",
        "She said “yes”.",
        "Sie sagte “ja”.",
        "“ ” are English quotation marks: this language writes „ “",
    ),
    ("punctuation", "de", "He said: “We are happy.”", "Er sagte: „Wir freuen uns.“", None),
    ("typography", "fr-FR", "Really?", "Vraiment ?", "'?' needs a narrow no-break space before it"),
    ("typography", "fr-FR", "Really?", f"Vraiment{NNBSP}?", None),
    ("glossary", "fr", "Research in applied AI.", "Recherche en IA appliquée.", None),
    (
        "glossary",
        "fr",
        "Research in applied AI.",
        "Recherche en intelligence artificielle.",
        "“applied AI” should be translated “IA appliquée”",
    ),
    (
        "glossary",
        "sv",
        "AI Sweden joins.",
        "AI Sverige ansluter.",
        "“AI Sweden” is never translated: keep it as it is",
    ),
    # A name only in an address or code is no name in the text.
    (
        "glossary",
        "sv",
        "Run `ai sweden --help`, see https://example.org/ai%20sweden/.",
        "Kör `ai sweden --help`, se https://example.org/ai%20sweden/.",
        None,
    ),
    ("glossary", "sv", "AI SWEDEN joins.", "AI SWEDEN ansluter.", None),  # as written
    # An image's source and an address written out point where the source's do.
    (
        "links",
        "fr",
        "It appears in ![the cover](https://mila.quebec/img/cover.png) Nature.",
        "Elle paraît dans ![la couverture](https://evil.example.com/x.png) Nature.",
        [
            "image https://mila.quebec/img/cover.png is missing",
            "image https://evil.example.com/x.png is not in the source",
        ],
    ),
    (
        "links",
        "fr",
        "Details are at https://mila.quebec/en/events/workshop.",
        "Les détails sont à https://mila.quebec/fr/evenement/atelier.",
        [
            "address https://mila.quebec/en/events/workshop is missing",
            "address https://mila.quebec/fr/evenement/atelier is not in the source",
        ],
    ),
    ("links", "sv", "Write to media@mila.quebec.", "Skriv till media@mila.quebec.", None),
    # The point of an abbreviation that ends the text is no full stop.
    ("punctuation", "sv", "Anna Svensson, M.Sc.", "Anna Svensson, civilingenjör", None),
    ("punctuation", "sv", "It opens an office in the U.S.", "Den öppnar ett kontor i USA", None),
    (
        "punctuation",
        "sv",
        "It opens an office in Montreal.",
        "Den öppnar ett kontor i Montreal",
        "ends with no punctuation, the source with '.'",
    ),
    # The lines of a contact block are read apart: a changed phone number is found.
    (
        "numbers",
        "fr",
        "Media contact\\\nJulie Tremblay\\\n514 555-0199\\\nmedia@mila.quebec",
        "Contact médias\\\nJulie Tremblay\\\n514 555-0198\\\nmedia@mila.quebec",
        [
            "phone number 514 555-0199 of the source is missing",
            "phone number 514 555-0198 is not in the source",
        ],
    ),
    (
        "placeholders",
        "fr",
        "%(num)d press releases",
        "%(count)d communiqués",
        ["placeholder %(num)d is missing", "placeholder %(count)d is not in the source"],
    ),
]


@pytest.mark.parametrize(("check_id", "code", "source", "target", "expected"), CASES)
def test_check(
    languages: dict[str, object],
    check_id: str,
    code: str,
    source: str,
    target: str,
    expected: str | list[str] | None,
) -> None:
    context = CheckContext(languages[code], GLOSSARY, URLS)  # type: ignore[arg-type]
    interface = CHECKS[check_id].interface_only
    message = Message(msgid=source, msgstr=target, flags=() if interface else ("markdown-text",))
    found = [p.message for p in check_message(message, context) if p.check == check_id]
    assert found == ([expected] if isinstance(expected, str) else expected or [])


# Figures read as each language writes them: decimals, times, dates, phone numbers; each
# finding quotes the figure as its text writes it. (language, source, translation, findings)
NUMBER_CASES = [
    (
        "fr",
        "The grant totals 1.5 million dollars.",
        "La subvention s’élève à 15 millions de dollars.",
        ["number 1.5 of the source is missing", "number 15 is not in the source"],
    ),
    (
        "sv",
        "Sales grew 2.5 times.",
        "Försäljningen växte 25 gånger.",
        ["number 2.5 of the source is missing", "number 25 is not in the source"],
    ),
    ("sv", "Sales grew 2.5 times.", "Försäljningen växte 2,5 gånger.", None),
    ("fr", "The grant totals 1.5 million dollars.", "La subvention s’élève à 1,5 million $.", None),
    (
        "fr",
        "Doors open at 9:00 a.m. on May 12, 2022.",
        "Les portes ouvrent à 9 h le 12 mai 2022.",
        None,
    ),
    (
        "sv",
        "Doors open at 9:00 a.m. on May 12, 2022.",
        "Dörrarna öppnar kl. 9.00 den 12 maj 2022.",
        None,
    ),
    (
        "fr",
        "The workshop runs from 9:30 a.m. to 4:30 p.m.",
        "L’atelier a lieu de 9 h 30 à 16 h 30.",
        None,
    ),
    (
        "fr",
        "The workshop runs from 9:30 a.m. to 4:30 p.m.",
        "L’atelier a lieu de 9h30 à 16h30.",
        None,
    ),
    (
        "sv",
        "The workshop runs from 9:30 a.m. to 4:30 p.m.",
        "Workshopen pågår kl. 9.30–16.30.",
        None,
    ),
    ("fr", "Doors open at 3 p.m.", "Ouverture des portes à 15 h.", None),
    ("sv", "Doors open at 3 p.m.", "Dörrarna öppnar kl. 15.", None),
    # At a sentence's or an item's start, "Kl." is still the word for a time; a time may be
    # followed by a colon of its own; French writes centuries in Roman numerals.
    ("sv", "11 a.m.: doors open.", "Kl. 11: dörrarna öppnas.", None),
    ("sv", "9:30 a.m.: Opening remarks", "09:30: Inledningsanförande", None),
    ("fr", "Health in the 21st century", "La santé au XXIe siècle", None),
    (
        "fr",
        "Health in the 21st century",
        "La santé au XXe siècle",
        ["number 21 of the source is missing", "number XXe is not in the source"],
    ),
    (
        "fr",
        "Doors open at 3 p.m.",
        "Ouverture des portes à 3 h.",
        ["time 3 p.m. of the source is missing", "time 3 h is not in the source"],
    ),
    (
        "sv",
        "The workshop runs from 9:30 a.m. to 4:30 p.m.",
        "Workshopen pågår kl. 9.30–14.30.",
        ["time 4:30 p.m. of the source is missing", "time 14.30 is not in the source"],
    ),
    ("fr", "Open 24 hours.", "Ouvert 24 h.", None),
    ("sv", "The report is due March 31, 2023.", "Rapporten ska lämnas senast 2023-03-31.", None),
    (
        "sv",
        "The report is due March 31, 2023.",
        "Rapporten ska lämnas senast 2023-04-31.",
        ["number 04 is not in the source"],
    ),
    (
        "sv",
        "The report is due March 31, 2023.",
        "Rapporten ska lämnas senast 2023-03-30.",
        ["number 31 of the source is missing", "number 30 is not in the source"],
    ),
    ("fr", "The 2022/23 budget.", "Le budget 2022–2023.", None),
    (
        "fr",
        "The 2022/23 budget.",
        "Le budget 2022–2024.",
        ["number 2022/23 of the source is missing", "number 2024 is not in the source"],
    ),
    (
        "fr",
        "It costs 1,200.5 dollars.",
        "Cela coûte 1 200 dollars.",
        ["number 1,200.5 of the source is missing", "number 1 200 is not in the source"],
    ),
    ("fr", "Call +1 514 555 0199.", "Composez le +1 514 555 0199.", None),
    (
        "fr",
        "Call +1 514 555 0199.",
        "Composez le +1 514 555 0198.",
        [
            "phone number +1 514 555 0199 of the source is missing",
            "phone number +1 514 555 0198 is not in the source",
        ],
    ),
    ("fr", "Call (514) 555-0199.", "Composez le 514 555-0199.", None),
    ("fr", "It costs 1,200.5 dollars.", f"Cela coûte 1{NBSP}200,5 dollars.", None),
    ("fr", "It costs 1,200.5 dollars.", f"Cela coûte 1{NNBSP}200,5 dollars.", None),
    ("fr", "It costs 1,200.5 dollars.", "Cela coûte 1 200,5 dollars.", None),
    ("fr", "It costs 1,200.5 dollars.", "Cela coûte 1.200,5 dollars.", None),
    ("fr", "A rise of 45%.", "Une hausse de 45 %.", None),
    ("sv", "A rise of 45%.", "En ökning med 45 procent.", None),
    ("fr", "12.5 million people.", "12,5 millions de personnes.", None),
    ("fr", "The 3rd and 21st.", "Le 3e et le 21e.", None),
    ("sv", "The 3rd and 21st.", "Den 3:e och den 21:a.", None),
    ("fr", "The 1st prize.", "Le 1re prix.", None),
    (
        "fr",
        "It costs $25,000.",
        "Cela coûte 2 500 $.",
        ["number 25,000 of the source is missing", "number 2 500 is not in the source"],
    ),
    ("fr", "It costs $25,000.", "Cela coûte 25 000 $.", None),
    (
        "fr",
        "It costs $25,000.",
        "Cela coûte 25,000 $.",
        ["number 25,000 of the source is missing", "number 25,000 is not in the source"],
    ),
    ("fr", "From 1 to 3 p.m.", "De 13 h à 15 h.", None),
    (
        "fr",
        "In 2021, 150 people and 3 100-metre races.",
        "En 2021, 150 personnes et 3 courses de 100 mètres.",
        None,
    ),
    ("fr", "Sales grew 2.5 times.", "Les ventes ont été multipliées par 2.5.", None),
    # A month of a date named in words: changed, it is said; "may" is no month.
    (
        "fr",
        "On March 3, 2026 at 9:30 a.m.",
        "Le 3 mai 2026 à 9 h 30.",
        ["month March of the source is missing", "month mai is not in the source"],
    ),
    ("sv", "On March 3, 2026.", "Den 3 mars 2026.", None),
    ("fr", "You may apply by May 1.", "Vous pouvez postuler avant le 1er mai.", None),
    (
        "sv",
        "Apply by May 1.",
        "Ansök senast den 1 juni.",
        ["month May of the source is missing", "month juni is not in the source"],
    ),
    ("fr", "From March to May 2026.", "De mars à mai 2026.", None),
    # German times: 17 Uhr, 17.30 Uhr.
    ("de", "The event starts at 5 p.m.", "Die Veranstaltung beginnt um 17 Uhr.", None),
    ("de", "Doors open at 9:30 a.m.", "Einlass ab 9.30 Uhr.", None),
    (
        "de",
        "The event starts at 5 p.m.",
        "Die Veranstaltung beginnt um 18 Uhr.",
        ["time 5 p.m. of the source is missing", "time 18 Uhr is not in the source"],
    ),
    # A language's own month names, as Babel writes them: German, for one.
    ("de", "Applications close on 2023-03-31.", "Bewerbungen enden am 31. März 2023.", None),
    (
        "de",
        "On March 3, 2026.",
        "Am 3. Mai 2026.",
        ["month March of the source is missing", "month Mai is not in the source"],
    ),
]


@pytest.mark.parametrize(("code", "source", "target", "expected"), NUMBER_CASES)
def test_numbers(
    languages: dict[str, object], code: str, source: str, target: str, expected: list[str] | None
) -> None:
    context = CheckContext(languages[code], GLOSSARY, URLS)  # type: ignore[arg-type]
    message = Message(msgid=source, msgstr=target, flags=("markdown-text",))
    found = [p.message for p in check_message(message, context) if p.check == "numbers"]
    assert found == (expected or [])


def test_every_check_is_tested() -> None:
    assert {case[0] for case in CASES} == set(CHECKS)


def test_ignore_flag_silences_one_check(languages: dict[str, object]) -> None:
    context = CheckContext(languages["sv"], GLOSSARY)  # type: ignore[arg-type]
    message = Message(msgid="We welcome 48 researchers.", msgstr="Vi välkomnar femtio forskare.",
                      flags=("markdown-text", "ignore-numbers"))  # fmt: skip
    assert check_message(message, context) == []


def test_no_flag_silences_what_msgfmt_refuses(languages: dict[str, object]) -> None:
    # import writes what passes the checks: a catalog msgfmt -c and every command refuse.
    context = CheckContext(languages["fr"], GLOSSARY)  # type: ignore[arg-type]
    message = Message(msgid="Three themes", msgstr="Trois thèmes\n",
                      flags=("markdown-text", "ignore-newlines", "ignore-whitespace"))  # fmt: skip
    assert [(p.check, p.severity) for p in check_message(message, context)] == [
        ("newlines", "error")
    ]


def test_the_newlines_check_finds_what_msgfmt_refuses(
    languages: dict[str, object], tmp_path: Path
) -> None:
    texts = ["a", "\na", "a\n", "\na\n", "\n", "\n\n", "a\nb"]
    pairs = [(source, target) for source in texts for target in texts]
    quoted = [tuple(_po_string(text) for text in pair) for pair in pairs]
    catalog = tmp_path / "fr.po"
    catalog.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        + "".join(f'\nmsgctxt "{i}"\nmsgid {s}\nmsgstr {t}\n' for i, (s, t) in enumerate(quoted)),
        encoding="utf-8",
    )
    errors = msgfmt_check(catalog).stderr
    # msgfmt names each entry's msgstr: on line 6, 10, 14...
    refused = {(int(line) - 6) // 4 for line in re.findall(r"fr\.po:(\d+): 'msgid' and", errors)}
    context = CheckContext(languages["fr"], GLOSSARY)  # type: ignore[arg-type]
    found = {
        index
        for index, (source, target) in enumerate(pairs)
        for problem in check_message(Message(msgid=source, msgstr=target), context)
        if problem.check == "newlines"
    }
    assert found == refused and 0 < len(found) < len(pairs)


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def test_a_context_checks_a_message_once_and_tells_apart_what_checks_read(
    languages: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    context = CheckContext(languages["sv"], GLOSSARY)  # type: ignore[arg-type]
    source, target = "We welcome 48 researchers.", "Vi välkomnar femtio forskare."
    boilerplate = Message(msgid=source, msgstr=target, flags=("markdown-text",))
    first = check_message(boilerplate, context)
    assert [p.check for p in first] == ["numbers"]
    # Each release repeats it: checked once, the same problems found every time.
    calls: list[str] = []
    numbers = CHECKS["numbers"]
    monkeypatch.setitem(CHECKS, "numbers", replace(
        numbers, function=lambda *args: calls.append("numbers") or numbers.function(*args)
    ))  # fmt: skip
    again = Message(msgid=source, msgstr=target, flags=("markdown-text",), lineno=40)
    assert check_message(again, context) == first and calls == []
    # Another flag, translation or plural form is another message to check.
    silenced = replace(boilerplate, flags=("markdown-text", "ignore-numbers"))
    assert check_message(silenced, context) == []
    fixed = replace(boilerplate, msgstr="Vi välkomnar 48 forskare.")
    assert check_message(fixed, context) == [] and calls == ["numbers"]
    plural = replace(boilerplate, msgid_plural=source, msgstr="", msgstr_plural=(target, target))
    assert [p.check for p in check_message(plural, context)] == ["numbers"]
    assert calls == ["numbers", "numbers", "numbers"]  # both forms, of one new message


def test_untranslated_messages_are_not_checked(languages: dict[str, object]) -> None:
    context = CheckContext(languages["sv"])  # type: ignore[arg-type]
    assert check_message(Message(msgid="A lab.", flags=("markdown-text",)), context) == []


BROKEN_PO = """\
msgid ""
msgstr ""
"Language: fr_CA\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#, markdown-text
msgid "See [our site](https://mila.quebec/en/) for **12** new labs."
msgstr "Voyez [notre site](https://mila.quebec/fr/) pour 12 nouveaux laboratoires."
"""

RELEASE = """\
---
title: A release
date: 2022-02-09
dateline: Montreal
summary: Summary.
---

See [our site](https://mila.quebec/en/) for **12** new labs.
"""


def test_check_command_outputs_and_exit_codes(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom(
        {"content/a.md": RELEASE, "locales/fr/LC_MESSAGES/releases/a.po": BROKEN_PO}
    )
    result = run(root, "check")
    assert result.exit_code == 1
    path = "locales/fr/LC_MESSAGES/releases/a.po"
    assert result.stdout.splitlines() == [
        f"{path}:7: [links] link to https://mila.quebec/en/ is missing",
        f"{path}:7: [links] link to https://mila.quebec/fr/ is not in the source",
        f"{path}:7: [markup] strong: 1 in the source, 0 here",
    ]
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert {d["check"] for d in data} == {"links", "markup"} and data[0]["line"] == 7
    # GitHub finds an annotation's file from the repository's top: the newsroom's own here...
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    github = run(root, "check", "--format", "github").stdout.splitlines()
    assert (
        github[0]
        == f"::error file={path},line=7,title=links::link to https://mila.quebec/en/ is missing"
    )
    # ... or a repository the newsroom is a folder of.
    repository = root.parent / "site-repository"
    shutil.copytree(root, repository / "press, room", ignore=shutil.ignore_patterns(".git"))
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    github = run(repository / "press, room", "check", "--format", "github").stdout.splitlines()
    assert github[0].startswith(f"::error file=press%2C room/{path},line=7,title=links::")
    assert "unsafe-url" in run(root, "check", "--list").stdout
    listed = json.loads(run(root, "check", "--list", "--format", "json").stdout)
    assert {"check": "links", "severity": "error"}.items() <= listed[0].items()
    assert {item["check"] for item in listed} >= {"unsafe-url", "numbers", "typography"}


REFERENCES = """---
title: A title
date: 2022-02-09
dateline: Montreal
summary: A summary.
---

We work with [AI Sweden][ais] on this. See the [report][].

[ais]: https://www.ai.se/en
[report]: https://example.org/report
"""


@pytest.mark.parametrize(
    ("translation", "problems"),
    [
        ("Avec [AI Sweden][ais]. Voir le [rapport][report].", []),
        # The label of a collapsed reference is its text: translated, it points nowhere.
        (
            "Avec [AI Sweden][ais]. Voir le [rapport][].",
            ["link to https://example.org/report is missing"],
        ),
        (
            "Avec AI Sweden. Voir le rapport.",
            [
                "link to https://example.org/report is missing",
                "link to https://www.ai.se/en is missing",
            ],
        ),
        (
            "Avec [AI Sweden][ais]. Voir le [rapport][ais].",
            [
                "link to https://example.org/report is missing",
                "link to https://www.ai.se/en is not in the source",
            ],
        ),
    ],
)
def test_reference_links_are_checked_where_they_point(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    translation: str,
    problems: list[str],
) -> None:
    root = make_newsroom({"content/a.md": REFERENCES})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/a.po"
    source = "We work with [AI Sweden][ais] on this. See the [report][]."
    text = po.read_text()
    assert f'msgid "{source}"\nmsgstr ""' in text
    po.write_text(
        text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{translation}"')
    )
    result = run(root, "check", "--format", "json")
    found = sorted(d["message"] for d in json.loads(result.stdout) if d["check"] == "links")
    assert found == problems
    assert result.exit_code == (1 if problems else 0), result.output


def test_a_changed_reference_definition_checks_the_catalogs_again(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    french = "[fr]: https://example.org/report\n"
    root = make_newsroom({"content/a.md": REFERENCES + french})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/a.po"
    source = "We work with [AI Sweden][ais] on this. See the [report][]."
    translated = f'msgid "{source}"\nmsgstr "Avec [AI Sweden][ais]. Voir le [rapport][fr]."'
    replace_in(po, f'msgid "{source}"\nmsgstr ""', translated)
    assert run(root, "check").exit_code == 0  # [fr] points where [report] does
    # The release changes where [fr] points; the catalog is the same, and checked again.
    release = root / "content/a.md"
    replace_in(release, french, "[fr]: https://example.org/rapport\n")
    result = run(root, "check")
    assert result.exit_code == 1
    assert "[links] link to https://example.org/rapport is not in the source" in result.output


def test_warnings_fail_only_with_strict(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    po = BROKEN_PO.replace(
        "Voyez [notre site](https://mila.quebec/fr/) pour 12 nouveaux laboratoires.",
        "Voyez [notre site](https://mila.quebec/en/) pour **12** nouveaux laboratoires",
    )
    root = make_newsroom({"content/a.md": RELEASE, "locales/fr/LC_MESSAGES/releases/a.po": po})
    assert run(root, "check").exit_code == 0
    strict = run(root, "check", "--strict")
    assert strict.exit_code == 1 and "[punctuation]" in strict.stdout


def test_import_refuses_a_translation_msgfmt_would_refuse(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # An agency's tool kept the line end after a heading: written, the catalog would be
    # refused by msgfmt -c and by every command after it.
    release = "---\ntitle: A lab\ndate: 2022-02-09\ndateline: Montreal\nsummary: S.\n---\n\nText.\n"
    root = make_newsroom({"content/lab.md": release})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    assert run(root, "export", "--lang", "fr", "-o", str(root / "out")).exit_code == 0
    xliff = root / "out/fr/releases/lab.xlf"
    text = xliff.read_text(encoding="utf-8")
    unit = text.index("<source>A lab</source>")
    text = text[:unit] + text[unit:].replace("</source>", "</source><target>Un labo\n</target>", 1)
    xliff.write_text(text, encoding="utf-8")
    po = root / "locales/fr/LC_MESSAGES/releases/lab.po"
    before = po.read_bytes()
    result = run(root, "import", str(xliff))
    assert result.exit_code == 1
    assert "[newlines] the translation ends with a newline (\\n) and the source does not" in (
        result.output
    )
    assert "[whitespace]" not in result.output and "nothing was imported" in result.output
    assert po.read_bytes() == before and msgfmt_check(po).returncode == 0
