"""A release's own files (its images, the files it links to), published beside each
language's page of it.

A writer puts an image beside the release's file, or in a folder below it, and writes
``![Researchers at work](lab.jpg)``; each language's page of the release is a folder
(``fr/<slug>/index.html``), and the build copies the image into it (``fr/<slug>/lab.jpg``),
where the image's relative URL finds it, whatever the language. So is a file it links to
(``[the report](report.pdf)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .config import Config
from .digests import file_digests
from .errors import ContentError
from .layout import NOT_OWN, display_path, linked_outside
from .model import Release

if TYPE_CHECKING:
    from .publication import Plan


def release_files(config: Config, release: Release) -> dict[str, Path]:
    """The files ``release`` shows (images) or links to (``report.pdf``), by their path from
    the folder of its pages; one that is not a file beside the release, or below it, is an
    error at its line."""
    found: dict[str, Path] = {}
    if not release.files:  # most releases: no path to make
        return found
    folder = (config.root / release.path).parent
    for source, line, kind in release.files:
        parts = [
            part
            for part in unquote(source.split("#", 1)[0].split("?", 1)[0]).split("/")
            if part != "."
        ]
        name = "/".join(parts)
        if ".." in parts or "" in parts or name == "index.html":
            raise ContentError(
                f"{kind} {source!r} must be a file beside the release or in a folder below it",
                release.path,
                line,
            )
        file = folder.joinpath(*parts)
        if not file.is_file():
            hint = "" if kind == "image" else " (a link to another page ends with '/')"
            raise ContentError(
                f"{kind} {source!r} is not there: no file {display_path(config, file)}{hint}",
                release.path,
                line,
            )
        if (target := linked_outside(config, file)) is not None:
            message = f"{kind} {source!r} is a link to {target}, {NOT_OWN}"
            raise ContentError(message, release.path, line)
        found[name] = file
    return found


def site_resources(config: Config, plan: Plan) -> dict[str, Path]:
    """The files a build publishes beside the pages of ``plan``'s releases, by their path in
    the site: a release's images and linked files in the folder of each language version
    published."""
    found: dict[str, Path] = {}
    for release in plan.releases:
        files = release_files(config, release)
        for language in plan.versions[release.slug]:
            folder = f"{language.code}/{release.slug}/"
            found.update((folder + name, file) for name, file in files.items())
    return found


def resource_digests(
    config: Config, inputs: Mapping[str, str], files: dict[str, Path]
) -> dict[str, str]:
    """The digest of the content of each of ``files`` (by name in the site), as the build's
    ``inputs`` have it (or hashed here, for a file they do not list)."""
    sources = [str(source) for source in files.values()]
    known = file_digests(config.root, [name for name in sources if name not in inputs])
    return {name: inputs.get(s) or known[s] for name, s in zip(files, sources, strict=True)}
