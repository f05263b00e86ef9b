"""Every dialog at 80x24 and 60x20: it fits, or scrolls with its buttons in view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pilot_helpers import until
from textual.app import App
from textual.screen import Screen
from textual.widgets import Button

import tui
from store import Library
from store.bookmarks import add_bookmark
from store.notes import add_note, block_text
from tui.app import BriefingApp
from tui.screens.confirm import ConfirmScreen, PromptScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.note_dialog import NoteDialog
from tui.screens.search import SearchScreen

S1 = "c3398b5e8e-1"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
SIZES = [(80, 24), (60, 20)]
Maker = Callable[[Library], Screen]

DIALOGS: dict[str, Maker] = {
    "confirm": lambda lib: ConfirmScreen(
        "Delete the note “现场感很强，这一段写得很长，看它在窄的对话框里怎样换行”?",
        "Delete",
        "Keep",
    ),
    "prompt": lambda lib: PromptScreen("¶ 4 bookmarked. Label (optional):"),
    "export": lambda lib: ExportDialog(lib, briefing_id="c3398b5e8e", now=T0),
    "note": lambda lib: NoteDialog(
        block_text(lib.section(S1).blocks[1]),
        heading="5年“转”来500多家企业 · ¶ 2",
        known_tags=["衡阳"],
        on_delete=lambda: None,
    ),
    "search": lambda lib: SearchScreen(lib, lib.section(S1), "衡阳"),
}


class DialogHost(App[None]):
    """Only the dialog (with the app's stylesheet), so the reader's changes leave it alone."""

    CSS_PATH = str(Path(tui.__file__).parent / "app.tcss")

    def __init__(self, library: Library, make: Maker) -> None:
        super().__init__()
        self.library = library
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make(self.library))


def _marked(library: Library) -> Library:
    add_note(library, S1, 0, "现场感很强", ["衡阳"], now=T0)
    add_bookmark(library, S1, 3, "重点", now=T0)
    return library


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_dialog_snapshot(snap_compare, library, name: str, size: tuple[int, int]) -> None:
    async def settled(pilot) -> None:
        # Search results arrive from a worker: on a busy machine, after the first frames.
        screen = pilot.app.screen
        await until(
            pilot,
            lambda: not isinstance(screen, SearchScreen) or screen.shown_query,
            what="the search's results",
        )
        await pilot.pause()

    app = DialogHost(_marked(library), DIALOGS[name])
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_snapshot(snap_compare, library, size: tuple[int, int]) -> None:
    assert snap_compare(BriefingApp(library), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["confirm", "export", "note"])
async def test_buttons_are_on_screen(library, name: str, size: tuple[int, int]) -> None:
    app = DialogHost(_marked(library), DIALOGS[name])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        buttons = list(screen.query(Button))
        assert buttons
        for button in buttons:
            region = button.region
            assert region.height >= 1 and region.bottom <= size[1], (button.id, region)
            # Really drawn: the button's label is on the screen, not scrolled or cut away.
            row = screen._compositor.render_strips()[region.y + region.height // 2]
            assert str(button.label) in "".join(seg.text for seg in row), button.id


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_note_dialog_opens_at_its_title_with_the_box_focused(library, size) -> None:
    app = DialogHost(_marked(library), DIALOGS["note"])
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: getattr(app.screen.focused, "id", None) == "note-text")
        await pilot.wait_for_scheduled_animations()  # past any scrolling animation
        await pilot.pause()
        screen = app.screen
        assert screen.focused is not None and screen.focused.id == "note-text"
        assert screen.query_one("#note-body").scroll_y == 0
        title = screen.query_one("#note-title").region
        assert title.height == 1 and title.y >= 0
