"""Typographic and editorial conventions per language, as data.

Each newsroom language starts from these defaults, looked up by locale (``fr_CA``) and then
by language (``fr``), and may override the dateline in ``i18n-news.toml``. Keeping them as
data (not code paths) lets a newsroom add a language without touching i18n-news.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


@dataclass(frozen=True)
class Conventions:
    """How a language writes the parts of a release that are not translated text."""

    #: Dateline before the first paragraph; ``{city}`` is upper-cased, ``{date}`` is localized.
    dateline: str = "{city}, {date} –"
    #: Replaces the day number on the first of a month (French "1er février").
    first_day: str = ""
    #: Punctuation that takes a no-break space before it, and which space.
    space_before: tuple[tuple[str, str], ...] = ()
    #: Primary quotation marks, and the no-break space inside them ("" for none).
    quotes: tuple[str, str] = ("“", "”")
    quote_space: str = ""
    #: Printed after the release's text, where the convention wants one (Canada: "– 30 –").
    end_marker: str = ""

    def __reduce__(self) -> tuple[Callable[..., Conventions], tuple[Any, ...]]:
        # Pickled with each translated text of every language version (what lists show of
        # it): as its values, read back as the one object of those values.
        return _conventions, tuple(getattr(self, name) for name in _FIELDS)


_FIELDS = tuple(f.name for f in fields(Conventions))


@lru_cache(maxsize=256)
def _conventions(*values: Any) -> Conventions:
    return Conventions(*values)


_FRENCH = Conventions(
    dateline="{city}, le {date} –",
    first_day="1er",
    space_before=((":", NBSP), (";", NARROW_NBSP), ("!", NARROW_NBSP), ("?", NARROW_NBSP)),
    quotes=("«", "»"),
    quote_space=NBSP,
)

DEFAULTS: dict[str, Conventions] = {
    "en": Conventions(dateline="{city} – {date} –"),
    "fr": _FRENCH,
    # Québec: a no-break space before the colon only (Office québécois de la langue française).
    "fr_CA": Conventions(
        dateline=_FRENCH.dateline,
        first_day=_FRENCH.first_day,
        space_before=((":", NBSP),),
        quotes=_FRENCH.quotes,
        quote_space=NBSP,
        end_marker="– 30 –",
    ),
    "en_CA": Conventions(dateline="{city} – {date} –", end_marker="– 30 –"),
    "sv": Conventions(dateline="{city}, {date} –", quotes=("”", "”")),
    "de": Conventions(dateline="{city}, {date} –", quotes=("„", "“")),
    # Arabic: its own comma after the city, and guillemets.
    "ar": Conventions(dateline="{city}، {date} –", quotes=("«", "»")),
    # Polish opens its quotes low and closes them high.
    "pl": Conventions(dateline="{city}, {date} –", quotes=("„", "”")),
}


def conventions_for(locale: str) -> Conventions:
    """The default conventions of a locale such as ``fr_CA``, else of its language."""
    normalized = locale.replace("-", "_")
    if normalized in DEFAULTS:
        return DEFAULTS[normalized]
    return DEFAULTS.get(normalized.split("_")[0].lower(), Conventions())
