"""Running a query against the index: candidates from bitmaps, verification, ranking."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from operator import add, sub

from pyroaring import BitMap

from store.search import positions, rank
from store.search.grams import pair, term_units
from store.search.manifest import View
from store.search.normalise import is_latin_word
from store.search.postings import SEP
from store.search.query import Clause, Query, Term
from store.search.segment import Segment

POOL = 400  # sections scored exactly when the matches are too many to score all
SAMPLE = 400  # newest matches whose hits are counted to fill the pool (read cold: kept small)
PLACES_PER_SAMPLE = 20  # above this many places per sampled section, count in texts instead
PER_SEGMENT = 40  # the least each segment offers to the pool, when not every match is scored
_FIELD_SLOT = {"kicker": 0, "headline": 1, "byline": 3}
_ALONE = ("", "")  # the recency of a section whose score no other shares: it orders nothing


@dataclass(frozen=True, slots=True)
class Scored:
    """One matching section with its score, before it is turned into a result."""

    ordinal: int
    section_id: str
    briefing_id: str
    score: float
    segment: Segment
    slot: int
    text: str  # its folded text, read once for ranking and kept for the snippet


def _codes(folded: str) -> list[int]:
    """The gram codes of a term: its unit alone, or each of its bigrams."""
    units = term_units(folded)
    if len(units) == 1:
        return [units[0]]
    return list(dict.fromkeys(pair(units[i], units[i + 1]) for i in range(len(units) - 1)))


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
            got = BitMap.intersection(*(look(c) for c in _codes(term.folded)))
            got = got.shift(seg.first) if seg.first else got
        seg.remember(key, got)
    return got


def _field_of(seg: Segment, o: int, term: Term) -> str:
    return seg.fields(o - seg.first)[_FIELD_SLOT[term.field or "headline"]]


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


def _texts(seg: Segment, local: BitMap, kept: dict[int, str]) -> list[str]:
    """The folded texts of these local indexes, each read from the segment once per query."""
    missing = local - BitMap(kept) if kept else local
    if missing:
        kept.update(zip(missing, seg.texts(missing), strict=True))
    return list(map(kept.__getitem__, local))


def _pool(
    seg: Segment,
    found: BitMap,
    terms: list[Term],
    need: int,
    sample_size: int,
    kept: dict[int, str],
) -> BitMap:
    """The matches worth scoring exactly when there are too many to score all.

    Those with a hit in the head (the newest `need` of them) and, of the newest `sample_size`,
    the `need` with the most hits (counted in one C-level pass).
    """
    pool = found & BitMap.union(*(_term_bitmap_head(seg, t) for t in terms))
    if len(pool) > need:
        pool = BitMap(pool[len(pool) - need :])  # the newest of many head hits
    sample = BitMap(found[max(0, len(found) - sample_size) :]) - pool
    local = seg.local(sample)
    hits = [0] * len(sample)
    texts: list[str] | None = None
    for t in terms:
        if t.field is not None:
            continue
        # Few places: count them (C-level); many: the newest texts are near neighbours.
        many = _more_places(seg, t.folded, PLACES_PER_SAMPLE * len(sample))
        per = None if many else positions.tally(seg, t.folded)
        if per is not None:
            got = list(map(per.__getitem__, local))
        else:
            texts = _texts(seg, local, kept) if texts is None else texts
            got = list(map(str.count, texts, repeat(t.folded)))
        hits = list(map(add, hits, got))
    best = heapq.nlargest(need, zip(hits, sample, strict=True))
    pool |= BitMap(o for _n, o in best)
    return pool


def _more_places(seg: Segment, needle: str, limit: int) -> bool:
    """Whether the needle starts at more than `limit` places of the segment's sections.

    Each holding section has a place, so its sections (at hand already) often tell, sparing the
    read of a large place bitmap that would only be counted.
    """
    return (
        len(positions.sections(seg, needle)) > limit or len(positions.places(seg, needle)) > limit
    )


def _term_bitmap_head(seg: Segment, term: Term) -> BitMap:
    """Ordinals whose head may hold the term (a superset: counts check the head text)."""
    got = BitMap.intersection(*(seg.head_bitmap(c) for c in _codes(term.folded)))
    return got.shift(seg.first) if seg.first else got


def _head_end(text: str) -> int:
    """Where a section's head (kicker, headline, deck and the SEPs between) ends in its text."""
    return text.find(SEP, text.find(SEP, text.find(SEP) + 1) + 1)


def _counts(
    seg: Segment, pool: BitMap, texts: list[str], term: Term, kept: dict[int, str]
) -> tuple[list[int], dict]:
    """Occurrences of a term in each pooled section, and in the heads of those that have any."""
    if term.field is not None:
        slot = _FIELD_SLOT[term.field]
        tfs = [text.split(SEP)[slot].count(term.folded) for text in texts]
        heads = {} if term.field == "byline" else dict(zip(pool, tfs, strict=True))
        return tfs, heads
    tfs = list(map(str.count, texts, repeat(term.folded)))
    in_head = pool & _term_bitmap_head(seg, term)
    if not in_head:
        return tfs, {}
    # The head's end is read off each text, which is at hand: no table of head lengths is read.
    head_texts = _texts(seg, seg.local(in_head), kept)
    counted = [text.count(term.folded, 0, _head_end(text)) for text in head_texts]
    return tfs, dict(zip(in_head, counted, strict=True))


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
    kept: dict[Segment, dict[int, str]] = {}
    for seg, matches in found:
        mine = kept[seg] = {}
        # Every match is scored when they are few; else each segment offers its likeliest.
        share = len(matches) / total
        pool = (
            matches
            if total <= POOL
            else _pool(seg, matches, terms, need, max(need, round(SAMPLE * share)), mine)
        )
        texts = _texts(seg, seg.local(pool), mine)
        lengths = list(map(sub, map(len, texts), map(str.count, texts, repeat(SEP))))
        scores: list[float] = [0.0] * len(texts)
        for t, weight in zip(terms, weights, strict=True):
            tfs, heads = _counts(seg, pool, texts, t, mine)
            if heads:
                extra = rank.HEAD_WEIGHT - 1
                tfs = [tf + extra * heads.get(o, 0) for tf, o in zip(tfs, pool, strict=True)]
            scores = list(map(add, scores, rank.bm25_many(tfs, lengths, avg, weight)))
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
            info = briefings.get(bid, {})
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
    top = []
    for score, _rec, o, seg in ranked[:limit]:
        slot = o - seg.first
        sid = seg.id_of(slot)
        text = kept[seg][slot]
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

    def has_pair(two: str) -> bool:
        units = term_units(two)
        code = units[0] if len(units) == 1 else pair(units[0], units[1])
        return len(units) <= 2 and any(seg.has_code(code) for seg in view.segments)

    clauses: list[Clause] = []
    changed = False
    for clause in query.clauses:
        terms = list(clause.terms)
        for t in clause.terms:
            if is_latin_word(t.folded):
                for han in pinyin.expand(t.folded, table, has_pair):
                    terms.append(Term(t.text, han, t.field, t.phrase, via="pinyin"))
                    changed = True
        clauses.append(Clause(tuple(terms)))
    return query.with_clauses(tuple(clauses)) if changed else None
