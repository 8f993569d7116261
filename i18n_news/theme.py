"""The default theme shipped with i18n-news, and a newsroom's overrides of it.

A newsroom's ``templates/`` and ``static/`` folders win over the theme file by file, the
way Hugo and MkDocs let a site override its theme.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .catalog import Catalog
from .config import Config, Language
from .errors import ContentError, NewsroomError, TemplateError
from .layout import NOT_OWN, display_path, linked_outside
from .pofile import parse_po

THEME_DIR = Path(__file__).parent / "theme"
#: How theme files are named in catalog references, where they have no newsroom path.
THEME_LABEL = "default-theme"
_TEMPLATE_SUFFIXES = {".html", ".xml", ".txt"}


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _own_files(config: Config, folder: Path, error: type[NewsroomError]) -> dict[str, Path]:
    """:func:`_files` of a folder of the newsroom, which may hold no link to a file or a
    folder that is not the newsroom's own (an ``error`` naming it: see
    :func:`linked_outside`); Jinja would load a template through a linked folder."""
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.rglob("*")):
        if (target := linked_outside(config, path)) is not None:
            raise error(f"a link to {target}, {NOT_OWN}", display_path(config, path))
        if path.is_file() and not path.name.startswith("."):
            files[path.relative_to(folder).as_posix()] = path
    return files


def template_sources(config: Config) -> list[tuple[str, Path]]:
    """Every template the site uses, as (name for references, file), overrides first."""
    own = {
        name: path
        for name, path in _own_files(config, config.templates_dir, TemplateError).items()
        if path.suffix in _TEMPLATE_SUFFIXES
    }
    theme = _files(THEME_DIR / "templates")
    sources = [(f"templates/{name}", path) for name, path in own.items()]
    sources += [(f"{THEME_LABEL}/{name}", path) for name, path in theme.items() if name not in own]
    return sorted(sources)


def template_label(config: Config, filename: str) -> str:
    """Name a template file in messages: ``templates/x.html`` or ``default-theme/x.html``."""
    path = Path(filename)
    theme = THEME_DIR / "templates"
    if path.is_relative_to(theme):
        return f"{THEME_LABEL}/{path.relative_to(theme).as_posix()}"
    if path.is_relative_to(config.root):
        return path.relative_to(config.root).as_posix()
    return filename


def static_files(config: Config) -> dict[str, Path]:
    """Static assets by output name: the theme's, overridden by the newsroom's ``static/``."""
    files = _files(THEME_DIR / "static")
    files.update(_own_files(config, config.static_dir, ContentError))
    return files


#: The folder of a newsroom's ``static/`` whose files go to the site's root, not under
#: ``static/``: what hosts and browsers look for there (``CNAME``, ``favicon.ico``,
#: ``_redirects``, a ``404.html``).
ROOT_FOLDER = "root"


def site_assets(config: Config) -> tuple[dict[str, Path], dict[str, Path]]:
    """The files copied into the site, by their path in it: the static assets under
    ``static/``, and the files of the newsroom's ``static/root/`` at the site's root."""
    assets: dict[str, Path] = {}
    at_root: dict[str, Path] = {}
    for name, path in static_files(config).items():
        root, slash, rest = name.partition("/")
        if root == ROOT_FOLDER and slash and path.is_relative_to(config.static_dir):
            at_root[rest] = path
        else:
            assets[f"static/{name}"] = path
    return assets, at_root


def template_folders(config: Config) -> list[Path]:
    """Folders Jinja searches for templates, newsroom first."""
    return [config.templates_dir, THEME_DIR / "templates"]


#: The theme's own translations of its interface strings, a catalog per language.
THEME_LOCALES = THEME_DIR / "locales"


def _theme_catalog_file(language: Language) -> Path | None:
    """The theme's catalog for ``language``: of its code (``pt-BR``), else of the language
    alone (``fr`` for ``fr-CA``, or a locale ``fr_CA``); ``None`` if the theme has none."""
    names = [language.code, language.code.split("-")[0], language.locale.split("_")[0]]
    for name in dict.fromkeys(names):
        path = THEME_LOCALES / f"{name}.po"
        if path.is_file():
            return path
    return None


@cache
def _theme_catalog(path: Path) -> tuple[Catalog, bytes]:
    data = path.read_bytes()
    return parse_po(data, f"{THEME_LABEL}/locales/{path.name}"), data


def theme_translations(language: Language) -> tuple[Catalog, bytes] | None:
    """The default theme's own translations of its interface strings into ``language`` (its
    catalog, and the file's bytes), if the theme has them (French and Swedish)."""
    path = _theme_catalog_file(language)
    return _theme_catalog(path) if path is not None else None
