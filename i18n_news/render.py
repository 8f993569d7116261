"""Render a release and the site's pages in one language, with Jinja2 and Babel."""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache, partial
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import DateTimePattern, get_date_format
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_decimal,
    get_plus_sign_symbol,
    parse_decimal,
)
from babel.support import Translations
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from .cache import CACHE_DIR, code_version, digest
from .catalog import Catalog, Message
from .checks import format_problem, is_format_string, template_string_problem
from .compile import mo_binary
from .config import INTERFACE_LANGUAGE, Config, Language
from .conventions import Conventions
from .errors import CatalogError
from .layout import TAG_CONTEXT
from .markup import (
    BodyLayout,
    inline_plain_text,
    language_marks,
    render_body,
    render_inline,
)
from .model import Release
from .page_environment import PageEnvironment
from .plurals import parse_plural_forms, plural_forms
from .python_format import FormatError, arguments
from .theme import THEME_DIR, template_folders
from .typography import typesetter


class SiteTranslations(Translations):
    """gettext translations of the site's interface strings, which know the strings they
    translate (a translation may be the source's very text: "Pages" in French), and the tags
    whose names they translate."""

    translated: frozenset[str] = frozenset()
    translated_tags: frozenset[str] = frozenset()


def site_translations(
    catalog: Catalog | None, language: Language, path: str = "site.po"
) -> SiteTranslations:
    """gettext translations of the site's interface strings (fuzzy entries left out), with the
    catalog's own plural forms.

    The translation of a format string (a source with ``%``, see :func:`is_format_string`)
    that uses a placeholder its source does not have, or is not a format string, would fail
    at render time: it is an error naming the catalog's line.
    """
    forms = parse_plural_forms(catalog.header_value("Plural-Forms") if catalog else None)
    header = [
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Plural-Forms", str(forms or plural_forms(language.babel_locale))),
    ]
    kept: list[Message] = []
    for message in catalog or ():
        if not message.translated or message.blank:  # a blank one shows the source's
            continue
        source = message.msgid + (message.msgid_plural or "")
        texts = (message.msgstr, *message.msgstr_plural)
        for text in texts:
            problem = format_problem(source, text)
            if problem:
                raise CatalogError(f"{problem} (source: {message.msgid!r})", path, message.lineno)
        if "%" in source and not all(_placeholders_of(source, text) for text in texts):
            continue  # "%(site)50000000s": shown in English, as check's placeholders says
        kept.append(message)
    buffer = BytesIO(mo_binary(Catalog(header=header, messages=kept)))
    translations = SiteTranslations(buffer)
    translations.translated = frozenset(m.msgid for m in kept if not m.msgctxt)
    translations.translated_tags = frozenset(m.msgid for m in kept if m.msgctxt == TAG_CONTEXT)
    return translations


