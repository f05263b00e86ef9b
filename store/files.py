"""Plain files of a library: atomic writes, temp files, OS reasons and JSON documents.

Nothing here loads TinyDB or orjson at import, so a process that only reads the index (a
search) pays for neither; `store.storage` builds TinyDB's storage on these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from functools import cache
from pathlib import Path

from store.errors import StoreCorrupt, WriteFailed
from store.regular import NOFOLLOW
from store.regular import not_a_file_reason as not_a_file_reason  # named here for its callers

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TEMP_SUFFIX = ".tmp"

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


@cache
def _temp_name() -> re.Pattern[str]:
    # Compiled when a folder is first swept (after the reader's first frame), not at import.
    return re.compile(rf"^\..*{re.escape(TEMP_SUFFIX)}$", re.MULTILINE)


def clean_stray_temp_files(folder: Path, guard: Path | None = None) -> int:
    """Remove temp files that a killed writer left behind; returns how many.

    `guard` is a lock every writer of the folder holds (the catalog's, for section and head
    files): the folder is swept only while it is free, so no live writer's file goes.
    """
    if guard is not None:
        try:
            # One search over the joined names: a folder of a file per briefing is long.
            stray = _temp_name().search("\n".join(os.listdir(folder))) is not None
        except OSError:
            return 0
        if not stray:
            return 0  # the usual case, without loading the lock
        from store.locks import file_lock

        lock = file_lock(str(guard), timeout=0)
        try:
            lock.acquire()
        except OSError:  # LockTimeout too
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
            from store.locks import file_lock

            lock = file_lock(str(lock_path), timeout=0)
            try:
                lock.acquire()
            except OSError:  # LockTimeout too
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
    import orjson  # loaded by the writers and whole parses, never by a search

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
    import orjson

    option = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(data, option=option)
    except orjson.JSONEncodeError:
        return orjson.dumps(_valid_utf8(data), option=option)
