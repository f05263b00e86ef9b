"""One immutable index segment file: gram bitmaps and bigram positions (`Segment`), and what it
keeps per section, its folded texts among them (`segrecords.Sections`, which it is).

A segment covers the ordinals [first, first + span), span <= 65536. An ordinal it does not hold
(one dropped by a merge) has an empty id and text, so the local index of an ordinal is always
`o - first`. Texts are kept as UTF-16 (read and decoded per section, no block to inflate), and
every byte read passes its chunk's checksum first (`segfile.Checked`).
"""

from __future__ import annotations

import mmap
import os
import struct
from array import array
from pathlib import Path

from pyroaring import BitMap

from store.regular import NotRegular, open_regular
from store.search.offsets import header_count
from store.search.segfile import Checked, SegmentDamaged
from store.search.segrecords import Sections
from store.search.segtables import COMMON, HEADS, PLACES, SECTIONS, Table, Tables

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_SPAN = 1 << 16  # local indexes fit the high 16 bits of a place
KEPT = 32  # terms whose sections a segment keeps
KEPT_POSITIONS = 64  # bigram place bitmaps a segment keeps made
# A byte of the tail's places (4 a place, each added to a bitmap) costs about this many bytes
# of a common bigram's bitmap (read whole, a container per offset).
TAIL_COST = 16


