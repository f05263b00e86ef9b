"""Snapshots of the reader with the seed's Chinese text (regenerate with --snapshot-update)."""

from __future__ import annotations

from pilot_helpers import has_filled_outline, idle, palette_lists, press_to, until
from textual.command import CommandPalette
from textual.widgets import Input

from tui.app import BriefingApp


def test_main_screen_100x32(library, snap_compare):
    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), press=["j", "j"])


def test_main_screen_70x24(library, snap_compare):
    assert snap_compare(BriefingApp(library), terminal_size=(70, 24), press=["j"])


def test_interview_with_points_in_outline(library, snap_compare):
    async def to_the_end(pilot) -> None:
        app = pilot.app
        # The first frame is drawn, and the outline filled after it, before keys.
        await until(pilot, lambda: has_filled_outline(app))
        await pilot.pause()
        await pilot.press("right_square_bracket", "G")
        # The last block marks the section read once the position is saved: wait for it,
        # so the outline's unread count does not depend on timing.
        await idle(pilot, lambda: 2 in app.library.read_state.of("c3398b5e8e"))

    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), run_before=to_the_end)


def test_help_screen(library, snap_compare):
    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), press=["question_mark"])


def test_command_palette(library, snap_compare):
    async def open_palette(pilot) -> None:
        palette = await press_to(pilot, "ctrl+p", CommandPalette)
        # A blinking cursor would make the picture depend on timing.
        palette.query_one(Input).cursor_blink = False
        await pilot.press(*"hengyang")
        await palette_lists(pilot, "5年“转”来500多家企业")

    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), run_before=open_palette)
