"""A command run as the whole process loads with the cycle collector off, keeps what it loaded
from the collector, and runs with the collector on; a caller passing arguments in-process
keeps its collector as it was."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui import startgc

# What the process looks like when the command returns, written at exit.
PROBE = (
    "import atexit, gc, json, sys\n"
    "from tui import startgc\n"
    "seen = {}\n"
    "import tui.cli.group as g\n"
    "real = g.LazyGroup.get_command\n"
    "def spy(self, ctx, name):\n"
    "    seen.setdefault('loading', not gc.isenabled())\n"
    "    return real(self, ctx, name)\n"
    "g.LazyGroup.get_command = spy\n"
    "atexit.register(lambda: print(json.dumps({**seen, 'on': gc.isenabled(),"
    " 'frozen': gc.get_freeze_count(), 'paused': startgc.paused()}), file=sys.stderr))\n"
    "from tui.cli import main\n"
    "sys.argv = ['briefing', *sys.argv[1:]]\n"
    "main()\n"
)


def _probe(tmp_path: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--store", str(tmp_path / "lib"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_a_whole_process_command_loads_frozen_and_runs_collected(tmp_path: Path) -> None:
    got = _probe(tmp_path, "list", "--json")
    assert got["loading"] is True  # the command's module loaded with the collector off
    assert got["on"] is True and got["paused"] is False
    assert got["frozen"] > 10_000  # start-up's objects kept from the collector


@pytest.mark.parametrize("args", [["--help"], ["no-such-command"]])
def test_the_collector_is_on_again_when_no_command_loads(tmp_path: Path, args) -> None:
    got = _probe(tmp_path, *args)
    assert got["on"] is True and got["paused"] is False


def test_an_in_process_caller_keeps_its_collector(tmp_path: Path) -> None:
    from tui.cli import main

    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit):
        main(["--store", str(tmp_path / "lib"), "list", "--json"])
    assert gc.isenabled() and not startgc.paused()
    assert gc.get_freeze_count() == frozen
