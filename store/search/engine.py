"""Running a query against the index: candidates from bitmaps, verification, ranking."""

from __future__ import annotations

import heapq
from collections import Counter, namedtuple
from itertools import repeat
from operator import add

from pyroaring import BitMap

from store.search import positions, rank, termhits
from store.search.manifest import View
from store.search.normalise import is_latin_word
from store.search.postings import SEP
from store.search.query import Clause, Query, Term
from store.search.segment import Segment
from store.search.units import pair, term_units

POOL = 400  # sections scored exactly when the matches are too many to score all
SAMPLE = 400  # newest matches whose hits are counted to fill the pool (read cold: kept small)
# Above this many places of a term in a segment, its hits are counted in the texts scored
# (reading a text costs about as much as finding a few thousand places by section).
PLACES_COUNTED = 8000
PER_SEGMENT = 40  # the least each segment offers to the pool, when not every match is scored
_ALONE = ("", "")  # the recency of a section whose score no other shares: it orders nothing


# A named tuple made by collections: typing.NamedTuple compiles each field's annotation text
# when the class is made, which every search process would pay.
class Scored(namedtuple("Scored", "ordinal section_id briefing_id score segment slot text")):
    """One matching section with its score, before it is turned into a result."""

    __slots__ = ()
    ordinal: int
    section_id: str
    briefing_id: str
    score: float
    segment: Segment
    slot: int
    text: str  # its folded text, read once for ranking and kept for the snippet


def _exact(term: Term) -> bool:
    """Whether the index alone decides the term (no check of field texts needed)."""
    return term.field is None


def _term_bitmap(seg: Segment, term: Term) -> BitMap:
    """Ordinals that may hold the term (exactly those, when _exact)."""
    # SEP never occurs in a folded term, so these keys never meet the needles of `positions`.
    key = f"{term.field or ''}{SEP}{term.folded}"
    got = seg.terms.get(key)
    if got is None:
        if term.field is None:
            got = positions.ordinals(seg, term.folded)
        else:
            look = seg.head_bitmap if term.field in ("headline", "kicker") else seg.bitmap
            got = BitMap.intersection(*(look(c) for c in termhits.codes(term.folded)))
            got = got.shift(seg.first) if seg.first else got
        seg.remember(key, got)
    return got


def _field_of(seg: Segment, o: int, term: Term) -> str:
    return seg.fields(o - seg.first)[termhits.FIELD_SLOT[term.field or "headline"]]


def _holding(seg: Segment, cand: BitMap, term: Term) -> BitMap:
    """The ordinals of cand whose section holds the term (cand already has its grams)."""
    if not cand or _exact(term):
        return cand
    return BitMap([o for o in cand if term.folded in _field_of(seg, o, term)])


def _matches(view: View, query: Query, allowed: BitMap | None) -> list[tuple[Segment, BitMap]]:
    """Per segment, the exact set of matching ordinals."""
    out: list[tuple[Segment, BitMap]] = []
    for seg in view.segments:
        cand: BitMap | None = None
        for clause in query.clauses:
            maps = [_term_bitmap(seg, t) for t in clause.terms]
            got = maps[0] if len(maps) == 1 else BitMap.union(*maps)
            cand = BitMap(got) if cand is None else cand & got
            if not cand:
                break
        if not cand:
            continue
        cand -= view.manifest.deleted
        if allowed is not None:
            cand &= allowed
        for term in query.excluded:
            if _exact(term):
                cand -= _term_bitmap(seg, term)
        for clause in query.clauses:
            if not cand or all(_exact(t) for t in clause.terms):
                continue
            ok = BitMap()
            for t in clause.terms:
                ok |= _holding(seg, (cand - ok) & _term_bitmap(seg, t), t)
            cand = ok
        for term in query.excluded:
            if cand and not _exact(term):
                cand -= _holding(seg, cand & _term_bitmap(seg, term), term)
        if cand:
            out.append((seg, cand))
    return out


def matching(view: View, query: Query, allowed: BitMap | None) -> list[tuple[Segment, BitMap]]:
    """Per segment, the exact ordinals of the live sections matching the query (no ranking)."""
    return _matches(view, query, allowed)


