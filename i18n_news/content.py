"""Read release sources: YAML front matter and a Markdown body -> :class:`Release`."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from .cache import cache_for, digest
from .config import Config
from .errors import ContentError
from .markup import extract_blocks
from .model import Block, Release
from .policy import Policy, parse_policy

REQUIRED = ("title", "date", "dateline", "summary")
OPTIONAL = ("tags", "slug", "draft", "updated", "embargo", "policy")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^---[ \t]*$")


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


def read_release(path: Path, config: Config) -> Release:
    """Read one release source file."""
    relative = path.relative_to(config.root).as_posix()
    raw = path.read_bytes()

    def parse() -> Release:
        try:
            text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError as error:
            raise ContentError(f"not valid UTF-8 ({error.reason})", relative) from None
        return parse_release(text, relative, config.zone, default_slug=path.stem)

    key = f"{digest(raw)}:{relative}:{config.timezone}"
    return cache_for(config.root).store("releases").get(key, parse)


def parse_release(text: str, path: str, zone: ZoneInfo, default_slug: str) -> Release:
    """Parse the text of a release source; ``path`` is used in messages and references."""
    front, body, body_line = split_front_matter(text, path)
    data, lines = _load_yaml(front, path)

    def fail(message: str, key: str | None = None) -> ContentError:
        return ContentError(message, path, lines.get(key, 2) if key else 2)

    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        valid = ", ".join((*REQUIRED, *OPTIONAL))
        raise fail(f"unknown front matter key {unknown[0]!r} (valid keys: {valid})", unknown[0])
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            raise fail(f"front matter lacks {key!r}")

    def text_value(key: str) -> str:
        value = data[key]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise fail(f"{key!r} must be text", key)
        value = " ".join(str(value).split())
        if not value:
            raise fail(f"{key!r} must not be empty", key)
        return value

    slug = data.get("slug", default_slug)
    if not isinstance(slug, str) or not _SLUG.match(slug):
        where = "slug" if "slug" in data else None
        raise fail(
            f"slug {slug!r} must be lower-case letters, digits and hyphens "
            f"(rename the file or set 'slug:')",
            where,
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
        *extract_blocks(body, body_line),
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


def _load_yaml(front: str, path: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Load front matter; return the mapping and the file line of each top-level key."""
    try:
        node = yaml.compose(front, Loader=_YAML_LOADER)
        data = yaml.load(front, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 2
        problem = error.problem or error.context or "invalid YAML"
        if error.context and error.context_mark and error.problem_mark:
            # An unclosed construct: name the line where it starts, and where it went wrong.
            line = error.context_mark.line + 2
            problem += f" on line {error.problem_mark.line + 2} ({error.context})"
        raise ContentError(f"front matter is not valid YAML: {problem}", path, line) from None
    except yaml.YAMLError as error:
        raise ContentError(f"front matter is not valid YAML: {error}", path, 2) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError("front matter must be a YAML mapping of keys to values", path, 2)
    lines = {
        str(key.value): value.start_mark.line + 2
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return {str(k): v for k, v in data.items()}, lines


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
    if moment is None:
        raise fail(f"{value!r} is not a {'date-time' if need_zone else 'date'} (write {example})")
    if moment.tzinfo is None:
        if need_zone:
            raise fail(f"{value!r} needs a time zone (write {example})")
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def load_releases(config: Config, paths: Iterable[Path] | None = None) -> list[Release]:
    """Read every release of the newsroom, newest first; duplicate slugs are an error."""
    releases: list[Release] = []
    seen: dict[str, str] = {}
    for path in paths if paths is not None else release_files(config):
        release = read_release(path, config)
        if release.slug in seen:
            raise ContentError(
                f"duplicate slug {release.slug!r}: {seen[release.slug]} has it too "
                "(rename one file or set 'slug:' in its front matter)",
                release.path,
                1,
            )
        seen[release.slug] = release.path
        releases.append(release)
    releases.sort(key=lambda r: (r.published, r.slug), reverse=True)
    return releases
