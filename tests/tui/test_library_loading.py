"""The library screen opens at once and reads its list in a worker, after the reader's last
position is written; keys that act on a briefing wait for the list."""

from __future__ import annotations

import threading

from pilot_helpers import notices, on_screen, until

from store.readstate import ReadState
from tui.app import BriefingApp
from tui.screens.library import LOADING, LibraryScreen, Shelf

PAGE = (
    "衡阳日报 2019年3月4日 第02版\n\n园区新引进项目3个\n\n本报记者 王五\n\n"
    "本报讯 园区今年新引进项目3个,总投资15亿元。\n\n园区负责人介绍,下一步将继续完善配套设施。\n"
)


def calls_on_loop(monkeypatch, owner: object, name: str) -> list[bool]:
    """Wrap `owner.name` so that each call records whether it ran on this thread, the event
    loop's in a Pilot test."""
    loop_thread = threading.get_ident()
    calls: list[bool] = []
    original = getattr(owner, name)

    def watched(*args, **kwargs):
        calls.append(threading.get_ident() == loop_thread)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, watched)
    return calls


async def library_listed(app, pilot) -> LibraryScreen:
    """Open the library screen from the reader's first section and wait for its list."""
    await until(pilot, lambda: app.reader is not None and app.reader.section is not None)
    await pilot.press("l")
    screen = await on_screen(pilot, LibraryScreen)
    await until(pilot, lambda: not screen.list_pending, what="the list")
    return screen


async def test_l_shows_the_library_before_a_slow_position_write_ends(library, shown, monkeypatch):
    other = library.import_text(PAGE, origin="p.txt").briefing
    gate = threading.Event()
    written: list[str] = []
    save = ReadState.save_position

    def slow(self: ReadState, section_id: str, block: int, read: bool = False) -> bool:
        gate.wait(10)  # a slow disk, until the test lets it finish
        newly = save(self, section_id, block, read)
        written.append(section_id)
        return newly

    monkeypatch.setattr(ReadState, "save_position", slow)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.reader is not None and app.reader.section is not None)
        reading = app.reader.section.briefing_id
        await pilot.press("j", "l")  # moved, then straight to the library: a position to save
        screen = await on_screen(pilot, LibraryScreen)
        # On screen while the write still waits for the disk: the event loop did not wait.
        assert written == []
        assert LOADING in shown(app)
        await pilot.press("m")  # before the list arrives: refused, nothing marked
        await until(pilot, lambda: notices(app, "warning"), what="told to wait")
        assert screen.tree.cursor_node is None and screen.list_pending
        gate.set()
        await until(pilot, lambda: not screen.list_pending, what="the list")
        assert written  # the list was read after the position was written
        current = screen.current()
        assert current is not None and current.id == reading != other.id
        assert LOADING not in shown(app) and "2 briefings" in shown(app)
        assert library.read_state.of(other.id) == frozenset()
        assert library.read_state.of(reading) == frozenset()  # `m` did not act


async def test_a_list_read_again_meanwhile_is_shown_only_as_read_last(library, monkeypatch):
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await library_listed(app, pilot)
        other = library.import_text(PAGE, origin="p.txt").briefing
        # An answer of an older read arriving after a newer read began is dropped.
        screen.reload()
        stale = screen._turn - 1
        screen._show_list(stale, Shelf([], 99, {}, {}, {"date": [], "title": []}, {}, [], {}), None)
        assert screen.list_pending and screen._seen != 99
        await until(pilot, lambda: not screen.list_pending, what="the newer list")
        assert any(b.id == other.id for b in screen.shown)


async def test_the_list_is_sorted_and_counted_in_the_worker_not_on_the_event_loop(
    library, monkeypatch
):
    import tui.screens.library as screen_module
    import tui.screens.library_list as list_module

    library.import_text(PAGE, origin="p.txt")
    sorted_on = calls_on_loop(monkeypatch, screen_module, "ordered")
    sorted_in_worker = calls_on_loop(monkeypatch, list_module, "ordered")
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await library_listed(app, pilot)
        dated = [b.id for b in screen.shown]
        await pilot.press("s")  # by title: already sorted by the worker
        await until(pilot, lambda: screen.sort == "title")
        assert sorted(b.id for b in screen.shown) == sorted(dated)
    assert sorted_in_worker and not any(sorted_in_worker) and not any(sorted_on)


