"""How well ``i18n-news update`` keeps translators' work, beside GNU ``msgmerge --previous``.

    python benchmarks/merge_quality.py
    python benchmarks/merge_quality.py --variants 10 --seed 7 --show-differences --notes

The sample newsroom's releases (``content/``) and their French and Swedish catalogs
(``locales/``) are edited as writers edit a release: a few words of a paragraph changed, a
figure changed (in a paragraph, a list item or a table cell), a sentence inserted in or removed
from a paragraph, two paragraphs swapped, a paragraph split in two, two paragraphs merged, a
heading reworded, a paragraph replaced by a new, unrelated one. A fixed seed chooses where and
how; each kind of edit is made up to ``--variants`` different ways in each release. For each
edit, ``i18n-news extract`` + ``update`` run on a copy of the newsroom, and ``msgmerge
--previous`` merges the same old catalogs with the same new template.

Every message the edit touched is scored, per tool and language: *right* if it has the
translation made for the text it came from (fuzzy or not; for merged paragraphs, either one's),
*wrong* if it has another translation, *lost* if it has none. A new, unrelated paragraph is
right without a translation and wrong with one. Fuzzy messages are counted with a ``#| msgid``
(the previous English) and with a note of the kind of change (``# changed: a figure (48 →
50)``). Results are printed as a Markdown table; the run takes about ten seconds.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from i18n_news.catalog import Catalog, Message  # noqa: E402
from i18n_news.config import load_config  # noqa: E402
from i18n_news.extract import extract_newsroom  # noqa: E402
from i18n_news.merge import CHANGE_NOTE  # noqa: E402
from i18n_news.pofile import parse_po  # noqa: E402
from i18n_news.update import update_newsroom  # noqa: E402

SEED = 2022
LANGUAGES = ("fr", "sv")
TOOLS = ("i18n-news", "msgmerge")

#: Substitutes for "a few words changed".
WORDS = ["major", "leading", "growing", "several", "recent", "joint", "broad", "key", "wider",
         "strong", "notable", "public", "regional", "long-term"]  # fmt: skip
#: Sentences a writer adds to a paragraph.
SENTENCES = [
    "The agreement was signed on Tuesday in the presence of both organizations’ leaders.",
    "More details will be announced in the coming weeks.",
    "The initiative is funded for an initial period of three years.",
    "Both partners will report on its progress at the end of each year.",
    "This is the first agreement of its kind between the two organizations.",
    "Applications from underrepresented groups are strongly encouraged.",
    "Participants will also have access to shared computing resources.",
    "The results will be made public.",
]
#: New paragraphs, unrelated to any old one.
PARAGRAPHS = [
    "Mila will also open its doors to the public on November 12 for a day of talks, demonstrations and workshops for families and high school students.",
    "The new computing cluster, installed in Mila’s data center this summer, triples the institute’s capacity for training large models while running on renewable hydroelectric power.",
    "In 2023, the institute plans to hire ten research software engineers to help researchers turn their prototypes into open-source tools.",
    "A scholarship fund of $2 million, created with the support of private donors, will cover tuition for students from low-income countries.",
    "Tickets are free but registration is required.",
    "The conference will be streamed live on the institute’s YouTube channel, with simultaneous interpretation in French and English.",
    "Researchers interested in hosting a visiting scholar should contact the international office before March 1.",
    "The report recommends that hospitals publish the results of every evaluation, including those of tools that were not adopted.",
]
#: Rewordings of the sample releases' headings.
HEADINGS = {
    "About Mila": ["About Mila Institute", "About the Mila institute", "About Mila – Quebec AI Institute"],
    "About AI Sweden": ["About our partner AI Sweden", "About AI Sweden, our partner", "About the AI Sweden center"],
    "Who can apply": ["Who may apply", "Who can apply for an exchange", "Who is eligible"],
    "How to apply": ["How to submit an application", "How to apply for an exchange", "How to send an application"],
    "First-year cohorts": ["Cohorts in the first year", "First-year groups", "The first year’s cohorts"],
    "Three themes": ["Three main themes", "The workshop’s three themes", "Three themes discussed"],
}  # fmt: skip

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“])|(?<=[.!?]”)\s+(?=[A-Z“])")
_PROTECTED = re.compile(r"\]\([^)]*\)|`[^`]*`")  # link targets, code
_WORD = re.compile(r"(?<![\w’'-])[a-z]{4,}(?![\w’'-])")
_ITEM = re.compile(r"(- |\d+\. )(.+)")
_CELL = re.compile(r"\|\s*([^|]*?[^|\s])\s*(?=\|)")
_NUMBER = re.compile(r"(?<![\w.,-])\d+(?:[.,]\d+)*(?![\w-])")


@dataclass(frozen=True)
class Case:
    """One edited release: its new Markdown, and where each touched message came from."""

    kind: str
    slug: str
    markdown: str
    #: New msgid -> the old msgids it was made from (none for a new, unrelated text).
    origins: dict[str, tuple[str, ...]]


@dataclass
class Tally:
    """Scores of one tool on one kind of edit."""

    right: int = 0
    wrong: int = 0
    lost: int = 0
    fuzzy: int = 0
    previous: int = 0
    noted: int = 0
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the edits

Blocks = list[str]
Origins = dict[str, tuple[str, ...]]
Edit = Callable[[Blocks, set[str], random.Random], tuple[Blocks, Origins] | None]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph."""
    return _SENTENCE_END.split(text)


