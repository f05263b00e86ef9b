"""Finding where a quoted passage sits now, so marks survive re-imports and moved blocks."""

from __future__ import annotations

from collections.abc import Iterable

from store.models import Section
from store.notes.refs import block_text


def find_span(text: str, start: str, end: str | None = None) -> tuple[int, int]:
    """The [start, end) offsets of the passage that begins with `start` and ends with `end`.

    Raises ValueError when the passage is not in the text.
    """
    if not start:
        raise ValueError("the quote is empty")
    begin = text.find(start)
    if begin < 0:
        raise ValueError(f"the block does not contain {_short(start)!r}")
    if not end:
        return begin, begin + len(start)
    stop = text.find(end, begin + len(start))
    if stop < 0:
        # The end may overlap the start, e.g. a short passage typed twice.
        stop = text.find(end, begin)
        if stop < 0:
            raise ValueError(f"the block does not contain {_short(end)!r} after the start")
    return begin, max(stop + len(end), begin + len(start))


def quote_holds(text: str, quote: str, start: int | None, end: int | None) -> bool:
    """Whether `quote` is still what the block says (at its offsets when it has them)."""
    if not quote:
        return True
    if start is not None and end is not None:
        return text[start:end] == quote
    return quote in text


def search_quote(
    sections: Iterable[Section], quote: str, narrowed: bool
) -> tuple[Section, int, int | None, int | None] | None:
    """The first section and block holding `quote`, with fresh offsets when `narrowed`."""
    if not quote:
        return None
    for section in sections:
        for index, block in enumerate(section.blocks):
            pos = block_text(block).find(quote)
            if pos >= 0:
                if narrowed:
                    return section, index, pos, pos + len(quote)
                return section, index, None, None
    return None


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
