"""What each store file must hold: one read without changing it, and the shape checks of the
catalog, section and user files."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.errors import StoreCorrupt
from store.models import Section
from store.regular import NotRegular, not_a_file_reason, read_regular
from store.schema import META_TABLE, SCHEMA_VERSION
from store.storage import os_reason, parse_document, unreadable_reason

USER_ROW_KEYS = {"notes": ("id", "section_id"), "bookmarks": ("id", "section_id")}


@dataclass(frozen=True, slots=True)
class FileState:
    """One store file as read: its document, or why it could not be used."""

    path: Path
    data: dict[str, dict[str, Any]] | None
    problem: str | None = None
    too_new: bool = False
    missing: bool = False

    @property
    def usable(self) -> bool:
        """Readable, well-formed and not from a newer briefing."""
        return self.problem is None and not self.missing

    @property
    def unreadable(self) -> bool:
        """The OS refused to read it (permissions): moving it aside would not help."""
        return bool(self.problem and self.problem.startswith("cannot be read"))


def read_state(path: Path, *, versioned: bool, shape: Any = None) -> FileState:
    """Read a store file without changing it and say what, if anything, is wrong."""
    if path.is_symlink():
        return FileState(path, None, unreadable_reason(path, OSError(errno.ELOOP, "link")))
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return FileState(path, None, missing=True)
    except NotRegular as exc:
        return FileState(path, None, not_a_file_reason(exc.mode))
    except OSError as exc:
        return FileState(path, None, f"cannot be read: {os_reason(exc)}")
    try:
        data = parse_document(path, raw)
    except StoreCorrupt as exc:
        return FileState(path, None, exc.reason)
    version, problem = _version(data, required=versioned)
    if problem is not None:
        return FileState(path, data, problem)
    if version is not None and version > SCHEMA_VERSION:
        reason = f"schema version {version} is newer than this briefing supports ({SCHEMA_VERSION})"
        return FileState(path, data, reason, too_new=True)
    if shape is not None:
        problem = shape(path, data)
        if problem is not None:
            return FileState(path, data, problem)
    return FileState(path, data)


def _version(data: dict[str, Any], *, required: bool) -> tuple[int | None, str | None]:
    meta = data.get(META_TABLE) or {}
    versions = [row.get("schema") for row in meta.values() if "schema" in row]
    if not versions:
        if required and data:
            return None, "no schema version (not a briefing store file?)"
        return None, None
    version = versions[0]
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        return None, f"schema version {version!r} is not a number"
    return version, None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def head_problem(head: Any) -> str | None:
    """Why a section head row of the catalog is unusable, or None."""
    if not isinstance(head, dict):
        return "a section head is not an object"
    for key in ("id", "briefing_id", "headline"):
        if not isinstance(head.get(key), str):
            return f"section head {head.get('id')!r} has no {key}"
    if not _is_int(head.get("order")):
        return f"section head {head['id']!r} has no order"
    return None


def briefing_row_problem(row: dict[str, Any]) -> str | None:
    """Why a briefing row is unusable, or None."""
    for key in ("id", "title", "content_hash"):
        if not isinstance(row.get(key), str):
            return f"briefing row {row.get('id')!r} has no {key}"
    if "seq" in row and not _is_int(row["seq"]):
        return f"briefing {row['id']!r} has a bad seq {row['seq']!r}"
    if "section_count" in row and not _is_int(row["section_count"]):
        return f"briefing {row['id']!r} has a bad section_count {row['section_count']!r}"
    heads = row.get("sections", [])  # kept in the catalog before schema version 2
    if not isinstance(heads, list):
        return f"briefing {row['id']!r}: sections is not a list"
    for head in heads:
        problem = head_problem(head)
        if problem is not None:
            return f"briefing {row['id']!r}: {problem}"
    return None


def catalog_shape(path: Path, data: dict[str, Any]) -> str | None:
    """Why a catalog document is unusable, or None."""
    del path
    for row in (data.get("briefings") or {}).values():
        problem = briefing_row_problem(row)
        if problem is not None:
            return problem
    return None


def shard_shape(path: Path, data: dict[str, Any]) -> str | None:
    """Why a section file is unusable, or None."""
    briefing_id = path.stem
    rows = data.get("sections") or {}
    if not rows:
        return "has no sections"
    for row in rows.values():
        try:
            section = Section.from_dict(row)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return f"section row {row.get('id')!r} is malformed ({exc!r})"
        if section.briefing_id != briefing_id or not section.id.startswith(briefing_id + "-"):
            return f"section {section.id!r} does not belong to briefing {briefing_id}"
    for row in (data.get("briefing") or {}).values():
        problem = briefing_row_problem(row)
        if problem is not None:
            return problem
    return None


def user_shape(path: Path, data: dict[str, Any]) -> str | None:
    """Why a user file is unusable, or None."""
    del path
    for table, keys in USER_ROW_KEYS.items():
        for doc_id, row in (data.get(table) or {}).items():
            for key in keys:
                if not isinstance(row.get(key), str):
                    return f"row {doc_id} of table {table!r} has no {key}"
    return None
