"""Scoring many sections at once gives exactly the scores of one at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.search import rank

counts = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 5), st.integers(1, 5000)))


@given(counts, st.floats(0.0, 3000.0), st.floats(0.01, 10.0))
def test_bm25_many_equals_bm25(rows, avg, weight) -> None:
    effs = [tf + (rank.HEAD_WEIGHT - 1) * head for tf, head, _n in rows]
    lengths = [n for _tf, _head, n in rows]
    expected = [rank.bm25(tf, head, n, avg, weight) for tf, head, n in rows]
    assert rank.bm25_many(effs, lengths, avg, weight) == expected


def test_more_hits_and_shorter_sections_score_higher() -> None:
    a, b, c = rank.bm25_many([1, 3, 3], [100, 100, 1000], 300.0, 1.0)
    assert 0 < a < b and c < b
    assert rank.bm25_many([0], [10], 300.0, 1.0) == [0.0]
