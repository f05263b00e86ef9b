"""How often each term hits the sections a search scores: from the index's places where they
tell, else counted in the folded texts (each read once per query and segment)."""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import repeat
from operator import add

from pyroaring import BitMap

from store.search import positions, rank
from store.search.grams import pair, term_units
from store.search.postings import SEP
from store.search.query import Term
from store.search.segment import Segment

FIELD_SLOT = {"kicker": 0, "headline": 1, "byline": 3}


def codes(folded: str) -> list[int]:
    """The gram codes of a term: its unit alone, or each of its bigrams."""
    units = term_units(folded)
    if len(units) == 1:
        return [units[0]]
    return list(dict.fromkeys(pair(units[i], units[i + 1]) for i in range(len(units) - 1)))


class Texts:
    """The folded texts of one segment's sections, each read from the file once per query."""

    def __init__(self, seg: Segment) -> None:
        """Nothing is read yet."""
        self.seg = seg
        self.kept: dict[int, str] = {}

    def of(self, local: BitMap) -> list[str]:
        """The texts of these local indexes, in order."""
        kept = self.kept
        missing = local - BitMap(kept) if kept else local
        if missing:
            kept.update(zip(missing, self.seg.texts(missing), strict=True))
        return list(map(kept.__getitem__, local))


def head_bitmap(seg: Segment, term: Term) -> BitMap:
    """Ordinals whose head may hold the term (a superset: counts check the head)."""
    got = BitMap.intersection(*(seg.head_bitmap(c) for c in codes(term.folded)))
    return got.shift(seg.first) if seg.first else got


def more_places(seg: Segment, needle: str, limit: int) -> bool:
    """Whether the needle starts at more than `limit` places of the segment's sections.

    Each holding section has a place, so its sections (at hand already) often tell, sparing the
    read of a large place bitmap that would only be counted.
    """
    return (
        len(positions.sections(seg, needle)) > limit or len(positions.places(seg, needle)) > limit
    )


def pool(
    texts: Texts,
    found: BitMap,
    terms: list[Term],
    need: int,
    sample_size: int,
    per_sample: int,
) -> BitMap:
    """The matches worth scoring exactly when there are too many to score all.

    Those with a hit in the head (the newest `need` of them) and, of the newest `sample_size`,
    the `need` with the most hits (counted in one C-level pass).
    """
    seg = texts.seg
    chosen = found & BitMap.union(*(head_bitmap(seg, t) for t in terms))
    if len(chosen) > need:
        chosen = BitMap(chosen[len(chosen) - need :])  # the newest of many head hits
    sample = BitMap(found[max(0, len(found) - sample_size) :]) - chosen
    local = seg.local(sample)
    hits = [0] * len(sample)
    read: list[str] | None = None
    for t in terms:
        if t.field is not None:
            continue
        # Few places: count them (C-level); many: the newest texts are near neighbours.
        many = more_places(seg, t.folded, per_sample * len(sample))
        per = None if many else positions.tally(seg, t.folded)
        if per is not None:
            got = list(map(per.__getitem__, local))
        else:
            read = texts.of(local) if read is None else read
            got = list(map(str.count, read, repeat(t.folded)))
        hits = list(map(add, hits, got))
    best = heapq.nlargest(need, zip(hits, sample, strict=True))
    chosen |= BitMap(o for _n, o in best)
    return chosen


def _head_end(text: str) -> int:
    """Where a section's head (kicker, headline, deck and the SEPs between) ends in its text."""
    return text.find(SEP, text.find(SEP, text.find(SEP) + 1) + 1)


def effective(texts: Texts, scored: BitMap, term: Term, per_sample: int) -> list[int]:
    """Each scored ordinal's hits of the term, a hit in its head counted HEAD_WEIGHT times."""
    seg = texts.seg
    local = seg.local(scored)
    extra = rank.HEAD_WEIGHT - 1
    if term.field is not None:
        slot = FIELD_SLOT[term.field]
        tfs = [text.split(SEP)[slot].count(term.folded) for text in texts.of(local)]
        return tfs if term.field == "byline" else [tf + extra * tf for tf in tfs]
    per = None
    if not more_places(seg, term.folded, per_sample * len(scored)):
        per = positions.tally(seg, term.folded)
    in_head = scored & head_bitmap(seg, term)
    if per is None:
        tfs = list(map(str.count, texts.of(local), repeat(term.folded)))
        heads = _heads_in_texts(texts, seg.local(in_head), term.folded)
    else:
        tfs = list(map(per.__getitem__, local))
        heads = _heads_in_places(texts, seg.local(in_head), term.folded)
    if not heads:
        return tfs
    return [tf + extra * heads.get(i, 0) for tf, i in zip(tfs, local, strict=True)]


def _heads_in_texts(texts: Texts, in_head: BitMap, needle: str) -> dict[int, int]:
    """Occurrences in the head of each local index, counted in its text."""
    if not in_head:
        return {}
    counted = [text.count(needle, 0, _head_end(text)) for text in texts.of(in_head)]
    return dict(zip(in_head, counted, strict=True))


def _heads_in_places(texts: Texts, in_head: BitMap, needle: str) -> dict[int, int]:
    """Occurrences in the head of each local index, read from the needle's places.

    A head ends at a SEP, which no needle holds, so a place before the head's end is a hit
    inside it; offsets count units, so a text with characters outside the BMP is counted in
    its text instead.
    """
    if not in_head:
        return {}
    seg = texts.seg
    wide = in_head & seg.wide
    out = _heads_in_texts(texts, wide, needle) if wide else {}
    plain = in_head - wide if wide else in_head
    if plain:
        ends = dict(zip(plain, seg.head_lengths(plain), strict=True))
        per: Counter[int] = Counter()
        for place in positions.places(seg, needle):
            end = ends.get(place & 0xFFFF)
            if end is not None and place >> 16 < end:
                per[place & 0xFFFF] += 1
        out.update((i, per[i]) for i in plain)
    return out
