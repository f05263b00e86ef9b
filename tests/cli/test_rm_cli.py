"""`briefing rm`: several briefings at once, asking on a terminal, --yes otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from tui.cli import common

PAGE = (
    "经济观察\n\n新区建设提速 ——记者走访产业园\n\n本报记者 王五\n\n"
    "本报讯 园区今年新引进项目12个,总投资50亿元。\n\n"
    "园区负责人介绍,下一步将继续完善配套。\n"
)


def _two_briefings(run_cli, tmp_path: Path) -> list[str]:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert run_cli("import", str(page)).code == 0
    return [b["id"] for b in json.loads(run_cli("list", "--json").out)["briefings"]]


def test_rm_several_with_yes_keeps_notes_detached(run_cli, tmp_path: Path) -> None:
    seed, other = _two_briefings(run_cli, tmp_path)
    sid = f"{seed}-1"
    assert run_cli("note", "add", sid, "留着", "--block", "1").code == 0
    result = run_cli("rm", seed, other[:6], "--yes")
    assert result.code == 0, result.err
    assert f"deleted {seed} 湖南日报" in result.out and "1 note and 0 bookmarks kept" in result.out
    assert f"deleted {other}" in result.out
    assert json.loads(run_cli("list", "--json").out)["briefings"] == []
    (note,) = json.loads(run_cli("notes", "--json").out)["notes"]
    assert note["detached"] is True and note["text"] == "留着"


def test_rm_refuses_without_yes_off_a_terminal(run_cli, tmp_path: Path) -> None:
    seed, _other = _two_briefings(run_cli, tmp_path)
    result = run_cli("rm", seed)
    assert result.code == 2 and "--yes" in result.err and result.err.count("\n") == 1
    assert len(json.loads(run_cli("list", "--json").out)["briefings"]) == 2


def test_rm_an_unknown_id_deletes_nothing(run_cli, tmp_path: Path) -> None:
    seed, _other = _two_briefings(run_cli, tmp_path)
    result = run_cli("rm", seed, "ffffffffff", "--yes")
    assert result.code == 1 and "ffffffffff" in result.err
    assert len(json.loads(run_cli("list", "--json").out)["briefings"]) == 2
    assert run_cli("rm").code == 2


def test_rm_asks_on_a_terminal(run_cli, tmp_path: Path, monkeypatch) -> None:
    seed, other = _two_briefings(run_cli, tmp_path)
    monkeypatch.setattr(common, "is_terminal", lambda stream=None: True)
    import tui.cli.rm_cmd as rm_cmd

    monkeypatch.setattr(rm_cmd, "is_terminal", lambda stream=None: True)
    answers = iter([False, True])
    asked: list[str] = []

    def confirm(text: str, default: bool = False) -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(click, "confirm", confirm)
    kept = run_cli("rm", other)
    assert kept.code == 0 and kept.err == "" and asked == ["Delete this briefing?"]
    assert kept.out.endswith("Nothing deleted.\n")
    assert len(json.loads(run_cli("list", "--json").out)["briefings"]) == 2
    assert other in kept.out  # what would go is listed before the question
    gone = run_cli("rm", other)
    assert gone.code == 0 and f"deleted {other}" in gone.out
    assert [b["id"] for b in json.loads(run_cli("list", "--json").out)["briefings"]] == [seed]


@pytest.mark.parametrize("key", [EOFError, KeyboardInterrupt])
def test_rm_at_the_end_of_input_deletes_nothing(run_cli, tmp_path: Path, monkeypatch, key) -> None:
    _seed, other = _two_briefings(run_cli, tmp_path)
    import tui.cli.rm_cmd as rm_cmd

    monkeypatch.setattr(rm_cmd, "is_terminal", lambda stream=None: True)

    def pressed(*args: object) -> str:
        raise key

    monkeypatch.setattr(click.termui, "visible_prompt_func", pressed)
    result = run_cli("rm", other)
    if key is EOFError:  # ctrl-d answers no, as it does to `rm -i`
        assert result.code == 0 and result.out.endswith("Nothing deleted.\n") and not result.err
    else:  # ctrl-c still aborts
        assert result.code == 1 and "aborted" in result.err
    assert len(json.loads(run_cli("list", "--json").out)["briefings"]) == 2


def test_rm_and_list_load_only_what_they_need(tmp_path: Path) -> None:
    import subprocess
    import sys

    home = tmp_path / "lib"
    from store import open_library

    bid = open_library(home).briefings()[0].id
    heavy = ("store.notes", "store.bookmarks", "store.search", "store.ingest", "textual", "rich")
    for args in (["list", "--json"], ["rm", "--yes", bid]):
        code = (
            "import sys\nfrom tui.cli import main\n"
            f"sys.argv = ['briefing', '--store', {str(home)!r}, *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip().splitlines()[-1] == "[]", args
    assert open_library(home, seed=False).briefings() == []
