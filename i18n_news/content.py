"""Read release sources: YAML front matter and a Markdown body -> :class:`Release`."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

from .cache import cache_for, digest
from .config import Config
from .digests import file_digest
from .errors import ContentError, UnknownReleaseError
from .layout import content_files, display_name
from .model import Block, Release
from .policy import KEYS as POLICY_KEYS
from .policy import Policy, parse_policy
from .xmlchars import control_characters

REQUIRED = ("title", "date", "dateline", "summary")
OPTIONAL = ("tags", "slug", "draft", "updated", "embargo", "policy", "extra")
_KEYS = frozenset(REQUIRED + OPTIONAL)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FENCE = re.compile(r"^---[ \t]*$")
_LINE_BREAK = re.compile(r"\r\n?")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid slug: lower-case letters and digits, joined by hyphens."""
    return _SLUG.fullmatch(text) is not None


#: Latin letters that do not decompose into a letter and an accent, as they are written in
#: ASCII ("Øresund" is "oresund", "Straße" "strasse", "Łódź" "lodz").
_LATIN_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ŋ": "ng", "Ŋ": "ng", "ĸ": "k",
    "ſ": "s", "ƒ": "f",
})  # fmt: skip


def slug_words(text: str) -> list[str]:
    """The words a slug is made of: ``text``'s runs of letters and digits, in ASCII and lower
    case (accents dropped)."""
    latin = text.translate(_LATIN_LETTERS)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def slugify(title: str, max_length: int = 60) -> str:
    """Make a URL slug from a title: ASCII, lower case, words joined by hyphens."""
    slug = ""
    for word in slug_words(title):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug[:max_length] or "release"


def check_slugs(slugs: Iterable[str], known: Collection[str]) -> None:
    """Refuse the first of ``slugs`` (named on a command line) that is no release's."""
    for slug in slugs:
        if slug not in known:
            raise UnknownReleaseError(f"no release with slug {slug!r}")


def check_tag_pages(releases: Iterable[Release]) -> None:
    """Refuse a tag whose page would be another tag's (``c++`` and ``c#`` are both
    ``tags/c/``, ``AI`` and ``ai`` both ``tags/ai/``) or would have no name of its own: the
    error names the release that brings it."""
    first: dict[str, tuple[str, str]] = {}
    urls: dict[str, str] = {}  # by tag: a newsroom has a few, on every release
    for release in sorted(releases, key=lambda release: release.path):
        for tag in release.tags:
            line = release.lines.get("tags", 2)
            url = urls.get(tag)
            if url is None:
                if not slug_words(tag):
                    raise ContentError(
                        f"tag {tag!r} has no letter (a to z, accents aside) or digit to name "
                        "its page by",
                        release.path,
                        line,
                    )
                url = urls[tag] = slugify(tag)
            other, where = first.setdefault(url, (tag, release.path))
            if other != tag:
                raise ContentError(
                    f"tag {tag!r} would have the page of tag {other!r} of {where} "
                    f"(tags/{url}/): write the two alike, or name them apart",
                    release.path,
                    line,
                )


