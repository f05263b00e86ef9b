"""The gram bitmaps of a segment, built in C-level passes over the UTF-16 units of its texts.

Grams are UTF-16 code units: a 1-unit gram's code is the unit, a bigram's code is
`first | second << 16` (the 4 bytes of the pair read as one little-endian number), so every
bigram of a text is read by casting its bytes, twice (even and odd starts), without a Python
loop per character. Matching units is matching characters: UTF-16 never matches a well-formed
string in the middle of a surrogate pair.

Three kinds of bitmap per segment, each keyed by code:
- section bitmaps: local indexes of sections holding the 1-unit or 2-unit gram;
- head bitmaps: the same over kicker, headline and deck only;
- position bitmaps of bigrams: every place a bigram starts, as `offset << 16 | local`, where
  offset counts units of the section's folded text (fields joined by SEP). Offset-major keys
  keep one roaring container per (bigram, offset) instead of one per (bigram, section), and a
  shift by `k << 16` moves every place k units on, so a phrase is an intersection of shifts.

A section longer than LONG units has no positions (its offsets would not fit): queries scan its
text instead (`Built.long`). Between sections lies a SEP, which no query holds, so no phrase
crosses sections or fields.
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import partial

from pyroaring import BitMap

SEP = "\x1f"
SEP_UNIT = 0x1F
UNIT = 1 << 16  # one step of offset in a position value
LONG = 0xFFFF  # sections with more units than this are scanned, not positioned
_SEP_BYTES = SEP.encode("utf-16-le")


def encode(text: str) -> bytes:
    """UTF-16-LE units of a text (lone surrogates kept, so any str round-trips)."""
    return text.encode("utf-16-le", "surrogatepass")


def term_units(folded: str) -> array:
    """The UTF-16 units of a folded term."""
    out = array("H")
    out.frombytes(encode(folded))
    return out


def pair(first: int, second: int) -> int:
    """The code of a bigram of two units."""
    return first | second << 16


def cover(n: int) -> list[int]:
    """Offsets of bigrams that cover a term of n >= 2 units: 0, 2, 4, ..., and n - 2."""
    offsets = list(range(0, n - 1, 2))
    if offsets[-1] != n - 2:
        offsets.append(n - 2)
    return offsets


def lows(values: array) -> BitMap:
    """The low 16 bits of each value (the local index of a position), as a bitmap."""
    if len(values) <= 4:  # most grams are rare: skip the buffer work
        return BitMap([v & 0xFFFF for v in values])
    out = array("I", bytes(4 * len(values)))
    memoryview(out).cast("B").cast("H")[0::2] = memoryview(values).cast("B").cast("H")[0::2]
    return BitMap(out)


@dataclass
class Built:
    """The bitmaps of a segment by code, the locals too long to position, and its texts."""

    sections: dict[int, BitMap] = field(default_factory=dict)
    heads: dict[int, BitMap] = field(default_factory=dict)
    positions: dict[int, BitMap] = field(default_factory=dict)
    long: BitMap = field(default_factory=BitMap)
    encoded: list[bytes] = field(default_factory=list)  # UTF-16 of each text, by local index
    # Ranking's length of each text (characters, SEPs not counted), and the locals whose text
    # holds characters outside the BMP (there a place's offset in units is not a character's).
    lengths: array = field(default_factory=partial(array, "I"))
    wide: BitMap = field(default_factory=BitMap)

    def add(self, texts: list[str], heads: list[int]) -> None:
        """Add sections at the next local indexes (texts folded, with their head lengths).

        A segment's bitmaps come out the same whether its sections arrive at once or in
        parts, so a segment can be built while its sections are still being read.
        """
        base = len(self.encoded)
        if base + len(texts) > UNIT:
            raise ValueError("a segment holds at most 65536 sections")
        encoded = [encode(t) for t in texts]
        self.encoded.extend(encoded)
        self.lengths.extend([len(t) - t.count(SEP) for t in texts])
        self.wide.update(
            i
            for i, (t, e) in enumerate(zip(texts, encoded, strict=True), base)
            if len(e) != 2 * len(t)
        )
        sizes = [len(e) >> 1 for e in encoded]
        for i, n in enumerate(sizes):
            if n > LONG:
                self.long.add(base + i)
                _add_long(self.sections, encoded[i], base + i)
                encoded[i], sizes[i] = b"", 0
        places = array("I")
        for i, n in enumerate(sizes, base):
            places.extend(range(i, i + ((n + 1) << 16), UNIT))
        groups = _group(_joined(encoded, places), places)
        _merge(self.sections, _sections_of(groups, project=True))
        positions = self.positions
        for code, at in groups.items():
            if code & 0xFFFF != SEP_UNIT and code >> 16 != SEP_UNIT:
                got = positions.get(code)
                if got is None:
                    positions[code] = BitMap(at)
                else:
                    got.update(at)
        del groups
        head_raw = [encode(t[:h]) for t, h in zip(texts, heads, strict=True)]
        locals_ = array("I")
        for i, e in enumerate(head_raw, base):
            locals_.extend([i] * ((len(e) >> 1) + 1))
        _merge(self.heads, _sections_of(_group(_joined(head_raw, locals_), locals_), project=False))


def _group(raw: bytes, places: array) -> defaultdict[int, array]:
    """For every bigram code of the units in raw (even unit count), the places it starts at."""
    groups: defaultdict[int, array] = defaultdict(partial(array, "I"))
    slot, put = groups.__getitem__, array.append
    deque(map(put, map(slot, memoryview(raw).cast("I")), places[0::2]), 0)
    deque(map(put, map(slot, memoryview(raw)[2 : len(raw) - 2].cast("I")), places[1::2]), 0)
    return groups


def _joined(encoded: list[bytes], places: array) -> bytes:
    """The texts joined by SEP, ending in SEP, padded to an even count of units."""
    raw = _SEP_BYTES.join(encoded) + _SEP_BYTES
    if len(raw) % 4:
        raw += _SEP_BYTES
        places.append(0)
    return raw


def _sections_of(groups: defaultdict[int, array], project: bool) -> dict[int, BitMap]:
    """Section bitmaps of every bigram and 1-unit gram from grouped places."""
    out: dict[int, BitMap] = {}
    firsts: defaultdict[int, list[BitMap]] = defaultdict(list)
    for code, places in groups.items():
        first, second = code & 0xFFFF, code >> 16
        if first == SEP_UNIT:
            continue
        bm = lows(places) if project else BitMap(places)
        firsts[first].append(bm)
        if second != SEP_UNIT:
            out[code] = bm
    for first, maps in firsts.items():
        # A copy, not the bigram's own bitmap: each code's bitmap is changed in place later.
        out[first] = BitMap(maps[0]) if len(maps) == 1 else BitMap.union(*maps)
    return out


def _merge(into: dict[int, BitMap], got: dict[int, BitMap]) -> None:
    for code, bm in got.items():
        have = into.get(code)
        if have is None:
            into[code] = bm
        else:
            have |= bm


def build(texts: list[str], heads: list[int]) -> Built:
    """Every bitmap of a segment whose texts (by local index) and head lengths are given."""
    out = Built()
    out.add(texts, heads)
    return out


def _add_long(sections: dict[int, BitMap], raw: bytes, local: int) -> None:
    """The section grams of one text too long to position."""
    raw += _SEP_BYTES if (len(raw) >> 1) % 2 else _SEP_BYTES * 2
    codes = set(memoryview(raw).cast("I"))
    codes.update(memoryview(raw)[2 : len(raw) - 2].cast("I"))
    keys = {c & 0xFFFF for c in codes}
    keys.update(c for c in codes if c >> 16 != SEP_UNIT)
    keys.discard(SEP_UNIT)
    for code in keys:
        if code & 0xFFFF == SEP_UNIT:
            continue
        sections.setdefault(code, BitMap()).add(local)
