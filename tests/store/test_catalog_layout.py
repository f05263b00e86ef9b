"""The catalog keeps one short row per briefing; section heads live in per-briefing files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import open_library
from store.catalog import Catalog
from store.errors import StoreTooNew
from store.heads import head_path, heads_stamp
from store.schema import SCHEMA_VERSION


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n\n"
        "农村公路建设提速\n\n本报记者 李四\n\n"
        "本报讯 今年全省新改建农村公路一万公里,惠及群众。\n\n"
        "交通部门表示,将继续加大投入力度。\n"
    )


def test_catalog_rows_hold_no_section_heads(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    result = lib.import_text(_page(1), origin="a.txt")
    rows = Catalog(lib.home).rows()
    assert rows and all("sections" not in r for r in rows)
    row = next(r for r in rows if r["id"] == result.briefing.id)
    assert row["section_count"] == len(result.briefing.sections) == 2
    listed = next(b for b in lib.briefings() if b.id == result.briefing.id)
    assert listed.sections == () and listed.section_count == 2
    assert lib.heads(listed.id) == result.briefing.sections
    assert lib.briefing(listed.id).sections == result.briefing.sections


def test_heads_come_from_the_section_file_when_the_head_file_is_bad(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    result = lib.import_text(_page(2), origin="b.txt")
    bid = result.briefing.id
    for damage in (b"", b"{", json.dumps({"stamp": "other", "sections": []}).encode()):
        head_path(lib.home, bid).write_bytes(damage)
        again = open_library(lib.home, seed=False)
        assert again.heads(bid) == result.briefing.sections
    head_path(lib.home, bid).unlink()
    assert open_library(lib.home, seed=False).heads(bid) == result.briefing.sections


def test_delete_removes_the_head_file(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    bid = lib.import_text(_page(3), origin="c.txt").briefing.id
    assert head_path(lib.home, bid).exists()
    lib.delete_briefing(bid)
    assert not head_path(lib.home, bid).exists()
    assert lib.briefings() == []


def _as_version_1(home: Path) -> list[str]:
    """Rewrite a library as version 1 wrote it: heads inside the catalog, no head files."""
    path = home / "catalog.json"
    lib = open_library(home, seed=False)
    lib.catalog.compact()  # version 1 had no journal
    doc = json.loads(path.read_text(encoding="utf-8"))
    for row in doc["briefings"].values():
        heads = json.loads(head_path(home, row["id"]).read_text(encoding="utf-8"))["sections"]
        row["sections"] = heads
        del row["section_count"]
        head_path(home, row["id"]).unlink()
    del lib
    for row in doc["meta"].values():
        if "schema" in row:
            row["schema"] = 1
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    user = home / "user.json"
    udoc = json.loads(user.read_text(encoding="utf-8"))
    for row in udoc["meta"].values():
        row["schema"] = 1
    user.write_text(json.dumps(udoc), encoding="utf-8")
    return [r["id"] for r in doc["briefings"].values()]


def test_a_version_1_library_is_migrated(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    lib = open_library(home)
    lib.import_text(_page(4), origin="d.txt")
    want = {b.id: lib.heads(b.id) for b in lib.briefings()}
    ids = _as_version_1(home)
    assert set(ids) == set(want)
    again = open_library(home)
    catalog = json.loads((home / "catalog.json").read_text(encoding="utf-8"))
    assert [r["schema"] for r in catalog["meta"].values() if "schema" in r] == [SCHEMA_VERSION]
    assert all("sections" not in r for r in catalog["briefings"].values())
    for bid, heads in want.items():
        assert head_path(home, bid).exists()
        assert again.heads(bid) == heads
        assert again.find_briefing(bid).section_count == len(heads)


def test_a_newer_catalog_is_refused_and_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    open_library(home)
    path = home / "catalog.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for row in doc["meta"].values():
        if "schema" in row:
            row["schema"] = SCHEMA_VERSION + 1
    raw = json.dumps(doc).encode()
    path.write_bytes(raw)
    with pytest.raises(StoreTooNew):
        open_library(home)
    assert path.read_bytes() == raw


def test_doctor_rebuilds_a_lost_catalog_with_section_counts(tmp_path: Path) -> None:
    from store.doctor import repair_library

    home = tmp_path / "lib"
    lib = open_library(home)
    result = lib.import_text(_page(5), origin="e.txt")
    (home / "catalog.json").unlink()
    repair_library(home)
    again = open_library(home)
    found = again.find_briefing(result.briefing.id)
    assert found is not None and found.section_count == 2
    assert again.heads(found.id) == result.briefing.sections


def test_head_dicts_are_the_heads_json_shape_as_read_or_rebuilt(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")  # the shipped page: kicker, deck, byline roles
    for page in sorted((Path(__file__).parents[1] / "fixtures" / "pages").iterdir()):
        lib.import_file(page)
    lib.import_text(_page(5) + "\n记者 张三 摄\n", origin="e.txt")
    briefings = lib.briefings()
    assert len(briefings) >= 5
    for b in briefings:
        want = [h.to_dict() for h in lib.heads(b.id)]
        assert want and lib.head_dicts(b) == want
        assert [list(d) for d in lib.head_dicts(b)] == [list(d) for d in want]  # key order
        # A stale or damaged head file: the heads come from the section file, same shape.
        bad_rows = {"stamp": heads_stamp(b), "sections": [{"id": 1, "headline": None}]}
        for damage in (b"{", json.dumps({"stamp": "x", "sections": []}).encode(), bad_rows):
            damage = damage if isinstance(damage, bytes) else json.dumps(damage).encode()
            head_path(lib.home, b.id).write_bytes(damage)
            assert open_library(lib.home, seed=False).head_dicts(b) == want


def test_briefings_built_one_by_one_are_the_listed_ones(tmp_path: Path) -> None:
    from store.errors import StoreCorrupt

    home = tmp_path / "lib"
    lib = open_library(home)
    for n in (3, 1, 2):
        lib.import_text(_page(n), origin=f"{n}.txt")
    fresh = open_library(home, seed=False)
    streamed = list(fresh.iter_briefings())  # before any full build
    assert streamed == fresh.briefings() == list(fresh.iter_briefings())
    assert [b.origin for b in streamed] == ["hunan-daily.txt", "3.txt", "1.txt", "2.txt"]
    fresh.catalog.put([{**fresh.catalog.state()[streamed[1].id], "seq": "x"}])
    for read in (lambda lib: list(lib.iter_briefings()), lambda lib: lib.briefings()):
        with pytest.raises(StoreCorrupt, match="malformed"):
            read(open_library(home, seed=False))
