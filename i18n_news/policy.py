"""The publishing policy: which language versions of a release go on the site. No I/O.

A newsroom sets a policy in ``i18n-news.toml`` (``[policy]``) and a release may override any
of it in its front matter (``policy:``). A language version that does not meet the policy is
either held back (absent from every page, feed and sitemap) or published with the missing
text in the source language and a visible notice, as the policy says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .status import CatalogStats

Measure = Literal["words", "messages"]
Below = Literal["hold", "fallback"]
KEYS = ("min_translated", "measure", "fuzzy_blocks", "below")


@dataclass(frozen=True)
class Policy:
    """When a language version is published."""

    #: Minimum share translated, in percent, for a version to be published as complete.
    min_translated: float = 0.0
    #: Whether the share is counted in source words or in messages.
    measure: Measure = "words"
    #: Whether any fuzzy message keeps a version from meeting the policy.
    fuzzy_blocks: bool = False
    #: What happens to a version below the bar: held back, or published with fallback text.
    below: Below = "fallback"


@dataclass(frozen=True)
class Decision:
    """Whether a language version is published, and why not when it is not complete."""

    published: bool
    #: Published although it does not meet the policy: shows a notice to readers.
    below_policy: bool = False
    reason: str = ""
    #: The share translated as the reason writes it, under the threshold: (measure, percent).
    shown: tuple[str, float] | None = None


#: The decision for a version that meets the policy (most of them: one object for all).
PUBLISHED = Decision(published=True)


def parse_policy(data: Any, base: Policy, where: str) -> Policy:
    """Validate a policy table and return ``base`` with its values; errors name the key.

    ``where`` is the key path shown in messages (``policy`` or ``newsroom.policy``).
    Raises :class:`ValueError` with a one-line explanation.
    """
    if not isinstance(data, dict):
        raise ValueError(f"'{where}' must be a table of {', '.join(KEYS)}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ValueError(f"unknown key '{where}.{unknown[0]}' (valid keys: {', '.join(KEYS)})")
    policy = base
    if "min_translated" in data:
        value = data["min_translated"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise ValueError(f"'{where}.min_translated' must be a percentage from 0 to 100")
        policy = replace(policy, min_translated=float(value))
    if "measure" in data:
        if data["measure"] not in ("words", "messages"):
            raise ValueError(f'\'{where}.measure\' must be "words" or "messages"')
        policy = replace(policy, measure=data["measure"])
    if "fuzzy_blocks" in data:
        if not isinstance(data["fuzzy_blocks"], bool):
            raise ValueError(f"'{where}.fuzzy_blocks' must be true or false")
        policy = replace(policy, fuzzy_blocks=data["fuzzy_blocks"])
    if "below" in data:
        if data["below"] not in ("hold", "fallback"):
            raise ValueError(f'\'{where}.below\' must be "hold" or "fallback"')
        policy = replace(policy, below=data["below"])
    return policy


def share_translated(stats: CatalogStats, measure: Measure) -> float:
    """Percent translated, in words or in messages."""
    return stats.percent if measure == "words" else stats.percent_messages


def shown_percent(share: float, under: float = 100.0) -> float:
    """A share in percent to a tenth, as the status table and the dashboard write it, but
    never reading as ``under`` (100: complete) when it is under it, nor as 0 above nothing
    (99.96% is 99.9, 0.04% is 0.1)."""
    shown = round(share, 1)
    if shown >= under > share:
        return math.floor(share * 10) / 10
    if shown <= 0 < share:
        return math.ceil(share * 10) / 10
    return shown


def decide(stats: CatalogStats, policy: Policy) -> Decision:
    """Apply ``policy`` to the statistics of one release in one language."""
    share = share_translated(stats, policy.measure)
    problems = []
    shown: tuple[str, float] | None = None
    if share < policy.min_translated:
        # Rounded where it would read as the threshold: 49.96% is "49.9%" under 50%.
        shown = (policy.measure, shown_percent(share, policy.min_translated))
        problems.append(
            f"{shown[1]:g}% of {policy.measure} translated, the policy requires "
            f"{policy.min_translated:g}%"
        )
    if policy.fuzzy_blocks and stats.fuzzy:
        problems.append(f"{stats.fuzzy} fuzzy message(s) to review")
    if not problems:
        return PUBLISHED
    reason = "; ".join(problems)
    if policy.below == "hold":
        return Decision(published=False, reason=reason, shown=shown)
    return Decision(published=True, below_policy=True, reason=reason, shown=shown)


def percent_shown(stats: CatalogStats, measure: Measure, decision: Decision | None = None) -> float:
    """The share of a version translated in ``measure``, as the status table and the
    dashboard write it: as the policy's ``decision`` writes it in its reason, where it speaks
    of that measure (74.19% is "74.1%" beside "the policy requires 74.2%")."""
    if decision is not None and decision.shown is not None and decision.shown[0] == measure:
        return decision.shown[1]
    return shown_percent(share_translated(stats, measure))