def release_files(config: Config) -> list[Path]:
    """Every release source of the newsroom (its ``content/``, hidden files left out), in path
    order; a folder that would hide some is an error (see :func:`~.layout.content_files`)."""
    return content_files(config.content_dir, ".md")


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split a release into its YAML front matter, its body and the body's first line.

    The closing ``---`` is looked for among the lines that start with it, not line by line
    (thousands of releases are read on a fresh checkout)."""
    end = text.find("\n")
    if not _FENCE.match((text if end < 0 else text[:end]).rstrip("\r")):
        raise ContentError("a release must start with '---' and YAML front matter", path, 1)
    at = text.find("\n---", end) if end >= 0 else -1
    while at >= 0:
        start = at + 1
        stop = text.find("\n", start)
        if stop < 0:
            stop = len(text)
        if _FENCE.match(text[start:stop].rstrip("\r")):
            return text[end + 1 : at], text[stop + 1 :], text.count("\n", 0, start) + 2
        at = text.find("\n---", stop)
    raise ContentError("front matter is not closed by a '---' line", path, 1)


def read_release(path: Path, config: Config, content: str | None = None) -> Release:
    """Read one release source file (parsed once for each content it has); ``content`` is the
    digest of its bytes, if the caller has it."""
    return _read_keyed(path, config, content)[1]


def read_release_head(path: Path, config: Config, content: str | None = None) -> Release:
    """What plans and lists need of a release source file: its :meth:`Release.head`, kept
    apart from the whole release (reading all of them back is then ten times quicker)."""
    heads = cache_for(config.root).store(HEADS)
    content = content or file_digest(config.root, path)
    known: Release | None = heads.peek(release_key(path, content, config))
    if known is None:
        key, release = _read_keyed(path, config, content)
        known = release.head()
        heads.put(key, known)
    return known


#: The cache stores of releases: whole, and their heads.
RELEASES, HEADS = "releases", "heads"


def _read_keyed(path: Path, config: Config, content: str | None) -> tuple[str, Release]:
    """:func:`read_release`, and its key in the cache (of the content actually read)."""
    store = cache_for(config.root).store(RELEASES)
    content = content or file_digest(config.root, path)
    key = release_key(path, content, config)
    known: Release | None = store.peek(key)
    if known is not None:
        return key, known
    raw = path.read_bytes()
    key = release_key(path, digest(raw), config)
    return key, store.get(key, lambda: parse_release_file(path, raw, config))


def release_key(path: Path, content: str, config: Config) -> str:
    """What a parsed release depends on: its file's content (``digest`` of its bytes), its
    place and the time zone."""
    # Thousands of releases: their place without a path object for each.
    return f"{content}:{display_name(config, str(path))}:{config.timezone}"


def parse_release_file(
    path: Path | str, raw: bytes, config: Config, read_body: bool = True
) -> Release:
    """Parse the bytes ``raw`` of the release file at ``path`` (UTF-8, with or without BOM);
    ``read_body`` as :func:`parse_release` has it."""
    name = str(path)
    relative = display_name(config, name)
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
    slug = os.path.splitext(os.path.basename(name))[0]
    return parse_release(text, relative, config.zone, default_slug=slug, read_body=read_body)


def _line_files(text: str, line: int) -> tuple[tuple[str, int, str], ...]:
    """The files a title or summary on ``line`` shows or links to (markdown-it is imported
    only for one that may have some)."""
    if "](" not in text and "![" not in text and "]:" not in text:
        return ()
    from .markup import line_files

    return line_files(text, line)


def _control_message(char: str) -> str:
    """The error of a control character in a release's text."""
    if char == "\x0b":  # pasted from a word processor, where it is a line break
        return (
            "a vertical tab (U+000B, a word processor's line break) in the text: end the line "
            "with a backslash for a line break, or delete it"
        )
    return f"a control character (U+{ord(char):04X}) in the text, which no page can show: delete it"


def _read_body(body: str, first_line: int) -> tuple[list[Block], tuple[tuple[str, int, str], ...]]:
    """The blocks of a release's Markdown body, its first line numbered ``first_line``, and
    the files of the newsroom it shows or links to."""
    from .markup import extract_body

    return extract_body(body, first_line)


