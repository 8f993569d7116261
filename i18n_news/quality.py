"""Run the quality checks over a newsroom's catalogs."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogs import SITE, catalog_path, display_path, read_catalog, release_domain
from .checks import CheckContext, Problem, check_message
from .config import Config, Language
from .content import load_releases
from .glossary import load_glossary


@dataclass(frozen=True)
class Finding:
    """A problem of one message in one catalog."""

    path: str
    line: int
    language: str
    msgid: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.problem.check}] {self.problem.message}"


def check_newsroom(
    config: Config, languages: list[Language] | None = None, slugs: set[str] | None = None
) -> list[Finding]:
    """Check every translation of the chosen languages and releases (all by default)."""
    glossary = load_glossary(config)
    domains = [
        release_domain(r.slug) for r in load_releases(config) if not slugs or r.slug in slugs
    ]
    if not slugs:
        domains.append(SITE)
    findings: list[Finding] = []
    for language in languages or config.targets:
        context = CheckContext(language, glossary, language.urls)
        for domain in domains:
            path = catalog_path(config, language, domain)
            loaded = read_catalog(config, path)
            if loaded is None:
                continue
            shown = display_path(config, path)
            for message in loaded.catalog:
                for problem in check_message(message, context):
                    findings.append(
                        Finding(shown, message.lineno, language.code, message.msgid, problem)
                    )
    return findings
