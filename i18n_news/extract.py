"""Turn releases and site templates into message templates (``.pot``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract
from jinja2.ext import babel_extract

from .cache import cache_for, digest
from .catalog import Catalog, Message
from .catalogs import SOURCE_DIGEST, save_template, template_header
from .checks import is_format_string, template_string_problem
from .config import Config
from .content import load_releases
from .digests import EMPTY, file_digests
from .errors import NewsroomError, TemplateError
from .glossary import Glossary, load_glossary
from .layout import (
    SITE,
    TAG_CONTEXT,
    files_under,
    release_domain,
    release_templates_folder,
    template_path,
)
from .model import Release
from .outline import source_digest
from .page_environment import utf8_error
from .prefetch import prefetch_releases
from .theme import template_sources


@dataclass
class ExtractReport:
    """What ``extract`` wrote."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    messages: int = 0


def _collect(messages: Iterable[Message]) -> list[Message]:
    """Merge messages with the same msgctxt and msgid, keeping first-seen order."""
    merged: dict[tuple[str | None, str], Message] = {}
    for message in messages:
        seen = merged.get(message.key)
        if seen is None:
            merged[message.key] = message
            continue
        merged[message.key] = replace(
            seen,
            locations=tuple(dict.fromkeys((*seen.locations, *message.locations))),
            auto_comments=tuple(dict.fromkeys((*seen.auto_comments, *message.auto_comments))),
            msgid_plural=seen.msgid_plural or message.msgid_plural,
        )
    return list(merged.values())


_BARE_URL = re.compile(r"^(https?://|mailto:)\S+$")


#: The texts a page shows as they are written, not as Markdown: a dateline's city, the title
#: of an image or of a link (the text shown when the pointer rests on it).
PLAIN_KINDS = frozenset({"dateline city", "image title", "link title"})


def block_flags(text: str, kind: str = "paragraph") -> tuple[str, ...]:
    """The flags Weblate reads: ``markdown-text`` for the Markdown of a text of ``kind``, and
    ``url`` for a message that is a URL."""
    if _BARE_URL.match(text):
        return ("url",)
    return () if kind in PLAIN_KINDS else ("markdown-text",)


def release_template(release: Release, config: Config, glossary: Glossary | None = None) -> Catalog:
    """The message template of one release: its title, summary, dateline city and body.

    Each message says what it is and where (``#.`` and ``#:``), with the glossary entries
    that concern it.
    """
    glossary = glossary or Glossary()
    source_page = page_url(config, config.source.code, release.slug)
    catalog = template_header(
        config, f"{config.name}: {release.slug}", f"“{release.title}”", plural=False
    )
    catalog.header_comments[-1:-1] = [
        f"Source page: {page_url(config, config.source.code, release.slug)}"
    ]
    catalog.messages = _collect(
        Message(
            msgid=block.text,
            locations=((release.path, block.line),),
            auto_comments=(
                block.kind,
                f"English page: {source_page}",
                *glossary.comments_for(block.text),
            ),
            flags=block_flags(block.text, block.kind),
        )
        for block in release.blocks
    )
    # What status reads the release's texts from, while the release is as it is now.
    catalog.header.append((SOURCE_DIGEST, source_digest(release, [m.msgid for m in catalog])))
    return catalog


def page_url(config: Config, language: str, slug: str) -> str:
    return f"{config.base_url}{language}/{slug}/"


def _template_messages(config: Config) -> Iterator[Message]:
    for display, path in template_sources(config):
        source = path.read_bytes()
        not_utf8 = utf8_error(source, display)  # named as a build names it
        if not_utf8 is not None:
            raise not_utf8
        try:
            found = _extract(source, "Translators:")
            # Jinja's extractor gives a comment without its tag: the lengths a template sets
            # (``{# max-length: 40 #}``) are found apart from the translators' notes.
            lengths = _extract(source, "max-length:") if b"max-length:" in source else None
        except Exception as error:  # Jinja's TemplateSyntaxError and friends
            line = getattr(error, "lineno", None)
            message = getattr(error, "message", None) or str(error)
            raise TemplateError(f"cannot extract messages: {message}", display, line) from None
        for index, (lineno, text, comments, context) in enumerate(found):
            length = lengths[index][2] if lengths is not None else []
            if isinstance(text, tuple):
                msgid, plural = text[0], text[1]
            else:
                msgid, plural = text, None
            if not msgid:
                continue
            for string in (msgid, plural):
                problem = template_string_problem(string) if string else None
                if problem is not None:
                    raise TemplateError(f"interface string {string!r}: {problem}", display, lineno)
            yield Message(
                msgid=msgid,
                msgid_plural=plural,
                msgstr_plural=("", "") if plural else (),
                msgctxt=context,
                locations=((display, lineno),),
                auto_comments=tuple(comments),
                flags=_interface_flags(msgid, length[-1:]),
            )


