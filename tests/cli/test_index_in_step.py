"""`briefing import` of one page and `briefing rm` leave the search index in step with the
catalog, stamped with it, so the next search neither checks nor rebuilds anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.paths import catalog_stamp
from store.search import index, upkeep

PAGE = (
    "经济观察\n\n新区建设提速 ——记者走访产业园\n\n本报记者 王五\n\n"
    "本报讯 园区今年新引进项目12个,总投资50亿元。\n\n"
    "园区负责人介绍,下一步将继续完善配套。\n"
)


def _manifest(home: Path):  # type: ignore[no-untyped-def]
    index.forget_handles()  # as a new process reads it
    man = index.handle(home).read_manifest()
    assert man is not None
    return man


def _no_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the search checked the whole catalog against the index")

    monkeypatch.setattr(upkeep, "full_sync", refuse)


def test_import_and_rm_leave_the_index_stamped(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = run_cli.home
    assert run_cli("search", "衡阳").code == 0  # builds the index of the shipped briefing
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    added = run_cli("import", "--json", str(page))
    assert added.code == 0, added.err
    bid = json.loads(added.out)["files"][0]["briefing_id"]
    man = _manifest(home)
    assert man.catalog == catalog_stamp(home) and bid in man.briefings.ids()

    gone = run_cli("rm", "--yes", bid)
    assert gone.code == 0, gone.err
    man = _manifest(home)
    assert man.catalog == catalog_stamp(home) and bid not in man.briefings.ids()
    generation = man.generation

    _no_full_check(monkeypatch)
    index.forget_handles()
    assert run_cli("search", "王五").code == 1  # its sections are gone from the answers
    found = run_cli("search", "--json", "衡阳")
    assert found.code == 0 and json.loads(found.out)["total"] > 0
    assert _manifest(home).generation == generation  # nothing was written


def test_rm_after_another_change_leaves_the_check_to_the_search(run_cli, tmp_path: Path) -> None:
    home = run_cli.home
    assert run_cli("search", "衡阳").code == 0
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    bid = json.loads(run_cli("import", "--json", str(page)).out)["files"][0]["briefing_id"]
    # A change the index never heard of: the catalog moves on without it.
    from store import open_library

    lib = open_library(home, seed=False)
    lib.edit_briefing(bid, title="改过的标题")
    stale = _manifest(home).catalog
    assert stale != catalog_stamp(home)
    assert run_cli("rm", "--yes", bid).code == 0
    man = _manifest(home)
    assert bid not in man.briefings.ids()
    assert man.catalog == stale  # not claimed in step: the next search checks the catalog
    assert run_cli("search", "王五").code == 1
    assert _manifest(home).catalog == catalog_stamp(home)


def test_rm_before_any_search_makes_no_index(run_cli, tmp_path: Path) -> None:
    home = run_cli.home
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    bid = json.loads(run_cli("import", "--json", str(page)).out)["files"][0]["briefing_id"]
    had = (home / index.FOLDER / "index.json").exists()
    assert run_cli("rm", "--yes", bid).code == 0
    assert (home / index.FOLDER / "index.json").exists() == had
    assert run_cli("search", "王五").code == 1
