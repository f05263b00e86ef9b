"""The reader survives failures: errors are logged with a traceback, shown, and the app goes on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import idle, notices
from textual import events
from textual.screen import ModalScreen
from textual.widgets import Static

from store.errors import WriteFailed
from tui.app import BriefingApp
from tui.errors import (
    BURST_LIMIT,
    ErrorGuard,
    error_log_path,
)
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

ROOT = Path(__file__).resolve().parents[2]


def errors_shown(app: BriefingApp) -> list[str]:
    return notices(app, "error")


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for a condition without Pilot (which waits on every widget, dead ones too)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached")


@pytest.fixture(autouse=True)
def lenient(strict_errors: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests cause errors on purpose and check that the app survives them."""
    monkeypatch.setattr(ErrorGuard, "STRICT_ERRORS", False)


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_failing_action_is_logged_shown_and_survived(app, monkeypatch):
    def boom(self: ReaderScreen) -> None:
        raise RuntimeError("boom in next block")

    monkeypatch.setattr(ReaderScreen, "action_next_block", boom)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert app.is_running
        log = error_log_path(app.library.home)
        shown = errors_shown(app)
        assert len(shown) == 1
        assert "RuntimeError: boom in next block" in shown[0] and str(log) in shown[0]
        text = log.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" in text
        assert "RuntimeError: boom in next block" in text
        assert "action next_block" in text
        # The reader still answers keys.
        await pilot.press("G")
        assert reader(app).view.cursor == reader(app).view.block_count - 1


async def test_store_error_in_an_action_is_a_notification(app, monkeypatch):
    def full(*_args: object, **_kwargs: object) -> None:
        raise WriteFailed("/x/user.json", "no space left on the device")

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app.library.user, "set_setting", full)
        # The theme is saved in a worker which reports store errors itself; an action that
        # writes directly must be caught by the app.
        monkeypatch.setattr(
            ReaderScreen, "action_top", lambda self: app.library.user.set_setting("k", 1)
        )
        await pilot.press("g")
        await pilot.pause()
        assert app.is_running
        shown = errors_shown(app)
        assert shown == [
            "could not write /x/user.json: no space left on the device"
            " (the previous file is intact)"
        ]
        await pilot.press("j")
        assert reader(app).view.cursor == 1


async def test_position_save_on_full_disk_keeps_reading(app, monkeypatch):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()

        def full(*_args: object) -> None:
            raise WriteFailed(app.library.user.path, "no space left on the device")

        # Every write of a position (or a read mark) goes through the user file's `change`.
        monkeypatch.setattr(app.library.user, "change", full)
        await pilot.press("j", "j")
        # The position is saved once the cursor rests, off the event loop: it fails there.
        await until(lambda: any("no space left on the device" in m for m in notices(app)))
        await idle(pilot)
        assert app.is_running
        await pilot.press("j")
        assert reader(app).view.cursor == 3
        # Told once: moving on, each position failing alike adds no notice a key.
        await pilot.press("right_square_bracket", "right_square_bracket", "j", "j")
        reader(app).flush_position()
        await idle(pilot)
        assert sum("no space left on the device" in m for m in notices(app)) == 1
        monkeypatch.undo()  # the disk has room again; the next failure is told again
        await pilot.press("j")
        reader(app).flush_position()
        monkeypatch.setattr(app.library.user, "change", full)
        await pilot.press("j")
        reader(app).flush_position()
        await idle(pilot)
        assert sum("no space left on the device" in m for m in notices(app)) == 2


