"""A large segment's grams grouped by sorting packed numbers in C (numpy), not place by place.

A segment of real news text holds millions of places and hundreds of thousands of distinct
bigrams; appending each place to its bigram's array costs a dictionary lookup and a call per
place. Here every place of a part (the sections added at once) becomes one 64-bit number,
`code << 32 | place`, and one sort puts the part's places of each bigram together, in order;
the part then keeps only its places (32 bits each) and its runs (each bigram and how many
places it has). Parts hold ascending locals, so a bigram's places across the segment are its
runs taken in part order: the tables are made by ordering the runs, not the places, and
gathering the places a chunk at a time, with bitmaps from runs of the gathered numbers. So
the builder holds 4 bytes a place while sections come, and its peak is about twice that,
not the 8 bytes a place kept for one sort at the end and the copies made around it. The
tables are the ones `grams.Built` makes place by place (a test holds the two to each
other), so only the builder's cost changes. numpy loads only for segments this large.
"""

from __future__ import annotations

from array import array
from typing import Any

from pyroaring import BitMap

from store.search import roaringpack

SEP_UNIT = 0x1F
# Places gathered at a time when a segment's tables are made (bounds the scratch arrays).
CHUNK = 1 << 21


class Sorter:
    """The places, head locals and units of a segment's sections, packed as they are added."""

    def __init__(self) -> None:
        """Nothing added yet (numpy loads here)."""
        import numpy

        self.np: Any = numpy
        # Each part's places (bigrams without SEP), grouped by bigram in code order and in
        # order within it, one part after another: 4 bytes a place, where 64-bit numbers kept
        # for one sort at the end would take 8. Each part's runs: its codes and their counts.
        self.places = array("I")
        self.runs: list[tuple[Any, Any]] = []
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
        packed = pairs[starts]
        del pairs, starts
        packed.sort()
        codes = (packed >> np.uint64(32)).astype(np.uint32)
        firsts = _starts(np, codes)
        self.runs.append((codes[firsts], np.diff(np.append(firsts, len(codes)))))
        del codes, firsts
        self.places.frombytes(_raw(packed.astype(np.uint32)))
        del packed
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
        each one's places, the places (a bytearray)."""
        np = self.np
        # Each table is made and its inputs freed before the next, so their peaks never meet.
        units, self.units = self.units, []
        sections = _by_unit(np, units)
        for code, bm in unplaced.items():
            sections[code] = sections[code] | bm if code in sections else bm
        pairs, units, self.head_pairs = self.head_pairs, self.head_units, []
        self.head_units = []
        heads = _by_code(np, pairs)
        heads.update(_by_unit(np, units))
        del pairs, units
        runs, self.runs = self.runs, []
        source, self.places = self.places, array("I")
        merged = _Merged(np, runs, source)
        del runs
        places = bytearray(4 * len(source))
        small = merged.gather(np.frombuffer(places, np.uint32), sections)
        bigrams = array("I", merged.codes.tobytes())
        offsets = array("Q", [0])
        offsets.frombytes(_raw(np.cumsum(merged.counts, dtype=np.uint64) * np.uint64(4)))
        del merged, source
        return sections, small, heads, bigrams, offsets, places


