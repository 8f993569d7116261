"""Compile catalogs to binary ``.mo`` files, for tools and servers that read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from .atomic import write_if_changed
from .config import Config, Language
from .errors import CatalogError


@dataclass
class CompileReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def compile_catalogs(config: Config, languages: list[Language] | None = None) -> CompileReport:
    """Write ``<catalog>.mo`` beside every ``.po`` of the chosen languages (fuzzy entries left
    out, as ``msgfmt`` does); a file is rewritten only when its content changes."""
    report = CompileReport()
    for language in languages or config.targets:
        folder = config.locales_dir / language.code / "LC_MESSAGES"
        for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
            try:
                binary = polib.pofile(str(path)).to_binary()
            except (OSError, ValueError) as error:
                raise CatalogError(str(error), path.relative_to(config.root)) from None
            target = path.with_suffix(".mo")
            (report.written if write_if_changed(target, binary) else report.unchanged).append(
                target
            )
    return report