async def test_failing_screen_handler_keeps_the_screen_alive(app, monkeypatch, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = reader(app)
        original = ReaderScreen.on_section_view_cursor_moved
        calls = []

        def flaky(self: ReaderScreen, event: SectionView.CursorMoved) -> None:
            calls.append(event.block)
            if len(calls) == 1:
                raise KeyError("flaky handler")
            original(self, event)

        monkeypatch.setattr(ReaderScreen, "on_section_view_cursor_moved", flaky)
        await pilot.press("j")
        await pilot.pause()
        assert any("KeyError" in m for m in errors_shown(app))
        # The screen's message loop is still running: the next move updates the status line.
        await pilot.press("j")
        await pilot.pause()
        assert calls == [1, 2]
        assert screen.view.cursor == 2 and "¶ 3/" in shown(app)
        assert app.is_running


async def test_dead_widget_rebuilds_the_reader(app, monkeypatch):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j", "j")
        old = reader(app)

        def boom(self: SectionView, event: object) -> None:
            raise ValueError("click failed")

        monkeypatch.setattr(SectionView, "on_click", boom)
        old.view.post_message(events.Click(old.view, 10, 5, 0, 0, 1, False, False, False))
        await until(lambda: reader(app) is not old and reader(app).is_mounted)
        await pilot.pause()
        assert any("ValueError: click failed" in m for m in errors_shown(app))
        new = reader(app)
        assert app.screen is new and not old.is_attached
        # The new reader opens where the old one was.
        assert new.section is not None and new.section.id == "c3398b5e8e-1"
        assert new.view.cursor == 2
        await pilot.press("j")
        assert new.view.cursor == 3


class Broken(ModalScreen[None]):
    def compose(self):
        yield Static("broken")

    def on_mount(self) -> None:
        raise RuntimeError("dialog failed to open")


async def test_modal_that_fails_to_mount_is_closed(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.push_screen(Broken())
        # The notice is posted after the dialog is closed: wait for both on a busy machine.
        await until(
            lambda: (
                len(app.screen_stack) == 1
                and any("dialog failed to open" in m for m in errors_shown(app))
            )
        )
        assert isinstance(app.screen, ReaderScreen)
        # The reader may still be settling after the dialog was closed on a busy machine.
        await until(lambda: reader(app).view.cursor == 0)
        await pilot.press("j")
        await until(lambda: reader(app).view.cursor == 1)


async def test_failing_worker_is_reported(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()

        def work() -> None:
            raise OSError("worker went wrong")

        app.run_worker(work, thread=True)
        await until(lambda: bool(app.reported_errors))
        await pilot.pause()
        assert app.is_running
        assert any("OSError: worker went wrong" in m for m in errors_shown(app))
        assert "OSError: worker went wrong" in error_log_path(app.library.home).read_text()


async def test_unwritable_log_still_shows_the_error(app, monkeypatch):
    (app.library.home / "logs").write_text("not a folder")

    monkeypatch.setattr(ReaderScreen, "action_next_block", lambda self: 1 / 0)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert app.is_running
        shown = errors_shown(app)
        assert len(shown) == 1 and "ZeroDivisionError" in shown[0]
        assert "Details in" not in shown[0]


async def test_hostile_error_text_is_not_markup(app, monkeypatch):
    def boom(self: ReaderScreen) -> None:
        raise RuntimeError("[bold red]x[/] [link=http://e]\x1b[31m")

    monkeypatch.setattr(ReaderScreen, "action_next_block", boom)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert app.is_running
        shown = errors_shown(app)
        assert "[bold red]x[/] [link=http://e]" in shown[0]
        assert "\x1b" not in shown[0]
        notes = [n for n in app._notifications if n.severity == "error"]
        assert notes[0].markup is False


async def test_a_burst_of_errors_ends_the_app_with_one_line(app, capsys):
    with pytest.raises(RuntimeError, match="every frame"):
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()

            def fail() -> None:
                raise RuntimeError("every frame")

            app.set_interval(0.01, fail)
            for _ in range(200):
                await pilot.pause(0.01)
                if not app.is_running:
                    break
    assert app.return_code == 1
    assert len(app.reported_errors) == BURST_LIMIT + 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: unexpected error: RuntimeError: every frame")
    assert lines[0].endswith(f"(details in {error_log_path(app.library.home)})")
    assert "Traceback" not in err


async def test_a_failed_start_ends_with_one_line_and_code_1(library, capsys):
    class Unstyled(BriefingApp):
        CSS_PATH = "missing-styles.tcss"

    app = Unstyled(library)
    with pytest.raises(Exception, match=r"missing-styles\.tcss"):
        async with app.run_test(size=(100, 32)):
            pass
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("briefing: unexpected error: StylesheetError:")
    assert "Traceback" not in err
    assert "StylesheetError" in error_log_path(library.home).read_text()


async def test_a_failing_key_held_down_never_ends_the_app(app, monkeypatch):
    def boom(self: ReaderScreen) -> None:
        raise RuntimeError("still broken")

    monkeypatch.setattr(ReaderScreen, "action_next_block", boom)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*["j"] * (BURST_LIMIT + 10))
        await pilot.pause()
        assert app.is_running
        assert len(app.reported_errors) == BURST_LIMIT + 10
        # One notification while it is up, not thirty.
        assert len(errors_shown(app)) == 1
        await pilot.press("G")
        assert reader(app).view.cursor == reader(app).view.block_count - 1
