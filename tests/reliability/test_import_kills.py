"""A folder import killed at any moment: no process of it lives on, and searches stay right."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from index_damage import PAGES, answers_of, build, copy, scan
from reliability_helpers import REPO

from store import open_library
from store.search import index

# Small batches and segments, so segments are being built from the first files on.
IMPORT = """
import sys
sys.path.insert(0, {repo!r})
sys.argv = ["briefing", "--store", {home!r}, "import", {folder!r}]
from store import bulk_pool
from store.search import upkeep
bulk_pool.BATCH_FILES, upkeep.BATCH = 4, 60
from tui.cli import main
main()
"""


def _folder(folder: Path, count: int) -> Path:
    """Variants of the fixture pages (each a new briefing), enough to need worker processes."""
    folder.mkdir()
    pages = [p.read_text(encoding="utf-8") for p in PAGES if p.name.endswith(".utf8.txt")]
    for n in range(count):
        text = pages[n % len(pages)] + f"\n\n第{n}号附记。\n"
        (folder / f"p{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _group_left(pgid: int) -> list[int]:
    """Processes still alive in the killed import's process group."""
    left = []
    for p in psutil.process_iter(["pid", "status"]):
        try:
            if os.getpgid(p.pid) == pgid and p.info["status"] != psutil.STATUS_ZOMBIE:
                left.append(p.pid)
        except (ProcessLookupError, psutil.Error):
            continue
    return left


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("pristine") / "lib"
    build(home)
    return home


def test_a_killed_folder_import_leaves_no_process_and_no_wrong_answer(
    pristine: Path, tmp_path: Path
) -> None:
    folder = _folder(tmp_path / "pages", 120)
    rng = random.Random(7)
    for r in range(3):
        home = copy(pristine, tmp_path / f"lib{r}")
        script = IMPORT.format(repo=str(REPO), home=str(home), folder=str(folder))
        proc = subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: its workers and builders too
        )
        assert proc.stdout is not None
        for _ in range(rng.randrange(10, 110)):  # a line per file imported
            if not proc.stdout.readline():
                pytest.fail("the import ended before it was killed")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while _group_left(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _group_left(proc.pid) == [], f"round {r}: processes outlived the import"
        index.forget_handles()
        lib = open_library(home, seed=False)
        assert not answers_of(lib, scan(lib)), f"round {r}"
