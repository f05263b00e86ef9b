"""A large segment's grams grouped by sorting packed numbers in C (numpy), not place by place.

A segment of real news text holds millions of places and hundreds of thousands of distinct
bigrams; appending each place to its bigram's array costs a dictionary lookup and a call per
place. Here every place becomes one 64-bit number, `code << 32 | place`, and one sort of them
all puts each bigram's places together, in order; bitmaps come from runs of the sorted
numbers. The tables are the ones `grams.Built` makes place by place (a test holds the two
to each other), so only the builder's cost changes. numpy loads only for segments this large.
"""

from __future__ import annotations

from array import array
from typing import Any

from pyroaring import BitMap

from store.search import roaringpack

SEP_UNIT = 0x1F


class Sorter:
    """The places, head locals and units of a segment's sections, packed as they are added."""

    def __init__(self) -> None:
        """Nothing added yet (numpy loads here)."""
        import numpy

        self.np: Any = numpy
        self.places: list[Any] = []  # uint64 code << 32 | place, bigrams without SEP
        self.units: list[Any] = []  # uint32 unit << 16 | local, unique per part
        self.head_pairs: list[Any] = []  # uint64 code << 32 | local, unique per part
        self.head_units: list[Any] = []

    def add(
        self, base: int, raw: bytes, sizes: list[int], head_raw: bytes, head_sizes: list[int]
    ) -> None:
        """Pack the grams of sections at locals base, base + 1, ...: their texts joined
        (`grams._joined`) and the units of each, then their heads joined and the units of each."""
        np = self.np
        units, where = _aligned(np, raw, _spread(np, base, sizes, True))
        pairs, starts = self._pairs(units, where)
        self.places.append(pairs[starts])
        self.units.append(self._units(units, where >> np.uint32(16)))
        units, locals_ = _aligned(np, head_raw, _spread(np, base, head_sizes, False))
        pairs, starts = self._pairs(units, locals_)
        self.head_pairs.append(_unique(np, pairs[starts]))
        self.head_units.append(self._units(units, locals_))

    def _pairs(self, units: Any, values: Any) -> tuple[Any, Any]:
        """`code << 32 | value` at every unit, and which of them start a bigram without SEP."""
        np = self.np
        first, second = units[:-1], units[1:]
        codes = first.astype(np.uint64) | second.astype(np.uint64) << np.uint64(16)
        packed = codes << np.uint64(32) | values[:-1]
        return packed, (first != SEP_UNIT) & (second != SEP_UNIT)

    def _units(self, units: Any, locals_: Any) -> Any:
        """`unit << 16 | local` of every unit but SEP, once each."""
        np = self.np
        keep = units != SEP_UNIT
        return _unique(np, units[keep].astype(np.uint32) << np.uint32(16) | locals_[keep])

    def tables(self, unplaced: dict[int, BitMap]) -> tuple[Any, ...]:
        """The segment's tables, taken once: section bitmaps, as pyroaring bitmaps (units,
        bigrams in more than MAX_ARRAY sections, and the grams of `unplaced` long texts merged)
        and as runs of locals for `roaringpack` (every other bigram: codes, counts, locals);
        head bitmaps; then the bigrams with places: their sorted codes, the byte offsets of
        each one's places, the places."""
        np = self.np
        packed = np.concatenate(self.places) if self.places else np.zeros(0, np.uint64)
        self.places = []
        packed.sort()
        codes = (packed >> np.uint64(32)).astype(np.uint32)
        places = packed.astype(np.uint32)
        del packed
        starts = _starts(np, codes)
        bigrams = array("I", codes[starts].tobytes())
        ends = [*starts[1:].tolist(), len(places)] if len(starts) else []
        offsets = array("Q", [0])
        offsets.extend(map((4).__mul__, ends))
        sections = self._by_unit(self.units)
        for code, bm in unplaced.items():
            sections[code] = sections[code] | bm if code in sections else bm
        small = self._small(codes, places >> np.uint32(16), sections)
        heads = self._by_code(self.head_pairs)
        heads.update(self._by_unit(self.head_units))
        self.units, self.head_pairs, self.head_units = [], [], []
        return sections, small, heads, bigrams, offsets, places.tobytes()

    def _small(self, codes: Any, locals_: Any, others: dict[int, BitMap]) -> tuple[Any, ...]:
        """The section bitmaps of bigrams, from their sorted codes and locals: (codes, counts,
        locals) of those in at most MAX_ARRAY sections; the others go into `others` (merged
        with a bitmap there of the same code)."""
        np = self.np
        first = np.ones(len(codes), bool)
        first[1:] = (codes[1:] != codes[:-1]) | (locals_[1:] != locals_[:-1])
        codes, locals_ = codes[first], locals_[first].astype(np.uint16)
        starts = _starts(np, codes)
        keys = codes[starts]
        cards = np.diff(np.append(starts, len(codes)))
        big = cards > roaringpack.MAX_ARRAY
        if others:
            big |= np.isin(keys, np.fromiter(others, np.uint32, len(others)))
        for i in np.flatnonzero(big).tolist():
            a = int(starts[i])
            bm = BitMap(array("I", locals_[a : a + int(cards[i])].astype(np.uint32).tobytes()))
            code = int(keys[i])
            others[code] = others[code] | bm if code in others else bm
        keep = ~big
        return keys[keep], cards[keep], locals_[np.repeat(keep, cards)]

    def _by_unit(self, parts: list[Any]) -> dict[int, BitMap]:
        """The bitmap of locals of each unit, from `unit << 16 | local` numbers."""
        np = self.np
        packed = np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.uint32)
        units = packed >> np.uint32(16)
        starts = _starts(np, units)
        keys = array("I", units[starts].tobytes())
        return _bitmaps(keys, packed & np.uint32(0xFFFF), starts.tolist(), None)

    def _by_code(self, parts: list[Any]) -> dict[int, BitMap]:
        """The bitmap of locals of each code, from `code << 32 | local` numbers."""
        np = self.np
        packed = np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)
        codes = (packed >> np.uint64(32)).astype(np.uint32)
        starts = _starts(np, codes)
        keys = array("I", codes[starts].tobytes())
        return _bitmaps(keys, packed.astype(np.uint32), starts.tolist(), None)


