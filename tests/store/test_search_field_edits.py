"""A result's edits read entry by entry up to a field are the ones the whole list holds."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.search.fieldedits import FieldEdits
from store.search.normalise import fold_edits
from store.search.postings import pack
from store.search.segfile import SegmentDamaged


class Stored:
    """The part of a segment FieldEdits reads: its path and one section's packed edits."""

    def __init__(self, packed: bytes) -> None:
        self.path = Path("seg-test.bin")
        self.packed = packed

    def packed_edits(self, local: int) -> bytes:
        return self.packed


# Full-width and Traditional characters, spaces and quotes: folding changes them, so the
# entries hold pieces of every kind JSON must escape or keep.
SOURCE = '衡陽湘產業轉移ＡＢ１２，。 \t"\\\u3000a'
fields_st = st.lists(st.text(alphabet=SOURCE, max_size=30), min_size=1, max_size=12)


def entries_of(texts: list[str]) -> list[list]:
    """The edit entries the index stores for a section of these field texts."""
    out = []
    for i, text in enumerate(texts):
        _folded, edits = fold_edits(text)
        if edits:
            out.append([i, *edits])
    return out


@given(fields_st, st.integers(-1, 13))
def test_entries_up_to_a_field_are_those_of_the_whole_list(texts, field) -> None:
    entries = entries_of(texts)
    whole = {e[0]: e for e in entries}
    got = FieldEdits(Stored(pack(entries)), 0)
    upto = dict(got.upto(field))
    assert {f: e for f, e in whole.items() if f <= field} == {
        f: e for f, e in upto.items() if f <= field
    }
    assert all(got.of(f) == whole.get(f) for f in range(len(texts)))
    assert got.upto(None) == whole


def test_a_list_laid_out_otherwise_is_read_whole() -> None:
    entries = [[1, 2, "ＡＢ", 2], [3, 0, "陽", 1]]
    spaced = FieldEdits(Stored(json.dumps(entries, ensure_ascii=False).encode()), 0)
    assert spaced.of(3) == [3, 0, "陽", 1] and spaced.of(1) == [1, 2, "ＡＢ", 2]
    # Fields out of order are found once the list is read on past them.
    unordered = FieldEdits(Stored(pack(entries[::-1])), 0)
    assert unordered.upto(None) == {1: entries[0], 3: entries[1]}
    assert FieldEdits(Stored(b""), 0).upto(None) == {}
    assert FieldEdits(Stored(b"[]"), 0).upto(None) == {}


@pytest.mark.parametrize(
    "packed", [b"[[1,2", b'[[1,2,"x",1]]]', b"z" + zlib.compress(b"[[1,")[:-2], b"\xff\xfe"]
)
def test_a_damaged_list_says_so(packed: bytes) -> None:
    with pytest.raises(SegmentDamaged):
        FieldEdits(Stored(packed), 0).upto(None)
