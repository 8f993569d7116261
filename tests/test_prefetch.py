"""A cold build on several cores parses its inputs on all of them, and changes nothing else."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from i18n_news import prefetch
from i18n_news.cache import CACHE_DIR, cache_for, digest
from i18n_news.config import load_config
from i18n_news.content import release_key
from i18n_news.site import build_site

from .conftest import replace_in

NOW = datetime(2026, 1, 1, tzinfo=ZoneInfo("America/Toronto"))
CATALOG = "locales/sv/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def one_core_site(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a build on one core makes from scratch of the newsroom at ``root``, the
    plainest way: every release read before any page is rendered."""
    copy = tmp_path / "one-core"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(CACHE_DIR, "public", ".public*"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prefetch, "PARALLEL_MIN_FILES", 10**9)
        build_site(load_config(copy), now=NOW, workers=1)
    return tree(copy / "public")


def failed_build_on_both(root: Path, tmp_path: Path, run: Callable[..., Result]) -> str:
    """The error a build on two cores reports, checked to be what one core reports (exit
    code and output), leaving no site and no staging folder behind."""
    other = tmp_path / "other"
    shutil.copytree(root, other)
    two, one = run(root, "build", "-j", "2"), run(other, "build", "-j", "1")
    assert two.exit_code == one.exit_code == 1
    assert two.output == one.output
    assert sorted(p.name for p in root.iterdir()) == sorted(p.name for p in other.iterdir())
    assert not (root / "public").exists()
    return two.output


