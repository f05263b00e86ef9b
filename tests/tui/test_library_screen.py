"""The library screen: grouped, lazy, filtered as you type; open, mark, edit and delete."""

from __future__ import annotations

from pilot_helpers import idle, notices, on_screen, press_to, screen_text, tree_lines, until
from textual.app import App
from textual.widgets import Input

from store import open_library
from tui.app import BriefingApp
from tui.screens.confirm import ConfirmScreen, PromptScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

PAPERS = ("衡阳日报", "湘江晚报")


def _page(n: int) -> str:
    paper = PAPERS[n % 2]
    return (
        f"{paper} 2019年{1 + n % 12}月{1 + n % 28}日 第{n:02d}版\n\n"
        f"园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n\n"
        "农村公路建设提速\n\n本报记者 李四\n\n"
        f"本报讯 今年全省新改建农村公路{n}千公里,惠及群众。\n\n"
        "交通部门表示,将继续加大投入力度。\n"
    )


def _fill(library, pages: int) -> list[str]:
    return [
        library.import_text(
            _page(n), origin=f"p{n}.txt", meta={"source": PAPERS[n % 2]}
        ).briefing.id
        for n in range(1, pages + 1)
    ]


async def _open(app, pilot) -> LibraryScreen:
    await pilot.pause()
    screen = await press_to(pilot, "l", LibraryScreen)
    # The tree's cursor is put on its first node after the tree is laid out.
    await until(pilot, lambda: screen.tree.cursor_node is not None)
    await pilot.pause()
    return screen


async def _filtered(pilot, screen: LibraryScreen, text: str, ids: list[str]) -> None:
    """Type a filter, then go back to the tree once it shows `ids`: a few briefings are shown
    expanded, with the cursor on the first of them."""
    await pilot.press("slash", *text)
    await until(pilot, lambda: [b.id for b in screen.shown] == ids, what=f"filtered by {text}")
    await pilot.press("enter")
    await until(
        pilot,
        lambda: screen.tree.has_focus and getattr(screen.current(), "id", None) == ids[0],
        what="the cursor on the first briefing shown",
    )
    await pilot.pause()


async def test_library_groups_by_source_year_month_and_opens_first_unread(library):
    ids = _fill(library, 4)
    library.read_state.mark([f"{ids[0]}-1"])
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        lines = tree_lines(screen.tree)
        assert any(line.startswith("衡阳日报  2 briefings") for line in lines)
        assert any(line.startswith("2019-02-02") and "1/2 read" in line for line in lines)
        assert "Library: 5 of 5 briefings shown" in str(screen.query_one("#library-title").render())
        await _filtered(pilot, screen, "2019-02", [ids[0]])
        assert screen.current() is not None and screen.current().id == ids[0]
        await press_to(pilot, "enter", ReaderScreen)
        assert app.screen.section.id == f"{ids[0]}-2"  # its first unread section


async def test_mark_rename_and_delete_from_the_library(library):
    ids = _fill(library, 2)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await _filtered(pilot, screen, "2019-03", [ids[1]])
        target = screen.current()
        assert target is not None and target.id == ids[1]
        await pilot.press("m")
        await idle(pilot, lambda: library.read_state.of(ids[1]) == frozenset({1, 2}))
        prompt = await press_to(pilot, "r", PromptScreen)
        prompt.query_one(Input).value = "园区 专刊"
        await pilot.press("enter")
        # The write runs in a worker, then the tree is rebuilt and its cursor put back after
        # the next refresh.
        await idle(
            pilot,
            lambda: app.screen is screen and getattr(screen.current(), "title", "") == "园区 专刊",
        )
        assert open_library(library.home, seed=False).find_briefing(ids[1]).title == "园区 专刊"
        assert getattr(screen.current(), "id", None) == ids[1]  # cursor kept
        prompt = await press_to(pilot, "e", PromptScreen)
        assert "escape cancels" in screen_text(app)  # an edit, not an optional answer
        prompt.query_one(Input).value = "not a date"
        await pilot.press("enter")
        await until(pilot, lambda: notices(app, "error"), what="the bad date is refused")
        assert app.screen is prompt  # a bad date keeps the prompt open
        await pilot.press("escape")
        # Back on the library: the tree has its focus back, on the renamed briefing (a key
        # pressed before that would go to the filter box).
        await until(
            pilot,
            lambda: (
                app.screen is screen
                and screen.tree.has_focus
                and getattr(screen.current(), "id", None) == ids[1]
            ),
        )
        confirm = await press_to(pilot, "d", ConfirmScreen)
        assert "园区 专刊" in confirm.question and "2 sections" in confirm.question
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert library.find_briefing(ids[1]) is not None
        await press_to(pilot, "d", ConfirmScreen)
        await pilot.press("y")
        await idle(pilot, lambda: all(b.id != ids[1] for b in screen.shown))
        assert open_library(library.home, seed=False).find_briefing(ids[1]) is None
        await pilot.press("escape", "escape")
        await on_screen(pilot, ReaderScreen)


