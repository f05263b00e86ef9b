"""The public search calls: search a library, find hits in one section."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyroaring import BitMap

from store.models import Section
from store.search import engine, index, pinyin
from store.search.fields import BODY, HitSpan, field_texts, source_fields
from store.search.hits import spans_for, spans_in
from store.search.normalise import fold, is_latin_word
from store.search.query import Clause, Query, Term, parse
from store.search.snippet import make_snippet


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching section: where its first hit is, a snippet, and every hit position."""

    briefing_id: str
    section_id: str
    headline: str
    block: int | None
    snippet: str
    spans: tuple[tuple[int, int], ...]
    hits: int
    score: float
    via: str
    positions: tuple[HitSpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing search --json`."""
        return {
            "briefing_id": self.briefing_id,
            "section_id": self.section_id,
            "headline": self.headline,
            "block": self.block,
            "snippet": self.snippet,
            "spans": [list(s) for s in self.spans],
            "hits": self.hits,
            "score": self.score,
            "via": self.via,
        }


@dataclass(frozen=True, slots=True)
class SearchResults:
    """How many sections match, the best of them, and the terms as searched."""

    query: str
    total: int
    hits: tuple[SearchHit, ...]
    via: str = "text"
    clauses: tuple[Clause, ...] = field(default=())

    def terms(self) -> list[str]:
        """The folded strings searched for (pinyin readings included)."""
        return [t.folded for c in self.clauses for t in c.terms]

    def find_in(self, section: Section) -> list[HitSpan]:
        """Every hit of this search in a section (for highlighting and n/N)."""
        return spans_for(section, self.clauses)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `briefing search --json`."""
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


def _allowed(view: index.View, query: Query, briefing_id: str | None) -> BitMap | None:
    """Ordinals of the briefings the query and the caller allow (None: all)."""
    if not (briefing_id or query.briefings or query.not_briefings):
        return None
    out = BitMap()
    for bid, info in view.manifest.briefings.items():
        if briefing_id and not bid.startswith(briefing_id):
            continue
        title = fold(info.get("title") or "")
        names = (bid, title)
        if query.briefings and not all(any(v in n for n in names) for v in query.briefings):
            continue
        if any(any(v in n for n in names) for v in query.not_briefings):
            continue
        out |= BitMap(range(info["first"], info["first"] + info["count"]))
    return out


def search(
    lib: Any, query: str | Query, *, limit: int = 20, briefing_id: str | None = None
) -> SearchResults:
    """Search every section of the library (or one briefing); raises QueryError for bad input."""
    parsed = query if isinstance(query, Query) else parse(query)
    if parsed.empty:
        return SearchResults(parsed.raw, 0, ())
    index.register(lib)
    view = index.sync(lib)
    allowed = _allowed(view, parsed, briefing_id)
    total, top = engine.run(view, parsed, allowed, limit)
    via = "text"
    if total == 0:
        expanded = engine.expand_pinyin(view, parsed)
        if expanded is not None:
            parsed, via = expanded, "pinyin"
            total, top = engine.run(view, parsed, allowed, limit)
    hits = [_result(s, parsed.clauses, via) for s in top]
    return SearchResults(parsed.raw, total, tuple(hits), via, parsed.clauses)


def _result(scored: engine.Scored, clauses: tuple[Clause, ...], via: str) -> SearchHit:
    """A result built from the source text kept in the index (the store is not opened)."""
    fields = list(source_fields(scored.segment.source(scored.slot)))
    positions = spans_in(fields, clauses)
    first = next((p for p in positions if p.field == BODY), positions[0] if positions else None)
    text = ""
    spans: list[tuple[int, int]] = []
    if first is not None:
        key = (first.field, first.block)
        text = next(t for f, b, t in fields if (f, b) == key)
        spans = [(p.start, p.end) for p in positions if (p.field, p.block) == key]
        # Only the neighbourhood of the first hit can reach the snippet.
        cut = max(0, first.start - 120)
        text = text[cut : first.start + 240]
        spans = [(a - cut, b - cut) for a, b in spans if a >= cut and b <= cut + len(text)]
    snip = make_snippet(text, spans)
    return SearchHit(
        briefing_id=scored.briefing_id,
        section_id=scored.section_id,
        headline=fields[1][2],
        block=first.block if first is not None else None,
        snippet=snip.text,
        spans=snip.spans,
        hits=len(positions),
        score=scored.score,
        via=via,
        positions=tuple(positions),
    )


def find_in_section(section: Section, query: str | Query) -> list[HitSpan]:
    """Every hit of a query in one section, in reading order (pinyin read if text fails)."""
    parsed = query if isinstance(query, Query) else parse(query)
    spans = spans_for(section, parsed.clauses)
    if spans or not any(is_latin_word(t.folded) for t in parsed.positive_terms()):
        return spans
    folded = "".join(fold(text) for _f, _b, text in field_texts(section))
    table = pinyin.by_syllable(set(folded))
    pairs = {folded[i : i + 2] for i in range(len(folded) - 1)}
    clauses = []
    for clause in parsed.clauses:
        terms = list(clause.terms)
        for t in clause.terms:
            if is_latin_word(t.folded):
                for han in pinyin.expand(t.folded, table, pairs.__contains__):
                    terms.append(Term(t.text, han, t.field, t.phrase, via="pinyin"))
        clauses.append(Clause(tuple(terms)))
    return spans_for(section, tuple(clauses))
