"""One immutable index segment file: n-gram bitmaps and compressed folded texts.

A segment covers the ordinals [first, first + span). An ordinal it does not hold (one dropped by
a merge) has an empty id and text, so the local index of an ordinal is always `o - first`.
Texts are stored in zlib blocks of BLOCK sections and decoded into memory on first use: the
checks of a query then run as C-level loops over Python strings.
"""

from __future__ import annotations

import mmap
import os
import stat
import struct
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from pyroaring import BitMap

from store.search.normalise import unfold
from store.search.postings import SEP, postings
from store.search.segfile import BLOCK, END, SegmentDamaged, verify, write

RETOKENIZE = 4096  # merges of at most this many sections rebuild the bitmaps from the texts
VERIFIED = 32  # terms whose verified ordinals a segment keeps


class Segment:
    """A memory-mapped segment: bitmaps are read on first use, text blocks decoded once."""

    def __init__(self, path: Path) -> None:
        """Open and verify a segment; raises OSError or SegmentDamaged."""
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
            first, self._parts = verify(path, self._mm)
            self.first: int = first
            self._decode()
        except SegmentDamaged:
            self._mm.close()
            raise
        except (ValueError, struct.error, UnicodeDecodeError) as exc:
            self._mm.close()
            raise SegmentDamaged(path, f"cannot be read ({exc})") from exc
        self._cache: dict[str, BitMap] = {}
        self._texts: list[str] = [""] * len(self.ids)
        self._loaded = BitMap()  # local indexes whose text is decoded
        self._lock = threading.Lock()
        # Ordinals verified to hold a term longer than a bigram, and the intersections of the
        # gram bitmaps of such terms; most recent last.
        self.verified: dict[str, BitMap] = {}
        self.terms: dict[str, BitMap] = {}

    def _decode(self) -> None:
        ids = self._part("ids").decode("utf-8")
        self.ids = ids.split("\n") if ids else []
        self.ords = BitMap.deserialize(self._part("ords"))
        self.heads = self._array("I", "heads")
        keys = self._part("keys").decode("utf-8")
        self.keys = keys.split("\n") if keys else []
        self.gidx = self._array("Q", "gidx")
        self.bidx = self._array("Q", "bidx")
        self.eidx = self._array("Q", "eidx")
        span = len(self.ids)
        if (
            len(self.gidx) != len(self.keys) + 1
            or len(self.eidx) != span + 1
            or len(self.heads) != span
            or len(self.bidx) != (span + BLOCK - 1) // BLOCK + 1
            or (
                self.ords and (self.ords.min() < self.first or self.ords.max() >= self.first + span)
            )
        ):
            raise SegmentDamaged(self.path, "its parts do not agree")

    def remember(self, term: str, ordinals: BitMap, table: dict[str, BitMap]) -> None:
        """Keep the ordinals of a term in one of the tables (a few dozen terms at most)."""
        table.pop(term, None)
        table[term] = ordinals
        while len(table) > VERIFIED:
            table.pop(next(iter(table)))

    def _part(self, name: str) -> bytes:
        at, size = self._parts[name]
        return self._mm[at : at + size]

    def _array(self, code: str, name: str) -> array:
        out = array(code)
        out.frombytes(self._part(name))
        return out

    def __len__(self) -> int:
        return len(self.ids)

    def bitmap(self, key: str) -> BitMap:
        """The ordinals whose sections hold the key (empty if none); do not mutate."""
        got = self._cache.get(key)
        if got is None:
            i = bisect_left(self.keys, key)
            if i < len(self.keys) and self.keys[i] == key:
                start = self._parts["grams"][0] + self.gidx[i]
                got = BitMap.deserialize(self._mm[start : start + self.gidx[i + 1] - self.gidx[i]])
            else:
                got = BitMap()
            self._cache[key] = got
        return got

    def has_key(self, key: str) -> bool:
        """Whether the key has a bitmap in this segment."""
        i = bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i] == key

    def local(self, ordinals: BitMap) -> BitMap:
        """Local indexes of ordinals of this segment."""
        return ordinals.shift(-self.first) if self.first else ordinals

    def _load(self, local: BitMap) -> None:
        """Decode the text blocks holding these local indexes."""
        missing = local - self._loaded
        if not missing:
            return
        with self._lock:
            at = self._parts["blocks"][0]
            for b in sorted({i // BLOCK for i in missing}):
                start = at + self.bidx[b]
                raw = zlib.decompress(self._mm[start : at + self.bidx[b + 1]])
                texts = raw.decode("utf-16-le").split(END)
                self._texts[b * BLOCK : b * BLOCK + len(texts)] = texts
                self._loaded.add_range(b * BLOCK, b * BLOCK + len(texts))

    def texts(self, local: BitMap) -> list[str]:
        """The folded texts of these local indexes, in order."""
        self._load(local)
        if len(local) == 1:
            return [self._texts[local.min()]]
        return list(itemgetter(*local)(self._texts)) if local else []

    def text(self, local: int) -> str:
        """The folded text of one section (fields joined by SEP)."""
        if local not in self._loaded:
            self._load(BitMap([local]))
        return self._texts[local]

    def containing(self, local: BitMap, needle: str) -> BitMap:
        """The local indexes whose folded text holds the needle."""
        if not local:
            return BitMap()
        texts = self.texts(local)
        found = map(str.__contains__, texts, repeat(needle))
        return BitMap([i for i, ok in zip(local, found, strict=True) if ok])

    def fields(self, local: int) -> list[str]:
        """The folded fields of a section: kicker, headline, deck, byline, dateline, blocks."""
        return self.text(local).split(SEP)

    def edits(self, local: int) -> list[Any]:
        """The edits that turn a section's folded fields back into its source."""
        at = self._parts["edits"][0]
        raw = self._mm[at + self.eidx[local] : at + self.eidx[local + 1]]
        if not raw:
            return []
        return orjson.loads(zlib.decompress(raw[1:]) if raw[:1] == b"z" else raw)

    def source(self, local: int) -> list[str]:
        """The source fields of a section, rebuilt from the folded text and its edits."""
        fields = self.fields(local)
        for entry in self.edits(local):
            fields[entry[0]] = unfold(fields[entry[0]], entry[1:])
        return fields

    def all_keys(self) -> Iterable[str]:
        """Every key with a bitmap."""
        return self.keys

    def close(self) -> None:
        """Release the map (bitmaps and texts already read stay usable)."""
        self._mm.close()


def merge(path: Path, segments: list[Segment], drop: BitMap) -> BitMap:
    """Write one segment holding every live section of `segments`; returns its ordinals."""
    live = BitMap.union(*(seg.ords for seg in segments)) - drop
    if not live:
        return live
    first, span = live.min(), live.max() - live.min() + 1
    ids, texts, heads = [""] * span, [""] * span, [0] * span
    edits: list[Any] = [[] for _ in range(span)]
    for seg in segments:
        mine = seg.local(seg.ords & live)
        seg._load(mine)
        for i in mine:
            at = i + seg.first - first
            ids[at], texts[at], heads[at] = seg.ids[i], seg._texts[i], seg.heads[i]
            edits[at] = seg.edits(i)
    grams: dict[str, BitMap] = {}
    if len(live) <= RETOKENIZE:
        # Few sections: reading their grams again beats a union over every key.
        grams = postings(
            list(live), [texts[o - first] for o in live], [heads[o - first] for o in live]
        )
    else:
        for key in set().union(*(seg.all_keys() for seg in segments)):
            bm = BitMap.union(*(seg.bitmap(key) for seg in segments)) & live
            if bm:
                grams[key] = bm
    for seg in segments:
        seg._cache.clear()
    write(path, first, live, ids, texts, heads, edits, grams)
    return live