async def test_a_large_library_adds_no_node_per_briefing_up_front(library):
    _fill(library, 120)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        nodes = len(tree_lines(screen.tree))
        assert len(screen.shown) == 121 and nodes < 10  # sources only (one opened a level)


def test_library_screen_snapshot(library, snap_compare):
    _fill(library, 3)
    # A title longer than its room is cut, in cells, before the counts.
    title = "关于深入推进社会主义现代化建设若干重大问题的决定全文发布与学习贯彻情况综述"
    library.import_text(_page(4), origin="p4.txt", meta={"source": PAPERS[0], "title": title})

    async def open_library_screen(pilot) -> None:
        screen = await press_to(pilot, "l", LibraryScreen)
        await until(pilot, lambda: screen.tree.cursor_node is not None)
        screen.query_one(Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(
        BriefingApp(library), terminal_size=(100, 24), run_before=open_library_screen
    )


async def test_the_outline_groups_a_large_library_by_month_in_date_order(library, monkeypatch):
    from tui.widgets import outline_groups

    ids = _fill(library, 5)
    monkeypatch.setattr("tui.widgets.outline_groups.GROUP_ABOVE", 2)
    monkeypatch.setattr(outline_groups, "GROUP_SIZE", 2)
    app = BriefingApp(library, start_section=f"{ids[-1]}-2")
    async with app.run_test(size=(110, 36)) as pilot:
        outline = app.screen.outline
        # The outline is filled, then shows the open section, after the first frame.
        await until(
            pilot,
            lambda: (
                outline.cursor_node is not None
                and outline.cursor_node.data is not None
                and outline.cursor_node.data.section_id == f"{ids[-1]}-2"
            ),
        )
        assert app.screen.section.id == f"{ids[-1]}-2"
        # Every page has a month of its own: runs of GROUP_SIZE briefings by date, named by
        # their dates.
        labels = [n.label.plain for n in outline.root.children]
        assert labels[0] == "(5) 2018-11-22 … 2019-02-02  2 briefings"
        assert len(labels) == 3
        # Only the group of the open section holds briefing nodes.
        assert [len(n.children) for n in outline.root.children] == [0, 0, 2]
        outline.focus()
        outline.move_cursor(outline.root.children[0])
        await pilot.pause()  # focus and cursor settle before the key
        await pilot.press("enter")
        await pilot.pause()
        shown = [n.label.plain for n in outline.root.children[0].children]
        assert shown[0].startswith("(3) 湖南日报") and shown[1].startswith("(2) 湘江晚报")


async def test_a_cursor_move_right_after_a_rebuild_is_kept(library):
    _fill(library, 3)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        kept = screen.tree.cursor_node
        screen.rebuild()
        assert screen.tree.cursor_node is not None  # put back at once, not after a refresh
        assert screen.tree.cursor_node.data == kept.data
        group = screen.tree.root.children[-1]
        assert group is not screen.tree.cursor_node
        screen.tree.move_cursor(group)  # as a key pressed before the next frame would
        await pilot.pause()
        await pilot.pause()
        assert screen.tree.cursor_node is group


async def test_enter_on_a_group_opens_it_and_enter_again_closes_it(library):
    _fill(library, 3)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        group = next(n for n in screen.tree.root.children if str(n.label).startswith("湘江晚报"))
        screen.tree.move_cursor(group)
        if group.is_expanded:  # a small library opens with every group expanded
            group.collapse()
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert group.is_expanded and group.children
        await pilot.press("enter")
        await pilot.pause()
        assert not group.is_expanded


async def test_the_cursor_stays_on_its_briefing_when_the_tree_has_not_laid_out_yet(
    library, monkeypatch
):
    # On a loaded machine the cursor can be put back before the rebuilt tree has numbered
    # its lines (it does so when idle or drawn): it must still land on its briefing.
    ids = _fill(library, 2)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await _filtered(pilot, screen, "2019-03", [ids[1]])
        assert getattr(screen.current(), "id", None) == ids[1]
        monkeypatch.setattr(screen, "call_after_refresh", lambda fn, *args: fn(*args))
        await pilot.press("m")
        await idle(pilot, lambda: library.read_state.of(ids[1]) == frozenset({1, 2}))
        assert screen.tree.cursor_line == 3
        assert getattr(screen.current(), "id", None) == ids[1]
        assert "2/2 read" in screen.tree.cursor_node.label.plain


async def test_read_state_changed_by_another_process_shows_in_the_library(library):
    ids = _fill(library, 2)
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await _filtered(pilot, screen, "2019-03", [ids[1]])
        open_library(library.home, seed=False).read_state.mark([f"{ids[1]}-1"])
        await until(
            pilot,
            lambda: "1/2 read" in screen.tree.cursor_node.label.plain,
            what="the briefing's count of read sections",
        )
        assert getattr(screen.current(), "id", None) == ids[1]


async def test_the_library_opens_on_the_briefing_being_read(library):
    ids = _fill(library, 120)  # grouped and collapsed: the briefing's groups are opened
    app = BriefingApp(library, start_section=f"{ids[40]}-2")
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await press_to(pilot, "l", LibraryScreen)
        await until(
            pilot,
            lambda: getattr(screen.current(), "id", None) == ids[40],
            what="the cursor on the briefing open in the reader",
        )
        assert screen.tree.has_focus
        await press_to(pilot, "enter", ReaderScreen)
        assert app.screen.section.id == f"{ids[40]}-1"  # its first unread section


def _count_reloads(monkeypatch) -> list[str]:
    """Reloads of the library screen that read something new (each rebuilds its tree)."""
    reloads: list[str] = []
    rebuild = LibraryScreen.rebuild

    def counted(self, shown=None):
        if shown is None:  # a filter's answer from its worker is not a reload
            reloads.append("r")
        rebuild(self, shown)

    monkeypatch.setattr(LibraryScreen, "rebuild", counted)
    return reloads


async def _settled(app, pilot) -> None:
    # Long enough for the watcher to look at the files several times.
    for _ in range(6):
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_another_process_s_change_reloads_the_library_once(library, monkeypatch):
    ids = _fill(library, 2)
    reloads = _count_reloads(monkeypatch)
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.05  # type: ignore[misc]
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await _filtered(pilot, screen, "2019-03", [ids[1]])
        reloads.clear()
        open_library(library.home, seed=False).read_state.mark([f"{ids[1]}-1"])
        await until(pilot, lambda: "1/2 read" in screen.tree.cursor_node.label.plain)
        await _settled(app, pilot)
        # Handed on to the screen on top once, never back to the app to hand on again.
        assert reloads == ["r"]


async def test_a_change_made_in_the_library_reloads_its_list_once(library, monkeypatch):
    ids = _fill(library, 2)
    reloads = _count_reloads(monkeypatch)
    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.05  # type: ignore[misc]
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await _filtered(pilot, screen, "2019-03", [ids[1]])
        reloads.clear()
        await pilot.press("m")
        await idle(pilot, lambda: "2/2 read" in screen.tree.cursor_node.label.plain)
        await _settled(app, pilot)
        assert reloads == ["r"]
        reloads.clear()
        prompt = await press_to(pilot, "r", PromptScreen)
        prompt.query_one(Input).value = "园区 专刊"
        await pilot.press("enter")
        await idle(pilot, lambda: getattr(screen.current(), "title", "") == "园区 专刊")
        await _settled(app, pilot)
        assert reloads == ["r"]


def test_a_long_title_is_cut_in_cells_so_the_counts_stay_in_view(library) -> None:
    from rich.cells import cell_len

    from tui.screens.library import TITLE_CELLS, briefing_label

    long = "关于深入推进社会主义现代化建设若干重大问题的决定全文发布与学习贯彻情况综述"
    b = library.import_text(_page(1), origin="p.txt", meta={"title": long}).briefing
    label = briefing_label(b, {}).plain
    assert label.endswith("2 sections  0/2 read")
    title = label.split("  ")[1]
    assert title.endswith("…") and long.startswith(title[:-1])
    assert cell_len(title) <= TITLE_CELLS and cell_len(title) >= TITLE_CELLS - 1
    # Runs of white space in a title are one space on its line.
    spaced = library.import_text(_page(2), origin="q.txt", meta={"title": "衡阳  日报"}).briefing
    assert "  衡阳 日报  " in briefing_label(spaced, {}).plain


async def test_m_on_a_group_marks_its_briefings_read_and_again_unread(library, shown, monkeypatch):
    ids = _fill(library, 4)  # two per paper
    parsed: list[bool] = []  # whether each "Marked" notice was to be read as markup
    notify = App.notify

    def kept(self: App, message: str, **kwargs) -> None:
        if str(message).startswith("Marked"):
            parsed.append(kwargs.get("markup", True))
        notify(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", kept)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await until(pilot, lambda: app.reader.outline_placed, what="the outline")
        group = next(n for n in screen.tree.root.children if "衡阳日报" in n.label.plain)
        screen.tree.move_cursor(group)
        await pilot.pause()
        assert screen.current() is None  # a source, not a briefing
        await pilot.press("m")
        papers = [i for n, i in enumerate(ids, 1) if n % 2 == 0]  # 衡阳日报's briefings
        await until(
            pilot,
            lambda: all(library.read_state.of(i) == frozenset({1, 2}) for i in papers),
            what="the paper's briefings marked read",
        )
        await until(
            pilot, lambda: any("Marked 4 sections of 2 briefings read" in m for m in notices(app))
        )
        assert parsed == [False]
        assert all(not library.read_state.of(i) for i in ids if i not in papers)
        group = next(n for n in screen.tree.root.children if "衡阳日报" in n.label.plain)
        await until(pilot, lambda: "unread" not in group.label.plain, what="the group's count")
        await pilot.press("escape")
        outline = app.screen.outline
        labels = [n.label.plain for n in outline.root.children]
        assert [label for label in labels if "衡阳日报" in label and label.startswith("(")] == []
        await press_to(pilot, "l", LibraryScreen)
        screen = app.screen
        group = next(n for n in screen.tree.root.children if "衡阳日报" in n.label.plain)
        screen.tree.move_cursor(group)
        await pilot.pause()
        await pilot.press("m")
        await until(
            pilot,
            lambda: all(not library.read_state.of(i) for i in papers),
            what="marked unread again",
        )


async def test_is_unread_in_the_filter_leaves_the_briefings_left_to_read(library):
    ids = _fill(library, 3)
    library.read_state.mark_briefing(ids[0], 2)
    library.read_state.mark_briefing("c3398b5e8e", 3)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await _open(app, pilot)
        await _filtered(pilot, screen, "is:unread", [ids[2], ids[1]])
        assert "2 of 4 briefings shown, 4 sections unread" in str(
            screen.query_one("#library-title").render()
        )
