"""The one numbering users see: ¶ N for paragraphs, caption/heading/table N for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.numbering import paragraph_number, parse_place, place

KINDS = "pphpcppt"


def test_places_count_paragraphs_apart_from_other_blocks() -> None:
    assert [place(KINDS, i) for i in range(len(KINDS))] == [
        "¶ 1",
        "¶ 2",
        "heading 1",
        "¶ 3",
        "caption 1",
        "¶ 4",
        "¶ 5",
        "table 1",
    ]
    assert place(KINDS, None) == "whole section"
    assert place("", 4) == "block 5"  # shape unknown
    assert paragraph_number(KINDS, 5) == 4 and paragraph_number(KINDS, 4) is None


@pytest.mark.parametrize(
    ("ref", "index"),
    [
        ("4", 5),
        ("¶4", 5),
        ("¶ 4", 5),
        ("p4", 5),
        ("caption 1", 4),
        ("C1", 4),
        ("t1", 7),
        ("h 1", 2),
    ],
)
def test_parse_place(ref: str, index: int) -> None:
    assert parse_place(KINDS, ref) == index


@pytest.mark.parametrize("ref", ["0", "6", "caption 2", "two", "-1", ""])
def test_parse_place_refuses(ref: str) -> None:
    with pytest.raises(ValueError):
        parse_place(KINDS, ref)


@given(st.text(alphabet="phct", max_size=40))
def test_every_place_parses_back_to_its_block(kinds: str) -> None:
    for i in range(len(kinds)):
        assert parse_place(kinds, place(kinds, i)) == i