def _placeholders_of(source: str, translation: str) -> bool:
    """Whether each directive of ``translation`` with a width or a precision is one of
    ``source``'s: a translator's ``%(site)50000000s`` would fill every page (and the disk)."""
    try:
        sized = arguments(translation).sized
    except FormatError:  # not a format string: refused as one where it is read
        return True
    return all(directive in source for directive in sized)


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative, '' is the root)."""
    return links_from(from_url)(to_url)


def links_from(from_url: str) -> Callable[[str], str]:
    """:func:`relative_url` from the page at ``from_url``, to any target (a page links to
    a dozen: its folder is split once)."""
    here = from_url.split("/")[:-1]  # the folder of the page: "fr/a/" and "fr/a/x.html" -> fr, a
    depth = len(here)

    def link(to_url: str) -> str:
        target = to_url.split("/")
        target_dir = not target[-1]
        if "" in target:
            target = [part for part in target if part]
        common = 0
        for mine, theirs in zip(here, target, strict=False):
            if mine != theirs:
                break
            common += 1
        relative = "/".join([".."] * (depth - common) + target[common:])
        if not relative:
            return "./"
        return relative + "/" if target_dir else relative

    return link


def links_from_root(base_url: str) -> Callable[[str], str]:
    """Links to targets from the root path of the site at ``base_url``."""
    root = urlsplit(base_url).path
    return lambda target: root + target


#: A number a table cell may hold, its whole part without a leading zero: "01234" is a postal
#: code or an identifier, written as it is.
_NUMBER = re.compile(r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.\d+)?")


@lru_cache(maxsize=4096)
def localize_number(text: str, source: Language, target: Language) -> str:
    """Write a number of the source text (a table cell: "1,200.5", "60%") as ``target`` does,
    with as many decimals as written ("1.10" is "1,10" in French).

    Plain integers of up to four digits are left alone: they are as often years as amounts;
    so is a number with a leading zero (a postal code). (Once per number: the same figures
    recur in many releases' tables.)
    """
    percent = text.endswith("%")
    digits = text[:-1].rstrip() if percent else text
    if not _NUMBER.fullmatch(digits) or (digits.isdigit() and len(digits) <= 4 and not percent):
        return text
    if _GROUPED.fullmatch(digits) and _groups_as_english(source):
        # Grouped as the source language groups a whole number: Babel's strict reading,
        # which writes the number again to compare, would find it right.
        value = Decimal(digits.replace(",", ""))
    else:
        try:
            value = parse_decimal(digits, locale=source.babel_locale, strict=True)
        except NumberFormatError:
            return text
    # As many decimals as written: "1.10" is a price or a version, never "1,1".
    decimals = max(0, -int(value.as_tuple().exponent))
    locale = target.babel_locale
    pattern = _number_pattern(locale, percent, decimals)
    written = str(
        pattern.apply(value / 100 if percent else value, locale, decimal_quantization=False)
    )
    # Babel writes no sign before a positive number: a "+" written (a change, a gain) is kept.
    return get_plus_sign_symbol(locale) + written if digits.startswith("+") else written


@lru_cache(maxsize=256)
def _number_pattern(locale: Locale, percent: bool, decimals: int) -> NumberPattern:
    """The pattern ``locale`` writes a number (or a percentage) with, showing ``decimals``
    decimals at least (where Babel's own shows none it does not need)."""
    base = (locale.percent_formats if percent else locale.decimal_formats)[None]
    pattern: NumberPattern = copy.copy(base)
    pattern.frac_prec = (decimals, max(decimals, base.frac_prec[1]))
    return pattern


#: A whole number with its thousands grouped as English groups them: "4,372", "12,000,000".
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")


@lru_cache(maxsize=16)
def _groups_as_english(language: Language) -> bool:
    """Whether ``language`` writes a whole number of four digits or more with its thousands
    grouped by commas, as :data:`_GROUPED` reads them ("1,234", "1,234,567")."""
    locale = language.babel_locale
    return (
        format_decimal(1234, locale=locale) == "1,234"
        and format_decimal(1234567, locale=locale) == "1,234,567"
    )


def format_long_date(value: date, language: Language) -> str:
    """A date in the language's long format: "9 février 2022", "1er mars 2022"."""
    # What format_date(value, "long", locale) writes, its pattern looked up once per language.
    pattern, locale = _long_date_format(language)
    text = pattern.apply(value.date() if isinstance(value, datetime) else value, locale)
    if value.day == 1 and language.first_day:
        text = re.sub(r"(?<!\d)1(?!\d)", language.first_day, text, count=1)
    return text


@lru_cache(maxsize=64)
def _long_date_format(language: Language) -> tuple[DateTimePattern, Locale]:
    """The pattern of ``language``'s long dates, and its locale."""
    locale = language.babel_locale
    return get_date_format("long", locale=locale), locale


_NO_ATTRIBUTE = Markup("")


@dataclass(frozen=True)
class Text:
    """A line of inline Markdown for a page, and its language when that is not the page's.

    In templates, ``{{ text }}`` is its plain text (for ``<title>``, meta tags and feeds),
    ``{{ text.html }}`` its rendered inline markup (``{{ text.html_without_links }}`` inside a
    link), ``{{ text.lang_attr }}`` the attribute that marks a fallback.
    """

    value: str
    fallback_lang: str | None = None
    #: The typography of the text's language (``None`` for text shown in the source language).
    conventions: Conventions | None = None
    #: The direction of a fallback's script where it is not the page's (``ltr`` on ``rtl``).
    fallback_dir: str | None = None
    #: The address of the release's page, which the text's relative links start from.
    base: str = ""

    @property
    def typeset(self) -> Callable[[str], str] | None:
        return typesetter(self.conventions) if self.conventions else None

    @property
    def lang_attr(self) -> Markup:
        if not self.fallback_lang:
            return _NO_ATTRIBUTE
        return Markup(language_marks(self.fallback_lang, self.fallback_dir))

    # Kept once made, pickled with the text: a title rendered for its release's page (in a
    # build's worker) is not rendered again for each index, tag page and feed listing it.
    @cached_property
    def html(self) -> Markup:
        return Markup(render_inline(self.value, self.typeset, base=self.base))

    @cached_property
    def html_without_links(self) -> Markup:
        """Its rendered inline markup, each link shown as its text: for a title that links
        to its release on a list (HTML has no link within a link)."""
        return Markup(render_inline(self.value, self.typeset, links=False, base=self.base))

    @cached_property
    def plain(self) -> str:
        return inline_plain_text(self.value, self.typeset)

    def __str__(self) -> str:
        return self.plain


class WholeReads:
    """How many times a page read more of a language version than a list of releases shows:
    its body, how many of its texts are untranslated, or the key of what it is made from
    (see :class:`LocalizedRelease`)."""

    count = 0


@dataclass
class LocalizedRelease:
    """A release as a page in one language shows it; the body is rendered when first used.

    A page listing versions is fingerprinted with what a list shows of each (``shown_key``),
    and a body edit then leaves it alone. The rest of a version (:attr:`body`,
    :attr:`fallbacks`, :attr:`inputs_key`) is counted in :class:`WholeReads` when read: a
    page that reads it is fingerprinted with what each version is made from instead.
    """

    release: Release
    language: Language
    title: Text
    summary: Text
    dateline: str
    date_text: str
    tags: tuple[tuple[str, str], ...]
    _fallbacks: int = field(repr=False, compare=False)
    _render_body: Callable[[], str] = field(repr=False, compare=False)
    #: A key of everything a list shows of this version (:attr:`ReleaseText.shown`).
    shown_key: str = field(repr=False, compare=False)
    _inputs_key: str = field(repr=False, compare=False)
    _body: Markup | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return self.release.slug

    @property
    def body(self) -> Markup:
        WholeReads.count += 1
        if self._body is None:
            self._body = Markup(self._render_body())
        return self._body

    @property
    def fallbacks(self) -> int:
        """How many pieces of text are shown in the source language."""
        WholeReads.count += 1
        return self._fallbacks

    @property
    def inputs_key(self) -> str:
        """A key of what the version is made from: its slug, its release's file and catalog,
        the names of its tags and the configuration."""
        WholeReads.count += 1
        return self._inputs_key


@dataclass(frozen=True)
class ReleaseText:
    """What a language version shows of a release outside its body: plain data, cacheable."""

    title: Text
    summary: Text
    dateline: str
    date_text: str
    tags: tuple[tuple[str, str], ...]
    fallbacks: int
    #: A digest of what a list of releases shows of the version: these texts but the count of
    #: fallbacks, the language, and its release's front matter (:meth:`Release.head_values`).
    shown: str = ""


def localize_text(
    release: Release,
    language: Language,
    source: Language,
    translations: Mapping[str, str],
    site: Translations,
    base: str = "",
) -> ReleaseText:
    """A release's title, summary, dateline and tags in a language (source text if
    untranslated); ``base``, the address of its page there, where relative links start."""
    if not release.has_body:
        raise ValueError(f"{release.path}: a release's head has no blocks to count")
    is_source = language.code == source.code
    direction = fallback_direction(source, language)

    def text(value: str) -> Text:
        translated = value if is_source else translations.get(value)
        if translated is None:
            return Text(value, source.tag, fallback_dir=direction, base=base)
        return Text(translated, None, language.conventions, base=base)

    title, summary, city = text(release.title), text(release.summary), text(release.dateline)
    date_text = format_long_date(release.date, language)
    dateline = language.dateline.format(city=city.value.upper(), date=date_text)
    tags = tag_names(release, language, source, site)
    fallbacks = 0 if is_source else sum(1 for b in release.blocks if b.text not in translations)
    # The texts by what makes them (their typography is the language's).
    texts = [(text.value, text.fallback_lang, text.fallback_dir, base) for text in (title, summary)]
    shown = (release.head_values(), language.code, texts, dateline, date_text, tags)
    return ReleaseText(
        title, summary, dateline, date_text, tags, fallbacks, digest(repr(shown).encode())
    )


def tag_names(
    release: Release, language: Language, source: Language, site: Translations
) -> tuple[tuple[str, str], ...]:
    """Each tag of a release with its name in ``language`` (from the site catalog ``site``):
    all that its listing texts take from the interface strings."""
    if language.code == source.code:
        return tuple((tag, tag) for tag in release.tags)
    return tuple((tag, str(site.pgettext(TAG_CONTEXT, tag))) for tag in release.tags)


def render_release_body(
    release: Release,
    language: Language,
    source: Language,
    translations: Mapping[str, str],
    dateline: str,
    layout: BodyLayout | None = None,
) -> str:
    """A release's body in a language, the dateline leading its first paragraph (``layout``
    is the body's, if the caller has it)."""
    if not release.has_body:
        raise ValueError(f"{release.path}: a release's head has no body to render")
    is_source = language.code == source.code

    def translate(text: str) -> str | None:
        return text if is_source else translations.get(text)

    direction = fallback_direction(source, language)
    shown = escape(dateline)
    if translate(release.dateline) is None:  # the city in the source language: marked so
        city = release.dateline.upper()
        before, found, after = dateline.partition(city)
        if found:
            marks = language_marks(source.tag, direction)
            shown = Markup(f"{escape(before)}<span{marks}>{escape(city)}</span>{escape(after)}")
    lead = f'<span class="dateline">{shown}</span> '
    numbers = None if is_source else partial(localize_number, source=source, target=language)
    return render_body(
        release.body, translate, source.tag, lead, numbers, typesetter(language.conventions),
        layout, direction,
    )  # fmt: skip


def fallback_direction(source: Language, language: Language) -> str | None:
    """The ``dir`` of source text shown on a page in ``language``, if the page's direction is
    not the source's (English on an Arabic page: ``ltr``)."""
    return source.direction if source.direction != language.direction else None


def structured_data(
    config: Config, version: LocalizedRelease, published: list[Language]
) -> dict[str, Any]:
    """schema.org ``NewsArticle`` data of a release page, linked to its translations."""
    release, language = version.release, version.language
    url = f"{config.base_url}{language.code}/{release.slug}/"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": version.title.plain,
        "description": version.summary.plain,
        "inLanguage": language.tag,
        "datePublished": release.published.isoformat(timespec="seconds"),
        "dateModified": release.modified.isoformat(timespec="seconds"),
        "dateline": version.dateline,
        "keywords": [name for _, name in version.tags],
        "publisher": {"@type": "Organization", "name": config.name, "url": config.base_url},
    }
    source_url = f"{config.base_url}{config.source.code}/{release.slug}/"
    if language == config.source:
        data["workTranslation"] = [
            {"@type": "NewsArticle", "@id": f"{config.base_url}{other.code}/{release.slug}/",
             "inLanguage": other.tag}
            for other in published if other != language
        ]  # fmt: skip
    else:
        data["translationOfWork"] = {
            "@type": "NewsArticle",
            "@id": source_url,
            "inLanguage": config.source.tag,
        }
    return data


class LanguageName(str):
    """A language's name in the page's language, as a template shows it; given to an
    interface string the page shows untranslated (in the templates' English), its name in
    English, so that a sentence is in one language ("shown in English", not "shown in
    anglais")."""

    in_english: str

    def __new__(cls, name: str, in_english: str) -> LanguageName:
        made = super().__new__(cls, name)
        made.in_english = in_english
        return made

    def __reduce__(self) -> tuple[type[LanguageName], tuple[str, str]]:  # a copy, a pickle
        return LanguageName, (str(self), self.in_english)


def _as_shown(variables: dict[str, Any], translated: bool) -> dict[str, Any]:
    """The ``variables`` of an interface string as its text is shown: a language's name in
    English where the string is shown untranslated (see :class:`LanguageName`)."""
    if translated:
        return variables
    return {
        name: value.in_english if isinstance(value, LanguageName) else value
        for name, value in variables.items()
    }


def _install_untrusted_translations(
    env: Environment, site: Translations, in_english: bool = False
) -> None:
    """Install the site's translations so that a translation can never inject markup.

    Jinja's i18n extension marks translated strings as safe HTML; here a translation is text,
    escaped wherever the template autoescapes, as the variables formatted into it are. The
    functions are Jinja's "new style" gettext (a translation is a format string, ``num`` and
    ``context`` given to it), each one call from the template rather than three.
    """

    #: The sources seen to be format strings a page can show.
    sound: set[str] = set()

    def formatted(
        eval_ctx: EvalContext, text: str, variables: dict[str, Any], *sources: str
    ) -> str:
        """The translation ``text`` as a page shows it: formatted with ``variables`` if its
        ``sources`` are format strings (a "%" a translator writes elsewhere is a percent)."""
        if not any(map(is_format_string, sources)):
            return escape(text) if eval_ctx.autoescape else text
        for source in sources:
            if source not in sound:
                problem = template_string_problem(source)
                if problem is not None:  # named with the template's line by the build
                    error = ValueError(problem)
                    error.message = f"interface string {source!r}: {problem}"  # type: ignore[attr-defined]
                    raise error
                sound.add(source)
        return escape(text) % variables if eval_ctx.autoescape else text % variables

    #: Each interface string as a page shows it (escaped or not), translated once.
    shown: dict[tuple[str, bool], str] = {}

    translated: frozenset[str] = getattr(site, "translated", frozenset())

    def variables_shown(variables: dict[str, Any], message: str) -> dict[str, Any]:
        return _as_shown(variables, in_english or message in translated)

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
        if variables:
            translation = site.gettext(message)
            return formatted(eval_ctx, translation, variables_shown(variables, message), message)
        key = (message, eval_ctx.autoescape)
        text = shown.get(key)
        if text is None:
            text = shown[key] = formatted(eval_ctx, site.gettext(message), variables, message)
        return text

    @pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, n: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", n)
        text = site.ngettext(singular, plural, n)
        return formatted(eval_ctx, text, variables_shown(variables, singular), singular, plural)

    @pass_eval_context
    def pgettext(eval_ctx: EvalContext, context: str, message: str, /, **variables: Any) -> str:
        variables.setdefault("context", context)
        return formatted(eval_ctx, str(site.pgettext(context, message)), variables, message)

    @pass_eval_context
    def npgettext(
        eval_ctx: EvalContext,
        context: str,
        singular: str,
        plural: str,
        n: int,
        /,
        **variables: Any,
    ) -> str:
        variables.setdefault("context", context)
        variables.setdefault("num", n)
        text = str(site.npgettext(context, singular, plural, n))
        return formatted(eval_ctx, text, variables, singular, plural)

    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )


