"""Exact places of one folded string in one segment, read from the index (public API).

Every function takes a `Segment` and a folded needle (`normalise.fold` of what a user typed)
and is exact: a needle of 3+ units is the intersection of the place bitmaps of the bigrams
covering it (offsets 0, 2, 4, ..., n - 2), each shifted back by its offset, so a section is
never found by a text check. A place is `offset << 16 | local`: `offset` counts UTF-16 units
into the section's folded text (fields joined by SEP), `local` is the ordinal minus
`seg.first`, so moving places k units on is a shift by `k << 16`, which relabels the bitmap's
containers and copies none apart. Sections longer than `units.LONG` units
are not positioned; they are in `seg.long` and are answered by scanning their text, here, as
are needles longer than `units.PHRASE` units, so callers never see the difference.

- `sections(seg, needle)`: local indexes of the sections holding the needle;
- `ordinals(seg, needle)`: the same as ordinals;
- `places(seg, needle)`: every start (overlapping ones too) in positioned sections, and
  `place_count` how many;
- `counts(seg, needle)`: (ordinals, occurrences per ordinal), occurrences counted as
  `str.count` does (left to right, not overlapping), in ordinal order;
- `tally(seg, needle)`: occurrences per local index read from places alone, or None when
  they cannot be (one unit, overlapping occurrences, long sections);
- `by_local(seg, needle)`: the places indexed by local index, to count those of a few
  sections (`ByLocal.count`, `ByLocal.before` an offset), or None when `tally` would be;
- `starts(seg, needle, local)`: character offsets of every start in one section's text.
"""

from __future__ import annotations

from array import array
from collections import Counter

from pyroaring import BitMap

from store.search.segment import Segment
from store.search.units import PHRASE, UNIT, cover, pair, term_units

__all__ = [
    "ByLocal",
    "by_local",
    "counts",
    "ordinals",
    "place_count",
    "places",
    "sections",
    "starts",
    "tally",
]

_PLACES = "\x1e"  # key prefix of kept places (no folded needle holds it)


def _codes(units: array) -> list[int]:
    return [pair(units[i], units[i + 1]) for i in range(len(units) - 1)]


def places(seg: Segment, needle: str) -> BitMap:
    """Every start of a needle of 2+ units in the positioned sections, as offset << 16 | local.

    A needle of one unit has no positions in the index; its places are an empty bitmap (use
    `counts` or `starts`, which read the texts for it).
    """
    got, at = _placed(seg, needle)
    return got.shift(-at * UNIT) if at and got else got


def place_count(seg: Segment, needle: str) -> int:
    """How many places `places` gives (without moving them back to their starts)."""
    return len(_placed(seg, needle)[0])


def _placed(seg: Segment, needle: str) -> tuple[BitMap, int]:
    """The places of a needle, each `at` units past its start: (places, at).

    Moving them back costs a copy, which the sections holding them and their counts never
    need, so it is left to `places`.
    """
    units = term_units(needle)
    n = len(units)
    if n < 2:
        return BitMap(), 0
    if n == 2:
        return seg.positions(pair(units[0], units[1])), 0
    got = seg.terms.get(_PLACES + needle)
    if got is None:
        got = _intersect(seg, units) if n <= PHRASE else (_scanned(seg, units, needle), 0)
        seg.remember(_PLACES + needle, got)
    return got


def _cheapest_cover(seg: Segment, units: array) -> list[int] | None:
    """Offsets of covering bigrams whose places cost the least to read.

    Bigrams at offsets 0 and n - 2, and none more than two apart, cover every unit, so their
    places intersected are exactly the needle's (as `cover`'s are); a bigram the segment lacks
    means the needle is not there (None).
    """
    n = len(units)
    sizes = [seg.positions_cost(pair(units[i], units[i + 1])) for i in range(n - 1)]
    if not all(sizes):
        return None
    best, back = [sizes[0]] + [0] * (n - 2), [0] * (n - 1)
    for i in range(1, n - 1):
        j = i - 1 if i < 2 or best[i - 1] <= best[i - 2] else i - 2
        best[i], back[i] = sizes[i] + best[j], j
    chosen = [n - 2]
    while chosen[-1]:
        chosen.append(back[chosen[-1]])
    return chosen[::-1]


def _intersect(seg: Segment, units: array) -> tuple[BitMap, int]:
    """The places of a needle of 3+ units from its covering bigrams, shifted and intersected."""
    # Up to 4 units the cover is fixed; a longer needle has several, sized before any is read.
    offsets = cover(len(units)) if len(units) <= 4 else _cheapest_cover(seg, units)
    if offsets is None:
        return BitMap(), 0
    # Each bigram's places are read already moved on to where the last one starts (a key
    # relabelled as it is read, never a copy), so the intersection needs no shift.
    at = offsets[-1]
    maps = sorted((seg.positions(pair(units[o], units[o + 1]), at - o) for o in offsets), key=len)
    got = maps[0] & maps[1]  # a bitmap of this search's own: the segment keeps the ones read
    for bm in maps[2:]:
        if not got:
            break
        got &= bm  # in place: no new containers are made for what is kept
    return got, at


