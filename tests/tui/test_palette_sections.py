"""The palette's section jumps in a large library: what is typed while the headlines are
still being indexed is answered once they are, and only the best matches are listed."""

from __future__ import annotations

import threading

from pilot_helpers import palette_lists
from textual.fuzzy import FuzzySearch

from tui.screens import palette
from tui.screens.palette import Readings, SectionEntry, best_matches

S3 = "c3398b5e8e-3"


async def test_keys_typed_while_the_headlines_are_indexed_are_answered(app, monkeypatch):
    release = threading.Event()
    real_build = palette.build_index

    def slow_build(host, readings):  # a library of years takes seconds to index
        release.wait(10)
        return real_build(host, readings)

    monkeypatch.setattr(palette, "build_index", slow_build)
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


def _entries(count: int) -> list[SectionEntry]:
    readings = Readings()
    out = []
    for n in range(count):
        headline = f"衡阳第{n}项目" if n % 3 else f"湘西第{n}项目"
        full, initials = readings.strings(headline)
        out.append(SectionEntry(f"b{n}-1", f"b{n}", 1, headline, "", full, initials, ""))
    return out


def test_only_the_best_matches_are_listed_in_reading_order_among_equals() -> None:
    entries = _entries(palette.SHOWN * 3)
    found = best_matches(entries, "衡阳", FuzzySearch(), lambda: False)
    assert len(found) == palette.SHOWN
    assert all(e.headline.startswith("衡阳") for _s, _n, e in found)
    assert [n for _s, n, _e in found] == sorted(n for _s, n, _e in found)
    by_pinyin = best_matches(entries, "xiangxi", FuzzySearch(), lambda: False)
    assert by_pinyin and all(e.headline.startswith("湘西") for _s, _n, e in by_pinyin)
    by_initials = best_matches(entries, "hy", FuzzySearch(), lambda: False)
    assert by_initials[0][2].headline.startswith("衡阳")
    assert best_matches(entries, "衡阳", FuzzySearch(), lambda: True) == []  # asked again


def test_readings_keep_each_letter_at_its_character() -> None:
    keys = Readings().keys("靠“五个走在前列”IT")
    assert keys.full == "kaowugezouzaiqianlieit"
    assert keys.initials == "kwgzzqlit"
    assert keys.find("wuge") == (0.9, (2, 3))
    assert keys.find("kwg") == (0.85, (0, 2, 3))
