"""The record of a build: what it was made from and what it reported; whether the site as
last built still stands.

A build that changes nothing reads no more than this module does: the digests of its input
files (remembered by their metadata), the record of the last build, and the clock against
its embargoes. It imports no template engine, Markdown parser or catalog reader.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import ShardedStore, cache_for, code_version
from .config import Config
from .digests import file_digests
from .layout import SITE, catalog_name, catalog_names, files_and_others_under
from .theme import static_files, template_sources

if TYPE_CHECKING:
    from .publication import HeldVersion, Plan

#: The entry of the build store that records the last build.
_LAST = "last"


@dataclass
class BuildReport:
    """What a build published and what it kept back."""

    output: Path
    pages: int = 0
    #: Releases published, and how many of them each language (by code) has.
    releases: int = 0
    published: dict[str, int] = field(default_factory=dict)
    held: list[HeldVersion] = field(default_factory=list)
    embargoed: list[tuple[str, datetime]] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    #: (release slug, language code, messages shown in the source language, why it is published)
    incomplete: list[tuple[str, str, int, str]] = field(default_factory=list)
    #: Interface strings of the site catalog shown as written (in English), by language code
    #: (untranslated or fuzzy; only the languages that have some).
    interface: dict[str, int] = field(default_factory=dict)
    #: Previous sites, swapped out, that could not be removed whole (said by the build that
    #: finds them, not kept with the report of the build).
    left_behind: tuple[Path, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, config: Config, plan: Plan) -> BuildReport:
        """The report of a build of ``plan`` (plain data, kept for a build that changes nothing)."""
        return cls(
            config.output,
            releases=len(plan.releases),
            published={lang.code: len(plan.releases_in(lang)) for lang in config.languages},
            held=list(plan.held),
            embargoed=list(plan.embargoed),
            drafts=list(plan.drafts),
        )


def build_json(report: BuildReport, output: str) -> dict[str, Any]:
    """What ``build --json`` prints of a build's report."""
    return {
        "output": output,
        "pages": report.pages,
        "releases": report.releases,
        "published": report.published,
        "held": [
            {"slug": held.slug, "language": held.language, "reason": held.reason}
            for held in report.held
        ],
        "incomplete": [
            {"slug": slug, "language": code, "source_messages": count, "reason": reason}
            for slug, code, count, reason in report.incomplete
        ],
        "embargoed": [
            {"slug": slug, "until": until.isoformat()} for slug, until in report.embargoed
        ],
        "drafts": list(report.drafts),
        "interface": dict(report.interface),
    }


def input_digests(
    config: Config, sources: list[Path], resources: list[Path], defer: bool = False
) -> tuple[dict[str, str], list[Path]]:
    """A digest of every file a build reads, by path: the build's whole input (``sources``
    are the release files, ``resources`` the other files of the content folder, their
    images; see :func:`i18n_news.layout.files_and_others_under`).

    With ``defer``, release sources and catalogs are only listed, not hashed: returned second,
    for the processes that read them to hash.
    """
    # Thousands of catalogs: named by strings, not path objects.
    content: list[Path | str] = list(sources)
    others: list[Path | str] = [config.path]
    # The catalogs of every language that has some: the source language's site catalog too,
    # unless the interface strings are written in it.
    for language in config.interface_languages:
        site = catalog_name(config, language, SITE)
        for name in catalog_names(config, language):
            (others if name == site else content).append(name)
    others += [path for _, path in template_sources(config)]
    others += list(static_files(config).values())
    others += resources
    if not defer:
        return file_digests(config.root, [*content, *others]), []
    return file_digests(config.root, others), [Path(name) for name in content]


#: What the pages of other releases depend on of one release: its slug, whether it is a draft,
#: its embargo, its date, and for each language version published, the language and what lists
#: show of it.
Listed = tuple[str, bool, datetime | None, datetime, tuple[tuple[str, str], ...]]


