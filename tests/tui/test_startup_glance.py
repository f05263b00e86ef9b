"""The reader's first frame, read from the start briefing's own files, and the catalog after it."""

from __future__ import annotations

from store import Library, open_library
from tui.app import BriefingApp
from tui.widgets.outline import Outline

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"

PAGE = (
    "第3版要闻\n\n园区新引进项目3个 ——记者走访产业园\n\n本报记者 王五\n\n"
    "本报讯 园区今年新引进项目3个,总投资15亿元。\n\n园区负责人介绍,下一步将继续完善配套。\n"
)


async def _outline_filled(app: BriefingApp, pilot) -> None:
    outline = app.screen.query_one(Outline)
    for _ in range(250):  # the outline is filled after the first frame
        if outline.root.children:
            break
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert outline.root.children


async def test_the_first_frame_reads_no_catalog(library: Library, shown, monkeypatch) -> None:
    library.user.set_position(S2, 1)
    events: list[str] = []
    fresh = open_library(library.home, seed=False)
    state = fresh.catalog.state
    fresh.catalog.state = lambda: (events.append("catalog"), state())[1]  # type: ignore[method-assign]

    on_ready = BriefingApp.on_ready

    def watched(self: BriefingApp) -> None:
        events.append("first frame")
        on_ready(self)

    monkeypatch.setattr(BriefingApp, "on_ready", watched)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.reader is not None and app.reader.section.id == S2
        assert app.reader.view.cursor == 1
        assert "湖南日报" in shown(app)  # the status line names the briefing
        await _outline_filled(app, pilot)
    assert events[0] == "first frame" and "catalog" in events


async def test_a_briefing_the_catalog_no_longer_holds_gives_way_after_the_first_frame(
    library: Library, shown
) -> None:
    gone = library.import_text(PAGE, origin="p3.txt").briefing
    section_id = f"{gone.id}-1"
    library.user.set_position(section_id, 0)
    # A delete cut short by a crash: the catalog lost the row, the files are still there.
    library.catalog.delete([gone.id])
    app = BriefingApp(open_library(library.home, seed=False))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await _outline_filled(app, pilot)
        assert app.reader is not None and app.reader.section.id == S1
        assert gone.title not in shown(app)


async def test_a_title_changed_in_the_catalog_alone_shows_after_the_first_frame(
    library: Library, shown
) -> None:
    library.user.set_position(S1, 0)
    row = dict(library.catalog.state()["c3398b5e8e"])
    row["title"] = "另一个标题"
    library.catalog.put([row])  # the section file still says 湖南日报
    app = BriefingApp(open_library(library.home, seed=False))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await _outline_filled(app, pilot)
        assert app.reader is not None and app.reader.section.id == S1
        assert "另一个标题" in shown(app) and "湖南日报 ·" not in shown(app)
