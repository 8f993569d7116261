"""Typography applied when a page is rendered, from each language's conventions (data).

Translators type ordinary spaces; the page gets the no-break spaces its language wants
before punctuation and inside quotation marks, so a line never starts with ":" or "»".
Only text is changed: never URLs, code or attributes, which the callers keep apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .conventions import NARROW_NBSP, NBSP, Conventions

_SPACES = f" {NBSP}{NARROW_NBSP}"


def typesetter(conventions: Conventions) -> Callable[[str], str] | None:
    """A function that applies ``conventions`` to text, or ``None`` if there is nothing to do."""
    if not conventions.space_before and not conventions.quote_space:
        return None
    return _compile(conventions)


@lru_cache(maxsize=16)
def _compile(conventions: Conventions) -> Callable[[str], str]:
    #: (what the text must contain for the rule to apply, pattern, replacement)
    rules: list[tuple[str, re.Pattern[str], str]] = []
    for mark, space in conventions.space_before:
        # A space (or none, after a word) before the mark, when the mark ends a phrase:
        # "Note : x" and "Note: x" become "Note\u00a0: x"; "10:30" and "http://" are left alone.
        after_word = re.compile(rf"(?<=\w)[{_SPACES}]?(?={re.escape(mark)}(?:\s|$))")
        after_bracket = re.compile(rf"(?<=[»\)\]])[{_SPACES}]?(?={re.escape(mark)}(?:\s|$))")
        rules += [(mark, after_word, space), (mark, after_bracket, space)]
    if conventions.quote_space:
        opening, closing = conventions.quotes
        space = conventions.quote_space
        rules.append((opening, re.compile(rf"(?<={re.escape(opening)})[{_SPACES}]?(?=\S)"), space))
        rules.append((closing, re.compile(rf"(?<=\S)[{_SPACES}]?(?={re.escape(closing)})"), space))

    def apply(text: str) -> str:
        for needed, pattern, replacement in rules:
            if needed in text:  # most text has no such mark: no search at all
                text = pattern.sub(replacement, text)
        return text

    return apply
