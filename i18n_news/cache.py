"""A content-addressed cache of parsed files and build results, safe to delete.

Entries are keyed by a hash of the bytes they were made from and of i18n-news's own code
and the libraries installed beside it, so a cache can never be stale: a changed file, another
version of i18n-news or of a library that shapes what it makes (Markdown parsed by another
markdown-it, dates written by another Babel) has another key. The cache lives in
``.i18n-news-cache/`` in the newsroom; deleting it only makes the next command slower.
Stores that a command reads whole are spread over a few files by key, so that a change
rewrites one of them; large ones of which a command often needs a few entries (parsed
catalogs) keep one file per source file.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.util
import io
import os
import pickle
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from .atomic import write_cache_file

CACHE_DIR = ".i18n-news-cache"
T = TypeVar("T")


def digest(data: bytes) -> str:
    """A short, collision-safe hash of ``data``: SHA-256, cut to 128 bits. Most processors
    of the last years compute it with instructions of their own, at twice BLAKE2's speed
    (thousands of files are hashed on a fresh checkout)."""
    return hashlib.sha256(data).hexdigest()[:32]


#: The libraries whose versions shape what i18n-news makes and keeps: parsed Markdown,
#: front matter, dates and numbers, pages.
LIBRARIES = ("babel", "jinja2", "markdown_it", "markupsafe", "yaml")


@cache
def code_version() -> str:
    """A hash of i18n-news's own code and of the distributions installed beside the libraries
    it uses (their names say their versions): what other code made is never reused."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    for name in installed_distributions():
        hasher.update(name.encode() + b"\0")
    return hasher.hexdigest()


def installed_distributions() -> list[str]:
    """The distributions (``markdown_it_py-3.0.0.dist-info``…) installed in the folders the
    :data:`LIBRARIES` are found in, found without importing them; after any upgrade there,
    the cache is made again."""
    folders: set[str] = set()
    for name in LIBRARIES:
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                folders.add(os.path.dirname(os.path.dirname(spec.origin)))
    found: list[str] = []
    for folder in sorted(folders):
        with contextlib.suppress(OSError):
            found += sorted(
                entry for entry in os.listdir(folder) if entry.endswith((".dist-info", ".egg-info"))
            )
    return found


def _load_frozen(data: bytes | memoryview) -> Any:
    """Unpickle a store's ``data``, its objects kept out of the garbage collector's way.

    A store is loaded once per process (a preview server's too), and what it holds lives as
    long as the process and makes no garbage. The collector is paused while it loads, then
    every object alive is frozen (``gc.freeze``): no later collection walks them again (in a
    build after one edit, that one walk of the loaded stores took a tenth of the time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class Pickled:
    """An entry pickled where it was made (by a helper process, which sends it so): the
    command unpickles it only when it reads it, and a store writes it into its file as it is,
    where it loads as the entry itself (see :func:`_store_bytes`)."""

    __slots__ = ("_value", "data")

    def __init__(self, data: bytes):
        self.data = data
        self._value: Any = Pickled

    @classmethod
    def of(cls, value: Any, keep: bool = True) -> Pickled:
        """``value``, pickled (and kept, unless not to ``keep``: this process then holds its
        bytes alone, until it reads it)."""
        made = cls(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        if keep:
            made._value = value
        return made

    def value(self) -> Any:
        if self._value is Pickled:
            self._value = pickle.loads(self.data)
        return self._value

    def __reduce__(self) -> tuple[type[Pickled], tuple[bytes]]:
        # Sent from a helper: the bytes alone, still to unpickle.
        return Pickled, (self.data,)


class _StorePickler(pickle.Pickler):
    """Pickles a store, each :class:`Pickled` entry as the entry itself, from its bytes."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Pickled:
            return pickle.loads, (obj.data,)
        return NotImplemented


