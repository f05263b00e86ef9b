"""Pilot tests of bookmarks, notes and export in the reader, and snapshots of their screens."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pilot_helpers import press_to
from textual.app import App
from textual.widgets import Input, OptionList, TextArea

import tui
from store import Library
from store.bookmarks import add_bookmark, get_bookmark, list_bookmarks
from store.notes import add_note, block_text, get_note, list_notes
from tui.app import BriefingApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.confirm import ConfirmScreen, PromptScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.note_dialog import NoteDialog
from tui.screens.notes import NotesScreen
from tui.screens.reader import ReaderScreen

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"
T0 = datetime(2024, 5, 1, 8, tzinfo=UTC)
SIZE = (100, 32)


def reader(app: BriefingApp) -> ReaderScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, ReaderScreen))
    return screen


async def test_m_bookmarks_the_paragraph_with_a_label_and_m_again_removes_it(app, library, shown):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "m")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "¶ 3 bookmarked. Label (optional):" in shown(app)  # the reader's numbering
        await pilot.press(*"重点", "enter")
        await pilot.pause()
        (entry,) = list_bookmarks(library)
        assert (entry.bookmark.section_id, entry.bookmark.block) == (S1, 2)
        assert entry.bookmark.label == "重点"
        assert reader(app).view.marks == {2: ["bookmark"]}
        assert "◆▌" in shown(app)  # the margin mark beside the cursor bar
        # A labelled bookmark is removed only after a yes: n keeps it and its label.
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "重点" in shown(app)
        await pilot.press("n")
        await pilot.pause()
        assert [e.bookmark.label for e in list_bookmarks(library)] == ["重点"]
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert list_bookmarks(library) == [] and reader(app).view.marks == {}
        # One without a label goes at once, as it came.
        await pilot.press("m", "escape")
        await pilot.pause()
        assert len(list_bookmarks(library)) == 1
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and list_bookmarks(library) == []


async def test_M_bookmarks_the_section_and_escape_skips_the_label(app, library):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        (entry,) = list_bookmarks(library)
        assert entry.bookmark.block is None and entry.bookmark.label is None
        assert isinstance(app.screen, ReaderScreen)


async def test_bookmarks_screen_filters_renames_deletes_and_jumps(app, library, shown):
    add_bookmark(library, S1, 3, "天气", now=T0)
    target = add_bookmark(library, S2, 4, "市长", now=T0)
    add_bookmark(library, S3, None, now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert len(screen.entries) == 3
        await pilot.press("d")  # a key of the list: never typed into the filter
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("slash", *"市长")  # / filters
        await pilot.pause()
        assert list(screen.entries) == [target.id]
        assert "Rename" not in shown(app).splitlines()[-1]  # typing: r is the filter's
        await pilot.press("tab")  # back to the list, whose keys work again
        await pilot.pause()
        assert "Rename" in shown(app).splitlines()[-1]
        await press_to(pilot, "r", PromptScreen)  # rename
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "市长访谈"
        await pilot.press("enter")
        await pilot.pause()
        assert get_bookmark(library, target.id).label == "市长访谈"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert reader(app).section.id == S2 and reader(app).view.cursor == 4
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep
        await pilot.pause()
        assert len(list_bookmarks(library)) == 3
        await press_to(pilot, "d", ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert len(list_bookmarks(library)) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_annotate_with_tags_and_narrowed_quote(app, library, shown):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert "11月20日,衡阳,寒风冬雨" in shown(app)  # the paragraph is quoted
        dialog.query_one(TextArea).insert("现场感很强。")
        dialog.query_one("#note-tags", Input).value = "衡阳 天气"
        dialog.query_one("#quote-start", Input).value = "寒风"
        dialog.query_one("#quote-end", Input).value = "冬雨"
        await pilot.pause()
        assert dialog.span is not None
        await pilot.press("ctrl+s")
        await pilot.pause()
        (entry,) = list_notes(library)
        assert entry.note.text == "现场感很强。" and entry.note.tags == ("衡阳", "天气")
        assert entry.note.quote == "寒风冬雨" and (entry.note.section_id, entry.note.block) == (
            S1,
            0,
        )
        view = reader(app).view
        assert view.marks == {0: ["note"]}
        assert view.highlights == ((0, entry.note.quote_start, entry.note.quote_end),)


async def test_note_dialog_guards_unsaved_text(app, library):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("还没保存")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(TextArea).text == "还没保存"
        await press_to(pilot, "escape", ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and list_notes(library) == []


async def test_bad_quote_is_reported_and_not_saved(app, library):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one(TextArea).insert("x")
        dialog.query_one("#quote-start", Input).value = "不在这段里"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and "does not contain" in dialog.span_error
        assert list_notes(library) == []


async def test_e_edits_the_note_on_the_paragraph(app, library):
    note = add_note(library, S1, 0, "初稿", ["a"], now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        area = dialog.query_one(TextArea)
        assert area.text == "初稿"
        area.text = "定稿"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_note(library, note.id).text == "定稿"
        await pilot.press("j", "e")  # no note on the next paragraph
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_notes_screen_groups_filters_edits_deletes_and_jumps(app, library):
    a = add_note(library, S1, 1, "建滔的例子", ["经济"], now=T0)
    b = add_note(library, S2, 5, "市长的话", ["政务"], now=T0)
    add_note(library, S2, 7, "另一条", ["经济"], now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == 5  # two section headers and three notes
        await pilot.press("slash", "#", *"经济")
        await pilot.pause()
        assert len(screen.entries) == 2 and b.id not in screen.entries
        screen.query_one("#filter", Input).value = "市长"
        await pilot.pause()
        assert list(screen.entries) == [b.id]
        await pilot.press("down")
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).text = "市长的原话"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_note(library, b.id).text == "市长的原话"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert reader(app).section.id == S2 and reader(app).view.cursor == 5
        await pilot.press("A")
        await pilot.pause()
        await press_to(pilot, "d", ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert a.id not in {e.note.id for e in list_notes(library)}
        assert len(list_notes(library)) == 2


async def test_x_on_notes_screen_exports_the_shown_notes(app, library, tmp_path: Path):
    add_note(library, S1, 1, "甲", ["x"], now=T0)
    keep = add_note(library, S2, 1, "乙", ["y"], now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        app.screen.query_one("#filter", Input).value = "#y"
        await pilot.pause()
        await pilot.press("down")
        await press_to(pilot, "x", ExportDialog)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.scope().note_ids == (keep.id,)
        out = tmp_path / "shown.md"
        dialog.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = out.read_text(encoding="utf-8")
        assert "notes: 1" in text and "乙" in text and "甲" not in text


async def test_export_dialog_writes_in_a_thread_and_asks_before_overwriting(
    app, library, tmp_path: Path, shown
):
    add_note(library, S1, 0, "导出我", ["衡阳"], now=T0)
    out = tmp_path / "notes.md"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#path", Input)
        assert path.value.startswith("~") and path.value.endswith(".md")
        assert "briefing-notes-" in path.value
        assert 'title: "Briefing notes"' in shown(app)  # the preview
        path.value = str(out)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert "导出我" in out.read_text(encoding="utf-8")
        out.write_text("old", encoding="utf-8")
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert out.read_text(encoding="utf-8") == "old"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "导出我" in out.read_text(encoding="utf-8")


async def test_y_copies_the_paragraph_as_markdown(app, library):
    add_note(library, S1, 0, "我的看法", ["衡阳"], now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
        text = block_text(library.section(S1).blocks[0])
        assert copied.startswith("> " + text)
        assert (
            "> — 湖南日报 · 2018-11-22 · 5年“转”来500多家企业 · 湖南日报见习记者 黄婷婷 · ¶ 1"
            in copied
        )
        assert "我的看法" in copied and "#衡阳" in copied


async def test_hostile_label_is_shown_as_text(app, library, shown):
    add_bookmark(library, S1, 0, "[bold red]x[/] \x1b[31mred", now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        await pilot.pause()
        assert "[bold red]x[/] red" in shown(app)


# -- snapshots ---------------------------------------------------------------------------------


def _marked_library(library: Library) -> Library:
    add_bookmark(library, S1, 3, "建滔化工的来历", now=T0)
    add_bookmark(library, S2, None, now=T0)
    add_note(library, S1, 0, "现场感很强。\n寒风冬雨也不停工。", ["衡阳", "产业转移"], now=T0)
    add_note(library, S2, 2, "市长的原话, 值得引用。", ["市长"], span=(0, 6), now=T0)
    return library


def test_snapshot_bookmarks_screen(snap_compare, library):
    app = BriefingApp(_marked_library(library))
    assert snap_compare(app, terminal_size=SIZE, press=["B"])


def test_snapshot_notes_screen(snap_compare, library):
    app = BriefingApp(_marked_library(library))
    assert snap_compare(app, terminal_size=SIZE, press=["A"])


class _DialogHost(App[None]):
    """Only the dialog, so the snapshot does not change when the reader's footer does."""

    CSS_PATH = str(Path(tui.__file__).parent / "app.tcss")

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def on_mount(self) -> None:
        self.push_screen(ExportDialog(self.library, briefing_id="c3398b5e8e", now=T0))


def test_snapshot_export_dialog(snap_compare, library):
    assert snap_compare(_DialogHost(_marked_library(library)), terminal_size=SIZE)


@pytest.mark.parametrize("key", ["A", "B"])
def test_snapshot_notes_and_bookmarks_at_80_columns(snap_compare, library, key: str):
    app = BriefingApp(_marked_library(library))
    assert snap_compare(app, terminal_size=(80, 24), press=[key])
