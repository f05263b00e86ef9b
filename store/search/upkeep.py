"""Keeping the index in step with one import or delete without reading the whole catalog."""

from __future__ import annotations

from typing import Any

from pyroaring import BitMap

from store.errors import BriefingError
from store.models import Section
from store.search import index, postings

# Only segments smaller than this are merged while applying a change, so an import of one
# briefing costs milliseconds; bigger merges wait for a full sync or a batch import.
QUICK_CAP = 1024


def apply(lib: Any, added: list[str], removed: list[str]) -> None:
    """Append the added briefings as a segment and mark the removed ones deleted.

    The manifest keeps the catalog stamp it had, so the next search still checks the whole
    catalog against the index (cheap when nothing is missing) and repairs anything missed.
    """
    if not hasattr(lib, "_shard") or not (added or removed):
        index.sync(lib)
        return
    h = index.handle(lib.home)
    with h.mutex:
        h.dir.mkdir(parents=True, exist_ok=True)
        with h.lock:
            man = h.read_manifest()
            if man is None or not index._segments_readable(h, man):
                index._sync_locked(lib, h)
                return
            for bid in [*removed, *added]:
                info = man.briefings.pop(bid, None)
                if info is not None:
                    man.deleted |= BitMap(range(info["first"], info["first"] + info["count"]))
            first, recs = man.next_ord, []
            for bid in dict.fromkeys(added):
                row, sections = _read(lib, bid)
                if row is None or not sections:
                    continue  # left to the next full check
                got = [postings.record(s) for s in sections]
                man.briefings[bid] = {
                    "first": first + len(recs),
                    "count": len(got),
                    "hash": row.get("content_hash"),
                    "imported_at": row.get("imported_at"),
                    "date": row.get("date"),
                    "title": row.get("title"),
                    "chars": sum(len(r.text) - r.text.count(postings.SEP) for r in got),
                }
                recs.extend(got)
            if recs:
                index._add_segment(h, man, first, recs)
            # A big import may wait for merges in proportion to its size; one briefing never.
            index._compact(h, man, cap=max(QUICK_CAP, 2 * len(recs)), purge=False)
            index._write_manifest(h, man)
            h.load()


def _read(lib: Any, bid: str) -> tuple[dict[str, Any] | None, list[Section]]:
    """A briefing's own row and sections, read from its section file alone."""
    try:
        shard = lib._shard(bid)
        rows = shard.table("briefing").all()
        sections = sorted(shard.table("sections").all(), key=lambda r: r.get("order", 0))
        return (dict(rows[0]) if rows else None), [Section.from_dict(r) for r in sections]
    except (OSError, KeyError, TypeError, ValueError, AttributeError, BriefingError):
        # Any trouble with the file: the next full check reads the catalog instead.
        return None, []
