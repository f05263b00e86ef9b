"""The entry point: opening the reader skips the command-line machinery; the rest goes to click."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui.cli import reader_only


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--store", "/tmp/lib"], (True, "/tmp/lib")),
        (["--store=/tmp/lib"], (True, "/tmp/lib")),
        (["--store", "/tmp/lib", "list"], (False, None)),
        (["--store", "--help"], (False, None)),
        (["--store="], (False, None)),
        (["--help"], (False, None)),
        (["list"], (False, None)),
    ],
)
def test_reader_only(args: list[str], expected: tuple[bool, str | None]) -> None:
    assert reader_only(args) == expected


def test_importing_the_entry_point_does_not_load_click() -> None:
    code = "import sys, tui.cli; print('click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_damaged_store_on_the_fast_path_is_one_line(tmp_path) -> None:
    (tmp_path / "catalog.json").write_text("{", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", "from tui.cli import main; main()", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "catalog.json" in proc.stderr
    assert (tmp_path / "catalog.json").read_text(encoding="utf-8") == "{"


def test_shell_completion_is_answered_by_click() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from tui.cli import main; main()"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "_BRIEFING_COMPLETE": "bash_source"},
        timeout=60,
    )
    assert proc.returncode == 0
    assert "complete" in proc.stdout and "_BRIEFING_COMPLETE" in proc.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_the_version_is_printed_without_loading_the_command_line_or_the_store(flag) -> None:
    code = (
        "import sys\nfrom tui.cli import main\ntry:\n    main()\nexcept SystemExit as exc:\n"
        "    loaded = sorted(m for m in ('click', 'store', 'textual') if m in sys.modules)\n"
        "    print(exc.code, loaded)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, flag], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.splitlines() == ["briefing, version 0.1.0", "0 []"]


def test_click_prints_the_same_version_line() -> None:
    from click.testing import CliRunner

    from tui.cli.group import cli
    from tui.cli.version import version_line

    assert CliRunner().invoke(cli, ["--version"]).output.strip() == version_line()
