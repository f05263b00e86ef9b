"""Analysis benchmark: trends, concordance and watch counts on a generated library.

python benchmarks/analysis_bench.py [--sizes 10000] [--repeat 5] [--work DIR]
(use --sizes 100000 for the full size of the targets; the default run is kept short; with
--work the library is kept in DIR and reused by the next run instead of being filled again)

The library is the search benchmark's (real sentences of the pages in the repository, 50
sections a briefing, dated over 2019), filled through `lib.import_many`. Each figure is set
beside a plain Python scan of the same folded sections in the same run (the ratio column),
and beside its target; the watch figures are set beside the same queries searched over the
whole library.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from gen_pages import SECTIONS_PER_BRIEFING, make_briefing, sentences  # noqa: E402

from store import open_library  # noqa: E402
from store.analysis.kwic import Concordance  # noqa: E402
from store.analysis.trend import trend  # noqa: E402
from store.importing import ImportItem  # noqa: E402
from store.search import fold, index  # noqa: E402
from store.search.corpus import Corpus  # noqa: E402
from store.search.corpus_counts import forget_counts  # noqa: E402
from store.search.fields import field_texts  # noqa: E402

TERMS = ["衡阳", "产业转移", "企业", "发展", "项目"]
WATCHES = [
    "衡阳",
    "产业转移",
    "企业",
    "发展",
    "项目",
    "环保",
    "招商",
    "量子通信",
    "北斗卫星导航系统",
    "麒麟",
    "鑫",
    "衡阳 企业",
    "产业 -衡阳",
    "园区 OR 开发区",
    '"产业链"',
    "headline:衡阳",
    "工业",
    "投资",
    "经济",
    "市长",
]


class Took(NamedTuple):
    """Median wall-clock and CPU milliseconds of some runs (CPU time: this process alone, which
    a machine shared with other work slows much less than the clock)."""

    wall: float
    cpu: float


def timed(fn, repeat: int, setup=None) -> tuple[Took, object]:
    """Median times of `repeat` runs of fn(setup()), setup untimed."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        arg = setup() if setup is not None else None
        t, c = time.perf_counter(), time.process_time()
        out = fn(arg) if setup is not None else fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return Took(statistics.median(walls) * 1000, statistics.median(cpus) * 1000), out


def fresh_corpus(lib) -> Corpus:
    """A view opened anew: segments reopened, nothing of any term read or counted yet."""
    forget_counts()
    index.forget_handles()
    return Corpus(lib)


