"""`briefing doctor --repair` for the search index: build it again from the library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store.errors import BriefingError
from store.library import open_library
from store.search import index


def rebuild_index(home: Path, move_aside: Callable[[Path], Path]) -> str:
    """Rebuild a library's index, first taking away a link or file where its folder belongs.

    A link is removed (what it points to is left alone); a file is moved aside. Returns what
    was done, as the action doctor reports.
    """
    folder = home / index.FOLDER
    done = ""
    if folder.is_symlink():
        folder.unlink()
        done = "removed the link; "
    elif folder.exists() and not folder.is_dir():
        done = f"moved aside to {move_aside(folder).name}; "
    lock = folder / index.LOCK
    if lock.is_symlink():
        lock.unlink()
    elif lock.exists() and not lock.is_file():
        done += f"moved the lock aside to {move_aside(lock).name}; "
    try:
        view = index.rebuild(open_library(home, seed=False))
    except BriefingError as exc:
        return f"{done}could not rebuild the index: {exc}"
    return f"{done}rebuilt the index ({view.manifest.live} sections)"
