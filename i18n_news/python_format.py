"""Python format strings (``%(name)s``, ``%d``) in catalogs, checked as ``msgfmt -c`` checks
the messages flagged ``python-format``: a translation must be a valid format string that
takes the arguments its source takes, each of the same kind. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Message

#: What each conversion takes: a character, an integer, a number, a string (any value shown),
#: or (``%(name)%``, a percent sign that names an argument) anything. GNU gettext 0.21 does
#: not know ``%a``.
_KINDS = {
    "c": "character",
    **dict.fromkeys("diouxX", "integer"),
    **dict.fromkeys("eEfFgG", "number"),
    **dict.fromkeys("rs", "string"),
    "%": "anything",
}
_FLAGS = " -+#0"
_LENGTHS = "hlL"


class FormatError(ValueError):
    """A string that is not a valid Python format string, in words."""


@dataclass(frozen=True)
class Arguments:
    """What a format string takes: its named arguments and their kinds, or its unnamed
    arguments' kinds in order (a string takes one or the other, or none)."""

    named: dict[str, str]
    unnamed: tuple[str, ...]
    #: The directives written with a width or a precision (``%(site)20s``, ``%.2f``), as
    #: written.
    sized: tuple[str, ...] = ()


def arguments(text: str) -> Arguments:
    """The arguments ``text`` takes as a Python format string; :class:`FormatError` if it
    is not one."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    sized: list[str] = []
    position, number = 0, 0
    while (start := text.find("%", position)) != -1:
        number += 1
        at = start + 1
        if text[at : at + 1] == "%":
            position = at + 1
            continue
        name = None
        if text[at : at + 1] == "(":
            depth, end = 1, at + 1
            while end < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            if depth:
                raise FormatError(f"the directive number {number} has no closing ')'")
            name, at = text[at + 1 : end - 1], end
        while text[at : at + 1] and text[at] in _FLAGS:
            at += 1
        measured = at
        for part in ("width", "precision"):
            if part == "precision":
                if text[at : at + 1] != ".":
                    break
                at += 1
            if text[at : at + 1] == "*":
                if name is not None:
                    raise FormatError(f"the directive number {number} takes its {part} from an "
                                      "argument, which a named directive cannot")  # fmt: skip
                unnamed.append("integer")
                at += 1
            else:
                while text[at : at + 1].isdigit() and text[at].isascii():
                    at += 1
        is_sized = at > measured
        while text[at : at + 1] and text[at] in _LENGTHS:
            at += 1
        conversion = text[at : at + 1]
        if not conversion:
            raise FormatError(f"the directive number {number} ends the string unfinished")
        if conversion not in _KINDS:
            raise FormatError(
                f"in the directive number {number}, {conversion!r} is not a conversion"
            )
        if is_sized:
            sized.append(text[start : at + 1])
        kind = _KINDS[conversion]
        if name is None:
            if conversion != "%":  # "% %", "%5%": a percent sign, taking no argument
                unnamed.append(kind)
        elif named.setdefault(name, kind) != kind:
            raise FormatError(f"the argument {name!r} is taken as {named[name]} and as {kind}")
        if named and unnamed:
            raise FormatError("the string takes arguments both by name and by position")
        position = at + 1
    return Arguments(named, tuple(unnamed), tuple(sized))


def translation_problem(source: str, translation: str, whole: bool = True) -> str | None:
    """Why ``translation`` of the format string ``source`` is refused (``None`` if it is
    not): not a valid format string, an argument the source does not take or takes as
    another kind, arguments in order other than the source's, or (``whole``) a named argument
    the source takes but the translation leaves out: a plural form used for a few numbers
    alone ("un communiqué") may leave out the number. A source that is not a valid format
    string is not checked."""
    try:
        expected = arguments(source)
    except FormatError:
        return None
    try:
        found = arguments(translation)
    except FormatError as error:
        return f"the translation is not a valid Python format string: {error}"
    if expected.named or found.named:
        if found.unnamed or expected.unnamed:
            if found.named:
                return "the translation names its arguments where the source takes them in order"
            return "the translation takes its arguments in order where the source names them"
        for name, kind in found.named.items():
            if name not in expected.named:
                return f"the translation takes %({name})…, which the source does not take"
            if expected.named[name] != kind:
                return (
                    f"the translation takes %({name})… as {kind}, the source as "
                    f"{expected.named[name]}"
                )
        missing = [name for name in expected.named if name not in found.named]
        if whole and missing:
            return f"the translation leaves out %({missing[0]})…, which the source takes"
        return None
    if len(found.unnamed) != len(expected.unnamed):  # arguments in order: all of them
        return (
            f"the translation takes {len(found.unnamed)} argument(s), the source "
            f"{len(expected.unnamed)}"
        )
    pairs = zip(expected.unnamed, found.unnamed, strict=True)
    for index, (theirs, ours) in enumerate(pairs, start=1):
        if theirs != ours:
            return f"the translation takes its argument {index} as {ours}, the source as {theirs}"
    return None


def message_problem(message: Message, often: frozenset[int]) -> str | None:
    """Why ``msgfmt -c`` refuses ``message``'s translation (``None`` if it does not): a
    message flagged ``python-format``, translated (its first form, for a plural one) and not
    fuzzy. Each plural form is checked against the plural source; one that ``often`` used
    forms do not have may leave out a named argument (see :func:`often_used_forms`)."""
    if "python-format" not in message.flags or message.fuzzy or message.obsolete:
        return None
    if message.msgid_plural is None:
        return translation_problem(message.msgid, message.msgstr) if message.msgstr else None
    forms = message.msgstr_plural
    if not forms or not forms[0]:
        return None
    for index, form in enumerate(forms):
        problem = translation_problem(message.msgid_plural, form, whole=index in often)
        if problem is not None:
            return f"msgstr[{index}]: {problem}"
    return None
