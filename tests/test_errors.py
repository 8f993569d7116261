"""Bad input gets one clear line and a non-zero exit, and nothing on disk changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news.cache import CACHE_DIR

from .conftest import DATA, replace_in

RELEASE = (DATA / "full-release.md").read_text()


def tree(root: Path) -> dict[str, bytes]:
    """Every file of the newsroom but its cache (content-addressed, safe to delete)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and CACHE_DIR not in p.parts
    }


@pytest.fixture
def newsroom(make_newsroom: Callable[..., Path], run: Callable[..., Result]) -> Path:
    root = make_newsroom({"content/2023/joint-lab.md": RELEASE})
    for command in ("extract", "update", "build"):
        assert run(root, command).exit_code == 0
    return root


def fails(run: Callable[..., Result], root: Path, command: list[str], message: str) -> None:
    """The command exits 1 with one line starting with ``message`` and changes nothing."""
    before = tree(root)
    result = run(root, *command)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: " + message), lines[0]
    assert "Traceback" not in result.output
    assert tree(root) == before


def finds(run: Callable[..., Result], root: Path, message: str) -> None:
    """``check`` lists ``message`` (``path:line: text``) among its findings, as a release's
    error, exits 1, and changes nothing."""
    before = tree(root)
    result = run(root, "check")
    assert result.exit_code == 1, result.output
    located, _, text = message.partition(": ")
    assert any(
        line.startswith(f"{located}: [release] {text}") for line in result.stdout.splitlines()
    ), result.output
    assert tree(root) == before


PO = "locales/fr/LC_MESSAGES/releases/joint-lab.po"


