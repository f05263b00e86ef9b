"""Importing a folder through worker processes, the index it leaves, and `list --json` streaming."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from store import bulk_pool, open_library
from store.catalog import catalog_stamp
from store.search import index, search


@pytest.fixture(autouse=True)
def _workers_for_small_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """These folders are small: let them go through the worker processes all the same."""
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 2)


def _page(n: int, word: str = "") -> str:
    return (
        f"衡阳日报 2019年10月{1 + n % 28}日 第{n:02d}版\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元{word}。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n\n"
        f"农村公路建设提速{n}\n\n本报记者 李四\n\n"
        "本报讯 今年全省新改建农村公路一万公里,惠及群众。\n"
    )


def _folder(tmp_path: Path, count: int = 12) -> Path:
    folder = tmp_path / "pages"
    (folder / "b").mkdir(parents=True)
    for n in range(count):
        sub = folder / ("b" if n % 2 else "")
        (sub / f"p{n:02d}.txt").write_text(_page(n, "麒麟" if n == 5 else ""), encoding="utf-8")
    (folder / "bad.txt").write_text("只有一个标题\n", encoding="utf-8")  # no article: skipped
    (folder / "damaged.txt").write_bytes(b"\x00\x01\x02\x03\xff\xfe\x00" * 40)  # failed
    (folder / "copy.txt").write_text(_page(3), encoding="utf-8")
    return folder


def _segments(home: Path) -> set[str]:
    return {p.name for p in (home / "index").glob("seg-*")}


def test_a_folder_is_imported_in_order_and_indexed_as_it_goes(run_cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = run_cli("import", str(folder))
    assert result.code == 1  # damaged.txt failed; the others are stored all the same
    assert "damaged.txt" in result.err and result.err.count("\n") == 2
    assert "bad.txt" not in result.err and "bad.txt: no article found" in result.out
    summary = "text: 15 files, 12 imported, 1 already there, 1 skipped (no article), 1 failed"
    assert summary in result.out
    assert result.out.splitlines()[-1].endswith(
        "with no article to import: " + str(folder / "bad.txt")
    )
    home = run_cli.home
    listed = json.loads(run_cli("list", "--json").out)["briefings"]
    walked = [p.name for p in sorted(folder.glob("[cp]*.txt"))]
    walked += [p.name for p in sorted((folder / "b").glob("p*.txt")) if p.name != "p03.txt"]
    origins = [b.origin for b in open_library(home, seed=False).briefings()]
    # The order the files were walked in; b/p03.txt is the same text as copy.txt.
    assert origins == ["hunan-daily.txt", *walked]
    # Every briefing, the shipped one too, is in the index before any search runs, and the
    # index knows it is in step with the catalog as it is now.
    man = index.handle(home).read_manifest()
    assert {b["id"] for b in listed} == set(man.briefings)
    assert man.catalog == catalog_stamp(home)
    before = _segments(home)
    found = json.loads(run_cli("search", "--json", "麒麟").out)
    assert found["total"] == 1
    assert before <= _segments(home)  # the search built nothing again


def test_an_import_by_another_process_while_a_reader_is_open(run_cli, tmp_path: Path) -> None:
    home = run_cli.home
    run_cli("import", str(_folder(tmp_path / "first", 9)))
    reader = open_library(home)
    assert search(reader, "麒麟").total == 1
    later = tmp_path / "later"
    later.mkdir()
    for n in range(40, 50):
        (later / f"q{n}.txt").write_text(_page(n, "貔貅" if n == 44 else ""), encoding="utf-8")
    assert run_cli("import", str(later)).code == 0
    before = _segments(home)
    assert search(reader, "貔貅").total == 1
    assert before <= _segments(home)


def test_rm_then_search_keeps_the_index(run_cli, tmp_path: Path) -> None:
    home = run_cli.home
    run_cli("import", str(_folder(tmp_path)))
    run_cli("search", "麒麟")
    listed = json.loads(run_cli("list", "--json").out)["briefings"]
    assert run_cli("rm", "--yes", listed[3]["id"]).code == 0
    biggest = max((home / "index").glob("seg-*"), key=lambda p: p.stat().st_size)
    assert run_cli("search", "--json", "园区").code == 0
    assert biggest.exists()


def test_list_json_writes_each_briefing_before_reading_the_next(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    from store.library import Library

    run_cli("import", str(_folder(tmp_path, 9)))
    written: list[int] = []
    original = Library.heads

    def heads(self, briefing_id):  # type: ignore[no-untyped-def]
        sys.stdout.flush()
        written.append(len(sys.stdout.getvalue()) if hasattr(sys.stdout, "getvalue") else 0)
        return original(self, briefing_id)

    monkeypatch.setattr(Library, "heads", heads)
    out = run_cli("list", "--json").out
    assert len(json.loads(out)["briefings"]) == 10
    # Output grew between the heads of one briefing and the next: nothing waits for all.
    assert all(b > a for a, b in itertools.pairwise(written))
