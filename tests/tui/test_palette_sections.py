"""The palette's section jumps in a large library: one index of headlines kept for the
library and brought up to date, keys typed while it is made answered once it is, and only
the best matches listed."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st
from pilot_helpers import on_screen, palette_lists, until
from textual.command import CommandList, CommandPalette

from store.search.normalise import fold
from tui.screens import palette, palette_index
from tui.screens.palette import best_lines
from tui.screens.palette_index import Chunk, HeadlineIndex, Lines, Readings, chunk_of, index_for

S3 = "c3398b5e8e-3"


async def test_the_open_briefings_sections_are_listed_before_the_index_is_made(app, monkeypatch):
    release = threading.Event()
    real_chunk = palette_index.chunk_of

    def slow_chunk(*args):
        release.wait(60)  # until the test ends: the index is never ready here
        return real_chunk(*args)

    monkeypatch.setattr(palette_index, "chunk_of", slow_chunk)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await until(pilot, lambda: getattr(app.screen, "section", None) is not None)
            await pilot.press("ctrl+p")
            found = (await on_screen(pilot, CommandPalette)).query_one(CommandList)
            heads = [h.headline for h in app.library.heads("c3398b5e8e")]

            def prompts() -> str:
                return "\n".join(
                    str(found.get_option_at_index(n).prompt) for n in range(found.option_count)
                )

            # Listed while the headlines of the library are still being indexed.
            await until(pilot, lambda: all(h in prompts() for h in heads), timeout=20)
            assert not release.is_set()
    finally:
        release.set()


async def test_keys_typed_while_the_headlines_are_indexed_are_answered(app, monkeypatch):
    release = threading.Event()
    real_chunk = palette_index.chunk_of

    def slow_chunk(*args):  # a library of years takes seconds to index
        release.wait(10)
        return real_chunk(*args)

    monkeypatch.setattr(palette_index, "chunk_of", slow_chunk)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        # Each key cancels the search of the one before, while the index is still building.
        for key in "qyflhbys":
            await pilot.press(key)
            await pilot.pause(0.05)
        release.set()
        await palette_lists(pilot, app.library.section(S3).headline)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.section.id == S3


async def test_the_index_is_kept_and_takes_in_a_briefing_imported_meanwhile(app, monkeypatch):
    made = []
    real_chunk = palette_index.chunk_of

    def counted(*args):
        made.append(args[0])
        return real_chunk(*args)

    monkeypatch.setattr(palette_index, "chunk_of", counted)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"环保")
        await palette_lists(pilot, app.library.section(S3).headline)
        await pilot.press("escape")
        await pilot.pause()
        assert len(made) == len(app.library.briefings())
        made.clear()
        new = app.library.import_text(
            "湘江日报 2020年3月4日\n\n橘子洲头烟花再放\n\n今晚八点。\n"
        ).briefing
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"juzizhou")
        await palette_lists(pilot, "橘子洲头烟花再放")
        assert made == [f"{new.id}:{palette_index.heads_stamp(new)}"]  # only it was read
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.section.briefing_id == new.id


def _lines(count: int) -> Lines:
    readings = Readings()
    rows = []
    for n in range(count):
        headline = f"衡阳第{n}项目" if n % 3 else f"湘西第{n}项目"
        rows.append({"id": f"b-{n + 1}", "headline": headline, "kicker": None, "deck": None})
    return Lines([chunk_of("b", rows, readings)], {"b": "衡阳日报"})


def test_only_the_best_matches_are_listed_in_reading_order_among_equals() -> None:
    lines = _lines(palette.SHOWN * 3)
    found = best_lines(lines, "衡阳", palette.SHOWN, lambda: False)
    assert len(found) == palette.SHOWN
    assert all(lines.shown[n].startswith("衡阳") for _s, n in found)
    assert [n for _s, n in found] == sorted(n for _s, n in found)
    by_pinyin = best_lines(lines, "xiangxi", palette.SHOWN, lambda: False)
    assert by_pinyin and all(lines.shown[n].startswith("湘西") for _s, n in by_pinyin)
    by_initials = best_lines(lines, "hy", palette.SHOWN, lambda: False)
    assert lines.shown[by_initials[0][1]].startswith("衡阳")
    assert best_lines(lines, "衡阳", palette.SHOWN, lambda: True) == []  # asked again
    traditional = best_lines(lines, "湘西第1", palette.SHOWN, lambda: False)
    assert lines.shown[traditional[0][1]] == "湘西第12项目"  # at the start before inside


def test_a_headline_start_beats_a_match_inside_and_a_spelling_apart() -> None:
    rows = [
        {"id": "b-1", "headline": "会见外宾 习近平", "kicker": None, "deck": None},
        {"id": "b-2", "headline": "习近平会见外宾", "kicker": None, "deck": None},
        {"id": "b-3", "headline": "习主席近日与平民", "kicker": None, "deck": None},
        {"id": "b-4", "headline": "无关", "kicker": "习近平", "deck": None},
    ]
    lines = Lines([chunk_of("b", rows, Readings())], {})
    found = best_lines(lines, "習近平", 10, lambda: False)
    assert [lines.ids[n] for _s, n in found] == ["b-2", "b-1", "b-3", "b-4"]
    assert [s for s, _n in found] == [1.0, 0.9, 0.8, 0.5]


def test_readings_keep_each_letter_at_its_character() -> None:
    keys = Readings().keys("靠“五个走在前列”IT")
    assert keys.full == "kaowugezouzaiqianlieit"
    assert keys.initials == "kwgzzqlit"
    assert keys.find("wuge") == (0.9, (2, 3))
    assert keys.find("kwg") == (0.85, (0, 2, 3))


class _Lib:
    """A library as the index reads it: briefings and their head rows."""

    def __init__(self, books: dict[str, list[str]]) -> None:
        self.books = books
        self.read: list[str] = []

    def briefings(self):
        from types import SimpleNamespace

        return [
            SimpleNamespace(id=b, title=f"《{b}》", content_hash="h" + "".join(hs))
            for b, hs in self.books.items()
        ]

    def head_dicts(self, b):
        self.read.append(b.id)
        return [{"id": f"{b.id}-{n}", "headline": h} for n, h in enumerate(self.books[b.id], 1)]


def test_a_refresh_reads_only_the_briefings_that_changed() -> None:
    lib = _Lib({"a": ["甲一", "甲二"], "b": ["乙一"], "c": ["丙一", "丙二", "丙三"]})
    kept = HeadlineIndex()
    lines = kept.refresh(lib)
    assert lines.shown == ["甲一", "甲二", "乙一", "丙一", "丙二", "丙三"]
    assert kept.refresh(lib) is lines and lib.read == ["a", "b", "c"]
    lib.read.clear()
    del lib.books["b"]
    lib.books["c"] = ["丙新"]
    lib.books["d"] = ["丁一"]
    lines = kept.refresh(lib)
    assert lib.read == ["c", "d"]
    assert lines.shown == ["甲一", "甲二", "丙新", "丁一"]
    assert lines.ids == ["a-1", "a-2", "c-1", "d-1"]
    assert [lines.ids[n] for _s, n in best_lines(lines, "jiayi", 5, lambda: False)] == ["a-1"]
    assert [lines.ids[n] for _s, n in best_lines(lines, "丁", 5, lambda: False)] == ["d-1"]
    assert lines.spans["c"] == range(2, 3)
    assert index_for(lib) is index_for(lib)


LETTERS = st.sampled_from(list("中國国人民a Ｂb\ue000"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(LETTERS, max_size=8), max_size=12), st.text(LETTERS, min_size=1))
def test_lines_found_are_those_holding_the_query(headlines, query) -> None:
    rows = [{"id": f"b-{n}", "headline": h} for n, h in enumerate(headlines, 1)]
    lines = Lines([chunk_of("b", rows, Readings())], {})
    needle = fold(query.replace("\ue000", ""))
    folded = [fold(h.replace("\ue000", "")) for h in headlines]
    if not needle:
        return
    assert list(lines.lines_with("folded", needle)) == [
        n for n, f in enumerate(folded) if needle in f
    ]
    assert list(lines.lines_with("folded", needle, at_start=True)) == [
        n for n, f in enumerate(folded) if f.startswith(needle)
    ]

    def spelt(text: str) -> bool:
        it = iter(text)
        return all(ch in it for ch in needle)

    assert list(lines.lines_spelling("folded", needle)) == [
        n for n, f in enumerate(folded) if spelt(f)
    ]


def test_a_chunk_keeps_a_line_a_section_whatever_the_headline_holds() -> None:
    rows = [{"id": "b-1", "headline": "ﬁ\ue000x"}, {"id": "b-2", "headline": ""}]
    got = chunk_of("s", rows, Readings())
    assert isinstance(got, Chunk)
    for kind in palette_index.KINDS:
        sep = Lines([got], {}).seps[kind]
        assert getattr(got, kind).count(sep) == 2, kind


def test_palette_lists_a_traditional_query_by_headline_start_then_inside(library, snap_compare):
    from pilot_helpers import press_to
    from textual.command import CommandPalette
    from textual.widgets import Input

    from tui.app import BriefingApp

    library.import_text("湘江日报 2020年3月4日\n\n环保督察组进驻\n\n今日起。\n")

    async def typed(pilot) -> None:
        found = await press_to(pilot, "ctrl+p", CommandPalette)
        found.query_one(Input).cursor_blink = False  # the picture must not depend on timing
        await pilot.press(*"環保")
        await palette_lists(pilot, "环保督察组进驻")

    assert snap_compare(BriefingApp(library), terminal_size=(100, 32), run_before=typed)


def test_a_long_query_over_headlines_repeating_its_characters_is_answered() -> None:
    # Lazy gaps alone would try every placing of the query's characters over such a line
    # (minutes for this one); the first place of each next character is all it needs.
    rows = [{"id": f"b-{n}", "headline": "中国" * 20 + str(n)} for n in range(1, 40)]
    lines = Lines([chunk_of("b", rows, Readings())], {})
    assert list(lines.lines_spelling("folded", "中国" * 12 + "x")) == []
    assert list(lines.lines_spelling("folded", "中国" * 12 + "3")) == [2, 12, 22, *range(29, 39)]


def test_a_line_end_typed_in_the_query_joins_no_two_headlines() -> None:
    rows = [{"id": "b-1", "headline": "甲乙"}, {"id": "b-2", "headline": "丙丁"}]
    lines = Lines([chunk_of("b", rows, Readings())], {})
    assert best_lines(lines, "乙\ue000丙", 10, lambda: False) == []
    assert [n for _s, n in best_lines(lines, "丙\ue000丁", 10, lambda: False)] == [1]