@pytest.fixture(autouse=True)
def few_files_are_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample newsroom is small: prefetch it anyway."""
    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)


def test_every_release_and_catalog_is_parsed_once_then_found_in_the_cache(
    sample_newsroom: Path,
) -> None:
    config = load_config(sample_newsroom)
    releases = list((sample_newsroom / "content").rglob("*.md"))
    catalogs = list((sample_newsroom / "locales").rglob("LC_MESSAGES/**/*.po"))
    templates = [p for p in (sample_newsroom / "templates").rglob("*") if p.is_file()]
    others = [sample_newsroom / "i18n-news.toml", *templates]
    inputs = {path: digest(path.read_bytes()) for path in [*releases, *catalogs, *others]}
    assert prefetch.prefetch(config, 2, inputs)[0] == len(releases) + len(catalogs)
    # Each release parsed came back with its head, which a build reads instead of it.
    cache = cache_for(config.root)
    for path in releases:
        key = release_key(path, inputs[path], config)
        assert cache.store("heads").peek(key) == cache.store("releases").peek(key).head()
    assert prefetch.prefetch(config, 2, inputs)[0] == 0
    assert prefetch.prefetch(load_config(sample_newsroom), 1, inputs)[0] == 0  # one core
    # A catalog a translator saved since is parsed again; the others are still cached.
    changed = sample_newsroom / CATALOG
    changed.write_bytes(changed.read_bytes() + b"\n# revised\n")
    inputs[changed] = digest(changed.read_bytes())
    assert prefetch.prefetch(config, 2, inputs)[0] == 1


def test_a_build_on_two_cores_is_the_site_one_core_builds(
    sample_newsroom: Path, tmp_path: Path
) -> None:
    build_site(load_config(sample_newsroom), now=NOW, workers=2)
    assert tree(sample_newsroom / "public") == one_core_site(sample_newsroom, tmp_path)


def test_a_broken_catalog_is_reported_as_a_one_core_build_reports_it(
    sample_newsroom: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = sample_newsroom / CATALOG
    replace_in(path, 'msgstr "', 'msgstr "\\q', 1)
    output = failed_build_on_both(sample_newsroom, tmp_path, run)
    assert output.startswith(f"error: {CATALOG}:")


def test_status_after_catalogs_changed_counts_on_two_cores_as_on_one(
    sample_newsroom: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    before = run(sample_newsroom, "status", "--json", "--now", "2026-01-01T00:00Z")
    path = sample_newsroom / CATALOG  # a translation removed after the counts were cached
    path.write_text(re.sub(r'\nmsgstr "[^"]+"\n', '\nmsgstr ""\n', path.read_text(), count=1))
    other = tmp_path / "other"
    shutil.copytree(sample_newsroom, other)
    two = run(sample_newsroom, "status", "--json", "-j", "2", "--now", "2026-01-01T00:00Z")
    one = run(other, "status", "--json", "-j", "1", "--now", "2026-01-01T00:00Z")
    assert two.exit_code == one.exit_code == 0
    assert two.output == one.output != before.output


def add_release(root: Path, name: str, front_matter: str) -> None:
    (root / "content/2022" / f"{name}.md").write_text(
        f"---\ntitle: {name}\ndate: 2022-05-01\ndateline: Montreal\nsummary: A summary.\n"
        f"{front_matter}---\n\nA paragraph of {name}.\n"
    )


def test_a_cold_build_on_two_cores_renders_release_pages_in_the_workers_that_parse_them(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site

    add_release(sample_newsroom, "a-draft", "draft: true\n")
    add_release(sample_newsroom, "under-embargo", "embargo: 2030-01-01T09:00:00-05:00\n")
    add_release(sample_newsroom, "not-translated-yet", "")
    by_command: list[str] = []
    render_pages = site._render_pages

    def spy(config: Any, pages: list[site.Page], *args: Any, **kwargs: Any) -> Any:
        by_command.extend(page.template for page in pages)
        return render_pages(config, pages, *args, **kwargs)

    monkeypatch.setattr(site, "_render_pages", spy)
    progress: list[tuple[int, int]] = []
    report = build_site(
        load_config(sample_newsroom), now=NOW, workers=2,
        progress=lambda done, total: progress.append((done, total)),
    )  # fmt: skip
    assert by_command and "release.html" not in by_command
    assert progress[-1] == (report.pages, report.pages)
    # Drafts, embargoes and versions the policy holds back are left out as on one core.
    assert report.held and report.drafts and report.embargoed
    assert tree(sample_newsroom / "public") == one_core_site(sample_newsroom, tmp_path)


def test_a_cold_build_on_one_core_renders_each_releases_pages_right_after_reading_it(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many releases on one core: read a few at a time and their pages rendered then, each
    body parsed once (not again when its pages are rendered, long after)."""
    from i18n_news import markup

    for number in range(6):
        add_release(sample_newsroom, f"release-{number}", "")
    monkeypatch.setattr(prefetch, "CHUNK", 2)
    monkeypatch.setattr(markup, "_LAYOUTS_KEPT", 1)  # a layout is not kept for long
    parsed: list[str] = []
    parse_body = markup.parse_body

    def spy(body: str) -> Any:
        parsed.append(body)
        return parse_body(body)

    monkeypatch.setattr(markup, "parse_body", spy)
    report = build_site(load_config(sample_newsroom), now=NOW, workers=1)
    assert len(parsed) == len(set(parsed)) == 9 and report.pages > 9 * 3
    monkeypatch.undo()
    assert tree(sample_newsroom / "public") == one_core_site(sample_newsroom, tmp_path)


