"""A read-only check of a library's search index, for `briefing doctor`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from store.catalog import catalog_stamp
from store.errors import IndexTooNew, StoreCorrupt
from store.search.folder import LOCK, MANIFEST, IndexHandle
from store.search.manifest import ManifestDamaged
from store.search.segfile import SegmentDamaged
from store.search.segment import Segment
from store.storage import os_reason


class IndexProblem(NamedTuple):
    """An index file that fails its checks, or that a newer briefing wrote (left alone)."""

    path: Path
    problem: str
    too_new: bool = False


def index_problems(
    home: Path, catalog: dict[str, tuple[Any, Any]] | None, catalog_path: Path
) -> list[IndexProblem]:
    """Each index file that fails its checks or is too new; empty when all is well.

    `catalog` maps briefing id to (content hash, import time), or is None when the catalog
    cannot be read. A missing index is fine: the next search builds it.
    """
    try:
        return [
            IndexProblem(path, problem) for path, problem in _problems(home, catalog, catalog_path)
        ]
    except IndexTooNew as exc:
        problem = (
            f"{exc.kind} {exc.version} is newer than this briefing reads ({exc.supported}); "
            f"deleting the folder {exc.path.parent} lets this version build an index of its own"
        )
        return [IndexProblem(exc.path, problem, too_new=True)]


def _problems(
    home: Path, catalog: dict[str, tuple[Any, Any]] | None, catalog_path: Path
) -> list[tuple[Path, str]]:
    h = IndexHandle(Path(home))  # a fresh handle: nothing of this process's views is trusted
    try:
        h.refuse_outside()
    except StoreCorrupt as exc:
        return [(h.dir, exc.reason)]
    lock = h.dir / LOCK
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        return [(lock, "is not a lock file (a link or a folder)")]
    manifest_path = h.dir / MANIFEST
    try:
        man = h.parse_manifest()
    except ManifestDamaged as exc:
        return [(manifest_path, f"{exc.reason}; rebuilt by a search or doctor --repair")]
    if man is None:
        return []
    out: list[tuple[Path, str]] = []
    segs = []
    for s in man.segments:
        path = h.dir / s["name"]
        try:
            seg = Segment(path)
        except FileNotFoundError:
            out.append((path, "is missing (the manifest names it)"))
            continue
        except SegmentDamaged as exc:
            out.append((path, exc.reason))
            continue
        except OSError as exc:
            out.append((path, f"cannot be read: {os_reason(exc)}"))
            continue
        try:
            seg.check_all()  # a search checks only what it reads; the doctor reads it all
        except SegmentDamaged as exc:
            out.append((path, exc.reason))
            seg.close()
        else:
            segs.append(seg)
    if out:
        return out
    try:
        man.agrees_with(segs, deep=True)
    except ManifestDamaged as exc:
        return [(manifest_path, exc.reason)]
    finally:
        for seg in segs:
            seg.close()
    if (
        catalog is not None
        and man.catalog == catalog_stamp(catalog_path.parent)
        and man.briefings.stamps() != catalog
    ):
        return [(manifest_path, "does not list the briefings the catalog lists")]
    return []
