"""Quality checks of translations, one small function per check id. No I/O.

Each check compares a translation with its source and yields one-line explanations. A
translator or editor silences a check for one message with the flag ``ignore-<id>`` in the
catalog (``#, ignore-numbers``), as Weblate does.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError

from .catalog import Message
from .config import Language
from .conventions import NARROW_NBSP, NBSP
from .glossary import Glossary
from .markup import SAFE_SCHEMES, References, inline_features
from .pofile import newline_problem
from .python_format import FormatError, arguments
from .xmlchars import control_characters

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class CheckContext:
    """What checks need to know beyond the message: its language and the newsroom's rules."""

    language: Language
    glossary: Glossary = field(default_factory=Glossary)
    #: Source URL -> the localized URL this language may use instead.
    url_map: dict[str, str] = field(default_factory=dict)
    #: The link reference definitions of the release whose messages are checked.
    references: References = ()
    #: The plural forms of the catalog that five or more of the numbers 0 to 1000 take
    #: (``None``: all): another may leave a placeholder out ("un communiqué", n = 0 or 1), as
    #: ``msgfmt -c`` lets it.
    often_forms: frozenset[int] | None = None
    #: The problems of each message checked in this context, by what the checks read of it:
    #: the boilerplate every release repeats, translated alike, is checked once.
    seen: dict[tuple[object, ...], list[Problem]] = field(
        default_factory=dict, compare=False, repr=False
    )


@dataclass(frozen=True)
class Problem:
    check: str
    severity: Severity
    message: str


CheckFunction = Callable[[str, str, CheckContext], Iterator[str]]


@dataclass(frozen=True)
class Check:
    id: str
    severity: Severity
    description: str
    function: CheckFunction
    #: Only for messages in Markdown (release text), not interface strings.
    markdown_only: bool = False
    #: Only for interface strings (the site catalog), not release text.
    interface_only: bool = False
    #: What ``msgfmt -c`` refuses (a translation ``import`` would write could not be read
    #: back): no ``ignore-<id>`` flag silences it.
    required: bool = False


CHECKS: dict[str, Check] = {}


def check(
    id: str,
    severity: Severity,
    description: str,
    markdown_only: bool = False,
    interface_only: bool = False,
    required: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under ``id``."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[id] = Check(
            id, severity, description, function, markdown_only, interface_only, required
        )
        return function

    return register


