"""The same releases in the layouts Hugo and Pelican read, for side-by-side timings.

The Hugo site builds the pages i18n-news builds, element for element (see ``HUGO_LAYOUTS``);
Pelican builds its default theme's pages, tags and feeds included, with the same page and
feed sizes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from i18n_news.catalogs import read_catalog
from i18n_news.config import load_config
from i18n_news.content import load_releases
from i18n_news.layout import SITE, catalog_path, release_domain
from i18n_news.pages import FEED_SIZE

#: What the Hugo site builds, page for page what i18n-news builds: in each language a page per
#: release, the index in pages of ``pagerSize``, a page and a feed per tag, a feed of the latest
#: releases, a "page not found", and a sitemap (no section pages, no taxonomy list).
HUGO_CONFIG = """\
baseURL = "https://news.example.org/"
title = "Benchmark News"
defaultContentLanguage = "{source}"
defaultContentLanguageInSubdir = true
disableKinds = ["section", "taxonomy"]
[pagination]
pagerSize = {per_page}
[taxonomies]
tag = "tags"
[outputs]
home = ["html", "rss"]
term = ["html", "rss"]
[services.rss]
limit = {feed_size}
"""
HUGO_LANGUAGE = """\
[languages.{code}]
languageName = {name}
languageCode = "{tag}"
weight = {weight}
"""
#: Hugo's i18n keys, and the interface strings of i18n-news's theme they stand for.
HUGO_STRINGS = {
    "press_release": "Press release",
    "published": "Published",
    "tags": "Tags",
    "all": "All press releases",
    "skip": "Skip to content",
    "languages": "Languages",
    "feed": "Atom feed",
    "releases": "Press releases",
    "not_found": "Page not found",
    "not_found_text": "There is no page at this address: it may have moved, or the link may be mistyped.",
}
#: The elements of i18n-news's default theme, in Hugo's templates: title, description, Open
#: Graph and article tags, schema.org data, canonical URL and hreflang alternates, a language
#: switcher, the localized date, the body, the release's tags, a feed link.
HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.LanguageCode }}" dir="{{ or site.Language.LanguageDirection "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
{{ block "meta" . }}{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}<link rel="alternate" hreflang="x-default" href="{{ site.BaseURL }}">
<link rel="alternate" type="application/rss+xml" href="{{ site.Home.RelPermalink }}index.xml" title="{{ site.Title }}: {{ i18n "releases" }}">
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<a class="skip" href="#main">{{ i18n "skip" }}</a>
<header class="site-header">
  <p class="site-name"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
  {{ partial "switcher.html" . }}
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }} · <a href="{{ site.Home.RelPermalink }}index.xml">{{ i18n "feed" }}</a></p></footer>
</body>
</html>
""",
    "partials/switcher.html": """\
{{ if gt (len .AllTranslations) 1 }}
<nav class="languages" aria-label="{{ i18n "languages" }}">
  <ul>
  {{ $here := .Language.Lang }}{{ range .AllTranslations }}
    <li><a href="{{ .RelPermalink }}" lang="{{ .Language.LanguageCode }}" hreflang="{{ .Language.LanguageCode }}"{{ if eq .Language.Lang $here }} aria-current="page"{{ end }}>{{ .Language.LanguageName }}</a></li>
  {{ end }}
  </ul>
</nav>
{{ end }}
""",
    "_default/single.html": """\
{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "meta" }}
<meta name="description" content="{{ .Summary | plainify }}">
{{ partial "og.html" (dict "page" . "type" "article" "title" .Title "description" (.Summary | plainify)) }}<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
<meta property="article:modified_time" content="{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}">
{{ range .Params.tags }}<meta property="article:tag" content="{{ . }}">
{{ end }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "NewsArticle" "@id" .Permalink "url" .Permalink "headline" .Title "description" (.Summary | plainify) "inLanguage" site.Language.LanguageCode "datePublished" (.Date.Format "2006-01-02T15:04:05-07:00") "keywords" .Params.tags "publisher" (dict "@type" "Organization" "name" site.Title "url" site.BaseURL) | jsonify | safeJS }}</script>
{{ end }}
{{ define "main" }}
<article class="release">
  <header>
    <p class="kicker">{{ i18n "press_release" }}</p>
    <h1>{{ .Title }}</h1>
    <p class="summary">{{ .Summary }}</p>
    <p class="published">{{ i18n "published" }} <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time></p>
  </header>
  <div class="body">
{{ .Content }}
  </div>
  {{ with .GetTerms "tags" }}
  <footer>
    <h2 class="tags-heading">{{ i18n "tags" }}</h2>
    <ul class="tags">
    {{ range . }}<li><a href="{{ .RelPermalink }}" rel="tag">{{ .LinkTitle }}</a></li>
    {{ end }}
    </ul>
  </footer>
  {{ end }}
</article>
<p class="back"><a href="{{ site.Home.RelPermalink }}">{{ i18n "all" }}</a></p>
{{ end }}
""",
    # The Open Graph tags of every page, as the default theme's base.html writes them.
    "partials/og.html": """\
<meta property="og:type" content="{{ .type }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .title }}">
{{ with .description }}<meta property="og:description" content="{{ . }}">
{{ end }}<meta property="og:url" content="{{ .page.Permalink }}">
<meta property="og:locale" content="{{ site.Language.LanguageCode }}">
{{ range .page.Translations }}<meta property="og:locale:alternate" content="{{ .Language.LanguageCode }}">
{{ end }}""",
    "partials/list.html": """\
<ol class="releases">
{{ range . }}
  <li>
    <article>
      <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
      <p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time></p>
      <p>{{ .Summary }}</p>
    </article>
  </li>
{{ end }}
</ol>
""",
    "_default/home.html": """\
{{ define "title" }}{{ i18n "releases" }} – {{ site.Title }}{{ end }}
{{ define "meta" }}
{{ partial "og.html" (dict "page" . "type" "website" "title" (printf "%s – %s" (i18n "releases") site.Title)) }}{{ end }}
{{ define "main" }}
<h1>{{ i18n "releases" }}</h1>
{{ $pager := .Paginate site.RegularPages }}
<p class="count">{{ $pager.TotalNumberOfElements }}</p>
{{ partial "list.html" $pager.Pages }}
<nav class="pagination">{{ with $pager.Prev }}<a href="{{ .URL }}" rel="prev">←</a>{{ end }} <span>{{ $pager.PageNumber }} / {{ $pager.TotalPages }}</span> {{ with $pager.Next }}<a href="{{ .URL }}" rel="next">→</a>{{ end }}</nav>
{{ end }}
""",
    "_default/term.html": """\
{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "meta" }}
{{ partial "og.html" (dict "page" . "type" "website" "title" (printf "%s – %s" .Title site.Title)) }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="count">{{ len .Pages }}</p>
{{ partial "list.html" .Pages }}
<p class="back"><a href="{{ site.Home.RelPermalink }}">{{ i18n "all" }}</a> · <a href="{{ .RelPermalink }}index.xml" type="application/rss+xml">{{ i18n "feed" }}</a></p>
{{ end }}
""",
    "404.html": """\
{{ define "title" }}{{ i18n "not_found" }} – {{ site.Title }}{{ end }}
{{ define "meta" }}<meta name="robots" content="noindex">{{ end }}
{{ define "main" }}
<h1>{{ i18n "not_found" }}</h1>
<p>{{ i18n "not_found_text" }}</p>
<p class="back"><a href="{{ site.Home.RelPermalink }}">{{ i18n "all" }}</a></p>
{{ end }}
""",
}
PELICAN_CONFIG = """\
SITENAME = "Benchmark News"
SITEURL = ""
PATH = "content"
DEFAULT_LANG = "en"
TIMEZONE = "America/Toronto"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
ARTICLE_TRANSLATION_ID = "slug"
DEFAULT_PAGINATION = {per_page}
FEED_MAX_ITEMS = {feed_size}
"""


