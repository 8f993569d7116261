"""Compile catalogs to binary ``.mo`` files, for tools and servers that read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from .atomic import write_if_changed
from .cache import cache_for, digest
from .catalog import Catalog
from .catalogs import read_catalog
from .config import Config, Language
from .digests import EMPTY, file_digests
from .layout import catalog_files
from .workers import run_on_workers

#: Below this many catalogs to compile, starting worker processes costs more than it saves.
PARALLEL_MIN_CATALOGS = 100


@dataclass
class CompileReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def compile_catalogs(
    config: Config, languages: list[Language] | None = None, workers: int = 1
) -> CompileReport:
    """Write ``<catalog>.mo`` beside every ``.po`` of the chosen languages (fuzzy entries left
    out, as ``msgfmt`` does); a file is rewritten only when its content changes, and none is
    if a catalog has a mistake.

    A catalog whose ``.mo`` file is as the last compile of the same catalog left it is not
    compiled again; when many are to be compiled (a fresh checkout), they are compiled on
    ``workers`` processes.
    """
    done = cache_for(config.root).store("compile")
    catalogs: list[tuple[Path, str]] = []  # every catalog, and the digest of its content
    current: set[Path] = set()  # those whose .mo file the last compile left as it is
    for language in languages or config.interface_languages:
        paths = catalog_files(config, language)
        found = file_digests(
            config.root, [*paths, *(path.with_suffix(".mo") for path in paths)], missing_ok=True
        )
        for path in paths:
            source, binary = found[str(path)], found[str(path.with_suffix(".mo"))]
            catalogs.append((path, source))
            if binary != EMPTY and done.peek(f"{source}:{binary}"):
                current.add(path)
    todo = [item for item in catalogs if item[0] not in current]

    def compile_one(item: tuple[Path, str]) -> bytes:
        """The .mo file of one catalog."""
        loaded = read_catalog(config, item[0], cached=False)  # a mistake names its line
        assert loaded is not None
        return mo_binary(loaded.catalog)

    # Every catalog compiled before any file is written: one with a mistake changes nothing.
    compiled = run_on_workers(compile_one, todo, workers, PARALLEL_MIN_CATALOGS)
    written: set[Path] = set()
    for (path, source), made in zip(todo, compiled, strict=True):
        if write_if_changed(path.with_suffix(".mo"), made):
            written.add(path)
        done.put(f"{source}:{digest(made)}", True)
    report = CompileReport()
    for path, _ in catalogs:
        (report.written if path in written else report.unchanged).append(path.with_suffix(".mo"))
    return report


class _Compiled(polib.POFile):  # type: ignore[misc]
    """A file of the entries to compile, chosen here (polib would leave out a plural whose
    later forms are not translated yet, which ``msgfmt`` keeps), and its header as the
    catalog writes it (polib would put the usual fields first and the others in order of
    name, and keep one of a field written twice)."""

    header = ""

    def translated_entries(self) -> list[polib.POEntry]:
        return list(self)

    def metadata_as_entry(self) -> polib.POEntry:
        return polib.POEntry(msgid="", msgstr=self.header)


def mo_binary(catalog: Catalog) -> bytes:
    """The ``.mo`` file of ``catalog`` as ``msgfmt`` makes it, written by polib: the header
    without its ``POT-Creation-Date``, and the messages not fuzzy whose translation (a plural's
    first form) is not empty."""
    po = _Compiled()
    po.header = "".join(
        f"{name}: {value}\n" for name, value in catalog.header if name != "POT-Creation-Date"
    )
    for message in catalog:
        first = message.msgstr_plural[0] if message.msgid_plural else message.msgstr
        if message.fuzzy or not first:
            continue
        # A context, even an empty one, is part of the key, as gettext keys it (polib
        # leaves an empty one out).
        key = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
        po.append(polib.POEntry(
            msgid=key, msgstr=message.msgstr, msgid_plural=message.msgid_plural or "",
            msgstr_plural=dict(enumerate(message.msgstr_plural)),
        ))  # fmt: skip
    return bytes(po.to_binary())
