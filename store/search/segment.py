"""One immutable index segment file: gram bitmaps, bigram positions and the folded texts.

A segment covers the ordinals [first, first + span), span <= 65536. An ordinal it does not hold
(one dropped by a merge) has an empty id and text, so the local index of an ordinal is always
`o - first`. Texts are kept as UTF-16 (read and decoded per section, no block to inflate), and
every byte read passes its chunk's checksum first (`segfile.Checked`).
"""

from __future__ import annotations

import json
import mmap
import os
import stat
import struct
import zlib
from array import array
from codecs import utf_16_le_decode
from functools import cached_property
from pathlib import Path
from typing import Any

from pyroaring import BitMap

from store.search.normalise import unfold
from store.search.segfile import Checked, SegmentDamaged
from store.search.segtables import COMMON, HEADS, PLACES, SECTIONS, Table, Tables
from store.search.units import SEP

MAX_SPAN = 1 << 16  # local indexes fit the high 16 bits of a place
KEPT = 32  # terms whose sections a segment keeps
KEPT_POSITIONS = 64  # bigram place bitmaps a segment keeps made
# A byte of the tail's places (4 a place, each added to a bitmap) costs about this many bytes
# of a common bigram's bitmap (read whole, a container per offset).
TAIL_COST = 16


class Segment:
    """A memory-mapped segment: parts and bitmaps are read (and checked) on first use."""

    def __init__(self, path: Path) -> None:
        """Open a segment and check its header; raises OSError or SegmentDamaged."""
        self.path = path
        # Not through a link: the index keeps its own files only.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise SegmentDamaged(path, "is not a regular file")
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

    def _array(self, code: str, name: str) -> array:
        out = array(code)
        out.frombytes(self._body.part(name))
        return out

    def _agree(self, ok: bool) -> None:
        if not ok:
            raise SegmentDamaged(self.path, "its parts do not agree")

    @cached_property
    def ids(self) -> list[str]:
        """Section ids by local index (empty for ordinals the segment does not hold)."""
        at = self._bounds("iidx", 0, self.span)
        raw = self._body.part("ids").decode("utf-8")
        if len(raw.encode("utf-8")) != at[-1]:
            raise SegmentDamaged(self.path, "its parts do not agree")
        if raw.isascii():  # ids are hex and digits: bytes offsets are character offsets
            return [raw[at[i] : at[i + 1]] for i in range(self.span)]
        data = raw.encode("utf-8")
        return [data[at[i] : at[i + 1]].decode("utf-8") for i in range(self.span)]

    def id_of(self, local: int) -> str:
        """The id of one section (read alone: no list of every id is built)."""
        if "ids" in self.__dict__:
            return self.ids[local]
        a, b = self._bounds("iidx", local, local + 1)
        return self._body.part("ids", a, b).decode("utf-8")

    @cached_property
    def heads(self) -> array:
        """Head length (kicker, headline and deck with their separators) by local index."""
        return self._array("I", "heads")

    @cached_property
    def wide(self) -> BitMap:
        """Local indexes whose text holds characters outside the BMP (units are not characters)."""
        try:
            got = BitMap.deserialize(self._body.part("wide"))
        except ValueError as exc:
            raise SegmentDamaged(self.path, f"a bitmap cannot be read ({exc})") from exc
        self._agree(not got or got.max() < self.span)
        return got

    def lengths(self, local: BitMap) -> list[int]:
        """Ranking's length of these sections' texts (characters, SEPs not counted), in order."""
        return self._entries("lens", local)

    def head_lengths(self, local: BitMap) -> list[int]:
        """The head length of these sections (as `heads` holds them), in order."""
        if "heads" in self.__dict__:
            return list(map(self.heads.__getitem__, local))
        return self._entries("heads", local)

    def _entries(self, name: str, local: BitMap) -> list[int]:
        """Entries of a table of 32-bit numbers by local index, reading only what they need."""
        if not local:
            return []
        lo, hi = local.min(), local.max() + 1
        if hi - lo > 1024 * len(local):
            # Far apart (a chunk or more between each): each entry alone.
            at, word = self._body.parts[name][0], self._body.word
            return [word(at + 4 * i) for i in local]
        run = array("I")
        run.frombytes(self._body.part(name, 4 * lo, 4 * hi))
        self._agree(len(run) == hi - lo)
        return [run[i - lo] for i in local]

    def _bounds(self, idx: str, lo: int, hi: int) -> array:
        """Offsets lo..hi (inclusive) of an offset table, read from the file."""
        out = array("Q")
        out.frombytes(self._body.part(idx, 8 * lo, 8 * (hi + 1)))
        self._agree(len(out) == hi - lo + 1)
        return out

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

    def chars(self) -> set[str]:
        """Every character (of one UTF-16 unit) the segment's texts hold."""
        first = self._tables.lower("keys", 0x10000)  # 1-unit codes sort first
        out = array("I")
        out.frombytes(self._body.part("keys", 0, 4 * first))
        return {chr(c) for c in out if not 0xD800 <= c < 0xE000}

    def local(self, ordinals: BitMap) -> BitMap:
        """Local indexes of ordinals of this segment."""
        return ordinals.shift(-self.first) if self.first else ordinals

    def texts(self, local: BitMap) -> list[str]:
        """The folded texts of these local indexes, in order."""
        if not local:
            return []
        lo, hi = local.min(), local.max() + 1
        if hi - lo > 512 * len(local):
            # Very far apart: each text alone, touching only the pages that hold it.
            return [self.text(i) for i in local]
        # One read (and check) of their offsets, a chunk or less per text.
        at = self._bounds("tidx", lo, hi)
        base = at[0]
        if hi - lo > 2 * len(local):
            part = self._body.part
            return [_utf16(part("texts", at[i - lo], at[i - lo + 1])) for i in local]
        # Near neighbours: one read (and check) and one decode for the run, then slices.
        raw = self._body.part("texts", base, at[-1])
        run = _utf16(raw)
        if 2 * len(run) != len(raw):  # characters outside the BMP: units are not characters
            return [_utf16(raw[at[i - lo] - base : at[i - lo + 1] - base]) for i in local]
        return [run[(at[i - lo] - base) >> 1 : (at[i - lo + 1] - base) >> 1] for i in local]

    def text(self, local: int) -> str:
        """The folded text of one section (fields joined by SEP)."""
        a, b = self._bounds("tidx", local, local + 1)
        return _utf16(self._body.part("texts", a, b))

    def fields(self, local: int) -> list[str]:
        """The folded fields of a section: kicker, headline, deck, byline, dateline, blocks."""
        return self.text(local).split(SEP)

    def packed_edits(self, local: int) -> bytes:
        """The stored bytes of a section's edits."""
        a, b = self._bounds("eidx", local, local + 1)
        return self._body.part("edits", a, b)

    def edits(self, local: int) -> list[Any]:
        """The edits that turn a section's folded fields back into its source."""
        raw = self.packed_edits(local)
        if not raw:
            return []
        try:
            return json.loads(zlib.decompress(raw[1:]) if raw[:1] == b"z" else raw)
        except ValueError as exc:
            raise SegmentDamaged(self.path, f"an edit list cannot be read ({exc})") from exc

    def source(self, local: int) -> list[str]:
        """The source fields of a section, rebuilt from the folded text and its edits."""
        fields = self.fields(local)
        for entry in self.edits(local):
            fields[entry[0]] = unfold(fields[entry[0]], entry[1:])
        return fields

    def check_all(self) -> None:
        """Check every byte of the file against its checksums; raises SegmentDamaged."""
        self._body.check_all()
        _ = self.ids

    def close(self) -> None:
        """Release the map (bitmaps already read stay usable)."""
        self._mm.close()


def _utf16(raw: bytes) -> str:
    return utf_16_le_decode(raw, "surrogatepass", True)[0]
