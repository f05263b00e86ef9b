"""A folder import's index records handed to the search index a segment's worth at a time, so
the first search after a large import finds the index up to date."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import BriefingError

if TYPE_CHECKING:
    from store.bulk import Stored
    from store.library import Library
    from store.search.segbuild import StreamedSegment

# The most sections a segment of a folder import holds: as many as a segment can
# (`segment.MAX_SPAN`). A cold search of a common term costs a roaring container per text offset
# per segment, whatever the segment's size, so each segment is filled before the next is begun:
# at 100k sections, 2 segments rather than 3 cut the CPU of cold common 4- and 8-character
# searches by 10 to 20%, for the same import CPU (the last segment's write, which the import's
# end waits for, grows with what is left after the full ones: a second or two more at 100k).
BULK_CAP = 1 << 16
# A new index begins with the catalog's other briefings (a new library's shipped briefing)
# when they hold at most this many sections, rather than leave them a small segment of their
# own that every search would open.
OTHERS_CAP = 4096


class IndexFeeder:
    """Hands stored briefings' records to the search index, a segment's worth at a time.

    With `parallel`, each batch's records go at once to a process building the current
    segment (`segbuild.StreamedSegment`), so segments grow while the import goes on and
    its end waits only for the last records and the last segment's write; the index lock is
    held from the first batch until `flush()` names every segment in the manifest (a search
    meanwhile waits, then finds the index up to date).
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
        # The catalog's stamps around each change whose briefings are pending, and whether
        # every briefing those changes stored is among them (then the index may take the
        # catalog's stamp as its own: see upkeep.apply).
        self._changes: list[tuple[list[int], list[int]]] = []
        self._whole = True

    def add(self, stored: list[Stored]) -> None:
        """Take the records of what a batch stored; index them once there are enough."""
        from store.search.upkeep import BATCH

        took = getattr(self.lib.catalog, "take_change", None)
        change = took() if took is not None else None
        if change is not None:
            self._changes.append(change)
        for s in stored:
            if s.row is not None and s.records is not None:
                self.pending.append((s.row["id"], s.row, s.records))
                self.sections += len(s.records)
            elif s.result.status != "exists":
                self._whole = False
        if self.sections >= BATCH or (self.parallel and self.pending):
            self._send()

    def flush(self) -> None:
        """Index everything taken; on failure the next search catches up with the catalog."""
        self._send()
        self._finish()

    def _send(self) -> None:
        pending, self.pending, self.sections = self.pending, [], 0
        changes = self._changes if self._whole else []
        self._changes, self._whole = [], True
        if not pending:
            return
        with contextlib.suppress(BriefingError, OSError):
            if self.parallel and self._hold(pending):
                self._stream_records(pending)
                return
            from store.search.index import add_records

            add_records(self.lib, pending, changes)
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
                # A new index: these segments start it, with what else the catalog lists when
                # it is little (in a new library, the shipped briefing); more is left to the
                # full check at the end.
                man = h.start_over()
                pending[:0] = self._others(pending)
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

    def _others(self, pending: list[tuple[str, dict[str, Any], list[Any]]]) -> list[Any]:
        """The catalog's briefings other than these, with their records, in the catalog's
        order; none when they are many or any cannot be read (the full check then adds them)."""
        from store.search import postings

        mine = {bid for bid, _, _ in pending}
        try:
            rows = [row for bid, row in self.lib.catalog.state().items() if bid not in mine]
            if sum(int(row.get("section_count", 0)) for row in rows) > OTHERS_CAP:
                return []
            got = [
                (row["id"], row, [postings.record(s) for s in self.lib.iter_sections(row["id"])])
                for row in rows
            ]
            return [entry for entry in got if entry[2]]
        except (BriefingError, OSError, KeyError, TypeError, ValueError):
            return []

    def _stream_records(self, pending: list[tuple[str, dict[str, Any], list[Any]]]) -> None:
        """Send records to the segment being built, cutting it when it is full."""
        try:
            self._feed(pending)
        except BaseException:
            self._broken = True
            raise

    def _feed(self, pending: list[tuple[str, dict[str, Any], list[Any]]]) -> None:
        from store.search.segbuild import StreamedSegment

        # Each briefing's records as they came (packed by a worker: handed on unread).
        recs: list[Any] = []
        held = 0  # records in recs
        for entry in pending:
            if self._stream is None:
                self._stream, self._members = StreamedSegment(), []
            elif self._stream.count + held + len(entry[2]) > BULK_CAP:
                # A briefing never straddles two segments: it begins the next one.
                self._stream.add(recs)
                recs, held = [], 0
                self._cut()
                self._stream, self._members = StreamedSegment(), []
            self._members.append(entry)
            recs.append(entry[2])
            held += len(entry[2])
            if self._stream.count + held >= BULK_CAP:  # full: its builder may write it now
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
            # Then segments of one size tier merge (this import's and earlier ones'), as a
            # full check merges them: a library grown by many folder imports is searched in
            # a few segments rather than one per import.
            named = list(man.segments)
            h.compact(man, purge=False)
            if man.segments != named:
                h.write_manifest(man)
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
