"""Writers of reading positions, read marks and notes killed at any moment: every mark and
note they reported is kept, and the user file always opens."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from reliability_helpers import REPO

from store import open_library
from store.user_journal import read_user_document

# A small bound, so the journal is folded into user.json (and removed) many times a run.
WRITER = """
import os, sys
sys.path.insert(0, {repo!r})
import store.user_storage
store.user_storage.COMPACT_FLOOR = 1500
from store import open_library
from store.readstate import ReadState
lib = open_library({home!r}, seed=False)
state = ReadState(lib.user)
n = {start}
while True:
    n += 1
    state.save_position("%010x-1" % n, n % 9, read=True)
    os.write(1, b"mark %d\\n" % n)
    if n % 7 == 0:
        lib.user.table("notes").insert({{"id": "n%d" % n, "section_id": "%010x-1" % n}})
        os.write(1, b"note %d\\n" % n)
    if n % 11 == 0:
        os.write(1, b"unmarking %d\\n" % (n - 4))  # either outcome, once killed here
        state.mark(["%010x-1" % (n - 4)], read=False)
        os.write(1, b"unmark %d\\n" % (n - 4))
"""


def test_killed_writers_lose_no_mark_or_note_they_reported(tmp_path: Path) -> None:
    rng = random.Random(11)
    home = tmp_path / "lib"
    open_library(home, seed=False)
    marked: set[int] = set()
    unmarked: set[int] = set()
    notes: set[str] = set()
    start = 0
    for _ in range(10):
        code = WRITER.format(repo=str(REPO), home=str(home), start=start)
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # killed once it writes, however slow its start
        time.sleep(rng.uniform(0.02, 0.4))
        proc.send_signal(signal.SIGKILL)
        out = first + proc.communicate()[0]
        for op, n in re.findall(rb"(mark|note|unmarking|unmark) (\d+)", out):
            if op == b"mark":
                marked.add(int(n))
            elif op == b"note":
                notes.add(f"n{int(n)}")
            elif op == b"unmarking":
                marked.discard(int(n))
            else:
                unmarked.add(int(n))
        lib = open_library(home, seed=False)
        assert lib.user.problem is None
        read = {int(bid, 16) for bid in lib.read_state.all()}
        # Every reported mark is there (one made but not reported yet may be too).
        assert marked <= read and not unmarked & read
        assert notes <= {row["id"] for row in lib.user.rows("notes")}
        assert read_user_document(home / "user.json") == lib.user.db.storage.read()
        start = max(marked | unmarked, default=start) + 20


CONCURRENT = """
import sys
sys.path.insert(0, {repo!r})
import store.user_storage
store.user_storage.COMPACT_FLOOR = 1200
from store import open_library
lib = open_library({home!r}, seed=False)
for n in range(60):
    lib.read_state.save_position("{tag}%08x-1" % n, n % 5, read=True)
    if n % 15 == 0:
        lib.user.table("bookmarks").insert({{"id": "{tag}%d" % n, "section_id": "x-1"}})
"""


def test_writers_at_once_keep_every_mark_and_bookmark(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    open_library(home, seed=False)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT.format(repo=str(REPO), home=str(home), tag=tag)]
        )
        for tag in ("aa", "bb")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lib = open_library(home, seed=False)
    read = lib.read_state.all()
    for tag in ("aa", "bb"):
        assert all(read.get(f"{tag}{n:08x}") == {1} for n in range(60))
        assert all(lib.user.get_position(f"{tag}{n:08x}-1") == n % 5 for n in range(60))
    assert {r["id"] for r in lib.user.rows("bookmarks")} == {
        f"{tag}{n}" for tag in ("aa", "bb") for n in (0, 15, 30, 45)
    }
