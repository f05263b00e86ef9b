"""`briefing import` on folders, standard input and forced formats."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
PAGE = (
    "<html><head><title>全省经济稳中向好-湖南日报</title></head><body>"
    "<h1>全省经济稳中向好</h1><p>前三季度，全省地区生产总值同比增长。</p></body></html>"
)


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.html").write_text(PAGE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text("标题一\n\n记者 王五\n\n正文第一段。\n", encoding="utf-8")
    (root / "sub" / "deeper" / "c.htm").write_bytes(
        (FIXTURES / "xinhuanet-article.html").read_bytes()
    )
    (root / "sub" / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really")
    (root / ".hidden" / "skip.txt").write_text("不应导入。\n", encoding="utf-8")


def test_a_folder_is_imported_recursively_with_a_summary_per_format(run_cli, tmp_path) -> None:
    _tree(tmp_path / "papers")
    result = run_cli("import", str(tmp_path / "papers"))
    assert result.code == 1  # the broken PDF
    assert result.out.count(": imported: ") == 3
    assert "html: 2 files, 2 imported" in result.out
    assert "text: 1 file, 1 imported" in result.out
    assert "pdf: 1 file, 1 failed" in result.out
    assert "broken.pdf" in result.err and "Traceback" not in result.err
    assert "skip.txt" not in result.out + result.err


def test_json_names_each_files_format(run_cli, tmp_path) -> None:
    _tree(tmp_path / "papers")
    data = json.loads(run_cli("import", str(tmp_path / "papers"), "--json").out)
    formats = {Path(f["file"]).name: (f["format"], f["status"]) for f in data["files"]}
    assert formats == {
        "a.html": ("html", "imported"),
        "b.txt": ("text", "imported"),
        "c.htm": ("html", "imported"),
        "broken.pdf": ("pdf", "failed"),
    }


def test_dash_reads_standard_input(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(PAGE.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)
    result = run_cli("import", "-", "--json")
    assert result.code == 0, result.err
    (entry,) = json.loads(result.out)["files"]
    assert entry["format"] == "html" and entry["title"] == "全省经济稳中向好"


PLAIN_PAGE = "新能源汽车产业链加快发展\n\n记者从工业和信息化部获悉，前十个月产销量保持增长。\n"


def test_a_page_from_standard_input_is_titled_by_its_headline(run_cli, monkeypatch) -> None:
    # No masthead, and standard input names no file: the page's own headline, not "stdin".
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAIN_PAGE.encode())))
    (entry,) = json.loads(run_cli("import", "-", "--json").out)["files"]
    assert entry["title"] == "新能源汽车产业链加快发展"
    paper = "人民日报 2019年10月31日 第03版\n\n" + PLAIN_PAGE  # a masthead still names it
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(paper.encode())))
    (entry,) = json.loads(run_cli("import", "-", "--json").out)["files"]
    assert entry["title"] == "人民日报 第03版"
    other = ("再一页\n\n" + PLAIN_PAGE).encode()  # a title given still wins
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(other)))
    (entry,) = json.loads(run_cli("import", "-", "--json", "--title", "我的剪报").out)["files"]
    assert entry["title"] == "我的剪报"


def test_a_file_without_a_masthead_keeps_its_name_as_title(run_cli, tmp_path) -> None:
    page = tmp_path / "1.txt"
    page.write_text(PLAIN_PAGE, encoding="utf-8")
    (entry,) = json.loads(run_cli("import", str(page), "--json").out)["files"]
    assert entry["title"] == "1"


def test_format_forces_a_reading(run_cli, tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run_cli("import", str(page), "--format", "text", "--json")
    (entry,) = json.loads(result.out)["files"]
    assert entry["format"] == "text"
    bad = run_cli("import", str(page), "--format", "mp3")
    assert bad.code == 2


BOMB_FEED = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b"<rss><channel><item><title>&b;</title></item></channel></rss>"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bomb.xml", BOMB_FEED),
        ("broken.pdf", b"%PDF-1.4\ngarbage"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("cut.epub", b"PK\x03\x04" + b"\x00" * 100),
        ("scan.pdf", (FIXTURES / "pdf-scanned-fax.pdf").read_bytes()),
    ],
)
def test_a_failed_file_changes_nothing_in_the_library(run_cli, tmp_path, name, data) -> None:
    run_cli("list")
    home: Path = run_cli.home
    before = {p: p.read_bytes() for p in home.rglob("*.json")}
    bad = tmp_path / name
    bad.write_bytes(data)
    result = run_cli("import", str(bad))
    assert result.code == 1 and result.err.count("\n") == 1 and name in result.err
    assert "Traceback" not in result.err
    assert {p: p.read_bytes() for p in home.rglob("*.json")} == before


# A newspaper's page of pictures: its masthead, a caption and a designer's credit.
PICTURE_PAGE = "人民日报 2019年10月1日 第20版\n\n\n壮美河山  瑰丽画卷\n\n版式设计：王五\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("junk.html", b"<html><body><script>x()</script></body></html>"),
        ("pictures.txt", PICTURE_PAGE.encode("utf-8")),
        ("blank.txt", "\n".join(["广告"] * 3).encode("gb18030")),
    ],
)
def test_a_file_with_no_article_is_skipped_not_failed(run_cli, tmp_path, name, data) -> None:
    run_cli("list")
    home: Path = run_cli.home
    before = {p: p.read_bytes() for p in home.rglob("*.json")}
    page = tmp_path / name
    page.write_bytes(data)
    result = run_cli("import", str(page))
    assert result.code == 0 and result.err == ""
    assert result.out.startswith(str(page)) and result.out.endswith("(skipped)\n")
    assert {p: p.read_bytes() for p in home.rglob("*.json")} == before
    (entry,) = json.loads(run_cli("import", str(page), "--json").out)["files"]
    assert entry["status"] == "skipped" and "no article" in entry["reason"]


def test_a_folder_with_picture_pages_imports_the_rest_and_names_them(run_cli, tmp_path) -> None:
    _tree(tmp_path / "papers")
    (tmp_path / "papers" / "sub" / "broken.pdf").unlink()
    for n in range(7):
        (tmp_path / "papers" / f"p{n}.txt").write_text(PICTURE_PAGE + "版" * n, encoding="utf-8")
    result = run_cli("import", str(tmp_path / "papers"))
    assert result.code == 0 and result.err == ""
    assert result.out.count(": imported: ") == 3 and result.out.count("(skipped)\n") == 7
    assert "text: 8 files, 1 imported, 7 skipped (no article)" in result.out
    notice = result.out.splitlines()[-1]
    assert notice.startswith("skipped 7 files with no article to import: ")
    assert notice.endswith("p4.txt and 2 more") and "p0.txt" in notice
    # A real failure beside them still fails the import.
    (tmp_path / "papers" / "zz.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    again = run_cli("import", str(tmp_path / "papers"))
    assert again.code == 1 and "zz.pdf" in again.err and "p0.txt" not in again.err
    assert "1 of 11 files failed" in again.err


def test_standard_input_with_no_article_is_skipped(run_cli, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PICTURE_PAGE.encode())))
    result = run_cli("import", "-")
    assert result.code == 0 and result.err == ""
    assert result.out == "stdin: no article found: the text has no paragraph (skipped)\n"


def test_an_empty_folder_is_one_clear_line(run_cli, tmp_path) -> None:
    (tmp_path / "none").mkdir()
    result = run_cli("import", str(tmp_path / "none"))
    assert result.code == 1 and "no files to import" in result.err


def test_a_text_with_escape_sequences_and_backspaces_imports(run_cli, tmp_path) -> None:
    # About 320 bytes with colour escapes and two backspaces: text, not binary.
    page = tmp_path / "colours.txt"
    body = "衡阳承接产业转移\n\n本报记者 王五\n\n"
    body += "\x1b[1m园区\x1b[0m今年新引进项目12个，总投资50亿元。\x08\x08\n\n"
    body += "园区负责人介绍，下一步将继续完善配套，推动项目早日投产达效。\n" * 2
    data = body.encode()
    assert 250 <= len(data) <= 400
    page.write_bytes(data)
    result = run_cli("import", str(page), "--json")
    assert result.code == 0, result.err
    (entry,) = json.loads(result.out)["files"]
    assert entry["status"] == "imported" and entry["format"] == "text"
