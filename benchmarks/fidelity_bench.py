"""Importer fidelity on real pages: article boundaries and fields against hand-checked truth.

python benchmarks/fidelity_bench.py [--big]

Prints precision, recall and F1 of article boundaries and the accuracy of headline, byline
and dateline per page, then overall for the pages the rules were written on, for the
held-out pages, and for all. Then the parser's speed: MB/s on the largest page, and on the
pages repeated to 1 MB and 4 MB (with --big also 19 MB) to show that time grows linearly, and
the shipped page repeated to 4 MB (19 MB with --big). Times are CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from fidelity_score import HELD_OUT, PageScore, page_paths, score_page, totals  # noqa: E402

from store.embedded import CONTENT_DIR  # noqa: E402
from store.ingest import parse, read_file  # noqa: E402


def _row(score: PageScore, mark: str = "") -> str:
    return (
        f"{score.name + mark:<22}{score.truth:>4}{score.predicted:>5}"
        f"{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
        f"{score.accuracy('headline'):>7.3f}{score.accuracy('byline'):>7.3f}"
        f"{score.accuracy('dateline'):>7.3f}"
    )


def _speed(text: str, repeat: int = 3) -> float:
    """Best CPU seconds over a few parses of text (CPU time, so a busy machine skews less)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        parse(text)
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="Also time a 19 MB page.")
    args = ap.parse_args()
    paths = page_paths()
    scores = [score_page(p) for p in paths]
    print(
        f"{'page':<22}{'art':>4}{'got':>5}{'P':>7}{'R':>7}{'F1':>7}{'head':>7}{'byl':>7}{'date':>7}"
    )
    for s in scores:
        print(_row(s, " *" if s.name in HELD_OUT else ""))
    print("-" * 74)
    tuned = totals([s for s in scores if s.name not in HELD_OUT])
    held = totals([s for s in scores if s.name in HELD_OUT])
    everything = totals(scores)
    for label, t in (
        ("tuning pages", tuned),
        ("held-out pages *", held),
        ("all pages", everything),
    ):
        t.name = label
        print(_row(t))
    print(
        f"page title and date from the masthead: {everything.page_hits} of {everything.page_fields}"
    )
    low = [s.name for s in scores if min(s.f1, s.accuracy("headline"), s.accuracy("byline")) < 0.85]
    print(f"pages: {len(scores)}; below 0.85 on boundaries, headline or byline: {low or 'none'}")

    largest = max(paths, key=lambda p: p.stat().st_size)
    text = read_file(largest)
    size = len(text.encode("utf-8"))
    secs = _speed(text, repeat=20)
    print(
        f"\nparser speed on the largest page ({largest.name}, {size / 1024:.1f} KiB): "
        f"{size / secs / 1e6:.2f} MB/s"
    )
    corpus = "\n\n\n".join(read_file(p) for p in paths)
    sizes = [1_000_000, 4_000_000] + ([19_000_000] if args.big else [])
    base = None
    for target in sizes:
        big = corpus * (target // len(corpus.encode("utf-8")) + 1)
        mb = len(big.encode("utf-8")) / 1e6
        secs = _speed(big, repeat=1)
        base = base or secs / mb
        ratio = secs / mb / base
        print(f"  {mb:6.1f} MB: {secs:6.2f} s, {mb / secs:5.2f} MB/s, time per MB x{ratio:.2f}")
    seed = read_file(CONTENT_DIR / "hunan-daily.txt")
    target = 19_000_000 if args.big else 4_000_000
    page = (seed + "\n\n\n") * (target // len(seed.encode("utf-8")) + 1)
    mb = len(page.encode("utf-8")) / 1e6
    secs = _speed(page, repeat=1)
    print(f"  the shipped page repeated to {mb:.1f} MB: {secs:.2f} s, {mb / secs:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
