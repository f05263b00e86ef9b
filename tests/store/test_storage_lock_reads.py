"""A thread holding a file's lock reads the file from disk first; other threads reading
meanwhile trust its stat and parse nothing again."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

import store.storage
from store.storage import AtomicJSONStorage
from store.user_storage import JournaledStorage


@pytest.mark.parametrize("kind", [AtomicJSONStorage, JournaledStorage])
def test_only_the_thread_holding_the_lock_reads_the_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: Any
) -> None:
    path = tmp_path / "user.json"
    storage = kind(path)
    storage.write({"settings": {"1": {"key": "k", "value": 1}}})
    parses: list[str] = []
    real = store.storage.parse_document

    def counted(where: Any, raw: bytes) -> Any:
        parses.append(threading.current_thread().name)
        return real(where, raw)

    monkeypatch.setattr(store.storage, "parse_document", counted)
    storage.snapshot()
    assert parses == []  # the write's own bytes are known
    locked, done = threading.Event(), threading.Event()

    def writer() -> None:
        with storage.locked():
            locked.set()
            done.wait(10)
            storage.snapshot()  # the first read under the lock goes to disk

    thread = threading.Thread(target=writer, name="writer")
    thread.start()
    assert locked.wait(10)
    storage.snapshot()  # meanwhile, on another thread: the stat says nothing changed
    assert parses == []
    done.set()
    thread.join(10)
    assert parses == ["writer"]
    storage.snapshot()
    assert parses == ["writer"]  # and the lock released leaves nothing to read again