def _multiset_difference(source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
    """What ``source`` has that ``target`` lacks, and the reverse, repeats counted."""
    if sorted(source) == sorted(target):  # nearly always: no need to count
        return [], []
    missing = Counter(source) - Counter(target)
    extra = Counter(target) - Counter(source)
    return sorted(missing.elements()), sorted(extra.elements())


@check(
    "links",
    "error",
    "Links, images and addresses written out point where the source's do (or to the "
    "localized URL).",
    True,
)
def check_links(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    source_features = inline_features(source, ctx.references)
    target_features = inline_features(target, ctx.references)
    # A localized URL allowed by the url map counts as the source URL it replaces.
    unmapped = {localized: original for original, localized in ctx.url_map.items()}
    for kind, wanted, written in (
        ("link to", source_features.links, target_features.links),
        ("image", source_features.images, target_features.images),
        ("address", _addresses(source_features.text), _addresses(target_features.text)),
    ):
        if not (wanted or written):
            continue
        found = [url if url in wanted else unmapped.get(url, url) for url in written]
        missing, extra = _multiset_difference(list(wanted), found)
        for url in missing:
            yield f"{kind} {url} is missing"
        for url in extra:
            yield f"{kind} {url} is not in the source"


def adds_links(source: str, target: str, url_map: dict[str, str]) -> bool:
    """Whether the translation ``target`` of ``source`` links to, or shows an image from, an
    address the source does not (nor its localized one, by ``url_map``): a translator's text
    publishes no link of its own (``build`` shows the source's text instead)."""
    if "](" not in target and "<" not in target:  # no inline link, image or autolink
        return False
    wanted = inline_features(source)
    written = inline_features(target)
    allowed = {*wanted.links, *wanted.images, *(url_map.get(url, url) for url in wanted.links)}
    allowed |= {url_map.get(url, url) for url in wanted.images}
    return any(url not in allowed for url in (*written.links, *written.images))


#: A web address written out as text (not a link); e-mail addresses are ``emails``'s.
_WRITTEN_ADDRESS = re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>]+")


def _addresses(text: str) -> list[str]:
    """The web addresses ``text`` writes out, as a reader would copy them (without the
    punctuation after)."""
    if "://" not in text and "www." not in text:
        return []
    return [found.rstrip(".,;:!?)»”’\"'") for found in _WRITTEN_ADDRESS.findall(text)]


_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")


@check("unsafe-url", "error", "Only http, https and mailto links are allowed.", True)
def check_unsafe_url(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if "](" not in target:  # no link (most messages)
        return
    for url in _LINK_TARGET.findall(target):
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
        if scheme and not url.lower().startswith(SAFE_SCHEMES):
            yield f"link to a {scheme.group(1)}: URL is not allowed"


@check("markup", "error", "Emphasis, strong text and line breaks must match the source.", True)
def check_markup(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    names = {"em_open": "emphasis", "strong_open": "strong", "s_open": "strikethrough",
             "hardbreak": "line break"}  # fmt: skip
    wanted, found = dict(inline_features(source).markup), dict(inline_features(target).markup)
    for kind in sorted(set(wanted) | set(found)):
        if wanted.get(kind, 0) != found.get(kind, 0):
            yield f"{names[kind]}: {wanted.get(kind, 0)} in the source, {found.get(kind, 0)} here"


@check("code", "error", "Code spans must be kept unchanged.", True)
def check_code(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    missing, extra = _multiset_difference(
        list(inline_features(source).code), list(inline_features(target).code)
    )
    for code in missing:
        yield f"code `{code}` is missing or changed"
    for code in extra:
        yield f"code `{code}` is not in the source"


_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")


@check("html", "error", "Raw HTML is not rendered: it shows as text on the page.", True)
def check_html(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    for match in _HTML_TAG.finditer(target):
        if match.group(0) not in source:
            yield f"stray HTML {match.group(0)!r}"


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _emails(text: str) -> list[str]:
    """The e-mail addresses in ``text`` (none without an "@": most texts, found at once)."""
    return _EMAIL.findall(text) if "@" in text else []


@check("emails", "error", "E-mail addresses must be kept.")
def check_emails(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    missing, extra = _multiset_difference(_emails(source), _emails(target))
    for address in missing:
        yield f"e-mail address {address} is missing"
    for address in extra:
        yield f"e-mail address {address} is not in the source"


# Figures are compared as what they say, each text read as its language writes them: the
# source as English does (1,200.5; 9:30 a.m.), the translation as its locale does (1 200,5;
# 9 h 30; kl. 9.30). Where a form may say two things ("24 h", a time or a duration; "1.500"
# in French), each is a reading, and the one the other text has is taken.

_SP = "[ \u00a0\u202f]"
#: Digits joined by single marks: one figure, or several ("1,5" in English is 1 and 5).
_NUMBER_RUN = re.compile(r"\d+(?:[.,\u066b\u066c\u00a0\u202f ]\d+)*")
_PHONE = re.compile(
    rf"(?<![\w+])\+?(?:\(\d{{1,4}}\){_SP}?)?\d{{1,4}}(?:[ \u00a0\u202f.-]\d{{1,4}})+"
)
_ISO_DATE = re.compile(r"(?<![\w.,])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-]|[.,]\d)")
_YEAR_SPAN = re.compile(r"(?<![\w.,/–-])(1[89]\d\d|2[01]\d\d)[/–-](\d{2}|\d{4})(?![\w/–-]|[.,]\d)")
_AM_PM = r"\s?([aApP])\.?\s?[mM]\b\.?"
_TIME_RANGE = re.compile(
    rf"(?<![\w.,:])(\d{{1,2}})(?::([0-5]\d))?\s*(?:–|-|—|to|until)\s*"
    rf"(\d{{1,2}})(?::([0-5]\d))?{_AM_PM}"
)
_TIME_AM_PM = re.compile(rf"(?<![\w.,:])(\d{{1,2}})(?::([0-5]\d))?{_AM_PM}")
_TIME_COLON = re.compile(r"(?<![\w.,:])(\d{1,2}):([0-5]\d)(?!\d|:\d)")  # "09:30:" too
_TIME_FRENCH = re.compile(rf"(?<![\w.,])(\d{{1,2}}){_SP}?h(?:{_SP}?([0-5]\d))?(?!\w)")
_TIME_SWEDISH = re.compile(
    r"(?<!\w)(?:[Kk]l\.?|[Kk]lockan)\s*(\d{1,2})(?:[.:]([0-5]\d))?"
    r"(?:(\s*[–-]\s*)(\d{1,2})(?:[.:]([0-5]\d))?)?(?![.,]?\d)"
)
_CENTURY_FRENCH = re.compile(r"(?<!\w)([IVXL]{1,6})(?:e|er|ème)(?=\s+(?:siècles?|millénaires?)\b)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(numeral: str) -> int:
    """The value of a Roman numeral ("XXI" is 21, "XIV" 14)."""
    values = [_ROMAN[letter] for letter in numeral]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


_TIME_GERMAN = re.compile(r"(?<![\w.,])([01]?\d|2[0-3])(?:[.:]([0-5]\d))?\s?Uhr(?!\w)")
_TIME_SWEDISH_BARE = re.compile(r"(?<![\w.,])([01]?\d|2[0-3])\.([0-5]\d)(?![\w.,])")
_MONTHS = {
    name: number
    for names in (
        "january february march april may june july august september october november december",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "januari februari mars april maj juni juli augusti september oktober november december",
    )
    for number, name in enumerate(names.split(), start=1)
}
_MONTH_NAME = re.compile(r"(?<!\w)(?:" + "|".join(_MONTHS) + r")(?!\w)", re.IGNORECASE)

_Key = tuple[str, ...]


@dataclass(frozen=True)
class _Figure:
    """A figure as its text writes it, and what it may say (its readings, likeliest first)."""

    text: str
    readings: tuple[tuple[_Key, ...], ...]
    kind: str = "number"


def _number(whole: str, fraction: str = "") -> _Key:
    return ("number", _ascii_digits(whole), _ascii_digits(fraction).rstrip("0"))


def _time(hour: str, minute: str | None, meridiem: str | None = None) -> _Key:
    hours = int(_ascii_digits(hour))
    if meridiem:
        hours = hours % 12 + (12 if meridiem.lower() == "p" else 0)
    return ("time", str(hours), str(int(minute or "0")))


def _read_run(run: str, decimals: str, groups: str) -> tuple[_Key, ...]:
    """The numbers of digits joined by marks, read with these decimal and thousands marks."""
    parts = re.split(r"(\D)", run)
    digits, marks = parts[0::2], parts[1::2]
    keys = []
    i = 0
    while i < len(digits):
        whole = digits[i]
        if len(whole) <= 3:  # thousands: groups of three after one of one to three digits
            while i < len(marks) and marks[i] in groups and len(digits[i + 1]) == 3:
                i += 1
                whole += digits[i]
        fraction = ""
        if i < len(marks) and marks[i] in decimals:
            i += 1
            fraction = digits[i]
        keys.append(_number(whole, fraction))
        i += 1
    return tuple(keys)


def _number_marks(language: Language | None) -> tuple[str, str, str, str]:
    """Decimal and thousands marks, strictly and in the other reading of loose marks (a plain
    space between numbers; a "." in a language whose decimal mark is a comma)."""
    if language is None:  # the source: English
        return ".", ",\u00a0\u202f ", ".", ",\u00a0\u202f"
    symbols = language.babel_locale.number_symbols["latn"]
    decimal, group = symbols["decimal"], symbols["group"]
    groups = ("\u00a0\u202f" if group.isspace() else group + "\u00a0\u202f") + "\u066c"
    if decimal == "," and "." not in groups:
        return ",.", groups + " ", ",", groups + "."
    return decimal, groups + " ", decimal, groups


@lru_cache(maxsize=8192)
def _figures(text: str, language: Language | None) -> tuple[_Figure, ...]:
    """The figures of ``text`` in the order written, as its language writes them (English
    where ``language`` is None); once per text (a source is read for each language, the
    boilerplate for every release)."""
    if _DIGIT.search(text) is None and (  # most texts: no figure at all
        language is None or "si" not in text or _CENTURY_FRENCH.search(text) is None
    ):
        return ()
    plain = inline_features(text).text
    if "@" in plain:
        plain = _EMAIL.sub(" ", plain)
    found: list[tuple[int, _Figure]] = []
    taken = bytearray(len(plain))

    def take(match: re.Match[str], *figures: _Figure) -> None:
        if not any(taken[match.start() : match.end()]):
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            found.extend((match.start(), figure) for figure in figures)

    def one(text: str, *readings: _Key, kind: str = "number") -> _Figure:
        return _Figure(text.strip(), tuple((key,) for key in readings), kind)

    for match in _ISO_DATE.finditer(plain):
        year, month, day = match.groups()
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:  # a date's "03" is 3
            take(match, one(year, _number(year)), one(month, ("month", str(int(month)))),
                 one(day, _number(str(int(day)))))  # fmt: skip
    for match in _PHONE.finditer(plain):
        blocks = re.findall(r"\d+", match.group())
        digits = "".join(blocks)
        thousands = len(blocks[0]) <= 3 and all(len(block) == 3 for block in blocks[1:])
        marked = match.group()[0] in "+(" or (
            len(blocks) >= 3 and re.search(r"\d[.-]\d", match.group()) is not None
        )
        if 7 <= len(digits) <= 15 and marked and not thousands:
            take(match, one(match.group(), ("phone", _ascii_digits(digits)), kind="phone number"))
    for match in _YEAR_SPAN.finditer(plain):  # 2022/23 is 2022–2023
        first, second = match.groups()
        last = first[: 4 - len(second)] + second
        if int(first) < int(last) <= int(first) + 99:
            shown = second if len(second) == 4 else match.group()
            take(match, one(first, _number(first)), one(shown, _number(last)))
    code = language.babel_locale.language if language else "en"
    if code == "sv":  # Svenska skrivregler: kl. 9.00, kl. 9.30–16.30
        for match in _TIME_SWEDISH.finditer(plain):
            h1, m1, _, h2, m2 = match.groups()
            if not h2:
                take(match, one(match.group(), _time(h1, m1), kind="time"))
            else:
                first = plain[match.start() : match.start(3)]
                last = plain[match.end(3) : match.end()]
                take(match, one(first, _time(h1, m1), kind="time"),
                     one(last, _time(h2, m2), kind="time"))  # fmt: skip
        for match in _TIME_SWEDISH_BARE.finditer(plain):  # 16.30: a time, or 16,3
            hour, minute = match.groups()
            take(match, one(match.group(), _number(hour, minute), _time(hour, minute)))
    if code == "fr":  # OQLF: 9 h, 16 h 30; centuries in Roman numerals, "le XXIe siècle"
        for match in _CENTURY_FRENCH.finditer(plain):
            take(match, one(match.group(), _number(str(_roman(match.group(1))))))
        for match in _TIME_FRENCH.finditer(plain):
            hour, minute = match.groups()
            hours = [_time(hour, minute)] + ([_number(hour)] if minute is None else [])
            take(match, one(match.group(), *hours, kind="time"))  # "24 h" may be hours
    if code == "de":  # Duden: 17 Uhr, 17.30 Uhr
        for match in _TIME_GERMAN.finditer(plain):
            take(match, one(match.group(), _time(*match.groups()), kind="time"))
    for match in _TIME_RANGE.finditer(plain):  # 1 to 3 p.m. is 13:00 to 15:00
        h1, m1, h2, m2, meridiem = match.groups()
        end = _time(h2, m2, meridiem)
        start = _time(h1, m1, meridiem)
        if int(start[1]) > int(end[1]):  # 11 to 1 p.m.
            start = _time(h1, m1, "a" if meridiem.lower() == "p" else None)
        cut = match.start(3) - match.start()
        head = re.sub(r"\s*(?:–|-|—|to|until)\s*$", "", match.group()[:cut])
        take(match, one(head, start, kind="time"),
             one(plain[match.start(3) : match.end()], end, kind="time"))  # fmt: skip
    for match in _TIME_AM_PM.finditer(plain):
        hour, minute, meridiem = match.groups()
        take(match, one(match.group(), _time(hour, minute, meridiem), kind="time"))
    for match in _TIME_COLON.finditer(plain):
        take(match, one(match.group(), _time(*match.groups()), kind="time"))
    decimals, groups, other_decimals, other_groups = _number_marks(language)
    for match in _NUMBER_RUN.finditer(plain):
        run = match.group().replace("\u066b", decimals[0])
        readings = dict.fromkeys(
            [_read_run(run, decimals, groups), _read_run(run, other_decimals, other_groups)]
        )
        take(match, _Figure(match.group(), tuple(readings)))
    return tuple(figure for _, figure in sorted(found, key=lambda item: item[0]))


#: Any digit, of any script (a figure needs one).
_DIGIT = re.compile(r"\d")


def _compare(
    source: Sequence[_Figure], target: Sequence[_Figure]
) -> tuple[list[_Figure], list[_Figure]]:
    """The figures of the source the translation lacks, and the reverse, in the order written.
    A figure of more than one reading reads as the other text has it, where it can."""
    chosen: dict[int, tuple[_Key, ...]] = {}
    for mine, theirs in ((target, source), (source, target)):
        said = Counter(key for f in theirs for key in chosen.get(id(f), f.readings[0]))
        used = Counter(key for f in mine if len(f.readings) == 1 for key in f.readings[0])
        for figure in mine:
            if len(figure.readings) > 1:
                reading = next(
                    (r for r in figure.readings if not Counter(r) - (said - used)),
                    figure.readings[0],
                )
                chosen[id(figure)] = reading
                used += Counter(reading)
    keys = {id(f): chosen.get(id(f), f.readings[0]) for f in (*source, *target)}

    def lacking(mine: Sequence[_Figure], theirs: Sequence[_Figure]) -> list[_Figure]:
        said = Counter(key for f in theirs for key in keys[id(f)])
        out = []
        for figure in mine:
            if Counter(keys[id(figure)]) - said:
                out.append(figure)
            said -= Counter(keys[id(figure)])
        return out

    return lacking(source, target), lacking(target, source)


def _named_months(text: str, language: Language | None = None) -> set[str]:
    """The months ``text`` names (any case), by number: in English, French or Swedish, or in
    ``language``."""
    names, pattern = _month_names(language.locale if language else None)
    return {str(names[name.lower()]) for name in pattern.findall(text)}


@lru_cache(maxsize=64)
def _month_names(locale: str | None) -> tuple[dict[str, int], re.Pattern[str]]:
    """The month names of English, French and Swedish, and of ``locale`` (as Babel writes
    them, whole and abbreviated: German "März", Polish "marca", Arabic "مارس"), each with
    its number, and a pattern that finds them."""
    names = dict(_MONTHS)
    if locale is not None:
        with contextlib.suppress(ValueError, UnknownLocaleError):
            months = Locale.parse(locale).months
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, name in months.get(context, {}).get(width, {}).items():
                        written = name.lower().rstrip(".")
                        if _LETTERS_ONLY.fullmatch(written) and len(written) > 2:
                            names.setdefault(written, number)
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return names, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


#: A month's name as a word (not "mai." nor "3月").
_LETTERS_ONLY = re.compile(r"[^\W\d_]+")


#: English months as English writes them, with a capital ("May 3", not "may apply").
_ENGLISH_MONTHS = frozenset(name.capitalize() for name in list(_MONTHS)[:12])
#: What a month's name in a date has before it (a day: "3", "1er", "3.") or after it.
_DAY_BEFORE = re.compile(r"\d(?:er|re|e)?\.?[ \u00a0\u202f]*$")
_NUMBER_AFTER = re.compile(r"[ \u00a0\u202f]*\d")


def _dated_months(text: str, language: Language | None) -> dict[int, str]:
    """The months ``text`` names in dates (next to a day or a year: "March 3", "3 mars",
    "mars 2026"), by number, as first written: in ``language``'s words (or French or
    Swedish), or without one in English, capitalized as English writes them."""
    names, pattern = _month_names(language.locale if language else None)
    found: dict[int, str] = {}
    for match in pattern.finditer(text):
        name = match.group(0)
        if language is None and name not in _ENGLISH_MONTHS:
            continue
        if _DAY_BEFORE.search(text, 0, match.start()) or _NUMBER_AFTER.match(text, match.end()):
            found.setdefault(names[name.lower()], name)
    return found


def _ascii_digits(digits: str) -> str:
    """``digits`` of any script as ASCII ones: Arabic "٥٠" is 50."""
    if digits.isascii():
        return digits
    return "".join(str(unicodedata.decimal(digit, digit)) for digit in digits)


@check("numbers", "warning", "Numbers must be kept (in the language's own number format).")
def check_numbers(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    missing, extra = _compare(_figures(source, None), _figures(target, ctx.language))
    # A date's month in digits (2023-03-31) is the month the other text names (March 31).
    source_months = {("month", month) for month in _named_months(source)}
    target_months = {("month", month) for month in _named_months(target, ctx.language)}
    for figure in missing:
        if figure.readings[0][0] not in target_months:
            yield f"{figure.kind} {figure.text} of the source is missing"
    for figure in extra:
        if figure.readings[0][0] not in source_months:
            yield f"{figure.kind} {figure.text} is not in the source"
    # A date's month changed in words ("March 3" as "3 mai"), where both texts name one.
    if _MONTH_NAME.search(source) is None:
        return
    named, translated = _dated_months(source, None), _dated_months(target, ctx.language)
    if named and translated:
        for month in named.keys() - translated.keys():
            yield f"month {named[month]} of the source is missing"
        for month in translated.keys() - named.keys():
            yield f"month {translated[month]} is not in the source"


@check(
    "newlines",
    "error",
    "A translation begins and ends with a newline where its source does (msgfmt -c).",
    required=True,
)
def check_newlines(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if "\n" not in source and "\n" not in target:  # most texts
        return
    problem = newline_problem(source, (target,))
    if problem is not None:
        yield problem.replace("the msgid", "the source").replace("the msgstr", "the translation")


@check("whitespace", "warning", "Leading and trailing whitespace must match the source.")
def check_whitespace(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    # A newline at one end of one text alone is the error of ``newlines``, said once.
    if source[:1].isspace() != target[:1].isspace() and "\n" not in (source[:1], target[:1]):
        yield "leading whitespace differs from the source"
    if source[-1:].isspace() != target[-1:].isspace() and "\n" not in (source[-1:], target[-1:]):
        yield "trailing whitespace differs from the source"


#: The control characters PO files write as escapes, by their escape.
_ESCAPED = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\r": "\\r"}


def _control_problem(char: str) -> str:
    """What is wrong with the control character ``char`` in a translation, in words."""
    code = ord(char)
    name = f"U+{code:04X}" + (f" ({_ESCAPED[char]})" if char in _ESCAPED else "")
    if char == "\v":
        return (
            f"control character {name}, a manual line break pasted from Word: a page shows "
            "nothing or a box for it, and XML cannot hold it (the site's feeds); write a space"
        )
    if code < 0x20 and char != "\r":  # not allowed in XML 1.0
        return (
            f"control character {name}: a page shows nothing or a box for it, and XML cannot "
            "hold it (the site's feeds); delete it"
        )
    if 0x80 <= code <= 0x9F and (meant := bytes([code]).decode("cp1252", "ignore")):
        return (
            f"control character {name}: a page shows nothing or a box for it; Windows-1252 "
            f"text read as Latin-1 has it for {meant!r}: write {meant!r}"
        )
    return f"control character {name}: a page shows nothing or a box for it; delete it"


@check(
    "control-characters",
    "error",
    "No control characters but tab and newline: a page shows nothing for them, XML refuses most.",
)
def check_control_characters(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    for char in control_characters(target):
        yield _control_problem(char)


@check("blank", "error", "A translation of spaces alone: pages show the source text.")
def check_blank(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if target.isspace():
        yield "the translation is only spaces: pages show the source text instead"


#: Two spaces in a row, a no-break space among them: an editor that types a no-break space
#: before a French colon leaves the space the translator typed beside it.
_DOUBLED_SPACE = re.compile(f"[ {NBSP}{NARROW_NBSP}]{{2}}")


@check("double-space", "warning", "Doubled spaces in the translation.")
def check_double_space(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if _DOUBLED_SPACE.search(target.strip()) and not _DOUBLED_SPACE.search(source):
        yield "doubled space"


_WORD = re.compile(r"[^\W\d_]{2,}")
#: A word written twice in a row (letters alone, any case, across spaces and line breaks).
_DOUBLED_WORD = re.compile(r"(?<![\w'’-])([^\W\d_]+)\s+(\1)(?![\w'’-])", re.IGNORECASE)
#: Words a language writes twice in a row in correct sentences ("nous nous sommes", "är det
#: det här"), as Weblate leaves them.
_DOUBLED_RIGHTLY = {"fr": {"nous", "vous"}, "sv": {"det"}}
#: Emphasis marks, and code spans (`x`), in inline Markdown.
_EMPHASIS = re.compile(r"[*_]+")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.DOTALL)


def _doubled_words(text: str) -> list[str]:
    """The words of ``text`` written twice in a row, lowercased."""
    return [match.group(1).lower() for match in _DOUBLED_WORD.finditer(text)]


@check("doubled-words", "warning", "A word written twice in a row.")
def check_doubled_words(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if " " not in target or _DOUBLED_WORD.search(_EMPHASIS.sub("", target)) is None:
        return  # most texts: at once
    rightly = _DOUBLED_RIGHTLY.get(ctx.language.locale.partition("_")[0], set())
    kept = set(_doubled_words(_prose(_CODE_SPAN.sub(" 0 ", source))))  # "had had": the source's
    # A code span between two words keeps them apart ("le `x` le"), emphasis does not.
    for word in dict.fromkeys(_doubled_words(_prose(_CODE_SPAN.sub(" 0 ", target)))):
        if word not in rightly and word not in kept:
            yield f"“{word}” twice in a row"


@check("unchanged", "warning", "The translation is the source text, unchanged.")
def check_unchanged(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if source != target:
        return
    text = inline_features(source).text
    for name in ctx.glossary.do_not_translate:
        text = re.sub(re.escape(name), "", text, flags=re.IGNORECASE)
    if len(_WORD.findall(text)) >= 2:
        yield "the translation is identical to the source"


# Marks that end a text the same way: a list item may end with ";" in one language and ","
# in another, a sentence with "." or "!"; and those of other scripts (Arabic "؟" and "،",
# Chinese and Japanese "。" and "？", Devanagari's danda, the Greek question mark ";").
_END_CLASS = {
    **dict.fromkeys(".!…。！۔।॥", "end"),
    **dict.fromkeys("?؟？\u037e", "question"),
    **dict.fromkeys(":：", "colon"),
    **dict.fromkeys(";,،؛；，、", "list"),
}
_END = re.compile(f"([{re.escape(''.join(_END_CLASS))}])[\\s\"'”“»«’‘)*_`]*$")


#: An abbreviation at the end of a text, whose last point is its own (``U.S.``, ``M.Sc.``,
#: ``a.m.``), not a full stop the translation must have.
_FINAL_ABBREVIATION = re.compile(r"(?<!\w)(?:[^\W\d_]{1,3}\.){2,}$")


@check("punctuation", "warning", "Ending punctuation must match the source.")
def check_punctuation(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    wanted = _END.search(source.strip())
    found = _END.search(target.strip())
    wanted_mark = wanted.group(1) if wanted else ""
    found_mark = found.group(1) if found else ""
    if not found_mark and wanted_mark == "." and _FINAL_ABBREVIATION.search(source.strip()):
        return  # "… in the U.S." → "… i USA"
    if _END_CLASS.get(wanted_mark) != _END_CLASS.get(found_mark):
        yield f"ends with {_describe(found_mark)}, the source with {_describe(wanted_mark)}"


def _describe(mark: str) -> str:
    return f"'{mark}'" if mark else "no punctuation"


@check(
    "typography",
    "warning",
    "Quotation marks, and no-break spaces before punctuation and inside quotes, as the "
    "language writes them.",
)
def check_typography(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    conventions = ctx.language.conventions
    text = inline_features(target).text
    spaces = (NBSP, NARROW_NBSP)
    for mark, space in conventions.space_before:
        for match in re.finditer(rf"(.)(?={re.escape(mark)}(\s|$))", text):
            if match.group(1) not in spaces:
                name = "narrow no-break space" if space == NARROW_NBSP else "no-break space"
                yield f"'{mark}' needs a {name} before it"
                break
    opening, closing = conventions.quotes
    # English quotation marks where the language writes others (but within its own quotes:
    # French quotes a quote within a quote “ ” inside « »).
    english = [text.index(mark) for mark in "“”" if mark in text and mark not in (opening, closing)]
    within = bool(english) and opening not in "“”" and opening in text[: min(english)]
    if english and not within:
        yield f"“ ” are English quotation marks: this language writes {opening} {closing}"
    if text.count('"') >= 2 and '"' not in (opening, closing):  # a pair, not an inch mark
        yield f'" " are a typewriter\'s quotation marks: this language writes {opening} {closing}'
    if conventions.quote_space:
        if re.search(rf"{re.escape(opening)}(?![{NBSP}{NARROW_NBSP}])", text):
            yield f"{opening} needs a no-break space after it"
        if re.search(rf"(?<![{NBSP}{NARROW_NBSP}]){re.escape(closing)}", text):
            yield f"{closing} needs a no-break space before it"


#: A web address or an e-mail address written as text: not prose a glossary speaks of.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+")


def _prose(text: str) -> str:
    """A message's text as read, without its code, link targets or addresses."""
    return _ADDRESS.sub(" ", inline_features(text).text)


@check("glossary", "warning", "Terms of the glossary use their agreed translation.")
def check_glossary(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    glossary = ctx.glossary
    if not (glossary.terms_in(source) or glossary.names_in(source)):
        return  # most messages: nothing of the glossary, even in code or an address
    source, target = _prose(source), _prose(target)
    for term in glossary.terms_in(source):
        if not term.translated_in(glossary.without_names(target), ctx.language.code):
            yield f"“{term.term}” should be translated “{term.translations[ctx.language.code]}”"
    for name in glossary.names_as_written(source):
        if name not in target:
            yield f"“{name}” is never translated: keep it as it is"


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")
_NAMED = re.compile(r"%\((\w+)\)")


def is_format_string(source: str) -> bool:
    """Whether an interface string is formatted when shown (Jinja's "new style" gettext):
    its source has a ``%`` (a placeholder, or ``%%`` for a percent sign). Any other is shown
    as it is, and so is its translation, whatever ``%`` it has."""
    return "%" in source


def template_string_problem(source: str) -> str | None:
    """Why an interface string of a template would not show as written, if it would: a "%"
    in it that is neither ``%%`` nor a named placeholder (``%(name)s``), as every string with
    a "%" is formatted with the values the template names."""
    if not is_format_string(source):
        return None
    try:
        found = arguments(source)
    except FormatError as error:
        return f"not a valid format string ({error}): write %% for a percent sign"
    if found.unnamed:
        return "a '%' that is no named placeholder (%(name)s): write %% for a percent sign"
    return None


class _Arguments(dict[str, int]):
    """Stand-in values for a trial of a translation as a format string."""

    def __init__(self, known: set[str]):
        super().__init__(dict.fromkeys(known, 0))

    def __missing__(self, key: str) -> int:
        raise KeyError(key)


def format_problem(source: str, text: str) -> str | None:
    """Why the translation ``text`` of ``source`` would fail as the site formats it
    (``text % arguments``, the arguments ``source`` names), if it would; ``None`` for the
    translation of a source that is not a format string, which is shown as it is."""
    if not is_format_string(source):
        return None
    try:
        text % _Arguments(set(_NAMED.findall(source)))
    except KeyError as error:
        return f"the translation uses %({error.args[0]})…, which the source does not have"
    except (TypeError, ValueError) as error:
        return (
            f"the translation is not a valid format string ({error}; write %% for a percent sign)"
        )
    return None


@check(
    "format",
    "error",
    "An interface string with placeholders stays a format string: a percent sign is %%.",
    interface_only=True,
)
def check_format(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    problem = format_problem(source, target)
    if problem is not None:
        yield problem


@check("placeholders", "error", "Placeholders such as %(name)s must be kept.")
def check_placeholders(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    missing, extra = _multiset_difference(
        [m.group(0) for m in _PLACEHOLDER.finditer(source)],
        [m.group(0) for m in _PLACEHOLDER.finditer(target)],
    )
    for placeholder in missing:
        yield f"placeholder {placeholder} is missing"
    for placeholder in extra:
        yield f"placeholder {placeholder} is not in the source"


#: Messages whose problems a context remembers, at most (then it starts again).
SEEN_KEPT = 8192


def check_message(message: Message, ctx: CheckContext) -> list[Problem]:
    """Every problem of one translated message, except the checks its flags silence."""
    if not message.has_translation:
        return []
    key = (message.msgid, message.msgstr, message.msgid_plural, message.msgstr_plural,
           message.flags)  # fmt: skip
    found = ctx.seen.get(key)
    if found is None:
        if len(ctx.seen) >= SEEN_KEPT:
            ctx.seen.clear()
        found = ctx.seen[key] = _problems(message, ctx)
    return list(found)


def _problems(message: Message, ctx: CheckContext) -> list[Problem]:
    markdown = "markdown-text" in message.flags
    pairs = [(message.msgid, message.msgstr, True)]
    if message.msgid_plural is not None:
        sources = [message.msgid] + [message.msgid_plural] * (len(message.msgstr_plural) - 1)
        often = ctx.often_forms
        pairs = [
            (s, t, often is None or index in often)
            for index, (s, t) in enumerate(zip(sources, message.msgstr_plural, strict=False))
            if t
        ]
    problems: list[Problem] = []
    for item in CHECKS.values():
        kind_left_out = item.markdown_only if not markdown else item.interface_only
        ignored = f"ignore-{item.id}" in message.flags and not item.required
        if ignored or kind_left_out:
            continue
        for source, target, whole in pairs:
            for text in item.function(source, target, ctx):
                if not whole and item.id == "placeholders" and text.endswith(" is missing"):
                    continue  # a form a few numbers take: "un communiqué"
                problem = Problem(item.id, item.severity, text)
                if problem not in problems:
                    problems.append(problem)
    return problems