def _paragraphs(blocks: Blocks, msgids: set[str], min_sentences: int = 1) -> list[int]:
    """Indexes of plain one-line paragraphs that are messages as they are."""
    return [
        i
        for i, block in enumerate(blocks)
        if "\n" not in block
        and block in msgids
        and not re.match(r"[#>|*-]|\d+\. ", block)
        and len(sentences(block)) >= min_sentences
    ]


def _free(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``pattern`` outside link targets and code."""
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    return [
        m
        for m in pattern.finditer(text)
        if not any(start < m.end() and m.start() < end for start, end in protected)
    ]


def _replace(text: str, match: re.Match[str], new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


def edit_words(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """One to three words of a paragraph replaced."""
    candidates = [i for i in _paragraphs(blocks, msgids) if len(_free(blocks[i], _WORD)) >= 3]
    if not candidates:
        return None
    index = rng.choice(candidates)
    text = blocks[index]
    for match in sorted(
        rng.sample(_free(text, _WORD), rng.randint(1, 3)), key=lambda m: -m.start()
    ):
        text = _replace(text, match, rng.choice([w for w in WORDS if w != match.group()]))
    return _with(blocks, index, [text]), {text: (blocks[index],)}


def _texts(blocks: Blocks, msgids: set[str]) -> list[tuple[int, int, int]]:
    """Paragraphs, list items and table cells that are messages as they are: (block, start, end)."""
    spans = [(i, 0, len(blocks[i])) for i in _paragraphs(blocks, msgids)]
    for index, block in enumerate(blocks):
        offset = 0
        for line in block.split("\n"):
            if item := _ITEM.match(line):
                spans.append((index, offset + item.start(2), offset + item.end(2)))
            elif line.startswith("|"):
                spans += [
                    (index, offset + c.start(1), offset + c.end(1)) for c in _CELL.finditer(line)
                ]
            offset += len(line) + 1
    return [(i, start, end) for i, start, end in spans if blocks[i][start:end] in msgids]


def edit_figure(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """One number changed in a paragraph, a list item or a table cell."""
    candidates = [s for s in _texts(blocks, msgids) if _free(blocks[s[0]][s[1] : s[2]], _NUMBER)]
    if not candidates:
        return None
    index, start, end = rng.choice(candidates)
    old = blocks[index][start:end]
    match = rng.choice(_free(old, _NUMBER))
    number = match.group()
    if re.fullmatch(r"(19|20)\d\d", number):
        figure = str(int(number) + rng.choice([-1, 1]))
    elif "." in number:
        figure = f"{float(number) + rng.choice([0.5, 1.0]):.1f}"
    else:
        value = int(number.replace(",", ""))
        changed = value + rng.randint(1, max(2, value // 5))
        figure = f"{changed:,}" if "," in number else str(changed)
    text = _replace(old, match, figure)
    block = blocks[index][:start] + text + blocks[index][end:]
    return _with(blocks, index, [block]), {text: (old,)}


def edit_insert_sentence(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """A sentence added to a paragraph, at the start, between two sentences or at the end."""
    candidates = _paragraphs(blocks, msgids)
    if not candidates:
        return None
    index = rng.choice(candidates)
    parts = sentences(blocks[index])
    parts.insert(rng.randint(0, len(parts)), rng.choice(SENTENCES))
    text = " ".join(parts)
    return _with(blocks, index, [text]), {text: (blocks[index],)}


def edit_remove_sentence(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """A sentence taken out of a paragraph of several."""
    candidates = _paragraphs(blocks, msgids, min_sentences=2)
    if not candidates:
        return None
    index = rng.choice(candidates)
    parts = sentences(blocks[index])
    del parts[rng.randrange(len(parts))]
    text = " ".join(parts)
    return _with(blocks, index, [text]), {text: (blocks[index],)}


def edit_reorder(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """Two paragraphs swapped."""
    candidates = _paragraphs(blocks, msgids)
    if len(candidates) < 2:
        return None
    first, second = sorted(rng.sample(candidates, 2))
    new = list(blocks)
    new[first], new[second] = blocks[second], blocks[first]
    return new, {blocks[first]: (blocks[first],), blocks[second]: (blocks[second],)}


def edit_split(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """A paragraph of several sentences split in two."""
    candidates = _paragraphs(blocks, msgids, min_sentences=2)
    if not candidates:
        return None
    index = rng.choice(candidates)
    parts = sentences(blocks[index])
    cut = rng.randint(1, len(parts) - 1)
    head, tail = " ".join(parts[:cut]), " ".join(parts[cut:])
    return _with(blocks, index, [head, tail]), {head: (blocks[index],), tail: (blocks[index],)}


def edit_merge(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """Two consecutive paragraphs made one."""
    paragraphs = set(_paragraphs(blocks, msgids))
    candidates = [i for i in sorted(paragraphs) if i + 1 in paragraphs]
    if not candidates:
        return None
    index = rng.choice(candidates)
    text = f"{blocks[index]} {blocks[index + 1]}"
    new = [*blocks[:index], text, *blocks[index + 2 :]]
    return new, {text: (blocks[index], blocks[index + 1])}


def edit_heading(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """A heading reworded."""
    candidates = [
        i
        for i, b in enumerate(blocks)
        if b.startswith("## ") and b[3:] in HEADINGS and b[3:] in msgids
    ]
    if not candidates:
        return None
    index = rng.choice(candidates)
    old = blocks[index][3:]
    new = rng.choice([h for h in HEADINGS[old] if h not in msgids])
    return _with(blocks, index, [f"## {new}"]), {new: (old,)}


def edit_replace(
    blocks: Blocks, msgids: set[str], rng: random.Random
) -> tuple[Blocks, Origins] | None:
    """A paragraph removed, and a new, unrelated one written in its place."""
    candidates = _paragraphs(blocks, msgids)
    if not candidates:
        return None
    index = rng.choice(candidates)
    text = rng.choice(PARAGRAPHS)
    return _with(blocks, index, [text]), {text: ()}


def _with(blocks: Blocks, index: int, replacement: list[str]) -> Blocks:
    return [*blocks[:index], *replacement, *blocks[index + 1 :]]


#: Kinds of edit, in the order of the table.
EDITS: dict[str, Edit] = {
    "a few words changed": edit_words,
    "a figure changed": edit_figure,
    "a sentence inserted": edit_insert_sentence,
    "a sentence removed": edit_remove_sentence,
    "paragraphs reordered": edit_reorder,
    "a paragraph split in two": edit_split,
    "two paragraphs merged": edit_merge,
    "a heading reworded": edit_heading,
    "a paragraph replaced by a new one": edit_replace,
}


# --------------------------------------------------------------------------- the corpus


def prepare_base(folder: Path) -> Path:
    """A copy of the sample newsroom in ``folder``, extracted and updated."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "i18n-news.toml", folder)
    shutil.copytree(REPO / "content", folder / "content", dirs_exist_ok=True)
    shutil.copytree(
        REPO / "locales",
        folder / "locales",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("*.mo"),
    )
    config = load_config(folder)
    extract_newsroom(config)
    update_newsroom(config)
    return folder


def _release_files(base: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted((base / "content").rglob("*.md"))}


def _template(base: Path, slug: str) -> Catalog:
    path = base / "locales/templates/releases" / f"{slug}.pot"
    return parse_po(path.read_text(encoding="utf-8"))


def corpus(
    base: Path, variants: int = 6, seed: int = SEED, kinds: list[str] | None = None
) -> list[Case]:
    """Up to ``variants`` different edits of each kind per release of ``base``, from ``seed``."""
    cases = []
    for slug, path in _release_files(base).items():
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4) + 5
        front, body = text[:end], text[end:]
        blocks = body.strip("\n").split("\n\n")
        msgids = {m.msgid for m in _template(base, slug)}
        for kind in kinds or list(EDITS):
            rng = random.Random(f"{seed}:{slug}:{kind}")
            seen: set[str] = set()
            for _ in range(variants * 4):
                edited = EDITS[kind](blocks, msgids, rng)
                if edited is None:
                    break
                new_blocks, origins = edited
                markdown = front + "\n" + "\n\n".join(new_blocks) + "\n"
                if markdown in seen or any(t in msgids and (t,) != o for t, o in origins.items()):
                    continue
                seen.add(markdown)
                cases.append(Case(kind, slug, markdown, origins))
                if len(seen) == variants:
                    break
    return cases


