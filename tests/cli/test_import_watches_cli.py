"""`briefing import` tells which watches the imported briefings match, in text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

PAGE = (
    "湘南日报\n\n衡阳新闻\n\n衡阳今天又有新项目落户，产业转移在提速。\n\n"
    "----------\n\n湘江边园区\n\n湘江边的产业园区又扩大了。\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_prints_one_line_per_watch_with_new_matches(run_cli, tmp_path: Path) -> None:
    run_cli("watch", "add", "产业转移", "产业")
    run_cli("watch", "add", "衡阳", "衡阳")
    run_cli("watch", "add", "无", "量子通信")
    page = write(tmp_path, "page.txt", PAGE)
    result = run_cli("import", str(page))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[1:] == ["watch 产业转移: 2 new sections", "watch 衡阳: 1 new section"]
    # The seed holds 衡阳 too, but only the imported briefing is counted.
    data = json.loads(run_cli("watch", "--json").out)
    assert {w["name"]: w["total"] for w in data["watches"]}["衡阳"] == 3
    again = run_cli("import", str(page))
    assert again.code == 0 and "watch" not in again.out  # already there: nothing new


def test_import_json_lists_the_watches_and_their_sections(run_cli, tmp_path: Path) -> None:
    run_cli("watch", "add", "产业转移", "产业")
    run_cli("watch", "add", "无", "量子通信")
    page = write(tmp_path, "page.txt", PAGE)
    data = json.loads(run_cli("import", str(page), "--json").out)
    bid = data["files"][0]["briefing_id"]
    assert data["watches"] == [
        {"name": "产业转移", "query": "产业", "new": 2, "sections": [f"{bid}-1", f"{bid}-2"]}
    ]
    again = json.loads(run_cli("import", str(page), "--json").out)
    assert again["watches"] == []
    replaced = json.loads(run_cli("import", str(page), "--replace", "--json").out)
    assert [w["new"] for w in replaced["watches"]] == [2]


def test_a_folder_import_counts_every_new_briefing_once(run_cli, tmp_path: Path) -> None:
    run_cli("watch", "add", "衡阳", "衡阳")
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "a.txt", PAGE)
    write(folder, "b.txt", "湘北日报\n\n衡阳消息\n\n衡阳又下雪了。\n")
    write(folder, "c.txt", "湘西日报\n\n其他消息\n\n今天无事。\n")
    result = run_cli("import", str(folder))
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "watch 衡阳: 2 new sections"


def test_hostile_watch_names_are_printed_as_text(run_cli, tmp_path: Path) -> None:
    run_cli("watch", "add", "[bold]x[/] \x1b[31m红", "衡阳")
    page = write(tmp_path, "page.txt", PAGE)
    result = run_cli("import", str(page))
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "watch [bold]x[/] 红: 1 new section"
    assert "\x1b" not in result.out


def test_no_watch_no_watch_lines(run_cli, tmp_path: Path) -> None:
    page = write(tmp_path, "page.txt", PAGE)
    result = run_cli("import", str(page), "--json")
    assert json.loads(result.out)["watches"] == []


def _import_loads_the_watches(home: Path, page: Path) -> bool:
    import subprocess
    import sys

    run = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "tui",
            "--store",
            str(home),
            "import",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return "store.analysis.watches" in run.stderr


def test_a_library_without_watches_loads_no_watch_code_to_import(run_cli, tmp_path: Path) -> None:
    from store.analysis.watches import TABLE
    from tui.cli.import_watches import WATCHES

    assert WATCHES == TABLE
    home = tmp_path / "lib"
    assert run_cli("--store", str(home), "list").code == 0
    assert not _import_loads_the_watches(home, write(tmp_path, "a.txt", PAGE))
    assert run_cli("--store", str(home), "watch", "add", "衡阳", "衡阳").code == 0
    assert _import_loads_the_watches(home, write(tmp_path, "b.txt", PAGE + "\n补充。\n"))
