"""The file format of an index segment: writing one (atomically) and verifying one.

A segment file is a header (magic, first ordinal, offset and size of each part, body size,
CRC-32 of the body, then a CRC-32 of all that) followed by the parts. `verify` checks both
checksums and the part bounds before any byte of the body is used as data.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
import zlib
from array import array
from pathlib import Path
from typing import Any

import orjson
from pyroaring import BitMap

from store.search.postings import Record, postings

MAGIC = b"BRSEG\x00\x07\x00"
PARTS = ("ids", "ords", "heads", "keys", "gidx", "grams", "blocks", "bidx", "edits", "eidx")
# Magic, first ordinal, (offset, size) of each part, body size, CRC-32 of the body; then the
# CRC-32 of everything before it, so a damaged header is told from a damaged body.
_FIELDS = struct.Struct("<8sQ" + "QQ" * len(PARTS) + "QI")
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


def verify(path: Path, mm: mmap.mmap) -> tuple[int, dict[str, tuple[int, int]]]:
    """Check the header and body checksums and the part bounds; first ordinal, parts by name."""
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
    parts = {name: (fields[2 + 2 * i], fields[3 + 2 * i]) for i, name in enumerate(PARTS)}
    if any(at < HEADER_SIZE or at + n > size for at, n in parts.values()):
        raise SegmentDamaged(path, "a part lies outside the file")
    return fields[1], parts
