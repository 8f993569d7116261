"""Merge a template into a translated catalog without losing a translator's work. No I/O.

The rules are GNU ``msgmerge --previous``'s: an unchanged message keeps its translation; a
changed one takes the translation of the most similar old message (live or obsolete), marked
fuzzy, with the old source kept as ``#| msgid``; a message that disappears stays as an obsolete
entry while it has a translation, and comes back translated when its text returns. Similarity
is msgmerge's too (``fstrcmp`` on UTF-8 bytes, candidates found through shared 4-grams), except
that a translation is never proposed across contexts (``msgctxt``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .catalog import Catalog, Key, Message

#: Similarity below which an old translation is not offered as a fuzzy match (msgmerge's).
FUZZY_THRESHOLD = 0.6
# msgmerge adds this bonus to candidates of the same context and requires more than the
# threshold, so a similarity of exactly 0.6 matches.
_CUTOFF = FUZZY_THRESHOLD - 0.00001
# Strings under 4 characters have no 4-gram; msgmerge compares them with all translated
# messages whose length in bytes could reach the threshold (gettext's msgl-fsearch.c).
_GRAM = 4
_SPREAD = 2 / FUZZY_THRESHOLD - 1
_SHORT_MAX_BYTES = int((_GRAM - 1) * 4 * _SPREAD)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
#: gettext's ``fstrcmp`` (2 × common subsequence / total length), computed in C.
_SCORER = Indel.normalized_similarity


@dataclass(frozen=True)
class MergeStats:
    """What a merge did to one catalog."""

    added: int = 0
    fuzzy_matched: int = 0
    obsoleted: int = 0
    restored: int = 0


def merge_catalog(template: Catalog, existing: Catalog) -> tuple[Catalog, MergeStats]:
    """Return ``existing`` updated to ``template``'s messages, and what changed."""
    old = [*existing, *existing.obsolete]  # the order of the file: live entries first
    exact: dict[Key, int] = {}
    for position, message in enumerate(old):
        # Of two entries with one key (live and obsolete), the first with a translation.
        first = exact.setdefault(message.key, position)
        if not old[first].has_translation and message.has_translation:
            exact[message.key] = position
    nplurals = _plural_count(existing)
    fuzzy_index = _FuzzyIndex([i for i, m in enumerate(old) if m.has_translation], old)
    used: set[int] = set()
    merged: dict[Key, Message] = {}
    added = fuzzy_matched = restored = 0
    new_messages = list(template)
    in_place = _in_place(list(existing), new_messages)
    for position, new in enumerate(new_messages):
        if new.key in merged:
            continue
        index = exact.get(new.key)
        changed = index is None
        if index is None:
            # A changed block first takes the translation of a block of the same kind that
            # stood in its place, if similar enough; otherwise the most similar, as msgmerge.
            index = in_place.get(position)
            if index is None:
                index = fuzzy_index.search(new)
        if index is None:
            added += 1
            merged[new.key] = _untranslated(new, nplurals)
            continue
        used.add(index)
        if changed:
            fuzzy_matched += 1
        elif old[index].obsolete:
            restored += 1
        merged[new.key] = _merge_message(new, old[index], nplurals, changed)

    # What no template message took stays while it has a translation, without the template's
    # comments (msgmerge's); of two entries with one key, the first (the newer) is kept.
    obsolete: dict[Key, Message] = {}
    obsoleted = 0
    for position, message in enumerate(old):
        if position in used or not message.has_translation or message.key in merged:
            continue
        if message.key not in obsolete:
            obsoleted += not message.obsolete
            obsolete[message.key] = replace(message, obsolete=True, locations=(), auto_comments=())
    result = Catalog(
        header=list(existing.header),
        header_comments=list(existing.header_comments),
        header_flags=existing.header_flags,
        messages=[*merged.values(), *obsolete.values()],
    )
    creation = template.header_value("POT-Creation-Date")
    if creation:
        result.set_header("POT-Creation-Date", creation)
    return result, MergeStats(added, fuzzy_matched, obsoleted, restored)


