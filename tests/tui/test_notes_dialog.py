"""Pilot tests of the note dialog's saving, quoting and deleting, and of list filtering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pilot_helpers import notices, press_to, until
from textual import events
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Input, TextArea

import store.bookmarks
import store.notes
from store.bookmarks import add_bookmark
from store.errors import WriteFailed
from store.notes import add_note, block_text, get_note, list_notes
from tui.app import BriefingApp
from tui.screens import notes
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_dialog import NoteDialog
from tui.screens.notes import NotesScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.typeset_text import TypesetText

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"
T0 = datetime(2024, 5, 1, 8, tzinfo=UTC)
SIZE = (100, 32)


def reader(app: BriefingApp) -> ReaderScreen:
    return next(s for s in app.screen_stack if isinstance(s, ReaderScreen))


def errors_shown(app: BriefingApp) -> list[str]:
    return notices(app, "error")


def full_disk(*_args: object, **_kwargs: object) -> None:
    raise WriteFailed("/lib/user.json", "no space left on the device")


@pytest.mark.parametrize("reason", ["no space left on the device", "permission denied"])
async def test_a_failed_save_keeps_the_note_in_the_dialog_to_retry(
    app, library, monkeypatch, reason
):
    def failing(*_args: object, **_kwargs: object) -> None:
        raise WriteFailed("/lib/user.json", reason)

    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "a", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        dialog.query_one(TextArea).insert("第一行\n第二行")
        dialog.query_one("#note-tags", Input).value = "衡阳"
        monkeypatch.setattr(store.notes, "add_note", failing)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: errors_shown(app))
        await pilot.pause()
        assert app.is_running
        assert app.screen is dialog  # still open, with everything typed
        assert dialog.query_one(TextArea).text == "第一行\n第二行"
        assert dialog.query_one("#note-tags", Input).value == "衡阳"
        (message,) = errors_shown(app)
        assert reason in message and "still here" in message
        assert list_notes(library) == []
        monkeypatch.undo()
        await press_to(pilot, "ctrl+s", ReaderScreen)  # the disk has room again: it saves
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        (entry,) = list_notes(library)
        assert entry.note.text == "第一行\n第二行" and entry.note.tags == ("衡阳",)
        assert reader(app).view.marks == {0: ["note"]}
        assert notices(app)[-1] == "Note saved."


async def test_a_failed_edit_keeps_the_edited_text(app, library, monkeypatch):
    note = add_note(library, S1, 0, "初稿", now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        dialog.query_one(TextArea).text = "改过的稿子"
        monkeypatch.setattr(store.notes, "edit_note", full_disk)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: errors_shown(app))
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one(TextArea).text == "改过的稿子"
        assert any("no space left" in m for m in errors_shown(app))
        assert get_note(library, note.id).text == "初稿"
        await press_to(pilot, "escape", ConfirmScreen)  # closing still guards the text
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_a_failed_edit_from_the_notes_screen_keeps_the_dialog(app, library, monkeypatch):
    note = add_note(library, S2, 1, "原文", now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "A", NotesScreen)
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        dialog.query_one(TextArea).text = "新文"
        monkeypatch.setattr(notes, "edit_note", full_disk)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: errors_shown(app))
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one(TextArea).text == "新文"
        assert get_note(library, note.id).text == "原文"


async def test_an_untouched_narrowed_quote_keeps_its_exact_span(app, library):
    # 建滔(衡阳) starts the paragraph and comes again later: the later one is quoted.
    text = block_text(library.section(S1).blocks[1])
    later = text.index("建滔(衡阳)", 1)
    note = add_note(library, S1, 1, "第二处", span=(later, later + 10), now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.span == (later, later + 10) and not dialog.dirty
        await press_to(pilot, "escape", ReaderScreen)  # nothing changed: no question
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        app.screen.query_one(TextArea).text = "第二处, 改"
        await press_to(pilot, "ctrl+s", ReaderScreen)
        await pilot.pause()
    saved = get_note(library, note.id)
    assert (saved.quote_start, saved.quote_end) == (later, later + 10)
    assert saved.text == "第二处, 改"


async def test_selecting_words_in_the_paragraph_narrows_the_quote(app, library):
    text = block_text(library.section(S1).blocks[0])
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "a", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        quote = dialog.query_one("#quote", TypesetText)
        start = text.index("寒风")
        dialog.selections = {quote: Selection(Offset(start, 0), Offset(start + 4, 0))}
        dialog.post_message(events.TextSelected())
        await pilot.pause()
        assert dialog.span == (start, start + 4)
        assert dialog.query_one("#quote-start", Input).value == "寒风冬雨"
        dialog.query_one(TextArea).insert("天气")
        await press_to(pilot, "ctrl+s", ReaderScreen)
        await pilot.pause()
    (entry,) = list_notes(library)
    assert entry.note.quote == "寒风冬雨"
    assert (entry.note.quote_start, entry.note.quote_end) == (start, start + 4)


async def test_e_walks_the_notes_of_a_paragraph_and_deletes_after_confirming(app, library):
    add_note(library, S1, 0, "一", now=T0)
    add_note(library, S1, 0, "二", span=(0, 6), now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        opened = [app.screen.query_one(TextArea).text]
        await press_to(pilot, "escape", ReaderScreen)
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        opened.append(dialog.query_one(TextArea).text)
        assert sorted(opened) == ["一", "二"]  # each press opens the next note
        await pilot.click("#delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await press_to(pilot, "n", NoteDialog)
        await pilot.pause()
        assert app.screen is dialog and len(list_notes(library)) == 2
        await pilot.click("#delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        await press_to(pilot, "y", ReaderScreen)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert [e.note.text for e in list_notes(library)] == [opened[0]]


async def test_typing_in_a_list_keeps_every_character_and_escape_clears_first(app, library):
    add_note(library, S1, 1, "建滔的例子", ["经济"], now=T0)
    add_note(library, S2, 5, "市长的话", ["政务"], now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "A", NotesScreen)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        await pilot.press("slash", "#", *"政务")
        await pilot.pause()
        box = screen.query_one("#filter", Input)
        assert box.value == "#政务"
        assert [e.note.text for e in screen.entries.values()] == ["市长的话"]
        await pilot.press("down", "escape")  # the list has focus: escape clears the filter
        await pilot.pause()
        assert app.screen is screen and box.value == "" and len(screen.entries) == 2
        await press_to(pilot, "escape", ReaderScreen)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        add_bookmark(library, S2, 3, "bold", now=T0)
        await press_to(pilot, "B", BookmarksScreen)
        await pilot.pause()
        await pilot.press("slash", *"bold")  # o and d are keys of the list, not of the filter
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "bold"
        assert isinstance(app.screen, BookmarksScreen) and len(app.screen.entries) == 1


async def test_a_section_bookmark_opens_its_section_at_the_top(app, library):
    add_bookmark(library, S2, None, now=T0)
    library.user.set_position(S2, 6)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "B", BookmarksScreen)
        await press_to(pilot, "enter", ReaderScreen)
        await pilot.pause()
        assert reader(app).section.id == S2 and reader(app).view.cursor == 0


async def test_y_on_the_notes_screen_copies_the_note_as_markdown(app, library):
    add_note(library, S1, 0, "我的看法\n第二行", ["衡阳", "产业 转移"], span=(0, 6), now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "A", NotesScreen)
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard)
        await pilot.pause()
        copied = app.clipboard
    assert copied.startswith("> 11月20日\n>\n> — 湖南日报 · 2018-11-22")
    assert "我的看法  \n第二行" in copied
    assert copied.rstrip().endswith("#衡阳 #产业_转移")


async def test_a_detached_note_is_edited_without_its_quote(app, library):
    note = add_note(library, S1, 0, "留着", span=(0, 6), now=T0)
    library.delete_briefing("c3398b5e8e")
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "A", NotesScreen)
        await press_to(pilot, "e", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert not dialog.query("#quote-start") and not dialog.dirty
        dialog.query_one(TextArea).text = "还留着"
        await press_to(pilot, "ctrl+s", NotesScreen)
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
    saved = get_note(library, note.id)
    assert saved.text == "还留着" and saved.quote == "11月20日"


async def test_a_burst_of_typed_keys_all_land_in_the_filter(app, library):
    add_bookmark(library, S2, 3, "border", now=T0)
    add_bookmark(library, S1, 1, "其他", now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "B", BookmarksScreen)
        await pilot.pause()
        screen = app.screen
        # As from a fast typist or a paste: every key is queued before the first is handled;
        # o, r and d are keys of the list, yet here they are part of the word.
        app.post_message(events.Key("slash", "/"))
        for ch in "xy":
            app.post_message(events.Key(ch, ch))
        app.post_message(events.Key("ctrl+u", None))  # applied in typing order, not last
        for ch in "border":
            app.post_message(events.Key(ch, ch))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen and screen.order == "newest"
        assert screen.query_one("#filter", Input).value == "border"
        assert [e.bookmark.label for e in screen.entries.values()] == ["border"]


async def test_a_confirmation_names_its_keys(app, library, shown):
    add_bookmark(library, S1, 0, "留", now=T0)
    async with app.run_test(size=SIZE) as pilot:
        await press_to(pilot, "B", BookmarksScreen)
        await press_to(pilot, "d", ConfirmScreen)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "y: delete · n or escape: keep" in shown(app)


async def test_dragging_the_mouse_over_the_paragraph_quotes_those_words(app, library):
    text = block_text(library.section(S1).blocks[1])
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j")
        await press_to(pilot, "a", NoteDialog)
        await pilot.pause()
        dialog = app.screen
        quote = dialog.query_one("#quote", TypesetText)
        strip = dialog._compositor.render_strips()[quote.region.y + 1]
        # The second wrapped line, as displayed: the cells of the quote's columns.
        shown = "".join(seg.text for seg in strip.crop(quote.region.x, quote.region.right))
        shown = shown.strip()
        # From the 3rd to the 11th character of that line (two cells each; the end included).
        await pilot.mouse_down(quote, offset=(4, 1))
        await pilot.hover(quote, offset=(20, 1))
        await pilot.mouse_up(quote, offset=(20, 1))
        await pilot.pause()
        a, b = dialog.span
        assert text[a:b] == shown[2:11] and a == text.index(shown) + 2
        dialog.query_one(TextArea).insert("拖选")
        await press_to(pilot, "ctrl+s", ReaderScreen)
        await pilot.pause()
    (entry,) = list_notes(library)
    assert entry.note.quote == text[a:b] and entry.note.quote_start == a


async def test_tag_words_and_completion() -> None:
    from tui.screens.note_fields import TagSuggester, span_fields, split_tags

    assert split_tags("衡阳, 产业转移，开放 #崛起 衡阳") == ("衡阳", "产业转移", "开放", "崛起")
    assert span_fields("一二三四五六七八九十", (1, 9)) == ("二三四五六七", "四五六七八九")
    assert span_fields("一二三四五", (0, 3)) == ("一二三", "")
    suggest = TagSuggester(["产业转移", "产能"]).get_suggestion
    assert await suggest("衡阳 产业") == "衡阳 产业转移"
    assert await suggest("衡阳, ") is None and await suggest("产业转移") is None


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_quoted_paragraph_is_broken_like_the_reader_breaks_it(library, size):
    from store.typeset import CLOSING, wrap

    section = library.section("c3398b5e8e-3")
    text = block_text(section.blocks[0])
    app = BriefingApp(library, start_section=section.id)
    async with app.run_test(size=size) as pilot:
        await press_to(pilot, "a", NoteDialog)
        await pilot.pause()
        quote = app.screen.query_one("#quote", TypesetText)
        width = quote.content_region.width
        lines = [
            text[a:b]
            for a, b in zip(quote.line_starts, [*quote.line_starts[1:], None], strict=True)
        ]
        # Not Rich's breaking at spaces: `湖南日报11月22日讯(记者` is never left alone on a line.
        assert lines == wrap(text, width - 1)
        assert lines[0] != "湖南日报11月22日讯(记者 " and len(lines[0]) > 16
        assert not any(line[0] in CLOSING for line in lines[1:])
