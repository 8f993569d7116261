"""Load and validate ``i18n-news.toml`` into frozen dataclasses.

The configuration is read once, at the edge, and every problem is reported with the key
that is wrong and what would be valid.
"""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from string import Formatter
from typing import Any
from urllib.parse import quote, urlsplit

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from .cache import CACHE_DIR
from .conventions import NARROW_NBSP, NBSP, Conventions, conventions_for
from .errors import ConfigError
from .policy import Policy, parse_policy

CONFIG_NAME = "i18n-news.toml"

_NEWSROOM_KEYS = {
    "per_page",
    "name",
    "base_url",
    "timezone",
    "output",
    "source_language",
    "target_languages",
}
_CONVENTION_KEYS = {"dateline", "first_day", "end_marker", "space_before", "quotes", "quote_space"}
_LANGUAGE_KEYS = {"locale", "name", "urls", *_CONVENTION_KEYS}
#: How the configuration names the spaces of typographic conventions.
SPACES = {"nbsp": NBSP, "narrow": NARROW_NBSP, "none": ""}
_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


#: The newsroom's own folders, which no build may write into or replace: its sources, its
#: templates and assets, its cache and its history.
OWN_FOLDERS = ("content", "locales", "templates", "static", CACHE_DIR, ".git")


def own_folder_holding(root: Path, path: Path) -> str | None:
    """The folder of the newsroom at ``root`` (one of :data:`OWN_FOLDERS`) that holds
    ``path`` (resolved), if one does."""
    return next((own for own in OWN_FOLDERS if path.is_relative_to(root / own)), None)


#: The language the templates' interface strings are written in (their msgids), whatever
#: language the newsroom writes its releases in.
INTERFACE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """One language of the newsroom: its code in paths and URLs, and its Babel locale."""

    code: str
    locale: str
    #: The name the configuration gives the language ("" for the locale's own name).
    given_name: str = ""
    #: Dateline, quote marks, spacing and end marker: the locale's defaults and overrides.
    conventions: Conventions = field(default_factory=Conventions, compare=False)
    #: Source URL -> this language's own address of the same page (allowed in translations).
    urls: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def tag(self) -> str:
        """The BCP 47 tag, as used in ``lang``, ``hreflang`` and JSON-LD (``fr-CA``)."""
        return self.locale.replace("_", "-")

    @cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale)

    @cached_property
    def og_locale(self) -> str:
        """The locale as Open Graph writes it, ``language_TERRITORY`` (``fr_CA``): a locale
        that names no territory takes the one its language is most likely used in, as CLDR
        says (``en`` -> ``en_US``)."""
        locale = self.babel_locale
        territory = locale.territory
        if territory is None:
            likely_subtags = get_global("likely_subtags")
            likely = likely_subtags.get(str(locale)) or likely_subtags.get(locale.language)
            territory = parse_locale(likely)[1] if likely else None
        return f"{locale.language}_{territory}" if territory else locale.language

    @cached_property
    def name(self) -> str:
        """The language's name in itself, as the language switcher shows it ("Français"):
        looked up only when shown, as it loads the locale's data."""
        name = self.given_name or self.babel_locale.language_name or self.code
        return name[:1].upper() + name[1:]

    @property
    def writes_interface(self) -> bool:
        """Whether the interface strings are written in this language (English, in any of
        its variants): its pages show them as the templates write them."""
        return self.code.split("-")[0].lower() == INTERFACE_LANGUAGE

    @cached_property
    def direction(self) -> str:
        """The direction of its script, as HTML's ``dir`` writes it: ``ltr`` or ``rtl``."""
        return "rtl" if self.babel_locale.character_order == "right-to-left" else "ltr"

    @property
    def dateline(self) -> str:
        return self.conventions.dateline

    @property
    def first_day(self) -> str:
        return self.conventions.first_day

    @property
    def end_marker(self) -> str:
        """Printed after the release's text ("– 30 –" in Canadian newsrooms); "" for none."""
        return self.conventions.end_marker


