"""A file's digest is remembered with its metadata: read again only when it may have changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from i18n_news import digests
from i18n_news.cache import _CACHES, digest, save_caches
from i18n_news.digests import file_digest, file_digests


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def hashed(folder: Path, content: bytes) -> Path:
    """A file of ``content`` in ``folder``, once hashed."""
    path = folder / "one.po"
    path.write_bytes(content)
    assert file_digest(folder, path) == digest(content)
    return path


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as changed long enough ago to be remembered."""
    monkeypatch.setattr(digests, "RACY_NS", 0)


@pytest.mark.usefixtures("trusted")
def test_an_unchanged_file_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = hashed(tmp_path, b"one")
    # Remembered by the next process too.
    save_caches()
    _CACHES.clear()
    reads = count_reads(monkeypatch)
    assert file_digests(tmp_path, [path]) == {str(path): digest(b"one")}
    assert path not in reads


@pytest.mark.usefixtures("trusted")
def test_an_edit_that_keeps_the_size_and_the_times_is_seen(tmp_path: Path) -> None:
    path = hashed(tmp_path, b"one")
    before = path.stat()
    path.write_bytes(b"two")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file_digest(tmp_path, path) == digest(b"two")


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another change within the same tick of a coarse clock would keep its times.
    path = hashed(tmp_path, b"one")
    reads = count_reads(monkeypatch)
    assert file_digest(tmp_path, path) == digest(b"one")
    assert reads == [path]


@pytest.mark.usefixtures("trusted")
def test_a_file_named_by_a_string_is_known_by_its_path(tmp_path: Path) -> None:
    path = hashed(tmp_path, b"one")
    assert file_digests(tmp_path, [str(path)]) == {str(path): digest(b"one")}
    (tmp_path / "two.po").write_bytes(b"two")
    named = str(tmp_path / "two.po")
    assert file_digests(tmp_path, [named]) == {named: digest(b"two")}
    assert file_digest(tmp_path, tmp_path / "two.po") == digest(b"two")


def test_a_missing_file_is_an_error_unless_it_may_be_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        file_digest(tmp_path, tmp_path / "missing.po")
    assert file_digest(tmp_path, tmp_path / "missing.po", missing_ok=True) == digest(b"")


@pytest.mark.usefixtures("trusted")
def test_a_file_hashed_elsewhere_is_remembered_once_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news.digests import read_hashed, remember

    path = tmp_path / "one.po"
    path.write_bytes(b"one")
    data, value, found = read_hashed(path)  # as a worker process does, without the cache
    assert data == b"one" and value == digest(b"one") and found is not None
    remember(tmp_path, {str(path): found})
    reads = count_reads(monkeypatch)
    assert file_digest(tmp_path, path) == digest(b"one")
    assert path not in reads


def test_a_file_hashed_elsewhere_just_after_a_change_is_not_remembered(tmp_path: Path) -> None:
    from i18n_news.digests import read_hashed

    path = tmp_path / "one.po"
    path.write_bytes(b"one")
    assert read_hashed(path) == (b"one", digest(b"one"), None)


@pytest.mark.parametrize("size", [0, 1, 4096, 200_000])
def test_a_file_is_read_whole_with_its_status(tmp_path: Path, size: int) -> None:
    from i18n_news.digests import read_file

    path = tmp_path / "one.po"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    data, status = read_file(str(path))
    assert data == path.read_bytes() and len(data) == size
    assert status.st_size == size and status.st_ino == path.stat().st_ino
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.po")


def test_a_file_that_grows_while_it_is_read_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news.digests import read_file

    path = tmp_path / "one.po"
    path.write_bytes(b"before")
    fstat = os.fstat

    def status_then_growth(fd: int) -> os.stat_result:
        status = fstat(fd)
        with path.open("ab") as more:  # written between the status and the read
            more.write(b", and after" * 10_000)
        return status

    monkeypatch.setattr(os, "fstat", status_then_growth)
    data, status = read_file(path)
    assert status.st_size == len(b"before")
    assert data == b"before" + b", and after" * 10_000