def make_environment(config: Config, language: Language, site: SiteTranslations) -> Environment:
    """The Jinja environment for one language: autoescaping, i18n, the site's translations."""
    env = PageEnvironment(
        loader=FileSystemLoader([str(folder) for folder in template_folders(config)]),
        bytecode_cache=_bytecode_cache(config.root),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build: templates are not checked for changes on each page,
        # and are kept in a plain dictionary (each page, include and "extends" looks one up).
        auto_reload=False,
        cache_size=-1,
    )
    _install_untrusted_translations(env, site, language.writes_interface)
    env.filters["date"] = lambda value: format_long_date(value, language)
    env.filters["isodate"] = _isoformat
    env.globals["config"] = config
    env.globals["fallback_lang"] = _fallback_lang(language, site.translated)
    env.globals["tag_lang"] = _tag_lang(config.source, language, site.translated_tags)
    # The source language's name in the page's language ("anglais", "engelska").
    # (In English where a sentence that names it is shown untranslated.)
    source = config.source.babel_locale
    env.globals["source_language_name"] = LanguageName(
        source.get_language_name(language.babel_locale) or config.source.code,
        source.get_language_name(INTERFACE_LANGUAGE) or config.source.code,
    )
    return env


def _fallback_lang(language: Language, translated: frozenset[str]) -> Callable[..., Markup]:
    """``fallback_lang(msgid)`` for templates: the ``lang`` (and ``dir``) attributes of an
    element that shows the interface string ``msgid``, when a page in ``language`` shows it
    untranslated, as the templates write it (in English, whatever the releases' language);
    nothing otherwise. ``fallback_lang(msgid, xml=True)``: XML's ``xml:lang`` (a feed)."""
    marks = _marks(INTERFACE_LANGUAGE, "ltr" if language.direction != "ltr" else None)

    def fallback_lang(msgid: str, xml: bool = False) -> Markup:
        if language.writes_interface or msgid in translated:
            return _NO_ATTRIBUTE
        return marks[xml]

    return fallback_lang