def run(view: View, query: Query, allowed: BitMap | None, limit: int) -> tuple[int, list[Scored]]:
    """Total matching sections and the best `limit` of them, best first."""
    found = _matches(view, query, allowed)
    total = sum(len(f) for _s, f in found)
    if not total:
        return 0, []
    terms = query.positive_terms()
    live, chars = view.sizes
    n_live = max(live, 1)
    avg = chars / n_live if chars else 1.0
    dfs = {t: sum(len(_term_bitmap(s, t)) for s in view.segments) for t in terms}
    weights = [rank.idf(n_live, min(dfs[t], n_live)) for t in terms]
    need = max(limit * 2, PER_SEGMENT)
    scored: list[tuple[float, int, Segment]] = []
    texts: dict[Segment, termhits.Texts] = {}
    for seg, matches in found:
        mine = texts[seg] = termhits.Texts(seg, PLACES_COUNTED)
        # Every match is scored when they are few; else each segment offers its likeliest.
        share = len(matches) / total
        pool = (
            matches
            if total <= POOL
            else termhits.pool(mine, matches, terms, need, max(need, round(SAMPLE * share)))
        )
        # Lengths are kept in the index, and hits come from places where they tell: ranking
        # reads the texts only of what it must count in them.
        lengths = seg.lengths(seg.local(pool))
        scores: list[float] = [0.0] * len(lengths)
        for t, weight in zip(terms, weights, strict=True):
            effs = termhits.effective(mine, pool, t)
            scores = list(map(add, scores, rank.bm25_many(effs, lengths, avg, weight)))
        scored.extend(zip(scores, pool, repeat(seg)))
    if len(scored) > limit:
        # Only sections that can reach the top need their recency; ties at the cut stay.
        cut = heapq.nlargest(limit, [r[0] for r in scored])[-1]
        scored = [r for r in scored if r[0] >= cut]
    recency: dict[str, tuple[str, str]] = {}
    briefings = view.manifest.briefings

    def newer(seg: Segment, o: int) -> tuple[str, str]:
        # The section id names its briefing: no table of every briefing's ordinals is built.
        bid = seg.id_of(o - seg.first).rpartition("-")[0]
        got = recency.get(bid)
        if got is None:
            info = briefings.holding(o, bid) or {}
            got = recency[bid] = rank.recency_key(info.get("date"), info.get("imported_at"))
        return got

    # Recency only orders sections of equal score, so only those look up their briefing's row.
    shared = {score for score, n in Counter(r[0] for r in scored).items() if n > 1}
    ranked = [
        (score, newer(seg, o) if score in shared else _ALONE, o, seg) for score, o, seg in scored
    ]
    # Best score first, then newer briefings, then reading order (stable sorts, last key first).
    ranked.sort(key=lambda r: r[2])
    ranked.sort(key=lambda r: r[1], reverse=True)
    ranked.sort(key=lambda r: r[0], reverse=True)
    ranked = ranked[:limit]
    shown: dict[Segment, BitMap] = {}
    for _score, _rec, o, seg in ranked:
        shown.setdefault(seg, BitMap()).add(o - seg.first)
    for seg, local in shown.items():
        texts[seg].of(local)  # the texts of one segment's results, read together
    top = []
    for score, _rec, o, seg in ranked:
        slot = o - seg.first
        sid = seg.id_of(slot)
        text = texts[seg].kept[slot]
        top.append(Scored(o, sid, sid.rpartition("-")[0], round(score, 4), seg, slot, text))
    return total, top


def expand_pinyin(view: View, query: Query) -> Query | None:
    """The query with Latin terms also read as pinyin of text in the index (None if none)."""
    latin = [t for c in query.clauses for t in c.terms if is_latin_word(t.folded)]
    if not latin:
        return None
    from store.search import pinyin  # only a query that found nothing as text needs it

    chars = set().union(*(seg.chars() for seg in view.segments))
    table = pinyin.by_syllable(chars)

    weights: dict[str, int] = {}  # the splits of a word ask for the same pairs again
    # By second character: the first characters of the pairs the index holds. Most pairs
    # a word's syllables make are absent, and one run of each segment's code table tells
    # them all at once, where looking each up costs a search of the table.
    before: dict[str, set[str]] = {}

    def weight(text: str) -> int:  # sections holding a character or a pair (deleted too)
        got = weights.get(text)
        if got is None and len(text) == 2:
            second = ord(text[1])
            if second < 0xD800 and ord(text[0]) < 0xD800:  # two units, one a character each
                held = before.get(text[1])
                if held is None:
                    held = before[text[1]] = {
                        chr(c) for seg in view.segments for c in seg.firsts(second)
                    }
                if text[0] not in held:
                    got = weights[text] = 0
        if got is None:
            units = term_units(text)
            code = units[0] if len(units) == 1 else pair(units[0], units[1])
            got = weights[text] = (
                sum(seg.count(code) for seg in view.segments) if len(units) <= 2 else 0
            )
        return got

    clauses: list[Clause] = []
    changed = False
    for clause in query.clauses:
        terms = list(clause.terms)
        for t in clause.terms:
            if is_latin_word(t.folded):
                for han in pinyin.expand(t.folded, table, weight):
                    terms.append(Term(t.text, han, t.field, t.phrase, via="pinyin"))
                    changed = True
        clauses.append(Clause(tuple(terms)))
    return query.with_clauses(tuple(clauses)) if changed else None
