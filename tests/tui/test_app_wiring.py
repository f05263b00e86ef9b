"""The app's wiring: what screens take it for, reactives that save, signals that reach readers."""

from __future__ import annotations

import inspect

from tui.host import LibraryChange, ReaderHost
from tui.screens.reader import ReaderScreen

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"


def test_the_app_has_everything_screens_ask_of_it(app):
    wanted = set(ReaderHost.__annotations__) | {
        name for name, _ in inspect.getmembers(ReaderHost, inspect.isfunction)
    }
    missing = sorted(name for name in wanted if not hasattr(app, name))
    assert missing == []


async def test_open_section_goes_through_the_app(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.reader, ReaderScreen)
        assert app.open_section(S2, 3)
        await pilot.pause()
        assert app.reader.section.id == S2 and app.reader.view.cursor == 3
        assert not app.open_section("no-such-section")
        assert app.reader.section.id == S2


async def test_the_indent_reactive_reaches_the_reader_and_is_saved(app, library):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.paragraph_indent = 4
        await pilot.pause()
        assert app.reader.view.indent == 4
        await app.workers.wait_for_complete()
    assert library.user.get_setting("paragraph_indent") == 4


async def test_signals_reach_the_reader(app, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(ReaderScreen, "refresh_marks", lambda self: calls.append("marks"))
    monkeypatch.setattr(ReaderScreen, "refresh_library", lambda self: calls.append("external"))
    monkeypatch.setattr(ReaderScreen, "reload_library", lambda self: calls.append("own"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        calls.clear()
        app.marks_changed_signal.publish(None)
        app.library_changed_signal.publish(LibraryChange(external=True))
        app.library_changed_signal.publish(LibraryChange(added=(S1,)))
        await pilot.pause()
        assert calls == ["marks", "external", "own"]


async def test_the_first_frame_is_timed_before_the_work_after_it_begins(app, monkeypatch, tmp_path):
    import tui.app

    out = tmp_path / "paint"
    monkeypatch.setenv(tui.app.BENCH_ENV, str(out))
    # Whether the time was written when the collector came back and the workers started.
    resumed: list[bool] = []
    started: list[bool] = []
    monkeypatch.setattr(tui.app.startgc, "resume", lambda: resumed.append(out.exists()))
    monkeypatch.setattr(app, "run_worker", lambda *a, **k: started.append(out.exists()))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
    wall, cpu = (float(x) for x in out.read_text(encoding="utf-8").split())
    assert wall > 0 and cpu > 0
    assert resumed[:1] == [True]
    assert started and all(started)
