"""An index a newer version of briefing wrote: told apart from damage, and left alone.

A damaged index or one of an older version is rebuilt; one a newer briefing wrote is
refused, since a rebuild by this version would destroy the newer one's index. The manifest
names the versions its writer used: the index and text folding versions, and (`formats`)
those of its segment and rows files, taken from their magic, so a change of either format
is seen here even when the manifest's own version stays. A manifest whose checksum holds is
believed; one that has no checksum member at all (a later layout) is judged by its opening
`{"version": N`; one whose checksum fails is damage, whatever number it shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from store.errors import IndexTooNew
from store.search import rowsfile, segfile

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_HEAD = re.compile(rb'\A\s*\{\s*"version"\s*:\s*(\d{1,9})(?:\s*,\s*"fold"\s*:\s*(\d{1,9}))?')
KINDS = {
    "version": "index version",
    "fold": "text folding version",
    "segment": "search segment format",
    "rows": "index rows format",
}


def formats() -> dict[str, int]:
    """What a manifest records of the file formats it names: the number in their magic."""
    return {
        "segment": int.from_bytes(segfile.MAGIC[6:8], "little"),
        "rows": int.from_bytes(rowsfile.MAGIC[6:8], "big"),
    }


def refuse(data: dict[str, Any], path: Path, version: int, fold: int) -> None:
    """Raise IndexTooNew when a checked manifest's versions are newer than this briefing's."""
    named = data.get("formats")
    claims = {"version": data.get("version"), "fold": data.get("fold")}
    if isinstance(named, dict):
        claims.update(segment=named.get("segment"), rows=named.get("rows"))
    ours = {"version": version, "fold": fold, **formats()}
    for key, value in claims.items():
        if isinstance(value, int) and not isinstance(value, bool) and value > ours[key]:
            raise IndexTooNew(path, value, ours[key], KINDS[key])


def refuse_unchecked(raw: bytes, path: Path, version: int, fold: int) -> None:
    """For a manifest without a checksum member: IndexTooNew when it opens with newer
    versions (a later layout this briefing cannot check), else nothing (it is damaged)."""
    if b'"checksum":' in raw:
        return  # a checksum member cut short or not in hex digits: damage, not a later layout
    head = _HEAD.match(raw)
    if head is not None:
        opening = {"version": int(head[1])}
        if head[2] is not None:
            opening["fold"] = int(head[2])
        refuse(opening, path, version, fold)
