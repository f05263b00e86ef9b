"""Failures outside the running app: a store that cannot open, and the error log itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.errors import LOG_MAX_BYTES, error_log_path, write_error_log

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "content, expected",
    [
        ('{"meta": {"1": {"schema": 1}}, "briefings": {"1": ', "not valid JSON"),
        ('{"meta": {"1": {"schema": 999}}}', "schema version 999 is newer"),
    ],
)
def test_cli_reports_an_unopenable_store_in_one_line(tmp_path, content, expected):
    store = tmp_path / "lib"
    store.mkdir()
    (store / "catalog.json").write_text(content)
    run = subprocess.run(
        [sys.executable, "-m", "tui", "--store", str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("briefing: ") and expected in lines[0]
    assert "Traceback" not in run.stderr


def test_a_full_log_is_rotated(tmp_path):
    home = tmp_path / "lib"
    log = error_log_path(home)
    log.parent.mkdir(parents=True)
    log.write_text("x" * (LOG_MAX_BYTES + 1))
    try:
        raise LookupError("after rotation")
    except LookupError as exc:
        assert write_error_log(home, exc, "test") == log
    assert (log.parent / "errors.log.1").stat().st_size == LOG_MAX_BYTES + 1
    text = log.read_text()
    assert text.startswith("--- ") and "LookupError: after rotation" in text
