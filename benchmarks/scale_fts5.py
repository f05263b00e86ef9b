"""SQLite FTS5 (trigram) over the scale benchmark's sections, and whole `briefing search`
processes timed against a Python process asking it."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from scale_probes import FTS_QUERY
from scale_runs import BRIEFING, ROOT, row, run

HERE = Path(__file__).resolve().parent


def fts5_database(home: Path, digest: str, env: dict[str, str]) -> Path:
    """The FTS5 database of the library's sections, folded as the index folds them."""
    # Building it takes minutes at 100k sections, so it is kept beside the work folder under
    # the digest of the pages (the library's other changes in this run are the same every run).
    db_path = HERE / ".work" / f"fts5-{digest[:16]}.db"
    if not db_path.exists():
        build = (
            "import sqlite3, sys\n"
            "from store import open_library\nfrom store.search import fold\n"
            "from store.search.fields import field_texts\n"
            "lib = open_library(sys.argv[1], seed=False)\n"
            "db = sqlite3.connect(sys.argv[2])\n"
            "db.execute(\"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')\")\n"
            "rows = ('\\x1f'.join(fold(t) for _f, _b, t in field_texts(s)) "
            "for s in lib.iter_sections())\n"
            "db.executemany('INSERT INTO t(body) VALUES (?)', ((r,) for r in rows))\n"
            "db.commit()\n"
        )
        partial = db_path.with_suffix(".partial")  # an interrupted build is never reused
        partial.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "-c", build, str(home), str(partial)], env=env, cwd=ROOT, check=True
        )
        os.replace(partial, db_path)
    return db_path


def search_against_fts5(
    queries: dict[str, str], db_path: Path, runs: int, env: dict[str, str]
) -> None:
    """Each query as a whole `briefing search` process against a Python process asking FTS5."""
    med = statistics.median
    for name, q in queries.items():
        ours, theirs, got, want = [], [], "", ""
        for _ in range(runs):
            dt, proc = run([*BRIEFING, "search", "--json", q], env)
            ours.append(dt)
            got = str(json.loads(proc.stdout).get("total", "?")) if proc.stdout else "?"
            dt, proc = run([sys.executable, "-c", FTS_QUERY, str(db_path), q], env)
            theirs.append(dt)
            want = proc.stdout.strip()
        ratio = med(ours) / med(theirs)
        row(
            f"search {name} whole process (total {got}/{want})",
            f"{med(ours) * 1000:.0f} ms = {ratio:.1f}x fts5",
            "<= 3x FTS5 process",
            ratio <= 3,
        )