# --------------------------------------------------------------------------- the merges


def merge_both(base: Path, case: Case, work: Path) -> dict[tuple[str, str], Catalog]:
    """The catalogs of ``case``'s release as each tool merges them: {(tool, language): catalog}."""
    root = work / "newsroom"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root)
    _release_files(root)[case.slug].write_text(case.markdown, encoding="utf-8")
    config = load_config(root)
    extract_newsroom(config)
    template = root / "locales/templates/releases" / f"{case.slug}.pot"
    merged = {}
    for language in LANGUAGES:
        old = base / "locales" / language / "LC_MESSAGES/releases" / f"{case.slug}.po"
        output = work / f"msgmerge-{language}.po"
        subprocess.run(
            ["msgmerge", "--previous", "--quiet", "-o", str(output), str(old), str(template)],
            check=True,
        )
        merged["msgmerge", language] = parse_po(output.read_text(encoding="utf-8"))
    update_newsroom(config)
    for language in LANGUAGES:
        path = root / "locales" / language / "LC_MESSAGES/releases" / f"{case.slug}.po"
        merged["i18n-news", language] = parse_po(path.read_text(encoding="utf-8"))
    return merged


def outcome(new: Message | None, origins: tuple[str, ...], old: Catalog) -> str | None:
    """``right``, ``wrong`` or ``lost`` for one merged message (None: nothing to keep)."""
    kept = [old.get((None, msgid)) for msgid in origins]
    expected = {m.msgstr for m in kept if m is not None and m.msgstr}
    if origins and not expected:
        return None  # the old text had no translation
    carried = new.msgstr if new is not None else ""
    if not origins:
        return "wrong" if carried else "right"
    if carried in expected:
        return "right"
    return "wrong" if carried else "lost"


