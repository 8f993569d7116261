"""Read release sources: YAML front matter and a Markdown body -> :class:`Release`."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from .cache import cache_for, digest
from .config import Config
from .digests import file_digest
from .errors import ContentError
from .markup import extract_blocks
from .model import Block, Release
from .policy import KEYS as POLICY_KEYS
from .policy import Policy, parse_policy

REQUIRED = ("title", "date", "dateline", "summary")
OPTIONAL = ("tags", "slug", "draft", "updated", "embargo", "policy")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FENCE = re.compile(r"^---[ \t]*$")
_LINE_BREAK = re.compile(r"\r\n?")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def slugify(title: str, max_length: int = 60) -> str:
    """Make a URL slug from a title: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug[:max_length] or "release"


def release_files(config: Config) -> list[Path]:
    """Every release source of the newsroom, in a stable order."""
    if not config.content_dir.is_dir():
        return []
    return sorted(p for p in config.content_dir.rglob("*.md") if p.is_file())


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split a release into its YAML front matter, its body and the body's first line."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].rstrip("\r")):
        raise ContentError("a release must start with '---' and YAML front matter", path, 1)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r")):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    raise ContentError("front matter is not closed by a '---' line", path, 1)


def read_release(path: Path, config: Config, content: str | None = None) -> Release:
    """Read one release source file (parsed once for each content it has); ``content`` is the
    digest of its bytes, if the caller has it."""
    store = cache_for(config.root).store("releases")
    content = content or file_digest(config.root, path)
    known: Release | None = store.peek(release_key(path, content, config))
    if known is not None:
        return known
    raw = path.read_bytes()
    return store.get(
        release_key(path, digest(raw), config), lambda: parse_release_file(path, raw, config)
    )


def release_key(path: Path, content: str, config: Config) -> str:
    """What a parsed release depends on: its file's content (``digest`` of its bytes), its
    place and the time zone."""
    return f"{content}:{path.relative_to(config.root).as_posix()}:{config.timezone}"


def parse_release_file(path: Path, raw: bytes, config: Config, read_body: bool = True) -> Release:
    """Parse the bytes ``raw`` of the release file at ``path`` (UTF-8, with or without BOM);
    ``read_body`` as :func:`parse_release` has it."""
    relative = path.relative_to(config.root).as_posix()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = error.object[: error.start]
        line = len(_LINE_BREAK_BYTES.split(before))
        byte = error.object[error.start]
        raise ContentError(
            f"not valid UTF-8: byte 0x{byte:02X} ({error.reason}); save the file as UTF-8",
            relative,
            line,
        ) from None
    return parse_release(text, relative, config.zone, default_slug=path.stem, read_body=read_body)


def parse_release(
    text: str, path: str, zone: ZoneInfo, default_slug: str, read_body: bool = True
) -> Release:
    """Parse the text of a release source; ``path`` is used in messages and references.

    Lines end with ``\\n``, ``\\r\\n`` or ``\\r``, and are counted as editors count them.
    Without ``read_body`` the body's Markdown is kept as text, not parsed: ``blocks`` are then
    the front matter's texts alone (for a command that takes the body's texts from the
    release's template, see :mod:`i18n_news.outline`).
    """
    text = _LINE_BREAK.sub("\n", text.removeprefix("\ufeff"))
    front, body, body_line = split_front_matter(text, path)
    data, lines, sources = _load_yaml(front, path)

    def fail(message: str, key: str | None = None) -> ContentError:
        return ContentError(message, path, lines.get(key, 2) if key else 2)

    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        valid = ", ".join((*REQUIRED, *OPTIONAL))
        raise fail(
            f"unknown front matter key {_shown(unknown[0])} (valid keys: {valid})", unknown[0]
        )
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            raise fail(f"front matter lacks {key!r}")

    def text_value(key: str) -> str:
        value = data[key]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise fail(f"{key!r} must be text, not {_kind(value)}", key)
        # A number is kept as written (``3.10``, ``0x1F``), not as Python writes it.
        text = value if isinstance(value, str) else sources.get(key, "")
        text = " ".join(text.split())
        if not text:
            raise fail(f"{key!r} must not be empty", key)
        return text

    slug = data.get("slug", default_slug)
    if isinstance(slug, int) and not isinstance(slug, bool):
        slug = sources.get("slug", "")  # digits, read as a number: ``slug: 2022``
    if not isinstance(slug, str):
        raise fail(f"'slug' must be text, not {_kind(slug)}", "slug")
    if not _SLUG.fullmatch(slug):
        raise fail(
            f"slug {_shown(slug)} must be lower-case letters, digits and hyphens "
            f"(rename the file or set 'slug:')",
            "slug" if "slug" in data else None,
        )
    tags = data.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise fail("'tags' must be a list of tag names", "tags")
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        raise fail("'draft' must be true or false", "draft")
    published = _datetime(data["date"], zone, lambda m: fail(m, "date"))
    updated = None
    if data.get("updated") is not None:
        updated = _datetime(data["updated"], zone, lambda m: fail(m, "updated"))
    embargo = None
    if data.get("embargo") is not None:
        embargo = _datetime(data["embargo"], zone, lambda m: fail(m, "embargo"), need_zone=True)
    policy: dict[str, object] = {}
    if "policy" in data:
        names = data["policy"] if isinstance(data["policy"], dict) else {}
        for name in names:
            if not isinstance(name, str):
                valid = ", ".join(POLICY_KEYS)
                raise fail(
                    f"unknown key {_shown(name)} in 'policy' (valid keys: {valid})", "policy"
                )
        try:
            parse_policy(data["policy"], Policy(), "policy")
        except ValueError as error:
            raise fail(str(error), "policy") from None
        policy = dict(data["policy"])
    title, summary, dateline = text_value("title"), text_value("summary"), text_value("dateline")
    blocks = [
        Block("title", title, lines["title"]),
        Block("summary", summary, lines["summary"]),
        Block("dateline city", dateline, lines["dateline"]),
        *(extract_blocks(body, body_line) if read_body else ()),
    ]
    return Release(
        slug=slug,
        path=path,
        title=title,
        summary=summary,
        dateline=dateline,
        published=published,
        updated=updated,
        tags=tuple(dict.fromkeys(t.strip() for t in tags)),
        body=body,
        body_line=body_line,
        blocks=tuple(blocks),
        draft=draft,
        lines=lines,
        embargo=embargo,
        policy=policy,
    )


