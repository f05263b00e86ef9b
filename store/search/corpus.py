"""Every section matching a query, read from the index: counts per briefing and hits in context.

Search ranks the best few sections; analysis needs all of them. A `Corpus` is one consistent
view of the index; `Corpus.match` finds every matching section (the same matching as search)
and counts its hits in one C-level pass over the folded texts the index already holds.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, repeat
from typing import Any, NamedTuple

from pyroaring import BitMap

from store.search import engine, index
from store.search.api import allowed_ordinals
from store.search.fields import source_fields
from store.search.hits import folded_hits
from store.search.normalise import source_offsets, unfold
from store.search.postings import SEP
from store.search.query import Query, parse
from store.search.segment import Segment


@dataclass(frozen=True, slots=True)
class BriefingSize:
    """What the index holds of one briefing: date, title, import time, sections, characters."""

    briefing_id: str
    date: str | None
    title: str
    imported_at: str | None
    first: int
    sections: int
    chars: int


class SectionMatch(NamedTuple):
    """One matching section: its ordinal (reading order), ids and number of hits."""

    ordinal: int
    section_id: str
    briefing_id: str
    hits: int


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One hit in source text: its field (and block), the field's whole text and the span."""

    section_id: str
    briefing_id: str
    headline: str
    field: str
    block: int | None
    text: str
    start: int
    end: int
    folded: str
    folded_start: int
    folded_end: int


def _view(lib: Any) -> index.View:
    return index.ready(lib)


# Hit counts of plain terms per segment: a segment never changes, so a count made once holds
# for as long as the segment lives (a trend redrawn by week after month counts nothing again).
_COUNTS: weakref.WeakKeyDictionary[Segment, dict[str, tuple[BitMap, list[int]]]] = (
    weakref.WeakKeyDictionary()
)
_COUNTS_LOCK = threading.Lock()
KEPT_TERMS = 32


def _counted(seg: Segment, bm: BitMap, needle: str) -> list[int]:
    """Occurrences of needle in each section of bm (remembered per segment and term)."""
    with _COUNTS_LOCK:
        kept = _COUNTS.setdefault(seg, {})
        got = kept.get(needle)
    if got is not None and got[0] == bm:
        return got[1]
    counts = list(map(str.count, seg.texts(seg.local(bm)), repeat(needle)))
    with _COUNTS_LOCK:
        kept.pop(needle, None)
        kept[needle] = (BitMap(bm), counts)
        while len(kept) > KEPT_TERMS:
            kept.pop(next(iter(kept)))
    return counts


def _plain_term(query: Query) -> str | None:
    """The needle when the query is one term in any field (hits are then a plain count)."""
    terms = query.positive_terms()
    if len(terms) == 1 and terms[0].field is None:
        return terms[0].folded
    return None


class Corpus:
    """One view of the indexed library, for counting and reading hits across all of it."""

    def __init__(self, lib: Any) -> None:
        self.view = _view(lib)
        sizes = []
        for bid, info in self.view.manifest.briefings.items():
            sizes.append(
                BriefingSize(
                    bid,
                    info.get("date"),
                    info.get("title") or "",
                    info.get("imported_at"),
                    int(info["first"]),
                    int(info["count"]),
                    int(info.get("chars") or 0),
                )
            )
        sizes.sort(key=lambda b: b.first)
        self.sizes: dict[str, BriefingSize] = {b.briefing_id: b for b in sizes}

    def ordinals(self, briefing_ids: list[str] | set[str]) -> BitMap:
        """The ordinals of the sections of these briefings."""
        out = BitMap()
        for bid in briefing_ids:
            b = self.sizes.get(bid)
            if b is not None:
                out.add_range(b.first, b.first + b.sections)
        return out

    def match(
        self,
        query: str | Query,
        briefing_ids: list[str] | set[str] | None = None,
        *,
        count_hits: bool = True,
    ) -> Matches:
        """Every section matching the query (in these briefings), with its hits counted.

        Without `count_hits` only sections are counted (every hit count reads as 0).
        """
        parsed = query if isinstance(query, Query) else parse(query)
        if parsed.empty:
            return Matches(self, parsed, [])
        allowed = allowed_ordinals(self.view, parsed, None)
        if briefing_ids is not None:
            mine = self.ordinals(briefing_ids)
            allowed = mine if allowed is None else allowed & mine
        found = engine.matching(self.view, parsed, allowed)
        if not found:
            expanded = engine.expand_pinyin(self.view, parsed)
            if expanded is not None:
                again = engine.matching(self.view, expanded, allowed)
                if again:
                    parsed, found = expanded, again
        return Matches(self, parsed, found, count_hits)


