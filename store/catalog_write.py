"""Writing the catalog: changes appended to its journal and synced, and the compaction that
folds the journal back into `catalog.json` (mixed into `store.catalog.Catalog`)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from store.catalog_journal import HEADER, JOURNAL_VERSION, change_line
from store.catalog_peek import highest_seq
from store.errors import WriteFailed
from store.paths import catalog_stamp
from store.storage import NOFOLLOW, fsync_dir, os_reason

if TYPE_CHECKING:
    from store.catalog_checked import Checked
    from store.storage import StoreDB

# The journal is folded back into catalog.json past this many bytes, or half the catalog.
COMPACT_FLOOR = 256 * 1024


class CatalogWrites:
    """The catalog's changes: each appended and synced under the catalog's lock."""

    path: Path
    journal_path: Path
    db: StoreDB
    _seen: tuple[Any, tuple[str, int] | None, int] | None
    _checked: Checked | None
    _changes: Any  # a threading.local: the stamps around this thread's last change

    if TYPE_CHECKING:

        @property
        def loaded(self) -> bool: ...

        def transaction(self) -> contextlib.AbstractContextManager[None]: ...

        def state(self) -> dict[str, dict[str, Any]]: ...

        def _journal_bytes(self) -> tuple[tuple[str, int] | None, bytes]: ...

        def _check(self, token: tuple[str, int] | None, raw: bytes) -> Checked | None: ...

    def put(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add or replace briefings' rows (whole rows), synced before it returns."""
        self._append([{"put": row} for row in rows])

    def delete(self, ids: Iterable[str]) -> None:
        """Remove briefings' rows, synced before it returns."""
        self._append([{"del": bid} for bid in ids])

    def _append(self, changes: list[dict[str, Any]]) -> None:
        if not changes:
            return
        lines = payload = b"".join(change_line(c) for c in changes)
        checked: Checked | None = None
        with self.transaction():
            self._changes.last = None
            before = catalog_stamp(self.path.parent)
            if self.loaded:
                self.state()  # damage is found before anything is written
                assert self._seen is not None
                _, token, at = self._seen
            else:
                # A process that never read every row appends without reading them: the
                # lines it writes follow the last complete one (a full read checks them all).
                token, raw = self._journal_bytes()
                checked = self._check(token, raw)  # damage is found before writing
                at = len(raw)
            if token is None:
                # A new journal (or one whose header was cut short): a new identity, so a
                # reader that knew an older journal of the same inode reads this one afresh.
                fresh = os.urandom(8).hex()
                header = orjson.dumps({HEADER: JOURNAL_VERSION, "token": fresh}) + b"\n"
                checked = checked_module().started(fresh, header)
                payload, at = header + payload, 0
            try:
                fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | NOFOLLOW, 0o644)
                try:
                    # A line cut short by a crash goes; what follows starts clean.
                    os.ftruncate(fd, at)
                    while payload:
                        written = os.pwrite(fd, payload, at)
                        payload, at = payload[written:], at + written
                    os.fsync(fd)
                finally:
                    os.close(fd)
                if token is None:
                    fsync_dir(self.journal_path.parent)
            except OSError as exc:
                raise WriteFailed(self.journal_path, os_reason(exc)) from exc
            if checked is not None:
                # What this process checked and wrote, for the next writer to trust.
                self._checked = checked.extended(lines, highest_seq(lines))
                checked_module().write_record(self.path.parent, self._checked)
            if self.loaded:
                self.state()
                at = self._seen[2]
            if at > max(COMPACT_FLOOR, _size(self.path) // 2):
                self.compact()
            # Taken under the lock: no other change lies between these two stamps.
            self._changes.last = (before, catalog_stamp(self.path.parent))

    def take_change(self) -> tuple[list[int], list[int]] | None:
        """The catalog's stamps just before and just after this thread's last change, once
        (None when it made none since the last call): the search index, having applied
        exactly that change, may move its own stamp from the first to the second."""
        last, self._changes.last = getattr(self._changes, "last", None), None
        return last

    def compact(self) -> None:
        """Write every row into catalog.json, in the outline's order, and remove the journal
        (under the lock)."""
        with self.transaction():
            rows = self.state()
            data = self.db.storage.read() or {}
            from store.outline_order import rows_in_walk_order

            # The outline's order, so a reader that has read nothing yet finds the first
            # briefing it shows at the file's head (store.glance.first_briefing).
            ordered = rows_in_walk_order(sorted(rows.values(), key=lambda r: row_seq(r)))
            data["briefings"] = {str(n): row for n, row in enumerate(ordered, 1)}
            self.db.storage.write(data)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.journal_path)
            fsync_dir(self.path.parent)
            self.state()

    def write_document(self, data: dict[str, Any]) -> None:
        """Replace the whole catalog (a migration or a repair): the file, and no journal."""
        with self.transaction():
            self.db.storage.write(data)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.journal_path)
            fsync_dir(self.path.parent)


def row_seq(row: dict[str, Any]) -> int:
    """A row's `seq` (0 when it has none that is a number)."""
    value = row.get("seq", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def checked_module() -> Any:
    """`store.catalog_checked`, loaded on the first change or lookup of a few rows: opening a
    library to search it, or to read every row, needs none of its journal checks."""
    import store.catalog_checked

    return store.catalog_checked
