"""Per-briefing head files: the section heads of one briefing, apart from its text.

`heads/<briefing_id>.json` is derived from the briefing's section file and written with it, so
listing the sections of a library never parses its text and no file that every import
rewrites holds every section head. A missing, damaged or stale head file is never trusted:
the heads are read from the section file instead.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from store.files import TEMP_SUFFIX
from store.regular import read_regular

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from store.models import Section, SectionHead

FOLDER = "heads"


def head_row(section: Section) -> dict[str, Any]:
    """A section head as kept in a head file."""
    data = section.head().to_dict()
    data["briefing_id"] = section.briefing_id
    data["order"] = section.order
    return data


def heads_stamp(row: dict[str, Any] | Any) -> str:
    """What a head file must match: the briefing's text, section count and import time
    (a feed that grows keeps its content hash but not its count)."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k, None)
    count = get("section_count")
    return f"{get('content_hash')}:{count}:{get('imported_at')}"


def head_path(home: Path, briefing_id: str) -> Path:
    """Where a briefing's head file lives."""
    return home / FOLDER / f"{briefing_id}.json"


def write_heads(home: Path, briefing_id: str, stamp: str, rows: list[dict[str, Any]]) -> None:
    """Write a briefing's head file (temp file and rename), stamped (see heads_stamp).

    No fsync: the file is derived, and a torn, empty or missing one is simply not trusted
    (the heads then come from the section file), so an import pays the sync of the section
    file alone and a failed write here fails nothing.
    """
    import orjson  # written by imports; a search only reads head files

    path = head_path(home, briefing_id)
    payload = orjson.dumps({"stamp": stamp, "sections": rows})
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        path.parent.mkdir(exist_ok=True)
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def read_heads(home: Path, briefing_id: str, stamp: str) -> tuple[SectionHead, ...] | None:
    """The heads of a head file whose stamp matches, else None."""
    from store.models import SectionHead

    rows = read_head_rows(home, briefing_id, stamp)
    try:
        return None if rows is None else tuple(SectionHead.from_dict(r) for r in rows)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_head_rows(home: Path, briefing_id: str, stamp: str) -> list[dict[str, Any]] | None:
    """The rows of a head file whose stamp matches (as head_row wrote them), else None."""
    got = read_head_file(home, briefing_id)
    return got[1] if got is not None and got[0] == stamp else None


def read_head_file(home: Path, briefing_id: str) -> tuple[str, list[dict[str, Any]]] | None:
    """A head file's stamp and rows, whatever the stamp; None when missing or damaged."""
    try:
        # A few KiB: the standard parser reads one about as fast as orjson, without its import.
        data = json.loads(read_regular(head_path(home, briefing_id)))
    except (OSError, ValueError):  # NotRegular too: a link or a FIFO reads as damaged
        return None
    stamp = data.get("stamp") if isinstance(data, dict) else None
    rows = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(stamp, str) or not isinstance(rows, list):
        return None
    if not all(_is_head(r) for r in rows):
        return None
    return stamp, rows


def _is_head(row: Any) -> bool:
    return (
        isinstance(row, dict)
        and isinstance(row.get("id"), str)
        and isinstance(row.get("headline"), str)
        and isinstance(row.get("byline") or {}, dict)
    )


def listed(row: dict[str, Any]) -> dict[str, Any]:
    """A head row in the JSON shape of `SectionHead.to_dict` (head_row wrote it from that)."""
    return {
        "id": row["id"],
        "kicker": row.get("kicker"),
        "headline": row["headline"],
        "deck": row.get("deck"),
        "byline": row.get("byline") or {"role": None, "authors": []},
        "dateline": row.get("dateline"),
        "paragraphs": row.get("paragraphs", 0),
        "captions": row.get("captions", 0),
        "tables": row.get("tables", 0),
    }


def remove_heads(home: Path, briefing_id: str) -> None:
    """Remove a briefing's head file if there is one."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(head_path(home, briefing_id))
