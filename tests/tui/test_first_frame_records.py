"""The first frame's small records are named tuples made by `collections.namedtuple`
(typing.NamedTuple compiles each field's annotation as the class is made): each must keep the
fields, order and defaults it had as a typing.NamedTuple, written out here."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from store.glance import Glance
from tui.host import LibraryChange
from tui.widgets.layout import Layout, Line
from tui.widgets.status_bar import ReadingState


class LineAsDeclared(NamedTuple):
    kind: str
    text: str = ""
    block: int | None = None
    start: int = -1
    prefix: str = ""


class LayoutAsDeclared(NamedTuple):
    lines: tuple
    block_first: tuple
    block_last: tuple
    column: int


class GlanceAsDeclared(NamedTuple):
    briefing: Any
    heads: tuple
    section: Any


class LibraryChangeAsDeclared(NamedTuple):
    added: tuple = ()
    removed: tuple = ()
    external: bool = False


class ReadingStateAsDeclared(NamedTuple):
    briefing: str = ""
    section: int = 0
    sections: int = 0
    block: int = 0
    blocks: int = 0
    kinds: tuple = ()
    sizes: tuple = ()


CASES = [
    (Line, LineAsDeclared, ("paragraph",)),
    (Layout, LayoutAsDeclared, ((), (), (), 40)),
    (Glance, GlanceAsDeclared, ("b", (), "s")),
    (LibraryChange, LibraryChangeAsDeclared, ()),
    (ReadingState, ReadingStateAsDeclared, ()),
]


@pytest.mark.parametrize(("record", "declared", "required"), CASES)
def test_a_record_keeps_its_fields_and_defaults(record, declared, required) -> None:
    assert record._fields == declared._fields
    assert record._field_defaults == declared._field_defaults
    made, expected = record(*required), declared(*required)
    assert made == expected and isinstance(made, tuple)
    # No annotation in the class body hides a field behind a class attribute.
    given = [f"value {i}" for i in range(len(record._fields))]
    assert [getattr(record(*given), name) for name in record._fields] == given
    assert made._replace(**{record._fields[0]: "x"})[0] == "x"
    assert not hasattr(made, "__dict__")