@dataclass
class LastBuild:
    """The record of the last build, and what a build now would be made from."""

    store: ShardedStore
    #: The last build's record (``None``: no build, or one by another version).
    last: dict[str, Any] | None
    #: The release files, and the digest of every input file by path (those of ``deferred``,
    #: release sources and catalogs, left for the workers that read them to hash).
    sources: list[Path]
    inputs: dict[str, str]
    deferred: list[Path]
    #: What a build's output depends on besides the clock.
    state: tuple[Any, ...]
    output: Path

    def standing(self, now: datetime) -> BuildReport | None:
        """The last build's report if the site it built is the site at ``now``, else ``None``."""
        last = self.last
        if last is not None and last["state"] == self.state and self.same_but_inputs(now):
            # And the site is still all there (a deploy script may have emptied the folder).
            folder = os.path.join(self.output, "")
            if all(os.path.isfile(folder + name) for name in last["pages"]):
                report: BuildReport = last["report"]
                return report
        return None

    def same_but_inputs(self, now: datetime) -> bool:
        """Whether a build at ``now`` differs from the last one in its input files alone: the
        same code, options, output folder (which is there) and address, and no embargo lifted
        since."""
        last = self.last
        return (
            last is not None
            and last["state"][:3] == self.state[:3]
            and self.output.is_dir()
            and all(now < moment for moment in last["upcoming"])
            and all(now >= moment for moment in last["passed"])
        )

    def embargoes(self) -> list[datetime]:
        """The embargoes of the last build's releases."""
        return [*self.last["upcoming"], *self.last["passed"]] if self.last is not None else []

    def previous_listed(self) -> dict[str, Listed]:
        """What the pages of other releases showed of each release at the last build, by the
        path of its file (see :data:`Listed`); the last build's pages that show each release
        whole (its body, its untranslated count) are in :meth:`previous_whole`."""
        return self.last.get("listed", {}) if self.last is not None else {}

    def previous_whole(self) -> set[str]:
        """The last build's pages that read releases they list whole."""
        return self.last.get("whole", set()) if self.last is not None else set()

    def previous_pages(self) -> dict[str, str]:
        """The fingerprint of each page of the last build, by file, if it built into the
        same output folder (else none: there is no previous site to update)."""
        last = self.last
        return last["pages"] if last and last["output"] == str(self.output) else {}

    def previous_inputs(self) -> dict[str, str]:
        """The digest of each input file of the last build, by path."""
        return self.last["state"][3] if self.last is not None else {}

    def save(
        self,
        report: BuildReport,
        pages: dict[str, str],
        embargoes: list[datetime],
        now: datetime,
        listed: dict[str, Listed],
        whole: set[str],
    ) -> None:
        """Record this build: its report, the fingerprint of each file it wrote, when the
        site next changes with time (embargoes are the only way it does), what lists show of
        each release (``listed``, by file) and the pages that show releases ``whole``."""
        self.store.put(_record_key(self.output), {
            "state": self.state, "output": str(self.output), "pages": pages,
            "report": report, "upcoming": [m for m in embargoes if m > now],
            "passed": [m for m in embargoes if m <= now], "listed": listed, "whole": whole,
        })  # fmt: skip


def _record_key(output: Path) -> str:
    """Under what the record of the last build into ``output`` is kept: each output folder
    has its own (the site, and ``serve``'s preview), and each stays up to date."""
    return f"{_LAST}:{output}"


def last_build(config: Config, drafts: bool) -> LastBuild:
    """The record of the newsroom's last build, and the digests of its inputs now."""
    store = cache_for(config.root).store("build")
    last = store.peek(_record_key(config.output))
    # With no build to compare with, the files that releases are made of are hashed by the
    # workers that parse them (the record of this build gets them all).
    # The releases and their images, in one walk of the content folder.
    sources, resources = files_and_others_under(config.content_dir, ".md")
    inputs, deferred = input_digests(config, sources, resources, defer=last is None)
    # Where the site is written and the address it is built for, which a build may be given.
    state = (code_version(), drafts, (str(config.output), config.base_url), inputs)
    return LastBuild(store, last, sources, inputs, deferred, state, config.output)
