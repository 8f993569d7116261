"""Plural forms of catalogs: the ``Plural-Forms`` header new catalogs get, and reading it.

A new catalog gets the plural forms GNU gettext's ``msginit`` writes for its language, the
ones Poedit, Lokalize and Weblate offer translators by default (French: two forms, ``n > 1``).
Babel's own table follows CLDR and changes between its releases (CLDR gave French a third
form, for whole millions, that gettext tools do not use), so it is the fallback only for
languages GNU gettext has no entry for. An existing catalog's header always wins: a team that
wants other forms edits the header once, and ``update`` and ``build`` keep and use it.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from typing import NamedTuple

from babel import Locale

#: GNU gettext's ``msginit`` table (``plural-table.c``): language or locale -> Plural-Forms.
GNU_PLURAL_FORMS = {
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "bg": "nplurals=2; plural=(n != 1);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "da": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "he": "nplurals=2; plural=(n != 1);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hu": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pt": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sv": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "vi": "nplurals=1; plural=0;",
}

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)


class PluralForms(NamedTuple):
    """How many forms a plural message has in a language, and which one a number takes."""

    number: int
    expression: str

    def __str__(self) -> str:
        return f"nplurals={self.number}; plural={self.expression};"


def parse_plural_forms(value: str | None) -> PluralForms | None:
    """The plural forms a ``Plural-Forms`` header states; ``None`` if it states none."""
    match = _HEADER.match(value or "")
    if not match or int(match.group(1)) < 1:
        return None
    return PluralForms(int(match.group(1)), match.group(2))


@lru_cache(maxsize=256)
def plural_forms_problem(value: str) -> str | None:
    """What ``msgfmt -c`` finds wrong with the ``Plural-Forms`` header ``value``, in words;
    ``None`` if nothing (checked once per value: catalogs share a few)."""
    match = _HEADER.match(value)
    if match is None:
        return f"Plural-Forms {value!r} must read 'nplurals=N; plural=EXPRESSION;'"
    number, expression = int(match.group(1)), match.group(2)
    if number < 1:
        return f"nplurals={number} in Plural-Forms: a language has 1 plural form or more"
    try:
        choose = gettext.c2py(expression)
    except (ValueError, RecursionError):
        return f"invalid plural expression {expression!r} in Plural-Forms"
    for n in range(1000):  # as msgfmt, which tries the numbers a message may be given
        form = choose(n)
        if not 0 <= form < number:
            return (
                f"Plural-Forms says nplurals={number}, but its expression gives form {form} "
                f"for n={n}"
            )
    return None


def plural_forms(locale: Locale) -> PluralForms:
    """The plural forms of a new catalog for ``locale``, as ``msginit`` writes them."""
    for key in (str(locale), locale.language):
        if key in GNU_PLURAL_FORMS:
            forms = parse_plural_forms(GNU_PLURAL_FORMS[key])
            assert forms is not None
            return forms
    # Imported here: Babel's catalog module, which it brings, is not needed to read catalogs.
    from babel.messages.plurals import get_plural

    babel = get_plural(locale)
    return PluralForms(babel.num_plurals, babel.plural_expr)


@lru_cache(maxsize=256)
def often_used_forms(forms: PluralForms) -> frozenset[int]:
    """The plural forms that 5 or more of the numbers 0 to 1000 take: as ``msgfmt -c`` has it,
    their translations must show every named argument of the plural source, where a form a
    few numbers take ("un communiqué", n = 0 or 1) may leave the number out."""
    choose = gettext.c2py(forms.expression)
    counts: dict[int, int] = {}
    for n in range(1001):
        form = choose(n)
        counts[form] = counts.get(form, 0) + 1
    return frozenset(form for form, count in counts.items() if count >= 5)
