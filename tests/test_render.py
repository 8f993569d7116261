"""Links between pages, and what templates may call."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urljoin

import jinja2
import pytest
from babel.dates import format_date
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jinja2.bccache import bc_magic

from i18n_news import render
from i18n_news.cache import CACHE_DIR
from i18n_news.config import Language
from i18n_news.pofile import parse_po
from i18n_news.render import format_long_date, localize_number, relative_url

from .conftest import french_environment

SITE = "https://news.example/site/"

#: Site-relative URLs as pages and templates write them: folders ("fr/a/"), files
#: ("fr/feed.xml"), the root (""), and a leading or doubled slash a template might write.
_PART = st.sampled_from(["fr", "en", "a", "ab", "tags", "page", "2", "x.html", "feed.xml"])
_PATH = st.lists(_PART, max_size=4).map("/".join)
URLS = st.one_of(
    _PATH,
    _PATH.filter(bool).map(lambda path: path + "/"),
    _PATH.map(lambda path: "/" + path),
    st.tuples(_PATH, _PATH).map(lambda pair: f"{pair[0]}//{pair[1]}"),
)
PAGES = st.one_of(_PATH.filter(bool).map(lambda path: path + "/"), _PATH, st.just(""))


def _canonical(url: str) -> str:
    """Where a site-relative URL leads: empty segments dropped, a folder's slash kept."""
    parts = [part for part in url.split("/") if part]
    return "/".join(parts) + ("/" if parts and url.endswith("/") else "")


@given(PAGES, URLS)
def test_a_relative_link_leads_from_its_page_to_its_target(page: str, target: str) -> None:
    canonical = _canonical(target)
    assume(canonical.endswith("/") or not page.startswith(canonical + "/"))  # file or folder
    link = relative_url(page, target)
    assert not link.startswith("/") and "//" not in link
    assert urljoin(SITE + page, link) == SITE + canonical


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("fr/release/", "fr/release/", "./"),
        ("fr/release/", "fr/tags/ai/", "../tags/ai/"),
        ("fr/release/", "static/style.css", "../../static/style.css"),
        ("fr/", "fr/release/", "release/"),
        ("", "fr/", "fr/"),
        ("sitemap.xml", "", "./"),
    ],
)
def test_links_are_as_short_as_can_be(page: str, target: str, link: str) -> None:
    assert relative_url(page, target) == link


def test_templates_call_functions_as_jinja_does(tmp_path: Path) -> None:
    env = french_environment(tmp_path)

    def stop() -> str:
        raise StopIteration

    @jinja2.pass_context
    def who(context: jinja2.runtime.Context, greeting: str) -> str:
        return f"{greeting} {context['name']}"

    template = env.from_string(
        "{{ plain(1, b=2) }}|{% for _ in [1] %}{{ who('hi') }}{% endfor %}|{{ stop() }}"
    )
    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        template.render(plain=lambda a, b: a + b, who=who, stop=stop, name="Ada")
    rendered = template.render(plain=lambda a, b: a + b, who=who, stop=lambda: "s", name="Ada")
    assert rendered == "3|hi Ada|s"


def test_a_moment_is_written_in_its_own_time_zone(tmp_path: Path) -> None:
    # The same moment in two time zones is equal in Python, and written differently.
    env = french_environment(tmp_path)
    noon = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    template = env.from_string("{{ a|isodate }} {{ b|isodate }} {{ c|isodate }}")
    shown = template.render(a=noon, b=noon.astimezone(timezone(timedelta(hours=1))), c=noon.date())
    assert shown == "2026-03-01T12:00:00+00:00 2026-03-01T13:00:00+01:00 2026-03-01"


