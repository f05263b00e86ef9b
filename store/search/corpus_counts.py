"""Hits of the matching sections of one segment, read by ordinal range (a briefing, a section).

Counts are of merged hits, as search shows them: for one plain term that is `str.count` of the
term in the section's folded text (fields joined by a separator no term contains), read from
the index's places of the term (`positions.counts`) without reading any text; other queries
count in the texts.
"""

from __future__ import annotations

import threading
import weakref
from itertools import accumulate, repeat

from pyroaring import BitMap

from store.search import positions
from store.search.fields import source_fields
from store.search.hits import folded_hits
from store.search.postings import SEP
from store.search.query import Query
from store.search.segment import Segment

# Hit counts of plain terms per segment: a segment never changes, so a count made once holds
# for as long as the segment lives (a trend redrawn by week after month counts nothing again).
_COUNTS: weakref.WeakKeyDictionary[Segment, dict[str, tuple[BitMap, list[int]]]] = (
    weakref.WeakKeyDictionary()
)
_COUNTS_LOCK = threading.Lock()
KEPT_TERMS = 32


def forget_counts() -> None:
    """Drop every remembered count (the next count of each term reads the texts again)."""
    with _COUNTS_LOCK:
        _COUNTS.clear()


def plain_term(query: Query) -> str | None:
    """The needle when the query is one term in any field (hits are then a plain count)."""
    terms = query.positive_terms()
    if len(terms) == 1 and terms[0].field is None:
        return terms[0].folded
    return None


def _counted(seg: Segment, bm: BitMap, needle: str) -> list[int]:
    """Occurrences of needle in each section of bm (remembered per segment and term)."""
    with _COUNTS_LOCK:
        kept = _COUNTS.setdefault(seg, {})
        got = kept.get(needle)
    if got is not None and got[0] == bm:
        return got[1]
    holding, every = positions.counts(seg, needle)
    if holding == bm:
        counts = every
    elif bm.issubset(holding):  # fewer sections asked for (deleted, out of scope)
        counts = [every[r - 1] for r in map(holding.rank, bm)]
    else:  # not what the index says holds the term: count in the texts
        counts = list(map(str.count, seg.texts(seg.local(bm)), repeat(needle)))
    with _COUNTS_LOCK:
        kept.pop(needle, None)
        kept[needle] = (BitMap(bm), counts)
        while len(kept) > KEPT_TERMS:
            kept.pop(next(iter(kept)))
    return counts


def _hits(text: str, query: Query) -> int:
    """Merged hits of a query in one folded section text (fields joined by SEP)."""
    folded = text.split(SEP)
    return len(folded_hits(list(source_fields(folded)), query.clauses, folded))


class SegmentHits:
    """The matching ordinals of one segment with the hits of each (read from the places of a
    plain term, counted in the texts for other queries)."""

    def __init__(self, seg: Segment, ords: BitMap, query: Query, count_hits: bool) -> None:
        self.seg = seg
        self.ords = ords
        self.low, self.high = ords.min(), ords.max()
        needle = plain_term(query)
        if not count_hits:
            counts: list[int] = list(repeat(0, len(ords)))
        elif needle is not None:
            counts = _counted(seg, ords, needle)
        else:
            counts = [_hits(text, query) for text in seg.texts(seg.local(ords))]
        self._counts = counts
        self._prefix = [0, *accumulate(counts)]

    @property
    def total(self) -> int:
        """Hits in all the matching sections of the segment."""
        return self._prefix[-1]

    def _rank(self, lo: int, hi: int) -> tuple[int, int]:
        """Indexes in ords of the first ordinal >= lo and of the first >= hi."""
        a = self.ords.rank(lo - 1) if lo > 0 else 0
        return a, self.ords.rank(hi - 1) if hi > 0 else 0

    def between(self, firsts: list[int], lasts: list[int]) -> list[tuple[int, int]]:
        """(matching sections, hits) among the ordinals first .. last of each pair."""
        rank, prefix = self.ords.rank, self._prefix
        # rank(o) counts the matches up to o; nothing comes before ordinal 0.
        before = list(map(rank, [f - 1 if f else 0 for f in firsts]))
        upto = list(map(rank, [x if x >= 0 else 0 for x in lasts]))
        if firsts and firsts[0] == 0:  # only the first can start at 0 (or end before it)
            before[0] = 0
            if lasts[0] < 0:
                upto[0] = 0
        return [(b - a, prefix[b] - prefix[a]) for a, b in zip(before, upto, strict=True)]

    def sections(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """(ordinal, hits) of each matching section among the ordinals lo .. hi - 1."""
        if hi <= self.low or lo > self.high:
            return []
        a, b = self._rank(lo, hi)
        return list(zip(self.ords[a:b], self._counts[a:b], strict=True))
