"""What the catalog costs one change in a library of many briefings (CPU time, medians).

A library of --rows catalog rows (10,000 by default, about 100k sections' worth; no section
files) is written once, with a journal of --journal changes. Then, in fresh objects each time
as a new process would: reading every row (what a change cost before), the schema version,
finding one row, finding a new id's place (with the highest seq), appending one change, and
deleting five briefings with one append; then `briefing rm` as a whole process.

python benchmarks/catalog_bench.py [--rows N] [--journal N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.catalog import Catalog  # noqa: E402
from store.schema import META_TABLE, SCHEMA_VERSION, read_version  # noqa: E402


def _row(n: int) -> dict:
    return {
        "id": f"{n:010x}",
        "title": f"湘江晚报 第{n % 20:02d}版",
        "date": f"20{n % 9 + 15}-0{n % 9 + 1}-1{n % 9}",
        "date_inferred": False,
        "source": "湘江晚报",
        "language": "zh-Hans",
        "content_hash": f"{n:064x}",
        "imported_at": "2026-11-30T10:52:51.123456Z",
        "origin": f"page-{n:06d}.txt",
        "seq": n,
        "parser_version": 1,
        "section_count": 9,
    }


def build(home: Path, rows: int, journal: int) -> None:
    """A catalog of `rows` rows compacted, then `journal` changes appended."""
    home.mkdir(parents=True)
    (home / "sections").mkdir()
    (home / "heads").mkdir()
    doc = {
        META_TABLE: {"1": {"schema": SCHEMA_VERSION}, "2": {"seeded": ["hunan-daily"]}},
        "briefings": {str(n): _row(n) for n in range(1, rows + 1)},
    }
    cat = Catalog(home)
    cat.write_document(doc)
    cat.put([_row(n) for n in range(rows + 1, rows + journal + 1)])


def cpu(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of fn over `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)


def whole_process_rm(home: Path, ids: list[str], repeat: int) -> tuple[float, float]:
    """Median CPU (user+sys) and wall seconds of `briefing rm --yes ID` as a process."""
    import resource

    cpus, walls = [], []
    env = dict(os.environ, BRIEFING_HOME=str(home))
    code = "import sys; from tui.cli import main; sys.argv[0] = 'briefing'; main()"
    for bid in ids[:repeat]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, "rm", "--yes", bid],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpus), statistics.median(walls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--journal", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=7)
    args, _ = parser.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    try:
        home = work / "lib"
        build(home, args.rows, args.journal)
        size = (home / "catalog.json").stat().st_size + (home / "catalog.journal").stat().st_size
        present, new = f"{args.rows // 2:010x}", f"{10**9:010x}"
        whole = cpu(lambda: Catalog(home).state(), args.repeat)
        figures = [
            ("read every row (before: twice a change)", whole),
            ("schema version", cpu(lambda: read_version(Catalog(home).db, home), args.repeat)),
            ("find one row", cpu(lambda: Catalog(home).lookup([present], seq=False), args.repeat)),
            (
                "a new id's place (highest seq)",
                cpu(lambda: Catalog(home).lookup([new]), args.repeat),
            ),
        ]
        n = iter(range(args.rows + args.journal + 1, 10**9))
        figures.append(("append one change", cpu(lambda: Catalog(home).put([_row(next(n))]), 3)))
        ids = iter([f"{k:010x}" for k in range(1, args.rows)])
        five = cpu(lambda: Catalog(home).delete([next(ids) for _ in range(5)]), 3)
        figures.append(("delete five (one append)", five))
        print(f"catalog of {args.rows + args.journal:,} rows, {size / 2**20:.1f} MiB; CPU medians")
        print(f"{'action':44} {'CPU ms':>8} {'vs whole read':>14}")
        for name, secs in figures:
            print(f"{name:44} {secs * 1000:8.1f} {secs / whole:13.2f}x")
        rm_cpu, rm_wall = whole_process_rm(home, [f"{k:010x}" for k in range(100, 200)], 3)
        what = "briefing rm --yes ID (whole process)"
        print(f"{what:44} {rm_cpu * 1000:8.0f} (wall {rm_wall * 1000:.0f} ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
