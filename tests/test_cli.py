"""The command line: help, exit codes, one-line errors, the installed script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from i18n_news.cli import cli

from .conftest import DATA

COMMANDS = ["init", "new", "extract", "update", "status", "build", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"i18n-news {command}" in result.output


def test_errors_are_one_line_with_exit_code_1(
    make_newsroom: Callable[..., Path], run: Callable[..., object]
) -> None:
    root = make_newsroom({"content/bad.md": "---\ntitle: [unclosed\n---\n"})
    result = run(root, "extract")
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert result.output.startswith("error: content/bad.md:2: front matter is not valid YAML")
    assert "Traceback" not in result.output
    assert not (root / "locales").exists()


def test_debug_shows_the_traceback(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom({"content/bad.md": "no front matter"})
    result = CliRunner().invoke(cli, ["--debug", "-C", str(root), "build"])
    assert result.exit_code == 1
    assert "Traceback" in result.output


def test_outside_a_newsroom(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 1
    assert "no i18n-news.toml here or in any parent folder" in result.output
    # A folder that is not there is a wrong command line.
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "nowhere"), "status"])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_init_creates_a_newsroom_that_builds_at_once(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "fresh"
    result = runner.invoke(
        cli, ["init", str(target), "--name", "Fresh News", "--timezone", "Europe/Stockholm"]
    )
    assert result.exit_code == 0, result.output
    assert (target / "templates/base.html").is_file()
    assert list((target / "locales/sv/LC_MESSAGES/releases").glob("*.po"))
    result = runner.invoke(cli, ["-C", str(target), "build"])
    assert result.exit_code == 0, result.output
    assert len(list((target / "public").glob("*/*/index.html"))) == 3
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 2 and "already exists" in again.output


@pytest.mark.parametrize("zone", ["Pacific/Pago_Pago", "Pacific/Kiritimati"])
def test_init_dates_the_example_release_today_where_the_newsroom_is(
    tmp_path: Path, zone: str
) -> None:
    """UTC-11 and UTC+14: at any hour, the example is not "in the future" and builds."""
    runner = CliRunner()
    target = tmp_path / "fresh"
    assert runner.invoke(cli, ["init", str(target), "--timezone", zone]).exit_code == 0
    (release,) = (target / "content").rglob("*.md")
    today = datetime.now(ZoneInfo(zone)).date().isoformat()
    assert f"date: {today}" in release.read_text()
    result = runner.invoke(cli, ["-C", str(target), "build"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("mila-news", "Mila news"),
        ("mila's_news", "Mila's news"),
        ("iNews-AB", "iNews AB"),
        ("salle-de-presse-éàü", "Salle de presse éàü"),
    ],
)
def test_init_names_a_newsroom_after_its_folder_as_written(
    tmp_path: Path, folder: str, name: str
) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / folder)])
    assert result.exit_code == 0, result.output
    assert f"name = {json.dumps(name, ensure_ascii=False)}" in (
        tmp_path / folder / "i18n-news.toml"
    ).read_text(encoding="utf-8")
    empty = CliRunner().invoke(cli, ["init", str(tmp_path / "other"), "--name", " "])
    assert empty.exit_code == 2 and "the newsroom's name must not be empty" in empty.output
    assert not (tmp_path / "other").exists()


def test_init_refuses_bad_options_without_writing(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--timezone", "Nowhere/City"])
    assert result.exit_code == 2
    assert "'newsroom.timezone' 'Nowhere/City' is not a known time zone" in result.output
    assert "i18n-news.toml" not in result.output  # an option, not a file, is wrong
    assert not (tmp_path / "x").exists()


def test_new_fills_in_the_front_matter(
    make_newsroom: Callable[..., Path], run: Callable[..., object]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    result = run(
        root, "new", "Mila welcomes 50 new researchers", "--date", "2024-05-01", "--tag", "talent"
    )
    assert result.exit_code == 0, result.output
    path = root / "content/2024/mila-welcomes-50-new-researchers.md"
    assert result.output.splitlines()[0] == "content/2024/mila-welcomes-50-new-researchers.md"
    text = path.read_text()
    assert 'title: "Mila welcomes 50 new researchers"' in text
    assert (
        "date: 2024-05-01" in text and 'dateline: "Montreal"' in text and "tags: [talent]" in text
    )
    # A draft: its placeholder text stays off the site until its writer says it is ready.
    assert "draft: true" in text and "remove 'draft: true'" in result.output
    assert run(root, "extract").exit_code == 0
    built = run(root, "build")
    assert "draft mila-welcomes-50-new-researchers: not built" in built.output
    assert not (root / "public/en/mila-welcomes-50-new-researchers").exists()
    path.write_text(text.replace("draft: true\n", ""))
    assert run(root, "build").exit_code == 0
    assert (root / "public/en/mila-welcomes-50-new-researchers/index.html").is_file()
    duplicate = run(root, "new", "Mila welcomes 50 new researchers", "--date", "2024-05-01")
    assert duplicate.exit_code == 1


def test_the_first_release_makes_the_content_folder(
    make_newsroom: Callable[..., Path], run: Callable[..., object]
) -> None:
    root = make_newsroom()
    (root / "content").rmdir()
    result = run(root, "new", "A first release", "--date", "2024-05-01")
    assert result.exit_code == 0, result.output
    assert (root / "content/2024/a-first-release.md").is_file()


def test_init_keeps_the_files_a_folder_has(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/base.html").write_text("MINE")
    (tmp_path / ".gitignore").write_text("/build/\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "templates/base.html").read_text() == "MINE"
    assert (tmp_path / ".gitignore").read_text() == "/build/\n"
    assert "kept as it was: templates/base.html" in result.output
    assert (tmp_path / "templates/release.html").is_file()  # the others are written


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["", "--date", "2024-05-01"], "a release needs a title"),
        (["A title", "--slug", "Bad Slug"], "'Bad Slug' is not a slug"),
        (["A title", "--slug", "../../escape"], "'../../escape' is not a slug"),
        (["A title", "--tag", "!!!"], "'!!!' has no letter or digit"),
        # A tag of the newsroom written another way would share its page: the build refuses it.
        (
            ["A title", "--tag", "Research"],
            "--tag 'Research' would have the page of tag 'research' (tags/research/): "
            "write it 'research', or name it apart",
        ),
        (["A title", "--tag", "Big News", "--tag", "big-news"], "--tag 'big-news' would have"),
    ],
)
def test_new_refuses_what_would_make_a_broken_release(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    arguments: list[str],
    message: str,
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})

    def files() -> list[Path]:  # the lock a command takes aside (git ignores it)
        return sorted(path for path in root.rglob("*") if path.name != ".i18n-news.lock")

    before = files()
    result = run(root, "new", *arguments)
    assert result.exit_code == 2 and message in result.output, result.output
    assert files() == before


def test_new_asks_for_a_slug_when_the_title_has_none_to_give(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    result = run(root, "new", "日本語のタイトル", "--date", "2024-05-01")
    assert result.exit_code == 2 and "give one with --slug" in result.output
    assert not (root / "content/2024").exists()
    result = run(
        root, "new", "日本語のタイトル", "--date", "2024-05-01", "--slug", "japanese-title"
    )
    assert result.exit_code == 0 and (root / "content/2024/japanese-title.md").is_file()


@pytest.mark.parametrize("tag", ["2026", "yes", "Off", "null", "1.5", "2026-11-03"])
def test_new_quotes_a_tag_yaml_would_read_as_something_else(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], tag: str
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    result = run(root, "new", "Good news", "--date", "2025-01-15", "--tag", tag, "--tag", "AI")
    assert result.exit_code == 0, result.output
    assert f'tags: ["{tag}", AI]' in (root / "content/2025/good-news.md").read_text()
    assert run(root, "extract").exit_code == 0
    assert f'msgid "{tag}"' in (root / "locales/templates/site.pot").read_text()


def test_new_embargoes_a_release_dated_in_the_future(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    result = run(root, "new", "Good news", "--date", "2099-01-15", "--tag", "c++ & more")
    assert result.exit_code == 0, result.output
    text = (root / "content/2099/good-news.md").read_text()
    assert "embargo: 2099-01-15T00:00:00-05:00" in text and 'tags: ["c++ & more"]' in text
    assert "embargoed until 2099-01-15T00:00:00-05:00" in result.output
    assert "'build --drafts --now 2099-01-15T00:00:00-05:00' previews it" in result.output
    assert "'serve' shows it" not in result.output  # a preview shows no embargoed release
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    # Ready, no longer a draft: still kept off the site until its embargo lifts.
    (root / "content/2099/good-news.md").write_text(text.replace("draft: true\n", ""))
    build = run(root, "build", "--json")
    assert build.exit_code == 0, build.output
    assert json.loads(build.output)["embargoed"][0]["slug"] == "good-news"


@pytest.mark.parametrize("command", ["status", "check", "update", "compile", "export"])
def test_a_language_the_newsroom_does_not_translate_into_is_a_wrong_command_line(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], command: str
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    for code, what in (("de", "not a language"), ("en", "the source language")):
        result = run(root, command, "--lang", code)
        assert result.exit_code == 2, result.output
        assert f"'{code}' is {what}: this newsroom translates into fr, sv" in result.output


def test_check_of_a_release_there_is_not_fails(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    result = run(root, "check", "--release", "joint-lab")
    assert result.exit_code in (0, 1) and "no release" not in result.output
    # A slug of no release is a wrong command line, as a language the newsroom lacks is.
    for command in (["check"], ["status"], ["export", "--lang", "fr"]):
        result = run(root, *command, "--release", "joint-lap")
        assert result.exit_code == 2, (command, result.output)
        assert "no release with slug 'joint-lap'" in result.output


def test_python_dash_m_and_the_installed_script(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    module = subprocess.run(
        [sys.executable, "-m", "i18n_news", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout.startswith("i18n-news, version ")
    script = Path(sys.executable).parent / "i18n-news"
    result = subprocess.run(
        [str(script), "build"], cwd=root / "content", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (root / "public/sv/joint-lab/index.html").is_file()
    # No terminal: no colour codes.
    assert "\x1b[" not in result.stdout + result.stderr


def test_the_command_exits_with_its_code_and_all_its_output(sample_newsroom: Path) -> None:
    """The command ends without tearing Python down: its output must still be complete."""

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "i18n_news", "-C", str(sample_newsroom), *args],
            capture_output=True, text=True,
        )  # fmt: skip

    status = command("status", "--json", "--now", "2026-01-01T00:00Z")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["schema"].startswith("i18n-news/status/")
    assert command("nosuchcommand").returncode == 2
    (sample_newsroom / "content/2022/broken.md").write_text("no front matter\n")
    build = command("build")
    assert build.returncode == 1
    assert build.stderr.startswith("error: content/2022/broken.md:1: ")
    # The newsroom's lock was released: the next command runs.
    (sample_newsroom / "content/2022/broken.md").unlink()
    assert command("build").returncode == 0


def test_two_commands_at_once_are_serialised(
    make_newsroom: Callable[..., Path], run: Callable[..., object]
) -> None:
    from i18n_news.lock import newsroom_lock

    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    with newsroom_lock(root):
        result = run(root, "extract")
        assert result.exit_code == 1
        assert result.output.startswith(
            f"error: .i18n-news.lock: another i18n-news command (pid {os.getpid()}) is working "
            "on this newsroom; try again when it has finished"
        ), result.output
        assert not (root / "locales").exists()
        # Reading is never blocked.
        assert run(root, "status").exit_code == 0
    assert run(root, "extract").exit_code == 0


def test_build_lists_a_few_incomplete_versions_and_json_lists_them_all(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    release = (DATA / "full-release.md").read_text()
    # Twelve releases no one has translated: 24 versions shown in English.
    root = make_newsroom({f"content/2023/release-{n:02d}.md": release for n in range(12)})
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    listed = [line for line in result.output.splitlines() if "message(s) shown in en" in line]
    assert len(listed) == 20
    assert "… and 4 more language version(s) with messages shown in en" in result.output
    result = run(root, "build", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["releases"] == 12 and report["published"] == {"en": 12, "fr": 12, "sv": 12}
    # Not the CSS, nor the releases' images.
    assert (
        report["pages"]
        == len([p for p in (root / "public").rglob("*.*") if p.suffix != ".jpg"]) - 1
    )
    incomplete = {(item["language"], item["slug"]) for item in report["incomplete"]}
    assert incomplete == {(code, f"release-{n:02d}") for code in ("fr", "sv") for n in range(12)}
    assert all(item["source_messages"] > 0 for item in report["incomplete"])
    assert report["held"] == [] and report["embargoed"] == [] and report["drafts"] == []


def test_status_shows_a_long_slug_whole_and_export_names_files_from_the_newsroom(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    slug = "a-much-longer-title-that-produces-a-very-long-slug-indeed"
    root = make_newsroom({f"content/2023/{slug}.md": (DATA / "full-release.md").read_text()})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    rows = [line.split() for line in run(root, "status").output.splitlines()]
    assert [row[:2] for row in rows if row[0] == slug] == [[slug, "fr"], [slug, "sv"]]
    exported = run(root, "export", "--lang", "fr", "-o", str(root / "to-agency"))
    assert f"wrote to-agency/fr/releases/{slug}.xlf" in exported.output


def test_build_says_how_many_interface_strings_it_shows_untranslated(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    site = sample_newsroom / "locales/sv/LC_MESSAGES/site.po"
    text = site.read_text()
    start = text.index('msgid "Skip to content"\nmsgstr "')
    end = text.index("\n", start + len('msgid "Skip to content"\n'))
    site.write_text(text[:start] + 'msgid "Skip to content"\nmsgstr ""' + text[end:])
    result = run(sample_newsroom, "build")
    assert result.exit_code == 0, result.output
    assert (
        "sv/(site interface): 1 string(s) untranslated "
        "(translate them in locales/sv/LC_MESSAGES/site.po)" in result.output
    )
    report = json.loads(run(sample_newsroom, "build", "--json").output)
    assert report["interface"] == {"sv": 1}
    # A language with no site catalog yet shows every string in English, and says so.
    site.unlink()
    strings = run(sample_newsroom, "status", "--json", "--lang", "sv")
    wanted = json.loads(strings.output)["site"]["sv"]["messages"]["untranslated"]
    report = json.loads(run(sample_newsroom, "build", "--json").output)
    assert report["interface"] == {"sv": wanted} and wanted > 10


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX's")
def test_status_is_coloured_on_a_terminal_only(sample_newsroom: Path) -> None:
    import os
    import pty

    command = [sys.executable, "-m", "i18n_news", "-C", str(sample_newsroom), "status"]
    plain = subprocess.run(command, capture_output=True, text=True)
    assert plain.returncode == 0 and "\x1b[" not in plain.stdout
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the command
                break
            if not chunk:
                break
            shown += chunk
    os.close(leader)
    assert process.returncode == 0
    lines = shown.decode().replace("\r\n", "\n").splitlines()
    # The header bold, each version's line coloured by how complete it is, the same text
    assert lines[0].startswith("\x1b[1m") and "\x1b[32m" in shown.decode()
    assert [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines] == plain.stdout.splitlines()


def test_init_a_newsroom_writing_in_one_of_the_default_target_languages(tmp_path: Path) -> None:
    """French as the source: English takes its place among the default targets."""
    runner = CliRunner()
    target = tmp_path / "nouvelles"
    result = runner.invoke(cli, ["init", str(target), "--source", "fr"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    config = (target / "i18n-news.toml").read_text()
    assert 'source_language = "fr"' in config and 'target_languages = ["en", "sv"]' in config
    result = runner.invoke(cli, ["-C", str(target), "build"])
    assert result.exit_code == 0, result.output
    assert (target / "public/en/newsroom-opens/index.html").is_file()
    assert (target / "public/sv/newsroom-opens/index.html").is_file()
    # The example release is written in French, its English and Swedish versions (not
    # translated yet) show it so.
    page = BeautifulSoup((target / "public/fr/newsroom-opens/index.html").read_text(), "html5lib")
    assert page.h1.get_text() == "Nouvelles ouvre sa salle de presse multilingue"
    assert page.find(class_="body").p.get_text().startswith("MONTRÉAL")
    english = BeautifulSoup(
        (target / "public/en/newsroom-opens/index.html").read_text(), "html5lib"
    )
    assert english.h1["lang"] == "fr-CA" and english.h1.get_text() == page.h1.get_text()
    result = runner.invoke(cli, ["-C", str(target), "check"])
    assert result.exit_code == 0, result.output


def test_init_refuses_a_folder_of_another_newsrooms_own(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    """In content/, the example release would be a release of that newsroom."""
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    result = CliRunner().invoke(cli, ["init", str(root / "content/sub")])
    assert result.exit_code == 2
    assert f"this folder is in the content/ folder of the newsroom at {root}" in result.output
    assert not (root / "content/sub").exists()
    assert [r["slug"] for r in json.loads(run(root, "status", "--json").stdout)["releases"]] == [
        "joint-lab"
    ]


def test_init_takes_a_target_language_given_twice_once(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["init", str(tmp_path / "n"), "--target", "fr", "--target", "fr"]
    )
    assert result.exit_code == 0, result.output
    assert 'target_languages = ["fr"]' in (tmp_path / "n/i18n-news.toml").read_text()


@pytest.mark.parametrize(
    "arguments",
    [["--target", "en"], ["--source", "sv", "--target", "de", "--target", "sv"]],
)
def test_init_refuses_a_target_that_is_the_source_without_writing(
    tmp_path: Path, arguments: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "n"), *arguments])
    assert result.exit_code == 2, result.output
    source = "sv" if "sv" in arguments else "en"
    assert f"Invalid value for '--target': {source!r} is the source language" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "n").exists()


@pytest.mark.parametrize(
    ("change", "written", "message"),
    [
        ('\n[memroy]\nexact = "fuzzy"\n', "[memroy]", "unknown table or key 'memroy'"),
        (
            '\n[languages.fr.url]\n"https://a.example/" = "https://b.example/"\n',
            "[languages.fr.url]",
            "unknown key 'languages.fr.url'",
        ),
        (
            (
                'locale = "fr_CA"',
                'locale = "fr_CA"\nurl."https://a.example/" = "https://b.example/"',
            ),
            'url."https://a.example/" = "https://b.example/"',
            "unknown key 'languages.fr.url'",
        ),
        (("[newsroom]", "[newsroom]\ntitel = 'x'"), "titel = 'x'", "unknown key 'newsroom.titel'"),
    ],
)
def test_a_misspelt_table_or_key_is_named_at_its_line(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    change: str | tuple[str, str],
    written: str,
    message: str,
) -> None:
    from .conftest import CONFIG

    config = CONFIG + change if isinstance(change, str) else CONFIG.replace(*change)
    root = make_newsroom(config=config)
    line = config.splitlines().index(written) + 1
    result = run(root, "status")
    assert result.exit_code == 1
    assert result.output.startswith(f"error: i18n-news.toml:{line}: {message}"), result.output


def test_a_configuration_saved_with_a_byte_order_mark_is_read(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    from .conftest import CONFIG

    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    (root / "i18n-news.toml").write_bytes(b"\xef\xbb\xbf" + CONFIG.encode())
    result = run(root, "status")
    assert result.exit_code == 0, result.output
    # A mistake after it is still named at its line.
    (root / "i18n-news.toml").write_bytes(
        b"\xef\xbb\xbf" + CONFIG.replace("sv_SE", "xx_YY").encode()
    )
    result = run(root, "status")
    line = CONFIG.splitlines().index('locale = "sv_SE"') + 1
    assert result.output.startswith(f"error: i18n-news.toml:{line}: 'languages.sv.locale'")


def test_a_template_that_is_not_utf8_is_named(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    from i18n_news.theme import THEME_DIR

    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    footer = THEME_DIR / "templates/partials/footer.html"
    text = footer.read_bytes()
    (root / "templates/partials").mkdir(parents=True)
    (root / "templates/partials/footer.html").write_bytes(text + b"\xe9t\xe9\n")
    line = text.count(b"\n") + 1
    for command in ("build", "extract"):  # named alike, at the line of the wrong byte
        result = run(root, command)
        assert result.exit_code == 1
        assert result.output == (
            f"error: templates/partials/footer.html:{line}: not valid UTF-8: byte 0xE9 "
            "(invalid continuation byte); save the file as UTF-8\n"
        ), result.output
    assert not (root / "public").exists() and not (root / "locales").exists()


def test_build_and_status_at_an_earlier_moment_leave_out_later_releases(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    """The example of 'build --help' and the editors' guide: the site as it was then."""
    moment = "2022-02-09T09:00-05:00"
    later = "nordic-quebec-ai-health-workshop"
    result = run(sample_newsroom, "build", "--drafts", "--now", moment)
    assert result.exit_code == 0, result.output
    assert f"embargoed {later} until 2022-10-03T00:00:00-04:00" in result.output
    assert not (sample_newsroom / f"public/en/{later}").exists()
    assert (sample_newsroom / "public/en/mila-ai-sweden-partnership/index.html").is_file()
    assert later not in (sample_newsroom / "public/en/feed.xml").read_text()
    result = run(sample_newsroom, "status", "--now", moment)
    assert result.exit_code == 0, result.output
    # Built now, it is there.
    assert run(sample_newsroom, "build").exit_code == 0
    assert (sample_newsroom / f"public/en/{later}/index.html").is_file()


