"""Search on the embedded Hunan Daily page: the ground truth of issue 4."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import open_library
from store.search import find_in_section, index, search


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory):
    library = open_library(tmp_path_factory.mktemp("lib"))
    index.register(library)
    return library


def kinds(lib) -> dict[str, str]:
    """Section id of the feature, the interview and the inspection report."""
    heads = lib.section_heads()
    by = {}
    for h in heads:
        if h.deck and "看衡阳" in h.deck:
            by["feature"] = h.id
        elif h.deck and "邓群策" in h.deck:
            by["interview"] = h.id
        elif h.kicker == "环保督察回头看":
            by["inspection"] = h.id
    assert len(by) == 3
    return by


def ids(results) -> list[str]:
    return [h.section_id for h in results.hits]


def test_hengyang_ranks_the_feature_above_the_interview(lib) -> None:
    k = kinds(lib)
    r = search(lib, "衡阳")
    assert ids(r) == [k["feature"], k["interview"]]
    assert r.total == 2
    assert [h.hits for h in r.hits] == [29, 8]
    assert k["inspection"] not in ids(r)
    for hit in r.hits:
        assert all(hit.snippet[a:b] == "衡阳" for a, b in hit.spans)
        assert hit.spans and hit.via == "text"


def test_huanbao_finds_only_the_inspection(lib) -> None:
    r = search(lib, "环保")
    assert ids(r) == [kinds(lib)["inspection"]]
    assert r.hits[0].hits == 7


def test_one_character_query(lib) -> None:
    k = kinds(lib)
    r = search(lib, "湘")
    assert set(ids(r)) == {k["feature"], k["interview"]}
    assert sum(h.hits for h in r.hits) == 9


def test_traditional_and_pinyin_find_what_simplified_finds(lib) -> None:
    plain = search(lib, "衡阳")
    for q in ("衡陽", "hengyang", "HengYang"):
        r = search(lib, q)
        assert ids(r) == ids(plain), q
        assert [h.hits for h in r.hits] == [29, 8]
    assert search(lib, "hengyang").via == "pinyin"
    assert ids(search(lib, "huanbao")) == [kinds(lib)["inspection"]]


def test_a_phrase_in_chinese_quotation_marks_finds_what_the_phrase_finds(lib) -> None:
    plain = search(lib, '"产业转移"')
    assert plain.total and ids(search(lib, "“产业转移”")) == ids(plain)
    assert search(lib, "“产业转移”").total == plain.total


def test_exclusion(lib) -> None:
    assert ids(search(lib, "承接 -邓群策")) == [kinds(lib)["feature"]]


def test_mixed_script_and_numbers(lib) -> None:
    feature = kinds(lib)["feature"]
    assert ids(search(lib, "320.08亿元")) == [feature]
    assert ids(search(lib, "IT环境")) == [feature]
    assert ids(search(lib, "ｉｔ环境")) == [feature]


def test_positions_point_into_the_original_blocks(lib) -> None:
    k = kinds(lib)
    hit = search(lib, "衡阳").hits[0]
    section = lib.section(k["feature"])
    texts = {"kicker": section.kicker, "headline": section.headline, "deck": section.deck}
    assert len(hit.positions) == 29
    for p in hit.positions:
        src = section.blocks[p.block].text if p.field == "block" else texts[p.field]
        assert src[p.start : p.end] == "衡阳"
    assert hit.block == next(p.block for p in hit.positions if p.field == "block")
    assert find_in_section(section, "衡阳") == list(hit.positions)
    assert len(find_in_section(section, "hengyang")) == 29


def test_briefing_filter_and_no_results(lib) -> None:
    bid = lib.briefings()[0].id
    assert search(lib, "衡阳", briefing_id=bid).total == 2
    assert search(lib, "衡阳", briefing_id="ffffffffff").total == 0
    assert search(lib, "衡阳 briefing:湖南日报").total == 2
    assert search(lib, "不存在的词").total == 0


def test_index_lives_beside_the_store(lib) -> None:
    search(lib, "衡阳")
    folder = Path(lib.home) / "index"
    assert (folder / "index.json").is_file()
    assert list(folder.glob("seg-*.bin"))