@dataclass(frozen=True)
class MemoryConfig:
    """Where ``update`` finds earlier translations, and how it uses exact matches."""

    #: Exact matches are filled in as translated (``False``) or as fuzzy, for review.
    exact_as_fuzzy: bool = False
    #: Compendium ``.po`` and ``.tmx`` files, relative to the newsroom folder.
    compendia: tuple[str, ...] = ()


def site_address(url: str) -> str:
    """``url`` as the address a site is built for (an absolute http(s) URL ending in "/",
    its scheme in small letters, its path written as URLs are, percent-encoded); else
    ValueError saying why it is none: not such a URL (a query or a fragment, which pages'
    addresses could not follow, included) "is not an absolute http(s) URL"; a user name or
    password, which every page, feed and the sitemap would show; a port that is no port."""
    if not re.match(r"^[hH][tT][tT][pP][sS]?://[^/\s?#]+(/[^\s?#]*)?$", url):
        raise ValueError("is not an absolute http(s) URL")
    scheme, slash, rest = url.partition("//")
    host, path_slash, path = rest.partition("/")
    if "@" in host:
        raise ValueError(
            "holds a user name or password, which every page, feed and the sitemap would "
            "show: give the address alone"
        )
    try:
        urlsplit(url).port  # noqa: B018 (read to check it)
    except ValueError:
        raise ValueError("has a port that is not a number from 0 to 65535") from None
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")  # "café" as "caf%C3%A9", as sitemaps want
    address = f"{scheme.lower()}{slash}{host}{path_slash}{path}"
    return address if address.endswith("/") else address + "/"


@dataclass(frozen=True)
class Config:
    """A newsroom's configuration, validated."""

    root: Path
    name: str
    base_url: str
    timezone: str
    output: Path
    source: Language
    targets: tuple[Language, ...]
    #: Releases on each page of a language's index.
    per_page: int = 10
    policy: Policy = field(default_factory=Policy)
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    #: The newsroom's own values (``[extra]``), for its templates; not translated.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    path: Path = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", self.root / CONFIG_NAME)

    @property
    def languages(self) -> tuple[Language, ...]:
        """The source language first, then the target languages in configured order."""
        return (self.source, *self.targets)

    @property
    def interface_languages(self) -> tuple[Language, ...]:
        """The languages with a site catalog, which translates the interface strings: every
        target language, and the source language unless the strings are written in it (a
        newsroom writing in French translates them into French too)."""
        return self.targets if self.source.writes_interface else self.languages

    @cached_property
    def content_dir(self) -> Path:
        return self.root / "content"

    @cached_property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @cached_property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @cached_property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def language(self, code: str) -> Language:
        """Return the language with ``code``; an unknown code is a :class:`ConfigError`."""
        for language in self.languages:
            if language.code == code:
                return language
        valid = ", ".join(lang.code for lang in self.languages)
        raise ConfigError(f"unknown language {code!r} (this newsroom has: {valid})", self.path)

    def target(self, code: str) -> Language:
        """Return the target language with ``code``; the source language is not a target."""
        language = self.language(code)
        if language is self.source:
            raise ConfigError(f"{code!r} is the source language, not a target language", self.path)
        return language


