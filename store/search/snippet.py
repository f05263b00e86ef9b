"""Snippets: about 60 display cells of text around the first hit, with every hit marked."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import namedtuple
from collections.abc import Sequence
from itertools import accumulate

ELLIPSIS = "…"
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")  # what the snippet collapses or drops
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


# A named tuple made by collections: typing.NamedTuple compiles each field's annotation text
# when the class is made, which every search process would pay.
class Snippet(namedtuple("Snippet", "text spans")):
    """A one-line excerpt and the hit spans [start, end) inside it."""

    __slots__ = ()
    text: str
    spans: tuple[tuple[int, int], ...]


_WIDTHS: dict[str, int] = {}


def cell_width(ch: str) -> int:
    """Display cells a character takes in a terminal (wide CJK = 2)."""
    got = _WIDTHS.get(ch)
    if got is None:
        if unicodedata.combining(ch):
            got = 0
        else:
            got = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        _WIDTHS[ch] = got
    return got


def _collapse(text: str) -> tuple[list[str], list[int]]:
    """Characters with whitespace runs made one space (none at the ends), and their sources."""
    chars: list[str] = []
    src: list[int] = []
    pos = 0
    for m in _SPACES.finditer(text):
        start, end = m.span()
        chars.extend(text[pos:start])
        src.extend(range(pos, start))
        if chars:
            chars.append(" ")
            src.append(start)
        pos = end
    chars.extend(text[pos:])
    src.extend(range(pos, len(text)))
    if chars and chars[-1] == " ":
        chars.pop()
        src.pop()
    return chars, src


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = 60) -> Snippet:
    """An excerpt of text around spans[0] fitting `width` cells, whitespace runs made one space."""
    # Collapse whitespace but remember where each kept character came from.
    src: Sequence[int]
    if _SPACE.search(text):
        chars, src = _collapse(text)
    else:
        chars, src = list(text), range(len(text))  # nothing to collapse: the common case
    if not chars:
        return Snippet("", ())

    # Index in `chars` of the first kept character at or after a source offset.
    def at(offset: int) -> int:
        return bisect.bisect_left(src, offset)

    first = at(spans[0][0]) if spans else 0
    first = min(first, len(chars) - 1)
    for ch in set(chars).difference(_WIDTHS):
        cell_width(ch)  # fills the table, so the lookups below stay in C
    # Cells before each character: the window's ends are found by bisecting these sums (a
    # width may be 0, so the sums only never fall), not by walking character by character.
    before = [0, *accumulate(map(_WIDTHS.__getitem__, chars))]
    budget = width - 2  # room for the ellipses
    lead = max(0, budget // 3)
    # Up to `lead` cells before the hit, then as many after it as the budget holds.
    lo = bisect.bisect_left(before, before[first] - lead, 0, first + 1)
    hi = bisect.bisect_right(before, before[lo] + budget, first, len(chars) + 1) - 1
    # Text ended early: spend the rest of the budget before the hit.
    lo = bisect.bisect_left(before, before[hi] - budget, 0, lo + 1)
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < len(chars) else ""
    window = "".join(chars[lo:hi])
    body = window.strip(" ")
    strip_left = len(window) - len(window.lstrip(" "))
    shift = len(prefix) - lo - strip_left
    out_spans: list[tuple[int, int]] = []
    for s, e in spans:
        cs, ce = at(s), at(e)
        cs, ce = max(cs, lo), min(ce, hi)
        if cs >= ce:
            continue
        a, b = cs + shift, ce + shift
        a = max(a, len(prefix))
        b = min(b, len(prefix) + len(body))
        if a < b:
            out_spans.append((a, b))
    return Snippet(prefix + body + suffix, tuple(out_spans))
