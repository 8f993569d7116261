"""Create newsrooms and releases: ``init`` and ``new``."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date, datetime
from pathlib import Path

from .atomic import write_text
from .config import CONFIG_NAME, Config, own_folder_holding, parse_config
from .content import load_releases, release_files, slugify
from .errors import CommandLineError, ConfigError, ContentError
from .front_matter import reads_as_text
from .theme import THEME_DIR

CONFIG_TEMPLATE = """\
# i18n-news newsroom configuration: see docs/reference.md for every key.
[newsroom]
name = {name}
base_url = {base_url}
timezone = {timezone}
output = "public"
source_language = {source}
target_languages = [{targets}]
{languages}"""

#: The example release of a new newsroom, in its source language where there is one of it
#: here (English otherwise), with a city of that language's newsrooms.
EXAMPLE_RELEASES = {
    "en": (
        "Montreal",
        """\
---
title: {name} opens its multilingual newsroom
date: {date}
dateline: {city}
summary: Press releases from {name} are now published in every language of its readers.
tags: [announcements]
---

{name} today opened its newsroom, where every press release is published in several
languages at once.

## What readers get

- Each release in their own language, with dates written the way they write them.
- A feed per language, for newsrooms and partners.

Journalists can reach the communications team at [press@example.org](mailto:press@example.org).
""",
    ),
    "fr": (
        "Montréal",
        """\
---
title: {name} ouvre sa salle de presse multilingue
date: {date}
dateline: {city}
summary: Les communiqués de {name} paraissent désormais dans toutes les langues de ses lecteurs.
tags: [annonces]
---

{name} a ouvert aujourd’hui sa salle de presse, où chaque communiqué paraît en plusieurs
langues à la fois.

## Ce que les lecteurs y trouvent

- Chaque communiqué dans leur langue, avec les dates écrites comme ils les écrivent.
- Un fil par langue, pour les rédactions et les partenaires.

Les journalistes peuvent joindre l’équipe des communications à
[press@example.org](mailto:press@example.org).
""",
    ),
    "sv": (
        "Stockholm",
        """\
---
title: {name} öppnar sitt flerspråkiga pressrum
date: {date}
dateline: {city}
summary: Pressmeddelanden från {name} publiceras nu på alla läsarnas språk.
tags: [nyheter]
---

{name} öppnade i dag sitt pressrum, där varje pressmeddelande publiceras på flera språk
samtidigt.

## Vad läsarna får

- Varje pressmeddelande på sitt eget språk, med datum skrivna som de själva skriver dem.
- Ett flöde per språk, för redaktioner och partner.

