"""Merging keeps every translation, as GNU ``msgmerge --previous`` does, and says what changed.

The unit tests take one rule each; the oracle tests run GNU msgmerge on the same catalogs and
compare, message by message; the property tests merge random edits over and over.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_news.catalog import Catalog, Message
from i18n_news.merge import (
    CHANGE_NOTE,
    continued_catalog,
    describe_change,
    is_change_note,
    keeps_all,
    merge_catalog,
    similarity,
)
from i18n_news.pofile import format_po, parse_po

HEADER = [
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Language", "fr_CA"),
    ("Plural-Forms", "nplurals=2; plural=(n > 1);"),
]

P1 = "Mila welcomes 48 new researchers from 12 countries this winter."
P1_FR = "Mila accueille 48 nouveaux chercheurs de 12 pays cet hiver."
P2 = "The program is open to graduate students and postdoctoral researchers supervised by a Mila professor."
P2_FR = "Le programme est ouvert aux étudiants des cycles supérieurs et aux postdoctorants encadrés par un professeur de Mila."
P3 = "Applications close on September 30, 2022, and results will be announced in November."
P3_FR = "Les candidatures se terminent le 30 septembre 2022 et les résultats seront annoncés en novembre."
HEADING = "About Mila"
HEADING_FR = "À propos de Mila"
UNRELATED = "The lab opens in Stockholm next month with a delegation of engineers."


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


def live(merged: Catalog, msgid: str, msgctxt: str | None = None) -> Message:
    found = merged.get((msgctxt, msgid))
    assert found is not None, msgid
    return found


# --------------------------------------------------------------------------- unchanged messages


def test_unchanged_message_keeps_translation_comments_and_translator_flags() -> None:
    old = catalog(
        message(P1, P1_FR, translator_comments=("Checked.",), locations=(("content/old.md", 3),),
                flags=("markdown-text", "ignore-numbers", "max-length:80"))
    )  # fmt: skip
    new = catalog(
        Message(P1, auto_comments=("paragraph", "English page: /en/a/"),
                locations=(("content/a.md", 9),), flags=("markdown-text", "python-format"))
    )  # fmt: skip
    merged, stats = merge_catalog(new, old)
    [result] = merged.messages
    assert (result.msgstr, result.translator_comments) == (P1_FR, ("Checked.",))
    # Translator flags stay, in the catalog's order; extraction flags follow the template.
    assert result.flags == ("markdown-text", "ignore-numbers", "python-format")
    assert result.locations == (("content/a.md", 9),)
    assert result.auto_comments == ("paragraph", "English page: /en/a/")
    assert not result.fuzzy and result.previous_msgid is None
    assert stats == type(stats)()


def test_unchanged_fuzzy_message_stays_fuzzy_with_its_previous_msgid() -> None:
    note = CHANGE_NOTE + "a few words (2)"
    old = catalog(message(P1, P1_FR, flags=("markdown-text", "fuzzy"), previous_msgid="Old text.",
                          translator_comments=(note, "Mine.")))  # fmt: skip
    merged, _ = merge_catalog(template(P1), old)
    [result] = merged.messages
    assert result.fuzzy and result.previous_msgid == "Old text." and result.msgstr == P1_FR
    assert result.translator_comments == (note, "Mine.")
    assert result.flags == ("fuzzy",)  # markdown-text is the template's to set, and it does not


def test_reviewed_message_loses_the_change_note_only() -> None:
    note = CHANGE_NOTE + "a few words (2)"
    # A translator's own comment that starts as the notes do is the translator's.
    own = "changed: shortened at the client's request (ticket 42)"
    reviewed = catalog(message(P1, P1_FR, translator_comments=(note, own, "Mine.")))
    merged, _ = merge_catalog(template(P1), reviewed)
    assert merged.messages[0].translator_comments == (own, "Mine.")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (P1, P1.replace("48", "50").replace("12", "14")),
        (P3, P3.replace("November", "December")),
        (P2, "Anyone can apply, from any country, in any field of research."),
        (P2, P2 + " A second sentence."),
        (P1, P1.replace(" ", "  ", 1)),
    ],
)
def test_every_note_of_a_change_is_known_as_one(old: str, new: str) -> None:
    assert is_change_note(CHANGE_NOTE + describe_change(old, new))


def test_untranslated_message_stays_untranslated_and_never_fuzzy() -> None:
    merged, stats = merge_catalog(template(P1), catalog(message(P1)))
    assert merged.messages == [message(P1)]
    assert stats.added == 0  # it was in the catalog already
    # Nothing to review without a translation: msgmerge writes no fuzzy flag then.
    merged, _ = merge_catalog(
        template(P1), catalog(message(P1, flags=("fuzzy",), previous_msgid="Old."))
    )
    assert merged.messages == [message(P1)]


# --------------------------------------------------------------------------- changed messages


def test_changed_message_is_fuzzy_with_the_old_msgid_as_previous() -> None:
    changed = P1.replace("48", "50")
    merged, stats = merge_catalog(template(changed, HEADING, P2, P3), OLD)
    result = live(merged, changed)
    assert result.fuzzy and result.msgstr == P1_FR and result.previous_msgid == P1
    assert result.translator_comments == ("changed: a figure (48 → 50)",)
    assert result.auto_comments == ("paragraph",)
    assert stats.fuzzy_matched == 1 and stats.obsoleted == 0 and merged.obsolete == []


def test_changed_message_takes_the_most_similar_old_message_not_the_one_in_its_place() -> None:
    changed = P3.replace("November", "December")
    # P3's new text stands where P2 stood, but is far closer to P3.
    merged, _ = merge_catalog(template(P1, HEADING, changed), OLD)
    result = live(merged, changed)
    assert (result.msgstr, result.previous_msgid) == (P3_FR, P3)
    assert [m.msgid for m in merged.obsolete] == [P2]


def test_dissimilar_message_is_not_fuzzy_matched() -> None:
    # A rewritten paragraph in the place of an old one is new text, as msgmerge sees it.
    merged, stats = merge_catalog(template(P1, HEADING, UNRELATED, P3), OLD)
    result = live(merged, UNRELATED)
    assert result.msgstr == "" and not result.fuzzy and result.previous_msgid is None
    assert result.translator_comments == ()
    assert stats.added == 1 and stats.fuzzy_matched == 0
    assert [m.msgstr for m in merged.obsolete] == [P2_FR]


@pytest.mark.parametrize(
    ("old", "new", "matched"),
    [
        ("abcdefghij", "abcdefKLMN", True),  # similarity exactly 0.6: msgmerge matches
        ("abcdefghij", "abcdeKLMNO", False),  # 0.5
        ("Ab", "Abc", True),  # under 4 characters: compared by length
        ("wxyz", "wxyZ", False),  # no 4-gram shared: not compared (but see below, in place)
        ("ééé abcde", "eee abcde", False),  # 0.67 in characters, 0.57 in UTF-8 bytes
    ],
)
def test_similarity_threshold_is_msgmerges(old: str, new: str, matched: bool) -> None:
    merged, _ = merge_catalog(catalog(Message(new)), catalog(Message(old, "X")))
    assert live(merged, new).fuzzy is matched
    assert [m.msgid for m in merged.obsolete] == ([] if matched else [old])


def test_elsewhere_texts_without_a_common_4gram_are_not_compared() -> None:
    """Away from its place, a block is matched as msgmerge matches: never without a 4-gram."""
    old = catalog(Message("wxyz", "X"), Message("keep me", "gardez-moi"))
    merged, _ = merge_catalog(catalog(Message("keep me"), Message("wxyZ")), old)
    assert not live(merged, "wxyZ").fuzzy and live(merged, "wxyZ").msgstr == ""


def test_a_block_in_the_place_of_one_of_its_kind_is_compared_without_a_common_4gram() -> None:
    old = catalog(
        message("Who can apply", "Qui peut postuler", "heading"), message("wxyz", "X", "heading")
    )
    new = catalog(message("Who can apply", kind="heading"), message("wxyZ", kind="heading"))
    merged, _ = merge_catalog(new, old)
    assert live(merged, "wxyZ").fuzzy and live(merged, "wxyZ").msgstr == "X"


def test_a_block_edited_next_to_a_removed_one_keeps_its_own_translation() -> None:
    # The writer drops the winter cohort and changes the summer one's places: the list item
    # first in the old one's place is winter's, but summer's own translation is the one to keep.
    old = catalog(
        message("Fall 2022: 4 places", "Automne 2022 : 4 places", "list item"),
        message("Winter 2023: 5 places", "Hiver 2023 : 5 places", "list item"),
        message("Summer 2023: 3 places", "Été 2023 : 3 places", "list item"),
    )
    new = catalog(
        message("Fall 2022: 4 places", kind="list item"),
        message("Summer 2023: 4 places", kind="list item"),
    )
    assert similarity("Summer 2023: 4 places", "Winter 2023: 5 places") >= 0.6
    merged = assert_agrees_with_msgmerge(old, new)
    summer = live(merged, "Summer 2023: 4 places")
    assert (summer.msgstr, summer.previous_msgid) == (
        "Été 2023 : 3 places",
        "Summer 2023: 3 places",
    )
    assert summer.translator_comments == ("changed: a figure (3 → 4)",)
    assert [m.msgid for m in merged.obsolete] == ["Winter 2023: 5 places"]


def test_both_halves_of_a_split_paragraph_keep_its_translation() -> None:
    summary = "Mila and AI Sweden, the Swedish national center for applied artificial intelligence, join forces."
    head = "AI Sweden is the national center for applied artificial intelligence."
    tail = "Our mission is to increase the use of AI for the benefit of our society."
    paragraph = f"{head} {tail}"
    old = catalog(message(summary, "Résumé.", "summary"), message(paragraph, "Paragraphe."))
    new = catalog(message(summary, kind="summary"), message(head), message(tail))
    merged, _ = merge_catalog(new, old)
    for half in (head, tail):
        result = live(merged, half)
        assert (result.msgstr, result.previous_msgid) == ("Paragraphe.", paragraph)
    assert merged.obsolete == []
    # The first half is closer to the summary, whose translation msgmerge gives it.
    assert similarity(head, summary) > similarity(head, paragraph)
    assert live(msgmerge(old, new), head).msgstr == "Résumé."


def test_messages_that_are_no_blocks_of_a_page_merge_as_msgmerge_merges_them() -> None:
    # Without a kind, nothing says what stood in a message's place: the most similar wins.
    old = catalog(Message("Sweden Sweden", "un"), Message("Mila Sweden", "deux"))
    merged = assert_agrees_with_msgmerge(old, catalog(Message("Sweden")))
    assert live(merged, "Sweden").msgstr == "deux"


def test_a_changed_block_prefers_the_translation_of_the_block_in_its_place() -> None:
    old = catalog(
        Message("About Mila", "À propos de Mila", auto_comments=("heading",)),
        Message(
            "Mila has 900 researchers in Montreal.",
            "Mila compte 900 chercheurs.",
            auto_comments=("paragraph",),
        ),
        Message("About AI Sweden", "À propos d’AI Sweden", auto_comments=("heading",)),
        Message(
            "Mila has 800 researchers in Montreal.",
            "Mila compte 800 chercheurs.",
            auto_comments=("paragraph",),
        ),
    )
    new = catalog(
        Message("About Mila", auto_comments=("heading",)),
        Message("Mila has 950 researchers in Montreal.", auto_comments=("paragraph",)),
        Message("About AI Sweden", auto_comments=("heading",)),
        Message("Mila has 850 researchers in Montreal.", auto_comments=("paragraph",)),
    )
    merged, _ = merge_catalog(new, old)
    assert (
        live(merged, "Mila has 950 researchers in Montreal.").msgstr
        == "Mila compte 900 chercheurs."
    )
    assert (
        live(merged, "Mila has 850 researchers in Montreal.").msgstr
        == "Mila compte 800 chercheurs."
    )
    assert live(merged, "Mila has 850 researchers in Montreal.").translator_comments == (
        "changed: a figure (800 → 850)",
    )


def test_between_equally_similar_old_messages_the_first_wins() -> None:
    old = catalog(Message("Same score one zzzz", "first"), Message("Same score one yyyy", "second"))
    merged, _ = merge_catalog(catalog(Message("Same score one wwww")), old)
    assert live(merged, "Same score one wwww").msgstr == "first"  # as msgmerge


def test_similarity_is_fstrcmp_on_utf8_bytes() -> None:
    assert similarity("abcdefghij", "abcdefKLMN") == pytest.approx(0.6)
    assert similarity("ééé abcde", "eee abcde") == pytest.approx(12 / 21)
    assert similarity("", "") == 1.0


def test_an_old_translation_can_serve_an_unchanged_and_a_changed_message() -> None:
    variant = P1 + " More to come."
    merged, stats = merge_catalog(template(P1, variant), catalog(message(P1, P1_FR)))
    assert not live(merged, P1).fuzzy and live(merged, P1).msgstr == P1_FR
    assert live(merged, variant).fuzzy and live(merged, variant).msgstr == P1_FR
    assert stats.fuzzy_matched == 1 and merged.obsolete == []


def test_fuzzy_match_from_an_obsolete_entry_consumes_it() -> None:
    old = catalog(message(P1, P1_FR), replace(message(P3, P3_FR), obsolete=True))
    changed = P3.replace("November", "December")
    merged, stats = merge_catalog(template(P1, changed), old)
    result = live(merged, changed)
    assert result.fuzzy and (result.msgstr, result.previous_msgid) == (P3_FR, P3)
    assert merged.obsolete == [] and stats.restored == 0 and stats.fuzzy_matched == 1


def test_fuzzy_match_of_a_fuzzy_message_keeps_the_source_its_translation_was_made_for() -> None:
    first = P1.replace("48", "50")
    second = P1.replace("48", "52")
    old = catalog(message(first, P1_FR, flags=("fuzzy",), previous_msgid=P1,
                          translator_comments=("changed: a figure (48 → 50)", "Mine.")))  # fmt: skip
    merged, _ = merge_catalog(template(second), old)
    result = live(merged, second)
    assert result.fuzzy and result.previous_msgid == P1  # msgmerge's rule
    assert result.translator_comments == ("Mine.", "changed: a figure (48 → 52)")


def test_fuzzy_match_of_a_fuzzy_message_without_previous_msgid_names_its_msgid() -> None:
    # As the translation memory leaves an exact match when asked to: fuzzy, no #| msgid.
    # msgmerge would write no #| msgid; the old msgid is the source the translation is for.
    changed = P1.replace("48", "50")
    old = catalog(message(P1, P1_FR, flags=("fuzzy",), translator_comments=("memory: from x",)))
    merged, _ = merge_catalog(template(changed), old)
    assert live(merged, changed).previous_msgid == P1


def test_a_changed_number_next_to_a_hash_sign_does_not_crash() -> None:
    old = catalog(message("Visit us at booth #.", "Visitez-nous au kiosque #."))
    merged, _ = merge_catalog(template("Visit us at booth 12."), old)
    assert live(merged, "Visit us at booth 12.").fuzzy


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
    assert describe_change("Visit booth #.", "Visit booth 5.") == "a few words (1)"
    assert describe_change("Rank # 5", "Rank 5 #") == "a few words (2)"


# --------------------------------------------------------------------------- removed and returning


def test_removed_translated_messages_become_obsolete_fuzzy_ones_too() -> None:
    old = catalog(
        message(P1, P1_FR),
        message(P2, P2_FR, locations=(("content/a.md", 5),), translator_comments=("Mine.",)),
        message(P3, P3_FR, flags=("fuzzy", "markdown-text"), previous_msgid="Old."),
    )
    merged, stats = merge_catalog(template(P1), old)
    assert [(m.msgid, m.msgstr, m.obsolete) for m in merged.obsolete] == [
        (P2, P2_FR, True), (P3, P3_FR, True)
    ]  # fmt: skip
    gone_p2, gone_p3 = merged.obsolete
    # As msgmerge: the template's comments go, the translator's data stays.
    assert gone_p2.locations == () and gone_p2.auto_comments == ()
    assert gone_p2.translator_comments == ("Mine.",)
    assert gone_p3.fuzzy and gone_p3.previous_msgid == "Old."
    assert stats.obsoleted == 2


def test_removed_untranslated_messages_are_dropped() -> None:
    old = catalog(message(P1, P1_FR), message(P2), replace(message(P3), obsolete=True))
    merged, stats = merge_catalog(template(P1), old)
    assert [m.msgid for m in merged.messages] == [P1]
    assert stats.obsoleted == 0


def test_obsolete_message_is_restored_when_its_text_returns() -> None:
    merged, stats = merge_catalog(template(P1, HEADING, P3), OLD)
    assert [m.msgid for m in merged.obsolete] == [P2] and stats.obsoleted == 1
    again, stats = merge_catalog(template(P1, HEADING, P2, P3), merged)
    back = live(again, P2)
    assert back.msgstr == P2_FR and not back.fuzzy and back.auto_comments == ("paragraph",)
    assert again.obsolete == [] and stats.restored == 1 and stats.fuzzy_matched == 0


def test_untranslated_live_entry_does_not_hide_an_obsolete_translation() -> None:
    # A hand-edited file may hold one msgid live (untranslated) and obsolete (translated): the
    # untranslated entry replaced nothing, so the translation comes back.
    old = catalog(message(P2), replace(message(P2, P2_FR), obsolete=True))
    merged, stats = merge_catalog(template(P2), old)
    assert merged.messages == [message(P2, P2_FR)] and stats.restored == 1
    # Gone from the template: the translation stays, once.
    merged, _ = merge_catalog(template(P1), old)
    assert [(m.msgid, m.msgstr) for m in merged.obsolete] == [(P2, P2_FR)]


def test_a_newer_translation_of_the_same_msgid_replaces_the_obsolete_one() -> None:
    old = catalog(message(P2, P2_FR), replace(message(P2, "Ancienne traduction."), obsolete=True))
    merged, _ = merge_catalog(template(P2), old)
    assert [(m.msgid, m.msgstr, m.obsolete) for m in merged.messages] == [(P2, P2_FR, False)]
    merged, _ = merge_catalog(template(P1), old)
    assert [(m.msgid, m.msgstr) for m in merged.obsolete] == [(P2, P2_FR)]
    assert parse_po(format_po(merged)).same_content(merged)  # no duplicate definition


# --------------------------------------------------------------------------- contexts and plurals


def test_a_context_is_preferred_and_another_searched_as_msgmerge_does() -> None:
    old = catalog(
        message("Partnerships", "Partenariats", msgctxt="tag"),
        message("Tags", "Mots-clés", msgctxt="heading"),
    )
    new = catalog(
        message("Partnership", msgctxt="tag"),  # same context: a fuzzy match
        message("Tags", msgctxt="tag"),  # another context is another message...
        message("Partnerships"),  # and no context is another context too
    )
    merged, _ = merge_catalog(new, old)
    partnership = live(merged, "Partnership", "tag")
    assert partnership.fuzzy and partnership.previous_msgctxt == "tag"
    # ... whose translation is offered, fuzzy, as msgmerge offers it: a context changed by
    # hand keeps its translation for review.
    tags = live(merged, "Tags", "tag")
    assert (tags.msgstr, tags.fuzzy, tags.previous_msgctxt) == ("Mots-clés", True, "heading")
    no_context = live(merged, "Partnerships")
    assert (no_context.msgstr, no_context.fuzzy) == ("Partenariats", True)
    assert merged.obsolete == []
    assert_agrees_with_msgmerge(old, new)


RELEASES = ("%(num)d release", "%(num)d releases")
RELEASES_FR = ("%(num)d communiqué", "%(num)d communiqués")


def test_unchanged_plural_keeps_its_forms() -> None:
    old = catalog(Message(RELEASES[0], msgid_plural=RELEASES[1], msgstr_plural=RELEASES_FR))
    new = catalog(Message(RELEASES[0], msgid_plural=RELEASES[1], flags=("python-format",)))
    merged, _ = merge_catalog(new, old)
    [result] = merged.messages
    assert result.msgstr_plural == RELEASES_FR and not result.fuzzy and result.msgstr == ""


def test_a_change_of_plural_makes_the_message_fuzzy() -> None:
    old = Catalog(
        header=[*HEADER[:2], ("Plural-Forms", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);")],
        messages=[
            Message(RELEASES[0], msgid_plural=RELEASES[1], msgstr_plural=RELEASES_FR),
            Message("%(num)d page", msgid_plural="%(num)d pages", msgstr_plural=("p", "pp", "ppp")),
            Message("Tag", "Mot-clé"),
        ],
    )
    new = catalog(
        Message(RELEASES[0], msgid_plural="%(num)d press releases"),  # plural reworded
        Message("%(num)d page"),  # no more plural
        Message("Tag", msgid_plural="Tags"),  # a plural now
        Message("Download the archive", msgid_plural="Download the archives"),  # new
    )
    merged, stats = merge_catalog(new, old)
    # Each counted among the messages to review, as update reports them.
    assert (stats.added, stats.fuzzy_matched) == (1, 3)
    reworded = live(merged, RELEASES[0])
    assert reworded.fuzzy and reworded.msgstr_plural == RELEASES_FR
    assert (reworded.previous_msgid, reworded.previous_msgid_plural) == RELEASES
    page = live(merged, "%(num)d page")
    assert page.fuzzy and page.msgstr == "p" and page.msgstr_plural == ()
    assert page.previous_msgid_plural == "%(num)d pages"
    tag = live(merged, "Tag")
    assert tag.fuzzy and tag.msgstr_plural == ("Mot-clé",) * 3 and tag.previous_msgid == "Tag"
    assert live(merged, "Download the archive").msgstr_plural == ("", "", "")


# --------------------------------------------------------------------------- header, order, purity


def test_header_kept_but_creation_date_from_template() -> None:
    old = catalog(message(P1, P1_FR))
    old.header += [
        ("Last-Translator", "Marie <m@example.org>"),
        ("POT-Creation-Date", "2022-01-01 00:00+0000"),
    ]
    old.header_comments = ["French translations."]
    new = template(P1)
    new.header += [("POT-Creation-Date", "2022-02-02 00:00+0000"), ("Project-Id-Version", "new")]
    merged, _ = merge_catalog(new, old)
    assert merged.header == [*HEADER, ("Last-Translator", "Marie <m@example.org>"),
                             ("POT-Creation-Date", "2022-02-02 00:00+0000")]  # fmt: skip
    assert merged.header_comments == ["French translations."]


def test_order_is_the_templates_then_obsolete_entries_in_file_order() -> None:
    old = catalog(
        replace(message("Gone long ago.", "Parti."), obsolete=True),
        message(P1, P1_FR),
        message(HEADING, HEADING_FR, "heading"),
        message(P2, P2_FR),
        message(P3, P3_FR),
    )
    merged, _ = merge_catalog(template(P3, P1, UNRELATED), old)
    assert [(m.msgid, m.obsolete) for m in merged.messages] == [
        (P3, False), (P1, False), (UNRELATED, False),
        (HEADING, True), (P2, True), ("Gone long ago.", True),
    ]  # fmt: skip


def test_merge_does_not_change_its_arguments() -> None:
    old, new = parse_po(format_po(OLD)), template(P1.replace("48", "50"), P3)
    before_old, before_new = format_po(old), format_po(new)
    merge_catalog(new, old)
    assert (format_po(old), format_po(new)) == (before_old, before_new)


@pytest.mark.parametrize("place", ["in place", "moved"])
def test_a_huge_catalog_compares_each_changed_message_with_a_few_old_ones(
    monkeypatch: pytest.MonkeyPatch, place: str
) -> None:
    # Above wordindex.FULL_SEARCH_MAX (lowered here) a changed message is compared with the
    # old messages sharing its rare words, and in a changed stretch with its neighbours only:
    # work per message that does not grow with the catalog, and the same matches.
    from i18n_news import merge, wordindex

    monkeypatch.setattr(wordindex, "FULL_SEARCH_MAX", 50)
    monkeypatch.setattr(wordindex, "CANDIDATES", 20)
    compared = 0

    def counting(a: bytes, b: bytes, **options: object) -> float:
        nonlocal compared
        compared += 1
        return float(merge.Indel.normalized_similarity(a, b, **options))  # type: ignore[arg-type]

    monkeypatch.setattr(merge, "_SCORER", counting)
    words = FOUNDED.split()
    texts = [
        " ".join(words[(i * 7 + j * j) % len(words)] for j in range(12 + i % 30)) + f" item{i}."
        for i in range(600)
    ]
    old = catalog(*(message(t, f"fr {t}") for t in texts))
    edited = [t.replace(" the ", " THE ", 1) + " Added." for t in texts]
    kind = "paragraph" if place == "in place" else "list item"  # moved: no block in its place
    new = catalog(*(message(t, kind=kind) for t in edited))
    merged, stats = merge_catalog(new, old)
    assert stats.fuzzy_matched == 600
    assert all(m.msgstr == f"fr {m.previous_msgid}" for m in merged)
    assert compared <= 600 * (2 * merge.PLACE + 1 + wordindex.CANDIDATES)


# --------------------------------------------------------------------------- GNU msgmerge as oracle


POT_TYPE = ("Content-Type", "text/plain; charset=UTF-8")


def msgmerge(existing: Catalog, new: Catalog) -> Catalog:
    """What ``msgmerge --previous`` makes of the two catalogs, written as files."""
    with tempfile.TemporaryDirectory() as folder:
        po, pot = Path(folder) / "fr.po", Path(folder) / "new.pot"
        po.write_text(format_po(existing), encoding="utf-8")
        pot.write_text(format_po(new), encoding="utf-8")
        result = subprocess.run(
            ["msgmerge", "--previous", "--quiet", "-o", "-", str(po), str(pot)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    return parse_po(result.stdout)


def state(m: Message) -> tuple[object, ...]:
    kind = "fuzzy" if m.fuzzy else ("translated" if m.translated else "untranslated")
    translation = m.msgstr_plural if m.msgid_plural is not None else m.msgstr
    return kind, translation, m.previous_msgctxt, m.previous_msgid, m.previous_msgid_plural


def assert_agrees_with_msgmerge(existing: Catalog, new: Catalog) -> Catalog:
    gnu = msgmerge(existing, new)
    ours, _ = merge_catalog(new, existing)
    assert [m.key for m in ours] == [m.key for m in gnu]
    for m in new:
        assert state(live(ours, m.msgid, m.msgctxt)) == state(live(gnu, m.msgid, m.msgctxt)), (
            m.msgid
        )
    assert [(m.key, state(m)) for m in ours.obsolete] == [(m.key, state(m)) for m in gnu.obsolete]
    return ours


RELEASE_PO = """\
# French translations for “Mila announces partnership with AI Sweden”.
msgid ""
msgstr ""
"POT-Creation-Date: 2022-02-01 10:00+0000\\n"
"Language: fr_CA\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#. title
#, markdown-text
msgid "Mila announces partnership with AI Sweden, welcoming the entity to Montreal’s AI ecosystem"
msgstr "Mila annonce un partenariat avec AI Sweden et accueille l’organisation au sein de l’écosystème montréalais en IA"

