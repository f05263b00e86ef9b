"""TinyDB storage that survives crashes and shares a file safely between processes.

TinyDB's own JSONStorage truncates and rewrites its file in place and never notices another
process's writes. This storage re-reads the file whenever it changed on disk, replaces it
atomically on write, and holds a file lock around each whole read-modify-write. The plain
file helpers it uses live in `store.files` (named here too, for their callers).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from store.errors import StoreCorrupt, WriteFailed
from store.files import (
    NOFOLLOW,
    TEMP_SUFFIX,
    atomic_write_bytes,
    clean_stray_temp_files,
    create_temp,
    dump_document,
    fsync_dir,
    not_a_file_reason,
    os_reason,
    parse_document,
    unreadable_reason,
)
from store.regular import NotRegular, open_regular

__all__ = [
    "NOFOLLOW",
    "TEMP_SUFFIX",
    "AtomicJSONStorage",
    "LockedTable",
    "StoreDB",
    "atomic_write_bytes",
    "clean_stray_temp_files",
    "create_temp",
    "dump_document",
    "fsync_dir",
    "not_a_file_reason",
    "open_db",
    "os_reason",
    "parse_document",
    "unreadable_reason",
]

LOCK_TIMEOUT = 30.0
# Two threads making a storage's file lock at once must end up with the same one.
_LOCK_CREATION = threading.Lock()


class AtomicJSONStorage(Storage):
    """A TinyDB Storage: fresh reads, atomic locked writes, readable UTF-8 JSON."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        super().__init__()
        self.path = Path(path)
        self._lock: Any = None
        self._lock_timeout = lock_timeout
        self.generation = 0
        self._signature: tuple[int, ...] | None = None
        self._raw: bytes | None = None
        # The parsed document of `_raw` (that very bytes object), shared by `snapshot`.
        self._parsed: tuple[bytes, dict[str, dict[str, Any]]] | None = None

    def _load(self) -> bytes | None:
        try:
            # A link could lead out of the library: refused, like a damaged file.
            fd, st = open_regular(self.path)
        except FileNotFoundError:
            if self._signature is not None:
                self.generation += 1
            self._signature, self._raw = None, None
            return None
        except NotRegular as exc:
            raise StoreCorrupt(self.path, not_a_file_reason(exc.mode)) from None
        except OSError as exc:
            raise StoreCorrupt(self.path, unreadable_reason(self.path, exc)) from exc
        with os.fdopen(fd, "rb") as handle:
            sig = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            if sig != self._signature or self._raw is None:
                try:
                    raw = handle.read()
                except OSError as exc:  # its message would name the descriptor, not the file
                    raise StoreCorrupt(self.path, f"cannot be read: {os_reason(exc)}") from exc
                # The parse that checks the file is kept: the next snapshot needs no other.
                self._parsed = (raw, parse_document(self.path, raw))
                self._signature, self._raw = sig, raw
                self.generation += 1
        return self._raw

    def refresh(self) -> int:
        """Re-read the file if it changed on disk; returns the generation (cheap when unchanged)."""
        self._load()
        return self.generation

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole document as a fresh copy, re-read from disk when it changed."""
        raw = self._load()
        return None if raw is None else orjson.loads(raw)

    def snapshot(self) -> dict[str, dict[str, Any]] | None:
        """The whole document as of now, parsed once per change of the file and shared by
        every caller: to be read, never changed (`read` gives a copy to change)."""
        raw = self._load()
        if raw is None:
            return None
        parsed = self._parsed
        if parsed is None or parsed[0] is not raw:
            parsed = (raw, orjson.loads(raw))
            self._parsed = parsed
        return parsed[1]

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file atomically under the lock."""
        payload = dump_document(data)
        with self.locked():
            atomic_write_bytes(self.path, payload)
            st = os.stat(self.path)
            self._signature = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            self._raw = payload
            self.generation += 1

    @property
    def lock(self) -> Any:
        """The file lock (`store.locks`, made on first use: a reader that never writes never
        loads it, which keeps it off the app's start-up)."""
        if self._lock is None:
            from store.locks import file_lock

            with _LOCK_CREATION:
                if self._lock is None:
                    self._lock = file_lock(str(self.path) + ".lock", timeout=self._lock_timeout)
        return self._lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant within a thread)."""
        from store.locks import LockTimeout

        try:
            self.lock.acquire()
        except LockTimeout as exc:
            raise WriteFailed(self.path, "another briefing process holds the lock") from exc
        except OSError as exc:
            raise WriteFailed(self.path, os_reason(exc)) from exc
        if self.lock.lock_counter == 1:
            # The (inode, size, mtime, ctime) signature can repeat when a freed inode is
            # reused within one timestamp tick; a read-modify-write must never start from
            # a stale copy, so the first read under a fresh lock always goes to disk.
            self._signature = None
        try:
            yield
        finally:
            self.lock.release()

    def close(self) -> None:
        """Nothing stays open between calls."""


def _locked(method_name: str):  # type: ignore[no-untyped-def]
    base = getattr(Table, method_name)

    def wrapper(self: LockedTable, *args: Any, **kwargs: Any) -> Any:
        with self.storage.locked():  # type: ignore[attr-defined]
            # Another process may have added rows since the last id was handed out; the
            # counter is trusted only within this one locked operation.
            self._next_id = None
            return base(self, *args, **kwargs)

    wrapper.__name__ = method_name
    wrapper.__doc__ = base.__doc__
    return wrapper


class LockedTable(Table):
    """A Table whose writes hold the file lock and whose ids and queries are never stale."""

    # Another process may have written since any cached answer was made.
    default_query_cache_capacity = 0

    def __init__(
        self, storage: Storage, name: str, cache_size: int = 0, persist_empty: bool = False
    ) -> None:
        # Table binds its own default (10) as the argument's default when TinyDB defines it,
        # so the class attribute above alone leaves searches cached and stale.
        super().__init__(storage, name, cache_size=cache_size, persist_empty=persist_empty)

    insert = _locked("insert")
    insert_multiple = _locked("insert_multiple")
    update = _locked("update")
    update_multiple = _locked("update_multiple")
    upsert = _locked("upsert")
    remove = _locked("remove")
    truncate = _locked("truncate")


class StoreDB(TinyDB):
    """TinyDB bound to AtomicJSONStorage and LockedTable."""

    table_class = LockedTable

    def drop_tables(self) -> None:
        """Drop every table under the lock."""
        with self.storage.locked():  # type: ignore[attr-defined]
            super().drop_tables()

    def drop_table(self, name: str) -> None:
        """Drop one table under the lock."""
        with self.storage.locked():  # type: ignore[attr-defined]
            super().drop_table(name)

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Hold the lock across several reads and writes that must not interleave."""
        return self.storage.locked()  # type: ignore[attr-defined,no-any-return]


def open_db(path: Path | str) -> StoreDB:
    """Open (without creating) a TinyDB file through the safe storage."""
    return StoreDB(str(path), storage=AtomicJSONStorage)
