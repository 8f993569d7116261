"""Files are listed as ``pathlib`` lists them, in the order paths sort."""

from __future__ import annotations

import os
from pathlib import Path

from i18n_news.config import load_config
from i18n_news.layout import (
    SITE,
    catalog_files,
    catalog_name,
    catalog_names,
    file_names_under,
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
    assert files_under(tmp_path / "nothing", ".po") == []
    assert file_names_under(tmp_path / "nothing", ".po") == []
    (tmp_path / "file.po").write_text("")
    assert files_under(tmp_path / "file.po", ".po") == []  # a file is no folder


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
