"""An open reader notices what other processes change in its library, without a restart."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pilot_helpers import idle, until

from store import open_library
from store.bookmarks import add_bookmark
from store.notes import add_note
from tui.app import BriefingApp
from tui.screens.reader import ReaderScreen
from tui.watch import StoreChanged, StoreWatcher
from tui.widgets.outline import Outline

ROOT = Path(__file__).resolve().parents[2]
S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"
OTHER = "大标题\n\n本报讯 这是另一份简报的第一段,讲的是别的事情。\n\n第二段也在这里。\n"


@pytest.fixture
def fast_app(library) -> BriefingApp:
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    return app


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReaderScreen)
    return screen


def mark_row(shown: str, glyph: str, words: str) -> bool:
    return any(glyph in line and words in line for line in shown.splitlines())


async def test_bookmark_from_another_handle_shows_up(fast_app, library, shown):
    app = fast_app
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j", "j", "j")
        screen = reader(app)
        assert 2 not in screen.view.marks
        other = open_library(library.home, seed=False)
        add_bookmark(other, S1, 2)
        await until(pilot, lambda: "bookmark" in screen.view.marks.get(2, ()))
        assert screen.view.cursor == 3
        assert reader(app) is screen
        # The bookmarked paragraph carries the bookmark glyph in the margin.
        block = screen.view.section.blocks[2].text[:8]
        assert mark_row(shown(app), "◆", block)


async def test_bookmark_from_the_cli_shows_up(fast_app, library, shown):
    app = fast_app
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        screen = reader(app)
        args = [
            "--store",
            str(library.home),
            "bookmark",
            "add",
            S1,
            "--block",
            "3",
        ]  # ¶ 3 = block 2
        run = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "tui", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        await until(pilot, lambda: "bookmark" in screen.view.marks.get(2, ()))
        assert screen.view.cursor == 1


async def test_note_from_another_handle_shows_up(fast_app, library):
    app = fast_app
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = reader(app)
        other = open_library(library.home, seed=False)
        add_note(other, S1, 4, "written elsewhere")
        await until(pilot, lambda: "note" in screen.view.marks.get(4, ()))


async def test_import_from_another_handle_shows_in_the_outline(fast_app, library, shown):
    app = fast_app
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j", "j")
        screen = reader(app)
        top = screen.view.scroll_offset.y
        other = open_library(library.home, seed=False)
        result = other.import_text(OTHER, origin="other.txt", meta={"title": "另一份简报"})
        await until(pilot, lambda: "另一份简报" in shown(app))
        outline = screen.outline
        assert any(
            node.data is not None and node.data.briefing_id == result.briefing.id
            for node in outline.root.children
        )
        # The text, its scroll and the cursor are left alone; sections count within a briefing.
        assert reader(app) is screen
        assert screen.section is not None and screen.section.id == S1
        assert screen.view.cursor == 2 and screen.view.scroll_offset.y == top
        assert "section 1/3" in shown(app)
        await pilot.press("right_square_bracket")
        assert screen.section.id == S2


async def test_deleting_the_open_briefing_elsewhere_moves_on(fast_app, library, shown):
    app = fast_app
    other = open_library(library.home, seed=False)
    extra = other.import_text(OTHER, origin="other.txt", meta={"title": "另一份简报"})
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        screen = reader(app)
        other.delete_briefing("c3398b5e8e")
        await until(pilot, lambda: screen.section is not None and screen.section.id != S1)
        assert screen.section.briefing_id == extra.briefing.id
        assert "5年“转”来500多家企业" not in shown(app)
        assert app.is_running and not app.reported_errors


async def test_own_writes_cause_no_refresh(fast_app, library, monkeypatch):
    app = fast_app
    populated: list[int] = []
    refreshed: list[int] = []
    polls: list[tuple[bool, bool]] = []
    original_populate = Outline.populate
    original_refresh = ReaderScreen.refresh_marks
    poll = StoreWatcher.poll
    monkeypatch.setattr(StoreWatcher, "poll", lambda self: polls.append(poll(self)) or polls[-1])

    async def watched_twice() -> None:
        # Two whole polls after now: at least one of them started after the last write.
        seen = len(polls)
        await until(pilot, lambda: len(polls) >= seen + 2)
        await idle(pilot)

    def populate(self: Outline, briefings: list, read=None, plan=None) -> None:
        populated.append(len(briefings))
        original_populate(self, briefings, read, plan)

    def refresh_marks(self: ReaderScreen) -> None:
        refreshed.append(1)
        original_refresh(self)

    monkeypatch.setattr(Outline, "populate", populate)
    monkeypatch.setattr(ReaderScreen, "refresh_marks", refresh_marks)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: populated == [1], what="the outline filled once")
        await idle(pilot)
        screen = reader(app)
        assert populated == [1]
        refreshed.clear()
        # Moving saves the reading position (user.json changes): nothing is refreshed.
        await pilot.press("j", "j")
        await until(pilot, lambda: library.user.get_position(S1) == 2)
        await watched_twice()
        assert refreshed == []
        # An import made by the app's own library shows once, not again at the next poll.
        library.import_text(OTHER, origin="other.txt")
        await until(pilot, lambda: populated == [1, 2])
        await watched_twice()
        assert populated == [1, 2]
        assert screen.view.cursor == 2


def test_watcher_reports_each_kind_of_change(library):
    watcher = StoreWatcher(library.home)
    assert watcher.poll() == (False, False)
    assert watcher.poll() == (False, False)
    library.user.set_position(S1, 3)
    library.user.set_setting("theme", "nord")
    assert watcher.poll() == (False, False)
    add_bookmark(library, S1, 1)
    assert watcher.poll() == (False, True)
    assert watcher.poll() == (False, False)
    library.import_text(OTHER, origin="other.txt")
    assert watcher.poll() == (True, False)
    assert watcher.poll() == (False, False)


def test_a_read_state_this_process_wrote_and_showed_is_not_reported(library):
    watcher = StoreWatcher(library.home)
    assert watcher.poll() == (False, False)
    library.read_state.mark([S1])
    watcher.seen_user(_own(library))  # this process's own change, shown already
    assert watcher.poll() == (False, False)
    library.read_state.mark([S1], read=False)  # as another process would
    assert watcher.poll() == (False, True)


def _own(library):
    """The write this thread made last through the library's user file."""
    return library.user.db.storage.last_write()


