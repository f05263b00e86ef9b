"""The file format of an index segment: writing one (atomically) and checking it piece by piece.

A segment file is a header (magic, first ordinal, offset and size of each part, body size), a
top table, the header's own CRC-32, a chunk table, then the body (the parts). The chunk table
holds a CRC-32 of every CHUNK bytes of the body; the top table a CRC-32 of every PIECE bytes of
the chunk table. Opening checks the header and the top table only (a few hundred bytes even
for a large segment); a piece of the chunk table is checked when first needed, and each chunk
of the body the first time any byte of it is read (`Checked.read`). So a process that answers
one query reads and checks only what that query needs, and no byte is used as data before
the checksums above it passed.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
import zlib
from array import array
from collections import deque
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyroaring import BitMap

from store.errors import StoreCorrupt
from store.search import offsets
from store.search.postings import Record

if TYPE_CHECKING:
    from store.search.grams import Built

MAGIC = b"BRSEG\x00\x0d\x00"
PARTS = (
    "ids",
    "iidx",
    "ords",
    "heads",
    "long",
    "keys",
    "gidx",
    "grams",
    "hkeys",
    "hidx",
    "hgrams",
    "pkeys",
    "pidx",
    "pos",
    "okeys",
    "oidx",
    "opos",
    "texts",
    "tidx",
    "edits",
    "eidx",
    "lens",
    "wide",
)
CHUNK = 1 << 12  # bytes of body per checksum: about one section's text
BATCH = 1 << 20  # bytes of small pieces joined to be written at once
PIECE = 1 << 12  # bytes of the chunk table per checksum of the top table
# Magic, first ordinal, (offset, size) of each part, body size; then the top table and the
# CRC-32 of everything before it, so a damaged header is told apart; then the chunk table.
_FIELDS = struct.Struct("<8sQ" + "QQ" * len(PARTS) + "Q")
_CHECK = struct.Struct("<I")
_WORD = struct.Struct("<I")
HEADER_SIZE = _FIELDS.size  # the fixed part; the tables and the header's check follow


def _layout(body: int) -> tuple[int, int, int]:
    """Chunks of a body of that size, where the chunk table starts, where the body starts."""
    chunks = (body + CHUNK - 1) // CHUNK
    pieces = (4 * chunks + PIECE - 1) // PIECE
    table = HEADER_SIZE + 4 * pieces + _CHECK.size
    return chunks, table, table + 4 * chunks


class SegmentDamaged(StoreCorrupt, ValueError):
    """A segment file that fails its checks: it is never read as data.

    A store error, so one that reaches a user (none should: a search indexes the segment's
    briefings again and runs once more) is one clear line naming the file.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)


def _blobs(items: list[bytes]) -> tuple[bytes, bytes]:
    """Concatenated blobs and their offsets (as bytes of an array of Q)."""
    idx = array("Q", [0])
    idx.extend(accumulate(map(len, items)))
    return b"".join(items), idx.tobytes()


def _pieces(items: list[bytes]) -> tuple[list[bytes], bytes]:
    """Blobs to be written one after another as one part, and their offsets (as `_blobs`)."""
    idx = array("Q", [0])
    idx.extend(accumulate(map(len, items)))
    return items, idx.tobytes()


def _table(maps: dict[int, BitMap]) -> tuple[bytes, bytes, bytes]:
    """Sorted codes, offsets and the serialized bitmaps of a code -> bitmap table."""
    codes = BitMap(maps).to_array()  # sorted, in C
    bitmaps = list(map(maps.__getitem__, codes))
    if not all(bitmaps):  # empty ones are left out
        codes = array("I", [c for c, bm in zip(codes, bitmaps, strict=True) if bm])
        bitmaps = list(filter(None, bitmaps))
    blob, idx = _blobs(list(map(BitMap.serialize, bitmaps)))
    return codes.tobytes(), idx, blob


def write(
    path: Path,
    first: int,
    ords: BitMap,
    ids: list[str],
    texts: list[str],
    heads: list[int],
    packed_edits: list[bytes],
) -> None:
    """Write a segment file atomically (temp file, fsync, rename); lists are by local index."""
    from store.search import grams  # the builder: a search only reads segments

    write_built(path, first, ords, ids, grams.build(texts, heads), heads, packed_edits)


