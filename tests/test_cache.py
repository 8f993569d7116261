"""An entry pickled where it was made is sent and kept as it came, and reads back as itself."""

from __future__ import annotations

import pickle
from pathlib import Path

from i18n_news.cache import Cache, FileStore, Pickled, Store, code_version
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

    data = pickle.loads((tmp_path / "00.pickle").read_bytes()[:-4])  # and its checksum
    assert data["version"] == code_version()
    assert data["entries"] == {"key": BLOCK, "other": "a plain entry"}
    assert Store(tmp_path / "00.pickle").peek("key") == BLOCK


def test_a_file_the_disk_damaged_is_made_again_not_read(tmp_path: Path) -> None:
    # A byte changed in a pickled string still loads, as other text: the checksum finds it.
    store = Store(tmp_path / "00.pickle")
    store.put("key", "Mila and AI Sweden")
    store.save()
    files = FileStore(tmp_path / "files", tmp_path)
    assert files.get("fr.po", "k", lambda: "Mila et AI Sweden") == "Mila et AI Sweden"
    for path, text in (
        (tmp_path / "00.pickle", b"Sweden"),
        (tmp_path / "files/fr.po.pickle", b"Mila"),
    ):
        data = path.read_bytes()
        at = data.index(text)
        path.write_bytes(data[:at] + b"X" + data[at + 1 :])
    damaged = pickle.loads((tmp_path / "00.pickle").read_bytes()[:-4])
    assert damaged["entries"] == {"key": "Mila and AI Xweden"}  # what a build would publish
    assert Store(tmp_path / "00.pickle").get("key", lambda: "made again") == "made again"
    assert files.get("fr.po", "k", lambda: "made again") == "made again"


def test_a_build_planning_a_few_releases_keeps_the_entries_it_did_not_read(
    tmp_path: Path,
) -> None:
    """Entries a command did not use are dropped once they outnumber the used ones, but not by
    a command that read only what changed; the next one in the same process drops them."""
    (tmp_path / "news").mkdir()
    first = Cache(tmp_path / "news")
    for number in range(200):
        first.store("texts").put(f"release {number}", BLOCK)
    first.save()
    shard = first.store("texts")._shard("release 0").path
    before = len(pickle.loads(shard.read_bytes())["entries"])
    assert before > 2

    later = Cache(tmp_path / "news")  # a later process: it reads one release
    later.store("texts").put("release 0", Block("paragraph", "Edited.", 9))
    later.keep_unused()
    later.save()
    assert len(pickle.loads(shard.read_bytes())["entries"]) == before
    later.keep_unused(False)  # serve's next build, planning the whole site
    later.save()
    assert pickle.loads(shard.read_bytes())["entries"] == {
        "release 0": Block("paragraph", "Edited.", 9)
    }
