"""What changed in the source since a git revision or a date: the new work for translators."""

from __future__ import annotations

import contextlib
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from .catalog import Message
from .catalogs import read_catalog
from .config import Config
from .content import load_releases, parse_release
from .errors import CatalogError, CommandLineError, ContentError, NewsroomError
from .layout import SITE, TAG_CONTEXT, catalog_path, release_domain, template_path
from .merge import best_match
from .pofile import parse_po
from .status import state_of, to_translate

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]+)?$")


@dataclass(frozen=True)
class SourceChange:
    """A message added or changed since the reference, and its state in one language."""

    #: The release's slug; ``None`` for a string of the site's interface (a template's, a tag).
    slug: str | None
    path: str
    line: int
    kind: str
    msgid: str
    #: "added" or "changed"
    change: str
    previous: str | None
    state: str


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise NewsroomError("--since needs git, which is not installed") from None


def resolve_revision(root: Path, since: str, zone: tzinfo = UTC) -> str | None:
    """The commit ``since`` names (a revision, or the last commit before a date: a date alone
    is its first moment, a moment without its offset is in ``zone``), or ``None``."""
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise NewsroomError("--since needs the newsroom to be in a git repository", root)
    if _DATE.match(since.strip()):
        try:
            moment = datetime.fromisoformat(since.strip())
        except ValueError:
            raise CommandLineError(f"--since: {since!r} is not a valid date") from None
        if moment.tzinfo is None:  # git would take the date at the time of the day it is now
            moment = moment.replace(tzinfo=zone)
        found = _git(root, "rev-list", "-1", f"--before={moment.isoformat()}", "HEAD")
        commit = found.stdout.strip()
        return commit or None
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
    if found.returncode != 0:
        raise CommandLineError(f"--since: unknown git revision {since!r}")
    return found.stdout.strip()


def _renamed_since(root: Path, commit: str | None) -> dict[str, str]:
    """The releases' files renamed since ``commit`` (``git mv``, or a file deleted and one
    added with much the same content): each one's former path, by its path now."""
    if commit is None:
        return {}
    found = _git(root, "diff", "-M", "--relative", "--name-status", "-z", commit, "--", "content")
    if found.returncode != 0:
        return {}
    fields = found.stdout.split("\0")
    renamed: dict[str, str] = {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")):
            renamed[fields[index + 2]] = fields[index + 1]
            index += 3
        else:
            index += 2
    return renamed


def _old_messages(config: Config, commit: str | None, path: str, slug: str) -> list[Message]:
    if commit is None:
        return []
    shown = _git(config.root, "show", f"{commit}:./{path}")
    if shown.returncode != 0:
        return []
    try:
        old = parse_release(shown.stdout, path, config.zone, slug)
    except ContentError:
        return []
    return [Message(msgid=b.text, auto_comments=(b.kind,)) for b in old.blocks]


def changes_since(config: Config, since: str) -> tuple[str | None, dict[str, list[SourceChange]]]:
    """The commit ``since`` resolves to, and the new or changed messages per target language."""
    commit = resolve_revision(config.root, since, config.zone)
    result: dict[str, list[SourceChange]] = {lang.code: [] for lang in config.targets}
    renamed = _renamed_since(config.root, commit)
    for release in load_releases(config):
        old = _old_messages(config, commit, renamed.get(release.path, release.path), release.slug)
        old_texts = {m.msgid for m in old}
        release_texts = {b.text for b in release.blocks}
        new_blocks = {b.text: b for b in reversed(release.blocks) if b.text not in old_texts}
        if not new_blocks:
            continue
        # Each old message explains at most one new one, in reading order.
        unused = [m for m in old if m.msgid not in release_texts]
        previous: dict[str, Message | None] = {}
        for block in sorted(new_blocks.values(), key=lambda b: b.line):
            match = best_match(Message(msgid=block.text, auto_comments=(block.kind,)), unused)
            previous[block.text] = match
            if match is not None:
                unused.remove(match)
        for language in config.targets:
            path = catalog_path(config, language, release_domain(release.slug))
            loaded = read_catalog(config, path)
            for block in sorted(new_blocks.values(), key=lambda b: b.line):
                entry = loaded.catalog.get((None, block.text)) if loaded else None
                match = previous[block.text]
                result[language.code].append(
                    SourceChange(
                        release.slug, release.path, block.line, block.kind, block.text,
                        "changed" if match else "added",
                        match.msgid if match else None,
                        state_of(entry),
                    )
                )  # fmt: skip
    _interface_changes(config, commit, result)
    return commit, result


def _interface_changes(
    config: Config, commit: str | None, result: dict[str, list[SourceChange]]
) -> None:
    """Add the interface strings (of templates, and tags' names) that the site template has
    gained since ``commit``, for each language whose site catalog translates them."""
    template = template_path(config, SITE)
    loaded = read_catalog(config, template)
    if loaded is None:
        return
    relative = template.relative_to(config.root).as_posix()
    before: set[tuple[str | None, str]] = set()
    if commit is not None:
        shown = _git(config.root, "show", f"{commit}:./{relative}")
        if shown.returncode == 0:
            with contextlib.suppress(CatalogError):  # unreadable then: all of it is new
                before = {message.key for message in parse_po(shown.stdout, relative)}
    added = [message for message in loaded.catalog if message.key not in before]
    for language in config.interface_languages:
        site = read_catalog(config, catalog_path(config, language, SITE))
        for message in added:
            if not to_translate(message, language, config.source):
                continue
            path, line = message.locations[0] if message.locations else (relative, None)
            kind = "tag" if message.msgctxt == TAG_CONTEXT else "interface string"
            entry = site.catalog.get(message.key) if site else None
            result.setdefault(language.code, []).append(
                SourceChange(None, path, line or 1, kind, message.msgid, "added", None,
                             state_of(entry))
            )  # fmt: skip
