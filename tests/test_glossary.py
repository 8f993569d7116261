"""The glossary: its mistakes are named at their line, as the configuration's are."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n_news.config import load_config
from i18n_news.errors import ConfigError
from i18n_news.glossary import load_glossary

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
