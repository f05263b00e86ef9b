"""At 80 columns every screen's footer shows its help key first, and help opens from it."""

from __future__ import annotations

import pytest
from pilot_helpers import on_screen, reader_settled, screen_lines, until
from textual.widgets._footer import FooterKey

from tui.app import BriefingApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.screens.kwic import KwicScreen
from tui.screens.library import LibraryScreen
from tui.screens.notes import NotesScreen
from tui.screens.search import SearchScreen
from tui.screens.trend import TrendScreen
from tui.screens.watches import WatchScreen
from tui.widgets.footer import FIRST_ACTIONS, HelpFirstFooter

SCREENS = [
    ("l", LibraryScreen, "?"),
    ("B", BookmarksScreen, "?"),
    ("A", NotesScreen, "?"),
    # Dialogs hold the app's keys back and type `?` into their boxes: F1 is theirs.
    ("slash", SearchScreen, "f1"),
    ("K", KwicScreen, "f1"),
    ("T", TrendScreen, "f1"),
    ("W", WatchScreen, "f1"),
]


def _keys(footer: HelpFirstFooter) -> list[FooterKey]:
    return list(footer.query(FooterKey))


@pytest.mark.parametrize(("key", "kind", "shown"), SCREENS, ids=[s[1].__name__ for s in SCREENS])
async def test_help_is_first_in_the_footer_at_80_columns_and_opens(
    library, key: str, kind: type, shown: str
) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_settled(app, pilot)
        await pilot.press(key)
        screen = await on_screen(pilot, kind)
        footer = screen.query_one(HelpFirstFooter)
        await until(pilot, lambda: _keys(footer), what="the footer lists its keys")
        first = _keys(footer)[0]
        assert first.action in FIRST_ACTIONS
        assert first.region.x >= 0 and first.region.right <= 80
        assert screen_lines(app)[-1].lstrip().startswith(f"{shown} Help")
        await pilot.press("f1")
        help_screen = await on_screen(pilot, HelpScreen)
        assert "Back" in "\n".join(screen_lines(app))  # the keys of the screen it came from
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="help closes")
        assert not isinstance(app.screen, HelpScreen) and help_screen is not screen
