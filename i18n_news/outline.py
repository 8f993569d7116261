"""What a release's catalogs are counted against: its texts, read from its template when the
template says it was extracted from the release as it is.

``status`` needs of each release its front matter and the set of its texts (``check`` and
``update`` only its slug and date). Parsing the Markdown of a thousand bodies is most of a
first ``status``; their templates already list those texts. ``extract`` writes in each
template's header (:data:`SOURCE_DIGEST`) a digest of what it made the template from (the
release's title, summary, dateline and body, and i18n-news's version) and of the msgids it
wrote. A template whose header matches the digest of the release's current front matter and
body and of its own msgids holds exactly the release's texts; any other (an edited release
not extracted again, a template edited by hand, one made by another version) is ignored and
the release is parsed.

The digest proves a set of msgids wherever it was read: ``status``, which reads a release's
catalogs anyway, offers their msgids first (a catalog merged with the current template has
the same), and the template's own are read only when none of them has the digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import __version__
from .cache import Cache, Pickled, cache_for
from .catalogs import SOURCE_DIGEST
from .config import Config
from .content import RELEASES, newest_first, parse_release_file, release_files, release_key
from .digests import Remembered, file_digests, read_file, read_hashed, remember
from .layout import release_domain, template_name
from .model import Release
from .pofile import live_msgids
from .workers import run_on_workers

T = TypeVar("T")

#: Below this many releases to read, starting worker processes costs more than it saves.
PARALLEL_MIN_RELEASES = 100
#: Where a template's header says what it was made from.
_SOURCE_DIGEST = re.compile(rb'^"' + SOURCE_DIGEST.encode() + rb': ([0-9a-f]+)\\n"$', re.MULTILINE)


def source_digest(release: Release, msgids: Collection[str]) -> str:
    """The digest a template of ``release`` holding ``msgids`` carries: of everything its
    texts are made of (with i18n-news's version, which makes them) and of the msgids."""
    parts = [__version__, release.title, release.summary, release.dateline, release.body]
    text = "\0".join([*parts, *sorted(msgids)]).encode()
    # Written in templates, which are committed: kept as it has always been made.
    return hashlib.blake2b(text, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Outline:
    """A release as ``status``, ``check`` and ``update`` read it."""

    #: The release; when its texts come from its template, its front matter alone (no body).
    release: Release
    #: Its texts (title, summary, dateline city and the body's), each once.
    texts: frozenset[str]


def texts_of(release: Release) -> frozenset[str]:
    return frozenset(block.text for block in release.blocks)


#: Sets of msgids that may be a release's texts, offered before its template's are read.
Candidates = Callable[[Release], Iterable[frozenset[str]]]


def _from_template(
    head: Release, raw: bytes, candidates: Iterable[frozenset[str]] = ()
) -> frozenset[str] | None:
    """The texts the template ``raw`` holds, if it was extracted from ``head`` as it is: the
    first of ``candidates`` with the digest its header gives, else its own msgids.

    Its msgids are read without checking the file: were any misread, the digest of what was
    read would not be the template's, and the release is parsed instead.
    """
    with contextlib.suppress(Exception):  # a broken template is extract's to report
        if b"\r" in raw:  # as a checkout on Windows may write it
            raw = raw.replace(b"\r\n", b"\n")
        found = _SOURCE_DIGEST.search(raw)
        if found is not None:
            expected = found[1].decode()
            for msgids in candidates:
                if expected == source_digest(head, msgids):
                    return msgids
            msgids = frozenset(live_msgids(raw)) - {""}
            if expected == source_digest(head, msgids):
                return msgids
    return None


def read_outline(
    path: Path, config: Config, candidates: Candidates | None = None
) -> tuple[str, Outline, bool, Remembered | None]:
    """The digest of the release file at ``path`` as read, its outline, whether its body had
    to be parsed (the release is then worth caching whole), and what the digests store may
    remember of the file (see :func:`i18n_news.digests.read_hashed`).

    ``candidates(head)`` may offer sets of msgids likely to be the release's texts (see
    :func:`_from_template`), each tried once.

    A body that may show an image or link to a file is parsed whatever its template says:
    the outline then names the release's files, which the commands reading outlines check as
    a build does.
    """
    raw, content, remembered = read_hashed(path)
    head = parse_release_file(path, raw, config, read_body=False)
    if _MAY_HAVE_FILES.search(raw) is None:
        template = template_name(config, release_domain(head.slug))
        with contextlib.suppress(OSError):
            offered = dict.fromkeys(candidates(head)) if candidates else {}
            texts = _from_template(head, read_file(template)[0], offered)
            if texts is not None:
                # Kept without its body, which nothing that reads outlines shows.
                return content, Outline(head.replaced(body=""), texts), False, remembered
    release = parse_release_file(path, raw, config)
    return content, Outline(release, texts_of(release)), True, remembered


#: What a release that shows or links to a file of its own has (see
#: :func:`i18n_news.markup.local_files`): an image, or a link or link reference definition
#: whose target has no scheme and is not from the site's root (``](report.pdf)``, not
#: ``](https://…)``; a definition in a quote or a list item too). A few others have it too,
#: and are parsed for nothing.
_MAY_HAVE_FILES = re.compile(
    rb"!\[|\]\(\s*+<?+(?![a-zA-Z][a-zA-Z0-9+.\-]*:|[/#?])"
    rb"|\[[^\]\n]*\]:[ \t]*+<?+(?![a-zA-Z][a-zA-Z0-9+.\-]*:|[/#?])",
)


def _cached(path: Path, config: Config, content: str, cache: Cache) -> Outline | None:
    """The outline of a release read before with the same content (its texts are those of
    its content, whatever its template says now)."""
    key = release_key(path, content, config)
    release: Release | None = cache.store(RELEASES).peek(key)
    if release is not None:
        return Outline(release, texts_of(release))
    outline: Outline | None = cache.store("outlines").peek(key)
    return outline


def load_outlines(
    config: Config,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    derive: Callable[[Outline, str], T] | None = None,
    candidates: Candidates | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[Outline], list[T]]:
    """The outline of every release, newest first (duplicate slugs are an error), each read
    once per content (on ``workers`` processes when many are new: a fresh checkout;
    ``progress`` is told how many of how many are read).

    With ``derive``, what ``derive(outline, content)`` makes of each release read (``content``
    the digest of its file as read) is made there too, and returned for the caller to keep:
    what a command needs of those releases' catalogs is then made in the same pass.
    ``candidates`` is :func:`read_outline`'s; ``meanwhile`` is
    :func:`i18n_news.workers.run_on_workers`'s.
    """
    paths = release_files(config)
    cache = cache_for(config.root)
    found: dict[Path, Outline | None] = dict.fromkeys(paths)
    if not (cache.store(RELEASES).empty() and cache.store("outlines").empty()):
        # A release read before is looked up by its content; on a fresh checkout, nothing
        # is there to look up: each file is hashed where it is read.
        contents = file_digests(config.root, paths)
        found = {path: _cached(path, config, contents[str(path)], cache) for path in paths}
    missing = [path for path, outline in found.items() if outline is None]

    def read(path: Path) -> tuple[str, Pickled, bool, Remembered | None, list[T]]:
        """What the command keeps of a release: pickled where it is read (the command keeps
        it so in its cache; see :class:`i18n_news.cache.Pickled`), the release parsed whole
        or else its outline."""
        content, outline, parsed, remembered = read_outline(path, config, candidates)
        made = [derive(outline, content)] if derive else []
        return content, Pickled.of(outline.release if parsed else outline), parsed, remembered, made

    done = (lambda count: progress(count, len(missing))) if progress else None
    derived: list[T] = []
    hashed: dict[str, Remembered | None] = {}

    def arrived(result: tuple[str, Pickled, bool, Remembered | None, list[T]]) -> None:
        result[1].value()  # a helper's release, unpickled while the helpers still work

    for path, (content, kept, parsed, remembered, made) in zip(
        missing,
        run_on_workers(
            read,
            missing,
            workers,
            minimum=PARALLEL_MIN_RELEASES,
            done=done,
            arrived=arrived,
            meanwhile=meanwhile,
        ),
        strict=True,
    ):
        key = release_key(path, content, config)
        if parsed:
            cache.store(RELEASES).put(key, kept)
            release: Release = kept.value()
            outline = Outline(release, texts_of(release))
        else:
            cache.store("outlines").put(key, kept)
            outline = kept.value()
        found[path] = outline
        hashed[str(path)] = remembered
        derived += made
    remember(config.root, hashed)
    by_release = {id(outline.release): outline for outline in found.values() if outline}
    ordered = newest_first([outline.release for outline in by_release.values()])
    return [by_release[id(release)] for release in ordered], derived
