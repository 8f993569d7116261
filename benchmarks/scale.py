"""Measure how i18n-news's time and memory grow with the size of what it is given.

The project promises that a release of 10,000 paragraphs, a catalog of 100,000 messages and a
newsroom of 10,000 releases build in time and memory that grow linearly. Each of the three
scenarios is run at 1%, 10% and 100% of its target, so that growth can be judged:

  paragraphs  one release of P paragraphs (P = 100, 1,000, 10,000) with its French and
              Swedish catalogs translated: extract, update, status, build, and update once
              every paragraph changed
  messages    one catalog of M messages (M = 1,000, 10,000, 100,000): a release of short list
              items under headings; update with nothing changed, and with 5% of the items
              changed (every 20th, as when a column of a table is updated, and as many at
              random), status, check, build
  releases    a newsroom of N releases (N = 100, 1,000, 10,000), as benchmarks/generate.py
              makes it: build and status, then extract and update

    python benchmarks/scale.py                      # everything: an hour or more
    python benchmarks/scale.py --quick              # up to 10% of the targets: a few minutes
    python benchmarks/scale.py --only messages --repeat 3 --work /tmp/scale

Newsrooms are made with benchmarks/generate.py (its ``generate`` with a bigger release text in
place of ``release_text`` for the one-release scenarios), so catalogs are translated as there:
95% of the messages, a few of them fuzzy. Every figure is a whole process timed by
benchmarks/run.py's ``run()``: the wall time (the median of ``--repeat`` runs) and the peak
memory. Before each run the cache (``.i18n-news-cache/``) is set aside, and before a build the
site too (both deleted at the end: see run.py's ``set_aside``), so that every figure includes
all the work a fresh checkout does (a cache could hide work that grows faster than the
input). A command's peak memory is its own, however much this process holds (``run()``
starts it from a small launcher process).

For each scenario a Markdown table gives, per size, the time, the peak memory, the time per
1,000 items, and the growth of time and memory divided by the growth of size, against the
smallest size and against the size before (1.0 is linear, below 1 is better, since a fixed
start-up cost weighs most at the smallest size). A row is flagged when growth is clearly worse
than linear: 10× the size costing more than 15× the time (or memory), a ratio over 1.5.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import generate as newsroom  # noqa: E402
from benchmarks.generate import generate, release_text, sentence  # noqa: E402
from benchmarks.run import ASIDE, CLI, machine, run, set_aside, work_folder  # noqa: E402

#: Scenario -> (what its size counts, the sizes measured: 1%, 10% and 100% of the target).
SCENARIOS = {
    "paragraphs": ("paragraphs in one release", [100, 1_000, 10_000]),
    "messages": ("messages in one catalog", [1_000, 10_000, 100_000]),
    "releases": ("releases in a newsroom", [100, 1_000, 10_000]),
}
#: Growth of time (or memory) over growth of size above which a row is flagged.
WORSE_THAN_LINEAR = 1.5
#: Share of the source changed for "update (5% changed)".
CHANGED = 0.05
#: Where the changed blocks are: evenly spread, or at random.
SPREADS = ("evenly", "at random")
#: Headings split the list items of the messages scenario into sections of this many blocks.
SECTION = 100


@dataclass(frozen=True)
class Figure:
    scenario: str
    size: int
    task: str
    seconds: float
    mb: int


# --------------------------------------------------------------------------- newsrooms


def front_matter(rng: random.Random, number: int, day: date) -> str:
    """The front matter of a release as benchmarks/generate.py writes it, and the blank line."""
    head, _, _ = release_text(rng, number, day).partition("\n---\n")
    return head + "\n---\n\n"


def paragraph_text(count: int) -> Callable[[random.Random, int, date], str]:
    """A ``release_text`` for a release of ``count`` paragraphs of 2 to 4 sentences."""

    def text(rng: random.Random, number: int, day: date) -> str:
        paragraphs = (
            " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 4)))
            for _ in range(count)
        )
        return front_matter(rng, number, day) + "\n\n".join(paragraphs) + "\n"

    return text


def list_text(messages: int) -> Callable[[random.Random, int, date], str]:
    """A ``release_text`` whose catalog has ``messages`` messages: title, summary and dateline,
    then sections of a heading and short list items (numbered, so that each is one message)."""

    def text(rng: random.Random, number: int, day: date) -> str:
        lines: list[str] = []
        for index in range(messages - 3):
            if index % SECTION == 0:
                lines += ["", f"## Part {index // SECTION + 1}", ""]
            else:
                lines.append(f"- {sentence(rng, rng.randint(4, 9))[:-1]} ({index}).")
        return front_matter(rng, number, day) + "\n".join(lines).lstrip() + "\n"

    return text


def one_release(root: Path, text: Callable[[random.Random, int, date], str]) -> None:
    """benchmarks/generate.py's newsroom of one release, the release written by ``text``."""
    with mock.patch.object(newsroom, "release_text", text):
        generate(1, root)


