"""The built site, read back with an HTML parser and an XML parser."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import Result

from i18n_news.cache import CACHE_DIR, digest
from i18n_news.config import load_config
from i18n_news.errors import TemplateError
from i18n_news.layout import NOT_OWN
from i18n_news.site import build_site

from .conftest import CONFIG, DATA, msgfmt_check, replace_in

RELEASE = (DATA / "full-release.md").read_text()
OLDER = RELEASE.replace("2023-03-01", "2022-02-09").replace(
    "joint *applied AI* lab", "older release"
)
FR_PO = """\
msgid ""
msgstr ""
"Language: fr_CA\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Mila and AI Sweden open a joint *applied AI* lab"
msgstr "Mila et AI Sweden ouvrent un laboratoire <script>alert(1)</script>"

#, fuzzy
msgid "The lab will host 12 researchers from both countries for two years."
msgstr "Traduction floue qui ne doit pas paraître."
"""
SITE_PO = """\
msgid ""
msgstr ""
"Language: fr_CA\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Press releases"
msgstr "Communiqués de presse"

msgid "Page not found"
msgstr "Page introuvable"

msgid "Tags"
msgstr "Tags"

msgid "%(num)d press release"
msgid_plural "%(num)d press releases"
msgstr[0] "%(num)d communiqué"
msgstr[1] "%(num)d communiqués"

