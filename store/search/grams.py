"""The gram tables of a segment, built in C-level passes over the UTF-16 units of its texts.

Grams are UTF-16 code units: a 1-unit gram's code is the unit, a bigram's code is
`first | second << 16` (the 4 bytes of the pair read as one little-endian number), so every
bigram of a text is read by casting its bytes, twice (even and odd starts), without a Python
loop per character. Matching units is matching characters: UTF-16 never matches a well-formed
string in the middle of a surrogate pair.

Three tables per segment, each keyed by code:
- section bitmaps: local indexes of sections holding the 1-unit or 2-unit gram;
- head bitmaps: the same over kicker, headline and deck only;
- places of bigrams: every place a bigram starts, as `local << 16 | offset`, where offset
  counts units of the section's folded text (fields joined by SEP), kept as a sorted array of
  32-bit numbers. Places come out of one pass over the texts in reading order, so each
  bigram's array is sorted as it is filled and none is sorted or turned into a bitmap while
  building; a query turns the few it needs into bitmaps, and a phrase is an intersection of
  shifts (a shift by k moves every place k units on).

A section longer than LONG units has no places: queries scan its text instead (`Built.long`).
LONG leaves PHRASE units of room below 65536, so a shift by less than PHRASE never carries a
place of a positioned section into the next local index; longer needles are scanned for.
Between sections lies a SEP, which no query holds, so no phrase crosses sections or fields.
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from typing import Any

from pyroaring import BitMap

from store.search.units import (
    LONG,
    PHRASE,
    SEP,
    SEP_UNIT,
    UNIT,
    cover,
    encode,
    pair,
    term_units,
)

__all__ = ["LONG", "PHRASE", "SEP", "SEP_UNIT", "UNIT", "cover", "encode", "pair", "term_units"]

_SEP_BYTES = SEP.encode("utf-16-le")


def highs(values: array | bytes) -> array:
    """The high 16 bits of each value (the local index of a place), as an array of "I"."""
    out = array("I", bytes(memoryview(values).nbytes))
    memoryview(out).cast("B").cast("H")[0::2] = memoryview(values).cast("B").cast("H")[1::2]
    return out


_ARRAY = partial(array, "I")  # a new empty array (partial: made in C, once per bigram)
# Places from which a segment's grams are grouped by sorting packed numbers (`gramsort`, which
# loads numpy) rather than place by place: real news text has so many distinct bigrams that
# appending each place to its bigram's array costs most of a large segment's build.
SORT_UNITS = 1 << 18


@dataclass
class Tables:
    """What a segment file holds of its grams: bitmaps by code and the places of bigrams."""

    sections: dict[int, BitMap]
    heads: dict[int, BitMap]
    codes: array  # bigrams with places, sorted
    offsets: array  # byte offsets of each one's places in `places` ("Q", one more than codes)
    places: bytes  # sorted 32-bit places of each bigram, one after another
    # Section bitmaps of bigrams not in `sections`, as runs of locals (numpy, codes, counts,
    # locals) serialized together (`roaringpack.table`); None when `sections` holds them all.
    packed: tuple[Any, ...] | None = None

    def section_maps(self) -> dict[int, BitMap]:
        """Every section bitmap by code, whichever way it is held."""
        out = dict(self.sections)
        if self.packed is not None:
            _np, codes, cards, values = self.packed
            ends = list(accumulate(cards.tolist()))
            flat = array("I", values.astype("uint32").tobytes())
            for code, a, b in zip(codes.tolist(), [0, *ends], ends, strict=False):
                out[code] = BitMap(flat[a:b])
        return out


@dataclass
class Built:
    """The grams of a segment's sections as they are added, its long locals and its texts."""

    long: BitMap = field(default_factory=BitMap)
    encoded: list[bytes] = field(default_factory=list)  # UTF-16 of each text, by local index
    # Ranking's length of each text (characters, SEPs not counted), and the locals whose text
    # holds characters outside the BMP (there a place's offset in units is not a character's).
    lengths: array = field(default_factory=partial(array, "I"))
    wide: BitMap = field(default_factory=BitMap)
    # By code, in reading order: every place of each bigram, every local of each head bigram.
    places: defaultdict[int, array] = field(default_factory=partial(defaultdict, _ARRAY))
    head_locals: defaultdict[int, array] = field(default_factory=partial(defaultdict, _ARRAY))
    unplaced: dict[int, BitMap] = field(default_factory=dict)  # section grams of long texts
    # Whether places are grouped by sorting (`SORT_UNITS`): given, or set by the first
    # sections added.
    sort: bool | None = None
    sorter: Any = None

    def add(self, texts: list[str], heads: list[int]) -> None:
        """Add sections at the next local indexes (texts folded, with their head lengths).

        A segment's tables come out the same whether its sections arrive at once or in
        parts, so a segment can be built while its sections are still being read.
        """
        base = len(self.encoded)
        if base + len(texts) > UNIT:
            raise ValueError("a segment holds at most 65536 sections")
        encoded = [encode(t) for t in texts]
        self.encoded.extend(encoded)
        self.lengths.extend([len(t) - t.count(SEP) for t in texts])
        self.wide.update(
            i
            for i, (t, e) in enumerate(zip(texts, encoded, strict=True), base)
            if len(e) != 2 * len(t)
        )
        sizes = [len(e) >> 1 for e in encoded]
        for i, n in enumerate(sizes):
            if n > LONG:
                self.long.add(base + i)
                _add_long(self.unplaced, encoded[i], base + i)
                encoded[i], sizes[i] = b"", 0
        head_raw = [encode(t[:h]) for t, h in zip(texts, heads, strict=True)]
        if self.sort is None:
            self.sort = sum(sizes) + len(sizes) >= SORT_UNITS
        if self.sort:
            if self.sorter is None:
                from store.search.gramsort import Sorter

                self.sorter = Sorter()
            heads_len = [len(e) >> 1 for e in head_raw]
            pad = array("I")  # takes the value of a padding unit, which no gram uses
            self.sorter.add(base, _joined(encoded, pad), sizes, _joined(head_raw, pad), heads_len)
            return
        places = array("I")
        for i, n in enumerate(sizes, base):
            places.extend(range(i << 16, (i << 16) + n + 1))
        _group(self.places, _joined(encoded, places), places)
        locals_ = array("I")
        for i, e in enumerate(head_raw, base):
            locals_.extend(array("I", [i]) * ((len(e) >> 1) + 1))
        _group(self.head_locals, _joined(head_raw, locals_), locals_)

    def tables(self) -> Tables:
        """The segment's tables, once every section is added (taken once: the groups go)."""
        if self.sorter is not None:
            sorter, self.sorter = self.sorter, None
            sections, small, heads, bigrams, offsets, places = sorter.tables(self.unplaced)
            return Tables(sections, heads, bigrams, offsets, places, (sorter.np, *small))
        groups, self.places = self.places, defaultdict(_ARRAY)
        codes = BitMap(groups).to_array()
        bigrams = array("I", [c for c in codes if c & 0xFFFF != SEP_UNIT and c >> 16 != SEP_UNIT])
        arrays = list(map(groups.__getitem__, bigrams))
        places = b"".join(arrays)
        counts = list(map(len, arrays))
        del arrays
        ends = list(accumulate(counts))
        locals_ = highs(places)
        maps = list(map(BitMap, map(locals_.__getitem__, map(slice, [0, *ends[:-1]], ends))))
        del locals_
        sections = dict(zip(bigrams, maps, strict=True))
        ends_of = {
            c: BitMap(highs(groups[c]))
            for c in codes
            if c >> 16 == SEP_UNIT and c & 0xFFFF != SEP_UNIT
        }
        _add_firsts(sections, {**sections, **ends_of})
        del groups
        _merge(sections, self.unplaced)
        head_groups, self.head_locals = self.head_locals, defaultdict(_ARRAY)
        head_maps = {c: BitMap(a) for c, a in head_groups.items() if c & 0xFFFF != SEP_UNIT}
        heads = {c: bm for c, bm in head_maps.items() if c >> 16 != SEP_UNIT}
        _add_firsts(heads, head_maps)
        offsets = array("Q", [0])
        offsets.extend(map((4).__mul__, ends))
        return Tables(sections, heads, bigrams, offsets, places)


