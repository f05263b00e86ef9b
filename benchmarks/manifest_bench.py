"""Index manifest benchmark: what reading it and recording one import cost, by library size.

For each size, a manifest of that many briefings (about nine sections each) is written in the
current form (a rows file and the rows since) and in the previous one (every row inside the
manifest, as the index kept it before), then timed in CPU time (median of several runs):

- read: parse and check the manifest, as each process that searches does first;
- add one: read, record one briefing, write the manifest (atomically, fsynced);
- fold: write every row into a new rows file (once per FOLD_ROWS changes).

The ratio column is the previous form's time over the current one's, measured in the same run.

    python benchmarks/manifest_bench.py [--briefings 10000,100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import base64
import random
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from store.search import rows as rowfile  # noqa: E402
from store.search.manifest import Manifest  # noqa: E402
from store.search.normalise import FOLD_VERSION  # noqa: E402
from store.search.postings import Record  # noqa: E402
from store.storage import atomic_write_bytes  # noqa: E402

# Common characters for titles (the GB2312 first level starts here).
HAN = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))
SECTIONS = 9


def _row(rng: random.Random, n: int) -> tuple[str, dict[str, object]]:
    bid = f"{rng.getrandbits(40):010x}"
    return bid, {
        "content_hash": f"{rng.getrandbits(256):064x}",
        "imported_at": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}T08:{n % 60:02d}:00+00:00",
        "date": f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        "title": "".join(rng.choice(HAN) for _ in range(rng.randint(6, 14))),
    }


def _records(bid: str) -> list[Record]:
    return [Record(f"{bid}-{i + 1}", "正" * 900, 0, []) for i in range(SECTIONS)]


def _build(folder: Path, count: int) -> Manifest:
    rng = random.Random(count)
    man = Manifest()
    for n in range(count):
        bid, row = _row(rng, n)
        man.add_briefing(bid, man.next_ord, _records(bid), row)
        man.next_ord += SECTIONS
    man.folded(folder, force=True)
    man.generation += 1
    (folder / "index.json").write_bytes(man.to_json())
    return Manifest.parse((folder / "index.json").read_bytes(), folder)


def _previous(folder: Path, man: Manifest) -> Path:
    """The same manifest in the previous form: every row inside, no rows file."""
    body = orjson.dumps(
        {
            "version": 9,
            "fold": FOLD_VERSION,
            "generation": man.generation,
            "token": man.token,
            "segments": man.segments,
            "briefings": {bid: dict(info) for bid, info in man.briefings.items()},
            "deleted": base64.b64encode(man.deleted.serialize()).decode("ascii"),
            "next_ord": man.next_ord,
            "next_seg": man.next_seg,
            "catalog": man.catalog,
        }
    )
    old = folder / "old"
    old.mkdir()
    (old / "index.json").write_bytes(body[:-1] + b',"checksum":"%08x"}' % zlib.crc32(body))
    return old


def _cpu(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def _add_one(folder: Path, previous: bool) -> None:
    man = Manifest.parse((folder / "index.json").read_bytes(), folder)
    bid = f"{random.getrandbits(40):010x}"
    man.add_briefing(bid, man.next_ord, _records(bid), {"title": "新闻"})
    man.next_ord += SECTIONS
    man.generation += 1
    if previous:
        # The previous form wrote every row each time; its rows all count as recent here.
        man.briefings = rowfile.Rows(None, dict(man.briefings.items()))
    atomic_write_bytes(folder / "index.json", man.to_json())


def _fold(folder: Path) -> None:
    man = Manifest.parse((folder / "index.json").read_bytes(), folder)
    man.folded(folder, force=True)


def _read(where: Path) -> Manifest:
    return Manifest.parse((where / "index.json").read_bytes(), where)


def _measure(folder: Path, count: int, runs: int) -> list[tuple[str, float, float]]:
    """(measure, current CPU seconds, previous CPU seconds) for a manifest of `count` briefings."""
    man = _build(folder, count)
    old = _previous(folder, man)
    new = folder / "new"
    new.mkdir()
    for path in folder.glob("rows-*.bin"):
        path.rename(new / path.name)
    (folder / "index.json").rename(new / "index.json")
    return [
        ("read", _cpu(lambda: _read(new), runs), _cpu(lambda: _read(old), runs)),
        (
            "add one",
            _cpu(lambda: _add_one(new, False), runs),
            _cpu(lambda: _add_one(old, True), runs),
        ),
        ("fold", _cpu(lambda: _fold(new), max(3, runs // 2)), float("nan")),
    ]


def main(argv: list[str] | None = None) -> int:
    """Print one table row per size and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefings", default="10000")
    parser.add_argument("--runs", type=int, default=7)
    args, _rest = parser.parse_known_args(argv)
    print(f"{'briefings':>10} {'measure':>8} {'current ms':>11} {'previous ms':>12} {'ratio':>6}")
    for count in (int(n) for n in args.briefings.split(",") if n.strip()):
        with tempfile.TemporaryDirectory(prefix="briefing-manifest-bench-") as tmp:
            for name, current, previous in _measure(Path(tmp), count, args.runs):
                ratio = previous / current if current else float("nan")
                print(
                    f"{count:>10} {name:>8} {current * 1000:>11.1f} {previous * 1000:>12.1f}"
                    f" {ratio:>6.1f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
