"""Build the whole site: every release in every language, indexes, feeds and a sitemap.

The site is written into a staging folder and swapped in only once every page is rendered,
so a failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .atomic import replace_folder
from .catalogs import SITE, catalog_path, read_catalog, release_domain
from .config import Config, Language
from .content import load_releases
from .errors import TemplateError
from .model import Release
from .render import (
    LocalizedRelease,
    localize_release,
    make_environment,
    render_template,
    site_translations,
)
from .theme import static_files, template_label


@dataclass(frozen=True)
class Page:
    """One file of the built site."""

    url: str
    template: str
    context: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def file(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url


@dataclass
class BuildReport:
    output: Path
    pages: int = 0
    releases: int = 0
    #: (release slug, language code, messages shown in the source language)
    incomplete: list[tuple[str, str, int]] = field(default_factory=list)


def release_url(language: Language, slug: str) -> str:
    return f"{language.code}/{slug}/"


def index_url(language: Language) -> str:
    return f"{language.code}/"


def feed_url(language: Language) -> str:
    return f"{language.code}/feed.xml"


def _release_translations(config: Config, language: Language, slug: str) -> dict[str, str]:
    if language == config.source:
        return {}
    loaded = read_catalog(config, catalog_path(config, language, release_domain(slug)))
    if loaded is None:
        return {}
    return {m.msgid: m.msgstr for m in loaded.catalog.translations().values() if m.msgctxt is None}


def build_site(
    config: Config,
    drafts: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Render the newsroom into its output folder and return what was built."""
    releases = [r for r in load_releases(config) if drafts or not r.draft]
    report = BuildReport(config.output, releases=len(releases))
    staging = config.output.with_name(f".{config.output.name}.building-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        pages = _render_all(config, releases, report, staging, progress)
        report.pages = pages
        for name, source in static_files(config).items():
            target = staging / "static" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        replace_folder(config.output, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _render_all(
    config: Config,
    releases: list[Release],
    report: BuildReport,
    staging: Path,
    progress: Callable[[int, int], None] | None,
) -> int:
    languages = config.languages
    localized: dict[str, dict[str, LocalizedRelease]] = {}
    envs = {}
    for language in languages:
        site_catalog = None
        if language != config.source:
            loaded = read_catalog(config, catalog_path(config, language, SITE))
            site_catalog = loaded.catalog if loaded else None
        translations = site_translations(site_catalog, language)
        envs[language.code] = make_environment(config, language, translations)
        localized[language.code] = {}
        for release in releases:
            version = localize_release(
                release,
                language,
                config.source,
                _release_translations(config, language, release.slug),
                translations,
            )
            localized[language.code][release.slug] = version
            if version.fallbacks:
                report.incomplete.append((release.slug, language.code, version.fallbacks))

    pages: list[tuple[Language | None, Page]] = [
        (None, Page("", "root.html", {"languages": languages}))
    ]
    for language in languages:
        versions = [localized[language.code][r.slug] for r in releases]
        common = {"lang": language, "languages": languages}
        pages.append(
            (
                language,
                Page(
                    index_url(language),
                    "index.html",
                    {
                        **common,
                        "releases": versions,
                        "alternates": [(other, index_url(other)) for other in languages],
                    },
                ),
            )
        )
        pages.append(
            (
                language,
                Page(
                    feed_url(language),
                    "feed.xml",
                    {
                        **common,
                        "releases": versions,
                    },
                ),
            )
        )
        for version in versions:
            pages.append(
                (
                    language,
                    Page(
                        release_url(language, version.slug),
                        "release.html",
                        {
                            **common,
                            "release": version,
                            "alternates": [
                                (other, release_url(other, version.slug)) for other in languages
                            ],
                        },
                    ),
                )
            )
    pages.append(
        (
            None,
            Page(
                "sitemap.xml",
                "sitemap.xml",
                {
                    "languages": languages,
                    "releases": releases,
                    "release_url": release_url,
                    "index_url": index_url,
                },
            ),
        )
    )
    pages.append((None, Page("robots.txt", "robots.txt", {})))

    for number, (page_language, page) in enumerate(pages, start=1):
        env = envs[(page_language or config.source).code]
        context = {"lang": config.source, **page.context}
        try:
            html = render_template(env, config, page.template, page.url, context)
        except jinja2.TemplateSyntaxError as error:
            where = template_label(config, error.filename) if error.filename else page.template
            raise TemplateError(
                f"template syntax error: {error.message}", where, error.lineno
            ) from None
        except jinja2.TemplateNotFound as error:
            raise TemplateError(
                f"template {error.name!r} not found in templates/ or the theme"
            ) from None
        except jinja2.UndefinedError as error:
            raise TemplateError(f"{page.template}: {error.message}") from None
        target = staging / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        if progress:
            progress(number, len(pages))
    return len(pages)
