"""The small records a search makes are plain named tuples with the fields and defaults they
always had, and are made without compiling their annotations (typing.NamedTuple compiles each
field's annotation text when the class is created, a cost every search process paid)."""

from __future__ import annotations

import pickle

import pytest

from store.search.api import SearchResults
from store.search.engine import Scored
from store.search.fields import HitSpan
from store.search.postings import Record
from store.search.query import Clause, Query, Term, _Token
from store.search.snippet import Snippet

SHAPES = [
    (
        Term,
        ("text", "folded", "field", "phrase", "via"),
        {"field": None, "phrase": False, "via": "text"},
    ),
    (Clause, ("terms",), {}),
    (
        Query,
        ("raw", "clauses", "excluded", "briefings", "not_briefings", "notes"),
        {"clauses": (), "excluded": (), "briefings": (), "not_briefings": (), "notes": ()},
    ),
    (_Token, ("text", "negate", "field", "phrase", "is_or"), {"is_or": False}),
    (Record, ("id", "text", "head_len", "edits"), {}),
    (Snippet, ("text", "spans"), {}),
    (HitSpan, ("field", "block", "start", "end"), {}),
    (Scored, ("ordinal", "section_id", "briefing_id", "score", "segment", "slot", "text"), {}),
    (SearchResults, ("query", "total", "hits", "via", "clauses"), {"via": "text", "clauses": ()}),
]


@pytest.mark.parametrize(("cls", "fields", "defaults"), SHAPES)
def test_records_keep_their_fields_and_defaults(cls, fields, defaults) -> None:
    assert cls._fields == fields
    assert cls._field_defaults == defaults
    assert "NamedTuple" not in {b.__name__ for b in getattr(cls, "__orig_bases__", ())}
    assert not hasattr(cls(*range(len(fields))), "__dict__")  # no per-record dict


@pytest.mark.parametrize(("cls", "fields", "defaults"), [s for s in SHAPES if s[0] is not Scored])
def test_records_compare_pickle_and_replace_as_tuples(cls, fields, defaults) -> None:
    made = cls(*(f"v{i}" for i in range(len(fields))))
    assert made == tuple(made) and hash(made) == hash(tuple(made))
    back = pickle.loads(pickle.dumps(made))  # records cross to worker processes
    assert type(back) is cls and back == made
    changed = made._replace(**{fields[0]: "x"})
    assert type(changed) is cls and changed[0] == "x"
    assert repr(made).startswith(f"{cls.__name__}(")


def test_query_methods_survive() -> None:
    q = Query("衡阳", (Clause((Term("衡阳", "衡阳"),)),))
    assert not q.empty and [t.folded for t in q.positive_terms()] == ["衡阳"]
    assert type(q.with_clauses(())) is Query and q.with_clauses(()).empty
