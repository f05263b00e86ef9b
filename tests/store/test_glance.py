"""A section read from its briefing's own files, and the reading order from the catalog's rows."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import Library, open_library
from store.errors import StoreCorrupt
from store.glance import first_briefing, glance, reading_order
from store.heads import head_path
from store.schema import SCHEMA_VERSION

S1, S2 = "c3398b5e8e-1", "c3398b5e8e-2"


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个 ——记者走访产业园\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套。\n"
    )


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return open_library(tmp_path / "lib")


def _no_catalog(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> None:
        raise AssertionError("the catalog was read")

    monkeypatch.setattr(lib.catalog, "state", refused)


def test_a_glance_reads_what_the_catalog_path_reads_without_the_catalog(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = open_library(lib.home, seed=False)
    want = (fresh.find_briefing("c3398b5e8e"), fresh.heads("c3398b5e8e"), fresh.section(S2))
    _no_catalog(lib, monkeypatch)
    seen = glance(lib, S2)
    assert seen is not None
    assert (seen.briefing, seen.heads, seen.section) == want


def test_a_glance_after_an_edit_gives_the_new_title(lib: Library) -> None:
    lib.edit_briefing("c3398b5e8e", title="新标题")
    seen = glance(open_library(lib.home, seed=False), S1)
    assert seen is not None and seen.briefing.title == "新标题"


def test_no_glance_without_the_briefings_files(lib: Library) -> None:
    assert glance(lib, "0123456789-1") is None
    assert glance(lib, "c3398b5e8e-9") is None  # no such section
    assert glance(lib, "nodash") is None
    assert not (lib.sections_dir / "0123456789.json").exists()  # nothing was created


def test_no_glance_when_the_head_file_is_missing_or_stale(lib: Library) -> None:
    path = head_path(lib.home, "c3398b5e8e")
    data = orjson.loads(path.read_bytes())
    data["stamp"] = "something else"
    path.write_bytes(orjson.dumps(data))
    assert glance(open_library(lib.home, seed=False), S1) is None
    path.unlink()
    assert glance(open_library(lib.home, seed=False), S1) is None
    # The catalog's way still reads the section file.
    assert open_library(lib.home, seed=False).section(S1).id == S1


@pytest.mark.parametrize(
    "damage",
    [
        b"{",
        b"[]",
        b'{"briefing": {"1": {"id": "c3398b5e8e"}}, "sections": {}}',
        b'{"briefing": {"1": {"id": "ffffffffff", "title": "x", "content_hash": "y"}}}',
    ],
)
def test_no_glance_at_a_damaged_section_file(lib: Library, damage: bytes) -> None:
    (lib.sections_dir / "c3398b5e8e.json").write_bytes(damage)
    assert glance(open_library(lib.home, seed=False), S1) is None


def test_no_glance_at_a_section_file_of_a_newer_version(lib: Library) -> None:
    path = lib.sections_dir / "c3398b5e8e.json"
    data = orjson.loads(path.read_bytes())
    data["meta"] = {"1": {"schema": SCHEMA_VERSION + 1}}
    path.write_bytes(orjson.dumps(data))
    assert glance(open_library(lib.home, seed=False), S1) is None


def test_a_briefing_the_catalog_lost_can_still_be_glanced(lib: Library) -> None:
    # What a crash between the steps of a delete leaves: the reader checks it afterwards.
    lib.catalog.delete(["c3398b5e8e"])
    assert lib.find_briefing("c3398b5e8e") is None
    assert glance(lib, S1) is not None


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(1, 6), st.booleans()), max_size=8))
def test_reading_order_is_the_order_of_the_briefings(tmp_path: Path, steps) -> None:
    home = tmp_path / f"lib-{len(list(tmp_path.iterdir()))}"
    lib = open_library(home)
    for n, delete in steps:
        result = lib.import_text(_page(n), origin=f"{n}.txt")
        if delete:
            lib.delete_briefing(result.briefing.id)
    want = [(b.id, b.section_count) for b in lib.walk().briefings]
    assert reading_order(lib) == want
    assert reading_order(open_library(home, seed=False)) == want


def test_a_malformed_row_is_reported_as_the_catalog_reports_it(lib: Library) -> None:
    row = dict(lib.catalog.state()["c3398b5e8e"])
    row["seq"] = "first"
    lib.catalog.put([row])
    with pytest.raises(StoreCorrupt):
        reading_order(open_library(lib.home, seed=False))


def test_the_first_briefing_is_named_by_a_compacted_catalog_alone(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert first_briefing(lib) is None  # every row is still in the journal
    for n in (1, 2, 3):
        lib.import_text(_page(n), origin=f"{n}.txt")
    lib.catalog.compact()
    fresh = open_library(lib.home, seed=False)
    _no_catalog(fresh, monkeypatch)
    assert first_briefing(fresh) == "c3398b5e8e"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(1, 6), st.booleans(), st.booleans()), max_size=8))
def test_the_first_briefing_is_the_first_in_reading_order_or_one_the_journal_deleted(
    tmp_path: Path, steps
) -> None:
    home = tmp_path / f"lib-{len(list(tmp_path.iterdir()))}"
    lib = open_library(home)
    deleted: set[str] = set()
    for n, delete, compact in steps:
        result = lib.import_text(_page(n), origin=f"{n}.txt")
        if delete:
            lib.delete_briefing(result.briefing.id)
            deleted.add(result.briefing.id)
        if compact:
            lib.catalog.compact()
            deleted.clear()
    fresh = open_library(home, seed=False)
    named = first_briefing(fresh)
    order = [bid for bid, _ in reading_order(fresh)]
    if named is not None:
        assert named in deleted or named == order[0]


def test_a_compacted_large_library_names_the_first_briefing_its_outline_shows(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("store.outline_order.GROUP_ABOVE", 2)  # by date from three on
    ids = [
        lib.import_text(_page(n), origin=f"{n}.txt", meta={"date": date}).briefing.id
        for n, date in ((1, "2019-05-01"), (2, "2017-01-02"), (3, "2017-01-02"))
    ]
    lib.catalog.compact()
    fresh = open_library(lib.home, seed=False)
    order = [bid for bid, _ in reading_order(fresh)]
    assert order == [b.id for b in fresh.walk().briefings] == [ids[1], ids[2], "c3398b5e8e", ids[0]]
    _no_catalog(fresh, monkeypatch)
    assert first_briefing(fresh) == ids[1]


def test_no_first_briefing_from_a_catalog_not_written_as_the_store_writes_it(
    lib: Library,
) -> None:
    lib.catalog.compact()
    path = lib.home / "catalog.json"
    path.write_bytes(orjson.dumps(orjson.loads(path.read_bytes())))  # on one line
    assert first_briefing(lib) is None
    path.unlink()
    assert first_briefing(lib) is None


def test_a_library_opened_untidy_keeps_stray_temp_files_until_tidied(lib: Library) -> None:
    from store.library import tidy_folders

    stray = [lib.sections_dir / ".c3398b5e8e.json.123.tmp", lib.home / "heads" / ".x.json.9.tmp"]
    for path in stray:
        path.write_bytes(b"half a file")
    open_library(lib.home, tidy=False)
    assert all(path.exists() for path in stray)
    tidy_folders(lib.home)
    assert not any(path.exists() for path in stray)
    stray[0].write_bytes(b"half a file")
    open_library(lib.home)
    assert not stray[0].exists()
