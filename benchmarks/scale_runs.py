"""Whole `briefing` processes timed for the scale benchmark, and the rows of its table."""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scale_probes import IN_PROCESS
from startup import HELLO, READER, READER_TEXT, time_once

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = [str(Path(sys.executable).parent / "briefing")]


def run(cmd: list[str], env: dict[str, str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, **kw)
    return time.perf_counter() - t, proc


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def first_byte(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the first byte of output and to the end of the process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.read(1)
    first = time.perf_counter() - t
    proc.stdout.read()
    proc.wait()
    return first, time.perf_counter() - t


def cold_searches(
    home: Path, queries: dict[str, str], samples: int, env: dict[str, str]
) -> dict[str, tuple[list[float], int, list[float]]]:
    """At least `samples` cold in-process searches of each query, clock and CPU seconds.

    A sample is the first search of its query in a process that searched another query
    before: repeating a query in one process would time all but its first search with the
    caches its first filled (the widths of its snippets' characters, the rows its results
    named, the heap it grew). Each round is a process; the rounds rotate the queries, and the
    last of a round's order is its untimed first search (a lone query is searched untimed
    first itself, so its samples are warm, not cold).
    """
    items = list(queries.items())
    n = len(items)
    rounds = samples if n < 2 else math.ceil(samples * n / (n - 1))
    out: dict[str, tuple[list[float], int, list[float]]] = {}
    for r in range(rounds):
        order = items[r % n :] + items[: r % n]
        if n < 2:
            order = order + order  # nothing else to search first
        _, proc = run([sys.executable, "-c", IN_PROCESS, str(home), json.dumps(order)], env)
        assert proc.returncode == 0, proc.stderr[-2000:]
        for name, (clock, total, cpu) in json.loads(proc.stdout).items():
            clocks, _total, cpus = out.setdefault(name, ([], total, []))
            clocks.append(clock)
            cpus.append(cpu)
    return out


def paint(code: str, args: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning the process to its first frame."""
    return time_once(code, args, env)[0]


def search_keeps_segments(home: Path, env: dict[str, str], query: str) -> tuple[float, bool]:
    """Seconds of a whole `briefing search`, and whether the biggest index segment survived
    it (a rebuild writes every segment anew; a small merge may replace small ones)."""
    segments = sorted((home / "index").glob("seg-*"), key=lambda p: p.stat().st_size)
    seconds, proc = run([*BRIEFING, "search", "--json", query], env)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return seconds, bool(segments) and segments[-1].exists()


def paint_ratio(name: str, library: Path, target: float, runs: int, env: dict[str, str]) -> None:
    """First paint of the reader over a library against the minimal app, interleaved: the
    first frame (Ready), and the first frame that shows the section's text."""
    hello, reader, text = [], [], []
    for _ in range(runs):
        hello.append(paint(HELLO, [], env))
        reader.append(paint(READER, [str(library)], env))
        text.append(paint(READER_TEXT, [str(library)], env))
    med = statistics.median
    for label, times in ((name, reader), ("  the same, once its text is shown", text)):
        ratio = med(times) / med(hello)
        row(
            label,
            f"{med(times) * 1000:.0f}/{med(hello) * 1000:.0f} ms = {ratio:.2f}x",
            f"<= {target:.2f}x",
            ratio <= target,
        )


def row(name: str, value: str, target: str, ok: bool | None) -> None:
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    print(f"{name:<44}{value:>22}   {target:<28}{verdict}", flush=True)
