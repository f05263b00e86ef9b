"""A folder of files into the library: prepared in worker processes, stored batch by batch.

Workers read, parse, serialise and fold each file (`store.bulk.prepare_file`) on every core;
this process stores their briefings in batches (`Library.store_prepared`, one catalog write and
one group of syncs each) and hands their index records to the search index a segment at a time,
so the first search after a large import finds the index up to date.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.bulk import FileWork, Stored, prepare_file
from store.errors import BriefingError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from store.library import Library
    from store.search.segbuild import StreamedSegment

# Fewer files than this are read in this process: starting workers would cost more.
POOL_MIN_FILES = 16
# Files handed to the workers ahead of the one taken next, and their bytes on disk (bounds
# the memory in flight). Enough to keep every worker busy while this process stores a whole
# batch: with less, the workers ran out of files during each batch's writes and syncs.
AHEAD = 512
AHEAD_BYTES = 32 * 2**20
# A batch is stored once it holds this many files or this many bytes of section files.
BATCH_FILES = 256
BATCH_BYTES = 24 * 2**20
# A segment of a planned import may hold up to this many times the sections still to come:
# its write (after it is cut) then overlaps the storing of those, so the import's end waits
# only for the last, small segments, while the first ones are large (a search's cost grows
# with the number of segments, not with their size).
GROW = 2
# The most sections a segment of a planned import holds (as many as a segment can): a
# segment's write sorts its places, so twice the sections cost a little more than twice the
# time and its builder's memory doubles, but a cold search of a common term costs per segment.
# At 100k sections, 3 segments rather than 7 or 8 cost the same import CPU and end as soon
# after the last file is stored (runs on a loaded machine), for about twice the builder's
# peak memory.
BULK_CAP = 1 << 16


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
    ahead: deque[tuple[Future[FileWork], int]] = deque()
    in_flight = 0
    with ProcessPoolExecutor(count, initializer=end_with, initargs=(os.getpid(),)) as pool:
        while todo or ahead:
            # At least one file is always in flight, however large.
            while todo and (not ahead or (len(ahead) < AHEAD and in_flight < AHEAD_BYTES)):
                path = todo.popleft()
                size = _size(path)
                ahead.append((pool.submit(prepare_file, path, fmt, overrides, fold), size))
                in_flight += size
            future, size = ahead.popleft()
            in_flight -= size
            try:
                work = future.result()
            except BrokenProcessPool as exc:
                raise BriefingError("a worker process of the import stopped") from exc
            yield work


def _size(path: Path) -> int:
    """A file's size on disk (0 when it cannot be told: the worker says why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class IndexFeeder:
    """Hands stored briefings' records to the search index, a segment's worth at a time.

    With `parallel`, each batch's records go at once to a process building the current
    segment (`segbuild.StreamedSegment`), so segments grow while the import goes on and
    its end waits only for the last records; the index lock is held from the first batch
    until `flush()` names every segment in the manifest (a search meanwhile waits, then
    finds the index up to date).
    """

    def __init__(self, lib: Library, *, parallel: bool = False) -> None:
        self.lib = lib
        self.parallel = parallel
        self.pending: list[tuple[str, dict[str, Any], list[Any]]] = []
        self.sections = 0
        self.indexed: set[str] = set()
        self._held: Any = None  # (index handle, manifest) while segments are being built
        self._stream: StreamedSegment | None = None  # the segment taking records
        self._members: list[tuple[str, dict[str, Any], list[Any]]] = []  # its briefings
        self._builds: list[tuple[StreamedSegment, Path, int, list[str]]] = []
        self._broken = False  # a batch failed to reach its builder
        # The import's plan: bytes of the files it was given and of those stored so far, and
        # the sections taken from them (to tell how many sections are still to come).
        self._bytes = [0, 0]
        self._taken = 0

    def plan(self, total_bytes: int) -> None:
        """Expect files of this many bytes more (sizes the segments of a parallel import)."""
        self._bytes[0] += total_bytes

    def add(self, stored: list[Stored], done_bytes: int = 0) -> None:
        """Take the records of what a batch stored (from files of `done_bytes` of those
        planned); index them once there are enough."""
        from store.search.upkeep import BATCH

        self._bytes[1] += done_bytes
        for s in stored:
            if s.row is not None and s.records is not None:
                self.pending.append((s.row["id"], s.row, s.records))
                self.sections += len(s.records)
                self._taken += len(s.records)
        if self.sections >= BATCH or (self.parallel and self.pending):
            self._send()

    def flush(self) -> None:
        """Index everything taken; on failure the next search catches up with the catalog."""
        self._send()
        self._finish()

    def _send(self) -> None:
        pending, self.pending, self.sections = self.pending, [], 0
        if not pending:
            return
        with contextlib.suppress(BriefingError, OSError):
            if self.parallel and self._hold(pending):
                self._stream_records(pending)
                return
            from store.search.index import add_records

            add_records(self.lib, pending)
            self.indexed.update(bid for bid, _, _ in pending)

    def _hold(self, pending: list[tuple[str, dict[str, Any], list[Any]]]) -> bool:
        """Take the index lock and its manifest; False (lock not kept) when there is none."""
        if self._held is not None:
            return True
        from store.search import upkeep
        from store.search.index import handle

        h = handle(self.lib.home)
        h.mutex.acquire()
        try:
            h.prepare()
            h.lock.acquire()
        except BaseException:
            h.mutex.release()
            raise
        try:
            man = h.read_manifest()
            if man is None:
                # A new index: these segments start it; the next search adds what else the
                # catalog lists (in a new library, the shipped briefing).
                man = h.start_over()
            elif h.unreadable(man):
                # Damage: a full check mends it, using these records rather than reading.
                made = {bid: (row, recs) for bid, row, recs in pending}
                upkeep.apply(self.lib, h, list(made), [], made)
                self.indexed.update(made)
                pending.clear()
                man = h.read_manifest()
                if man is None:
                    raise OSError("the index has no manifest")
        except BaseException:
            h.lock.release()
            h.mutex.release()
            raise
        self._held = (h, man)
        return True

    def _stream_records(self, pending: list[tuple[str, dict[str, Any], list[Any]]]) -> None:
        """Send records to the segment being built, cutting it when it is full."""
        try:
            self._feed(pending)
        except BaseException:
            self._broken = True
            raise

    def _feed(self, pending: list[tuple[str, dict[str, Any], list[Any]]]) -> None:
        from store.search.folder import MERGE_CAP
        from store.search.segbuild import StreamedSegment
        from store.search.segment import MAX_SPAN

        # At least as large as merges leave alone; larger while many sections are still to
        # come, so the next segments' builders and the workers cover the write of this one.
        total, done = self._bytes
        coming = sum(len(entry[2]) for entry in pending) if total else 0
        if done and total > done:  # the files not stored yet, at the sections per byte so far
            coming += self._taken * (total - done) // done
        # Each briefing's records as they came (packed by a worker: handed on unread).
        recs: list[Any] = []
        held = 0  # records in recs
        for entry in pending:
            coming -= len(entry[2])
            # The last segment takes what little is left rather than leave a tiny one.
            size = (
                max(MERGE_CAP, min(BULK_CAP, GROW * coming))
                if coming >= MERGE_CAP // 4
                else MAX_SPAN
            )
            if self._stream is None:
                self._stream, self._members = StreamedSegment(), []
            elif self._stream.count + held + len(entry[2]) > MAX_SPAN:
                self._stream.add(recs)
                recs, held = [], 0
                self._cut()
                self._stream, self._members = StreamedSegment(), []
            self._members.append(entry)
            recs.append(entry[2])
            held += len(entry[2])
            if self._stream.count + held >= size:
                self._stream.add(recs)
                recs, held = [], 0
                self._cut()
        if recs and self._stream is not None:
            self._stream.add(recs)

    def _cut(self) -> None:
        """Give the segment being built its ordinals and file; its builder then writes it."""
        stream, members = self._stream, self._members
        self._stream, self._members = None, []
        if stream is None or not stream.count:
            if stream is not None:
                stream.stop()
            return
        h, man = self._held
        path, first = h.reserve_segment(man, stream.count)
        at = first
        for bid, row, rs in members:
            man.drop_briefing(bid)
            man.add_briefing(bid, at, rs, row)
            at += len(rs)
        stream.finish(path, first)
        self._builds.append((stream, path, stream.count, [bid for bid, _, _ in members]))

    def _finish(self) -> None:
        """Wait for the segments being built, then name them all in one manifest write."""
        if self._held is None:
            return
        from store.search import upkeep
        from store.search.segfile import SegmentDamaged

        h, man = self._held
        try:
            if self._broken:  # some records never reached a builder: name nothing
                raise OSError("the index was not given every record")
            self._cut()
            for stream, _path, _count, _ids in self._builds:
                stream.wait()  # any failure: the manifest stays as it was
            for _stream, path, count, _ids in self._builds:
                h.adopt_segment(man, path, count)
            h.write_manifest(man)
            self.indexed.update(bid for *_, ids in self._builds for bid in ids)
            # Whatever else the catalog lists (in a new library, the shipped briefing) is
            # indexed now and the manifest stamped with the catalog, as a search would do:
            # the first search after the import finds nothing to check or build.
            upkeep.full_sync(self.lib, h)
        except (BriefingError, OSError, SegmentDamaged):
            pass  # the next search finds the catalog ahead of the index and catches up
        finally:
            streams = [b[0] for b in self._builds] + ([self._stream] if self._stream else [])
            self._builds, self._stream, self._members, self._held = [], None, [], None
            for stream in streams:
                stream.stop()
            h.lock.release()
            h.mutex.release()


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
    # What the files weigh tells the index how many sections are still to come.
    weights = [_weight(p) for p in paths] if feeder is not None else [0] * len(paths)
    if feeder is not None:
        feeder.plan(sum(weights))
    done = 0
    for work, weight in zip(
        prepared(paths, fmt, overrides, fold=feeder is not None), weights, strict=True
    ):
        batch.append(work)
        done += weight
        size += sum(len(p.sections) for p in work.briefings)
        if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
            yield _store(lib, batch, replace, feeder, done)
            batch, size, done = [], 0, 0
    if batch:
        yield _store(lib, batch, replace, feeder, done)


def _weight(path: Path) -> int:
    """A file's size in bytes (0 when it cannot be read: its import says why)."""
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


def _store(
    lib: Library,
    batch: list[FileWork],
    replace: bool,
    feeder: IndexFeeder | None,
    weight: int = 0,
) -> list[tuple[FileWork, list[Any]]]:
    items = [p for work in batch for p in work.briefings]
    try:
        stored = lib.store_prepared(items, replace=replace, heads=False) if items else []
    except BriefingError as exc:  # the store could not be written: the whole batch failed
        for work in batch:
            if work.error is None and work.briefings:
                work.error = f"{work.label}: {exc}"
        if feeder is not None:
            feeder.add([], weight)  # its bytes are no longer to come
        return [(work, []) for work in batch]
    if feeder is not None:
        feeder.add(stored, weight)
    out: list[tuple[FileWork, list[Any]]] = []
    at = 0
    for work in batch:
        n = len(work.briefings)
        out.append((work, [s.result for s in stored[at : at + n]]))
        at += n
    return out