#. summary
#, markdown-text
msgid "Mila and AI Sweden, the Swedish national center for applied artificial intelligence, join forces to strengthen the bond between Québec and Sweden in AI research and development."
msgstr "Mila et AI Sweden, le centre national suédois de l’intelligence artificielle appliquée, unissent leurs forces pour resserrer les liens entre le Québec et la Suède en recherche et en développement de l’IA."

#. dateline city
msgid "Montreal"
msgstr "Montréal"

#. paragraph
#, markdown-text
msgid "Mila, the largest academic research institute in deep learning, is proud to announce a partnership with AI Sweden, the Swedish national center for applied artificial intelligence (AI). Settled in Mila’s office spaces since Fall 2021, AI Sweden and Mila join forces to find collaborative synergies."
msgstr "Mila, le plus grand institut de recherche universitaire en apprentissage profond, est fier d’annoncer un partenariat avec AI Sweden, le centre national suédois de l’intelligence artificielle (IA) appliquée. Installés dans les locaux de Mila depuis l’automne 2021, AI Sweden et Mila unissent leurs forces afin de trouver des synergies de collaboration."

#. paragraph
#, markdown-text
msgid "Montreal has established itself as a global hub for AI research and development with Mila at the forefront. This is largely what motivated AI Sweden to partner with Mila."
msgstr "Montréal s’est imposée comme une plaque tournante mondiale de la recherche et du développement en IA, avec Mila à l’avant-plan. C’est en grande partie ce qui a motivé AI Sweden à s’associer à Mila."

