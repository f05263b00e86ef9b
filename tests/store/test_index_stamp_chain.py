"""The catalog's stamps around a change, and the index stamp moved along them."""

from __future__ import annotations

from pathlib import Path

from store import open_library
from store.paths import catalog_stamp
from store.search.upkeep import followed

A, B, C, D = [1], [2], [3], [4]


def test_followed_moves_only_along_a_chain_that_ends_now() -> None:
    assert followed(A, [(A, B)], B) == B
    assert followed(A, [(A, B), (B, C)], C) == C
    assert followed(A, [], A) == A
    assert followed(D, [(A, B)], B) == D  # the index missed a change before this one
    assert followed(A, [(A, B), (C, D)], D) == A  # a change between the two was missed
    assert followed(A, [(A, B)], C) == A  # the catalog changed again since
    assert followed([], [([], B)], B) == []  # an index never stamped stays unstamped


def test_take_change_gives_the_stamps_of_the_last_change_once(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    assert lib.catalog.take_change() is not None  # the shipped briefing went in
    assert lib.catalog.take_change() is None
    before = catalog_stamp(lib.home)
    bid = lib.import_text("标题\n\n正文第一段。\n\n正文第二段。\n", origin="a.txt").briefing.id
    change = lib.catalog.take_change()
    assert change == (before, catalog_stamp(lib.home)) and before != change[1]
    assert lib.catalog.take_change() is None
    lib.delete_briefings([bid])
    (start, end) = lib.catalog.take_change() or ((), ())
    assert start == change[1] and end == catalog_stamp(lib.home)
