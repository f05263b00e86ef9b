"""Concordance lines: exact totals against a plain scan, order, context and filters."""

from __future__ import annotations

import tempfile
from pathlib import Path

from analysis_helpers import MemoryLibrary, fill, libraries, scan_counts, terms
from hypothesis import HealthCheck, given, settings

from store import open_library
from store.analysis.context import left_context, right_context
from store.analysis.kwic import Concordance
from store.analysis.scope import Scope, check_date
from store.search import fold, parse
from store.search.hits import spans_for
from store.typeset import cell_width


def test_seed_totals_equal_a_plain_scan(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    for term in ("衡阳", "的", "产业转移", "衡陽", "ＧＤＰ", "企业"):
        expected = scan_counts(lib, term)
        conc = Concordance.build(lib, term)
        assert conc.total == sum(expected.values()), term
        assert conc.sections == len(expected), term
        lines = conc.lines(0, 10_000)
        assert len(lines) == conc.total
        for line in lines:
            assert fold(line.hit) == fold(term)


def test_lines_point_at_the_hit_and_name_the_paragraph(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    conc = Concordance.build(lib, "衡阳")
    for line in conc.lines(0, 100):
        section = lib.section(line.section_id)
        if line.field == "block":
            text = section.blocks[line.block].text
            assert text[line.start : line.end] == line.hit
            paragraphs = [b for b in section.blocks[: line.block + 1] if b.type == "paragraph"]
            if section.blocks[line.block].type == "paragraph":
                assert line.paragraph == len(paragraphs) and line.place == f"¶ {len(paragraphs)}"
            else:
                assert line.paragraph is None and not line.place.startswith("¶")
        else:
            assert line.paragraph is None and line.place == line.field
        assert line.headline == section.headline
        assert line.date == "2018-11-22" and line.source == "湖南日报"


def test_pages_join_up_in_every_order(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    for sort in ("date", "left", "right"):
        conc = Concordance.build(lib, "衡阳", sort=sort)
        whole = conc.lines(0, 1000)
        paged = conc.lines(0, 10) + conc.lines(10, 10) + conc.lines(20, 1000)
        assert whole == paged and len(whole) == conc.total == 37


def test_left_and_right_sorts_use_the_characters_nearest_the_hit(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    right = [fold(li.right)[:3] for li in Concordance.build(lib, "衡阳", sort="right").lines()]
    assert right == sorted(right)
    left = [fold(li.left)[::-1][:3] for li in Concordance.build(lib, "衡阳", sort="left").lines()]
    assert left == sorted(left)


def test_context_stops_at_sentence_ends_and_fits_the_width() -> None:
    text = "前一句。衡阳的产业转移看好衡阳丰富的盐卤资源！后一句"
    at = text.index("看好") + 2
    assert left_context(text, at, 40) == "衡阳的产业转移看好"
    assert right_context(text, at + 2, 40) == "丰富的盐卤资源！"
    assert left_context(text, at, 7) == "移看好"  # 3 wide characters, the nearest
    assert cell_width(right_context(text, at + 2, 7)) <= 7
    assert right_context("衡阳\n表格第二行", 2, 20) == ""


def test_scope_by_date_and_source(tmp_path: Path) -> None:
    lib = MemoryLibrary(tmp_path)
    fill(lib, [("2019-10-02", [("衡阳", ["衡阳衡阳"])]), ("2020-01-05", [("x", ["衡阳"])])])
    assert Concordance.build(lib, "衡阳").total == 4
    assert Concordance.build(lib, "衡阳", Scope(since="2019-11")).total == 1
    assert Concordance.build(lib, "衡阳", Scope(until="2019-10")).total == 3
    assert Concordance.build(lib, "衡阳", Scope(source="b000000001")).total == 1
    conc = Concordance.build(lib, "衡阳")
    assert dict(conc.by_year) == {"2019": 3, "2020": 1}
    assert check_date("2019-10") == "2019-10"
    for bad in ("2019-13", "19", "2019/10", "2019-1-2"):
        try:
            check_date(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library=libraries, term=terms)
def test_totals_equal_a_plain_scan_on_generated_libraries(library, term) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = MemoryLibrary(Path(tmp))
        fill(lib, library)
        expected = scan_counts(lib, term)
        conc = Concordance.build(lib, term)
        assert conc.total == sum(expected.values())
        assert conc.sections == len(expected)
        lines = conc.lines(0, 10_000, width=10)
        assert len(lines) == conc.total
        assert all(fold(li.hit) == fold(term) for li in lines)
        assert all(cell_width(li.left) <= 10 and cell_width(li.right) <= 10 for li in lines)
        # Each line points where search's own mapping of the hits in the section points.
        spans = {
            s.id: [(h.field, h.block, h.start, h.end) for h in spans_for(s, parse(term).clauses)]
            for s in lib.iter_sections()
        }
        for sid in {li.section_id for li in lines}:
            mine = [(li.field, li.block, li.start, li.end) for li in lines if li.section_id == sid]
            assert mine == spans[sid]
