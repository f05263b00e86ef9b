"""How often each term hits the sections a search scores: from the index's places where they
tell, else counted in the folded texts (each read once per query and segment)."""

from __future__ import annotations

import heapq
from codecs import utf_16_le_decode
from itertools import repeat
from operator import add

from pyroaring import BitMap

from store.search import positions, rank
from store.search.postings import SEP
from store.search.query import Term
from store.search.segment import Segment
from store.search.units import SEP_UNIT, encode, pair, term_units

FIELD_SLOT = {"kicker": 0, "headline": 1, "byline": 3}


def codes(folded: str) -> list[int]:
    """The gram codes of a term: its unit alone, or each of its bigrams."""
    units = term_units(folded)
    if len(units) == 1:
        return [units[0]]
    return list(dict.fromkeys(pair(units[i], units[i + 1]) for i in range(len(units) - 1)))


class Texts:
    """The folded texts of one segment's sections, each read from the file once per query, and
    the places of its terms by section where they count them."""

    def __init__(self, seg: Segment, most_places: int) -> None:
        """Nothing is read yet; terms with more than `most_places` places are counted in texts."""
        self.seg = seg
        self.kept: dict[int, str] = {}
        self.raw: dict[int, bytes] = {}  # texts read as UTF-16 bytes, decoded when asked
        self.most = most_places
        self._places: dict[str, positions.ByLocal | None] = {}
        self._misaligned: dict[str, BitMap | None] = {}
        self._counted: dict[str, dict[int, int]] = {}  # by needle: hits by local index
        self._heads: dict[str, BitMap] = {}

    def head_bitmap(self, term: Term) -> BitMap:
        """Ordinals whose head may hold the term (`head_bitmap`), made once per query."""
        got = self._heads.get(term.folded)
        if got is None:
            got = self._heads[term.folded] = head_bitmap(self.seg, term)
        return got

    def places(self, needle: str) -> positions.ByLocal | None:
        """The needle's places by section (None when texts must count it), found once."""
        if needle not in self._places:
            few = not more_places(self.seg, needle, self.most)
            self._places[needle] = positions.by_local(self.seg, needle) if few else None
        return self._places[needle]

    def of(self, local: BitMap) -> list[str]:
        """The texts of these local indexes, in order."""
        kept, raw = self.kept, self.raw
        missing = local - BitMap(kept) if kept else local
        if missing and raw:
            held = missing & BitMap(raw)
            kept.update(zip(held, map(_decode, map(raw.__getitem__, held)), strict=True))
            missing = missing - held  # (missing may be the caller's own bitmap)
        if missing:
            kept.update(zip(missing, self.seg.texts(missing), strict=True))
        return list(map(kept.__getitem__, local))

    def raw_of(self, local: BitMap) -> list[bytes]:
        """The UTF-16 bytes of these local indexes' texts, in order."""
        raw = self.raw
        missing = local - BitMap(raw) if raw else local
        if missing:
            raw.update(zip(missing, self.seg.raw_texts(missing), strict=True))
        return list(map(raw.__getitem__, local))

    def misaligned(self, needle: str) -> BitMap | None:
        """The local indexes whose UTF-16 bytes may hold the needle's bytes starting inside a
        unit (None: bytes cannot count this needle).

        Such a match starting inside unit i makes unit i + 1 of the needle's second and third
        bytes, so only the sections holding that unit (its gram's bitmap) can have one.
        """
        if needle not in self._misaligned:
            units = term_units(needle)
            got = None
            if len(units) > 1 and not any(0xD800 <= u < 0xE000 for u in units):
                inner = units[0] >> 8 | (units[1] & 0xFF) << 8
                got = None if inner == SEP_UNIT else self.seg.bitmap(inner)
            self._misaligned[needle] = got
        return self._misaligned[needle]

    def count(self, local: BitMap, needle: str) -> list[int]:
        """`str.count` of the needle in each of these texts, each counted once per query (the
        pool's sample is counted again when it is scored)."""
        known = self._counted.setdefault(needle, {})
        missing = local - BitMap(known) if known else local
        if missing:
            known.update(zip(missing, self._count(missing, needle), strict=True))
        return list(map(known.__getitem__, local))

    def _count(self, local: BitMap, needle: str) -> list[int]:
        """`str.count` of the needle in each of these texts, counted in their UTF-16 bytes (no
        text decoded) wherever that is exact."""
        risky = self.misaligned(needle)
        if risky is None:
            return list(map(str.count, self.of(local), repeat(needle)))
        got = list(map(bytes.count, self.raw_of(local), repeat(encode(needle))))
        odd = local & risky
        if not odd:
            return got
        exact = dict(zip(odd, map(str.count, self.of(odd), repeat(needle)), strict=True))
        return [exact.get(i, n) for i, n in zip(local, got, strict=True)]

    def count_heads(self, local: BitMap, needle: str) -> list[int]:
        """`str.count` of the needle in the head of each of these texts, as `count` counts."""
        risky = self.misaligned(needle)
        seg = self.seg
        slow = local if risky is None else local & (risky | seg.wide)
        fast = local - slow if slow else local
        got = dict(
            zip(
                fast,
                map(
                    bytes.count,
                    self.raw_of(fast),
                    repeat(encode(needle)),
                    repeat(0),
                    [2 * n for n in seg.head_lengths(fast)],
                ),
                strict=True,
            )
        )
        if slow:
            texts = self.of(slow)
            got.update(zip(slow, [t.count(needle, 0, _head_end(t)) for t in texts], strict=True))
        return [got[i] for i in local]


