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


def test_every_c1_control_and_bidi_override_is_escaped_and_nothing_else() -> None:
    import re

    raw = re.compile("[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
    text = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    written = dump_document([text]).decode("utf-8")
    assert json_text([text]) == raw.sub(lambda m: f"\\u{ord(m.group()):04x}", written)
    assert "\u202e" not in json_text([text]) and "\\u202e" in json_text([text])