#: PyYAML's safe loader, in C (libyaml) where the installed PyYAML has it.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, LookupError, AttributeError, OverflowError) as error:
            raise _BadValue(self._bad_value(node, error), node) from None

    def _bad_value(self, node: yaml.Node, error: Exception) -> str:
        """Why the value of ``node`` cannot be read (``2022-02-30``, ``!!int abc``...)."""
        tag = str(node.tag).rsplit(":", 1)[-1]
        if not isinstance(node, yaml.ScalarNode):
            return f"this value cannot be read as {_KINDS.get(tag, '!!' + tag)}"
        message = f"{_shown(node.value)} cannot be read as {_KINDS.get(tag, '!!' + tag)}"
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
                f"front matter key {_shown(key.value)} is given twice "
                f"(first on line {first[key.value]})",
                path,
                line,
            )
        first[key.value] = line


def _load_yaml(front: str, path: str) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    """Load front matter: the mapping, the file line of each top-level key's value, and the
    source text of the values that are scalars (what a number looked like before it was read).

    Keys are named as written (``on``, ``1``), whatever YAML would make of them.
    """

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
        if error.context and error.context_mark and error.problem_mark:
            # An unclosed construct: name the line where it starts, and where it went wrong.
            line = line_of(error.context_mark.index)
            problem += f" on line {line_of(error.problem_mark.index)} ({error.context})"
        raise ContentError(f"front matter is not valid YAML: {problem}", path, line) from None
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise ContentError(f"front matter is not valid YAML: {problem}", path, 2) from None
    finally:
        loader.dispose()
    return data, lines, sources


def _shown(value: Any) -> str:
    """A front matter value as a message quotes it: short, on one line."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float | date) or (isinstance(value, int) and value.bit_length() < 64):
        return str(value)
    return _kind(value)


def _kind(value: Any) -> str:
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


def _datetime(value: Any, zone: ZoneInfo, fail: Any, need_zone: bool = False) -> datetime:
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
    shown = _shown(value) if isinstance(value, str | int | float | date) else _kind(value)
    if moment is None:
        raise fail(f"{shown} is not a {'date-time' if need_zone else 'date'} (write {example})")
    if moment.tzinfo is None:
        if need_zone:
            raise fail(f"{shown} needs a time zone (write {example})")
        moment = moment.replace(tzinfo=zone)
    try:
        moment.astimezone(UTC)
        return moment.astimezone(zone)
    except OverflowError:
        raise fail(f"{shown} is too far in the past or the future") from None


def load_releases(
    config: Config, paths: Iterable[Path] | None = None, digests: Mapping[str, str] | None = None
) -> list[Release]:
    """Read every release of the newsroom, newest first; duplicate slugs are an error.

    ``digests`` are those of files' content by path, if the caller has them (a build does).
    """
    releases = [
        read_release(path, config, digests.get(str(path)) if digests else None)
        for path in (paths if paths is not None else release_files(config))
    ]
    return newest_first(releases)


def newest_first(releases: list[Release]) -> list[Release]:
    """``releases`` (read in the order of their files), newest first; a slug that two of them
    have is an error, reported at the second file."""
    seen: dict[str, str] = {}
    for release in releases:
        if release.slug in seen:
            raise ContentError(
                f"duplicate slug {release.slug!r}: {seen[release.slug]} has it too "
                "(rename one file or set 'slug:' in its front matter)",
                release.path,
                1,
            )
        seen[release.slug] = release.path
    return sorted(releases, key=lambda r: (r.published, r.slug), reverse=True)
