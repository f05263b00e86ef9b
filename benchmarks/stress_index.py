"""Index stress: damage and SIGKILL the search index of a real library, and count what happens.

Two runs over a library of the shipped briefing and the fixture pages:

- damage: random overwrites of segment headers, segment bodies, the manifest and its rows
  file, and random truncations; each on a fresh copy, searched as a fresh process would.
- kills: a writer process imports, deletes, searches, merges small segments and rebuilds and is
  killed with SIGKILL at a random moment (now and then it removes index/ as a user might);
  then a library held open since before the writer started, and a fresh one, both search.

Every answer is compared with a plain scan of the sections (no index). A result is "right",
"repaired" (one clear line, then `doctor --repair` brought the right answers back), "wrong"
(a silently wrong total or section list) or "unexpected" (an error that is not one line).

    python benchmarks/stress_index.py --damage 300 --kills 50     # part of `make stress`
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import BriefingError, open_library  # noqa: E402
from store.doctor import repair_library  # noqa: E402
from store.search import index, parse, search  # noqa: E402
from store.search.hits import section_matches  # noqa: E402
from store.search.segfile import HEADER_SIZE  # noqa: E402

PAGES = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.txt"))
QUERIES = ("衡阳", "的", "产业转移", "湖南", "记者", "企业 -衡阳", "环保", "亿元", "郴州", "中国")

WRITER = """
import random, shutil, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from store import open_library
from store.search import index, rows, search, tidy
rows.FOLD_ROWS = 3  # the rows file is written again every few changes, so kills land there too
lib = open_library(Path({home!r}), seed=False)
index.register(lib)
pages = [Path(p).read_text("utf-8", "ignore") for p in {pages!r}]
rng = random.Random({seed})
print("ready", flush=True)
n = 0
while True:
    n += 1
    roll = rng.random()
    if roll < 0.6:
        text = pages[n % len(pages)] + f"\\n\\n第{{rng.random()}}号附记。\\n"
        lib.import_text(text, origin="w.txt")
    elif roll < 0.75 and len(lib.briefings()) > 6:
        lib.delete_briefing(rng.choice([b.id for b in lib.briefings()]))
    elif roll < 0.8:
        search(lib, "衡阳")
    elif roll < 0.88:
        tidy.tidy(lib.home)  # small segments merged, as after a one-page import
    elif roll < 0.95:
        index.rebuild(lib)
    else:
        shutil.rmtree(Path({home!r}) / "index", ignore_errors=True)  # as a user might
