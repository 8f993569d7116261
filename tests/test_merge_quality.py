"""update keeps translators' work at least as well as GNU ``msgmerge --previous``.

The corpus is the benchmark's (``benchmarks/merge_quality.py``): the sample newsroom's releases
edited in each way writers edit them, merged by both tools into the same old catalogs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.merge_quality import (
    EDITS,
    TOOLS,
    Case,
    Tally,
    corpus,
    evaluate,
    merge_both,
    outcome,
    prepare_base,
)
from i18n_news.catalog import Catalog, Message
from i18n_news.pofile import parse_po

Tallies = dict[str, dict[str, Tally]]
#: Edits of each kind per release: half the benchmark's, for a quick test.
VARIANTS = 3


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare_base(tmp_path_factory.mktemp("merge-quality") / "base")


@pytest.fixture(scope="module")
def results(base: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Tallies, list[str]]:
    """The benchmark's scores on part of its corpus, and the messages the tools differ on."""
    differences: list[str] = []
    tallies = evaluate(base, corpus(base, VARIANTS), tmp_path_factory.mktemp("work"), differences)
    return tallies, differences


@pytest.mark.parametrize("kind", list(EDITS))
def test_update_keeps_as_many_right_translations_as_msgmerge_and_no_more_wrong_ones(
    results: tuple[Tallies, list[str]], kind: str
) -> None:
    ours, gnu = (results[0][kind][tool] for tool in TOOLS)
    assert ours.right + ours.wrong + ours.lost >= 6  # every kind of edit is represented
    assert ours.right >= gnu.right
    assert ours.wrong <= gnu.wrong
    # What the edit kept of a paragraph is never lost: only short parts of a split paragraph,
    # a sentence left alone and short headings reworded fall under the similarity threshold.
    if kind not in ("a sentence removed", "a paragraph split in two", "a heading reworded"):
        assert ours.lost == 0 and ours.wrong == 0


def test_where_the_tools_differ_update_has_the_right_translation(
    results: tuple[Tallies, list[str]],
) -> None:
    assert all("'i18n-news': 'right'" in line for line in results[1]), results[1]


def test_a_split_paragraph_keeps_its_translation_where_msgmerge_takes_a_closer_text(
    base: Path, tmp_path: Path
) -> None:
    # The first sentence of "About AI Sweden" is closer to the summary than to the paragraph it
    # was split from: msgmerge gives it the summary's translation, update the translation of
    # the paragraph that stood in its place.
    slug = "mila-ai-sweden-partnership"
    text = (base / "content/2022" / f"{slug}.md").read_text(encoding="utf-8")
    paragraph = next(p.strip() for p in text.split("\n\n") if p.startswith("AI Sweden is the"))
    head, _, tail = paragraph.partition(" Our mission")
    case = Case(
        "a paragraph split in two",
        slug,
        text.replace(paragraph, f"{head}\n\nOur mission{tail}"),
        {head: (paragraph,)},
    )
    merged = merge_both(base, case, tmp_path)
    for language in ("fr", "sv"):
        po = base / "locales" / language / "LC_MESSAGES/releases" / f"{slug}.po"
        old = parse_po(po.read_text(encoding="utf-8"))
        summary = next(m for m in old if m.auto_comments[:1] == ("summary",))
        ours = merged["i18n-news", language].get((None, head))
        gnu = merged["msgmerge", language].get((None, head))
        assert ours is not None and gnu is not None
        assert outcome(ours, (paragraph,), old) == "right"
        assert ours.fuzzy and ours.previous_msgid == paragraph
        assert gnu.msgstr == summary.msgstr


@pytest.mark.parametrize("kind", list(EDITS))
def test_every_fuzzy_message_shows_the_previous_text_and_what_changed(
    results: tuple[Tallies, list[str]], kind: str
) -> None:
    ours = results[0][kind][TOOLS[0]]
    assert ours.fuzzy == ours.previous == ours.noted
    if kind == "a figure changed":
        assert ours.notes and all(
            re.fullmatch(r"changed: a figure \(\S+ → \S+\)", note) for note in ours.notes
        ), ours.notes


def test_the_corpus_is_the_same_on_every_run(base: Path) -> None:
    assert corpus(base, variants=2) == corpus(base, variants=2)
    assert corpus(base, variants=2, seed=1) != corpus(base, variants=2)


def test_scoring() -> None:
    old = Catalog(messages=[Message("Old text.", "Ancien texte."), Message("Other.", "Autre.")])
    assert outcome(Message("New text.", "Ancien texte."), ("Old text.",), old) == "right"
    assert outcome(Message("New text.", "Autre."), ("Old text.",), old) == "wrong"
    assert outcome(Message("New text."), ("Old text.",), old) == "lost"
    assert outcome(Message("Merged.", "Autre."), ("Old text.", "Other."), old) == "right"
    assert outcome(Message("Unrelated."), (), old) == "right"
    assert outcome(Message("Unrelated.", "Autre."), (), old) == "wrong"
    assert outcome(Message("New."), ("Untranslated.",), old) is None
