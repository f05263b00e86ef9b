"""Search ranks exactly as a reference scoring of every matching section's full text does."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap
from test_search_index import FakeLibrary, make_section

from store.search import engine, index, parse, rank, search, termhits
from store.search.postings import SEP, record


def library_of(folder: Path, briefings) -> FakeLibrary:
    """An indexed library of (sections as (kicker, headline, deck, paragraphs), date) pairs."""
    lib = FakeLibrary(folder)
    index.register(lib)
    for b, (secs, date) in enumerate(briefings):
        bid = f"b{b:09d}"
        made = [
            make_section(bid, n, h, ps, kicker=k or None, deck=d or None)
            for n, (k, h, d, ps) in enumerate(secs, 1)
        ]
        lib.add(bid, made, date=date)
    return lib


def reference(lib: FakeLibrary, query: str, limit: int) -> list[tuple[str, float]]:
    """(section id, score) of the best `limit` matches, scored from each whole folded text."""
    terms = [t.folded for t in parse(query).positive_terms()]
    recs = [record(s) for s in lib.iter_sections()]  # reading order: import order, then order
    dates = {b.id: rank.recency_key(b.date, b.imported_at) for b in lib.briefings()}
    live = len(recs)
    avg = sum(len(r.text) - r.text.count(SEP) for r in recs) / live
    weights = [rank.idf(live, min(sum(t in r.text for r in recs), live)) for t in terms]
    rows = []
    for ordinal, r in enumerate(recs):
        if not all(t in r.text for t in terms):
            continue
        score = 0.0
        for t, weight in zip(terms, weights, strict=True):
            eff = r.text.count(t) + (rank.HEAD_WEIGHT - 1) * r.text.count(t, 0, r.head_len)
            length = len(r.text) - r.text.count(SEP)
            score += rank.bm25_many([eff], [length], avg, weight)[0]
        rows.append((score, dates[r.id.rpartition("-")[0]], ordinal, r.id))
    rows.sort(key=lambda r: r[2])
    rows.sort(key=lambda r: r[1], reverse=True)
    rows.sort(key=lambda r: r[0], reverse=True)
    return [(sid, round(score, 4)) for score, _d, _o, sid in rows[:limit]]


# With a character outside the BMP, whose places count two units where the text has one.
ALPHABET = "衡阳陽湘保产业转移𠀋 \n"
texts = st.text(alphabet=ALPHABET, max_size=60)
heads = st.text(alphabet=ALPHABET, max_size=8)
# Kicker, headline, deck (all three count as the head) and paragraphs.
sections_st = st.lists(
    st.tuples(heads, heads, heads, st.lists(texts, max_size=3)), min_size=1, max_size=6
)
words = st.text(alphabet="衡阳陽湘产业转移𠀋", min_size=1, max_size=4)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    briefings=st.lists(
        st.tuples(sections_st, st.sampled_from([None, "2019-01-01", "2020-05-05"])),
        min_size=1,
        max_size=5,
    ),
    terms=st.lists(words, min_size=1, max_size=2),
    limit=st.integers(1, 8),
)
def test_ranking_equals_a_reference_scoring(briefings, terms, limit) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = library_of(Path(tmp), briefings)
        query = " ".join(terms)
        got = search(lib, query, limit=limit)
        assert [(h.section_id, h.score) for h in got.hits] == reference(lib, query, limit)


def reference_scores(lib: FakeLibrary, query: str) -> dict[str, float]:
    """Every match's reference score, by section id."""
    return dict(reference(lib, query, 10_000))


# Heads that never hold a query, so the sample's hit counts alone decide the pool, and
# paragraphs that repeat the queries' words, so those counts differ.
plain_heads = st.text(alphabet="保甲乙", max_size=4)
VOCABULARY = ["产业", "转移", "产业转移", "衡阳", "保", "阳产"]
repeats = st.lists(st.sampled_from(VOCABULARY), max_size=12).map("".join)
bodies = st.lists(
    st.tuples(plain_heads, plain_heads, plain_heads, st.lists(repeats, min_size=1, max_size=3)),
    min_size=3,
    max_size=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    briefings=st.lists(bodies, min_size=2, max_size=5),
    terms=st.lists(st.sampled_from(VOCABULARY[:4]), min_size=1, max_size=2),
    limit=st.integers(1, 2),
)
def test_pooled_ranking_counts_hits_alike_from_places_and_from_texts(
    briefings, terms, limit
) -> None:
    # With the pool forced on and small, the sampled sections' hits decide what is scored:
    # counted from the index's places or from the texts, the results are the same, and every
    # result carries its exact score.
    with tempfile.TemporaryDirectory() as tmp:
        lib = library_of(Path(tmp), [(secs, None) for secs in briefings])
        query = " ".join(terms)
        exact = reference_scores(lib, query)
        got = []
        for most in (-1, 10**9):  # every count from texts; from places wherever they tell
            with (
                patch.object(engine, "POOL", 0),
                patch.object(engine, "PER_SEGMENT", 1),
                patch.object(engine, "SAMPLE", 40),
                patch.object(engine, "PLACES_COUNTED", most),
            ):
                result = search(lib, query, limit=limit)
            assert result.total == len(exact)
            assert all(h.score == exact[h.section_id] for h in result.hits)
            got.append([(h.section_id, h.score) for h in result.hits])
        assert got[0] == got[1]


