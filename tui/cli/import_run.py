"""What `briefing import` does with its arguments: files, folders (recursively) and `-`."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import BriefingError, Library
from store.errors import ImportFailure, NoArticle
from store.ingest import decode

if TYPE_CHECKING:
    from store.index_feed import IndexFeeder

STDIN = Path("-")


@dataclass
class Outcome:
    """What happened to one input: its format, its briefings, its failure, or why it was
    skipped (read whole, it holds no article: not a failure)."""

    label: str
    format: str = "?"
    results: list[Any] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None


def expand(paths: tuple[Path, ...], library_home: Path | None = None) -> list[Path]:
    """Files to import: each file as given, every file under a folder (sorted, no hidden).

    A folder walk never enters the library's own folder.
    """
    out: list[Path] = []
    skip = library_home.resolve() if library_home is not None else None
    for path in paths:
        if path != STDIN and path.is_dir():
            out.extend(_walk(path, skip))
        else:
            out.append(path)
    return out


def _walk(folder: Path, skip: Path | None) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def import_one(
    library: Library,
    path: Path,
    fmt: str | None,
    replace: bool,
    overrides: dict[str, str] | None = None,
) -> Outcome:
    """Read one input (a file or `-` for standard input) and store its briefings.

    `overrides` (title, date, source) replace what the importer read from the page.
    """
    from store.importing import STDIN_ORIGIN
    from store.ingest.load import load_bytes, load_path

    label = STDIN_ORIGIN if path == STDIN else str(path)
    outcome = Outcome(label)
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(decode.MAX_BYTES + 1)
            loaded = load_bytes(data, STDIN_ORIGIN, fmt)
            origin = STDIN_ORIGIN
        else:
            loaded = load_path(path, fmt)
            origin = path.name
        if overrides:
            loaded = [replace_fields(d, meta={**d.meta, **overrides}) for d in loaded]
        outcome.format = loaded[0].format if loaded else fmt or "?"
        outcome.results = library.import_loaded(loaded, origin=origin, label=label, replace=replace)
    except NoArticle as exc:
        outcome.skipped = str(exc)
        outcome.format = fmt or _sniff(path)
    except ImportFailure as exc:
        outcome.error = str(exc)
        outcome.format = fmt or _sniff(path)
    except BriefingError as exc:
        outcome.error = f"{label}: {exc}"
        outcome.format = fmt or _sniff(path)
    return outcome


def import_paths(
    library: Library,
    paths: list[Path],
    fmt: str | None,
    replace: bool,
    overrides: dict[str, str] | None,
    feeder: IndexFeeder | None,
) -> Iterator[list[Outcome]]:
    """Outcomes batch by batch, in the order given: files are prepared in worker processes
    when there are many, and each batch is stored with one catalog write (store.bulk_pool);
    `-` is read from standard input on its own."""
    from store.bulk_pool import import_files

    files: list[Path] = []
    for path in [*paths, None]:
        if path is not None and path != STDIN:
            files.append(path)
            continue
        for batch in import_files(
            library, files, fmt, replace=replace, overrides=overrides, feeder=feeder
        ):
            yield [
                Outcome(w.label, w.format, [] if w.error else got, w.error, w.skipped)
                for w, got in batch
            ]
        files = []
        if path is not None:
            yield [import_one(library, path, fmt, replace, overrides)]


def _sniff(path: Path) -> str:
    """The detected format of a file that failed, for the summary ('?' if unreadable)."""
    from store.ingest.detect import detect

    if path == STDIN:
        return "?"
    try:
        with path.open("rb") as fh:
            return detect(fh.read(decode.MAX_BYTES + 1))
    except OSError:
        return "?"


def summary(outcomes: list[Outcome]) -> list[str]:
    """One line per format: how many briefings were imported, already there, or failed."""
    by_format: dict[str, Counter[str]] = {}
    for o in outcomes:
        counts = by_format.setdefault(o.format, Counter())
        counts["files"] += 1
        if o.error:
            counts["failed"] += 1
        if o.skipped:
            counts["skipped"] += 1
        for r in o.results:
            counts[r.status] += 1
    lines = []
    for fmt in sorted(by_format):
        c = by_format[fmt]
        parts = [f"{c['files']} file{'s' if c['files'] != 1 else ''}"]
        for key, word in (
            ("imported", "imported"),
            ("replaced", "replaced"),
            ("updated", "updated with new items"),
            ("exists", "already there"),
            ("skipped", "skipped (no article)"),
            ("failed", "failed"),
        ):
            if c[key]:
                parts.append(f"{c[key]} {word}")
        lines.append(f"{fmt}: " + ", ".join(parts))
    return lines


# Files a notice names before it says how many more there are.
SKIPPED_NAMED = 5


def skipped_notice(outcomes: list[Outcome]) -> str | None:
    """One line naming the files skipped for holding no article, or None."""
    skipped = [o.label for o in outcomes if o.skipped]
    if not skipped:
        return None
    names = ", ".join(skipped[:SKIPPED_NAMED])
    more = len(skipped) - SKIPPED_NAMED
    if more > 0:
        names += f" and {more} more"
    files = "file" if len(skipped) == 1 else "files"
    return f"skipped {len(skipped)} {files} with no article to import: {names}"
