"""Fixtures for the reader app: a seeded temporary library and screen text helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_helpers import WAIT, has_filled_outline, keep_notices, screen_text, until
from textual.app import App

from store import Library, open_library
from tui.app import BriefingApp
from tui.errors import ErrorGuard

SEED_IDS = ("c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3")


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """A fresh library in a temporary folder, seeded with the embedded Hunan Daily page."""
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    return open_library(home=tmp_path / "lib")


@pytest.fixture(autouse=True)
def strict_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error the app reports and survives still fails the test that caused it."""
    monkeypatch.setattr(ErrorGuard, "STRICT_ERRORS", True)


@pytest.fixture(autouse=True)
def notices_kept() -> Iterator[None]:
    """Every notice an app gives is kept for `pilot_helpers.notices`, past its timeout (a
    patch of its own, which a test's `monkeypatch.undo()` leaves in place)."""
    with pytest.MonkeyPatch.context() as patch:
        keep_notices(patch)
        yield


@pytest.fixture
def app(library: Library) -> BriefingApp:
    """The reader on the seeded library."""
    return BriefingApp(library)


@pytest.fixture
def shown():
    """A function giving the current screen of an app as text."""
    return screen_text


async def _outline_filled(pilot, app: App, timeout: float = WAIT) -> None:
    await until(pilot, lambda: has_filled_outline(app), timeout, "the outline is filled")


@pytest.fixture
def outline_filled():
    """A function waiting until the reader's outline, filled after the first frame, lists the
    briefings (`await outline_filled(pilot, app)`)."""
    return _outline_filled