def _scanned(seg: Segment, units: array, needle: str) -> BitMap:
    """The places of a needle too long to shift by (its shifts could pass a section's end),
    found in the texts of the positioned sections that hold all its grams."""
    cand = _candidates(seg, units) - seg.long
    out = BitMap()
    for i, text in zip(cand, seg.texts(cand), strict=True):
        at = text.find(needle)
        while at >= 0:
            out.add(len(text[:at].encode("utf-16-le", "surrogatepass")) >> 1 << 16 | i)
            at = text.find(needle, at + 1)
    return out


def _candidates(seg: Segment, units: array) -> BitMap:
    """Local indexes whose section bitmaps hold every gram of the needle (a superset)."""
    if len(units) == 1:
        return seg.bitmap(units[0])
    return BitMap.intersection(*(seg.bitmap(c) for c in dict.fromkeys(_codes(units))))


def _long(seg: Segment, units: array, needle: str) -> BitMap:
    """The long (unpositioned) sections holding the needle, by scanning their texts."""
    if not seg.long:
        return BitMap()
    cand = seg.long & _candidates(seg, units)
    return BitMap([i for i, text in zip(cand, seg.texts(cand), strict=True) if needle in text])


def sections(seg: Segment, needle: str) -> BitMap:
    """Local indexes of the sections holding the needle; do not mutate the result."""
    units = term_units(needle)
    if not units:
        return BitMap()
    if len(units) <= 2:
        return seg.bitmap(units[0] if len(units) == 1 else pair(units[0], units[1]))
    got = seg.terms.get(needle)
    if got is None:
        found = _placed(seg, needle)[0]
        got = _lows(found) if found else BitMap()
        if seg.long:
            got |= _long(seg, units, needle)
        seg.remember(needle, got)
    return got


def ordinals(seg: Segment, needle: str) -> BitMap:
    """The ordinals of the sections holding the needle."""
    got = sections(seg, needle)
    return got.shift(seg.first) if seg.first else BitMap(got)


# Every even and every odd local index: each is one bitset, so adding to a copy costs the same
# whatever order the values come in (an array of them would move its tail at each insert).
_EVENS = BitMap(range(0, UNIT, 2))
_ODDS = BitMap(range(1, UNIT, 2))


def _lows(found: BitMap) -> BitMap:
    """The local indexes of places (their low 16 bits), which come offset by offset, unsorted."""
    values = found.to_array()
    out = array("I", bytes(4 * len(values)))
    memoryview(out).cast("B").cast("H")[0::2] = memoryview(values).cast("B").cast("H")[0::2]
    odd, even = _EVENS.copy(), _ODDS.copy()
    odd.update(out)
    even.update(out)
    return (odd - _EVENS) | (even - _ODDS)


def _bordered(needle: str) -> bool:
    """Whether two occurrences of the needle can overlap (a proper prefix is also a suffix)."""
    return any(needle[:k] == needle[-k:] for k in range(1, len(needle)))


def tally(seg: Segment, needle: str) -> Counter[int] | None:
    """Occurrences (as str.count counts) per local index, read from places alone.

    None when places cannot tell: a needle of one unit, one whose occurrences may overlap
    ("哈哈" in "哈哈哈"), or one held by a long section.
    """
    if len(term_units(needle)) < 2 or _bordered(needle) or seg.long & sections(seg, needle):
        return None
    # No two occurrences overlap: one per place, counted by local index in C.
    found = _placed(seg, needle)[0]
    return Counter(memoryview(found.to_array()).cast("B").cast("H")[0::2])


class ByLocal:
    """The places of a needle in one segment, counted by local index in C.

    Places are offset-major, so a section's places lie apart: their count per local index is
    one C-level pass over the places' low halves, made when first asked; those before an
    offset are the intersection with one value per offset below it.
    """

    def __init__(self, found: BitMap, at: int = 0) -> None:
        """Index the places (offset << 16 | local, each offset `at` units on) of one needle."""
        self.found = found
        self.at = at
        self._per: Counter[int] | None = None

    def __len__(self) -> int:
        return len(self.found)

    def count(self, local: BitMap) -> list[int]:
        """The places of each of these local indexes, in order."""
        if self._per is None:
            self._per = Counter(memoryview(self.found.to_array()).cast("B").cast("H")[0::2])
        return list(map(self._per.__getitem__, local))

    def before(self, local: int, end: int) -> int:
        """The places of one local index whose offset is below `end`."""
        limit = min(end + self.at, UNIT)
        if limit <= 0:
            return 0
        return self.found.intersection_cardinality(BitMap(range(local, limit * UNIT, UNIT)))


def by_local(seg: Segment, needle: str) -> ByLocal | None:
    """The needle's places indexed by section, when they count it as str.count does.

    None for a needle of one unit, one whose occurrences may overlap, or one held by a long
    section (see `tally`).
    """
    if len(term_units(needle)) < 2 or _bordered(needle) or seg.long & sections(seg, needle):
        return None
    return ByLocal(*_placed(seg, needle))


def counts(seg: Segment, needle: str) -> tuple[BitMap, list[int]]:
    """The ordinals holding the needle and its occurrences in each (as str.count counts)."""
    local = sections(seg, needle)
    per = tally(seg, needle)
    if per is not None:
        got = list(map(per.__getitem__, local))  # every section of local has a place
    else:
        got = [text.count(needle) for text in seg.texts(local)]
    return (local.shift(seg.first) if seg.first else BitMap(local)), got


def starts(seg: Segment, needle: str, local: int) -> list[int]:
    """Character offsets of every start of the needle (overlapping too) in one section."""
    text = seg.text(local)
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out
