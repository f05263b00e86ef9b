"""A table of many small bitmaps serialized at once by numpy, in roaring's portable format.

A segment of real news text has hundreds of thousands of bigrams, most in a few sections;
making, optimising and serializing a pyroaring bitmap for each costs about as much as the rest
of its build. Every section bitmap of a segment holds local indexes, below 65536, so it is one
container with key 0; one of at most MAX_ARRAY values is an array container, which is 16 bytes
of header (cookie, container count, key, cardinality - 1, offset of the container) and the
values as 16-bit numbers. Those are written here for all bigrams at once; larger ones, and any
other bitmap of the table, go through pyroaring as before. `BitMap.deserialize` reads both.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from pyroaring import BitMap

MAX_ARRAY = 4096  # roaring's largest array container
COOKIE = 12346  # the portable format without run containers
CHUNK = 1 << 21  # values placed at a time
# The header of a one-container bitmap in 16-bit words; None is the cardinality - 1.
_HEADER = (COOKIE & 0xFFFF, COOKIE >> 16, 1, 0, 0, None, 16, 0)


def arrays(np: Any, cards: Any, values: Any) -> tuple[memoryview, Any]:
    """Serialized bitmaps of runs of sorted distinct 16-bit values (run k holds cards[k] of
    them, 1 to MAX_ARRAY), one after another (the bytes of one array), and the size in bytes
    of each."""
    count, head = len(cards), len(_HEADER)
    cards = cards.astype(np.int64)
    words = np.empty(head * count + len(values), np.uint16)
    ends = np.cumsum(cards)
    starts = head * np.arange(count, dtype=np.int64) + (ends - cards)
    for at, word in enumerate(_HEADER):
        words[starts + at] = cards - 1 if word is None else word
    del starts
    # Each value moves past the headers up to its own: a chunk of runs at a time, so the
    # index arrays stay small beside the values.
    cuts = np.searchsorted(ends, np.arange(CHUNK, len(values), CHUNK))
    bounds = np.unique(np.concatenate(([0], cuts, [count]))).tolist()
    for a, b in pairwise(bounds):
        lo, hi = int(ends[a - 1]) if a else 0, int(ends[b - 1]) if b else 0
        past = np.repeat(head * np.arange(a + 1, b + 1, dtype=np.int64), cards[a:b])
        words[past + np.arange(lo, hi, dtype=np.int64)] = values[lo:hi]
    return memoryview(words).cast("B"), 2 * head + 2 * cards


def table(
    np: Any, codes: Any, cards: Any, values: Any, others: dict[int, BitMap]
) -> tuple[bytes, bytes, bytes]:
    """Sorted codes, byte offsets ("Q", one more than codes) and serialized bitmaps of a table.

    `codes` (sorted) have their bitmaps as runs of `values` (`arrays`); `others` are bitmaps
    of codes not among them, run-optimised and serialized by pyroaring (empty ones left out).
    """
    blob, sizes = arrays(np, cards, values)
    extra = sorted(c for c, bm in others.items() if bm)
    serial = []
    for code in extra:
        others[code].run_optimize()
        serial.append(others[code].serialize())
    at = np.searchsorted(codes, np.array(extra, np.uint32)).astype(np.int64)
    keys = np.insert(codes.astype(np.uint32), at, np.array(extra, np.uint32))
    offsets = np.zeros(len(keys) + 1, np.uint64)
    np.cumsum(np.insert(sizes.astype(np.uint64), at, [len(s) for s in serial]), out=offsets[1:])
    ends = np.concatenate(([0], np.cumsum(sizes))).tolist()
    view = memoryview(blob)
    pieces: list[Any] = []
    done = 0
    for i, raw in zip(at.tolist(), serial, strict=True):
        pieces += [view[ends[done] : ends[i]], raw]
        done = i
    pieces.append(view[ends[done] :])
    return keys.tobytes(), offsets.tobytes(), b"".join(pieces)
