"""status reads a release's texts from its template only when the template was extracted
from the release as it is, and reports exactly what parsing the release reports."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from i18n_news import cache, digests, markup, outline, prefetch
from i18n_news.cache import CACHE_DIR
from i18n_news.config import load_config
from i18n_news.pofile import live_msgids, parse_po
from i18n_news.report import collect_status, status_json

from .conftest import msgfmt_check, replace_in

NOW = datetime(2026, 1, 1, tzinfo=UTC)
RELEASE = "content/2022/mila-ai-sweden-partnership.md"
TEMPLATE = "locales/templates/releases/mila-ai-sweden-partnership.pot"
PARAGRAPH = "Montreal has established itself as a global hub for AI research"


@pytest.fixture
def parsed_bodies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first lines of every release body parsed from here on."""
    bodies: list[str] = []
    parse = markup.extract_body

    def spy(body: str, first_line: int) -> Any:
        bodies.append(body.strip().split("\n", 1)[0])
        return parse(body, first_line)

    monkeypatch.setattr(markup, "extract_body", spy)
    return bodies


def fresh_status(root: Path, workers: int = 1) -> dict[str, Any]:
    """The status report a fresh checkout of ``root`` gives (no cache), as JSON."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    cache._CACHES.clear()
    return status_json(collect_status(load_config(root), NOW, workers=workers))


@pytest.fixture
def parsed_status(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], dict[str, Any]]]:
    """The status report of a fresh checkout with every release parsed (templates ignored)."""

    def status(root: Path) -> dict[str, Any]:
        with monkeypatch.context() as patch:
            patch.setattr(outline, "_from_template", lambda head, raw, candidates=(): None)
            return fresh_status(root)

    yield status


def versions(report: dict[str, Any], slug: str) -> dict[str, Any]:
    (release,) = [r for r in report["releases"] if r["slug"] == slug]
    return release["languages"]  # type: ignore[no-any-return]


def test_current_templates_spare_a_first_status_the_markdown(
    sample_newsroom: Path, parsed_bodies: list[str], parsed_status: Callable[..., Any]
) -> None:
    report = fresh_status(sample_newsroom)
    assert parsed_bodies == []
    assert report == parsed_status(sample_newsroom)
    assert len(parsed_bodies) == 3  # what it would have parsed: every release
    assert report["releases"] and all(
        version["messages"]["total"] > 3
        for release in report["releases"]
        for version in release["languages"].values()
    )


def test_templates_with_windows_line_ends_are_read_too(
    sample_newsroom: Path, parsed_bodies: list[str], parsed_status: Callable[..., Any]
) -> None:
    for template in (sample_newsroom / "locales/templates/releases").glob("*.pot"):
        template.write_bytes(template.read_bytes().replace(b"\n", b"\r\n"))
    assert fresh_status(sample_newsroom) == parsed_status(sample_newsroom)
    assert len(parsed_bodies) == 3  # by the status that ignores templates alone


def test_a_release_edited_since_extract_is_parsed(
    sample_newsroom: Path, parsed_bodies: list[str], parsed_status: Callable[..., Any]
) -> None:
    release = sample_newsroom / RELEASE
    text = release.read_text()
    assert PARAGRAPH in text
    release.write_text(text.replace(PARAGRAPH, "A new sentence.\n\n" + PARAGRAPH, 1))
    before = fresh_status(sample_newsroom)
    assert len(parsed_bodies) == 1  # that release alone
    assert before == parsed_status(sample_newsroom)
    french = versions(before, "mila-ai-sweden-partnership")["fr"]
    assert french["stale"] and french["messages"]["untranslated"] >= 1


@pytest.fixture
def read_templates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many msgids status read from each template it read them from, from here on."""
    read: list[int] = []

    def spy(data: bytes | str, path: str = "<catalog>") -> list[str]:
        msgids = live_msgids(data, path)
        read.append(len(msgids))
        return msgids

    monkeypatch.setattr(outline, "live_msgids", spy)
    return read


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda pot: pot.replace("X-Source-Digest: ", "X-Source-Digest: 0"), id="digest"
        ),
        pytest.param(lambda pot: pot.replace('"X-Source-Digest', '"X-Other'), id="no digest"),
    ],
)
def test_a_template_edited_by_hand_is_not_trusted(
    sample_newsroom: Path,
    parsed_bodies: list[str],
    parsed_status: Callable[..., Any],
    tamper: Callable[[str], str],
) -> None:
    template = sample_newsroom / TEMPLATE
    template.write_text(tamper(template.read_text()))
    assert fresh_status(sample_newsroom) == parsed_status(sample_newsroom)
    assert len(parsed_bodies) == 1 + 3


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda pot: pot.replace('msgid "Montreal"', 'msgid "Montréal"'), id="msgid"),
        pytest.param(lambda pot: pot + '\nmsgid "Added by hand"\nmsgstr ""\n', id="msgid added"),
        pytest.param(lambda pot: pot[: len(pot) // 2], id="cut short"),
    ],
)
def test_the_msgids_of_current_catalogs_are_trusted_by_the_templates_digest(
    sample_newsroom: Path,
    parsed_bodies: list[str],
    parsed_status: Callable[..., Any],
    read_templates: list[int],
    tamper: Callable[[str], str],
) -> None:
    """A template's digest is of the release's texts: the msgids of a catalog merged with it
    have it too, and are taken (the template's own msgids, edited by hand, are not read)."""
    template = sample_newsroom / TEMPLATE
    template.write_text(tamper(template.read_text()))
    report = fresh_status(sample_newsroom)
    assert parsed_bodies == [] and read_templates == []
    assert report == parsed_status(sample_newsroom)