def build(size: int, seed: int, home: Path) -> tuple[object, random.Random, list[str], int]:
    """The library of `size` sections in `home`, filled unless an earlier run left it there."""
    rng = random.Random(seed)
    pool = sentences()
    n = max(1, size // SECTIONS_PER_BRIEFING)
    kept = (home / "catalog.json").exists()
    lib = open_library(home, seed=False)
    if kept:  # the pages of an earlier run: only the generator's state is made again
        for b in range(n):
            make_briefing(rng, pool, b, plant=0.002)
        return lib, rng, pool, n
    for start in range(0, n, 200):
        items = [
            ImportItem(make_briefing(rng, pool, b, plant=0.002), f"bench-{b}.txt")
            for b in range(start, min(n, start + 200))
        ]
        lib.import_many(items)
    return lib, rng, pool, n


def row(name: str, ours: Took, scan: Took | None, target: str, note: str = "") -> None:
    ratio = f"{scan.wall / ours.wall:6.1f}x" if scan else "      -"
    base = f"{scan.wall:9.1f}" if scan else "        -"
    print(f"{name:<44} {ours.wall:9.1f} {ours.cpu:8.1f} {base} {ratio}  {target:<10} {note}")


def run(size: int, seed: int, repeat: int, work: Path | None) -> None:
    t = time.perf_counter()
    home = work / f"analysis-{size}-{seed}" if work else Path(tempfile.mkdtemp(prefix="analysis-"))
    try:
        measure(size, seed, repeat, home, t)
    finally:
        if work is None:
            shutil.rmtree(home, ignore_errors=True)


def measure(size: int, seed: int, repeat: int, home: Path, t: float) -> None:
    lib, rng, pool, n = build(size, seed, home)
    ready = time.perf_counter() - t
    Corpus(lib).match("衡阳")  # the index is built and its texts decoded once
    briefings = lib.briefings()
    sections = sum(b.section_count for b in briefings)
    print(f"\n{sections} sections ({len(briefings)} briefings) ready in {ready:.1f} s")
    print(f"{'measure':<44} {'ours ms':>9} {'cpu ms':>8} {'scan ms':>9} {'faster':>7}  target")
    # Ours first, in a process holding only the library: the plain scan keeps every folded
    # text in memory, and in a process that large every fresh allocation of the index's
    # bitmaps costs page faults that no reader process pays.
    opened, _ = timed(lambda: fresh_corpus(lib), repeat)
    row("  opening the index view (a new process)", opened, None, "-")
    trends = []
    for cold in (True, False):
        setup = (lambda: fresh_corpus(lib)) if cold else (lambda: Corpus(lib))
        one, res_one = timed(lambda c: trend(lib, [TERMS[0]], by="month", corpus=c), repeat, setup)
        five, res_five = timed(lambda c: trend(lib, TERMS, by="month", corpus=c), repeat, setup)
        trends.append((cold, one, res_one, five, res_five))
    # The term whose occurrences come nearest to the library's nominal size, as the target asks.
    candidates = ["的", "发展", "企业", "产业", "项目", "衡阳", "经济", "工业"]
    hits = {t: Corpus(lib).match(t).hits for t in candidates}
    term = min(hits, key=lambda t: abs(hits[t] - size))

    def first_page(c: Corpus) -> tuple[int, int]:
        conc = Concordance.build(lib, term, corpus=c)
        return conc.total, len(conc.lines(0, 100))

    pages = []
    for cold in (True, False):
        setup = (lambda: fresh_corpus(lib)) if cold else (lambda: Corpus(lib))
        pages.append((cold, *timed(first_page, repeat, setup)))

    folded = [
        (s.briefing_id, "\x1f".join(fold(t) for _f, _b, t in field_texts(s)))
        for s in lib.iter_sections()
    ]

    def scan(term: str) -> int:
        return sum(text.count(term) for _b, text in folded)

    scan_one, _ = timed(lambda: scan(TERMS[0]), repeat)
    scan_five, _ = timed(lambda: [scan(t) for t in TERMS], repeat)
    for cold, one, res_one, five, res_five in trends:
        how = "cold" if cold else "warm"
        total = res_one.series[0].occurrences  # type: ignore[attr-defined]
        assert total == scan(TERMS[0]), "trend total differs from the scan"
        row(f"trend, 1 term by month ({how})", one, scan_one, "<= 100 ms", f"{total} occ.")
        for term_, series in zip(TERMS, res_five.series, strict=True):  # type: ignore[attr-defined]
            assert series.occurrences == scan(term_), f"trend of {term_} differs from the scan"
        row(f"trend, 5 terms by month ({how})", five, scan_five, "<= 300 ms")
    scan_page, want = timed(lambda: scan(term), repeat)
    for cold, page, (total, lines) in pages:  # type: ignore[misc]
        assert total == want and lines == 100, "concordance total differs from the scan"
        how = "cold" if cold else "warm"
        row(
            f"kwic, total + first 100 lines ({how})",
            page,
            scan_page,
            "<= 200 ms",
            f"{term}: {total}",
        )
    folded.clear()  # the scan's texts go before the watch figures are taken

    watch_rows(lib, rng, pool, n, repeat)


def watch_rows(lib, rng: random.Random, pool: list[str], n: int, repeat: int) -> None:
    """Watch counts after importing one briefing: each figure is the median of `repeat`
    imports, each import timed for one figure only (the first read of its segment included).

    The watches were seen once the library was built, as a reader's would be; the status
    line's count is also shown with nothing ever seen (every briefing new to every watch).
    """
    from dataclasses import replace

    from store.analysis.watch_counts import WatchCounter
    from store.analysis.watch_news import new_matches
    from store.analysis.watches import add_watch, list_watches, mark_seen
    from store.userdata import stamp_key

    latest = max((b.imported_at or "" for b in lib.briefings()), key=stamp_key)
    for i, q in enumerate(WATCHES):
        add_watch(lib, f"w{i}", q)
        mark_seen(lib, f"w{i}", latest)
    seen = list_watches(lib)
    unseen = [replace(w, last_seen="2000-01-01T00:00:00Z") for w in seen]
    counter, news_counter, unseen_counter = WatchCounter(lib), WatchCounter(lib), WatchCounter(lib)
    counter.counts(seen)
    news_counter.new_counts(seen)
    unseen_counter.new_counts(unseen)
    # The baseline: the same 20 queries searched over the whole library.
    whole, _ = timed(lambda: WatchCounter(lib).counts(seen), repeat)
    made = [n]

    def one_import() -> str:
        made[0] += 1
        text = make_briefing(rng, pool, made[0], plant=0.002)
        return lib.import_text(text, origin=f"extra-{made[0]}.txt").briefing.id

    def caught_up() -> str:
        added = one_import()
        Corpus(lib)  # the index takes the import in (timed on its own below)
        return added

    catch_up, _ = timed(lambda _a: Corpus(lib), repeat, one_import)
    row("  index catches up with the import", catch_up, None, "-", "(any search pays it)")
    news, found = timed(lambda added: new_matches(lib, [added], seen), repeat, caught_up)
    sections = sum(x.new for x in found)  # type: ignore[attr-defined]
    row("watch news of one import, 20 queries", news, whole, "<= 50 ms", f"{sections} sections")
    status, _ = timed(lambda _a: news_counter.new_counts(seen), repeat, caught_up)
    row("status line's new counts after one import", status, whole, "<= 50 ms")
    status, _ = timed(lambda _a: unseen_counter.new_counts(unseen), repeat, caught_up)
    row("  the same, nothing ever seen", status, whole, "-")
    after, _ = timed(lambda _a: counter.counts(seen), repeat, caught_up)
    row("watch screen's counts after one import", after, whole, "-")
    fresh, _ = timed(lambda _a: WatchCounter(lib).counts(seen), 1, caught_up)
    row("watch counts from cold (new process)", fresh, None, "-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000", help="Comma-separated section counts.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--work", type=Path, help="Keep each library in this folder and reuse it on later runs."
    )
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.seed, args.repeat, args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
