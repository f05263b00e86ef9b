"""The user file's journal in a check and a repair: its records count as part of user.json."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store import paths
from store.doctor.shapes import FileState
from store.errors import StoreCorrupt, StoreTooNew
from store.files import atomic_write_bytes, dump_document, parse_document
from store.regular import read_regular
from store.user_journal import journal_path, read_journal
from store.user_rows import apply_records


def user_journal_state(home: Path) -> FileState:
    """The user journal as read: missing, usable, damaged or from a newer briefing."""
    path = journal_path(home / paths.USER)
    if not path.exists() and not path.is_symlink():
        return FileState(path, None, missing=True)
    try:
        read_journal(path)
    except StoreTooNew as exc:
        reason = f"journal version {exc.version} is newer than this briefing supports"
        return FileState(path, None, reason, too_new=True)
    except StoreCorrupt as exc:
        return FileState(path, None, exc.reason)
    return FileState(path, None)


def fold_damaged_journal(home: Path, state: FileState, move_aside: Callable[[Path], Path]) -> str:
    """Write a damaged journal's readable records into user.json (when it reads) and move
    the journal aside (call it under the user file's lock); returns what was done."""
    user = home / paths.USER
    records = read_journal(state.path, salvage=True)[1]
    try:
        doc = parse_document(user, read_regular(user))
    except (OSError, StoreCorrupt):
        doc = None
    if doc is not None:
        apply_records(doc, records)
        atomic_write_bytes(user, dump_document(doc))
    moved = move_aside(state.path)
    if doc is None:
        return f"moved aside to {moved.name} (user.json unreadable: its records were not kept)"
    return f"{len(records)} readable records written into {user.name}; moved aside to {moved.name}"
