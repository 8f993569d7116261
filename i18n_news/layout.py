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
import re
from functools import lru_cache
from pathlib import Path

from .config import Config, Language
from .errors import ContentError

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
    """:func:`content_files` of a newsroom's content folder ``folder``, and in the same walk
    every other file there that is not hidden (a release's images, beside the releases)."""
    others: list[tuple[str, ...]] = []
    found = _content_parts(str(folder), suffix, others)
    return [folder.joinpath(*parts) for parts in found], [folder.joinpath(*p) for p in others]


#: A control character, or a line or paragraph separator, in a file's name.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def content_files(folder: Path, suffix: str) -> list[Path]:
    """The files named ``*<suffix>`` in a newsroom's content folder ``folder`` (its
    ``content/``) and its subfolders, sorted as paths sort; a writer's folder, read strictly.

    Hidden files and whatever is in a hidden folder (``._x.md`` from macOS, a ``.trash/``) are
    left out, and links to folders are followed. A :class:`ContentError` names the first entry
    that would hide releases or publish what is not the newsroom's: no ``folder``, a folder
    that cannot be listed, a link to nothing, a link to a folder it is in, a link to a folder
    or a ``*<suffix>`` file out of the newsroom or into its hidden folders (see
    :func:`linked_outside`, which refuses the other files where a release shows them).
    """
    return [folder.joinpath(*parts) for parts in _content_parts(str(folder), suffix)]


def _parts_under(folder: str, suffix: str) -> list[tuple[str, ...]]:
    """The parts of the path of each file :func:`files_under` lists, below ``folder``."""
    found: list[tuple[str, ...]] = []

    def walk(directory: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:  # no such folder (or not readable): nothing in it, as for rglob
            return
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, (*parts, entry.name))
            elif entry.name.endswith(suffix) and entry.is_file():
                found.append((*parts, entry.name))

    walk(folder, ())
    found.sort()
    return found


def _content_parts(
    folder: str, suffix: str, others: list[tuple[str, ...]] | None = None
) -> list[tuple[str, ...]]:
    """The parts of the path of each file :func:`content_files` lists (and into ``others``,
    if given, those of the other files that are not hidden)."""
    top = os.path.basename(folder)
    newsroom = os.path.realpath(os.path.dirname(os.path.abspath(folder)))
    found: list[tuple[str, ...]] = []

    def shown(parts: tuple[str, ...]) -> str:
        return "/".join((top, *parts))

    def own(link: str, parts: tuple[str, ...]) -> str:
        """Where the link ``link`` leads, if it is a file or folder of the newsroom's own."""
        real = os.path.realpath(link)
        if _outside(real, newsroom):
            raise ContentError(f"a link to {real}, {NOT_OWN}", shown(parts))
        return real

    # The real folder of each folder being walked (a link to one of them is a loop); a link
    # is resolved where there is one, not every folder.
    walking: dict[str, tuple[str, ...]] = {}

    def walk(directory: str, real: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except FileNotFoundError:
            if parts:  # gone since its folder was listed
                raise ContentError("no such folder any more", shown(parts)) from None
            raise ContentError(
                "no such folder: the newsroom's releases go in it ('i18n-news init' makes it)",
                top,
            ) from None
        except NotADirectoryError:
            message = "not a folder: the newsroom's releases go in a folder"
            raise ContentError(message, shown(parts)) from None
        except OSError as error:  # not readable: its releases would be left out unseen
            message = f"cannot list the folder: {error.strerror or error}"
            raise ContentError(message, shown(parts)) from None
        walking[real] = parts
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            here = (*parts, name)
            if _CONTROL.search(name):  # a line break would write lines of its own into the
                # catalogs' references (a forged comment, a flag)
                raise ContentError(
                    f"a name with a control character ({name!r}): rename it", shown(parts) or top
                )
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, os.path.join(real, name), here)
            elif entry.is_symlink():  # rare: resolved only here
                try:
                    is_folder = entry.is_dir()
                    is_file = not is_folder and entry.is_file()
                except OSError as error:  # a loop of links
                    raise ContentError(error.strerror or str(error), shown(here)) from None
                if not (is_folder or is_file or os.path.exists(entry.path)):
                    target = os.path.realpath(entry.path)
                    raise ContentError(f"a link to {target}, which is not there", shown(here))
                if is_folder:
                    target = own(entry.path, here)
                    if target in walking:
                        raise ContentError(
                            f"a link to {shown(walking[target])}, a folder it is in (a loop)",
                            shown(here),
                        )
                    walk(entry.path, target, here)
                elif is_file and name.endswith(suffix):
                    own(entry.path, here)
                    found.append(here)
                elif is_file and others is not None:  # an image: refused where a release shows it
                    others.append(here)
            elif name.endswith(suffix):
                if entry.is_file():
                    found.append(here)
            elif others is not None and entry.is_file():
                others.append(here)
        del walking[real]

    real = os.path.realpath(folder)
    if _outside(real, newsroom):  # content/ itself a link out of the newsroom
        raise ContentError(f"a link to {real}, {NOT_OWN}", top)
    walk(folder, real, ())
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
    return real if _outside(real, os.path.realpath(config.root)) else None


def _outside(real: str, newsroom: str) -> bool:
    """Whether the real path ``real`` is not one of the newsroom's own files (at the real path
    ``newsroom``): outside its folder, its folder itself, or in a hidden folder of it."""
    try:
        inside = os.path.relpath(real, newsroom)
    except ValueError:  # on another drive (Windows)
        return True
    parts = Path(inside).parts  # none for the newsroom's folder itself
    if not parts or parts[0] == os.pardir or os.path.isabs(inside):
        return True
    return any(part.startswith(".") for part in parts)


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