class Matches:
    """The sections matching one query, in reading order, with hits counted per section."""

    def __init__(
        self,
        corpus: Corpus,
        query: Query,
        found: list[tuple[Segment, BitMap]],
        count_hits: bool = True,
    ) -> None:
        self.corpus = corpus
        self.query = query
        ords: list[int] = []
        counts: list[int] = []
        segs: list[Segment] = []
        needle = _plain_term(query)
        in_order = True
        for seg, bm in found:
            if ords and bm.min() < ords[-1]:
                in_order = False  # merged segments may interleave
            if not count_hits:
                counts.extend(repeat(0, len(bm)))
            elif needle is not None:
                counts.extend(_counted(seg, bm, needle))
            else:
                counts.extend(_hits(text, query) for text in seg.texts(seg.local(bm)))
            ords.extend(bm)
            segs.extend(repeat(seg, len(bm)))
        if not in_order:
            order = sorted(range(len(ords)), key=ords.__getitem__)
            ords = [ords[i] for i in order]
            counts = [counts[i] for i in order]
            segs = [segs[i] for i in order]
        self._ords, self._counts, self._segs = ords, counts, segs
        self._prefix = [0, *accumulate(counts)]

    @property
    def sections(self) -> int:
        """How many sections match."""
        return len(self._ords)

    @property
    def hits(self) -> int:
        """How many hits there are in all matching sections."""
        return self._prefix[-1]

    def _slice(self, b: BriefingSize) -> tuple[int, int]:
        lo = bisect_left(self._ords, b.first)
        return lo, bisect_left(self._ords, b.first + b.sections, lo)

    def by_briefing(self, briefing_ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
        """(matching sections, hits) of each briefing (of these) that has any."""
        out: dict[str, tuple[int, int]] = {}
        prefix = self._prefix
        sizes = self.corpus.sizes
        wanted = sizes if briefing_ids is None else [b for b in briefing_ids if b in sizes]
        for bid in wanted:
            lo, hi = self._slice(sizes[bid])
            if hi > lo:
                out[bid] = (hi - lo, prefix[hi] - prefix[lo])
        return out

    def in_briefing(self, briefing_id: str) -> list[SectionMatch]:
        """The matching sections of one briefing, in reading order."""
        b = self.corpus.sizes.get(briefing_id)
        if b is None:
            return []
        lo, hi = self._slice(b)
        return [self._at(i, briefing_id) for i in range(lo, hi)]

    def _at(self, i: int, briefing_id: str) -> SectionMatch:
        seg, o = self._segs[i], self._ords[i]
        return SectionMatch(o, seg.ids[o - seg.first], briefing_id, self._counts[i])

    def folded_fields(self, match: SectionMatch) -> list[str]:
        """The folded fields of a matching section, as the index holds them."""
        i = bisect_left(self._ords, match.ordinal)
        seg = self._segs[i]
        return seg.fields(match.ordinal - seg.first)

    def occurrences(self, match: SectionMatch) -> list[Occurrence]:
        """Every hit of the query in a matching section, in reading order, in source text."""
        i = bisect_left(self._ords, match.ordinal)
        if i >= len(self._ords) or self._ords[i] != match.ordinal:
            return []
        seg = self._segs[i]
        local = match.ordinal - seg.first
        folded = seg.fields(local)
        found = folded_hits(list(source_fields(folded)), self.query.clauses, folded)
        # Only the fields with hits (and the headline) are turned back into source text, and
        # hits are mapped through the field's edits (no folding of the source again).
        edits = {e[0]: e[1:] for e in seg.edits(local)}
        source = list(folded)
        for f in {1, *(h[0] for h in found)}:
            if f in edits and f < len(source):
                source[f] = unfold(folded[f], edits[f])
        fields = list(source_fields(source))
        spans = _source_spans(found, edits)
        return [
            Occurrence(
                match.section_id,
                match.briefing_id,
                source[1],
                fields[f][0],
                fields[f][1],
                fields[f][2],
                start,
                end,
                folded[f],
                s,
                e,
            )
            for (f, s, e), (start, end) in zip(found, spans, strict=True)
        ]


def _source_spans(
    found: list[tuple[int, int, int]], edits: dict[int, list[Any]]
) -> list[tuple[int, int]]:
    """Folded hits (field, start, end) as source spans: the end is after the whole source
    character that gave the hit's last folded one."""
    out: list[tuple[int, int]] = []
    at = 0
    while at < len(found):
        f = found[at][0]
        upto = at
        while upto < len(found) and found[upto][0] == f:
            upto += 1
        mine = found[at:upto]
        moves = edits.get(f)
        if not moves:  # a field without edits is its own folded form
            out.extend((s, e) for _f, s, e in mine)
        else:
            ends = source_offsets(moves, [e - 1 for _f, _s, e in mine])
            starts = source_offsets(moves, [s for _f, s, _e in mine])
            out.extend((s, e + 1) for s, e in zip(starts, ends, strict=True))
        at = upto
    return out


def _hits(text: str, query: Query) -> int:
    """Merged hits of a query in one folded section text (fields joined by SEP)."""
    folded = text.split(SEP)
    return len(folded_hits(list(source_fields(folded)), query.clauses, folded))