def _store_bytes(value: Any) -> bytes:
    """``value`` pickled as a store's file holds it."""
    buffer = io.BytesIO()
    _StorePickler(buffer, pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _with_checksum(data: bytes) -> bytes:
    """``data`` and its CRC-32, as a cache file holds them: a file the disk damaged (a byte
    changed, which a pickle may still load as other text) is found when read, and made again."""
    return data + zlib.crc32(data).to_bytes(4, "big")


class _DamagedFile(Exception):
    """A cache file whose checksum is not that of its content."""


def _checked(data: bytes | memoryview) -> memoryview:
    """The content of a cache file written by :func:`_with_checksum`, checked."""
    view = memoryview(data)
    content = view[:-4]
    if len(view) < 4 or zlib.crc32(content) != int.from_bytes(view[-4:], "big"):
        raise _DamagedFile
    return content


def _unwrapped(value: Any) -> Any:
    return value.value() if type(value) is Pickled else value


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
                data = _load_frozen(_checked(self.path.read_bytes()))
                if isinstance(data, dict) and data.get("version") == code_version():
                    self.entries = data["entries"]
        return self.entries

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The entry for ``key``, made with ``make()`` the first time."""
        entries = self._load()
        self.used.add(key)
        if key not in entries:
            entries[key] = make()
            self.dirty = True
        value: T = _unwrapped(entries[key])
        return value

    def peek(self, key: str) -> Any:
        """The entry for ``key`` if there is one (without making it), else ``None``."""
        entries = self._load()
        if key in entries:
            self.used.add(key)
        return _unwrapped(entries.get(key))

    def put(self, key: str, value: Any) -> None:
        self._load()[key] = value
        self.used.add(key)
        self.dirty = True

    def save(self, prune: bool = True) -> None:
        """Write the entries if anything changed; with ``prune``, drop unused ones once they
        outnumber the rest."""
        if self.entries is None:
            return
        unused = len(self.entries) - len(self.used & self.entries.keys())
        pruned = prune and unused > len(self.used)
        if not self.dirty and not pruned:
            return
        kept = (
            {key: value for key, value in self.entries.items() if key in self.used}
            if pruned
            else self.entries
        )
        data = _store_bytes({"version": code_version(), "entries": kept})
        with contextlib.suppress(OSError):  # a read-only newsroom still works, uncached
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_cache_file(self.path, _with_checksum(data))
        self.dirty = False


#: How many files a :class:`ShardedStore` spreads its entries over.
SHARDS = 16


class ShardedStore:
    """Entries spread over :data:`SHARDS` :class:`Store` files by key: a command that changes
    a few entries rewrites a few files, not the whole store."""

    def __init__(self, folder: Path, shards: int = SHARDS):
        self.shards = [Store(folder / f"{number:02d}.pickle") for number in range(shards)]

    def _shard(self, key: str) -> Store:
        return self.shards[zlib.crc32(key.encode()) % len(self.shards)]

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The entry for ``key``, made with ``make()`` the first time."""
        return self._shard(key).get(key, make)

    def peek(self, key: str) -> Any:
        """The entry for ``key`` if there is one (without making it), else ``None``."""
        return self._shard(key).peek(key)

    def put(self, key: str, value: Any) -> None:
        self._shard(key).put(key, value)

    def empty(self) -> bool:
        """Whether the store holds no entry (none was ever saved, or the cache was deleted)."""
        return not any(shard._load() for shard in self.shards)

    def save(self, prune: bool = True) -> None:
        for shard in self.shards:
            shard.save(prune)


class FileStore:
    """One file per source file (a catalog), holding what was made from its content.

    Entries are written as they are made (so a large newsroom is never held in memory) and
    named after their source, relative to the newsroom, so the entries of files that were
    deleted or renamed are dropped when the store has written.
    """

    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        self.root = root
        self.wrote = False

    def _name(self, source: str) -> str:
        name = quote(source, safe="")
        return f"{name}.pickle" if len(name) < 200 else f"{digest(source.encode())}.pickle"

    def _header(self, source: str, key: str) -> bytes:
        """The first line of an entry's file: what it was made from, read without loading it."""
        return f"{code_version()} {digest(source.encode())} {key}\n".encode()

    def has_entry(self, source: str, key: str) -> bool:
        """Whether what was made from ``source`` when its content had ``key`` is stored."""
        header = self._header(source, key)
        try:
            with open(self.folder / self._name(source), "rb") as file:
                return file.read(len(header)) == header
        except OSError:
            return False

    def get(self, source: str, key: str, make: Callable[[], T]) -> T:
        """What was made from ``source`` when its content had ``key``; ``make()`` if none."""
        file = self.folder / self._name(source)
        header = self._header(source, key)
        with contextlib.suppress(Exception):  # missing, damaged or stale: made again
            data = file.read_bytes()
            if data.startswith(header):
                found: T = pickle.loads(_checked(memoryview(data)[len(header) :]))
                return found
        value = make()
        with contextlib.suppress(OSError):  # a read-only newsroom still works, uncached
            if not self.wrote:
                self.folder.mkdir(parents=True, exist_ok=True)
            entry = _with_checksum(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            write_cache_file(file, header + entry)
            self.wrote = True
        return value

    def save(self) -> None:
        """Drop the entries whose source file is gone, once the store has written."""
        if not self.wrote:
            return
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                source = unquote(entry.name.removesuffix(".pickle"))
                if entry.name.endswith(".pickle") and not (self.root / source).exists():
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        self.wrote = False


class Cache:
    """The stores of one newsroom."""

    def __init__(self, root: Path):
        self.folder = root / CACHE_DIR
        self.stores: dict[str, ShardedStore | FileStore] = {}
        #: Whether this build read only some of the entries it needs on purpose (see
        #: :meth:`keep_unused`).
        self.keeping = False

    def keep_unused(self, keep: bool = True) -> None:
        """Keep the entries not used when saving (``keep``), or drop them again once they
        outnumber the used ones: a build that read only what changed (planning a few releases
        alone) keeps the others, still current; the next build in the process (``serve``'s)
        starts by dropping them again."""
        self.keeping = keep

    def store(self, name: str) -> ShardedStore:
        """A store read whole, written by shards."""
        if name not in self.stores:
            self.stores[name] = ShardedStore(self.folder / name)
        store = self.stores[name]
        assert isinstance(store, ShardedStore)
        return store

    def files(self, name: str) -> FileStore:
        """A store with one file per source."""
        if name not in self.stores:
            self.stores[name] = FileStore(self.folder / name, self.folder.parent)
        store = self.stores[name]
        assert isinstance(store, FileStore)
        return store

    def save(self) -> None:
        for store in self.stores.values():
            if isinstance(store, ShardedStore):
                store.save(prune=not self.keeping)
            else:
                store.save()
        # Whole stores of one file each, as older versions kept them, are never read again.
        with contextlib.suppress(OSError):
            for stale in self.folder.glob("*.pickle"):
                stale.unlink(missing_ok=True)


_CACHES: dict[Path, Cache] = {}


def cache_for(root: Path) -> Cache:
    """The cache of the newsroom at ``root`` (one per process)."""
    if root not in _CACHES:
        resolved = root.resolve()
        _CACHES[root] = _CACHES.get(resolved) or _CACHES.setdefault(resolved, Cache(resolved))
    return _CACHES[root]


def save_caches() -> None:
    """Write every cache used in this process."""
    for newsroom_cache in {id(c): c for c in _CACHES.values()}.values():
        newsroom_cache.save()
