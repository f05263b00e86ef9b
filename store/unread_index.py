"""Where the unread briefings are in the outline's order, kept as the read state changes, so
the next unread section is found without walking past every read briefing."""

from __future__ import annotations

import threading
from bisect import bisect_right, insort
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.models import Briefing
    from store.outline_order import Walk
    from store.readstate import ReadState


def _has_unread(b: Briefing, read: Mapping[str, frozenset[int]]) -> bool:
    done = read.get(b.id)
    if not done:
        return b.section_count > 0
    return any(o not in done for o in range(1, b.section_count + 1))


def first_unread(b: Briefing, done: frozenset[int], after: int = 0) -> int | None:
    """The first order of `b` after `after` not in `done`, if any."""
    return next((o for o in range(after + 1, b.section_count + 1) if o not in done), None)


class UnreadIndex:
    """The places, in a walk (the outline's order), of the briefings with a section unread:
    made once per walk (a change of the catalog), then moved by the briefings each change of
    the read state touched (`ReadState.changed_since`)."""

    def __init__(self, walk: Callable[[], Walk], read_state: ReadState) -> None:
        self._walk = walk
        self._read_state = read_state
        self._lock = threading.Lock()  # made in the outline's worker, asked on the event loop
        self._made_of: Walk | None = None
        self._version = -1
        self._open: list[int] = []  # sorted places of briefings with a section unread

    def prepare(self) -> tuple[Walk, dict[str, frozenset[int]]]:
        """Bring the index up to date with the walk and the read state as they are now;
        returns them."""
        walk = self._walk()
        with self._lock:
            version, read = self._read_state.with_version()
            if walk is not self._made_of:
                touched = None
            else:
                _, touched = self._read_state.changed_since(self._version)
                # Read after `with_version`: what it names may be newer, never older.
            if touched is None:
                self._open = [n for n, b in enumerate(walk.briefings) if _has_unread(b, read)]
            else:
                for bid in touched:
                    at = walk.at.get(bid)
                    if at is None:
                        continue
                    has = _has_unread(walk.briefings[at], read)
                    n = bisect_right(self._open, at)
                    there = n > 0 and self._open[n - 1] == at
                    if has and not there:
                        insort(self._open, at)
                    elif there and not has:
                        del self._open[n - 1]
            self._made_of, self._version = walk, version
            return walk, read

    def next_unread(self, briefing_id: str | None, order: int) -> str | None:
        """`store.outline_order.next_unread` of the walk and read state as they are now:
        the first unread section after section `order` of `briefing_id`, then in the
        briefings after it, then from the top; None when every section is read."""
        walk, read = self.prepare()
        briefings = walk.briefings
        start = walk.at.get(briefing_id or "")
        if start is not None:
            here = briefings[start]
            nxt = first_unread(here, read.get(here.id, frozenset()), order)
            if nxt is not None:
                return f"{here.id}-{nxt}"
        with self._lock:
            opened = self._open
            n = bisect_right(opened, start) if start is not None else 0
            at = opened[n] if n < len(opened) else (opened[0] if opened else None)
        if at is None:
            return None
        b = briefings[at]
        nxt = first_unread(b, read.get(b.id, frozenset()))
        if nxt is None:  # the index moved on with a newer read state meanwhile: walk it
            from store.outline_order import next_unread

            return next_unread(walk, read, briefing_id, order)
        return f"{b.id}-{nxt}"
