"""Answers from bigram positions against a plain scan of the folded text: totals, sections,
places and counts, with repeats, overlaps, field edges, OR, exclusions and long sections."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from analysis_helpers import MemoryLibrary, make_section
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import grams, index, offsets, parse, positions, roaringpack, search
from store.search.hits import section_matches
from store.search.segment import Segment

# Few letters, so repeats ("哈哈哈" in "哈哈哈哈"), overlaps and shared bigrams are frequent.
ALPHABET = "哈衡阳湘 ,Ti"
texts = st.text(alphabet=ALPHABET, max_size=30)
sections_st = st.lists(st.tuples(texts, st.lists(texts, max_size=3)), min_size=1, max_size=5)
needles = st.text(alphabet="哈衡阳湘,Ti", min_size=1, max_size=6)


def _library(home: Path, briefings: list) -> MemoryLibrary:
    lib = MemoryLibrary(home)
    for b, secs in enumerate(briefings):
        bid = f"b{b:09d}"
        lib.add(bid, [make_section(bid, n, h, ps) for n, (h, ps) in enumerate(secs, 1)], None)
    return lib


def _query(words: list[str], how: str) -> str:
    if how == "or" and len(words) > 1:
        return f"{words[0]} OR {words[1]}"
    if how == "not" and len(words) > 1:
        return f"{words[0]} -{words[1]}"
    return " ".join(words)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    briefings=st.lists(sections_st, min_size=1, max_size=3),
    words=st.lists(needles, min_size=1, max_size=2),
    how=st.sampled_from(["and", "or", "not"]),
    long=st.sampled_from([3, 7, grams.LONG]),
    heavy=st.sampled_from([1, 3, offsets.HEAVY]),
    sort=st.sampled_from([(0, 1), (0, roaringpack.MAX_ARRAY), (grams.SORT_UNITS, 1)]),
)
def test_search_totals_equal_a_substring_scan(briefings, words, how, long, heavy, sort) -> None:
    # A small LONG sends most sections down the scanning path of long sections; a small HEAVY
    # writes most bigrams' places as offset-major bitmaps, a mix of both kinds in a phrase.
    # Segments are built place by place or by sorting, their bigrams' section bitmaps then
    # written by pyroaring (more sections than MAX_ARRAY) or together by numpy.
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setattr(grams, "LONG", long)
        mp.setattr(offsets, "HEAVY", heavy)
        mp.setattr(grams, "SORT_UNITS", sort[0])
        mp.setattr(roaringpack, "MAX_ARRAY", sort[1])
        lib = _library(Path(tmp), briefings)
        query = _query(words, how)
        expected = {s.id for s in lib.iter_sections() if section_matches(s, parse(query))}
        result = search(lib, query, limit=10_000)
        assert result.total == len(expected)
        assert {h.section_id for h in result.hits} == expected


def _every_start(text: str, needle: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(needle, i)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    briefings=st.lists(sections_st, min_size=1, max_size=3),
    needle=needles,
    long=st.sampled_from([5, grams.LONG]),
    phrase=st.sampled_from([3, grams.PHRASE]),
    heavy=st.sampled_from([1, 3, offsets.HEAVY]),
    sort=st.sampled_from([0, grams.SORT_UNITS]),
)
def test_places_and_counts_equal_a_scan_of_each_text(
    briefings, needle, long, phrase, heavy, sort
) -> None:
    # A small PHRASE sends needles of 4+ units down the scanning path of long needles; a small
    # HEAVY writes the places of most bigrams as offset-major bitmaps rather than arrays.
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setattr(grams, "SORT_UNITS", sort)
        mp.setattr(offsets, "HEAVY", heavy)
        mp.setattr(grams, "LONG", long)
        mp.setattr(positions, "PHRASE", phrase)
        lib = _library(Path(tmp), briefings)
        view = index.ready(lib)
        for seg in view.segments:
            by_local = {i: seg.text(i) for i in seg.local(seg.ords)}
            want = {i for i, t in by_local.items() if needle in t}
            assert set(positions.sections(seg, needle)) == want
            assert set(positions.ordinals(seg, needle)) == {i + seg.first for i in want}
            ords, counts = positions.counts(seg, needle)
            assert dict(zip(ords, counts, strict=True)) == {
                i + seg.first: by_local[i].count(needle) for i in want
            }
            if len(needle) >= 2:  # these letters are one UTF-16 unit each
                places = {(p & 0xFFFF, p >> 16) for p in positions.places(seg, needle)}
                assert places == {
                    (i, at)
                    for i, t in by_local.items()
                    if i not in seg.long
                    for at in _every_start(t, needle)
                }
            for i in want:
                assert positions.starts(seg, needle, i) == _every_start(by_local[i], needle)


def test_a_phrase_never_joins_two_fields_or_two_sections(tmp_path: Path) -> None:
    lib = _library(tmp_path, [[("衡阳", ["湘江", "哈哈"]), ("哈", ["哈哈"])]])
    assert search(lib, "阳湘").total == 0  # headline end + first paragraph start
    assert search(lib, "江哈").total == 0  # two paragraphs
    assert search(lib, "哈哈哈").total == 0  # across the end of one section and the next
    assert search(lib, "衡阳").total == 1


def test_repeats_count_as_str_count_does(tmp_path: Path) -> None:
    lib = _library(tmp_path, [[("一", ["哈哈哈哈", "哈哈哈"])]])
    (seg,) = index.ready(lib).segments
    _ords, counts = positions.counts(seg, "哈哈哈")
    assert list(counts) == ["哈哈哈哈\x1f哈哈哈".count("哈哈哈")] == [2]
    assert len(positions.places(seg, "哈哈哈")) == 3  # every start, overlapping ones too
    assert search(lib, "哈哈哈").total == 1


def test_a_section_longer_than_a_row_of_places_is_found_exactly(tmp_path: Path) -> None:
    filler = "湘" * (grams.LONG - 3)
    body = filler + "衡阳市区" + "湘" * 10  # the phrase straddles offset 65535
    lib = _library(tmp_path, [[("长文", [body]), ("短文", ["衡阳市"])]])
    (seg,) = index.ready(lib).segments
    assert len(seg.long) == 1
    assert search(lib, "衡阳市区").total == 1
    assert search(lib, "衡阳市").total == 2
    assert search(lib, "湘湘湘 -衡阳市区").total == 0
    _ords, counts = positions.counts(seg, "湘湘")
    text = seg.text(0)
    assert counts[0] == text.count("湘湘")


def test_a_segment_opens_without_reading_its_body(tmp_path: Path) -> None:
    lib = _library(tmp_path, [[("衡阳", ["湘江" * 5000])] * 20])
    (seg,) = index.ready(lib).segments
    fresh = Segment(seg.path)
    try:
        assert sum(fresh._body._ok) * 4 < len(fresh._body._ok)  # a few chunks of many
    finally:
        fresh.close()


def test_a_needle_longer_than_a_phrase_is_found_exactly_near_the_end_of_a_section(
    tmp_path: Path,
) -> None:
    needle = "衡阳" * (grams.PHRASE // 2) + "市区"  # too long to be shifted into place
    filler = "湘" * (grams.LONG - len(needle) - 40)
    lib = _library(tmp_path, [[("长文", [filler + needle]), ("市区", [needle + "湘" + needle])]])
    (seg,) = index.ready(lib).segments
    assert not seg.long  # both are positioned
    assert len(seg.text(0)) <= grams.LONG
    assert len(positions.places(seg, needle)) == 3
    _ords, counts = positions.counts(seg, needle)
    assert list(counts) == [1, 2]
    assert search(lib, needle).total == 2
    assert search(lib, needle + "湘").total == 1
    assert search(lib, needle[1:] + "市").total == 0  # never across two sections


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.one_of(st.integers(0, 70), st.integers(0xD7F0, 0xE010), st.integers(0xFFF0, 0xFFFF)),
        ),
        max_size=60,
    ),
    st.integers(0, 41),
)
def test_places_by_local_count_and_place_as_the_places_say(pairs, end) -> None:
    # Local indexes up to the last one a segment has.
    found = BitMap(o << 16 | local for o, local in pairs)
    per = positions.ByLocal(found)
    asked = BitMap(local for _o, local in pairs) | BitMap([1, 0xD800, 0xDC00])
    assert per.count(asked) == [sum(1 for v in found if v & 0xFFFF == i) for i in asked]
    for i in asked:
        assert per.before(i, end) == sum(1 for v in found if v & 0xFFFF == i and v >> 16 < end)
    # Places kept some units past their starts, as a phrase's intersection leaves them.
    moved = positions.ByLocal(found.shift(3 << 16), 3)
    assert moved.count(asked) == per.count(asked)
    assert [moved.before(i, end) for i in asked] == [per.before(i, end) for i in asked]


@pytest.mark.parametrize("heavy", [1, offsets.HEAVY])
def test_a_phrase_leaves_the_places_its_segment_keeps_as_they_were(
    tmp_path: Path, heavy: int
) -> None:
    # A phrase of five units reads three bigrams' places, each moved on to where the last one
    # starts, and the segment keeps them for the next query: intersecting them changes none.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(offsets, "HEAVY", heavy)
        briefing = [
            ("衡阳湘江", ["衡阳湘江哈"]),
            ("哈", ["哈衡阳湘江哈哈"]),
            ("江哈", ["江哈衡阳"]),
        ]
        lib = _library(tmp_path, [briefing])
        (seg,) = index.ready(lib).segments
        assert len(positions.places(seg, "衡阳湘江哈")) == 2
        fresh = Segment(seg.path)
        try:
            kept = dict(seg._pos_cache)
            assert len(kept) >= 3
            for key, got in kept.items():
                assert got == fresh.positions(key & 0xFFFFFFFF, key >> 32)
        finally:
            fresh.close()
        assert search(lib, "衡阳湘江").total == 2
        assert search(lib, "江哈").total == 3
