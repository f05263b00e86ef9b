"""Running a query against the index: candidates from bitmaps, verification, ranking."""

from __future__ import annotations

from dataclasses import dataclass

from pyroaring import BitMap

from store.search import pinyin, rank
from store.search.index import View
from store.search.normalise import is_latin_word
from store.search.query import Clause, Query, Term
from store.search.segment import ENCODING, HEAD, TIERS, Segment, tier_key

POOL = 400  # sections scored exactly when the matches are too many to score all
_FIELD_SLOT = {"kicker": 0, "headline": 1, "byline": 3}


@dataclass(frozen=True, slots=True)
class Scored:
    """One matching section with its score, before it is turned into a result."""

    ordinal: int
    section_id: str
    briefing_id: str
    score: float
    segment: Segment
    slot: int


def _grams(folded: str) -> list[str]:
    if len(folded) <= 1:
        return [folded]
    return list(dict.fromkeys(folded[i : i + 2] for i in range(len(folded) - 1)))


def _exact(term: Term) -> bool:
    """Whether the gram bitmaps alone decide the term (no verification needed)."""
    return term.field is None and len(term.folded) <= 2


def _term_bitmap(seg: Segment, term: Term) -> BitMap:
    """Ordinals that may hold the term (exactly those, when _exact)."""
    prefix = HEAD if term.field in ("headline", "kicker") else ""
    maps = [seg.bitmap(prefix + g) for g in _grams(term.folded)]
    if len(maps) == 1:
        return maps[0]
    return BitMap.intersection(*maps)


class _Checker:
    """Verifies candidate sections of one segment by substring on their folded text."""

    def __init__(self, seg: Segment) -> None:
        self.seg = seg
        self._fields: dict[int, list[str]] = {}

    def has(self, slot: int, term: Term) -> bool:
        if term.field is None:
            return self.seg.count(slot, term.folded.encode(ENCODING), first=True) > 0
        fields = self._fields.get(slot)
        if fields is None:
            fields = self._fields[slot] = self.seg.fields(slot)
        return term.folded in fields[_FIELD_SLOT[term.field]]

    def tf(self, slot: int, term: Term) -> tuple[int, int]:
        """(occurrences, occurrences in the head) of a term in a section."""
        if term.field is None:
            needle = term.folded.encode(ENCODING)
            return self.seg.count(slot, needle), self.seg.count(slot, needle, head=True)
        fields = self._fields.get(slot) or self.seg.fields(slot)
        n = fields[_FIELD_SLOT[term.field]].count(term.folded)
        return n, n if term.field != "byline" else 0


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
        loose = [c for c in query.clauses if not all(_exact(t) for t in c.terms)]
        loose_ex = [t for t in query.excluded if not _exact(t)]
        if cand and not loose_ex and len(loose) == 1 and len(loose[0].terms) == 1:
            term = loose[0].terms[0]
            if term.field is None:
                # The usual case, one longer term: a tight loop of map lookups.
                cand = BitMap(seg.containing(cand, term.folded.encode(ENCODING)))
                loose = []
        if cand and (loose or loose_ex):
            check = _Checker(seg)
            keep = []
            for o in cand:
                slot = seg.slot(o)
                if any(check.has(slot, t) for t in loose_ex):
                    continue
                if all(any(check.has(slot, t) for t in c.terms) for c in loose):
                    keep.append(o)
            cand = BitMap(keep)
        if cand:
            out.append((seg, cand))
    return out


def _pool(seg: Segment, found: BitMap, terms: list[Term], need: int) -> BitMap:
    """The matches worth scoring exactly: all of them, or those with head or frequent hits."""
    if len(found) <= max(need, POOL):
        return found
    pool = BitMap()
    head = found & BitMap.union(*(_term_bitmap_head(seg, t) for t in terms))
    if len(head) <= POOL:
        pool |= head
    for i in reversed(range(len(TIERS))):
        tiered = (BitMap.union(*(_tier_bitmap(seg, t, i) for t in terms)) & found) - pool
        if len(pool) + len(tiered) > POOL:
            # A tier too big to score whole: its newest sections stand for it.
            pool |= BitMap(tiered[len(tiered) - max(0, POOL - len(pool)) :])
            break
        pool |= tiered
        if len(pool) >= need:
            break
    if len(pool) < need:
        # Too few frequent hits: newer sections (higher ordinals) fill the pool.
        rest = found - pool
        pool |= BitMap(rest[max(0, len(rest) - (need - len(pool))) :])
    return pool


def _term_bitmap_head(seg: Segment, term: Term) -> BitMap:
    maps = [seg.bitmap(HEAD + g) for g in _grams(term.folded)]
    return maps[0] if len(maps) == 1 else BitMap.intersection(*maps)


def _tier_bitmap(seg: Segment, term: Term, i: int) -> BitMap:
    maps = [seg.bitmap(tier_key(i, g)) for g in _grams(term.folded)]
    return maps[0] if len(maps) == 1 else BitMap.intersection(*maps)


def run(view: View, query: Query, allowed: BitMap | None, limit: int) -> tuple[int, list[Scored]]:
    """Total matching sections and the best `limit` of them, best first."""
    found = _matches(view, query, allowed)
    total = sum(len(f) for _s, f in found)
    if not total:
        return 0, []
    terms = query.positive_terms()
    man = view.manifest
    n_live = max(man.live, 1)
    avg = man.chars / n_live if man.chars else 1.0
    dfs = {t: sum(len(_term_bitmap(s, t)) for s in view.segments) for t in terms}
    weights = {t: rank.idf(n_live, min(dfs[t], n_live)) for t in terms}
    need = max(limit * 4, 40)
    scored: list[tuple[float, tuple[str, str], int, Segment, int]] = []
    for seg, matches in found:
        check = _Checker(seg)
        # Head counts are only worth reading where the head bitmap says there is a hit.
        heads = {t: _term_bitmap_head(seg, t) for t in terms if t.field is None}
        for o in _pool(seg, matches, terms, need):
            slot = seg.slot(o)
            length = seg.length(slot)
            score = 0.0
            for t in terms:
                head = heads.get(t)
                if head is not None and o not in head:
                    tf, head_tf = seg.count(slot, t.folded.encode(ENCODING)), 0
                else:
                    tf, head_tf = check.tf(slot, t)
                score += rank.bm25(tf, head_tf, length, avg, weights[t])
            bid = view.briefing_of(o) or ""
            info = man.briefings.get(bid, {})
            recency = rank.recency_key(info.get("date"), info.get("imported_at"))
            scored.append((score, recency, o, seg, slot))
    # Best score first, then newer briefings, then reading order (stable sorts, last key first).
    scored.sort(key=lambda r: r[2])
    scored.sort(key=lambda r: r[1], reverse=True)
    scored.sort(key=lambda r: r[0], reverse=True)
    top = []
    for score, _rec, o, seg, slot in scored[:limit]:
        sid = seg.ids[slot]
        top.append(Scored(o, sid, sid.rpartition("-")[0], round(score, 4), seg, slot))
    return total, top


def expand_pinyin(view: View, query: Query) -> Query | None:
    """The query with Latin terms also read as pinyin of text in the index (None if none)."""
    latin = [t for c in query.clauses for t in c.terms if is_latin_word(t.folded)]
    if not latin:
        return None
    chars = {k for seg in view.segments for k in seg.keys if len(k) == 1}
    table = pinyin.by_syllable(chars)

    def has_pair(pair: str) -> bool:
        return any(seg.has_key(pair) for seg in view.segments)

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
