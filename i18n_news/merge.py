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
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import process
from rapidfuzz.distance import Indel

from . import wordindex
from .catalog import Catalog, Key, Message
from .plurals import parse_plural_forms
from .pofile import catalog_often_used_forms, msgfmt_problem
from .wordindex import WordIndex

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
#: How far (in messages) from its place in a changed stretch a block looks for its old self.
PLACE = 50
#: gettext's ``fstrcmp`` (2 × common subsequence / total length), computed in C.
_SCORER = Indel.normalized_similarity


@dataclass(frozen=True)
class MergeStats:
    """What a merge did to one catalog."""

    added: int = 0
    #: Messages made fuzzy: given the translation of another text, or keeping one that the
    #: template's flags now make invalid (see :func:`_refused_made_fuzzy`).
    fuzzy_matched: int = 0
    obsoleted: int = 0
    restored: int = 0
    #: Obsolete entries deleted (``update --purge-obsolete``).
    purged: int = 0
    #: The messages given the translation, not fuzzy, of another text by this merge: fuzzy
    #: now, though nobody was working on them (an exact match from the memory may replace
    #: their translation, as ``msgmerge -C`` gives it; see :func:`merge_catalog`).
    made_fuzzy: tuple[Key, ...] = ()


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
    made_fuzzy: list[Key] = []
    new_messages = list(template)
    in_place = _in_place(list(existing), new_messages)
    often = frozenset[int]()
    if any("python-format" in message.flags for message in new_messages):
        often = catalog_often_used_forms(existing)
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
        message = _merge_message(new, old[index], nplurals, changed)
        checked = message if message.fuzzy else _refused_made_fuzzy(message, often)
        # A plural added or removed by hand, as msgmerge has it: to review.
        plural_changed = new.msgid_plural != old[index].msgid_plural and message.fuzzy
        if changed or plural_changed or checked is not message:
            fuzzy_matched += 1
        elif old[index].obsolete:
            restored += 1
        if changed and checked.fuzzy and not old[index].fuzzy:
            made_fuzzy.append(new.key)
        merged[new.key] = checked

    # What no template message took stays while it has a translation, without the template's
    # comments (msgmerge's); of two entries with one key, the first (the newer) is kept.
    obsolete: dict[Key, Message] = {}
    obsoleted = 0
    for position, message in enumerate(old):
        if position in used or not message.has_translation or message.key in merged:
            continue
        if message.key not in obsolete:
            obsoleted += not message.obsolete
            obsolete[message.key] = message.replaced(obsolete=True, locations=(), auto_comments=())
    result = Catalog(
        header=list(existing.header),
        header_comments=list(existing.header_comments),
        header_flags=existing.header_flags,
        messages=[*merged.values(), *obsolete.values()],
    )
    creation = template.header_value("POT-Creation-Date")
    if creation:
        result.set_header("POT-Creation-Date", creation)
    return result, MergeStats(added, fuzzy_matched, obsoleted, restored, 0, tuple(made_fuzzy))


def keeps_all(former: Catalog, merged: Catalog) -> bool:
    """Whether ``merged`` (``former`` merged with a template) holds all a translator did in
    ``former``: each of its translations (live, fuzzy or obsolete, under any text), each of
    its translator comments (but the notes of what changed, which merging writes). Only then
    may ``former`` go (a release renamed; the header's translators are kept by
    :func:`i18n_news.catalogs.continued_header_comments`)."""
    held = Counter(_translation(m) for m in [*merged, *merged.obsolete] if m.has_translation)
    needed = Counter(_translation(m) for m in [*former, *former.obsolete] if m.has_translation)
    if needed - held:
        return False
    comments = {c for m in [*merged, *merged.obsolete] for c in m.translator_comments}
    written = {
        c
        for m in [*former, *former.obsolete]
        for c in m.translator_comments
        if not is_change_note(c)
    }
    return written <= comments


def _translation(message: Message) -> tuple[str, ...]:
    return (message.msgstr, *message.msgstr_plural)


def _in_place(old: list[Message], new: list[Message]) -> dict[int, int]:
    """Pair new messages with the old ones that stood at their place where the text changed.

    The sequences are aligned on their unchanged messages. Inside a stretch where old messages
    were replaced by new ones, each new block takes the most similar (the first of equals) of
    the translated old blocks of its kind (the first extracted comment: paragraph, heading,
    list item...) and context near its place in the stretch (:data:`PLACE` blocks either
    side), if similar enough: so both halves of a split paragraph keep its translation, and a
    block edited next to a removed one keeps its own. Messages without a kind are no blocks of
    a page: they are left to msgmerge's search.
    """
    pairs: dict[int, int] = {}
    for i1, i2, j1, j2 in _replaced([m.key for m in old], [m.key for m in new]):
        blocks: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        sources: dict[int, bytes] = {}
        for i in range(i1, i2):
            if old[i].has_translation and old[i].auto_comments:
                blocks[old[i].auto_comments[0], old[i].msgctxt].append(i)
                sources[i] = _utf8(old[i].msgid)
        scale = (i2 - i1) / (j2 - j1)
        for j in range(j1, j2):
            kind = new[j].auto_comments[:1]
            places = blocks.get((kind[0], new[j].msgctxt)) if kind else None
            if not places:
                continue
            place = i1 + (j - j1) * scale
            near = places[bisect_left(places, place - PLACE) : bisect_right(places, place + PLACE)]
            choices = {i: sources[i] for i in near}
            found = process.extractOne(
                _utf8(new[j].msgid), choices, scorer=_SCORER, score_cutoff=_CUTOFF
            )
            if found is not None:
                pairs[j] = found[2]
    return pairs


