"""JSON output written by the standard json module is byte for byte what orjson writes."""

from __future__ import annotations

import math
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.files import dump_document
from tui.cli.plain import json_text, standard_json

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e4, max_value=1e4).map(lambda x: round(x, 4))
    | st.text()
    | st.text(st.characters(min_codepoint=0, max_codepoint=0x3000))
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
@example({"score": 9.9999e-05, "n": [], "m": {}, "s": "\x00\x1f\x7f\u2028\ud800"})
@example({"big": 2**64, "small": -(2**63), "nan": math.nan, 1: "non-text key"})
def test_the_standard_route_writes_what_orjson_writes(data) -> None:
    ours = standard_json(data)
    if ours is not None:
        assert ours.encode("utf-8") == dump_document(data)
    # Whichever route it takes, the output is the same.
    try:
        theirs = json_text_by_orjson(data)
    except TypeError:  # orjson refuses it (a huge integer): so must the output
        return
    assert json_text(data) == theirs


def json_text_by_orjson(data) -> str:
    with mock.patch("tui.cli.plain.standard_json", lambda _data: None):
        return json_text(data)


def test_a_search_result_goes_the_standard_route() -> None:
    data = {
        "query": "衡阳",
        "total": 2,
        "hits": [{"headline": "头条\u202e", "score": 10.2928, "spans": [[1, 3]], "block": None}],
    }
    assert standard_json(data) is not None
    assert json_text(data) == json_text_by_orjson(data)
    assert "\\u202e" in json_text(data)  # still safe for a terminal
