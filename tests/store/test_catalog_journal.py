"""The catalog's journal: appends per change, compaction, torn and damaged lines, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import catalog_write as catalog_module
from store import open_library
from store.catalog import JOURNAL, Catalog
from store.doctor import check_library, repair_library
from store.errors import StoreCorrupt, StoreTooNew
from store.schema import SCHEMA_VERSION


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n"
    )


def _row(n: int, title: str = "t") -> dict:
    return {"id": f"{n:010x}", "title": title, "content_hash": f"{n:064x}", "seq": n}


def test_import_delete_and_edit_append_and_leave_catalog_json_alone(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    compacted = (lib.home / "catalog.json").read_bytes()
    a = lib.import_text(_page(1), origin="a.txt").briefing.id
    b = lib.import_text(_page(2), origin="b.txt").briefing.id
    lib.edit_briefing(a, title="改过的标题")
    lib.delete_briefing(b)
    assert (lib.home / "catalog.json").read_bytes() == compacted
    lines = (lib.home / JOURNAL).read_bytes().splitlines()
    assert len(lines) == 1 + 4  # the header, then one line per change
    again = open_library(lib.home, seed=False)
    assert [(x.id, x.title) for x in again.briefings()] == [(a, "改过的标题")]


def test_compaction_folds_the_journal_into_catalog_json(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(catalog_module, "COMPACT_FLOOR", 2000)
    lib = open_library(tmp_path / "lib", seed=False)
    ids = [lib.import_text(_page(n), origin=f"{n}.txt").briefing.id for n in range(1, 12)]
    rows = json.loads((lib.home / "catalog.json").read_text(encoding="utf-8"))["briefings"]
    assert len(rows) >= 5  # compacted at least once
    assert (lib.home / JOURNAL).stat().st_size <= 2000 + 1000
    assert [b.id for b in open_library(lib.home, seed=False).briefings()] == ids


def test_a_line_cut_short_by_a_crash_is_ignored_then_cut_off(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    cat = Catalog(home)
    cat.put([_row(1), _row(2)])
    journal = home / JOURNAL
    with journal.open("ab") as fh:
        fh.write(b'{"put": {"id": "00000000')  # the writer died here: never reported written
    assert sorted(Catalog(home).state()) == [_row(1)["id"], _row(2)["id"]]
    Catalog(home).delete([_row(1)["id"]])
    assert b"00000000\n" not in journal.read_bytes()
    assert list(Catalog(home).state()) == [_row(2)["id"]]


def test_a_damaged_line_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    kept = lib.import_text(_page(1), origin="a.txt").briefing.id
    lost = lib.import_text(_page(2), origin="b.txt").briefing.id
    journal = home / JOURNAL
    lines = journal.read_bytes().splitlines(keepends=True)
    lines.insert(2, b"garbage\n")
    journal.write_bytes(b"".join(lines))
    raw = journal.read_bytes()
    with pytest.raises(StoreCorrupt, match=r"catalog\.journal"):
        open_library(home, seed=False).briefings()
    with pytest.raises(StoreCorrupt):
        Catalog(home).put([_row(9)])
    assert journal.read_bytes() == raw
    report = {f.path.name: f for f in check_library(home)}
    assert report[JOURNAL].status == "problem"
    repair_library(home)
    assert not journal.exists()
    assert {b.id for b in open_library(home, seed=False).briefings()} == {kept, lost}
    assert not [f for f in check_library(home) if f.harmful]


def test_a_newer_journal_is_refused_and_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    open_library(home, seed=False).import_text(_page(1), origin="a.txt")
    journal = home / JOURNAL
    lines = journal.read_bytes().splitlines(keepends=True)
    head = json.loads(lines[0])
    head["catalog_journal"] = 99
    raw = json.dumps(head).encode() + b"\n" + b"".join(lines[1:])
    journal.write_bytes(raw)
    with pytest.raises(StoreTooNew):
        open_library(home, seed=False).briefings()
    report = {f.path.name: f for f in check_library(home)}
    assert report[JOURNAL].status == "too-new"
    repair_library(home)
    assert journal.read_bytes() == raw


def test_a_version_2_library_opens_and_is_stamped(tmp_path: Path) -> None:
    """A library as the previous version wrote it: every row in catalog.json, no journal."""
    home = tmp_path / "lib"
    lib = open_library(home)
    lib.import_text(_page(1), origin="a.txt")
    want = [(b.id, b.title, b.section_count) for b in lib.briefings()]
    lib.catalog.compact()
    path = home / "catalog.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for row in doc["meta"].values():
        if "schema" in row:
            row["schema"] = 2
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    assert not (home / JOURNAL).exists()
    again = open_library(home)
    assert [(b.id, b.title, b.section_count) for b in again.briefings()] == want
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert [r["schema"] for r in doc["meta"].values() if "schema" in r] == [SCHEMA_VERSION]


def test_a_reader_follows_appends_and_compactions(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    reader, writer = Catalog(home), Catalog(home)
    writer.put([_row(1)])
    assert list(reader.state()) == [_row(1)["id"]]
    writer.put([_row(2, "二")])
    assert reader.state()[_row(2)["id"]]["title"] == "二"
    writer.compact()
    writer.put([_row(3)])  # a new journal, possibly on the old one's inode
    writer.delete([_row(1)["id"]])
    assert sorted(reader.state()) == [_row(2)["id"], _row(3)["id"]]


# -- any sequence of changes, from two processes' views, with a crash at any byte -------
CHANGE = st.one_of(
    st.tuples(st.just("put"), st.integers(1, 6), st.text(max_size=3)),
    st.tuples(st.just("del"), st.integers(1, 6), st.just("")),
    st.tuples(st.just("compact"), st.just(0), st.just("")),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.tuples(st.booleans(), CHANGE), max_size=12), cut=st.integers(0, 40))
def test_any_changes_read_back_as_a_model_does(tmp_path_factory, changes, cut) -> None:
    home = tmp_path_factory.mktemp("lib")
    views = (Catalog(home), Catalog(home))
    model: dict[str, str] = {}
    for second, (op, n, title) in changes:
        view = views[second]
        if op == "put":
            view.put([_row(n, title)])
            model[_row(n)["id"]] = title
        elif op == "del":
            view.delete([_row(n)["id"]])
            model.pop(_row(n)["id"], None)
        else:
            view.compact()
        for v in views:
            assert {k: r["title"] for k, r in v.state().items()} == model
    journal = home / JOURNAL
    if journal.exists():
        # A crash in the middle of the next append: its partial line never counts.
        with journal.open("ab") as fh:
            fh.write(b'{"put": {"id": "0000000001", "title": "torn"}}'[: cut % 45])
        assert {k: r["title"] for k, r in Catalog(home).state().items()} == model


def test_rows_handed_out_never_change_under_their_reader(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    reader, writer = Catalog(home), Catalog(home)
    writer.put([_row(1)])
    given = reader.state()
    writer.put([_row(2)])
    writer.delete([_row(1)["id"]])
    assert list(reader.state()) == [_row(2)["id"]]
    assert list(given) == [_row(1)["id"]]  # another thread may still be iterating it
