"""A library of a few thousand briefings: the outline and the library screen stay lazy."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from pilot_helpers import until

from store import Library, open_library
from store.importing import ImportItem
from store.models import Block, ParsedBriefing, ParsedSection
from tui.app import BriefingApp
from tui.screens.library import LibraryScreen
from tui.widgets.outline import Outline

BRIEFINGS = 2000
PER_MONTH = 50  # briefings dated in each month, in import order


def _date(n: int) -> str:
    month = n // PER_MONTH
    return f"{2018 + month // 12}-{1 + month % 12:02d}-{1 + n % 28:02d}"


def _item(n: int) -> ImportItem:
    sections = tuple(
        ParsedSection(
            f"第{n}版第{k}篇报道",
            blocks=(
                Block("paragraph", f"本报讯 第{n}版第{k}篇的第一段。"),
                Block("paragraph", "交通部门表示,将继续加大投入力度。"),
            ),
        )
        for k in range(1, 4)
    )
    parsed = ParsedBriefing(sections, title=f"衡阳日报 第{n}版", date=_date(n), source="衡阳日报")
    return ImportItem(f"page {n}", origin=f"page-{n}.txt", parsed=parsed)


@pytest.fixture(scope="module")
def big_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the shipped page and BRIEFINGS generated ones, built once per module
    through the store's batch import (writes are not flushed to disk: a scratch folder)."""
    home = tmp_path_factory.mktemp("big") / "lib"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BRIEFING_HOME", raising=False)
        patch.setattr(os, "fsync", lambda fd: None)
        lib = open_library(home)
        for start in range(0, BRIEFINGS, 500):
            lib.import_many([_item(n) for n in range(start, min(BRIEFINGS, start + 500))])
    return home


@pytest.fixture
def big(big_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """A copy of the large library for one test."""
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    home = tmp_path / "lib"
    shutil.copytree(big_home, home)
    return open_library(home)


def _on(outline: Outline, section_id: str) -> bool:
    node = outline.cursor_node
    return node is not None and node.data is not None and node.data.section_id == section_id


def _count_nodes(outline: Outline) -> int:
    count, stack = 0, list(outline.root.children)
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.children)
    return count


async def test_the_outline_of_a_large_library_makes_nodes_for_its_open_month_only(big):
    ids = [b.id for b in big.briefings()]
    start = f"{ids[1000]}-2"  # generated briefing 999, in the 20th month of reading order
    big.read_state.mark([f"{ids[1000]}-1", f"{ids[999]}-1", f"{ids[999]}-2"])
    app = BriefingApp(big, start_section=start)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = app.screen
        outline = screen.outline
        await until(pilot, lambda: _on(outline, start))
        assert screen.section.id == start
        groups = outline.root.children
        # A group per month in date order: the shipped page (2018-11-22, imported first)
        # joins the generated pages of its month.
        assert len(groups) == BRIEFINGS // PER_MONTH
        assert groups[0].label.plain.endswith("2018-01  50 briefings")
        # Only the month of the open section has briefing nodes; its briefing its sections.
        opened = [g for g in groups if g.children]
        assert len(opened) == 1 and opened[0].is_expanded
        assert len(opened[0].children) == PER_MONTH
        assert _count_nodes(outline) < len(groups) + PER_MONTH + 10
        # Unread counts: the month's three read sections are taken off its count.
        assert opened[0].label.plain.startswith(f"({PER_MONTH * 3 - 3}) 2019-08")
        # The status line counts sections within the briefing, never across the library.
        status = str(screen.status_bar.render())
        assert "section 2/3" in status and "2001" not in status
        # Another month opens on enter, and only then gets its briefing nodes, by date.
        november = next(g for g in groups if "2018-11" in g.label.plain)
        outline.focus()
        outline.move_cursor(november)
        await pilot.press("enter")
        await pilot.pause()
        assert november.is_expanded and len(november.children) == PER_MONTH + 1
        dates = [n.label.plain.rsplit("  ", 1)[-1] for n in november.children]
        assert dates == sorted(dates) and "2018-11-22" in dates  # the shipped page among them


