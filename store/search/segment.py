"""One immutable index segment file: n-gram bitmaps and compressed folded texts.

A segment covers the ordinals [first, first + span). An ordinal it does not hold (one dropped by
a merge) has an empty id and text, so the local index of an ordinal is always `o - first`.
Texts are stored in zlib blocks of BLOCK sections and decoded into memory on first use: the
checks of a query then run as C-level loops over Python strings.
"""

from __future__ import annotations

import contextlib
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
from store.search.postings import SEP, Record, postings

MAGIC = b"BRSEG\x00\x07\x00"
_PARTS = ("ids", "ords", "heads", "keys", "gidx", "grams", "blocks", "bidx", "edits", "eidx")
# Magic, first ordinal, (offset, size) of each part, body size, CRC-32 of the body; then the
# CRC-32 of everything before it, so a damaged header is told from a damaged body.
_FIELDS = struct.Struct("<8sQ" + "QQ" * len(_PARTS) + "QI")
_CHECK = struct.Struct("<I")
HEADER_SIZE = _FIELDS.size + _CHECK.size


class SegmentDamaged(ValueError):
    """A segment file that fails its checks: it is never read as data."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


BLOCK = 128  # sections per compressed text block
END = "\x1e"  # between the texts of a block; folded text never holds it
LEVEL = 6
RETOKENIZE = 4096  # merges of at most this many sections rebuild the bitmaps from the texts
VERIFIED = 32  # terms whose verified ordinals a segment keeps


def _pack(edits: list[Any]) -> bytes:
    """One section's edits: empty when none, zlib-compressed JSON when long."""
    if not edits:
        return b""
    raw = orjson.dumps(edits)
    return b"z" + zlib.compress(raw, LEVEL) if len(raw) > 200 else raw


def _blocks(items: list[bytes]) -> tuple[bytes, bytes]:
    """Concatenated blobs and their offsets (as bytes of an array of Q)."""
    idx = array("Q", [0])
    for blob in items:
        idx.append(idx[-1] + len(blob))
    return b"".join(items), idx.tobytes()


def write(
    path: Path,
    first: int,
    ords: BitMap,
    ids: list[str],
    texts: list[str],
    heads: list[int],
    edits: list[Any],
    grams: dict[str, BitMap],
) -> None:
    """Write a segment file atomically (temp file, fsync, rename); lists are by local index."""
    keys = sorted(k for k, bm in grams.items() if bm)
    blobs = []
    for k in keys:
        grams[k].run_optimize()
        blobs.append(grams[k].serialize())
    grams_blob, gidx = _blocks(blobs)
    text_blocks = [
        zlib.compress(END.join(texts[i : i + BLOCK]).encode("utf-16-le"), LEVEL)
        for i in range(0, len(texts), BLOCK)
    ]
    blocks_blob, bidx = _blocks(text_blocks)
    edits_blob, eidx = _blocks([_pack(e) for e in edits])
    parts = [
        "\n".join(ids).encode("utf-8"),
        ords.serialize(),
        array("I", heads).tobytes(),
        "\n".join(keys).encode("utf-8"),
        gidx,
        grams_blob,
        blocks_blob,
        bidx,
        edits_blob,
        eidx,
    ]
    header: list[object] = [MAGIC, first]
    at = HEADER_SIZE
    crc = 0
    for part in parts:
        header.extend((at, len(part)))
        at += len(part)
        crc = zlib.crc32(part, crc)
    header.extend((at - HEADER_SIZE, crc))
    head = _FIELDS.pack(*header)
    head += _CHECK.pack(zlib.crc32(head))
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(head)
            for part in parts:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        # A full disk must not keep the space of a half-written segment.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def build(path: Path, first: int, recs: list[Record]) -> None:
    """Write a new segment holding the records at ordinals first, first + 1, ..."""
    ords = list(range(first, first + len(recs)))
    texts = [r.text for r in recs]
    heads = [r.head_len for r in recs]
    write(
        path,
        first,
        BitMap(ords),
        [r.id for r in recs],
        texts,
        heads,
        [r.edits for r in recs],
        postings(ords, texts, heads),
    )


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
            self._parts = _verify(path, self._mm)
            self.first: int = _FIELDS.unpack_from(self._mm, 0)[1]
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


def _verify(path: Path, mm: mmap.mmap) -> dict[str, tuple[int, int]]:
    """Check the header and body checksums and the part bounds; the parts by name."""
    size = len(mm)
    if size < HEADER_SIZE or mm[:8] != MAGIC:
        raise SegmentDamaged(path, "is not a search segment of this version")
    (check,) = _CHECK.unpack_from(mm, _FIELDS.size)
    if zlib.crc32(mm[: _FIELDS.size]) != check:
        raise SegmentDamaged(path, "its header fails its checksum")
    fields = _FIELDS.unpack_from(mm, 0)
    body, crc = fields[-2], fields[-1]
    if body != size - HEADER_SIZE:
        raise SegmentDamaged(path, f"is {size} bytes, its header says {HEADER_SIZE + body}")
    with memoryview(mm) as view:
        if zlib.crc32(view[HEADER_SIZE:]) != crc:
            raise SegmentDamaged(path, "its body fails its checksum")
    parts = {name: (fields[2 + 2 * i], fields[3 + 2 * i]) for i, name in enumerate(_PARTS)}
    if any(at < HEADER_SIZE or at + n > size for at, n in parts.values()):
        raise SegmentDamaged(path, "a part lies outside the file")
    return parts


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
