"""Merge a template into a translated catalog without losing a translator's work. No I/O.

The rules are GNU ``msgmerge --previous``'s: an unchanged message keeps its translation; a
changed one takes the translation of the most similar old message, marked fuzzy, with the
old source kept as ``#| msgid``; a message that disappears stays as an obsolete entry while it
has a translation, and comes back translated when its text returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from .catalog import Catalog, Key, Message

#: Similarity below which an old translation is not offered as a fuzzy match (msgmerge's).
FUZZY_THRESHOLD = 0.6


@dataclass(frozen=True)
class MergeStats:
    """What a merge did to one catalog."""

    added: int = 0
    fuzzy_matched: int = 0
    obsoleted: int = 0
    restored: int = 0


def merge_catalog(template: Catalog, existing: Catalog) -> tuple[Catalog, MergeStats]:
    """Return ``existing`` updated to ``template``'s messages, and what changed."""
    live = {m.key: m for m in existing}
    obsolete = {m.key: m for m in existing.obsolete}
    used: set[Key] = set()
    merged: list[Message] = []
    unmatched: list[int] = []
    added = restored = fuzzy_matched = 0

    for new in template:
        old = live.get(new.key)
        if old is None and new.key in obsolete:
            old = obsolete[new.key]
            restored += 1
        if old is not None:
            used.add(old.key)
            merged.append(_carry_over(new, old, keep_previous=old.fuzzy))
        else:
            unmatched.append(len(merged))
            merged.append(new)

    # A changed block first takes the translation of the block that stood in its place.
    positional = _positional_matches(list(existing), list(template), used)
    candidates = [
        m for m in (*live.values(), *obsolete.values()) if m.has_translation and m.key not in used
    ]
    for index in unmatched:
        new = merged[index]
        match = positional.get(index) or best_match(new, candidates)
        if match is None:
            added += 1
            continue
        used.add(match.key)
        fuzzy_matched += 1
        carried = _carry_over(new, match, keep_previous=False)
        merged[index] = replace(
            carried.with_flag("fuzzy"),
            previous_msgctxt=match.msgctxt,
            previous_msgid=match.msgid,
            previous_msgid_plural=match.msgid_plural,
            translator_comments=(
                *carried.translator_comments,
                CHANGE_NOTE + describe_change(match.msgid, new.msgid),
            ),
        )

    newly_obsolete = [
        replace(m, obsolete=True) for m in existing if m.key not in used and m.has_translation
    ]
    kept_obsolete = [m for m in existing.obsolete if m.key not in used]
    result = Catalog(
        header=list(existing.header),
        header_comments=list(existing.header_comments),
        header_flags=existing.header_flags,
        messages=[*merged, *kept_obsolete, *newly_obsolete],
    )
    creation = template.header_value("POT-Creation-Date")
    if creation:
        result.set_header("POT-Creation-Date", creation)
    stats = MergeStats(added, fuzzy_matched, len(newly_obsolete), restored)
    return result, stats


def _kind(message: Message) -> str:
    """What the block is (its first extracted comment: "paragraph", "heading", ...)."""
    return message.auto_comments[0] if message.auto_comments else ""


def _positional_matches(
    old: list[Message], new: list[Message], used: set[Key]
) -> dict[int, Message]:
    """Pair each new message with the old one that stood at its place, where the text changed.

    The two sequences are aligned on their unchanged messages; inside a stretch where old
    messages were replaced by new ones, they are paired in order, kind with kind.
    """
    matcher = SequenceMatcher(None, [m.key for m in old], [m.key for m in new], autojunk=False)
    pairs: dict[int, Message] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        olds = [m for m in old[i1:i2] if m.has_translation and m.key not in used]
        for j in range(j1, j2):
            same_kind = next((m for m in olds if _kind(m) == _kind(new[j])), None)
            if same_kind is not None and new[j].msgctxt == same_kind.msgctxt:
                pairs[j] = same_kind
                olds.remove(same_kind)
    return pairs


#: Translator comments starting so are written by ``update`` and removed once reviewed.
CHANGE_NOTE = "changed: "
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_WORDS = re.compile(r"\w+|[^\w\s]")


def describe_change(old: str, new: str) -> str:
    """Say what kind of change turned ``old`` into ``new``, for the translator."""
    if _NUMBER.sub("#", old) == _NUMBER.sub("#", new):
        changes = [
            f"{a} → {b}"
            for a, b in zip(_NUMBER.findall(old), _NUMBER.findall(new), strict=True)
            if a != b
        ]
        return (
            f"a figure ({', '.join(changes)})"
            if len(changes) == 1
            else f"figures ({', '.join(changes)})"
        )
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    changed = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    if changed <= 3 or matcher.ratio() >= 0.9:
        return f"a few words ({changed})"
    if matcher.ratio() >= 0.5:
        return "partly rewritten"
    return "rewritten"


def is_template_flag(flag: str) -> bool:
    """Whether extraction sets this flag (format, Markdown, URL, length), not the translator."""
    return (
        flag in ("markdown-text", "url")
        or flag.endswith("-format")
        or flag.startswith("max-length:")
    )


def _carry_over(new: Message, old: Message, keep_previous: bool) -> Message:
    """The template's message with the old entry's translation and translator data."""
    template_flags = [f for f in new.flags if f != "fuzzy"]
    # Keep the catalog's own order (a translator's tool may have written the flags in any
    # order), drop flags the template no longer sets, and add the ones it now sets.
    kept = [f for f in old.flags if f in template_flags or not is_template_flag(f)]
    plural = new.msgid_plural is not None
    msgstr_plural = old.msgstr_plural if plural else ()
    if plural and not msgstr_plural and old.msgstr:
        msgstr_plural = (old.msgstr,)
    return replace(
        new,
        msgstr=""
        if plural
        else (old.msgstr or (old.msgstr_plural[0] if old.msgstr_plural else "")),
        msgstr_plural=msgstr_plural,
        # A change note stays while the match awaits review, and goes once it is reviewed.
        translator_comments=old.translator_comments
        if keep_previous
        else tuple(c for c in old.translator_comments if not c.startswith(CHANGE_NOTE)),
        flags=tuple(dict.fromkeys([*kept, *template_flags])),
        previous_msgctxt=old.previous_msgctxt if keep_previous else None,
        previous_msgid=old.previous_msgid if keep_previous else None,
        previous_msgid_plural=old.previous_msgid_plural if keep_previous else None,
        obsolete=False,
    )


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """A similarity ratio in [0, 1] between two texts (difflib's ratio, computed fast);
    0 when under ``cutoff``."""
    return float(fuzz.ratio(a, b, score_cutoff=cutoff * 100)) / 100


def best_match(new: Message, candidates: list[Message]) -> Message | None:
    """The candidate most similar to ``new`` (same kind of block preferred), if similar enough."""
    same_context = [c for c in candidates if c.msgctxt == new.msgctxt]
    found = process.extract(
        new.msgid,
        [c.msgid for c in same_context],
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_THRESHOLD * 100,
        limit=5,
    )
    best: Message | None = None
    best_score = 0.0
    for _, score, index in found:
        candidate = same_context[index]
        # Between texts as alike, the one of the same kind (heading, list item...) wins.
        if candidate.auto_comments[:1] == new.auto_comments[:1]:
            score += 1
        if score > best_score:
            best, best_score = candidate, score
    return best
