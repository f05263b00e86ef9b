"""Writing an index segment file (its format is `store.search.segfile`'s): atomically, the
parts going straight to the file a batch at a time, each chunk's checksum made as it is written."""

from __future__ import annotations

import contextlib
import os
import zlib
from array import array
from collections import deque
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

from pyroaring import BitMap

from store.search import offsets, segfile
from store.search.postings import Record
from store.search.segfile import CHECK, CHUNK, FIELDS, PIECE, layout

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.search.grams import Built

BATCH = 1 << 20  # bytes of small pieces joined to be written at once


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
    _chunks, table_at, start = layout(body)
    header: list[object] = [segfile.MAGIC, first]
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
            head = FIELDS.pack(*header) + top.tobytes()
            head += CHECK.pack(zlib.crc32(head))
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
