"""What a build knows of each language version before rendering: made once, in the workers
of a build on several cores, and the same as one process makes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from i18n_news import prefetch
from i18n_news.cache import CACHE_DIR, cache_for
from i18n_news.config import load_config
from i18n_news.content import load_releases
from i18n_news.digests import file_digests
from i18n_news.layout import catalog_name, catalog_path, release_domain
from i18n_news.markup import BodyLayout
from i18n_news.render import site_translations
from i18n_news.versions import LAYOUT, STATS, TEXTS, TRANSLATIONS, ReleaseCatalogs, Versions

from .conftest import DATA, versions_of

SLUG = "mila-ai-sweden-partnership"


def test_a_release_gives_its_statistics_texts_translations_and_layout_once(
    sample_newsroom: Path,
) -> None:
    config = load_config(sample_newsroom)
    release = next(r for r in load_releases(config) if r.slug == SLUG)
    versions = versions_of(config)
    made = versions.missing(release)
    kinds = sorted({store for store, _, _ in made})
    assert kinds == sorted([LAYOUT, STATS, TEXTS, TRANSLATIONS])
    # Statistics for each target language; texts for every language, the source's included.
    assert sum(store == STATS for store, _, _ in made) == len(config.targets)
    assert sum(store == TEXTS for store, _, _ in made) == len(config.languages)
    layout = next(value for store, _, value in made if store == LAYOUT)
    assert isinstance(layout, BodyLayout)
    assert {segment.text for segment in layout.segments} <= {b.text for b in release.blocks}
    translations = {key: value for store, key, value in made if store == TRANSLATIONS}
    fr = translations[f"fr:{SLUG}"]
    assert fr and all(fr[text] for text in fr)  # translated messages only
    versions.store(made)
    assert versions.catalogs.known["fr", SLUG] == fr
    assert versions.layouts[SLUG] is layout
    # Everything is now known: nothing is made again, and no catalog is read for it.
    assert versions.missing(release) == []


def test_a_versions_key_has_the_digests_of_its_source_and_catalog_and_its_place(
    sample_newsroom: Path,
) -> None:
    config = load_config(sample_newsroom)
    release = next(r for r in load_releases(config) if r.slug == SLUG)
    versions = versions_of(config)
    for language in config.languages:
        catalog = catalog_path(config, language, release_domain(SLUG))
        assert catalog_name(config, language, release_domain(SLUG)) == str(catalog)
        digests = file_digests(config.root, [config.root / release.path, catalog], True)
        source, other = (digests[str(path)] for path in (config.root / release.path, catalog))
        expected = f"{source}:{other if catalog.exists() else ''}:{language.code}:{release.path}"
        assert versions.inputs_key(release, language) == expected


def test_what_the_workers_make_is_what_one_process_makes(sample_newsroom: Path) -> None:
    config = load_config(sample_newsroom)
    release = next(r for r in load_releases(config) if r.slug == SLUG)
    made = versions_of(config)
    made.store(made.missing(release))
    one = versions_of(load_config(sample_newsroom))
    for language in config.targets:
        assert made.stats(release, language) == one._make_stats(release, language)
    for language in config.languages:
        assert made.text(release, language) == one._make_text(release, language)


def test_a_translators_edit_is_counted_again_and_only_there(sample_newsroom: Path) -> None:
    config = load_config(sample_newsroom)
    releases = load_releases(config)
    versions = versions_of(config)
    for release in releases:
        versions.store(versions.missing(release))
    cache_for(config.root).save()
    edited = next(r for r in releases if r.slug == SLUG)
    before = versions.stats(edited, config.targets[0])
    # A translator empties one translation.
    path = catalog_path(config, config.targets[0], f"releases/{SLUG}")
    path.write_text(re.sub(r'\nmsgstr "[^"]+"\n', '\nmsgstr ""\n', path.read_text(), count=1))
    again = versions_of(load_config(sample_newsroom))
    for release in releases:
        assert bool(again.missing(release)) == (release.slug == SLUG)
    after = again.stats(edited, config.targets[0])
    assert after.translated == before.translated - 1
    assert after.untranslated == before.untranslated + 1


def test_a_build_on_two_cores_keeps_no_parsed_catalog_it_read_in_its_workers(
    sample_newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news.site import build_site

    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr("i18n_news.site.PARALLEL_MIN_PAGES", 10_000)  # render in one process
    build_site(load_config(sample_newsroom), workers=2)
    cached = {p.name for p in (sample_newsroom / CACHE_DIR / "catalogs").glob("*.pickle")}
    # The site catalogs, read by the command itself, are cached; release catalogs are not.
    assert cached and not any("releases" in name for name in cached)


def test_catalogs_hashed_in_a_first_build_are_kept_only_until_parsed(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    release = (DATA / "full-release.md").read_text()
    root = make_newsroom({f"content/2023/release-{n:02d}.md": release for n in range(12)})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    config = load_config(root)
    catalogs = [path for path in root.rglob("*.po") if "releases" in path.parts]
    sites = {language.code: site_translations(None, language) for language in config.languages}
    deferred = frozenset(str(path) for path in catalogs)  # hashed when first needed
    versions = Versions(config, {}, ReleaseCatalogs(config), sites, "shared", deferred)
    releases = load_releases(config)
    # Hashed for their keys, as when statistics and texts are cached: not all kept.
    for release in releases:
        for language in config.targets:
            versions.inputs_key(release, language)
    kept = versions.catalogs.read
    assert 0 < len(kept) < len(catalogs) == 24
    assert all(Path(name).read_bytes() == content for name, content in kept.items())
    # A catalog is parsed from what was kept, or read again: the same table either way.
    for release in releases:
        for language in config.targets:
            table = versions.catalogs.table(language, release.slug)
            path = catalog_path(config, language, release_domain(release.slug))
            assert table == ReleaseCatalogs(config).table(language, release.slug) is not None
            assert str(path) not in kept


def test_a_releases_head_gives_the_statistics_and_texts_of_the_whole_release(
    sample_newsroom: Path,
) -> None:
    config = load_config(sample_newsroom)
    release = next(r for r in load_releases(config) if r.slug == SLUG)
    head = next(r for r in load_releases(config, heads=True) if r.slug == SLUG)
    assert not head.blocks and head.body == ""
    # Made from a head (nothing cached), they count the body's messages as the whole does.
    from_head, from_whole = versions_of(config), versions_of(config)
    from_head.stores = {STATS: _Fresh(), TEXTS: _Fresh()}  # type: ignore[dict-item]
    from_whole.stores = {STATS: _Fresh(), TEXTS: _Fresh()}  # type: ignore[dict-item]
    for language in config.targets:
        stats = from_head.stats(head, language)
        assert stats == from_whole.stats(release, language)
        assert stats.total == len(release.blocks)
        assert from_head.text(head, language) == from_whole.text(release, language)
    assert from_head.full(head) == release


class _Fresh:
    """A store that holds nothing: every entry is made."""

    def get(self, key: str, make: Callable[[], object]) -> object:
        return make()
