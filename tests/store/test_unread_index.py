"""The index of unread briefings in the outline's order finds what a walk through every
briefing finds, through marks, unmarks, another process's marks, compactions and deletes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.user_storage
from store import open_library
from store.models import Briefing
from store.outline_order import next_unread, walk_of
from store.paths import USER
from store.readstate import ReadState
from store.unread_index import UnreadIndex
from store.userdata import UserData

COUNT = 7


def _b(n: int, sections: int) -> Briefing:
    return Briefing(
        id=f"b{n:03d}",
        title=f"第{n}版",
        content_hash=f"h{n}",
        date=f"2019-01-{1 + n % 3:02d}",
        section_count=sections,
    )


steps = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(["mark", "unmark", "other"]),
            st.lists(st.tuples(st.integers(0, COUNT - 1), st.integers(1, 3)), max_size=5),
        ),
        st.tuples(st.just("delete"), st.integers(0, COUNT - 1)),
        st.tuples(st.just("whole"), st.just(0)),  # a note: user.json written whole
        st.tuples(st.just("ask"), st.tuples(st.integers(-1, COUNT - 1), st.integers(0, 3))),
    ),
    max_size=30,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sizes=st.lists(st.integers(0, 3), min_size=COUNT, max_size=COUNT), ops=steps)
def test_the_index_finds_what_the_walk_finds(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    sizes: list[int],
    ops: list[Any],
) -> None:
    monkeypatch.setattr(store.user_storage, "COMPACT_FLOOR", 400)
    home = tmp_path_factory.mktemp("lib")
    open_library(home, seed=False)
    read_state = ReadState(UserData(home / USER))
    other = ReadState(UserData(home / USER))
    briefings = [_b(n, size) for n, size in enumerate(sizes)]
    walk = [walk_of(briefings)]
    index = UnreadIndex(lambda: walk[0], read_state)
    for kind, arg in ops:
        if kind in ("mark", "unmark", "other"):
            who = other if kind == "other" else read_state
            who.mark((f"b{n:03d}-{order}" for n, order in arg), read=kind != "unmark")
        elif kind == "delete":
            briefings = [b for b in briefings if b.id != f"b{arg:03d}"]
            walk[0] = walk_of(briefings)  # a new walk, as the roster makes on a change
        elif kind == "whole":
            other.user.table("notes").insert({"id": "n", "text": "注"})
        else:
            at, order = arg
            bid = f"b{at:03d}" if at >= 0 else None
            expected = next_unread(walk[0], read_state.all(), bid, order)
            assert index.next_unread(bid, order) == expected
        # Asked after every step too, from no section.
        assert index.next_unread(None, 0) == next_unread(walk[0], read_state.all(), None, 0)


def test_a_mark_moves_the_index_by_the_briefing_it_touched(tmp_path) -> None:
    lib = open_library(tmp_path, seed=False)
    briefings = [_b(n, 2) for n in range(300)]  # by date: a large library's walk
    walk = walk_of(briefings)
    index = UnreadIndex(lambda: walk, lib.read_state)
    first = walk.briefings[0].id
    lib.read_state.mark(f"{b.id}-{o}" for b in walk.briefings[:250] for o in (1, 2))
    assert index.next_unread(first, 2) == f"{walk.briefings[250].id}-1"
    made = index._open
    lib.read_state.mark([f"{walk.briefings[250].id}-1", f"{walk.briefings[250].id}-2"])
    assert index.next_unread(first, 2) == f"{walk.briefings[251].id}-1"
    assert index._open is made  # moved in place, not made again
    lib.read_state.mark([f"{walk.briefings[3].id}-2"], read=False)
    assert index.next_unread(first, 2) == f"{walk.briefings[3].id}-2"
