"""Fixtures for the reliability tests: a seeded library, the CLI in-process and as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability_helpers import REPO

from store import Library, open_library
from tui.cli import cli
from tui.cli.common import run_guarded

ENTRY = "from tui.cli import main; main()"


@dataclass
class CliResult:
    """Exit code and captured output of one invocation."""

    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library folder seeded with the shipped briefing."""
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    folder = tmp_path / "lib"
    open_library(folder)
    return folder


@pytest.fixture
def lib(home: Path) -> Library:
    """The seeded library, opened."""
    return open_library(home)


@pytest.fixture
def run_cli(home: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Invoke `briefing --store <home> ARGS` in-process."""

    def invoke(*args: str, store: Path | None = None) -> CliResult:
        capsys.readouterr()
        code = run_guarded(cli, ["--store", str(store or home), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


@dataclass
class ProcResult:
    """Exit code and raw bytes of a `briefing` process."""

    code: int
    out: bytes
    err: bytes


@pytest.fixture
def run_proc(home: Path) -> Callable[..., ProcResult]:
    """Run the real `briefing` entry point as a process, output piped (not a terminal)."""

    def invoke(*args: str, store: Path | None = None, stdin: bytes = b"") -> ProcResult:
        env = {k: v for k, v in os.environ.items() if k != "BRIEFING_HOME"}
        env["PYTHONPATH"] = str(REPO)
        proc = subprocess.run(
            [sys.executable, "-c", ENTRY, "--store", str(store or home), *args],
            input=stdin,
            capture_output=True,
            env=env,
            cwd=REPO,
            timeout=60,
        )
        return ProcResult(proc.returncode, proc.stdout, proc.stderr)

    return invoke
