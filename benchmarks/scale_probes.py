"""The small programs the scale benchmark runs in processes of their own."""

from __future__ import annotations

from startup import READER

# A Python process answering a query from SQLite FTS5 (trigram) over the same sections.
FTS_QUERY = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = sys.argv[2]
if len(q) >= 3:
    p = '"' + q.replace('"', '""') + '"'
    rows = db.execute("SELECT rowid, snippet(t, 0, '[', ']', '…', 16) FROM t WHERE t MATCH ? "
                      "ORDER BY rank LIMIT 20", (p,)).fetchall()
    total = db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (p,)).fetchone()[0]
else:
    rows = db.execute("SELECT rowid FROM t WHERE instr(body, ?) > 0 LIMIT 20", (q,)).fetchall()
    total = db.execute("SELECT count(*) FROM t WHERE instr(body, ?) > 0", (q,)).fetchone()[0]
print(total)
"""

# One round of cold in-process searches: the process first searches the round's last query
# untimed (imports, the heap, the rows file's columns, the widths of common characters: what
# any process that has searched once holds), then times each other query once, every segment
# opened afresh before it (header checks only): so a timed search is the first of that query in
# its process, and nothing it reads or works out is kept from an identical query.
IN_PROCESS = """
import json, sys, time
from store import open_library
from store.search import index, search
lib = open_library(sys.argv[1], seed=False)
order = json.loads(sys.argv[2])
index.sync(lib)
def fresh():
    h = index.handle(lib.home)
    with h.mutex:
        h.opened.clear()
        h.view, h.stamp = None, ()
        h.load().checked = True
fresh()
search(lib, order[-1][1], limit=20)
out = {}
for name, q in order[:-1]:
    fresh()
    t, c = time.perf_counter(), time.process_time()
    res = search(lib, q, limit=20)
    out[name] = [time.perf_counter() - t, res.total, time.process_time() - c]
print(json.dumps(out))
"""

# The peak RSS of this process image in KiB. Linux carries the high-water mark of the image
# an exec replaced into ru_maxrss, so a child of a large process would report the parent's
# size; VmHWM counts this image alone.
PEAK_RSS = """
import resource
def _peak_kb():
    try:
        with open('/proc/self/status') as f:
            return next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

RSS_READER = READER.replace(
    "main([",
    PEAK_RSS + "import atexit\n"
    "atexit.register(lambda: open(sys.argv[2], 'w').write(str(_peak_kb())))\nmain([",
)

# The index's keys (the codes of its characters and pairs of characters): how many distinct
# ones, and how many entries all segments hold together; the first grows with the text's
# variety, which generated text lacks.
INDEX_KEYS = """
import json, sys
from pathlib import Path
from store.search.segment import Segment
idx = Path(sys.argv[1]) / 'index'
names = [s['name'] for s in json.loads((idx / 'index.json').read_text())['segments']]
union, entries = set(), 0
for name in names:
    seg = Segment(idx / name)
    codes = seg.codes('keys')
    union.update(codes)
    entries += len(codes)
    seg.close()
print(json.dumps([len(names), len(union), entries]))
"""
