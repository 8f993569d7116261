"""A content-addressed cache of parsed files and build results, safe to delete.

Entries are keyed by a hash of the bytes they were made from (and of the i18n-news version),
so a cache can never be stale: a changed file has another key. The cache lives in
``.i18n-news-cache/`` in the newsroom; deleting it only makes the next command slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .atomic import write_bytes

CACHE_DIR = ".i18n-news-cache"
T = TypeVar("T")


def digest(data: bytes) -> str:
    """A short, collision-safe hash of ``data``."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Store:
    """One pickle file of entries; stale entries are dropped when they outnumber the used ones."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, Any] | None = None
        self.used: set[str] = set()
        self.dirty = False

    def _load(self) -> dict[str, Any]:
        if self.entries is None:
            self.entries = {}
            with contextlib.suppress(Exception):  # a damaged or old cache is simply rebuilt
                data = pickle.loads(self.path.read_bytes())
                if isinstance(data, dict) and data.get("version") == __version__:
                    self.entries = data["entries"]
        return self.entries

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The entry for ``key``, made with ``make()`` the first time."""
        entries = self._load()
        self.used.add(key)
        if key not in entries:
            entries[key] = make()
            self.dirty = True
        value: T = entries[key]
        return value

    def peek(self, key: str) -> Any:
        """The entry for ``key`` if there is one (without making it), else ``None``."""
        entries = self._load()
        if key in entries:
            self.used.add(key)
        return entries.get(key)

    def put(self, key: str, value: Any) -> None:
        self._load()[key] = value
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the entries if anything changed; drop unused ones once they outnumber the rest."""
        if self.entries is None:
            return
        unused = len(self.entries) - len(self.used & self.entries.keys())
        if not self.dirty and unused <= len(self.used):
            return
        kept = (
            {key: value for key, value in self.entries.items() if key in self.used}
            if unused > len(self.used)
            else self.entries
        )
        data = pickle.dumps({"version": __version__, "entries": kept}, pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):  # a read-only newsroom still works, uncached
            write_bytes(self.path, data)
        self.dirty = False


class Cache:
    """The stores of one newsroom."""

    def __init__(self, root: Path):
        self.folder = root / CACHE_DIR
        self.stores: dict[str, Store] = {}

    def store(self, name: str) -> Store:
        if name not in self.stores:
            self.stores[name] = Store(self.folder / f"{name}.pickle")
        return self.stores[name]

    def save(self) -> None:
        for store in self.stores.values():
            store.save()


_CACHES: dict[Path, Cache] = {}


def cache_for(root: Path) -> Cache:
    """The cache of the newsroom at ``root`` (one per process)."""
    root = root.resolve()
    if root not in _CACHES:
        _CACHES[root] = Cache(root)
    return _CACHES[root]


def save_caches() -> None:
    """Write every cache used in this process."""
    for cache in _CACHES.values():
        cache.save()