def _tag_lang(
    source: Language, language: Language, translated: frozenset[str]
) -> Callable[..., Markup]:
    """``tag_lang(tag)`` for templates: the ``lang`` (and ``dir``) attributes of an element
    that shows the name of ``tag`` (a tag as releases write it), when a page in ``language``
    shows it untranslated, in the source language; nothing otherwise. ``xml=True`` as
    :func:`_fallback_lang` has it."""
    if language.code == source.code:
        return lambda tag, xml=False: _NO_ATTRIBUTE
    marks = _marks(source.tag, fallback_direction(source, language))

    def tag_lang(tag: str, xml: bool = False) -> Markup:
        return _NO_ATTRIBUTE if tag in translated else marks[xml]

    return tag_lang


def _marks(lang: str, direction: str | None) -> dict[bool, Markup]:
    """The attributes of an element in ``lang`` on a page in another language: in HTML
    (``lang``, and ``dir`` where given), and in XML (``xml:lang``), by whether it is XML."""
    return {
        False: Markup(language_marks(lang, direction)),
        True: Markup(f' xml:lang="{escape(lang)}"'),
    }


def compile_templates(env: Environment) -> None:
    """Compile every template ``env`` can load, before worker processes are forked to render
    pages: they inherit the compiled templates instead of each compiling its own. A template
    that does not compile is left for the page that uses it to report."""
    for name in env.list_templates(extensions=["html", "xml", "txt"]):
        with contextlib.suppress(Exception):
            env.get_template(name)


