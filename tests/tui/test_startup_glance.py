"""The reader's first frame, read from the start briefing's own files, and the catalog after it."""

from __future__ import annotations

import orjson
from pilot_helpers import idle, until

from store import Library, open_library
from tui.app import BriefingApp

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"

PAGE = (
    "第3版要闻\n\n园区新引进项目3个 ——记者走访产业园\n\n本报记者 王五\n\n"
    "本报讯 园区今年新引进项目3个,总投资15亿元。\n\n园区负责人介绍,下一步将继续完善配套。\n"
)


async def _outline_filled(app: BriefingApp, pilot) -> None:
    outline = app.screen.outline
    # Filled after the first frame (a worker reads the rows of a large catalog).
    await until(pilot, lambda: outline.root.children, what="the outline is filled")
    await idle(pilot)


async def test_the_first_frame_reads_no_catalog(library: Library, shown, monkeypatch) -> None:
    library.user.set_position(S2, 1)
    fresh = open_library(library.home, seed=False)
    events = _watch_reads(fresh, monkeypatch)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.reader is not None and app.reader.section.id == S2
        assert app.reader.view.cursor == 1
        assert "湖南日报" in shown(app)  # the status line names the briefing
        await _outline_filled(app, pilot)
    assert events[0] == f"first frame {S2}" and "catalog" in events


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


def _watch_reads(library: Library, monkeypatch) -> list[str]:
    """Events in order: "catalog" for each read of the catalog, and "first frame" with the
    section it shows."""
    events: list[str] = []
    state = library.catalog.state
    library.catalog.state = lambda: (events.append("catalog"), state())[1]  # type: ignore[method-assign]
    on_ready = BriefingApp.on_ready

    def watched(self: BriefingApp) -> None:
        reader = self.reader
        shown = reader.section.id if reader is not None and reader.section is not None else None
        events.append(f"first frame {shown}")
        on_ready(self)

    monkeypatch.setattr(BriefingApp, "on_ready", watched)
    return events


async def test_a_library_never_read_opens_at_its_first_section_without_the_catalog(
    library: Library, shown, monkeypatch
) -> None:
    library.import_text(PAGE, origin="p3.txt")
    library.catalog.compact()
    fresh = open_library(library.home, seed=False)
    events = _watch_reads(fresh, monkeypatch)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.reader is not None and app.reader.section.id == S1
        await _outline_filled(app, pilot)
        assert app.reader.section.id == S1 and "湖南日报" in shown(app)
    assert events[0] == f"first frame {S1}" and "catalog" in events


async def test_a_first_section_guessed_wrong_gives_way_to_the_first_one(
    library: Library, monkeypatch
) -> None:
    other = library.import_text(PAGE, origin="p3.txt").briefing
    library.catalog.compact()
    # A catalog whose rows are not in reading order (written by hand, say).
    data = orjson.loads((library.home / "catalog.json").read_bytes())
    rows = list(data["briefings"].values())
    data["briefings"] = {str(n): row for n, row in enumerate(reversed(rows), 1)}
    library.catalog.write_document(data)
    fresh = open_library(library.home, seed=False)
    events = _watch_reads(fresh, monkeypatch)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await _outline_filled(app, pilot)
        assert app.reader is not None and app.reader.section.id == S1
    assert events[0] == f"first frame {other.id}-1"


def _dated(library: Library, dates: list[str], first: int = 4) -> list[str]:
    """Briefings of pages numbered from `first` on, with those dates."""
    return [
        library.import_text(
            PAGE.replace("3", str(n)), origin=f"{n}.txt", meta={"date": d}
        ).briefing.id
        for n, d in enumerate(dates, first)
    ]


async def test_a_large_library_never_read_opens_at_the_top_of_its_outline(
    library: Library, monkeypatch
) -> None:
    # Above GROUP_ABOVE briefings the outline goes by date, whatever the import order.
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    ids = _dated(library, ["2019-05-01", "2017-01-02", "2017-01-02"])
    library.catalog.compact()
    fresh = open_library(library.home, seed=False)
    events = _watch_reads(fresh, monkeypatch)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await _outline_filled(app, pilot)
        assert app.reader is not None and app.reader.section.id == f"{ids[1]}-1"
        top = app.screen.outline.root.children[0]
        assert "2017" in str(top.label)
    # Known from the compacted catalog's first row: no jump once the catalog is read.
    assert events[0] == f"first frame {ids[1]}-1"


async def test_a_large_library_gives_way_to_an_earlier_briefing_added_since_compaction(
    library: Library, monkeypatch
) -> None:
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    ids = _dated(library, ["2019-05-01", "2017-01-02"])
    library.catalog.compact()
    (earliest,) = _dated(library, ["2016-03-04"], 9)  # in the journal, after the first row
    fresh = open_library(library.home, seed=False)
    events = _watch_reads(fresh, monkeypatch)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await _outline_filled(app, pilot)
        assert app.reader is not None and app.reader.section.id == f"{earliest}-1"
    assert events[0] == f"first frame {ids[1]}-1"  # the compacted catalog's first row


async def test_the_reader_tidies_the_section_folder_after_its_first_frame(library: Library) -> None:
    stray = library.sections_dir / ".c3398b5e8e.json.4242.tmp"
    stray.write_bytes(b"half a file")
    app = BriefingApp(open_library(library.home, seed=False, tidy=False))
    assert stray.exists()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not stray.exists()
        assert app.reader is not None and app.reader.section.id == S1


async def test_the_check_after_the_first_frame_takes_the_order_the_outline_sorted(
    library: Library, monkeypatch
) -> None:
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    ids = _dated(library, ["2019-05-01", "2017-01-02"])
    library.catalog.compact()
    (earliest,) = _dated(library, ["2016-03-04"], 9)
    fresh = open_library(library.home, seed=False)
    sorts: list[int] = []
    import tui.app_library

    def counted(lib: Library) -> list[tuple[str, int]]:
        sorts.append(1)
        return reading_order(lib)

    from store.glance import reading_order

    monkeypatch.setattr(tui.app_library, "reading_order", counted)
    app = BriefingApp(fresh)
    async with app.run_test(size=(100, 32)) as pilot:
        await _outline_filled(app, pilot)
        # The guess (the compacted catalog's first row) gave way to the first briefing of
        # the outline's order, taken from the walk its worker made: no second sort.
        assert app.reader is not None and app.reader.section.id == f"{earliest}-1"
        assert ids[1] != earliest and fresh.walk_made() is not None
    assert sorts == []
