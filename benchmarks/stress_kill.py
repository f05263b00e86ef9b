"""Crash test: SIGKILL a process that writes notes and bookmarks, at random moments, and check.

A writer (a forked child, so a round costs milliseconds rather than an interpreter start)
opens the library with the real store code and keeps adding notes and bookmarks, deleting
some, saving reading positions, marking sections read or unread (its user journal folded into
user.json every few dozen writes) and, when the importer is available, importing and deleting
briefings. After each write returns it reports it on a pipe. The parent kills it with
SIGKILL after a random delay, then checks that every store file parses (doctor check and
open_library), that the schema is intact, that every write reported done is there and
every delete reported done is gone.

    python benchmarks/stress_kill.py --kills 2000          # `make stress`
    python benchmarks/stress_kill.py --kills 200 --json    # what the test suite runs
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Imported once here, so each forked writer starts warm and spends its life writing.
import store.bookmarks
import store.notes
from store import open_library

with contextlib.suppress(ImportError):
    import store.ingest
    import store.search  # noqa: F401

from stress_check import Model, apply_reports, verify

KEEP_NOTES = 80  # the writer deletes notes beyond this, so the file stays small
KEEP_BRIEFINGS = 3


def _has_importer() -> bool:
    try:
        from store.ingest import parse  # noqa: F401
    except ImportError:
        return False
    return True


def _seed_text() -> str:
    return (Path(__file__).resolve().parent.parent / "content" / "hunan-daily.txt").read_text(
        encoding="utf-8"
    )


# -- the writer (child) -------------------------------------------------------------------
class Writer:
    """Writes through the store's public code and reports each write once it returned."""

    def __init__(self, home: Path, fd: int, rng: random.Random) -> None:
        self.lib = open_library(home, seed=False)
        self.fd = fd
        self.rng = rng
        heads = self.lib.section_heads()
        self.sections = [h for h in heads if h.paragraphs > 0]
        self.importer = _has_importer()

    def say(self, *words: str) -> None:
        os.write(self.fd, (" ".join(words) + "\n").encode())

    def loop(self) -> None:
        ops = [self.add_note, self.add_note, self.add_bookmark, self.delete_some, self.position]
        ops += [self.mark, self.mark]
        if self.importer:
            ops.append(self.import_or_delete)
        while True:
            self.rng.choice(ops)()

    def add_note(self) -> None:
        text = f"笔记 {secrets.token_hex(4)} “衡阳” [bold]x[/]"
        if self.sections:
            from store.notes import add_note

            head = self.rng.choice(self.sections)
            note_id = add_note(self.lib, head.id, 0, text, ["测试"]).id
        else:
            note_id = "n" + secrets.token_hex(5)
            row = {"id": note_id, "section_id": "x-1", "briefing_id": "x", "block": 0}
            self.lib.user.table("notes").insert({**row, "text": text})
        self.say("note", note_id)

    def add_bookmark(self) -> None:
        if self.sections:
            from store.bookmarks import add_bookmark

            head = self.rng.choice(self.sections)
            block = self.rng.randrange(0, head.paragraphs)
            bm_id = add_bookmark(self.lib, head.id, block, label=secrets.token_hex(3)).id
        else:
            bm_id = "b" + secrets.token_hex(5)
            row = {"id": bm_id, "section_id": "x-1", "briefing_id": "x", "block": None}
            self.lib.user.table("bookmarks").insert(row)
        self.say("bookmark", bm_id)

    def delete_some(self) -> None:
        from tinydb import Query

        for table in ("notes", "bookmarks"):
            rows = self.lib.user.table(table).all()
            # Adds outnumber deletes, so delete a few at a time to keep the file small.
            for row in self.rng.sample(rows, min(4, max(0, len(rows) - KEEP_NOTES))):
                victim = str(row["id"])
                self.say("deleting", table, victim)  # intent: the outcome may be either
                self.lib.user.table(table).remove(Query().id == victim)
                self.say("deleted", table, victim)

    def position(self) -> None:
        section = self.rng.choice(self.sections).id if self.sections else "x-1"
        block = self.rng.randrange(0, 50)
        self.say("positioning", section, str(block))
        self.lib.user.set_position(section, block)
        self.say("position", section, str(block))

    def mark(self) -> None:
        section = self.rng.choice(self.sections).id if self.sections else "x-1"
        read = self.rng.random() < 0.7
        self.say("marking", section, str(int(read)))
        self.lib.read_state.mark([section], read=read)
        self.say("marked", section, str(int(read)))

    def import_or_delete(self) -> None:
        briefings = self.lib.briefings()
        if len(briefings) > KEEP_BRIEFINGS:
            victim = self.rng.choice(briefings).id
            self.say("unimporting", victim)
            self.lib.delete_briefing(victim)
            self.say("unimported", victim)
            return
        text = _seed_text() + f"\n\n第{secrets.token_hex(3)}段。\n"
        result = self.lib.import_text(text, origin="stress.txt")
        self.say("imported", result.briefing.id)


def _child(home: Path, fd: int, seed: int) -> None:
    import store.user_storage

    # The user journal is folded into user.json every few dozen writes, so kills land in
    # compactions too.
    store.user_storage.COMPACT_FLOOR = 4096
    try:
        Writer(home, fd, random.Random(seed)).loop()
    finally:
        os._exit(0)


# -- the parent ----------------------------------------------------------------------------
def _read_all(fd: int) -> str:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks).decode()
        chunks.append(chunk)


def run(kills: int, home: Path, *, seed: int = 0, max_delay: float = 0.1) -> dict[str, Any]:
    """Kill `kills` writers at random moments, checking the library after each kill."""
    rng = random.Random(seed)
    lib = open_library(home, seed=_has_importer())
    sections = len(lib.section_heads())
    del lib
    model = Model()
    failures: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(home, write_fd, rng.randrange(2**32))
        os.close(write_fd)
        # Mostly kill mid-run; now and then at start-up or as soon as it could be writing.
        time.sleep(rng.choice([0.0, 0.001, 0.003]) if n % 10 == 0 else rng.uniform(0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        output = _read_all(read_fd)
        os.close(read_fd)
        complete = output.split("\n")[:-1]  # a line cut by the kill was never reported
        open_ended = apply_reports(model, complete)
        problems = verify(home, model, open_ended)
        if problems:
            failures.append({"kill": n + 1, "problems": problems[:5]})
    return {
        "kills": kills,
        "writes_reported": model.reported,
        "writes_verified": model.verified,
        "notes_at_end": len(model.present["notes"]),
        "bookmarks_at_end": len(model.present["bookmarks"]),
        "sections": sections,
        "importer": _has_importer(),
        "seconds": round(time.perf_counter() - started, 2),
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the crash test and print what it found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--max-delay", type=float, default=0.1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-stress-") as scratch:
        home = args.home or Path(scratch) / "lib"
        result = run(args.kills, home, seed=args.seed, max_delay=args.max_delay)
    result["seed"] = args.seed
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            f"{result['kills']} kills survived in {result['seconds']} s; "
            f"{result['writes_reported']} writes reported, {result['writes_verified']} checks of "
            f"reported writes; {len(result['failures'])} failures (seed {args.seed})"
        )
        for failure in result["failures"][:10]:
            print(f"  after kill {failure['kill']}: {'; '.join(failure['problems'])}")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
