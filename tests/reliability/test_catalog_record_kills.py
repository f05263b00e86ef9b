"""Writers that trust the journal's checked record, killed at any moment: every change they
reported is kept, lookups agree with a whole read, and `seq` never repeats."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from reliability_helpers import REPO

from store.catalog import JOURNAL, Catalog
from store.catalog_checked import read_record
from store.catalog_journal import journal_header

# Each change is made by a new Catalog, as a new `briefing import` process would: it checks
# the journal from the record the last writer left, looks up its id and the highest seq,
# appends, and leaves a new record. It reports each change once it returned.
WRITER = """
import os, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from store.catalog import Catalog
home = Path({home!r})
n = {start}
while True:
    n += 1
    bid = "%010x" % n
    cat = Catalog(home)
    rows, top = cat.lookup([bid])
    if n % 5 == 0:
        os.write(1, b"deleting %d\\n" % (n - 3))
        cat.delete(["%010x" % (n - 3)])
        os.write(1, b"del %d\\n" % (n - 3))
    cat.put([{{"id": bid, "title": "t" * (n % 40), "content_hash": "h", "seq": top + 1}}])
    os.write(1, b"put %d\\n" % n)
"""


def test_killed_writers_lose_nothing_they_reported_and_seq_never_repeats(tmp_path: Path):
    rng = random.Random(7)
    home = tmp_path / "lib"
    home.mkdir()
    live: set[int] = set()
    gone: set[int] = set()
    start = 0
    for _ in range(8):
        code = WRITER.format(repo=str(REPO), home=str(home), start=start)
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # killed once it writes, however slow its start
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        out = first + proc.communicate()[0]
        for op, n in re.findall(rb"(put|deleting|del) (\d+)", out):
            if op == b"put":
                live.add(int(n))
            else:  # a delete begun may have been done, one reported was
                live.discard(int(n))
                if op == b"del":
                    gone.add(int(n))
        whole = Catalog(home).state()
        found = {int(bid, 16) for bid in whole}
        # Every reported change is there (one made but not reported yet may be too).
        assert live <= found and not gone & found
        seqs = [row["seq"] for row in whole.values()]
        assert len(seqs) == len(set(seqs))
        wanted = [f"{n:010x}" for n in range(1, max(found, default=0) + 2)]
        rows, top = Catalog(home).lookup(wanted[-16:])
        assert rows == {bid: whole[bid] for bid in wanted[-16:] if bid in whole}
        assert top >= max(seqs, default=0)
        record = read_record(home)
        raw = (home / JOURNAL).read_bytes()
        with (home / JOURNAL).open("rb") as fh:
            token = journal_header(fh.fileno(), home / JOURNAL)
        if record is not None and token is not None and record.holds(token[0], raw):
            # What the record says of the journal's first lines is what they hold.
            top_lines = max(map(int, re.findall(rb'"seq":(\d+)', raw[: record.end])), default=0)
            assert record.seq == top_lines
            assert record.lines == raw[: record.end].count(b"\n")
        start = max(found | gone, default=0) + 1
