"""Front matter: the YAML mapping at the top of a release, each value with its line.

Most front matter is plain: a key per line, each with text, a date, true or false, or a list
of tags on its line. :func:`read_plain` reads that kind, exactly as PyYAML's safe loader reads
it, in a fraction of PyYAML's time (and without importing PyYAML, which takes longer than
reading most releases); anything else, mistakes included, is PyYAML's to read and report
(:mod:`i18n_news.yaml_front_matter`).
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

#: What front matter reads as: the mapping, the file line of each top-level key's value, and
#: the source text of the values that are scalars (what a number looked like before it was
#: read).
Read = tuple[dict[str, Any], dict[str, int], dict[str, str]]


def read_front_matter(front: str, path: str) -> Read:
    """Load front matter: the mapping, the file line of each top-level key's value, and the
    source text of the values that are scalars (see :data:`Read`).

    Keys are named as written (``on``, ``1``), whatever YAML would make of them. A mistake is
    a :class:`~i18n_news.errors.ContentError` at its line of the file at ``path``.
    """
    read = read_plain(front)
    if read is not None:
        return read
    from .yaml_front_matter import read_yaml_front_matter

    return read_yaml_front_matter(front, path)


#: A line of plain front matter: a key of letters, digits, ``_`` and ``-``, then its value.
_PLAIN_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +([^ ].*)")
#: The characters a plain value cannot start with: YAML's indicators, and a space.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: The first characters of the plain values YAML may read as something else than text
#: (YAML 1.1's booleans and null, numbers, dates, ``<<`` and ``=``).
_RESOLVED = frozenset("yYnNtTfFoO~-+.0123456789<=")
_BOOLEANS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NUMERIC = frozenset("-+.0123456789<=~")
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: An item of a plain list of tags: plain words, or words in double quotes.
_LIST_ITEM = re.compile(r' *(?:"([^"\\,]*)"|([^-?:,\[\]{}#&*!|>\'"%@` ][^,?\[\]{}#:]*?)) *')
_FALLBACK = object()


def read_plain(front: str) -> Read | None:
    """Front matter as PyYAML reads it, if it is plain: each line a key and its value, a
    comment or blank; each value text (plain, or quoted without escapes), a date, a YAML
    boolean, or a list of such text items in brackets. ``None`` for any other front matter,
    which PyYAML then reads (a line this function does not accept may still be valid YAML).
    """
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    sources: dict[str, str] = {}
    for number, line in enumerate(front.split("\n"), 2):
        if not line or line[0] == "#":
            if line.isprintable():
                continue
            return None
        entry = _PLAIN_ENTRY.fullmatch(line)
        if entry is None or not line.isprintable():
            return None
        key, written = entry[1], entry[2].rstrip(" ")
        if key in data:  # PyYAML's reader names the mistake
            return None
        if written[0] == "[":
            items = _plain_list(written)
            if items is None:
                return None
            data[key] = items
        else:
            value, source = _plain_scalar(written)
            if value is _FALLBACK:
                return None
            data[key], sources[key] = value, source
        lines[key] = number
    return (data, lines, sources) if data else None


def _plain_scalar(written: str) -> tuple[Any, str]:
    """A value of a line of plain front matter, and its source (:data:`_FALLBACK` if it is
    not plain)."""
    first = written[0]
    if first == '"':
        inner = written[1:-1]
        if len(written) > 1 and written[-1] == '"' and '"' not in inner and "\\" not in inner:
            return inner, inner
        return _FALLBACK, ""
    if first == "'":
        inner = written[1:-1]
        if len(written) > 1 and written[-1] == "'" and "'" not in inner.replace("''", ""):
            text = inner.replace("''", "'")
            return text, text
        return _FALLBACK, ""
    if first in _INDICATORS or ": " in written or written[-1] == ":" or " #" in written:
        return _FALLBACK, ""
    if reads_as_text(written):
        return written, written
    boolean = _BOOLEANS.get(written)
    if boolean is not None:
        return boolean, written
    day = _DATE.fullmatch(written)
    if day is not None:
        with contextlib.suppress(ValueError):  # 2022-02-30: PyYAML's reader names the mistake
            return date(int(day[1]), int(day[2]), int(day[3])), written
    return _FALLBACK, ""


def reads_as_text(plain: str) -> bool:
    """Whether YAML reads a plain scalar as text (not as a boolean, null, number, date...)."""
    first = plain[0]
    if first not in _RESOLVED:
        return True
    return first not in _NUMERIC and plain not in _BOOLEANS and plain not in _NULLS


def _plain_list(written: str) -> list[str] | None:
    """The items of a plain list in brackets (``[health, "AI safety"]``) if each is text
    that YAML reads as text, else ``None``."""
    if written[-1] != "]":
        return None
    inner = written[1:-1]
    if not inner.strip(" "):
        return []
    items = []
    for part in inner.split(","):
        item = _LIST_ITEM.fullmatch(part)
        if item is None:
            return None
        if item[1] is not None:
            items.append(item[1])
            continue
        if not reads_as_text(item[2]):
            return None
        items.append(item[2])
    return items


def shown(value: Any) -> str:
    """A front matter value as a message quotes it: short, on one line."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float | date) or (isinstance(value, int) and value.bit_length() < 64):
        return str(value)
    return kind(value)


def kind(value: Any) -> str:
    """What a value is, in words: ``a list``, ``a mapping``..."""
    if isinstance(value, bool):
        return "true or false"
    kinds: list[tuple[type | tuple[type, ...], str]] = [
        (str, "text"),
        ((int, float), "a number"),
        (datetime, "a date and time"),
        (date, "a date"),
        (list, "a list"),
        (dict, "a mapping"),
        ((set, frozenset), "a set"),
        (bytes, "binary data"),
        (type(None), "empty"),
    ]
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


def as_datetime(value: Any, zone: ZoneInfo, fail: Any, need_zone: bool = False) -> datetime:
    """A front matter date as an aware datetime; naive ones are in the newsroom's zone.

    With ``need_zone`` (embargoes), the value must be a date-time with an explicit zone.
    """
    example = "2022-02-09T09:00-05:00" if need_zone else "2022-02-09 or 2022-02-09T09:00-05:00"
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date) and not need_zone:
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(value.strip())
        if moment is not None and need_zone and len(value.strip()) <= 10:
            moment = None
    quoted = shown(value) if isinstance(value, str | int | float | date) else kind(value)
    if moment is None:
        raise fail(f"{quoted} is not a {'date-time' if need_zone else 'date'} (write {example})")
    if moment.tzinfo is None:
        if need_zone:
            raise fail(f"{quoted} needs a time zone (write {example})")
        moment = moment.replace(tzinfo=zone)
    try:
        moment.astimezone(UTC)
        return moment.astimezone(zone)
    except OverflowError:
        raise fail(f"{quoted} is too far in the past or the future") from None
