"""The left and right context of a hit, cut at sentence ends and to a width in cells."""

from __future__ import annotations

import re

from store.typeset import char_width

# A sentence ends after these; a line break (table cells, verse) counts as one too.
SENTENCE_END = frozenset("。！？；!?;\n")
_SPACES = re.compile(r"\s+")
# How far to look for a sentence end: a context never needs more than this many characters.
_REACH = 400


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text)


def left_context(text: str, start: int, width: int) -> str:
    """What precedes the hit, from the last sentence end, at most `width` cells (nearest kept)."""
    lo = max(0, start - _REACH)
    piece = text[lo:start]
    for i in range(len(piece) - 1, -1, -1):
        if piece[i] in SENTENCE_END:
            piece = piece[i + 1 :]
            break
    piece = _flat(piece).lstrip()
    used, cut = 0, len(piece)
    while cut > 0:
        w = char_width(piece[cut - 1])
        if used + w > width:
            break
        used += w
        cut -= 1
    return piece[cut:]


def right_context(text: str, end: int, width: int) -> str:
    """What follows the hit, to the next sentence end (kept), at most `width` cells."""
    piece = text[end : end + _REACH]
    for i, ch in enumerate(piece):
        if ch in SENTENCE_END:
            piece = piece[: i + 1] if ch != "\n" else piece[:i]
            break
    piece = _flat(piece).rstrip()
    used, cut = 0, 0
    while cut < len(piece):
        w = char_width(piece[cut])
        if used + w > width:
            break
        used += w
        cut += 1
    return piece[:cut]
