"""The read state kept between calls: brought up to date from the user journal's records,
by this process's marks, another process's, compactions and whole writes alike, and telling
which briefings changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.errors
import store.user_storage
from store import open_library
from store.paths import USER
from store.readstate import ReadState
from store.userdata import UserData

BRIEFINGS = [f"{n:010x}" for n in range(1, 6)]

steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("mark"),
            st.integers(0, 1),  # this process's read state, or another process's
            st.lists(st.tuples(st.sampled_from(BRIEFINGS), st.integers(1, 4)), max_size=6),
            st.booleans(),
        ),
        st.tuples(st.just("whole"), st.integers(0, 1)),  # a note: user.json written whole
        st.tuples(st.just("look"), st.integers(0, 1)),
    ),
    max_size=30,
)


def _plain(home: Path) -> dict[str, frozenset[int]]:
    """The read state as a process opening the file now reads it, whole."""
    out: dict[str, frozenset[int]] = {}
    for row in UserData(home / USER).rows("read_state"):
        out[row["briefing_id"]] = frozenset(row["orders"])
    return out


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=steps, floor=st.sampled_from([300, 64 * 1024]))
def test_the_kept_read_state_is_what_a_whole_read_gives_and_says_what_changed(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    ops: list[Any],
    floor: int,
) -> None:
    monkeypatch.setattr(store.user_storage, "COMPACT_FLOOR", floor)
    home = tmp_path_factory.mktemp("lib")
    open_library(home, seed=False)
    states = [ReadState(UserData(home / USER)), ReadState(UserData(home / USER))]
    seen = [(s.version, dict(s.all())) for s in states]
    for op in ops:
        who = op[1]
        state = states[who]
        if op[0] == "mark":
            state.mark((f"{bid}-{order}" for bid, order in op[2]), op[3])
        elif op[0] == "whole":
            state.user.table("notes").insert({"id": len(ops), "text": "注"})
        # Either process asks; both must read what the file holds.
        expected = _plain(home)
        for n, other in enumerate(states):
            version, before = seen[n]
            now = other.all()
            assert now == expected
            new_version, touched = other.changed_since(version)
            differ = {b for b in now.keys() | before.keys() if now.get(b) != before.get(b)}
            if touched is not None:
                assert differ <= touched
            if differ:
                assert new_version != version
            seen[n] = (new_version, dict(now))


def test_a_mark_changes_only_its_briefing_and_leaves_the_answer_given_before(
    tmp_path: Path,
) -> None:
    lib = open_library(tmp_path, seed=False)
    rs = lib.read_state
    rs.mark(["a-1", "b-2"])
    first = rs.all()
    assert rs.all() is first  # nothing changed: the same answer
    version = rs.version
    rs.mark(["a-3"])
    second = rs.all()
    assert first == {"a": frozenset({1}), "b": frozenset({2})}  # handed out, never changed
    assert second == {"a": frozenset({1, 3}), "b": frozenset({2})}
    assert second["b"] is first["b"]  # the untouched briefing's entry kept, not rebuilt
    assert rs.changed_since(version) == (rs.version, frozenset({"a"}))
    rs.mark(["a-1", "a-3"], read=False)
    assert "a" not in rs.all()
    assert rs.changed_since(version)[1] == frozenset({"a"})


def test_another_process_s_mark_is_read_from_its_record_alone(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    rs = lib.read_state
    rs.mark([f"{n:04d}-1" for n in range(200)])
    before = rs.all()
    version = rs.version
    ReadState(UserData(tmp_path / USER)).mark(["0007-2", "zz-1"])
    after = rs.all()
    assert after["0007"] == frozenset({1, 2}) and after["zz"] == frozenset({1})
    assert rs.changed_since(version)[1] == frozenset({"0007", "zz"})
    assert all(after[k] is before[k] for k in before if k != "0007")


def test_a_too_old_version_or_a_damaged_file_is_told_as_such(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    rs = lib.read_state
    rs.all()
    start = rs.version
    for n in range(70):  # more changes than the log keeps, each seen
        rs.mark([f"b-{n + 1}"])
        rs.all()
    assert rs.changed_since(start)[1] is None
    assert rs.changed_since(rs.version - 1)[1] == frozenset({"b"})
    with open(tmp_path / "user.journal", "ab") as fh:
        fh.write(b"00000000 {not a record}\n00000000 {}\n")
    with pytest.raises(store.errors.StoreCorrupt):
        rs.all()
