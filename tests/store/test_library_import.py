"""Batch import: one catalog write for many texts, a bad text does not stop the others."""

from __future__ import annotations

from pathlib import Path

from store import ImportFailure, open_library
from store.importing import ImportItem


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个 ——记者走访产业园\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套。\n"
    )


def test_import_many_writes_catalog_once_and_keeps_going(tmp_path: Path, monkeypatch) -> None:
    lib = open_library(tmp_path / "lib")
    writes: list[int] = []
    original = lib.catalog.put
    monkeypatch.setattr(lib.catalog, "put", lambda rows: (writes.append(1), original(rows)))
    compacted = (lib.home / "catalog.json").read_bytes()
    items = [
        ImportItem(_page(1), "a.txt"),
        ImportItem("只有标题", "bad.txt"),
        ImportItem(_page(2), "b.txt"),
    ]
    results = lib.import_many(items)
    assert [getattr(r, "status", None) for r in results] == ["imported", None, "imported"]
    assert isinstance(results[1], ImportFailure)
    assert len(writes) == 1
    titles = [b.origin for b in lib.briefings()]
    assert titles == ["hunan-daily.txt", "a.txt", "b.txt"]
    again = lib.import_many([ImportItem(_page(2), "b-copy.txt")])
    assert again[0].status == "exists" and len(writes) == 1
    # The rows went to the journal: the compacted file was not rewritten.
    assert (lib.home / "catalog.json").read_bytes() == compacted
    ids = [h.id for h in lib.section_heads()]
    assert len(ids) == len(set(ids)) == 5
    reopened = open_library(tmp_path / "lib")
    assert [b.id for b in reopened.briefings()] == [b.id for b in lib.briefings()]
