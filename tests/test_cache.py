"""An entry pickled where it was made is sent and kept as it came, and reads back as itself."""

from __future__ import annotations

import pickle
from pathlib import Path

from i18n_news.cache import Pickled, Store, code_version
from i18n_news.model import Block

BLOCK = Block("paragraph", "Mila and AI Sweden sign a partnership.", 9)


def test_an_entry_sent_by_a_worker_stays_pickled_until_it_is_read() -> None:
    made = Pickled.of(BLOCK)
    sent = pickle.loads(pickle.dumps(made))  # as a worker's results cross to the command
    assert type(sent) is Pickled and sent.data == made.data
    assert sent.value() == BLOCK
    assert sent.value() is sent.value()  # unpickled once


def test_a_store_writes_such_an_entry_as_the_entry_itself(tmp_path: Path) -> None:
    store = Store(tmp_path / "00.pickle")
    store.put("key", Pickled.of(BLOCK))
    store.put("other", "a plain entry")
    assert store.peek("key") == BLOCK
    assert store.get("key", lambda: None) == BLOCK
    store.save()

    data = pickle.loads((tmp_path / "00.pickle").read_bytes())
    assert data["version"] == code_version()
    assert data["entries"] == {"key": BLOCK, "other": "a plain entry"}
    assert Store(tmp_path / "00.pickle").peek("key") == BLOCK