class Segment(Sections):
    """A memory-mapped segment: parts and bitmaps are read (and checked) on first use."""

    def __init__(self, path: Path) -> None:
        """Open a segment and check its header; raises OSError or SegmentDamaged."""
        self.path = path
        # Not through a link: the index keeps its own files only.
        try:
            fd, _ = open_regular(path)
        except NotRegular:
            raise SegmentDamaged(path, "is not a regular file") from None
        try:
            try:
                self._mm = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
            except ValueError as exc:  # an empty file cannot be mapped
                raise SegmentDamaged(path, "is empty") from exc
        finally:
            os.close(fd)
        try:
            self._body = Checked(path, self._mm)
            self._tables = Tables(path, self._body)
            self.first: int = self._body.first
            self._decode()
        except SegmentDamaged:
            self._mm.close()
            raise
        except (ValueError, struct.error, UnicodeDecodeError) as exc:
            self._mm.close()
            raise SegmentDamaged(path, f"cannot be read ({exc})") from exc
        self._cache: dict[int, BitMap] = {}
        self._head_cache: dict[int, BitMap] = {}
        self._pos_cache: dict[int, BitMap] = {}
        # Where the places of bigrams sized but not read yet lie (None: the segment lacks them).
        self._spans: dict[int, tuple[Table, tuple[int, int]] | None] = {}
        # What queries found of terms longer than a bigram (their sections, their places with
        # how far they are moved), most recent last.
        self.terms: dict[str, Any] = {}

    def _decode(self) -> None:
        """Read the small parts every query needs, and check that the parts agree."""
        self.ords = BitMap.deserialize(self._body.part("ords"))
        self.long = BitMap.deserialize(self._body.part("long"))
        span = self._body.parts["heads"][1] // 4
        if (
            span > MAX_SPAN
            or self._body.parts["tidx"][1] != 8 * (span + 1)
            or self._body.parts["iidx"][1] != 8 * (span + 1)
            or self._body.parts["eidx"][1] != 8 * (span + 1)
            or self._body.parts["lens"][1] != 4 * span
            or (
                self.ords and (self.ords.min() < self.first or self.ords.max() >= self.first + span)
            )
            or (self.long and self.long.max() >= span)
        ):
            raise SegmentDamaged(self.path, "its parts do not agree")
        self.span = span

    def codes(self, part: str = "keys") -> array:
        """Every code of a table ("keys": sections, "hkeys": heads, "pkeys": places), sorted."""
        return self._array("I", part)

    def __len__(self) -> int:
        return self.span

    def remember(self, term: str, found: Any) -> None:
        """Keep what was found of a term (a few dozen terms at most)."""
        table = self.terms
        table.pop(term, None)
        table[term] = found
        while len(table) > KEPT:
            table.pop(next(iter(table)))

    def _load(self, cache: dict[int, BitMap], table: Table, code: int) -> BitMap:
        got = cache.get(code)
        if got is None:
            got = cache[code] = self._tables.load(table[2], self._tables.span(table, code))
        return got

    def bitmap(self, code: int) -> BitMap:
        """Local indexes of the sections holding a 1- or 2-unit gram (empty if none)."""
        return self._load(self._cache, SECTIONS, code)

    def head_bitmap(self, code: int) -> BitMap:
        """Local indexes of the sections whose kicker, headline or deck hold the gram."""
        return self._load(self._head_cache, HEADS, code)

    def positions(self, code: int, lift: int = 0) -> BitMap:
        """Every start of a bigram in positioned sections, as `offset << 16 | local`, each
        moved `lift` units on (0 <= lift < PHRASE) as it is read."""
        cache = self._pos_cache
        key = code | lift << 32
        got = cache.get(key)
        if got is None:
            where = self._spans.pop(code) if code in self._spans else self._where(code)
            got = cache[key] = (
                BitMap() if where is None else self._tables.load(where[0][2], where[1], lift)
            )
            if len(cache) > KEPT_POSITIONS:
                cache.pop(next(iter(cache)))
        return got

    def _where(self, code: int) -> tuple[Table, tuple[int, int]] | None:
        """The table holding a bigram's places and their span in it (None when none has)."""
        for table in (COMMON, PLACES):  # the common bigrams' table is small: searched first
            span = self._tables.span(table, code)
            if span is not None:
                return table, span
        return None

    def positions_cost(self, code: int) -> int:
        """What reading a bigram's places costs, in bytes of a common bigram's bitmap: 0 when
        the segment lacks them (a place of the tail is made a bitmap one by one)."""
        where = self._spans[code] if code in self._spans else self._where(code)
        if where is None:
            return 0
        self._spans[code] = where  # read once more by `positions`, if it is chosen
        size = where[1][1] - where[1][0] or 1
        return size * TAIL_COST if where[0] is PLACES else size

    def has_code(self, code: int) -> bool:
        """Whether a 1- or 2-unit gram occurs in this segment."""
        return self._tables.find("keys", code) is not None

    def count(self, code: int) -> int:
        """How many sections hold a 1- or 2-unit gram (0 if none), read from its bitmap's
        header (each container's count) without making the bitmap."""
        span = self._tables.span(SECTIONS, code)
        if span is None:
            return 0
        start, end = span

        def read(lo: int, hi: int) -> bytes:  # never past the bitmap's own bytes
            lo, hi = start + lo, min(start + hi, end)
            return self._body.part(SECTIONS[2], lo, hi) if lo < hi else b""

        try:
            return header_count(read)
        except ValueError as exc:
            raise SegmentDamaged(self.path, f"a bitmap cannot be read ({exc})") from exc

    def chars(self) -> set[str]:
        """Every character (of one UTF-16 unit) the segment's texts hold."""
        first = self._tables.lower("keys", 0x10000)  # 1-unit codes sort first
        out = array("I")
        out.frombytes(self._body.part("keys", 0, 4 * first))
        return {chr(c) for c in out if not 0xD800 <= c < 0xE000}

    def firsts(self, second: int) -> set[int]:
        """The first units of the 2-unit grams this segment holds whose second unit is
        `second`: one run of its code table (a code is `first | second << 16`)."""
        lo = self._tables.lower("keys", second << 16)
        hi = self._tables.lower("keys", (second + 1) << 16)
        out = array("I")
        out.frombytes(self._body.part("keys", 4 * lo, 4 * hi))
        return {c & 0xFFFF for c in out}

    def local(self, ordinals: BitMap) -> BitMap:
        """Local indexes of ordinals of this segment."""
        return ordinals.shift(-self.first) if self.first else ordinals

    def check_all(self) -> None:
        """Check every byte of the file against its checksums; raises SegmentDamaged."""
        self._body.check_all()
        _ = self.ids

    def close(self) -> None:
        """Release the map (bitmaps already read stay usable)."""
        self._mm.close()
