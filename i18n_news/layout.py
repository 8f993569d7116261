"""Where catalogs live in a newsroom (the layout Weblate and sphinx-intl expect)::

    locales/templates/site.pot
    locales/templates/releases/<slug>.pot
    locales/<lang>/LC_MESSAGES/site.po
    locales/<lang>/LC_MESSAGES/releases/<slug>.po

Paths alone: a command that only looks at which files there are (a build that changes
nothing) reads no catalog; :func:`files_under` lists them.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .config import Config, Language

SITE = "site"
#: The context of a tag's name in the site catalog (the names are written in the source
#: language, the other interface strings in English).
TAG_CONTEXT = "tag"


def template_path(config: Config, domain: str) -> Path:
    """The template of ``domain`` (``site`` or ``releases/<slug>``)."""
    return _templates_folder(config) / f"{domain}.pot"


def _templates_folder(config: Config) -> Path:
    return config.locales_dir / "templates"


def template_name(config: Config, domain: str) -> str:
    """``str(template_path(config, domain))``, without making a path object."""
    return _template_name(str(config.locales_dir), domain)


@lru_cache(maxsize=65536)
def _template_name(locales: str, domain: str) -> str:
    return os.path.join(locales, "templates", *f"{domain}.pot".split("/"))


def catalog_path(config: Config, language: Language, domain: str) -> Path:
    """The catalog of ``domain`` in ``language``."""
    return _path(catalog_name(config, language, domain))


def catalog_name(config: Config, language: Language, domain: str) -> str:
    """The path of the catalog of ``domain`` in ``language`` as a string: how a build's inputs
    name it (without making a path object)."""
    return _catalog_name(str(config.locales_dir), language.code, domain)


@lru_cache(maxsize=65536)
def _catalog_name(locales: str, code: str, domain: str) -> str:
    return os.path.join(locales, code, "LC_MESSAGES", *f"{domain}.po".split("/"))


def release_catalog_names(config: Config, language: Language, slugs: list[str]) -> list[str]:
    """:func:`catalog_name` of each release of ``slugs`` in ``language``, made at once (a slug
    has no "/": each catalog is a file of one folder)."""
    folder = os.path.join(release_catalogs_folder(config, language), "")
    return [f"{folder}{slug}.po" for slug in slugs]


@lru_cache(maxsize=65536)
def source_name(root: str, path: str) -> str:
    """``str(root / path)`` for a release's ``path`` (relative to the newsroom ``root``, with
    "/"), without making a path object."""
    return os.path.join(root, *path.split("/"))


@lru_cache(maxsize=65536)
def _path(name: str) -> Path:
    return Path(name)


def files_under(folder: Path, suffix: str) -> list[Path]:
    """The files named ``*<suffix>`` in ``folder`` and its subfolders, sorted as paths sort:
    what ``sorted(p for p in folder.rglob("*<suffix>") if p.is_file())`` lists (links to
    folders not followed), without a path object for each entry looked at."""
    return [folder.joinpath(*parts) for parts in _parts_under(str(folder), suffix)]


def file_names_under(folder: Path, suffix: str) -> list[str]:
    """The strings of :func:`files_under`, without a path object for any file."""
    top = str(folder)
    return [os.path.join(top, *parts) for parts in _parts_under(top, suffix)]


def files_and_others_under(folder: Path, suffix: str) -> tuple[list[Path], list[Path]]:
    """:func:`files_under`, and in the same walk every other file below ``folder`` that is
    not hidden nor in a hidden folder (a release's images, beside the releases)."""
    others: list[tuple[str, ...]] = []
    found = _parts_under(str(folder), suffix, others)
    return [folder.joinpath(*parts) for parts in found], [folder.joinpath(*p) for p in others]


def _shown(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a file not hidden: what a release may show."""
    return not entry.name.startswith(".") and entry.is_file()


def _parts_under(
    folder: str, suffix: str, others: list[tuple[str, ...]] | None = None
) -> list[tuple[str, ...]]:
    """The parts of the path of each file :func:`files_under` lists, below ``folder`` (and
    into ``others``, if given, those of the other files that are not hidden)."""
    found: list[tuple[str, ...]] = []

    def walk(directory: str, parts: tuple[str, ...], hidden: bool) -> None:
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:  # no such folder (or not readable): nothing in it, as for rglob
            return
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, (*parts, entry.name), hidden or entry.name.startswith("."))
            elif entry.name.endswith(suffix):
                if entry.is_file():
                    found.append((*parts, entry.name))
            elif others is not None and not hidden and _shown(entry):
                others.append((*parts, entry.name))

    walk(folder, (), False)
    found.sort()
    if others is not None:
        others.sort()
    return found


def catalog_files(config: Config, language: Language) -> list[Path]:
    """Every catalog of ``language`` there is (the site's and the releases'), in path order."""
    return files_under(_catalogs_folder(config, language), ".po")


def catalog_names(config: Config, language: Language) -> list[str]:
    """The strings of :func:`catalog_files`, without a path object for any catalog."""
    return file_names_under(_catalogs_folder(config, language), ".po")


def _catalogs_folder(config: Config, language: Language) -> Path:
    return config.locales_dir / language.code / "LC_MESSAGES"


def release_catalogs_folder(config: Config, language: Language) -> Path:
    """The folder of the releases' catalogs in ``language``."""
    return _catalogs_folder(config, language) / RELEASES


def release_templates_folder(config: Config) -> Path:
    """The folder of the releases' templates."""
    return _templates_folder(config) / RELEASES


def release_of_catalog(config: Config, name: str) -> tuple[str, str] | None:
    """The language code and slug of the release whose catalog is at path ``name`` (as
    :func:`catalog_name` names it), or ``None`` for any other file."""
    locales = os.path.join(config.locales_dir, "")
    if not name.startswith(locales):
        return None
    parts = name[len(locales) :].split(os.sep)
    if len(parts) != 4 or parts[1:3] != ["LC_MESSAGES", RELEASES] or not parts[3].endswith(".po"):
        return None
    return parts[0], parts[3].removesuffix(".po")


#: The folder of release catalogs and templates: a release's domain is ``releases/<slug>``.
RELEASES = "releases"


def release_domain(slug: str) -> str:
    return f"{RELEASES}/{slug}"


#: Why a link to a file that is not one of the newsroom's own is refused (see
#: :func:`linked_outside`).
NOT_OWN = "not a file of the newsroom: a build publishes only its own files"


def linked_outside(config: Config, path: Path) -> str | None:
    """Where ``path`` leads, if it is a link (or in a linked folder) to a file that is not one
    of the newsroom's own: outside its folder, or in a hidden folder of it (``.git``, whose
    settings may hold a CI's credentials); ``None`` for any other file.

    A build publishes and renders only the newsroom's own files: a link committed to its
    repository (by an untrusted pull request built for a preview) must not publish the
    machine's files.
    """
    real = os.path.realpath(path)
    if real == os.path.abspath(path):  # no link on the way: a file where it is listed
        return None
    try:
        inside = os.path.relpath(real, os.path.realpath(config.root))
    except ValueError:  # on another drive (Windows)
        return real
    parts = Path(inside).parts  # none for the newsroom's folder itself
    if not parts or parts[0] == os.pardir or os.path.isabs(inside):
        return real
    if any(part.startswith(".") for part in parts):
        return real
    return None


def display_path(config: Config, path: Path) -> str:
    """``path`` relative to the newsroom, for messages."""
    return display_name(config, str(path))


def display_name(config: Config, name: str) -> str:
    """:func:`display_path` of the file named ``name`` (without path objects where the name
    starts with the newsroom's: thousands of files are named on a fresh checkout)."""
    root = os.path.join(str(config.root), "")
    if name.startswith(root):
        return name[len(root) :].replace(os.sep, "/")
    path = Path(name)
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
