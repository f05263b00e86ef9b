"""A reader whose briefing is deleted goes on at the briefing after it in the outline."""

from __future__ import annotations

from pilot_helpers import press_to, until

from store import open_library
from tui.app import BriefingApp
from tui.screens.confirm import ConfirmScreen


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n"
    )


def _dated(library, dates: list[str]) -> list[str]:
    return [
        library.import_text(_page(n), origin=f"{n}.txt", meta={"date": d}).briefing.id
        for n, d in enumerate(dates, 1)
    ]


async def test_another_process_deleting_the_briefing_read_leaves_the_reader_next_to_it(
    library, monkeypatch
):
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)  # by date, as a large library
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    # Imported out of date order: the outline goes 2019-01, 2019-02, 2019-03, then the seed.
    ids = _dated(library, ["2019-02-01", "2019-03-01", "2019-01-01"])
    app = BriefingApp(library, start_section=f"{ids[0]}-1")
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.screen.outline.root.children, what="the outline")
        await pilot.press("u")  # the walk is made as the reader goes
        await until(pilot, lambda: app.screen.section.briefing_id == ids[1], what="next")
        open_library(library.home, seed=False).delete_briefing(ids[1])
        # Not the top of the outline (the shipped briefing, 2018-11-22) but next to it: the
        # last in the outline, so the one before it, 2019-02.
        await until(pilot, lambda: app.screen.section.briefing_id != ids[1], what="moved on")
        assert app.screen.section.id == f"{ids[0]}-1"


async def test_deleting_the_briefing_read_from_the_outline_opens_the_one_after_it(
    library, monkeypatch
):
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    ids = _dated(library, ["2019-02-01", "2019-03-01", "2019-01-01"])
    app = BriefingApp(library, start_section=f"{ids[0]}-1")
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.screen.outline.root.children, what="the outline")
        await pilot.press("o")
        await until(pilot, lambda: app.screen.outline.has_focus, what="the outline's focus")
        await press_to(pilot, "d", ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: library.find_briefing(ids[0]) is None, what="deleted")
        # 2019-03, after it in the outline; not the top (the shipped briefing).
        await until(pilot, lambda: app.screen.section.briefing_id == ids[1], what="the next one")


async def test_a_small_library_read_without_the_section_keys_goes_on_next_to_it_too(library):
    ids = _dated(library, ["2019-02-01", "2019-03-01", "2019-01-01"])
    app = BriefingApp(library, start_section=f"{ids[0]}-1")
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.screen.outline.root.children, what="the outline")
        open_library(library.home, seed=False).delete_briefing(ids[0])
        await until(pilot, lambda: app.screen.section.briefing_id != ids[0], what="moved on")
        # Import order up to 200 briefings: the one imported after it, not the first.
        assert app.screen.section.id == f"{ids[1]}-1"
