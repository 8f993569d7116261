"""Atomic writes: a file replaced whole, named as the user named it when it cannot be."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from i18n_news.atomic import write_bytes

from .system_tools import as_unprivileged

WRITE = """
import sys
from pathlib import Path
from i18n_news.atomic import write_bytes
try:
    write_bytes(Path(sys.argv[1]), b"new")
except OSError as error:
    print(type(error).__name__, error.filename)
"""


def test_a_file_that_cannot_be_written_is_named_not_its_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    target = folder / "status.html"
    result = subprocess.run(
        [*as_unprivileged(), sys.executable, "-c", WRITE, str(target)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["PermissionError", str(target)]
    assert list(folder.iterdir()) == []


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "fr.po"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "fr.po"
    link.symlink_to(real)
    write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
