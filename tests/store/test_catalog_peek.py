"""A change to a few briefings reads only their rows: lookups agree with a whole read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import catalog_write as catalog_module
from store import open_library
from store.catalog import JOURNAL, Catalog
from store.catalog_peek import HEAD_BYTES, leading_table
from store.errors import NotFound, StoreCorrupt, StoreTooNew
from store.schema import SCHEMA_VERSION


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n"
    )


def _id(n: int) -> str:
    return f"{n:010x}"


def _no_whole_read(monkeypatch) -> None:
    def refuse(self) -> None:
        raise AssertionError("every row of the catalog was parsed")

    monkeypatch.setattr(Catalog, "_reload", refuse)


def test_a_fresh_process_imports_and_deletes_without_parsing_every_row(
    tmp_path: Path, monkeypatch
) -> None:
    home = tmp_path / "lib"
    lib = open_library(home)
    ids = [lib.import_text(_page(n), origin=f"{n}.txt").briefing.id for n in range(1, 6)]
    lib.catalog.compact()
    extra = lib.import_text(_page(9), origin="9.txt").briefing.id
    _no_whole_read(monkeypatch)
    fresh = open_library(home)
    added = fresh.import_text(_page(7), origin="7.txt")
    assert added.status == "imported"
    assert fresh.import_text(_page(2), origin="2.txt").status == "exists"
    assert open_library(home).find_briefing(extra).origin == "9.txt"
    gone = open_library(home).delete_briefings([ids[0], extra])
    assert [b.id for b in gone] == [ids[0], extra]
    monkeypatch.undo()
    # A prefix needs every id: the whole catalog is read.
    assert [b.id for b in open_library(home).delete_briefings([ids[3][:8]])] == [ids[3]]
    rows = open_library(home).catalog.state()
    seeded = lib.briefings()[0].id
    assert set(rows) == {seeded, ids[1], ids[2], ids[4], added.briefing.id}
    # A new briefing goes after every other in import order.
    seqs = {bid: row["seq"] for bid, row in rows.items()}
    assert seqs[added.briefing.id] > max(v for k, v in seqs.items() if k != added.briefing.id)


def test_several_deletes_append_once(tmp_path: Path, monkeypatch) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    ids = [lib.import_text(_page(n), origin=f"{n}.txt").briefing.id for n in range(1, 5)]
    before = (lib.home / JOURNAL).read_bytes()
    appends: list[int] = []
    real = Catalog._append

    def counted(self, changes) -> None:
        appends.append(len(changes))
        real(self, changes)

    monkeypatch.setattr(Catalog, "_append", counted)
    heard: list[tuple[list[str], list[str]]] = []
    lib.on_change(lambda added, removed: heard.append((added, removed)))
    lib.delete_briefings(ids[:3])
    assert appends == [3]
    assert heard == [([], ids[:3])]
    after = (lib.home / JOURNAL).read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].count(b"\n") == 3
    assert not any((lib.home / "sections" / f"{bid}.json").exists() for bid in ids[:3])
    with pytest.raises(NotFound):
        lib.delete_briefings([ids[3], "ffffffffff"])  # one unknown id: none goes
    assert [b.id for b in open_library(lib.home, seed=False).briefings()] == [ids[3]]


def test_the_version_is_read_from_the_leading_meta_table(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "lib"
    lib = open_library(home)
    lib.import_text(_page(1), origin="1.txt")
    lib.catalog.compact()
    path = home / "catalog.json"
    assert leading_table(path, "meta")["1"] == {"schema": SCHEMA_VERSION}
    doc = json.loads(path.read_text(encoding="utf-8"))
    # Meta written after the rows (by hand, say): read from a whole parse instead.
    path.write_text(json.dumps({"briefings": doc["briefings"], "meta": doc["meta"]}))
    assert leading_table(path, "meta") is None
    assert len(open_library(home).briefings()) == 2
    # A newer version is refused from the leading table alone.
    doc["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    _no_whole_read(monkeypatch)
    with pytest.raises(StoreTooNew):
        open_library(home)
    # A file cut short is never judged by its head: the whole parse names the damage.
    doc["meta"]["1"]["schema"] = SCHEMA_VERSION
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    assert leading_table(path, "meta") is None
    with pytest.raises(StoreCorrupt, match=r"catalog\.json"):
        open_library(home)


def test_a_leading_table_must_end_within_the_head(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    meta = {"1": {"schema": 3}, "2": {"seeded": ["衡" * (HEAD_BYTES // 3)]}}
    path.write_text(json.dumps({"meta": meta, "rows": {}}, ensure_ascii=False), encoding="utf-8")
    assert leading_table(path, "meta") is None
    meta["2"]["seeded"] = ["衡" * (HEAD_BYTES // 3 - 40)]  # ends a few bytes before the cut
    path.write_text(json.dumps({"meta": meta, "rows": {}}, ensure_ascii=False), encoding="utf-8")
    assert leading_table(path, "meta") == meta
    assert leading_table(tmp_path / "missing.json", "meta") is None


def test_a_damaged_journal_line_stops_a_lookup(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    bid = lib.import_text(_page(1), origin="1.txt").briefing.id
    lib.import_text(_page(2), origin="2.txt")
    with (home / JOURNAL).open("ab") as fh:
        fh.write(b'{"put": 3}\n')
    with pytest.raises(StoreCorrupt, match="line 4 is not a catalog change"):
        Catalog(home).lookup([bid])


def test_a_later_lookup_checks_the_lines_added_since_and_a_rewritten_journal_whole(
    tmp_path: Path,
) -> None:
    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    bid = lib.import_text(_page(1), origin="1.txt").briefing.id
    lib.import_text(_page(2), origin="2.txt")
    cat = Catalog(home)
    assert bid in cat.lookup([bid], seq=False)[0]
    with (home / JOURNAL).open("ab") as fh:  # damage after the first look
        fh.write(b'{"put": 3}\n')
    with pytest.raises(StoreCorrupt, match="line 4 is not a catalog change"):
        cat.lookup([bid], seq=False)
    # The same length, a line changed in place before the part already checked.
    raw = (home / JOURNAL).read_bytes().replace(b'{"put": 3}\n', b"")
    first = raw.index(b"\n") + 1
    (home / JOURNAL).write_bytes(raw)
    cat = Catalog(home)
    assert bid in cat.lookup([bid], seq=False)[0]
    (home / JOURNAL).write_bytes(raw[:first] + b"x" + raw[first + 1 :])
    with pytest.raises(StoreCorrupt, match="line 2 is not a catalog change"):
        cat.lookup([bid], seq=False)


# -- any changes, made by processes that read every row or only what they change ----------
def _row(n: int, title: str, origin: str) -> dict:
    return {"id": _id(n), "title": title, "origin": origin, "content_hash": f"{n:064x}", "seq": n}


# Titles and origins that name other rows' ids, quoted or not, and hostile text.
WORDS = st.one_of(
    st.integers(1, 6).map(_id),
    st.integers(1, 6).map(lambda n: f'"{_id(n)}"'),
    st.integers(1, 6).map(lambda n: f'"id": "{_id(n)}"'),
    st.text(max_size=4),
)
CHANGE = st.one_of(
    st.tuples(st.just("put"), st.integers(1, 6), WORDS, WORDS),
    st.tuples(st.just("del"), st.integers(1, 6), st.just(""), st.just("")),
    st.tuples(st.just("compact"), st.just(0), st.just(""), st.just("")),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.tuples(st.booleans(), CHANGE), max_size=14), cut=st.integers(0, 40))
def test_lookups_agree_with_a_whole_read(tmp_path_factory, monkeypatch, changes, cut) -> None:
    monkeypatch.setattr(catalog_module, "COMPACT_FLOOR", 600)  # compactions happen too
    home = tmp_path_factory.mktemp("lib")
    loaded = Catalog(home)
    seqs: dict[str, int] = {}
    for fresh, (op, n, title, origin) in changes:
        view = Catalog(home) if fresh else loaded
        if op == "put":
            view.put([_row(n, title, origin)])
            seqs[_id(n)] = n
        elif op == "del":
            view.delete([_id(n)])
            seqs.pop(_id(n), None)
        else:
            view.compact()
    journal = home / JOURNAL
    if journal.exists() and cut:
        with journal.open("ab") as fh:
            fh.write(b'{"put": {"id": "0000000001", "title": "torn"}}'[: cut % 45])
    whole = Catalog(home).state()
    assert set(whole) == set(seqs)
    everyone = [_id(n) for n in range(1, 8)]
    for wanted in ([*everyone], [everyone[0]], everyone[2:5]):
        rows, top = Catalog(home).lookup(wanted)
        assert rows == {bid: whole[bid] for bid in wanted if bid in whole}
        assert top >= max(seqs.values(), default=0)


def test_a_process_asking_often_reads_every_row_once(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    ids = [lib.import_text(_page(n), origin=f"{n}.txt").briefing.id for n in range(1, 9)]
    reloads: list[int] = []
    real = Catalog._reload
    monkeypatch.setattr(Catalog, "_reload", lambda self: reloads.append(1) or real(self))
    fresh = open_library(home, seed=False)
    # Several ids at once are one lookup: resolving and deleting eight reads no whole file.
    assert [b.id for b in fresh.resolve_many(ids[:7])] == ids[:7]
    fresh.delete_briefings(ids[:6])
    assert reloads == [] and not fresh.catalog.loaded
    # Asked one by one, a few lookups, then every row once, and lookups no more.
    for bid in ids * 2:
        fresh.find_briefing(bid)
    assert reloads == [1] and fresh.catalog.loaded
    assert [b.id for b in fresh.briefings()] == ids[6:]


def test_a_fresh_process_searches_without_parsing_every_row(tmp_path: Path, monkeypatch) -> None:
    from store.search import index, search

    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    for n in range(1, 4):
        lib.import_text(_page(n), origin=f"{n}.txt")
    assert search(lib, "园区").total == 3  # the index is in step with this catalog
    index.forget_handles()
    _no_whole_read(monkeypatch)
    # A new process trusts the index whose catalog stamp is the catalog's own.
    assert search(open_library(home, seed=False), "园区").total == 3


def test_a_changed_catalog_is_read_whole_and_the_index_follows(tmp_path: Path) -> None:
    from store.search import index, search

    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    lib.import_text(_page(1), origin="1.txt")
    assert search(lib, "园区").total == 1
    index.forget_handles()
    other = open_library(home, seed=False)  # another process's import: the stamp changes
    other.import_text(_page(2), origin="2.txt")
    index.forget_handles()
    assert search(open_library(home, seed=False), "园区").total == 2
