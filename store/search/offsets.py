"""The places of a segment's common bigrams, written offset-major as roaring bitmaps.

The builder collects a bigram's places as `local << 16 | offset`, sorted as they are filled
(`grams`). As a bitmap that order costs a container per section, and moving places a few units
on (a phrase's shift) splits every container. Queries therefore take places offset-major,
`offset << 16 | local`: one container per offset, and a shift by k units is a shift by
`k << 16`, which only relabels containers.

A segment writes the bigrams with at least HEAVY places (few of them, but most of the places)
as serialized offset-major bitmaps, made in C from their swapped arrays; the long tail stays
as sorted local-major arrays, cheap to write and swapped when a query reads one (`placed`).
"""

from __future__ import annotations

import sys
from array import array
from itertools import accumulate, compress, count, pairwise

from pyroaring import BitMap

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Places in a segment from which a bigram is written as a bitmap. Making one costs ~140 ns a
# place at build time and saves ~70 ns a place each time a query reads it; at 4096 about a
# tenth (real news) to a sixth (generated text) of all places are written so, for ~1% more
# build time, and reading any bigram below it costs under half a millisecond.
HEAVY = 4096


def swap(values: array | bytes | memoryview) -> array:
    """32-bit values with their high and low 16 bits exchanged, as an array of "I"."""
    src = memoryview(values).cast("B").cast("H")
    out = array("I", bytes(src.nbytes))
    dst = memoryview(out).cast("B").cast("H")
    dst[0::2] = src[1::2]
    dst[1::2] = src[0::2]
    return out


def placed(raw: bytes, lift: int = 0) -> BitMap:
    """The offset-major bitmap of one bigram's local-major places (raw sorted 32-bit values),
    each moved `lift` units on (lift < PHRASE: a positioned place never passes its section)."""
    values = swap(raw)
    if lift:
        # One C-level addition over the whole array read as one number: no offset carries
        # into its neighbour, as offsets stay below 65536.
        n = len(values)
        ones = int.from_bytes(_ONE_HIGH * n, "little")
        values = array(
            "I", (int.from_bytes(values, "little") + lift * ones).to_bytes(4 * n, "little")
        )
    return BitMap(values)


_ONE_HIGH = (1 << 16).to_bytes(4, "little")
_ONE_LOW = (1).to_bytes(4, "little")
_NO_RUNS, _RUNS = 12346, 12347  # the cookies of roaring's portable format


def _header(head: bytes | bytearray) -> tuple[int, int] | None:
    """How many containers a serialized bitmap has and where their key entries start, from
    its first eight bytes; None when they are not roaring's portable header."""
    if len(head) < 8:
        return None
    cookie = int.from_bytes(head[:4], "little")
    if cookie == _NO_RUNS:
        return int.from_bytes(head[4:8], "little"), 8
    if cookie & 0xFFFF == _RUNS:
        size = (cookie >> 16) + 1
        return size, 4 + (size + 7) // 8
    return None


def moved(blob: bytearray, lift: int) -> bool:
    """Raise, in place, each key of a serialized offset-major bitmap by `lift`, so it reads as
    its places each `lift` units further on.

    A container's key is its offset, so moving every place is adding `lift` to each key of
    the format's header, and the bitmap is then read once rather than read and copied. False
    (the blob left as it was) when the header cannot be read so or a key would pass 65535
    (shift the bitmap instead).
    """
    found = _header(blob)
    if found is None:
        return False
    size, at = found
    end = at + 4 * size
    # Each entry is a 16-bit key and then its count less one: keys are sorted, the last is
    # the largest, and one addition over the entries read as one number raises every key.
    if end > len(blob):
        return False
    if not size:
        return True
    if int.from_bytes(blob[end - 4 : end - 2], "little") + lift > 0xFFFF:
        return False
    keys = int.from_bytes(blob[at:end], "little") + lift * int.from_bytes(_ONE_LOW * size, "little")
    blob[at:end] = keys.to_bytes(4 * size, "little")
    return True


def header_count(read: Callable[[int, int], bytes]) -> int:
    """How many values a serialized bitmap holds, from its header alone: `read(lo, hi)`
    gives its bytes lo to hi. ValueError when the header cannot be read."""
    head = read(0, 8)
    if len(head) < 8:
        raise ValueError("a bitmap's header is cut short")
    found = _header(head)
    if found is None:
        raise ValueError("a bitmap's header is not roaring's")
    size, at = found
    if size > 1 << 16:
        raise ValueError("a bitmap's header counts too many containers")
    entries = array("H")
    entries.frombytes(read(at, at + 4 * size))
    if len(entries) != 2 * size:
        raise ValueError("a bitmap's header is cut short")
    if sys.byteorder != "little":
        entries.byteswap()
    # Each entry is a 16-bit key and then its count less one.
    return sum(entries[1::2]) + size


def split(codes: array, ends: array, places: bytes | bytearray) -> tuple[list[Any], list[Any]]:
    """Split the place table of a segment into its long tail and its common bigrams.

    `codes` are the bigrams in order, `ends` the byte offsets of each one's places in `places`
    (one more than codes, from 0). Returns the parts of the tail (codes, offsets, arrays) and
    of the common bigrams (codes, offsets, serialized offset-major bitmaps); the tail's arrays
    are pieces of `places` (a list of views: a segment's places are not copied to be written).
    """
    least = 4 * HEAVY
    # Real text has a tail of hundreds of thousands of rare bigrams: found and cut in C-level
    # passes, with no Python step per bigram; only the common ones are visited one by one.
    common = list(compress(count(), map(least.__le__, map(int.__sub__, ends[1:], ends[:-1]))))
    view = memoryview(places)
    blobs = [placed(view[ends[i] : ends[i + 1]]).serialize() for i in common]
    tail_codes, tail_ends, pieces = array("I"), array("Q", [0]), []
    cut = 0  # bytes of places left out so far
    for a, b in pairwise([-1, *common, len(codes)]):
        a += 1
        tail_codes.extend(codes[a:b])
        tail_ends.extend(map((-cut).__add__, ends[a + 1 : b + 1]) if cut else ends[a + 1 : b + 1])
        pieces.append(view[ends[a] : ends[b]])
        if b < len(codes):
            cut += ends[b + 1] - ends[b]
    heavy_ends = array("Q", [0])
    heavy_ends.extend(accumulate(map(len, blobs)))
    return (
        [tail_codes.tobytes(), tail_ends.tobytes(), pieces],
        [
            array("I", map(codes.__getitem__, common)).tobytes(),
            heavy_ends.tobytes(),
            b"".join(blobs),
        ],
    )
