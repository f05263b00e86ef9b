"""A change of the read state alone relabels the library screen's lines of the briefings it
changed and their groups', as a rebuild of the tree would label them, without rebuilding it."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from pilot_helpers import press_to, until

from store import open_library
from store.models import Briefing
from store.shelf import group_key
from tui.app import BriefingApp
from tui.screens.library import LibraryScreen
from tui.screens.library_list import groups_of

PAPERS = ("衡阳日报", "湘江晚报")


def _page(n: int) -> str:
    return (
        f"{PAPERS[n % 2]} 2019年{1 + n % 3}月{1 + n % 28}日 第{n:02d}版\n\n"
        f"园区新引进项目{n}个\n\n本报记者 王五\n\n本报讯 园区今年新引进项目{n}个。\n\n"
        "农村公路建设提速\n\n本报记者 李四\n\n本报讯 今年全省新改建农村公路。\n"
    )


def _labels(screen: LibraryScreen) -> dict[object, str]:
    """Every line the tree has made (shown or folded), by what it stands for."""
    out: dict[object, str] = {}
    stack = list(screen.tree.root.children)
    while stack:
        node = stack.pop()
        kind, what = node.data
        key = what.id if kind == "briefing" else (kind, tuple(b.id for b in what))
        out[key] = node.label.plain
        stack.extend(node.children)
    return out


def _title(screen: LibraryScreen) -> str:
    return str(screen.query_one("#library-title").render())


async def _opened_all(app, pilot) -> LibraryScreen:
    await until(pilot, lambda: app.reader is not None and app.reader.section is not None)
    screen = await press_to(pilot, "l", LibraryScreen)
    await until(pilot, lambda: not screen.list_pending, what="the list")
    for b in screen.shown:  # every group filled, so every line can be compared
        screen._reveal(b.id)
    return screen


async def test_marks_relabel_the_tree_as_a_rebuild_would_and_keep_its_nodes(library):
    ids = [
        library.import_text(
            _page(n), origin=f"p{n}.txt", meta={"source": PAPERS[n % 2]}
        ).briefing.id
        for n in range(1, 9)
    ]
    other = open_library(library.home, seed=False)
    rng = random.Random(3)
    app = BriefingApp(library)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await _opened_all(app, pilot)
        tree_nodes = {id(n) for n in screen.tree._tree_nodes.values()}
        for step in range(6):
            # This screen's `m`, or another process's marks of a few sections.
            if step % 2 == 0:
                target = rng.choice(ids)
                node = screen._reveal(target)
                screen._cursor_to(node)
                await pilot.pause()
                assert screen.current().id == target
                before = library.read_state.of(target)
                await pilot.press("m")
                await until(pilot, lambda t=target, b=before: library.read_state.of(t) != b)
            else:
                marks = [f"{rng.choice(ids)}-{rng.randint(1, 2)}" for _ in range(3)]
                other.read_state.mark(marks, read=rng.random() < 0.7)
                screen.reload()  # as the watcher's notice does
            await until(
                pilot,
                lambda: not screen.list_pending and screen.read == library.read_state.all(),
                what="the read state shown",
            )
            relabelled, title = _labels(screen), _title(screen)
            assert {id(n) for n in screen.tree._tree_nodes.values()} == tree_nodes  # no rebuild
            screen.rebuild()
            for b in screen.shown:
                screen._reveal(b.id)
            assert _labels(screen) == relabelled
            assert _title(screen) == title
            tree_nodes = {id(n) for n in screen.tree._tree_nodes.values()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "衡阳日报", "湘江晚报"]),
            st.sampled_from([None, "2019", "2019-03", "2019-03-02", "2020-01-05"]),
            st.integers(0, 3),
        ),
        max_size=30,
    )
)
def test_the_worker_s_groups_are_the_tree_s_groups(rows) -> None:
    briefings = [
        Briefing(id=f"b{n}", title="版", content_hash=f"h{n}", date=d, source=s, section_count=3)
        for n, (s, d, _) in enumerate(rows)
    ]
    unread = {f"b{n}": left for n, (_, _, left) in enumerate(rows)}
    made = groups_of(briefings, unread)
    for key, (items, left, children) in made.items():
        inside = [b for b in briefings if group_key(b)[: len(key)] == key]
        assert items == inside
        assert left == sum(unread[b.id] for b in inside)
        if len(key) < 3:
            firsts = dict.fromkeys(group_key(b)[: len(key) + 1] for b in inside)
            assert children == list(firsts)
    assert len(made) == 1 + len({group_key(b)[:d] for b in briefings for d in (1, 2, 3)})
