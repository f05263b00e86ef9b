"""Exporting notes and bookmarks (Markdown, JSON, Readwise CSV, HTML) and importing them back."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import BriefingError, WriteFailed
from store.export import csv_readwise, html, json_doc, markdown
from store.export.doc import ExportDoc, ExportScope, collect
from store.export.notes_import import ImportCounts, import_notes, load_document
from store.export.section import section_markdown, section_text
from store.storage import fsync_dir, os_reason

if TYPE_CHECKING:
    from store.library import Library

RENDERERS: dict[str, Callable[[ExportDoc], str]] = {
    "md": markdown.render,
    "json": json_doc.render,
    "csv": csv_readwise.render,
    "html": html.render,
}
FORMATS = tuple(RENDERERS)
# Readwise's CSV has no place for a bookmark (a highlight needs a passage and a note).
NOTES_ONLY = frozenset({"csv"})
EXTENSIONS = {"md": ".md", "json": ".json", "csv": ".csv", "html": ".html"}

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "NOTES_ONLY",
    "ExportDoc",
    "ExportFailed",
    "ExportScope",
    "ImportCounts",
    "collect",
    "default_filename",
    "export_path",
    "export_text",
    "import_notes",
    "load_document",
    "render",
    "section_markdown",
    "section_text",
    "write_export",
    "written_counts",
]


def written_counts(fmt: str, doc: ExportDoc) -> tuple[int, int]:
    """How many notes and bookmarks an export in `fmt` holds."""
    return len(doc.notes), 0 if fmt in NOTES_ONLY else len(doc.bookmarks)


def render(fmt: str, doc: ExportDoc) -> str:
    """The document in a format (md, json, csv or html); ValueError for another name."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})") from None
    return renderer(doc)


def export_text(
    lib: Library,
    fmt: str = "md",
    scope: ExportScope | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """Collect the notes and bookmarks of `scope` and render them."""
    return render(fmt, collect(lib, scope, now=now))


def default_filename(fmt: str = "md", now: datetime | None = None) -> str:
    """briefing-notes-YYYYMMDD.<ext>, dated today (local time)."""
    day = (now or datetime.now()).strftime("%Y%m%d")
    return f"briefing-notes-{day}{EXTENSIONS.get(fmt, '.txt')}"


class ExportFailed(WriteFailed):
    """An export file that could not be written (nothing was replaced)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        BriefingError.__init__(self, f"could not write {self.path}: {reason}")


def export_path(path: Path | str, fmt: str = "md", now: datetime | None = None) -> Path:
    """Where an export goes: the path with ~ expanded, or the default name inside a folder."""
    target = Path(path).expanduser()
    if target.is_dir():
        return target / default_filename(fmt, now)
    return target


def _file_mode(path: Path) -> int:
    # mkstemp makes the temp file private (0600); an export is an ordinary document, so it
    # gets the mode of the file it replaces, or what the umask gives a new file.
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def write_export(path: Path | str, text: str, *, force: bool = False) -> Path:
    """Write text (UTF-8) atomically; refuse to replace an existing file unless `force`.

    Raises FileExistsError when the file exists and `force` is false, ExportFailed (a
    WriteFailed) on OS errors.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportFailed(path, "it is a folder")
    if not path.parent.is_dir():
        raise ExportFailed(path, f"the folder {path.parent} does not exist")
    if not force and path.exists():
        raise FileExistsError(f"{path} exists (use --force to overwrite)")
    tmp: str | None = None
    try:
        mode = _file_mode(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            # A hard link fails if the name appeared meanwhile, so nothing is clobbered.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExistsError(f"{path} exists (use --force to overwrite)") from None
            except OSError:
                if path.exists():
                    raise FileExistsError(f"{path} exists (use --force to overwrite)") from None
                os.replace(tmp, path)  # file systems without hard links
        fsync_dir(path.parent)
    except FileExistsError:
        raise
    except OSError as exc:
        raise ExportFailed(path, os_reason(exc)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path
