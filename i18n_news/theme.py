"""The default theme shipped with i18n-news, and a newsroom's overrides of it.

A newsroom's ``templates/`` and ``static/`` folders win over the theme file by file, the
way Hugo and MkDocs let a site override its theme.
"""

from __future__ import annotations

from pathlib import Path

from .config import Config

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


def template_sources(config: Config) -> list[tuple[str, Path]]:
    """Every template the site uses, as (name for references, file), overrides first."""
    own = {n: p for n, p in _files(config.templates_dir).items() if p.suffix in _TEMPLATE_SUFFIXES}
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
    files.update(_files(config.static_dir))
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
