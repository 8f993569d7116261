"""The site's pages and their fingerprints: one page per published version and list, lists
fingerprinted by what they show of each release, release pages by what they are made from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from i18n_news.build_record import BuildReport
from i18n_news.config import load_config
from i18n_news.content import load_releases
from i18n_news.pages import Page, listing_fingerprint, plan_pages, release_url
from i18n_news.publication import plan_publication
from i18n_news.render import make_environment
from i18n_news.versions import Versions

from .conftest import versions_of

NOW = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
SLUG = "mila-ai-sweden-partnership"


def planned(root: Path) -> tuple[list[Page], dict[str, list[tuple[str, str]]], Versions]:
    """Every page of the newsroom at ``root`` as a build plans it, what lists show of each
    release (by file), and the version data they were planned with."""
    config = load_config(root)
    versions = versions_of(config)
    envs = {
        language.code: make_environment(config, language, versions.sites[language.code])
        for language in config.languages
    }
    releases = load_releases(config, heads=True)
    plan = plan_publication(config, releases, versions.stats, NOW)
    shown: dict[str, list[tuple[str, str]]] = {}
    pages = plan_pages(config, plan, versions, envs, BuildReport.of(config, plan), shown)
    return pages, shown, versions


def test_every_published_version_and_list_has_one_page(sample_newsroom: Path) -> None:
    config = load_config(sample_newsroom)
    pages, shown, _ = planned(sample_newsroom)
    files = [page.file for page in pages]
    assert len(files) == len(set(files))
    assert all(page.fingerprint for page in pages)
    releases = load_releases(config)
    for release in releases:
        for language in config.languages:
            [page] = [p for p in pages if p.url == release_url(language, release.slug)]
            assert page.template == "release.html" and not page.listing
        # What lists show of each release: one key for each language it is published in.
        assert [code for code, _ in shown[release.path]] == [lang.code for lang in config.languages]
    lists = {page.file for page in pages if page.listing}
    assert {"en/index.html", "fr/feed.xml", "sv/tags/health/index.html", "sitemap.xml"} <= lists
    assert all(page.template != "release.html" for page in pages if page.listing)


def test_a_body_edit_changes_its_release_pages_and_no_list(sample_newsroom: Path) -> None:
    before, shown_before, versions_before = planned(sample_newsroom)
    source = sample_newsroom / f"content/2022/{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")
    after, shown_after, versions_after = planned(sample_newsroom)
    changed = {
        page.file for page, again in zip(before, after, strict=True)
        if page.fingerprint != again.fingerprint
    }  # fmt: skip
    assert changed == {f"{code}/{SLUG}/index.html" for code in ("en", "fr", "sv")}
    assert shown_after == shown_before
    # A list that read its versions whole would be fingerprinted with what they are made of.
    index = {page.file: page for page in before}["en/index.html"]
    index_after = {page.file: page for page in after}["en/index.html"]
    assert listing_fingerprint(versions_before, index) == index.fingerprint
    whole_before = listing_fingerprint(versions_before, index, whole=True)
    assert whole_before != index.fingerprint
    assert listing_fingerprint(versions_after, index_after, whole=True) != whole_before
