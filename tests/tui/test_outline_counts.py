"""The outline's unread counts follow the read state by the briefings it changed: another
process's marks relabel those briefings alone, and a large library's outline is worked out
in a worker when the library changes."""

from __future__ import annotations

import threading

import pytest
from pilot_helpers import idle, press_to, until

import store.shelf
from store import open_library
from tui.app import BriefingApp
from tui.screens.confirm import ConfirmScreen

SEED = "c3398b5e8e"  # the shipped briefing: three sections


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n"
    )


@pytest.fixture
def large(library, monkeypatch):
    """Four dated briefings (and the seed) shown as a large library's outline is, by month."""
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    dates = ["2019-02-01", "2019-03-01", "2019-01-01", "2019-03-02"]
    return [
        library.import_text(_page(n), origin=f"{n}.txt", meta={"date": d}).briefing.id
        for n, d in enumerate(dates, 1)
    ]


def _unread_label(app: BriefingApp, briefing_id: str) -> str:
    outline = app.screen.outline
    outline.reveal(f"{briefing_id}-1")
    return outline._briefing_nodes[briefing_id].label.plain


async def test_another_process_s_mark_recounts_only_the_briefing_it_marked(
    library, large, monkeypatch
):
    app = BriefingApp(library, start_section=f"{large[0]}-1")
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    counted: list[str] = []
    real = store.shelf.unread_count

    def spy(b, read):
        if threading.current_thread() is threading.main_thread():
            counted.append(b.id)
        return real(b, read)

    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.screen.outline.root.children, what="the outline")
        await idle(pilot)
        assert _unread_label(app, SEED).startswith("(3) ")
        monkeypatch.setattr(store.shelf, "unread_count", spy)
        other = open_library(library.home, seed=False)
        other.read_state.mark([f"{SEED}-1"])
        await until(pilot, lambda: _unread_label(app, SEED).startswith("(2) "), what="count")
        assert set(counted) == {SEED}
        # A note (another table of the user file) changes no count.
        counted.clear()
        other.user.table("notes").insert({"id": "n1", "text": "注"})
        other.read_state.mark([f"{large[2]}-1"])
        await until(pilot, lambda: not _unread_label(app, large[2]).startswith("("), what="read")
        assert set(counted) == {large[2]}
        assert _unread_label(app, large[3]).startswith("(1) ")


async def test_deleting_in_a_large_library_reads_the_outline_in_a_worker(library, large):
    app = BriefingApp(library, start_section=f"{large[2]}-1")
    planned: list[bool] = []
    import tui.widgets.outline_groups as groups

    real = groups.plan_outline

    def spy(*args, **kwargs):
        planned.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    groups.plan_outline = spy
    try:
        async with app.run_test(size=(110, 32)) as pilot:
            await until(pilot, lambda: app.screen.outline.root.children, what="the outline")
            await idle(pilot)
            await pilot.press("o")
            await until(pilot, lambda: app.screen.outline.has_focus, what="the outline's focus")
            planned.clear()
            await press_to(pilot, "d", ConfirmScreen)
            await pilot.press("y")
            await until(pilot, lambda: library.find_briefing(large[2]) is None, what="deleted")
            # The one after it in the outline (2019-02) opens once the outline is read again.
            await until(
                pilot, lambda: app.screen.section.briefing_id == large[0], what="the next one"
            )
            # Worked out off the event loop (on a loaded machine, at times twice).
            assert planned and not any(planned)
            assert large[2] not in app.screen.outline._briefings
    finally:
        groups.plan_outline = real


async def test_u_skips_a_briefing_another_process_marked_read_meanwhile(library, large):
    # The outline's order: the seed (2018), then 2019-01, 2019-02, 2019-03-01, 2019-03-02.
    app = BriefingApp(library, start_section=f"{large[2]}-1")
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.screen.outline.root.children, what="the outline")
        await idle(pilot)
        await pilot.press("u")
        await until(pilot, lambda: app.screen.section.briefing_id == large[0], what="2019-02")
        open_library(library.home, seed=False).read_state.mark([f"{large[1]}-1"])
        await pilot.press("u")
        await until(pilot, lambda: app.screen.section.briefing_id == large[3], what="2019-03-02")
        library.read_state.mark([f"{large[1]}-1"], read=False)
        await pilot.press("u")  # round to the top: the seed, then 2019-01 ... unread first
        await until(
            pilot, lambda: app.screen.section.briefing_id == SEED, what="the top's first unread"
        )