def test_catalogs_out_of_date_send_status_to_the_templates_msgids(
    sample_newsroom: Path,
    parsed_bodies: list[str],
    parsed_status: Callable[..., Any],
    read_templates: list[int],
) -> None:
    catalogs = {
        code: sample_newsroom / TEMPLATE.replace("templates", f"{code}/LC_MESSAGES")[:-1]
        for code in ("fr", "sv")
    }
    # One catalog merged with an older template: the other's msgids are taken.
    older = catalogs["sv"].read_text().replace('msgid "Montreal"', 'msgid "Montréal"')
    catalogs["sv"].write_text(older)
    report = fresh_status(sample_newsroom)
    assert read_templates == [] and parsed_bodies == []
    assert report == parsed_status(sample_newsroom)
    assert versions(report, "mila-ai-sweden-partnership")["sv"]["stale"]
    # Both: the template's own msgids are read, once.
    replace_in(catalogs["fr"], 'msgid "Montreal"', 'msgid "x"')
    read_templates.clear()
    report = fresh_status(sample_newsroom)
    assert len(read_templates) == 1 and len(parsed_bodies) == 3  # by the first parsed_status
    assert report == parsed_status(sample_newsroom)
    assert all(
        version["stale"] for version in versions(report, "mila-ai-sweden-partnership").values()
    )


def test_templates_extracted_by_another_version_are_not_trusted(
    sample_newsroom: Path,
    parsed_bodies: list[str],
    parsed_status: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outline, "__version__", "0.0.1")
    assert fresh_status(sample_newsroom) == parsed_status(sample_newsroom)
    assert len(parsed_bodies) == 3 + 3


