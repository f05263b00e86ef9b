"""The schema of the index manifest, checked before any of it is used."""

from __future__ import annotations

import binascii
import re
from bisect import bisect_right
from itertools import pairwise

from pyroaring import BitMap

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SEGMENT_NAME = re.compile(r"seg-\d{6,}-[0-9a-f]{8}\.bin")
_TEXT_FIELDS = ("hash", "imported_at", "date", "title")


class ManifestDamaged(ValueError):
    """A manifest that cannot be trusted; `stale` when it is merely of another version."""

    def __init__(self, reason: str, *, stale: bool = False) -> None:
        self.reason = reason
        self.stale = stale
        super().__init__(reason)


def _count(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ManifestDamaged(f"{what} is {value!r}, not a count")
    return value


def _segments(value: Any, next_seg: int) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ManifestDamaged("segments is not a list")
    out, seen = [], set()
    for s in value:
        if not isinstance(s, dict) or set(s) != {"name", "count"}:
            raise ManifestDamaged(f"segment entry {s!r} is not a name and a count")
        name = s["name"]
        if not isinstance(name, str) or not SEGMENT_NAME.fullmatch(name) or name in seen:
            raise ManifestDamaged(f"segment name {name!r} is not valid or not unique")
        if int(name[4:].partition("-")[0]) >= next_seg:
            raise ManifestDamaged(f"segment {name} is numbered past next_seg")
        seen.add(name)
        out.append({"name": name, "count": _count(s["count"], f"the count of {name}")})
    return out


def _briefings(value: Any, next_ord: int) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ManifestDamaged("briefings is not an object")
    spans = []
    for bid, info in value.items():
        if not bid or not isinstance(info, dict):
            raise ManifestDamaged(f"briefing {bid!r} has no entry")
        first = _count(info.get("first"), f"first of {bid}")
        count = _count(info.get("count"), f"count of {bid}")
        _count(info.get("chars", 0), f"chars of {bid}")
        if first + count > next_ord:
            raise ManifestDamaged(f"briefing {bid} reaches past next_ord")
        for key in _TEXT_FIELDS:
            if info.get(key) is not None and not isinstance(info[key], str):
                raise ManifestDamaged(f"{key} of {bid} is not text")
        spans.append((first, first + count, bid))
    spans.sort()
    for (_a, end, bid), (start, _b, other) in pairwise(spans):
        if start < end:
            raise ManifestDamaged(f"briefings {bid} and {other} overlap")
    return dict(value)


def _deleted(value: Any, next_ord: int) -> BitMap:
    if not isinstance(value, str):
        raise ManifestDamaged("deleted is not text")
    try:
        # What base64.b64decode(value, validate=True) does, without loading base64.
        got = BitMap.deserialize(binascii.a2b_base64(value, strict_mode=True))
    except (ValueError, binascii.Error) as exc:
        raise ManifestDamaged("deleted is not a bitmap") from exc
    if got and got.max() >= next_ord:
        raise ManifestDamaged("deleted reaches past next_ord")
    return got


def _rows_file(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"name", "size", "check"}:
        raise ManifestDamaged("rows is not a file's name, size and checksum")
    if not isinstance(value["name"], str):
        raise ManifestDamaged("rows names no file")
    _count(value["size"], "the size of the rows file")
    _count(value["check"], "the checksum of the rows file")
    return dict(value)


def _dropped(value: Any) -> set[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ManifestDamaged("dropped is not a list of ids")
    return set(value)


def fields(data: dict[str, Any]) -> dict[str, Any]:
    """The Manifest fields of a parsed manifest file, checked; raises ManifestDamaged.

    `briefings` holds the rows written since the rows file; `rows()` checks them all together.
    """
    next_ord = _count(data.get("next_ord"), "next_ord")
    next_seg = _count(data.get("next_seg"), "next_seg")
    catalog = data.get("catalog")
    if not isinstance(catalog, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in catalog
    ):
        raise ManifestDamaged("catalog is not a list of numbers")
    token = data.get("token")
    if not isinstance(token, str):
        raise ManifestDamaged("token is not text")
    return {
        "segments": _segments(data.get("segments"), next_seg),
        "briefings": _briefings(data.get("briefings"), next_ord),
        "dropped": _dropped(data.get("dropped")),
        "rows_file": _rows_file(data.get("rows")),
        "deleted": _deleted(data.get("deleted"), next_ord),
        "next_ord": next_ord,
        "next_seg": next_seg,
        "catalog": catalog,
        "generation": _count(data.get("generation"), "generation"),
        "token": token,
    }


def rows(got: Any, next_ord: int, deleted: BitMap) -> None:
    """Check every briefing's range (rows file and recent rows alike): within next_ord, none
    overlapping another or a deleted ordinal, dropped ids those of the rows file."""
    if not all(got.in_file(bid) for bid in got.dropped):
        raise ManifestDamaged("dropped names a briefing the rows file does not hold")
    if got.file_end() > next_ord:
        raise ManifestDamaged("a briefing reaches past next_ord")
    for info in got.recent.values():
        if info["first"] + info["count"] > next_ord:
            raise ManifestDamaged("a briefing reaches past next_ord")
    live = got.live()  # the rows file's ranges are checked in order, not overlapping
    if len(live) != got.sections():  # a range overlapping another is counted once
        raise ManifestDamaged("two briefings overlap")
    if live.intersection_cardinality(deleted):
        raise ManifestDamaged("sections of a briefing are marked deleted")


def against_segments(man: Any, segments: list[Any], *, deep: bool = False) -> None:
    """Check the opened segments hold exactly the sections the manifest says.

    `deep` also checks that the first section at each briefing's ordinals is its own.
    """
    union = BitMap()
    for entry, seg in zip(man.segments, segments, strict=True):
        if len(seg.ords) != entry["count"]:
            raise ManifestDamaged(
                f"{entry['name']} holds {len(seg.ords)} sections, not {entry['count']}"
            )
        if union.intersection_cardinality(seg.ords):
            raise ManifestDamaged(f"{entry['name']} overlaps another segment")
        if seg.ords and seg.ords.max() >= man.next_ord:
            raise ManifestDamaged(f"{entry['name']} reaches past next_ord")
        union |= seg.ords
    live = man.briefings.live()
    if union - live - man.deleted:
        raise ManifestDamaged("segments hold sections of no briefing that are not deleted")
    if live - union:
        raise ManifestDamaged("no segment holds some sections of a briefing")
    # The recent rows always (a few), every row when asked: each first section is its own.
    by_first = sorted(segments, key=lambda s: s.first)
    firsts = [s.first for s in by_first]
    for bid, info in man.briefings.items() if deep else man.briefings.recent.items():
        first, count = info["first"], info["count"]
        if not count:
            continue
        seg = by_first[bisect_right(firsts, first) - 1]
        if first not in seg.ords:
            seg = next(s for s in segments if first in s.ords)
        if seg.id_of(first - seg.first).rpartition("-")[0] != bid:
            raise ManifestDamaged(f"the sections at the ordinals of {bid} belong elsewhere")
