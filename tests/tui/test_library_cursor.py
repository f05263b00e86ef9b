"""After a delete, an edit or another process's change the library screen's tree is rebuilt
as the user left it: the cursor on the same briefing (or the one that took a deleted one's
place), the groups open as they were, the cursor's line where it was on screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pilot_helpers import idle, press_to, until
from textual.widgets import Input

from store import open_library
from store.shelf import group_key
from tui.app import BriefingApp
from tui.screens.confirm import ConfirmScreen, PromptScreen
from tui.screens.library import LibraryScreen

PAPERS = ("衡阳日报", "湘江晚报")


def _page(n: int, month: int, day: int) -> str:
    return (
        f"{PAPERS[n % 2]} 2019年{month}月{day}日 第{n:02d}版\n\n"
        f"园区新引进项目{n}个\n\n本报记者 王五\n\n本报讯 园区今年新引进项目{n}个。\n\n"
        "农村公路建设提速\n\n本报记者 李四\n\n本报讯 今年全省新改建农村公路。\n"
    )


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty briefings of two papers over four months (one more alone in May), made once."""
    home = tmp_path_factory.mktemp("shelf") / "lib"
    lib = open_library(home=home)
    for n in range(1, 41):
        month = 1 + (n // 2) % 4
        lib.import_text(
            _page(n, month, 1 + n % 27), origin=f"p{n}.txt", meta={"source": PAPERS[n % 2]}
        )
    lib.import_text(_page(41, 5, 9), origin="p41.txt", meta={"source": PAPERS[1]})
    return home


@pytest.fixture
def library(shelf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    shutil.copytree(shelf, tmp_path / "lib")
    return open_library(home=tmp_path / "lib", seed=False)


def _line(node) -> object:
    kind, what = node.data
    if kind == "briefing":
        return what.id
    return (kind, *group_key(what[0])[: ("source", "year", "month").index(kind) + 1])


def _open_groups(screen: LibraryScreen) -> set[object]:
    """The groups open on screen (inside open groups), by what they stand for."""
    out: set[object] = set()
    stack = list(screen.tree.root.children)
    while stack:
        node = stack.pop()
        if node.is_expanded:
            out.add(_line(node))
            stack.extend(node.children)
    return out


def _row(screen: LibraryScreen) -> int:
    """The cursor's row in the tree as shown (0: its top line)."""
    return screen.tree.cursor_line - round(screen.tree.scroll_y)


async def _open(app, pilot) -> LibraryScreen:
    await until(pilot, lambda: app.reader is not None and app.reader.section is not None)
    screen = await press_to(pilot, "l", LibraryScreen)
    await until(pilot, lambda: not screen.list_pending and screen.tree.cursor_node is not None)
    await pilot.pause()
    return screen


async def _down_to(pilot, screen: LibraryScreen, wanted) -> None:
    """Press down from the top until the cursor is on a line `wanted(node)` holds for."""
    await pilot.press("home")
    for _ in range(120):
        await pilot.pause()
        if wanted(screen.tree.cursor_node):
            return
        await pilot.press("down")
    raise AssertionError("no such line")


async def _settled(pilot, screen: LibraryScreen, done) -> None:
    await idle(pilot, lambda: screen.app.screen is screen and not screen.list_pending and done())
    await pilot.pause()


def _month(node, source: str, month: str) -> bool:
    return _line(node) == ("month", source, month[:4], month)


def _siblings(screen: LibraryScreen) -> list[str]:
    return [_line(n) for n in screen.tree.cursor_node.parent.children]


async def _delete(pilot, screen: LibraryScreen) -> str:
    gone = screen.current().id
    await press_to(pilot, "d", ConfirmScreen)
    await pilot.press("y")
    await _settled(pilot, screen, lambda: all(b.id != gone for b in screen.shown))
    return gone


async def test_deleting_in_a_row_keeps_the_cursor_on_the_neighbour(library):
    app = BriefingApp(library)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _open(app, pilot)
        # One month folded by the user stays folded.
        await _down_to(pilot, screen, lambda n: _month(n, PAPERS[0], "2019-03"))
        await pilot.press("enter")
        await _down_to(pilot, screen, lambda n: _month(n, PAPERS[1], "2019-02"))
        await pilot.press("down", "down")
        opened = _open_groups(screen)
        assert ("month", PAPERS[0], "2019", "2019-03") not in opened
        order, row = _siblings(screen), _row(screen)
        assert screen.current().id == order[1] and len(order) >= 4
        # The next of its month takes the cursor, on the same row, three times in a row.
        for step in range(3):
            assert await _delete(pilot, screen) == order[1 + step]
            assert screen.current().id == order[2 + step]
            assert _open_groups(screen) == opened
            assert _row(screen) == row
        # The last of its month: the one before it.
        assert _siblings(screen)[-1] == screen.current().id
        before = _siblings(screen)[-2]
        await _delete(pilot, screen)
        assert screen.current().id == before
        assert _open_groups(screen) == opened
        # The only one of its month: the month goes, the cursor goes to the next briefing.
        await _down_to(pilot, screen, lambda n: _month(n, PAPERS[1], "2019-05"))
        await pilot.press("down")
        after = screen.tree.get_node_at_line(screen.tree.cursor_line + 2)
        await _delete(pilot, screen)
        assert screen.current().id == _line(after)
        assert 0 <= _row(screen) < screen.tree.scrollable_content_region.height


def _path(b) -> set[object]:
    """The groups above a briefing."""
    keys = group_key(b)
    return {("source", *keys[:1]), ("year", *keys[:2]), ("month", *keys)}


async def test_an_edited_briefing_keeps_the_cursor_wherever_it_moves(library):
    app = BriefingApp(library)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _open(app, pilot)
        for month in ("2019-04", "2019-01"):  # folded by the user
            await _down_to(pilot, screen, lambda n, m=month: _month(n, PAPERS[0], m))
            await pilot.press("enter")
        await _down_to(pilot, screen, lambda n: _month(n, PAPERS[0], "2019-02"))
        await pilot.press("down", "down")
        target, opened, row = screen.current().id, _open_groups(screen), _row(screen)
        assert ("month", PAPERS[0], "2019", "2019-01") not in opened
        for key, value, check in (
            ("r", "园区 专刊", lambda b: b.title == "园区 专刊"),
            ("e", "2019-04-20", lambda b: b.date == "2019-04-20"),
            ("p", PAPERS[1], lambda b: b.source == PAPERS[1]),
        ):
            prompt = await press_to(pilot, key, PromptScreen)
            prompt.query_one(Input).value = value
            await pilot.press("enter")
            await _settled(pilot, screen, lambda c=check: c(library.find_briefing(target)))
            assert screen.current().id == target and check(screen.current())
            # The groups open to show it; the others as they were.
            opened |= _path(screen.current())
            assert _open_groups(screen) == opened
            assert 0 <= _row(screen) < screen.tree.scrollable_content_region.height
            if key == "r":
                assert _row(screen) == row
        assert ("month", PAPERS[1], "2019", "2019-04") in _open_groups(screen)


async def test_another_process_s_changes_keep_the_cursor(library):
    other = open_library(library.home, seed=False)
    app = BriefingApp(library)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _open(app, pilot)
        await _down_to(pilot, screen, lambda n: _month(n, PAPERS[1], "2019-01"))
        await pilot.press("enter")  # folded
        await _down_to(pilot, screen, lambda n: _month(n, PAPERS[0], "2019-03"))
        await pilot.press("down", "down")
        target, opened, row = screen.current().id, _open_groups(screen), _row(screen)
        order = _siblings(screen)
        # A briefing above it goes, another's date changes: the cursor stays on its own.
        other.delete_briefing(order[0])
        other.edit_briefing(order[-1], date="2019-01-01")
        await _settled(pilot, screen, lambda: all(b.id != order[0] for b in screen.shown))
        await _settled(
            pilot, screen, lambda: screen.shown and library.find_briefing(order[-1]).date
        )
        await until(pilot, lambda: order[-1] not in _siblings(screen), what="the date shown")
        assert screen.current().id == target
        assert _open_groups(screen) == opened
        assert _row(screen) == row
        # Its own briefing goes: the next of its month.
        following = _siblings(screen)[_siblings(screen).index(target) + 1]
        other.delete_briefing(target)
        await _settled(pilot, screen, lambda: all(b.id != target for b in screen.shown))
        assert screen.current().id == following
        assert _open_groups(screen) == opened
