"""Front matter read by PyYAML (in C where it has libyaml): any YAML, each value with its
line, and every mistake reported at its line.

Imported only for front matter that is not plain (see :func:`i18n_news.front_matter.read_plain`):
PyYAML takes longer to import than most releases take to read.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ContentError
from .front_matter import Read, shown

#: PyYAML's safe loader, in C (libyaml) where the installed PyYAML has it.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_KINDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date",
    "binary": "base64 data",
}


class _BadValue(Exception):
    """A YAML value that is well formed but cannot be made into its type."""

    def __init__(self, message: str, node: yaml.Node):
        super().__init__(message)
        self.message = message
        self.node = node


class _Loader(_YAML_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, with every failure to make a value reported at the value's node."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR and type(node) is yaml.ScalarNode:
            return node.value  # what the safe loader makes of text (most values), at once
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, LookupError, AttributeError, OverflowError) as error:
            raise _BadValue(self._bad_value(node, error), node) from None

    def _bad_value(self, node: yaml.Node, error: Exception) -> str:
        """Why the value of ``node`` cannot be read (``2022-02-30``, ``!!int abc``...)."""
        tag = str(node.tag).rsplit(":", 1)[-1]
        if not isinstance(node, yaml.ScalarNode):
            return f"this value cannot be read as {_KINDS.get(tag, '!!' + tag)}"
        message = f"{shown(node.value)} cannot be read as {_KINDS.get(tag, '!!' + tag)}"
        if tag == "timestamp":
            match = self.timestamp_regexp.match(node.value)
            offset = 0  # minutes
            if match and match["tz_hour"]:
                offset = int(match["tz_hour"]) * 60 + int(match["tz_minute"] or 0)
            if offset >= 24 * 60:
                message += ": a time zone must be less than 24 hours from UTC"
            elif match and isinstance(error, ValueError):
                message += f": {error}"  # "day is out of range for month", "year 0 is..."
        elif (
            tag in ("int", "float")
            and self.resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag
        ):
            # Written without quotes, the value was read as a number: it may be meant as text.
            message += " (put it in quotes if it is text)"
        return message


def _refuse_duplicate_keys(node: yaml.MappingNode, path: str, line_of: Any) -> None:
    """A key written twice is an error (YAML would silently keep the last value)."""
    first: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = line_of(key.start_mark.index)
        if key.value in first:
            raise ContentError(
                f"front matter key {shown(key.value)} is given twice "
                f"(first on line {first[key.value]})",
                path,
                line,
            )
        first[key.value] = line


#: What YAML closes with a character, as PyYAML names it, in a writer's words.
_CLOSED = {
    "a flow sequence": "the list in brackets",
    "a flow mapping": "the mapping in braces",
    "a quoted scalar": "the quoted text",
}


def read_yaml_front_matter(front: str, path: str) -> Read:
    """Load front matter as :func:`i18n_news.front_matter.read_front_matter` does, whatever
    YAML it is written in."""

    def line_of(index: int) -> int:
        return front.count("\n", 0, index) + 2

    loader = _Loader(front)
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    sources: dict[str, str] = {}
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            raise ContentError("front matter must be a YAML mapping of keys to values", path, 2)
        _refuse_duplicate_keys(node, path, line_of)
        loader.flatten_mapping(node)  # merge keys (<<)
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise ContentError(
                    "front matter keys must be names, not lists or mappings",
                    path,
                    line_of(key.start_mark.index),
                )
            data[key.value] = loader.construct_document(value)
            # The value's line, but the key's for an alias (``date: *other``).
            lines[key.value] = line_of(max(key.start_mark.index, value.start_mark.index))
            if isinstance(value, yaml.ScalarNode):
                sources[key.value] = value.value
    except _BadValue as error:
        raise ContentError(error.message, path, line_of(error.node.start_mark.index)) from None
    except yaml.reader.ReaderError as error:
        # libyaml counts the position in bytes of UTF-8, PyYAML in characters.
        before = (
            front.encode()[: error.position]
            if _YAML_LOADER is not yaml.SafeLoader
            else front[: error.position].encode()
        )
        problem = f"character U+{error.character:04X} is not allowed in YAML"
        raise ContentError(
            f"front matter is not valid YAML: {problem}", path, before.count(b"\n") + 2
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = line_of(mark.index) if mark else 2
        problem = error.problem or error.context or "invalid YAML"
        if error.problem_mark is not None and _character_at(front, error.problem_mark) == "\t":
            problem = "a tab, where YAML takes only spaces to indent: write spaces"
            raise ContentError(f"front matter is not valid YAML: {problem}", path, line) from None
        if error.context and error.context_mark and error.problem_mark:
            what = error.context.removeprefix("while parsing ").removeprefix("while scanning ")
            if what in _CLOSED:
                # Not closed: named at the line where it opens, which is what to mend.
                line = line_of(error.context_mark.index)
                problem = f"{_CLOSED[what]} that opens here is not closed ({problem})"
            else:
                problem += f" (in {what})"
        raise ContentError(f"front matter is not valid YAML: {problem}", path, line) from None
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise ContentError(f"front matter is not valid YAML: {problem}", path, 2) from None
    finally:
        loader.dispose()
    return data, lines, sources


def _character_at(text: str, mark: yaml.Mark) -> str:
    """The character of ``text`` at ``mark`` (its line and column), or "" past its end."""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]