@pytest.mark.parametrize(
    ("source", "french", "swedish"),
    [
        ("1,200.5", "1\u00a0200,5", "1\u00a0200,5"),
        ("60%", "60\u00a0%", "60\u00a0%"),
        ("+4", "+4", "+4"),  # a gain keeps its sign
        ("+5%", "+5\u00a0%", "+5\u00a0%"),
        ("-3", "-3", "-3"),
        ("2022", "2022", "2022"),  # as often a year as an amount
        ("12,000", "12\u00a0000", "12\u00a0000"),
        ("1.2.3", "1.2.3", "1.2.3"),  # not a number
        # A leading zero: a postal code or an identifier, written as it is.
        ("01234", "01234", "01234"),
        ("000000", "000000", "000000"),
        ("0123.5", "0123.5", "0123.5"),
        ("0.5", "0,5", "0,5"),
        ("0", "0", "0"),
        # Every decimal written is kept: a price, a version, a measure's precision.
        ("12.50", "12,50", "12,50"),
        ("1.10", "1,10", "1,10"),
        ("+3.0", "+3,0", "+3,0"),
        ("12.50%", "12,50\u00a0%", "12,50\u00a0%"),
        ("1,234,567.890", "1\u00a0234\u00a0567,890", "1\u00a0234\u00a0567,890"),
    ],
)
def test_a_table_number_is_written_as_each_language_writes_it(
    source: str, french: str, swedish: str
) -> None:
    english = Language("en", "en")
    assert localize_number(source, english, Language("fr", "fr_CA")) == french
    assert localize_number(source, english, Language("sv", "sv_SE")) == swedish


# Numbers as a table of the source may hold them: grouped or not, well or badly (a leading
# zero, a short group), signed, with decimals, as percentages.
ODD_NUMBERS = ["0,123", "01,234", "012,345", "00,100", "+1,234", "-1,234", "1,234.50", "1,234.0"]
ODD_NUMBERS += ["1,23", "1,2345", "12,000%", "-0,001", "1,234,567.891"]
TABLE_NUMBERS = st.one_of(
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.sampled_from(ODD_NUMBERS),
    st.from_regex(r"[+-]?[0-9]{1,4}(,[0-9]{2,4}){0,3}(\.[0-9]{1,3})?%?", fullmatch=True),
)


@settings(max_examples=500, deadline=None)
@given(TABLE_NUMBERS, st.sampled_from(["en", "en_CA", "fr_CA", "sv_SE", "de", "hi"]))
def test_a_table_number_is_written_as_babel_reads_and_writes_it(text: str, locale: str) -> None:
    # A number grouped as the source groups it is read without Babel's strict reading:
    # what is written is what Babel's reading would give.
    source = Language(locale.split("_")[0], locale)
    targets = (Language("fr", "fr_CA"), Language("sv", "sv_SE"), Language("en", "en"))
    written = [localize_number(text, source, target) for target in targets]
    localize_number.cache_clear()
    try:
        with patch.object(render, "_GROUPED", re.compile("(?!)")):  # Babel reads them all
            by_babel = [localize_number(text, source, target) for target in targets]
    finally:
        localize_number.cache_clear()
    assert written == by_babel


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["en", "fr_CA", "fr", "sv_SE", "de", "ja", "ar", "hi"]),
    st.booleans(),
)
def test_a_long_date_is_the_one_babel_writes(day: date, locale: str, as_moment: bool) -> None:
    language = Language(locale.split("_")[0], locale)
    value = datetime(day.year, day.month, day.day, 23, 30, tzinfo=UTC) if as_moment else day
    written = format_date(day, format="long", locale=language.babel_locale)
    if day.day == 1 and language.first_day:  # "1er mars 2023"
        written = written.replace("1", language.first_day, 1)
    assert format_long_date(value, language) == written


def test_a_percent_sign_in_the_translation_of_a_plain_string_is_shown_as_it_is(
    tmp_path: Path,
) -> None:
    site = parse_po(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Skip to content"\nmsgstr "Aller au contenu, 100 % sûr"\n\n'
        'msgid "%(num)d press release"\nmsgid_plural "%(num)d press releases"\n'
        'msgstr[0] "%(num)d communiqué, 100 %% vérifié"\n'
        'msgstr[1] "%(num)d communiqués, 100 %% vérifiés"\n',
        "fr.po",
    )
    env = french_environment(tmp_path, site)
    template = env.from_string(
        '{{ _("Skip to content") }}|{{ ngettext("%(num)d press release", '
        '"%(num)d press releases", 3) }}'
    )
    assert template.render() == "Aller au contenu, 100 % sûr|3 communiqués, 100 % vérifiés"


