"""Releases (and what is counted of their catalogs) read back from the cache, or from a
helper process, as they were kept."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from i18n_news.config import load_config
from i18n_news.content import parse_release_file
from i18n_news.conventions import Conventions, conventions_for
from i18n_news.model import Release
from i18n_news.status import CatalogStats

REPOSITORY = Path(__file__).resolve().parent.parent


def repository_releases() -> list[Release]:
    """The releases of this repository's newsroom, parsed whole."""
    config = load_config(REPOSITORY)
    return [
        parse_release_file(path, path.read_bytes(), config)
        for path in sorted((REPOSITORY / "content").rglob("*.md"))
    ]


MONTREAL = ZoneInfo("America/Montreal")
#: Moments as front matter gives them: in the newsroom's zone (a daylight-saving change's
#: second 1:30 among them), at a fixed offset, in UTC, in a zone read from a file.
MOMENTS = st.sampled_from([
    datetime(2022, 2, 9, 9, 0, tzinfo=MONTREAL),
    datetime(2022, 11, 6, 1, 30, tzinfo=MONTREAL, fold=1),
    datetime(2022, 2, 9, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2022, 2, 9, 14, 0, tzinfo=UTC),
    datetime(2022, 2, 9, 9, 0, tzinfo=ZoneInfo.no_cache("Europe/Stockholm")),
])  # fmt: skip


def identical(kept: object, read: object) -> bool:
    """Equal, and a moment at the same local time in the same zone (by name: a zone read
    from the database is the very object of the zone there)."""
    if not isinstance(kept, datetime) or not isinstance(read, datetime):
        return bool(kept == read)
    local = (kept.replace(tzinfo=None), kept.fold, type(kept.tzinfo), str(kept.tzinfo))
    cached = type(kept.tzinfo) is ZoneInfo and ZoneInfo(str(kept.tzinfo)) is kept.tzinfo
    return local == (
        read.replace(tzinfo=None),
        read.fold,
        type(read.tzinfo),
        str(read.tzinfo),
    ) and (not cached or read.tzinfo is kept.tzinfo)


def test_the_newsrooms_releases_read_back_as_they_were() -> None:
    for release in repository_releases():
        for kept in (release, release.head()):
            read = pickle.loads(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
            assert type(read) is Release and read == kept
            assert read.__dict__.keys() == kept.__dict__.keys()
            assert all(identical(kept.__dict__[k], read.__dict__[k]) for k in kept.__dict__)


@given(MOMENTS, st.one_of(st.none(), MOMENTS), st.one_of(st.none(), MOMENTS))
def test_a_releases_moments_read_back_in_their_zones(
    published: datetime, updated: datetime | None, embargo: datetime | None
) -> None:
    release = Release(
        "joint-lab", "content/2022/joint-lab.md", "Title", "Summary", "Montreal", published,
        ("ai",), "Body.", 7, (), updated=updated, embargo=embargo, lines={"title": 2},
    )  # fmt: skip
    read = pickle.loads(pickle.dumps(release, pickle.HIGHEST_PROTOCOL))
    assert read == release and read.lines == {"title": 2}
    for name in ("published", "updated", "embargo"):
        assert identical(getattr(release, name), getattr(read, name)), name


def test_conventions_read_back_as_the_one_object_of_their_values() -> None:
    french = conventions_for("fr_FR")
    read = [pickle.loads(pickle.dumps(french)) for _ in range(2)]
    assert read[0] == french and read[0] is read[1]
    assert pickle.loads(pickle.dumps(Conventions())) == Conventions()


def test_a_catalogs_counts_read_back_as_they_were() -> None:
    counts = CatalogStats(
        "releases/joint-lab", "fr", "locales/fr/LC_MESSAGES/releases/joint-lab.po",
        translated=20, fuzzy=1, untranslated=2, translated_words=300, fuzzy_words=12,
        untranslated_words=30, missing=True,
    )  # fmt: skip
    read = pickle.loads(pickle.dumps(counts, pickle.HIGHEST_PROTOCOL))
    assert read == counts and read.__dict__ == counts.__dict__


def test_a_heads_values_are_those_its_release_keeps_without_its_body() -> None:
    release = repository_releases()[0]
    assert release.head_values() == release.head().head_values()
    assert release.body not in release.head_values()
    retitled = dataclasses.replace(release, title="Another title")
    assert retitled.head_values() != release.head_values()


def test_a_release_replaced_is_the_release_dataclasses_replace_makes() -> None:
    releases = repository_releases()
    for release in releases:
        head = release.head()
        expected = dataclasses.replace(release, body="", blocks=(), has_body=False)
        assert head == expected and head.__dict__ == expected.__dict__
        assert not head.has_body and release.has_body and release.body  # the release kept
        for change in ({"body": ""}, {"title": "Another", "draft": True}, {}):
            made = release.replaced(**change)
            assert made.__dict__ == dataclasses.replace(release, **change).__dict__
            assert type(made) is Release and made is not release
    with pytest.raises(TypeError, match="titel"):
        releases[0].replaced(titel="typo")