def find_root(start: Path) -> Path:
    """Return the newsroom folder: ``start`` or the nearest parent with ``i18n-news.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder "
        "(run 'i18n-news init' to create a newsroom, or pass -C DIR)",
        start,
    )


def load_config(root: Path) -> Config:
    """Read and validate ``root/i18n-news.toml`` (UTF-8, with or without a byte-order mark)."""
    path = root / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{CONFIG_NAME} not found", root) from None
    try:
        # Windows editors save a byte-order mark, which TOML does not allow: taken off, as it
        # is of releases and catalogs.
        written = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"not valid UTF-8: byte 0x{raw[error.start]:02X} ({error.reason}); "
            "save the file as UTF-8",
            CONFIG_NAME,
            raw[: error.start].count(b"\n") + 1,
        ) from None
    try:
        data = tomllib.loads(written)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line = int(match.group(1)) if match else None
        raise ConfigError(f"invalid TOML: {message}", CONFIG_NAME, line) from None
    return parse_config(data, root.resolve(), written)


#: A key an error is about, as messages name it first: ``'newsroom.timezone'``,
#: ``'languages.fr.space_before.:'``, ``[languages.de]``.
_NAMED_KEY = re.compile(
    r"'((?:newsroom|languages|policy|memory|extra)(?:\.[^'\s.]+)+)'|\[([\w.-]+)\]"
)
#: A part of a dotted TOML key: "quoted", 'literal' or bare.
_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def _dotted_key(text: str, start: int = 0) -> tuple[list[str], int] | None:
    """The parts of the dotted key written at ``start`` of ``text``, and where it ends."""
    parts: list[str] = []
    position = start
    while True:
        part = _KEY_PART.match(text, position)
        if part is None:
            return None
        parts.append(next(group for group in part.groups() if group is not None))
        position = part.end()
        if not text.startswith(".", position):
            return parts, position
        position += 1


def key_line(text: str, key: str | list[str]) -> int | None:
    """The line of ``text`` (a configuration) where ``key`` (``languages.fr.url``, or its
    parts) is written: its table's header (``[languages.fr.url]``), or its ``key =`` line (a
    dotted ``url.x =`` too), or the line of the value it is in (``space_before = {...}`` for
    ``languages.fr.space_before.:``); ``None`` if it is not written."""
    wanted = key.split(".") if isinstance(key, str) else key
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            opening = 2 if stripped.startswith("[[") else 1
            header = _dotted_key(stripped, opening)
            if header is None or not stripped.startswith("]" * opening, header[1]):
                continue  # an array's continuation, not a header
            table = header[0]
            if table[: len(wanted)] == wanted:
                return number
            continue
        written = _dotted_key(line)
        if written is None or not line.startswith("=", written[1]):
            continue
        full = table + written[0]
        if full[: len(wanted)] == wanted or wanted[: len(full)] == full:
            return number
    return None


def parse_config(data: dict[str, Any], root: Path, written: str = "") -> Config:
    """Validate a decoded configuration; ``root`` is the newsroom folder, ``written`` the
    file's text (an error names the line of the key it is about)."""

    def fail(message: str, key: list[str] | None = None) -> ConfigError:
        """The error ``message`` about ``key`` (by default, the key the message names first),
        at its line."""
        if key is None:
            named = _NAMED_KEY.search(message)
            key = (named[1] or named[2]).split(".") if named else None
        line = key_line(written, key) if key else None
        # Named from the newsroom, as every file in messages is.
        return ConfigError(message, CONFIG_NAME, line)

    unknown = set(data) - {"newsroom", "languages", "policy", "memory", "extra"}
    if unknown:
        name = sorted(unknown)[0]
        raise fail(
            f"unknown table or key {name!r} "
            "(expected [newsroom], [languages.*], [policy], [memory] and [extra])",
            [name],
        )
    extra = data.get("extra", {})
    if not isinstance(extra, dict):
        raise fail("[extra] must be a table of the newsroom's own keys and values")
    memory = _parse_memory(data.get("memory", {}), fail)
    try:
        policy = parse_policy(data.get("policy", {}), Policy(), "policy")
    except ValueError as error:
        raise fail(str(error)) from None
    newsroom = data.get("newsroom")
    if not isinstance(newsroom, dict):
        raise fail("missing [newsroom] table")
    unknown = set(newsroom) - _NEWSROOM_KEYS
    if unknown:
        valid = ", ".join(sorted(_NEWSROOM_KEYS))
        raise fail(f"unknown key 'newsroom.{sorted(unknown)[0]}' (valid keys: {valid})")

    def text(key: str, default: str | None = None) -> str:
        value = newsroom.get(key, default)
        if value is None:
            raise fail(f"missing key 'newsroom.{key}'")
        if not isinstance(value, str) or not value.strip():
            raise fail(f"'newsroom.{key}' must be a non-empty string")
        return value.strip()

    name = text("name")
    written_url = text("base_url")
    try:
        base_url = site_address(written_url)
    except ValueError as error:
        raise fail(f"'newsroom.base_url' {written_url!r} {error}") from None
    timezone = text("timezone", "UTC")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise fail(
            f"'newsroom.timezone' {timezone!r} is not a known time zone (e.g. 'America/Toronto')"
        ) from None
    per_page = newsroom.get("per_page", 10)
    if isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1:
        raise fail("'newsroom.per_page' must be a whole number of releases, 1 or more")
    output = text("output", "public")
    output_path = (root / output).resolve()
    if output_path == root or not output_path.is_relative_to(root):
        raise fail(f"'newsroom.output' {output!r} must be a folder inside the newsroom")
    for folder in OWN_FOLDERS:
        own = root / folder
        if output_path.is_relative_to(own) or own.is_relative_to(output_path):
            raise fail(
                f"'newsroom.output' {output!r} would replace the newsroom's {folder}/ folder: "
                "a build replaces its output folder whole (write 'public', or another folder "
                "of its own)"
            )
    if output_path.exists() and not output_path.is_dir():
        raise fail(f"'newsroom.output' {output!r} is a file, not a folder")
    for compendium in memory.compendia:
        if (root / compendium).resolve().is_relative_to(output_path):
            raise fail(
                f"'newsroom.output' {output!r} holds the compendium {compendium!r} of "
                "'memory.compendia': a build replaces its output folder whole (write 'public', "
                "or another folder of its own)"
            )

    source_code = text("source_language", "en")
    targets = newsroom.get("target_languages", [])
    if not isinstance(targets, list) or not all(isinstance(code, str) for code in targets):
        raise fail(
            '\'newsroom.target_languages\' must be a list of language codes, e.g. ["fr", "sv"]'
        )
    codes = [source_code, *targets]
    for index, code in enumerate(codes):
        if not _CODE.match(code):
            key = "source_language" if index == 0 else "target_languages"
            raise fail(f"'newsroom.{key}': {code!r} is not a language code such as 'fr' or 'pt-BR'")
    if len(set(codes)) != len(codes):
        raise fail(
            "'newsroom.target_languages': a language is listed twice, or is also the "
            "'source_language'"
        )

    tables = data.get("languages", {})
    if not isinstance(tables, dict):
        raise fail("[languages] must be a table of tables, e.g. [languages.fr]")
    stray = set(tables) - set(codes)
    if stray:
        raise fail(
            f"[languages.{sorted(stray)[0]}] is not a language of this newsroom "
            f"(add it to 'newsroom.target_languages')"
        )
    languages = [
        _parse_language(code, tables.get(code, {}), fail, "target_languages" if index else
                        "source_language")
        for index, code in enumerate(codes)
    ]  # fmt: skip
    return Config(
        root=root,
        name=name,
        base_url=base_url,
        timezone=timezone,
        output=output_path,
        source=languages[0],
        targets=tuple(languages[1:]),
        per_page=per_page,
        policy=policy,
        memory=memory,
        extra=extra,
    )


