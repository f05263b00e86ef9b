"""The catalog: one short row per briefing, in a compacted file and an append-only journal.

`catalog.json` (a TinyDB document: `meta`, `briefings`) holds the rows as of its last
compaction; `catalog.journal` holds what changed since, one JSON line per change, `{"put": row}`
or `{"del": id}`. An import, delete or edit appends its lines and syncs the journal, so what it
writes does not grow with the library. Once the journal outgrows half the compacted file (and
a floor), its rows go back into `catalog.json` (written atomically) and the journal is removed;
replaying a journal over a file that already holds it changes nothing, so a crash between the
two is harmless. Both files are written under the catalog's lock (`catalog.json.lock`).

Only a line cut short by a crash (after the last newline) may be damaged: it was never
reported written, so it is ignored, and the next write cuts it off. Any other line that is not
a change is damage, reported as StoreCorrupt and never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import paths
from store.catalog_journal import (
    JOURNAL,
    apply_line,
    journal_header,
    journal_rows,
    open_regular,
    replay_journal,
)
from store.catalog_peek import base_row, highest_seq, leading_table, read_file
from store.catalog_write import CatalogWrites, checked_module, row_seq
from store.errors import StoreCorrupt
from store.paths import catalog_stamp
from store.storage import open_db, unreadable_reason

if TYPE_CHECKING:
    from store.catalog_checked import Checked
    from store.storage import StoreDB

# Up to this many ids, a change finds its rows in the files' bytes rather than parsing them;
# a process that asks more often than PEEK_CALLS times reads every row once instead.
PEEK_IDS = 16
PEEK_CALLS = 4

__all__ = ["JOURNAL", "Catalog", "apply_line", "catalog_stamp", "put_rows", "replay_journal"]


class Catalog(CatalogWrites):
    """The briefings' rows of one library: read fresh, changed by appending to the journal."""

    def __init__(self, home: Path) -> None:
        self.path = home / paths.CATALOG
        self.journal_path = home / JOURNAL
        self.db: StoreDB = open_db(self.path)
        # What was read: (catalog.json's stat, journal (token, header end), bytes applied).
        self._seen: tuple[Any, tuple[str, int] | None, int] | None = None
        self._rows: dict[str, dict[str, Any]] = {}
        self.generation = 0
        self._mutex = threading.Lock()
        self._changes = threading.local()
        # catalog.json's bytes by its stat, for finding a few rows without parsing them all.
        self._base_bytes: tuple[tuple[int, ...] | None, bytes] | None = None
        self._peeks = 0
        # The journal's prefix already found to be changes: the journal only grows under one
        # token, so a later look checks only the lines added since (store.catalog_checked).
        self._checked: Checked | None = None

    @property
    def storage(self) -> Any:
        """The compacted file's storage (its lock is the catalog's lock)."""
        return self.db.storage

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Hold the catalog's lock across reads and writes that must not interleave."""
        return self.db.transaction()

    def table(self, name: str) -> Any:
        """A table of the compacted file (`meta`); briefing rows go through put and delete."""
        return self.db.table(name)

    # -- reading ---------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        """Whether this process read every row already (then state() is the cheap answer)."""
        return self._seen is not None

    def meta(self) -> dict[str, dict[str, Any]]:
        """The `meta` table (schema version, what was seeded), read without the rows."""
        table = leading_table(self.path, "meta")
        if table is None:
            table = (self.db.storage.snapshot() or {}).get("meta") or {}
        return table

    def lookup(
        self, ids: Iterable[str], *, seq: bool = True
    ) -> tuple[dict[str, dict[str, Any]], int]:
        """The rows of those ids that exist, and the highest `seq` a row has had (0 when
        not asked for: `seq=False`).

        For a few ids in a process that has not read every row, only the lines naming them
        are parsed; otherwise (or when the files' bytes look unexpected) every row is read.
        """
        wanted = list(dict.fromkeys(ids))
        if not self.loaded and len(wanted) <= PEEK_IDS and self._peeks < PEEK_CALLS:
            self._peeks += 1
            found = self._peek(wanted, seq)
            if found is not None:
                return found
        rows = self.state()
        top = max((row_seq(r) for r in rows.values()), default=0)
        return {bid: rows[bid] for bid in wanted if bid in rows}, top

    def _peek(self, ids: list[str], seq: bool) -> tuple[dict[str, dict[str, Any]], int] | None:
        sig = _signature(self.path)
        kept = self._base_bytes
        if kept is None or kept[0] != sig or sig is None:
            kept = self._base_bytes = (sig, read_file(self.path) or b"")
        base = kept[1]
        rows: dict[str, dict[str, Any]] = {}
        for bid in ids:
            known, row = base_row(base, bid)
            if not known:
                return None
            if row is not None:
                rows[bid] = row
        token, raw = self._journal_bytes()
        checked = self._check(token, raw)
        if token is not None:
            journal_rows(rows, raw, ids, self.journal_path, token[1])
        top = 0
        if seq:
            top = checked.seq if checked is not None else 0
            if checked is not None and sig is not None and checked.base == sig:
                top = max(top, checked.base_seq)
            else:
                base_seq = highest_seq(base)
                top = max(top, base_seq)
                if checked is not None and sig is not None:
                    self._checked = replace(checked, base=sig, base_seq=base_seq)
        return {bid: rows[bid] for bid in ids if bid in rows}, top

    def _check(self, token: tuple[str, int] | None, raw: bytes) -> Checked | None:
        """Check the journal's lines before they are used (only those after a prefix checked
        already, store.catalog_checked); keeps and returns what is now checked."""
        if token is not None:
            self._checked = checked_module().check_journal(
                self.journal_path, token, raw, self._checked
            )
        return self._checked if token is not None else None

    def _journal_bytes(self) -> tuple[tuple[str, int] | None, bytes]:
        return checked_module().journal_bytes(self.journal_path)

    def rows(self) -> list[dict[str, Any]]:
        """Every briefing's row (copies), as of now."""
        return [dict(r) for r in self.state().values()]

    def state(self) -> dict[str, dict[str, Any]]:
        """Rows by briefing id as of now, re-read only as far as the files changed (shared)."""
        with self._mutex:  # two threads of one process never replay the same lines at once
            return self._state()

    def _state(self) -> dict[str, dict[str, Any]]:
        # The journal first: a compaction replaces catalog.json before it removes the journal,
        # so the file read next holds at least what this journal held before it.
        fd = self._open_journal()
        try:
            token = journal_header(fd, self.journal_path) if fd is not None else None
            # catalog.json is judged by its own stat, not through its storage, which reads the
            # whole file again each time the lock is taken: an append must not cost a parse.
            # A compaction is seen even if a reused inode repeated the stat: it removes the
            # journal, whose token then changes.
            base = _signature(self.path)
            seen = self._seen
            if seen is None or seen[0] != base or seen[1] != token:
                self._reload()
                seen = (base, token, 0)
            offset = seen[2]
            if fd is not None and token is not None:
                offset = self._replay(fd, max(offset, token[1]))
            if (seen[0], token, offset) != self._seen:
                self._seen = (seen[0], token, offset)
                self.generation += 1
        finally:
            if fd is not None:
                os.close(fd)
        return self._rows

    def _reload(self) -> None:
        # The file's shared parse: rows are only read, and replaced (never changed) by the
        # journal's lines.
        data = self.db.storage.snapshot() or {}
        rows: dict[str, dict[str, Any]] = {}
        for row in (data.get("briefings") or {}).values():
            if not isinstance(row.get("id"), str):
                raise StoreCorrupt(self.path, "a briefing row has no id")
            rows[row["id"]] = row
        # Filled aside, then swapped in: a reader on another thread never sees half of it.
        self._rows = rows

    def _open_journal(self) -> int | None:
        return open_regular(self.journal_path)

    def _replay(self, fd: int, offset: int) -> int:
        """Apply the journal's complete lines from `offset`; returns where they end."""
        size = os.fstat(fd).st_size
        if size < offset:
            raise StoreCorrupt(self.journal_path, "shrank while in use (changed by hand?)")
        if size == offset:
            return offset
        with os.fdopen(os.dup(fd), "rb") as handle:
            handle.seek(offset)
            raw = handle.read(size - offset)
        end = raw.rfind(b"\n") + 1
        if not end:
            return offset
        # Changed aside, then swapped in, as a reload is: a thread iterating the rows it was
        # given never sees them change under it.
        rows = dict(self._rows)
        for n, line in enumerate(raw[:end].splitlines()):
            if not apply_line(rows, line):
                where = f"line {n + 1} after byte {offset}" if offset else f"line {n + 1}"
                raise StoreCorrupt(self.journal_path, f"{where} is not a catalog change")
        self._rows = rows
        return offset + end


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreCorrupt(path, unreadable_reason(path, exc)) from exc
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def put_rows(catalog: Catalog, rows: list[dict[str, Any]]) -> None:
    """Add or replace rows of the catalog (see Catalog.put)."""
    catalog.put(rows)
