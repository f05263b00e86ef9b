"""Which sections the user has read, kept per briefing in the user file's own table."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from typing import Any

from store.userdata import UserData, now_iso

TABLE = "read_state"


def _split(section_id: str) -> tuple[str, int] | None:
    briefing_id, _, order = section_id.rpartition("-")
    if not briefing_id or not order.isdigit():
        return None
    return briefing_id, int(order)


class ReadState:
    """Read sections, one row per briefing (`{"briefing_id", "orders", "updated"}`).

    A row per briefing rather than per section keeps the user file small for a library of
    years: ten thousand read briefings are ten thousand short rows.
    """

    def __init__(self, user: UserData) -> None:
        self.user = user
        self._lock = threading.Lock()  # the event loop and workers ask at once
        # The answer of `all`, and where the user file's records stood when it was made.
        self._all: dict[str, frozenset[int]] | None = None
        self._epoch: object = None
        self._count = 0
        # Each change of `all`'s answer: its number and the briefings it touched (None:
        # any may have changed), the last LOG_SIZE of them.
        self.version = 0
        self._log: list[tuple[int, frozenset[str] | None]] = []

    def all(self) -> dict[str, frozenset[int]]:
        """Read section orders by briefing id, shared: to be read, never changed (a change
        of the read state gives a new dict). Kept from one call to the next and brought up
        to date from the user journal's records applied since, so a mark costs what it
        touched rather than a pass over every read briefing."""
        return self.with_version()[1]

    def with_version(self) -> tuple[int, dict[str, frozenset[int]]]:
        """`all`'s answer and its version (see `changed_since`), read together."""
        if self.user.problem is not None:
            raise self.user.problem
        follow = getattr(self.user.db.storage, "records_since", None)
        with self._lock:
            if follow is None:  # a storage without a journal: read whole each time
                self.version += 1
                self._log = []  # nothing told apart
                return self.version, _orders_by_briefing(self.user.rows(TABLE))
            doc, epoch, count, records = follow(self._epoch, self._count)
            cached = self._all
            fresh: dict[str, frozenset[int]] | None = None
            touched: frozenset[str] | None = None
            if cached is not None and records is not None:
                with contextlib.suppress(_Reread):
                    fresh, touched = _apply(cached, records)
            if fresh is None:  # first asked, user.json read again, or a record unforeseen
                fresh = _orders_by_briefing((doc.get(TABLE) or {}).values())
                if cached is not None:
                    # Told apart here, so a whole read (after a compaction) still tells
                    # which briefings it changed.
                    touched = frozenset(
                        bid
                        for bid in fresh.keys() | cached.keys()
                        if fresh.get(bid) != cached.get(bid)
                    )
                    if not touched:
                        fresh = cached
            self._epoch, self._count = epoch, count
            if fresh is not cached:
                self._all = fresh
                self.version += 1
                self._log = [*self._log[-(LOG_SIZE - 1) :], (self.version, touched)]
            return self.version, fresh

    def changed_since(self, version: int) -> tuple[int, frozenset[str] | None]:
        """The version of `all`'s answer as of now, and the briefings whose read sections
        changed since `version` (None: any may have, or it is too old to tell)."""
        self.all()
        with self._lock:
            now = self.version
            if version == now:
                return now, frozenset()
            if version > now or not self._log or self._log[0][0] > version + 1:
                return now, None
            touched: set[str] = set()
            for number, ids in self._log:
                if number > version:
                    if ids is None:
                        return now, None
                    touched |= ids
            return now, frozenset(touched)

    def of(self, briefing_id: str) -> frozenset[int]:
        """Read section orders of one briefing."""
        row = self.user.find(TABLE, "briefing_id", briefing_id)
        orders = row.get("orders") if isinstance(row, dict) else None
        if not isinstance(orders, list):
            return frozenset()
        return frozenset(o for o in orders if isinstance(o, int) and o > 0)

    def is_read(self, section_id: str) -> bool:
        """Whether a section was read or marked read."""
        split = _split(section_id)
        return split is not None and split[1] in self.of(split[0])

    def mark(self, section_ids: Iterable[str], read: bool = True) -> int:
        """Mark sections read (or unread) in one write; returns how many changed."""
        wanted = _wanted(section_ids)
        if not wanted:
            return 0
        changed = 0

        def edit(data: dict[str, Any]) -> list[dict[str, Any]]:
            nonlocal changed
            records, changed = mark_records(data, wanted, read, self._find())
            return records

        # One append to the user file's journal however many briefings change.
        self.user.change(edit)
        return changed

    def save_position(self, section_id: str, block: int, read: bool = False) -> bool:
        """Save a section's reading position and, with `read`, mark it read, in one write of
        the user file; True when the section was not read before. A damaged file is not
        written (its problem is raised only for a mark, as `mark` would)."""
        if self.user.problem is not None:
            if read:
                raise self.user.problem
            return False
        from store.userdata import position_records

        wanted = _wanted([section_id]) if read else {}
        newly = False

        def edit(data: dict[str, Any]) -> list[dict[str, Any]]:
            nonlocal newly
            marks, changed = mark_records(data, wanted, True, self._find()) if wanted else ([], 0)
            newly = changed > 0
            return position_records(section_id, block) + marks

        self.user.change(edit)
        return newly

    def _find(self) -> Any:
        # The user file's storage finds a row through its index (under the lock, in `change`).
        return getattr(self.user.db.storage, "first_row", None)

    def mark_briefing(self, briefing_id: str, count: int, read: bool = True) -> int:
        """Mark every section of a briefing (orders 1..count) read or unread."""
        return self.mark((f"{briefing_id}-{n}" for n in range(1, count + 1)), read)