def make_newsroom(scenario: str, size: int, root: Path) -> None:
    """The newsroom a scenario measures at ``size``."""
    if scenario == "paragraphs":
        one_release(root, paragraph_text(size))
    elif scenario == "messages":
        one_release(root, list_text(size))
    else:
        generate(size, root)


def change_blocks(root: Path, share: float, spread: str) -> int:
    """Add a word to ``share`` of the releases' paragraphs and list items; return how many.

    ``spread`` is "evenly" (for 5%, every 20th block, as when a column of a table is updated)
    or "at random" (as many blocks, chosen at random).
    """
    changed = 0
    for path in sorted((root / "content").rglob("*.md")):
        head, _, body = path.read_text().partition("\n---\n")
        blocks = body.split("\n")
        texts = [i for i, line in enumerate(blocks) if line and not line.startswith("#")]
        chosen = texts[:: round(1 / share)]
        if spread == "at random":
            chosen = sorted(random.Random(len(texts)).sample(texts, len(chosen)))
        for i in chosen:
            marker = "- " if blocks[i].startswith("- ") else ""
            blocks[i] = f"{marker}Revised: {blocks[i][len(marker) :]}"
            changed += 1
        path.write_text(head + "\n---\n" + "\n".join(blocks))
    return changed


def copy_catalogs(source: Path, target: Path) -> None:
    """Copy the target languages' catalogs of newsroom ``source`` over those of ``target``."""
    for po in (source / "locales").rglob("*.po"):
        shutil.copyfile(po, target / po.relative_to(source))


# --------------------------------------------------------------------------- measuring


class Bench:
    """Runs commands in a newsroom, each after a clean start, and keeps the figures."""

    def __init__(self, scenario: str, size: int, root: Path, repeat: int, aside: Path):
        self.scenario, self.size, self.root, self.repeat = scenario, size, root, repeat
        self.aside = aside
        self.figures: list[Figure] = []

    def clean(self, site: bool = False) -> None:
        """Set the cache (and the site) aside, to be deleted at the end (see ``set_aside``)."""
        set_aside([self.root / ".i18n-news-cache", *([self.root / "public"] if site else [])],
                  self.aside)  # fmt: skip

    def record(
        self, task: str, arguments: list[str], prepare: Callable[[], object] | None = None
    ) -> None:
        """Time ``i18n-news ARGUMENTS``, ``prepare()`` and a clean start before each run."""
        times, memory = [], 0
        for _ in range(self.repeat):
            if prepare is not None:
                prepare()
            self.clean(site=arguments[0] == "build")
            elapsed, peak = run([*CLI, *arguments], self.root)
            times.append(elapsed)
            memory = max(memory, peak)
        figure = Figure(self.scenario, self.size, task, statistics.median(times), memory)
        self.figures.append(figure)
        print(
            f"  {self.scenario:<10} {self.size:>7} {task:<30} {figure.seconds:8.2f} s "
            f"{figure.mb:6d} MB",
            file=sys.stderr,
            flush=True,
        )


def setup(root: Path, *arguments: str) -> None:
    """Run an i18n-news command that prepares a measurement (not timed)."""
    run([*CLI, *arguments], root)


def bench_paragraphs(bench: Bench, jobs: list[str]) -> None:
    make_newsroom(bench.scenario, bench.size, bench.root)
    generated = bench.root.with_name(bench.root.name + "-generated")
    shutil.copytree(bench.root, generated, dirs_exist_ok=True)
    bench.record("extract", ["extract"])
    # update from the catalogs as generated, every time (the first update does the most).
    bench.record("update", ["update"], lambda: copy_catalogs(generated, bench.root))
    bench.record("status", ["status"])
    bench.record("build", ["build", *jobs])
    # A word added to every paragraph (an edit throughout the release): each must find its
    # old translation again.
    change_blocks(bench.root, 1.0, "evenly")
    setup(bench.root, "extract")
    bench.record(
        "update (every paragraph changed)",
        ["update"],
        lambda: copy_catalogs(generated, bench.root),
    )