class _BytecodeCache(BytecodeCache):
    """Compiled templates: the newsroom's own in its cache folder, and the default theme's,
    the same for every newsroom, where Jinja keeps compiled templates by default (a private
    folder of the user's in the system's temporary folder), as Python keeps an installed
    package's compiled modules. Each file is named by the version of i18n-news's code that
    compiled it; a folder deleted, read-only or not the user's alone is no error (the templates
    are compiled again)."""

    def __init__(self, newsroom: FileSystemBytecodeCache, theme: FileSystemBytecodeCache | None):
        self.newsroom = newsroom
        self.theme = theme

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = super().get_cache_key(name, filename)
        theme = self.theme is not None and filename is not None and _in_theme(filename)
        return _THEME_KEY + key if theme else key

    def _folder(self, bucket: Bucket) -> FileSystemBytecodeCache:
        if self.theme is not None and bucket.key.startswith(_THEME_KEY):
            return self.theme
        return self.newsroom

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            self._folder(bucket).load_bytecode(bucket)
        except Exception:  # a damaged file: compiled again, and replaced
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        folder = self._folder(bucket)
        with contextlib.suppress(OSError):
            if folder is self.newsroom:  # Jinja's own folder is made, private, on start
                os.makedirs(folder.directory, exist_ok=True)
            folder.dump_bytecode(bucket)


