"""An entry a worker process pickled is kept as it came, and reads back as what it was."""

from __future__ import annotations

import pickle
from pathlib import Path

from i18n_news.cache import Pickled, Store, code_version
from i18n_news.model import Block


def test_an_entry_pickled_by_a_worker_reads_back_as_itself(tmp_path: Path) -> None:
    block = Block("paragraph", "Mila and AI Sweden sign a partnership.", 9)
    store = Store(tmp_path / "00.pickle")
    store.put("key", Pickled(pickle.dumps(block)))
    assert store.peek("key") == block
    assert store.get("key", lambda: None) == block
    store.save()

    data = pickle.loads((tmp_path / "00.pickle").read_bytes())
    assert data["version"] == code_version()
    assert data["entries"] == {"key": block}  # in the file, the entry itself
    assert Store(tmp_path / "00.pickle").peek("key") == block


def test_an_entry_is_unpickled_once_however_often_it_is_read(tmp_path: Path) -> None:
    entry = Pickled(pickle.dumps(["a", "list"]))
    store = Store(tmp_path / "00.pickle")
    store.put("key", entry)
    assert store.peek("key") is store.peek("key") is entry.value()
