"""Merging keeps every translation, as GNU msgmerge --previous does, and says what changed."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_news.catalog import Catalog, Message
from i18n_news.merge import describe_change, merge_catalog
from i18n_news.pofile import format_po, parse_po

HEADER = [("Content-Type", "text/plain; charset=UTF-8"), ("Language", "fr_CA")]

P1 = "Mila welcomes 48 new researchers from 12 countries this winter."
P1_FR = "Mila accueille 48 nouveaux chercheurs de 12 pays cet hiver."
P2 = "The program is open to graduate students and postdoctoral researchers supervised by a Mila professor."
P2_FR = "Le programme est ouvert aux étudiants des cycles supérieurs et aux postdoctorants encadrés par un professeur de Mila."
P3 = "Applications close on September 30, 2022, and results will be announced in November."
P3_FR = "Les candidatures se terminent le 30 septembre 2022 et les résultats seront annoncés en novembre."
HEADING = "About Mila"
HEADING_FR = "À propos de Mila"


def message(msgid: str, msgstr: str = "", kind: str = "paragraph", **fields: object) -> Message:
    return Message(msgid=msgid, msgstr=msgstr, auto_comments=(kind,), **fields)  # type: ignore[arg-type]


def catalog(*messages: Message) -> Catalog:
    return Catalog(header=list(HEADER), messages=list(messages))


def template(*texts: str) -> Catalog:
    return catalog(
        *(message(t, kind="heading" if t.startswith("About") else "paragraph") for t in texts)
    )


OLD = catalog(
    message(P1, P1_FR),
    message(HEADING, HEADING_FR, "heading"),
    message(P2, P2_FR),
    message(P3, P3_FR),
)


def test_unchanged_messages_keep_translation_comments_and_flags() -> None:
    old = catalog(
        message(
            P1, P1_FR, translator_comments=("Checked.",), flags=("markdown-text", "ignore-numbers")
        )
    )
    new = catalog(message(P1, flags=("markdown-text",), locations=(("content/a.md", 9),)))
    merged, stats = merge_catalog(new, old)
    [result] = merged.messages
    assert (result.msgstr, result.translator_comments) == (P1_FR, ("Checked.",))
    assert result.flags == ("markdown-text", "ignore-numbers")
    assert result.locations == (("content/a.md", 9),) and not result.fuzzy
    assert stats.fuzzy_matched == stats.obsoleted == 0


def test_a_changed_figure_is_fuzzy_with_previous_msgid_and_named() -> None:
    changed = P1.replace("48", "50")
    merged, stats = merge_catalog(template(changed, HEADING, P2, P3), OLD)
    result = merged.get((None, changed))
    assert result is not None and result.fuzzy
    assert result.msgstr == P1_FR and result.previous_msgid == P1
    assert result.translator_comments == ("changed: a figure (48 → 50)",)
    assert stats.fuzzy_matched == 1 and stats.obsoleted == 0


def test_kinds_of_change() -> None:
    assert (
        describe_change(P1, P1.replace("48", "50").replace("12", "14"))
        == "figures (48 → 50, 12 → 14)"
    )
    assert describe_change(P3, P3.replace("November", "December")) == "a few words (1)"
    assert (
        describe_change(P2, "Anyone can apply, from any country, in any field of research.")
        == "rewritten"
    )


def test_a_rewritten_block_takes_the_translation_of_the_block_in_its_place() -> None:
    rewrite = "Anyone can apply, from any country, in any field of research."
    merged, _ = merge_catalog(template(P1, HEADING, rewrite, P3), OLD)
    result = merged.get((None, rewrite))
    assert result is not None and result.fuzzy and result.msgstr == P2_FR
    assert result.translator_comments == ("changed: rewritten",)


def test_a_dissimilar_new_message_elsewhere_is_not_matched() -> None:
    new_text = "Completely unrelated closing words about something else entirely."
    merged, stats = merge_catalog(template(P1, HEADING, P2, P3, new_text), OLD)
    result = merged.get((None, new_text))
    assert result is not None and result.msgstr == "" and not result.fuzzy
    assert stats.added == 1


def test_removed_messages_stay_obsolete_and_come_back() -> None:
    merged, stats = merge_catalog(template(P1, HEADING, P3), OLD)
    assert [m.msgid for m in merged.obsolete] == [P2] and merged.obsolete[0].msgstr == P2_FR
    assert stats.obsoleted == 1
    again, stats = merge_catalog(template(P1, HEADING, P2, P3), merged)
    back = again.get((None, P2))
    assert back is not None and back.msgstr == P2_FR and not back.fuzzy
    assert again.obsolete == [] and stats.restored == 1


def test_untranslated_removed_messages_are_dropped() -> None:
    old = catalog(message(P1, P1_FR), message(P2))
    merged, _ = merge_catalog(template(P1), old)
    assert [m.msgid for m in merged.messages] == [P1]


def test_a_fuzzy_message_stays_fuzzy_with_its_previous_msgid() -> None:
    old = catalog(message(P1, P1_FR, flags=("fuzzy",), previous_msgid="Old text.",
                          translator_comments=("changed: a few words (2)",)))  # fmt: skip
    merged, _ = merge_catalog(template(P1), old)
    [result] = merged.messages
    assert result.fuzzy and result.previous_msgid == "Old text."
    assert result.translator_comments == ("changed: a few words (2)",)
    # Once reviewed (not fuzzy), the note and the previous msgid go.
    reviewed = catalog(
        message(P1, P1_FR, translator_comments=("changed: a few words (2)", "Mine."))
    )
    merged, _ = merge_catalog(template(P1), reviewed)
    assert merged.messages[0].translator_comments == ("Mine.",)


def test_context_and_plurals_are_respected() -> None:
    old = catalog(
        message("Tags", "Mots-clés", msgctxt="heading"),
        Message(
            msgid="%(num)d release",
            msgid_plural="%(num)d releases",
            msgstr_plural=("%(num)d communiqué", "%(num)d communiqués"),
        ),
    )
    new = catalog(
        message("Tags", msgctxt="tag"),
        Message(msgid="%(num)d release", msgid_plural="%(num)d releases", msgstr_plural=("", "")),
    )
    merged, _ = merge_catalog(new, old)
    tag = merged.get(("tag", "Tags"))
    assert tag is not None and tag.msgstr == ""  # another context is another message
    plural = merged.get((None, "%(num)d release"))
    assert plural is not None and plural.msgstr_plural == (
        "%(num)d communiqué",
        "%(num)d communiqués",
    )


def test_header_kept_but_creation_date_from_template() -> None:
    old = catalog(message(P1, P1_FR))
    old.header += [
        ("Last-Translator", "Marie <m@example.org>"),
        ("POT-Creation-Date", "2022-01-01 00:00+0000"),
    ]
    new = template(P1)
    new.header.append(("POT-Creation-Date", "2022-02-02 00:00+0000"))
    merged, _ = merge_catalog(new, old)
    assert merged.header_value("Last-Translator") == "Marie <m@example.org>"
    assert merged.header_value("POT-Creation-Date") == "2022-02-02 00:00+0000"


def test_agrees_with_msgmerge_on_real_edits(tmp_path: Path) -> None:
    """For each new message: translated, fuzzy or untranslated, and from which old text."""
    edited = [
        P1.replace("48", "50"),                                    # a figure
        HEADING,                                                    # unchanged
        P2 + " Industry engineers may apply too.",                  # a sentence added
        "Applications close on September 30, 2022.",                # a clause removed
        "The lab opens in Stockholm next month.",                   # a new paragraph
    ]  # fmt: skip
    old_path, pot_path = tmp_path / "fr.po", tmp_path / "new.pot"
    old_path.write_text(format_po(OLD))
    pot_path.write_text(format_po(template(*edited)))
    result = subprocess.run(["msgmerge", "--previous", "-q", "-o", "-", str(old_path), str(pot_path)],
                            capture_output=True, text=True, check=True)  # fmt: skip
    gnu = parse_po(result.stdout)
    ours, _ = merge_catalog(template(*edited), OLD)

    def state(m: Message | None) -> tuple[str, str, str | None]:
        assert m is not None
        kind = "fuzzy" if m.fuzzy else ("translated" if m.msgstr else "untranslated")
        return kind, m.msgstr, m.previous_msgid

    for text in edited:
        assert state(ours.get((None, text))) == state(gnu.get((None, text))), text


EDIT = st.sampled_from(["word", "figure", "add", "remove", "reorder", "translate", "review"])
WORDS = [
    "Mila",
    "Sweden",
    "research",
    "partnership",
    "researchers",
    "program",
    "the",
    "new",
    "48",
    "2022",
    "AI",
    "health",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(EDIT, st.integers(0, 20), st.sampled_from(WORDS)), min_size=1, max_size=25)
)
def test_no_sequence_of_edits_and_merges_drops_a_translation(
    edits: list[tuple[str, int, str]],
) -> None:
    texts = [P1, HEADING, P2, P3]
    current = catalog()
    current, _ = merge_catalog(template(*texts), current)
    alive: set[str] = set()  # the translations the translator has not replaced
    for action, position, word in edits:
        index = position % max(len(texts), 1)
        if action == "word" and texts:
            texts[index] = texts[index] + f" {word}"
        elif action == "figure" and texts:
            texts[index] = texts[index].replace("48", str(48 + position), 1)
        elif action == "add":
            texts.insert(index, f"A new paragraph about {word} number {position}.")
        elif action == "remove" and texts:
            texts.pop(index)
        elif action == "reorder" and len(texts) > 1:
            texts.append(texts.pop(index))
        elif action in ("translate", "review"):
            live = [m for m in current.messages if not m.obsolete]
            if live:
                target = live[position % len(live)]
                value = (
                    f"Traduction {position} de {target.msgid[:20]}"
                    if action == "translate"
                    else target.msgstr
                )
                # Translating (or reviewing: clearing the fuzzy flag) in a translator's tool.
                current.messages = [
                    replace(m, msgstr=value, flags=(), previous_msgid=None) if m is target else m
                    for m in current.messages
                ]
                if value != target.msgstr:
                    alive.discard(target.msgstr)
                    alive.add(value)
        texts = list(dict.fromkeys(texts))
        current, _ = merge_catalog(template(*texts), current)
        again, _ = merge_catalog(template(*texts), current)
        assert again.same_content(current)  # merging twice changes nothing
        # Every translation the translator wrote and did not replace is still in the catalog:
        # live, fuzzy or obsolete.
        assert alive <= {m.msgstr for m in current.messages}
