"""Guarantee 5: hostile text in imports, notes, labels, tags, queries and file names never
crashes anything, never puts a terminal control on the CLI's output, and markup shows as
written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reliability_helpers import REPO

from store import open_library

CONTROLS = ("\x1b", "\x9b", "\x9d", "\x07", "\x00", "\x90")
HOSTILE = {
    "osc52": "\x1b]52;c;cHduZWQ=\x07剪贴板",
    "title": "\x1b]0;pwned\x07标题",
    "csi": "\x1b[31m红\x1b[0m\x1b[2J\x1b[H",
    "c1": "\x9b31m\x9d0;t\x9c\x90dcs\x9c八位",
    "c0": "a\x00b\x01c\x07d\x08e\x7ff\x0bg",
    "bidi": "\u202egnp.exe\u202c \u2066iso\u2069 \u200f",
    "zero-width": "衡\u200b阳\u200d\ufeff\u2060",
    "surrogate": "lone \ud800 and \udfff end",
    "markup": "[bold]粗[/bold] [/ [link=https://evil.example]链[/link] [@click=app.quit]退[/]",
    "brackets": "[red [/] \\[x] [[b]] [",
    "long": "长" * 100_000,
}
MARKUP_SHOWN = ("[bold]粗[/bold]", "[@click=app.quit]退[/]", "[link=https://evil.example]链[/link]")


def clean(*streams: str) -> bool:
    """No terminal control character in any stream."""
    return not any(c in s for s in streams for c in CONTROLS)


def no_crash(result) -> bool:
    return result.code in (0, 1, 2) and "unexpected error" not in result.err


def _sid(run_cli) -> str:
    return json.loads(run_cli("list", "--json").out)["briefings"][0]["sections"][0]["id"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_notes_labels_tags_and_queries(run_cli, name: str) -> None:
    text = HOSTILE[name]
    sid = _sid(run_cli)
    results = [
        run_cli("note", "add", sid, text, "--block", "1", "--tag", text[:200]),
        run_cli("bookmark", "add", sid, "--block", "2", "--label", text),
        run_cli("notes"),
        run_cli("notes", "--json"),
        run_cli("notes", "--search", text[:50]),
        run_cli("bookmarks"),
        run_cli("search", text[:200]),
        run_cli("search", text[:200], "--json"),
        run_cli("read", text[:100]),
        run_cli("note", "rm", text[:100]),
        run_cli("export", "--format", "md"),
        run_cli("export", "--format", "html"),
        run_cli("export", "--format", "csv"),
    ]
    for r in results:
        assert no_crash(r), r.err
        assert clean(r.out, r.err), (r.out[:200], r.err[:200])
        assert r.err.count("\n") <= 1
    assert results[0].code == 0 and results[1].code == 0
    listed = json.loads(results[3].out)["notes"]
    assert len(listed) == 1
    if name == "markup":
        for shown in MARKUP_SHOWN:
            assert shown in results[2].out  # piped output is plain; markup is literal
            assert shown in results[5].out
    if name == "long":
        assert "长" * 1000 in results[2].out


def test_html_export_carries_no_script_from_data(run_cli) -> None:
    sid = _sid(run_cli)
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
    assert run_cli("note", "add", sid, evil, "--block", "1", "--tag", evil).code == 0
    assert run_cli("bookmark", "add", sid, "--block", "3", "--label", evil).code == 0
    html = run_cli("export", "--format", "html").out
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;" in html


HOSTILE_PAGE = """{markup}
5年“转”来500多家企业[bold]醒目[/bold]
——看衡阳\x1b]0;pwned\x07承接产业转移
湖南日报记者 李苗 徐德荣
    湖南日报11月22日讯 正文\x1b]52;c;cHduZWQ=\x07控制字符\u202e倒序,[@click=app.quit]点我[/]。
    第二段{long}。
    第三段 \x9b31m 八位控制和\x01\x7f。
