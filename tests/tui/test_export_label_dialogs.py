"""Pilot tests of the export dialog and the bookmark label prompt: scopes, failed writes, typing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pilot_helpers import notices, press_to, until
from textual import events
from textual.widgets import Input

import store.bookmarks
import store.notes
from store.bookmarks import add_bookmark, list_bookmarks
from store.errors import WriteFailed
from store.notes import add_note
from tui.app import BriefingApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.confirm import PromptScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.reader import ReaderScreen

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"
CONTENT = Path(__file__).resolve().parents[2] / "content"
T0 = datetime(2024, 5, 1, 8, tzinfo=UTC)
SIZE = (100, 32)


def errors_shown(app: BriefingApp) -> list[str]:
    return notices(app, "error")


def full_disk(*_args: object, **_kwargs: object) -> None:
    raise WriteFailed("/lib/user.json", "no space left on the device")


async def test_export_dialog_into_a_folder_and_a_failed_write_keeps_it_open(
    app, library, tmp_path, monkeypatch
):
    from tui.screens import export_dialog

    add_note(library, S1, 0, "导出我", now=T0)
    add_bookmark(library, S1, None, now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "x", ExportDialog)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#summary").content.plain == "1 note and 1 bookmark"
        from textual.widgets import Select

        dialog.query_one("#format", Select).value = "csv"
        await pilot.pause()
        summary = dialog.query_one("#summary").content.plain
        assert summary == "1 note (CSV holds no bookmarks: 1 left out)"
        dialog.query_one("#format", Select).value = "md"
        await pilot.pause()
        dialog.query_one("#path", Input).value = str(tmp_path)
        monkeypatch.setattr(export_dialog, "write_file", full_disk)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog and any("no space left" in m for m in errors_shown(app))
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    (written,) = tmp_path.glob("briefing-notes-*.md")
    assert "导出我" in written.read_text(encoding="utf-8")


async def test_export_dialog_shows_the_tag_box_only_for_the_tag_scope(app, library):
    from textual.widgets import Select

    add_note(library, S1, 0, "甲", ["衡阳"], now=T0)
    add_note(library, S2, 1, "乙", ["市长"], now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "x", ExportDialog)
        await pilot.pause()
        dialog = app.screen
        tag = dialog.query_one("#tag", Input)
        assert not tag.display
        dialog.query_one("#scope", Select).value = "tag"
        await pilot.pause()
        assert tag.display and tag.has_focus
        await pilot.press(*"市长")
        await pilot.pause()
        assert dialog.scope().tag == "市长"
        assert "notes: 1" in dialog.text and "乙" in dialog.text and "甲" not in dialog.text


async def test_a_briefing_title_with_markup_shows_literally_in_the_export_dialog(library, tmp_path):
    from textual.widgets import Select

    page = tmp_path / "[bold red]报 [@click=app.quit]x.txt"
    page.write_text((CONTENT / "hunan-daily.txt").read_text(encoding="utf-8") + "\n补一句。\n")
    briefing = library.import_file(page).briefing
    app = BriefingApp(library, start_section=briefing.sections[0].id)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "x", ExportDialog)
        await pilot.pause()
        app.screen.query_one("#scope", Select).value = "briefing"
        await pilot.pause()
        await pilot.pause()
        shown = "\n".join(
            "".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()
        )
        # The select wraps the long prompt: both halves show, literally.
        assert "This briefing: [bold red]报" in shown and "[@click=app.quit]x" in shown
        assert "[bold red]报 [@click=app.quit]x" in briefing.title
        assert app.is_running


async def test_a_label_that_cannot_be_saved_stays_in_its_prompt(app, library, monkeypatch):
    from tui.screens import bookmarks

    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "m", PromptScreen)
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        monkeypatch.setattr(store.bookmarks, "rename_bookmark", full_disk)
        await pilot.press(*"要点", "enter")
        await until(pilot, lambda: errors_shown(app))
        await pilot.pause()
        assert app.screen is prompt and prompt.query_one(Input).value == "要点"
        assert any("no space left" in m for m in errors_shown(app))
        monkeypatch.undo()
        await press_to(pilot, "enter", ReaderScreen)
        await press_to(pilot, "B", BookmarksScreen)
        prompt = await press_to(pilot, "r", PromptScreen)
        monkeypatch.setattr(bookmarks, "rename_bookmark", full_disk)
        prompt.query_one(Input).value = "新标签"
        await pilot.press("enter")
        await until(pilot, lambda: len(errors_shown(app)) == 2)
        await pilot.pause()
        assert app.screen is prompt and prompt.query_one(Input).value == "新标签"
    (entry,) = list_bookmarks(library)
    assert entry.bookmark.label == "要点"


@pytest.mark.parametrize("settled", [False, True])
async def test_a_label_typed_in_a_burst_is_saved_as_shown(app, library, settled):
    # As from a fast typist: every key queued before the first is handled. ctrl+u used to
    # run after 重点 was typed (a key binding waits until the key bubbles up to the app), and
    # keys that came before the prompt's box had focus were dropped.
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "m")
        if settled:
            await pilot.pause()
        keys = [("a", "a"), ("b", "b"), ("c", "c"), ("ctrl+u", None)]
        keys += [("重", "重"), ("点", "点"), ("backspace", None), ("点", "点"), ("enter", "\r")]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        # The bookmark is made at once; the prompt names it, then closes on enter.
        await until(
            pilot,
            lambda: (
                list_bookmarks(library)
                and not any(isinstance(s, PromptScreen) for s in app.screen_stack)
            ),
        )
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    (bookmark,) = list_bookmarks(library)
    assert bookmark.bookmark.label == "重点"
