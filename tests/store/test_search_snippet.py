"""Snippets fit their width and mark the hit, whatever the mix of wide and narrow text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.search.snippet import cell_width, make_snippet

ALPHABET = list("衡阳湘江abc XYZ,。\n\u0301\u200b１２")


@given(st.text(alphabet=ALPHABET, max_size=200), st.data())
def test_snippet_fits_and_marks_the_hit(text: str, data) -> None:
    hit = "衡阳湘"
    at = data.draw(st.integers(0, len(text)))
    source = text[:at] + hit + text[at:]
    snip = make_snippet(source, [(at, at + len(hit))])
    assert sum(cell_width(c) for c in snip.text) <= 60
    assert [snip.text[a:b] for a, b in snip.spans] == [hit]


def test_plain_text_snippet() -> None:
    snip = make_snippet("一二三四五衡阳六七八", [(5, 7)])
    assert snip.text == "一二三四五衡阳六七八" and snip.spans == ((5, 7),)
