"""The cycle collector is off while the reader builds its first frame, and on again after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import startgc
from tui.app import BriefingApp
from tui.cli import open_reader


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the collector is on afterwards and `pause` remembers nothing."""
    yield
    startgc.resume()
    gc.enable()


def test_pause_turns_the_collector_off_until_resume() -> None:
    startgc.pause()
    assert not gc.isenabled() and startgc.paused()
    startgc.resume()
    assert gc.isenabled() and not startgc.paused()
    startgc.resume()  # a second resume changes nothing
    assert gc.isenabled()


def test_resume_leaves_off_a_collector_someone_else_turned_off() -> None:
    gc.disable()
    startgc.pause()
    assert not startgc.paused()
    startgc.resume()
    assert not gc.isenabled()


async def test_the_first_frame_turns_the_collector_back_on(app: BriefingApp) -> None:
    startgc.pause()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.reader is not None and app.reader.section is not None
        assert gc.isenabled() and not startgc.paused()


async def test_an_app_started_without_a_pause_leaves_the_collector_alone(
    app: BriefingApp,
) -> None:
    gc.disable()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert not gc.isenabled()


def test_a_reader_that_cannot_open_turns_the_collector_back_on(tmp_path: Path) -> None:
    (tmp_path / "catalog.json").write_text("{", encoding="utf-8")
    assert open_reader(str(tmp_path)) == 1
    assert gc.isenabled() and not startgc.paused()