def test_another_process_writing_right_after_an_own_write_is_still_reported(library):
    watcher = StoreWatcher(library.home)
    assert watcher.poll() == (False, False)
    other = open_library(library.home, seed=False)
    library.read_state.mark([S1])
    own = _own(library)
    other.read_state.mark([S2])  # lands before this process tells its watcher of its own
    watcher.seen_user(own)
    assert watcher.poll() == (False, True)
    assert watcher.poll() == (False, False)


def test_an_own_write_built_on_an_unseen_change_of_another_process_leaves_it_reported(library):
    watcher = StoreWatcher(library.home)
    assert watcher.poll() == (False, False)
    open_library(library.home, seed=False).read_state.mark([S2])  # not polled yet
    library.read_state.mark([S1])  # read-modify-write: holds the other's mark too
    watcher.seen_user(_own(library))
    assert watcher.poll() == (False, True)


def test_an_own_position_save_after_an_own_mark_costs_no_refresh(library):
    watcher = StoreWatcher(library.home)
    assert watcher.poll() == (False, False)
    library.read_state.mark([S1])
    watcher.seen_user(_own(library))
    library.user.set_position(S1, 2)  # not told: positions never count
    assert watcher.poll() == (False, False)
    assert watcher.seen_user(None) is None  # no write made in this thread: nothing taken
    assert watcher.poll() == (False, False)