def _group(groups: defaultdict[int, array], raw: bytes, values: array) -> None:
    """Append to each bigram code of the units in raw (even unit count) the values where it
    starts, in order (values has one entry per unit)."""
    deque(map(array.append, map(groups.__getitem__, _codes(raw)), values), 0)


def _codes(raw: bytes) -> array:
    """The bigram code at every unit of raw (even unit count) but the last."""
    n = len(raw) >> 1
    codes = array("I", bytes(4 * (n - 1)))
    view = memoryview(codes)
    view[0::2] = memoryview(raw).cast("I")
    view[1::2] = memoryview(raw)[2 : len(raw) - 2].cast("I")
    return codes


def _merge(sections: dict[int, BitMap], more: dict[int, BitMap]) -> None:
    """Add the bitmaps of `more` (the grams of long texts) into sections'."""
    for code, bm in more.items():
        sections[code] = sections[code] | bm if code in sections else bm


def _add_firsts(into: dict[int, BitMap], bigrams: dict[int, BitMap]) -> None:
    """Give every unit that starts a bigram (one ending in SEP too) the union of its bitmaps."""
    firsts: defaultdict[int, list[BitMap]] = defaultdict(list)
    for code, bm in bigrams.items():
        firsts[code & 0xFFFF].append(bm)
    for first, maps in firsts.items():
        # A copy, not the bigram's own bitmap: a bitmap may be changed in place later.
        into[first] = BitMap(maps[0]) if len(maps) == 1 else BitMap.union(*maps)


def _joined(encoded: list[bytes], values: array) -> bytes:
    """The texts joined by SEP, ending in SEP, padded to an even count of units."""
    raw = _SEP_BYTES.join(encoded) + _SEP_BYTES
    if len(raw) % 4:
        raw += _SEP_BYTES
        values.append(0)
    return raw


def build(texts: list[str], heads: list[int]) -> Built:
    """Every gram of a segment whose texts (by local index) and head lengths are given."""
    out = Built()
    out.add(texts, heads)
    return out


def _add_long(sections: dict[int, BitMap], raw: bytes, local: int) -> None:
    """The section grams of one text too long to position."""
    raw += _SEP_BYTES if (len(raw) >> 1) % 2 else _SEP_BYTES * 2
    codes = set(memoryview(raw).cast("I"))
    codes.update(memoryview(raw)[2 : len(raw) - 2].cast("I"))
    keys = {c & 0xFFFF for c in codes}
    keys.update(c for c in codes if c >> 16 != SEP_UNIT)
    keys.discard(SEP_UNIT)
    for code in keys:
        if code & 0xFFFF == SEP_UNIT:
            continue
        sections.setdefault(code, BitMap()).add(local)
