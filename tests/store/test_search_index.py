"""The search index against a plain substring scan, and its upkeep on import and delete."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.models import Block, Briefing, Byline, Section
from store.search import find_in_section, fold, index, parse, search
from store.search.fields import field_texts
from store.search.hits import section_matches


class FakeLibrary:
    """The part of Library that search uses, kept in memory."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._briefings: dict[str, Briefing] = {}
        self._sections: dict[str, Section] = {}
        self._callbacks: list = []
        self._seq = 0
        (home / "catalog.json").write_text("0")

    def add(self, bid: str, sections: list[Section], date: str | None = None) -> None:
        self._seq += 1
        self._briefings[bid] = Briefing(
            id=bid,
            title=f"title {bid}",
            content_hash=bid,
            date=date,
            imported_at=f"{self._seq:06d}",
        )
        self._sections.update((s.id, s) for s in sections)
        self._changed([bid], [])

    def delete(self, bid: str) -> None:
        del self._briefings[bid]
        self._sections = {k: s for k, s in self._sections.items() if s.briefing_id != bid}
        self._changed([], [bid])

    def _changed(self, added: list[str], removed: list[str]) -> None:
        path = self.home / "catalog.json"
        path.write_text(str(int(path.read_text()) + 1))
        for cb in self._callbacks:
            cb(added, removed)

    def briefings(self) -> list[Briefing]:
        return list(self._briefings.values())

    def iter_sections(self, briefing_id: str | None = None):
        return [s for s in self._sections.values() if briefing_id in (None, s.briefing_id)]

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    def on_change(self, callback) -> None:
        self._callbacks.append(callback)


def make_section(bid: str, n: int, headline: str, paras: list[str], **kw) -> Section:
    blocks = tuple(Block("paragraph", p) for p in paras)
    return Section(
        id=f"{bid}-{n}", briefing_id=bid, order=n, headline=headline, blocks=blocks, **kw
    )


def scan(lib: FakeLibrary, query: str) -> set[str]:
    """The reference: a plain substring scan over folded fields."""
    q = parse(query)
    return {s.id for s in lib.iter_sections() if section_matches(s, q)}


def found(lib: FakeLibrary, query: str) -> set[str]:
    return {h.section_id for h in search(lib, query, limit=10_000).hits}


ALPHABET = "衡阳陽湘保 \n,，ＩTi"
texts = st.text(alphabet=ALPHABET, max_size=40)
sections_st = st.lists(st.tuples(texts, st.lists(texts, max_size=3)), min_size=1, max_size=6)
query_terms = st.text(alphabet="衡阳陽湘,，ＩTi", min_size=1, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    briefings=st.lists(sections_st, min_size=1, max_size=4),
    words=st.lists(query_terms, min_size=1, max_size=2),
    negate=st.booleans(),
    drop=st.booleans(),
)
def test_search_equals_a_substring_scan(briefings, words, negate, drop) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = FakeLibrary(Path(tmp))
        index.register(lib)
        for b, secs in enumerate(briefings):
            bid = f"b{b:09d}"
            lib.add(bid, [make_section(bid, n, h, ps) for n, (h, ps) in enumerate(secs, 1)])
        if drop and len(briefings) > 1:
            lib.delete("b000000000")
        query = " ".join(words) if not negate or len(words) < 2 else f"{words[0]} -{words[1]}"
        expected = scan(lib, query)
        result = search(lib, query, limit=10_000)
        assert {h.section_id for h in result.hits} == expected
        assert result.total == len(expected)
        for hit in result.hits:
            assert hit.hits >= 1


