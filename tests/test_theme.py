"""The default theme's own translations of its interface strings, and how update uses them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result

from i18n_news.config import load_config
from i18n_news.pofile import parse_po
from i18n_news.theme import THEME_LOCALES, theme_translations

from .conftest import CONFIG, DATA, msgfmt_check

RELEASE = (DATA / "full-release.md").read_text()
THEME_CATALOGS = sorted(THEME_LOCALES.glob("*.po"))


def test_the_theme_speaks_french_and_swedish() -> None:
    assert [path.stem for path in THEME_CATALOGS] == ["fr", "sv"]


@pytest.mark.parametrize("path", THEME_CATALOGS, ids=lambda path: path.stem)
def test_the_themes_catalogs_translate_every_string_of_its_templates(
    path: Path, make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    """Each catalog has exactly the theme's strings (as extract finds them in its templates),
    all translated, valid for GNU gettext, and clean for check in a newsroom that uses it."""
    root = make_newsroom({})  # no templates of its own: the theme's alone
    assert run(root, "extract").exit_code == 0
    template = parse_po((root / "locales/templates/site.pot").read_bytes(), "site.pot")
    catalog = parse_po(path.read_bytes(), str(path))
    assert {m.key for m in catalog} == {m.key for m in template if m.msgid}
    assert all(message.translated for message in catalog)
    assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
    site_po = root / f"locales/{path.stem}/LC_MESSAGES/site.po"
    site_po.parent.mkdir(parents=True)
    site_po.write_bytes(path.read_bytes())
    result = run(root, "check", "--lang", path.stem, "--strict")
    assert result.exit_code == 0 and "0 error(s), 0 warning(s)" in result.output, result.output


@pytest.mark.parametrize(
    ("code", "locale", "found"),
    [("fr", "fr_CA", "fr"), ("fr-CA", "fr_CA", "fr"), ("sv", "sv_SE", "sv"), ("de", "de", None)],
)
def test_a_language_finds_the_themes_catalog_of_its_language(
    code: str, locale: str, found: str | None, make_newsroom: Callable[..., Path]
) -> None:
    config = CONFIG.replace('["fr", "sv"]', f'["{code}"]').replace('locale = "fr_CA"', "")
    config = config.replace("[languages.fr]", f'[languages.{code}]\nlocale = "{locale}"')
    config = config.replace('[languages.sv]\nlocale = "sv_SE"\n', "")
    language = load_config(make_newsroom({}, config=config)).targets[0]
    translations = theme_translations(language)
    if found is None:
        assert translations is None
    else:
        assert translations is not None
        assert translations[0].header_value("Language") == found


def test_update_gives_a_site_catalog_the_themes_translations_and_keeps_the_translators(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    config = CONFIG.replace('["fr", "sv"]', '["fr", "sv", "de"]')
    root = make_newsroom({"content/a.md": RELEASE}, config=config)
    assert run(root, "extract").exit_code == 0
    result = run(root, "update")
    assert result.exit_code == 0, result.output
    assert "locales/fr/LC_MESSAGES/site.po (" in result.output
    assert "translated by the theme)" in result.output
    french = root / "locales/fr/LC_MESSAGES/site.po"
    catalog = polib.pofile(str(french))
    skip = catalog.find("Skip to content")
    assert skip.msgstr == "Aller au contenu" and not skip.fuzzy
    assert skip.tcomment == "memory: from the default theme"
    plural = catalog.find("%(num)d press release")
    assert plural.msgstr_plural == {
        0: "%(num)d communiqué de presse",
        1: "%(num)d communiqués de presse",
    }
    assert msgfmt_check(french).returncode == 0
    assert polib.pofile(str(root / "locales/sv/LC_MESSAGES/site.po")).find("Pages").msgstr
    # The theme does not speak German: its strings stay for the newsroom's translators.
    german = polib.pofile(str(root / "locales/de/LC_MESSAGES/site.po"))
    assert german.percent_translated() == 0
    # A translator's translation, and one marked fuzzy, are the translator's to change.
    catalog.find("Press releases").msgstr = "Nos communiqués"
    pages = catalog.find("Pages")
    pages.msgstr, pages.flags = "Pagination", ["fuzzy"]
    catalog.save()
    assert run(root, "update").exit_code == 0
    catalog = polib.pofile(str(french))
    assert catalog.find("Press releases").msgstr == "Nos communiqués"
    assert catalog.find("Pages").msgstr == "Pagination" and catalog.find("Pages").fuzzy
    again = run(root, "update")
    assert "0 catalog(s) written" in again.output, again.output


def test_a_newsroom_that_wants_exact_matches_reviewed_gets_them_fuzzy(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/a.md": RELEASE}, config=CONFIG + '\n[memory]\nexact = "fuzzy"\n')
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    skip = polib.pofile(str(root / "locales/fr/LC_MESSAGES/site.po")).find("Skip to content")
    assert skip.msgstr == "Aller au contenu" and skip.fuzzy


def test_a_new_newsroom_shows_the_themes_strings_in_french_and_swedish(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from i18n_news.cli import cli

    root = tmp_path / "new"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    page = (root / "public/sv/index.html").read_text(encoding="utf-8")
    assert '<a class="skip" href="#main">Till innehållet</a>' in page
    # Only the example release's tag name is left to translate.
    assert "sv/(site interface): 1 string(s) untranslated" in result.output