async def test_a_key_typed_in_the_filter_tests_no_briefing_on_the_event_loop(library, monkeypatch):
    import store.shelf

    ids = [
        library.import_text(
            PAGE + f"\n第{n}条\n", origin=f"p{n}.txt", meta={"title": f"园区专刊{n}"}
        ).briefing.id
        for n in range(3)
    ]
    from store.models import Briefing

    tested_on = calls_on_loop(monkeypatch, store.shelf.Filter, "keeps")
    # Nor is any briefing written out (as a worker's description of its arguments would).
    shown_as_text = calls_on_loop(monkeypatch, Briefing, "__repr__")
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await library_listed(app, pilot)
        await pilot.press("slash", "专", "刊")
        await until(pilot, lambda: {b.id for b in screen.shown} == set(ids), what="filtered")
        await pilot.press("1")
        await until(pilot, lambda: [b.id for b in screen.shown] == [ids[1]], what="one left")
        await pilot.press("backspace")
        await until(pilot, lambda: len(screen.shown) == 3, what="three again")
        # The answer of a key typed over is dropped: the box and the list agree.
        screen._filtered("专刊1", screen._sorted[screen.sort], screen.read, [])
        assert len(screen.shown) == 3
    assert tested_on and not any(tested_on)
    assert not any(shown_as_text)


async def test_the_first_word_typed_in_the_filter_folds_no_title_on_the_event_loop(
    library, monkeypatch
):
    import store.shelf

    other = library.import_text(PAGE, origin="p.txt", meta={"title": "园区专刊"}).briefing
    store.shelf._haystack.cache_clear()
    folded_on = calls_on_loop(monkeypatch, store.shelf, "_fold")
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await library_listed(app, pilot)
        await pilot.app.workers.wait_for_complete()
        folded_on.clear()
        await pilot.press("slash", "专", "刊")
        await until(pilot, lambda: [b.id for b in screen.shown] == [other.id], what="filtered")
    # The words typed are folded with the briefings tested, in a worker; no briefing's fields
    # are folded on the event loop, nor anything else.
    assert folded_on and not any(folded_on)


async def test_m_on_a_briefing_reads_no_whole_read_state_on_the_event_loop(library, monkeypatch):
    library.import_text(PAGE, origin="p.txt")
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        await until(pilot, lambda: app.reader is not None and app.reader.outline_placed)
        reading = app.reader.section.briefing_id
        await pilot.press("l")
        screen = await on_screen(pilot, LibraryScreen)
        await until(pilot, lambda: not screen.list_pending, what="the list")
        read_on = calls_on_loop(monkeypatch, ReadState, "all")
        await pilot.press("m")
        await until(pilot, lambda: library.read_state.of(reading), what="marked read")
        await until(pilot, lambda: not screen.list_pending, what="the list again")
        outline = app.reader.outline
        await until(pilot, lambda: outline._unread.get(reading) == 0, what="the outline's count")
    assert read_on and not any(read_on)  # read by the list's worker only


async def test_d_counts_the_notes_and_bookmarks_it_names_off_the_event_loop(library, monkeypatch):
    import store.notes
    from store.bookmarks import add_bookmark
    from tui.screens.confirm import ConfirmScreen

    other = library.import_text(PAGE, origin="p.txt").briefing
    add_bookmark(library, f"{other.id}-1", 0)
    counted_on = calls_on_loop(monkeypatch, store.notes, "list_notes")
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await library_listed(app, pilot)
        screen.tree.move_cursor(screen._reveal(other.id))
        await pilot.pause()
        counted_on.clear()  # the reader's own look at its marks
        await pilot.press("d")
        confirm = await on_screen(pilot, ConfirmScreen)
        assert "0 notes and 1 bookmark are kept" in confirm.question
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
    assert counted_on == [False]
    assert library.find_briefing(other.id) is not None
