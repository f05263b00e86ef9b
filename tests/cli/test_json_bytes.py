"""JSON written as bytes escapes what JSON written as text escapes, for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.cli.common import json_bytes, json_text

# C1 controls, bidi marks and overrides, their neighbours, and CJK around them.
RISKY = st.sampled_from(
    [
        *("\x7f", "\x80", "\x9b", "\x9f", "\xa0", "\u061b", "\u061c", "\u200d", "\u200e"),
        *("\u200f", "\u2029", "\u202a", "\u202e", "\u202f", "\u2065", "\u2066", "\u2069"),
        *("\u206a", "衡阳", "\ud800", "\x1b]0;x\x07"),
    ]
)
TEXT = st.lists(st.one_of(RISKY, st.text(max_size=5)), max_size=8).map("".join)


@given(st.dictionaries(TEXT, st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=4))
def test_json_bytes_is_json_text_encoded(data) -> None:
    text = json_text(data)
    assert json_bytes(data) == text.encode("utf-8")
    assert json_bytes(data, "    ") == text.replace("\n", "\n    ").encode("utf-8")
