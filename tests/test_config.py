"""i18n-news.toml is validated once, with errors naming the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from i18n_news.config import find_root, load_config
from i18n_news.errors import ConfigError

from .conftest import CONFIG


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "i18n-news.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_languages_locales_and_tags(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, CONFIG))
    assert config.name == "Test Newsroom"
    assert [lang.code for lang in config.languages] == ["en", "fr", "sv"]
    assert config.source.code == "en"
    assert [lang.tag for lang in config.targets] == ["fr-CA", "sv-SE"]
    assert config.target("fr").locale == "fr_CA"
    assert config.language("sv").name == "Svenska"
    assert config.base_url == "https://news.example.org/"
    assert config.output == tmp_path.resolve() / "public"


def test_a_language_is_named_in_itself_unless_the_configuration_names_it(
    tmp_path: Path,
) -> None:
    text = CONFIG.replace('locale = "fr_CA"', 'locale = "fr_CA"\nname = "français canadien"')
    config = load_config(write(tmp_path, text))
    assert config.language("fr").name == "Français canadien"  # as a menu starts its items
    assert config.language("sv").name == "Svenska"
    assert config.language("en").name == "English"


def test_find_root_walks_up_like_git(tmp_path: Path) -> None:
    write(tmp_path, CONFIG)
    deep = tmp_path / "content" / "2022"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()


def test_no_newsroom_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=re.escape("no i18n-news.toml here or in any parent folder")
    ):
        find_root(tmp_path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('timezone = "America/Toronto"', 'timezone = "Mars/Olympus"'), "'newsroom.timezone'"),
        (('name = "Test Newsroom"\n', 'titel = "x"\n'), "unknown key 'newsroom.titel'"),
        (('locale = "fr_CA"', 'locale = "xx_YY"'), "'languages.fr.locale' 'xx_YY'"),
        (
            ('["fr", "sv"]', '["fr", "sv", "xx"]'),
            "'newsroom.target_languages': 'xx' is not a "
            "language Babel knows (a code such as 'fr' or 'pt-BR'; or give its locale in "
            "[languages.xx], e.g. locale = 'fr_CA')",
        ),
        (('["fr", "sv"]', '["fr", "fr"]'), "listed twice"),
        (("https://news.example.org/", "news.example.org"), "'newsroom.base_url'"),
        (("https://news.example.org/", "https://news.example.org/?lang=x"), "'newsroom.base_url'"),
        (("https://news.example.org/", "https://news.example.org/#top"), "'newsroom.base_url'"),
        (
            ("https://news.example.org/", "https://ci:s3cret@news.example.org/"),
            "holds a user name or password, which every page, feed and the sitemap would show",
        ),
        (("https://news.example.org/", "https://news.example.org:99999/"), "port"),
        (("[languages.sv]", "[languages.de]"), "[languages.de] is not a language"),
        (('output = "public"', 'output = ".."'), "'newsroom.output'"),
        (('output = "public"', 'output = "."'), "'newsroom.output'"),
        (('output = "public"', 'output = "../elsewhere"'), "must be a folder inside"),
        (('output = "public"', 'output = "/tmp/site"'), "must be a folder inside"),
        (('output = "public"', 'output = "locales"'), "would replace the newsroom's locales/"),
        (('output = "public"', 'output = "content/site"'), "would replace the newsroom's content/"),
        (('output = "public"', 'output = "static"'), "would replace the newsroom's static/"),
        (('output = "public"', 'output = ".git"'), "would replace the newsroom's .git/"),
        (('output = "public"', 'output = "i18n-news.toml"'), "is a file, not a folder"),
    ],
)
def test_invalid_values_name_the_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = CONFIG.replace(*change)
    assert text != CONFIG
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert message in str(raised.value)
    # Named from the newsroom, at the line of the key (or the table) the message is about.
    assert raised.value.path == "i18n-news.toml"
    if raised.value.line is not None:
        written = text.splitlines()[raised.value.line - 1]
        assert written.startswith("[") or "=" in written, written
    assert str(raised.value).startswith("i18n-news.toml:")


def test_extra_holds_the_newsrooms_own_values(tmp_path: Path) -> None:
    text = CONFIG + '\n[extra]\nphone = "+1 514 555 0100"\noffices = ["Montreal", "Stockholm"]\n'
    config = load_config(write(tmp_path, text))
    assert config.extra == {"phone": "+1 514 555 0100", "offices": ["Montreal", "Stockholm"]}
    assert load_config(write(tmp_path, CONFIG)).extra == {}
    with pytest.raises(ConfigError, match=r"\[extra\] must be a table"):
        load_config(write(tmp_path, "extra = 3\n" + CONFIG))
    with pytest.raises(ConfigError, match=r"\[memory\] and \[extra\]\)"):
        load_config(write(tmp_path, CONFIG + "\n[extras]\nphone = 1\n"))


def test_an_error_names_the_line_of_its_key(tmp_path: Path) -> None:
    text = CONFIG.replace('timezone = "America/Toronto"', 'timezone = "Mars/Olympus"')
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    line = text.splitlines().index('timezone = "Mars/Olympus"') + 1
    assert str(raised.value).startswith(f"i18n-news.toml:{line}: 'newsroom.timezone'")
    text = CONFIG.replace("[languages.sv]", "[languages.de]")
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert raised.value.line == text.splitlines().index("[languages.de]") + 1


def test_toml_syntax_error_has_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, '[newsroom]\nname = "x"\nbase_url = \n'))
    assert raised.value.line == 3
    assert "invalid TOML" in raised.value.message


def test_unknown_language_lists_the_valid_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, CONFIG))
    with pytest.raises(
        ConfigError, match=r"unknown language 'de' \(this newsroom has: en, fr, sv\)"
    ):
        config.language("de")
    with pytest.raises(ConfigError, match="source language"):
        config.target("en")


def test_a_locale_written_in_small_letters_has_its_own_conventions(tmp_path: Path) -> None:
    """Babel reads "fr_ca" as fr_CA; so do the conventions: Québec's, not France's."""
    config = load_config(write(tmp_path, CONFIG.replace('locale = "fr_CA"', 'locale = "fr_ca"')))
    french = config.target("fr")
    assert french.tag == "fr-CA" and french.end_marker == "– 30 –"
    assert french.conventions.space_before == ((":", "\u00a0"),)


def test_conventions_default_to_the_locale_and_can_be_overridden(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, CONFIG))
    quebec = config.target("fr").conventions
    assert quebec.space_before == ((":", "\u00a0"),)
    assert quebec.quotes == ("«", "»")
    assert config.target("fr").end_marker == "– 30 –"

    overridden = CONFIG.replace(
        'locale = "fr_CA"\n',
        'locale = "fr_CA"\n'
        'space_before = { ":" = "nbsp", "?" = "narrow", "!" = "none" }\n'
        'quotes = ["“", "”"]\n'
        'quote_space = "none"\n'
        'end_marker = ""\n'
        'dateline = "{city} ({date}) –"\n',
    )
    french = load_config(write(tmp_path, overridden)).target("fr")
    assert french.conventions.space_before == ((":", "\u00a0"), ("?", "\u202f"))
    assert french.conventions.quotes == ("“", "”")
    assert french.conventions.quote_space == ""
    assert french.end_marker == ""
    assert french.dateline == "{city} ({date}) –"
    assert french.first_day == "1er"  # what is not overridden stays the locale's


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('quotes = ["«"]', "'languages.fr.quotes' must be the opening and closing marks"),
        ('quotes = "«»"', "'languages.fr.quotes' must be the opening and closing marks"),
        (
            'quote_space = "thin"',
            "'languages.fr.quote_space' must be one of 'nbsp', 'narrow', 'none'",
        ),
        ('space_before = { ":" = "wide" }', "'languages.fr.space_before.:' must be one of"),
        (
            'space_before = { "::" = "nbsp" }',
            "'languages.fr.space_before' must map punctuation marks",
        ),
        ('space_before = ":"', "'languages.fr.space_before' must map punctuation marks"),
        ('dateline = "{city} –"', "'languages.fr.dateline' must contain {city} and {date}"),
        # Only those: anything else would stop a build, or show Python's objects on pages.
        (
            'dateline = "{city} {date} {weekday}"',
            "'languages.fr.dateline' may hold only {city} and {date}, not {weekday}",
        ),
        (
            'dateline = "{city.lower} {date}"',
            "'languages.fr.dateline' may hold only {city} and {date}, not {city.lower}",
        ),
        ('dateline = "{city} {date!r}"', "may hold only {city} and {date}, not {date!r}"),
        ('dateline = "{city} {date} {0}"', "may hold only {city} and {date}, not {0}"),
        (
            'dateline = "{city} {date} }"',
            "'languages.fr.dateline' has a brace that opens or closes no placeholder",
        ),
        ("end_marker = 30", "'languages.fr.end_marker' must be a string"),
    ],
)
def test_invalid_conventions_name_the_key(tmp_path: Path, setting: str, message: str) -> None:
    text = CONFIG.replace('locale = "fr_CA"\n', f'locale = "fr_CA"\n{setting}\n')
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert message in str(raised.value)


def test_the_output_folder_may_not_hold_a_compendium(tmp_path: Path) -> None:
    # A build replaces its output folder whole: the translation memory would be lost.
    text = CONFIG.replace('output = "public"', 'output = "memory"')
    text += '\n[memory]\ncompendia = ["memory/agency.po"]\n'
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert "'newsroom.output' 'memory' holds the compendium 'memory/agency.po'" in str(raised.value)


def test_the_sites_address_is_written_as_urls_are(tmp_path: Path) -> None:
    # Percent-encoded, as the sitemap protocol and every page's canonical address want it.
    text = CONFIG.replace("https://news.example.org/", "https://example.org/café/nouvelles")
    assert load_config(write(tmp_path, text)).base_url == "https://example.org/caf%C3%A9/nouvelles/"
    # A scheme in capitals is the same scheme: written in small letters.
    text = CONFIG.replace("https://news.example.org/", "HTTPS://news.example.org:8443")
    assert load_config(write(tmp_path, text)).base_url == "https://news.example.org:8443/"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # Not the "[newsroom]" of the message's list of valid tables.
        (CONFIG + "\n[memroy]\nexact = 'fuzzy'\n", 18, "unknown table or key 'memroy'"),
        (CONFIG + "\n[memroy.more]\nexact = 'fuzzy'\n", 18, "unknown table or key 'memroy'"),
        ("memroy = 1\n" + CONFIG, 1, "unknown table or key 'memroy'"),
        (CONFIG + "\n[languages.fr.url]\n'a' = 'b'\n", 18, "unknown key 'languages.fr.url'"),
        (CONFIG + "\n[[languages.fr.url]]\n'a' = 'b'\n", 18, "unknown key 'languages.fr.url'"),
        (
            CONFIG.replace("[languages.sv]", "[ languages . 'sv' ]").replace("sv_SE", "xx_YY"),
            16,
            "'languages.sv.locale'",
        ),
        (
            CONFIG.replace('locale = "fr_CA"', 'locale = "fr_CA"\nurl . "x" = "y"'),
            14,
            "unknown key 'languages.fr.url'",
        ),
        (
            CONFIG.replace('locale = "fr_CA"', 'locale = "fr_CA"\nspace_before = { ":" = "wide" }'),
            14,
            "'languages.fr.space_before.:' must be one of",
        ),
        (CONFIG.replace("[newsroom]", "[policy]\nbelow = 'x'\n\n[newsroom]"), 2, "'policy.below'"),
    ],
)
def test_an_error_is_at_the_line_of_the_key_it_names(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert message in raised.value.message
    assert raised.value.line == line, text.splitlines()[(raised.value.line or 1) - 1]


def test_a_byte_order_mark_is_taken_off_and_other_bytes_are_named(tmp_path: Path) -> None:
    (tmp_path / "i18n-news.toml").write_bytes(b"\xef\xbb\xbf" + CONFIG.encode())
    assert load_config(tmp_path).name == "Test Newsroom"
    (tmp_path / "i18n-news.toml").write_bytes(CONFIG.replace("Test", "T\xe9st").encode("latin-1"))
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert raised.value.line == 2
    assert raised.value.message.startswith("not valid UTF-8: byte 0xE9")