def parse_release(
    text: str, path: str, zone: ZoneInfo, default_slug: str, read_body: bool = True
) -> Release:
    """Parse the text of a release source; ``path`` is used in messages and references.

    Lines end with ``\\n``, ``\\r\\n`` or ``\\r``, and are counted as editors count them.
    Without ``read_body`` the body's Markdown is kept as text, not parsed: ``blocks`` are then
    the front matter's texts alone (for a command that takes the body's texts from the
    release's template, see :mod:`i18n_news.outline`).
    """
    # Imported here, not by the commands that only list releases: PyYAML (and markdown-it
    # below, only for a body to parse).
    from .front_matter import as_datetime, kind, read_front_matter, shown

    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = _LINE_BREAK.sub("\n", text)
    front, body, body_line = split_front_matter(text, path)
    data, lines, sources = read_front_matter(front, path)

    def fail(message: str, key: str | None = None) -> ContentError:
        return ContentError(message, path, lines.get(key, 2) if key else 2)

    # In the order they are written: the first named at its line, with the others.
    unknown = sorted((key for key in data if key not in _KEYS), key=lambda key: lines[key])
    if unknown:
        valid = ", ".join((*REQUIRED, *OPTIONAL))
        others = "".join(f", and {shown(key)} on line {lines[key]}" for key in unknown[1:])
        raise fail(
            f"unknown front matter key {shown(unknown[0])}{others} (valid keys: {valid}; "
            "your own go under 'extra:')",
            unknown[0],
        )
    for key in REQUIRED:
        if key not in data:
            raise fail(f"front matter lacks {key!r}")
        if data[key] in (None, ""):
            raise fail(f"{key!r} is empty", key)

    def text_value(key: str) -> str:
        value = data[key]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise fail(f"{key!r} must be text, not {kind(value)}", key)
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
        raise fail(f"'slug' must be text, not {kind(slug)}", "slug")
    if not is_slug(slug):
        raise fail(
            f"slug {shown(slug)} must be lower-case letters, digits and hyphens "
            f"(rename the file or set 'slug:')",
            "slug" if "slug" in data else None,
        )
    tags = data.get("tags", [])
    if isinstance(tags, str):
        if "," in tags:  # "tags: health, research" is one text to YAML
            listed = ", ".join(t.strip() for t in tags.split(",") if t.strip())
            raise fail(f"'tags' is one text with commas: write a list, tags: [{listed}]", "tags")
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        # tags: [2026], [yes], [null]: a tag YAML reads as something else than a name.
        items = tags if isinstance(tags, list) else []
        scalars = [t for t in items if not isinstance(t, str | list | dict)]
        if scalars:
            raise fail(
                f"a tag is read as {kind(scalars[0])} ({shown(scalars[0])}), not as a name: "
                'put it in quotes, as in tags: ["2026", "yes"]',
                "tags",
            )
        raise fail("'tags' must be a list of tag names", "tags")
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        raise fail("'draft' must be true or false", "draft")
    published = as_datetime(data["date"], zone, lambda m: fail(m, "date"))
    updated = None
    if data.get("updated") is not None:
        updated = as_datetime(data["updated"], zone, lambda m: fail(m, "updated"))
    if updated is not None and updated.date() < published.date():
        raise fail(
            f"'updated' {updated.date().isoformat()} is before the release's date "
            f"{published.date().isoformat()}",
            "updated",
        )
    embargo = None
    if data.get("embargo") is not None:
        embargo = as_datetime(data["embargo"], zone, lambda m: fail(m, "embargo"), need_zone=True)
        if embargo < published:
            # It would lift first: the release out before its date, with a date to come.
            midnight = (published.hour, published.minute, published.second) == (0, 0, 0)
            written = published.date().isoformat() if midnight else published.isoformat()
            raise fail(
                f"the embargo {embargo.isoformat()} is before the release's date "
                f"{written}: move one or the other",
                "embargo",
            )
        if embargo > published and embargo.astimezone(zone).date() == published.date():
            # Out at its embargo, on the day its date says: feeds, the sitemap and the
            # structured data give that moment (the day shown is the same).
            published = embargo.astimezone(zone)
    policy: dict[str, object] = {}
    if "policy" in data:
        names = data["policy"] if isinstance(data["policy"], dict) else {}
        for name in names:
            if not isinstance(name, str):
                valid = ", ".join(POLICY_KEYS)
                raise fail(f"unknown key {shown(name)} in 'policy' (valid keys: {valid})", "policy")
        try:
            parse_policy(data["policy"], Policy(), "policy")
        except ValueError as error:
            raise fail(str(error), "policy") from None
        policy = dict(data["policy"])
    extra = data.get("extra", {})
    if extra is None:  # "extra:" with nothing under it
        extra = {}
    if not isinstance(extra, dict):
        raise fail(f"'extra' must be a mapping of names to values, not {kind(extra)}", "extra")
    for name in extra:
        if not isinstance(name, str):
            raise fail(f"'extra' key {shown(name)} must be text (put it in quotes)", "extra")
    title, summary, dateline = text_value("title"), text_value("summary"), text_value("dateline")
    if read_body and (controls := control_characters(body)):
        raise ContentError(
            _control_message(controls[0]),
            path,
            body_line + body.count("\n", 0, body.index(controls[0])),
        )
    body_blocks, files = _read_body(body, body_line) if read_body else ([], ())
    if read_body:  # and those the title and summary link to (shown on the release's page)
        files = (*_line_files(title, lines["title"]), *_line_files(summary, lines["summary"]),
                 *files)  # fmt: skip
    blocks = [
        Block("title", title, lines["title"]),
        Block("summary", summary, lines["summary"]),
        Block("dateline city", dateline, lines["dateline"]),
        *body_blocks,
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
        extra=extra,
        files=files,
    )


def load_releases(
    config: Config,
    paths: Iterable[Path] | None = None,
    digests: Mapping[str, str] | None = None,
    *,
    heads: bool = False,
) -> list[Release]:
    """Read every release of the newsroom, newest first; duplicate slugs are an error.

    ``digests`` are those of files' content by path, if the caller has them (a build does);
    with ``heads``, each release is read without its body (see :func:`read_release_head`).
    """
    read = read_release_head if heads else read_release
    releases = [
        read(path, config, digests.get(str(path)) if digests else None)
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
                release.lines.get("slug", 1),  # its 'slug:', if it gave one
            )
        seen[release.slug] = release.path
    return sorted(releases, key=lambda r: (r.published, r.slug), reverse=True)
