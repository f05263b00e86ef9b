"""What each reading key costs the reader's event loop (CPU time of its thread, medians).

The reader is driven by keys (Textual's Pilot) on a library with many briefings read: `j`
(a move within a section, for scale), `u`, `]`, `[`, marking a section read by reaching its
end (`G`, then the position writer's pause), opening the library screen (`l`), marking a
briefing there (`m`), a keystroke in its filter, and deleting a briefing there (`d`, then
`y` and the reload of both screens). Each figure is the CPU time the event loop's thread
spent from the key until the app is settled (workers done, the position writer idle), the
median of --repeat; `idle` is the same wait with no key, which every figure includes.

By default a generated library of --briefings small briefings is made in a temporary
folder. `--home DIR` drives an existing library instead and CHANGES it (marks, deletes):
give it a copy, e.g. of a 100k-section library, with `--read N` briefings marked read first.

python benchmarks/loop_bench.py [--briefings N] [--read N] [--repeat N] [--home DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Each figure waits at least this long (seconds) for what a key set going to come back.
SETTLE = 0.05
SAVE_DELAY_WAIT = 0.4  # the position writer's pause before it saves (and marks read)


def make_library(home: Path, count: int) -> None:
    """`count` small dated briefings of generated text, through the library's import."""
    from benchmarks.gen_pages import sentences
    from store import open_library

    rng = random.Random(7)
    pool = sentences()
    lib = open_library(home)
    for n in range(count):
        month, day = 1 + n % 12, 1 + (n // 12) % 28
        lines = [f"衡阳日报 2019年{month}月{day}日 第{1 + n % 9:02d}版", ""]
        for _ in range(6):
            lines += [rng.choice(pool)[:16] or "新闻", ""]
            lines += ["".join(rng.choice(pool) for _ in range(3)), ""]
        lib.import_text("\n".join(lines), origin=f"page-{n:05d}.txt")


def mark_read(home: Path, wanted: int) -> int:
    """Mark every section of the first `wanted` briefings (import order) read, unless that
    many briefings have some read already; returns how many briefings have some read."""
    from store import open_library

    lib = open_library(home, seed=False)
    have = len(lib.read_state.all())
    if have < wanted:
        chosen = lib.briefings()[:wanted]
        lib.read_state.mark(f"{b.id}-{n}" for b in chosen for n in range(1, b.section_count + 1))
        have = len(lib.read_state.all())
    return have


class Driver:
    """Keys pressed on a running app, each timed on the event loop's thread."""

    def __init__(self, app: Any, pilot: Any) -> None:
        self.app, self.pilot = app, pilot
        self.figures: dict[str, list[float]] = {}

    async def settle(self, ready: Callable[[], Any] = lambda: True, wait: float = SETTLE) -> None:
        """Wait for `ready()`, the workers and the position writer, then a moment more."""
        from textual.worker import WorkerCancelled

        await asyncio.sleep(wait)
        deadline = time.monotonic() + 120
        while True:
            reader = self.app.reader
            if reader is not None:
                await asyncio.to_thread(reader.settle_position)
            with contextlib.suppress(WorkerCancelled):
                await self.app.workers.wait_for_complete()
            await self.pilot.pause()
            busy = any(not w.is_finished for w in self.app.workers)
            if ready() and not busy:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the app never settled")
            await asyncio.sleep(0.01)

    async def timed(
        self,
        name: str,
        act: Callable[[], Awaitable[Any]],
        ready: Callable[[], Any] = lambda: True,
        wait: float = SETTLE,
    ) -> None:
        """Run `act` and settle, adding the event loop's CPU time to `name`'s figures."""
        started = time.thread_time()
        await act()
        await self.settle(ready, wait)
        self.figures.setdefault(name, []).append((time.thread_time() - started) * 1000)

    async def key(
        self, name: str, *keys: str, ready: Callable[[], Any] = lambda: True, wait: float = SETTLE
    ) -> None:
        """Press keys and settle, timed."""
        await self.timed(name, lambda: self.pilot.press(*keys), ready, wait)


async def drive(home: Path, repeat: int) -> dict[str, list[float]]:
    """Open the reader on `home` and time each key `repeat` times."""
    from store import open_library
    from tui.app import BriefingApp
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.library import LibraryScreen

    app = BriefingApp(open_library(home, seed=False))
    async with app.run_test(size=(120, 35)) as pilot:
        d = Driver(app, pilot)

        def outline_filled() -> bool:
            reader = app.reader
            return bool(reader and reader.outline_placed and reader.outline.root.children)

        await d.settle(outline_filled, wait=0.5)
        for _ in range(repeat):
            await d.timed("idle", lambda: asyncio.sleep(0))
            await d.timed("idle (writer's pause)", lambda: asyncio.sleep(0), wait=SAVE_DELAY_WAIT)
        for _ in range(repeat):
            await d.key("j (a paragraph)", "j")
        for _ in range(repeat):
            await d.key("u", "u")
            await d.key("G (marks read)", "G", wait=SAVE_DELAY_WAIT)
        for _ in range(repeat):
            await d.key("] (next section)", "right_square_bracket")
        for _ in range(repeat):
            await d.key("[ (previous section)", "left_square_bracket")
        # Into the next briefing: from its last section.
        for _ in range(repeat):
            await d.key("G", "G", wait=SAVE_DELAY_WAIT)
            reader = app.reader
            assert reader is not None and reader.section is not None
            heads = app.briefing_heads(reader.section.briefing_id)
            reader.open_section(heads[-1].id)
            await d.settle()
            await d.key("] into the next briefing", "right_square_bracket")
            await d.key("[ into the previous briefing", "left_square_bracket")

        def listed() -> bool:
            screen = app.screen
            return isinstance(screen, LibraryScreen) and not screen.list_pending

        for n in range(repeat):
            await d.key("l (library screen)", "l", ready=listed)
            if n < repeat - 1:
                await d.key("escape (back to the reader)", "escape")
        for _ in range(repeat):
            await d.key("m in the library", "m", ready=listed)
        await pilot.press("slash")
        await d.settle(listed)
        for char in "2019"[:repeat]:
            await d.key("a filter keystroke", char, ready=listed)
        await pilot.press("escape")  # the filter cleared, the tree focused
        await d.settle(listed)
        # Back in the reader and in again: the cursor on the reader's briefing.
        await pilot.press("escape")
        await d.settle(lambda: not isinstance(app.screen, LibraryScreen))
        await pilot.press("l")
        await d.settle(listed)
        for _ in range(repeat):
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            if screen.current() is None:  # on a group: put on the first briefing shown
                node = screen._reveal(screen.shown[0].id)
                assert node is not None
                screen._cursor_to(node)
            await d.key("d (asks)", "d", ready=lambda: isinstance(app.screen, ConfirmScreen))
            await d.key("y (deletes, both screens reload)", "y", ready=listed)
        await pilot.press("escape")
        await d.settle()
        return d.figures


def report(figures: dict[str, list[float]], note: str) -> None:
    """A table of medians (and the spread) per key."""
    print(note)
    print(f"{'key':36s} {'median ms':>10s} {'min':>8s} {'max':>8s}  n")
    for name, values in figures.items():
        print(
            f"{name:36s} {statistics.median(values):10.1f} {min(values):8.1f} "
            f"{max(values):8.1f}  {len(values)}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=int, default=240)
    parser.add_argument("--read", type=int, default=None, help="briefings marked read first")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--home", type=Path, help="an existing library (changed: use a copy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home
        if home is None:
            home = Path(tmp) / "library"
            started = time.perf_counter()
            make_library(home, args.briefings)
            print(f"made {args.briefings} briefings in {time.perf_counter() - started:.1f} s")
        wanted = args.read if args.read is not None else args.briefings // 2
        have = mark_read(home, wanted)
        os.environ["BRIEFING_HOME"] = str(home)
        figures = asyncio.run(drive(home, args.repeat))
    load = os.getloadavg()[0]
    report(
        figures,
        f"event loop CPU per key (thread time), {have} briefings with sections read, "
        f"load {load:.1f}",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