def write_built(
    path: Path,
    first: int,
    ords: BitMap,
    ids: list[str],
    built: Built,
    heads: list[int],
    packed_edits: list[bytes],
) -> None:
    """Write a segment file from the grams and texts its sections were added to."""
    tables = built.tables()
    deque(map(BitMap.run_optimize, tables.heads.values()), 0)
    if tables.packed is None:
        deque(map(BitMap.run_optimize, tables.sections.values()), 0)
        keys, gidx, gblob = _table(tables.sections)
    else:
        from store.search.roaringpack import table

        keys, gidx, gblob = table(*tables.packed, tables.sections)
    hkeys, hidx, hblob = _table(tables.heads)
    tail, common = offsets.split(tables.codes, tables.offsets, tables.places)
    del tables
    # The texts and edits are written as the pieces they are (a large segment's texts are
    # more than a hundred megabytes, which a joined copy would double).
    text_blob, tidx = _pieces(built.encoded)
    edits_blob, eidx = _pieces(packed_edits)
    id_blob, iidx = _blobs([i.encode("utf-8") for i in ids])
    parts = [
        id_blob,
        iidx,
        ords.serialize(),
        array("I", heads).tobytes(),
        built.long.serialize(),
        keys,
        gidx,
        gblob,
        hkeys,
        hidx,
        hblob,
        *tail,
        *common,
        text_blob,
        tidx,
        edits_blob,
        eidx,
        built.lengths.tobytes(),
        built.wide.serialize(),
    ]
    sizes = [sum(map(len, p)) if isinstance(p, list) else len(p) for p in parts]
    body = sum(sizes)
    _chunks, table_at, start = _layout(body)
    header: list[object] = [MAGIC, first]
    at = start
    for size in sizes:
        header.extend((at, size))
        at += size
    header.append(body)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as handle:
            # The parts go straight to the file (no copy of the whole body); the header and
            # the tables, which hold their checksums, are written over the room left for them.
            handle.write(bytes(start))
            crcs = _write_parts(handle, parts).tobytes()
            with memoryview(crcs) as view:
                top = array(
                    "I", (zlib.crc32(view[i : i + PIECE]) for i in range(0, len(crcs), PIECE))
                )
            head = _FIELDS.pack(*header) + top.tobytes()
            head += _CHECK.pack(zlib.crc32(head))
            assert len(head) == table_at
            handle.seek(0)
            handle.write(head)
            handle.write(crcs)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        # A full disk must not keep the space of a half-written segment.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_parts(handle: Any, parts: list[Any]) -> array:
    """Write the parts one after another (a part is bytes, or a list of bytes-like pieces
    written as one); the CRC-32 of every CHUNK bytes of them."""
    crcs = array("I")
    crc = filled = 0
    for part in _flat(parts):
        handle.write(part)
        with memoryview(part) as view:
            i = 0
            while i < len(part):
                take = min(CHUNK - filled, len(part) - i)
                crc = zlib.crc32(view[i : i + take], crc)
                filled += take
                i += take
                if filled == CHUNK:
                    crcs.append(crc)
                    crc = filled = 0
    if filled:
        crcs.append(crc)
    return crcs


def _flat(parts: list[Any]) -> Iterator[Any]:
    """The parts' bytes in order, pieces of a list joined a batch of about BATCH bytes at a
    time (a large piece alone), so writing and checksumming go by large blocks."""
    for part in parts:
        if not isinstance(part, list):
            yield part
            continue
        batch: list[Any] = []
        size = 0
        for piece in part:
            if len(piece) >= BATCH:
                if batch:
                    yield b"".join(batch)
                    batch, size = [], 0
                yield piece
                continue
            batch.append(piece)
            size += len(piece)
            if size >= BATCH:
                yield b"".join(batch)
                batch, size = [], 0
        if batch:
            yield b"".join(batch)


