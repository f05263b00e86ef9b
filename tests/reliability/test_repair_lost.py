"""`briefing doctor --repair` names each imported briefing it could not keep, and the file to
import again to get it back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import open_library

DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "not-json": lambda raw: b"\x00\xff\xfe garbage \x1b[31m",
}


@pytest.mark.parametrize("damage", ["truncated", "empty", "not-json", "gone"])
def test_repair_names_an_imported_briefing_it_could_not_keep(
    home: Path, run_cli, damage: str
) -> None:
    lib = open_library(home)
    kept = lib.import_text("另一篇\n\n正文。\n", origin="kept.txt").briefing
    lost = lib.import_text(
        "人民日报 2019年3月4日\n\n标题\n\n正文。\n", origin="页 [x].txt"
    ).briefing
    shard = home / "sections" / f"{lost.id}.json"
    if damage == "gone":
        shard.unlink()
    else:
        shard.write_bytes(DAMAGE[damage](shard.read_bytes()))

    result = run_cli("doctor", "--repair")
    assert result.code == 0, result.out + result.err
    (line,) = [x for x in result.out.splitlines() if shard.name in x]
    assert line.startswith("repaired")
    assert f"“{lost.title}” (2019-03-04, 人民日报, from 页 [x].txt) left the library" in line
    assert line.endswith("import 页 [x].txt again to get it back")
    assert result.out.splitlines()[-1].endswith("; 1 briefing left the library (named above)")
    assert kept.id not in result.out.split(shard.name)[0]  # only the lost one is named

    data = json.loads(run_cli("doctor", "--json").out)
    assert all(f["lost"] is None for f in data["files"])  # a check loses nothing
    again = open_library(home)
    assert [b.id for b in again.briefings() if b.id in (kept.id, lost.id)] == [kept.id]


def test_repair_json_names_the_lost_briefing_and_a_shipped_one_is_not_lost(
    home: Path, run_cli
) -> None:
    lib = open_library(home)
    seed = lib.briefings()[0].id
    lost = lib.import_text("第一篇\n\n正文。\n").briefing  # no origin, no date
    for b in (seed, lost.id):
        (home / "sections" / f"{b}.json").write_bytes(b"{")
    data = json.loads(run_cli("doctor", "--repair", "--json").out)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert by_name[f"{seed}.json"]["lost"] is None
    assert "imported again" in by_name[f"{seed}.json"]["action"]
    found = by_name[f"{lost.id}.json"]["lost"]
    assert found == {
        "id": lost.id,
        "title": lost.title,
        "date": None,
        "source": None,
        "origin": None,
    }
    assert by_name[f"{lost.id}.json"]["action"].endswith(
        f"briefing “{lost.title}” left the library: import its file again to get it back"
    )


def test_a_lost_briefing_is_named_from_its_own_file_when_the_catalog_is_lost_too(
    home: Path, run_cli
) -> None:
    lib = open_library(home)
    lost = lib.import_text("人民日报 2019年3月4日\n\n标题\n\n正文。\n", origin="a.txt").briefing
    shard = home / "sections" / f"{lost.id}.json"
    raw = shard.read_bytes()
    assert raw.index(b'"briefing"') < raw.index(b'"sections"')  # its own row comes first
    shard.write_bytes(raw[: raw.index(b'"sections"') + 12])  # its sections cut off
    (home / "catalog.json").write_bytes(b"{")
    (home / "catalog.journal").unlink(missing_ok=True)

    result = run_cli("doctor", "--repair")
    assert result.code == 0, result.out + result.err
    (line,) = [x for x in result.out.splitlines() if shard.name in x]
    assert f"“{lost.title}” (2019-03-04, 人民日报, from a.txt) left the library" in line


def test_a_lost_briefing_read_from_standard_input_names_no_file(home: Path, run_cli) -> None:
    from store.importing import STDIN_ORIGIN

    lib = open_library(home)
    lost = lib.import_text("第一篇\n\n正文。\n", origin=STDIN_ORIGIN).briefing
    (home / "sections" / f"{lost.id}.json").write_bytes(b"{")
    result = run_cli("doctor", "--repair")
    (line,) = [x for x in result.out.splitlines() if lost.id in x]
    assert line.endswith(
        f"“{lost.title}” (read from standard input) left the library: "
        "import its text again to get it back"
    )