#. paragraph
#, markdown-text
msgid "The investment, which is partly financed by Sweden’s Innovation Agency Vinnova, means that AI Sweden places staff at Mila. This partnership will focus on linking the two countries to foster collaborations in AI-related research."
msgstr "L’investissement, financé en partie par Vinnova, l’agence suédoise de l’innovation, permet à AI Sweden d’affecter du personnel à Mila. Ce partenariat visera à relier les deux pays pour favoriser les collaborations en recherche liée à l’IA."

#. paragraph
#, markdown-text
msgid "Ranking among the most innovative countries in the world, Sweden also has a well-organized public sector with a long tradition of documentation and data collection."
msgstr "Parmi les pays les plus innovants au monde, la Suède possède aussi un secteur public bien organisé et une longue tradition de documentation et de collecte de données."

#. heading
#, markdown-text
msgid "About Mila"
msgstr "À propos de Mila"

#. paragraph
#, markdown-text
msgid "Founded by Professor Yoshua Bengio of the University of Montreal, Mila is an artificial intelligence research institute that brings together nearly 900 researchers specializing in machine learning."
msgstr "Fondé par le professeur Yoshua Bengio de l’Université de Montréal, Mila est un institut de recherche en intelligence artificielle qui rassemble près de 900 chercheuses et chercheurs spécialisés en apprentissage automatique."

