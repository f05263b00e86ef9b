"""Merging index segments: one new segment holding every live section of several."""

from __future__ import annotations

from pathlib import Path

from pyroaring import BitMap

from store.search.segment import MAX_SPAN, Segment
from store.search.segwrite import write


def merge(path: Path, segments: list[Segment], drop: BitMap) -> BitMap:
    """Write one segment holding every live section of `segments`; returns its ordinals."""
    live = BitMap.union(*(seg.ords for seg in segments)) - drop
    if not live:
        return live
    first, span = live.min(), live.max() - live.min() + 1
    if span > MAX_SPAN:
        raise ValueError(f"a merge of {span} ordinals does not fit one segment")
    ids, texts, heads = [""] * span, [""] * span, [0] * span
    edits = [b""] * span
    for seg in segments:
        mine = seg.local(seg.ords & live)
        for i, text in zip(mine, seg.texts(mine), strict=True):
            at = i + seg.first - first
            ids[at], texts[at], heads[at] = seg.ids[i], text, seg.heads[i]
            edits[at] = seg.packed_edits(i)
    write(path, first, live, ids, texts, heads, edits)
    return live
