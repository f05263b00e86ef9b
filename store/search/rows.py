"""The briefings an index holds: a rows file's rows, less those dropped, and the rows since.

The manifest names one rows file (`store.search.rowsfile`, immutable, written whole when the
rows changed since it outgrow `FOLD_ROWS`) and carries the rows added and the ids dropped
since, so an import or a delete rewrites only those. A process decodes the columns it uses:
a search the ordinal ranges and ids, and the dates and import times once it ranks hits.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from functools import cached_property

from pyroaring import BitMap

from store.search.rowsfile import FIELDS, RowsFile

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Info = dict[str, Any]

# Rows changed since the rows file before the manifest is folded into a new one: an import
# or delete rewrites at most this many rows, a fold every so many changes rewrites them all.
FOLD_ROWS = 256

_EMPTY = array("q")


class Row(Mapping[str, "Any"]):
    """One row of a rows file, read like an info dict: each field decoded when asked for."""

    __slots__ = ("_i", "_rows")

    def __init__(self, rows: Rows, i: int) -> None:
        self._rows, self._i = rows, i

    def __getitem__(self, name: str) -> Any:
        if name not in FIELDS:
            raise KeyError(name)
        return self._rows.value(self._i, name)

    def __iter__(self) -> Iterator[str]:
        return iter(FIELDS)

    def __len__(self) -> int:
        return len(FIELDS)


class Rows:
    """The briefings of a manifest by id: a rows file's rows, less those dropped, and recent ones.

    Reads like a dict of id -> info (first, count, chars, hash, imported_at, date, title);
    `put` and `drop` change only the recent rows and the dropped ids.
    """

    def __init__(
        self,
        base: RowsFile | None = None,
        recent: dict[str, Info] | None = None,
        dropped: set[str] | None = None,
    ) -> None:
        self.base = base
        self.recent: dict[str, Info] = dict(recent or {})
        self.dropped: set[str] = set(dropped or ())

    # -- the rows file's columns, decoded once per file ---------------------------------------
    @property
    def _firsts(self) -> array:
        return self.base.column("first") if self.base else _EMPTY

    @property
    def _counts(self) -> array:
        return self.base.column("count") if self.base else _EMPTY

    @property
    def _ids(self) -> list[str]:
        return self.base.column("ids") if self.base else []

    def _column(self, name: str) -> Any:
        assert self.base is not None
        return self.base.column(name)

    def _info(self, i: int) -> Row:
        return Row(self, i)

    def value(self, i: int, name: str) -> Any:
        """One field of the rows file's row i (a column of texts read as `RowsFile.text_at`)."""
        if name == "first":
            return self._firsts[i]
        if name == "count":
            return self._counts[i]
        if name == "chars":
            return self._column(name)[i]
        assert self.base is not None
        return self.base.text_at(name, i)

    def _row(self, bid: str) -> int | None:
        return self.base.index_of(bid) if self.base else None

    def _at(self, bid: str) -> int:
        i = self._row(bid)
        if i is None:
            raise KeyError(bid)
        return i

    # -- reading like a dict ----------------------------------------------------------------
    def get(self, bid: str, default: Any = None) -> Any:
        """The info of one briefing (default when the index does not hold it)."""
        got = self.recent.get(bid)
        if got is not None:
            return got
        if bid in self.dropped or not self.base:
            return default
        i = self._row(bid)
        return default if i is None else self._info(i)

    def holding(self, ordinal: int, bid: str) -> Any:
        """The info of briefing `bid`, one of whose sections is `ordinal` (None when the index does
        not hold it): its row is the rows file's range holding the ordinal, its id checked in
        place, rather than looked for through the ids column."""
        got = self.recent.get(bid)
        if got is not None or bid in self.dropped or not self.base:
            return got
        firsts = self._firsts
        i = bisect_right(firsts, ordinal) - 1
        if i >= 0 and ordinal < firsts[i] + self._counts[i] and self.base.id_is(i, bid):
            return self._info(i)
        return self.get(bid)

    def __contains__(self, bid: object) -> bool:
        return isinstance(bid, str) and self.get(bid) is not None

    def __getitem__(self, bid: str) -> Info:
        got = self.get(bid)
        if got is None:
            raise KeyError(bid)
        return got

    def __len__(self) -> int:
        return (self.base.count if self.base else 0) - len(self.dropped) + len(self.recent)

    def __bool__(self) -> bool:
        return len(self) > 0

    def _base_live(self) -> Iterator[int]:
        if self.dropped:
            ids = self._ids
            return (i for i in range(len(ids)) if ids[i] not in self.dropped)
        return iter(range(self.base.count if self.base else 0))

    def keys(self) -> Iterator[str]:
        """Ids, the rows file's first (by first ordinal), then the recent ones."""
        ids = self._ids
        yield from (ids[i] for i in self._base_live())
        yield from self.recent

    __iter__ = keys

    def items(self) -> Iterator[tuple[str, Info]]:
        """(id, info) of every briefing, as keys() orders them (each info a new dict)."""
        if self.base:
            columns = [self._firsts, self._counts, *(self._column(n) for n in FIELDS[2:])]
            ids, dropped = self._ids, self.dropped
            for bid, *values in zip(ids, *columns, strict=True):
                if bid not in dropped:
                    yield bid, dict(zip(FIELDS, values, strict=True))
        yield from self.recent.items()

    def values(self) -> Iterator[Info]:
        """The info of every briefing, as keys() orders them."""
        return (info for _bid, info in self.items())

    def stamps(self) -> dict[str, tuple[Any, Any]]:
        """Content hash and import time by id (what a catalog row is compared with)."""
        ids, hashes, times = self._ids, [], []
        if ids:
            hashes, times = self._column("hash"), self._column("imported_at")
        out = {ids[i]: (hashes[i], times[i]) for i in self._base_live()}
        out.update((bid, (i.get("hash"), i.get("imported_at"))) for bid, i in self.recent.items())
        return out

    # -- changing (recent rows and dropped ids only) ----------------------------------------
    def put(self, bid: str, info: Info) -> None:
        """Add or replace a briefing's row."""
        self.drop(bid)
        self.recent[bid] = info
        self.__dict__.pop("_order", None)

    def drop(self, bid: str) -> Info | None:
        """Forget a briefing; returns the info it had."""
        got = self.recent.pop(bid, None)
        if got is not None:
            self.__dict__.pop("_order", None)
            return got
        if bid in self.dropped or not self.base or not self.base.may_hold(bid):
            return None  # a new briefing: the rows file's ids are not decoded for it
        i = self._row(bid)
        if i is None:
            return None
        self.dropped.add(bid)
        return self._info(i)

    def in_file(self, bid: str) -> bool:
        """Whether the rows file holds a row of this id (dropped or not)."""
        return self._row(bid) is not None

    @property
    def pending(self) -> int:
        """Rows changed since the rows file."""
        return len(self.recent) + len(self.dropped)

    # -- ordinals ---------------------------------------------------------------------------
    def spans(self) -> Iterator[tuple[int, int, str | None]]:
        """(first, count, id or None) of every briefing: the id given for recent rows only."""
        firsts, counts = self._firsts, self._counts
        for i in self._base_live():
            yield firsts[i], counts[i], None
        for bid, info in self.recent.items():
            yield info["first"], info["count"], bid

    def file_end(self) -> int:
        """The end of the last range of the rows file (0 without one)."""
        return self._firsts[-1] + self._counts[-1] if self._firsts else 0

    def live(self) -> BitMap:
        """The ordinals of every briefing's sections."""
        out = self.base.live.copy() if self.base else BitMap()
        for bid in self.dropped:
            i = self._at(bid)
            out.remove_range(self._firsts[i], self._firsts[i] + self._counts[i])
        for info in self.recent.values():
            if info["count"]:
                out.add_range(info["first"], info["first"] + info["count"])
        return out

    def ids(self) -> set[str]:
        """The id of every briefing."""
        out = set(self._ids)
        out -= self.dropped
        out.update(self.recent)
        return out

    def sections(self) -> int:
        """Sections of every briefing."""
        out = sum(self._counts) + sum(i["count"] for i in self.recent.values())
        return out - sum(self._counts[self._at(bid)] for bid in self.dropped)

    def totals(self) -> tuple[int, int]:
        """Sections and folded characters of every briefing."""
        chars = sum(i.get("chars", 0) or 0 for i in self.recent.values())
        if self.base:
            column = self._column("chars")
            chars += sum(column) - sum(column[self._at(bid)] for bid in self.dropped)
        return self.sections(), chars

    @cached_property
    def _order(self) -> tuple[list[int], list[int], list[str]]:
        """First ordinals, end ordinals and ids of the recent rows, by first ordinal."""
        rows = sorted((i["first"], i["first"] + i["count"], bid) for bid, i in self.recent.items())
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def briefing_of(self, ordinal: int) -> str | None:
        """The briefing holding an ordinal (None when no briefing does)."""
        firsts, ends, ids = self._order
        at = bisect_right(firsts, ordinal) - 1
        if at >= 0 and ordinal < ends[at]:
            return ids[at]
        at = bisect_right(self._firsts, ordinal) - 1
        if at >= 0 and ordinal < self._firsts[at] + self._counts[at]:
            bid = self._ids[at]
            return None if bid in self.dropped else bid
        return None
