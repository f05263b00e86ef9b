"""Which sections the user has read, kept per briefing in the user file's own table."""

from __future__ import annotations

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

    def all(self) -> dict[str, frozenset[int]]:
        """Read section orders by briefing id (from the user file's one parse, without TinyDB)."""
        out: dict[str, frozenset[int]] = {}
        for row in self.user.rows(TABLE):
            bid, orders = row.get("briefing_id"), row.get("orders")
            if isinstance(bid, str) and isinstance(orders, list):
                out[bid] = frozenset(o for o in orders if isinstance(o, int) and o > 0)
        return out

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

        def edit(data: dict[str, Any]) -> bool:
            nonlocal changed
            changed = apply_marks(data, wanted, read)
            return changed > 0

        # One read and one write of the user file however many briefings change.
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
        from store.userdata import put_position

        wanted = _wanted([section_id]) if read else {}
        newly = False

        def edit(data: dict[str, Any]) -> bool:
            nonlocal newly
            put_position(data, section_id, block)
            newly = bool(wanted) and apply_marks(data, wanted, True) > 0
            return True

        self.user.change(edit)
        return newly

    def mark_briefing(self, briefing_id: str, count: int, read: bool = True) -> int:
        """Mark every section of a briefing (orders 1..count) read or unread."""
        return self.mark((f"{briefing_id}-{n}" for n in range(1, count + 1)), read)


def _wanted(section_ids: Iterable[str]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for sid in section_ids:
        split = _split(sid)
        if split is not None:
            wanted.setdefault(split[0], set()).add(split[1])
    return wanted


def apply_marks(data: dict[str, Any], wanted: dict[str, set[int]], read: bool) -> int:
    """Mark section orders by briefing read (or unread) in a user document; returns how
    many changed (a briefing left with none read loses its row)."""
    changed = 0
    table: dict[str, dict[str, Any]] = data.setdefault(TABLE, {})
    keys = {row.get("briefing_id"): key for key, row in table.items()}
    next_key = max((int(k) for k in table if k.isdigit()), default=0)
    for bid, orders in wanted.items():
        row = table.get(keys.get(bid, ""), {})
        old = row.get("orders") if isinstance(row.get("orders"), list) else []
        before = {o for o in old if isinstance(o, int) and o > 0}
        after = before | orders if read else before - orders
        if after == before:
            continue
        changed += len(after ^ before)
        if not after:
            table.pop(keys[bid], None)
            continue
        if bid not in keys:
            next_key += 1
            keys[bid] = str(next_key)
        table[keys[bid]] = {"briefing_id": bid, "orders": sorted(after), "updated": now_iso()}
    return changed
