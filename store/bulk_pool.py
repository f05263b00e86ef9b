"""A folder of files into the library: prepared in worker processes, stored batch by batch.

Workers read, parse, serialise and fold each file (`store.bulk.prepare_file`) on every core;
this process stores their briefings in batches (`Library.store_prepared`, one catalog write and
one group of syncs each) and hands their index records to the search index a segment at a time
(`store.index_feed.IndexFeeder`), so the first search after a large import finds the index up
to date.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.bulk import FileWork, prepare_file
from store.errors import BriefingError, WriteFailed

if TYPE_CHECKING:
    from concurrent.futures import Future

    from store.index_feed import IndexFeeder
    from store.library import Library

# Fewer files than this are read in this process: starting workers would cost more.
POOL_MIN_FILES = 16
# Files handed to the workers ahead of the one taken next, and their bytes on disk (bounds
# the memory in flight). Enough to keep every worker busy while this process stores a whole
# batch: with less, the workers ran out of files during each batch's writes and syncs.
AHEAD = 512
AHEAD_BYTES = 32 * 2**20
# Files a worker is handed at once, up to a size: each task and its answer cost this process
# a wake-up, a poll and a few reads whatever their size (about a third of a millisecond of
# CPU a file, when files went one at a time).
CHUNK_FILES = 8
CHUNK_BYTES = 256 * 2**10
# A batch is stored once it holds this many files or this many bytes of section files.
BATCH_FILES = 256
BATCH_BYTES = 24 * 2**20


def workers() -> int:
    """How many worker processes: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def prepared(
    paths: list[Path], fmt: str | None, overrides: dict[str, str] | None, fold: bool
) -> Iterator[FileWork]:
    """Each file prepared, in the order given (in worker processes when there are many)."""
    count = workers()
    if len(paths) < POOL_MIN_FILES or count < 2:
        for path in paths:
            yield prepare_file(path, fmt, overrides, fold)
        return
    # Loaded here: a single file never pays for the process machinery.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Loaded before the workers start: forked workers then share it instead of each
    # importing and compiling the parser's rules again.
    import store.ingest.load

    if fold:
        import store.search.postings  # noqa: F401

    from store.search.segbuild import end_with

    todo = deque(paths)
    ahead: deque[tuple[Future[list[FileWork]], int, int]] = deque()
    files = size = 0  # handed out and not taken yet
    with ProcessPoolExecutor(count, initializer=end_with, initargs=(os.getpid(),)) as pool:
        while todo or ahead:
            # At least one chunk is always in flight, however large its files.
            while todo and (not ahead or (files < AHEAD and size < AHEAD_BYTES)):
                chunk, weight = _chunk(todo)
                future = pool.submit(prepare_files, chunk, fmt, overrides, fold)
                ahead.append((future, len(chunk), weight))
                files, size = files + len(chunk), size + weight
            future, n, weight = ahead.popleft()
            files, size = files - n, size - weight
            try:
                works = future.result()
            except BrokenProcessPool as exc:
                raise BriefingError("a worker process of the import stopped") from exc
            yield from works


def _chunk(todo: deque[Path]) -> tuple[list[Path], int]:
    """The next files for one worker's task (taken from todo) and their bytes on disk."""
    chunk: list[Path] = []
    weight = 0
    while todo and len(chunk) < CHUNK_FILES and weight < CHUNK_BYTES:
        path = todo.popleft()
        chunk.append(path)
        weight += _size(path)
    return chunk, weight


def prepare_files(
    paths: list[Path], fmt: str | None, overrides: dict[str, str] | None, fold: bool
) -> list[FileWork]:
    """Prepare files one after another (one worker's task)."""
    return [prepare_file(path, fmt, overrides, fold) for path in paths]


def _size(path: Path) -> int:
    """A file's size on disk (0 when it cannot be told: its import says why)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return 0


def import_files(
    lib: Library,
    paths: list[Path],
    fmt: str | None = None,
    *,
    replace: bool = False,
    overrides: dict[str, str] | None = None,
    feeder: IndexFeeder | None = None,
) -> Iterator[list[tuple[FileWork, list[Any]]]]:
    """Import files batch by batch; yields each batch's files with their ImportResults.

    A stored briefing's result carries its section count, not its section heads (the library
    reads those from its head file). A file that failed has its `error` set and no results.
    With a `feeder`, the stored briefings' records go to the search index (call
    `feeder.flush()` at the end).
    """
    batch: list[FileWork] = []
    size = 0
    for work in prepared(paths, fmt, overrides, fold=feeder is not None):
        batch.append(work)
        size += sum(len(p.sections) for p in work.briefings)
        if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
            yield _store(lib, batch, replace, feeder)
            batch, size = [], 0
    if batch:
        yield _store(lib, batch, replace, feeder)


def _store(
    lib: Library,
    batch: list[FileWork],
    replace: bool,
    feeder: IndexFeeder | None,
) -> list[tuple[FileWork, list[Any]]]:
    items = [p for work in batch for p in work.briefings]
    try:
        stored = lib.store_prepared(items, replace=replace, heads=False) if items else []
    except BriefingError as exc:  # the store could not be written: the whole batch failed
        # One write failing fails the batch; its message names that write's file, which is
        # some other file's briefing, so each file says why it was not stored instead.
        reason = exc.reason if isinstance(exc, WriteFailed) else None
        for work in batch:
            if work.error is None and work.briefings:
                work.error = (
                    f"{work.label}: {exc}"
                    if reason is None
                    else f"{work.label}: not imported: the library could not be written"
                    f" ({reason}); the library is intact"
                )
        return [(work, []) for work in batch]
    if feeder is not None:
        feeder.add(stored)
    out: list[tuple[FileWork, list[Any]]] = []
    at = 0
    for work in batch:
        n = len(work.briefings)
        out.append((work, [s.result for s in stored[at : at + n]]))
        at += n
    return out
