"""The documentation's examples run, and the reference covers every command, option and key."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_news.build_record import BuildReport, build_json
from i18n_news.cli import cli
from i18n_news.config import _LANGUAGE_KEYS, _NEWSROOM_KEYS
from i18n_news.content import OPTIONAL, REQUIRED
from i18n_news.policy import KEYS as POLICY_KEYS
from i18n_news.publication import HeldVersion

from .conftest import REPO

DOCS = REPO / "docs"
GUIDES = ["writers.md", "translators.md", "editors.md", "maintainers.md", "reference.md"]
SCRIPT = Path(sys.executable).parent / "i18n-news"
ALLOWED = {"i18n-news", "cat", "ls", "msgfmt", "cd"}


def console_blocks(text: str) -> list[list[tuple[str, list[str]]]]:
    """Each ```console block as (command, expected output lines) pairs."""
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        steps: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        blocks.append(steps)
    return blocks


def matches(expected: str, output: str) -> bool:
    if expected.strip() in ("", "..."):
        return True
    pattern = ".*".join(re.escape(part) for part in expected.rstrip().split("..."))
    return any(re.fullmatch(pattern, line.rstrip()) for line in output.splitlines())


@pytest.mark.parametrize("guide", GUIDES)
def test_python_examples_run(guide: str, tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    subprocess.run([str(SCRIPT), "init", str(root)], check=True, capture_output=True)
    for code in re.findall(
        r"```python\n(.*?)```", (DOCS / guide).read_text(encoding="utf-8"), re.DOTALL
    ):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{guide}:\n{code}\n{result.stderr}"


@pytest.mark.parametrize("guide", GUIDES)
def test_console_examples_run(guide: str, tmp_path: Path) -> None:
    root = tmp_path / "newsroom"
    subprocess.run(
        [str(SCRIPT), "init", str(root), "--name", "Example News", "--timezone", "America/Toronto"],
        check=True, capture_output=True,
    )  # fmt: skip
    for block in console_blocks((DOCS / guide).read_text(encoding="utf-8")):
        folder = root  # each block starts in the newsroom; its own "cd" leads elsewhere
        for command, expected in block:
            argv = shlex.split(command)
            assert argv[0] in ALLOWED, f"{guide}: {command}"
            if argv[0] == "cd":
                folder = folder / argv[1]
                continue
            if argv[0] == "i18n-news":
                argv[0] = str(SCRIPT)
            result = subprocess.run(argv, cwd=folder, capture_output=True, text=True)
            output = result.stdout + result.stderr
            assert "Traceback" not in output, f"{guide}: {command}\n{output}"
            for line in expected:
                assert matches(line, output), f"{guide}: {command}: {line!r} not in\n{output}"


def test_the_status_example_starts_from_the_newsroom_it_shows() -> None:
    """Its counts are those of the example release of a newsroom made as the example makes it
    (the name of the newsroom is words of the release): what a reader who runs it sees."""
    block = console_blocks((DOCS / "editors.md").read_text(encoding="utf-8"))[0]
    commands = [command for command, _ in block]
    assert commands[0].startswith("i18n-news init example-news "), commands
    assert commands[1:] == ["cd example-news", "i18n-news status --lang fr"], commands


def test_every_guide_has_examples_that_run() -> None:
    for guide in ("writers.md", "translators.md", "editors.md", "maintainers.md"):
        assert console_blocks((DOCS / guide).read_text()), guide


def test_reference_covers_every_command_and_option() -> None:
    reference = (DOCS / "reference.md").read_text()
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        assert f"### `{name}" in reference, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("-") and option not in ("-h", "--help"):
                    assert f"`{option}" in reference, f"{name} {option}"


def test_reference_covers_every_key() -> None:
    reference = (DOCS / "reference.md").read_text()
    for key in [*_NEWSROOM_KEYS, *_LANGUAGE_KEYS, *POLICY_KEYS, "exact", "compendia"]:
        assert re.search(rf"^{key} = |\.{key}\]", reference, flags=re.MULTILINE), key
    for key in (*REQUIRED, *OPTIONAL):
        assert f"`{key}`" in reference, key


def test_help_of_every_command_has_examples() -> None:
    for name in cli.commands:  # type: ignore[attr-defined]
        result = CliRunner().invoke(cli, [name, "--help"])
        assert "Example" in result.output, name


def test_readme_starts_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks[0].strip().endswith("i18n-news build")
    ci = (REPO / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci


def test_weblate_settings_in_the_translators_guide_find_every_catalog() -> None:
    guide = (DOCS / "translators.md").read_text()
    regex = re.search(r"\| Match regular expression \| `([^`]+)` \|", guide).group(1)  # type: ignore[union-attr]
    mask = re.search(r"\| File mask \| `([^`]+)` \|", guide).group(1)  # type: ignore[union-attr]
    base = re.search(r"\| Template for new translations \| `([^`]+)` \|", guide).group(1)  # type: ignore[union-attr]
    catalogs = sorted((REPO / "locales").rglob("releases/*.po"))
    components: dict[str, set[str]] = {}
    for path in catalogs:
        match = re.fullmatch(regex, path.relative_to(REPO).as_posix())
        assert match, path
        components.setdefault(match["component"], set()).add(match["language"])
    releases = {p.stem for p in (REPO / "content").rglob("*.md")}
    assert set(components) == releases
    for component, languages in components.items():
        assert languages == {"fr", "sv"}
        assert (REPO / base.replace("{{ component }}", component)).is_file()
        for language in languages:
            assert (
                REPO / mask.replace("{{ component }}", component).replace("*", language)
            ).is_file()


def test_the_reference_shows_builds_json_report_as_build_prints_it(tmp_path: Path) -> None:
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    section = reference.split("### `build`", 1)[1].split("\n### ", 1)[0]
    shown = json.loads(re.search(r"```json\n(.*?)```", section, flags=re.DOTALL)[1])
    root = tmp_path / "newsroom"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root), "--timezone", "UTC"]).exit_code == 0
    result = runner.invoke(cli, ["-C", str(root), "build", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert shown.keys() == printed.keys()
    for key, value in printed.items():
        assert type(shown[key]) is type(value), key
    # Each kind of item, as a report that has one of each prints it.
    report = BuildReport(
        Path("public"), held=[HeldVersion("a", "sv", "below 80%")],
        incomplete=[("a", "fr", 2, "")], drafts=["b"],
        embargoed=[("c", datetime(2022, 2, 9, 9, tzinfo=UTC))],
    )  # fmt: skip
    items = build_json(report, "public")
    for key in ("held", "incomplete", "embargoed"):
        assert items[key][0].keys() == shown[key][0].keys(), key
