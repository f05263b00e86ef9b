"""The index folder's files as the file system holds them: the manifest read and stamped
without following a link, and the files no manifest names cleared away."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from store.files import os_reason
from store.regular import NotRegular, open_regular, read_regular
from store.search.manifest_check import ManifestDamaged

# typing stays unloaded at run time: a search process pays for every module it loads.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def read_manifest(path: Path) -> bytes | None:
    """The manifest's bytes (None when there is none); raises ManifestDamaged when it is not a
    regular file or cannot be read."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except NotRegular:
        raise ManifestDamaged("is not a regular file") from None
    except OSError as exc:
        raise ManifestDamaged(f"cannot be read ({os_reason(exc)})") from exc


def stamp(path: Path, head_bytes: int) -> tuple[Any, ...]:
    """What changes whenever the manifest is replaced: its stat and its first bytes."""
    try:
        fd, st = open_regular(path)
    except OSError:  # NotRegular too
        return ()
    try:
        head = os.pread(fd, head_bytes, 0)
    except OSError:
        return ()
    finally:
        os.close(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, head)


def clear_strangers(folder: Path, keep: set[str] | frozenset[str], manifest: str) -> list[str]:
    """Remove the index's files in `folder` not in `keep` (what is not a regular file is moved
    aside, a link removed and never followed); the names of the files removed."""
    removed: list[str] = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            # A killed writer's temp file of the manifest is ours too (the lock is held).
            ours = entry.name.startswith(("seg-", "rows-", manifest, f".{manifest}.", ".rows-"))
            if entry.name in keep or not ours or ".broken-" in entry.name:
                continue
            with contextlib.suppress(OSError):
                if entry.is_symlink():
                    entry.unlink()  # the link only, never what it points to
                elif entry.is_dir():
                    entry.rename(entry.with_name(f"{entry.name}.broken-{os.urandom(4).hex()}"))
                elif entry.name != manifest:
                    removed.append(entry.name)
                    entry.unlink()
    return removed
