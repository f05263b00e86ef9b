"""A segment's bitmaps are the same whether its sections are added at once or in parts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.search import grams

UNITS = st.text(alphabet=st.sampled_from(list("衡阳产业链园区ab1,。𠀋")), max_size=30)


def _same(one: grams.Built, parts: grams.Built) -> None:
    for name in ("sections", "heads", "positions"):
        a, b = getattr(one, name), getattr(parts, name)
        assert {k for k, v in a.items() if v} == {k for k, v in b.items() if v}, name
        assert all(a[k] == b[k] for k in a if a[k]), name
    assert one.long == parts.long
    assert one.encoded == parts.encoded
    assert one.lengths == parts.lengths
    assert one.wide == parts.wide


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(UNITS, st.integers(0, 30)), max_size=12),
    st.lists(st.integers(1, 5), min_size=1, max_size=12),
)
def test_sections_added_in_parts_give_the_bitmaps_of_one_build(sections, cuts) -> None:
    texts = [t for t, _ in sections]
    heads = [min(h, len(t)) for t, h in sections]
    parts = grams.Built()
    at = 0
    for n in cuts * (len(texts) + 1):
        if at >= len(texts):
            break
        parts.add(texts[at : at + n], heads[at : at + n])
        at += n
    _same(grams.build(texts, heads), parts)


def test_a_text_too_long_to_position_is_found_in_a_later_part() -> None:
    long = "衡阳" * (grams.LONG // 2 + 1)
    texts, heads = ["产业链", long, "衡阳园区"], [2, 2, 0]
    parts = grams.Built()
    parts.add(texts[:1], heads[:1])
    parts.add(texts[1:], heads[1:])
    _same(grams.build(texts, heads), parts)
    assert list(parts.long) == [1]
    assert list(parts.sections[grams.pair(ord("衡"), ord("阳"))]) == [1, 2]


def test_a_segment_never_takes_more_sections_than_its_local_indexes_hold() -> None:
    parts = grams.Built()
    parts.encoded = [b""] * (grams.UNIT - 1)
    with pytest.raises(ValueError):
        parts.add(["一", "二"], [0, 0])
    assert len(parts.encoded) == grams.UNIT - 1