def test_head_hits_read_from_places_count_only_inside_the_head(tmp_path: Path) -> None:
    # Terms of two or more characters are counted from the index's places: a hit counts three
    # times only before the head's end, also where a character outside the BMP comes first.
    lib = FakeLibrary(tmp_path)
    index.register(lib)
    made = [
        make_section("b000000001", 1, "产业转移", ["产业转移产业转移", "转移"]),
        make_section("b000000001", 2, "产业转移", ["产业转移"], kicker="𠀋" * 6),
        make_section("b000000001", 3, "衡阳", ["产业转移", "𠀋产业转移"], deck="产业转移"),
        make_section("b000000001", 4, "衡阳", ["产业转移" * 3]),
    ]
    lib.add("b000000001", made)
    for query in ("产业转移", "转移", "产业 转移"):
        got = search(lib, query, limit=10)
        assert [(h.section_id, h.score) for h in got.hits] == reference(lib, query, 10), query


# "产业" is a7 4e 1a 4e in UTF-16-LE; "ꜧᩎ乎" is 27 a7 4e 1a 4e 4e, which holds those bytes
# one byte off a unit's start: counted as bytes, it would be a hit that is not there.
MISALIGNED = "ꜧ\u1a4e乎"


def test_hits_counted_in_bytes_never_count_a_match_off_a_unit_start(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    index.register(lib)
    made = [
        make_section("b000000001", 1, "衡阳", ["产业" + MISALIGNED, "产业转移"]),
        make_section("b000000001", 2, "产业" + MISALIGNED, ["保" + MISALIGNED * 3]),
        make_section("b000000001", 3, "衡阳", ["产业产业"]),
    ]
    lib.add("b000000001", made)
    view = index.ready(lib)
    (seg,) = view.segments
    texts = termhits.Texts(seg, -1)
    local = BitMap([0, 1, 2])
    assert texts.count(local, "产业") == [2, 1, 2]
    assert texts.count_heads(local, "产业") == [0, 1, 0]
    assert texts.count(local, "业乎") == [0, 0, 0]  # this one is counted in bytes
    assert texts.misaligned("业乎") is not None
    with (
        patch.object(engine, "POOL", 0),
        patch.object(engine, "PER_SEGMENT", 1),
        patch.object(engine, "PLACES_COUNTED", -1),
    ):
        got = search(lib, "产业", limit=3)
    hits = {"b000000001-1": 2, "b000000001-2": 1, "b000000001-3": 2}
    assert [(h.section_id, h.score, h.hits) for h in got.hits] == [
        (sid, score, hits[sid]) for sid, score in reference(lib, "产业", 3)
    ]


def test_a_text_is_counted_once_per_query_and_term(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    index.register(lib)
    bodies = ["产业产业", "产业" + MISALIGNED, "衡阳", "产业转移产业"]
    lib.add(
        "b000000001", [make_section("b000000001", i + 1, "衡阳", [b]) for i, b in enumerate(bodies)]
    )
    (seg,) = index.ready(lib).segments
    texts = termhits.Texts(seg, -1)
    asked: list[list[int]] = []
    real = texts._count
    with patch.object(
        texts, "_count", lambda local, needle: asked.append(list(local)) or real(local, needle)
    ):
        assert texts.count(BitMap([1, 3]), "产业") == [1, 2]
        assert texts.count(BitMap([0, 1, 2, 3]), "产业") == [2, 1, 0, 2]
        assert texts.count(BitMap([3]), "产业") == [2]
        assert texts.count(BitMap([0, 3]), "衡阳") == [1, 1]
    assert asked == [[1, 3], [0, 2], [0, 3]]
    assert termhits.Texts(seg, -1).count(BitMap([0, 1, 2, 3]), "产业") == [2, 1, 0, 2]
    # The head bitmap of a term is made once per segment and query.
    term = parse("产业").clauses[0].terms[0]
    assert texts.head_bitmap(term) is texts.head_bitmap(term)
    assert texts.head_bitmap(term) == termhits.head_bitmap(seg, term)


# Generated text of characters that make byte matches off a unit's start, with one outside
# the BMP, and terms of one to four characters made of them.
TRICKY = "产业转移衡阳乎ꜧ\u1a4e𠀋保 "
tricky_bodies = st.lists(
    st.tuples(
        st.text(alphabet=TRICKY, max_size=6),
        st.text(alphabet=TRICKY, max_size=6),
        st.text(alphabet=TRICKY, max_size=6),
        st.lists(st.text(alphabet=TRICKY, max_size=40), min_size=1, max_size=3),
    ),
    min_size=2,
    max_size=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    briefings=st.lists(tricky_bodies, min_size=1, max_size=4),
    terms=st.lists(
        st.text(alphabet=TRICKY.strip(), min_size=1, max_size=4), min_size=1, max_size=2
    ),
    limit=st.integers(1, 3),
)
def test_pooled_ranking_counts_alike_in_bytes_and_in_decoded_texts(briefings, terms, limit) -> None:
    # Hits counted in the texts' UTF-16 bytes rank as hits counted in the decoded texts did.
    with tempfile.TemporaryDirectory() as tmp:
        lib = library_of(Path(tmp), [(secs, None) for secs in briefings])
        query = " ".join(terms)
        exact = reference_scores(lib, query)
        got = []
        for in_bytes in (False, True):
            with (
                patch.object(engine, "POOL", 0),
                patch.object(engine, "PER_SEGMENT", 1),
                patch.object(engine, "SAMPLE", 40),
                patch.object(engine, "PLACES_COUNTED", -1),
            ):
                if in_bytes:
                    result = search(lib, query, limit=limit)
                else:
                    with patch.object(termhits.Texts, "misaligned", lambda _self, _needle: None):
                        result = search(lib, query, limit=limit)
            assert result.total == len(exact)
            assert all(h.score == exact[h.section_id] for h in result.hits)
            got.append([(h.section_id, h.score, h.hits, h.snippet) for h in result.hits])
        assert got[0] == got[1]