async def test_next_unread_and_the_last_position_cross_a_large_library(big):
    ids = [b.id for b in big.briefings()]
    # The outline shows the briefings by date: generated 1987 (2021-04-28, the last day
    # dated, imported after 1959) ends it, generated 0 and 28 (2018-01-01) begin it.
    last = f"{ids[1988]}-3"
    big.user.set_position(last, 1)
    app = BriefingApp(big)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = app.screen
        outline = screen.outline
        await until(pilot, lambda: _on(outline, last))
        assert screen.section.id == last  # reopened where the reader was
        assert screen.view.cursor == 1
        big.read_state.mark([f"{ids[1]}-{k}" for k in (1, 2, 3)])
        await pilot.press("u")  # past the end: round to the top, its first briefing is read
        await until(pilot, lambda: _on(outline, f"{ids[29]}-1"))
        assert screen.section.id == f"{ids[29]}-1"
        assert sum(1 for g in outline.root.children if g.children) == 2


def _shown_order(outline: Outline, group: int) -> list[str]:
    """The briefing ids of one filled month of the outline, top to bottom."""
    return [n.data.briefing_id for n in outline.root.children[group].children if n.data]


async def test_section_keys_and_next_unread_follow_the_outline_of_a_large_library(big):
    """Briefings imported out of date order: `]`, `[` and `u` go to the briefing below or
    above in the outline (by date), not to the one imported next."""
    ids = [b.id for b in big.briefings()]
    dates = {b.id: b.date for b in big.briefings()}
    start = f"{ids[1]}-3"  # generated 0, the last section of the outline's first briefing
    app = BriefingApp(big, start_section=start)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = app.screen
        outline = screen.outline
        await until(pilot, lambda: _on(outline, start))
        shown = _shown_order(outline, 0)
        assert shown[0] == ids[1]
        assert [dates[b] for b in shown] == sorted(dates[b] for b in shown)
        below = shown[1]  # generated 28, of the same day; generated 1 was imported next
        assert below == ids[29] != ids[2]
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: _on(outline, f"{below}-1"))
        assert screen.section.id == f"{below}-1"
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: _on(outline, start))
        assert screen.section.id == start
        # Next unread from the last section of the month: the first briefing of the next
        # month by date, wherever it was imported.
        end = f"{shown[-1]}-3"
        big.read_state.mark([f"{below}-{k}" for k in (1, 2, 3)])
        screen.open_section(end)
        await until(pilot, lambda: _on(outline, end))
        await pilot.press("u")
        await until(pilot, lambda: screen.section.id != end and outline.cursor_line > 0)
        following = _shown_order(outline, 1)
        assert following, "the next month is filled as the cursor enters it"
        await until(pilot, lambda: _on(outline, f"{following[0]}-1"))
        assert screen.section.id == f"{following[0]}-1"
        assert dates[following[0]] == min(dates[b] for b in following) > dates[shown[-1]]
        assert following[0] != ids[ids.index(shown[-1]) + 1]


async def test_the_library_screen_of_a_large_library_fills_groups_on_demand(big):
    app = BriefingApp(big)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        tree = screen.tree
        reading = app.reader.section.briefing_id
        await until(pilot, lambda: getattr(screen.current(), "id", None) == reading)
        filled: list = []
        stack = list(tree.root.children)
        while stack:
            node = stack.pop()
            if node.data[0] == "briefing":
                filled.append(node)
            stack.extend(node.children)
        # Sources and years only, and the month of the briefing being read (the cursor's).
        assert {id(n.parent) for n in filled} == {id(screen.tree.cursor_node.parent)}
        assert len(filled) <= PER_MONTH
        await pilot.press("slash", *"2019-08")
        await until(pilot, lambda: len(screen.shown) == PER_MONTH)
        title = str(screen.query_one("#library-title").render())
        assert f"{PER_MONTH} of {BRIEFINGS + 1} briefings shown" in title


async def test_a_large_library_reads_its_catalog_off_the_event_loop(big_home, tmp_path):
    home = tmp_path / "fresh"
    shutil.copytree(big_home, home)
    lib = open_library(home, seed=False)
    ids = [b.id for b in open_library(home, seed=False).briefings()]
    lib.user.set_position(f"{ids[1500]}-2", 0)
    readers: list[str] = []
    state = lib.catalog.state

    def watched() -> dict:
        readers.append(threading.current_thread().name)
        return state()

    lib.catalog.state = watched  # type: ignore[method-assign]
    app = BriefingApp(lib)
    async with app.run_test(size=(110, 36)) as pilot:
        outline = app.screen.outline
        await until(pilot, lambda: _on(outline, f"{ids[1500]}-2"))
        assert app.screen.section.id == f"{ids[1500]}-2"
    assert readers and readers[0] != threading.main_thread().name
