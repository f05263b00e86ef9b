"""A worker's records reach the segment builder packed: the same records, read only there."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from analysis_helpers import make_section

from store.search import segbuild
from store.search.manifest import Manifest
from store.search.postings import PackedRecords, packed, record, text_chars


def _records(bid: str, count: int) -> list:
    return [
        record(
            make_section(
                bid, n, f"園區項目{n}", [f"本报讯 新引进项目{n}个,總投資５億元。", "ＡＢ c"]
            )
        )
        for n in range(1, count + 1)
    ]


def test_packed_records_are_the_records_after_crossing_processes() -> None:
    recs = _records("b000000001", 4)
    got = pickle.loads(pickle.dumps(packed(recs)))
    assert isinstance(got, PackedRecords)
    assert len(got) == 4 and list(got) == recs and got[1] == recs[1] and got[1:3] == recs[1:3]
    assert (
        text_chars(got) == text_chars(recs) == sum(len(r.text) - r.text.count("\x1f") for r in recs)
    )


def test_packed_records_pass_through_unread() -> None:
    # Bytes that are no pickle: passing them on must never try to read them.
    blob = b"\x00 not a pickle"
    again = pickle.loads(pickle.dumps([PackedRecords(blob, 2, 7)]))[0]
    assert (again.blob, len(again), text_chars(again)) == (blob, 2, 7)
    with pytest.raises(pickle.UnpicklingError):
        list(again)


def test_the_manifest_row_is_the_same_from_packed_records() -> None:
    recs = _records("b000000002", 3)
    row = {"content_hash": "ab" * 32, "imported_at": "2020-01-01T00:00:00", "title": "衡阳"}
    plain, packed_ = Manifest(), Manifest()
    plain.add_briefing("b000000002", 5, recs, row)
    packed_.add_briefing("b000000002", 5, pickle.loads(pickle.dumps(packed(recs))), row)
    assert plain.briefings.get("b000000002") == packed_.briefings.get("b000000002")


def test_a_segment_built_from_packed_parts_is_the_one_built_from_records(tmp_path: Path) -> None:
    first, second = _records("b000000003", 3), _records("b000000004", 2)
    files = []
    for name, parts in (("plain", [first + second]), ("packed", [packed(first), packed(second)])):
        stream = segbuild.StreamedSegment()
        try:
            stream.add(parts)
            assert stream.count == 5
            path = tmp_path / f"{name}.bin"
            stream.finish(path, 10)
            stream.wait()
        finally:
            stream.stop()
        files.append(path.read_bytes())
    assert files[0] == files[1]
