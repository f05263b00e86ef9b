"""`briefing trend` and `briefing watch` on the seed page."""

from __future__ import annotations

import csv
import io
import json


def test_trend_json_shape(run_cli) -> None:
    result = run_cli("trend", "衡阳", "环保", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["by"] == "month"
    first, second = data["series"]
    assert first["query"] == "衡阳" and first["occurrences"] == 37 and first["sections"] == 2
    assert first["points"] == [
        {
            "period": "2018-11",
            "occurrences": 37,
            "sections": 2,
            "chars": first["points"][0]["chars"],
        }
    ]
    assert second["occurrences"] == 7 and second["sections"] == 1
    rate = json.loads(run_cli("trend", "衡阳", "--per-10k", "--json").out)
    point = rate["series"][0]["points"][0]
    assert point["per_10k"] == round(37 * 10_000 / point["chars"], 2)


def test_trend_table_and_csv(run_cli) -> None:
    result = run_cli("trend", "衡阳", "--by", "week")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "衡阳: 37 occurrences in 2 sections"
    assert lines[1].split()[:2] == ["period", "chars"] and lines[2].startswith("2018-W47")
    out = run_cli("trend", "衡阳", "环保", "--by", "year", "--csv", "--per-10k").out
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == [
        "period",
        "chars",
        "衡阳 occurrences",
        "衡阳 sections",
        "衡阳 per 10k",
        "环保 occurrences",
        "环保 sections",
        "环保 per 10k",
    ]
    assert rows[1][0] == "2018" and rows[1][2:4] == ["37", "2"] and rows[1][5:7] == ["7", "1"]


def test_trend_errors(run_cli) -> None:
    assert run_cli("trend").code == 2
    assert run_cli("trend", "衡阳", " ").code == 2
    assert run_cli("trend", "衡阳", "--by", "decade").code == 2
    assert run_cli("trend", "衡阳", "--until", "2018-99").code == 2


def test_watch_add_list_show_seen_rm(run_cli) -> None:
    empty = run_cli("watch")
    assert empty.code == 0 and "No watches" in empty.out
    assert run_cli("watch", "add", "衡阳产业", "衡阳 产业").code == 0
    data = json.loads(run_cli("watch", "--json").out)
    (w,) = data["watches"]
    assert set(w) == {"name", "query", "new", "total", "last_seen"}
    assert (w["name"], w["query"], w["new"], w["total"]) == ("衡阳产业", "衡阳 产业", 0, 2)
    shown = json.loads(run_cli("watch", "show", "衡阳产业", "--json").out)
    assert shown["new"] == 0 and shown["sections"] == []
    assert run_cli("watch", "seen", "衡阳产业").code == 0
    assert "衡阳产业" in run_cli("watch").out
    assert run_cli("watch", "rm", "衡阳产业").code == 0
    missing = run_cli("watch", "rm", "衡阳产业")
    assert missing.code == 1 and "no watch named" in missing.err
    assert run_cli("watch", "add", "x", "   ").code == 2


def test_a_watch_given_a_new_query_says_which_it_replaced(run_cli) -> None:
    assert (
        run_cli("watch", "add", "衡阳产业", "衡阳 产业").out == "Watching 衡阳 产业 as 衡阳产业.\n"
    )
    again = run_cli("watch", "add", "衡阳产业", "衡阳")
    assert again.code == 0
    assert again.out == "Watching 衡阳 as 衡阳产业, instead of 衡阳 产业.\n"
    assert run_cli("watch", "add", "衡阳产业", "衡阳").out == "Watching 衡阳 as 衡阳产业.\n"


def test_watches_come_back_with_notes_import(run_cli, tmp_path) -> None:
    run_cli("watch", "add", "环保", "环保")
    target = tmp_path / "export.json"
    assert run_cli("export", "-f", "json", "-o", str(target)).code == 0
    other = tmp_path / "other"
    result = run_cli("notes", "import", str(target), store=other)
    assert result.code == 0 and "1 watch restored" in result.out
    data = json.loads(run_cli("watch", "--json", store=other).out)
    assert [w["name"] for w in data["watches"]] == ["环保"]


def test_highlight_add_list_and_rm(run_cli) -> None:
    import re

    added = run_cli("highlight", "add", "c3398b5e8e-1", "--block", "1", "--quote", "寒风冬雨")
    assert added.code == 0, added.err
    hid = added.out.split()[0]
    assert re.fullmatch(r"h[0-9a-f]+", hid) and "highlighted c3398b5e8e-1 ¶ 1" in added.out
    run_cli("note", "add", "c3398b5e8e-1", "笔记", "--block", "2")
    data = json.loads(run_cli("notes", "--kind", "highlight", "--json").out)
    assert [(n["id"], n["kind"], n["quote"]) for n in data["notes"]] == [
        (hid, "highlight", "寒风冬雨")
    ]
    assert len(json.loads(run_cli("notes", "--json").out)["notes"]) == 2
    assert "highlight" in run_cli("notes").out
    assert run_cli("highlight", "rm", hid).code == 0
    assert json.loads(run_cli("notes", "--kind", "highlight", "--json").out)["notes"] == []