def test_a_release_dated_after_today_is_refused_at_any_moment(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    """A mistyped year is caught, even in a build of the site as it was, or as it will be
    (which would publish it: it has no embargo to be scheduled by)."""
    text = (DATA / "full-release.md").read_text()
    root = make_newsroom({"content/2023/joint-lab.md": re.sub(r"date: \d{4}", "date: 2099", text)})
    for moment in ("2022-02-09T09:00-05:00", "2100-01-01T00:00Z"):
        result = run(root, "build", "--now", moment)
        assert result.exit_code == 1
        assert "content/2023/joint-lab.md:3: the date 2099-" in result.output
    assert not (root / "public").exists()


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "i18n_news", *args]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="a full device: Linux's /dev/full")
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(sample_newsroom: Path) -> None:
    import os

    for args in (["--help"], ["--version"], ["-C", str(sample_newsroom), "status"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run(_command(*args), stdout=full, stderr=subprocess.PIPE, text=True)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("error: ") and "No space left" in result.stderr
    # Standard output closed by the caller (">&-").
    closed = subprocess.run(
        _command("-C", str(sample_newsroom), "status"), stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert "Traceback" not in closed.stderr and closed.stderr.count("\n") <= 1, closed.stderr


#: Ctrl-C pressed while a module is imported: the signal, sent when Python looks for it.
INTERRUPTED_IMPORT = """
import os, signal, sys

module = sys.argv.pop(1)

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == module:
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
from i18n_news.cli import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("module", "said"),
    [
        ("click", ""),  # the first modules the command line imports
        ("babel.core", ""),
        ("i18n_news.status", ""),
        ("i18n_news.report", "interrupted: nothing was left half-written"),  # the command's own
    ],
)
def test_ctrl_c_at_any_moment_is_quiet(
    make_newsroom: Callable[..., Path], module: str, said: str
) -> None:
    import signal

    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IMPORT, module, "-C", str(root), "status"],
        capture_output=True, text=True,
        # As started from a terminal (where tests run in the background, Ctrl-C is ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert result.stderr.strip() == said and result.stdout == ""
    # Ended by the signal, as a program that has not started its work is (the shell shows
    # 130), or with 130 once the command has started.
    assert result.returncode == (130 if said else -signal.SIGINT)


#: A colour or another graphic rendition (a progress bar's hiding of the cursor is none).
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX's")
def test_no_color_turns_the_colours_off(sample_newsroom: Path) -> None:
    import os
    import pty

    def on_a_terminal(*args: str, **env: str) -> str:
        leader, follower = pty.openpty()
        command = _command("-C", str(sample_newsroom), *args)
        with subprocess.Popen(command, stdout=follower, stderr=follower, env={**os.environ, **env}):
            os.close(follower)
            shown = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
        os.close(leader)
        return shown.decode()

    (sample_newsroom / "content/2022/broken.md").write_text("no front matter\n")
    assert COLOUR.search(on_a_terminal("status"))  # an error, red
    (sample_newsroom / "content/2022/broken.md").unlink()
    assert COLOUR.search(on_a_terminal("status"))
    for args in (["status"], ["check"], ["status", "--lang", "de"]):
        assert not COLOUR.search(on_a_terminal(*args, NO_COLOR="1")), args
    (sample_newsroom / "content/2022/broken.md").write_text("no front matter\n")
    assert not COLOUR.search(on_a_terminal("status", NO_COLOR="1"))
    # An empty NO_COLOR is not set (https://no-color.org).
    assert COLOUR.search(on_a_terminal("status", NO_COLOR=""))


def test_no_color_in_process(sample_newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    (sample_newsroom / "content/2022/broken.md").write_text("no front matter\n")
    result = CliRunner().invoke(cli, ["-C", str(sample_newsroom), "build"], color=True)
    assert result.exit_code == 1 and not COLOUR.search(result.output), result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["build"], 0),
        (["check", "--format", "json"], None),
        (["status"], 0),
        (["check", "--list"], 0),
    ],
)
def test_a_reader_that_goes_away_is_no_error(
    sample_newsroom: Path, args: list[str], code: int | None
) -> None:
    """'i18n-news check | head -1': the rest of the output is not shown, and the command
    exits as it would have (quiet, with its own code)."""
    if code is None:  # check's own verdict
        code = subprocess.run(
            _command("-C", str(sample_newsroom), *args), capture_output=True
        ).returncode
    for _ in range(2):  # the second build changes nothing
        process = subprocess.Popen(
            _command("-C", str(sample_newsroom), *args),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert process.stdout is not None
        process.stdout.close()  # the reader is gone before the first line
        _, errors = process.communicate()
        assert not any(line.startswith("error") for line in errors.splitlines()), errors
        assert "Traceback" not in errors and "Broken pipe" not in errors, errors
        assert process.returncode == code, errors
