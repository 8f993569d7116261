"""Read and write the gettext PO format, byte for byte as GNU gettext writes it.

Babel and polib read catalogs well enough for most tools, but neither writes what GNU
``msgcat`` writes (line wrapping, long ``#|`` previous msgids, obsolete entries), polib
cannot read some files GNU writes, and their errors do not always say which line is wrong.
Since translators' tools and Weblate compare files textually, a catalog here is parsed and
formatted in this one module, and the tests prove the output identical to ``msgcat``'s.

Lines are broken where GNU gettext breaks them: at the break opportunities of Unicode's line
breaking algorithm (UAX #14), found in the escaped text, filled greedily to 79 columns. The
pair rules below cover alphabetic scripts with their punctuation, digits and symbols; for
ideographic scripts and emoji, whose break rules are not modelled, a line may break elsewhere
than GNU would (the file stays valid, only the wrapping differs).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

from .catalog import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    Catalog,
    CatalogSummary,
    Message,
    TranslationTable,
    header_text,
)
from .errors import CatalogError
from .plurals import often_used_forms, parse_plural_forms, plural_forms_problem
from .python_format import message_problem, translation_problem

PAGE_WIDTH = 79

_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}
_UNESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
# A backslash and what it escapes: one character, 1-3 octal digits, or x and 1-2 hex digits.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.|$)", re.DOTALL)
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t\f\v]*(".*)?$')
#: The spaces GNU gettext reads between a catalog's words: ASCII's alone. Any other (a no-break
#: space, which a French keyboard types with the space bar held with Option or AltGr) is text.
_SPACES = " \t\f\v"
_FLAG_SEPARATORS = re.compile(r"[ \t\f\v,]+")
_KEYWORD_AND_ODD_SPACE = re.compile(
    r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)([^\S \t\f\v\r\n])"
)
_KNOWN_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?![\w\[])")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


# --------------------------------------------------------------------------- reading


@dataclass
class _Entry:
    """An entry while it is being parsed."""

    obsolete: bool = False
    translator_comments: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    plural_forms: dict[int, str] = field(default_factory=dict)
    msgid_line: int = 0
    first_line: int = 0

    def add_locations(self, text: str) -> None:
        """Add the references of a ``#:`` comment (``path:line`` or a bare path)."""
        for reference in text.split():
            path, _, lineno = reference.rpartition(":")
            if path and lineno.isdigit():
                self.locations.append((path, int(lineno)))
            else:
                self.locations.append((reference, None))

    def add_flags(self, text: str) -> None:
        """Add the flags of a ``#,`` comment, each once."""
        for flag in _flags(text):
            if flag not in self.flags:
                self.flags.append(flag)

    def message_fields(
        self, msgid: str, msgstr: str, msgctxt: str | None, plural: str | None, number: int
    ) -> dict[str, Any]:
        """The values of every field of the entry's message, whose strings are given (its
        msgid on line ``number``), for :meth:`Message.from_fields`."""
        previous = self.previous
        return {
            "msgid": msgid, "msgstr": msgstr, "msgctxt": msgctxt, "msgid_plural": plural,
            "msgstr_plural": (
                tuple(self.plural_forms[i] for i in sorted(self.plural_forms))
                if self.plural_forms else ()
            ),
            "locations": tuple(self.locations), "auto_comments": tuple(self.auto_comments),
            "translator_comments": tuple(self.translator_comments), "flags": tuple(self.flags),
            "previous_msgctxt": previous.get("msgctxt"),
            "previous_msgid": previous.get("msgid"),
            "previous_msgid_plural": previous.get("msgid_plural"),
            "obsolete": self.obsolete, "lineno": number,
        }  # fmt: skip

    @property
    def started(self) -> bool:
        return bool(self.fields or self.plural_forms)

    @property
    def has_comments(self) -> bool:
        return bool(
            self.translator_comments
            or self.auto_comments
            or self.locations
            or self.flags
            or self.previous
        )


# One entry as GNU gettext writes it: comments, msgctxt, msgid and msgstr (or msgid_plural and
# msgstr[N]), each string on lines of their own, not obsolete; and the blank lines after it.
# Each part can be read one way only, so nothing is given back once read (possessive ``*+``:
# faster). A string is any line between quotes, found several times faster than by its
# escapes: what is between them is checked where the string is read (see
# :meth:`_Reader.strings`).
_STRING = r'"[^\n]*"\n'
#: A string between quotes, and several on a line, one after the other.
_ONE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SEVERAL = re.compile(rf"{_ONE.pattern}(?:[ \t]*{_ONE.pattern})+")
_ENTRY = re.compile(
    rf"(?P<comments>(?:#.*\n)*+)(?:msgctxt (?P<msgctxt>(?:{_STRING})++))?"
    rf"msgid (?P<msgid>(?:{_STRING})++)(?:msgstr (?P<msgstr>(?:{_STRING})++)"
    rf"|msgid_plural (?P<plural>(?:{_STRING})++)(?P<forms>(?:msgstr\[[0-9]+\] (?:{_STRING})++)++))"
    r"\n*+"
)
#: An entry of :data:`_ENTRY` without plural forms, each of its parts a group: its comments, its
#: context (``msgctxt`` and its strings, if any), the strings of its msgid and its msgstr, the
#: blank lines after it. Only the keywords ``msgid`` and ``msgstr`` (:data:`_KEYWORDS`
#: characters with their spaces) are in no group.
_SINGULAR_ENTRY = re.compile(
    rf"((?:#.*\n)*+)(msgctxt (?:{_STRING})++)?"
    rf"msgid ((?:{_STRING})++)msgstr ((?:{_STRING})++)(\n*+)"
)
_KEYWORDS = len("msgid ") + len("msgstr ")
#: The plural forms of an entry that :data:`_ENTRY` read: each one's index and strings.
_FORM = re.compile(rf"msgstr\[([0-9]+)\] ((?:{_STRING})++)")


