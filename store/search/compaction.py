"""Which segments an index merges: those of one size tier, FANOUT at a time, and those whose
sections are mostly deleted, so the count of segments stays logarithmic in the sections."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Protocol

from store.search import segment

if TYPE_CHECKING:
    from store.search.manifest import Manifest
    from store.search.segment import Segment


class IndexHandle(Protocol):
    """What compaction needs of an open index: its segments, and a merge of some of them."""

    def segment(self, name: str) -> Segment: ...

    def merge(self, man: Manifest, group: list[dict[str, Any]]) -> None: ...


FANOUT = 4  # merge when this many segments share a size tier


def _tier(count: int) -> int:
    return int(math.log(max(count, 1), FANOUT))


def compact(h: IndexHandle, man: Manifest, cap: int, purge: bool = True) -> None:
    """Merge segments under `cap` that share a size tier, and (purge) mostly deleted ones.

    A segment whose every section is deleted goes whatever `cap` and `purge` say: it is dropped
    without writing anything, and a search would open it for nothing.
    """
    for s in [s for s in man.segments if _all_deleted(h, man, s)]:
        h.merge(man, [s])
    blocked: set[int] = set()
    while True:
        tiers: dict[int, list[dict[str, Any]]] = {}
        for s in man.segments:
            if s["count"] < cap and _tier(s["count"]) not in blocked:
                tiers.setdefault(_tier(s["count"]), []).append(s)
        group = None
        for tier, members in tiers.items():
            if len(members) >= FANOUT:
                group = _fitting(h, members)
                if group is not None:
                    break
                blocked.add(tier)  # no run of them fits one segment: leave the tier
        if group is None and purge:
            group = [s for s in man.segments if _mostly_deleted(h, man, s)][:1]
        if not group:
            return
        h.merge(man, group)


def _fitting(h: IndexHandle, members: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """FANOUT of these segments, neighbours in ordinals, whose merge fits one segment."""
    spans = []
    for s in members:
        ords = h.segment(s["name"]).ords
        if ords:
            spans.append((ords.min(), ords.max(), s))
        else:
            return [s]  # an empty segment merges into nothing
    spans.sort(key=lambda r: r[0])
    for i in range(len(spans) - FANOUT + 1):
        window = spans[i : i + FANOUT]
        if max(r[1] for r in window) - window[0][0] < segment.MAX_SPAN:
            return [r[2] for r in window]
    return None


def _mostly_deleted(h: IndexHandle, man: Manifest, s: dict[str, Any]) -> bool:
    if not man.deleted:
        return False
    ords = h.segment(s["name"]).ords
    return ords.intersection_cardinality(man.deleted) * 2 >= max(len(ords), 1)


def _all_deleted(h: IndexHandle, man: Manifest, s: dict[str, Any]) -> bool:
    if not man.deleted:
        return False
    ords = h.segment(s["name"]).ords
    return bool(ords) and ords.intersection_cardinality(man.deleted) == len(ords)
