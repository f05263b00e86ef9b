"""Imports and deletes reach the index through the quick append path of a real library."""

from __future__ import annotations

from pathlib import Path

from pyroaring import BitMap

from store import open_library
from store.catalog import catalog_stamp
from store.search import index, search, segment, segmerge

PAGE = (
    "麒麟日报\n\n麒麟湖边的新闻\n\n本报记者 王伟\n\n"
    "麒麟湖今年迎来了很多游客,量子通信试点也在这里。\n"
)


def test_an_import_is_indexed_before_any_search(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=True)
    index.register(lib)
    assert search(lib, "衡阳").total == 2
    result = lib.import_text(PAGE, origin="qilin.txt")
    bid = result.briefing.id
    man = index.handle(tmp_path).read_manifest()
    assert man is not None and bid in man.briefings  # appended, not left for the next search
    found = search(lib, "量子通信")
    assert [h.briefing_id for h in found.hits] == [bid] and found.total == 1
    assert found.hits[0].snippet[slice(*found.hits[0].spans[0])] == "量子通信"
    assert search(lib, "衡阳").total == 2
    lib.delete_briefing(bid)
    assert search(lib, "量子通信").total == 0
    assert search(lib, "衡阳").total == 2


def test_a_reimport_after_delete_is_found_once(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    index.register(lib)
    bid = lib.import_text(PAGE, origin="a.txt").briefing.id
    lib.delete_briefing(bid)
    lib.import_text(PAGE, origin="b.txt")
    assert search(lib, "麒麟湖").total == 1
    # A new process (no cached view) sees the same.
    index.forget_handles()
    assert search(open_library(tmp_path, seed=False), "麒麟湖").total == 1


def test_a_remembered_long_term_still_honours_filters_and_deletes(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=False)
    index.register(lib)
    first = lib.import_text(PAGE, origin="a.txt").briefing.id
    second = lib.import_text(PAGE.replace("麒麟日报", "湘江日报"), origin="b.txt").briefing.id
    assert search(lib, "量子通信试点").total == 2
    assert search(lib, "量子通信试点").total == 2  # answered from the remembered ordinals
    assert search(lib, "量子通信试点", briefing_id=second).total == 1
    assert search(lib, "量子通信试点 -湘江").total == 1
    lib.delete_briefing(first)
    assert [h.briefing_id for h in search(lib, "量子通信试点").hits] == [second]


def test_a_merge_keeps_every_position_and_section_of_the_live_sections(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=True)
    lib.import_text(PAGE, origin="a.txt")
    segs = index.rebuild(lib).segments
    live = BitMap.union(*(s.ords for s in segs))
    drop = BitMap([live.min()])  # one deleted section
    out = tmp_path / "merged.bin"
    assert segmerge.merge(out, segs, drop) == live - drop
    seg = segment.Segment(out)
    codes = set().union(*(s.codes("pkeys") for s in segs))
    assert codes  # not vacuous
    for code in codes:
        # A place is offset << 16 | local: moving a section moves only its low bits.
        want = BitMap()
        for old in segs:
            for p in old.positions(code):
                o = (p & 0xFFFF) + old.first
                if o not in drop:
                    want.add((p & 0xFFFF0000) | (o - seg.first))
        assert seg.positions(code) == want
    for o in live - drop:
        old = next(s for s in segs if o in s.ords)
        assert seg.source(o - seg.first) == old.source(o - old.first)


def test_the_search_after_an_import_does_not_rebuild_every_briefing(
    tmp_path: Path, monkeypatch
) -> None:
    lib = open_library(tmp_path, seed=True)
    index.register(lib)
    assert search(lib, "衡阳").total == 2
    lib.import_text(PAGE, origin="qilin.txt")

    def refuse() -> None:
        raise AssertionError("the raw catalog rows should have been enough")

    monkeypatch.setattr(lib, "briefings", refuse)
    assert search(lib, "麒麟湖").total == 1
    stamp = index.handle(tmp_path).read_manifest().catalog
    assert stamp == catalog_stamp(tmp_path)