def test_a_release_with_an_image_is_counted_from_its_body_whatever_its_template(
    sample_newsroom: Path,
    parsed_bodies: list[str],
    parsed_status: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[..., Result],
) -> None:
    """A body with an image is read whole (its images are checked): a template that lacks
    one of its texts (an image's title, which an earlier version did not extract) is not
    what status counts."""
    release = sample_newsroom / RELEASE
    replace_in(release, PARAGRAPH, '![Mila](images/mila.jpg "Mila\'s offices")\n\n' + PARAGRAPH, 1)
    (release.parent / "images").mkdir()
    (release.parent / "images/mila.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    with monkeypatch.context() as patch:
        patch.setattr(markup, "_image_title", lambda image: "")  # as before titles were read
        assert run(sample_newsroom, "extract").exit_code == 0
    assert "Mila's offices" not in (sample_newsroom / TEMPLATE).read_text()
    parsed_bodies.clear()
    report = fresh_status(sample_newsroom)
    assert len(parsed_bodies) == 1  # that release alone
    assert report == parsed_status(sample_newsroom)
    french = versions(report, "mila-ai-sweden-partnership")["fr"]
    assert french["stale"] and french["messages"]["untranslated"] == 2  # alt text and title


def test_what_a_template_gave_is_kept_for_the_releases_content(
    sample_newsroom: Path, parsed_bodies: list[str], run: Callable[..., Result]
) -> None:
    first = fresh_status(sample_newsroom)
    cache.save_caches()
    (sample_newsroom / TEMPLATE).unlink()  # the texts are the release's, whatever happens to it
    cache._CACHES.clear()
    assert status_json(collect_status(load_config(sample_newsroom), NOW)) == first
    assert parsed_bodies == []
    release = sample_newsroom / RELEASE
    replace_in(release, PARAGRAPH, "Changed.\n\n" + PARAGRAPH, 1)
    cache._CACHES.clear()
    changed = status_json(collect_status(load_config(sample_newsroom), NOW))
    assert len(parsed_bodies) == 1
    assert versions(changed, "mila-ai-sweden-partnership")["sv"]["stale"]


def test_many_releases_are_read_on_every_core_as_on_one(
    sample_newsroom: Path, parsed_bodies: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outline, "PARALLEL_MIN_RELEASES", 1)
    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
    release = sample_newsroom / RELEASE  # one release parsed, the others from templates
    replace_in(release, PARAGRAPH, "New.\n\n" + PARAGRAPH, 1)
    assert fresh_status(sample_newsroom, workers=2) == fresh_status(sample_newsroom, workers=1)


def test_a_fresh_checkout_hashes_each_release_where_it_reads_it(
    sample_newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    releases = sorted((sample_newsroom / "content").rglob("*.md"))
    monkeypatch.setattr(digests, "RACY_NS", -1)  # files just written are remembered too
    looked_up: list[Path] = []
    file_digests = outline.file_digests

    def spy(root: Path, paths: list[Path], **options: Any) -> dict[str, str]:
        looked_up.extend(paths)
        return file_digests(root, paths, **options)

    monkeypatch.setattr(outline, "file_digests", spy)
    first = fresh_status(sample_newsroom)
    assert looked_up == []  # nothing to look up: not hashed before they are read
    remembered = cache.cache_for(sample_newsroom).store("digests")
    assert all(remembered.peek(str(path)) is not None for path in releases)
    cache.save_caches()
    cache._CACHES.clear()
    assert status_json(collect_status(load_config(sample_newsroom), NOW)) == first
    assert sorted(looked_up) == releases  # read before: looked up by content


def test_a_broken_release_is_reported_as_when_parsed(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    release = sample_newsroom / RELEASE
    replace_in(release, "date: ", "date: not a date ", 1)
    result = run(sample_newsroom, "status")
    assert result.exit_code == 1
    assert result.output == (
        f"error: {RELEASE}:3: 'not a date 2022-02-09' is not a date "
        "(write 2022-02-09 or 2022-02-09T09:00-05:00)\n"
    )


def test_the_source_digest_stays_in_the_template(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    """Catalogs made from a template do not copy it, and GNU gettext accepts both."""
    shutil.rmtree(sample_newsroom / "locales/sv")
    assert run(sample_newsroom, "update").exit_code == 0
    made = sample_newsroom / "locales/sv/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"
    template = sample_newsroom / TEMPLATE
    assert "X-Source-Digest" in template.read_text()
    assert "X-Source-Digest" not in made.read_text()
    assert msgfmt_check(template).returncode == msgfmt_check(made).returncode == 0


def test_a_change_no_message_shows_rewrites_the_template_alone(
    sample_newsroom: Path, run: Callable[..., Result]
) -> None:
    """Trailing spaces change the body (what the template was made from), not its texts:
    the template is written with its creation date, and no catalog follows it."""
    release = sample_newsroom / RELEASE
    template = sample_newsroom / TEMPLATE
    before = template.read_text()
    end = "a center for collaboration in Montreal.\n"
    replace_in(release, end, end[:-1] + " \n", 1)
    assert "1 template(s) written" in run(sample_newsroom, "extract").output
    after = template.read_text()
    assert after != before
    assert [line for line in after.splitlines() if line not in before.splitlines()] == [
        line for line in after.splitlines() if line.startswith('"X-Source-Digest: ')
    ]
    assert "0 catalog(s) written" in run(sample_newsroom, "update").output


def test_live_msgids_are_the_msgids_the_reader_reads(sample_newsroom: Path) -> None:
    catalogs = sorted((sample_newsroom / "locales").rglob("*.po*"))
    assert len(catalogs) > 5
    tricky = (
        '# header\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "tag"\nmsgid "a \\"quoted\\"\\n"\n"text"\nmsgstr ""\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        '#~ msgid "gone"\n#~ msgstr "parti"\n'
    )
    for text, name in [*((p.read_text(), p.name) for p in catalogs), (tricky, "tricky.pot")]:
        assert live_msgids(text) == ["", *(m.msgid for m in parse_po(text, name))]


def failed_first_status(newsroom: Path, run: Callable[..., Result]) -> str:
    """What a first status (no cache) says of what it refuses, the same on two cores and on
    one."""
    results = []
    for jobs in ("2", "1"):
        shutil.rmtree(newsroom / CACHE_DIR, ignore_errors=True)
        cache._CACHES.clear()
        results.append(run(newsroom, "status", "-j", jobs))
    assert results[0].exit_code == results[1].exit_code == 1
    assert results[0].output == results[1].output
    return results[0].output


def test_a_broken_catalog_is_reported_by_a_first_status_on_every_core(
    sample_newsroom: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers that read the releases count their catalogs; one they cannot read is
    left for the command, which reports it as a status on one core does."""
    monkeypatch.setattr(outline, "PARALLEL_MIN_RELEASES", 1)
    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
    catalog = "locales/fr/LC_MESSAGES/releases/mila-ai-sweden-partnership.po"
    path = sample_newsroom / catalog
    replace_in(path, 'msgstr "', 'msgstr "\\q', 1)
    assert failed_first_status(sample_newsroom, run).startswith(f"error: {catalog}:")


def test_a_broken_site_catalog_is_reported_after_the_releases_on_every_core(
    sample_newsroom: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interface strings' catalogs are read while the helpers read the releases; what is
    wrong is still reported in the order one process finds it: a release first."""
    monkeypatch.setattr(outline, "PARALLEL_MIN_RELEASES", 1)
    site = sample_newsroom / "locales/sv/LC_MESSAGES/site.po"
    replace_in(site, 'msgstr "', 'msgstr "\\q', 1)
    release = sample_newsroom / RELEASE
    written = release.read_text()
    release.write_text(written.replace("\ndate:", "\ndraft: maybe\ndate:", 1))
    assert failed_first_status(sample_newsroom, run).startswith(f"error: {RELEASE}:")
    release.write_text(written)
    site_error = "error: locales/sv/LC_MESSAGES/site.po:"
    assert failed_first_status(sample_newsroom, run).startswith(site_error)


def test_update_on_a_fresh_checkout_orders_its_memory_without_parsing_bodies(
    sample_newsroom: Path, parsed_bodies: list[str], run: Callable[..., Result]
) -> None:
    """The translation memory prefers the newest releases' translations: update needs the
    releases' dates, not their bodies, when their templates are current."""
    shutil.rmtree(sample_newsroom / "locales/sv")  # every Swedish catalog made again
    shutil.rmtree(sample_newsroom / CACHE_DIR, ignore_errors=True)
    cache._CACHES.clear()
    result = run(sample_newsroom, "update")
    assert result.exit_code == 0 and "created" in result.output
    assert parsed_bodies == []
