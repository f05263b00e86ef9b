"""TinyDB storage that survives crashes and shares a file safely between processes.

TinyDB's own JSONStorage truncates and rewrites its file in place and never notices another
process's writes. This storage re-reads the file whenever it changed on disk, replaces it
atomically on write, and holds a file lock around each whole read-modify-write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from store.errors import StoreCorrupt, WriteFailed

LOCK_TIMEOUT = 30.0
# Two threads making a storage's file lock at once must end up with the same one.
_LOCK_CREATION = threading.Lock()
TEMP_SUFFIX = ".tmp"
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_OS_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
}


def os_reason(exc: OSError) -> str:
    """A short human reason for an OS error."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def not_a_file_reason(mode: int) -> str:
    """Why a path that is not a regular file cannot be a store file."""
    return "is a directory, not a file" if stat.S_ISDIR(mode) else "is not a regular file"


def unreadable_reason(path: Path, exc: OSError) -> str:
    """Why a store file could not be opened, in words (a link is named as one)."""
    if exc.errno == errno.ELOOP or path.is_symlink():
        return "is a symbolic link; library files must stay inside the library"
    return f"cannot be read: {os_reason(exc)}"


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, *, sync_folder: bool = True) -> None:
    """Replace `path` with `payload` so a reader sees either the old or the new file, never half.

    Without `sync_folder` the caller syncs the folder itself, once for many files.
    """
    path = Path(path)
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = create_temp(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        if sync_folder:
            fsync_dir(path.parent)
    except OSError as exc:
        raise WriteFailed(path, os_reason(exc)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def create_temp(path: Path) -> tuple[int, str]:
    """A new temp file beside `path` (`.<name>.<random>.tmp`), open for writing, made as
    tempfile.mkstemp makes one (owner-only, never an existing file or a link), without
    importing tempfile and random (about 4 ms a process)."""
    for _ in range(100):
        name = str(path.parent / f".{path.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temp file name", str(path.parent))


def _temp_target(folder: Path, temp_name: str) -> Path:
    # ".user.json.k3j2x.tmp" was made by mkstemp for "user.json".
    stem = temp_name[1 : -len(TEMP_SUFFIX)]
    return folder / stem.rpartition(".")[0]


_TEMP_NAME = re.compile(rf"^\..*{re.escape(TEMP_SUFFIX)}$", re.MULTILINE)


def clean_stray_temp_files(folder: Path, guard: Path | None = None) -> int:
    """Remove temp files that a killed writer left behind; returns how many.

    `guard` is a lock every writer of the folder holds (the catalog's, for section and head
    files): the folder is swept only while it is free, so no live writer's file goes.
    """
    if guard is not None:
        try:
            # One search over the joined names: a folder of a file per briefing is long.
            stray = _TEMP_NAME.search("\n".join(os.listdir(folder))) is not None
        except OSError:
            return 0
        if not stray:
            return 0  # the usual case, without importing filelock
        from filelock import FileLock, Timeout

        lock = FileLock(str(guard), timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            return 0
        try:
            return clean_stray_temp_files(folder)
        finally:
            lock.release()
    removed = 0
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
                continue
            # A live writer holds the target's lock while its temp file exists; deleting
            # that temp file would make its rename fail, so only take unlocked ones.
            lock_path = Path(str(_temp_target(folder, entry.name)) + ".lock")
            if not lock_path.exists():
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
                continue
            from filelock import FileLock, Timeout

            lock = FileLock(str(lock_path), timeout=0)
            try:
                lock.acquire()
            except (Timeout, OSError):
                continue
            try:
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
            finally:
                lock.release()
    return removed


def parse_document(path: Path, raw: bytes) -> dict[str, dict[str, Any]]:
    """Parse a TinyDB JSON document, raising StoreCorrupt with the reason when it is not one."""
    if not raw.strip():
        raise StoreCorrupt(path, "the file is empty (truncated?)")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupt(path, f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise StoreCorrupt(path, "not a table document (top level is not an object)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreCorrupt(path, f"table {name!r} is not an object")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise StoreCorrupt(path, f"row {doc_id} of table {name!r} is not an object")
    return data


def _valid_utf8(value: Any) -> Any:
    if isinstance(value, str):
        # Pairs join, lone surrogates (undecodable input) become U+FFFD.
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_valid_utf8(k): _valid_utf8(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_valid_utf8(v) for v in value]
    return value


def dump_document(data: Any) -> bytes:
    """Readable UTF-8 JSON of a document; text that is not valid Unicode is repaired, not fatal."""
    option = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(data, option=option)
    except orjson.JSONEncodeError:
        return orjson.dumps(_valid_utf8(data), option=option)


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
            fd = os.open(self.path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            if self._signature is not None:
                self.generation += 1
            self._signature, self._raw = None, None
            return None
        except OSError as exc:
            raise StoreCorrupt(self.path, unreadable_reason(self.path, exc)) from exc
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            raise StoreCorrupt(self.path, not_a_file_reason(st.st_mode))
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
        """The file lock (a filelock.FileLock made on first use: a reader that never writes
        never imports filelock, which keeps it off the app's start-up)."""
        if self._lock is None:
            from filelock import FileLock

            with _LOCK_CREATION:
                if self._lock is None:
                    self._lock = FileLock(str(self.path) + ".lock", timeout=self._lock_timeout)
        return self._lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant within a thread)."""
        from filelock import Timeout

        try:
            self.lock.acquire()
        except Timeout as exc:
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
