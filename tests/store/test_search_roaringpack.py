"""Small bitmaps serialized together by numpy read back as pyroaring's own, in code order."""

from __future__ import annotations

from array import array

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import roaringpack
from store.search.segwrite import _table

locals_st = st.sets(st.integers(0, 0xFFFF), min_size=1, max_size=60)


def _read(keys: bytes, idx: bytes, blob: bytes) -> dict[int, BitMap]:
    codes, ends = array("I", keys), array("Q", idx)
    assert len(ends) == len(codes) + 1 and ends[-1] == len(blob)
    return {c: BitMap.deserialize(blob[ends[i] : ends[i + 1]]) for i, c in enumerate(codes)}


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(1, 2**32 - 1), locals_st, max_size=20),
    st.dictionaries(st.integers(1, 2**32 - 1), st.sets(st.integers(0, 2**32 - 1)), max_size=8),
)
def test_a_packed_table_reads_as_the_table_of_its_bitmaps(packed, others) -> None:
    packed = {c: v for c, v in packed.items() if c not in others}
    codes = sorted(packed)
    got = roaringpack.table(
        np,
        np.array(codes, np.uint32),
        np.array([len(packed[c]) for c in codes], np.int64),
        np.array([v for c in codes for v in sorted(packed[c])], np.uint16),
        {c: BitMap(v) for c, v in others.items()},
    )
    want = {c: BitMap(v) for c, v in {**packed, **others}.items() if v}
    assert array("I", got[0]).tolist() == sorted(want)
    assert _read(*got) == want
    assert _read(*got) == _read(*_table({c: BitMap(v) for c, v in want.items()}))


def test_an_array_container_is_written_as_pyroaring_writes_it() -> None:
    for values in ([7], [0, 2, 4], list(range(0, 2 * roaringpack.MAX_ARRAY, 2)), [0xFFFF]):
        blob, sizes = roaringpack.arrays(np, np.array([len(values)]), np.array(values, np.uint16))
        assert blob == BitMap(values).serialize()
        assert sizes.tolist() == [len(blob)]


@settings(max_examples=100, deadline=None)
@given(st.lists(locals_st, max_size=12), st.sampled_from([1, 2, 5]))
def test_bitmaps_placed_a_few_values_at_a_time_are_pyroaring_s_own(runs, chunk) -> None:
    values = [sorted(r) for r in runs]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(roaringpack, "CHUNK", chunk)
        blob, sizes = roaringpack.arrays(
            np,
            np.array([len(v) for v in values], np.int64),
            np.array([x for v in values for x in v], np.uint16),
        )
    assert bytes(blob) == b"".join(BitMap(v).serialize() for v in values)
    assert sizes.tolist() == [len(BitMap(v).serialize()) for v in values]


def test_an_empty_table_has_one_offset() -> None:
    empty = np.zeros(0, np.uint32)
    keys, idx, blob = roaringpack.table(np, empty, empty, empty.astype(np.uint16), {})
    assert (keys, array("Q", idx).tolist(), blob) == (b"", [0], b"")
