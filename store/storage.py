"""TinyDB storage that survives crashes and shares a file safely between processes.

TinyDB's own JSONStorage truncates and rewrites its file in place and never notices another
process's writes. This storage re-reads the file whenever it changed on disk, replaces it
atomically on write, and holds a file lock around each whole read-modify-write. The plain
file helpers it uses live in `store.files` (named here too, for their callers).

A file opened with `open_db` is read through its storage alone until a table or a transaction
is asked for: TinyDB's database (`store.store_db.StoreDB`) is made then, so a process that
only looks rows up (`find_row`), such as the reader before its first frame, loads no TinyDB.
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

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

if TYPE_CHECKING:
    from store.store_db import StoreDB

__all__ = [
    "NOFOLLOW",
    "TEMP_SUFFIX",
    "AtomicJSONStorage",
    "atomic_write_bytes",
    "clean_stray_temp_files",
    "create_temp",
    "dump_document",
    "find_row",
    "fsync_dir",
    "not_a_file_reason",
    "open_db",
    "os_reason",
    "parse_document",
    "unreadable_reason",
]

LOCK_TIMEOUT = 30.0
# Two threads making a storage's file lock (or a file's database) at once must end up with
# the same one.
_LOCK_CREATION = threading.Lock()
# Named here for callers, defined with TinyDB's classes in store.store_db (loaded on first use).
_FROM_STORE_DB = ("LockedTable", "StoreDB")


def __getattr__(name: str) -> Any:
    if name in _FROM_STORE_DB:
        import store.store_db

        return getattr(store.store_db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class AtomicJSONStorage:
    """A TinyDB storage (read, write, close, as TinyDB asks of one): fresh reads, atomic
    locked writes, readable UTF-8 JSON."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self._lock: Any = None
        self._lock_timeout = lock_timeout
        self.generation = 0
        self._signature: tuple[int, ...] | None = None
        self._raw: bytes | None = None
        # The thread that took the lock and has not read the file under it yet (see `locked`).
        self._reread_by: int | None = None
        # The parsed document of `_raw` (that very bytes object), shared by `snapshot`.
        self._parsed: tuple[bytes, dict[str, dict[str, Any]]] | None = None
        # Each thread's last write (see `last_write`), for a watcher telling its own apart.
        self._written = threading.local()

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
            mine = self._reread_by == threading.get_ident()
            if sig != self._signature or self._raw is None or mine:
                if mine:
                    self._reread_by = None
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
            before = self._raw  # as read under this lock by a read-modify-write
            atomic_write_bytes(self.path, payload)
            st = os.stat(self.path)
            self._signature = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            self._raw = payload
            self.generation += 1
            # Under the lock, so exact: no other process wrote between the write and the stat.
            self._written.last = (before, payload, self._signature)

    def last_write(self) -> tuple[bytes | None, bytes, tuple[int, ...]] | None:
        """The calling thread's last write: the bytes it replaced (as last read), the bytes
        written and the file's (inode, size, mtime, ctime) just after (None before any)."""
        return getattr(self._written, "last", None)

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
            # a stale copy, so the first read under a fresh lock always goes to disk. Only
            # this thread's: another thread reading meanwhile (the reader's event loop while
            # its writer appends) trusts the stat, rather than parse the whole file again.
            self._reread_by = threading.get_ident()
        try:
            yield
        finally:
            if self.lock.lock_counter == 1 and self._reread_by == threading.get_ident():
                self._reread_by = None
            self.lock.release()

    def trust_stat(self) -> None:
        """Let this thread's first read under its lock trust the file's stat, as a read
        outside the lock does (for a caller that knows nobody replaced the file since)."""
        if self._reread_by == threading.get_ident():
            self._reread_by = None

    def close(self) -> None:
        """Nothing stays open between calls."""


class LazyDB:
    """A TinyDB file through the safe storage: the storage at once, TinyDB's database (a
    `StoreDB` over that same storage) the first time anything else is asked of it."""

    def __init__(self, path: Path | str, storage: type[AtomicJSONStorage] | None = None) -> None:
        self.storage = (storage or AtomicJSONStorage)(path)
        self._db: StoreDB | None = None

    @property
    def db(self) -> StoreDB:
        """The database itself (made once)."""
        if self._db is None:
            from store.store_db import StoreDB

            storage = self.storage
            with _LOCK_CREATION:
                if self._db is None:
                    self._db = StoreDB(storage=lambda: storage)
        return self._db

    def __getattr__(self, name: str) -> Any:
        # Reached only for names this class lacks: tables, transactions, everything TinyDB has.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.db, name)

    def __len__(self) -> int:
        return len(self.db)

    def __iter__(self) -> Any:
        return iter(self.db)

    def __repr__(self) -> str:
        return f"<LazyDB {self.storage.path}>"


def open_db(path: Path | str, storage: type[AtomicJSONStorage] | None = None) -> StoreDB:
    """Open (without creating) a TinyDB file through the safe storage (or a subclass)."""
    return LazyDB(path, storage)  # type: ignore[return-value]


def find_row(
    storage: AtomicJSONStorage, table: str, field: str, value: Any
) -> dict[str, Any] | None:
    """The row of `table` that TinyDB's `table.get(Query()[field] == value)` finds (the first
    whose `field` equals `value`), read from the storage's shared parse without TinyDB; a
    copy, so the caller may change it. The storage checked every table and row on reading."""
    doc = storage.snapshot()
    rows = doc.get(table) if doc is not None else None
    for row in (rows or {}).values():
        if field in row and row[field] == value:
            return copy.deepcopy(row)  # type: ignore[no-any-return]
    return None