Journalister når kommunikationsavdelningen på [press@example.org](mailto:press@example.org).
""",
    ),
}


#: The languages a new newsroom translates into unless told: those the default theme has
#: its words translated in.
DEFAULT_TARGETS = ("fr", "sv")


def default_targets(source: str) -> list[str]:
    """The languages a newsroom writing in ``source`` translates into unless told: French and
    Swedish, English instead of the one that is the source language."""
    return ["en" if code == source else code for code in DEFAULT_TARGETS]


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def init_newsroom(
    folder: Path,
    name: str,
    base_url: str,
    timezone: str,
    source: str,
    targets: list[str],
    locales: dict[str, str],
    today: date,
) -> tuple[Path, list[Path]]:
    """Create a working newsroom in ``folder``: configuration, templates, an example release.
    Return the example release, and the files that were there already, kept as they were."""
    if (folder / CONFIG_NAME).exists():
        raise ConfigError(f"a newsroom already exists here ({CONFIG_NAME} found)", folder)
    _refuse_inside_a_newsroom(folder)
    # A table per language, once (a language listed twice is refused by the validation).
    languages = "".join(
        f"\n[languages.{code}]\nlocale = {_toml_string(locales[code])}\n"
        for code in dict.fromkeys((source, *targets))
        if code in locales
    )
    config_text = CONFIG_TEMPLATE.format(
        name=_toml_string(name),
        base_url=_toml_string(base_url),
        timezone=_toml_string(timezone),
        source=_toml_string(source),
        targets=", ".join(_toml_string(t) for t in targets),
        languages=languages,
    )
    # Validate before writing anything, so a bad option leaves no half-made newsroom.
    parse_config(tomllib.loads(config_text), folder.resolve())
    folder.mkdir(parents=True, exist_ok=True)
    write_text(folder / CONFIG_NAME, config_text)
    kept: list[Path] = []
    templates = folder / "templates"
    for source_file in sorted((THEME_DIR / "templates").rglob("*")):
        if source_file.is_file():
            target = templates / source_file.relative_to(THEME_DIR / "templates")
            if target.exists():  # a file of the folder's own: never written over
                kept.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_file, target)
    release = folder / "content" / f"{today.year}" / "newsroom-opens.md"
    if release.exists():
        kept.append(release)
    else:
        language = locales.get(source, source).replace("-", "_").partition("_")[0].lower()
        city, example = EXAMPLE_RELEASES.get(language, EXAMPLE_RELEASES["en"])
        write_text(release, example.format(name=name, date=today.isoformat(), city=city))
    gitignore = folder / ".gitignore"
    if gitignore.exists():
        kept.append(gitignore)
    else:
        write_text(gitignore, GITIGNORE)
    return release, kept


def _refuse_inside_a_newsroom(folder: Path) -> None:
    """Refuse a new newsroom in a folder of another's own (its ``content/``: the example
    release would be a release of that newsroom; its catalogs, templates, assets, cache)."""
    target = folder.resolve()
    parent = next((p for p in target.parents if (p / CONFIG_NAME).is_file()), None)
    own = own_folder_holding(parent, target) if parent is not None else None
    if own is not None:
        raise ConfigError(
            f"this folder is in the {own}/ folder of the newsroom at {parent}: make the new "
            "newsroom elsewhere",
            folder,
        )


#: What a newsroom's git repository leaves out: the built site, the lock, the cache, compiled
#: catalogs, and the temporary files of a write cut short.
GITIGNORE = "/public/\n/.i18n-news.lock\n/.i18n-news-cache/\n*.mo\n.*.tmp\n"


def new_release(
    config: Config,
    title: str,
    today: date,
    dateline: str | None = None,
    slug: str | None = None,
    tags: tuple[str, ...] = (),
    embargo: datetime | None = None,
) -> Path:
    """Create ``content/<year>/<slug>.md`` with its front matter filled in (and ``embargo``,
    for a release dated in the future), as a draft: its placeholder text is not published
    before its writer says it is ready."""
    slug = slug or slugify(title)
    path = config.content_dir / str(today.year) / f"{slug}.md"
    relative = path.relative_to(config.root).as_posix()
    if path.exists():
        raise ContentError("a release with this file name already exists", relative)
    # A newsroom's first release may make its content/ folder.
    releases = load_releases(config, release_files(config)) if config.content_dir.exists() else []
    for release in releases:
        if release.slug == slug:
            raise ContentError(f"slug {slug!r} is already used by {release.path}", relative)
    # A tag whose page would be another's (the newsroom's "partnerships" given as
    # "Partnerships"): the release would stop the build once published.
    pages = {slugify(tag): tag for release in releases for tag in release.tags}
    for tag in tags:
        other = pages.setdefault(slugify(tag), tag)
        if other != tag:
            raise CommandLineError(
                f"--tag {tag!r} would have the page of tag {other!r} (tags/{slugify(tag)}/): "
                f"write it {other!r}, or name it apart"
            )
    if dateline is None:
        dateline = releases[0].dateline if releases else "City"
    tag_list = ", ".join(
        tag if _PLAIN.fullmatch(tag) and reads_as_text(tag) else _yaml_string(tag) for tag in tags
    )
    scheduled = f"embargo: {embargo.isoformat()}\n" if embargo else ""
    text = (
        "---\n"
        f"title: {_yaml_string(title)}\n"
        f"date: {today.isoformat()}\n"
        f"{scheduled}"
        "draft: true\n"
        f"dateline: {_yaml_string(dateline)}\n"
        "summary: One or two sentences that say what is announced.\n"
        f"tags: [{tag_list}]\n"
        "---\n\n"
        "First paragraph: who, what, when, where. The dateline is added in front of it.\n"
    )
    write_text(path, text)
    return path


#: A tag written as it is in a YAML list: letters, digits, spaces and hyphens.
_PLAIN = re.compile(r"\w[\w -]*")


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
