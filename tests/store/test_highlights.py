"""Highlights: passages marked without a note, in their own table, listed and exported as notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import open_library
from store.errors import NotFound
from store.export import ExportScope, collect, import_notes, render
from store.export.json_doc import to_document
from store.notes import add_note, delete_note, list_notes

S1 = "c3398b5e8e-1"


def test_highlights_live_in_their_own_table_and_list_with_notes(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    h = add_note(lib, S1, 0, "ignored", ["ignored"], quote="寒风冬雨", kind="highlight")
    n = add_note(lib, S1, 0, "一条笔记")
    assert h.kind == "highlight" and h.text == "" and h.tags == () and h.quote == "寒风冬雨"
    assert [r["id"] for r in lib.user.table("highlights").all()] == [h.id]
    assert [r["id"] for r in lib.user.table("notes").all()] == [n.id]
    assert {e.note.id for e in list_notes(lib)} == {h.id, n.id}
    assert [e.note.id for e in list_notes(lib, kind="highlight")] == [h.id]
    assert [e.note.id for e in list_notes(lib, kind="note")] == [n.id]
    delete_note(lib, h.id)
    assert lib.user.table("highlights").all() == []
    with pytest.raises(NotFound):
        delete_note(lib, h.id)


def test_highlights_export_in_every_format_and_come_back(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "a")
    add_note(lib, S1, 0, "", quote="寒风冬雨", kind="highlight")
    doc = collect(lib, ExportScope())
    for fmt in ("md", "json", "csv", "html"):
        assert "寒风冬雨" in render(fmt, doc), fmt
    data = to_document(doc)
    (row,) = data["notes"]
    assert row["kind"] == "highlight" and row["text"] == ""
    other = open_library(tmp_path / "b")
    counts = import_notes(other, data)
    assert counts.notes_added == 1
    (entry,) = list_notes(other, kind="highlight")
    assert entry.note.quote == "寒风冬雨" and not entry.detached
    assert other.user.table("notes").all() == []
    assert import_notes(other, data).notes_skipped == 1