def _parse_memory(table: Any, fail: Any) -> MemoryConfig:
    if not isinstance(table, dict):
        raise fail("[memory] must be a table")
    unknown = sorted(set(table) - {"exact", "compendia"})
    if unknown:
        raise fail(f"unknown key 'memory.{unknown[0]}' (valid keys: exact, compendia)")
    exact = table.get("exact", "translated")
    if exact not in ("translated", "fuzzy"):
        raise fail('\'memory.exact\' must be "translated" or "fuzzy"')
    compendia = table.get("compendia", [])
    if not isinstance(compendia, list) or not all(isinstance(p, str) for p in compendia):
        raise fail("'memory.compendia' must be a list of .po or .tmx file paths")
    return MemoryConfig(exact_as_fuzzy=exact == "fuzzy", compendia=tuple(compendia))


def _parse_language(code: str, table: Any, fail: Any, listed_in: str) -> Language:
    """The language ``code`` (listed in ``newsroom.<listed_in>``) as its table ``[languages.
    <code>]`` describes it."""
    if not isinstance(table, dict):
        raise fail(f"[languages.{code}] must be a table")
    unknown = set(table) - _LANGUAGE_KEYS
    if unknown:
        valid = ", ".join(sorted(_LANGUAGE_KEYS))
        raise fail(f"unknown key 'languages.{code}.{sorted(unknown)[0]}' (valid keys: {valid})")
    urls = table.get("urls", {})
    if not isinstance(urls, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and re.match(r"^(https?|mailto):", v)
        for k, v in urls.items()
    ):
        raise fail(
            f"'languages.{code}.urls' must map source URLs to http(s) or mailto URLs, "
            'e.g. "https://mila.quebec/en/" = "https://mila.quebec/"'
        )
    for key in ("locale", "name", "dateline", "first_day", "end_marker"):
        if key in table and not isinstance(table[key], str):
            raise fail(f"'languages.{code}.{key}' must be a string")
    locale_id = table.get("locale", code.replace("-", "_"))
    try:
        locale = Locale.parse(locale_id)
    except (UnknownLocaleError, ValueError):
        if "locale" in table:
            raise fail(
                f"'languages.{code}.locale' {locale_id!r} is not a locale Babel knows "
                "(e.g. 'fr_CA', 'sv_SE')"
            ) from None
        raise fail(
            f"'newsroom.{listed_in}': {code!r} is not a language Babel knows (a code such as "
            f"'fr' or 'pt-BR'; or give its locale in [languages.{code}], e.g. locale = 'fr_CA')"
        ) from None
    return Language(
        code=code,
        locale=str(locale),
        given_name=table.get("name", ""),
        conventions=_parse_conventions(code, table, conventions_for(str(locale)), fail),
        urls=dict(urls),
    )