def build(path: Path, first: int, recs: list[Record]) -> None:
    """Write a new segment holding the records at ordinals first, first + 1, ..."""
    write(
        path,
        first,
        BitMap(range(first, first + len(recs))),
        [r.id for r in recs],
        [r.text for r in recs],
        [r.head_len for r in recs],
        [r.edits for r in recs],
    )


class Checked:
    """The body of a mapped segment, each chunk checked against its CRC-32 on first read."""

    def __init__(self, path: Path, mm: mmap.mmap) -> None:
        """Check the header and chunk table; raises SegmentDamaged."""
        self.path, self.mm = path, mm
        size = len(mm)
        if size < HEADER_SIZE or mm[:8] != MAGIC:
            raise SegmentDamaged(path, "is not a search segment of this version")
        fields = _FIELDS.unpack_from(mm, 0)
        body = fields[-1]
        chunks, self._table, self.start = _layout(body)
        if body > size or self.start > size:
            raise SegmentDamaged(path, "its header fails its checksum")
        (check,) = _CHECK.unpack_from(mm, self._table - _CHECK.size)
        if zlib.crc32(mm[: self._table - _CHECK.size]) != check:
            raise SegmentDamaged(path, "its header fails its checksum")
        if self.start + body != size:
            raise SegmentDamaged(path, f"is {size} bytes, its header says {self.start + body}")
        self._top = array("I")
        self._top.frombytes(mm[HEADER_SIZE : self._table - _CHECK.size])
        self.first: int = fields[1]
        self.parts = {name: (fields[2 + 2 * i], fields[3 + 2 * i]) for i, name in enumerate(PARTS)}
        if any(at < self.start or at + n > size for at, n in self.parts.values()):
            raise SegmentDamaged(path, "a part lies outside the file")
        self._ok = bytearray(chunks)
        self._top_ok = bytearray(len(self._top))

    def _piece(self, piece: int) -> None:
        """Check one piece of the chunk table against the top table."""
        at = self._table + piece * PIECE
        raw = self.mm[at : min(at + PIECE, self.start)]
        if zlib.crc32(raw) != self._top[piece]:
            raise SegmentDamaged(self.path, f"its chunk table fails its checksum (piece {piece})")
        self._top_ok[piece] = 1

    def _check(self, lo: int, hi: int) -> None:
        """Check the chunks holding body bytes [lo, hi) that were not checked yet."""
        ok, mm, start, top_ok, table = self._ok, self.mm, self.start, self._top_ok, self._table
        crc32, word = zlib.crc32, _WORD.unpack_from
        with memoryview(mm) as view:  # one view for the run: a chunk costs its checksum
            for c in range(lo // CHUNK, (hi + CHUNK - 1) // CHUNK):
                if ok[c]:
                    continue
                if not top_ok[4 * c // PIECE]:
                    self._piece(4 * c // PIECE)
                at = start + c * CHUNK
                if crc32(view[at : at + CHUNK]) != word(mm, table + 4 * c)[0]:
                    raise SegmentDamaged(self.path, f"its body fails its checksum (chunk {c})")
                ok[c] = 1

    def read(self, at: int, size: int) -> bytes:
        """Bytes [at, at + size) of the file, once their chunks passed their checks."""
        if size <= 0:
            return b""
        lo = at - self.start
        c = lo // CHUNK
        if not self._ok[c] or (lo + size - 1) // CHUNK != c:
            self._check(lo, lo + size)
        return self.mm[at : at + size]

    def word(self, at: int) -> int:
        """The little-endian 32-bit number at byte `at` of the file, once its chunk passed."""
        c = (at - self.start) // CHUNK
        if not self._ok[c] or (at + 3 - self.start) // CHUNK != c:
            self._check(at - self.start, at + 4 - self.start)
        return _WORD.unpack_from(self.mm, at)[0]

    def part(self, name: str, lo: int = 0, hi: int | None = None) -> bytes:
        """A part, or bytes [lo, hi) of it, checked."""
        at, size = self.parts[name]
        end = size if hi is None else min(hi, size)
        return self.read(at + lo, end - lo)

    def check_all(self) -> None:
        """Check every chunk of the body (what `briefing doctor` does)."""
        self._check(0, len(self.mm) - self.start)
