"""The user file's storage: `user.json` as its journal (`store.user_journal`) leaves it.

Readers see the file with the journal's records applied, following the journal as it grows
(only its new lines are read); `append` writes a few records and syncs them under the file's
lock; a whole write (TinyDB's tables, a migration, a compaction) replaces `user.json` with
the journal folded in and removes the journal.
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from store import regular, user_journal
from store.errors import BriefingError, StoreCorrupt, WriteFailed
from store.files import NOFOLLOW, fsync_dir, os_reason, unreadable_reason
from store.storage import AtomicJSONStorage

if TYPE_CHECKING:
    from store.user_rows import Where

# The journal is folded into user.json past this many bytes, or a quarter of user.json: a
# process opening the file parses both, and records cost more a byte than rows.
COMPACT_FLOOR = 64 * 1024

Doc = dict[str, dict[str, Any]]
Records = list[dict[str, Any]]


class JournaledStorage(AtomicJSONStorage):
    """AtomicJSONStorage for the user file, whose small changes go to its journal."""

    def __init__(self, path: str | os.PathLike[str], **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.journal_path = user_journal.journal_path(self.path)
        # The reader and the position writer share one storage: one thread at a time
        # follows the files; the documents it hands out are replaced, never changed.
        self._mutex = threading.RLock()
        self._merged: Doc | None = None  # user.json's parse with the records applied
        self._base: bytes | None = None  # the user.json bytes `_merged` was made from
        self._records: Records = []  # the journal's records applied, in order
        # Replaced whenever `_records` starts again (user.json itself changed): a reader
        # following the records (`records_since`) then reads the document whole.
        self._epoch = object()
        self._token: str | None = None
        self._end = 0  # where the last good record ends
        self._jsig: tuple[int, ...] | None = None
        # Where the merged document's rows are, by the field its records name.
        self._where: dict[str, Where] = {}
        self._writing = False

    def _load(self) -> bytes | None:
        with self._mutex:
            raw = super()._load()
            self._follow(raw)
            return raw

    def _follow(self, raw: bytes | None) -> None:
        if self._writing:
            return  # this process is appending (under the lock): nothing else changes
        sig = _signature(self.journal_path)
        if raw is self._base and self._merged is not None and sig == self._jsig:
            return
        fresh = raw is not self._base or self._merged is None
        opened = user_journal.open_journal(self.journal_path)
        if opened is None:
            token, records, at, end, sig = None, [], 0, 0, None
        else:
            fd, st = opened
            try:
                header = user_journal.read_header(fd, self.journal_path)
                token, at = header if header is not None else (None, 0)
                if (
                    not fresh
                    and token is not None
                    and token == self._token
                    and st.st_size >= self._end
                ):
                    at = self._end  # the same journal, grown: only its new lines
                else:
                    fresh = True
                raw_tail = os.pread(fd, max(st.st_size - at, 0), at) if token is not None else b""
            except OSError as exc:
                raise StoreCorrupt(
                    self.journal_path, unreadable_reason(self.journal_path, exc)
                ) from exc
            finally:
                os.close(fd)
            sig = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            records, end = user_journal.parse_records(raw_tail, self.journal_path, 0)
            end += at
        if fresh:
            doc = self._base_document(raw)
            self._records, self._where, self._epoch = [], {}, object()
        else:
            doc = dict(self._merged or {})
        if records:
            _rows().apply_records(doc, records, self._where)
        self._records.extend(records)
        self._merged, self._base = doc, raw
        if records or fresh:
            self.generation += 1
        self._token, self._end, self._jsig = token, end, sig

    def _base_document(self, raw: bytes | None) -> Doc:
        if raw is None:
            return {}
        parsed = self._parsed
        if parsed is not None and parsed[0] is raw:
            return dict(parsed[1])
        return orjson.loads(raw)  # type: ignore[no-any-return]

    def read(self) -> Doc | None:
        """The whole document as a fresh copy, journal applied."""
        with self._mutex:
            raw = self._load()
            if raw is None and not self._records:
                return None
            doc: Doc = orjson.loads(raw) if raw is not None else {}
            return _rows().apply_records(doc, self._records)

    def snapshot(self) -> Doc | None:
        """The whole document as of now, journal applied, shared: to be read, never changed."""
        with self._mutex:
            raw = self._load()
            return None if raw is None and not self._records else self._merged

    def records_since(self, epoch: object, count: int) -> tuple[Doc, object, int, Records | None]:
        """The document as of now (shared, as `snapshot`), with where its records stand (an
        epoch and a count) and the records applied since `epoch` stood at `count`: None when
        user.json itself was read again since, so only the whole document tells what changed."""
        with self._mutex:
            self._load()
            doc = self._merged or {}
            now = len(self._records)
            if epoch is not self._epoch or count > now:
                return doc, self._epoch, now, None
            return doc, epoch, now, self._records[count:]

    def first_row(self, table: str, field: str, value: Any) -> dict[str, Any] | None:
        """The first row of the merged document whose `field` is `value` (as a query finds
        it), through the rows' index when its records made one: for the `edit` of `append`,
        to be read, never changed."""
        index = self._where.get(table)
        rows = (self._merged or {}).get(table) or {}
        if index is not None and index.field == field:
            try:
                keys = index.keys.get(value)
            except TypeError:
                keys = None
            else:
                return rows[keys[0]] if keys else None
        return next((r for r in rows.values() if field in r and r[field] == value), None)

    def find(self, table: str, field: str, value: Any) -> dict[str, Any] | None:
        """`store.storage.find_row` of the document as of now (a copy), through the rows'
        index once records made one: a lookup on the reader's event loop costs the same
        however many rows the table has."""
        with self._mutex:
            self._load()
            row = self.first_row(table, field, value)
        return None if row is None else copy.deepcopy(row)

    def write(self, data: Doc) -> None:
        """Replace user.json atomically (holding every record) and remove the journal."""
        with self.locked(), self._mutex:
            before = self._merged if self._base is self._raw else None
            super().write(data)
            if self._token is not None or os.path.lexists(self.journal_path):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.journal_path)
                fsync_dir(self.path.parent)
            # What the file and its journal held (None: not read under this lock), what they
            # hold now, and the signatures of user.json and of the (removed) journal.
            self._written.last = (before, self._raw, (self._signature, None))
            self._merged, self._base, self._records, self._where = None, None, [], {}
            self._token, self._end, self._jsig = None, 0, None
            self._epoch = object()

    def append(self, edit: Callable[[Doc], Records]) -> Records:
        """Append the records `edit` makes of the document as it is (read under the lock),
        synced before it returns; folds the journal into user.json once it has grown."""
        # The file lock before the mutex, always (TinyDB's writes take them in that order).
        with self.locked():
            with self._mutex:
                if self._token is not None and _token_on_disk(self.journal_path) == self._token:
                    # Nobody replaced user.json since this process read it (a whole write
                    # removes the journal, and a new journal has a new token), so its stat
                    # tells whether it changed: a clean file is not parsed again.
                    self.trust_stat()
                self._load()
                records = edit(self._merged or {})
                if not records:
                    return records
                token, at = self._token, self._end
                # Readers in this process go on with the document as it is while the disk
                # writes (the reader's event loop never waits for the writer's fsync).
                self._writing = True
            written = None
            try:
                written = self._write_lines(records, token, at)
            finally:
                with self._mutex:
                    self._writing = False
                    if written is not None:
                        self._took(records, *written)
            if self._end > max(COMPACT_FLOOR, _size(self.path) // 4):
                self.write(self.read() or {})
        return records

    def _write_lines(
        self, records: Records, token: str | None, at: int
    ) -> tuple[str, int, tuple[int, ...]]:
        lines = b"".join(user_journal.record_line(r) for r in records)
        new = token is None
        if token is None:
            token = os.urandom(8).hex()
            lines, at = user_journal.header_line(token) + lines, 0
        try:
            # Private, as user.json is (its temp files are made by mkstemp).
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | NOFOLLOW, 0o600)
            try:
                os.ftruncate(fd, at)  # a record cut short by a crash goes
                while lines:
                    written = os.pwrite(fd, lines, at)
                    lines, at = lines[written:], at + written
                os.fsync(fd)
                st = os.fstat(fd)
            finally:
                os.close(fd)
            if new:
                fsync_dir(self.path.parent)
        except OSError as exc:
            raise WriteFailed(self.journal_path, os_reason(exc)) from exc
        return token, at, (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def _took(self, records: Records, token: str, end: int, sig: tuple[int, ...]) -> None:
        # The records written and synced: applied here, as a reader following would.
        before = self._merged
        self._merged = _rows().apply_records(dict(self._merged or {}), records, self._where)
        # For a watcher telling this thread's own appends apart (`last_write`): the documents
        # before and after, and the signatures of user.json and of the journal just after.
        self._written.last = (before, self._merged, (self._signature, sig))
        self._records.extend(records)
        self._token, self._end, self._jsig = token, end, sig
        self.generation += 1


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _token_on_disk(path: Path) -> str | None:
    try:
        fd = regular.open_regular(path)[0]
    except OSError:
        return None
    try:
        header = user_journal.read_header(fd, path)
    except (OSError, BriefingError):
        return None
    finally:
        os.close(fd)
    return None if header is None else header[0]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _rows() -> Any:
    """`store.user_rows`, loaded by the first record: a reader whose user file has no
    journal starts without it."""
    import store.user_rows

    return store.user_rows
