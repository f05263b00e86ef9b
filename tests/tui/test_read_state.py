"""Read state in the reader: the last block, or leaving a section wholly shown for a moment,
marks a section read; `u` finds the next unread."""

from __future__ import annotations

from pilot_helpers import idle, notices, press_to, until

from tui.screens.reader import ReaderScreen

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"
ONE = "短讯标题\n\n本报讯 这份简报只有一段,说完就结束了。\n"
OTHER = "大标题\n\n本报讯 这是另一份简报的第一段,讲的是别的事情。\n\n第二段也在这里。\n"


async def test_reaching_the_last_block_marks_the_section_read(app, library, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: "(3) 湖南日报" in shown(app), what="the outline's count")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.section.id == S1
        await pilot.press("j")
        # The position is saved once the cursor rests, with the read state if it is the end.
        await until(pilot, lambda: library.user.get_position(S1) == 1, what="position saved")
        await idle(pilot)
        assert not library.read_state.is_read(S1)  # a paragraph in the middle is not the end
        await pilot.press("G")
        await until(pilot, lambda: library.read_state.is_read(S1), what="S1 marked read")
        await until(pilot, lambda: "(2) 湖南日报" in shown(app), what="the count drops")
        outline = screen.outline
        assert outline.root.children[0].label.plain.startswith("(2)")


async def test_next_unread_skips_read_sections_and_wraps(app, library):
    library.read_state.mark([S2])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.section.id == S1
        await pilot.press("u")
        await pilot.pause()
        assert screen.section.id == S3  # S2 is read
        await pilot.press("u")
        await pilot.pause()
        assert screen.section.id == S1  # round to the top
        library.read_state.mark([S1, S3])
        await pilot.press("u")
        await pilot.pause()
        assert screen.section.id == S1
        assert any("Every section is read" in m for m in notices(app))


async def test_unread_counts_stay_in_the_outline_after_another_process_imports(library, shown):
    from store import open_library
    from tui.app import BriefingApp

    library.read_state.mark([S2])
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: "(2) 湖南日报" in shown(app), what="the outline's count")
        other = open_library(library.home, seed=False)
        other.import_text(OTHER, origin="other.txt", meta={"title": "另一份简报"})
        await until(pilot, lambda: "另一份简报" in shown(app), what="the import in the outline")
        # The outline is built again with the new briefing: both keep their counts.
        assert "(2) 湖南日报" in shown(app)
        assert "(1) 另一份简报" in shown(app)


async def test_sections_marked_read_by_another_process_show_in_the_outline(library, shown):
    from store import open_library
    from tui.app import BriefingApp

    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: "(3) 湖南日报" in shown(app), what="the outline's count")
        open_library(library.home, seed=False).read_state.mark([S2, S3])
        await until(pilot, lambda: "(1) 湖南日报" in shown(app), what="the count drops to 1")
        open_library(library.home, seed=False).read_state.mark([S1, S2, S3], read=False)
        await until(pilot, lambda: "(3) 湖南日报" in shown(app), what="the count back to 3")


async def test_a_section_wholly_on_screen_is_read_when_left_after_a_moment(
    library, shown, monkeypatch
):
    from tui.app import BriefingApp

    short = library.import_text(OTHER, origin="other.txt", meta={"title": "另一份简报"}).briefing
    short_id = f"{short.id}-1"
    library.user.set_position(short_id, 0)
    monkeypatch.setattr("tui.screens.reading_position.WHOLE_SHOWN", 0.0)
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: "(1) 另一份简报" in shown(app), what="the outline's count")
        screen = app.screen
        assert screen.section.id == short_id and screen.view.cursor == 0  # never moved
        assert not library.read_state.is_read(short_id)  # still on screen: not left yet
        await pilot.press("u")
        await until(pilot, lambda: screen.section.id == S1, what="the next unread section")
        assert library.read_state.is_read(short_id)
        await until(pilot, lambda: "(1) 另一份简报" not in shown(app), what="the count goes")
        assert "另一份简报" in shown(app)
        # A long section left before its end is not read, however long it was shown.
        await pilot.press("u")
        await until(pilot, lambda: screen.section.id == S2, what="the next one")
        assert not library.read_state.is_read(S1)


async def test_a_section_flipped_past_at_once_is_not_read(library, monkeypatch):
    from tui.app import BriefingApp

    # One paragraph: the cursor opens on its last block, which the reader never moved to.
    one = library.import_text(ONE, origin="one.txt", meta={"title": "短讯"}).briefing
    assert one.section_count == 1
    one_id = f"{one.id}-1"
    assert len(library.section(one_id).blocks) == 1
    library.user.set_position(one_id, 0)
    monkeypatch.setattr("tui.screens.reading_position.WHOLE_SHOWN", 60.0)
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.section.id == one_id
        await pilot.press("u", "u")
        await until(pilot, lambda: screen.section.id == S2, what="two sections on")
        await until(pilot, lambda: library.user.get_position(S2) == 0, what="position saved")
        await pilot.press("q")
    assert library.read_state.all() == {}


async def test_leaving_a_section_writes_its_position_off_the_event_loop(app, library, monkeypatch):
    import threading

    from store.userdata import UserData

    writers: list[tuple[str, str]] = []
    set_position = UserData.set_position

    def recorded(self, section_id, block):
        writers.append((section_id, threading.current_thread().name))
        return set_position(self, section_id, block)

    monkeypatch.setattr(UserData, "set_position", recorded)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("j")  # a position to save, still pending when the section is left
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: app.screen.section.id == S2, what="the next section")
        await until(pilot, lambda: library.user.get_position(S1) == 1, what="S1's position")
        assert (S1, threading.main_thread().name) not in writers
        await pilot.press("j")
        await pilot.press("q")
    # Quitting waits for the last position.
    assert library.user.get_position(S2) == 1 and library.user.last_section() == S2


async def test_the_library_opened_from_a_short_section_counts_it_read(library, monkeypatch):
    import time

    from store.readstate import ReadState
    from tui.app import BriefingApp
    from tui.screens.library import LibraryScreen

    short = library.import_text(OTHER, origin="other.txt", meta={"title": "另一份简报"}).briefing
    library.user.set_position(f"{short.id}-1", 0)
    monkeypatch.setattr("tui.screens.reading_position.WHOLE_SHOWN", 0.0)
    mark = ReadState.mark
    # A slow disk: the mark is still being written when the library reads the read state.
    monkeypatch.setattr(ReadState, "mark", lambda *a, **k: (time.sleep(0.3), mark(*a, **k))[1])
    app = BriefingApp(library)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause()
        screen = await press_to(pilot, "l", LibraryScreen)
        await until(pilot, lambda: screen.shown, what="the library's list")
        await pilot.pause()
        assert screen.read.get(short.id) == frozenset({1})