def _decode(raw: bytes) -> str:
    return utf_16_le_decode(raw, "surrogatepass", True)[0]


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
        len(positions.sections(seg, needle)) > limit or positions.place_count(seg, needle) > limit
    )


def pool(texts: Texts, found: BitMap, terms: list[Term], need: int, sample_size: int) -> BitMap:
    """The matches worth scoring exactly when there are too many to score all.

    Those with a hit in the head (the newest `need` of them) and, of the newest `sample_size`,
    the `need` with the most hits (counted in one C-level pass).
    """
    seg = texts.seg
    chosen = found & BitMap.union(*(texts.head_bitmap(t) for t in terms))
    if len(chosen) > need:
        chosen = BitMap(chosen[len(chosen) - need :])  # the newest of many head hits
    sample = BitMap(found[max(0, len(found) - sample_size) :]) - chosen
    local = seg.local(sample)
    hits = [0] * len(sample)
    for t in terms:
        if t.field is not None:
            continue
        # Few places: count them (C-level); many: the newest texts are near neighbours.
        per = texts.places(t.folded)
        got = per.count(local) if per is not None else texts.count(local, t.folded)
        hits = list(map(add, hits, got))
    best = heapq.nlargest(need, zip(hits, sample, strict=True))
    chosen |= BitMap(o for _n, o in best)
    return chosen


def _head_end(text: str) -> int:
    """Where a section's head (kicker, headline, deck and the SEPs between) ends in its text."""
    return text.find(SEP, text.find(SEP, text.find(SEP) + 1) + 1)


def effective(texts: Texts, scored: BitMap, term: Term) -> list[int]:
    """Each scored ordinal's hits of the term, a hit in its head counted HEAD_WEIGHT times."""
    seg = texts.seg
    local = seg.local(scored)
    extra = rank.HEAD_WEIGHT - 1
    if term.field is not None:
        slot = FIELD_SLOT[term.field]
        tfs = [text.split(SEP)[slot].count(term.folded) for text in texts.of(local)]
        return tfs if term.field == "byline" else [tf + extra * tf for tf in tfs]
    per = texts.places(term.folded)
    in_head = scored & texts.head_bitmap(term)
    if per is None:
        tfs = texts.count(local, term.folded)
        heads = _heads_in_texts(texts, seg.local(in_head), term.folded)
    else:
        tfs = per.count(local)
        heads = _heads_in_places(texts, seg.local(in_head), term.folded, per)
    if not heads:
        return tfs
    return [tf + extra * heads.get(i, 0) for tf, i in zip(tfs, local, strict=True)]


def _heads_in_texts(texts: Texts, in_head: BitMap, needle: str) -> dict[int, int]:
    """Occurrences in the head of each local index, counted in its text."""
    if not in_head:
        return {}
    return dict(zip(in_head, texts.count_heads(in_head, needle), strict=True))


def _heads_in_places(
    texts: Texts, in_head: BitMap, needle: str, per: positions.ByLocal
) -> dict[int, int]:
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
    out.update(zip(plain, map(per.before, plain, seg.head_lengths(plain)), strict=True))
    return out