#: What the keys of the default theme's templates start with.
_THEME_KEY = "theme-"


def _in_theme(filename: str) -> bool:
    return filename.startswith(_THEME_TEMPLATES)


_THEME_TEMPLATES = os.path.join(THEME_DIR / "templates", "")


@lru_cache(maxsize=4)
def _bytecode_cache(root: Path) -> _BytecodeCache:
    """The compiled templates of this version of i18n-news's code (older ones of the newsroom
    are removed; the system clears its temporary folder of the theme's)."""
    version = code_version()[:16]
    folder = root / CACHE_DIR / f"templates-{version}"
    for old in folder.parent.glob("templates-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    return _BytecodeCache(FileSystemBytecodeCache(str(folder)), _theme_bytecode(version))


def _theme_bytecode(version: str) -> FileSystemBytecodeCache | None:
    """Jinja's own folder for compiled templates, for the default theme's; ``None`` if it
    cannot be made, or another user could write in it (compiled templates are code)."""
    try:
        return FileSystemBytecodeCache(pattern=f"i18n-news-{version}-%s.cache")
    except (OSError, RuntimeError):
        return None


def _isoformat(value: datetime | date) -> str:
    """A date or time as ``<time datetime>``, feeds and the sitemap write it (once per value:
    a release's date is on its pages, its indexes and tag pages, feeds and the sitemap)."""
    if isinstance(value, datetime):
        # The same moment in another time zone is equal, and written otherwise.
        return _isoformat_moment(value, value.utcoffset())
    return value.isoformat()


@lru_cache(maxsize=8192)
def _isoformat_moment(value: datetime, offset: timedelta | None) -> str:
    return value.isoformat(timespec="seconds")


def render_template(
    env: Environment,
    config: Config,
    name: str,
    url: str,
    context: dict[str, Any],
    anywhere: bool = False,
) -> str:
    """Render ``name`` as the page at site-relative ``url``.

    Templates get ``link(target)`` for relative links and ``absolute(target)`` for full URLs.
    A page shown ``anywhere`` (a host's "page not found") gets links from the site's root
    path instead (``/news/fr/`` for a site at ``https://example.org/news/``).
    """
    template = env.get_template(name)
    return template.render(
        url=url,
        link=links_from_root(config.base_url) if anywhere else links_from(url),
        absolute=lambda target: config.base_url + target,
        **context,
    )
