"""`briefing list` filters, `briefing edit` and `briefing mark`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from store import open_library
from store.user_journal import read_user_document


def _page(n: int) -> str:
    return (
        f"第{n}版要闻\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n\n"
        "农村公路建设提速\n\n本报记者 李四\n\n"
        "本报讯 今年全省新改建农村公路一万公里,惠及群众。\n\n"
        "交通部门表示,将继续加大投入力度。\n"
    )


def _library(run_cli) -> tuple[str, str]:
    lib = open_library(run_cli.home)
    a = lib.import_text(_page(1), origin="a.txt", meta={"date": "2019-10-03", "source": "甲报"})
    b = lib.import_text(_page(2), origin="b.txt", meta={"date": "2020-01-15", "source": "乙报"})
    return a.briefing.id, b.briefing.id


def _ids(run_cli, *args: str) -> list[str]:
    result = run_cli("list", "--json", *args)
    assert result.code == 0, result.err
    return [b["id"] for b in json.loads(result.out)["briefings"]]


def test_list_filters_by_source_dates_and_unread(run_cli) -> None:
    a, b = _library(run_cli)
    assert _ids(run_cli, "--source", "甲报") == [a]
    assert _ids(run_cli, "--source", "甲報") == [a]  # typed as search folds it
    assert _ids(run_cli, "--source", "甲") == []  # a whole source, not a part of one
    assert _ids(run_cli, "--since", "2019-10", "--until", "2019-12") == [a]
    assert _ids(run_cli, "--since", "2020") == [b]
    assert _ids(run_cli, "--since", "2019", "--until", "2019") == [a]
    assert set(_ids(run_cli, "--unread")) >= {a, b}
    bad = run_cli("list", "--since", "十月")
    assert bad.code == 2 and "not a date" in bad.err
    assert "No briefings match." in run_cli("list", "--source", "丙报").out


def test_list_by_source_takes_a_papers_copy_written_in_traditional_characters(run_cli) -> None:
    a, _b = _library(run_cli)
    lib = open_library(run_cli.home)
    big5 = lib.import_text(_page(3), origin="c.txt", meta={"date": "2019-10-04", "source": "甲報"})
    both = {a, big5.briefing.id}
    assert set(_ids(run_cli, "--source", "甲报")) == both  # one source, as the library shelves it
    assert set(_ids(run_cli, "--source", "甲報")) == both


def test_list_goes_by_date_whatever_the_import_order(run_cli) -> None:
    lib = open_library(run_cli.home)
    dates = ["2019-10-02", None, "2019-10-01", "2019-10-02", "2019-09-30"]
    ids = [
        lib.import_text(_page(n + 1), origin=f"{n}.txt", meta={"date": d} if d else {}).briefing.id
        for n, d in enumerate(dates)
    ]
    assert lib.find_briefing(ids[1]).date is None
    # Oldest first, one day's briefings in import order, those without a date last.
    got = [i for i in _ids(run_cli) if i in ids]
    assert got == [ids[4], ids[2], ids[0], ids[3], ids[1]]
    assert _ids(run_cli, "--since", "2019-10", "--until", "2019-10") == [ids[2], ids[0], ids[3]]
    plain = run_cli("list", "--since", "2019-10").out
    heads = [line.split()[0] for line in plain.splitlines() if not line.startswith(" ")]
    assert heads == [ids[2], ids[0], ids[3]]


def test_mark_read_and_unread_shows_in_list(run_cli) -> None:
    a, b = _library(run_cli)
    assert "marked 1 section read" in run_cli("mark", "read", f"{a}-1").out
    data = json.loads(run_cli("list", "--json", "--source", "甲报").out)["briefings"][0]
    assert data["read"] == 1 and [s["read"] for s in data["sections"]] == [True, False]
    assert "marked 1 section read" in run_cli("mark", "read", a).out
    assert a not in _ids(run_cli, "--unread") and b in _ids(run_cli, "--unread")
    plain = run_cli("list", "--source", "甲报").out
    assert "[2/2 read]" in plain and f"{a}-1  ✓ " in plain
    assert "marked 2 sections unread" in run_cli("mark", "unread", a[:6]).out
    assert a in _ids(run_cli, "--unread")
    missing = run_cli("mark", "read", f"{a}-9")
    assert missing.code == 1 and "no section" in missing.err
    user = read_user_document(Path(run_cli.home) / "user.json")
    assert user is not None and "read_state" in user


def test_edit_changes_title_date_and_source(run_cli) -> None:
    a, _ = _library(run_cli)
    result = run_cli("edit", a, "--title", "园区 专刊", "--date", "2018-1-2", "--source", "丙报")
    assert result.code == 0, result.err
    assert "园区 专刊" in result.out and "2018-01-02" in result.out
    assert _ids(run_cli, "--source", "丙报", "--since", "2018-01", "--until", "2018-01") == [a]
    lib = open_library(run_cli.home, seed=False)
    b = lib.find_briefing(a)
    assert b is not None and (b.title, b.date, b.source) == ("园区 专刊", "2018-01-02", "丙报")
    shard = json.loads((lib.home / "sections" / f"{a}.json").read_text(encoding="utf-8"))
    assert next(iter(shard["briefing"].values()))["title"] == "园区 专刊"
    found = run_cli("search", "--json", "园区")
    assert found.code == 0
    assert run_cli("edit", a).code == 2
    bad = run_cli("edit", a, "--date", "2018-13-01")
    assert bad.code == 1 and "not a date" in bad.err
    assert run_cli("edit", a, "--title", "  ").code == 1


def test_an_id_prefix_naming_several_briefings_says_so(run_cli) -> None:
    lib = open_library(run_cli.home)
    by_start: dict[str, list[str]] = {}
    for n in range(1, 40):
        bid = lib.import_text(_page(n), origin=f"{n}.txt").briefing.id
        by_start.setdefault(bid[0], []).append(bid)
    start, ids = next((k, v) for k, v in by_start.items() if len(v) >= 2)
    for args in (("edit", start, "--title", "新"), ("mark", "read", start), ("rm", "--yes", start)):
        result = run_cli(*args)
        assert result.code == 1
        assert f"'{start}' starts {len(ids)} briefing ids" in result.err
        assert sorted(ids)[0] in result.err and "give more of the id" in result.err
    assert "no briefing with id 'zz'" in run_cli("edit", "zz", "--title", "新").err
