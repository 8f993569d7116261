"""The same releases in the layouts Hugo and Pelican read, for side-by-side timings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from i18n_news.catalogs import catalog_path, read_catalog, release_domain
from i18n_news.config import load_config
from i18n_news.content import load_releases

HUGO_CONFIG = """\
baseURL = "https://news.example.org/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
[languages.en]
languageName = "English"
weight = 1
[languages.fr]
languageName = "Français"
weight = 2
[languages.sv]
languageName = "Svenska"
weight = 3
"""
HUGO_LAYOUT = """\
<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><h1>{{ .Title }}</h1><p>{{ .Date.Format "January 2, 2006" }}</p>{{ .Content }}
<ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul>
</body></html>
"""
HUGO_LIST = """\
<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul></body></html>
"""
PELICAN_CONFIG = """\
SITENAME = "Benchmark News"
SITEURL = ""
PATH = "content"
DEFAULT_LANG = "en"
TIMEZONE = "America/Toronto"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
ARTICLE_TRANSLATION_ID = "slug"
DEFAULT_PAGINATION = 10
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
    if target.exists():
        shutil.rmtree(target)
    (target / "layouts/_default").mkdir(parents=True)
    (target / "hugo.toml").write_text(HUGO_CONFIG)
    (target / "layouts/_default/single.html").write_text(HUGO_LAYOUT)
    (target / "layouts/_default/list.html").write_text(HUGO_LIST)
    dates = {r.slug: r.published for r in load_releases(load_config(root))}
    for (slug, code), (title, summary, body) in translated_bodies(root).items():
        page = target / "content" / "releases" / f"{slug}.{code}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"---\n{_front(title, summary)}date: {dates[slug].isoformat()}\n---\n\n{body}"
        )
    return target


def write_pelican(root: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    (target / "pelicanconf.py").write_text(PELICAN_CONFIG)
    dates = {r.slug: r.published for r in load_releases(load_config(root))}
    for (slug, code), (title, summary, body) in translated_bodies(root).items():
        one_line = " ".join(summary.split())
        meta = f"Title: {title}\nDate: {dates[slug]:%Y-%m-%d %H:%M}\nSlug: {slug}\nLang: {code}\nSummary: {one_line}\n"
        (target / "content" / f"{slug}-{code}.md").write_text(f"{meta}\n{body}")
    return target
