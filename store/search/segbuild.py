"""A segment built by a process of its own while an import still hands it records.

`StreamedSegment` starts the process; `add` sends it records as they are stored (it adds
them to the segment's gram tables at once, `grams.Built.add`), `finish` names the file and the
first ordinal once the segment is full, and `wait` says whether the file was written. So
at the end of an import only the last records and the writing remain, not a whole build.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.search.postings import Record

# Seconds between checks that the importing process still lives.
POLL = 1.0


class BuildFailed(OSError):
    """A segment builder that stopped, or failed to write its segment."""


class StreamedSegment:
    """One segment being built in a process of its own from records sent to it."""

    def __init__(self) -> None:
        """Start the builder process."""
        ctx = multiprocessing.get_context()
        self._queue: Any = ctx.Queue()
        self._result, child_end = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(
            target=_serve, args=(self._queue, child_end, os.getpid()), daemon=True
        )
        self._proc.start()
        child_end.close()  # so a builder that dies reads as the end of the pipe
        self.count = 0

    def add(self, parts: list[Sequence[Record]]) -> None:
        """Send records, at the next local indexes, in parts (each briefing's, say); pickled
        here, so the queue then holds bytes, and a part packed by a worker
        (`postings.PackedRecords`) goes as the bytes it came in."""
        self._queue.put(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL))
        self.count += sum(map(len, parts))

    def finish(self, path: Path, first: int) -> None:
        """Tell the builder to write its segment at `path` for ordinals first, first + 1, ..."""
        self._queue.put((str(path), first))

    def wait(self) -> None:
        """Wait until the segment is written; raises BuildFailed when it was not."""
        try:
            error = self._result.recv()
        except EOFError:
            error = "the segment builder stopped"
        finally:
            self._result.close()
        self._proc.join()
        self._queue.close()
        if error is not None:
            raise BuildFailed(error)

    def stop(self) -> None:
        """End the builder, whatever it is doing (a segment it wrote is never named)."""
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join()
        with contextlib.suppress(OSError):
            self._result.close()
        self._queue.close()
        self._queue.cancel_join_thread()


def end_with(parent: int) -> None:
    """In a child process of an import: exit once the import is gone.

    A killed import never says so, and a child waiting on a queue it shares with it (forked
    children hold both ends) would wait for ever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _serve(source: Any, result: Any, parent: int) -> None:
    """The builder process: add records until told where to write the segment."""
    from pyroaring import BitMap

    from store.search import grams, segwrite

    end_with(parent)  # nobody would name the segment of an import that is gone
    built = grams.Built(sort=True)  # a folder import's segment: large enough to sort
    ids: list[str] = []
    heads: list[int] = []
    edits: list[bytes] = []
    try:
        while True:
            item = source.get()
            if isinstance(item, bytes):
                parts: list[Sequence[Record]] = pickle.loads(item)
                recs = [r for part in parts for r in part]
                built.add([r.text for r in recs], [r.head_len for r in recs])
                ids.extend(r.id for r in recs)
                heads.extend(r.head_len for r in recs)
                edits.extend(r.edits for r in recs)
                continue
            path, first = item
            ords = BitMap(range(first, first + len(ids)))
            segwrite.write_built(Path(path), first, ords, ids, built, heads, edits)
            result.send(None)
            return
    except Exception as exc:
        with contextlib.suppress(OSError, ValueError):
            result.send(f"{type(exc).__name__}: {exc}")
