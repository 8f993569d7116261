"""The data that flows between the stages: releases and their translatable blocks. No I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Block:
    """One piece of visible text of a release: a future catalog message."""

    #: What the text is, as the translator sees it: "title", "heading", "list item", ...
    kind: str
    #: The text, with its inline Markdown kept (soft line breaks joined by spaces).
    text: str
    #: 1-based line in the release's source file.
    line: int


@dataclass(frozen=True)
class Release:
    """A press release as its writer wrote it, in the source language."""

    slug: str
    #: Source file, relative to the newsroom folder, with forward slashes.
    path: str
    title: str
    summary: str
    dateline: str
    published: datetime
    tags: tuple[str, ...]
    body: str
    #: Line of the file on which the body starts.
    body_line: int
    #: Title, summary and dateline city first, then the body's blocks in reading order.
    blocks: tuple[Block, ...]
    updated: datetime | None = None
    draft: bool = False
    #: Line of each front matter key in the source file, for messages and references.
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    #: Until this moment the release is kept off the site, in every language.
    embargo: datetime | None = None
    #: This release's overrides of the newsroom's publishing policy (validated keys).
    policy: dict[str, object] = field(default_factory=dict)
    #: The newsroom's own front matter values (``extra:``), for its templates; not translated.
    extra: dict[str, object] = field(default_factory=dict)
    #: False for a release's :meth:`head`: its ``body`` and ``blocks`` are left out.
    has_body: bool = field(default=True, compare=False)
    #: The files of the newsroom its body shows (images) or links to (``report.pdf``), each
    #: once: address as written, line, and "image" or "link" (see
    #: :func:`i18n_news.markup.local_files`): published beside the release's pages.
    files: tuple[tuple[str, int, str], ...] = ()

    def head(self) -> Release:
        """This release without its body and blocks: what plans and lists of releases need,
        a tenth of the size to keep and read back."""
        return self.replaced(**_LEFT_OUT_OF_HEAD)

    def replaced(self, **changes: Any) -> Release:
        """A copy with ``changes`` (values by field name): what ``dataclasses.replace`` makes,
        several times faster (a command makes the head of each release it reads)."""
        unknown = changes.keys() - _FIELD_NAMES
        if unknown:
            raise TypeError(f"Release has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(Release)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    def head_values(self) -> tuple[Any, ...]:
        """The values of the fields :meth:`head` keeps (the front matter's), without making
        it: what lists show of a release is fingerprinted with them."""
        return tuple(getattr(self, name) for name in _HEAD_FIELDS)

    @property
    def date(self) -> date:
        return self.published.date()

    @property
    def modified(self) -> datetime:
        """When it last changed: its correction, never before it came out (an ``updated``
        written as a day alone, the day of a release dated to the minute)."""
        return max(self.updated, self.published) if self.updated else self.published

    def __reduce__(self) -> tuple[Callable[..., Release], tuple[Any, ...]]:
        """Pickled as its values alone, a moment's time zone by its name: thousands of
        releases are kept in the cache and sent between processes, in less time than with
        their field names and Python's own way of pickling a time zone."""
        values = [getattr(self, name) for name in _FIELDS]
        for index in _MOMENTS:
            moment = values[index]
            if moment is not None and type(moment.tzinfo) is ZoneInfo:
                key = moment.tzinfo.key
                if key is not None and ZoneInfo(key) is moment.tzinfo:  # not made apart
                    values[index] = (moment.replace(tzinfo=None), key)
        return _release, tuple(values)


_FIELDS = tuple(f.name for f in fields(Release))
_FIELD_NAMES = frozenset(_FIELDS)
#: What :meth:`Release.head` leaves out of a release, and the fields it keeps.
_LEFT_OUT_OF_HEAD: dict[str, Any] = {"body": "", "blocks": (), "has_body": False}
_HEAD_FIELDS = tuple(name for name in _FIELDS if name not in _LEFT_OUT_OF_HEAD)
#: The fields that hold a moment (a date and time, or ``None``).
_MOMENTS = tuple(_FIELDS.index(name) for name in ("published", "updated", "embargo"))


def _release(*values: Any) -> Release:
    """A release pickled by :meth:`Release.__reduce__`."""
    release = object.__new__(Release)
    release.__dict__.update(zip(_FIELDS, values, strict=True))
    for index in _MOMENTS:
        if type(values[index]) is tuple:
            local, key = values[index]
            release.__dict__[_FIELDS[index]] = local.replace(tzinfo=ZoneInfo(key))
    return release
