"""Pilot tests of damage in the reader: a damaged user file, and an index that must be rebuilt."""

from __future__ import annotations

import shutil

from pilot_helpers import notices, press_to, searched, until

from store import open_library
from tui.app import BriefingApp
from tui.screens.search import SearchScreen

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"


async def test_a_damaged_user_file_is_told_once_and_reading_goes_on(library, shown) -> None:
    (library.home / "user.json").write_bytes(b'{"meta": {"1": {"schema": 1}}, "notes": [1')
    damaged = library.user.path.read_bytes()
    app = BriefingApp(open_library(library.home, seed=False))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        reader = app.screen
        assert reader.section is not None and reader.section.id == S1
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert reader.section.id == S2
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert reader.section.id == S1
        await until(pilot, lambda: notices(app))
        await pilot.pause()
        given = notices(app)
        assert len(given) == 1 and "user.json" in given[0], given
    assert library.user.path.read_bytes() == damaged  # never written over


async def test_search_rebuilds_a_lost_index_and_says_how_far_it_got(library, shown) -> None:
    for page in ("甲", "乙", "丙"):
        library.import_text(
            f"{page}报\n\n{page}地新闻\n\n衡阳今年的{page}新闻。\n", origin=f"{page}.txt"
        )
    shutil.rmtree(library.home / "index", ignore_errors=True)
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await press_to(pilot, "slash", SearchScreen)
        said: list[str] = []
        show = screen._show_status

        def record(text) -> None:
            said.append(str(text))
            show(text)

        screen._show_status = record
        screen.box.value = "衡阳"
        await searched(pilot)
        assert any(s.startswith("Rebuilding the search index") for s in said), said
        assert screen.results is not None and screen.results.total == 5
        assert "5 sections match" in shown(app)