# Poedit: needs work
#. heading
#, fuzzy, markdown-text
#| msgid "Press contact"
msgid "Media contact"
msgstr "Relations de presse"

#. paragraph
#, markdown-text
msgid "For more information, visit [ai.se](https://www.ai.se/en)."
msgstr ""

#~ msgid "About AI Sweden"
#~ msgstr "À propos d’AI Sweden"
"""
TITLE = "Mila announces partnership with AI Sweden, welcoming the entity to Montreal’s AI ecosystem"
SUMMARY = "Mila and AI Sweden, the Swedish national center for applied artificial intelligence, join forces to strengthen the bond between Québec and Sweden in AI research and development."
INTRO = "Mila, the largest academic research institute in deep learning, is proud to announce a partnership with AI Sweden, the Swedish national center for applied artificial intelligence (AI). Settled in Mila’s office spaces since Fall 2021, AI Sweden and Mila join forces to find collaborative synergies."
HUB = "Montreal has established itself as a global hub for AI research and development with Mila at the forefront. This is largely what motivated AI Sweden to partner with Mila."
INVESTMENT = "The investment, which is partly financed by Sweden’s Innovation Agency Vinnova, means that AI Sweden places staff at Mila. This partnership will focus on linking the two countries to foster collaborations in AI-related research."
RANKING = "Ranking among the most innovative countries in the world, Sweden also has a well-organized public sector with a long tradition of documentation and data collection."
FOUNDED = "Founded by Professor Yoshua Bengio of the University of Montreal, Mila is an artificial intelligence research institute that brings together nearly 900 researchers specializing in machine learning."
CONTACT = "Media contact"
MORE = "For more information, visit [ai.se](https://www.ai.se/en)."
NEW_PARAGRAPH = "AI Sweden will host a delegation of Mila researchers in Stockholm in June."


def release_template(*texts: str) -> Catalog:
    kinds = {"Montreal": "dateline city", TITLE: "title", CONTACT: "heading"}
    return Catalog(
        header=[("POT-Creation-Date", "2022-03-01 10:00+0000"), POT_TYPE],
        messages=[
            Message(t, auto_comments=(kinds.get(t, "heading" if t.startswith("About") else "paragraph"),),
                    flags=("markdown-text",), locations=(("content/2022/release.md", 2 * i + 1),))
            for i, t in enumerate(texts)
        ],
    )  # fmt: skip


EDITED = [
    TITLE,  # unchanged
    SUMMARY.replace("join forces", "team up"),  # a word changed
    "Montreal",
    HUB,  # a paragraph moved up
    INTRO + " The office opened its doors in January 2022.",  # a sentence added
    INVESTMENT.split(". ")[0] + ".",  # a sentence removed
    # RANKING: a paragraph removed
    "About Mila",
    FOUNDED.replace("nearly 900", "more than 1,000"),  # a figure changed
    CONTACT,  # still fuzzy
    "About AI Sweden",  # back from the obsolete entries
    NEW_PARAGRAPH,  # new
    MORE,  # still untranslated
]


def test_agrees_with_msgmerge_on_an_edited_press_release() -> None:
    old = parse_po(RELEASE_PO)
    ours = assert_agrees_with_msgmerge(old, release_template(*EDITED))
    # What msgmerge decided, spelled out.
    states = {m.msgid: state(m)[0] for m in ours}
    assert [states[t] for t in EDITED] == [
        "translated", "fuzzy", "translated", "translated", "fuzzy", "fuzzy", "translated",
        "fuzzy", "fuzzy", "translated", "untranslated", "untranslated",
    ]  # fmt: skip
    assert live(ours, EDITED[4]).previous_msgid == INTRO
    assert live(ours, CONTACT).previous_msgid == "Press contact"
    assert [m.msgid for m in ours.obsolete] == [RANKING]
    assert ours.header_value("POT-Creation-Date") == "2022-03-01 10:00+0000"

    # A second round of edits, on the merged catalog: an edited fuzzy message keeps the source
    # its translation was made for; the new paragraph, still untranslated, is dropped.
    again = [
        TITLE, EDITED[1].replace("team up", "teamed up"), "Montreal", HUB, EDITED[4],
        RANKING, "About Mila", CONTACT, "About AI Sweden", MORE,
    ]  # fmt: skip
    second = assert_agrees_with_msgmerge(ours, release_template(*again))
    assert live(second, again[1]).previous_msgid == SUMMARY
    assert live(second, RANKING).msgstr.startswith("Parmi") and not live(second, RANKING).fuzzy
    assert {m.msgid for m in second.obsolete} == {EDITED[5], EDITED[7]}


def test_merged_catalog_passes_msgfmt_check(tmp_path: Path) -> None:
    ours, _ = merge_catalog(release_template(*EDITED), parse_po(RELEASE_PO))
    path = tmp_path / "fr.po"
    path.write_text(format_po(ours), encoding="utf-8")
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert parse_po(path.read_text(encoding="utf-8")).same_content(ours)


def test_a_translation_its_template_now_flags_python_format_is_left_fuzzy(
    tmp_path: Path,
) -> None:
    # A translator removed "#, python-format" and wrote what is no format string (msgfmt -c
    # passes then); the template puts the flag back.
    old = catalog(
        Message("%(site)s: press releases", "Communiqués de presse à 100 %"),
        Message("%(num)d press release", msgid_plural="%(num)d press releases",
                msgstr_plural=("un communiqué", "%(num)s communiqués")),
        Message("page %(number)d", "page %(number)d"),
        Message("Skip to content", "Aller au contenu, 100 %"),
    )  # fmt: skip
    flagged = ("python-format",)
    new = catalog(
        Message("%(site)s: press releases", flags=flagged),
        Message("%(num)d press release", msgid_plural="%(num)d press releases", flags=flagged),
        Message("page %(number)d", flags=flagged),
        Message("Skip to content"),
    )
    merged = assert_agrees_with_msgmerge(old, new)  # msgmerge makes them fuzzy too
    site, plural, page, skip = merged.messages
    assert site.fuzzy and site.msgstr == "Communiqués de presse à 100 %"
    assert site.translator_comments == (
        f"{CHANGE_NOTE}msgfmt -c would refuse the translation: the translation is not a valid "
        "Python format string: the directive number 1 ends the string unfinished (a "
        "python-format message)",
    )
    assert plural.fuzzy and plural.msgstr_plural == ("un communiqué", "%(num)s communiqués")
    assert not page.fuzzy and not skip.fuzzy
    assert merge_catalog(new, old)[1].fuzzy_matched == 2
    path = tmp_path / "fr.po"
    path.write_text(format_po(merged), encoding="utf-8")
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    # Merged again, it stays as it is while it awaits review.
    again, stats = merge_catalog(new, parse_po(path.read_text(encoding="utf-8")))
    assert again.same_content(merged) and stats.fuzzy_matched == 0


def test_an_obsolete_translation_msgfmt_would_refuse_comes_back_fuzzy(tmp_path: Path) -> None:
    # Nothing checks obsolete entries; msgmerge restores this one as it is, and msgfmt -c
    # then refuses the catalog it wrote.
    old = catalog(message("Three themes", "Trois thèmes\n", obsolete=True))
    merged, stats = merge_catalog(template("Three themes"), old)
    [restored] = merged.messages
    assert restored.fuzzy and restored.msgstr == "Trois thèmes\n" and not restored.obsolete
    assert restored.previous_msgid == "Three themes"
    assert restored.translator_comments == (
        f"{CHANGE_NOTE}msgfmt -c would refuse the translation: the msgstr ends with a newline "
        "(\\n) and the msgid does not: both must, or neither",
    )
    assert stats.fuzzy_matched == 1 and stats.restored == 0
    path = tmp_path / "fr.po"
    path.write_text(format_po(merged), encoding="utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    pot = tmp_path / "new.pot"
    pot.write_text(format_po(template("Three themes")), encoding="utf-8")
    path.write_text(format_po(old), encoding="utf-8")
    gnu = subprocess.run(["msgmerge", "--quiet", "-o", "-", str(path), str(pot)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert 'msgid "Three themes"\nmsgstr "Trois thèmes\\n"' in gnu  # not fuzzy


def test_agrees_with_msgmerge_on_plurals_and_contexts() -> None:
    old = parse_po("""\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"

