"""The pages of the site and their fingerprints, planned from what a build publishes.

Every page is a :class:`Page`: its URL, template, language, what it is rendered with, and a
fingerprint of everything it is made from (a page listing releases: of what it shows of each).
:func:`plan_pages` plans the whole site; :func:`replan` plans the few releases an edit changed
alone, against what the last build's record kept of every release.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from .build_record import BuildReport, LastBuild, Listed
from .cache import code_version, digest
from .config import Config, Language
from .content import check_tag_pages, read_release_head, slugify
from .errors import NewsroomError
from .layout import release_of_catalog
from .model import Release
from .publication import Plan, plan_publication
from .render import LocalizedRelease, render_release_body, structured_data
from .resources import resource_digests, site_resources
from .versions import Versions


@dataclass(frozen=True)
class Page:
    """One file of the built site, rendered from a template in one language."""

    url: str
    template: str
    language: Language
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    #: A digest of everything the page is made from; "" for pages always rendered again.
    fingerprint: str = ""
    #: Whether the page lists language versions of releases (an index, a tag page, a feed):
    #: its fingerprint then has what it shows of each (see :func:`listing_fingerprint`).
    listing: bool = False
    #: Whether hosts show the page at any address (``404.html``): its links then start at
    #: the site's root, not at the page.
    anywhere: bool = False

    @property
    def file(self) -> str:
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url


def release_url(language: Language, slug: str) -> str:
    return f"{language.code}/{slug}/"


def index_url(language: Language) -> str:
    return f"{language.code}/"


#: Releases in each language's feed: the latest.
FEED_SIZE = 20


def feed_url(language: Language) -> str:
    return f"{language.code}/feed.xml"


def page_url(language: Language, number: int) -> str:
    """The n-th page of a language's index of releases (1 is the index itself)."""
    return index_url(language) if number == 1 else f"{language.code}/page/{number}/"


def tag_url(language: Language, tag: str) -> str:
    return f"{language.code}/tags/{slugify(tag)}/"


def tag_feed_url(language: Language, tag: str) -> str:
    """The feed of the latest releases with ``tag`` in ``language``, beside the tag's page."""
    return tag_url(language, tag) + "feed.xml"


def switcher_links(
    languages: Iterable[Language], alternates: list[tuple[Language, str]]
) -> list[tuple[Language, str]]:
    """The language switcher's links of a page with ``alternates``: each language of the
    newsroom, to the page's version in it, or to its index where the page has none (a later
    index page another language has no page of, a release or tag it does not publish)."""
    versions = {language.code: url for language, url in alternates}
    return [(other, versions.get(other.code) or index_url(other)) for other in languages]


