"""`briefing bookmark|bookmarks|note|notes|export` as a user would run them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def first_section(run_cli) -> str:
    data = json.loads(run_cli("list", "--json").out)
    return data["briefings"][0]["sections"][0]["id"]


def test_bookmark_add_list_rm(run_cli) -> None:
    sid = first_section(run_cli)
    added = run_cli("bookmark", "add", sid, "--block", "2", "--label", "重点 [bold]x[/]")
    assert added.code == 0, added.err
    bm_id = added.out.split()[0]
    section_mark = run_cli("bookmark", "add", sid)
    assert section_mark.code == 0 and "whole section" in section_mark.out
    listed = json.loads(run_cli("bookmarks", "--json").out)["bookmarks"]
    # --block takes the reader's ¶ number; JSON keeps the 0-based index and adds the place.
    assert [b["block"] for b in listed] == [None, 1]  # newest first
    assert [b["place"] for b in listed] == ["whole section", "¶ 2"]
    assert [b["paragraph"] for b in listed] == [None, 2]
    assert listed[1]["label"] == "重点 [bold]x[/]" and listed[1]["detached"] is False
    assert listed[1]["section"]["id"] == sid
    plain = run_cli("bookmarks").out
    assert "重点 [bold]x[/]" in plain and bm_id in plain  # piped: plain text, markup untouched
    assert run_cli("bookmark", "rm", bm_id).code == 0
    assert len(json.loads(run_cli("bookmarks", "--json").out)["bookmarks"]) == 1


def test_bookmark_errors_are_one_line(run_cli) -> None:
    sid = first_section(run_cli)
    missing = run_cli("bookmark", "add", "nope-1")
    assert missing.code == 1 and missing.err.count("\n") == 1 and "no section" in missing.err
    bad_block = run_cli("bookmark", "add", sid, "--block", "9999")
    assert bad_block.code == 1 and "there is no ¶ 9999" in bad_block.err
    assert run_cli("bookmark", "rm", "b-nope").code == 1
    usage = run_cli("bookmark", "add", sid, "--block", "two")
    assert usage.code == 2


def test_note_add_list_filter_rm(run_cli) -> None:
    sid = first_section(run_cli)
    read = json.loads(run_cli("read", sid, "--json").out)
    text = read["blocks"][1]["text"]
    added = run_cli(
        "note", "add", sid, "有意思", "--block", "2", "--tag", "衡阳", "--quote", text[2:8]
    )
    assert added.code == 0, added.err
    note_id = added.out.split()[0]
    run_cli("note", "add", sid, "第二条", "--block", "3", "--tag", "其他")
    notes = json.loads(run_cli("notes", "--json").out)["notes"]
    assert [n["text"] for n in notes] == ["有意思", "第二条"]
    assert notes[0]["quote"] == text[2:8] and notes[0]["quote_start"] == 2
    assert notes[0]["tags"] == ["衡阳"] and notes[0]["section"]["headline"] == read["headline"]
    tagged = json.loads(run_cli("notes", "--json", "--tag", "衡阳").out)["notes"]
    assert [n["id"] for n in tagged] == [note_id]
    plain = run_cli("notes").out
    assert read["headline"] in plain and "#衡阳" in plain and "有意思" in plain
    assert run_cli("note", "rm", note_id).code == 0
    assert [n["text"] for n in json.loads(run_cli("notes", "--json").out)["notes"]] == ["第二条"]


def test_note_errors(run_cli) -> None:
    sid = first_section(run_cli)
    quote = run_cli("note", "add", sid, "x", "--block", "1", "--quote", "绝不存在的句子")
    assert quote.code == 1 and "does not contain" in quote.err
    assert run_cli("note", "add", sid, "x").code == 2  # --block is required
    assert run_cli("note", "add", sid, "x", "--block", "-1").code == 2  # not a place
    assert run_cli("note", "add", sid, "x", "--block", "0").code == 1  # there is no ¶ 0
    assert run_cli("note", "rm", "n-nope").code == 1


def test_export_formats_to_stdout_and_file(run_cli, tmp_path: Path) -> None:
    sid = first_section(run_cli)
    run_cli("note", "add", sid, "<script>alert(1)</script>", "--block", "1", "--tag", "t")
    run_cli("bookmark", "add", sid, "--block", "4")
    md = run_cli("export")
    assert md.code == 0 and md.out.startswith("---\n") and "\\<script\\>" in md.out
    data = json.loads(run_cli("export", "--format", "json").out)
    assert len(data["notes"]) == 1 and len(data["bookmarks"]) == 1
    rows = list(csv.reader(io.StringIO(run_cli("export", "-f", "csv").out.lstrip("\ufeff"))))
    assert rows[0][0] == "Highlight" and len(rows) == 2
    page = run_cli("export", "-f", "html").out
    assert "<script>" not in page and "&lt;script&gt;" in page
    target = tmp_path / "out.md"
    wrote = run_cli("export", "-o", str(target))
    assert wrote.code == 0

    def undated(text: str) -> list[str]:
        return [line for line in text.split("\n") if not line.startswith("exported: ")]

    assert undated(target.read_text(encoding="utf-8")) == undated(md.out)
    again = run_cli("export", "-o", str(target))
    assert again.code == 1 and "exists" in again.err
    assert run_cli("export", "-o", str(target), "--force", "--tag", "none").code == 0
    assert "notes: 0" in target.read_text(encoding="utf-8")
    assert run_cli("export", "--briefing", "0000000000").code == 1
    assert run_cli("export", "--format", "pdf").code == 2


def test_notes_import_restores_into_another_store(run_cli, tmp_path: Path) -> None:
    sid = first_section(run_cli)
    run_cli("note", "add", sid, "迁移", "--block", "1")
    run_cli("bookmark", "add", sid)
    dump = tmp_path / "notes.json"
    assert run_cli("export", "-f", "json", "-o", str(dump)).code == 0
    other = tmp_path / "other"
    result = run_cli("notes", "import", str(dump), store=other)
    assert result.code == 0, result.err
    assert "2 added" in result.out and "0 detached" in result.out
    again = run_cli("notes", "import", str(dump), store=other)
    assert "0 added" in again.out and "2 already there" in again.out
    assert [
        n["text"] for n in json.loads(run_cli("notes", "--json", store=other).out)["notes"]
    ] == ["迁移"]
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")
    failed = run_cli("notes", "import", str(broken))
    assert failed.code == 1 and failed.err.count("\n") == 1


def test_note_edit_changes_text_tags_and_quote(run_cli) -> None:
    sid = first_section(run_cli)
    text = json.loads(run_cli("read", sid, "--json").out)["blocks"][3]["text"]
    note_id = run_cli("note", "add", sid, "初稿", "--block", "4", "--tag", "旧").out.split()[0]
    edited = run_cli("note", "edit", note_id, "定稿\n第二行", "--tag", "甲", "--tag", "#乙")
    assert edited.code == 0, edited.err
    (note,) = json.loads(run_cli("notes", "--json").out)["notes"]
    assert note["text"] == "定稿\n第二行" and note["tags"] == ["甲", "乙"]
    assert note["quote"] == text  # untouched: still the whole block
    assert run_cli("note", "edit", note_id, "--quote", "建滔化工").code == 0
    (note,) = json.loads(run_cli("notes", "--json").out)["notes"]
    start = text.index("建滔化工")
    assert (note["quote"], note["quote_start"], note["quote_end"]) == (
        "建滔化工",
        start,
        start + 4,
    )
    assert note["text"] == "定稿\n第二行" and note["tags"] == ["甲", "乙"]  # kept
    assert run_cli("note", "edit", note_id, "--whole", "--no-tags").code == 0
    (note,) = json.loads(run_cli("notes", "--json").out)["notes"]
    assert note["quote"] == text and note["quote_start"] is None and note["tags"] == []


def test_note_edit_and_add_refuse_bad_input_in_one_line(run_cli) -> None:
    sid = first_section(run_cli)
    note_id = run_cli("note", "add", sid, "有字", "--block", "1").out.split()[0]
    cases = [
        (("note", "edit", "n-nope", "x"), "no note"),
        (("note", "edit", note_id), "nothing to change"),
        (("note", "edit", note_id, "--quote", "不在这段里的话"), "does not contain"),
        (("note", "edit", note_id, ""), "would be empty"),
        (("note", "edit", note_id, "x", "--tag", "a", "--no-tags"), "not both"),
        (("note", "add", sid, "  ", "--block", "1"), "the note is empty"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.code == 1, args
        assert message in result.err and result.err.count("\n") == 1, (args, result.err)
    (note,) = json.loads(run_cli("notes", "--json").out)["notes"]
    assert note["text"] == "有字"
    tag_only = run_cli("note", "add", sid, "", "--block", "2", "--tag", "待读")
    assert tag_only.code == 0  # a tag alone is a note
    listed = run_cli("notes").out
    assert "#待读" in listed and "\n      \n" not in listed  # no blank text line


def test_filters_that_match_nothing_say_so(run_cli) -> None:
    sid = first_section(run_cli)
    run_cli("note", "add", sid, "一条", "--block", "1")
    assert run_cli("notes", "--tag", "没有").out.strip() == "No notes match."
    wrong = run_cli("notes", "--briefing", "0000000000")
    assert wrong.code == 1 and "no briefing" in wrong.err
    run_cli("bookmark", "add", sid)
    assert run_cli("bookmarks", "--search", "没有").out.strip() == "No bookmarks match."


def test_export_into_a_folder_uses_the_default_name_and_a_normal_mode(
    run_cli, tmp_path: Path
) -> None:
    import datetime
    import os

    sid = first_section(run_cli)
    run_cli("note", "add", sid, "导出", "--block", "1")
    run_cli("bookmark", "add", sid)
    folder = tmp_path / "out"
    folder.mkdir()
    old = os.umask(0o022)
    try:
        result = run_cli("export", "-f", "csv", "-o", str(folder))
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    day = datetime.datetime.now().strftime("%Y%m%d")
    path = folder / f"briefing-notes-{day}.csv"
    # Readwise's CSV holds notes only, and the message counts what was written.
    assert "wrote 1 note (CSV holds no bookmarks: 1 left out) to" in result.err
    assert str(path) in result.err
    md = run_cli("export", "-f", "md", "-o", str(folder / "x.md"))
    assert "wrote 1 note and 1 bookmark to" in md.err
    assert path.read_bytes().startswith(b"\xef\xbb\xbfHighlight,")
    assert path.stat().st_mode & 0o777 == 0o644  # not the temp file's private 0600
    missing = run_cli("export", "-o", str(tmp_path / "nope" / "x.md"))
    assert missing.code == 1 and "does not exist" in missing.err
    assert "previous file is intact" not in missing.err


def test_one_numbering_from_the_option_to_every_output(run_cli) -> None:
    # The seed's first section has a photo caption after its 22nd paragraph.
    sid = first_section(run_cli)
    blocks = json.loads(run_cli("read", sid, "--json").out)["blocks"]
    caption = next(i for i, b in enumerate(blocks) if b["type"] == "caption")
    assert blocks[caption]["place"] == "caption 1" and blocks[caption]["paragraph"] is None
    after = blocks[caption + 1]
    assert after["place"] == f"¶ {caption + 1}" and after["paragraph"] == caption + 1
    added = run_cli("note", "add", sid, "图后第一段", "--block", str(caption + 1))
    assert added.code == 0 and f"noted {sid} ¶ {caption + 1}" in added.out
    on_caption = run_cli("bookmark", "add", sid, "--block", "caption 1")
    assert on_caption.code == 0 and "caption 1" in on_caption.out
    (note,) = json.loads(run_cli("notes", "--json").out)["notes"]
    assert note["block"] == caption + 1 and note["place"] == f"¶ {caption + 1}"
    assert note["quote"] == after["text"]
    assert f"¶ {caption + 1}" in run_cli("notes").out
    assert "caption 1" in run_cli("bookmarks").out
    assert f"¶ {caption + 1}" in run_cli("export").out


def test_read_state_goes_out_and_comes_back_and_both_say_so(run_cli, tmp_path: Path) -> None:
    sid = first_section(run_cli)
    assert run_cli("mark", "read", sid).code == 0
    dump = tmp_path / "read.json"
    out = run_cli("export", "-f", "json", "-o", str(dump))
    assert out.code == 0
    assert "0 notes and 0 bookmarks, with the read sections of 1 briefing" in out.err
    other = tmp_path / "other"
    result = run_cli("notes", "import", str(dump), store=other)
    assert result.code == 0, result.err
    assert "1 section marked read" in result.out
    listed = json.loads(run_cli("list", "--json", store=other).out)["briefings"]
    assert [s["id"] for b in listed for s in b["sections"] if s["read"]] == [sid]
    again = run_cli("notes", "import", str(dump), store=other)
    assert "0 sections marked read, 1 read already" in again.out  # nothing changed
    run_cli("rm", "--yes", sid.rpartition("-")[0], store=other)
    gone = run_cli("notes", "import", str(dump), store=other)
    assert gone.code == 0, gone.err
    assert "the read sections of 1 briefing not in this library were left out" in gone.out
    md = run_cli("export", "-o", str(tmp_path / "notes.md"))
    assert "read sections" not in md.err  # Markdown carries no read state
