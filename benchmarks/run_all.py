"""Run every benchmark in this folder (startup.py and each *_bench.py), one after another.

python benchmarks/run_all.py [--only NAME] [-- ARGS passed to each script]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    """startup.py first (when present), then the *_bench.py files by name."""
    found = sorted(HERE.glob("*_bench.py"))
    startup = HERE / "startup.py"
    return ([startup] if startup.is_file() else []) + found


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks.")
    parser.add_argument("--only", help="Run only scripts whose name contains this.")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="Arguments for each script.")
    args = parser.parse_args()
    extra = [a for a in args.rest if a != "--"]
    failed = []
    for script in scripts():
        if args.only and args.only not in script.name:
            continue
        print(f"\n### {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent)
        print(f"### {script.name}: exit {code} after {time.perf_counter() - started:.1f} s")
        if code:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
