"""The file format of an index segment, and checking one piece by piece as it is read.

A segment file is a header (magic, first ordinal, offset and size of each part, body size), a
top table, the header's own CRC-32, a chunk table, then the body (the parts). The chunk table
holds a CRC-32 of every CHUNK bytes of the body; the top table a CRC-32 of every PIECE bytes of
the chunk table. Opening checks the header and the top table only (a few hundred bytes even
for a large segment); a piece of the chunk table is checked when first needed, and each chunk
of the body the first time any byte of it is read (`Checked.read`). So a process that answers
one query reads and checks only what that query needs, and no byte is used as data before
the checksums above it passed. `store.search.segwrite` writes such files.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from array import array
from pathlib import Path

from store.errors import StoreCorrupt

try:
    # The same CRC-32 as zlib's, about four times as fast on a chunk and ten times on a rows
    # file's column (a cold common search checks several hundred chunks, and every column as
    # it opens the rows file): reading checks with it, writing may use either.
    from zlib_ng.zlib_ng import crc32 as checksum
except ImportError:  # pragma: no cover - a platform without its wheel
    checksum = zlib.crc32

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
PIECE = 1 << 12  # bytes of the chunk table per checksum of the top table
# Magic, first ordinal, (offset, size) of each part, body size; then the top table and the
# CRC-32 of everything before it, so a damaged header is told apart; then the chunk table.
FIELDS = struct.Struct("<8sQ" + "QQ" * len(PARTS) + "Q")
CHECK = struct.Struct("<I")
_WORD = struct.Struct("<I")
HEADER_SIZE = FIELDS.size  # the fixed part; the tables and the header's check follow


def layout(body: int) -> tuple[int, int, int]:
    """Chunks of a body of that size, where the chunk table starts, where the body starts."""
    chunks = (body + CHUNK - 1) // CHUNK
    pieces = (4 * chunks + PIECE - 1) // PIECE
    table = HEADER_SIZE + 4 * pieces + CHECK.size
    return chunks, table, table + 4 * chunks


class SegmentDamaged(StoreCorrupt, ValueError):
    """A segment file that fails its checks: it is never read as data.

    A store error, so one that reaches a user (none should: a search indexes the segment's
    briefings again and runs once more) is one clear line naming the file.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)


class Checked:
    """The body of a mapped segment, each chunk checked against its CRC-32 on first read."""

    def __init__(self, path: Path, mm: mmap.mmap) -> None:
        """Check the header and chunk table; raises SegmentDamaged."""
        self.path, self.mm = path, mm
        size = len(mm)
        if size < HEADER_SIZE or mm[:8] != MAGIC:
            raise SegmentDamaged(path, "is not a search segment of this version")
        fields = FIELDS.unpack_from(mm, 0)
        body = fields[-1]
        chunks, self._table, self.start = layout(body)
        if body > size or self.start > size:
            raise SegmentDamaged(path, "its header fails its checksum")
        (check,) = CHECK.unpack_from(mm, self._table - CHECK.size)
        if zlib.crc32(mm[: self._table - CHECK.size]) != check:
            raise SegmentDamaged(path, "its header fails its checksum")
        if self.start + body != size:
            raise SegmentDamaged(path, f"is {size} bytes, its header says {self.start + body}")
        self._top = array("I")
        self._top.frombytes(mm[HEADER_SIZE : self._table - CHECK.size])
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
        if checksum(raw) != self._top[piece]:
            raise SegmentDamaged(self.path, f"its chunk table fails its checksum (piece {piece})")
        self._top_ok[piece] = 1

    def _check(self, lo: int, hi: int) -> None:
        """Check the chunks holding body bytes [lo, hi) that were not checked yet."""
        ok, mm, start, top_ok, table = self._ok, self.mm, self.start, self._top_ok, self._table
        crc32, word = checksum, _WORD.unpack_from
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

    def view(self, at: int, size: int) -> memoryview:
        """Bytes [at, at + size) of the file as a view of the map (no copy), once their chunks
        passed their checks; release it (`with`) before the segment is closed."""
        lo = at - self.start
        if size > 0 and (not self._ok[lo // CHUNK] or (lo + size - 1) // CHUNK != lo // CHUNK):
            self._check(lo, lo + size)
        return memoryview(self.mm)[at : at + max(size, 0)]

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