def _in_place(old: list[Message], new: list[Message]) -> dict[int, int]:
    """Pair new messages with the old ones that stood at their place where the text changed.

    The sequences are aligned on their unchanged messages. Inside a stretch where old messages
    were replaced by new ones, each new block takes the most similar (the first of equals) of
    the translated old blocks of its kind (the first extracted comment: paragraph, heading,
    list item...) and context in the stretch, if similar enough: so both halves of a split
    paragraph keep its translation, and a block edited next to a removed one keeps its own.
    Messages without a kind are no blocks of a page: they are left to msgmerge's search.
    """
    matcher = SequenceMatcher(None, [m.key for m in old], [m.key for m in new], autojunk=False)
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        blocks: dict[tuple[str, str | None], dict[int, bytes]] = defaultdict(dict)
        for i in range(i1, i2):
            if old[i].has_translation and old[i].auto_comments:
                blocks[old[i].auto_comments[0], old[i].msgctxt][i] = _utf8(old[i].msgid)
        for j in range(j1, j2):
            kind = new[j].auto_comments[:1]
            choices = blocks.get((kind[0], new[j].msgctxt)) if kind else None
            if not choices:
                continue
            found = process.extractOne(
                _utf8(new[j].msgid), choices, scorer=_SCORER, score_cutoff=_CUTOFF
            )
            if found is not None:
                pairs[j] = found[2]
    return pairs


def _plural_count(catalog: Catalog) -> int:
    """``nplurals`` of the catalog's Plural-Forms header (2, as msgmerge assumes, without)."""
    match = _NPLURALS.search(catalog.header_value("Plural-Forms") or "")
    return int(match.group(1)) if match and int(match.group(1)) > 0 else 2


def _untranslated(new: Message, nplurals: int) -> Message:
    """A template message that nothing translates, as it enters the catalog."""
    if new.msgid_plural is not None and not any(new.msgstr_plural):
        return replace(new, msgstr="", msgstr_plural=("",) * nplurals)
    return new


def _merge_message(new: Message, old: Message, nplurals: int, changed: bool) -> Message:
    """The template's message with the old entry's translation and translator data.

    ``changed`` when ``old`` is a fuzzy match (another msgid). As msgmerge does, a change of
    plural (added, removed or reworded ``msgid_plural``) also makes the result fuzzy.
    """
    old_forms = old.msgstr_plural if old.msgid_plural is not None else (old.msgstr,)
    forms: tuple[str, ...] = ()
    if new.msgid_plural is None:
        # The singular form, as msgmerge takes it (or, rather than nothing, another form).
        msgstr = next((form for form in old_forms if form), "")
    else:
        msgstr = ""
        forms = old_forms if old.msgid_plural is not None else (old.msgstr,) * nplurals
    changed = changed or new.msgid_plural != old.msgid_plural
    has_translation = any(forms) if new.msgid_plural is not None else bool(msgstr)
    fuzzy = (changed or old.fuzzy) and has_translation  # nothing to review without a text

    # The previous msgid is the source the translation was made for: the old one's previous
    # msgid while it awaited review, else its msgid. Only a fuzzy translation keeps one.
    if old.fuzzy and (old.previous_msgid is not None or not changed):
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    if not fuzzy:
        previous = (None, None, None)

    # A change note stays while the match awaits review, and goes once it is reviewed.
    comments = old.translator_comments
    if not (old.fuzzy and not changed):
        comments = tuple(c for c in comments if not c.startswith(CHANGE_NOTE))
    if changed and previous[1] is not None and previous[1] != new.msgid:
        comments = (*comments, CHANGE_NOTE + describe_change(previous[1], new.msgid))

    return replace(
        new,
        msgstr=msgstr,
        msgstr_plural=forms,
        translator_comments=comments,
        flags=_merge_flags(new, old, fuzzy),
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        obsolete=False,
    )


def _merge_flags(new: Message, old: Message, fuzzy: bool) -> tuple[str, ...]:
    """The translator's flags of ``old`` and the extraction flags of ``new``, and ``fuzzy``."""
    template_flags = [f for f in new.flags if f != "fuzzy"]
    # Keep the catalog's own order (a translator's tool may have written the flags in any
    # order), drop flags the template no longer sets, and add the ones it now sets.
    kept = [
        f
        for f in old.flags
        if (fuzzy if f == "fuzzy" else f in template_flags or not is_template_flag(f))
    ]
    flags = tuple(dict.fromkeys([*kept, *template_flags]))
    return ("fuzzy", *flags) if fuzzy and "fuzzy" not in flags else flags


def is_template_flag(flag: str) -> bool:
    """Whether extraction sets this flag (format, Markdown, URL, length), not the translator."""
    return (
        flag in ("markdown-text", "url")
        or flag.endswith("-format")
        or flag.startswith("max-length:")
    )


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _grams(text: str) -> list[str]:
    """The character 4-grams of ``text``, repeated as often as they occur."""
    return [text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)]


