"""Row ids stay unique across handles, processes and bulk inserts."""

from __future__ import annotations

from pathlib import Path

from store.storage import open_db


def test_insert_multiple_gives_each_row_its_own_id(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.json")
    ids = db.table("t").insert_multiple([{"n": n} for n in range(5)])
    assert ids == [1, 2, 3, 4, 5]
    assert sorted(r["n"] for r in db.table("t").all()) == [0, 1, 2, 3, 4]


def test_bulk_and_single_inserts_from_two_handles_interleave(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    a, b = open_db(path).table("t"), open_db(path).table("t")
    got = [a.insert({"n": 0}), *b.insert_multiple([{"n": 1}, {"n": 2}]), a.insert({"n": 3})]
    got += a.insert_multiple([{"n": 4}, {"n": 5}])
    assert got == [1, 2, 3, 4, 5, 6]
    assert sorted(r["n"] for r in b.all()) == list(range(6))