class _Reader:
    def __init__(self, text: str, path: str):
        self.path = path
        self.text = text
        self.messages: list[Message] = []
        self.header: Message | None = None
        self.seen: dict[tuple[str | None, str], int] = {}
        #: What :meth:`read_table` read besides its table: the header, the msgids with a context.
        self.header_catalog = Catalog()
        self.in_context: set[str] = set()

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines (only the line-by-line reader and error messages need them)."""
        return self.text.split("\n")

    def fail(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, self.path, line)

    def read(self) -> Catalog:
        """The catalog; a file as GNU gettext writes it is read entry by entry, any other line
        by line (with the same result: only the line-by-line reader reports mistakes)."""
        catalog = self.read_entries()
        return catalog if catalog is not None else self.read_lines()

    def read_table(self) -> TranslationTable | None:
        """What a build needs of a file as GNU gettext writes it (see :meth:`read_entries`),
        read without making its messages; ``None`` for any other file and for a file with a
        mistake (the full reader reads it, and reports the mistake)."""
        text = self.text
        if not _entries_only(text):
            return None
        # Every entry found at once; they are the whole file if their lengths add up to it
        # (the matches of one pattern never overlap: none is missed, nothing is between).
        entries = _SINGULAR_ENTRY.findall(text)
        if sum(map(len, chain.from_iterable(entries))) != len(text) - _KEYWORDS * len(entries):
            return None  # something else than singular entries: plural, or a mistake
        strings = self.strings
        states: dict[str, str] = {}
        translations: dict[str, str] = {}
        in_context: set[tuple[str, str]] = set()
        try:
            for comments, context, msgid, msgstr, _ in entries:
                source, translation = strings(msgid, 0), strings(msgstr, 0)
                fuzzy = False
                if comments:
                    # Previous strings, or flags that may hold an odd space: read only to find
                    # mistakes.
                    if "#|" in comments or (not comments.isascii() and "#," in comments):
                        self.read_comments(_Entry(), comments, 1)
                    fuzzy = "fuzzy" in comments and _has_fuzzy_flag(comments)
                    if "python-format" in comments and translation and not fuzzy:
                        flagged = _has_flag(comments, "python-format")
                        if flagged and translation_problem(source, translation) is not None:
                            return None  # the full reader reports it
                # A newline at either end of one string and not of the other (rare: looked
                # for only in strings that have one).
                if (
                    ("\n" in translation or "\n" in source)
                    and translation
                    and not fuzzy
                    and newline_problem(source, (translation,)) is not None
                ):
                    return None  # the full reader reports it
                if self.header is None:
                    if context or source:  # no header first: a mistake
                        return None
                    self.header = Message("", translation)
                elif context:
                    key = (strings(context.removeprefix("msgctxt "), 0), source)
                    if key in in_context:
                        return None
                    in_context.add(key)
                elif not source or source in states:  # a second header, a duplicate
                    return None
                elif not translation:
                    states[source] = UNTRANSLATED
                elif fuzzy:
                    states[source] = FUZZY
                else:
                    states[source] = TRANSLATED
                    if not translation.isspace():  # see TranslationTable
                        translations[source] = translation
            self.read_header(self.header_catalog, bool(states or in_context))
        except CatalogError:
            return None
        self.in_context = {source for _, source in in_context}
        return TranslationTable(states, translations)

    def read_entries(self) -> Catalog | None:
        """Read a file made only of entries as GNU gettext writes them (most files), or
        return ``None`` (having read nothing) for the line-by-line reader: also for a file with
        a mistake, which that reader reports as it comes to it."""
        text = self.text
        if not _entries_only(text):
            return None
        with contextlib.suppress(CatalogError):
            catalog = self._read_entries(text)
            if catalog is not None:
                return catalog
        self.messages, self.header, self.seen = [], None, {}
        return None

    def _read_entries(self, text: str) -> Catalog | None:
        """The catalog, read entry by entry; ``None`` at the first part that is not one."""
        position, number = 0, 1
        match = _ENTRY.match
        pending: dict[str, Any] | None = None
        while position < len(text):
            found = match(text, position)
            if found is None:
                return None
            comments, msgctxt, msgid, msgstr = found.group("comments", "msgctxt", "msgid", "msgstr")
            if pending is not None:
                self.add_message(pending)
            entry = _Entry()
            if comments:
                number = self.read_comments(entry, comments, number)
            context = None
            if msgctxt is not None:
                context = self.strings(msgctxt, number)
                number += msgctxt.count("\n")
            line = number
            source = self.strings(msgid, number)
            number += msgid.count("\n")
            plural = None
            if msgstr is not None:
                translation = self.strings(msgstr, number)
                number += text.count("\n", found.start("msgstr"), found.end())
            else:  # msgid_plural, and msgstr[0], msgstr[1]... in this order
                plural_lines, forms = found.group("plural", "forms")
                plural = self.strings(plural_lines, number)
                number += plural_lines.count("\n")
                for index, (written, lines) in enumerate(_FORM.findall(forms)):
                    if int(written) != index:
                        return None
                    entry.plural_forms[index] = self.strings(lines, number)
                    number += lines.count("\n")
                translation = ""
                number += text.count("\n", found.end("forms"), found.end())
            pending = entry.message_fields(source, translation, context, plural, line)
            position = found.end()
        if pending is not None:
            self.add_message(pending)
        return self.catalog()

    def read_comments(self, entry: _Entry, comments: str, number: int) -> int:
        """Read an entry's comment lines, the first at ``number``; return the next line's.

        Extracted comments, references and flags (the lines GNU gettext writes most) are
        read here at once, as :meth:`read_comment` reads them.
        """
        previous_field: str | None = None
        for line in comments.split("\n")[:-1]:
            kind = line[1:3]
            if kind == ". ":
                entry.auto_comments.append(line[3:])
                previous_field = None
            elif kind == ": ":
                previous_field = None
                entry.add_locations(line[3:])
            elif kind == ", ":
                previous_field = None
                self.add_flags(entry, line[3:], number)
            elif line.startswith("#|"):
                previous_field = self.read_previous(
                    entry, line[2:].strip(_SPACES), previous_field, number
                )
            else:
                previous_field = None
                self.read_comment(entry, line, number, False)
            number += 1
        return number

    def strings(self, lines: str, number: int) -> str:
        """The value of a string written on ``lines`` (each a line between quotes, the first
        at ``number``; a quote between them that is not escaped is a mistake)."""
        if "\\" not in lines:  # no escapes: the text between the quotes, lines joined
            value = lines[1:-2].replace('"\n"', "")
            if '"' not in value:
                return value
        elif "\\" not in lines.replace("\\n", ""):  # only newlines (a header): at once too
            value = lines[1:-2].replace('"\n"', "")
            if '"' not in value:
                return value.replace("\\n", "\n")
        # Escapes, or a mistake: line by line, which reports the line of the mistake.
        return "".join(
            self.string(line, at) for at, line in enumerate(lines[:-1].split("\n"), start=number)
        )

    def read_lines(self) -> Catalog:
        entry = _Entry()
        current: tuple[str, int | None] | None = None  # field being continued
        previous_field: str | None = None
        for number, raw in enumerate(self.lines, start=1):
            # Trailing spaces matter in comments; strings are stripped where they are read.
            line = raw.rstrip("\r").lstrip(" \t\f\v")  # as GNU gettext: not other spaces
            if not line:
                continue
            if line[0] == '"' and current is not None:
                # A continued string, most lines of a catalog: plain text read here, at once.
                previous_field = None
                text = line.rstrip(_SPACES)
                if len(text) > 1 and text[-1] == '"' and "\\" not in text and '"' not in text[1:-1]:
                    value = text[1:-1]
                else:
                    value = self.string(line, number)
                self.append(entry, current, value)
                continue
            obsolete = False
            if line.startswith("#~"):
                obsolete = True
                line = "#" + line[2:] if line.startswith("#~|") else line[2:].lstrip(_SPACES)
                if not line:
                    continue
            if line.startswith("#"):
                if line.startswith("#|"):
                    body = line[2:].strip(_SPACES)
                    if entry.started:
                        self.finish(entry)
                        entry = _Entry()
                        current = None
                    previous_field = self.read_previous(entry, body, previous_field, number)
                    continue
                if entry.started:
                    self.finish(entry)
                    entry = _Entry()
                    current = None
                previous_field = None
                self.read_comment(entry, line, number, obsolete)
                continue
            previous_field = None
            if line.startswith('"'):
                if current is None:
                    raise self.fail("string continuation without a keyword before it", number)
                self.append(entry, current, self.string(line, number))
                continue
            match = _KEYWORD.match(line)
            if not match:
                odd = _KEYWORD_AND_ODD_SPACE.match(line)
                if odd:
                    space = _space_name(odd.group(2), f"after {odd.group(1)}")
                    raise self.fail(f"{space}: write a plain space", number)
                if line[0].isspace():
                    raise self.fail(
                        f"the line starts with {_space_name(line[0])}: indent with spaces or tabs",
                        number,
                    )
                known = _KNOWN_KEYWORD.match(line)
                if known:  # msgstr Montréal": the opening quote left out
                    raise self.fail(f"{known.group(1)} must be followed by a quoted string", number)
                word = line.split()[0]
                raise self.fail(f"unknown keyword {word!r} (expected msgid, msgstr, ...)", number)
            keyword, index, rest = match.group(1), match.group(2), match.group(3)
            if rest is None:
                raise self.fail(f"{keyword} must be followed by a quoted string", number)
            value = self.string(rest, number)
            if keyword in ("msgctxt", "msgid") and (
                entry.started and ("msgstr" in entry.fields or entry.plural_forms)
            ):
                self.finish(entry)
                entry = _Entry()
            if keyword == "msgctxt" and "msgid" in entry.fields:
                raise self.fail("msgctxt after msgid in the same entry", number)
            if keyword in ("msgid", "msgctxt") and "msgid" in entry.fields:
                raise self.fail("missing msgstr after msgid", entry.msgid_line)
            if keyword in entry.fields or (index is not None and int(index) in entry.plural_forms):
                raise self.fail(
                    f"duplicate {keyword} in one entry (missing msgstr before it?)", number
                )
            if not entry.started:
                entry.first_line = number
            if entry.started and entry.obsolete != obsolete:
                raise self.fail("inconsistent use of #~: part of this entry is obsolete", number)
            entry.obsolete = entry.obsolete or obsolete
            if keyword == "msgid":
                entry.msgid_line = number
            elif keyword != "msgctxt" and "msgid" not in entry.fields:
                raise self.fail(f"{keyword.split('[')[0]} without a msgid before it", number)
            if index is not None:
                entry.plural_forms[int(index)] = value
                current = ("msgstr[]", int(index))
            else:
                entry.fields[keyword] = value
                current = (keyword, None)
        if entry.started:
            self.finish(entry)
        elif entry.has_comments and entry.obsolete is False:
            # Trailing comments with no entry are what a hand-edited file often ends with.
            pass
        return self.catalog()

    def read_comment(self, entry: _Entry, line: str, number: int, obsolete: bool) -> None:
        kind, body = line[1:2], line[2:]
        if kind == ".":
            entry.auto_comments.append(body[1:] if body.startswith(" ") else body)
        elif kind == ":":
            entry.add_locations(body)
        elif kind == ",":
            self.add_flags(entry, body, number)
        elif kind in (" ", "") or kind == "\t":
            text = line[1:]
            entry.translator_comments.append(text[1:] if text.startswith(" ") else text)
        else:
            # "#foo" without a space is still a translator comment to GNU gettext.
            entry.translator_comments.append(line[1:])
        if obsolete:
            entry.obsolete = True

    def add_flags(self, entry: _Entry, text: str, number: int) -> None:
        """Add the flags of a ``#,`` comment, refusing a space between them that GNU gettext
        would read as part of a flag (``#,\u00a0fuzzy`` is not fuzzy to ``msgfmt``)."""
        if not text.isascii() and (space := _odd_space(text)):
            raise self.fail(
                f"{_space_name(space, 'in the flags')}: separate them with a comma and a space",
                number,
            )
        entry.add_flags(text)

    def read_previous(self, entry: _Entry, body: str, field_name: str | None, number: int) -> str:
        if body.startswith('"'):
            if field_name is None:
                raise self.fail("#| continuation without a previous keyword", number)
            entry.previous[field_name] += self.string(body, number)
            return field_name
        match = _KEYWORD.match(body)
        if not match or match.group(1) not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.fail("#| must be followed by msgctxt, msgid or msgid_plural", number)
        if match.group(3) is None:
            raise self.fail(f"#| {match.group(1)} must be followed by a quoted string", number)
        entry.previous[match.group(1)] = self.string(match.group(3), number)
        return match.group(1)

    def append(self, entry: _Entry, current: tuple[str, int | None], value: str) -> None:
        name, index = current
        if index is not None:
            entry.plural_forms[index] += value
        else:
            entry.fields[name] += value

    def string(self, text: str, number: int) -> str:
        text = text.strip(_SPACES)
        if len(text) < 2 or not text.endswith('"') or (text.endswith('\\"') and not _closed(text)):
            if text and text[-1].isspace():
                raise self.fail(f"{_space_name(text[-1], 'after the string')}: delete it", number)
            if _COMMENTED_STRING.match(text):
                raise self.fail(
                    "a comment after a string: write it on a line of its own, before the entry",
                    number,
                )
            raise self.fail("unterminated string (a line must end with a closing quote)", number)
        body = text[1:-1]
        if "\\" not in body:  # the common case, fast
            if '"' in body:
                return self.several(text, number)
            return body
        out: list[str] = []
        position = 0
        as_bytes = False  # an octal or hex escape of a byte above 0x7F: a byte of UTF-8 text
        for match in _ESCAPE.finditer(body):
            plain = body[position : match.start()]
            if '"' in plain:
                return self.several(text, number)
            out.append(plain)
            escape = match.group(1)
            if escape in _ESCAPES:
                out.append(_ESCAPES[escape])
            elif (escape[0] == "x" and len(escape) > 1) or escape[0] in "01234567":
                byte = int(escape[1:], 16) if escape[0] == "x" else int(escape, 8)
                if byte > 0x7F:  # as surrogateescape keeps a byte, until the text is decoded
                    as_bytes = True
                    byte = 0xDC00 + (byte & 0xFF)
                out.append(chr(byte))
            elif escape:
                raise self.fail(f"invalid escape sequence '\\{escape[0]}'", number)
            else:
                raise self.fail("unterminated string (backslash before closing quote)", number)
            position = match.end()
        rest = body[position:]
        if '"' in rest:
            return self.several(text, number)
        out.append(rest)
        value = "".join(out)
        if as_bytes:  # "\303\251", as GNU gettext reads it: the bytes of "é"
            try:
                return value.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeDecodeError:
                raise self.fail(
                    "octal or hex escapes that do not make UTF-8 characters on this line: "
                    "write the characters themselves",
                    number,
                ) from None
        return value

    def several(self, text: str, number: int) -> str:
        """Strings written one after the other on a line (``"Mont" "réal"``), joined as GNU
        gettext joins them; any other quote inside a string is a mistake."""
        if _SEVERAL.fullmatch(text):
            return "".join(self.string(part, number) for part in _ONE.findall(text))
        raise self.fail('unescaped double quote inside a string (write \\")', number)

    def finish(self, entry: _Entry) -> None:
        number = entry.msgid_line or entry.first_line
        if "msgid" not in entry.fields:
            raise self.fail("entry without msgid", entry.first_line)
        plural = entry.fields.get("msgid_plural")
        if plural is None and entry.plural_forms:
            raise self.fail("msgstr[N] without msgid_plural", number)
        if plural is not None and "msgstr" in entry.fields:
            raise self.fail("msgid_plural needs msgstr[0], msgstr[1], ... not msgstr", number)
        if "msgstr" not in entry.fields and not entry.plural_forms:
            raise self.fail("missing msgstr after msgid", number)
        if entry.plural_forms and sorted(entry.plural_forms) != list(
            range(len(entry.plural_forms))
        ):
            raise self.fail("plural forms must be numbered msgstr[0], msgstr[1], ...", number)
        self.add(entry, plural, number)

    def add(self, entry: _Entry, plural: str | None, number: int) -> None:
        """Add the message of a finished ``entry`` (its msgid on line ``number``)."""
        fields = entry.fields
        self.add_message(entry.message_fields(
            fields["msgid"], fields.get("msgstr", ""), fields.get("msgctxt"), plural, number
        ))  # fmt: skip

    def add_message(self, values: dict[str, Any]) -> None:
        """Add a message made of the values of all its fields (``lineno`` its msgid's line)."""
        message = Message.from_fields(values)
        number = message.lineno
        if message.msgid == "" and message.msgctxt is None and not message.obsolete:
            if self.header is not None or self.messages:
                raise self.fail("header entry (empty msgid) must come first", number)
            self.header = message
            return
        key = (message.msgctxt, message.msgid)  # an obsolete one too, as GNU gettext has it
        if key in self.seen:
            raise self.fail(
                f"duplicate message definition (first defined at line {self.seen[key]})", number
            )
        self.seen[key] = number
        self.messages.append(message)

    def catalog(self) -> Catalog:
        catalog = Catalog(messages=self.messages)
        self.read_header(catalog, bool(self.messages))
        self.check_messages(catalog)
        return catalog

    def check_messages(self, catalog: Catalog) -> None:
        """The messages are what ``msgfmt -c`` accepts (see :func:`msgfmt_problem`); the
        first it refuses is reported at its line."""
        # Those it may refuse, found at once: a newline (looked for in their msgid and
        # msgstr first), plural forms, a format.
        suspects = [
            message
            for message in self.messages
            if "\n" in message.msgid
            or "\n" in message.msgstr
            or message.msgid_plural is not None
            or "python-format" in message.flags
        ]
        if not suspects:
            return
        often = frozenset[int]()
        if any("python-format" in message.flags for message in suspects):
            often = catalog_often_used_forms(catalog)
        for message in suspects:
            problem = msgfmt_problem(message, often)
            if problem is not None:
                raise self.fail(problem, message.lineno)

    def read_header(self, catalog: Catalog, has_messages: bool) -> None:
        """Fill in ``catalog``'s header from the header entry read, and check it."""
        if self.header is not None:
            catalog.header_comments = list(self.header.translator_comments)
            catalog.header_flags = self.header.flags
            for line in self.header.msgstr.split("\n"):
                if not line.strip():
                    continue
                name, colon, value = line.partition(":")
                if not colon:
                    raise self.fail(
                        f"header line {line!r} is not 'Name: value'", self.header_text_line(line)
                    )
                catalog.header.append((name.strip(), value.strip()))
            self.check_charset(catalog)
            self.check_plural_forms(catalog)
        elif has_messages:
            raise self.fail(
                'no header entry (msgid "") declaring the charset: add one with '
                "'Content-Type: text/plain; charset=UTF-8' (as 'msginit' writes it)",
                self.messages[0].lineno,
            )
        elif self.path.endswith(".pot"):
            # What i18n-news writes always has a header: an empty file is damage, which
            # merging would take for a release whose texts are all gone.
            raise self.fail(
                'the template is empty: no header entry (msgid ""), no message; run '
                "'i18n-news extract' to write it again",
                1,
            )
        else:  # msgfmt -c refuses it too ("PO file header missing or invalid")
            raise self.fail(
                'the catalog is empty: no header entry (msgid ""), no message; restore it, '
                "or delete it and run 'i18n-news update' to make it anew",
                1,
            )

    def header_field_line(self, name: str) -> int:
        """The line of a header field, or of the header entry when the field is not found."""
        return self.header_text_line(f"{name}:")

    def header_text_line(self, start: str) -> int:
        """The line of the header entry's string that starts with the text ``start`` (as a
        PO file writes it, escaped), or of the header entry when none does."""
        assert self.header is not None
        written = '"' + start.replace("\\", "\\\\").replace('"', '\\"')
        for number in range(self.header.lineno, len(self.lines) + 1):
            line = self.lines[number - 1].strip()
            if not line:
                break
            if line.startswith(written) or line.startswith(f"msgstr {written}"):
                return number
        return self.header.lineno

    def check_plural_forms(self, catalog: Catalog) -> None:
        """The header's Plural-Forms and the plural messages agree, as ``msgfmt -c`` checks
        them (a template may keep xgettext's ``nplurals=INTEGER; plural=EXPRESSION;``)."""
        value = catalog.header_value("Plural-Forms")
        plural = next((m for m in self.messages if m.msgid_plural and not m.obsolete), None)
        template = self.path.endswith(".pot")
        if value is None:
            if plural is not None and not template:
                raise self.fail(
                    "plural messages, but no Plural-Forms in the header: add the language's "
                    "(French: 'Plural-Forms: nplurals=2; plural=(n > 1);')",
                    plural.lineno,
                )
            return
        if "INTEGER" in value or "EXPRESSION" in value:
            if template:
                return
            raise self.fail(
                "Plural-Forms is still the template's 'nplurals=INTEGER; plural=EXPRESSION;': "
                "write the language's (French: 'nplurals=2; plural=(n > 1);')",
                self.header_field_line("Plural-Forms"),
            )
        problem = plural_forms_problem(value)
        if problem is not None:
            raise self.fail(problem, self.header_field_line("Plural-Forms"))
        if template or plural is None:
            return
        forms = parse_plural_forms(value)
        assert forms is not None
        for message in self.messages:
            count = len(message.msgstr_plural)
            if message.msgid_plural and not message.obsolete and count != forms.number:
                raise self.fail(
                    f"this plural message has {count} msgstr[…], the header's Plural-Forms "
                    f"says nplurals={forms.number}",
                    message.lineno,
                )

    def check_charset(self, catalog: Catalog) -> None:
        """Catalogs are UTF-8 and say so, as GNU gettext wants; a template may say ``CHARSET``."""
        content_type = catalog.header_value("Content-Type")
        found = _CHARSET.search(content_type) if content_type is not None else None
        if found is not None and found.group(1).lower().replace("_", "-") in _UTF8:
            return
        # Which line to blame is looked for only when something is wrong.
        line = self.header_field_line("Content-Type")
        if content_type is None:
            raise self.fail(
                "the header has no Content-Type: add 'Content-Type: text/plain; charset=UTF-8'",
                line,
            )
        match = _CHARSET.search(content_type)
        if match is None:
            raise self.fail(
                f"no charset in the header's Content-Type {content_type!r}: "
                "write 'text/plain; charset=UTF-8'",
                line,
            )
        charset = match.group(1).lower().replace("_", "-")
        if charset not in _UTF8:
            raise self.fail(
                f"charset {match.group(1)!r} in Content-Type: catalogs must be UTF-8 "
                "(convert with 'msgconv -t UTF-8')",
                line,
            )


#: What a catalog's charset may be called (a template's says ``CHARSET``).
_UTF8 = ("utf-8", "utf8", "charset")


def catalog_often_used_forms(catalog: Catalog) -> frozenset[int]:
    """The plural forms of ``catalog``'s language that 5 or more of the numbers 0 to 999
    take (none without a valid Plural-Forms): see :func:`often_used_forms`."""
    forms = parse_plural_forms(catalog.header_value("Plural-Forms"))
    return often_used_forms(forms) if forms is not None else frozenset()


def msgfmt_problem(message: Message, often: frozenset[int] = frozenset()) -> str | None:
    """Why ``msgfmt -c`` refuses ``message`` (``None`` if it does not), as the reader
    reports it: a message translated (its first form, for a plural one), not fuzzy nor
    obsolete, whose strings do not begin and end with a newline alike
    (:func:`newline_problem`), or, flagged ``python-format``, whose translation is not a
    format string taking its source's arguments (see
    :func:`i18n_news.python_format.message_problem`, and ``often`` there)."""
    if message.fuzzy or message.obsolete or not message.msgid:
        return None  # an empty msgid: the header, or a message msgfmt does not check
    plural = message.msgid_plural
    translations = (message.msgstr,) if plural is None else message.msgstr_plural
    if not translations or not translations[0]:
        return None
    problem = None
    if plural is not None or "\n" in message.msgid or "\n" in message.msgstr:
        problem = newline_problem(message.msgid, translations, plural)
    if problem is None and "python-format" in message.flags:
        problem = message_problem(message, often)
        if problem is not None:
            return f"{problem} (a python-format message)"
    return problem


def newline_problem(
    msgid: str, translations: Sequence[str], msgid_plural: str | None = None
) -> str | None:
    """Why ``msgfmt -c`` refuses a translated message of ``msgid`` for its newlines, if it
    does (GNU's ``check_newlines``): the msgid_plural of a plural message, and each of
    ``translations`` (its msgstr, or its forms), must begin with a newline if the msgid does
    and only then, and likewise end with one. An empty msgid (the header's) is not checked."""
    if not msgid:
        return None
    named = [("the msgstr", translations[0])] if msgid_plural is None else [
        ("the msgid_plural", msgid_plural),
        *((f"msgstr[{index}]", form) for index, form in enumerate(translations)),
    ]  # fmt: skip
    for verb, index in (("begins", 0), ("ends", -1)):
        wanted = msgid[index] == "\n"
        for name, text in named:
            if (text[index] == "\n" if text else False) != wanted:
                has, lacks = ("the msgid", name) if wanted else (name, "the msgid")
                return (
                    f"{has} {verb} with a newline (\\n) and {lacks} does not: both must, or neither"
                )
    return None


#: A string closed, then a comment on its line (``"Montréal" # checked``).
_COMMENTED_STRING = re.compile(r'"(?:[^"\\]|\\.)*"[ \t]*#')


def _closed(text: str) -> bool:
    """Whether a string ending in ``\\"`` is closed: the final quote is not itself escaped."""
    backslashes = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def parse_po(data: bytes | str, path: str = "<catalog>") -> Catalog:
    """Parse the text of a ``.po`` or ``.pot`` file; raise :class:`CatalogError` naming the line."""
    return _Reader(_decode(data, path), path).read()


def parse_translation_table(data: bytes | str, path: str = "<catalog>") -> TranslationTable:
    """What a build needs of a ``.po`` file: ``TranslationTable.of(parse_po(data, path))``,
    about twice as fast for a file as GNU gettext writes it (the same errors)."""
    text = _decode(data, path)
    table = _Reader(text, path).read_table()
    return table if table is not None else TranslationTable.of(_Reader(text, path).read())


def parse_catalog_summary(data: bytes | str, path: str = "<catalog>") -> CatalogSummary:
    """What ``status`` needs of a ``.po`` file: ``CatalogSummary.of(parse_po(data, path))``,
    read as :func:`parse_translation_table` reads it (the same errors)."""
    text = _decode(data, path)
    reader = _Reader(text, path)
    table = reader.read_table()
    if table is None:
        return CatalogSummary.of(_Reader(text, path).read())
    msgids = frozenset(table.states.keys() | reader.in_context)
    return CatalogSummary(table, msgids, tuple(reader.header_catalog.header))


def parse_translated(data: bytes | str, path: str = "<catalog>") -> list[tuple[str, str]]:
    """What a translation memory takes of a ``.po`` file: the msgid and msgstr of each live,
    singular message without a context, translated and not fuzzy, in file order (a message
    in a context, a button's "Open", is no translation of the text alone); read as
    :func:`parse_translation_table` reads it when no message has a context (the same errors)."""
    text = _decode(data, path)
    reader = _Reader(text, path)
    table = reader.read_table()
    if table is not None and not reader.in_context:
        return list(table.translations.items())
    catalog = _Reader(text, path).read()
    return [
        (m.msgid, m.msgstr)
        for m in catalog
        if m.translated and m.msgid_plural is None and m.msgctxt is None and not m.blank
    ]


#: The msgid of a live entry, each of its strings on a line of its own.
_LIVE_MSGID = re.compile(rf"^msgid ((?:{_STRING})+)", re.MULTILINE)


def live_msgids(data: bytes | str, path: str = "<catalog>") -> list[str]:
    """The msgids of the live entries of a file as GNU gettext writes it (the header's empty
    one first), read at once, without reading or checking the rest of the file: for a caller
    that checks what it gets by other means (see :mod:`i18n_news.outline`)."""
    text = _decode(data, path)
    reader = _Reader(text, path)
    return [reader.strings(lines, 0) for lines in _LIVE_MSGID.findall(text)]


def _decode(data: bytes | str, path: str) -> str:
    """The text of a catalog file, without a byte order mark, its lines ended by ``\n``
    whether they end so or with ``\r\n``. A carriage return alone is a character of the line,
    as GNU gettext reads it; a file whose lines all end with one (an old Mac's) is refused."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise CatalogError(
                "not valid UTF-8 (catalogs must be UTF-8; convert with 'msgconv -t UTF-8')",
                path,
                line,
            ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\n" not in text.rstrip("\r"):
            raise CatalogError(
                "its lines end with a carriage return alone (an old Mac's line ends), which "
                "GNU gettext does not read: save it with LF line ends",
                path,
                1,
            )
    return text


def _flags(text: str) -> list[str]:
    """The flags written in the text of a ``#,`` comment (after the ``#,``): words between
    commas and ASCII spaces, as GNU gettext reads them (``#, fuzzy python-format`` is two)."""
    text = text.strip(_SPACES)
    if _FLAG_SEPARATORS.search(text) is None:  # one flag, as most entries have
        return [text] if text else []
    return [flag for flag in _FLAG_SEPARATORS.split(text) if flag]


def _odd_space(text: str) -> str | None:
    """The first space in ``text`` that GNU gettext does not read as one (see :data:`_SPACES`)."""
    return next((c for c in text if c.isspace() and c not in _SPACES and c not in "\n\r"), None)


def _space_name(space: str, where: str = "") -> str:
    """How messages name a space GNU gettext does not read as one, and where it is."""
    return f"U+{ord(space):04X}{' ' + where if where else ''}, a space GNU gettext does not take"


def _has_fuzzy_flag(comments: str) -> bool:
    """Whether an entry's comment lines have the fuzzy flag."""
    return _has_flag(comments, "fuzzy")


def _has_flag(comments: str, flag: str) -> bool:
    """Whether an entry's comment lines have ``flag``."""
    return any(flag in _flags(line[2:]) for line in comments.split("\n") if line.startswith("#,"))


def _entries_only(text: str) -> bool:
    """Whether a file may be read entry by entry (see :meth:`_Reader.read_entries`): no
    obsolete entries, ``\n`` line ends, a last line ended."""
    # "~" first: a rare character is found at once, where "#~" is tried at every comment.
    obsolete = "~" in text and "#~" in text
    return not obsolete and "\r" not in text and text.endswith("\n")


def line_ending(data: bytes) -> str:
    """The line ending a file uses: ``\\r\\n`` if its first line ends so, else ``\\n``."""
    first = data.find(b"\n")
    return "\r\n" if first > 0 and data[first - 1 : first] == b"\r" else "\n"


# --------------------------------------------------------------------------- writing


_ESCAPE_TABLE = str.maketrans(_UNESCAPES)
_TO_ESCAPE = re.compile("[" + re.escape("".join(_UNESCAPES)) + "]")


def _escape(text: str) -> str:
    # Most text has nothing to escape, and finding that is faster than translating it.
    return text if _TO_ESCAPE.search(text) is None else text.translate(_ESCAPE_TABLE)


def _char_width(char: str) -> int:
    """Columns a character takes, as GNU counts them: none for combining marks, format
    characters (such as a soft hyphen or a direction mark) and Hangul's medial and final
    letters; two for wide East Asian characters."""
    mark = unicodedata.category(char) in ("Mn", "Me", "Cf")
    if mark or "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


#: Characters met so far that take one column, and those that take none or two.
_NARROW: set[str] = set()
_ODD_WIDTHS: dict[str, int] = {}


def _odd_widths(text: str) -> dict[str, int]:
    """The characters of ``text`` that do not take one column, with their widths."""
    odd = {}
    for char in set(text).difference(_NARROW):
        width = _ODD_WIDTHS.get(char)
        if width is None:
            width = _char_width(char)
            if width == 1:
                _NARROW.add(char)
                continue
            _ODD_WIDTHS[char] = width
        odd[char] = width
    return odd


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    odd = _odd_widths(text)
    return len(text) + sum((width - 1) * text.count(char) for char, width in odd.items())


def _columns(text: str) -> Sequence[int]:
    """The column at which each character of ``text`` starts, and the total width last."""
    odd = None if text.isascii() else _odd_widths(text)
    if not odd:
        return range(len(text) + 1)
    columns = [0]
    total = 0
    for char in text:
        total += odd.get(char, 1)
        columns.append(total)
    return columns


_CLASSES = {
    **dict.fromkeys(" ", "SP"),
    **dict.fromkeys(
        "\u00a0\u202f\u2007\u2011\u034f\u035c\u035d\u035e\u035f\u0360\u0361\u0362", "GL"
    ),
    **dict.fromkeys("\u2060\ufeff", "WJ"),
    **dict.fromkeys(".,:;", "IS"),
    "/": "SY",
    "-": "HY",
    **dict.fromkeys("\u2013\u2010\u00ad|", "BA"),
    "\u2014": "B2",
    **dict.fromkeys("([{\u00a1\u00bf", "OP"),
    **dict.fromkeys(")]", "CP"),
    "}": "CL",
    **dict.fromkeys("\"'\u2018\u2019\u201c\u201d\u00ab\u00bb\u2039\u203a", "QU"),
    **dict.fromkeys("!?", "EX"),
    **dict.fromkeys("$£¥€+\\\u00a4\u00b1\u2116", "PR"),  # the backslash of escapes too
    **dict.fromkeys("%‰°¢\u2103\u2109\u20a7\u20b6\u20bb\u20be\u20c0", "PO"),
    "\u00b4": "BB",
    **dict.fromkeys("\u2026\u22ef", "IN"),
    # Ornamental quotation marks, and signs GNU reads before a number.
    **dict.fromkeys("\u275b\u275c\u275d\u275e\u275f\u2760\U0001f676\U0001f677\U0001f678", "QU"),
    **dict.fromkeys("\u2212\u2213", "PR"),
    **dict.fromkeys("\u2762\u2763", "EX"),
    # Phonetic stress marks, and the punctuation of scholarly and old texts (U+2E00 to U+2E5D).
    **dict.fromkeys("\u02c8\u02cc\u02df", "BB"),
    **dict.fromkeys("".join(map(chr, range(0x2E00, 0x2E0E))) + "\u2e1c\u2e1d\u2e20\u2e21", "QU"),
    "\u2e18": "OP",
    **dict.fromkeys(
        "\u2e0e\u2e0f\u2e10\u2e11\u2e12\u2e13\u2e14\u2e15\u2e17\u2e19\u2e2a\u2e2b\u2e2c\u2e2d"
        "\u2e30\u2e31\u2e33\u2e34\u2e3c\u2e3d\u2e3e\u2e40\u2e41\u2e43\u2e44\u2e45\u2e46"
        "\u2e47\u2e48\u2e49\u2e4a\u2e4c\u2e4e\u2e4f\u2e5d",
        "BA",
    ),
    **dict.fromkeys("\u2e3a\u2e3b", "B2"),
    **dict.fromkeys("\u2e2e\u2e53\u2e54", "EX"),
    # The small and vertical forms of Chinese and Japanese punctuation.
    **dict.fromkeys("\ufe10\ufe13\ufe14", "IS"),
    **dict.fromkeys("\ufe11\ufe12\ufe50\ufe52", "CL"),
    **dict.fromkeys("\ufe15\ufe16\ufe56\ufe57", "EX"),
    **dict.fromkeys("\ufe54\ufe55", "NS"),
    "\ufe19": "IN",
    "\ufe6a": "PO",
    **dict.fromkeys("\U0001f679\U0001f67a\U0001f67b", "NS"),
    # Chinese and Japanese punctuation, and what a line may not start with.
    **dict.fromkeys("\u3001\u3002\uff0c\uff0e", "CL"),
    **dict.fromkeys("\uff01\uff1f", "EX"),
    **dict.fromkeys("\uff1a\uff1b\u30fb\u3005\u303b\u309d\u309e\u30fd\u30fe\u301c\u30a0", "NS"),
    **dict.fromkeys("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー", "NS"),
    **dict.fromkeys("\u303c\u309b\u309c", "NS"),
    **dict.fromkeys("".join(map(chr, range(0x31F0, 0x3200))), "NS"),
    "\u3035": "CM",
    "\u303f": "ID",
    "\u3000": "BA",
    "\uff05": "PO",
    **dict.fromkeys("\uff04\uffe5", "PR"),
    # Their halfwidth forms.
    **dict.fromkeys("\uff61\uff64", "CL"),
    **dict.fromkeys("\uff65\uff67\uff68\uff69\uff6a\uff6b\uff6c\uff6d\uff6e\uff6f\uff70", "NS"),
    **dict.fromkeys("\uff9e\uff9f", "NS"),
    "\uffe0": "PO",
    **dict.fromkeys("\uffe1\uffe6\u20a9", "PR"),
    # Spaces other than the space, and the rest of Unicode's general punctuation.
    **dict.fromkeys("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f", "BA"),
    **dict.fromkeys("\u2012\u2027\u2056\u2058\u2059\u205a\u205b\u205d\u205e", "BA"),
    "\u200b": "ZW",
    "\u200d": "ZWJ",
    **dict.fromkeys("\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e", "CM"),
    **dict.fromkeys("\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f", "CM"),
    **dict.fromkeys("\u201a\u201e\u2045", "OP"),
    "\u2046": "CL",
    **dict.fromkeys("\u201b\u201f", "QU"),
    **dict.fromkeys("\u2024\u2025", "IN"),
    **dict.fromkeys("\u2031\u2032\u2033\u2034\u2035\u2036\u2037", "PO"),
    **dict.fromkeys("\u203c\u203d\u2047\u2048\u2049", "NS"),
    "\u2044": "IS",
    # Greek, Hebrew, Arabic and Devanagari punctuation.
    **dict.fromkeys("\u05be\u0964\u0965", "BA"),
    **dict.fromkeys("\u037e\u060c\u060d", "IS"),
    **dict.fromkeys("\u05c6\u061b\u061d\u061e\u061f\u06d4", "EX"),
    **dict.fromkeys("\u0609\u060a\u060b\u066a", "PO"),
    **dict.fromkeys("\u066b\u066c", "NU"),
    "\u061c": "CM",
}
#: The classes of the other wide characters (Chinese, Japanese, Korean, fullwidth forms,
#: emoji) by their category: opening brackets ("OW": as "OP", but for LB30), closing ones,
#: and ideographs, around which a line may break.
_WIDE_CLASSES = {"Ps": "OW", "Pe": "CL"}


_NUMERIC = {
    ("AL", "NU"), ("NU", "AL"), ("NU", "PO"), ("NU", "PR"), ("CL", "PO"), ("CL", "PR"),
    ("CP", "PO"), ("CP", "PR"), ("PO", "OP"), ("PO", "NU"), ("PR", "OP"), ("PR", "NU"),
    ("HY", "NU"), ("IS", "NU"), ("NU", "NU"), ("SY", "NU"), ("NU", "IS"), ("NU", "SY"),
}  # fmt: skip


#: One letter for each line-breaking class, to find break points in a string of classes.
_LETTERS = {
    "AL": "A", "NU": "N", "SP": "S", "GL": "G", "IS": "I", "SY": "Y", "HY": "H", "BA": "B",
    "B2": "2", "OP": "O", "CP": "C", "CL": "L", "QU": "Q", "EX": "E", "PR": "P", "PO": "p",
    "IN": "n", "WJ": "W", "ID": "D", "NS": "s", "OW": "w",
    "ZW": "Z", "CM": "M", "ZWJ": "J", "CA": "a", "BB": "b",
    "JL": "j", "JV": "v", "JT": "t", "H2": "h", "H3": "k", "HL": "r", "HH": "x", "RI": "f",
    "EB": "e", "EM": "m",
}  # fmt: skip


class _ClassLetters(dict[int, str]):
    """The class letter of each character met so far, by code point: a ``str.translate``
    table that fills itself."""

    def __missing__(self, code: int) -> str:
        letter = self[code] = _LETTERS[_line_class(chr(code))]
        return letter


_CLASS_LETTERS = _ClassLetters()
#: The classes of most text, and where the rules let a line break in text of only those.
_PROSE_CLASSES = frozenset("ANSIQH")
_PROSE_BREAKS = re.compile(r"(?<=S)(?=[ANQH])|(?<=[IH])(?=A)")


def _line_class(char: str) -> str:
    """The UAX #14 line-breaking class of a character, for the classes that matter here.

    Numbers are the narrow decimal digits (Unicode's Nd), as in GNU's tables: "²" and "①"
    are letters there, and a fullwidth "１" an ideograph.
    """
    found = _CLASSES.get(char)
    if found is not None:
        return found
    if "\u1100" <= char <= "\ud7ff" and (korean := _korean_class(ord(char))):
        return korean
    category = unicodedata.category(char)
    if category == "Lo" and ("\u05d0" <= char <= "\u05f2" or "\ufb1d" <= char <= "\ufb4f"):
        return "HL"  # a Hebrew letter
    if "\U0001f1e6" <= char <= "\U0001f1ff":
        return "RI"  # a regional indicator: two make a flag
    if category in ("Mn", "Mc", "Me"):
        return "CM"
    if category == "Sc":  # currency signs come before the amount, but those listed above
        return "PR"
    code = ord(char)
    if code >= 0x2300 and (pictograph := _pictograph_class(code)):
        return pictograph
    width = unicodedata.east_asian_width(char)
    if width in ("W", "F") or (width == "H" and "\uff61" <= char <= "\uffe7"):
        return _WIDE_CLASSES.get(category, "ID")
    if category in _NARROW_CLASSES:  # brackets of mathematics and ornaments
        return _NARROW_CLASSES[category]
    return "NU" if char.isdecimal() else "AL"


def _pictograph_class(code: int) -> str | None:
    """The class of a symbol or an emoji, where GNU's tables give it another than its width and
    category do: a person or a hand a skin tone may follow (``EB``), a skin tone (``EM``), a
    pictograph a line may break around as around an ideograph though it takes one column (☺,
    ✈: ``ID``), or a wide emoji a line does not break around (✅, ⭐: ``AL``)."""
    if 0x1F3FB <= code <= 0x1F3FF:
        return "EM"
    for ranges, name in ((_PERSONS, "EB"), (_PICTOGRAPHS, "ID"), (_WIDE_LETTERS, "AL")):
        index = bisect_right(ranges, (code, 0x10FFFF)) - 1
        if index >= 0 and ranges[index][0] <= code <= ranges[index][1]:
            return name
    return None


#: What a skin tone may follow (LB30b: the pair never breaks), as GNU gettext 0.21 finds
#: them (each character tried with a skin tone after it, at a line's end, with ``msgcat``).
_PERSONS = [
    (0x261D, 0x261D), (0x26F9, 0x26F9), (0x270A, 0x270D), (0x1F385, 0x1F385), (0x1F3C2, 0x1F3C4),
    (0x1F3C7, 0x1F3C7), (0x1F3CA, 0x1F3CC), (0x1F442, 0x1F443), (0x1F446, 0x1F450),
    (0x1F466, 0x1F478), (0x1F47C, 0x1F47C), (0x1F481, 0x1F483), (0x1F485, 0x1F487),
    (0x1F48F, 0x1F48F), (0x1F491, 0x1F491), (0x1F4AA, 0x1F4AA), (0x1F574, 0x1F575),
    (0x1F57A, 0x1F57A), (0x1F590, 0x1F590), (0x1F595, 0x1F596), (0x1F645, 0x1F647),
    (0x1F64B, 0x1F64F), (0x1F6A3, 0x1F6A3), (0x1F6B4, 0x1F6B6), (0x1F6C0, 0x1F6C0),
    (0x1F6CC, 0x1F6CC), (0x1F90C, 0x1F90C), (0x1F90F, 0x1F90F), (0x1F918, 0x1F91F),
    (0x1F926, 0x1F926), (0x1F930, 0x1F939), (0x1F93C, 0x1F93E), (0x1F977, 0x1F977),
    (0x1F9B5, 0x1F9B6), (0x1F9B8, 0x1F9B9), (0x1F9BB, 0x1F9BB), (0x1F9CD, 0x1F9CF),
    (0x1F9D1, 0x1F9DD), (0x1FAC3, 0x1FAC5), (0x1FAF0, 0x1FAF6),
]  # fmt: skip
#: The narrow symbols and emoji that GNU gettext 0.21 breaks around as around an ideograph
#: (each tried between two letters, at a line's end, with ``msgcat``).
_PICTOGRAPHS = [
    (0x23F1, 0x23F2), (0x2600, 0x2603), (0x2618, 0x2618), (0x261A, 0x261F), (0x2639, 0x263B),
    (0x2668, 0x2668), (0x26BF, 0x26C3), (0x26C6, 0x26C8), (0x26CD, 0x26CD), (0x26CF, 0x26D1),
    (0x26D3, 0x26D3), (0x26D8, 0x26D9), (0x26DC, 0x26DC), (0x26DF, 0x26E1), (0x26F1, 0x26F1),
    (0x26F4, 0x26F4), (0x26F7, 0x26F9), (0x26FE, 0x2704), (0x2708, 0x2709), (0x270C, 0x270D),
    (0x2764, 0x2764), (0x1F000, 0x1F003), (0x1F005, 0x1F02B), (0x1F030, 0x1F093),
    (0x1F0A0, 0x1F0AE), (0x1F0B1, 0x1F0BF), (0x1F0C1, 0x1F0CE), (0x1F0D1, 0x1F0F5),
    (0x1F10D, 0x1F10F), (0x1F16D, 0x1F16F), (0x1F1AD, 0x1F1AD), (0x1F321, 0x1F32C),
    (0x1F336, 0x1F336), (0x1F37D, 0x1F37D), (0x1F394, 0x1F39B), (0x1F39E, 0x1F39F),
    (0x1F3CB, 0x1F3CE), (0x1F3D4, 0x1F3DF), (0x1F3F1, 0x1F3F3), (0x1F3F5, 0x1F3F7),
    (0x1F43F, 0x1F43F), (0x1F441, 0x1F441), (0x1F4FD, 0x1F4FE), (0x1F54A, 0x1F54A),
    (0x1F54F, 0x1F54F), (0x1F568, 0x1F579), (0x1F57B, 0x1F594), (0x1F597, 0x1F5A3),
    (0x1F5A5, 0x1F5D3), (0x1F5DC, 0x1F5F3), (0x1F5FA, 0x1F5FA), (0x1F6C6, 0x1F6CB),
    (0x1F6CD, 0x1F6CF), (0x1F6D3, 0x1F6D4), (0x1F6E0, 0x1F6EA), (0x1F6F0, 0x1F6F3),
    (0x1F7D5, 0x1F7D8), (0x1F8B0, 0x1F8B1), (0x1F93B, 0x1F93B), (0x1F946, 0x1F946),
    (0x1FA60, 0x1FA6D),
]  # fmt: skip
#: The wide emoji that GNU gettext 0.21 does not break around, as it does not within a word
#: (they take two columns all the same).
_WIDE_LETTERS = [
    (0x23E9, 0x23EC), (0x25FD, 0x25FE), (0x2648, 0x2653), (0x2693, 0x2693), (0x26A1, 0x26A1),
    (0x26AA, 0x26AB), (0x26CE, 0x26CE), (0x2705, 0x2705), (0x2728, 0x2728), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A), (0x1F3B5, 0x1F3B6), (0x1F3BC, 0x1F3BC), (0x1F4A0, 0x1F4A0),
    (0x1F4A2, 0x1F4A2), (0x1F4A4, 0x1F4A4), (0x1F4AF, 0x1F4AF), (0x1F4B1, 0x1F4B2),
    (0x1F500, 0x1F506), (0x1F517, 0x1F524), (0x1F532, 0x1F53D),
]  # fmt: skip
_NARROW_CLASSES = {"Ps": "OP", "Pe": "CL"}


def _korean_class(code: int) -> str | None:
    """The class of a Hangul syllable (with a final consonant or not) or of a Hangul letter
    (leading consonant, vowel, trailing consonant), if ``code`` is one."""
    if 0xAC00 <= code <= 0xD7A3:
        return "H2" if (code - 0xAC00) % 28 == 0 else "H3"
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97F:
        return "JL"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "JV"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "JT"
    return None


_KOREAN = ("JL", "JV", "JT", "H2", "H3")
#: Classes that follow the rules of another but for those :func:`_may_break` names.
_ALIASES = {"HL": "AL", "HH": "HY", "CA": "AL", "OW": "OP", "EB": "ID", "EM": "ID"}


def _may_break(before: str, after: str, before_spaces: str) -> bool:
    """Whether a line may break between two classes (UAX #14's pair rules, as libunistring
    applies them); ``before_spaces`` is the class before a run of spaces.

    Four classes of :data:`_ALIASES` follow another's rules but for one or two: a Hebrew
    letter (``HL``), and a hyphen after one (``HH``), a mark after spaces (``CA``) and a wide
    opening bracket (``OW``).
    """
    if before == "HH" or (before == "SY" and after == "HL"):  # LB21a, LB21b
        return False
    if before == "EB" and after == "EM":  # LB30b: a person and its skin tone
        return False
    if before == "SP" and after == "CA":  # a mark after spaces: break before it
        return True
    wide_opening = after == "OW"
    before, after, before_spaces = (
        _ALIASES.get(name, name) for name in (before, after, before_spaces)
    )
    if wide_opening and before in ("AL", "NU"):  # LB30 is for narrow brackets alone
        return True
    if after in ("SP", "ZW"):  # LB7
        return False
    if before == "ZW" or (before == "SP" and before_spaces == "ZW"):  # LB8
        return True
    if after in ("CL", "CP", "EX", "IS", "SY"):  # LB13
        return False
    if "WJ" in (before, after):  # LB11, even after spaces
        return False
    if before == "GL" or (after == "GL" and before not in ("SP", "BA", "HY")):  # LB12, LB12a
        return False
    if before == "SP":  # LB14, LB15, LB16, LB17, then LB18: break after spaces
        if before_spaces == "OP" or (before_spaces == "QU" and after == "OP"):
            return False
        if before_spaces == "CL" and after == "NS":  # not after ")" or "]"
            return False
        return not (before_spaces == "B2" and after == "B2")
    if before in ("OP", "BB") or "QU" in (before, after):  # LB14, LB19, LB21
        return False
    if after in ("BA", "HY", "IN", "NS") or (before == after == "B2"):  # LB21, LB22, LB17
        return False
    within_syllable = (
        (before == "JL" and after in ("JL", "JV", "H2", "H3"))
        or (before in ("JV", "H2") and after in ("JV", "JT"))
        or (before in ("JT", "H3") and after == "JT")
    )
    if within_syllable:  # LB26: the letters of a Hangul syllable
        return False
    if (before in _KOREAN and after == "PO") or (before == "PR" and after in _KOREAN):
        return False  # LB27

    if (before, after) in _NUMERIC:  # LB23, LB25
        return False
    if (before in ("PR", "PO") and after == "AL") or (before == "AL" and after in ("PR", "PO")):
        return False  # LB24
    if (before == "PR" and after == "ID") or (before == "ID" and after == "PO"):
        return False  # LB23a
    if (before == "CP" and after in ("AL", "NU")) or (before in ("AL", "NU") and after == "OP"):
        return False  # LB30
    if before == after == "RI":  # LB30a: after every second one (see _break_points)
        return False
    return not (before == after == "AL")  # LB28; everything else may break


def _letters(names: Iterable[str]) -> str:
    """A pattern matching the letter of any of the classes ``names``."""
    return "[" + re.escape("".join(_LETTERS[name] for name in names)) + "]"


def _pair_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a line may break between two characters neither of which is a space, in a
    string of class letters, by :func:`_may_break`: a pattern matching the character before
    each break, for most classes, and one matching the character after it, for letters and
    numbers (which are most characters, and break only before a few)."""
    others = [name for name in _LETTERS if name != "SP"]
    by_after: dict[tuple[str, ...], list[str]] = {}
    for before in others:
        after = tuple(name for name in others if _may_break(before, name, "AL"))
        if after:
            by_after.setdefault(after, []).append(before)
    before_break = []
    after_break = []
    for after, befores in by_after.items():
        common = [name for name in befores if name in ("AL", "NU")]
        rare = [name for name in befores if name not in ("AL", "NU")]
        if rare:
            before_break.append(f"{_letters(rare)}(?={_letters(after)})")
        if common:
            after_break.append(f"(?<={_letters(common)}){_letters(after)}")
    return re.compile("|".join(before_break)), re.compile("|".join(after_break))


def _space_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], str]:
    """Where a line may break after a run of spaces, in a string of class letters, by
    :func:`_may_break`: a pattern matching each run it may break after when a letter comes
    before the run, one matching the runs it may not break after because of the class that
    comes before them, one the runs it may break after only because of that class, and the
    letters of the classes that last pattern starts with."""
    others = [name for name in _LETTERS if name != "SP"]
    usual = [name for name in others if _may_break("SP", name, "AL")]
    refusing, allowing, allowing_letters = [], [], ""
    for before in others:
        allowed = [name for name in others if _may_break("SP", name, before)]
        if refused := [name for name in usual if name not in allowed]:
            refusing.append(f"{_letters([before])}S+(?={_letters(refused)})")
        if more := [name for name in allowed if name not in usual]:
            allowing.append(f"{_letters([before])}S+(?={_letters(more)})")
            allowing_letters += _LETTERS[before]
    return (
        re.compile(f"S+(?={_letters(usual)})"),
        re.compile("|".join(refusing)),
        re.compile("|".join(allowing)),
        allowing_letters,
    )


_BREAKS_AFTER, _BREAKS_BEFORE = _pair_patterns()
_SPACE_BREAKS, _NO_SPACE_BREAKS, _MORE_SPACE_BREAKS, _MORE_SPACE_LETTERS = _space_patterns()


def _break_points(text: str) -> list[int]:
    """Offsets after which a line may break, as GNU gettext finds them (UAX #14), ascending;
    the end of the text is the last.

    The rules run over a string of class letters, the text's with every character replaced
    by its class's, as patterns made from them once (two letters in a row never break, LB28).
    """
    classes = text.translate(_CLASS_LETTERS)
    # Runs of regional indicators, and a hyphen right after a Hebrew letter (LB21a), as GNU
    # finds them: before marks join the characters they follow.
    flags = _between_flags(classes) if "f" in classes else ()
    if "r" in classes:
        classes = _HEBREW_HYPHEN.sub("x", classes)
    glued: Collection[int] = ()
    if "M" in classes or "J" in classes:
        classes, glued = _attach_marks(classes)
    # A line never breaks at its start, nor after the spaces it starts with.
    leading = len(text) - len(text.lstrip(" "))
    if _PROSE_CLASSES.issuperset(classes):
        # Words, numbers, spaces, apostrophes, hyphens and ".,:;" (most text): the rules
        # come down to breaking after spaces and after "." or "-" before a letter.
        found = [match.start() for match in _PROSE_BREAKS.finditer(classes)]
        if glued:
            found = [point for point in found if point not in glued]
        return [point for point in found if point > leading] + [len(text)]
    points = [match.end() for match in _SPACE_BREAKS.finditer(classes)]
    if refused := {match.end() for match in _NO_SPACE_BREAKS.finditer(classes)}:
        points = [point for point in points if point not in refused]
    if any(letter in classes for letter in _MORE_SPACE_LETTERS):  # rare (LB8)
        points += [match.end() for match in _MORE_SPACE_BREAKS.finditer(classes)]
    points += [match.start() for match in _BREAKS_BEFORE.finditer(classes)]
    points += flags
    for match in _BREAKS_AFTER.finditer(classes):
        i = match.start()
        # ``text`` is escaped: a backslash and the character after it are one unit.
        if text[i] == "\\" and (i + 1 - len(text[: i + 1].rstrip("\\"))) % 2:
            continue
        points.append(i + 1)
    points.sort()
    if leading or glued:
        points = [point for point in points if point > leading and point not in glued]
    points.append(len(text))
    return points


_MARK_RUNS = re.compile(r"([MJ]+)")
#: A hyphen or a break-after character ("HY", "BA") right after a Hebrew letter ("HL").
_HEBREW_HYPHEN = re.compile(r"(?<=r)[HB]")
#: A run of regional indicators ("RI"), two of which make a flag, and marks among them.
_INDICATOR_RUNS = re.compile("f[fMJ]*")


def _between_flags(classes: str) -> list[int]:
    """Where a line may break between two flags, in a string of class letters (marks not
    attached yet): before every regional indicator that an even number of them precede in
    its run, marks aside (LB30a), but right after a zero-width joiner (LB8a)."""
    points = []
    for run in _INDICATOR_RUNS.finditer(classes):
        count = 0
        for offset in range(run.start(), run.end()):
            if classes[offset] == "f":
                if count and not count % 2 and classes[offset - 1] != "J":
                    points.append(offset)
                count += 1
    return points


def _attach_marks(classes: str) -> tuple[str, set[int]]:
    """The class letters with each combining mark (or zero-width joiner) given the class of
    the character it follows, a letter's at the start or after a space (LB9, LB10; after a
    space, GNU lets a line break before it whatever came before the space), and the offsets
    before which a line may then not break: before an attached mark, and after a zero-width
    joiner (LB8a)."""
    letters = list(classes)
    glued = {index + 1 for index, letter in enumerate(classes) if letter == "J"}
    for run in _MARK_RUNS.finditer(classes):
        start, end = run.span()
        if start and letters[start - 1] not in "SZ":
            letters[start:end] = letters[start - 1] * (end - start)
            glued.update(range(start, end))
        else:  # at the start, a letter; after spaces, one a line may break before
            letters[start:end] = ("a" if start else "A") * (end - start)
            glued.update(range(start + 1, end))
    return "".join(letters), glued


def _wrap_portion(escaped: str, width: int, ends_line: bool) -> list[str]:
    """Split one escaped portion of a string (up to a newline, if ``ends_line`` then the
    last) into chunks of at most ``width`` columns.

    Like GNU gettext, breaks are found in the escaped text (so ``\\t`` and ``\\"`` are never
    split) and chosen greedily; a word longer than the line stays whole.
    """
    columns = _columns(escaped)
    # The newline that ends a portion stays on the line it ends.
    glued = len(escaped) - 2 if ends_line else -1
    points = [point for point in _break_points(escaped) if point != glued]
    ends = [columns[point] for point in points]
    chunks: list[str] = []
    start = 0
    last_fit: int | None = None
    index = 0
    while index < len(points):
        # The break points from ``index`` on that fit on the line started at ``start``.
        beyond = bisect_right(ends, columns[start] + width, index)
        if beyond > index:
            last_fit = points[beyond - 1]
        if beyond == len(points):
            break
        point = points[beyond]  # the first that does not fit
        end = last_fit if last_fit is not None else point
        chunks.append(escaped[start:end])
        start = end
        last_fit = point if point != end and columns[point] - columns[start] <= width else None
        if point != end and last_fit is None:
            chunks.append(escaped[start:point])
            start = point
        index = beyond + 1
    if start < len(escaped):
        chunks.append(escaped[start:])
    return chunks


def _unbreakable(escaped: str, glued_newline: bool) -> bool:
    """Whether a line may break nowhere in ``escaped`` (a newline it ends with is glued)."""
    glued = len(escaped) - 2 if glued_newline else -1
    return all(point in (glued, len(escaped)) for point in _break_points(escaped))


def _format_string(keyword: str, value: str, prefix: str = "") -> list[str]:
    """Format ``keyword "value"`` as GNU gettext does, wrapped at :data:`PAGE_WIDTH`."""
    head = f"{prefix}{keyword} "
    escaped = _escape(value)
    width = PAGE_WIDTH - _width(prefix) - 2
    if "\n" not in value[:-1]:
        if _width(head) + _width(escaped) + 2 <= PAGE_WIDTH:
            return [f'{head}"{escaped}"']
        chunks = _wrap_portion(escaped, width, value.endswith("\n"))
        # A string that cannot be broken stays on the keyword's line, however long.
        if len(chunks) == 1 and _unbreakable(escaped, value.endswith("\n")):
            return [f'{head}"{escaped}"']
        return [f'{head}""', *(f'{prefix}"{chunk}"' for chunk in chunks)]
    lines = [f'{head}""']
    for portion in re.findall(r"[^\n]*\n|[^\n]+$", value):
        chunks = _wrap_portion(_escape(portion), width, portion.endswith("\n"))
        lines.extend(f'{prefix}"{chunk}"' for chunk in chunks)
    return lines


def _format_locations(locations: tuple[tuple[str, int | None], ...]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for path, lineno in locations:
        reference = f"{path}:{lineno}" if lineno is not None else path
        # GNU counts bytes here, not columns.
        if current != "#:" and len(current.encode()) + 1 + len(reference.encode()) > PAGE_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + reference
    if current != "#:":
        lines.append(current)
    return lines


def format_message(message: Message) -> list[str]:
    """Return the lines of one entry, without the blank line that separates entries."""
    lines = [f"# {c}" if c else "#" for c in message.translator_comments]
    prefix = "#~ " if message.obsolete else ""
    lines += [f"#. {c}" if c else "#." for c in message.auto_comments]
    lines += _format_locations(message.locations)
    if message.flags:
        lines.append("#, " + ", ".join(message.flags))
    previous_prefix = "#~| " if message.obsolete else "#| "
    if message.previous_msgctxt is not None:
        lines += _format_string("msgctxt", message.previous_msgctxt, previous_prefix)
    if message.previous_msgid is not None:
        lines += _format_string("msgid", message.previous_msgid, previous_prefix)
    if message.previous_msgid_plural is not None:
        lines += _format_string("msgid_plural", message.previous_msgid_plural, previous_prefix)
    if message.msgctxt is not None:
        lines += _format_string("msgctxt", message.msgctxt, prefix)
    lines += _format_string("msgid", message.msgid, prefix)
    if message.msgid_plural is not None:
        lines += _format_string("msgid_plural", message.msgid_plural, prefix)
        for index, form in enumerate(message.msgstr_plural or ("", "")):
            lines += _format_string(f"msgstr[{index}]", form, prefix)
    else:
        lines += _format_string("msgstr", message.msgstr, prefix)
    return lines


def format_po(catalog: Catalog, newline: str = "\n") -> str:
    """Return the text of ``catalog`` as GNU ``msgcat`` would write it."""
    header = Message(
        msgid="",
        msgstr=header_text(catalog.header),
        translator_comments=tuple(catalog.header_comments),
        flags=catalog.header_flags,
    )
    blocks = ["\n".join(format_message(header))]
    blocks += ["\n".join(format_message(m)) for m in catalog.messages if not m.obsolete]
    blocks += ["\n".join(format_message(m)) for m in catalog.messages if m.obsolete]
    text = "\n\n".join(blocks) + "\n"
    return text.replace("\n", newline) if newline != "\n" else text
