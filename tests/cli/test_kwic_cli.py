"""`briefing kwic` on the seed page: text, JSON, CSV, filters and errors."""

from __future__ import annotations

import csv
import io
import json

from store.typeset import cell_width


def test_json_shape_and_exact_total(run_cli) -> None:
    result = run_cli("kwic", "衡阳", "--json", "--limit", "5")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["query"] == "衡阳" and data["total"] == 37 and data["sections"] == 2
    assert len(data["lines"]) == 5
    first = data["lines"][0]
    assert {
        "briefing_id",
        "section_id",
        "date",
        "source",
        "headline",
        "paragraph",
        "left",
        "hit",
        "right",
    } <= set(first)
    assert first["hit"] == "衡阳" and first["date"] == "2018-11-22"
    assert first["section_id"].startswith(first["briefing_id"] + "-")
    assert data["by_year"] == {"2018": 37}
    para = data["lines"][1]
    assert para["paragraph"] == 1 and para["left"].endswith("11月20日,")


def test_limit_caps_lines_not_the_total(run_cli) -> None:
    data = json.loads(run_cli("kwic", "的", "--json").out)
    assert len(data["lines"]) == min(100, data["total"]) and data["total"] > 50
    data = json.loads(run_cli("kwic", "的", "--json", "--limit", "10").out)
    assert len(data["lines"]) == 10 and data["total"] > 50


def test_plain_lines_are_aligned_on_the_hit(run_cli) -> None:
    result = run_cli("kwic", "衡阳", "--width", "12", "--limit", "6")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "37 occurrences of 衡阳 in 2 sections (showing 6)"
    assert lines[1] == "by year: 2018 37"
    columns = {cell_width(line[: line.index(" 衡阳 ")]) for line in lines[2:]}
    assert len(columns) == 1
    assert "\x1b[" not in result.out


def test_csv_opens_in_a_spreadsheet(run_cli) -> None:
    result = run_cli("kwic", "衡阳", "--csv", "--sort", "right", "--limit", "3")
    assert result.code == 0, result.err
    assert result.out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["briefing_id", "section_id", "date"] and len(rows) == 4
    assert all(r[7] == "衡阳" for r in rows[1:])


def test_filters_and_errors(run_cli) -> None:
    later = run_cli("kwic", "衡阳", "--json", "--since", "2019")
    assert later.code == 1 and json.loads(later.out)["total"] == 0
    assert json.loads(run_cli("kwic", "衡阳", "--json", "--until", "2018-11").out)["total"] == 37
    assert json.loads(run_cli("kwic", "衡阳", "--json", "--source", "湖南").out)["total"] == 37
    assert run_cli("kwic", "衡阳").code == 0
    bad = run_cli("kwic", "衡阳", "--since", "2019-13")
    assert bad.code == 2 and "not a date" in bad.err
    assert run_cli("kwic", "衡阳", "--json", "--csv").code == 2
    none = run_cli("kwic", "不存在的词")
    assert none.code == 1 and none.out.startswith("No occurrence of 不存在的词.")
    assert run_cli("kwic", "  ").code == 2
    assert run_cli("kwic", "衡阳\x1b[31m", "--json").code == 0