msgctxt "tag"
msgid "research"
msgstr "recherche"
"""


@pytest.fixture
def site(make_newsroom: Callable[..., Path]) -> Path:
    root = make_newsroom(
        {
            "content/2023/joint-lab.md": RELEASE,
            "content/2022/older.md": OLDER,
            "locales/fr/LC_MESSAGES/releases/joint-lab.po": FR_PO,
            "locales/fr/LC_MESSAGES/site.po": SITE_PO,
        }
    )
    build_site(load_config(root))
    return root / "public"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def test_layout(site: Path) -> None:
    expected = {"index.html", "404.html", "sitemap.xml", "robots.txt", "static/style.css"}
    for lang in ("en", "fr", "sv"):
        expected |= {
            f"{lang}/index.html",
            f"{lang}/404.html",
            f"{lang}/feed.xml",
            f"{lang}/joint-lab/index.html",
            f"{lang}/joint-lab/images/lab.jpg",
            f"{lang}/older/index.html",
            f"{lang}/older/images/lab.jpg",
            f"{lang}/tags/partnerships/index.html",
            f"{lang}/tags/partnerships/feed.xml",
            f"{lang}/tags/research/index.html",
            f"{lang}/tags/research/feed.xml",
        }
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert built == expected


def test_the_files_of_static_root_go_to_the_sites_root(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({
        "content/2023/joint-lab.md": RELEASE,
        "static/root/CNAME": "news.example.org\n",
        "static/root/.well-known/security.txt": "Contact: mailto:press@example.org\n",
        "static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })  # fmt: skip
    assert run(root, "build").exit_code == 0
    site = root / "public"

    def files() -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    built = files()
    assert built["CNAME"] == b"news.example.org\n"
    assert ".well-known/security.txt" in built and "static/logo.svg" in built
    assert not any(name.startswith("static/root/") for name in built)
    # Gone from static/root/: gone from the site, as from a cold build.
    (root / "static/root/CNAME").unlink()
    assert run(root, "build").exit_code == 0
    warm = files()
    assert "CNAME" not in warm
    shutil.rmtree(site)
    shutil.rmtree(root / CACHE_DIR)
    assert run(root, "build").exit_code == 0
    assert files() == warm
    # A file the site writes itself is not replaced: the build says which, and writes nothing.
    (root / "static/root/robots.txt").write_text("User-agent: *\nDisallow: /\n")
    result = run(root, "build")
    assert result.exit_code == 1
    assert "static/root/robots.txt: the site writes robots.txt itself" in result.output
    assert files() == warm
    (root / "static/root/robots.txt").unlink()
    (root / "static/root/static").mkdir()
    (root / "static/root/static/style.css").write_text("body { color: red }")
    result = run(root, "build")
    assert result.exit_code == 1
    assert "static/root/static/style.css: the site writes static/style.css itself" in result.output
    assert files() == warm
    shutil.rmtree(root / "static/root/static")
    # Nor a file where the site has a folder, nor one below a file of the site's.
    (root / "static/root/fr").write_text("x")
    result = run(root, "build")
    assert result.exit_code == 1 and "static/root/fr: the site has a folder fr/" in result.output
    (root / "static/root/fr").unlink()
    (root / "static/root/en/index.html").mkdir(parents=True)
    (root / "static/root/en/index.html/z").write_text("x")
    result = run(root, "build")
    assert result.exit_code == 1
    assert "static/root/en/index.html/z: the site writes en/index.html itself" in result.output
    assert files() == warm


@pytest.mark.parametrize(
    ("link", "shown"),
    [
        (
            "content/2023/images/lab.jpg",
            "content/2023/joint-lab.md:{line}: image 'images/lab.jpg' is a link to {target}",
        ),
        ("static/logo.svg", "static/logo.svg: a link to {target}"),
        ("static/root/CNAME", "static/root/CNAME: a link to {target}"),
        ("templates/partials/footer.html", "templates/partials/footer.html: a link to {target}"),
        ("templates/partials", "templates/partials: a link to {target}"),
    ],
)
@pytest.mark.parametrize("where", ["outside", ".git"])
def test_a_link_to_a_file_not_the_newsrooms_own_is_never_published(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    tmp_path: Path,
    link: str,
    shown: str,
    where: str,
) -> None:
    # A pull request built for a preview may commit links to the machine's files, or to
    # the repository's settings (where a CI keeps its credentials).
    root = make_newsroom({
        "content/2023/joint-lab.md": RELEASE,
        "static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "static/root/CNAME": "news.example.org\n",
    })  # fmt: skip
    assert run(root, "build").exit_code == 0
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    secret = tmp_path / "secret" if where == "outside" else root / ".git/config"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("token = s3cret\n")
    target = secret.parent if link == "templates/partials" else secret
    path = root / link
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
    _link(path, target)
    result = run(root, "build")
    line = RELEASE.splitlines().index("![Researchers at work in the new lab](images/lab.jpg)") + 1
    assert result.exit_code == 1
    expected = shown.format(line=line, target=target)
    assert result.output == (
        f"error: {expected}, not a file of the newsroom: a build publishes only its own files\n"
    )
    after = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    assert after == before
    assert not any(b"s3cret" in data for data in after.values())


def test_a_link_to_the_newsrooms_own_folder_is_refused(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # static/root/ linked to the newsroom: its whole folder, .git/ included, would be copied.
    root = make_newsroom({"content/2023/joint-lab.md": RELEASE})
    (root / "static").mkdir()
    _link(root / "static/root", root)
    result = run(root, "build")
    assert result.exit_code == 1
    assert result.output == f"error: static/root: a link to {root}, {NOT_OWN}\n"


def test_a_link_to_one_of_the_newsrooms_own_files_is_published(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({
        "content/2023/joint-lab.md": RELEASE,
        "content/shared/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })  # fmt: skip
    image = root / "content/2023/images/lab.jpg"
    shared = root / "content/shared/lab.jpg"
    shared.write_bytes(image.read_bytes())
    image.unlink()
    _link(image, shared)
    (root / "static").mkdir()
    _link(root / "static/logo.svg", root / "content/shared/logo.svg")
    assert run(root, "build").exit_code == 0
    assert (root / "public/fr/joint-lab/images/lab.jpg").read_bytes() == shared.read_bytes()
    logo = (root / "content/shared/logo.svg").read_bytes()
    assert (root / "public/static/logo.svg").read_bytes() == logo


def _link(path: Path, target: Path) -> None:
    try:
        path.symlink_to(target)
    except OSError:  # a system that lets only administrators make links
        pytest.skip("links cannot be made here")


def test_a_build_for_another_address_is_the_cold_build_for_it(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": RELEASE})
    site = root / "public"

    def files() -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    def cold(*arguments: str) -> dict[str, bytes]:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
        assert run(root, "build", *arguments).exit_code == 0
        return files()

    staging = "https://staging.example.org/news"
    production = cold()
    assert run(root, "build", "--base-url", staging).exit_code == 0
    for_staging = files()
    robots = for_staging["robots.txt"].decode()
    assert "Sitemap: https://staging.example.org/news/sitemap.xml" in robots
    assert b"https://news.example.org/" not in for_staging["en/joint-lab/index.html"]
    # Built again without it: the site for the newsroom's own address, as a cold build.
    assert run(root, "build").exit_code == 0
    assert files() == production
    assert cold("--base-url", staging) == for_staging
    monkeypatch.setenv("I18N_NEWS_BASE_URL", staging + "/")
    assert cold() == for_staging
    monkeypatch.delenv("I18N_NEWS_BASE_URL")
    result = run(root, "build", "--base-url", "staging.example.org")
    assert result.exit_code == 2 and "is not an absolute http(s) URL" in result.output


def test_every_page_has_reciprocal_hreflang_and_canonical(site: Path) -> None:
    alternates: dict[str, dict[str, str]] = {}
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # shown at any address: none is its own
            continue
        html = soup(page)
        canonical = html.find("link", rel="canonical")["href"]
        links = {link["hreflang"]: link["href"] for link in html.find_all("link", hreflang=True)}
        assert links["x-default"] == "https://news.example.org/"
        assert canonical.startswith("https://news.example.org/")
        alternates[canonical] = links
    for canonical, links in alternates.items():
        if canonical == "https://news.example.org/":
            continue
        assert canonical in links.values(), f"{canonical} does not reference itself"
        for tag, href in links.items():
            if tag == "x-default":  # the language chooser, for every page
                continue
            assert canonical in alternates[href].values(), (
                f"{href} does not link back to {canonical}"
            )


@pytest.mark.parametrize("base_url", ["https://news.example.org/", "https://example.org/news/"])
def test_the_page_not_found_of_each_language_works_at_any_address(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], base_url: str
) -> None:
    root = make_newsroom({
        "content/2023/joint-lab.md": RELEASE,
        "locales/fr/LC_MESSAGES/site.po": SITE_PO,
    })  # fmt: skip
    assert run(root, "build", "--base-url", base_url).exit_code == 0
    site = root / "public"
    path = urlsplit(base_url).path
    for name, lang, heading in [
        ("404.html", "en", "Page not found"),  # what every host shows
        ("en/404.html", "en", "Page not found"),
        ("fr/404.html", "fr-CA", "Page introuvable"),
        ("sv/404.html", "sv-SE", "Page not found"),  # not translated: the source's text
    ]:
        html = soup(site / name)
        assert html.html["lang"] == lang and html.h1.get_text() == heading
        assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert not html.find("link", rel="canonical") and not html.find("nav", class_="languages")
        # Shown for a missing page deep in the site, every link still finds its file.
        shown_at = urljoin(base_url, f"{name.rpartition('/')[0]}/no/such/page/")
        targets = [a["href"] for a in html.find_all("a")] + [
            link["href"] for link in html.find_all("link")
        ]
        assert any(target == f"{path}{lang[:2]}/" for target in targets)  # the language's home
        for target in targets:
            if target.startswith("#"):
                continue
            assert target.startswith(path), target
            address = urljoin(shown_at, target)
            file = site / urlsplit(address).path.removeprefix(path)
            assert (file / "index.html" if target.endswith("/") else file).is_file(), target
    # Not in the sitemap, which lists what search engines should index.
    assert "404" not in (site / "sitemap.xml").read_text()


def test_a_404_page_of_the_newsrooms_own_replaces_the_root_one(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    own = "<!DOCTYPE html><title>Not here</title><h1>Nothing at this address</h1>"
    root = make_newsroom({"content/2023/joint-lab.md": RELEASE, "static/root/404.html": own})
    assert run(root, "build").exit_code == 0
    assert (root / "public/404.html").read_text() == own
    assert soup(root / "public/fr/404.html").h1.get_text() == "Page not found"


def test_interface_strings_shown_untranslated_are_marked_as_the_source_language(
    site: Path,
) -> None:
    index = soup(site / "fr/index.html")
    assert index.h1.get_text() == "Communiqués de presse" and not index.h1.has_attr("lang")
    assert not index.find(class_="count").has_attr("lang")
    skip = index.find("a", class_="skip")
    assert skip.get_text() == "Skip to content" and skip["lang"] == "en"
    release = soup(site / "fr/joint-lab/index.html")
    assert release.find(class_="kicker")["lang"] == "en"
    # Beside the date, in French, the word alone.
    published = release.find(class_="published")
    assert published.span["lang"] == "en" and published.span.get_text() == "Published"
    assert not published.time.has_attr("lang") and not published.has_attr("lang")
    # A translation may be the source's very text: it is French all the same.
    assert not release.find(class_="tags-heading").has_attr("lang")
    # A tag's name the site catalog does not translate is the English one, marked so, on the
    # release's page and on the tag's own.
    tags = {a.get_text(): a.get("lang") for a in release.find(class_="tags").find_all("a")}
    assert tags == {"partnerships": "en", "recherche": None}
    assert soup(site / "fr/tags/partnerships/index.html").h1["lang"] == "en"
    assert not soup(site / "fr/tags/research/index.html").h1.has_attr("lang")
    assert release.find("footer", class_="site-footer").a["lang"] == "en"
    not_found = soup(site / "fr/404.html")
    assert not not_found.h1.has_attr("lang") and not_found.main.find_all("p")[0]["lang"] == "en"
    # On the source language's pages, nothing is a fallback.
    english = soup(site / "en/joint-lab/index.html")
    assert not english.find_all(lambda tag: tag.has_attr("lang") and tag.name != "html"
                                and not tag.find_parent("nav"))  # fmt: skip


def test_language_switcher_leads_to_the_same_release(site: Path) -> None:
    html = soup(site / "sv/joint-lab/index.html")
    switcher = html.find("nav", class_="languages")
    targets = {a["hreflang"]: a["href"] for a in switcher.find_all("a")}
    assert targets == {"en": "../../en/joint-lab/", "fr-CA": "../../fr/joint-lab/", "sv-SE": "./"}
    for href in targets.values():
        assert (site / "sv/joint-lab" / href / "index.html").resolve().is_file()


def test_language_switcher_leads_to_the_index_where_a_page_has_no_version(
    make_newsroom: Callable[..., Path],
) -> None:
    # The older release is held back in French and Swedish (untranslated); one release a
    # page: English has a second index page, French and Swedish none.
    held = OLDER.replace("tags:", "policy: {min_translated: 100, below: hold}\ntags:", 1)
    root = make_newsroom(
        {"content/2023/joint-lab.md": RELEASE, "content/2022/older.md": held},
        config=CONFIG.replace('output = "public"\n', 'output = "public"\nper_page = 1\n'),
    )
    build_site(load_config(root))
    site = root / "public"
    assert not (site / "fr/older").exists() and not (site / "fr/page/2").exists()
    for page in ("en/page/2/index.html", "en/older/index.html"):
        html = soup(site / page)
        links = {a["hreflang"]: a["href"] for a in html.find("nav", class_="languages")("a")}
        assert set(links) == {"en", "fr-CA", "sv-SE"}
        # Each language's own index, the reader's own language marked as this page.
        for tag, code in (("fr-CA", "fr"), ("sv-SE", "sv")):
            assert (site / page).parent.joinpath(links[tag]).resolve() == site / code
        current = html.find("nav", class_="languages").find("a", attrs={"aria-current": "page"})
        assert current["hreflang"] == "en"
        assert (site / page).parent.joinpath(current["href"]).resolve() == (site / page).parent
        # A search engine is told of no version in French or Swedish.
        alternates = {link["hreflang"] for link in html.find_all("link", hreflang=True)}
        assert alternates == {"en", "x-default"}
    # Where every language has the page, the switcher leads to it, as before.
    links = {a["hreflang"]: a["href"] for a in soup(site / "fr/index.html").find("nav")("a")}
    assert links == {"en": "../en/", "fr-CA": "./", "sv-SE": "../sv/"}


def test_a_translation_of_spaces_alone_shows_the_english_marked_so(
    make_newsroom: Callable[..., Path],
) -> None:
    blank = FR_PO.replace(
        'msgstr "Mila et AI Sweden ouvrent un laboratoire <script>alert(1)</script>"', 'msgstr " "'
    )
    blank += '\nmsgid "Two programmes"\nmsgstr "\\t"\n'
    root = make_newsroom({
        "content/2023/joint-lab.md": RELEASE,
        "locales/fr/LC_MESSAGES/releases/joint-lab.po": blank,
        "locales/fr/LC_MESSAGES/site.po": SITE_PO.replace('msgstr "Communiqués de presse"', 'msgstr " "'),
    })  # fmt: skip
    assert msgfmt_check(root / "locales/fr/LC_MESSAGES/releases/joint-lab.po").returncode == 0
    report = build_site(load_config(root))
    page = soup(root / "public/fr/joint-lab/index.html")
    assert (
        page.h1["lang"] == "en"
        and page.h1.get_text() == "Mila and AI Sweden open a joint applied AI lab"
    )
    assert page.find("h2", string="Two programmes")["lang"] == "en"
    index = soup(root / "public/fr/index.html")
    assert index.h1.get_text() == "Press releases" and index.h1["lang"] == "en"
    assert any(slug == "joint-lab" and language == "fr" for slug, language, *_ in report.incomplete)


def test_a_title_with_a_link_is_one_link_to_its_release_on_lists(
    make_newsroom: Callable[..., Path],
) -> None:
    linked = RELEASE.replace(
        "title: Mila and AI Sweden open a joint *applied AI* lab",
        "title: Mila joins [GPAI](https://gpai.ai) and *AI Sweden*",
    )
    root = make_newsroom({"content/2023/joint-lab.md": linked})
    build_site(load_config(root))
    release = soup(root / "public/en/joint-lab/index.html")
    assert release.h1.a["href"] == "https://gpai.ai"  # the release's own page keeps it
    for page in ("en/index.html", "fr/index.html", "en/tags/research/index.html"):
        heading = soup(root / "public" / page).find("ol", class_="releases").h2
        [link] = heading.find_all("a")
        assert link["href"].endswith("joint-lab/") and not link.find("a")
        assert heading.get_text() == "Mila joins GPAI and AI Sweden" and link.em


def test_translations_escaped_fuzzy_ignored_interface_translated(site: Path) -> None:
    html = soup(site / "fr/joint-lab/index.html")
    assert (
        html.h1.get_text() == "Mila et AI Sweden ouvrent un laboratoire <script>alert(1)</script>"
    )
    # The only script is JSON-LD data, and the hostile title stays data inside it.
    assert [s["type"] for s in html.find_all("script")] == ["application/ld+json"]
    data = json.loads(html.find("script").string)
    assert data["headline"] == "Mila et AI Sweden ouvrent un laboratoire <script>alert(1)</script>"
    assert "</script>" not in html.find("script").string
    summary = html.find(class_="summary")
    assert summary["lang"] == "en" and summary.get_text().startswith("The lab will host")
    assert [li.get_text() for li in html.find("ul", class_="tags").find_all("li")] == [
        "partnerships",
        "recherche",
    ]
    index = soup(site / "fr/index.html")
    assert index.h1.get_text() == "Communiqués de presse"
    assert index.find(class_="count").get_text() == "2 communiqués"


def test_index_is_newest_first_with_localized_dates(site: Path) -> None:
    html = soup(site / "fr/index.html")
    assert [a["href"] for a in html.select("ol.releases h2 a")] == ["joint-lab/", "older/"]
    assert [t.get_text() for t in html.select("ol.releases time")] == [
        "1er mars 2023",
        "9 février 2022",
    ]
    swedish = soup(site / "sv/index.html")
    assert [t.get_text() for t in swedish.select("ol.releases time")] == [
        "1 mars 2023",
        "9 februari 2022",
    ]


def test_root_page_lets_readers_choose_a_language(site: Path) -> None:
    html = soup(site / "index.html")
    choices = {a["lang"]: a["href"] for a in html.select("ul.language-choice a")}
    assert choices == {"en": "en/", "fr-CA": "fr/", "sv-SE": "sv/"}
    assert html.find("script") is None  # remembers nothing


def test_feeds_and_sitemap_are_valid_xml_with_absolute_links(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "fr/feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr-CA"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}id").text for e in entries] == [
        "https://news.example.org/fr/joint-lab/",
        "https://news.example.org/fr/older/",
    ]
    assert feed.find(f"{atom}updated").text == "2023-03-01T00:00:00-05:00"
    # The feed is named as the pages' link to it names it.
    link = soup(site / "fr/index.html").find("link", type="application/atom+xml")
    assert feed.find(f"{atom}title").text == link["title"]
    # Each tag has its feed, beside its page, named as the page's link names it.
    tag_page = soup(site / "fr/tags/research/index.html")
    tag_links = tag_page.find_all("link", type="application/atom+xml")
    assert [link["href"] for link in tag_links] == ["../../feed.xml", "feed.xml"]
    assert tag_page.find("a", type="application/atom+xml")["href"] == "feed.xml"
    tag_feed = ET.parse(site / "fr/tags/research/feed.xml").getroot()
    assert (
        tag_feed.find(f"{atom}title").text == tag_links[1]["title"] == "recherche – Test Newsroom"
    )
    assert tag_feed.find(f"{atom}id").text == "https://news.example.org/fr/tags/research/"
    # A feed's title shown untranslated is marked English, as its entries' are.
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert tag_feed.find(f"{atom}title").get(xml_lang) is None  # "recherche": translated
    untranslated = ET.parse(site / "fr/tags/partnerships/feed.xml").getroot().find(f"{atom}title")
    assert (
        untranslated.text == "partnerships – Test Newsroom" and untranslated.get(xml_lang) == "en"
    )
    assert feed.find(f"{atom}title").get(xml_lang) == "en"  # the site catalog has none of it
    english = ET.parse(site / "en/feed.xml").getroot().find(f"{atom}title")
    assert english.get(xml_lang) is None
    self_link = tag_feed.find(f"{atom}link[@rel='self']")
    assert self_link.get("href") == "https://news.example.org/fr/tags/research/feed.xml"
    assert [e.find(f"{atom}id").text for e in tag_feed.findall(f"{atom}entry")] == [
        "https://news.example.org/fr/joint-lab/",
        "https://news.example.org/fr/older/",
    ]
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.find("s:loc", ns).text for u in sitemap.findall("s:url", ns)]
    # Each language's index, its releases and its tag pages.
    assert "https://news.example.org/sv/older/" in locs and len(locs) == 15
    assert "https://news.example.org/fr/tags/research/" in locs
    for url in sitemap.findall("s:url", ns):
        assert len(url.findall("x:link", ns)) == 3


def test_building_twice_gives_identical_files(site: Path) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    build_site(load_config(site.parent))
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert before == after


def _interrupted_after(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, when: Callable[..., bool]
) -> None:
    """Ctrl-C pressed right after the first call of ``module.name`` that ``when`` is true of
    (given the call's arguments) returns."""
    original = getattr(module, name)
    pressed = []

    def interrupting(*args: object) -> object:
        result = original(*args)
        if not pressed and when(*args):
            pressed.append(args)
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(module, name, interrupting)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_ctrl_c_between_the_renames_of_a_new_site_leaves_the_new_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import atomic

    root = site.parent
    renamed = CONFIG.replace('name = "Test Newsroom"', 'name = "Renamed Newsroom"')
    (root / "i18n-news.toml").write_text(renamed)  # every page changes: a new site
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    build_site(load_config(cold))
    # The old site renamed aside: Ctrl-C then, and the new one is still put in its place.
    _interrupted_after(monkeypatch, atomic.os, "replace", lambda _, to: str(to).endswith(".old"))
    with pytest.raises(KeyboardInterrupt):
        build_site(load_config(root))
    monkeypatch.undo()
    assert _files(site) == _files(cold / "public")
    assert not list(root.glob(".public.building-*"))


def test_ctrl_c_while_a_few_pages_are_written_leaves_them_all_written(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site as site_module

    root = site.parent
    source = root / "content/2023/joint-lab.md"
    replace_in(source, "Two programmes", "Three programmes")
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    build_site(load_config(cold))
    # Its three pages are written one by one: Ctrl-C after the first, and all three are.
    _interrupted_after(monkeypatch, site_module, "write_if_changed", lambda *_: True)
    with pytest.raises(KeyboardInterrupt):
        build_site(load_config(root))
    monkeypatch.undo()
    assert _files(site) == _files(cold / "public")


def test_a_broken_template_leaves_the_previous_site(site: Path) -> None:
    before = (site / "fr/index.html").read_bytes()
    broken = site.parent / "templates" / "index.html"
    broken.parent.mkdir(exist_ok=True)
    broken.write_text("{% extends 'base.html' %}\n{% block main %}{% for x in %}{% endblock %}\n")
    with pytest.raises(TemplateError) as raised:
        build_site(load_config(site.parent))
    assert str(raised.value).startswith("templates/index.html:2: template syntax error")
    assert (site / "fr/index.html").read_bytes() == before
    assert not list(site.parent.glob(".public.*"))


def test_a_template_that_includes_one_not_there_is_named_at_its_line(site: Path) -> None:
    before = (site / "fr/index.html").read_bytes()
    footer = site.parent / "templates" / "partials" / "footer.html"
    footer.parent.mkdir(parents=True)
    footer.write_text('<footer>\n{% include "partials/contact.html" %}\n</footer>\n')
    with pytest.raises(TemplateError) as raised:
        build_site(load_config(site.parent))
    assert str(raised.value) == (
        "templates/partials/footer.html:2: template 'partials/contact.html' not found in "
        "templates/ or the default theme"
    )
    assert (site / "fr/index.html").read_bytes() == before


def test_newsroom_templates_override_the_theme(site: Path) -> None:
    override = site.parent / "templates" / "partials" / "footer.html"
    override.parent.mkdir(parents=True)
    override.write_text('<footer class="site-footer"><p>{{ _("Contact us") }}</p></footer>\n')
    build_site(load_config(site.parent))
    assert (
        soup(site / "en/index.html").find("footer", class_="site-footer").get_text() == "Contact us"
    )


def test_extra_values_reach_the_templates(make_newsroom: Callable[..., Path]) -> None:
    """A release's ``extra:`` and the configuration's ``[extra]`` are the templates' own values,
    shown as written in every language (escaped), and a changed one changes the page."""
    from .conftest import CONFIG

    release = RELEASE.replace(
        "tags:", "extra:\n  contact: Ann <b>Smith</b>\n  photos: [a.jpg, b.jpg]\ntags:", 1
    )
    root = make_newsroom(
        {
            "content/2023/joint-lab.md": release,
            "templates/release.html": (
                "{% extends 'base.html' %}{% block main %}<p class='contact'>"
                "{{ release.release.extra.contact }} · {{ config.extra.phone }} · "
                "{{ release.release.extra.photos|join(', ') }}</p>{% endblock %}\n"
            ),
        },
        config=CONFIG + '\n[extra]\nphone = "+1 514 555 0100"\n',
    )
    build_site(load_config(root))
    expected = "Ann <b>Smith</b> · +1 514 555 0100 · a.jpg, b.jpg"
    for code in ("en", "fr", "sv"):
        page = soup(root / f"public/{code}/joint-lab/index.html")
        assert page.find("p", class_="contact").get_text() == expected
        assert page.find("b") is None
    source = root / "content/2023/joint-lab.md"
    source.write_text(release.replace("Ann <b>Smith</b>", "Bo Berg"), encoding="utf-8")
    build_site(load_config(root))
    page = soup(root / "public/fr/joint-lab/index.html")
    assert page.find("p", class_="contact").get_text().startswith("Bo Berg · ")


def test_conventions_set_in_the_config_shape_the_page(make_newsroom: Callable[..., Path]) -> None:
    """A newsroom in France overrides Québec's rules: narrow spaces before ? and !, its dateline."""
    from .conftest import CONFIG

    config = CONFIG.replace(
        'locale = "fr_CA"\n',
        'locale = "fr_CA"\n'
        'space_before = { ":" = "nbsp", "?" = "narrow", "!" = "narrow" }\n'
        'dateline = "{city} ({date}) –"\n'
        'end_marker = ""\n',
    )
    french = FR_PO.replace(
        "Mila et AI Sweden ouvrent un laboratoire <script>alert(1)</script>",
        "Un laboratoire commun ? Oui !",
    )
    root = make_newsroom(
        {
            "content/2023/joint-lab.md": RELEASE,
            "locales/fr/LC_MESSAGES/releases/joint-lab.po": french,
        },
        config=config,
    )
    build_site(load_config(root))
    page = soup(root / "public/fr/joint-lab/index.html")
    assert page.find("h1").get_text() == "Un laboratoire commun\u202f? Oui\u202f!"
    assert "MONTREAL (1er mars 2023) –" in page.get_text()
    assert page.find(class_="end-marker") is None  # French (Canada) would end with "– 30 –"


#: The test newsroom, writing its releases in French.
FRENCH_FIRST = CONFIG.replace('source_language = "en"', 'source_language = "fr"').replace(
    '["fr", "sv"]', '["en", "sv"]'
)
FRENCH_RELEASE = """\
---
title: Mila ouvre un laboratoire
date: 2023-03-01
dateline: Montréal
summary: Le laboratoire accueillera douze chercheurs.
tags: [recherche]
---

Mila a ouvert aujourd'hui un laboratoire commun.
"""


def test_a_newsroom_writing_in_french_has_its_interface_in_french_too(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    """The templates' strings are written in English: the source language has a site catalog
    when it is not English (the theme's French filling it), and English pages need none."""
    root = make_newsroom({"content/2023/labo.md": FRENCH_RELEASE}, config=FRENCH_FIRST)
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    french_site = root / "locales/fr/LC_MESSAGES/site.po"
    assert 'msgid "Skip to content"\nmsgstr "Aller au contenu"' in french_site.read_text()
    assert not (root / "locales/fr/LC_MESSAGES/releases").exists()  # no release catalogs
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    pages = {code: soup(root / f"public/{code}/labo/index.html") for code in ("fr", "en", "sv")}
    skips = {code: page.find("a", class_="skip") for code, page in pages.items()}
    assert {code: a.get_text() for code, a in skips.items()} == {
        "fr": "Aller au contenu", "en": "Skip to content", "sv": "Till innehållet",
    }  # fmt: skip
    assert not any(a.has_attr("lang") for a in skips.values())  # none shown untranslated
    # What is left to translate: on English pages, only the tag's name, written in French.
    assert "en/(site interface): 1 string(s) untranslated" in result.output
    assert "fr/(site interface)" not in result.output
    status = json.loads(run(root, "status", "--json").output)
    assert status["site"]["fr"]["messages"]["untranslated"] == 0
    assert status["site"]["en"]["messages"]["total"] == 1
    # The French interface is the newsroom's to change, and a build shows the change.
    replace_in(french_site, 'msgstr "Communiqué de presse"', 'msgstr "Communiqué"')
    assert run(root, "build").exit_code == 0
    kicker = soup(root / "public/fr/labo/index.html").find(class_="kicker")
    assert kicker.get_text() == "Communiqué"
    # And check reads it.
    french_site.write_text(
        re.sub(
            r'(msgid "%\(site\)s: press releases"\nmsgstr )"[^"]*"',
            r'\1"%(sites)s"',
            french_site.read_text(),
        )
    )
    checked = run(root, "check")
    assert checked.exit_code == 1 and "locales/fr/LC_MESSAGES/site.po:" in checked.output


def test_the_maintainers_guide_puts_whole_releases_in_feeds(site: Path) -> None:
    """The guide's line, added to the theme's feed, gives valid Atom with each body as
    escaped HTML whose relative addresses resolve, and follows an edit of a body."""
    from i18n_news.theme import THEME_DIR

    from .conftest import REPO

    guide = (REPO / "docs/maintainers.md").read_text(encoding="utf-8")
    (line,) = [text for text in guide.splitlines() if text.startswith("    <content")]
    theme_feed = (THEME_DIR / "templates/feed.xml").read_text(encoding="utf-8")
    summary = next(text for text in theme_feed.splitlines() if "<summary" in text)
    feed_template = site.parent / "templates/feed.xml"
    feed_template.parent.mkdir(exist_ok=True)
    feed_template.write_text(theme_feed.replace(summary, summary + "\n" + line))
    build_site(load_config(site.parent))
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.parse(site / "fr/feed.xml").getroot().find(f"{atom}entry")
    content = entry.find(f"{atom}content")
    assert content.get("type") == "html"
    base = content.get("{http://www.w3.org/XML/1998/namespace}base")
    assert base == "https://news.example.org/fr/joint-lab/"
    body = BeautifulSoup(content.text, "html.parser")
    assert body.find("h2") is not None and body.find("script") is None
    image = urljoin(base, body.find("img")["src"])
    assert (site / urlsplit(image).path.lstrip("/")).is_file()
    # A body edited: the feed follows it.
    source = site.parent / "content/2023/joint-lab.md"
    replace_in(source, "## Two programmes", "## Two new programmes")
    build_site(load_config(site.parent))
    entry = ET.parse(site / "en/feed.xml").getroot().find(f"{atom}entry")
    assert "Two new programmes" in entry.find(f"{atom}content").text


def test_what_an_update_cut_short_left_in_the_site_is_removed_by_the_next(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import site as site_module

    root = site.parent
    marker = root / CACHE_DIR / f"site-update-{digest(str(site).encode())[:16]}"
    source = root / "content/2023/joint-lab.md"
    # While pages are written in place, the cache says so; not once they all are.
    seen = []
    write = site_module.write_if_changed

    def noting(path: Path, data: bytes) -> bool:
        seen.append(marker.exists())
        return write(path, data)

    monkeypatch.setattr(site_module, "write_if_changed", noting)
    replace_in(source, "Two programmes", "Three programmes")
    build_site(load_config(root))
    monkeypatch.undo()
    assert seen and all(seen) and not marker.exists()
    # An update killed while it wrote a page left it under its temporary name (its process
    # gone): the next update removes it, lest it be published.
    left = site / "en/joint-lab/.index.html.999999999.7.tmp"
    left.write_text("half a page")
    marker.touch()
    replace_in(source, "Three programmes", "Four programmes")
    build_site(load_config(root))
    assert not left.exists() and not marker.exists()
    assert "Four programmes" in (site / "en/joint-lab/index.html").read_text()


@pytest.mark.parametrize(
    ("source", "direction", "label"),
    [("ar", "rtl", "Languages"), ("fr", "ltr", "Langues"), ("en", "ltr", "Languages")],
)
def test_the_language_chooser_is_in_the_source_language_and_its_direction(
    source: str, direction: str, label: str, tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = tmp_path / "newsroom"
    assert run(tmp_path, "init", str(root), "--source", source).exit_code == 0
    assert run(root, "build").exit_code == 0
    page = BeautifulSoup((root / "public/index.html").read_text(encoding="utf-8"), "html5lib")
    assert page.html["lang"].split("-")[0] == source
    assert page.html["dir"] == direction
    assert page.find("nav")["aria-label"] == label


def test_a_previous_site_that_cannot_be_removed_whole_is_said_and_builds_go_on(
    make_newsroom: Callable[..., Path],
) -> None:
    """A file the user may not delete in the site being replaced (a folder made read-only):
    the new site is in place all the same, a warning names what is left, and later builds
    work and remove it once it can be."""
    import subprocess
    import sys

    from .system_tools import as_unprivileged

    root = make_newsroom({"content/2023/joint-lab.md": RELEASE})
    root.chmod(0o777)  # the unprivileged build writes beside the site
    for path in [root, *root.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)

    def build(*options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*as_unprivileged(), sys.executable, "-m", "i18n_news", "-C", str(root), "build",
             *options], capture_output=True, text=True, check=False,
        )  # fmt: skip

    assert build().returncode == 0
    (root / "public/en").chmod(0o555)  # its pages cannot be deleted
    shutil.rmtree(root / CACHE_DIR)  # a cold build: a new site, swapped in
    replace_in(root / "content/2023/joint-lab.md", "Two programmes", "Three programmes")
    try:
        for _ in range(2):
            result = build()
            assert result.returncode == 0, result.stderr
            assert "Three programmes" in (root / "public/en/joint-lab/index.html").read_text()
            [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
            assert warning.startswith(
                "warning: the previous site, .public.old"
            ) and warning.endswith("/, holds files this user may not delete: remove it by hand")
            shutil.rmtree(root / CACHE_DIR)
    finally:
        for folder in root.glob(".public.old*/en"):
            folder.chmod(0o755)
    assert build().returncode == 0
    assert not list(root.glob(".public.old*"))


def test_files_deleted_from_the_site_are_built_again_though_no_input_changed(site: Path) -> None:
    """A deploy script emptied the output folder, or one file went: the next build makes
    them again, where nothing else changed (it said it had built the site, and left it so)."""
    root = site.parent
    built = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (site / "en/feed.xml").unlink()
    (site / "fr/joint-lab/images/lab.jpg").unlink()
    build_site(load_config(root))
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == built
    for path in site.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    report = build_site(load_config(root))
    assert report.pages > 0
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == built