# How many changes of the read state `changed_since` can tell apart.
LOG_SIZE = 64


def _valid(orders: Any) -> frozenset[int] | None:
    if not isinstance(orders, list):
        return None
    return frozenset(o for o in orders if isinstance(o, int) and o > 0)


def _orders_by_briefing(rows: Iterable[dict[str, Any]]) -> dict[str, frozenset[int]]:
    """Read orders by briefing id from a table's rows (a later row of the same briefing
    wins; a row that is not a read-state row counts for nothing)."""
    out: dict[str, frozenset[int]] = {}
    for row in rows:
        bid, orders = row.get("briefing_id"), _valid(row.get("orders"))
        if isinstance(bid, str) and orders is not None:
            out[bid] = orders
    return out


def _apply(
    cached: dict[str, frozenset[int]], records: list[dict[str, Any]]
) -> tuple[dict[str, frozenset[int]], frozenset[str] | None]:
    """`cached` (never changed) with the user journal's records applied, and the briefings
    they touched; a record of another shape than `mark_records` writes raises `_Reread`."""
    mine = [r for r in records if r.get("t") == TABLE]
    if not mine:
        return cached, frozenset()
    out = dict(cached)
    touched: set[str] = set()
    for record in mine:
        bid, row = record.get("v"), record.get("r", False)
        if record.get("f") != "briefing_id" or not isinstance(bid, str) or row is False:
            raise _Reread
        if row is None:
            out.pop(bid, None)
        elif not isinstance(row, dict) or row.get("briefing_id") != bid:
            raise _Reread
        else:
            orders = _valid(row.get("orders"))
            if orders is None:
                out.pop(bid, None)
            else:
                out[bid] = orders
        touched.add(bid)
    return out, frozenset(touched)


class _Reread(Exception):
    """A record `_apply` cannot follow: the table is read whole."""


def _wanted(section_ids: Iterable[str]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for sid in section_ids:
        split = _split(sid)
        if split is not None:
            wanted.setdefault(split[0], set()).add(split[1])
    return wanted


def mark_records(
    data: dict[str, Any], wanted: dict[str, set[int]], read: bool, find: Any = None
) -> tuple[list[dict[str, Any]], int]:
    """The journal records that mark section orders by briefing read (or unread) in a user
    document, and how many sections they change (a briefing left with none read loses its
    row). `find(table, field, value)` looks a row of `data` up faster, when given."""
    changed = 0
    records: list[dict[str, Any]] = []
    table = data.get(TABLE) or {}
    found: dict[Any, dict[str, Any]] = {}
    if find is None and len(wanted) > 1:  # one pass for many briefings (a month marked read)
        for row in table.values():
            found.setdefault(row.get("briefing_id"), row)
    for bid, orders in wanted.items():
        if find is not None:
            row = find(TABLE, "briefing_id", bid) or {}
        else:
            row = found.get(bid, {}) if len(wanted) > 1 else find_row_in(table, bid)
        old = row.get("orders") if isinstance(row.get("orders"), list) else []
        before = {o for o in old if isinstance(o, int) and o > 0}
        after = before | orders if read else before - orders
        if after == before:
            continue
        changed += len(after ^ before)
        new = {"briefing_id": bid, "orders": sorted(after), "updated": now_iso()} if after else None
        records.append({"t": TABLE, "f": "briefing_id", "v": bid, "r": new})
    return records, changed


def find_row_in(table: dict[str, dict[str, Any]], briefing_id: str) -> dict[str, Any]:
    """A briefing's read-state row in a table (the first, as a query finds it), or {}."""
    for row in table.values():
        if row.get("briefing_id") == briefing_id:
            return row
    return {}