def _dateline_problem(pattern: Any) -> str | None:
    """What is wrong with a dateline pattern: it holds ``{city}`` and ``{date}``, and no other
    placeholder (a brace of its own is written ``{{`` or ``}}``)."""
    if not isinstance(pattern, str):
        return "must be text"
    try:
        parts = list(Formatter().parse(pattern))
    except ValueError:
        return "has a brace that opens or closes no placeholder: write a brace as {{ or }}"
    names = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in ("city", "date") or spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return (
                f"may hold only {{city}} and {{date}}, not {{{written}}} (write a brace of its "
                "own as {{ or }})"
            )
        names.append(name)
    if set(names) != {"city", "date"}:
        return "must contain {city} and {date}"
    return None


def _parse_conventions(
    code: str, table: dict[str, Any], defaults: Conventions, fail: Any
) -> Conventions:
    """The locale's default conventions with the overrides of ``[languages.CODE]``."""
    key = f"languages.{code}"

    def space(name: str, value: Any) -> str:
        if value not in SPACES:
            raise fail(
                f"'{key}.{name}' must be one of {', '.join(map(repr, SPACES))}, not {value!r}"
            )
        return SPACES[value]

    overrides: dict[str, Any] = {
        name: table[name] for name in ("dateline", "first_day", "end_marker") if name in table
    }
    dateline = overrides.get("dateline", defaults.dateline)
    if problem := _dateline_problem(dateline):
        raise fail(f"'{key}.dateline' {problem}")
    if "quotes" in table:
        quotes = table["quotes"]
        if not (
            isinstance(quotes, list)
            and len(quotes) == 2
            and all(isinstance(q, str) and q.strip() == q and q for q in quotes)
        ):
            raise fail(f'\'{key}.quotes\' must be the opening and closing marks, e.g. ["«", "»"]')
        overrides["quotes"] = tuple(quotes)
    if "quote_space" in table:
        overrides["quote_space"] = space("quote_space", table["quote_space"])
    if "space_before" in table:
        marks = table["space_before"]
        if not isinstance(marks, dict) or not all(len(mark) == 1 for mark in marks):
            raise fail(
                f"'{key}.space_before' must map punctuation marks to spaces, "
                'e.g. { ":" = "nbsp", "?" = "narrow" }'
            )
        overrides["space_before"] = tuple(
            (mark, spacing)
            for mark, value in marks.items()
            if (spacing := space(f"space_before.{mark}", value))
        )
    return replace(defaults, **overrides)