class _Merged:
    """The runs of every part in code order (a bigram's runs in part order, so its places
    come out in order with no sort): where each lies in the parts' places and where it goes."""

    def __init__(self, np: Any, runs: list[tuple[Any, Any]], source: array) -> None:
        self.np, self.source = np, np.frombuffer(source, np.uint32)
        keys = np.concatenate([k for k, _ in runs]) if runs else np.zeros(0, np.uint32)
        lens = np.concatenate([n for _, n in runs]) if runs else np.zeros(0, np.int64)
        lens = lens.astype(np.int64)
        at = np.cumsum(lens) - lens  # where each run lies in the parts' places
        order = np.argsort(keys, kind="stable")
        keys, self.lens = keys[order], lens[order]
        # How far each run moves: from where it lies to where it goes.
        self.shift = at[order] - (np.cumsum(self.lens) - self.lens)
        del at, order, lens
        self.firsts = _starts(np, keys)  # each bigram's first run
        self.codes = keys[self.firsts]
        self.counts = np.add.reduceat(self.lens, self.firsts) if len(keys) else self.lens
        self.ends = np.cumsum(self.counts)  # where each bigram's places end

    def gather(self, out: Any, others: dict[int, BitMap]) -> tuple[Any, ...]:
        """Write every bigram's places into `out` a chunk of bigrams at a time, and give the
        section bitmaps of the bigrams (`Sorter.tables`; large ones go into `others`)."""
        np = self.np
        total = int(self.ends[-1]) if len(self.ends) else 0
        bounds = np.searchsorted(self.ends, np.arange(CHUNK, total, CHUNK))
        bounds = np.unique(np.concatenate(([0], bounds, [len(self.codes)])))
        extra = np.fromiter(others, np.uint32, len(others))
        small: list[tuple[Any, Any, Any]] = []
        runs = np.append(self.firsts, len(self.lens))
        for g0, g1 in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            r0, r1 = int(runs[g0]), int(runs[g1])
            p0, p1 = int(self.ends[g0 - 1]) if g0 else 0, int(self.ends[g1 - 1])
            where = np.repeat(self.shift[r0:r1], self.lens[r0:r1]) + np.arange(p0, p1)
            out[p0:p1] = self.source[where]
            del where
            small.append(self._small(g0, g1, out[p0:p1] >> np.uint32(16), extra, others))
        if not small:
            empty = np.zeros(0, np.uint32)
            return empty, empty.astype(np.int64), empty.astype(np.uint16)
        keys, cards, locals_ = zip(*small, strict=True)
        return np.concatenate(keys), np.concatenate(cards), np.concatenate(locals_)

    def _small(
        self, g0: int, g1: int, locals_: Any, extra: Any, others: dict[int, BitMap]
    ) -> tuple[Any, Any, Any]:
        """The section bitmaps of bigrams g0 to g1, from the locals of their places: (codes,
        counts, locals) of those in at most MAX_ARRAY sections; the others go into `others`
        (merged with a bitmap there of the same code)."""
        np = self.np
        which = np.repeat(np.arange(g1 - g0, dtype=np.int32), self.counts[g0:g1])
        first = np.ones(len(which), bool)
        first[1:] = (which[1:] != which[:-1]) | (locals_[1:] != locals_[:-1])
        which, locals_ = which[first], locals_[first].astype(np.uint16)
        del first
        cards = np.bincount(which, minlength=g1 - g0)
        keys = self.codes[g0:g1]
        big = cards > roaringpack.MAX_ARRAY
        if len(extra):
            big |= np.isin(keys, extra)
        starts = np.cumsum(cards) - cards
        for i in np.flatnonzero(big).tolist():
            a = int(starts[i])
            bm = BitMap(array("I", locals_[a : a + int(cards[i])].astype(np.uint32).tobytes()))
            code = int(keys[i])
            others[code] = others[code] | bm if code in others else bm
        keep = ~big
        return keys[keep], cards[keep], locals_[np.repeat(keep, cards)]


def _by_unit(np: Any, parts: list[Any]) -> dict[int, BitMap]:
    """The bitmap of locals of each unit, from `unit << 16 | local` numbers (parts emptied)."""
    packed = np.concatenate(parts) if parts else np.zeros(0, np.uint32)
    parts.clear()
    packed.sort()
    units = packed >> np.uint32(16)
    starts = _starts(np, units)
    keys = array("I", units[starts].tobytes())
    del units
    packed &= np.uint32(0xFFFF)
    return _bitmaps(keys, packed, starts.tolist(), None)


def _by_code(np: Any, parts: list[Any]) -> dict[int, BitMap]:
    """The bitmap of locals of each code, from `code << 32 | local` numbers (parts emptied)."""
    packed = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
    parts.clear()
    packed.sort()
    codes = (packed >> np.uint64(32)).astype(np.uint32)
    starts = _starts(np, codes)
    keys = array("I", codes[starts].tobytes())
    del codes
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
    flat = array("I")
    flat.frombytes(_raw(values if values.dtype == "uint32" else values.astype("uint32")))
    if ends is None:
        ends = [*starts[1:], len(flat)]
    maps = map(BitMap, map(flat.__getitem__, map(slice, starts, ends)))
    return dict(zip(keys, maps, strict=True))


def _raw(values: Any) -> memoryview:
    """The bytes of a numpy array, not copied (`array.frombytes` takes only bytes' format)."""
    return memoryview(values).cast("B")
