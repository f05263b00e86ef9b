"""A segment's bitmaps are the same whether its sections are added at once or in parts."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.search import grams

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
)
def test_sections_added_in_parts_give_the_bitmaps_of_one_build(sections, cuts, sort) -> None:
    # Places grouped place by place for one build and by sorting packed numbers for the other.
    texts = [t for t, _ in sections]
    heads = [min(h, len(t)) for t, h in sections]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(grams, "SORT_UNITS", sort[0])
        one = grams.build(texts, heads)
        mp.setattr(grams, "SORT_UNITS", sort[1])
        parts = grams.Built()
        at = 0
        for n in cuts * (len(texts) + 1):
            if at >= len(texts):
                break
            parts.add(texts[at : at + n], heads[at : at + n])
            at += n
    assert one.sort == (sort[0] == 0)
    assert parts.sort == (sort[1] == 0 if texts else None)
    _same(one, parts)


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
