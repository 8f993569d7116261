"""Typographic and editorial conventions per language, as data.

Each newsroom language starts from these defaults and may override any of them in
``i18n-news.toml``. Keeping them as data (not code paths) lets a newsroom add a language
without touching i18n-news.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Conventions:
    """How a language writes the parts of a release that are not translated text."""

    #: Dateline before the first paragraph; ``{city}`` is upper-cased, ``{date}`` is localized.
    dateline: str = "{city}, {date} –"
    #: Replaces the day number on the first of a month (French "1er février").
    first_day: str = ""


DEFAULTS: dict[str, Conventions] = {
    "en": Conventions(dateline="{city} – {date} –"),
    "fr": Conventions(dateline="{city}, le {date} –", first_day="1er"),
    "sv": Conventions(dateline="{city}, {date} –"),
    "de": Conventions(dateline="{city}, {date} –"),
}


def conventions_for(language: str) -> Conventions:
    """Return the default conventions of ``language`` (a code such as ``fr`` or ``fr_CA``)."""
    base = language.replace("-", "_").split("_")[0].lower()
    return DEFAULTS.get(base, Conventions())