"""


def test_import_of_a_hostile_page_and_a_hostile_file_name(run_cli, tmp_path: Path) -> None:
    page = HOSTILE_PAGE.format(markup=HOSTILE["markup"], long="很长" * 50_000)
    name = tmp_path / "\x1b]0;pwned\x07[bold]名[red]\u202e.txt"
    name.write_bytes(page.encode("utf-8"))
    imported = run_cli("import", str(name))
    assert no_crash(imported) and clean(imported.out, imported.err)
    assert imported.code == 0, imported.err
    assert "[bold]名[red]" in imported.out
    listing = run_cli("list")
    assert clean(listing.out) and "[bold]醒目[/bold]" in listing.out
    data = json.loads(run_cli("list", "--json").out)
    b = next(x for x in data["briefings"] if "醒目" in json.dumps(x, ensure_ascii=False))
    for s in b["sections"]:
        shown = run_cli("read", s["id"])
        assert shown.code == 0 and clean(shown.out, shown.err)
        for fmt in ("--json", "--format=md", "--format=text"):
            r = run_cli("read", s["id"], fmt)
            assert r.code == 0 and clean(r.out, r.err)


def test_nothing_hostile_is_stored_from_an_import(home: Path, tmp_path: Path) -> None:
    page = HOSTILE_PAGE.format(markup=HOSTILE["markup"], long="正常的文字。" * 100)
    path = tmp_path / "page.txt"
    path.write_bytes(page.encode("utf-8"))
    lib = open_library(home)
    briefing = lib.import_file(path).briefing
    shard = (home / "sections" / f"{briefing.id}.json").read_text(encoding="utf-8")
    for bad in ("\\u001b", "\\u0007", "\u202e", "\\u009b", "\ufffd"):
        assert bad not in shard
    assert "[@click=app.quit]点我[/]" in shard  # markup is data, kept as written


def test_real_process_output_through_a_pipe(run_proc, tmp_path: Path) -> None:
    # The console entry point, with bytes on argv that are not UTF-8 and escapes everywhere.
    sid_out = run_proc("list", "--json")
    sid = json.loads(sid_out.out)["briefings"][0]["sections"][0]["id"]
    evil = "\x1b]0;pwned\x07[bold]粗[/bold]\x1b[2J".encode() + b"\xff\xfe\x9b"
    runs = [
        run_proc("note", "add", sid, evil, "--block", "1"),  # type: ignore[arg-type]
        run_proc("bookmark", "add", sid, "--label", evil),  # type: ignore[arg-type]
        run_proc("notes"),
        run_proc("bookmarks"),
        run_proc("search", evil),  # type: ignore[arg-type]
        run_proc("read", evil),  # type: ignore[arg-type]
        run_proc("import", str(tmp_path / "\x1b]0;x\x07.txt")),
        run_proc("\x1b[31mnosuchcommand"),
        run_proc("doctor"),
    ]
    for r in runs:
        assert b"\x1b" not in r.out + r.err and b"\x07" not in r.out + r.err
        assert b"Traceback" not in r.err and b"unexpected error" not in r.err
        assert r.err.count(b"\n") <= (2 if r is runs[6] else 1)  # import adds a summary
    assert runs[0].code == 0 and runs[1].code == 0
    assert "[bold]粗[/bold]".encode() in runs[2].out
    assert [r.code for r in runs[5:8]] == [1, 1, 2]


def test_doctor_names_a_hostile_file_plainly(run_cli, home: Path) -> None:
    bad = home / "sections" / "\x1b]0;pwned\x07[bold]x.json"
    bad.write_bytes(b"\x1b[2J not json")
    r = run_cli("doctor")
    assert r.code == 1 and clean(r.out, r.err) and "[bold]x.json" in r.out
    assert REPO.exists()


def test_a_file_with_bytes_that_are_not_text(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    page = HOSTILE_PAGE.format(markup="", long="").encode("utf-8")
    path.write_bytes(page.replace("第二段".encode(), b"\xed\xa0\x80\xff"))
    r = run_cli("import", str(path))
    assert no_crash(r) and clean(r.out, r.err)
    assert r.code == 0 or (r.code == 1 and "mixed.txt" in r.err)
