"""The newsroom's glossary: agreed translations of terms, and names never translated.

It lives in ``glossary.toml`` beside ``i18n-news.toml``::

    do_not_translate = ["AI Sweden", "Mila", "Vinnova"]

    [[terms]]
    term = "applied artificial intelligence"
    fr = "intelligence artificielle appliquée"
    sv = "tillämpad artificiell intelligens"
    note = "The field, not a product name."
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from .config import Config
from .errors import ConfigError

GLOSSARY_NAME = "glossary.toml"


@dataclass(frozen=True)
class Term:
    """A source-language term and its agreed translation per language code."""

    term: str
    translations: dict[str, str] = field(default_factory=dict, compare=False)
    note: str = ""

    def found_in(self, text: str) -> bool:
        return _pattern(self.term).search(text) is not None

    def translated_in(self, text: str, language: str) -> bool:
        """Whether ``text`` has the term's translation into ``language`` (any if it has
        none), as whole words, each word inflected as the language inflects it at its end
        (French "chercheurs", Swedish "artificiella intelligensen")."""
        wanted = self.translations.get(language)
        return not wanted or _inflected(wanted).search(text) is not None


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    do_not_translate: tuple[str, ...] = ()

    def terms_in(self, text: str) -> list[Term]:
        """The terms that occur in ``text``, but for those in a never-translated name ("AI"
        in "AI Sweden")."""
        if not self.terms:
            return []
        prose = self.without_names(text)
        return [term for term in self.terms if term.found_in(prose)]

    def without_names(self, text: str) -> str:
        """``text`` with the never-translated names it has blanked out."""
        for name in self.do_not_translate:
            text = _pattern(name).sub(lambda found: " " * len(found.group(0)), text)
        return text

    def names_in(self, text: str) -> list[str]:
        """The never-translated names that occur in ``text``."""
        return [name for name in self.do_not_translate if _pattern(name).search(text)]

    def names_as_written(self, text: str) -> list[str]:
        """Each never-translated name as ``text`` writes it (``Mila``, ``MILA``), once."""
        found = (
            m.group(0) for name in self.do_not_translate for m in _pattern(name).finditer(text)
        )
        return list(dict.fromkeys(found))

    def comments_for(self, text: str) -> list[str]:
        """Extracted comments that show a translator the glossary entries of ``text``."""
        comments = []
        for term in self.terms_in(text):
            pairs = "; ".join(f"{code}: {value}" for code, value in term.translations.items())
            note = f" ({term.note})" if term.note else ""
            comments.append(f"glossary: {term.term} = {pairs}{note}")
        names = self.names_in(text)
        if names:
            comments.append("do not translate: " + ", ".join(names))
        return comments


def _case(term: str) -> re.RegexFlag:
    """How ``term`` is matched: in any case, but an acronym ("AI", "IA") in capitals only,
    lest it be found in a word or an address ("ai.se", "Ian")."""
    return re.NOFLAG if term.isupper() and len(term) > 1 else re.IGNORECASE


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", _case(term))


def _inflected(term: str) -> re.Pattern[str]:
    """The words of ``term``, each from its start and with any ending, in order."""
    words = [re.escape(word) + r"\w*" for word in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), _case(term))


def _key_line(text: str, key: str, entry: int | None = None) -> int | None:
    """The line of ``glossary.toml``'s ``text`` where ``key`` is written: at the top, or
    (``entry``) in the entry-th ``[[terms]]`` table (its header if ``key`` is not there);
    ``None`` if it is not found (terms written inline, say)."""
    tables = 0
    in_entry = entry is None
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.strip("[]").strip()
            if entry is None:
                if header == key:
                    return number
                in_entry = False
                continue
            if header == "terms" and stripped.startswith("[["):
                tables += 1
                in_entry = tables == entry
                found = number if in_entry else found
            else:
                in_entry = False
        elif in_entry and stripped.split("=", 1)[0].strip().strip('"') == key and "=" in line:
            return number
    return found


def load_glossary(config: Config) -> Glossary:
    """Read ``glossary.toml`` if the newsroom has one; errors name the key and its line."""
    path = config.root / GLOSSARY_NAME
    if not path.is_file():
        return Glossary()
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark taken off
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        match = re.search(r"at line (\d+)", str(error))
        raise ConfigError(
            f"invalid glossary: {error}", GLOSSARY_NAME, int(match.group(1)) if match else None
        ) from None

    def fail(message: str, key: str, entry: int | None = None) -> ConfigError:
        return ConfigError(message, GLOSSARY_NAME, _key_line(text, key, entry))

    unknown = sorted(set(data) - {"terms", "do_not_translate"})
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (valid: terms, do_not_translate)", unknown[0])
    names = data.get("do_not_translate", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise fail("'do_not_translate' must be a list of names", "do_not_translate")
    codes = {lang.code for lang in config.targets}
    terms = []
    for index, entry in enumerate(data.get("terms", []), start=1):
        where = f"terms[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            raise fail(f"'{where}' needs a 'term'", "term", index)
        if not entry["term"].strip():
            raise fail(f"'{where}.term' is empty: write the term", "term", index)
        unknown = sorted(set(entry) - {"term", "note"} - codes)
        if unknown:
            raise fail(
                f"unknown key '{where}.{unknown[0]}' (term, note, or a target language: "
                f"{', '.join(sorted(codes))})",
                unknown[0],
                index,
            )
        for key in ("note", *sorted(codes)):
            value = entry.get(key, "x")
            if not isinstance(value, str) or not value.strip():
                what = "a note" if key == "note" else f"the term's translation in {key}"
                raise fail(f"'{where}.{key}' must be {what}, as text", key, index)
        translations = {code: entry[code] for code in sorted(codes) if code in entry}
        terms.append(Term(entry["term"], translations, entry.get("note", "")))
    return Glossary(tuple(terms), tuple(names))
