"""The value objects behave as the frozen dataclasses they were: equality, hash, repr, replace,
pickling, refusing change, fields and the constructor's signature."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import models


# The classes as `@dataclass(frozen=True, slots=True)` made them.
@dataclass(frozen=True, slots=True)
class Byline:
    role: str | None = None
    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    parts: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    text: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    text: str = ""
    columns: tuple[str, ...] = ()
    note: str | None = None
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    briefing_id: str
    order: int
    headline: str
    kicker: str | None = None
    deck: str | None = None
    byline: Any = field(default_factory=models.Byline)
    dateline: str | None = None
    blocks: tuple[Any, ...] = ()
    date: str | None = None
    credits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionHead:
    id: str
    briefing_id: str
    order: int
    headline: str
    kicker: str | None = None
    deck: str | None = None
    byline: Any = field(default_factory=models.Byline)
    dateline: str | None = None
    paragraphs: int = 0
    captions: int = 0
    tables: int = 0


@dataclass(frozen=True, slots=True)
class Briefing:
    id: str
    title: str
    content_hash: str
    date: str | None = None
    date_inferred: bool = False
    source: str | None = None
    language: str = "zh-Hans"
    imported_at: str | None = None
    origin: str | None = None
    sections: tuple[Any, ...] = ()
    section_count: int = 0
    new_from: int = 0


PAIRS = [
    (models.Byline, Byline),
    (models.Block, Block),
    (models.Section, Section),
    (models.SectionHead, SectionHead),
    (models.Briefing, Briefing),
]
SMALL = st.one_of(st.none(), st.sampled_from(["", "张三", "a"]), st.integers(0, 2), st.booleans())
VALUES = st.one_of(SMALL, st.tuples(SMALL), st.tuples(SMALL, SMALL))


def _args(ref: type) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for a class: the required fields and any of the others."""
    fields = dataclasses.fields(ref)
    required = {
        f.name: VALUES
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    optional = {f.name: VALUES for f in fields if f.name not in required}
    return st.fixed_dictionaries(required, optional=optional)


@pytest.mark.parametrize(("ours", "ref"), PAIRS, ids=[r.__name__ for _, r in PAIRS])
def test_the_class_is_described_as_the_dataclass(ours: type, ref: type) -> None:
    def shape(cls: type) -> list[tuple[Any, ...]]:
        return [
            (f.name, f.default, f.default_factory, f.compare, f.hash, f.init, f.repr)
            for f in dataclasses.fields(cls)
        ]

    assert shape(ours) == shape(ref)
    assert ours.__match_args__ == ref.__match_args__
    assert ours.__slots__ == ref.__slots__

    def params(cls: type) -> list[tuple[str, Any, str]]:
        # The annotations are text here, objects in a generated __init__: names, kinds and
        # defaults are what callers meet.
        return [
            (p.name, p.kind, repr(p.default)) for p in inspect.signature(cls).parameters.values()
        ]

    assert params(ours) == params(ref)
    assert not hasattr(ours(**_required(ref)), "__dict__")


def _required(ref: type) -> dict[str, Any]:
    return {
        f.name: "x"
        for f in dataclasses.fields(ref)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


@pytest.mark.parametrize(("ours", "ref"), PAIRS, ids=[r.__name__ for _, r in PAIRS])
@given(data=st.data())
def test_values_compare_hash_and_print_as_the_dataclass_did(
    ours: type, ref: type, data: st.DataObject
) -> None:
    a, b = data.draw(_args(ref)), data.draw(_args(ref))
    x, y, rx, ry = ours(**a), ours(**b), ref(**a), ref(**b)
    assert repr(x) == repr(rx)
    assert (x == y) == (rx == ry)
    assert (x != y) == (rx != ry)
    assert hash(x) == hash(rx) and hash(y) == hash(ry)
    assert x != rx  # another class is never equal
    assert repr(dataclasses.replace(x, **b)) == repr(dataclasses.replace(rx, **b))
    assert dataclasses.replace(x, **b) == ours(**{**a, **b})
    assert pickle.loads(pickle.dumps(x)) == x and repr(copy.deepcopy(x)) == repr(x)
    positional = ours(*[getattr(x, n) for n in ours.__match_args__])
    assert repr(positional) == repr(x)
    name = ours.__match_args__[0]
    with pytest.raises(FrozenInstanceError, match=f"cannot assign to field '{name}'"):
        setattr(x, name, 1)
    with pytest.raises(FrozenInstanceError, match=f"cannot delete field '{name}'"):
        delattr(x, name)


def test_a_section_made_without_a_byline_gets_its_own_empty_one() -> None:
    section = models.Section("s", "b", 1, "h")
    assert (
        section.byline == models.Byline()
        and section.byline is not models.Section("s", "b", 1, "h").byline
    )
    assert models.Section("s", "b", 1, "h", byline=None).byline is None  # as given
    assert models.SectionHead("s", "b", 1, "h").byline == models.Byline()
    assert models.Byline("记者", ("张三",), text="x") == models.Byline("记者", ("张三",))
    assert models.Briefing("b", "t", "h").with_sections(()).section_count == 0
