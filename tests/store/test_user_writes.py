"""Writes of the user file made without TinyDB: the rows TinyDB would write, in one write."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query

from store import open_library
from store.errors import StoreCorrupt
from store.readstate import ReadState
from store.storage import open_db
from store.user_journal import read_journal, read_user_document
from store.user_rows import upsert

values = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["", "a", "衡阳"]))
rows = st.lists(
    st.dictionaries(st.sampled_from(["key", "value", "block"]), values, max_size=3), max_size=6
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=rows,
    removed=st.integers(0, 6),
    wanted=values,
    fields=st.dictionaries(st.sampled_from(["key", "value", "block"]), values, max_size=3),
)
def test_upsert_writes_what_tinydb_writes(
    tmp_path: Path, table: list[Any], removed: int, wanted: Any, fields: dict[str, Any]
) -> None:
    path = tmp_path / "rows.json"
    path.unlink(missing_ok=True)
    db = open_db(path)
    if table:
        db.table("t").insert_multiple(table)
        if removed in range(1, len(table) + 1):
            db.table("t").remove(doc_ids=[removed])  # the highest id need not be the last
    data = db.storage.read() or {}
    ours = copy.deepcopy(data.get("t", {}))
    upsert(ours, "key", wanted, fields)
    db.table("t").upsert(fields, Query().key == wanted)
    assert ours == (db.storage.read() or {}).get("t", {})


def test_a_position_and_a_read_mark_are_one_append(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    state = ReadState(lib.user)
    before = (tmp_path / "user.json").read_bytes()
    assert state.save_position("abc-2", 5, read=True) is True
    # The position, the last section read and the mark: one append of three records.
    assert len(read_journal(tmp_path / "user.journal")[1]) == 3
    assert (tmp_path / "user.json").read_bytes() == before
    assert lib.user.get_position("abc-2") == 5
    assert lib.user.last_section() == "abc-2"
    assert state.of("abc") == {2}
    assert state.save_position("abc-2", 7, read=True) is False  # read already
    assert state.save_position("abc-3", 1) is False
    assert len(read_journal(tmp_path / "user.journal")[1]) == 7
    assert state.of("abc") == {2}
    assert lib.user.get_position("abc-2") == 7 and lib.user.last_section() == "abc-3"
    assert len(lib.user.rows("positions")) == 2
    assert len(lib.user.rows("settings")) == len({r["key"] for r in lib.user.rows("settings")})
    # Another process reads the same from the files.
    again = open_library(tmp_path)
    assert again.user.get_position("abc-2") == 7 and again.read_state.of("abc") == {2}
    assert read_user_document(tmp_path / "user.json") == lib.user.db.storage.read()


def test_a_damaged_user_file_is_not_written(tmp_path: Path) -> None:
    open_library(tmp_path)
    user_file = tmp_path / "user.json"
    user_file.write_text("{not json", encoding="utf-8")
    lib = open_library(tmp_path)
    state = ReadState(lib.user)
    assert state.save_position("abc-2", 5) is False
    with pytest.raises(StoreCorrupt):
        state.save_position("abc-2", 5, read=True)
    assert user_file.read_text(encoding="utf-8") == "{not json"
