"""The user file's journal: records appended and followed, torn tails ignored, compactions and
whole writes folding it in, damage and newer versions told."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.user_storage
from store import open_library
from store.errors import StoreCorrupt, StoreTooNew
from store.storage import find_row
from store.user_journal import (
    header_line,
    read_journal,
    read_user_document,
    record_line,
)
from store.user_rows import apply_record, apply_records
from store.user_storage import JournaledStorage

SECTIONS = [f"{n:010x}-{k}" for n in range(1, 5) for k in range(1, 4)]
ops = st.lists(
    st.one_of(
        st.tuples(st.just("position"), st.sampled_from(SECTIONS), st.integers(0, 9)),
        st.tuples(st.just("read"), st.sampled_from(SECTIONS), st.booleans()),
        st.tuples(st.just("setting"), st.sampled_from(["theme", "indent"]), st.integers(0, 3)),
        st.tuples(st.just("note"), st.sampled_from(SECTIONS), st.integers(0, 9)),
    ),
    max_size=40,
)


def _state(lib: Any) -> dict[str, Any]:
    user = lib.user
    return {
        "read": lib.read_state.all(),
        "positions": {s: user.get_position(s) for s in SECTIONS},
        "settings": {k: user.get_setting(k) for k in ("theme", "indent", "last_section")},
        "notes": sorted(r["id"] for r in user.rows("notes")),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=ops, floor=st.sampled_from([200, 1000, 64 * 1024]), cut=st.integers(1, 60))
def test_writers_and_readers_agree_through_appends_compactions_and_torn_tails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: list[Any], floor: int, cut: int
) -> None:
    monkeypatch.setattr(store.user_storage, "COMPACT_FLOOR", floor)
    home = tmp_path / "lib"
    for leftover in (home / "user.json", home / "user.journal"):
        leftover.unlink(missing_ok=True)
    writer = open_library(home, seed=False)
    follower = open_library(home, seed=False)  # another process, reading as it goes
    expected: dict[str, Any] = {"read": {}, "positions": {}, "settings": {}, "notes": set()}
    for n, (op, key, value) in enumerate(steps):
        if op == "position":
            writer.user.set_position(key, value)
            expected["positions"][key] = value
            expected["settings"]["last_section"] = key
        elif op == "read":
            writer.read_state.mark([key], read=value)
            bid, order = key.rsplit("-", 1)
            orders = set(expected["read"].get(bid, ())) ^ (
                {int(order)} if value != (int(order) in expected["read"].get(bid, ())) else set()
            )
            expected["read"] = {b: o for b, o in {**expected["read"], bid: orders}.items() if o}
        elif op == "setting":
            writer.user.set_setting(key, value)
            expected["settings"][key] = value
        else:
            writer.user.table("notes").insert({"id": f"n{n}", "section_id": key})
            expected["notes"].add(f"n{n}")
        if n % 3 == 0:
            assert _state(follower) == _state(writer)
    want = {
        "read": {b: frozenset(o) for b, o in expected["read"].items()},
        "positions": {s: expected["positions"].get(s) for s in SECTIONS},
        "settings": {k: expected["settings"].get(k) for k in ("theme", "indent", "last_section")},
        "notes": sorted(expected["notes"]),
    }
    assert _state(writer) == want
    assert _state(follower) == want
    # The documents followed record by record (through the rows' index) are the files' with
    # each record applied the plain way (a scan of its table).
    plain = orjson.loads((home / "user.json").read_bytes())
    for record in read_journal(home / "user.journal")[1]:
        apply_record(plain, record)
    for lib in (writer, follower):
        assert lib.user.db.storage.snapshot() == plain == read_user_document(home / "user.json")
        # Rows found through the index are the rows a scan finds.
        storage = lib.user.db.storage
        for table, field, value in (
            [("positions", "section_id", s) for s in SECTIONS]
            + [("settings", "key", k) for k in ("theme", "indent", "last_section", "none")]
            + [("read_state", "briefing_id", s.split("-")[0]) for s in SECTIONS]
        ):
            assert storage.find(table, field, value) == find_row(storage, table, field, value)
    assert _state(open_library(home, seed=False)) == want
    # A record cut short by a crash was never acknowledged: ignored, then cut off.
    torn = record_line(
        {"t": "settings", "f": "key", "v": "theme", "u": {"key": "theme", "value": 99}}
    )
    journal = home / "user.journal"
    with journal.open("ab") as fh:
        if fh.tell() == 0:
            fh.write(header_line("feed"))
        fh.write(torn[: cut % len(torn)] or torn[:1])
    assert _state(open_library(home, seed=False)) == want
    after = open_library(home, seed=False)
    after.user.set_setting("indent", 7)
    want["settings"]["indent"] = 7
    assert _state(open_library(home, seed=False)) == want
    assert read_user_document(home / "user.json") == after.user.db.storage.read()


def test_a_record_that_is_not_the_last_and_fails_its_checksum_is_damage(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    lib.user.set_setting("theme", "a")
    lib.user.set_setting("theme", "b")
    journal = tmp_path / "user.journal"
    raw = bytearray(journal.read_bytes())
    first_record = raw.index(b"\n") + 1
    raw[first_record + 20] ^= 1  # one bit of the first record's JSON
    journal.write_bytes(bytes(raw))
    with pytest.raises(StoreCorrupt, match="line 2 is not a user record"):
        read_journal(journal)
    reopened = open_library(tmp_path, seed=False)
    assert reopened.user.get_setting("theme") is None  # a damaged file reads as defaults
    assert isinstance(reopened.user.problem, StoreCorrupt)
    reopened.user.set_setting("theme", "c")  # and is never written over
    assert journal.read_bytes() == bytes(raw)


def test_a_journal_of_a_newer_briefing_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    open_library(tmp_path, seed=False)
    (tmp_path / "user.journal").write_bytes(b'{"user_journal": 2, "token": "x"}\n')
    with pytest.raises(StoreTooNew, match="newer than this briefing supports"):
        open_library(tmp_path, seed=False)


def test_a_user_file_without_a_journal_reads_as_before(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    lib.user.table("positions").insert({"section_id": "a-1", "block": 4, "updated": "x"})
    assert not (tmp_path / "user.journal").exists()
    assert open_library(tmp_path, seed=False).user.get_position("a-1") == 4


def test_a_save_reads_no_whole_file_once_the_journal_is_known(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    lib.user.table("notes").insert({"id": "n", "section_id": "a-1"})
    lib.read_state.save_position("a-1", 1, read=True)
    storage = lib.user.db.storage
    assert isinstance(storage, JournaledStorage)
    parses: list[int] = []
    real = store.user_storage.orjson.loads
    import store.storage as plain

    plain_real = plain.parse_document

    def counted(*args: Any) -> Any:
        parses.append(1)
        return plain_real(*args)

    try:
        plain.parse_document = counted  # type: ignore[assignment]
        for n in range(5):
            lib.read_state.save_position(f"a-{n + 2}", 1, read=True)
    finally:
        plain.parse_document = plain_real  # type: ignore[assignment]
    assert parses == [] and real is store.user_storage.orjson.loads
    assert os.path.getsize(tmp_path / "user.journal") > 0


def test_doctor_reports_a_damaged_journal_and_repair_keeps_its_readable_records(
    tmp_path: Path,
) -> None:
    from store.doctor import check_library, repair_library

    lib = open_library(tmp_path, seed=False)
    lib.read_state.save_position("0000000001-2", 3, read=True)
    lib.user.set_setting("theme", "dark")
    journal = tmp_path / "user.journal"
    raw = bytearray(journal.read_bytes())
    raw[raw.index(b"\n") + 1] ^= 0x01  # the first record's checksum no longer matches
    journal.write_bytes(bytes(raw))
    found = {f.path.name: f for f in check_library(tmp_path)}
    assert found["user.journal"].problem == "line 2 is not a user record"
    repaired = {f.path.name: f for f in repair_library(tmp_path)}
    assert repaired["user.journal"].fixed
    assert "readable records written into user.json" in (repaired["user.journal"].action or "")
    assert not journal.exists() and list(tmp_path.glob("user.journal.broken-*"))
    again = open_library(tmp_path, seed=False)
    assert again.user.problem is None
    assert again.read_state.of("0000000001") == {2} and again.user.get_setting("theme") == "dark"
    assert again.user.get_position("0000000001-2") is None  # the damaged record is lost
    assert all(f.problem is None for f in check_library(tmp_path) if f.kind == "user")


def test_a_library_of_the_version_before_the_journal_is_stamped_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    import orjson

    lib = open_library(tmp_path, seed=False)
    lib.read_state.save_position("0000000001-1", 2, read=True)
    lib.user.table("notes").insert({"id": "n1", "section_id": "0000000001-1"})  # folds it in
    assert not (tmp_path / "user.journal").exists()
    for name in ("user.json", "catalog.json"):
        doc = orjson.loads((tmp_path / name).read_bytes())
        doc["meta"] = {
            k: {**r, "schema": 3} if "schema" in r else r for k, r in doc["meta"].items()
        }
        (tmp_path / name).write_bytes(orjson.dumps(doc))
    again = open_library(tmp_path, seed=False)
    assert again.user.get_position("0000000001-1") == 2
    assert again.read_state.of("0000000001") == {1}
    stamped = orjson.loads((tmp_path / "user.json").read_bytes())["meta"]
    assert [r["schema"] for r in stamped.values() if "schema" in r] == [4]


values = st.sampled_from(["a", "b", "c", 1, True, None])
records = st.lists(
    st.one_of(
        st.builds(
            lambda v, row: {"t": "read_state", "f": "briefing_id", "v": v, "r": row},
            values,
            st.one_of(st.none(), st.fixed_dictionaries({"orders": st.integers(0, 3)})),
        ).map(lambda r: r if r["r"] is None else {**r, "r": {**r["r"], "briefing_id": r["v"]}}),
        st.builds(
            lambda v, block, moved: {
                "t": "positions",
                "f": "section_id",
                "v": v,
                "u": {"block": block} | ({"section_id": moved} if moved is not None else {}),
            },
            values,
            st.integers(0, 3),
            st.one_of(st.none(), values),
        ),
    ),
    max_size=30,
)
tables = st.dictionaries(
    st.integers(1, 9).map(str),
    st.dictionaries(st.sampled_from(["briefing_id", "section_id"]), values, max_size=2),
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(first=tables, second=tables, recs=records, split=st.integers(0, 30))
def test_records_applied_through_the_index_match_records_applied_one_by_one(
    first: dict[str, Any], second: dict[str, Any], recs: list[Any], split: int
) -> None:
    start = {"read_state": first, "positions": second}
    plain = orjson.loads(orjson.dumps(start))
    for record in recs:
        apply_record(plain, record)
    where: dict[str, Any] = {}
    fast = orjson.loads(orjson.dumps(start))
    # In two batches, as a reader following a journal applies what it finds each time.
    apply_records(fast, recs[:split], where)
    apply_records(fast, recs[split:], where)
    assert fast == plain
    assert list(fast["read_state"]) == list(plain["read_state"])


def test_the_journal_is_as_private_as_the_user_file(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    lib.user.set_setting("theme", "dark")
    for name in ("user.json", "user.journal"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, name