def corrupt(root: Path, path: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in a file; return the line where ``new`` starts."""
    file = root / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))
    return text.split(old)[0].count("\n") + 1


@pytest.mark.parametrize(
    ("command", "edit", "message"),
    [
        (
            ["update"],
            ('msgid "Montreal"\nmsgstr ""', 'msgid "Montreal"\nmsgstr "open'),
            "unterminated string",
        ),
        (
            ["build"],
            ('msgid "Montreal"\nmsgstr ""', 'msgid "Montreal"\nmsgstr "\\q"'),
            "invalid escape sequence '\\q'",
        ),
        (
            ["status"],
            ('msgid "Montreal"\nmsgstr ""', 'msgid "Montreal"\nmsgstring ""'),
            "unknown keyword 'msgstring'",
        ),
    ],
)
def test_broken_catalogs(newsroom: Path, run: Callable[..., Result], command: list[str],
                         edit: tuple[str, str], message: str) -> None:  # fmt: skip
    line = corrupt(newsroom, PO, *edit) + 1  # the msgstr line
    fails(run, newsroom, command, f"{PO}:{line}: {message}")


def test_duplicate_messages(newsroom: Path, run: Callable[..., Result]) -> None:
    first = corrupt(newsroom, PO, 'msgid "Montreal"', 'msgid "Two programmes"')
    lines = (newsroom / PO).read_text().split("\n")
    second = [n for n, text in enumerate(lines, 1) if text == 'msgid "Two programmes"'][1]
    fails(
        run,
        newsroom,
        ["status"],
        f"{PO}:{second}: duplicate message definition (first defined at line {first})",
    )


def test_wrong_charset(newsroom: Path, run: Callable[..., Result]) -> None:
    line = corrupt(newsroom, PO, "charset=UTF-8", "charset=ISO-8859-1")
    fails(
        run,
        newsroom,
        ["update"],
        f"{PO}:{line}: charset 'ISO-8859-1' in Content-Type: catalogs must be UTF-8",
    )


def test_missing_charset(newsroom: Path, run: Callable[..., Result]) -> None:
    line = corrupt(newsroom, PO, "text/plain; charset=UTF-8", "text/plain")
    fails(
        run,
        newsroom,
        ["status"],
        f"{PO}:{line}: no charset in the header's Content-Type 'text/plain'",
    )


def test_missing_header(newsroom: Path, run: Callable[..., Result]) -> None:
    text = (newsroom / PO).read_text()
    header, rest = text.split("\n\n", 1)
    assert 'msgid ""' in header
    (newsroom / PO).write_text(rest)
    lines = rest.split("\n")
    first = next(n for n, line in enumerate(lines, 1) if line.startswith("msgid"))
    fails(
        run, newsroom, ["build"], f'{PO}:{first}: no header entry (msgid "") declaring the charset'
    )


def test_bad_placeholder_in_the_site_catalog(newsroom: Path, run: Callable[..., Result]) -> None:
    site = "locales/fr/LC_MESSAGES/site.po"
    corrupt(
        newsroom,
        site,
        'msgstr[0] "%(num)d communiqué de presse"\nmsgstr[1] "%(num)d communiqués de presse"',
        'msgstr[0] "%(n)d communiqué"\nmsgstr[1] "%(n)d communiqués"',
    )
    fails(run, newsroom, ["build"], f"{site}:")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("title: Mila", "title: [Mila"), "content/2023/joint-lab.md:"),
        (
            ("title: Mila and AI Sweden open a joint *applied AI* lab\n", ""),
            "content/2023/joint-lab.md:2: front matter lacks 'title'",
        ),
        (
            ("date: 2023-03-01", "date: March 1st"),
            "content/2023/joint-lab.md:3: 'March 1st' is not a date",
        ),
        (("date: 2023-03-01", "date:"), "content/2023/joint-lab.md:3: 'date' is empty"),
        (
            ("title: Mila and AI Sweden open a joint *applied AI* lab\n", 'title: ""\n'),
            "content/2023/joint-lab.md:2: 'title' is empty",
        ),
        (
            ("tags: [partnerships, research]", "tags: [partnerships]\nlanguage: de"),
            "content/2023/joint-lab.md:7: unknown front matter key 'language'",
        ),
        (("---\ntitle", "title"), "content/2023/joint-lab.md:1: a release must start with '---'"),
    ],
)
def test_bad_front_matter(
    newsroom: Path, run: Callable[..., Result], edit: tuple[str, str], message: str
) -> None:
    corrupt(newsroom, "content/2023/joint-lab.md", *edit)
    for command in (["extract"], ["build"], ["status"]):
        fails(run, newsroom, command, message)


def test_duplicate_slugs(newsroom: Path, run: Callable[..., Result]) -> None:
    (newsroom / "content/2024").mkdir()
    (newsroom / "content/2024/joint-lab.md").write_text(RELEASE)
    fails(run, newsroom, ["extract"], "content/2024/joint-lab.md:1: duplicate slug 'joint-lab'")
    # One given by 'slug:' is named at that line.
    (newsroom / "content/2024/joint-lab.md").unlink()
    other = RELEASE.replace("title: Mila", "slug: joint-lab\ntitle: Mila")
    (newsroom / "content/2024/another-lab.md").write_text(other)
    fails(run, newsroom, ["extract"], "content/2024/another-lab.md:2: duplicate slug 'joint-lab'")


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (
            "[Research]",
            "content/2024/other.md:7: tag 'Research' would have the page of tag 'research' "
            "of content/2023/joint-lab.md (tags/research/)",
        ),
        ("[研究]", "content/2024/other.md:7: tag '研究' has no letter"),
    ],
)
def test_a_tag_whose_page_is_another_tags_is_an_error(
    newsroom: Path, run: Callable[..., Result], tags: str, message: str
) -> None:
    other = RELEASE.replace("tags: [partnerships, research]", f"tags: {tags}")
    (newsroom / "content/2024").mkdir()
    (newsroom / "content/2024/other.md").write_text(other.replace("title:", "slug: other\ntitle:"))
    # A release of its own: its catalogs are made, then the build refuses its tags, and so
    # do the editors' commands, which would otherwise say it ships.
    for command in ("extract", "update"):
        assert run(newsroom, command).exit_code == 0
    for command in (["build"], ["status"]):
        fails(run, newsroom, command, message)
    finds(run, newsroom, message)
    # Unless it is a draft, which the build leaves out.
    draft = newsroom / "content/2024/other.md"
    replace_in(draft, "title:", "draft: true\ntitle:", 1)
    for command in ("build", "status", "check"):
        assert run(newsroom, command).exit_code == 0, command


def test_a_release_dated_in_the_future_without_embargo_is_an_error_for_editors_too(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    corrupt(newsroom, "content/2023/joint-lab.md", "date: 2023-03-01", "date: 2999-03-01")
    message = "content/2023/joint-lab.md:3: the date 2999-03-01 is in the future"
    for command in (["build"], ["status"]):
        fails(run, newsroom, command, message)
    finds(run, newsroom, message)


def test_a_missing_image_is_an_error_for_editors_too(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    release = newsroom / "content/2023/joint-lab.md"
    line = release.read_text().split("![")[0].count("\n") + 1
    (newsroom / "content/2023/images/lab.jpg").unlink()
    message = (
        f"content/2023/joint-lab.md:{line}: image 'images/lab.jpg' is not there: "
        "no file content/2023/images/lab.jpg"
    )
    for command in (["build"], ["status"]):
        fails(run, newsroom, command, message)
    finds(run, newsroom, message)
    # A draft's images are checked when it is published, as the build checks them.
    replace_in(release, "title:", "draft: true\ntitle:", 1)
    for command in ("build", "status", "check"):
        assert run(newsroom, command).exit_code == 0, command


def test_check_lists_every_release_a_build_would_refuse_in_one_run(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    # A build stops at the first; an editor's check lists them all, with the catalogs' own.
    (newsroom / "content/2024").mkdir()
    other = RELEASE.replace("title:", "slug: other\ntitle:")
    (newsroom / "content/2024/other.md").write_text(other)  # its image is not beside it
    assert run(newsroom, "extract").exit_code == 0 and run(newsroom, "update").exit_code == 0
    (newsroom / "content/2023/images/lab.jpg").unlink()
    result = run(newsroom, "check")
    assert result.exit_code == 1
    refused = [
        line.split(": [release] ")[0] for line in result.stdout.splitlines() if "[release]" in line
    ]
    line = RELEASE.split("![")[0].count("\n") + 1
    assert sorted(refused) == [
        f"content/2023/joint-lab.md:{line}",
        f"content/2024/other.md:{line + 1}",
    ]


def test_bad_config(newsroom: Path, run: Callable[..., Result]) -> None:
    config = newsroom / "i18n-news.toml"
    replace_in(config, 'target_languages = ["fr", "sv"]', 'target_languages = ["fr", "xx-YY!"]')
    fails(
        run,
        newsroom,
        ["build"],
        "i18n-news.toml:7: 'newsroom.target_languages': 'xx-YY!' is not a language code",
    )


def test_missing_template(newsroom: Path, run: Callable[..., Result]) -> None:
    (newsroom / "templates").mkdir()
    (newsroom / "templates/index.html").write_text('{% extends "nope.html" %}\n')
    fails(run, newsroom, ["build"], "templates/index.html:1: template 'nope.html' not found")


def change_every_page(root: Path) -> None:
    """Override a template, so that the next build renders every page again, slowly enough
    (a loop that shows nothing) to be stopped while it renders, however fast the machine."""
    footer = root / "templates/partials/footer.html"
    footer.parent.mkdir(parents=True, exist_ok=True)
    footer.write_text(
        "{% for _ in range(100000) %}{% endfor %}"
        '<footer class="site-footer"><p>changed footer</p></footer>\n'
    )


def test_a_killed_build_leaves_the_previous_site(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    files = {
        f"content/r{n:03d}.md": RELEASE.replace(
            "2023-03-01", f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}"
        )
        for n in range(150)
    }
    root = make_newsroom(files)
    assert run(root, "build").exit_code == 0
    before = tree(root / "public")
    change_every_page(root)
    process = subprocess.Popen([sys.executable, "-m", "i18n_news", "-C", str(root), "build"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(root.glob(".public.building-*/*/r*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(root / "public") == before
    # The next build cleans up what the killed one left behind.
    assert run(root, "build").exit_code == 0
    assert not list(root.glob(".public.*"))
    assert "changed footer" in (root / "public/en/r001/index.html").read_text()


def test_ctrl_c_during_build_leaves_the_previous_site(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    files = {
        f"content/r{n:03d}.md": RELEASE.replace(
            "2023-03-01", f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}"
        )
        for n in range(150)
    }
    root = make_newsroom(files)
    assert run(root, "build").exit_code == 0
    before = tree(root / "public")
    change_every_page(root)
    # As from a terminal: Ctrl-C is not ignored (a shell's background jobs inherit it ignored).
    process = subprocess.Popen([sys.executable, "-m", "i18n_news", "-C", str(root), "build"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(root.glob(".public.building-*/*/r*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert tree(root / "public") == before
    assert not list(root.glob(".public.*"))


def test_a_file_the_system_refuses_is_one_line_naming_it(
    newsroom: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read-only site, a full disk: what the system says, of the file, on one line (the
    # tests may run as root, whom permissions do not stop: the system's refusal is made).
    import errno

    from i18n_news import site

    page = newsroom / "public/en/joint-lab/index.html"

    def refused(path: Path, data: bytes) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(page))

    monkeypatch.setattr(site, "write_if_changed", refused)
    source = newsroom / "content/2023/joint-lab.md"
    replace_in(source, "Two programmes", "Three programmes")
    result = run(newsroom, "build")
    assert result.exit_code == 1
    assert result.output == "error: public/en/joint-lab/index.html: Permission denied\n"
