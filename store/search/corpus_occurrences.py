"""The hits of a query in one indexed section, in source text, without reading the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.search.fields import source_fields
from store.search.hits import folded_hits
from store.search.normalise import source_offsets, unfold
from store.search.query import Query
from store.search.segment import Segment


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One hit in source text: its field (and block), the field's whole text and the span."""

    section_id: str
    briefing_id: str
    headline: str
    field: str
    block: int | None
    text: str
    start: int
    end: int
    folded: str
    folded_start: int
    folded_end: int


def occurrences(
    seg: Segment, local: int, query: Query, section_id: str, briefing_id: str
) -> list[Occurrence]:
    """Every merged hit of the query in one section of a segment, in reading order."""
    folded = seg.fields(local)
    found = folded_hits(list(source_fields(folded)), query.clauses, folded)
    # Only the fields with hits (and the headline) are turned back into source text, and
    # hits are mapped through the field's edits (no folding of the source again).
    edits = {e[0]: e[1:] for e in seg.edits(local)}
    source = list(folded)
    for f in {1, *(h[0] for h in found)}:
        if f in edits and f < len(source):
            source[f] = unfold(folded[f], edits[f])
    fields = list(source_fields(source))
    spans = source_spans(found, edits)
    return [
        Occurrence(
            section_id,
            briefing_id,
            source[1],
            fields[f][0],
            fields[f][1],
            fields[f][2],
            start,
            end,
            folded[f],
            s,
            e,
        )
        for (f, s, e), (start, end) in zip(found, spans, strict=True)
    ]


def source_spans(
    found: list[tuple[int, int, int]], edits: dict[int, list[Any]]
) -> list[tuple[int, int]]:
    """Folded hits (field, start, end) as source spans: the end is after the whole source
    character that gave the hit's last folded one."""
    out: list[tuple[int, int]] = []
    at = 0
    while at < len(found):
        f = found[at][0]
        upto = at
        while upto < len(found) and found[upto][0] == f:
            upto += 1
        mine = found[at:upto]
        moves = edits.get(f)
        if not moves:  # a field without edits is its own folded form
            out.extend((s, e) for _f, s, e in mine)
        else:
            ends = source_offsets(moves, [e - 1 for _f, _s, e in mine])
            starts = source_offsets(moves, [s for _f, s, _e in mine])
            out.extend((s, e + 1) for s, e in zip(starts, ends, strict=True))
        at = upto
    return out
