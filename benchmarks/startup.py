"""Time from process start to the first painted frame: the reader against a minimal app.

Each run is a fresh `python` process started headless; the app writes the wall-clock time
of its first frame (Textual's Ready event) and the CPU time it used until then to a file and
exits. The minimal Textual app, the reader with only the shipped briefing and, given
`--library`, the reader over that library run interleaved, so drift in machine load hits them
alike; the table gives medians, the ratios to the minimal app beside their targets, and each
process's peak memory. With a library, the reader also runs once for `--settle` seconds after
its first frame (the outline fills in the background) and its peak RSS is reported.
A second table times short command-line processes against a bare Python start.

    .venv/bin/python benchmarks/startup.py [--runs 15] [--library DIR] [--settle 3]
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

# The reader until the first frame that shows the section's text, should the reading pane be
# drawn blank at first: the clock stops as soon as a frame in which a line of the typeset
# section was drawn has been written.
READER_TEXT = READER.replace(
    "from tui.cli import main",
    "import os, time\n"
    "_out = os.environ.pop('BRIEFING_BENCH_FIRST_PAINT')\n"
    "from tui.widgets.section_paint import SectionPainter\n"
    "_render_line, _drawn, _done = SectionPainter.render_line, [], []\n"
    "def _render_and_watch(self, y):\n"
    "    if self._layout is not None and self._layout.lines:\n"
    "        _drawn.append(y)\n"
    "    return _render_line(self, y)\n"
    "SectionPainter.render_line = _render_and_watch\n"
    "_display = textual.app.App._display\n"
    "def _display_and_stop(self, screen, update):\n"
    "    _display(self, screen, update)\n"
    "    if _drawn and not _done:\n"
    "        _done.append(True)\n"
    "        with open(_out, 'w') as handle:\n"
    "            handle.write(f'{time.time()!r} {time.process_time()!r}')\n"
    "        self.exit()\n"
    "textual.app.App._display = _display_and_stop\n"
    "from tui.cli import main",
)

# The reader left running for SETTLE seconds after its first frame, for its memory once the
# work it does after the first frame is done.
SETTLED_READER = READER.replace(
    "from tui.cli import main",
    "import os\n"
    "import tui.app\n"
    "def _settle(self):\n"
    "    self.set_timer(float(os.environ['SETTLE']), self.exit)\n"
    "tui.app.BriefingApp.on_ready = _settle\n"
    "from tui.cli import main",
)

# Targets of the ratio to the minimal app.
SHIPPED_TARGET = 1.15
LIBRARY_TARGET = 1.30
RSS_TARGET_MB = 300


def spawn(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run a process to its end: seconds of wall clock, its peak RSS in MB, its CPU seconds."""
    start = time.time()
    proc = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args)
    # ru_maxrss is in KiB on Linux.
    return time.time() - start, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds from spawning the process to its first frame, the CPU seconds it used until
    then (which a busy machine disturbs less than the wall clock), and its peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "paint"
        env = {**env, "BENCH_OUT": str(out), "BRIEFING_BENCH_FIRST_PAINT": str(out)}
        start = time.time()
        _, rss, _ = spawn([sys.executable, "-c", code, *args], env)
        painted, cpu = (float(x) for x in out.read_text().split())
        return painted - start, cpu, rss


