"""Typography at render time, from each language's conventions."""

from __future__ import annotations

import pytest

from i18n_news.conventions import conventions_for
from i18n_news.markup import render_body
from i18n_news.typography import typesetter

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr_CA", "Note : la suite", f"Note{NBSP}: la suite"),
        ("fr_CA", "Note: la suite", f"Note{NBSP}: la suite"),
        ("fr_CA", "« Oui », dit-elle.", f"«{NBSP}Oui{NBSP}», dit-elle."),
        ("fr_CA", "Vraiment? Oui!", "Vraiment? Oui!"),  # Québec: no space before ? and !
        ("fr_FR", "Vraiment ? Oui!", f"Vraiment{NNBSP}? Oui{NNBSP}!"),
        ("fr_FR", "à 10:30, voir http://example.org", "à 10:30, voir http://example.org"),
    ],
)
def test_french_spacing(locale: str, text: str, expected: str) -> None:
    typeset = typesetter(conventions_for(locale))
    assert typeset is not None
    assert typeset(text) == expected


def test_languages_without_rules_are_left_alone() -> None:
    assert typesetter(conventions_for("sv_SE")) is None
    assert typesetter(conventions_for("en")) is None


def test_code_urls_and_attributes_are_never_changed() -> None:
    typeset = typesetter(conventions_for("fr_FR"))
    body = "Lien : [la page](https://example.org/a?b=1) et `x ? y : z` !\n"
    html = render_body(body, lambda text: text, "en", typeset=typeset)
    assert f"Lien{NBSP}:" in html
    assert 'href="https://example.org/a?b=1"' in html
    assert "<code>x ? y : z</code>" in html


def test_text_left_in_the_source_language_keeps_its_own_typography() -> None:
    typeset = typesetter(conventions_for("fr_FR"))
    body = "A list: three items.\n\nUne liste : trois.\n\n- First point: done.\n"
    translations = {"Une liste : trois.": "Une liste : trois."}
    html = render_body(body, translations.get, "en", typeset=typeset)
    # Translated: the page's French spacing; left in English: as the English is written.
    assert f"Une liste{NBSP}: trois." in html
    assert '<p lang="en">A list: three items.</p>' in html
    assert '<li lang="en">First point: done.</li>' in html


@pytest.mark.parametrize("references", ["", "\n[r]: https://example.org/r\n"])
def test_a_space_next_to_a_link_or_emphasis_is_a_no_break_one_too(references: str) -> None:
    """Translators type "[le rapport](…) :" and "« *vraiment* »": the space between the
    link's text and the colon, or the quote marks and the emphasis, holds them together."""
    typeset = typesetter(conventions_for("fr_CA"))
    text = "Voir [le rapport](https://x.org) : il est « *vraiment* » utile ; **ceci** : oui"
    body = f"{text}\n{references}"
    html = render_body(body, lambda source: source, "en", typeset=typeset)
    assert (
        f'<a href="https://x.org">le rapport</a>{NBSP}: il est «{NBSP}<em>vraiment</em>{NBSP}» '
        f"utile ; <strong>ceci</strong>{NBSP}: oui"
    ) in html  # French Canada: no space before ";"
    # Code keeps its own text, but a colon after it is held as after any word.
    code = render_body("Le `code` : ici\n", lambda source: source, "en", typeset=typeset)
    assert f"<code>code</code>{NBSP}: ici" in code


def test_a_space_put_where_a_link_or_emphasis_meets_a_mark_is_put_once_outside_it() -> None:
    typeset = typesetter(conventions_for("fr_FR"))
    html = render_body(
        "Voir *ceci*: suite. Il dit «[bonjour](https://x.org/)» hier.\n",
        lambda source: source, "en", typeset=typeset,
    )  # fmt: skip
    assert (
        f'Voir <em>ceci</em>{NBSP}: suite. Il dit «{NBSP}<a href="https://x.org/">bonjour</a>'
        f"{NBSP}» hier."
    ) in html