def _index_pages(
    config: Config,
    language: Language,
    versions: list[LocalizedRelease],
    common: dict[str, Any],
    published: dict[str, list[Release]],
) -> list[Page]:
    """The paginated index of a language, newest first, and its tag pages (``published``: the
    releases of each language, by code)."""
    pages = []
    size = config.per_page
    count = max(1, -(-len(versions) // size))
    for number in range(1, count + 1):
        # A page has alternates in the languages that have as many pages.
        others = [
            other for other in config.languages
            if number == 1 or len(published[other.code]) > (number - 1) * size
        ]  # fmt: skip
        alternates = [(other, page_url(other, number)) for other in others]
        pages.append(Page(page_url(language, number), "index.html", language, {
            **common,
            "releases": versions[(number - 1) * size : number * size],
            "total": len(versions),
            "pagination": {
                "number": number, "count": count,
                "previous": page_url(language, number - 1) if number > 1 else None,
                "next": page_url(language, number + 1) if number < count else None,
            },
            "alternates": alternates,
            "switcher": switcher_links(config.languages, alternates),
        }))  # fmt: skip
    tags: dict[str, list[LocalizedRelease]] = {}
    for version in versions:
        for tag, _ in version.tags:
            tags.setdefault(tag, []).append(version)
    # The tags each language has a page of (a tag page's alternates).
    tagged_in = {
        code: {tag for release in releases for tag in release.tags}
        for code, releases in published.items()
    }
    for tag, tagged in sorted(tags.items()):
        others = [other for other in config.languages if tag in tagged_in[other.code]]
        alternates = [(other, tag_url(other, tag)) for other in others]
        name = dict(tagged[0].tags)[tag]
        feed = tag_feed_url(language, tag)
        pages.append(Page(tag_url(language, tag), "tag.html", language, {
            **common, "tag": name, "tag_slug": tag, "releases": tagged, "feed": feed,
            "alternates": alternates, "switcher": switcher_links(config.languages, alternates),
        }))  # fmt: skip
        pages.append(Page(feed, "feed.xml", language, {
            **common, "tag": name, "tag_slug": tag, "releases": tagged[:FEED_SIZE],
            "home": tag_url(language, tag),
        }))  # fmt: skip
    return pages


def listed_of(release: Release, shown: Iterable[tuple[str, str]]) -> Listed:
    """What other pages show of ``release``, whose published versions show ``shown``: for
    each, its language and what lists show of it."""
    return (release.slug, release.draft, release.embargo, release.published, tuple(shown))


#: At most this many releases whose files changed are planned alone (see :func:`replan`).
REPLAN_MAX = 20


def replan(
    config: Config,
    record: LastBuild,
    versions: Versions,
    envs: dict[str, jinja2.Environment],
    edited: Mapping[Path, str],
    now: datetime,
) -> tuple[BuildReport, list[Page], dict[str, str]] | None:
    """The last build's plan with the releases whose files changed since planned again, alone:
    their pages to render, the report and every page's fingerprint. ``None`` unless what other
    pages show of those releases is the same (their texts in lists, front matter, languages
    published), no other file changed, and no page lists them whole: the whole site is then
    planned again (which reports any error in those files as usual).
    """
    last, drafts = record.last, record.state[1]
    listed, previous = record.previous_listed(), record.previous_pages()
    if last is None or not listed or not previous or record.previous_whole():
        return None
    if not record.same_but_inputs(now):
        return None
    # The releases the files changed (or removed) are of: their sources and catalogs.
    by_slug = {signature[0]: name for name, signature in listed.items()}
    targets = {language.code for language in config.targets}
    removed = [p for p in record.previous_inputs() if p not in versions.inputs]
    changed: set[str] = set()
    for name in [*map(str, edited), *removed]:
        catalog = release_of_catalog(config, name)
        if name in listed:
            changed.add(name)
        elif catalog is not None and catalog[0] in targets and catalog[1] in by_slug:
            changed.add(by_slug[catalog[1]])
        else:
            return None
    if not changed or len(changed) > REPLAN_MAX:
        return None
    report = last["report"]
    report = replace(report, held=list(report.held), incomplete=list(report.incomplete))
    fingerprints = dict(previous)
    todo: list[Page] = []
    for name in sorted(changed):
        if name not in versions.inputs:
            return None  # a release removed
        try:
            release = read_release_head(Path(name), config, versions.inputs[name])
            plan = plan_publication(config, [release], versions.stats, now, drafts=drafts)
        except NewsroomError:
            return None
        published = plan.versions.get(release.slug, [])
        localized = [
            localized_release(versions, release, language)
            for language in config.languages if language in published
        ]  # fmt: skip
        shown = [(v.language.code, v.shown_key) for v in localized]
        if listed_of(release, shown) != listed[name]:
            return None
        if _images_changed(config, plan, previous, versions.inputs):
            return None
        # What the report says of its versions.
        held = {(h.slug, h.language): h for h in plan.held}
        report.held = [held.get((h.slug, h.language), h) for h in report.held]
        report.incomplete = [item for item in report.incomplete if item[0] != release.slug]
        report.incomplete += [
            (release.slug, code, v.fallbacks, plan.decisions[release.slug, code].reason)
            for v in localized if (code := v.language.code) != config.source.code and v.fallbacks
        ]  # fmt: skip
        for version in localized:
            common = page_context(config, envs, version.language)
            page = release_page(config, versions, version, published, common)
            if fingerprints.get(page.file) != page.fingerprint:
                todo.append(page)
            fingerprints[page.file] = page.fingerprint
    output = os.path.join(config.output, "")
    if not all(os.path.isfile(output + name) for name in previous):
        return None  # a page removed from the site since: the whole site is planned again
    # In the order of a whole plan: by language, then newest release first.
    order = {signature[0]: (signature[3], signature[0]) for signature in listed.values()}
    places = {language.code: place for place, language in enumerate(config.languages)}
    report.incomplete.sort(key=lambda item: order[item[0]], reverse=True)
    report.incomplete.sort(key=lambda item: places[item[1]])
    return report, todo, fingerprints


def is_unchanged(versions: Versions, page: Page, before: str | None) -> bool:
    """Whether a page rendered with the fingerprint ``before`` is the page planned now."""
    if before is None or before == page.fingerprint:
        return before is not None
    return page.listing and before == listing_fingerprint(versions, page, whole=True)


def _images_changed(
    config: Config, plan: Plan, previous: Mapping[str, str], inputs: Mapping[str, str]
) -> bool:
    """Whether the images ``plan``'s release shows beside its pages differ from those the
    last build published for it (or one of them is missing: an error to report)."""
    try:
        now = resource_digests(config, inputs, site_resources(config, plan))
    except NewsroomError:
        return True
    folders = tuple(f"{language.code}/{release.slug}/" for release in plan.releases
                    for language in config.languages)  # fmt: skip
    pages = {folder + "index.html" for folder in folders}
    before = {
        name: content
        for name, content in previous.items()
        if name.startswith(folders) and name not in pages
    }
    return now != before


def plan_pages(
    config: Config,
    plan: Plan,
    versions: Versions,
    envs: dict[str, jinja2.Environment],
    report: BuildReport,
    shown: dict[str, list[tuple[str, str]]],
) -> list[Page]:
    """Every page of the site in ``plan``, and in ``shown`` (by release file) what lists show
    of each published version (see :func:`listed_of`)."""
    languages = config.languages
    check_tag_pages(plan.releases)
    pages = [Page("", "root.html", config.source, {"languages": languages})]
    published = {language.code: plan.releases_in(language) for language in languages}
    for language in languages:
        localized: list[LocalizedRelease] = []
        for release in published[language.code]:
            version = localized_release(versions, release, language)
            localized.append(version)
            shown.setdefault(release.path, []).append((language.code, version.shown_key))
            if version.fallbacks:
                decision = plan.decisions.get((release.slug, language.code))
                why = decision.reason if decision else ""
                report.incomplete.append((release.slug, language.code, version.fallbacks, why))
        common = page_context(config, envs, language)
        pages += _index_pages(config, language, localized, common, published)
        pages.append(not_found_page(f"{language.code}/{NOT_FOUND}", language, common))
        latest = {**common, "releases": localized[:FEED_SIZE], "home": index_url(language)}
        pages.append(Page(feed_url(language), "feed.xml", language, latest))
        pages += [
            release_page(config, versions, version, plan.versions[version.slug], common)
            for version in localized
        ]
    # The tag pages, each with its languages' pages (hreflang tag and URL), for the sitemap.
    tag_pages = [
        (page.url, tuple((other.tag, url) for other, url in page.context["alternates"]))
        for page in pages
        if page.template == "tag.html"
    ]
    pages += sitemap_pages(config, languages, plan, tag_pages)
    pages.append(Page("robots.txt", "robots.txt", config.source, {}))
    source = config.source
    pages.append(not_found_page(NOT_FOUND, source, page_context(config, envs, source)))
    for index, page in enumerate(pages):
        page.context.setdefault("env", envs[page.language.code])
        page.context.setdefault("lang", page.language)
        if not page.fingerprint:
            # Indexes, tags, feeds and the sitemap change only when what they list changes.
            fingerprint = listing_fingerprint(versions, page)
            pages[index] = replace(page, listing=True, fingerprint=fingerprint)
    return pages


#: What one sitemap may hold, as sitemaps.org allows: 50,000 addresses, 50 MB (kept under,
#: as each address's size is estimated before the sitemap is rendered).
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 45_000_000
#: Where the sitemaps of a site too large for one go, listed by ``sitemap.xml``: at the
#: site's root, as a sitemap lists only addresses under its own folder (sitemaps.org).
SITEMAP_PART = "sitemap-{}.xml"


def sitemap_pages(
    config: Config,
    languages: Sequence[Language],
    plan: Plan,
    tag_pages: list[tuple[str, tuple[tuple[str, str], ...]]],
) -> list[Page]:
    """``sitemap.xml``: the address of every index, release and tag page, with its other
    languages'; or, for a site with more addresses than one sitemap may hold, a sitemap index
    of sitemaps that each hold a part of them (each rendered by the ``sitemap.xml``
    template), as search engines read a large site's."""
    link = len(config.base_url) + 90  # an <xhtml:link> or a <loc>, at most (as slugs are)
    entries: list[tuple[str, Any, int, int]] = []  # kind, item, addresses, estimated bytes
    entries += [("language", language, 1, (1 + len(languages)) * link) for language in languages]
    for release in plan.releases:
        count = len(plan.versions[release.slug])
        entries.append(("release", release, count, count * (2 + count) * link))
    entries += [("tag", tag, 1, (1 + len(tag[1])) * link) for tag in tag_pages]
    parts: list[list[tuple[str, Any, int, int]]] = [[]]
    urls = size = 0
    for entry in entries:
        if parts[-1] and (
            urls + entry[2] > SITEMAP_MAX_URLS or size + entry[3] > SITEMAP_MAX_BYTES
        ):
            parts.append([])
            urls = size = 0
        parts[-1].append(entry)
        urls, size = urls + entry[2], size + entry[3]

    def sitemap(url: str, part: list[tuple[str, Any, int, int]]) -> Page:
        releases = [item for kind, item, *_ in part if kind == "release"]
        return Page(url, "sitemap.xml", config.source, {
            "languages": [item for kind, item, *_ in part if kind == "language"],
            "releases": releases,
            "versions": {release.slug: plan.versions[release.slug] for release in releases},
            "tag_pages": [item for kind, item, *_ in part if kind == "tag"],
            "release_url": release_url, "index_url": index_url,
        })  # fmt: skip

    if len(parts) == 1:
        return [sitemap("sitemap.xml", parts[0])]
    urls_of_parts = [SITEMAP_PART.format(number) for number in range(1, len(parts) + 1)]
    index = Page("sitemap.xml", "sitemap-index.xml", config.source, {"sitemaps": urls_of_parts})
    return [index, *(sitemap(url, part) for url, part in zip(urls_of_parts, parts, strict=True))]


#: The page static hosts answer with for an address the site does not have.
NOT_FOUND = "404.html"


def not_found_page(url: str, language: Language, common: dict[str, Any]) -> Page:
    """The "page not found" page in ``language`` at ``url``: the site's root has the source
    language's (what every host shows), and each language's folder its own (what hosts that
    look for the nearest one, and ``serve``, show for an address in that folder)."""
    context = {**common, "alternates": [], "switcher": []}
    return Page(url, NOT_FOUND, language, context, anywhere=True)


def listing_fingerprint(versions: Versions, page: Page, whole: bool = False) -> str:
    """The fingerprint of a page listing versions of releases: what it shows of each, or,
    ``whole``, what each is made from (for a page whose template reads the rest of them: see
    :class:`LocalizedRelease`)."""
    site_digest = versions.site_digest(page.language)
    key = (code_version(), versions.shared, site_digest, page.template, page.url,
           page.language.code, whole, _context_key(page.context, whole))  # fmt: skip
    return digest(repr(key).encode())


def page_context(
    config: Config, envs: dict[str, jinja2.Environment], language: Language
) -> dict[str, Any]:
    """What every page in ``language`` is rendered with: the language, all languages, and its
    Jinja environment (the same whether the plan or a worker rendering ahead makes the page)."""
    return {"lang": language, "languages": config.languages, "env": envs[language.code]}


def localized_release(versions: Versions, release: Release, language: Language) -> LocalizedRelease:
    """The version of ``release`` in ``language`` as pages show it (its body made when shown)."""
    text, key = versions.listed(release, language)
    source = versions.config.source
    return LocalizedRelease(
        release, language, text.title, text.summary, text.dateline, text.date_text, text.tags,
        text.fallbacks, partial(_render_body, versions, release, language, source, text.dateline),
        text.shown, f"{release.slug}:{key}",
    )  # fmt: skip


def release_page(
    config: Config,
    versions: Versions,
    version: LocalizedRelease,
    published: list[Language],
    common: dict[str, Any],
) -> Page:
    """The page of a language version of a release published in ``published`` languages."""
    release, language = version.release, version.language
    fingerprint = digest("|".join([
        code_version(), versions.shared, versions.site_digest(language),
        versions.inputs_key(release, language),
        *(lang.code for lang in published),
    ]).encode())  # fmt: skip
    alternates = [(other, release_url(other, release.slug)) for other in published]
    return Page(release_url(language, release.slug), "release.html", language, {
        **common, "release": version, "alternates": alternates,
        "switcher": switcher_links(config.languages, alternates),
        # Made only if the page is rendered.
        "structured_data": partial(structured_data, config, version, published),
        "tag_url": lambda tag, lang=language: tag_url(lang, tag),
    }, fingerprint)  # fmt: skip


def _render_body(
    versions: Versions, release: Release, language: Language, source: Language, dateline: str
) -> str:
    translations = versions.catalogs.translations(language, release.slug)
    layout = versions.layouts.get(release.slug)
    return render_release_body(
        versions.full(release), language, source, translations, dateline, layout
    )


def _context_key(value: Any, whole: bool = False) -> Any:
    """What of a page's context shows on the page, as plain data, for its fingerprint.

    A language version of a release, listed on many pages, is the key of what a list shows
    of it, or with ``whole``, of what it is made from.
    """
    if isinstance(value, LocalizedRelease):
        return value.inputs_key if whole else value.shown_key
    if isinstance(value, Release):
        return (value.slug, value.modified.isoformat())
    if isinstance(value, Language):
        return value.code
    if isinstance(value, dict):
        return tuple(
            (key, _context_key(item, whole)) for key, item in sorted(value.items())
            if key not in ("env", "lang") and not callable(item)
        )  # fmt: skip
    if isinstance(value, list | tuple):
        # Long lists of versions (a tag's) or languages (the sitemap's): their keys here.
        return tuple(
            (item.inputs_key if whole else item.shown_key) if type(item) is LocalizedRelease
            else item.code if type(item) is Language
            else _context_key(item, whole)
            for item in value
        )  # fmt: skip
    return value