def _replaced(old: list[Key], new: list[Key]) -> Iterator[tuple[int, int, int, int]]:
    """The stretches ``old[i1:i2]`` replaced by ``new[j1:j2]``, both non-empty.

    The sequences are aligned on the longest run, in order, of keys found once in each
    (patience diff, O(n log n)); what lies between two aligned keys on both sides is replaced.
    """
    once_old = Counter(old)
    position = {key: i for i, key in enumerate(old) if once_old[key] == 1}
    once_new = Counter(new)
    common = [
        (position[key], j) for j, key in enumerate(new) if key in position and once_new[key] == 1
    ]
    # Longest increasing subsequence of the old positions, in the order of the new ones.
    tails: list[int] = []  # the smallest old position ending a run of each length
    ends: list[int] = []  # the index in ``common`` of that end
    before: list[int] = [-1] * len(common)
    for k, (i, _) in enumerate(common):
        length = bisect_left(tails, i)
        if length == len(tails):
            tails.append(i)
            ends.append(k)
        else:
            tails[length], ends[length] = i, k
        before[k] = ends[length - 1] if length else -1
    aligned: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        aligned.append(common[k])
        k = before[k]
    aligned.reverse()
    i, j = 0, 0
    for next_i, next_j in [*aligned, (len(old), len(new))]:
        if next_i > i and next_j > j:
            yield i, next_i, j, next_j
        i, j = next_i + 1, next_j + 1


def _plural_count(catalog: Catalog) -> int:
    """``nplurals`` of the catalog's Plural-Forms header (2, as msgmerge assumes, without)."""
    forms = parse_plural_forms(catalog.header_value("Plural-Forms"))
    return forms.number if forms else 2


def _untranslated(new: Message, nplurals: int) -> Message:
    """A template message that nothing translates, as it enters the catalog."""
    if new.msgid_plural is not None and not any(new.msgstr_plural):
        return new.replaced(msgstr="", msgstr_plural=("",) * nplurals)
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
        comments = tuple(c for c in comments if not is_change_note(c))
    if changed and previous[1] is not None and previous[1] != new.msgid:
        comments = (*comments, CHANGE_NOTE + describe_change(previous[1], new.msgid))

    return new.replaced(
        msgstr=msgstr,
        msgstr_plural=forms,
        translator_comments=comments,
        flags=_merge_flags(new, old, fuzzy),
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        obsolete=False,
    )