"""


def scan(lib: Any) -> dict[str, frozenset[str]]:
    """Sections holding each query, by a scan that never touches the index."""
    sections = list(lib.iter_sections())
    return {q: frozenset(s.id for s in sections if section_matches(s, parse(q))) for q in QUERIES}


def wrong_answers(lib: Any, truth: dict[str, frozenset[str]]) -> list[str]:
    """Queries whose total or sections differ from the truth."""
    out = []
    for q, expected in truth.items():
        got = search(lib, q, limit=100_000)
        if got.total != len(expected) or {h.section_id for h in got.hits} != expected:
            out.append(f"{q}: {got.total} vs {len(expected)}")
    return out


def fresh(home: Path) -> Any:
    """The library as a new process opens it (no index view kept from before)."""
    index.forget_handles()
    return open_library(home, seed=False)


def judge(home: Path, truth: dict[str, frozenset[str]], lib: Any = None) -> tuple[str, str]:
    """Search (through `lib`, else a fresh library): the outcome and a note about it."""
    try:
        try:
            wrong = wrong_answers(lib if lib is not None else fresh(home), truth)
        except BriefingError as exc:
            if "\n" in str(exc) or str(home) not in str(exc):
                return "unexpected", f"unclear message: {exc}"
            repair_library(home)
            wrong = wrong_answers(fresh(home), truth)
            return ("wrong", "; ".join(wrong)) if wrong else ("repaired", str(exc))
    except Exception as exc:
        return "unexpected", f"{type(exc).__name__}: {exc}"
    return ("wrong", "; ".join(wrong)) if wrong else ("right", "")


def damage_once(home: Path, rng: random.Random) -> str:
    """Overwrite or truncate one index file at random; says what was done."""
    folder = home / "index"
    files = sorted(p for p in folder.iterdir() if p.name.startswith(("seg-", "rows-")))
    files.append(folder / "index.json")
    path = rng.choice(files)
    raw = bytearray(path.read_bytes())
    kind = rng.choice(
        ["header", "body", "truncate"] if path.name.startswith("seg-") else ["any", "truncate"]
    )
    if kind == "truncate":
        cut = rng.randrange(0, len(raw))
        path.write_bytes(bytes(raw[:cut]))
        return f"{path.name} cut to {cut}"
    lo, hi = {"header": (0, HEADER_SIZE), "body": (HEADER_SIZE, len(raw)), "any": (0, len(raw))}[
        kind
    ]
    at = rng.randrange(lo, hi)
    raw[at] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(raw))
    return f"{path.name} {kind} byte {at}"


def run_damage(pristine: Path, truth: dict, n: int, rng: random.Random, work: Path) -> Counter:
    """`n` random damages, each on a fresh copy."""
    tally: Counter = Counter()
    for i in range(n):
        home = work / f"d{i}"
        shutil.copytree(pristine, home, symlinks=True)
        what = damage_once(home, rng)
        got, note = judge(home, truth)
        tally[got] += 1
        if got in ("wrong", "unexpected"):
            print(f"  damage {what}: {got}: {note}", file=sys.stderr)
        shutil.rmtree(home, ignore_errors=True)
    return tally


def run_kills(pristine: Path, n: int, rng: random.Random, work: Path) -> Counter:
    """`n` writer processes killed at random moments; a held and a fresh library judged.

    The held library lives through every round, as a reader left open all day would; the
    fresh one is a new process each round.
    """
    home = work / "kills"
    shutil.copytree(pristine, home, symlinks=True)
    utf8 = [str(p) for p in PAGES if ".utf8" in p.name] or [
        str(ROOT / "content" / "hunan-daily.txt")
    ]
    held = fresh(home)
    wrong_answers(held, scan(held))  # the held library has a view loaded before any writer
    tally: Counter = Counter()
    for r in range(n):
        script = WRITER.format(root=str(ROOT), home=str(home), pages=utf8, seed=rng.random())
        proc = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.05, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for look in ("fresh", "held") if r % 2 else ("held", "fresh"):  # either goes first
            if look == "fresh":
                got, note = _judge_in_new_process(home)
            else:
                got, note = judge(home, scan(open_library(home, seed=False)), held)
            tally[f"{look} {got}"] += 1
            if got in ("wrong", "unexpected"):
                print(f"  kill {r} ({look}): {got}: {note}", file=sys.stderr)
    return tally


def _judge_in_new_process(home: Path) -> tuple[str, str]:
    judged = subprocess.run(
        [sys.executable, __file__, "--judge", str(home)], capture_output=True, text=True
    )
    got, _, note = judged.stdout.strip().partition(" ")
    if judged.returncode != 0 or not got:
        return "unexpected", judged.stderr.strip()[-300:]
    return got, note


def main(argv: list[str] | None = None) -> int:
    """Run both and print a table (or JSON); exit 1 on any wrong or unexpected answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--damage", type=int, default=300)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--judge", type=Path, help=argparse.SUPPRESS)  # one fresh process's look
    args = parser.parse_args(argv)
    if args.judge is not None:
        got, note = judge(args.judge, scan(open_library(args.judge, seed=False)))
        print(got, note)
        return 0
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="briefing-index-stress-") as tmp:
        work = Path(tmp)
        pristine = work / "pristine"
        lib = open_library(pristine)
        index.register(lib)
        for page in PAGES:
            lib.import_file(page)
        search(lib, "衡阳")
        truth = scan(lib)
        damage = run_damage(pristine, truth, args.damage, rng, work)
        kills = run_kills(pristine, args.kills, rng, work)
    bad = sum(v for k, v in {**damage, **kills}.items() if k.endswith(("wrong", "unexpected")))
    report = {"seed": args.seed, "damage": dict(damage), "kills": dict(kills), "bad": bad}
    if args.json:
        print(json.dumps(report))
    else:
        print(f"index stress (seed {args.seed})")
        print(
            f"  damage scenarios {args.damage}: "
            + ", ".join(f"{k} {v}" for k, v in sorted(damage.items()))
        )
        print(
            f"  kill rounds {args.kills}: "
            + ", ".join(f"{k} {v}" for k, v in sorted(kills.items()))
        )
        print(f"  silently wrong or unexpected: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
