"""A segment's bitmaps are the same whether its sections are added at once or in parts, and its
file the same bytes however its places are gathered and its parts written."""

from __future__ import annotations

import io
import tempfile
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import grams, gramsort, roaringpack, segwrite

UNITS = st.text(alphabet=st.sampled_from(list("衡阳产业链园区ab1,。𠀋")), max_size=30)


def _same(one: grams.Built, parts: grams.Built) -> grams.Tables:
    """Check both builds give the same tables; the tables of `parts` (taken once)."""
    assert one.long == parts.long
    assert one.encoded == parts.encoded
    a, b = one.tables(), parts.tables()
    for x, y in ((a.section_maps(), b.section_maps()), (a.heads, b.heads)):
        assert {k for k, v in x.items() if v} == {k for k, v in y.items() if v}
        assert all(x[k] == y[k] for k in x if x[k])
    assert (a.codes, a.offsets, a.places) == (b.codes, b.offsets, b.places)
    return b


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(UNITS, st.integers(0, 30)), max_size=12),
    st.lists(st.integers(1, 5), min_size=1, max_size=12),
    st.sampled_from([(0, 10**9), (10**9, 0)]),
    st.sampled_from([1, 3, gramsort.CHUNK]),
)
def test_sections_added_in_parts_give_the_bitmaps_of_one_build(sections, cuts, sort, chunk) -> None:
    # Places grouped place by place for one build and by sorting packed numbers for the other,
    # whose places are gathered a few at a time or all at once.
    texts = [t for t, _ in sections]
    heads = [min(h, len(t)) for t, h in sections]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gramsort, "CHUNK", chunk)
        mp.setattr(grams, "SORT_UNITS", sort[0])
        one = grams.build(texts, heads)
        mp.setattr(grams, "SORT_UNITS", sort[1])
        parts = _added_in_parts(grams.Built(), texts, heads, cuts)
    assert one.sort == (sort[0] == 0)
    assert parts.sort == (sort[1] == 0 if texts else None)
    _same(one, parts)


def _added_in_parts(built, texts: list[str], heads: list[int], cuts: list[int]):
    """`built` with the sections added in parts of the sizes `cuts` gives, over and over."""
    at = 0
    for n in cuts * (len(texts) + 1):
        if at >= len(texts):
            break
        built.add(texts[at : at + n], heads[at : at + n])
        at += n
    return built


def _written(path, texts: list[str], heads: list[int], cuts: list[int]) -> bytes:
    """The bytes of a segment whose sections, grouped by sorting, are added in these parts."""
    built = _added_in_parts(grams.Built(sort=True), texts, heads, cuts)
    ids = [f"b-{i}" for i in range(len(texts))]
    edits = [b""] * len(texts)
    segwrite.write_built(path, 5, BitMap(range(5, 5 + len(texts))), ids, built, heads, edits)
    return path.read_bytes()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(UNITS, st.integers(0, 30)), max_size=12),
    st.lists(st.integers(1, 5), min_size=1, max_size=12),
    st.sampled_from([1, 2, 7]),
    st.sampled_from([1, 4]),
)
def test_a_sorted_segment_is_the_same_bytes_however_its_places_are_gathered(
    sections, cuts, chunk, max_array
) -> None:
    # Gathering a few places, or section bitmaps' values, at a time changes no byte of the
    # file, nor does adding the sections in parts.
    texts = [t for t, _ in sections]
    heads = [min(h, len(t)) for t, h in sections]
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        path = Path(tmp) / "seg.bin"
        mp.setattr(roaringpack, "MAX_ARRAY", max_array)
        whole = _written(path, texts, heads, [len(texts) or 1])
        mp.setattr(gramsort, "CHUNK", chunk)
        mp.setattr(roaringpack, "CHUNK", chunk)
        assert _written(path, texts, heads, cuts) == whole


@pytest.mark.parametrize("sort", [False, True])
def test_a_text_too_long_to_position_is_found_in_a_later_part(sort: bool) -> None:
    long = "衡阳" * (grams.LONG // 2 + 1)
    texts, heads = ["产业链", long, "衡阳园区"], [2, 2, 0]
    parts = grams.Built(sort=sort)
    parts.add(texts[:1], heads[:1])
    parts.add(texts[1:], heads[1:])
    tables = _same(grams.build(texts, heads), parts)
    assert list(parts.long) == [1]
    assert list(tables.section_maps()[grams.pair(ord("衡"), ord("阳"))]) == [1, 2]
    # Only the positioned section has places: at offset 0 of local 2.
    at = tables.codes.index(grams.pair(ord("衡"), ord("阳")))
    got = array("I", tables.places[tables.offsets[at] : tables.offsets[at + 1]])
    assert list(got) == [2 << 16]


def test_a_segment_never_takes_more_sections_than_its_local_indexes_hold() -> None:
    parts = grams.Built()
    parts.encoded = [b""] * (grams.UNIT - 1)
    with pytest.raises(ValueError):
        parts.add(["一", "二"], [0, 0])
    assert len(parts.encoded) == grams.UNIT - 1


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.binary(max_size=40), st.lists(st.binary(max_size=40), max_size=6)),
        max_size=6,
    ),
    st.sampled_from([1, 16, segwrite.BATCH]),
)
def test_a_part_written_in_pieces_is_its_joined_bytes(parts, batch) -> None:
    # Texts, edits and the places' tail are written as pieces, never joined whole: the file
    # and its checksums are those of the joined parts.
    joined = [b"".join(p) if isinstance(p, list) else p for p in parts]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segwrite, "CHUNK", 8)
        mp.setattr(segwrite, "BATCH", batch)
        one, pieces = io.BytesIO(), io.BytesIO()
        want = segwrite._write_parts(one, joined)
        got = segwrite._write_parts(
            pieces, [p if isinstance(p, bytes) else list(map(memoryview, p)) for p in parts]
        )
    assert pieces.getvalue() == one.getvalue()
    assert got == want
