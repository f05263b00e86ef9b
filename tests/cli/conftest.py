"""Run the CLI in-process and capture what it prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.cli import cli
from tui.cli.common import run_guarded


@dataclass
class CliResult:
    """Exit code and captured output of one invocation."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Invoke `briefing --store <tmp> ARGS` and return its result."""
    home = tmp_path / "lib"
    monkeypatch.delenv("BRIEFING_HOME", raising=False)

    def invoke(*args: str, store: Path | None = None) -> CliResult:
        capsys.readouterr()
        code = run_guarded(cli, ["--store", str(store or home), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    invoke.home = home  # type: ignore[attr-defined]
    return invoke
