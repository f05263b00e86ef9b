"""Merging the small segments that one-page imports leave, after the import has answered.

Each `briefing import one.txt` appends its page as a segment of its own, and merges only
segments of one size tier under `upkeep.QUICK_CAP` (so the page is added in milliseconds):
a month of daily pages left a 100k-section index with six small segments, each costing a
cold search about 0.3 ms (its gram tables, and the matches it offers the ranking pool). When
an index of at least `LARGE` sections holds `TAIL_COUNT` segments under `TAIL_CAP` sections,
the import, once it has answered, merges them into one in a process of its own
(`tui.cli.import_cmd`), so the user never waits for it; a search meanwhile reads the
segments as they were until the new manifest names the merged one.
"""

from __future__ import annotations

from pathlib import Path

from store.search import segment
from store.search.folder import MANIFEST, IndexHandle, handle

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.search.manifest import Manifest

TAIL_CAP = 4096  # segments under this many sections are merged into one, together
TAIL_COUNT = 3  # once there are this many of them
# Below this many sections an index is searched in a millisecond or two whatever its
# segments; its small segments wait for a folder import or a full check.
LARGE = 16384


def _tail(man: Manifest) -> list[dict[str, Any]]:
    return [s for s in man.segments if s["count"] < TAIL_CAP]


def wanted(home: Path) -> bool:
    """Whether the index as it stands has small segments worth merging (read, never written)."""
    view = handle(home).load()
    if view is None:
        return False
    man = view.manifest
    return len(_tail(man)) >= TAIL_COUNT and sum(s["count"] for s in man.segments) >= LARGE


def tidy(home: Path) -> bool:
    """Merge the index's small segments into one (under the index's lock); True if it did.

    What the index holds does not change, so the manifest keeps its catalog stamp. A
    missing or damaged index is left to the next search, which builds or mends it.
    """
    h = handle(home)
    if not (h.dir / MANIFEST).is_file():
        return False  # never searched: the next search builds the index
    with h.mutex:
        h.refuse_outside()
        with h.lock:
            man = h.read_manifest()
            if man is None or man.old or h.unreadable(man):
                return False
            group = _fitting(h, _tail(man))
            if len(group) < TAIL_COUNT:
                return False
            h.merge(man, group)
            h.write_manifest(man)
            return True


def _fitting(h: IndexHandle, tail: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest of these segments whose merge fits one segment (all of them, usually)."""
    spans = sorted(
        ((h.segment(s["name"]).ords, s) for s in tail),
        key=lambda r: r[0].max() if r[0] else -1,
        reverse=True,
    )
    group: list[dict[str, Any]] = []
    low = high = -1
    for ords, s in spans:
        if ords:
            lo = ords.min() if low < 0 else min(low, ords.min())
            hi = max(high, ords.max())
            if hi - lo >= segment.MAX_SPAN:
                break
            low, high = lo, hi
        group.append(s)
    return group
