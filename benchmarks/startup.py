"""Time from process start to the first painted frame: the reader against a hello-world app.

Each run is a fresh `python` process started headless; the app writes the wall-clock time
of its first frame (Textual's Ready event) and the CPU time it used until then to a file and
exits. Prints medians and the ratios.

    .venv/bin/python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HELLO = """
import os, sys, time
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")

    def on_ready(self):
        with open(os.environ["BENCH_OUT"], "w") as handle:
            handle.write(f"{time.time()!r} {time.process_time()!r}")
        self.exit()

Hello().run(headless=True, size=(100, 32))
"""

# The reader as `briefing` starts it (CLI, library open, app), but headless.
READER = """
import sys
import textual.app

_run = textual.app.App.run
def run(self, *args, **kwargs):
    kwargs.update(headless=True, size=(100, 32))
    return _run(self, *args, **kwargs)
textual.app.App.run = run

from tui.cli import main
main(["--store", sys.argv[1]])
"""


def time_once(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning the process to its first frame, and the CPU seconds it used
    until then (which a busy machine disturbs less than the wall clock)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "paint"
        env = {**env, "BENCH_OUT": str(out), "BRIEFING_BENCH_FIRST_PAINT": str(out)}
        start = time.time()
        subprocess.run(
            [sys.executable, "-c", code, *args],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        painted, cpu = (float(x) for x in out.read_text().split())
        return painted - start, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    opts = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BRIEFING_HOME", None)
    # Installed packages run from compiled bytecode; so should the project's own modules
    # (kept in a scratch cache, not beside the sources).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as store, tempfile.TemporaryDirectory() as pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
        # Seed the library and fill the bytecode cache once, so every run measures an
        # ordinary start, not the first one.
        time_once(READER, [store], env)
        time_once(HELLO, [], env)
        results: dict[str, list[tuple[float, float]]] = {"hello world": [], "briefing reader": []}
        for _ in range(opts.runs):
            # Interleave the two so drift in machine load hits both alike.
            results["hello world"].append(time_once(HELLO, [], env))
            results["briefing reader"].append(time_once(READER, [store], env))
    print(f"{'app':<18}{'runs':>6}{'median ms':>12}{'min ms':>10}{'max ms':>10}{'cpu ms':>10}")
    medians: dict[str, float] = {}
    cpus: dict[str, float] = {}
    for name, rows in results.items():
        walls = [wall for wall, _ in rows]
        medians[name] = statistics.median(walls)
        cpus[name] = statistics.median(cpu for _, cpu in rows)
        print(
            f"{name:<18}{len(rows):>6}{medians[name] * 1000:>12.1f}"
            f"{min(walls) * 1000:>10.1f}{max(walls) * 1000:>10.1f}{cpus[name] * 1000:>10.1f}"
        )
    ratio = medians["briefing reader"] / medians["hello world"]
    cpu_ratio = cpus["briefing reader"] / cpus["hello world"]
    print(f"ratio reader / hello world: {ratio:.2f} to first paint (target ≤ 1.30)")
    print(f"ratio of CPU time to first paint: {cpu_ratio:.2f}")


if __name__ == "__main__":
    main()