def test_a_template_error_in_a_cold_build_on_two_cores_is_reported_and_leaves_nothing(
    sample_newsroom: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    (sample_newsroom / "templates").mkdir(exist_ok=True)
    (sample_newsroom / "templates/release.html").write_text(
        '{% extends "base.html" %}\n{% block main %}{{ 1 / 0 }}{% endblock %}\n'
    )
    output = failed_build_on_both(sample_newsroom, tmp_path, run)
    assert output.startswith("error: templates/release.html:2: while rendering")


def test_a_release_dated_in_the_future_stops_a_cold_build_on_two_cores_as_on_one(
    sample_newsroom: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    add_release(sample_newsroom, "tomorrow", "")
    edit = sample_newsroom / "content/2022/tomorrow.md"
    replace_in(edit, "date: 2022-05-01", "date: 2099-05-01")
    output = failed_build_on_both(sample_newsroom, tmp_path, run)
    assert "content/2022/tomorrow.md:3: the date 2099-05-01 is in the future" in output


def test_a_cold_build_on_two_cores_remembers_every_input_so_the_next_reads_none(
    sample_newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import digests
    from i18n_news.cache import _CACHES

    monkeypatch.setattr(digests, "RACY_NS", 0)  # files count as written long ago
    first = build_site(load_config(sample_newsroom), now=NOW, workers=2)
    _CACHES.clear()  # the next build is another process
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path) or read_bytes(path))
    assert build_site(load_config(sample_newsroom), now=NOW, workers=2) == first
    assert not [path for path in reads if path.suffix in (".md", ".po")]


def test_a_build_on_two_cores_without_its_cache_replaces_the_site_with_the_same_pages(
    sample_newsroom: Path, tmp_path: Path
) -> None:
    from i18n_news.cache import _CACHES

    build_site(load_config(sample_newsroom), now=NOW, workers=2)
    (sample_newsroom / "public/fr/left-over.html").write_text("from an older build")
    shutil.rmtree(sample_newsroom / CACHE_DIR)  # the site stays, its record is gone
    _CACHES.clear()  # as a new process finds it
    build_site(load_config(sample_newsroom), now=NOW, workers=2)
    assert tree(sample_newsroom / "public") == one_core_site(sample_newsroom, tmp_path)
    assert [p.name for p in sample_newsroom.iterdir() if p.name.startswith(".public")] == []


def test_a_fresh_checkouts_releases_are_parsed_on_every_core_before_a_command_reads_them(
    sample_newsroom: Path,
) -> None:
    config = load_config(sample_newsroom)
    releases = list((sample_newsroom / "content").rglob("*.md"))
    assert prefetch.prefetch_releases(config, 1) == 0  # one core: read one by one, as needed
    assert prefetch.prefetch_releases(config, 2) == len(releases)
    assert prefetch.prefetch_releases(load_config(sample_newsroom), 2) == 0  # now cached


def test_extract_on_two_cores_writes_the_templates_one_core_writes(
    sample_newsroom: Path,
    tmp_path: Path,
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from i18n_news.cache import _CACHES

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # both at the same moment
    for path in (sample_newsroom / "locales/templates").rglob("*.pot"):
        path.unlink()  # written again from the releases
    other = tmp_path / "other"
    shutil.copytree(sample_newsroom, other)
    two = run(sample_newsroom, "extract", "-j", "2")
    _CACHES.clear()
    one = run(other, "extract", "-j", "1")
    assert two.exit_code == one.exit_code == 0
    assert two.output == one.output and "template(s) written" in two.output
    assert tree(sample_newsroom / "locales") == tree(other / "locales")


def test_a_duplicate_slug_stops_a_cold_build_on_two_cores_as_on_one(
    sample_newsroom: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    for name in ("first", "second"):  # both render their pages into the same place
        add_release(sample_newsroom, name, "slug: same-slug\n")
    output = failed_build_on_both(sample_newsroom, tmp_path, run)
    assert "duplicate slug 'same-slug'" in output


def test_a_page_rendered_ahead_that_the_plan_does_not_keep_leaves_no_trace(
    sample_newsroom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site

    call = site._RenderAhead.__call__

    def with_a_stray_page(self: Any, release: Any) -> Any:
        (self.staging / f"fr/stray-{release.slug}").mkdir(parents=True)
        (self.staging / f"fr/stray-{release.slug}/index.html").write_text("not planned")
        return [*call(self, release), (site.PAGES, f"fr/stray-{release.slug}/index.html", "x")]

    monkeypatch.setattr(site._RenderAhead, "__call__", with_a_stray_page)
    build_site(load_config(sample_newsroom), now=NOW, workers=2)
    assert not list((sample_newsroom / "public/fr").glob("stray-*"))
    assert tree(sample_newsroom / "public") == one_core_site(sample_newsroom, tmp_path)
