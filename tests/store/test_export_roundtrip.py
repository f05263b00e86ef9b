"""JSON export and import: restore into another store, skip duplicates, keep detached notes."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import ImportFailure, Library, open_library
from store.bookmarks import add_bookmark, list_bookmarks
from store.embedded import CONTENT_DIR
from store.export import ExportScope, export_text, import_notes, write_export
from store.notes import add_note, block_text, list_notes

NOW = datetime(2024, 5, 2, tzinfo=UTC)
T0 = datetime(2024, 5, 1, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded library folder to copy (seeding once keeps the property test quick)."""
    home = tmp_path_factory.mktemp("seed") / "lib"
    open_library(home)
    return home


def fresh(seeded: Path, where: Path) -> Library:
    shutil.copytree(seeded, where)
    return open_library(where)


def blocks_of(lib: Library) -> list[tuple[str, int, str]]:
    return [
        (s.id, i, block_text(b))
        for s in lib.iter_sections()
        for i, b in enumerate(s.blocks)
        if block_text(b)
    ]


tags = st.lists(st.sampled_from(["衡阳", "产业", "a b", "#x", "环保"]), max_size=3)
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), seed_into_target=st.booleans())
def test_export_import_export_is_identical(
    seeded: Path,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
    seed_into_target: bool,
) -> None:
    root = tmp_path_factory.mktemp("rt")
    lib = fresh(seeded, root / "a")
    places = blocks_of(lib)
    for _ in range(data.draw(st.integers(0, 5))):
        sid, block, text = data.draw(st.sampled_from(places))
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        span = data.draw(st.sampled_from([None, (start, end)]))
        add_note(lib, sid, block, data.draw(texts), data.draw(tags), span=span, now=T0)
    for _ in range(data.draw(st.integers(0, 3))):
        sid, block, _ = data.draw(st.sampled_from(places))
        add_bookmark(lib, sid, data.draw(st.sampled_from([None, block])), now=T0)
    first = export_text(lib, "json", now=NOW)
    target = fresh(seeded, root / "b") if seed_into_target else open_library(root / "b", seed=False)
    counts = import_notes(target, json.loads(first))
    doc = json.loads(first)
    assert counts.notes_added == len(doc["notes"]) and counts.skipped == 0
    assert counts.bookmarks_added == len(doc["bookmarks"])
    assert counts.detached == (0 if seed_into_target else counts.added)
    assert export_text(target, "json", now=NOW) == first
    # Importing the same document again adds nothing.
    again = import_notes(target, json.loads(first))
    assert again.added == 0 and again.skipped == counts.added


def test_import_from_file_matches_briefing_by_content(seeded: Path, tmp_path: Path) -> None:
    lib = fresh(seeded, tmp_path / "a")
    section = lib.section_heads()[0].id
    add_note(lib, section, 1, "一条笔记", ["衡阳"], now=T0)
    add_bookmark(lib, section, 2, "书签", now=T0)
    path = write_export(tmp_path / "notes.json", export_text(lib, "json", now=NOW))
    # A store where the briefing was imported from the file rather than seeded.
    other = open_library(tmp_path / "b", seed=False)
    counts = import_notes(other, path)
    assert (counts.added, counts.detached) == (2, 2)
    other.import_file(CONTENT_DIR / "hunan-daily.txt")
    (entry,) = list_notes(other)
    assert not entry.detached and entry.note.text == "一条笔记"
    assert not list_bookmarks(other)[0].detached


def test_scopes_select_notes(seeded: Path, tmp_path: Path) -> None:
    lib = fresh(seeded, tmp_path / "a")
    section = lib.section_heads()[0].id
    a = add_note(lib, section, 1, "甲", ["x"], now=T0)
    b = add_note(lib, section, 2, "乙", ["y"], now=T0)
    add_bookmark(lib, section, 3, now=T0)

    def ids(scope: ExportScope) -> tuple[list[str], int]:
        doc = json.loads(export_text(lib, "json", scope, now=NOW))
        return [n["id"] for n in doc["notes"]], len(doc["bookmarks"])

    assert ids(ExportScope()) == ([a.id, b.id], 1)
    assert ids(ExportScope(tag="y")) == ([b.id], 0)
    assert ids(ExportScope(note_ids=(b.id, a.id))) == ([b.id, a.id], 0)
    briefing = lib.briefings()[0].id
    assert ids(ExportScope(briefing_id=briefing)) == ([a.id, b.id], 1)
    assert ids(ExportScope(briefing_id="0000000000")) == ([], 0)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"format": "other"}, "not a briefing-notes document"),
        ({"format": "briefing-notes", "version": 99}, "newer"),
        ({"format": "briefing-notes", "version": 1, "notes": {}}, "not a list"),
    ],
)
def test_import_rejects_other_documents(seeded: Path, tmp_path: Path, doc, message) -> None:
    lib = fresh(seeded, tmp_path / "a")
    with pytest.raises(ImportFailure, match=message):
        import_notes(lib, doc)


def test_import_rejects_unreadable_files(seeded: Path, tmp_path: Path) -> None:
    lib = fresh(seeded, tmp_path / "a")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(ImportFailure, match="not a JSON notes export"):
        import_notes(lib, bad)
    with pytest.raises(ImportFailure, match="cannot read"):
        import_notes(lib, tmp_path / "missing.json")


def test_import_skips_malformed_rows(seeded: Path, tmp_path: Path) -> None:
    lib = fresh(seeded, tmp_path / "a")
    doc = {
        "format": "briefing-notes",
        "version": 1,
        "notes": [
            {"id": "n1"},
            "text",
            {"id": "n2", "briefing_id": "x", "section_id": "x-1", "block": -3},
        ],
        "bookmarks": [None],
    }
    assert import_notes(lib, doc).added == 0
    assert list_notes(lib) == []


def test_write_export_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_export(path, "一\n")
    with pytest.raises(FileExistsError, match="exists"):
        write_export(path, "二\n")
    assert path.read_text(encoding="utf-8") == "一\n"
    write_export(path, "二\n", force=True)
    assert path.read_text(encoding="utf-8") == "二\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]  # no temp file left


def test_json_export_keeps_joiners_of_emoji_in_notes(tmp_path: Path) -> None:
    lib = open_library(home=tmp_path / "a")
    family = "一家👨\u200d👩\u200d👧 \u202e反转"
    add_note(lib, lib.section_heads()[0].id, 1, family, ["家\u200d庭"])
    other = open_library(home=tmp_path / "b")
    import_notes(other, json.loads(export_text(lib, "json")))
    (entry,) = list_notes(other)
    assert entry.note.text == "一家👨\u200d👩\u200d👧 反转"  # the bidi override still goes
    assert entry.note.tags == ("家\u200d庭",)