def evaluate(
    base: Path, cases: list[Case], work: Path, differences: list[str] | None = None
) -> dict[str, dict[str, Tally]]:
    """Score every case: {kind: {tool: tally}}."""
    tallies = {
        kind: {tool: Tally() for tool in TOOLS} for kind in dict.fromkeys(c.kind for c in cases)
    }
    old_catalogs = {
        (language, slug): parse_po(
            (base / "locales" / language / "LC_MESSAGES/releases" / f"{slug}.po").read_text(
                encoding="utf-8"
            )
        )
        for language in LANGUAGES
        for slug in _release_files(base)
    }
    for case in cases:
        merged = merge_both(base, case, work)
        for language in LANGUAGES:
            old = old_catalogs[language, case.slug]
            for msgid, origins in case.origins.items():
                results = {}
                for tool in TOOLS:
                    new = merged[tool, language].get((None, msgid))
                    result = outcome(new, origins, old)
                    if result is None:
                        continue
                    results[tool] = result
                    tally = tallies[case.kind][tool]
                    setattr(tally, result, getattr(tally, result) + 1)
                    if new is not None and new.fuzzy:
                        tally.fuzzy += 1
                        tally.previous += new.previous_msgid is not None
                        notes = [c for c in new.translator_comments if c.startswith(CHANGE_NOTE)]
                        tally.noted += bool(notes)
                        tally.notes += notes
                if differences is not None and len(set(results.values())) > 1:
                    differences.append(
                        f"{case.kind}, {case.slug}, {language}: {results} for {msgid!r}"
                    )
    return tallies


