"""Every section matching a query, read from the index: counts per briefing and hits in context.

Search ranks the best few sections; analysis needs all of them. A `Corpus` is one consistent
view of the index; `Corpus.match` finds every matching section (the same matching as search)
and counts its hits (`corpus_counts`), per briefing or per section, by ordinal ranges.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from pyroaring import BitMap

from store.search import engine, index
from store.search.api import allowed_ordinals
from store.search.corpus_counts import SegmentHits
from store.search.corpus_occurrences import Occurrence, occurrences
from store.search.query import Query, parse
from store.search.segfile import SegmentDamaged
from store.search.segment import Segment

__all__ = ["BriefingSize", "Corpus", "Matches", "Occurrence", "SectionMatch"]


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


def _view(lib: Any) -> index.View:
    return index.ready(lib)


# The briefings of the last few views, read once from each manifest (a view never changes);
# keyed by the view's id, with a weak reference telling whether that view is still the one.
_SIZES: dict[int, tuple[weakref.ref[index.View], dict[str, BriefingSize]]] = {}
VIEWS_KEPT = 4


def _sizes(view: index.View) -> dict[str, BriefingSize]:
    """The briefings a view holds, in reading order."""
    kept = _SIZES.get(id(view))
    if kept is not None and kept[0]() is view:
        return kept[1]
    sizes = [
        BriefingSize(
            bid,
            info.get("date"),
            info.get("title") or "",
            info.get("imported_at"),
            int(info["first"]),
            int(info["count"]),
            int(info.get("chars") or 0),
        )
        for bid, info in view.manifest.briefings.items()
    ]
    sizes.sort(key=lambda b: b.first)
    got = {b.briefing_id: b for b in sizes}
    _SIZES.pop(id(view), None)
    _SIZES[id(view)] = (weakref.ref(view), got)
    while len(_SIZES) > VIEWS_KEPT:
        _SIZES.pop(next(iter(_SIZES)))
    return got


class Corpus:
    """One view of the indexed library, for counting and reading hits across all of it."""

    def __init__(self, lib: Any) -> None:
        self.lib = lib
        self.view = _view(lib)
        self.sizes: dict[str, BriefingSize] = _sizes(self.view)
        self._order: (
            tuple[dict[str, BriefingSize], list[BriefingSize], list[int], list[int]] | None
        ) = None

    @property
    def in_order(self) -> tuple[list[BriefingSize], list[int]]:
        """The briefings by first ordinal, and their first ordinals (for bisecting)."""
        got = self._ranges()
        return got[1], got[2]

    def _ranges(self) -> tuple[dict[str, BriefingSize], list[BriefingSize], list[int], list[int]]:
        """The briefings in reading order, their first ordinals and their last ordinals."""
        if self._order is None or self._order[0] is not self.sizes:  # a recovery gave new sizes
            order = list(self.sizes.values())  # the sizes are kept in reading order
            firsts = [b.first for b in order]
            lasts = [b.first + b.sections - 1 for b in order]
            self._order = (self.sizes, order, firsts, lasts)
        return self._order

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
        for _ in range(index.TRIES - 1):
            try:
                return self._match(parsed, briefing_ids, count_hits)
            except SegmentDamaged as exc:
                # Nothing of the damaged chunk was used: index its briefings again, then redo.
                self.view = index.recover(self.lib, exc)
                self.sizes = _sizes(self.view)
        return self._match(parsed, briefing_ids, count_hits)

    def _match(
        self, parsed: Query, briefing_ids: list[str] | set[str] | None, count_hits: bool
    ) -> Matches:
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
        self._parts = [SegmentHits(seg, bm, query, count_hits) for seg, bm in found if bm]

    @property
    def sections(self) -> int:
        """How many sections match."""
        return sum(len(p.ords) for p in self._parts)

    @property
    def hits(self) -> int:
        """How many hits there are in all matching sections."""
        return sum(p.total for p in self._parts)

    def between(self, firsts: list[int], lasts: list[int]) -> list[tuple[int, int]]:
        """(matching sections, hits) among the ordinals first .. last of each range; the
        ranges are in ordinal order and do not overlap."""
        out = [(0, 0)] * len(firsts)
        written = 0  # the ranges below this one have been written by a segment
        for part in sorted(self._parts, key=lambda p: p.low):
            # The ranges this segment's matches fall among, counted at once.
            lo = max(0, bisect_right(firsts, part.low) - 1)
            hi = bisect_right(firsts, part.high)
            got = part.between(firsts[lo:hi], lasts[lo:hi])
            if lo >= written:  # no other segment has counted in these ranges
                out[lo:hi] = got
            else:  # merged segments may interleave: add up
                for i, (n_sections, n_hits) in enumerate(got, lo):
                    if n_sections:
                        had = out[i]
                        out[i] = (had[0] + n_sections, had[1] + n_hits)
            written = max(written, hi)
        return out

    def by_briefing(self, briefing_ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
        """(matching sections, hits) of each briefing (of these) that has any."""
        _sizes, order, firsts, lasts = self.corpus._ranges()
        found = {
            b.briefing_id: got
            for b, got in zip(order, self.between(firsts, lasts), strict=True)
            if got[0]
        }
        if briefing_ids is None:
            return found
        return {bid: found[bid] for bid in briefing_ids if bid in found}

    def in_briefing(self, briefing_id: str) -> list[SectionMatch]:
        """The matching sections of one briefing, in reading order."""
        b = self.corpus.sizes.get(briefing_id)
        if b is None:
            return []
        lo, hi = b.first, b.first + b.sections
        found = [(o, n, part.seg) for part in self._parts for o, n in part.sections(lo, hi)]
        found.sort(key=lambda r: r[0])  # merged segments may interleave
        return [SectionMatch(o, seg.id_of(o - seg.first), briefing_id, n) for o, n, seg in found]

    def _segment(self, ordinal: int) -> Segment | None:
        for part in self._parts:
            if ordinal in part.ords:
                return part.seg
        return None

    def folded_fields(self, match: SectionMatch) -> list[str]:
        """The folded fields of a matching section, as the index holds them."""
        seg = self._segment(match.ordinal)
        return [] if seg is None else seg.fields(match.ordinal - seg.first)

    def occurrences(self, match: SectionMatch) -> list[Occurrence]:
        """Every hit of the query in a matching section, in reading order, in source text."""
        seg = self._segment(match.ordinal)
        if seg is None:
            return []
        local = match.ordinal - seg.first
        return occurrences(seg, local, self.query, match.section_id, match.briefing_id)
