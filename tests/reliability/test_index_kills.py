"""The search index under kills, a full disk and other processes: a process that keeps its
library open answers as a fresh one does, and a failed index write costs nothing else."""

from __future__ import annotations

import errno
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from index_damage import PAGES, answers_of, build, copy, scan
from reliability_helpers import REPO, one_line

from store import BriefingError, open_library
from store.bookmarks import add_bookmark
from store.notes import add_note
from store.search import index, search, segwrite

# Imports variants of the fixture pages (each a new briefing, so segments pile up and merge),
# deletes some, merges the small segments, and searches, until it is killed.
CHURN = """
import random, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from store import open_library
from store.search import index, search, tidy
lib = open_library(Path({home!r}), seed=False)
index.register(lib)
pages = [Path(p).read_bytes() for p in {pages!r}]
rng = random.Random({seed})
n = 0
print("ready", flush=True)
while True:
    n += 1
    text = pages[n % len(pages)].decode("utf-8", "ignore") + f"\\n\\n第{{rng.random()}}号附记。\\n"
    lib.import_text(text, origin=f"churn-{{n}}.txt")
    if n % 5 == 0:
        ids = [b.id for b in lib.briefings()]
        lib.delete_briefing(rng.choice(ids))
    if n % 7 == 0:
        search(lib, "衡阳")
    if n % 3 == 0:
        tidy.tidy(lib.home)  # the small segments merged, as after a one-page import
    if n % 11 == 0:
        index.rebuild(lib)
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("pristine") / "lib"
    build(home)
    return home


def _churn(home: Path, seed: int) -> subprocess.Popen[bytes]:
    utf8 = [str(p) for p in PAGES if p.name.endswith(".utf8.txt")]
    script = CHURN.format(repo=str(REPO), home=str(home), pages=utf8, seed=seed)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    return proc


def _fresh_look(home: Path) -> str:
    """What a new process's searches come to ("right ..." when all agree with a scan)."""
    script = str(REPO / "benchmarks" / "stress_index.py")
    judged = subprocess.run(
        [sys.executable, script, "--judge", str(home)], capture_output=True, text=True, timeout=120
    )
    return judged.stdout + judged.stderr


def test_kills_during_merges_never_leave_a_wrong_answer(pristine: Path, tmp_path: Path) -> None:
    home = copy(pristine, tmp_path / "lib")
    rng = random.Random(15)
    index.forget_handles()
    held = open_library(home, seed=False)  # a long-running process's library, all rounds long
    assert not answers_of(held, scan(held))
    disagreements, rounds, changed = [], 8, 0
    for r in range(rounds):
        count = len(held.briefings())
        proc = _churn(home, r)
        time.sleep(rng.uniform(0.2, 1.2))
        if proc.poll() is not None:
            pytest.fail(proc.stderr.read().decode() if proc.stderr else "the writer died")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = open_library(home, seed=False)
        changed += len(now.briefings()) != count

        # A new process's answers (judged against a scan by the stress script's judge) and
        # the held library's, whose view was loaded before the writer ran; either goes first.
        for look in ("fresh", "held") if r % 2 else ("held", "fresh"):
            if look == "fresh":
                said = _fresh_look(home)
                if not said.startswith("right"):
                    disagreements.append(f"round {r}, fresh: {said}")
            else:
                disagreements += [f"round {r}, held: {w}" for w in answers_of(held, scan(now))]
    assert disagreements == []
    assert changed >= rounds // 2  # the writer got far enough to change the library
    leftovers = [p.name for p in (home / "index").iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1  # at most the one a killed writer was writing


def test_a_held_library_sees_an_index_replaced_by_another_process(
    pristine: Path, tmp_path: Path
) -> None:
    home = copy(pristine, tmp_path / "lib")
    index.forget_handles()
    held = open_library(home, seed=False)
    before = search(held, "衡阳").total
    word = "麒麟湖量子"
    other = (
        f"import shutil, sys; sys.path.insert(0, {str(REPO)!r})\n"
        "from pathlib import Path\n"
        "from store import open_library\n"
        "from store.search import index, search\n"
        f"home = Path({str(home)!r})\n"
        "shutil.rmtree(home / 'index')\n"
        "lib = open_library(home, seed=False)\n"
        "index.register(lib)\n"
        f"text = '麒麟日报\\n\\n{word}的新闻\\n\\n{word}今年迎来了很多游客。\\n'\n"
        "lib.import_text(text, origin='q.txt')\n"
        f"assert search(lib, {word!r}).total == 1\n"
    )
    subprocess.run([sys.executable, "-c", other], check=True, timeout=120)
    assert search(held, word).total == 1
    assert search(held, "衡阳").total == before
    assert not answers_of(held, scan(open_library(home, seed=False)))


class _FullDisk:
    """A file whose writes fail with ENOSPC once `room` bytes are written."""

    def __init__(self, path: Path, mode: str, room: int) -> None:
        self._handle = open(path, mode)  # noqa: SIM115 - closed by __exit__
        self._room = room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._handle.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._handle.write(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


@pytest.mark.parametrize("room", [0, 100, 5000])
def test_a_full_disk_while_indexing_leaves_no_temp_file_and_notes_still_save(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    home = copy(pristine, tmp_path / "lib")
    for seg in (home / "index").glob("seg-*"):
        seg.unlink()  # the next search must write segments
    index.forget_handles()
    lib = open_library(home, seed=False)
    monkeypatch.setattr(segwrite, "open", lambda p, m: _FullDisk(p, m, room), raising=False)
    with pytest.raises(BriefingError) as failed:
        search(lib, "衡阳")
    message = str(failed.value)
    assert one_line(message + "\n") and "no space left" in message and str(home) in message
    assert not [p for p in (home / "index").iterdir() if p.name.endswith(".tmp")]
    section = next(iter(lib.iter_sections()))
    add_note(lib, section.id, 0, "写满了也能记")
    add_bookmark(lib, section.id, 0)
    new = lib.import_text("麒麟日报\n\n湖边新闻\n\n麒麟湖今年迎来了很多游客。\n", origin="q.txt")
    assert new.status == "imported"  # the index update failed quietly; the import stands
    monkeypatch.undo()
    assert not answers_of(lib, scan(lib))
    assert search(lib, "麒麟湖").total == 1
