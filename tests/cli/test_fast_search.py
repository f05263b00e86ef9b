"""A plain `briefing search` is answered without click, exactly as the click group answers it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tui.cli import fast, main
from tui.cli.common import run_guarded
from tui.cli.group import cli


@pytest.mark.parametrize(
    ("args", "taken"),
    [
        (["search", "衡阳"], {"query": "衡阳", "as_json": False, "limit": 20, "briefing_id": None}),
        (
            ["search", "--json", "--limit", "5", "--briefing", "ab12", "衡阳"],
            {"query": "衡阳", "as_json": True, "limit": 5, "briefing_id": "ab12"},
        ),
        (
            ["search", "衡阳", "--limit=1000", "--briefing=ab12"],
            {"query": "衡阳", "as_json": False, "limit": 1000, "briefing_id": "ab12"},
        ),
        (
            ["search", "--", "-衡阳"],
            {"query": "-衡阳", "as_json": False, "limit": 20, "briefing_id": None},
        ),
        (
            ["search", "--", "--json"],
            {"query": "--json", "as_json": False, "limit": 20, "briefing_id": None},
        ),
        (["search", ""], {"query": "", "as_json": False, "limit": 20, "briefing_id": None}),
    ],
)
def test_plain_searches_are_read_here(args, taken) -> None:
    assert fast.search_args(args[1:]) == taken


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["search", "a", "b"],
        ["search", "--help"],
        ["search", "-h", "衡阳"],
        ["search", "衡阳", "--json", "--json"],
        ["search", "衡阳", "--limit", "0"],
        ["search", "衡阳", "--limit", "1001"],
        ["search", "衡阳", "--limit", "٣"],
        ["search", "衡阳", "--limit", "-1"],
        ["search", "衡阳", "--limit"],
        ["search", "衡阳", "--limit="],
        ["search", "衡阳", "--limit", "2", "--limit", "3"],
        ["search", "衡阳", "--briefing"],
        ["search", "衡阳", "--bogus"],
        ["search", "-", "衡阳"],
        ["search", "-衡阳"],
    ],
)
def test_everything_else_goes_to_click(args) -> None:
    assert fast.search_args(args[1:]) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--store", "/x", "search", "q"], ("/x", ["search", "q"])),
        (["--store=/x", "search", "q"], ("/x", ["search", "q"])),
        (["search", "q"], (None, ["search", "q"])),
        (["--store"], None),
        (["--store", "--help", "search", "q"], None),
        (["--store=", "search", "q"], None),
        (["--help"], None),
        (["-V", "search", "q"], None),
    ],
)
def test_the_store_option_before_the_command(args, expected) -> None:
    assert fast.split_store(args) == expected


def test_other_commands_go_to_click(tmp_path) -> None:
    assert fast.run(["--store", str(tmp_path), "list"]) is None
    assert fast.run(["--store", str(tmp_path), "searches", "q"]) is None
    assert not any(tmp_path.iterdir())  # nothing was opened


def _both(capsys, argv: list[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    capsys.readouterr()
    code = fast.run(argv)
    here = capsys.readouterr()
    assert code is not None
    group = run_guarded(cli, argv)
    there = capsys.readouterr()
    return (code, here.out, here.err), (group, there.out, there.err)


@pytest.mark.parametrize(
    "args",
    [
        ["衡阳"],
        ["--json", "--limit", "1", "衡阳"],
        ["环保", "--limit=3"],
        ["hengyang", "--json"],
        ["不存在的词"],
        ["不存在的词", "--json"],
        ["   "],
        ["--", "-衡阳"],
        ['"衡阳'],
        ["衡阳", "--briefing", "zzzz"],
        ["衡\x1b[0m阳 产业"],
        ["衡阳" * 100],
    ],
)
def test_the_same_answer_as_the_click_group(tmp_path, capsys, monkeypatch, args) -> None:
    monkeypatch.delenv("BRIEFING_HOME", raising=False)
    argv = ["--store", str(tmp_path / "lib"), "search", *args]
    here, there = _both(capsys, argv)
    assert here == there
    if here[0] == 0 and "--json" not in args:
        assert here[1].count("\n") >= 3  # a summary, then a title and a snippet per hit


def test_a_briefing_prefix_and_the_library_from_the_environment(tmp_path, capsys, monkeypatch):
    home = tmp_path / "lib"
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    code, out, _ = _both(capsys, ["search", "--json", "衡阳"])[0]
    assert code == 0
    bid = json.loads(out)["hits"][0]["briefing_id"]
    here, there = _both(capsys, ["search", "衡阳", "--briefing", bid[:5], "--json"])
    assert here == there and json.loads(here[1])["total"] == 2


def test_an_unexpected_error_is_one_line_and_logged_in_the_named_library(
    tmp_path, capsys, monkeypatch
) -> None:
    import tui.cli.search_out

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(tui.cli.search_out, "run_search", boom)
    home = tmp_path / "lib"
    assert fast.run(["--store", str(home), "search", "衡阳"]) == 1
    err = capsys.readouterr().err
    log = home / "logs" / "errors.log"
    assert err == f"briefing: unexpected error: RuntimeError: boom (details in {log})\n"
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")


def test_help_still_comes_from_click(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["search", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: briefing search [OPTIONS] QUERY") and "--limit" in out


ENTRY = [sys.executable, "-c", "from tui.cli import main; main()"]

# What a search process must never load: the command-line machinery, the UI, the importers.
NOT_FOR_SEARCH = (
    "click",
    "textual",
    "rich",
    "lxml",
    "pypdf",
    "docx",
    "feedparser",
    "opencc",
    "pypinyin",
    "charset_normalizer",
    "platformdirs",
    "secrets",
    "hashlib",
    "store.ingest",
    "store.bulk",
    "store.export",
    "store.analysis",
    "store.importing",
    "store.shelf",
    "store.catalog_checked",
    # A library in order is read without TinyDB, orjson, the catalog's rows or the models.
    "orjson",
    "tinydb",
    "store.library",
    "store.storage",
    "store.catalog",
    "store.catalog_journal",
    "store.userdata",
    "store.roster",
    "store.models",
    # Its values are named tuples and plain classes; the index's builder stays unloaded.
    "dataclasses",
    "inspect",
    "store.search.grams",
    "store.search.segwrite",
    "store.search.segmerge",
    # Records are pickled only to travel between an import's processes.
    "pickle",
    # Type names are read by checkers alone.
    "typing",
    # A search starts no thread: its locks are threading's own, made by _thread.
    "threading",
    # The manifest's bitmap of deleted ordinals is read by binascii itself.
    "base64",
)


@pytest.mark.parametrize("args", [["衡阳"], ["--json", "产业转移"], ["hengyang"]])
def test_a_search_process_loads_only_what_it_needs(tmp_path, args) -> None:
    home = tmp_path / "lib"
    code = (
        "import sys, tui.cli\n"
        f"heavy = {NOT_FOR_SEARCH!r}\n"
        "def finish(code):\n"
        "    loaded = sorted(m for m in sys.modules if m == 'store.search.api' or "
        "m.startswith(tuple(h + '.' for h in heavy)) or m in heavy)\n"
        "    import gc\n"
        "    print(code, loaded, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)\n"
        "    real(code)\n"
        "real, tui.cli.finish = tui.cli.finish, finish\n"
        "tui.cli.main()\n"
    )
    first = subprocess.run(  # the first search seeds the library and builds the index
        [*ENTRY, "--store", str(home), "search", "衡阳"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert first.returncode == 0
    proc = subprocess.run(
        [sys.executable, "-c", code, "--store", str(home), "search", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # The collector is back on, the modules the search loaded kept from it.
    assert proc.stderr.strip() == "0 ['store.search.api'] True True"
    assert proc.stdout.count("\n") >= 3


def test_the_process_ends_with_its_output_and_exit_code(tmp_path) -> None:
    home = tmp_path / "lib"
    entry = [sys.executable, "-c", "from tui.cli import main; main()", "--store", str(home)]
    found = subprocess.run([*entry, "search", "--json", "衡阳"], capture_output=True, timeout=120)
    assert found.returncode == 0 and json.loads(found.stdout)["total"] == 2
    none = subprocess.run([*entry, "search", "不存在的词"], capture_output=True, timeout=120)
    assert none.returncode == 1 and none.stdout.decode() == "No section matches 不存在的词.\n"
    bad = subprocess.run([*entry, "search", "  "], capture_output=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == b"" and bad.stderr.count(b"\n") == 1
