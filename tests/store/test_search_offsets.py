"""A segment's place table split into its long tail (local-major arrays) and its common bigrams
(offset-major bitmaps) keeps every place of every bigram, whichever bigrams are common."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import offsets

place = st.tuples(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))


def _arrays(data: bytes, ends: array) -> list[bytes]:
    return [data[ends[i] : ends[i + 1]] for i in range(len(ends) - 1)]


@given(
    st.lists(st.sets(place, min_size=1, max_size=12), max_size=12),
    st.integers(1, 6),
)
def test_split_keeps_every_place_of_every_bigram(groups, heavy) -> None:
    tables = [array("I", sorted(local << 16 | o for local, o in g)) for g in groups]
    codes = array("I", range(100, 100 + len(tables)))
    ends = array("Q", [0])
    for t in tables:
        ends.append(ends[-1] + 4 * len(t))
    old = offsets.HEAVY
    offsets.HEAVY = heavy
    try:
        tail, common = offsets.split(codes, ends, b"".join(t.tobytes() for t in tables))
        tail[2] = b"".join(tail[2])
    finally:
        offsets.HEAVY = old
    got: dict[int, BitMap] = {}
    tail_codes, tail_ends = array("I", tail[0]), array("Q", tail[1])
    assert tail_ends[0] == 0 and tail_ends[-1] == len(tail[2])
    for code, raw in zip(tail_codes, _arrays(tail[2], tail_ends), strict=True):
        assert raw == tables[code - 100].tobytes()  # the tail keeps its sorted arrays as they were
        got[code] = offsets.placed(raw)
    common_codes, common_ends = array("I", common[0]), array("Q", common[1])
    for code, raw in zip(common_codes, _arrays(common[2], common_ends), strict=True):
        got[code] = BitMap.deserialize(raw)
    assert sorted(got) == list(codes)
    assert set(common_codes) == {c for c, t in zip(codes, tables, strict=True) if len(t) >= heavy}
    for code, t in zip(codes, tables, strict=True):
        assert got[code] == BitMap((v & 0xFFFF) << 16 | v >> 16 for v in t)  # offset-major


def test_swap_exchanges_the_halves_of_each_value() -> None:
    values = array("I", [0x00010002, 0xFFFF0000, 0x0000FFFF, 0x12345678])
    assert list(offsets.swap(values)) == [0x00020001, 0x0000FFFF, 0xFFFF0000, 0x56781234]


offset_major = st.sets(
    st.tuples(st.integers(0, 0xFFFF - 1100), st.integers(0, 0xFFFF)), max_size=80
)


@given(offset_major, st.integers(1, 1023), st.booleans())
def test_a_bitmap_read_moved_on_equals_the_bitmap_shifted(places, lift, runs) -> None:
    bm = BitMap(o << 16 | local for o, local in places)
    if runs:
        bm |= BitMap(range(5 << 16, (5 << 16) + 300))  # a run container, kept as a run
        bm.run_optimize()
    raised = bytearray(bm.serialize())
    assert offsets.moved(raised, lift)
    assert BitMap.deserialize(raised) == bm.shift(lift << 16)


def test_a_bitmap_whose_keys_would_pass_the_top_is_not_moved() -> None:
    bm = BitMap([0xFFF0 << 16 | 7])
    blob = bytearray(bm.serialize())
    assert offsets.moved(blob, 0x0F) and BitMap.deserialize(blob) == BitMap([0xFFFF << 16 | 7])
    blob = bytearray(bm.serialize())
    assert not offsets.moved(blob, 0x10) and blob == bm.serialize()  # left as it was
    odd = bytearray(12)
    assert not offsets.moved(odd, 1) and odd == bytes(12)  # not roaring's format: read as it is


@given(
    st.sets(st.tuples(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF - 1100))), st.integers(0, 1023)
)
def test_tail_places_read_moved_on_equal_the_places_shifted(places, lift) -> None:
    raw = array("I", sorted(local << 16 | o for local, o in places)).tobytes()
    assert offsets.placed(raw, lift) == offsets.placed(raw).shift(lift << 16)