def _extract(source: bytes, comment_tag: str) -> list[tuple[int, Any, list[str], str | None]]:
    """The messages of a template, as Babel extracts them with Jinja's extractor: line,
    text (a tuple for a plural), the comments tagged ``comment_tag`` before it, context."""
    return list(
        extract(
            babel_extract,  # type: ignore[arg-type]
            BytesIO(source),
            keywords=DEFAULT_KEYWORDS,
            comment_tags=(comment_tag,),
            options={"trimmed": "true", "silent": "false"},
        )
    )


def _interface_flags(msgid: str, lengths: list[str]) -> tuple[str, ...]:
    """``python-format`` where the string has placeholders; ``max-length:N`` where the template
    sets one with a comment ``{# max-length: N #}`` just before the string (``lengths``: what
    such comments say)."""
    flags = ["python-format"] if is_format_string(msgid) else []
    flags += [f"max-length:{length.strip()}" for length in lengths if length.strip().isdigit()]
    return tuple(flags)


def site_template(config: Config, releases: list[Release]) -> Catalog:
    """The site catalog's template: the templates' interface strings and the tag names."""
    messages = list(_template_messages(config))
    tags: list[Message] = []
    for release in sorted(releases, key=lambda r: r.path):
        for tag in release.tags:
            tags.append(
                Message(
                    msgid=tag,
                    msgctxt=TAG_CONTEXT,
                    locations=((release.path, release.lines.get("tags", 1)),),
                    auto_comments=("tag name",),
                )
            )
    all_messages = _collect([*messages, *sorted(tags, key=lambda m: m.msgid)])
    plural = any(m.msgid_plural for m in all_messages)
    catalog = template_header(config, config.name, f"the {config.name} site", plural=plural)
    catalog.messages = all_messages
    return catalog


def extract_newsroom(
    config: Config, workers: int = 1, progress: Callable[[int, int], None] | None = None
) -> ExtractReport:
    """Write the templates of every release and of the site; remove those of deleted releases.

    Releases the cache lacks are parsed on ``workers`` processes first when there are many
    (``progress`` is told how many of how many are parsed). An error (or an interruption)
    that stops it midway says how many templates it wrote before.
    """
    report = ExtractReport()
    try:
        _write_templates(config, workers, progress, report)
    except (NewsroomError, KeyboardInterrupt) as error:
        if report.written or report.removed:
            error.add_note(
                f"{len(report.written)} template(s) were written before it, each whole, and "
                f"{len(report.removed)} removed: run 'i18n-news extract' again"
            )
        raise
    return report


def _write_templates(
    config: Config,
    workers: int,
    progress: Callable[[int, int], None] | None,
    report: ExtractReport,
) -> None:
    """:func:`extract_newsroom`, filling ``report`` as it goes."""
    prefetch_releases(config, workers, progress)
    releases = load_releases(config)
    wanted: set[Path] = set()
    glossary = load_glossary(config)
    done = cache_for(config.root).store("extract")
    # What a release's template is made of besides the release: the newsroom's settings and
    # the glossary (i18n-news's own code keys the whole store).
    inputs = digest(repr((config, glossary)).encode())
    paths = {r.slug: template_path(config, release_domain(r.slug)) for r in releases}
    found = file_digests(
        config.root, [*(config.root / r.path for r in releases), *paths.values()], missing_ok=True
    )
    # The site's template first: a mistake in a template stops the command before it writes.
    site = site_template(config, releases)
    for release in releases:
        path = paths[release.slug]
        wanted.add(path)
        # A template as the last extract of the same release (file and content) wrote or
        # found it is not made again.
        source = f"{release.path}:{found[str(config.root / release.path)]}"
        count = done.peek(f"{source}:{found[str(path)]}:{inputs}")
        if count is None or found[str(path)] == EMPTY:
            template = release_template(release, config, glossary)
            written = save_template(config, template, path)
            count = len(template)
            content = digest(path.read_bytes()) if written else found[str(path)]
            done.put(f"{source}:{content}:{inputs}", count)
        else:
            written = False
        report.messages += count
        (report.written if written else report.unchanged).append(path)
    path = template_path(config, SITE)
    wanted.add(path)
    report.messages += len(site)
    (report.written if save_template(config, site, path) else report.unchanged).append(path)
    for stale in files_under(release_templates_folder(config), ".pot"):
        if stale not in wanted:
            stale.unlink()
            report.removed.append(stale)
