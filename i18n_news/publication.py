"""What goes on the site: drafts, embargoes and the publishing policy applied. No I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .config import Config, Language
from .errors import ContentError
from .model import Release
from .policy import Decision, decide, parse_policy
from .resources import release_files
from .status import CatalogStats


@dataclass(frozen=True)
class HeldVersion:
    """A language version kept off the site, and why."""

    slug: str
    language: str
    reason: str


@dataclass
class Plan:
    """The releases and language versions a build publishes, and what it keeps back."""

    #: Published releases, newest first.
    releases: list[Release] = field(default_factory=list)
    #: Published language versions of each release (source language first).
    versions: dict[str, list[Language]] = field(default_factory=dict)
    #: Decision for each (slug, language code), for versions that were considered.
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    held: list[HeldVersion] = field(default_factory=list)
    embargoed: list[tuple[str, datetime]] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)

    def releases_in(self, language: Language) -> list[Release]:
        """Published releases that have a version in ``language``, newest first."""
        code = language.code
        return [r for r in self.releases if any(v.code == code for v in self.versions[r.slug])]


def check_dated(release: Release, now: datetime) -> None:
    """A release dated in the future is scheduled with an embargo, or is a draft: else
    :class:`ContentError` at its date (what ``build`` refuses, ``status`` and ``check`` say);
    one out is not updated in the future either.

    In the future is after the clock, whatever ``now`` is: what is refused is a date
    mistyped, which the site as it was at an earlier moment would hide, and the site as it
    will be at a later one would publish. A release dated after an earlier ``now`` (``build
    --now``, the site as it was then) but not after the clock is no mistake; it was not out
    yet then (see :func:`plan_publication`).
    """
    if release.embargo is None and not release.draft and release.published > datetime.now(UTC):
        raise ContentError(
            f"the date {release.published.date().isoformat()} is in the future: "
            "set 'embargo:' to schedule the release, or 'draft: true'",
            release.path,
            release.lines.get("date"),
        )
    updated = release.updated
    if (
        updated is not None
        and updated > datetime.now(UTC)
        and not release.draft
        and out_later(release, now) is None
    ):
        # Out, with a correction to come: feeds and search engines would be told of it now.
        raise ContentError(
            f"'updated' {updated.date().isoformat()} is in the future: set it when the "
            "correction is made",
            release.path,
            release.lines.get("updated"),
        )


def out_later(release: Release, now: datetime) -> datetime | None:
    """When ``release`` comes out, if it is not out at ``now``: its embargo, or with none its
    date (``now`` earlier than the clock: the site as it was then; a draft is shown whatever
    its date); ``None`` if it is out then."""
    if release.embargo is not None:
        return release.embargo if now < release.embargo else None
    return release.published if release.published > now and not release.draft else None


def check_buildable(config: Config, release: Release, now: datetime) -> None:
    """Refuse what a build at ``now`` refuses of ``release`` itself (``status`` and ``check``
    refuse it too): a date in the future without an embargo (:func:`check_dated`) and, unless
    it is a draft, an image or a linked file that is not there."""
    check_dated(release, now)
    if not release.draft:
        release_files(config, release)


def plan_publication(
    config: Config,
    releases: list[Release],
    stats: Callable[[Release, Language], CatalogStats],
    now: datetime,
    drafts: bool = False,
) -> Plan:
    """Decide what a build at ``now`` publishes; a future date without embargo is an error.

    A release not out at ``now`` (:func:`out_later`) is left out, and listed with the
    embargoed releases until it is: one under embargo, and one dated after ``now`` (earlier
    than the clock: the site as it was then).
    """
    plan = Plan()
    for release in releases:
        if release.draft and not drafts:
            plan.drafts.append(release.slug)
            continue
        check_dated(release, now)
        until = out_later(release, now)
        if until is not None:
            plan.embargoed.append((release.slug, until))
            continue
        policy = parse_policy(release.policy, config.policy, "policy")
        versions = [config.source]
        for language in config.targets:
            decision = decide(stats(release, language), policy)
            plan.decisions[(release.slug, language.code)] = decision
            if decision.published:
                versions.append(language)
            else:
                plan.held.append(HeldVersion(release.slug, language.code, decision.reason))
        plan.releases.append(release)
        plan.versions[release.slug] = versions
    return plan
