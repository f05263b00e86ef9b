"""Styling slices of a typeset line: note quotes, search hits and the current hit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.segment import Segment
from rich.style import Style

# A search hit in a section: (field, block, start, end); block is None for head fields
# (kicker, headline, deck, byline, dateline), whose offsets are in the field's own text.
HitMark = tuple[str, int | None, int, int]


def index_hits(hits: Iterable[HitMark]) -> dict[tuple[str, int | None], list[tuple[int, int]]]:
    """Hits grouped by (field, block), empty spans dropped."""
    out: dict[tuple[str, int | None], list[tuple[int, int]]] = {}
    for field, block, start, end in hits:
        if end > start:
            out.setdefault((field, block), []).append((start, end))
    return out


def styled_segments(
    text: str,
    start: int,
    style: Style,
    layers: Sequence[tuple[Sequence[tuple[int, int]], Style]],
) -> list[Segment]:
    """`text` (which begins at `start` of its field) with each layer's spans styled on top.

    Later layers win where spans overlap, so the current hit can sit over other hits.
    """
    if not text or start < 0 or not any(spans for spans, _ in layers):
        return [Segment(text, style)]
    lo, hi = start, start + len(text)
    styles = [style] * len(text)
    touched = False
    for spans, over in layers:
        lit = style + over
        for s, e in spans:
            a, b = max(s, lo) - lo, min(e, hi) - lo
            for i in range(a, b):
                styles[i] = lit
                touched = True
    if not touched:
        return [Segment(text, style)]
    out: list[Segment] = []
    run = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or styles[i] is not styles[run]:
            out.append(Segment(text[run:i], styles[run]))
            run = i
    return out