def test_phrase_matches_across_line_breaks_and_width(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    lib.add("b1", [make_section("b1", 1, "标题", ["累计招商引资额达320.08\n亿元,IT 环境"])])
    for q in ["320.08亿元", "３２０．０８亿元", '"it 环境"', "IT環境"]:
        assert found(lib, q) == {"b1-1"}, q
    hit = search(lib, "亿元").hits[0]
    assert hit.snippet[hit.spans[0][0] : hit.spans[0][1]] == "亿元"


def test_hit_positions_are_offsets_in_the_original_block(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    para = "建滔（衡陽）實業,衡阳\n衡阳"
    lib.add("b1", [make_section("b1", 1, "衡阳的标题", ["无关", para])])
    hit = search(lib, "衡阳").hits[0]
    body = [p for p in hit.positions if p.field == "block"]
    assert [para[p.start : p.end] for p in body] == ["衡陽", "衡阳", "衡阳"]
    assert {p.block for p in body} == {1}
    assert hit.block == 1 and hit.hits == 4
    assert hit.positions[0].field == "headline"


def test_field_filters_limit_where_terms_hit(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    lib.add(
        "b1",
        [
            make_section("b1", 1, "衡阳新闻", ["正文"], byline=Byline("记者", ("李苗",))),
            make_section("b1", 2, "别的", ["衡阳正文"], kicker="环保督察"),
        ],
    )
    assert found(lib, "headline:衡阳") == {"b1-1"}
    assert found(lib, "byline:李苗") == {"b1-1"}
    assert found(lib, "kicker:环保") == {"b1-2"}
    assert found(lib, "衡阳 -headline:衡阳") == {"b1-2"}
    assert found(lib, "衡阳 briefing:b1") == {"b1-1", "b1-2"}
    assert found(lib, "衡阳 briefing:nothing") == set()


def test_head_hits_rank_above_body_hits_and_newer_breaks_ties(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    lib.add("b1", [make_section("b1", 1, "别的", ["一段提到环保的文字。"])], date="2018-01-01")
    lib.add("b2", [make_section("b2", 1, "环保", ["一段没有那个词的文字。"])], date="2018-01-01")
    lib.add("b3", [make_section("b3", 1, "别的", ["一段提到环保的文字。"])], date="2019-01-01")
    assert [h.section_id for h in search(lib, "环保").hits] == ["b2-1", "b3-1", "b1-1"]


def test_index_follows_imports_and_deletes_and_survives_loss(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    index.register(lib)
    lib.add("b1", [make_section("b1", 1, "一", ["衡阳"])])
    assert found(lib, "衡阳") == {"b1-1"}
    lib.add("b2", [make_section("b2", 1, "二", ["衡阳 湘"])])
    assert found(lib, "衡阳") == {"b1-1", "b2-1"}
    lib.delete("b1")
    assert found(lib, "衡阳") == {"b2-1"}
    # A lost or foreign index is rebuilt silently.
    for f in (tmp_path / "index").glob("seg-*"):
        f.unlink()
    index.handle(tmp_path).view = None
    assert found(lib, "湘") == {"b2-1"}
    (tmp_path / "index" / "index.json").write_text('{"version": -1}')
    index.handle(tmp_path).view = None
    assert found(lib, "衡阳") == {"b2-1"}


def test_many_small_imports_merge_into_few_segments(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    index.register(lib)
    for b in range(40):
        bid = f"b{b:02d}"
        lib.add(bid, [make_section(bid, 1, "标题", [f"第{b}段 衡阳"])])
        if b % 7 == 3:
            lib.delete(bid)
    view = index.sync(lib)
    assert len(view.segments) < 8
    expected = {f"b{b:02d}-1" for b in range(40) if b % 7 != 3}
    assert found(lib, "衡阳") == expected
    assert found(lib, "第12段") == {"b12-1"}


def test_folded_text_is_what_the_scan_sees() -> None:
    section = make_section("b1", 1, "衡陽", ["ＩＴ"])
    assert [fold(t) for _f, _b, t in field_texts(section)][1] == "衡阳"


def test_damaged_segment_is_rebuilt_silently(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    lib.add("b1", [make_section("b1", 1, "一", ["衡阳环保"])])
    assert found(lib, "环保") == {"b1-1"}
    for seg in (tmp_path / "index").glob("seg-*.bin"):
        seg.write_bytes(b"garbage")
    index.forget_handles()
    (tmp_path / "catalog.json").write_text("99")  # another process touched the library
    assert found(lib, "环保") == {"b1-1"}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefing=sections_st, words=st.lists(query_terms, min_size=1, max_size=2))
def test_hit_counts_and_positions_equal_a_search_in_the_section(briefing, words) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = FakeLibrary(Path(tmp))
        lib.add("b1", [make_section("b1", n, h, ps) for n, (h, ps) in enumerate(briefing, 1)])
        query = " ".join(words)
        for hit in search(lib, query, limit=100).hits:
            expected = find_in_section(lib.section(hit.section_id), query)
            assert list(hit.positions) == expected
            assert hit.hits == len(expected)


def test_merges_keep_every_segment_within_its_span_limit(tmp_path: Path, monkeypatch) -> None:
    from store.search import segment

    monkeypatch.setattr(segment, "MAX_SPAN", 6)  # a merge of four briefings of two would not fit
    lib = FakeLibrary(tmp_path)
    index.register(lib)
    for b in range(24):
        bid = f"b{b:02d}"
        lib.add(bid, [make_section(bid, n, "标题", [f"第{b}段 衡阳"]) for n in (1, 2)])
    view = index.sync(lib)
    for seg in view.segments:
        assert seg.ords.max() - seg.first < segment.MAX_SPAN
    assert len(found(lib, "衡阳")) == 48
    assert found(lib, "第12段") == {"b12-1", "b12-2"}


def test_deleting_every_briefing_of_a_segment_drops_it_without_a_rewrite(tmp_path: Path) -> None:
    from store import open_library

    lib = open_library(tmp_path / "lib", seed=False)
    ids = []
    for n in range(3):
        text = (
            f"衡阳日报 2019年10月{n + 1}日\n\n标题{n}\n\n本报讯 衡阳第{n}段新闻。\n\n另一段{n}。\n"
        )
        got = lib.import_text(text, origin=f"p{n}.txt")
        ids.append(got.briefing.id)
        index.update_index(lib, [got.briefing.id], [])
    h = index.handle(lib.home)
    before = [s["name"] for s in h.read_manifest().segments]
    assert len(before) == 3  # a segment an import: no size tier holds four to merge
    lib.delete_briefing(ids[1])
    index.update_index(lib, [], [ids[1]])
    man = h.read_manifest()
    # Its segment is gone and nothing was written in its place; the others are untouched.
    assert [s["name"] for s in man.segments] == [before[0], before[2]]
    assert not man.deleted
    assert sorted(p.name for p in (lib.home / "index").glob("seg-*")) == sorted(
        [before[0], before[2]]
    )
    assert {h.section_id.rpartition("-")[0] for h in search(lib, "衡阳", limit=100).hits} == {
        ids[0],
        ids[2],
    }
