"""Builds that redo only what changed give exactly the site a cold build gives, after any edit."""

from __future__ import annotations

import importlib
import os
import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_news import cache, digests
from i18n_news.build_record import build_json
from i18n_news.cache import CACHE_DIR
from i18n_news.cli import cli
from i18n_news.config import load_config
from i18n_news.site import build_site

from .conftest import DATA, JPEG, add_images, replace_in

ZONE = ZoneInfo("America/Toronto")
NOW = datetime(2024, 1, 1, 12, tzinfo=ZONE)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cold_build(root: Path, tmp_path: Path, now: datetime = NOW) -> dict[str, bytes]:
    """The site a fresh clone builds: no cache, no previous output."""
    copy = tmp_path / "cold"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
    build_site(load_config(copy), now=now)
    return tree(copy / "public")


def edit(path: Path, old: str, new: str) -> None:
    """``old`` replaced by ``new`` once in the file ``path``."""
    replace_in(path, old, new, 1)


def edit_keeping_times(path: Path, old: str, new: str) -> None:
    """An edit that keeps the file's size and its access and modification times."""
    assert len(old) == len(new)
    before = path.stat()
    edit(path, old, new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


EDITS: dict[str, Callable[[Path], None]] = {
    "a paragraph": lambda root: edit(
        root / "content/2023/joint-lab.md",
        "The lab runs two programmes:",
        "The lab runs two programs:",
    ),
    "a paragraph, its size and times kept": lambda root: edit_keeping_times(
        root / "content/2023/joint-lab.md",
        "The lab runs two programmes:",
        "The lab runs two programmez:",
    ),
    "a title": lambda root: edit(
        root / "content/2022/older.md", "title: An older", "title: A much older"
    ),
    "a translation": lambda root: edit(
        root / "locales/fr/LC_MESSAGES/releases/joint-lab.po",
        'msgid "Two programmes"\nmsgstr ""',
        'msgid "Two programmes"\nmsgstr "Deux programmes"',
    ),
    "an interface string": lambda root: edit(
        root / "locales/sv/LC_MESSAGES/site.po",
        'msgid "Press releases"\nmsgstr "Pressmeddelanden"',
        'msgid "Press releases"\nmsgstr "Våra pressmeddelanden"',
    ),
    # The one interface string listing texts take: a tag's name.
    "a tag's name": lambda root: edit(
        root / "locales/sv/LC_MESSAGES/site.po",
        'msgctxt "tag"\nmsgid "research"\nmsgstr ""',
        'msgctxt "tag"\nmsgid "research"\nmsgstr "forskning"',
    ),
    "a template": lambda root: (
        (root / "templates/partials").mkdir(parents=True)
        or (root / "templates/partials/footer.html").write_text(
            "<footer><p>New footer</p></footer>\n"
        )
    ),
    "the configuration": lambda root: edit(
        root / "i18n-news.toml", 'name = "Test Newsroom"', 'name = "Renamed Newsroom"'
    ),
    "a new release": lambda root: (root / "content/2023/another.md").write_text(
        (DATA / "full-release.md").read_text().replace("2023-03-01", "2023-05-05")
    ),
    "a deleted release": lambda root: (root / "content/2022/older.md").unlink(),
    # Its slug is its file's name: every list shows it at another address.
    "a renamed release": lambda root: (root / "content/2022/older.md").rename(
        root / "content/2022/renamed.md"
    ),
    "an image": lambda root: (root / "content/2023/images/lab.jpg").write_bytes(JPEG + b"\0"),
    "the policy": lambda root: edit(
        root / "i18n-news.toml",
        "[languages.en]",
        '[policy]\nmin_translated = 50\nbelow = "hold"\n\n[languages.en]',
    ),
}


@pytest.fixture
def newsroom(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> Path:
    # Files are remembered by their metadata however recently they changed: every edit must
    # be seen all the same.
    monkeypatch.setattr(digests, "RACY_NS", 0)
    release = (DATA / "full-release.md").read_text()
    root = make_newsroom({
        "content/2023/joint-lab.md": release,
        "content/2022/older.md": release.replace("2023-03-01", "2022-02-09").replace(
            "title: Mila and AI Sweden open a joint *applied AI* lab", "title: An older release"),
    })  # fmt: skip
    for command in ("extract", "update"):
        assert run(root, command).exit_code == 0
    build_site(load_config(root), now=NOW)
    return root


def cold_report(root: Path) -> dict[str, Any]:
    """What ``build --json`` says of the cold build :func:`cold_build` made of ``root``."""
    return build_json(build_site(load_config(root.parent / "cold"), now=NOW), "public")


def test_a_build_loading_the_theme_compiled_gives_the_site_compiling_it_gives(
    newsroom: Path, tmp_path: Path, temporary_folder: Path, compiled_templates: list[str]
) -> None:
    # On a machine where i18n-news never ran, a cold build compiles the default theme...
    compiling = cold_build(newsroom, tmp_path)
    assert {"release.html", "base.html", "index.html", "feed.xml"} <= set(compiled_templates)
    # ...and the next newsroom's cold build loads it as it was compiled.
    compiled_templates.clear()
    assert cold_build(newsroom, tmp_path) == compiling
    assert compiled_templates == []
    assert compiling == tree(newsroom / "public")


@pytest.mark.parametrize("change", sorted(EDITS))
def test_incremental_build_equals_a_cold_build(newsroom: Path, tmp_path: Path, change: str) -> None:
    EDITS[change](newsroom)
    report = build_site(load_config(newsroom), now=NOW)
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)
    assert build_json(report, "public") == cold_report(tmp_path / "newsroom")


@pytest.mark.parametrize("change", sorted(EDITS))
def test_incremental_build_on_two_cores_equals_a_cold_build(
    newsroom: Path, tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import prefetch, site

    # The newsroom is small: parse and render on two cores anyway.
    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    EDITS[change](newsroom)
    build_site(load_config(newsroom), now=NOW, workers=2)
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_an_unchanged_newsroom_is_not_rebuilt(newsroom: Path, tmp_path: Path) -> None:
    before = {p: p.stat().st_ino for p in (newsroom / "public").rglob("*") if p.is_file()}
    report = build_site(load_config(newsroom), now=NOW)
    assert report.releases == 2 and report.pages > 10
    assert {p: p.stat().st_ino for p in (newsroom / "public").rglob("*") if p.is_file()} == before
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_a_comment_in_the_configuration_changes_no_file_of_the_site(newsroom: Path) -> None:
    """Sync tools that compare times (rsync, aws s3 sync) upload only what changed: a
    comment added to i18n-news.toml changes no page, and no file is written again."""
    before = {p: p.stat().st_mtime_ns for p in (newsroom / "public").rglob("*") if p.is_file()}
    config = newsroom / "i18n-news.toml"
    config.write_text("# The newsroom's settings.\n" + config.read_text())
    build_site(load_config(newsroom), now=NOW)
    after = {p: p.stat().st_mtime_ns for p in (newsroom / "public").rglob("*") if p.is_file()}
    assert after == before


def test_unchanged_pages_are_reused_not_rendered(newsroom: Path) -> None:
    untouched = newsroom / "public/fr/older/index.html"
    inode = untouched.stat().st_ino
    EDITS["a paragraph"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert untouched.stat().st_ino == inode  # the same file, linked into the new site
    assert "two programs" in (newsroom / "public/en/joint-lab/index.html").read_text()


def rendered_by(newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the next builds render, as they render them."""
    from i18n_news import site

    rendered: list[str] = []
    render_page = site._render_page

    def spy(config: Any, page: site.Page) -> str:
        rendered.append(page.file)
        return render_page(config, page)

    monkeypatch.setattr(site, "_render_page", spy)
    return rendered


def test_a_body_edit_renders_only_the_pages_of_its_release(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = rendered_by(newsroom, monkeypatch)
    EDITS["a paragraph"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    # Indexes, tag pages and feeds show no body: they are the same pages.
    assert sorted(rendered) == [f"{code}/joint-lab/index.html" for code in ("en", "fr", "sv")]
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)
    rendered.clear()
    EDITS["a title"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert {"en/index.html", "fr/feed.xml", "sv/tags/research/index.html"} <= set(rendered)


def planned_whole(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many releases each next build that plans the whole site plans."""
    from i18n_news import site

    planned: list[int] = []
    load_releases = site.load_releases

    def spy(*args: Any, **kwargs: Any) -> Any:
        releases = load_releases(*args, **kwargs)
        planned.append(len(releases))
        return releases

    monkeypatch.setattr(site, "load_releases", spy)
    return planned


@pytest.mark.parametrize(
    ("change", "alone"),
    [
        ("a paragraph", True),
        ("a translation", True),  # of the body: lists show the same
        ("a title", False),
        ("a tag's name", False),
        ("a new release", False),
        ("a deleted release", False),
        ("a template", False),
        ("the configuration", False),
    ],
)
def test_releases_whose_lists_are_the_same_are_planned_alone(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, alone: bool
) -> None:
    planned = planned_whole(monkeypatch)
    EDITS[change](newsroom)
    report = build_site(load_config(newsroom), now=NOW)
    assert planned == ([] if alone else [planned[0]])
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)
    # The report too is the one a cold build gives: untranslated counts, reasons, pages.
    assert build_json(report, "public") == cold_report(newsroom)


def test_a_release_planned_alone_keeps_its_reports_counts_and_the_site_whole(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned = planned_whole(monkeypatch)
    # A translation of a body paragraph: one text fewer shown in English.
    before = build_site(load_config(newsroom), now=NOW)
    EDITS["a translation"](newsroom)
    after = build_site(load_config(newsroom), now=NOW)
    counts = {(slug, code): count for slug, code, count, _ in before.incomplete}
    assert [(s, c, n) for s, c, n, _ in after.incomplete if n != counts[s, c]] == [
        ("joint-lab", "fr", counts["joint-lab", "fr"] - 1)
    ]
    assert planned == []
    # A version translated whole (its title too: the whole site is planned), then a paragraph
    # edited: the report lists it again, in its place.
    catalog = polib.pofile(str(newsroom / "locales/fr/LC_MESSAGES/releases/older.po"))
    for entry in catalog:
        entry.msgstr = f"FR {entry.msgid}"
    catalog.save()
    translated = build_site(load_config(newsroom), now=NOW)
    assert ("older", "fr") not in [(s, c) for s, c, _, _ in translated.incomplete]
    edit(older(newsroom), "The lab runs two programmes:", "The lab runs three programmes:")
    report = build_site(load_config(newsroom), now=NOW)
    assert ("older", "fr", 1) in [(s, c, n) for s, c, n, _ in report.incomplete]
    assert planned == [2]
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)
    assert build_json(report, "public") == cold_report(newsroom)
    # A page removed from the site by hand: the whole site is planned, the page made again.
    (newsroom / "public/sv/index.html").unlink()
    EDITS["a paragraph"](newsroom)
    planned.clear()
    build_site(load_config(newsroom), now=NOW)
    assert planned == [2]
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_a_release_planned_alone_leaves_what_the_cache_knows_of_the_others(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import content, versions

    older = (newsroom / "content/2022/older.md").read_text()
    for number in range(30):
        (newsroom / f"content/2022/other-{number}.md").write_text(older)
    build_site(load_config(newsroom), now=NOW)
    EDITS["a paragraph"](newsroom)
    # Each build in a process of its own, which reads the cache from its files.
    monkeypatch.setattr(cache, "_CACHES", {})
    build_site(load_config(newsroom), now=NOW)  # planned alone: read a few cache entries
    cache.save_caches()
    monkeypatch.setattr(cache, "_CACHES", {})
    made: list[str] = []
    parsed: list[str] = []
    localize, parse = versions.localize_text, content.parse_release_file
    monkeypatch.setattr(versions, "localize_text", lambda release, *a: made.append(release.slug)
                        or localize(release, *a))  # fmt: skip
    monkeypatch.setattr(content, "parse_release_file", lambda path, *a, **k: parsed.append(path.name)
                        or parse(path, *a, **k))  # fmt: skip
    EDITS["a title"](newsroom)
    build_site(load_config(newsroom), now=NOW)  # the whole site planned: from the cache
    assert parsed == ["older.md"] and set(made) == {"older"}
    assert not cache.cache_for(newsroom).keeping  # entries unused again dropped, as usual


def test_serve_drops_unused_entries_again_after_a_release_planned_alone(newsroom: Path) -> None:
    """One process building again and again: a build that plans a release alone keeps what
    the cache knows of the others; the next build that plans the whole site does not."""
    build_site(load_config(newsroom), now=NOW)
    EDITS["a paragraph"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert cache.cache_for(newsroom).keeping
    EDITS["a title"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert not cache.cache_for(newsroom).keeping


#: What a newsroom's own list of releases may show of each that lists do not: its body, and
#: how many of its texts are shown untranslated.
LIST_SHOWING = {
    "the body": "{{ release.body }}",
    "the untranslated count": "{{ release.fallbacks }} untranslated",
}


def show_in_lists(root: Path, shown: str) -> None:
    partial = root / "templates/partials/release-list.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text(
        "<ol>{% for release in releases %}<li>{{ release.title }}: " + shown + "</li>"
        "{% endfor %}</ol>\n"
    )


@pytest.mark.parametrize("others", [0, 12])
@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("shown", sorted(LIST_SHOWING))
def test_a_list_showing_more_than_listing_texts_follows_every_edit(
    newsroom: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: str,
    workers: int,
    others: int,
) -> None:
    from i18n_news import prefetch, site

    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    # With other releases, each edit changes few enough pages to be written in place.
    older = (newsroom / "content/2022/older.md").read_text()
    for number in range(others):
        (newsroom / f"content/2022/other-{number}.md").write_text(
            older.replace("tags: [partnerships, research]", f"tags: [topic-{number}]")
        )
    show_in_lists(newsroom, LIST_SHOWING[shown])
    build_site(load_config(newsroom), now=NOW, workers=workers)
    before = (newsroom / "public/fr/index.html").read_text()
    for change in ("a paragraph", "a translation"):
        EDITS[change](newsroom)
        build_site(load_config(newsroom), now=NOW, workers=workers)
        assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)
    after = (newsroom / "public/fr/index.html").read_text()
    if shown == "the body":
        assert "two programs" in after and "Deux programmes" in after
    else:
        untranslated = re.compile(r"(\d+) untranslated")
        assert untranslated.findall(after) != untranslated.findall(before)


def test_an_embargo_lifts_without_any_edit(newsroom: Path, tmp_path: Path) -> None:
    edit(newsroom / "content/2022/older.md", "tags:", "embargo: 2024-01-02T09:00:00-05:00\ntags:")
    build_site(load_config(newsroom), now=NOW)
    assert not (newsroom / "public/en/older").exists()
    later = datetime(2024, 1, 2, 9, tzinfo=ZONE)
    build_site(load_config(newsroom), now=later)
    assert (newsroom / "public/en/older/index.html").is_file()
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path, later)


def test_a_build_at_an_earlier_moment_is_the_site_as_it_was_then(
    newsroom: Path, tmp_path: Path
) -> None:
    # Releases dated 2022-02-09 and 2023-03-01; a third, 2022-06-01. The site as it was at
    # each moment, going back and forth, as a cold build at that moment makes it.
    source = newsroom / "content/2022/older.md"
    (newsroom / "content/2022/middle.md").write_text(
        source.read_text().replace("2022-02-09", "2022-06-01")
        .replace("title: An older release", "title: A middle release")
    )  # fmt: skip
    build_site(load_config(newsroom), now=NOW)
    moments = [
        datetime(2022, 3, 1, tzinfo=ZONE), datetime(2023, 1, 1, tzinfo=ZONE),
        datetime(2022, 3, 1, tzinfo=ZONE), datetime(2022, 1, 1, tzinfo=ZONE), NOW,
    ]  # fmt: skip
    shown = []
    for moment in moments:
        report = build_site(load_config(newsroom), now=moment)
        assert tree(newsroom / "public") == cold_build(newsroom, tmp_path, moment), moment
        shown.append(report.releases)
        # Not out yet then: listed as not out until its date.
        assert all(until > moment for _, until in report.embargoed)
    assert shown == [1, 2, 1, 0, 3]


def test_the_cache_is_safe_to_delete(newsroom: Path, tmp_path: Path) -> None:
    shutil.rmtree(newsroom / CACHE_DIR)
    EDITS["a translation"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_a_damaged_cache_is_rebuilt(newsroom: Path, tmp_path: Path) -> None:
    for path in (newsroom / CACHE_DIR).rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    EDITS["a title"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_a_parallel_build_equals_a_single_process_build(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site

    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    shutil.rmtree(newsroom / "public")
    shutil.rmtree(newsroom / CACHE_DIR)
    build_site(load_config(newsroom), now=NOW, workers=2)
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_an_error_in_a_worker_names_the_template(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site
    from i18n_news.errors import TemplateError

    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    (newsroom / "templates").mkdir()
    (newsroom / "templates/release.html").write_text(
        '{% extends "base.html" %}\n{% block main %}{{ 1 / 0 }}{% endblock %}\n'
    )
    before = tree(newsroom / "public")
    with pytest.raises(TemplateError) as raised:
        build_site(load_config(newsroom), now=NOW, workers=2)
    assert str(raised.value).startswith("templates/release.html:2: while rendering")
    assert tree(newsroom / "public") == before


def test_a_parallel_build_leaves_a_template_no_page_uses_alone(
    newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates are compiled before workers start: one that does not compile and that no
    page uses is no error, as in a single-process build."""
    from i18n_news import site

    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    (newsroom / "templates").mkdir()
    (newsroom / "templates/unused.html").write_text("{% for x in %}\n")
    shutil.rmtree(newsroom / "public")
    shutil.rmtree(newsroom / CACHE_DIR)
    build_site(load_config(newsroom), now=NOW, workers=2)
    assert tree(newsroom / "public") == cold_build(newsroom, tmp_path)


def test_a_syntax_error_in_a_template_is_reported_by_a_parallel_build(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site
    from i18n_news.errors import TemplateError

    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    (newsroom / "templates/partials").mkdir(parents=True)
    (newsroom / "templates/partials/footer.html").write_text("<footer>\n{% if %}\n")
    before = tree(newsroom / "public")
    with pytest.raises(TemplateError) as raised:
        build_site(load_config(newsroom), now=NOW, workers=2)
    assert str(raised.value).startswith("templates/partials/footer.html:2: template syntax error")
    assert tree(newsroom / "public") == before


def test_the_cache_forgets_catalogs_that_are_gone(
    newsroom: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    catalogs = newsroom / CACHE_DIR / "catalogs"
    entry = "locales%2Ffr%2FLC_MESSAGES%2Freleases%2Folder.po.pickle"
    export = ("export", "--lang", "fr", "-o", str(tmp_path / "xliff"))
    assert run(newsroom, *export).exit_code == 0
    assert (catalogs / entry).is_file()
    (newsroom / "locales/fr/LC_MESSAGES/releases/older.po").unlink()
    EDITS["a translation"](newsroom)  # a catalog to parse again, so the store writes
    assert run(newsroom, *export).exit_code == 0
    assert not (catalogs / entry).exists()
    assert (catalogs / entry.replace("older", "joint-lab")).is_file()


def test_an_edit_rewrites_one_file_of_the_parsed_releases(newsroom: Path) -> None:
    shards = newsroom / CACHE_DIR / "releases"
    before = {p.name: p.read_bytes() for p in shards.glob("*.pickle")}
    EDITS["a paragraph"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    after = {p.name: p.read_bytes() for p in shards.glob("*.pickle")}
    assert len([name for name in after if after[name] != before.get(name)]) == 1


def test_stores_left_by_an_older_version_are_removed(newsroom: Path) -> None:
    stale = newsroom / CACHE_DIR / "releases.pickle"
    stale.write_bytes(b"an older version's store")
    EDITS["a paragraph"](newsroom)
    build_site(load_config(newsroom), now=NOW)
    assert not stale.exists() and (newsroom / CACHE_DIR / "releases").is_dir()


def test_a_library_upgraded_beside_i18n_news_makes_the_cache_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A library that shapes what i18n-news keeps, installed in a folder of its own.
    (tmp_path / "shaping").mkdir()
    (tmp_path / "shaping" / "__init__.py").write_text("")
    (tmp_path / "shaping-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    monkeypatch.setattr(cache, "LIBRARIES", (*cache.LIBRARIES, "shaping"))
    before = cache.code_version.__wrapped__()
    assert "shaping-1.0.dist-info" in cache.installed_distributions()
    assert cache.code_version.__wrapped__() == before  # nothing changed: the same key
    (tmp_path / "shaping-1.0.dist-info").rename(tmp_path / "shaping-1.1.dist-info")
    assert cache.code_version.__wrapped__() != before


# Any sequence of edits, each built incrementally, gives the site a fresh clone builds.


def toggle(path: Path, one: str, other: str) -> None:
    """Replace ``one`` by ``other`` in a file, or back if ``other`` is there."""
    text = path.read_text()
    assert one in text or other in text, (path, one)
    path.write_text(text.replace(other, one, 1) if other in text else text.replace(one, other, 1))


def toggle_file(path: Path, text: str) -> None:
    """Create the file at ``path``, or remove it if it is there."""
    if path.exists():
        path.unlink()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def older(root: Path) -> Path:
    return next(root.glob("content/*/older.md"))


def move_older(root: Path) -> None:
    """Move a release to another folder (its slug stays)."""
    path = older(root)
    year = "2021" if path.parent.name == "2022" else "2022"
    (root / "content" / year).mkdir(exist_ok=True)
    target = root / "content" / year / "older.md"
    path.rename(target)
    add_images(target, target.read_text())  # its images go with it


def toggle_image(root: Path) -> None:
    """Change the content of an image two releases show, or change it back."""
    image = root / "content/2023/images/lab.jpg"
    image.write_bytes(JPEG if image.read_bytes() != JPEG else JPEG + b"\0")


def toggle_catalog(root: Path) -> None:
    """Remove a release's catalog, or put it back."""
    path = root / "locales/sv/LC_MESSAGES/releases/older.po"
    kept = root.parent / "older.po"
    (path.rename(kept) if path.exists() else kept.rename(path))


def toggle_full_lists(root: Path) -> None:
    """Have lists of releases show each one's body and untranslated count, or go back to the
    theme's lists."""
    partial = root / "templates/partials/release-list.html"
    if partial.exists():
        partial.unlink()
    else:
        show_in_lists(root, " ".join(LIST_SHOWING.values()))


#: Edits that undo themselves when repeated, so that they can follow each other in any order.
STEPS: dict[str, Callable[[Path], None]] = {
    "full lists": toggle_full_lists,
    "paragraph": lambda root: toggle(
        root / "content/2023/joint-lab.md", "runs two programmes:", "runs two programs:"
    ),
    "summary": lambda root: toggle(older(root), "summary: The lab will host", "summary: It hosts"),
    "tag added": lambda root: toggle(
        root / "content/2023/joint-lab.md",
        "tags: [partnerships, research]",
        "tags: [partnerships, research, ethics]",
    ),
    "draft": lambda root: toggle(
        older(root), "title: An older release\n", "title: An older release\ndraft: true\n"
    ),
    "embargo": lambda root: toggle(
        root / "content/2023/joint-lab.md",
        "date: 2023-05-05\n",
        "date: 2023-05-05\nembargo: 2024-06-01T09:00:00-04:00\n",
    ),
    "moved": move_older,
    "new release": lambda root: toggle_file(
        root / "content/2023/another.md",
        (DATA / "full-release.md").read_text().replace("2023-03-01", "2023-04-04"),
    ),
    "translation": lambda root: toggle(
        root / "locales/fr/LC_MESSAGES/releases/joint-lab.po",
        'msgid "Two programmes"\nmsgstr ""',
        'msgid "Two programmes"\nmsgstr "Deux programmes"',
    ),
    "fuzzy": lambda root: toggle(
        root / "locales/fr/LC_MESSAGES/releases/joint-lab.po",
        '\nmsgid "Two programmes"',
        '\n#, fuzzy\nmsgid "Two programmes"',
    ),
    "catalog removed": toggle_catalog,
    "image": toggle_image,
    "interface string": lambda root: toggle(
        root / "locales/sv/LC_MESSAGES/site.po",
        'msgid "Press releases"\nmsgstr "Pressmeddelanden"',
        'msgid "Press releases"\nmsgstr "Våra pressmeddelanden"',
    ),
    "tag's name": lambda root: toggle(
        root / "locales/sv/LC_MESSAGES/site.po",
        'msgctxt "tag"\nmsgid "research"\nmsgstr ""',
        'msgctxt "tag"\nmsgid "research"\nmsgstr "forskning"',
    ),
    "template": lambda root: toggle_file(
        root / "templates/partials/footer.html", "<footer><p>New footer</p></footer>\n"
    ),
    "asset": lambda root: toggle_file(root / "static/style.css", "body { color: navy; }\n"),
    "per page": lambda root: toggle(
        root / "i18n-news.toml", 'output = "public"\n', 'output = "public"\nper_page = 1\n'
    ),
    "time zone": lambda root: toggle(
        root / "i18n-news.toml", 'timezone = "America/Toronto"', 'timezone = "Asia/Tokyo"'
    ),
    "policy": lambda root: toggle(
        root / "i18n-news.toml",
        "[languages.en]",
        '[policy]\nmin_translated = 50\nbelow = "hold"\n\n[languages.en]',
    ),
}


@pytest.fixture(scope="module")
def built_newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A newsroom of two releases, extracted, updated and built (copied by each example)."""
    from .conftest import CONFIG

    root = tmp_path_factory.mktemp("sequences") / "newsroom"
    release = (DATA / "full-release.md").read_text()
    files = {
        "i18n-news.toml": CONFIG,
        "content/2023/joint-lab.md": release.replace("2023-03-01", "2023-05-05"),
        "content/2022/older.md": release.replace("2023-03-01", "2022-02-09").replace(
            "title: Mila and AI Sweden open a joint *applied AI* lab", "title: An older release"
        ),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
        add_images(root / name, text)
    for command in ("extract", "update"):
        assert CliRunner().invoke(cli, ["-C", str(root), command]).exit_code == 0
    build_site(load_config(root), now=NOW)
    return root


@settings(max_examples=30, deadline=None)
@given(
    steps=st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=5),
    workers=st.sampled_from([1, 2]),
)
def test_any_sequence_of_edits_built_one_by_one_gives_a_cold_builds_site(
    built_newsroom: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[str], workers: int
) -> None:
    from i18n_news import prefetch, site

    work = tmp_path_factory.mktemp("sequence")
    root = work / "newsroom"
    shutil.copytree(built_newsroom, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(digests, "RACY_NS", 0)
        # The newsroom is small: parse and render on two cores anyway.
        patch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
        patch.setattr(site, "PARALLEL_MIN_PAGES", 1)
        for step in steps:
            STEPS[step](root)
            report = build_site(load_config(root), now=NOW, workers=workers)
        assert tree(root / "public") == cold_build(root, work)
        assert build_json(report, "public") == cold_report(root)
    shutil.rmtree(work)
