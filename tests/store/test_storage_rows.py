"""Rows found through the storage alone: the same row a TinyDB query finds, without TinyDB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query

from store.schema import SCHEMA_VERSION
from store.storage import find_row, open_db

ROOT = Path(__file__).resolve().parents[2]

# Values a row's field may hold, as JSON gives them back (equal across types: 1 == 1.0 == True).
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5]),
    st.sampled_from(["", "a", "衡阳", "1"]),
    st.lists(st.integers(0, 2), max_size=2),
)
rows = st.lists(
    st.dictionaries(st.sampled_from(["key", "value", "id"]), values, max_size=3), max_size=6
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=rows, wanted=values, field=st.sampled_from(["key", "id"]))
def test_find_row_finds_what_a_query_finds(
    tmp_path: Path, table: list[Any], wanted: Any, field: str
) -> None:
    path = tmp_path / "rows.json"
    path.unlink(missing_ok=True)
    db = open_db(path)
    if table:
        db.table("t").insert_multiple(table)
    expected = db.table("t").get(Query()[field] == wanted)
    assert find_row(open_db(path).storage, "t", field, wanted) == expected
    assert find_row(db.storage, "missing", field, wanted) is None


def test_a_found_row_is_a_copy(tmp_path: Path) -> None:
    db = open_db(tmp_path / "u.json")
    db.table("settings").insert({"key": "shelf", "value": {"open": ["a"]}})
    row = find_row(db.storage, "settings", "key", "shelf")
    assert row is not None
    row["value"]["open"].append("b")
    assert find_row(db.storage, "settings", "key", "shelf") == {
        "key": "shelf",
        "value": {"open": ["a"]},
    }


def test_a_row_another_handle_writes_is_found(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    reader, writer = open_db(path), open_db(path)
    assert find_row(reader.storage, "positions", "section_id", "x-1") is None
    writer.table("positions").insert({"section_id": "x-1", "block": 4})
    assert find_row(reader.storage, "positions", "section_id", "x-1") == {
        "section_id": "x-1",
        "block": 4,
    }


def test_looking_rows_up_loads_no_tinydb_until_a_table_is_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    open_db(path).table("settings").insert({"key": "theme", "value": "nord"})
    code = (
        "import sys\n"
        "from store.storage import find_row, open_db\n"
        f"db = open_db({str(path)!r})\n"
        "row = find_row(db.storage, 'settings', 'key', 'theme')\n"
        "before = 'tinydb' in sys.modules\n"
        "assert db.table('settings').all() == [row]\n"
        "db.insert({'n': 1})  # TinyDB's default table, through the database made\n"
        "print(before, 'tinydb' in sys.modules, len(db), len(list(db)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True", "1", "1"]


def test_the_read_state_is_read_without_tinydb_as_its_table_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "user.json"
    db = open_db(path)
    db.table("meta").insert({"schema": SCHEMA_VERSION})
    db.table("read_state").insert_multiple(
        [
            {"briefing_id": "aa", "orders": [1, 3, 0, "2"]},
            {"briefing_id": "bb", "orders": "1"},  # damaged: read as nothing read
            {"briefing_id": "aa", "orders": [2]},  # a second row for one id: the first counts
            {"orders": [1]},
        ]
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from store.readstate import ReadState\n"
        "from store.userdata import UserData\n"
        f"state = ReadState(UserData(Path({str(path)!r})))\n"
        "got = (sorted(state.of('aa')), sorted(state.of('bb')), sorted(state.of('cc')))\n"
        "every = {k: sorted(v) for k, v in state.all().items()}\n"
        "print(got, every, state.is_read('aa-3'), 'tinydb' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    # The first row of an id is what a query finds; all() keeps the last, as it always has.
    assert out.split("\n")[0] == "([1, 3], [], []) {'aa': [2]} True False"
