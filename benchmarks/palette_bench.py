"""What the command palette's headline jumps cost: making the index of headlines (the first
palette of a session, which every palette used to pay), bringing it up to date when nothing
or one briefing changed (every palette after), and each key typed (CPU time, medians).

By default a generated library of --briefings briefings is made in a temporary folder.
`--home DIR` reads an existing library instead (read only: nothing is imported into it, so
the row of one new briefing is left out), e.g. a copy of a 100k-section library.

python benchmarks/palette_bench.py [--briefings N] [--repeat N] [--home DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ("中", "人民", "習近平", "xjp", "xijinping", "hy", "新闻联播", "不捧", "zzzzq")


def cpu_ms(fn, repeat: int) -> float:
    """Median CPU milliseconds of fn()."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--home", type=Path, help="an existing library (read only)")
    args, _rest = parser.parse_known_args()
    from store import open_library
    from tui.screens.palette import SHOWN, best_lines
    from tui.screens.palette_index import HeadlineIndex

    with tempfile.TemporaryDirectory() as tmp:
        home = args.home
        if home is None:
            from benchmarks.loop_bench import make_library

            home = Path(tmp) / "lib"
            make_library(home, args.briefings)
        lib = open_library(home)
        lib.briefings()
        HeadlineIndex().refresh(lib)  # pypinyin and the first readings, once a process
        made = cpu_ms(lambda: HeadlineIndex().refresh(lib), args.repeat)
        kept = HeadlineIndex()
        tracemalloc.start()
        lines = kept.refresh(lib)
        held = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        again = cpu_ms(lambda: kept.refresh(lib), args.repeat)
        print(f"{len(lines)} sections, {len(lib.briefings())} briefings ({home})")
        print(f"{'what':<40} {'CPU ms':>10} {'vs making':>10}")
        print(f"{'palette opened, index made':<40} {made:>10.1f} {1:>10.2f}")
        print(f"{'palette opened, nothing changed':<40} {again:>10.1f} {again / made:>10.3f}")
        if args.home is None:

            def one_more() -> None:
                n = len(lib.briefings())
                lib.import_text(f"衡阳日报 2021年1月1日\n\n新的一页第{n}号\n\n正文。\n")
                kept.refresh(lib)

            added = cpu_ms(one_more, args.repeat)
            label = "palette opened, one briefing imported"
            print(f"{label:<40} {added:>10.1f} {added / made:>10.3f}  (import included)")
        print(f"index held: {held:.1f} MB of objects")
        print(f"\n{'key typed (best ' + str(SHOWN) + ')':<40} {'CPU ms':>10} {'found':>10}")
        lines = kept.lines
        for query in QUERIES:
            found = best_lines(lines, query, SHOWN, lambda: False)
            took = cpu_ms(lambda q=query: best_lines(lines, q, SHOWN, lambda: False), args.repeat)
            print(f"{query:<40} {took:>10.2f} {len(found):>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
