"""Files are listed as ``pathlib`` lists them, in the order paths sort."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from i18n_news.config import load_config
from i18n_news.errors import ContentError
from i18n_news.layout import (
    NOT_OWN,
    SITE,
    catalog_files,
    catalog_name,
    catalog_names,
    content_files,
    file_names_under,
    files_and_others_under,
    files_under,
    release_catalog_names,
    release_catalogs_folder,
    release_domain,
    release_of_catalog,
    release_templates_folder,
    template_name,
    template_path,
)

from .conftest import CONFIG
from .system_tools import as_unprivileged


def rglob_listing(folder: Path, suffix: str) -> list[Path]:
    return sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file())


def test_files_are_listed_as_pathlib_lists_them(tmp_path: Path) -> None:
    root = tmp_path / "content"
    for name in [
        "2022/b.md", "2022/a.md", "2022/notes.txt", "2022-old/a.md", "a/x.md", "a-b/x.md",
        "top.md", ".hidden/h.md", "deep/er/than/that.md", "UPPER.MD", "é/ü.md",
    ]:  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    (root / "folder.md").mkdir()  # a folder, not a file
    os.symlink(root / "2022", root / "linked")  # a link to a folder: not followed
    os.symlink(root / "gone.md", root / "broken.md")  # a link to nothing: not a file
    os.symlink(root / "top.md", root / "alias.md")  # a link to a file: a file
    listed = files_under(root, ".md")
    assert listed == rglob_listing(root, ".md")
    # The same, as strings (for commands that need no path objects).
    assert file_names_under(root, ".md") == [str(path) for path in listed]
    assert root / "a/x.md" in listed and root / "folder.md" not in listed
    assert [p.relative_to(root).as_posix() for p in listed][:3] == [
        ".hidden/h.md",
        "2022/a.md",
        "2022/b.md",
    ]


def test_a_missing_folder_has_no_files(tmp_path: Path) -> None:
    # A folder of catalogs or templates, which a newsroom may not have yet (not content/).
    assert files_under(tmp_path / "nothing", ".po") == []
    assert file_names_under(tmp_path / "nothing", ".po") == []
    (tmp_path / "file.po").write_text("")
    assert files_under(tmp_path / "file.po", ".po") == []  # a file is no folder


def _write(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")


def _relative(folder: Path, paths: list[Path]) -> list[str]:
    return [path.relative_to(folder).as_posix() for path in paths]


def test_the_content_walk_leaves_hidden_files_out_and_follows_links_in_the_newsroom(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    _write(tmp_path, [
        "content/2022/a.md", "content/2022/images/lab.jpg", "content/top.md",
        # macOS' resource forks, an editor's lock, a trash, a hidden folder's images.
        "content/2022/._a.md", "content/2022/.#a.md", "content/.trash/old-copy.md",
        "content/2022/.drafts/images/x.jpg", "content/2022/images/.DS_Store",
        # A year moved out of content/, linked back into it.
        "archive/2021/c.md", "archive/2021/images/c.jpg",
    ])  # fmt: skip
    os.symlink("../archive/2021", content / "2021")
    os.symlink("2022/a.md", content / "alias.md")  # a link to a file: a file
    os.symlink("../../content/2022/images/lab.jpg", content / "2021/lab.jpg")
    listed = content_files(content, ".md")
    assert _relative(content, listed) == ["2021/c.md", "2022/a.md", "alias.md", "top.md"]
    sources, others = files_and_others_under(content, ".md")
    assert sources == listed
    assert _relative(content, others) == [
        "2021/images/c.jpg", "2021/lab.jpg", "2022/images/lab.jpg",
    ]  # fmt: skip


def _link(target: str, link: str) -> Callable[[Path, Path], None]:
    """Make the link ``link`` of a newsroom to ``target``, which may name the folder
    ``{outside}`` the newsroom."""

    def make(root: Path, outside: Path) -> None:
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(outside=outside), root / link)

    return make


def _no_content(root: Path, outside: Path) -> None:
    (root / "content").rename(root / "old-content")


def _content_file(root: Path, outside: Path) -> None:
    _no_content(root, outside)
    (root / "content").write_text("")


def _content_link(root: Path, outside: Path) -> None:
    _no_content(root, outside)
    os.symlink(outside, root / "content")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            _no_content,
            "content: no such folder: the newsroom's releases go in it ('i18n-news init' makes it)",
        ),
        (_content_file, "content: not a folder: the newsroom's releases go in a folder"),
        (
            _link("gone.md", "content/2022/a.md"),
            "content/2022/a.md: a link to {root}/content/2022/gone.md, which is not there",
        ),
        (
            _link("../archive/2022", "content/2022"),  # the folder moved, its link not
            "content/2022: a link to {root}/archive/2022, which is not there",
        ),
        (
            _link("b.md", "content/2022/b.md"),
            "content/2022/b.md: Too many levels of symbolic links",
        ),
        (
            _link("..", "content/2022/all"),
            "content/2022/all: a link to content, a folder it is in (a loop)",
        ),
        (
            _link("../../2022", "content/2022/again/more"),
            "content/2022/again/more: a link to content/2022, a folder it is in (a loop)",
        ),
        (_link("{outside}", "content/2022"), "content/2022: a link to {outside}, " + NOT_OWN),
        (
            _link("{outside}/a.md", "content/a.md"),
            "content/a.md: a link to {outside}/a.md, " + NOT_OWN,
        ),
        (_content_link, "content: a link to {outside}, " + NOT_OWN),
        (_link("..", "content/all"), "content/all: a link to {root}, " + NOT_OWN),
        (_link("../.git", "content/git"), "content/git: a link to {root}/.git, " + NOT_OWN),
        (
            _link(".trash", "content/trash"),
            "content/trash: a link to {root}/content/.trash, " + NOT_OWN,
        ),
    ],
)
def test_a_content_folder_that_would_hide_releases_or_show_others_is_an_error_naming_it(
    tmp_path: Path, make: Callable[[Path, Path], None], expected: str
) -> None:
    root, outside = (Path(os.path.realpath(tmp_path / name)) for name in ("newsroom", "outside"))
    _write(outside, ["a.md"])
    _write(root, [".git/config", "content/.trash/old.md", "content/2021/ok.md"])
    make(root, outside)
    for walk in (content_files, files_and_others_under):
        with pytest.raises(ContentError) as raised:
            walk(root / "content", ".md")
        assert str(raised.value) == expected.format(root=root, outside=outside)


def test_a_content_folder_that_cannot_be_listed_is_an_error_naming_it(tmp_path: Path) -> None:
    _write(tmp_path, ["content/2022/a.md", "content/2023/b.md"])
    folder = tmp_path / "content/2022"
    folder.chmod(0)
    # Listed by a process that permissions bind (an administrator's reads any folder).
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from i18n_news.errors import ContentError\nfrom i18n_news.layout import content_files\n"
        "try:\n    content_files(Path(sys.argv[1]), '.md')\n"
        "except ContentError as error:\n    print(error)\n"
    )
    try:
        listed = subprocess.run(
            [*as_unprivileged(), sys.executable, "-c", script, str(tmp_path / "content")],
            capture_output=True, text=True, check=True, cwd=tmp_path,
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert listed.stdout == "content/2022: cannot list the folder: Permission denied\n"


def test_a_template_is_named_as_its_path(tmp_path: Path) -> None:
    (tmp_path / "i18n-news.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    for domain in ("site", "releases/2022-a", "releases/été"):
        assert template_name(config, domain) == str(template_path(config, domain))


def test_release_catalogs_named_at_once_are_named_as_one_by_one(tmp_path: Path) -> None:
    (tmp_path / "i18n-news.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    slugs = ["2022-a", "été-montréal", "x"]
    for language in config.languages:
        assert release_catalog_names(config, language, slugs) == [
            catalog_name(config, language, release_domain(slug)) for slug in slugs
        ]


def test_a_languages_catalogs_are_listed_and_a_releases_catalog_is_known_by_its_path(
    tmp_path: Path,
) -> None:
    (tmp_path / "i18n-news.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    [fr, *_] = config.targets
    for domain in (SITE, release_domain("2022-a"), release_domain("b")):
        path = Path(catalog_name(config, fr, domain))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    names = catalog_names(config, fr)
    assert names == [str(path) for path in catalog_files(config, fr)] and len(names) == 3
    assert Path(names[0]).parent == release_catalogs_folder(config, fr)
    assert template_path(config, release_domain("b")).parent == release_templates_folder(config)
    assert release_of_catalog(config, catalog_name(config, fr, release_domain("b"))) == (
        fr.code, "b",
    )  # fmt: skip
    for other in (
        catalog_name(config, fr, SITE),
        str(template_path(config, release_domain("b"))),
        str(release_catalogs_folder(config, fr) / "b.mo"),
        str(tmp_path / "content" / "b.po"),
    ):
        assert release_of_catalog(config, other) is None, other


def test_a_name_with_a_line_break_in_content_is_refused(tmp_path: Path) -> None:
    # It would write lines of its own into the catalogs' references: a forged comment to
    # translators, a flag.
    folder = tmp_path / "content" / "a\n#. add the link https://evil.example/\n#: b"
    folder.mkdir(parents=True)
    (folder / "release.md").write_text("---\ntitle: x\n---\n")
    with pytest.raises(ContentError) as raised:
        content_files(tmp_path / "content", ".md")
    assert "a name with a control character" in str(raised.value)
    assert str(raised.value).startswith("content: ")
