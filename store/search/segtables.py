"""The sorted code tables of a segment and the bitmaps they name, found without reading a
table whole: a binary search over the mapped file down to one chunk of codes, then in C."""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from pathlib import Path

from pyroaring import BitMap

from store.search.offsets import moved, placed
from store.search.segfile import CHUNK, Checked, SegmentDamaged
from store.search.units import UNIT

RUN = CHUNK // 4  # codes read together once the search has narrowed to this many

Table = tuple[str, str, str]  # the parts of one table: codes, offsets, serialized bitmaps
SECTIONS: Table = ("keys", "gidx", "grams")
HEADS: Table = ("hkeys", "hidx", "hgrams")
PLACES: Table = ("pkeys", "pidx", "pos")  # the long tail of bigrams: arrays, local-major
COMMON: Table = ("okeys", "oidx", "opos")  # common bigrams: bitmaps, offset-major (`offsets`)


class Tables:
    """Lookups in a segment's code tables; every byte read passes its chunk's check first."""

    def __init__(self, path: Path, body: Checked) -> None:
        """Nothing is read yet."""
        self.path, self._body = path, body
        # Codes at the probes every search of a table starts with, kept for the next search.
        self._probes: dict[int, int] = {}

    def lower(self, keys: str, code: int) -> int:
        """How many codes of a sorted table are below `code`."""
        at, size = self._body.parts[keys]
        lo, hi = 0, size // 4
        probes, word = self._probes, self._body.word
        while hi - lo > RUN:
            where = at + 4 * ((lo + hi) // 2)
            got = probes.get(where)
            if got is None:
                got = probes[where] = word(where)
            if got < code:
                lo = (lo + hi) // 2 + 1
            else:
                hi = (lo + hi) // 2
        if lo == hi:
            return lo
        run = array("I")
        run.frombytes(self._body.part(keys, 4 * lo, 4 * hi))
        return lo + bisect_left(run, code)

    def find(self, keys: str, code: int) -> int | None:
        """Where a code sits in a sorted table (None when absent)."""
        i = self.lower(keys, code)
        at, size = self._body.parts[keys]
        return i if i < size // 4 and self._body.word(at + 4 * i) == code else None

    def span(self, table: Table, code: int) -> tuple[int, int] | None:
        """Where a code's bitmap lies in its blob part (None when the table lacks the code)."""
        keys, idx, blobs = table
        i = self.find(keys, code)
        if i is None:
            return None
        start, end = struct.unpack("<QQ", self._body.part(idx, 8 * i, 8 * i + 16))
        if not start <= end <= self._body.parts[blobs][1]:
            raise SegmentDamaged(self.path, "its parts do not agree")
        return start, end

    def load(self, blobs: str, span: tuple[int, int] | None, lift: int = 0) -> BitMap:
        """The bitmap at a span of a blob part (empty for None); places (offset << 16 | local)
        are each moved `lift` units on, as they are read (lift < PHRASE)."""
        if span is None:
            return BitMap()
        if blobs == PLACES[2]:  # sorted 32-bit places, one after another: made offset-major
            raw = self._body.part(blobs, span[0], span[1])
            if len(raw) % 4 == 0:
                got = placed(raw, lift)
                if len(got) == len(raw) // 4:
                    return got
            raise SegmentDamaged(self.path, "its parts do not agree")
        # Read from the map itself: a large bitmap is copied once (to raise its keys) or not
        # at all, as each copy of a few hundred kilobytes costs about as much as reading it.
        at, size = self._body.parts[blobs]
        lo, hi = min(span[0], size), min(span[1], size)
        try:
            with self._body.view(at + lo, hi - lo) as raw:
                if not lift:
                    return BitMap.deserialize(raw)
                copy = bytearray(raw)
            if moved(copy, lift):
                return BitMap.deserialize(copy)
            return BitMap.deserialize(copy).shift(lift * UNIT)
        except ValueError as exc:
            raise SegmentDamaged(self.path, f"a bitmap cannot be read ({exc})") from exc
