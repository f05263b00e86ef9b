"""One immutable index segment file: gram bitmaps, bigram positions and the folded texts.

A segment covers the ordinals [first, first + span), span <= 65536. An ordinal it does not hold
(one dropped by a merge) has an empty id and text, so the local index of an ordinal is always
`o - first`. Texts are kept as UTF-16 (read and decoded per section, no block to inflate), and
every byte read passes its chunk's checksum first (`segfile.Checked`).
"""

from __future__ import annotations

import mmap
import os
import stat
import struct
import zlib
from array import array
from bisect import bisect_left
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson
from pyroaring import BitMap

from store.search.grams import SEP
from store.search.normalise import unfold
from store.search.segfile import Checked, SegmentDamaged, write

MAX_SPAN = 1 << 16  # local indexes fit the low 16 bits of a position
KEPT = 32  # terms whose sections a segment keeps
KEPT_POSITIONS = 64  # bigram position bitmaps a segment keeps deserialized


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
        # The sections of terms longer than a bigram, most recent last.
        self.terms: dict[str, BitMap] = {}

    def _decode(self) -> None:
        """Read the small parts every query needs, and check that the parts agree."""
        self.ords = BitMap.deserialize(self._body.part("ords"))
        self.long = BitMap.deserialize(self._body.part("long"))
        span = self._body.parts["heads"][1] // 4
        if (
            span > MAX_SPAN
            or self._body.parts["tidx"][1] != 8 * (span + 1)
            or self._body.parts["eidx"][1] != 8 * (span + 1)
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
        raw = self._body.part("ids").decode("utf-8")
        got = raw.split("\n") if raw else []
        self._agree(len(got) == self.span)
        return got

    @cached_property
    def heads(self) -> array:
        """Head length (kicker, headline and deck with their separators) by local index."""
        return self._array("I", "heads")

    @cached_property
    def _tidx(self) -> array:
        got = self._array("Q", "tidx")
        self._agree(got[-1] == self._body.parts["texts"][1] and got[0] == 0)
        return got

    @cached_property
    def _eidx(self) -> array:
        got = self._array("Q", "eidx")
        self._agree(got[-1] == self._body.parts["edits"][1] and got[0] == 0)
        return got

    def _table(self, keys: str, idx: str) -> tuple[array, array]:
        codes, offsets = self._array("I", keys), self._array("Q", idx)
        self._agree(len(offsets) == len(codes) + 1 and (not codes or offsets[-1] > 0))
        return codes, offsets

    @cached_property
    def _grams(self) -> tuple[array, array]:
        return self._table("keys", "gidx")

    @cached_property
    def _hgrams(self) -> tuple[array, array]:
        return self._table("hkeys", "hidx")

    @cached_property
    def _pgrams(self) -> tuple[array, array]:
        return self._table("pkeys", "pidx")

    def __len__(self) -> int:
        return self.span

    def remember(self, term: str, ordinals: BitMap) -> None:
        """Keep the ordinals of a term (a few dozen terms at most)."""
        table = self.terms
        table.pop(term, None)
        table[term] = ordinals
        while len(table) > KEPT:
            table.pop(next(iter(table)))

    def _lookup(self, table: tuple[array, array], part: str, code: int) -> bytes | None:
        codes, offsets = table
        i = bisect_left(codes, code)
        if i < len(codes) and codes[i] == code:
            return self._body.part(part, offsets[i], offsets[i + 1])
        return None

    def _load(self, cache: dict[int, BitMap], table: tuple[array, array], part: str, code: int):
        got = cache.get(code)
        if got is None:
            raw = self._lookup(table, part, code)
            try:
                got = BitMap() if raw is None else BitMap.deserialize(raw)
            except ValueError as exc:
                raise SegmentDamaged(self.path, f"a bitmap cannot be read ({exc})") from exc
            cache[code] = got
        return got

    def bitmap(self, code: int) -> BitMap:
        """Local indexes of the sections holding a 1- or 2-unit gram (empty if none)."""
        return self._load(self._cache, self._grams, "grams", code)

    def head_bitmap(self, code: int) -> BitMap:
        """Local indexes of the sections whose kicker, headline or deck hold the gram."""
        return self._load(self._head_cache, self._hgrams, "hgrams", code)

    def positions(self, code: int) -> BitMap:
        """Every start of a bigram in positioned sections, as `offset << 16 | local`."""
        got = self._load(self._pos_cache, self._pgrams, "pos", code)
        cache = self._pos_cache
        if len(cache) > KEPT_POSITIONS:
            cache.pop(next(iter(cache)))
        return got

    def has_code(self, code: int) -> bool:
        """Whether a 1- or 2-unit gram occurs in this segment."""
        codes = self._grams[0]
        i = bisect_left(codes, code)
        return i < len(codes) and codes[i] == code

    def chars(self) -> set[str]:
        """Every character (of one UTF-16 unit) the segment's texts hold."""
        codes = self._grams[0]
        return {chr(c) for c in codes[: bisect_left(codes, 0x10000)] if not 0xD800 <= c < 0xE000}

    def local(self, ordinals: BitMap) -> BitMap:
        """Local indexes of ordinals of this segment."""
        return ordinals.shift(-self.first) if self.first else ordinals

    def _text_bytes(self, lo: int, hi: int) -> bytes:
        at = self._tidx
        return self._body.part("texts", at[lo], at[hi])

    def texts(self, local: BitMap) -> list[str]:
        """The folded texts of these local indexes, in order."""
        if not local:
            return []
        at = self._tidx
        lo, hi = local.min(), local.max() + 1
        if hi - lo <= 2 * len(local):
            # Near neighbours: one read (and check) for the run, then one decode per text.
            raw, base = self._text_bytes(lo, hi), at[lo]
            return [_utf16(raw[at[i] - base : at[i + 1] - base]) for i in local]
        return [self.text(i) for i in local]

    def text(self, local: int) -> str:
        """The folded text of one section (fields joined by SEP)."""
        return _utf16(self._text_bytes(local, local + 1))

    def fields(self, local: int) -> list[str]:
        """The folded fields of a section: kicker, headline, deck, byline, dateline, blocks."""
        return self.text(local).split(SEP)

    def packed_edits(self, local: int) -> bytes:
        """The stored bytes of a section's edits."""
        at = self._eidx
        return self._body.part("edits", at[local], at[local + 1])

    def edits(self, local: int) -> list[Any]:
        """The edits that turn a section's folded fields back into its source."""
        raw = self.packed_edits(local)
        if not raw:
            return []
        try:
            return orjson.loads(zlib.decompress(raw[1:]) if raw[:1] == b"z" else raw)
        except (ValueError, orjson.JSONDecodeError) as exc:
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
        _ = self.ids, self._tidx, self._eidx, self._grams, self._hgrams, self._pgrams

    def close(self) -> None:
        """Release the map (bitmaps already read stay usable)."""
        self._mm.close()


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-le", "surrogatepass")


def merge(path: Path, segments: list[Segment], drop: BitMap) -> BitMap:
    """Write one segment holding every live section of `segments`; returns its ordinals."""
    live = BitMap.union(*(seg.ords for seg in segments)) - drop
    if not live:
        return live
    first, span = live.min(), live.max() - live.min() + 1
    if span > MAX_SPAN:
        raise ValueError(f"a merge of {span} ordinals does not fit one segment")
    ids, texts, heads = [""] * span, [""] * span, [0] * span
    edits = [b""] * span
    for seg in segments:
        mine = seg.local(seg.ords & live)
        for i, text in zip(mine, seg.texts(mine), strict=True):
            at = i + seg.first - first
            ids[at], texts[at], heads[at] = seg.ids[i], text, seg.heads[i]
            edits[at] = seg.packed_edits(i)
    write(path, first, live, ids, texts, heads, edits)
    return live