def _refused_made_fuzzy(message: Message, often: frozenset[int]) -> Message:
    """``message`` (merged, not fuzzy), made fuzzy if ``msgfmt -c`` refuses it (see
    :func:`i18n_news.pofile.msgfmt_problem`), with a note saying why: a translation that was
    no format string, now flagged ``python-format`` by its template (msgmerge makes it
    fuzzy too), or an obsolete one coming back, which nothing checked. Its translation is
    kept, for a translator to put right; a fuzzy one is no part of what ``msgfmt`` checks."""
    problem = msgfmt_problem(message, often)
    if problem is None:
        return message
    note = f"{CHANGE_NOTE}msgfmt -c would refuse the translation: {problem}"
    return message.replaced(
        translator_comments=(*message.translator_comments, note),
        # As msgmerge --previous has it: the source the translation was made for, unchanged.
        previous_msgctxt=message.msgctxt,
        previous_msgid=message.msgid,
        previous_msgid_plural=message.msgid_plural,
    ).with_flag("fuzzy")


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
    A context of thousands of messages is narrowed first to those sharing the most rare words
    with the new msgid (:mod:`.wordindex`), so that a huge catalog merges in linear time.
    """

    def __init__(self, indexes: list[int], messages: list[Message]) -> None:
        self.messages = messages
        self.sources: dict[str | None, dict[int, bytes]] = defaultdict(dict)
        for i in indexes:
            self.sources[messages[i].msgctxt][i] = _utf8(messages[i].msgid)
        self._grams: dict[int, set[str]] = {}
        self.word_indexes: dict[str | None, tuple[list[int], WordIndex]] = {}

    def search(self, new: Message) -> int | None:
        """The index of the best match for ``new`` in the same context, if similar enough;
        else, as msgmerge, in another context (a context a translator changed by hand)."""
        found = self._search(new, new.msgctxt)
        if found is None and len(self.sources) > 1:
            matches = [
                index for context in self.sources if context != new.msgctxt
                if (index := self._search(new, context)) is not None
            ]  # fmt: skip
            if matches:  # the most similar of each context's best, the first if tied
                text = new.msgid
                found = max(matches, key=lambda i: (similarity(text, self.messages[i].msgid), -i))
        return found

    def _search(self, new: Message, context: str | None) -> int | None:
        """The index of the best match for ``new`` among the messages of ``context``."""
        query, grams = _utf8(new.msgid), _grams(new.msgid)
        choices = self._choices(new, context)
        found = process.extract(query, choices, scorer=_SCORER, score_cutoff=_CUTOFF, limit=None)
        if grams:
            shared = set(grams)
            found = [f for f in found if not self.grams(f[2]).isdisjoint(shared)]
        else:
            lengths = range(math.ceil(len(query) / _SPREAD), int(len(query) * _SPREAD) + 1)
            found = [f for f in found if len(f[0]) in lengths and len(f[0]) <= _SHORT_MAX_BYTES]
        if not found:
            return None
        best_score = max(score for _, score, _ in found)
        tied = [i for _, score, i in found if score == best_score]
        if len(tied) == 1:
            return tied[0]
        return min(tied, key=lambda i: (-sum(gram in self.grams(i) for gram in grams), i))

    def grams(self, index: int) -> set[str]:
        """The 4-grams of old message ``index``, made when first needed."""
        if index not in self._grams:
            self._grams[index] = set(_grams(self.messages[index].msgid))
        return self._grams[index]

    def _choices(self, new: Message, context: str | None) -> dict[int, bytes]:
        """The messages of ``context`` to compare with ``new``, narrowed if there are many."""
        choices = self.sources.get(context, {})
        if len(choices) <= wordindex.FULL_SEARCH_MAX:
            return choices
        if context not in self.word_indexes:
            order = list(choices)
            texts = [self.messages[i].msgid for i in order]
            self.word_indexes[context] = order, WordIndex(texts)
        order, index = self.word_indexes[context]
        found = index.candidates(new.msgid, FUZZY_THRESHOLD)
        return choices if found is None else {order[k]: choices[order[k]] for k in found}


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
#: The notes ``update`` writes (see :func:`describe_change`): a translator's own comment
#: that starts as they do ("changed: shortened at the client's request") is never removed.
_CHANGE_NOTES = re.compile(
    re.escape(CHANGE_NOTE) + r"(?:spacing only|a figure \(.+\)|figures \(.+\)"
    r"|(?:a sentence|\d+ sentences) (?:added|removed)|a few words \(\d+\)|partly rewritten"
    r"|rewritten|msgfmt -c would refuse the translation: .+)"
)


def is_change_note(comment: str) -> bool:
    """Whether the translator comment ``comment`` is a note of what changed that ``update``
    wrote (removed once the translation is reviewed)."""
    return comment.startswith(CHANGE_NOTE) and _CHANGE_NOTES.fullmatch(comment) is not None


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


#: The share of a new release's messages a catalog whose release is gone must have for the
#: new release to be taken as that release renamed (see :func:`continued_catalog`).
RENAMED_SHARE = 0.5


def continued_catalog(template: Catalog, former: list[Catalog]) -> int | None:
    """Which of the ``former`` catalogs (whose release is gone) a release new to a language
    continues, by its ``template``: the release renamed, its catalog found under the old
    name. Of those that have its title or its summary (texts of its own, where the sections
    every release repeats are not), the one that has the most of its messages (translated,
    fuzzy or not), if that is at least :data:`RENAMED_SHARE` of them; the first of those
    tied; ``None`` for none.

    Merging the template with it keeps all a translator did, fuzzy messages and comments
    included, where the translation memory would give only the translated messages.
    """
    keys = {message.key for message in template}
    own = {message.key for message in template if message.auto_comments[:1] in _OWN_TEXTS}
    if not keys:
        return None
    best, best_count = None, 0
    for index, catalog in enumerate(former):
        theirs = {message.key for message in catalog}
        count = len(keys & theirs)
        if count > best_count and (own & theirs or not own):
            best, best_count = index, count
    return best if best_count >= RENAMED_SHARE * len(keys) else None


#: What a template's extracted comment calls the texts of a release that no other has.
_OWN_TEXTS = (("title",), ("summary",))


_SPACES = re.compile(r"\s+")


def describe_change(old: str, new: str) -> str:
    """Say what kind of change turned ``old`` into ``new``, for the translator."""
    # A doubled space removed, a no-break space put before a colon: no word changed (and a
    # figure written with another space, "1 200", is the same figure).
    if _SPACES.sub("", old) == _SPACES.sub("", new):
        return "spacing only"
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
