"""Guarantee 3: damaged, foreign or newer store files are named, never overwritten, and
`briefing doctor --repair` moves them aside, rebuilds what it can and salvages user rows."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from reliability_helpers import one_line, store_hashes

from store import open_library
from store.bookmarks import add_bookmark
from store.catalog import Catalog
from store.doctor import check_library, repair_library, salvage, shapes
from store.notes import add_note

BROKEN = re.compile(r"\.broken-\d{8}T\d{6}$")


def _bump(raw: bytes) -> bytes:
    data = json.loads(raw)
    data.setdefault("meta", {})["1"] = {"schema": 99}
    return json.dumps(data, ensure_ascii=False).encode()


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "not-json": lambda raw: b"\x00\xff\xfe garbage \x1b[31m",
    "wrong-shape": lambda raw: (
        b'{"meta": {"1": {"schema": 1}}, "briefings": [1, 2], '
        b'"sections": {"1": {"id": 3}}, "notes": {"1": {"text": "no id"}}}'
    ),
    "foreign": lambda raw: b'{"_default": {"1": {"name": "someone else\'s TinyDB"}}}',
    "newer": _bump,
}
EXPECT = {
    "truncated": "not valid JSON",
    "empty": "empty",
    "not-json": "not valid JSON",
    "wrong-shape": "",
    "foreign": "",
    "newer": "newer",
}


def _files(home: Path) -> dict[str, Path]:
    shard = next((home / "sections").glob("*.json"))
    return {"catalog": home / "catalog.json", "sections": shard, "user": home / "user.json"}


def _command(which: str, home: Path) -> tuple[str, ...]:
    if which == "sections":
        return ("read", _files(home)["sections"].stem + "-1")
    if which == "user":
        return ("notes",)  # reading goes on without the user file; its notes cannot
    return ("list",)


@pytest.fixture
def marked(home: Path) -> Path:
    """The seeded library with two notes and a bookmark in the user file."""
    lib = open_library(home)
    sid = lib.section_heads()[0].id
    add_note(lib, sid, 1, "第一条 [bold]笔记[/]", ["衡阳"])
    add_note(lib, sid, 2, "第二条")
    add_bookmark(lib, sid, 3, label="书签")
    return home


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("which", ["catalog", "sections", "user"])
def test_damaged_file_is_named_in_one_line_and_left_alone(
    marked: Path, run_cli, which: str, damage: str
) -> None:
    path = _files(marked)[which]
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    before = store_hashes(marked)
    result = run_cli(*_command(which, marked))
    assert result.code == 1, result.out
    assert one_line(result.err), result.err
    assert str(path) in result.err and EXPECT[damage] in result.err
    assert "\x1b" not in result.err
    doctor = run_cli("doctor")
    assert doctor.code == 1
    assert path.name in doctor.out and ("too-new" if damage == "newer" else "problem") in doctor.out
    assert store_hashes(marked) == before  # neither the command nor the check wrote


@pytest.mark.parametrize("damage", sorted(set(DAMAGE) - {"newer"}))
@pytest.mark.parametrize("which", ["catalog", "sections", "user"])
def test_repair_moves_aside_and_rebuilds(marked: Path, run_cli, which: str, damage: str) -> None:
    lib = open_library(marked)
    listing = [(b.id, [s.id for s in lib.heads(b.id)]) for b in lib.briefings()]
    section = lib.section(listing[0][1][0])
    notes_before = sorted(r["id"] for r in lib.user.table("notes").all())
    path = _files(marked)[which]
    broken = DAMAGE[damage](path.read_bytes())
    path.write_bytes(broken)

    result = run_cli("doctor", "--repair")
    assert result.code == 0, result.out + result.err
    assert "repaired" in result.out
    aside = [p for p in path.parent.iterdir() if BROKEN.search(p.name)]
    assert len(aside) == 1 and aside[0].name.startswith(path.name + ".broken-")
    assert aside[0].read_bytes() == broken  # nothing is discarded
    assert all(f.problem is None for f in check_library(marked))

    again = open_library(marked)
    assert [(b.id, [s.id for s in again.heads(b.id)]) for b in again.briefings()] == listing
    assert again.section(section.id) == section
    notes_after = sorted(r["id"] for r in again.user.table("notes").all())
    if which != "user" or damage in ("not-json", "empty", "foreign"):
        expected = notes_before if which != "user" else []
        assert notes_after == expected
    elif damage == "truncated":
        assert set(notes_after) <= set(notes_before)
    assert run_cli("list").code == 0


@pytest.mark.parametrize("which", ["catalog", "sections", "user"])
def test_repair_never_touches_a_newer_file(marked: Path, run_cli, which: str) -> None:
    path = _files(marked)[which]
    path.write_bytes(_bump(path.read_bytes()))
    before = path.read_bytes()
    result = run_cli("doctor", "--repair")
    assert result.code == 1
    assert "too-new" in result.out and "upgrade briefing" in result.out
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if BROKEN.search(p.name)]


def test_user_rows_are_salvaged_from_a_truncated_file(home: Path) -> None:
    lib = open_library(home)
    sid = lib.section_heads()[0].id
    for n in range(30):
        add_note(lib, sid, n % 5, f'笔记{n} “引号” \\ "quote" }}{{ [/]')
    originals = {r["id"]: dict(r) for r in lib.user.table("notes").all()}
    raw = (home / "user.json").read_bytes()
    cut = int(len(raw) * 0.6)
    (home / "user.json").write_bytes(raw[:cut])
    complete_before_cut = [i for i in originals if raw.find(f'"id": "{i}"'.encode()) + 600 < cut]
    findings = repair_library(home)
    assert any(f.kind == "user" and f.fixed for f in findings)
    got = {r["id"]: dict(r) for r in open_library(home).user.table("notes").all()}
    assert got and all(got[i] == originals[i] for i in got)  # recovered rows are exact
    assert set(complete_before_cut) <= set(got)
    assert len(got) < len(originals)


def test_salvage_skips_a_damaged_middle_and_keeps_rows_on_both_sides() -> None:
    doc = {
        "meta": {"1": {"schema": 1}},
        "notes": {
            str(n): {"id": f"n{n}", "section_id": "a-1", "text": "x" * 40} for n in range(1, 21)
        },
        "bookmarks": {"1": {"id": "b1", "section_id": "a-1", "block": None}},
    }
    raw = bytearray(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    mid = raw.find(b'"n10"')
    raw[mid - 30 : mid + 60] = b"\x00" * 90
    found = salvage(bytes(raw), ("notes", "bookmarks"))
    ids = {r["id"] for r in found["notes"].values()}
    assert "n1" in ids and "n20" in ids and "n10" not in ids
    assert len(ids) >= 17
    assert found["bookmarks"] == {"1": doc["bookmarks"]["1"]}


def test_catalog_rebuild_keeps_order_and_does_not_bring_back_a_deleted_seed(
    home: Path, run_cli
) -> None:
    lib = open_library(home)
    seed = lib.briefings()[0].id
    text = home.parent / "x.txt"
    from reliability_helpers import REPO

    text.write_text(
        (REPO / "content" / "hunan-daily.txt").read_text(encoding="utf-8") + "\n\n又一段。\n",
        encoding="utf-8",
    )
    other = lib.import_file(text).briefing.id
    lib.delete_briefing(seed)
    (home / "catalog.json").write_bytes(b"{")
    assert run_cli("doctor", "--repair").code == 0
    again = open_library(home)  # seeding must not come back
    assert [b.id for b in again.briefings()] == [other]
    assert again.briefings()[0].title == "x"


def test_missing_and_leftover_section_files(home: Path, run_cli) -> None:
    lib = open_library(home)
    seed = lib.briefing(lib.briefings()[0].id)
    shard = home / "sections" / f"{seed.id}.json"
    copy = home / "sections" / "abcdef0123.json"
    data = json.loads(shard.read_text(encoding="utf-8"))
    for row in data["sections"].values():
        row["id"] = row["id"].replace(seed.id, "abcdef0123")
        row["briefing_id"] = "abcdef0123"
    copy.write_text(json.dumps(data), encoding="utf-8")
    check = run_cli("doctor")
    assert check.code == 0 and "leftover" in check.out  # harmless, reported
    shard.unlink()
    check = run_cli("doctor")
    assert check.code == 1 and "has no section file" in check.out
    assert run_cli("doctor", "--repair").code == 0
    again = open_library(home)
    assert [b.id for b in again.briefings()] == [seed.id]  # the shipped one, imported again
    assert again.section(f"{seed.id}-1").headline == seed.sections[0].headline
    assert not copy.exists() and list((home / "sections").glob("abcdef0123.json.leftover-*"))


def test_doctor_json_and_missing_folder(run_cli, tmp_path: Path) -> None:
    data = json.loads(run_cli("doctor", "--json").out)
    assert data["ok"] is True and {f["kind"] for f in data["files"]} >= {"catalog", "user"}
    nowhere = tmp_path / "nowhere"
    result = run_cli("doctor", store=nowhere)
    assert result.code == 1 and "does not exist" in result.out
    assert not nowhere.exists()


def test_unreadable_files_are_reported_and_never_moved(
    marked: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shapes.read_regular
    blocked = {marked / "catalog.json", marked / "user.json"}

    def denied(path: Path) -> bytes:
        if path in blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    before = store_hashes(marked)
    monkeypatch.setattr(shapes, "read_regular", denied)  # root ignores chmod 000
    result = run_cli("doctor", "--repair")
    monkeypatch.undo()
    assert result.code == 1
    assert result.out.count("cannot be read: permission denied") == 2
    assert store_hashes(marked) == before


@pytest.mark.parametrize("damage", ["truncated", "not-json", "newer"])
def test_writes_refuse_to_touch_a_damaged_user_file(marked: Path, run_cli, damage: str) -> None:
    path = marked / "user.json"
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    before = store_hashes(marked)
    sid = Catalog(marked).rows()[0]["id"] + "-1"
    for args in (("note", "add", sid, "新笔记", "--block", "1"), ("bookmark", "add", sid)):
        result = run_cli(*args)
        assert result.code == 1 and one_line(result.err) and str(path) in result.err
    assert store_hashes(marked) == before


def test_temp_file_of_an_interrupted_write_is_harmless_and_cleaned(home: Path, run_cli) -> None:
    temp = home / ".user.json.k3j2x.tmp"
    temp.write_bytes(b'{"half": ')
    check = run_cli("doctor")
    assert check.code == 0 and "leftover" in check.out and temp.name in check.out
    assert run_cli("doctor", "--repair").code == 0
    assert not temp.exists()


def test_import_and_rm_leave_a_crashed_writer_s_temp_files_to_the_next_command(
    home: Path, run_cli, tmp_path: Path
) -> None:
    # Listing the section and head folders costs an import or a delete of one briefing more
    # than its own work; the files are harmless, and `briefing list` removes them.
    stray = [home / "sections" / ".0123456789.json.k3j2x.tmp", home / "heads" / ".01.json.7.tmp"]
    for path in stray:
        path.write_bytes(b'{"half": ')
    page = tmp_path / "page.txt"
    page.write_text("第一版要闻\n\n园区新引进项目\n\n本报讯 园区今年新引进项目五个。\n", "utf-8")
    imported = run_cli("import", "--json", str(page))
    assert imported.code == 0 and all(p.exists() for p in stray)
    bid = json.loads(imported.out)["files"][0]["briefing_id"]
    assert run_cli("rm", "--yes", bid).code == 0 and all(p.exists() for p in stray)
    assert run_cli("list").code == 0 and not any(p.exists() for p in stray)


def test_a_large_library_counts_its_fine_files_and_names_the_damaged_one(
    home: Path, run_cli
) -> None:
    from tui.cli import doctor_cmd

    lib = open_library(home)
    seed = lib.briefings()[0].id
    for n in range(doctor_cmd.SHOWN_FINE):
        lib.import_text(f"第{n}篇\n\n正文{n}。\n", origin=f"p{n}.txt")
    broken = home / "sections" / f"{seed}.json"
    broken.write_bytes(b"{")
    check = run_cli("doctor")
    lines = check.out.splitlines()
    assert check.code == 1
    assert lines[1].startswith("problem") and broken.name in lines[1]
    fine = [line for line in lines if line.startswith("ok")]
    assert len(fine) == 1 and "other files (--all names them)" in fine[0]
    assert len(lines) == 4  # the library, the problem, the count, the summary
    every = run_cli("doctor", "--all").out.splitlines()
    assert len([line for line in every if line.startswith("ok")]) == int(fine[0].split()[1])
