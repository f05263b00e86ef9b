"""A concordance: every occurrence of a query in its context, counted exactly, read in pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from store.analysis.context import left_context, right_context
from store.analysis.scope import Scope, briefing_names
from store.errors import BriefingError
from store.numbering import block_kinds, paragraph_number, place
from store.search.corpus import Corpus, Matches, Occurrence, SectionMatch
from store.search.fields import source_fields
from store.search.hits import folded_hits
from store.search.query import Query, parse

SORTS = ("date", "left", "right")
# Shapes of sections read lately, by section id and import time (a re-import may parse anew).
_SHAPES: dict[str, str] = {}
SHAPES_KEPT = 20_000
KEY_CHARS = 12  # characters nearest the hit that decide the left or right order


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One occurrence: where it is, and its left context, hit and right context."""

    briefing_id: str
    section_id: str
    date: str | None
    source: str
    headline: str
    field: str
    block: int | None
    paragraph: int | None
    place: str
    left: str
    hit: str
    right: str
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing kwic --json` lines."""
        return {
            "briefing_id": self.briefing_id,
            "section_id": self.section_id,
            "date": self.date,
            "source": self.source,
            "headline": self.headline,
            "paragraph": self.paragraph,
            "place": self.place,
            "field": self.field,
            "block": self.block,
            "left": self.left,
            "hit": self.hit,
            "right": self.right,
        }


@dataclass
class Concordance:
    """Every occurrence of a query within a scope: exact counts at once, lines on demand."""

    lib: Any
    query: Query
    matches: Matches
    scope: Scope
    sort: str = "date"
    by_source: Counter[str] = field(default_factory=Counter)
    by_year: Counter[str] = field(default_factory=Counter)
    sections: int = 0
    total: int = 0
    _dated: list[tuple[str, int]] = field(default_factory=list)
    _all: list[SectionMatch] | None = None
    _keyed: list[tuple[int, int]] | None = None
    _shapes: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] | None = None

    @classmethod
    def build(
        cls,
        lib: Any,
        query: str | Query,
        scope: Scope | None = None,
        *,
        sort: str = "date",
        corpus: Corpus | None = None,
    ) -> Concordance:
        """Find every matching section in scope and count its occurrences (no lines yet)."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        corpus = corpus or Corpus(lib)
        scope = scope or Scope()
        parsed = query if isinstance(query, Query) else parse(query)
        ids = scope.briefing_ids(lib, corpus)
        matches = corpus.match(parsed, ids)
        conc = cls(lib, matches.query, matches, scope, sort)
        names = conc._names = briefing_names(lib)
        counts = matches.by_briefing()
        dated = sorted(counts, key=lambda bid: _date_key(corpus, bid))
        for bid in dated:
            n_sections, n_hits = counts[bid]
            conc.sections += n_sections
            conc.total += n_hits
            conc.by_source[names.get(bid, "")] += n_hits
            conc.by_year[(corpus.sizes[bid].date or "")[:4] or "undated"] += n_hits
        conc._dated = [(bid, counts[bid][1]) for bid in dated]
        return conc

    def _order(self) -> list[SectionMatch]:
        """Every matching section in date order (made once, for the left and right sorts)."""
        if self._all is None:
            self._all = [m for bid, _n in self._dated for m in self.matches.in_briefing(bid)]
        return self._all

    def source_of(self, briefing_id: str) -> str:
        """The name a line shows for its briefing's source."""
        if self._names is None:
            self._names = briefing_names(self.lib)
        return self._names.get(briefing_id, "")

    def lines(self, start: int = 0, count: int = 100, width: int = 30) -> list[KwicLine]:
        """Lines start .. start + count in the chosen order, contexts `width` cells each side."""
        if count <= 0 or start >= self.total:
            return []
        if self.sort == "date":
            return self._date_lines(start, count, width)
        keyed = self._keys()
        out: list[KwicLine] = []
        cache: dict[int, list[Occurrence]] = {}
        for at, j in keyed[start : start + count]:
            occs = cache.get(at)
            if occs is None:
                occs = cache[at] = self.matches.occurrences(self._order()[at])
            out.append(self._line(occs[j], width))
        return out

    def _date_lines(self, start: int, count: int, width: int) -> list[KwicLine]:
        out: list[KwicLine] = []
        seen = 0
        for bid, n_hits in self._dated:
            if seen + n_hits <= start:
                seen += n_hits  # a whole briefing before the page: skipped unread
                continue
            for m in self.matches.in_briefing(bid):
                if seen + m.hits <= start:
                    seen += m.hits
                    continue
                for occ in self.matches.occurrences(m)[max(0, start - seen) :]:
                    out.append(self._line(occ, width))
                    if len(out) >= count:
                        return out
                seen += m.hits
        return out

    def _keys(self) -> list[tuple[int, int]]:
        """(section at, occurrence j) of every occurrence in left or right order (made once)."""
        if self._keyed is None:
            rows: list[tuple[str, int, int]] = []
            clauses = self.query.clauses
            for at, m in enumerate(self._order()):
                folded = self.matches.folded_fields(m)
                found = folded_hits(list(source_fields(folded)), clauses, folded)
                for j, (f, s, e) in enumerate(found):
                    text = folded[f]
                    if self.sort == "left":
                        key = text[max(0, s - KEY_CHARS) : s][::-1]
                    else:
                        key = text[e : e + KEY_CHARS]
                    rows.append((key, at, j))
            rows.sort(key=lambda r: r[0])  # stable: equal contexts stay in date order
            self._keyed = [(at, j) for _k, at, j in rows]
        return self._keyed

    def _line(self, occ: Occurrence, width: int) -> KwicLine:
        kinds = self._kinds(occ.section_id) if occ.block is not None else ""
        size = self.matches.corpus.sizes.get(occ.briefing_id)
        return KwicLine(
            briefing_id=occ.briefing_id,
            section_id=occ.section_id,
            date=size.date if size else None,
            source=self.source_of(occ.briefing_id),
            headline=occ.headline,
            field=occ.field,
            block=occ.block,
            paragraph=None if occ.block is None else paragraph_number(kinds, occ.block),
            place=occ.field if occ.block is None else place(kinds, occ.block),
            left=left_context(occ.text, occ.start, width),
            hit=" ".join(occ.text[occ.start : occ.end].split()),
            right=right_context(occ.text, occ.end, width),
            start=occ.start,
            end=occ.end,
        )

    def _kinds(self, section_id: str) -> str:
        """The shape of a section (one letter a block), read once per briefing."""
        briefing_id = section_id.rpartition("-")[0]
        size = self.matches.corpus.sizes.get(briefing_id)
        stamp = f"@{size.imported_at if size else ''}"
        kinds = self._shapes.get(section_id)
        if kinds is None:
            kinds = _SHAPES.get(section_id + stamp)
        if kinds is None:
            try:
                for section in self.lib.iter_sections(briefing_id):
                    shape = self._shapes[section.id] = block_kinds(section.blocks)
                    _SHAPES[section.id + stamp] = shape
            except BriefingError:  # the index is ahead of the store: no number, not a failure
                pass
            while len(_SHAPES) > SHAPES_KEPT:
                _SHAPES.pop(next(iter(_SHAPES)))
            kinds = self._shapes.setdefault(section_id, "")
        return kinds

    def to_dict(self, limit: int = 100, width: int = 30) -> dict[str, Any]:
        """The JSON shape of `briefing kwic --json`."""
        return {
            "query": self.query.raw,
            "total": self.total,
            "sections": self.sections,
            "by_source": dict(self.by_source),
            "by_year": dict(sorted(self.by_year.items())),
            "lines": [line.to_dict() for line in self.lines(0, limit, width)],
        }


def _date_key(corpus: Corpus, bid: str) -> tuple[bool, str, int]:
    size = corpus.sizes[bid]
    return (size.date is None, size.date or "", size.first)