def table(tallies: dict[str, dict[str, Tally]]) -> str:
    """The scores as a Markdown table: a row per kind of edit and tool, and totals."""
    lines = [
        "| edit | messages | tool | right | wrong | lost | fuzzy | with `#\\| msgid` | with a change note |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|",
    ]
    total = {tool: Tally() for tool in TOOLS}
    for by_tool in tallies.values():
        for tool, tally in by_tool.items():
            for name in ("right", "wrong", "lost", "fuzzy", "previous", "noted"):
                setattr(total[tool], name, getattr(total[tool], name) + getattr(tally, name))
    for kind, by_tool in [*tallies.items(), ("**all**", total)]:
        for tool, t in by_tool.items():
            first = tool == TOOLS[0]
            count = t.right + t.wrong + t.lost
            lines.append(
                f"| {kind if first else ''} | {count if first else ''} | {tool} | {t.right} "
                f"| {t.wrong} | {t.lost} | {t.fuzzy} | {t.previous} | {t.noted} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", type=int, default=6, help="edits of each kind per release")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--show-differences", action="store_true", help="list the messages the tools disagree on"
    )
    parser.add_argument("--notes", action="store_true", help="list i18n-news's change notes")
    arguments = parser.parse_args()
    if shutil.which("msgmerge") is None:
        sys.exit("msgmerge not found: install GNU gettext")
    with tempfile.TemporaryDirectory(prefix="i18n-news-merge-quality-") as folder:
        work = Path(folder)
        base = prepare_base(work / "base")
        cases = corpus(base, arguments.variants, arguments.seed)
        differences: list[str] = []
        tallies = evaluate(base, cases, work, differences)
    version = subprocess.run(["msgmerge", "--version"], capture_output=True, text=True)
    releases = len({case.slug for case in cases})
    print(
        f"{len(cases)} edits of {releases} releases (seed {arguments.seed}), each merged into "
        f"the {' and '.join(LANGUAGES)} catalogs; {version.stdout.splitlines()[0]}."
    )
    print()
    print(table(tallies))
    if arguments.show_differences:
        print()
        print("\n".join(f"- {line}" for line in differences))
    if arguments.notes:
        for kind, by_tool in tallies.items():
            print(f"\n{kind}:")
            for note in dict.fromkeys(by_tool[TOOLS[0]].notes):
                print(f"  # {note}")


if __name__ == "__main__":
    main()