def _spread(np: Any, base: int, sizes: list[int], placed: bool) -> Any:
    """A value for each unit of texts of these sizes joined, each followed by SEP: its place
    (`local << 16 | offset`), or its local."""
    counts = np.array(sizes, np.int64) + 1
    locals_ = np.arange(base, base + len(counts), dtype=np.uint32)
    if not placed:
        return np.repeat(locals_, counts)
    firsts = np.cumsum(counts) - counts
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(firsts, counts)
    return np.repeat(locals_ << np.uint32(16), counts) | offsets.astype(np.uint32)


def _aligned(np: Any, raw: bytes, values: Any) -> tuple[Any, Any]:
    """The units of joined texts and the value of each (a unit padding them has none, and
    the joined texts of no section are one SEP, which has none)."""
    units = np.frombuffer(raw, np.uint16)
    n = min(len(units), len(values))
    return units[:n], values[:n]


def _unique(np: Any, values: Any) -> Any:
    """The numbers sorted, once each (a sort in C: numpy's own unique hashes, slower here)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _starts(np: Any, keys: Any) -> Any:
    """Where each run of equal numbers starts in a sorted array."""
    if not len(keys):
        return np.zeros(0, np.int64)
    return np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))


def _bitmaps(
    keys: array, values: Any, starts: list[int], ends: list[int] | None
) -> dict[int, BitMap]:
    """The bitmap of each key's run of values (runs given by where they start and end)."""
    flat = array("I", values.astype("uint32").tobytes())
    if ends is None:
        ends = [*starts[1:], len(flat)]
    maps = map(BitMap, map(flat.__getitem__, map(slice, starts, ends)))
    return dict(zip(keys, maps, strict=True))