def translated_bodies(root: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(slug, language) -> (title, summary, body), the body with every translated block replaced."""
    config = load_config(root)
    result = {}
    for release in load_releases(config):
        result[(release.slug, "en")] = (release.title, release.summary, release.body)
        for language in config.targets:
            loaded = read_catalog(
                config, catalog_path(config, language, release_domain(release.slug))
            )
            translations = (
                {m.msgid: m.msgstr for m in loaded.catalog if m.translated} if loaded else {}
            )
            body = release.body
            for block in release.blocks:
                if block.text in translations and "\n" not in block.text:
                    body = body.replace(block.text, translations[block.text])
            result[(release.slug, language.code)] = (
                translations.get(release.title, release.title),
                translations.get(release.summary, release.summary),
                body,
            )
    return result


def _front(title: str, summary: str) -> str:
    return f"title: {json.dumps(title)}\nsummary: {json.dumps(summary)}\n"


def write_hugo(root: Path, target: Path) -> Path:
    """The newsroom as a Hugo site (translation by file name) that builds the pages i18n-news
    builds, with its interface strings from the newsroom's own catalogs."""
    if target.exists():
        shutil.rmtree(target)
    config = load_config(root)
    settings = HUGO_CONFIG.format(
        source=config.source.code, per_page=config.per_page, feed_size=FEED_SIZE
    )
    for weight, language in enumerate(config.languages, start=1):
        settings += HUGO_LANGUAGE.format(
            code=language.code, name=json.dumps(language.name), tag=language.tag, weight=weight
        )
    (target / "i18n").mkdir(parents=True)
    (target / "hugo.toml").write_text(settings)
    for name, layout in HUGO_LAYOUTS.items():
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(layout)
    for language in config.languages:
        loaded = read_catalog(config, catalog_path(config, language, SITE))
        translated = {m.msgid: m.msgstr for m in loaded.catalog if m.translated} if loaded else {}
        (target / "i18n" / f"{language.code}.toml").write_text("".join(
            f"{key} = {json.dumps(translated.get(text, text))}\n"
            for key, text in HUGO_STRINGS.items()
        ))  # fmt: skip
    releases = {r.slug: r for r in load_releases(config)}
    for (slug, code), (title, summary, body) in translated_bodies(root).items():
        release = releases[slug]
        page = target / "content" / "releases" / f"{slug}.{code}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"---\n{_front(title, summary)}date: {release.published.isoformat()}\n"
            f"tags: {json.dumps(list(release.tags))}\n---\n\n{body}"
        )
    return target


def write_pelican(root: Path, target: Path) -> Path:
    """The newsroom as a Pelican site (translations linked by their slug), with its tags and
    i18n-news's page and feed sizes."""
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    config = load_config(root)
    (target / "pelicanconf.py").write_text(
        PELICAN_CONFIG.format(per_page=config.per_page, feed_size=FEED_SIZE)
    )
    releases = {r.slug: r for r in load_releases(config)}
    for (slug, code), (title, summary, body) in translated_bodies(root).items():
        release = releases[slug]
        one_line = " ".join(summary.split())
        meta = (
            f"Title: {title}\nDate: {release.published:%Y-%m-%d %H:%M}\nSlug: {slug}\n"
            f"Lang: {code}\nTags: {', '.join(release.tags)}\nSummary: {one_line}\n"
        )
        (target / "content" / f"{slug}-{code}.md").write_text(f"{meta}\n{body}")
    return target