class _FuzzyIndex:
    """msgmerge's search for the translated message most similar to a new one.

    As in gettext's ``msgl-fsearch.c``, only messages sharing a 4-gram of characters with the
    new msgid are candidates (for a msgid under 4 characters, short messages of a length that
    could reach the threshold), and of the most similar, the one sharing the most 4-grams, then
    the first in the file, wins. Similarities are computed in C over the whole context, and
    the few above the threshold are then checked for 4-grams: faster than listing candidates.
    """

    def __init__(self, indexes: list[int], messages: list[Message]) -> None:
        self.sources: dict[str | None, dict[int, bytes]] = defaultdict(dict)
        self.grams: dict[int, set[str]] = {}
        for i in indexes:
            self.sources[messages[i].msgctxt][i] = _utf8(messages[i].msgid)
            self.grams[i] = set(_grams(messages[i].msgid))

    def search(self, new: Message) -> int | None:
        """The index of the best match for ``new`` in the same context, if similar enough."""
        query, grams = _utf8(new.msgid), _grams(new.msgid)
        choices = self.sources.get(new.msgctxt, {})
        found = process.extract(query, choices, scorer=_SCORER, score_cutoff=_CUTOFF, limit=None)
        if grams:
            shared = set(grams)
            found = [f for f in found if not self.grams[f[2]].isdisjoint(shared)]
        else:
            lengths = range(math.ceil(len(query) / _SPREAD), int(len(query) * _SPREAD) + 1)
            found = [f for f in found if len(f[0]) in lengths and len(f[0]) <= _SHORT_MAX_BYTES]
        if not found:
            return None
        best_score = max(score for _, score, _ in found)
        tied = [i for _, score, i in found if score == best_score]
        if len(tied) == 1:
            return tied[0]
        return min(tied, key=lambda i: (-sum(gram in self.grams[i] for gram in grams), i))


def similarity(a: str, b: str) -> float:
    """GNU gettext's ``fstrcmp`` of two texts as UTF-8 bytes, as msgmerge compares them:
    2 × longest common subsequence / total length, in [0, 1]."""
    return float(_SCORER(_utf8(a), _utf8(b)))


def best_match(new: Message, candidates: list[Message]) -> Message | None:
    """The candidate most similar to ``new`` (same kind of block preferred), if similar enough."""
    same_context = [c for c in candidates if c.msgctxt == new.msgctxt]
    found = process.extract(
        _utf8(new.msgid),
        [_utf8(c.msgid) for c in same_context],
        scorer=_SCORER,
        score_cutoff=_CUTOFF,
        limit=5,
    )
    best: Message | None = None
    best_score = 0.0
    for _, score, index in found:
        candidate = same_context[index]
        # Between texts as alike, the one of the same kind (heading, list item...) wins.
        if candidate.auto_comments[:1] == new.auto_comments[:1]:
            score += 0.01
        if score > best_score:
            best, best_score = candidate, score
    return best


#: Translator comments starting so are written by ``update`` and removed once reviewed.
CHANGE_NOTE = "changed: "
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_WORDS = re.compile(r"\w+|[^\w\s]")


def _sentences_changed(old: str, new: str) -> str:
    """ "a sentence added" (or removed, or several) when that is the whole change, else ""."""
    old_sentences, new_sentences = (
        _SENTENCE_END.split(old.strip()),
        _SENTENCE_END.split(new.strip()),
    )
    matcher = SequenceMatcher(None, old_sentences, new_sentences, autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not opcodes or {op[0] for op in opcodes} not in ({"insert"}, {"delete"}):
        return ""
    count = sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in opcodes)
    what = "a sentence" if count == 1 else f"{count} sentences"
    return f"{what} {'added' if opcodes[0][0] == 'insert' else 'removed'}"


def describe_change(old: str, new: str) -> str:
    """Say what kind of change turned ``old`` into ``new``, for the translator."""
    old_numbers, new_numbers = _NUMBER.findall(old), _NUMBER.findall(new)
    if old_numbers != new_numbers and _NUMBER.split(old) == _NUMBER.split(new):
        changes = [f"{a} → {b}" for a, b in zip(old_numbers, new_numbers, strict=True) if a != b]
        figures = "a figure" if len(changes) == 1 else "figures"
        return f"{figures} ({', '.join(changes)})"
    sentences = _sentences_changed(old, new)
    if sentences:
        return sentences
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