def bench_messages(bench: Bench, jobs: list[str]) -> None:
    root = bench.root
    make_newsroom(bench.scenario, bench.size, root)
    setup(root, "extract")
    setup(root, "update")  # settles the catalogs: the next update changes nothing
    bench.record("update (nothing changed)", ["update"])
    bench.record("status", ["status"])
    bench.record("check", ["check"])
    bench.record("build", ["build", *jobs])
    before = root.with_name(root.name + "-before")
    shutil.copytree(root, before, dirs_exist_ok=True)
    for spread in SPREADS:
        shutil.copytree(before / "content", root / "content", dirs_exist_ok=True)
        change_blocks(root, CHANGED, spread)
        setup(root, "extract")
        bench.record(
            f"update (5% changed {spread})", ["update"], lambda: copy_catalogs(before, root)
        )


def bench_releases(bench: Bench, jobs: list[str]) -> None:
    root = bench.root
    make_newsroom(bench.scenario, bench.size, root)
    generated = root.with_name(root.name + "-generated")
    shutil.copytree(root / "locales", generated / "locales", dirs_exist_ok=True)
    bench.record("build", ["build", *jobs])
    bench.record("status", ["status"])
    # Beyond the build: the catalogs' commands over the whole newsroom.
    bench.record("extract", ["extract"])
    bench.record("update", ["update"], lambda: copy_catalogs(generated, root))


BENCHES = {
    "paragraphs": bench_paragraphs,
    "messages": bench_messages,
    "releases": bench_releases,
}


# --------------------------------------------------------------------------- reporting


def growth_rows(figures: list[Figure]) -> Iterator[str]:
    """Table rows of one task's figures, smallest size first."""
    first = previous = figures[0]
    for figure in figures:
        size_growth = figure.size / first.size
        time_growth = figure.seconds / first.seconds / size_growth
        memory_growth = figure.mb / first.mb / size_growth
        step = figure.seconds / previous.seconds / (figure.size / previous.size)
        per_thousand = figure.seconds / figure.size * 1000
        worse = [
            name
            for name, ratio in (
                ("time", time_growth),
                ("time step", step),
                ("memory", memory_growth),
            )
            if figure is not first and ratio > WORSE_THAN_LINEAR
        ]
        flag = f"**worse than linear** ({', '.join(worse)})" if worse else ""
        dash = figure is first
        yield (
            f"| {figure.size:,} | {figure.task} | {figure.seconds:.2f} | {figure.mb} "
            f"| {per_thousand:.3f} | {'–' if dash else f'{time_growth:.2f}'} "
            f"| {'–' if dash else f'{step:.2f}'} | {'–' if dash else f'{memory_growth:.2f}'} "
            f"| {flag} |"
        )
        previous = figure


def print_table(scenario: str, figures: list[Figure]) -> None:
    unit, _ = SCENARIOS[scenario]
    print(f"### {scenario}: {unit}")
    print()
    print(
        "| size | task | time (s) | peak MB | s per 1,000 | time ÷ size growth "
        "| time ÷ size, step | MB ÷ size growth | |"
    )
    print("|--:|---|--:|--:|--:|--:|--:|--:|---|")
    tasks = dict.fromkeys(figure.task for figure in figures)
    for task in tasks:
        mine = sorted((f for f in figures if f.task == task), key=lambda f: f.size)
        for row in growth_rows(mine):
            print(row)
    print(flush=True)


def revision() -> str:
    """The i18n-news the commands run: its folder, and its commit where that is a checkout."""
    found = subprocess.run(
        [sys.executable, "-c", "import i18n_news; print(i18n_news.__file__)"],
        cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    package = Path(found.stdout.strip()).parent
    git = ["git", "-C", str(package)]
    try:
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changes = subprocess.run(
            [*git, "status", "--porcelain", "--", "."], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(package)
    return f"{package}, commit {commit}" + (" with uncommitted changes" if changes else "")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", choices=list(SCENARIOS), nargs="+", default=list(SCENARIOS),
        help="run only these scenarios (default: all)",
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true", help="stop at 10%% of the targets (a fast check)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (median time)")
    parser.add_argument("--jobs", type=int, help="build's --jobs (default: build's own)")
    parser.add_argument(
        "--work",
        type=Path,
        help="folder to keep the generated newsrooms in (default: a temporary one, deleted)",
    )
    arguments = parser.parse_args()
    jobs = ["--jobs", str(arguments.jobs)] if arguments.jobs else []
    print(f"Machine: {machine()}")
    print(f"i18n-news: {revision()}")
    print()
    with work_folder(arguments.work, "i18n-news-scale-") as work:
        for scenario in arguments.only:
            _, sizes = SCENARIOS[scenario]
            figures: list[Figure] = []
            for size in sizes[:2] if arguments.quick else sizes:
                root = work / f"{scenario}-{size}"
                bench = Bench(scenario, size, root, arguments.repeat, work / ASIDE)
                BENCHES[scenario](bench, jobs)
                figures += bench.figures
            print_table(scenario, figures)


if __name__ == "__main__":
    main()
