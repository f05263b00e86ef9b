"""Snippets fit their width and mark the hit, whatever the mix of wide and narrow text."""

from __future__ import annotations

import bisect
import re

from hypothesis import given
from hypothesis import strategies as st

from store.search.snippet import ELLIPSIS, Snippet, cell_width, make_snippet

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


def walked_snippet(text: str, spans: list[tuple[int, int]], width: int = 60) -> Snippet:
    """The snippet found by walking the window out one character at a time (the reference)."""
    chars: list[str] = []
    src: list[int] = []
    pos = 0
    for m in re.finditer(r"[\s\x00-\x1f\x7f-\x9f]+", text):  # runs made one space
        chars.extend(text[pos : m.start()])
        src.extend(range(pos, m.start()))
        if chars:
            chars.append(" ")
            src.append(m.start())
        pos = m.end()
    chars.extend(text[pos:])
    src.extend(range(pos, len(text)))
    if chars and chars[-1] == " ":
        chars.pop()
        src.pop()
    if not chars:
        return Snippet("", ())

    def at(offset: int) -> int:
        return bisect.bisect_left(src, offset)

    first = min(at(spans[0][0]) if spans else 0, len(chars) - 1)
    widths = [cell_width(c) for c in chars]
    budget = width - 2
    lead = max(0, budget // 3)
    lo = first
    used = 0
    while lo > 0 and used + widths[lo - 1] <= lead:
        lo -= 1
        used += widths[lo]
    hi = first
    used = sum(widths[lo:first])
    while hi < len(chars) and used + widths[hi] <= budget:
        used += widths[hi]
        hi += 1
    while lo > 0 and used + widths[lo - 1] <= budget:
        lo -= 1
        used += widths[lo]
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < len(chars) else ""
    body = "".join(chars[lo:hi]).strip(" ")
    strip_left = len("".join(chars[lo:hi])) - len("".join(chars[lo:hi]).lstrip(" "))
    shift = len(prefix) - lo - strip_left
    out_spans = []
    for s, e in spans:
        cs, ce = max(at(s), lo), min(at(e), hi)
        a, b = max(cs + shift, len(prefix)), min(ce + shift, len(prefix) + len(body))
        if cs < ce and a < b:
            out_spans.append((a, b))
    return Snippet(prefix + body + suffix, tuple(out_spans))


@given(
    st.text(alphabet=ALPHABET, max_size=200),
    st.lists(st.tuples(st.integers(0, 210), st.integers(1, 4)), max_size=4),
    st.integers(2, 80),
)
def test_snippet_window_is_the_one_walked_a_character_at_a_time(text, hits, width) -> None:
    spans = sorted((a, a + n) for a, n in hits)
    assert make_snippet(text, spans, width) == walked_snippet(text, spans, width)
