"""Quality checks of translations, one small function per check id. No I/O.

Each check compares a translation with its source and yields one-line explanations. A
translator or editor silences a check for one message with the flag ``ignore-<id>`` in the
catalog (``#, ignore-numbers``), as Weblate does.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from .catalog import Message
from .config import Language
from .conventions import NARROW_NBSP, NBSP
from .glossary import Glossary
from .markup import SAFE_SCHEMES, References, inline_features
from .pofile import newline_problem
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


@check("links", "error", "Links must point where the source's do (or to the localized URL).", True)
def check_links(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    wanted = list(inline_features(source, ctx.references).links)
    # A localized URL allowed by the url map counts as the source URL it replaces.
    unmapped = {localized: original for original, localized in ctx.url_map.items()}
    found = [
        url if url in wanted else unmapped.get(url, url)
        for url in inline_features(target, ctx.references).links
    ]
    missing, extra = _multiset_difference(wanted, found)
    for url in missing:
        yield f"link to {url} is missing"
    for url in extra:
        yield f"link to {url} is not in the source"


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


_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_NOT_DIGIT = re.compile(r"\D")


def _numbers(text: str) -> list[str]:
    """Digits of each number, separators dropped: 1,000.5 and 1 000,5 are the same number."""
    plain = inline_features(text).text
    if "@" in plain:
        plain = _EMAIL.sub(" ", plain)
    return [_ascii_digits(_NOT_DIGIT.sub("", number)) for number in _NUMBER.findall(plain)]


def _ascii_digits(digits: str) -> str:
    """``digits`` of any script as ASCII ones: Arabic "٥٠" is 50."""
    if digits.isascii():
        return digits
    return "".join(str(unicodedata.decimal(digit, digit)) for digit in digits)


@check("numbers", "warning", "Numbers must be kept (in the language's own number format).")
def check_numbers(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    missing, extra = _multiset_difference(_numbers(source), _numbers(target))
    for number in missing:
        yield f"number {number} of the source is missing"
    for number in extra:
        yield f"number {number} is not in the source"


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


@check("double-space", "warning", "Doubled spaces in the translation.")
def check_double_space(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    if "  " in target.strip() and "  " not in source:
        yield "doubled space"


_WORD = re.compile(r"[^\W\d_]{2,}")


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
_END = re.compile(f"([{re.escape(''.join(_END_CLASS))}])[\\s\"'”»’)*_`]*$")


@check("punctuation", "warning", "Ending punctuation must match the source.")
def check_punctuation(source: str, target: str, ctx: CheckContext) -> Iterator[str]:
    wanted = _END.search(source.strip())
    found = _END.search(target.strip())
    wanted_mark = wanted.group(1) if wanted else ""
    found_mark = found.group(1) if found else ""
    if _END_CLASS.get(wanted_mark) != _END_CLASS.get(found_mark):
        yield f"ends with {_describe(found_mark)}, the source with {_describe(wanted_mark)}"


def _describe(mark: str) -> str:
    return f"'{mark}'" if mark else "no punctuation"


@check(
    "typography",
    "warning",
    "No-break spaces before punctuation and inside quotes, as the language writes them.",
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
        wanted = term.translations.get(ctx.language.code)
        if wanted and wanted.lower() not in target.lower():
            yield f"“{term.term}” should be translated “{wanted}”"
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
    pairs = [(message.msgid, message.msgstr)]
    if message.msgid_plural is not None:
        sources = [message.msgid] + [message.msgid_plural] * (len(message.msgstr_plural) - 1)
        pairs = [(s, t) for s, t in zip(sources, message.msgstr_plural, strict=False) if t]
    problems: list[Problem] = []
    for item in CHECKS.values():
        kind_left_out = item.markdown_only if not markdown else item.interface_only
        ignored = f"ignore-{item.id}" in message.flags and not item.required
        if ignored or kind_left_out:
            continue
        for source, target in pairs:
            for text in item.function(source, target, ctx):
                problem = Problem(item.id, item.severity, text)
                if problem not in problems:
                    problems.append(problem)
    return problems
