"""Guarantee 2: several processes writing the same library lose nothing and never share ids."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from reliability_helpers import REPO

from store import open_library
from store.bookmarks import add_bookmark
from store.notes import add_note, list_notes

WRITER = """
import sys
sys.path.insert(0, {repo!r})
from store import open_library
from store.notes import add_note
lib = open_library({home!r}, seed=False)
section = {section!r}
sys.stdin.readline()  # start together
for n in range(250):
    add_note(lib, section, n % 5, "w{w}-" + str(n))
"""


def test_four_processes_add_250_notes_each(home: Path) -> None:
    section = open_library(home).section_heads()[0].id
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER.format(repo=str(REPO), home=str(home), section=section, w=w),
            ],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for p in procs:
        p.stdin.write("go\n")  # type: ignore[union-attr]
        p.stdin.flush()  # type: ignore[union-attr]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    rows = open_library(home).user.table("notes").all()
    assert len(rows) == 1000
    ids = Counter(r["id"] for r in rows)
    assert len(ids) == 1000, [i for i, c in ids.items() if c > 1][:5]
    assert len({r.doc_id for r in rows}) == 1000
    texts = {r["text"] for r in rows}
    assert texts == {f"w{w}-{n}" for w in range(4) for n in range(250)}


def test_a_second_library_object_sees_writes_without_reopening(home: Path) -> None:
    first, second = open_library(home), open_library(home)
    sid = first.section_heads()[0].id
    assert list_notes(second) == []
    note = add_note(first, sid, 1, "第一个对象写的")
    assert [e.note.id for e in list_notes(second)] == [note.id]
    mark = add_bookmark(second, sid, 2, label="第二个")
    assert first.user.table("bookmarks").get(doc_id=1)["id"] == mark.id  # type: ignore[index]
    second.user.set_position(sid, 4)
    assert first.user.get_position(sid) == 4
    # and ids never collide between the two handles' tables
    a = first.user.table("notes").insert({"id": "x1", "section_id": sid})
    b = second.user.table("notes").insert({"id": "x2", "section_id": sid})
    assert a != b


def test_a_second_library_sees_an_import_and_a_delete(home: Path, tmp_path: Path) -> None:
    first, second = open_library(home), open_library(home)
    text = (REPO / "content" / "hunan-daily.txt").read_text(encoding="utf-8") + "\n\n附记一段。\n"
    result = first.import_text(text, origin="copy.txt")
    assert result.briefing.id in {b.id for b in second.briefings()}
    assert second.section(f"{result.briefing.id}-1").headline
    second.delete_briefing(result.briefing.id)
    assert result.briefing.id not in {b.id for b in first.briefings()}
