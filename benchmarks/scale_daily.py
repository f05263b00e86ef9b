"""A page a day: pages imported one `briefing import` process each into the scale library, then
how many index segments they left and what a cold common search costs, against before."""

from __future__ import annotations

import fcntl
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from scale_runs import BRIEFING, cold_searches, p95, row, run


def segment_counts(home: Path) -> list[int]:
    """Sections of each segment the index's manifest names."""
    raw = (home / "index" / "index.json").read_bytes()
    start = raw.index(b'"segments":')
    return [s["count"] for s in json.loads(raw[start + 11 : raw.index(b"]", start) + 1])]


def wait_for_index(home: Path, timeout: float = 120) -> None:
    """Until no process merges the index's small segments (what an import left for
    afterwards) nor holds the index's lock."""
    for name in (".tidying.lock", ".lock"):
        _wait_for_lock(home / "index" / name, timeout)


def _wait_for_lock(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)
    finally:
        os.close(fd)


def daily_imports(
    home: Path,
    env: dict[str, str],
    pages: list[Path],
    queries: dict[str, str],
    samples: int,
) -> None:
    """Import each page alone (waiting for what the import leaves for afterwards, as a day
    would), print the segments and the cold searches of the common queries before and after,
    then delete the pages' briefings again with one `briefing rm`."""
    common = {k: v for k, v in queries.items() if k.startswith("common")}
    wait_for_index(home)
    before_segments = segment_counts(home)
    before = cold_searches(home, common, samples, env)
    added, clocks = [], []
    for page in pages:
        dt, proc = run([*BRIEFING, "import", "--json", "--replace", str(page)], env)
        assert proc.returncode == 0, proc.stderr[-2000:]
        clocks.append(dt)
        added += [f["briefing_id"] for f in json.loads(proc.stdout)["files"]]
        wait_for_index(home)
    after_segments = segment_counts(home)
    after = cold_searches(home, common, samples, env)
    n = len(pages)
    med = statistics.median(clocks)
    row(f"add one page, {n} days in a row", f"{med * 1000:.0f} ms", "<= 300 ms", med <= 0.3)
    row(
        f"index segments after {n} one-page imports",
        f"{len(before_segments)} -> {len(after_segments)}",
        "few (small ones merged)",
        None,
    )
    print(f"  segment sizes after: {after_segments}", flush=True)
    for name in common:
        was, now = p95(before[name][2]) * 1000, p95(after[name][2]) * 1000
        shown = f"{was:.1f} -> {now:.1f} ms cpu"
        row(f"search {name} cold p95, after the pages", shown, "<= 10 ms", now <= 10)
    dt, proc = run([*BRIEFING, "rm", "--yes", *dict.fromkeys(added)], env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    print(f"  the {n} pages deleted again with one briefing rm ({dt * 1000:.0f} ms)", flush=True)


def generated_pages(work: Path, count: int, make: Callable[[int], str]) -> list[Path]:
    """`count` pages written under work/daily by `make(n)`."""
    folder = work / "daily"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(count):
        path = folder / f"day-{n:04d}.txt"
        path.write_text(make(n), encoding="utf-8")
        out.append(path)
    return out
