"""Where catalogs live in a newsroom (the layout Weblate and sphinx-intl expect)::

    locales/templates/site.pot
    locales/templates/releases/<slug>.pot
    locales/<lang>/LC_MESSAGES/site.po
    locales/<lang>/LC_MESSAGES/releases/<slug>.po

Paths alone: a command that only looks at which files there are (a build that changes
nothing) reads no catalog.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .config import Config, Language

SITE = "site"


def template_path(config: Config, domain: str) -> Path:
    """The template of ``domain`` (``site`` or ``releases/<slug>``)."""
    return config.locales_dir / "templates" / f"{domain}.pot"


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


@lru_cache(maxsize=65536)
def _path(name: str) -> Path:
    return Path(name)


def release_domain(slug: str) -> str:
    return f"releases/{slug}"


def display_path(config: Config, path: Path) -> str:
    """``path`` relative to the newsroom, for messages."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