def time_once(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the first frame and CPU seconds until then (see `measure`)."""
    wall, cpu, _ = measure(code, args, env)
    return wall, cpu


def bench_env() -> dict[str, str]:
    """The environment of every measured process: this checkout first on the path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BRIEFING_HOME", None)
    # Installed packages run from compiled bytecode; so should the project's own modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def paint_table(opts: argparse.Namespace, env: dict[str, str], shipped: str) -> None:
    """First paint of the minimal app and the reader(s), interleaved."""
    apps: dict[str, tuple[str, list[str]]] = {
        "minimal app": (HELLO, []),
        "reader, shipped": (READER, [shipped]),
        "shipped, text": (READER_TEXT, [shipped]),
    }
    if opts.library:
        apps["reader, library"] = (READER, [str(opts.library)])
        apps["library, text"] = (READER_TEXT, [str(opts.library)])
    # Seed the library and fill the bytecode cache once, so every run measures an ordinary
    # start, not the first one.
    for code, args in apps.values():
        measure(code, args, env)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in apps}
    for _ in range(opts.runs):
        for name, (code, args) in apps.items():
            results[name].append(measure(code, args, env))
    med = statistics.median
    print(
        f"{'first paint':<18}{'runs':>5}{'median ms':>11}{'min ms':>8}{'max ms':>8}"
        f"{'cpu ms':>8}{'RSS MB':>8}{'ratio':>7}{'cpu ratio':>11}   target"
    )
    base_wall = med(w for w, _, _ in results["minimal app"])
    base_cpu = med(c for _, c, _ in results["minimal app"])
    targets = {
        "reader, shipped": SHIPPED_TARGET,
        "shipped, text": SHIPPED_TARGET,
        "reader, library": LIBRARY_TARGET,
        "library, text": LIBRARY_TARGET,
    }
    for name, rows in results.items():
        walls = [w for w, _, _ in rows]
        wall, cpu = med(walls), med(c for _, c, _ in rows)
        rss = max(r for _, _, r in rows)
        target = targets.get(name)
        line = (
            f"{name:<18}{len(rows):>5}{wall * 1000:>11.1f}{min(walls) * 1000:>8.1f}"
            f"{max(walls) * 1000:>8.1f}{cpu * 1000:>8.1f}{rss:>8.0f}"
        )
        if target is not None:
            ratio = wall / base_wall
            verdict = "met" if ratio <= target else "MISSED"
            line += f"{ratio:>7.2f}{cpu / base_cpu:>11.2f}   <= {target:.2f}x {verdict}"
        print(line, flush=True)
    if opts.library:
        settled = {**env, "SETTLE": str(opts.settle)}
        _, rss, _ = spawn([sys.executable, "-c", SETTLED_READER, str(opts.library)], settled)
        verdict = "met" if rss <= RSS_TARGET_MB else "MISSED"
        print(
            f"reader over the library, peak RSS {opts.settle:g} s after the first frame: "
            f"{rss:.0f} MB (target <= {RSS_TARGET_MB} MB) {verdict}"
        )


def cli_table(opts: argparse.Namespace, env: dict[str, str], shipped: str) -> None:
    """Whole processes of the command line against bare Python starts, interleaved."""
    briefing = [sys.executable, "-c", "from tui.cli import main; main()"]
    store = ["--store", shipped]
    procs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sqlite3'": [sys.executable, "-c", "import sqlite3"],
        "briefing --version": [*briefing, "--version"],
        "briefing search 衡阳": [*briefing, *store, "search", "衡阳"],
        "briefing search hengyang": [*briefing, *store, "search", "hengyang"],
        "briefing search 衡陽": [*briefing, *store, "search", "衡陽"],
    }
    for args in procs.values():
        spawn(args, env)
    times: dict[str, list[float]] = {name: [] for name in procs}
    cpus: dict[str, list[float]] = {name: [] for name in procs}
    for _ in range(opts.runs):
        for name, args in procs.items():
            wall, _, cpu = spawn(args, env)
            times[name].append(wall)
            cpus[name].append(cpu)
    # CPU beside the clock: on a busy machine the clock also counts waiting for a core.
    base = statistics.median(times["python -c 'import sqlite3'"])
    base_cpu = statistics.median(cpus["python -c 'import sqlite3'"])
    print(
        f"\n{'process':<28}{'median ms':>11}{'min ms':>8}{'x import sqlite3':>18}"
        f"{'cpu ms':>8}{'cpu x':>7}"
    )
    for name, samples in times.items():
        wall, cpu = statistics.median(samples), statistics.median(cpus[name])
        print(
            f"{name:<28}{wall * 1000:>11.1f}{min(samples) * 1000:>8.1f}{wall / base:>18.2f}"
            f"{cpu * 1000:>8.1f}{cpu / base_cpu:>7.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--library", type=Path, help="A library folder to open as well.")
    parser.add_argument("--settle", type=float, default=3.0)
    opts, _ = parser.parse_known_args()
    env = bench_env()
    with tempfile.TemporaryDirectory() as shipped, tempfile.TemporaryDirectory() as pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
        paint_table(opts, env, shipped)
        cli_table(opts, env, shipped)


if __name__ == "__main__":
    main()
