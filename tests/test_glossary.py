"""The glossary: its mistakes are named at their line, as the configuration's are."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n_news.config import load_config
from i18n_news.errors import ConfigError
from i18n_news.glossary import Glossary, Term, load_glossary

from .conftest import CONFIG

GLOSSARY = """\
do_not_translate = ["AI Sweden", "Mila"]

[[terms]]
term = "machine learning"
fr = "apprentissage automatique"
sv = "maskininlärning"

[[terms]]
term = "researcher"
fr = "chercheur"
note = "Inclusive forms are welcome."
"""


def load(tmp_path: Path, text: str) -> None:
    (tmp_path / "i18n-news.toml").write_text(CONFIG)
    (tmp_path / "glossary.toml").write_text(text)
    load_glossary(load_config(tmp_path))


def test_a_glossary_is_read(tmp_path: Path) -> None:
    (tmp_path / "i18n-news.toml").write_text(CONFIG)
    (tmp_path / "glossary.toml").write_text(GLOSSARY)
    glossary = load_glossary(load_config(tmp_path))
    assert [term.term for term in glossary.terms] == ["machine learning", "researcher"]
    assert glossary.terms[1].translations == {"fr": "chercheur"}
    # Saved by a Windows editor, with a byte-order mark: read the same.
    (tmp_path / "glossary.toml").write_bytes(b"\xef\xbb\xbf" + GLOSSARY.encode())
    assert load_glossary(load_config(tmp_path)) == glossary


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('fr = "chercheur"', 'de = "Forscher"'), "glossary.toml:10: unknown key 'terms[2].de' "
         "(term, note, or a target language: fr, sv)"),
        (('term = "researcher"', 'name = "researcher"'), "glossary.toml:8: 'terms[2]' needs a "
         "'term'"),
        (("do_not_translate = [", "do_not_translates = ["), "glossary.toml:1: unknown key "
         "'do_not_translates' (valid: terms, do_not_translate)"),
        (('"AI Sweden", "Mila"', '"AI Sweden", 3'), "glossary.toml:1: 'do_not_translate' must "
         "be a list of names"),
        (('fr = "chercheur"', 'fr = "chercheur'), "glossary.toml:10: invalid glossary: "),
        (('fr = "chercheur"', "fr = 5"), "glossary.toml:10: 'terms[2].fr' must be the term's "
         "translation in fr, as text"),
        (('sv = "maskininlärning"', 'sv = ["a"]'), "glossary.toml:6: 'terms[1].sv' must be the "
         "term's translation in sv, as text"),
        (('note = "Inclusive', 'note = 7 # "'), "glossary.toml:11: 'terms[2].note' must be a "
         "note, as text"),
        (('term = "researcher"', 'term = ""'), "glossary.toml:9: 'terms[2].term' is empty: write "
         "the term"),
    ],
)  # fmt: skip
def test_a_mistake_is_named_at_its_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    text = GLOSSARY.replace(*change)
    assert text != GLOSSARY
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, text)
    assert str(raised.value).startswith(expected)


def test_a_term_is_looked_for_as_words_outside_never_translated_names() -> None:
    glossary = Glossary(
        terms=(
            Term("AI", {"fr": "IA"}),
            Term("applied artificial intelligence", {"sv": "tillämpad artificiell intelligens"}),
            Term("researcher", {"fr": "chercheur"}),
        ),
        do_not_translate=("AI Sweden",),
    )
    # "AI" in "AI Sweden" is the name's, not the term: no glossary comment, no warning.
    assert glossary.terms_in("About AI Sweden") == []
    assert [t.term for t in glossary.terms_in("AI Sweden and AI")] == ["AI"]
    # An acronym in capitals only: not the "ai" of an address, nor the start of "Ian".
    assert glossary.terms_in("Visit [ai.se](https://www.ai.se/en) today.") == []
    ai, applied, researcher = glossary.terms
    assert not ai.translated_in("Ian en parle.", "fr")
    # Whole words: "partenariat" holds "ia", it is no "IA".
    assert not ai.translated_in("Le partenariat en AI commence.", "fr")
    assert ai.translated_in("Le partenariat en IA commence.", "fr")
    # Each word with the ending its language gives it, in order.
    assert applied.translated_in("den tillämpade artificiella intelligensen", "sv")
    assert not applied.translated_in("artificiell tillämpad intelligens", "sv")
    assert researcher.translated_in("50 chercheurs et chercheuses", "fr")
    assert not researcher.translated_in("50 scientifiques", "fr")
    assert researcher.translated_in("anything", "sv")  # no agreed Swedish: nothing to check


def test_the_glossary_check_reads_terms_as_words(tmp_path: Path) -> None:
    from i18n_news.catalog import Message
    from i18n_news.checks import CheckContext, check_message

    (tmp_path / "i18n-news.toml").write_text(CONFIG)
    (tmp_path / "glossary.toml").write_text(
        'do_not_translate = ["AI Sweden"]\n\n[[terms]]\nterm = "AI"\nfr = "IA"\n'
    )
    config = load_config(tmp_path)
    context = CheckContext(config.target("fr"), load_glossary(config))

    def warnings(source: str, target: str) -> list[str]:
        found = check_message(Message(msgid=source, msgstr=target), context)
        return [problem.message for problem in found if problem.check == "glossary"]

    assert warnings("About AI Sweden", "À propos d’AI Sweden") == []
    assert warnings("The AI partnership starts.", "Le partenariat en AI commence.") == [
        "“AI” should be translated “IA”"
    ]
    assert warnings("The AI partnership starts.", "Le partenariat en IA commence.") == []
