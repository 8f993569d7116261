"""Message catalogs in memory: the gettext data model, with no I/O.

A :class:`Catalog` holds a header and an ordered list of :class:`Message` entries, obsolete ones
included, exactly as a ``.po`` or ``.pot`` file does. Reading and writing files is the job of
:mod:`i18n_news.pofile`; merging is :mod:`i18n_news.merge`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from unicode_segmentation_rs import unicode_words

Key = tuple[str | None, str]

#: The states of a message, as gettext names them.
TRANSLATED, FUZZY, UNTRANSLATED = "translated", "fuzzy", "untranslated"

# Word counting follows translate-toolkit's pocount (and the same UAX #29 word segmenter), so
# that figures match what a translation agency quotes: tags do not count, nor does punctuation.
_BR_TAG = re.compile(r"<br\s*?/?>")
_XML_TAG = re.compile(r"""<([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>|</([\w.]+)>""")


def _join_dotted(text: str) -> str:
    r"""``text`` with each dot between two non-digits, and the two, made a space, as pocount's
    ``re.sub(r"\D\.\D", " ", text)`` does it (left to right, never overlapping), looking only
    at the dots (several times faster: the pattern is tried at every character)."""
    parts: list[str] = []
    start, end = 0, len(text)
    dot = text.find(".", 1)
    while 0 < dot < end - 1:
        if not text[dot - 1].isdecimal() and not text[dot + 1].isdecimal():
            parts += [text[start : dot - 1], " "]
            start = dot + 2
            dot = text.find(".", start + 1)
        else:
            dot = text.find(".", dot + 1)
    return "".join(parts) + text[start:] if parts else text


@dataclass(frozen=True)
class Message:
    """One catalog entry, with gettext's own field names."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    locations: tuple[tuple[str, int | None], ...] = ()
    auto_comments: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    #: Line of the ``msgid`` keyword in the file it was read from (0 if built in memory).
    lineno: int = field(default=0, compare=False)

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def has_translation(self) -> bool:
        """Whether the translator wrote something (fuzzy or not)."""
        if self.msgid_plural is not None:
            return any(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def translated(self) -> bool:
        """Translated and not fuzzy: what gettext uses at run time."""
        if self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def blank(self) -> bool:
        """Whether a translation (a form of it) is spaces alone: translated for GNU gettext,
        but showing nothing."""
        forms = self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)
        return any(form.isspace() for form in forms)

    @property
    def state(self) -> str:
        """Its state as gettext names it: translated, fuzzy or untranslated."""
        if self.translated:
            return TRANSLATED
        if self.fuzzy and self.has_translation:
            return FUZZY
        return UNTRANSLATED

    @property
    def source_words(self) -> int:
        """Words of the source text (msgid and plural msgid), counted as ``pocount`` does."""
        return count_words(self.msgid) + count_words(self.msgid_plural or "")

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> Message:
        """A message from the values of all its fields, by name: what ``Message(**values)``
        makes, several times faster (a reader makes one per entry of every catalog)."""
        message = object.__new__(cls)
        # One field set as an attribute first: the dict the others go into then shares its
        # keys with every other message's (an instance dict made whole takes twice the memory).
        object.__setattr__(message, "msgid", values["msgid"])
        message.__dict__.update(values)
        return message

    def replaced(self, **changes: Any) -> Message:
        """A copy with ``changes`` (values by field name): what ``dataclasses.replace`` makes,
        about three times faster (a merge makes one of each message of every catalog)."""
        unknown = changes.keys() - _MESSAGE_FIELDS
        if unknown:
            raise TypeError(f"Message has no field {sorted(unknown)[0]!r}")
        values = dict(self.__dict__)
        values.update(changes)
        return Message.from_fields(values)

    def with_flag(self, flag: str, present: bool = True) -> Message:
        """Return a copy with ``flag`` added (keeping order) or removed."""
        flags = tuple(f for f in self.flags if f != flag)
        if present:
            flags = (flag, *flags) if flag == "fuzzy" else (*flags, flag)
        return self.replaced(flags=flags)


#: The names of a message's fields.
_MESSAGE_FIELDS = frozenset(field.name for field in fields(Message))


def count_words(text: str) -> int:
    """Count the words of a text as translate-toolkit's ``pocount`` counts source words."""
    if "<" in text:
        text = _XML_TAG.sub("", _BR_TAG.sub("\n", text))
    if "." in text:
        text = _join_dotted(text)
    return len(unicode_words(text))


@dataclass
class Catalog:
    """A header and messages in file order; lookups by ``(msgctxt, msgid)``."""

    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_flags: tuple[str, ...] = ()
    messages: list[Message] = field(default_factory=list)

    def __iter__(self) -> Iterator[Message]:
        """Iterate over the live (non-obsolete) messages."""
        return (message for message in self.messages if not message.obsolete)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def obsolete(self) -> list[Message]:
        return [message for message in self.messages if message.obsolete]

    def get(self, key: Key) -> Message | None:
        """Return the live message with ``key``, if any."""
        for message in self:
            if message.key == key:
                return message
        return None

    def header_value(self, name: str) -> str | None:
        return header_value(self.header, name)

    def set_header(self, name: str, value: str) -> None:
        """Set a header field, keeping its position, or append it."""
        for index, (key, _) in enumerate(self.header):
            if key.lower() == name.lower():
                self.header[index] = (key, value)
                return
        self.header.append((name, value))

    def translations(self) -> dict[Key, Message]:
        """The messages that are translated and not fuzzy, by key."""
        return {message.key: message for message in self if message.translated}

    def same_content(self, other: Catalog) -> bool:
        """Whether both catalogs would write the same entries and header (line numbers aside)."""
        return (
            self.header == other.header
            and self.header_comments == other.header_comments
            and self.header_flags == other.header_flags
            and self.messages == other.messages
        )


@dataclass(frozen=True)
class TranslationTable:
    """What a build needs of a release's catalog: the state of each live message without a
    context, by msgid, and the translation of each one translated.

    A translation of spaces alone is translated for GNU gettext (and ``status``), but shows
    nothing: it is no translation to show, nor for the memory to give others.
    """

    states: dict[str, str]
    translations: dict[str, str]

    @classmethod
    def of(cls, catalog: Catalog) -> TranslationTable:
        states: dict[str, str] = {}
        translations: dict[str, str] = {}
        for message in catalog:
            if message.msgctxt is None:
                states[message.msgid] = state = message.state
                if state == TRANSLATED and not message.blank:
                    translations[message.msgid] = message.msgstr
        return cls(states, translations)


@dataclass(frozen=True)
class CatalogSummary:
    """What ``status`` needs of a release's catalog: its translation table, the msgids of
    its live messages (with a context or not) and its header fields."""

    table: TranslationTable
    msgids: frozenset[str]
    header: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, catalog: Catalog) -> CatalogSummary:
        msgids = frozenset(message.msgid for message in catalog)
        return cls(TranslationTable.of(catalog), msgids, tuple(catalog.header))

    def header_value(self, name: str) -> str | None:
        return header_value(self.header, name)


def header_value(fields: Iterable[tuple[str, str]], name: str) -> str | None:
    """The value of the header field ``name`` (in any case), if ``fields`` has it."""
    wanted = name.lower()
    for key, value in fields:
        if key == name or key.lower() == wanted:
            return value
    return None


def header_text(fields: Iterable[tuple[str, str]]) -> str:
    """Return the header as the ``msgstr`` of the empty msgid."""
    return "".join(f"{key}: {value}\n" for key, value in fields)