#, python-format
msgid "%(num)d release"
msgid_plural "%(num)d releases"
msgstr[0] "%(num)d communiqué"
msgstr[1] "%(num)d communiqués"
msgstr[2] "%(num)d communiqués!"

#, python-format
msgid "%(num)d page"
msgid_plural "%(num)d pages"
msgstr[0] "%(num)d page"
msgstr[1] "%(num)d pages"
msgstr[2] "%(num)d pages!"

msgid "Tag"
msgstr "Mot-clé"

msgctxt "tag"
msgid "Partnerships"
msgstr "Partenariats"

msgctxt "tag"
msgid "International"
msgstr "International"
""")
    new = Catalog(header=[POT_TYPE], messages=[
        Message("%(num)d release", msgid_plural="%(num)d press releases", flags=("python-format",)),
        Message("%(num)d page", flags=("python-format",)),
        Message("Tag", msgid_plural="Tags"),
        Message("Partnership", msgctxt="tag"),
        Message("International", msgctxt="tag"),
        Message("%(num)d result", msgid_plural="%(num)d results", flags=("python-format",)),
        # Another context than the translation's (a context changed by hand): found there.
        Message("Partnerships", msgctxt="tags"),
        Message("Mot", msgctxt="tag"),
    ])  # fmt: skip
    assert_agrees_with_msgmerge(old, new)


WORDS = ["Mila", "Sweden", "research", "partners", "the", "new", "48", "2022", "Montréal", "AI", "health", "’s"]  # fmt: skip
TEXTS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


PLURAL_ENDINGS = st.sampled_from([None, "s", "es"])


@settings(max_examples=50, deadline=None)
@given(
    old=st.lists(
        st.tuples(TEXTS, st.sampled_from(["", "translated", "fuzzy", "obsolete"]), PLURAL_ENDINGS),
        min_size=1,
        max_size=8,
        unique_by=lambda entry: entry[0],
    ),
    new=st.lists(st.tuples(TEXTS, PLURAL_ENDINGS), max_size=8, unique_by=lambda entry: entry[0]),
)
def test_agrees_with_msgmerge_on_random_catalogs(
    old: list[tuple[str, str, str | None]], new: list[tuple[str, str | None]]
) -> None:
    messages = []
    for index, (text, how, ending) in enumerate(old):
        msgstr = f"fr {index}" if how else ""
        plural = text + ending if ending else None
        messages.append(Message(
            text, "" if plural else msgstr, msgid_plural=plural,
            msgstr_plural=(msgstr, f"{msgstr} pl" if msgstr else "") if plural else (),
            # (Without a previous msgid, msgmerge would name none: see the unit test.)
            flags=("fuzzy",) if how == "fuzzy" else (), previous_msgid=f"old {text}" if how == "fuzzy" else None,
            obsolete=how == "obsolete",
        ))  # fmt: skip
    # A file msgmerge reads: obsolete entries last, and all translated (msgcat drops the others).
    existing = Catalog(header=list(HEADER), messages=[m for m in messages if not m.obsolete])
    existing.messages += [m for m in messages if m.obsolete and m.has_translation]
    templates = [
        Message(text, msgid_plural=text + ending if ending else None) for text, ending in new
    ]
    assert_agrees_with_msgmerge(existing, Catalog(header=[POT_TYPE], messages=templates))


# --------------------------------------------------------------------------- properties

EDITS = st.sampled_from(
    ["word", "figure", "add", "remove", "restore", "reorder", "translate", "review", "clear"]
)


def translations(catalog: Catalog) -> set[str]:
    return {m.msgstr for m in catalog.messages if m.msgstr}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(EDITS, st.integers(0, 30), st.sampled_from(WORDS)), min_size=3, max_size=30)
)
def test_no_sequence_of_edits_and_merges_drops_a_translation(
    edits: list[tuple[str, int, str]],
) -> None:
    texts, removed = [P1, HEADING, P2, P3], []
    current = Catalog(header=list(OLD.header), messages=list(OLD.messages))
    alive = translations(OLD)  # what the translator wrote and has not replaced
    for action, position, word in edits:
        index = position % max(len(texts), 1)
        # The writer edits the release...
        if action == "word" and texts:
            head, _, tail = texts[index].partition(" ")
            texts[index] = f"{head} {word} {tail}" if position % 2 else f"{texts[index]} {word}"
        elif action == "figure" and texts:
            texts[index] = texts[index].replace("48", str(48 + position), 1)
        elif action == "add":
            texts.insert(index, f"A new paragraph about {word} number {position}.")
        elif action == "remove" and texts:
            removed.append(texts.pop(index))
        elif action == "restore" and removed:
            texts.insert(index, removed.pop(position % len(removed)))
        elif action == "reorder" and len(texts) > 1:
            texts.append(texts.pop(index))
        # ...or the translator translates, reviews (no more fuzzy) or deletes a translation.
        elif action in ("translate", "review", "clear"):
            entries = [m for m in current.messages if not m.obsolete]
            if not entries:
                continue
            target = entries[position % len(entries)]
            value = {"translate": f"Traduction {position} de {target.msgid[:30]}",
                     "review": target.msgstr, "clear": ""}[action]  # fmt: skip
            current.messages = [
                replace(m, msgstr=value, flags=(), previous_msgid=None) if m is target else m
                for m in current.messages
            ]
            if value != target.msgstr:
                alive.discard(target.msgstr)
            alive |= {value} - {""}
            continue
        texts = list(dict.fromkeys(texts))
        before = translations(current)
        merged, _ = merge_catalog(template(*texts), current)
        assert before <= translations(merged)  # one merge loses nothing...
        assert alive <= translations(merged)  # ...nor does any sequence of them
        again, _ = merge_catalog(template(*texts), merged)
        assert again.same_content(merged)  # merging twice changes nothing
        assert [m.msgid for m in merged] == texts
        current = merged


KEYS = st.tuples(st.sampled_from([None, None, "tag"]), TEXTS)
ENTRIES = st.builds(
    lambda key, msgstr, fuzzy, obsolete, previous: Message(
        key[1], msgstr, msgctxt=key[0], flags=("fuzzy",) if fuzzy else (), obsolete=obsolete,
        previous_msgid=previous if fuzzy else None,
    ),
    KEYS, st.sampled_from(["", "un", "deux", "trois"]), st.booleans(), st.booleans(),
    st.none() | TEXTS,
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(ENTRIES, max_size=10), st.lists(KEYS, max_size=8))
def test_any_catalog_merges_without_loss_idempotently_into_a_valid_file(
    old: list[Message], keys: list[tuple[str | None, str]]
) -> None:
    # Any catalog, even one a hand edit left with one msgid both live and obsolete.
    existing = Catalog(header=list(HEADER), messages=old)
    new = Catalog(messages=[Message(msgid, msgctxt=msgctxt) for msgctxt, msgid in keys])
    merged, _ = merge_catalog(new, existing)
    for m in existing.messages:
        # A translation is only ever replaced by another one of the very same msgid.
        assert (
            m.msgstr in translations(merged)
            or not m.msgstr
            or any(r.key == m.key and r.msgstr for r in merged.messages)
        )
    again, _ = merge_catalog(new, merged)
    assert again.same_content(merged)
    assert parse_po(format_po(merged)).same_content(merged)
    assert [m.key for m in merged] == list(dict.fromkeys(keys))


def test_sentences_added_or_removed_are_named() -> None:
    assert (
        describe_change("One thing. Another.", "One thing. A new one. Another.")
        == "a sentence added"
    )
    assert describe_change("One. Two. Three.", "One. Three.") == "a sentence removed"
    assert describe_change("One. Two.", "One. Two. Three. Four.") == "2 sentences added"
    assert describe_change("One. Two.", "One. Two, three.") == "a few words (2)"


def test_a_change_of_spacing_only_is_named_so() -> None:
    assert describe_change(
        "Mila  welcomes 1 200 researchers:", "Mila welcomes 1\u00a0200 researchers\u00a0:"
    ) == ("spacing only")
    assert describe_change("Mila welcomes", "Mila, welcomes") == "a few words (1)"


def test_a_continued_catalog_may_go_only_when_the_merge_holds_all_of_it() -> None:
    old = Catalog(messages=[
        Message("One", "Un", translator_comments=("Check.",)),
        Message("Two", "Deux", flags=("fuzzy",)),
        Message("Gone", "Parti", obsolete=True),
    ])  # fmt: skip
    merged, _ = merge_catalog(_catalog("One", "Two, changed"), old)
    assert keeps_all(old, merged)
    purged = replace(merged, messages=[m for m in merged.messages if not m.obsolete])
    assert not keeps_all(old, purged)
    uncommented = replace(
        merged, messages=[m.replaced(translator_comments=()) for m in merged.messages]
    )
    assert not keeps_all(old, uncommented)


def _catalog(*texts: str, translated: bool = False) -> Catalog:
    return Catalog(messages=[Message(text, text.upper() if translated else "") for text in texts])


def test_a_new_release_continues_the_former_catalog_with_most_of_its_messages() -> None:
    template = _catalog("Title", "Summary", "Montreal", "First paragraph.")
    former = [
        _catalog("Other title", "Montreal"),  # the dateline alone: a quarter
        _catalog("Title", "Summary", "Montreal", translated=True),  # three quarters
        _catalog("Title", "Summary", "Montreal", "Old paragraph."),  # as many: the first wins
    ]
    assert continued_catalog(template, former) == 1
    assert continued_catalog(template, former[2:]) == 0
    # Half of its messages at least, whether translated or not.
    assert continued_catalog(template, [_catalog("Title", "Summary")]) == 0
    assert continued_catalog(template, [_catalog("Title", "Montreal", "Other.")]) == 0
    assert continued_catalog(template, [_catalog("Title", "Other.")]) is None
    assert continued_catalog(template, [_catalog("Montreal")]) is None
    assert continued_catalog(template, []) is None
    assert continued_catalog(Catalog(), former) is None


def test_a_release_sharing_only_the_repeated_sections_continues_no_catalog() -> None:
    # Most of a short release may be the sections every release repeats: a release gone
    # with the same sections is not this one renamed, unless it has its title or summary.
    def text(msgid: str, kind: str) -> Message:
        return Message(msgid, auto_comments=(kind, "English page: https://example.org/"))

    boilerplate = [text("About Mila", "heading"), text("Mila is an institute.", "paragraph")]
    template = Catalog(messages=[
        text("A new board member", "title"), text("She joins.", "summary"), *boilerplate,
    ])  # fmt: skip
    gone = Catalog(messages=[
        Message("An older release"), Message("Long ago."), Message("About Mila"),
        Message("Mila is an institute."),
    ])  # fmt: skip
    assert continued_catalog(template, [gone]) is None
    renamed = Catalog(messages=[Message("A new board member"), *gone.messages[2:]])
    assert continued_catalog(template, [gone, renamed]) == 1
