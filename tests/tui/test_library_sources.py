"""The library screen shelves one paper under one source however its name is written."""

from __future__ import annotations

from pilot_helpers import press_to, tree_lines, until

from tui.app import BriefingApp
from tui.screens.library import LibraryScreen


def _page(paper: str, n: int) -> str:
    return (
        f"{paper} 2019年{n}月{n}日 第{n:02d}版\n\n"
        f"园区新引进项目{n}个\n\n本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n"
    )


async def test_a_papers_big5_copy_is_shelved_under_the_name_most_briefings_carry(library):
    # Two pages of 人民日报 and one of a Big5 copy printing 人民日報: one source.
    for n, paper in ((1, "人民日报"), (2, "人民日報"), (3, "人民日报")):
        library.import_text(_page(paper, n), origin=f"p{n}.txt", meta={"source": paper})
    app = BriefingApp(library)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        screen = await press_to(pilot, "l", LibraryScreen)
        await until(pilot, lambda: screen.tree.cursor_node is not None)
        sources = [str(node.label.plain) for node in screen.tree.root.children]
        assert [s.split("  ")[0] for s in sources][:1] == ["人民日报"]
        assert not any(s.startswith("人民日報") for s in sources)
        assert sources[0].startswith("人民日报  3 briefings")
        assert not any(line.startswith("人民日報") for line in tree_lines(screen.tree))
