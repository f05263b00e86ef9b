"""A rows file read from its bytes (ids looked up, texts read a row at a time, runs of
ordinals) answers exactly as the columns decoded whole do."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store.search import rows as rows_module
from store.search import rowsfile
from store.search.manifest_check import ManifestDamaged
from store.search.rowsfile import RowsFile, encode, header_check


def _opened(folder: Path, rows: list[tuple[str, dict]]) -> RowsFile:
    raw = encode(rows)
    path = folder / "rows-000001-00000000.bin"
    path.write_bytes(raw)
    return RowsFile(path, len(raw), header_check(raw))


def _fresh(base: RowsFile) -> RowsFile:
    return RowsFile(base.path, base.path.stat().st_size, header_check(base.path.read_bytes()))


texts = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["2020-01-02", "", "a,b"]))
ids = st.one_of(
    st.text("0123456789abcdef", min_size=10, max_size=10),
    st.text("0123456789abcdefXYZ", min_size=1, max_size=12),
    st.text(min_size=1, max_size=6),
)
table = st.lists(
    st.tuples(ids, st.integers(0, 3), st.integers(0, 4), texts, texts, texts),
    max_size=14,
    unique_by=lambda r: r[0],
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table, st.lists(ids, max_size=6))
def test_bytes_answer_as_the_decoded_columns(tmp_path: Path, drawn, asked) -> None:
    rows, at = [], 0
    for bid, gap, count, date, when, title in drawn:
        at += gap  # gaps between ranges, as deleted briefings leave them
        rows.append(
            (bid, {"first": at, "count": count, "date": date, "imported_at": when, "title": title})
        )
        at += count
    lean = _opened(tmp_path, rows)
    whole = _fresh(lean)
    where = whole.where
    for bid in [*(r[0] for r in rows), *asked]:
        assert lean.index_of(bid) == where.get(bid)
    # A briefing found by one of its ordinals is the one found by its id; an ordinal of
    # another briefing (or of none) still finds the briefing asked for, by its id.
    held, by_id = rows_module.Rows(_fresh(lean)), rows_module.Rows(whole)
    for bid, info in rows:
        want = by_id.get(bid)
        for o in {info["first"], info["first"] + info["count"] - 1, 0, at}:
            got = held.holding(o, bid)
            assert dict(got) == dict(want)
    for bid in asked:
        got, want = held.holding(0, bid), by_id.get(bid)
        assert got is None if want is None else dict(got) == dict(want)
    assert "ids" not in lean._decoded or not lean._width
    for name in ("date", "imported_at", "title"):
        decoded = whole.column(name)
        assert [_fresh(lean).text_at(name, i) for i in range(len(rows))] == decoded
        assert [lean.text_at(name, i) for i in range(len(rows))] == decoded
    expected = BitMap()
    for _bid, info in rows:
        expected.add_range(info["first"], info["first"] + info["count"])
    assert lean.live == expected


def test_ids_of_one_length_are_found_without_decoding_the_column(tmp_path: Path) -> None:
    bids = [f"{n:010x}" for n in range(40)]
    base = _opened(tmp_path, [(b, {"first": 2 * n, "count": 2}) for n, b in enumerate(bids)])
    held = rows_module.Rows(base)
    assert held.get(bids[17])["first"] == 34 and held.get("ffffffffff") is None
    assert held.get("0000000001x") is None and len(held) == 40
    assert "ids" not in base._decoded  # found in the bytes
    for _ in range(rowsfile.LOOKUPS):
        base.index_of(bids[3])
    assert base.index_of(bids[5]) == 5 and "ids" in base._decoded  # asked often: decoded


def test_a_briefing_is_found_by_an_ordinal_without_looking_up_its_id(tmp_path: Path) -> None:
    bids = [f"{n:010x}" for n in range(40)]
    base = _opened(tmp_path, [(b, {"first": 3 * n, "count": 2}) for n, b in enumerate(bids)])
    held = rows_module.Rows(base)
    assert held.holding(3 * 17 + 1, bids[17])["first"] == 51
    assert base._asked == 0 and "ids" not in base._decoded  # its row told by the ordinal
    # An ordinal of another briefing, or of a gap, falls back to the id.
    assert held.holding(3 * 18, bids[17])["first"] == 51
    assert held.holding(3 * 17 + 2, bids[17])["first"] == 51
    assert base._asked == 2
    assert held.holding(5, "ffffffffff") is None


def test_an_id_named_twice_is_damage_either_way(tmp_path: Path) -> None:
    # Checksums hold (a forger's file): only the ids repeat.
    twice = [("aaaaaaaaaa", {"first": 0, "count": 1}), ("aaaaaaaaaa", {"first": 1, "count": 1})]
    lean = _opened(tmp_path, twice)
    with pytest.raises(ManifestDamaged, match="twice"):
        lean.index_of("aaaaaaaaaa")
    with pytest.raises(ManifestDamaged, match="twice"):
        _ = _fresh(lean).where


def test_texts_of_one_length_are_read_in_place_without_cutting_the_column(tmp_path: Path) -> None:
    dates = ["2020-01-02", "2021-11-30", "1999-12-31"]
    odd = ["a,b", "c,d", "],["]  # commas and brackets inside texts of one length
    rows = [
        (f"{n:010x}", {"first": n, "count": 1, "date": d, "title": t, "imported_at": w})
        for n, (d, t, w) in enumerate(zip(dates, odd, ["x", None, "yy"], strict=True))
    ]
    lean = _opened(tmp_path, rows)
    assert [lean.text_at("date", i) for i in range(3)] == dates
    assert [lean.text_at("title", i) for i in range(3)] == odd
    assert lean._cut == {} and lean._decoded == {}  # neither column was cut nor decoded
    assert [lean.text_at("imported_at", i) for i in range(3)] == ["x", None, "yy"]
    assert lean._widths == {"date": 10, "title": 3, "imported_at": 0}
    with pytest.raises(IndexError):
        lean.text_at("date", 3)
