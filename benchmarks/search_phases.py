"""Cold in-process search on a library you already have, and where its CPU time goes.

python benchmarks/search_phases.py HOME [QUERY ...] [--runs 15] [--phases] [--top 14]

HOME is a library folder (BRIEFING_HOME): point it at a copy, as a search first brings the
index up to date with the catalog. Each sample opens every segment afresh (a new view, as the
scale benchmark's in-process search does: header checks only, nothing kept in the segments)
and times one search, by the clock and by this process's CPU time, which a shared machine's
load changes far less. Without queries it runs the generated pages' common and rare ones.
Unlike the scale benchmark, whose every sample is the first search of its query in a process
of its own, the samples here repeat a query in one process: all but the first find what the
first left in the process (its snippets' character widths, its results' rows), so they time a
little less than a query searched the first time.

--phases runs the samples again under cProfile and prints, per search, the CPU of the search
functions that took the most (cumulative, profiler overhead included, so read them as shares).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gen_pages import COMMON, RARE  # noqa: E402

from store import open_library  # noqa: E402
from store.search import index, search  # noqa: E402


def cold(lib) -> None:
    """Forget every opened segment and the view, as a new process would start."""
    h = index.handle(lib.home)
    with h.mutex:
        h.opened.clear()
        h.view, h.stamp = None, ()
        view = h.load()
    if view is not None:
        view.checked = True  # the catalog check is a process's cost, timed elsewhere


def p95(samples: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(lib, query: str, runs: int) -> tuple[int, list[float], list[float]]:
    """Total and the clock and CPU seconds of `runs` cold searches."""
    clock, cpu, total = [], [], 0
    for _ in range(runs):
        cold(lib)
        t, c = time.perf_counter(), time.process_time()
        total = search(lib, query, limit=20).total
        clock.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return total, clock, cpu


def phases(lib, query: str, runs: int, top: int) -> tuple[list[tuple[str, float]], dict]:
    """Per search, under cProfile: the search functions with the most cumulative CPU, and the
    CPU spent in each module's own code (C calls counted with the module calling them)."""
    prof = cProfile.Profile(time.process_time)
    for _ in range(runs):
        cold(lib)
        prof.enable()
        search(lib, query, limit=20)
        prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    rows, own = [], {}
    for (path, line, name), (_cc, _nc, tt, cum, callers) in stats.items():
        if "/store/" in path:
            if not name.startswith("<") and name != "search":
                rows.append((f"{Path(path).stem}.{name}:{line}", cum / runs))
            own[Path(path).stem] = own.get(Path(path).stem, 0.0) + tt / runs
        elif path == "~":  # a C function: its time goes to the module of its first caller
            caller = next(iter(callers), ("?", 0, ""))[0]
            key = Path(caller).stem if "/store/" in caller else "other"
            own[key] = own.get(key, 0.0) + tt / runs
    rows.sort(key=lambda r: -r[1])
    return rows[:top], dict(sorted(own.items(), key=lambda kv: -kv[1])[:top])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("queries", nargs="*")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--phases", action="store_true")
    parser.add_argument("--top", type=int, default=14)
    args = parser.parse_args()
    queries = args.queries or [*COMMON.values(), *RARE.values()]
    lib = open_library(args.home, seed=False)
    index.sync(lib)
    print(f"cold in-process search, {args.runs} samples each, ms (clock / cpu)")
    heads = ("total", 8), ("clock med", 10), ("clock p95", 10), ("cpu med", 8), ("cpu p95", 8)
    print(f"{'query':<20} " + " ".join(f"{name:>{width}}" for name, width in heads))
    for query in queries:
        search(lib, query)  # code paths warmed once, as in a process that searched before
        total, clock, cpu = timed(lib, query, args.runs)
        print(
            f"{query:<20} {total:>8} {statistics.median(clock) * 1e3:>10.1f} "
            f"{p95(clock) * 1e3:>10.1f} {statistics.median(cpu) * 1e3:>8.1f} {p95(cpu) * 1e3:>8.1f}"
        )
        if args.phases:
            cumulative, own = phases(lib, query, args.runs, args.top)
            for name, seconds in cumulative:
                print(f"    {seconds * 1e3:7.2f} ms  {name}")
            print(
                "    own time by module: " + ", ".join(f"{k} {v * 1e3:.2f}" for k, v in own.items())
            )


if __name__ == "__main__":
    main()