def test_a_sentence_naming_the_source_language_is_in_one_language(tmp_path: Path) -> None:
    # The notice of a release shown in part in English names English in the sentence's
    # language: French where the site catalog translates it, English where it shows it as
    # the templates write it.
    notice = "Parts of this release are not translated yet and are shown in %(language)s."
    shown = '", language=source_language_name) }}|{{ source_language_name }}'
    template = '{{ _("' + notice + shown
    untranslated = french_environment(tmp_path).from_string(template).render()
    assert untranslated == notice % {"language": "English"} + "|anglais"
    site = parse_po(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#, python-format\nmsgid "{notice}"\n'
        'msgstr "Des parties de ce communiqué sont montrées en %(language)s."\n',
        "fr.po",
    )
    translated = french_environment(tmp_path, site).from_string(template).render()
    assert translated == "Des parties de ce communiqué sont montrées en anglais.|anglais"


def test_the_theme_is_compiled_once_for_every_newsroom(
    tmp_path: Path, temporary_folder: Path, compiled_templates: list[str]
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    (second / "templates").mkdir(parents=True)
    # The second newsroom has a page frame of its own.
    (second / "templates" / "base.html").write_text(
        "<p>{{ _('Home') }}</p>{% block main %}{% endblock %}"
    )
    for root in (first, second):
        env = french_environment(root)
        env.get_template("release.html")
        env.get_template("base.html")
    # The theme's release page is compiled once for both; each base.html once, in its place.
    assert compiled_templates == ["release.html", "base.html", "base.html"]
    assert len(list(temporary_folder.rglob("i18n-news-*.cache"))) == 2  # the theme's two
    assert list((first / CACHE_DIR).rglob("*.cache")) == []
    assert len(list((second / CACHE_DIR).rglob("*.cache"))) == 1  # its own base.html
    # A cold build (the newsroom's cache deleted) compiles the newsroom's templates again alone.
    shutil.rmtree(second / CACHE_DIR)
    compiled_templates.clear()
    env = french_environment(second)
    env.get_template("release.html")
    env.get_template("base.html")
    assert compiled_templates == ["base.html"]


def test_the_theme_compiled_by_other_code_is_compiled_again(
    tmp_path: Path,
    temporary_folder: Path,
    compiled_templates: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for number, version in enumerate(["a" * 32, "b" * 32, "a" * 32]):
        monkeypatch.setattr(render, "code_version", lambda version=version: version)
        (tmp_path / str(number)).mkdir()
        french_environment(tmp_path / str(number)).get_template("feed.xml")
    assert compiled_templates == ["feed.xml", "feed.xml"]


@pytest.mark.skipif(os.name != "posix", reason="Jinja checks its folder's owner and kind on POSIX")
def test_a_temporary_folder_another_user_could_have_planted_is_not_used(
    tmp_path: Path, temporary_folder: Path, compiled_templates: list[str]
) -> None:
    # Compiled templates are code: some planted there by another user would run in the build.
    jinja_folder = Path(jinja2.FileSystemBytecodeCache().directory)
    jinja_folder.rmdir()
    planted = tmp_path / "planted"
    planted.mkdir()
    jinja_folder.symlink_to(planted)
    for number in range(2):
        (tmp_path / str(number)).mkdir()
        french_environment(tmp_path / str(number)).get_template("feed.xml")
    assert compiled_templates == ["feed.xml", "feed.xml"]
    assert list(planted.iterdir()) == []


def test_a_damaged_compiled_template_is_compiled_again(
    tmp_path: Path, temporary_folder: Path, compiled_templates: list[str]
) -> None:
    for number in range(3):
        (tmp_path / str(number)).mkdir()
        french_environment(tmp_path / str(number)).get_template("robots.txt")
        if number == 0:
            (compiled,) = temporary_folder.rglob("i18n-news-*.cache")
            data = compiled.read_bytes()
            start = len(bc_magic)  # Jinja's header is whole: what follows cannot be read
            compiled.write_bytes(data[:start] + b"\xff" * 4 + data[start + 4 :])
    # Compiled again once, and the damaged file replaced: the third environment loads it.
    assert compiled_templates == ["robots.txt", "robots.txt"]
    assert compiled.read_bytes() == data