def test_a_watcher_sharing_the_librarys_catalog_parses_it_no_more(library, monkeypatch):
    from store.catalog import Catalog

    library.catalog.state()  # as the reader's outline does
    parses: list[Catalog] = []
    reload = Catalog._reload
    monkeypatch.setattr(Catalog, "_reload", lambda self: (parses.append(self), reload(self)))
    watcher = StoreWatcher(library.home, library.catalog)
    assert watcher.poll() == (False, False)
    assert parses == []  # the rows the library read already
    other = open_library(library.home, seed=False)
    other.import_text(OTHER, origin="other.txt")
    assert watcher.poll() == (True, False)
    assert watcher.poll() == (False, False)
    library.edit_briefing(library.briefings()[-1].id, title="改过的标题")
    assert watcher.poll() == (True, False)  # a title the outline shows
    library.import_text(OTHER.replace("大标题", "又一份"), origin="third.txt")
    watcher.seen_catalog()  # this process's own change, shown already
    assert watcher.poll() == (False, False)
    assert parses == []  # the journal's new lines were read, never the whole file again


async def test_the_reader_and_its_watcher_parse_the_catalog_once(library, monkeypatch):
    from store.catalog import Catalog

    parses: list[Catalog] = []
    reload = Catalog._reload
    monkeypatch.setattr(Catalog, "_reload", lambda self: (parses.append(self), reload(self)))
    lib = open_library(library.home, seed=False)
    app = BriefingApp(lib)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    polls: list[tuple[bool, bool]] = []
    poll = StoreWatcher.poll
    monkeypatch.setattr(StoreWatcher, "poll", lambda self: polls.append(poll(self)) or polls[-1])
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: len(polls) >= 3 and lib.catalog.loaded)
    assert len(parses) == 1


def test_watcher_skips_an_unreadable_file_until_it_is_whole(library):
    watcher = StoreWatcher(library.home)
    watcher.poll()
    user = library.home / "user.json"
    add_bookmark(library, S1, 1)
    assert watcher.poll() == (False, True)
    good = user.read_bytes()
    user.write_bytes(b'{"bookmarks": ')
    assert watcher.poll() == (False, False)
    user.write_bytes(good.replace(b'"bookmarks"', b'"bookmarks_old"'))
    assert watcher.poll() == (False, True)


@pytest.mark.timeout(30)
def test_watcher_skips_a_fifo_in_place_of_the_user_file_without_waiting(library):
    watcher = StoreWatcher(library.home)
    watcher.poll()
    user = library.home / "user.json"
    add_bookmark(library, S1, 1)
    assert watcher.poll() == (False, True)
    good = user.read_bytes()
    user.unlink()
    os.mkfifo(user)  # opened for reading, it would wait for a writer that never comes
    assert watcher.poll() == (False, False)
    user.unlink()
    user.write_bytes(good.replace(b'"bookmarks"', b'"bookmarks_old"'))
    assert watcher.poll() == (False, True)


async def test_store_changed_reaches_a_dialog_on_top(fast_app, library):
    from textual.screen import ModalScreen
    from textual.widgets import Static

    seen: list[StoreChanged] = []

    class Listing(ModalScreen[None]):
        def compose(self):
            yield Static("list")

        def on_store_changed(self, event: StoreChanged) -> None:
            seen.append(event)

    app = fast_app
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.push_screen(Listing())
        await pilot.pause()
        add_bookmark(open_library(library.home, seed=False), S1, 0)
        await until(pilot, lambda: bool(seen))
        assert (seen[0].catalog, seen[0].user) == (False, True)
        # The reader beneath was refreshed too.
        assert "bookmark" in reader(app).view.marks.get(0, ())


def test_a_search_never_answers_from_a_stale_cache(library):
    # The reader asks the same query again after another process wrote.
    other = open_library(library.home, seed=False)
    table = library.user.table("bookmarks")
    from tinydb import Query

    query = Query().section_id == S1
    assert table.search(query) == []
    add_bookmark(other, S1, 2)
    assert [row["block"] for row in table.search(query)] == [2]


async def test_a_change_before_the_app_starts_is_simply_read(app, library, shown):
    # on_change fires while the app is built but not running yet.
    library.import_text(OTHER, origin="other.txt", meta={"title": "另一份简报"})
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: "另一份简报" in shown(app), what="the outline lists it")
        await idle(pilot)
        assert not app.reported_errors
