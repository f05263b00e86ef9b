"""The catalog's journal in a check and a repair: its changes count as part of the catalog."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from store.catalog import JOURNAL, replay_journal
from store.errors import StoreCorrupt, StoreTooNew
from store.storage import fsync_dir

Rows = dict[str, dict[str, Any]]


def journal_path(home: Path) -> Path:
    """Where a library's catalog journal lives."""
    return home / JOURNAL


def merged_rows(home: Path, rows: Rows) -> tuple[Rows, str | None, bool]:
    """(rows with the journal's changes, the journal's problem or None, whether it is newer).

    A damaged or newer journal leaves the rows as they were.
    """
    try:
        return replay_journal(home, dict(rows)), None, False
    except StoreTooNew as exc:
        return rows, f"journal version {exc.version} is newer than this briefing supports", True
    except StoreCorrupt as exc:
        return rows, exc.reason, False


def salvaged_rows(home: Path, rows: Rows) -> Rows:
    """Rows with every readable change of a damaged journal applied."""
    return replay_journal(home, dict(rows), salvage=True)


def drop_journal(home: Path) -> None:
    """Remove the journal once catalog.json holds its changes (under the catalog lock)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal_path(home))
    fsync_dir(home)
