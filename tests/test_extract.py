"""extract: a release's template is made again only when something it is made of changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result

from i18n_news import extract as extract_module
from i18n_news.cache import _CACHES
from i18n_news.config import load_config
from i18n_news.extract import ExtractReport, extract_newsroom

from .conftest import replace_in

RELEASES = "locales/templates/releases"


def extract_as_a_new_command(root: Path) -> ExtractReport:
    """Extract as a new ``i18n-news extract`` would: with the cache it saved, nothing more."""
    for cache in list(_CACHES.values()):
        cache.save()
    _CACHES.clear()
    return extract_newsroom(load_config(root))


def templates(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / RELEASES).glob("*.pot"))}


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the release templates extract makes (rather than finds as they were)."""
    slugs: list[str] = []
    release_template = extract_module.release_template

    def noting(release, config, glossary=None):  # type: ignore[no-untyped-def]
        slugs.append(release.slug)
        return release_template(release, config, glossary)

    monkeypatch.setattr(extract_module, "release_template", noting)
    return slugs


def as_from_scratch(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The templates an extract with no cache makes of the newsroom as it is now."""
    copy = tmp_path / "scratch"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".i18n-news-cache"))
    for pot in (copy / RELEASES).glob("*.pot"):
        pot.unlink()
    extract_as_a_new_command(copy)
    return templates(copy)


def test_templates_are_made_again_only_for_what_changed(
    sample_newsroom: Path, tmp_path: Path, made: list[str]
) -> None:
    first = extract_as_a_new_command(sample_newsroom)
    assert len(made) == 3
    made.clear()
    again = extract_as_a_new_command(sample_newsroom)
    assert made == [] and not again.written and again.messages == first.messages
    # A writer's edit: that release alone, and its template as an extract from scratch has it.
    source = sample_newsroom / "content/2022/mila-ai-sweden-researcher-exchange.md"
    replace_in(source, "exchange program", "exchange programme", 1)
    report = extract_as_a_new_command(sample_newsroom)
    assert made == ["mila-ai-sweden-researcher-exchange"]
    assert [p.name for p in report.written] == ["mila-ai-sweden-researcher-exchange.pot"]
    # A template deleted, or edited by hand, is made and written again.
    made.clear()
    (sample_newsroom / RELEASES / "mila-ai-sweden-partnership.pot").unlink()
    edited = sample_newsroom / RELEASES / "nordic-quebec-ai-health-workshop.pot"
    edited.write_text(edited.read_text() + '\nmsgid "added by hand"\nmsgstr ""\n')
    report = extract_as_a_new_command(sample_newsroom)
    assert sorted(made) == ["mila-ai-sweden-partnership", "nordic-quebec-ai-health-workshop"]
    assert templates(sample_newsroom) == as_from_scratch(sample_newsroom, tmp_path)


def test_an_extract_interrupted_midway_says_what_it_wrote_before(
    sample_newsroom: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    for pot in (sample_newsroom / RELEASES).glob("*.pot"):
        pot.unlink()
    saved: list[Path] = []
    save = extract_module.save_template

    def save_then_interrupt(config: object, template: object, path: Path) -> bool:
        if len(saved) == 2:  # Ctrl-C, two templates written
            raise KeyboardInterrupt
        saved.append(path)
        return save(config, template, path)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_module, "save_template", save_then_interrupt)
    result = run(sample_newsroom, "extract")
    assert result.exit_code == 130
    assert result.output.splitlines() == [
        "interrupted: nothing was left half-written",
        "note: 2 template(s) were written before it, each whole, and 0 removed: run "
        "'i18n-news extract' again",
    ]
    assert all(path.is_file() for path in saved)


def test_a_glossary_or_a_moved_release_makes_templates_again(
    sample_newsroom: Path, tmp_path: Path, made: list[str]
) -> None:
    extract_as_a_new_command(sample_newsroom)
    made.clear()
    # The glossary's comments are in every template.
    (sample_newsroom / "glossary.toml").write_text(
        '[[terms]]\nterm = "Montreal"\nfr = "Montréal"\nsv = "Montréal"\n'
    )
    extract_as_a_new_command(sample_newsroom)
    assert len(made) == 3
    assert all(b"Montr\xc3\xa9al" in t for t in templates(sample_newsroom).values())
    assert templates(sample_newsroom) == as_from_scratch(sample_newsroom, tmp_path)
    # A release moved to another folder, its content as it was: its references follow it.
    made.clear()
    old = sample_newsroom / "content/2022/mila-ai-sweden-partnership.md"
    new = sample_newsroom / "content/archive/mila-ai-sweden-partnership.md"
    new.parent.mkdir()
    old.rename(new)
    extract_as_a_new_command(sample_newsroom)
    assert made == ["mila-ai-sweden-partnership"]
    pot = (sample_newsroom / RELEASES / "mila-ai-sweden-partnership.pot").read_text()
    assert "#: content/archive/mila-ai-sweden-partnership.md:" in pot
    assert templates(sample_newsroom) == as_from_scratch(sample_newsroom, tmp_path)


def test_a_templates_comments_give_translators_notes_and_a_length(sample_newsroom: Path) -> None:
    footer = sample_newsroom / "templates/partials/footer.html"
    footer.parent.mkdir(parents=True, exist_ok=True)
    footer.write_text(
        "<footer>\n{# max-length: 40 #}\n<p>{{ _('Follow us') }}</p>\n"
        "{# Translators: the link to the press office #}\n<p>{{ _('Contact us') }}</p>\n"
        "</footer>\n"
    )
    extract_newsroom(load_config(sample_newsroom))
    site = polib.pofile(str(sample_newsroom / "locales/templates/site.pot"))
    follow, contact = site.find("Follow us"), site.find("Contact us")
    assert follow.flags == ["max-length:40"] and not follow.comment
    assert contact.comment == "the link to the press office" and contact.flags == []


def test_texts_shown_as_written_are_not_flagged_markdown(tmp_path: Path) -> None:
    from i18n_news.content import parse_release_file

    from .conftest import CONFIG

    (tmp_path / "i18n-news.toml").write_text(CONFIG)
    text = (
        "---\ntitle: A *new* lab\ndate: 2023-03-01\ndateline: Montreal\nsummary: It opens.\n"
        '---\n\nThe lab opens.\n\n![Researchers](lab.jpg "Opening day")\n\n'
        "https://mila.quebec/en/\n\nRead the [report][r].\n\n"
        '[r]: report.pdf "The full report"\n'
    )
    config = load_config(tmp_path)
    release = parse_release_file(Path("content/lab.md"), text.encode(), config)
    template = extract_module.release_template(release, config)
    flags = {message.msgid: message.flags for message in template}
    # Weblate and check read Markdown where the page renders it, and only there.
    assert flags["A *new* lab"] == flags["The lab opens."] == flags["Researchers"]
    assert flags["The lab opens."] == ("markdown-text",)
    assert flags["Montreal"] == flags["Opening day"] == flags["The full report"] == ()
    assert flags["https://mila.quebec/en/"] == ("url",)


@pytest.mark.parametrize(
    ("string", "problem"),
    [
        ("Now 100% secure", "a '%' that is no named placeholder (%(name)s)"),  # "% s"
        ("Rated 5% better", "'b' is not a conversion"),
        ("%s releases", "a '%' that is no named placeholder (%(name)s)"),
    ],
)
def test_a_percent_sign_in_an_interface_string_is_written_double(
    sample_newsroom: Path, run: Callable[..., Result], string: str, problem: str
) -> None:
    """Every interface string with a "%" is formatted: a lone one would garble the page
    ("Now 100{}ecure") or stop the build, and msgfmt -c would check no translation of it."""
    footer = sample_newsroom / "templates/partials/footer.html"
    footer.write_text(f"<footer>\n<p>{{{{ _('{string}') }}}}</p>\n</footer>\n")
    before = (sample_newsroom / "locales/templates/site.pot").read_bytes()
    for command in ("extract", "build"):
        result = run(sample_newsroom, command)
        assert result.exit_code == 1
        [line] = result.output.splitlines()
        assert line.startswith("error: templates/partials/footer.html:2: ")
        assert f"interface string {string!r}: " in line and problem in line
        assert line.endswith("write %% for a percent sign")
    assert (sample_newsroom / "locales/templates/site.pot").read_bytes() == before
    footer.write_text("<footer>\n<p>{{ _('Now 100%% secure') }}</p>\n</footer>\n")
    for command in ("extract", "update", "build"):
        assert run(sample_newsroom, command).exit_code == 0
    site = polib.pofile(str(sample_newsroom / "locales/templates/site.pot"))
    assert site.find("Now 100%% secure").flags == ["python-format"]
    assert "<p>Now 100% secure</p>" in (sample_newsroom / "public/en/index.html").read_text()
