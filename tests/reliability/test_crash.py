"""Guarantee 1: a writer killed with SIGKILL at any moment never damages the store or loses
a write it reported done."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reliability_helpers import REPO

STRESS = REPO / "benchmarks" / "stress_kill.py"
KILLS = 210


def _run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=REPO, timeout=timeout
    )


def test_sigkill_at_random_moments_loses_nothing_reported(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    proc = _run(
        str(STRESS),
        "--kills",
        str(KILLS),
        "--seed",
        "20261126",
        "--max-delay",
        "0.15",
        "--json",
        "--home",
        str(home),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["kills"] == KILLS
    assert result["failures"] == []
    # The writers did real work between kills, and every reported write was looked for.
    # How far each writer gets depends on how busy the machine is; on an idle one most write,
    # on a loaded one fewer do. Enough must have written for the checks to mean something.
    assert result["writes_reported"] >= 20
    assert result["writes_verified"] >= result["writes_reported"]
    assert result["notes_at_end"] > 0 and result["bookmarks_at_end"] > 0


NAIVE = """
import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
sys.path.insert(0, {bench!r})
import store.storage

def in_place(path, payload):
    # What TinyDB's own JSONStorage does: truncate, then write in pieces.
    with open(path, "wb") as handle:
        for i in range(0, len(payload), 512):
            handle.write(payload[i : i + 512])
            handle.flush()

store.storage.atomic_write_bytes = in_place
import stress_kill
result = stress_kill.run(40, Path({home!r}), seed=7, max_delay=0.1)
print(len(result["failures"]))
"""


def test_the_crash_check_catches_an_in_place_writer(tmp_path: Path) -> None:
    # Without atomic replacement the same kills leave truncated files, and the check says so.
    script = NAIVE.format(
        repo=str(REPO), bench=str(REPO / "benchmarks"), home=str(tmp_path / "lib")
    )
    proc = _run("-c", script, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) > 0
