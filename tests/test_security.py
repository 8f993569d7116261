"""Text from translators and writers is untrusted: it can never run code in a reader's browser."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import Result

from i18n_news.catalog import Catalog
from i18n_news.pofile import format_po, parse_po

from .conftest import french_environment

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</script><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "{{ 7*7 }} {% raw %}",
    "' onmouseover='alert(1)",
    "]]></summary><script>alert(1)</script>",
]
RELEASE = """\
---
title: A release
date: 2022-02-09
dateline: Montreal
summary: A summary.
tags: [news]
---

A paragraph with [a link](https://example.org/) and *emphasis*.

- An item

![A photo](photo.jpg)

| Cell |
|---|
| Value |
"""


def hostile(root: Path, payload: str) -> None:
    """Translate every message of every French catalog with ``payload``."""
    for path in (root / "locales/fr/LC_MESSAGES").rglob("*.po"):
        catalog = parse_po(path.read_bytes())
        catalog = Catalog(catalog.header, catalog.header_comments, catalog.header_flags, [
            m.__class__(**{**m.__dict__, "msgstr": f"{m.msgid} {safe(payload)}" if not m.msgid_plural else "",
                           "msgstr_plural": (f"%(num)d {safe(payload)}",) * 2 if m.msgid_plural else ()})
            for m in catalog.messages
        ])  # fmt: skip
        path.write_text(format_po(catalog))


def safe(payload: str) -> str:
    """The payload as a valid format string (interface strings are formatted with %)."""
    return payload.replace("%", "%%")


def assert_no_script_can_run(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".xml":
        assert "<script" not in text.lower(), page
        return
    soup = BeautifulSoup(text, "html5lib")
    for script in soup.find_all("script"):
        assert script.get("type") == "application/ld+json", page
        json.loads(script.string)  # still valid data, nothing broke out of it
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (page, tag)
            values = value if isinstance(value, list) else [value]
            for item in values:
                if name in ("href", "src", "action", "formaction", "content"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", item, re.IGNORECASE), (
                        page,
                        tag,
                    )
    assert soup.find(["iframe", "object", "embed", "svg", "form"]) is None, page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_translations_stay_text(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], payload: str
) -> None:
    root = make_newsroom({"content/a-release.md": RELEASE})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    hostile(root, payload)
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    for page in (root / "public/fr").rglob("*"):
        if page.suffix in (".html", ".xml"):  # the pages, not the release's image
            assert_no_script_can_run(page)
    # The visible text shows the payload as the translator typed it, escaped.
    soup = BeautifulSoup((root / "public/fr/a-release/index.html").read_text(), "html5lib")
    assert (
        payload.split("(")[0].replace("[click]", "click").replace("![x]", "")[:6] in soup.get_text()
        or "![x]" in payload
    )
    check = run(root, "check", "--lang", "fr")
    if "<" in payload or "javascript" in payload.lower() or "data:" in payload:
        assert check.exit_code == 1  # check flags it before an editor sees it


def test_a_translation_adding_a_link_or_an_image_is_not_published(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # A phishing link, a tracking pixel: the message is shown in English, as an untranslated
    # one is, and check names it. A localized address the newsroom allows is published.
    from .conftest import CONFIG, replace_in

    config = CONFIG + '\n[languages.fr.urls]\n"https://example.org/" = "https://example.org/fr/"\n'
    root = make_newsroom({"content/a-release.md": RELEASE}, config=config)
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/releases/a-release.po"
    paragraph = 'msgid "A paragraph with [a link](https://example.org/) and *emphasis*."\nmsgstr ""'
    replace_in(
        po,
        paragraph,
        paragraph[:-2]
        + ('"Un paragraphe avec [un lien](https://example.org/fr/) et de l’*emphase*."'),
    )
    replace_in(po, 'msgid "An item"\nmsgstr ""', 'msgid "An item"\nmsgstr "Un élément '
               '[connexion](https://evil.example/login) ![](https://tracker.example/p.png)"')  # fmt: skip
    result = run(root, "build")
    assert result.exit_code == 0
    # Of its eight messages, the paragraph alone is shown in French (Swedish: none).
    assert "fr/a-release: 7 message(s) shown in en" in result.output
    assert "sv/a-release: 8 message(s) shown in en" in result.output
    page = (root / "public/fr/a-release/index.html").read_text()
    assert "evil.example" not in page and "tracker.example" not in page
    soup = BeautifulSoup(page, "html5lib")
    assert soup.find("a", href="https://example.org/fr/").text == "un lien"
    assert soup.find("li", lang="en").text == "An item"
    check = run(root, "check", "--lang", "fr")
    assert (
        check.exit_code == 1
        and "link to https://evil.example/login is not in the source" in check.output
    )


def test_an_interface_translation_sized_to_fill_the_disk_is_not_used(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # "%(site)50000000s" would write 50 MB into every page: shown in English instead.

    root = make_newsroom({"content/a-release.md": RELEASE})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    po = root / "locales/fr/LC_MESSAGES/site.po"
    text = po.read_text()
    start = text.index('msgid "%(site)s: press releases"\nmsgstr "')
    end = text.index("\n", start + len('msgid "%(site)s: press releases"\n'))
    po.write_text(
        text[:start] + 'msgid "%(site)s: press releases"\nmsgstr "%(site)50000000s"' + text[end:]
    )
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    page = root / "public/fr/index.html"
    assert page.stat().st_size < 100_000
    assert ": press releases" in page.read_text()


@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_hostile_front_matter_stays_text(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], payload: str
) -> None:
    text = RELEASE.replace("title: A release", f"title: {json.dumps('Title ' + payload)}").replace(
        "summary: A summary.", f"summary: {json.dumps('Summary ' + payload)}").replace(
        "tags: [news]", f"tags: [{json.dumps(payload)}]")  # fmt: skip
    root = make_newsroom({"content/a-release.md": text})
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    for page in (root / "public").rglob("*"):
        if page.is_file() and page.suffix in (".html", ".xml"):
            assert_no_script_can_run(page)


def test_hostile_slug_cannot_leave_the_output_folder(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    text = RELEASE.replace("tags: [news]", "slug: ../../escape\ntags: [news]")
    root = make_newsroom({"content/a-release.md": text})
    result = run(root, "build")
    assert result.exit_code == 1 and "slug '../../escape'" in result.output
    assert not list(root.parent.rglob("escape*"))


def test_hostile_tag_becomes_a_safe_path(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    text = RELEASE.replace("tags: [news]", 'tags: ["../../../etc/x"]')
    root = make_newsroom({"content/a-release.md": text})
    assert run(root, "build").exit_code == 0
    assert (root / "public/en/tags/etc-x/index.html").is_file()
    assert all(
        p.resolve().is_relative_to((root / "public").resolve())
        for p in (root / "public").rglob("*")
    )


def test_hostile_page_in_a_browser_runs_nothing(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], browser: Any
) -> None:
    root = make_newsroom({"content/a-release.md": RELEASE})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    hostile(root, " ".join(PAYLOADS))
    assert run(root, "build").exit_code == 0
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((root / "public/fr/a-release/index.html").as_uri())
    # Move the mouse over, focus and click nothing dangerous: fire the events handlers listen to.
    page.evaluate("""() => document.querySelectorAll('*').forEach(element => {
        for (const type of ['mouseover', 'focus', 'load', 'error']) element.dispatchEvent(new Event(type));
    })""")
    page.wait_for_timeout(200)
    assert dialogs == []
    page.close()


def test_interface_translations_stay_text_in_every_gettext_form(tmp_path: Path) -> None:
    catalog = parse_po(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "<b>Bonjour</b> %(name)s"\n\n'
        'msgid "%(num)d item"\nmsgid_plural "%(num)d items"\n'
        'msgstr[0] "<i>%(num)d</i> article"\nmsgstr[1] "<i>%(num)d</i> articles"\n\n'
        'msgctxt "menu"\nmsgid "Home"\nmsgstr "<script>x</script>Accueil"\n\n'
        'msgid "%(count)s item"\nmsgid_plural "%(count)s items"\n'
        'msgstr[0] "<i>%(count)s</i> article"\nmsgstr[1] "<i>%(count)s</i> articles"\n\n'
        'msgid "Home"\nmsgstr "<em>Accueil</em>"\n\n'
        'msgid "All 100%% of it"\nmsgstr "<em>100 %%</em> de tout"\n'
    )
    env = french_environment(tmp_path, catalog)
    page = env.from_string(
        '{{ _("Hello %(name)s", name="<u>") }}|{{ gettext("Hello %(name)s", name="&") }}|'
        '{{ ngettext("%(num)d item", "%(num)d items", 3) }}|{{ pgettext("menu", "Home") }}|'
        "{% trans name='<q>' %}Hello {{ name }}{% endtrans %}|"
        "{% trans count=1 %}{{ count }} item{% pluralize %}{{ count }} items{% endtrans %}"
    ).render()
    assert page.split("|") == [
        "&lt;b&gt;Bonjour&lt;/b&gt; &lt;u&gt;", "&lt;b&gt;Bonjour&lt;/b&gt; &amp;",
        "&lt;i&gt;3&lt;/i&gt; articles", "&lt;script&gt;x&lt;/script&gt;Accueil",
        "&lt;b&gt;Bonjour&lt;/b&gt; &lt;q&gt;", "&lt;i&gt;1&lt;/i&gt; article",
    ]  # fmt: skip
    # Without variables a translation is formatted all the same: "%%" is a percent sign.
    page = env.from_string('{{ _("Home") }}|{{ _("All 100%% of it") }}|{{ _("Not in it") }}')
    assert page.render().split("|") == [
        "&lt;em&gt;Accueil&lt;/em&gt;",
        "&lt;em&gt;100 %&lt;/em&gt; de tout",
        "Not in it",
    ]
    # Where a template does not escape (robots.txt), text is written as it is.
    assert env.from_string("{% autoescape false %}{{ _('Hello %(name)s', name='<u>') }}"
                           "{% endautoescape %}").render() == "<b>Bonjour</b> <u>"  # fmt: skip
    assert env.from_string("{% autoescape false %}{{ _('Home') }}|{{ _('All 100%% of it') }}"
                           "{% endautoescape %}").render() == "<em>Accueil</em>|<em>100 %</em> de tout"  # fmt: skip
    # Each string is translated once per page kind: escaped where escaped, whatever came first.
    assert env.from_string("{{ _('Home') }}").render() == "&lt;em&gt;Accueil&lt;/em&gt;"
