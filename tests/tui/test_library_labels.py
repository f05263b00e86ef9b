"""Every line of the library screen fits its width by cells: a long source, title or count line
is cut with "…", the part that gives way first, wide characters counted as two cells."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pilot_helpers import press_to, until
from rich.cells import cell_len
from textual.widgets import Input

from store.sanitize import clean_line
from store.typeset import fit_line
from tui.app import BriefingApp
from tui.screens.library import LibraryScreen
from tui.screens.library_tree import PART_CELLS, group_label

LONG_SOURCE = (
    "湖南日报 (Hunan Daily), one page: 第01版 要闻 新区建设提速 产业链 衡阳 长沙 株洲 湘潭 "
    "岳阳 常德 益阳 郴州 永州 怀化 娄底 邵阳 张家界 湘西"
)
LONG_TITLE = "关于深入推进社会主义现代化建设若干重大问题的决定全文发布与学习贯彻情况综述"

WIDE = st.text(
    st.sampled_from("湖南日报要闻ａｂＡ１２ab (),:第版😀한글 \u3000…"), min_size=0, max_size=60
)


@settings(max_examples=300, deadline=None)
@given(
    name=WIDE,
    count=st.integers(0, 100_000),
    unread=st.integers(0, 10**6),
    cells=st.integers(0, 130),
)
def test_a_group_label_fits_any_width_with_its_name_cut_first(
    name: str, count: int, unread: int, cells: int
) -> None:
    label = group_label(name, count, unread)
    fitted = label.fitted(cells)
    assert fitted.cell_len <= cells
    if label.cell_len <= cells:
        assert fitted.plain == label.plain
        return
    flat = fit_line(clean_line(name), 10**6)  # on one line, whole
    assert label.plain.startswith(flat)
    tail = label.plain[len(flat) :]  # the counts, after the name
    shown = fitted.plain
    if cells >= cell_len(tail) + min(cell_len(flat), PART_CELLS):
        assert shown.endswith(tail)  # the counts stay whole; the name gave way
        cut = shown[: len(shown) - len(tail)]
        assert cut == flat or (cut.endswith("…") and flat.startswith(cut[:-1]))


def _lines_of(screen: LibraryScreen) -> list[str]:
    tree = screen.tree
    return ["".join(s.text for s in tree.render_line(y)).rstrip() for y in range(tree.size.height)]


async def _open_at(app: BriefingApp, pilot) -> LibraryScreen:
    await pilot.pause()
    screen = await press_to(pilot, "l", LibraryScreen)
    await until(pilot, lambda: screen.tree.cursor_node is not None)
    screen.query_one(Input).cursor_blink = False
    await pilot.pause()
    return screen


def _long_library(library) -> None:
    (seed,) = library.briefings()
    library.edit_briefing(seed.id, source=LONG_SOURCE)
    page = "衡阳日报 2019年3月1日 第04版\n\n园区新引进项目\n\n本报讯 园区今年新引进项目12个。\n"
    library.import_text(page, origin="p.txt", meta={"source": LONG_SOURCE, "title": LONG_TITLE})


async def test_every_tree_line_fits_80_and_120_columns_with_the_counts_in_view(library) -> None:
    _long_library(library)
    for width in (80, 120):
        app = BriefingApp(library)
        async with app.run_test(size=(width, 24)) as pilot:
            screen = await _open_at(app, pilot)
            lines = [line for line in _lines_of(screen) if line]
            assert len(lines) == 7, lines  # source, two years, their months and briefings
            room = screen.tree.scrollable_content_region.width
            assert all(cell_len(line) <= room for line in lines), lines
            assert screen.tree.virtual_size.width <= room  # nothing to scroll sideways
            source = lines[0]
            assert "…" in source and source.endswith("2 briefings  4 unread")
            assert source.lstrip("▼ ").startswith("湖南日报 (Hunan Daily)")
            briefings = [line for line in lines if "sections" in line or "section " in line]
            assert briefings and all(line.endswith(" read") for line in briefings)
            title = str(screen.query_one("#library-title").render())
            assert cell_len(title) <= screen.query_one("#library-title").content_region.width


async def test_the_title_line_is_cut_with_an_ellipsis_when_narrow(library) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(40, 20)) as pilot:
        screen = await _open_at(app, pilot)
        line = screen.query_one("#library-title")
        title = str(line.render())
        assert title.startswith("Library: 1 of 1 briefing") and title.endswith("…")
        assert cell_len(title) == line.content_region.width


def test_library_screen_at_80_columns_with_long_labels(library, snap_compare) -> None:
    _long_library(library)

    async def open_it(pilot) -> None:
        await _open_at(pilot.app, pilot)

    assert snap_compare(BriefingApp(library), terminal_size=(80, 16), run_before=open_it)


async def test_a_rebuilt_tree_draws_only_the_lines_on_screen(library, monkeypatch) -> None:
    from tui.screens.library_tree import LibraryTree

    _long_library(library)
    drawn: list[object] = []
    real = LibraryTree.render_label

    def counted(self, node, base_style, style):
        drawn.append(node)
        return real(self, node, base_style, style)

    app = BriefingApp(library)
    async with app.run_test(size=(80, 10)) as pilot:
        screen = await _open_at(app, pilot)
        assert screen.tree.last_line + 1 == 7 > screen.tree.size.height
        monkeypatch.setattr(LibraryTree, "render_label", counted)
        screen.rebuild()
        await pilot.pause()
        # Labels are fitted where drawn: none is measured beforehand for a sideways scroll.
        assert 0 < len(drawn) <= screen.tree.size.height
