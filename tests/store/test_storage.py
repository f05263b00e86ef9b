"""The safe TinyDB storage: fresh reads, atomic writes, no stale ids, corrupt files untouched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tinydb import Query

from store.errors import StoreCorrupt, StoreTooNew, WriteFailed
from store.schema import SCHEMA_VERSION, check_schema
from store.storage import atomic_write_bytes, clean_stray_temp_files, open_db


def test_written_file_is_readable_utf8_json(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.json")
    db.table("notes").insert({"text": "衡阳承接产业转移"})
    raw = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "衡阳承接产业转移" in raw  # no \u escapes
    assert json.loads(raw)["notes"]["1"]["text"] == "衡阳承接产业转移"


def test_second_handle_sees_other_writes_and_ids_do_not_collide(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    first, second = open_db(path), open_db(path)
    t1, t2 = first.table("notes"), second.table("notes")
    assert t1.all() == [] and t2.all() == []
    a = t1.insert({"n": 1})
    b = t2.insert({"n": 2})  # must not reuse id `a`, although t2 cached nothing of t1's write
    c = t1.insert({"n": 3})
    assert len({a, b, c}) == 3
    assert sorted(d["n"] for d in t1.all()) == [1, 2, 3]
    assert sorted(d["n"] for d in t2.search(Query().n >= 2)) == [2, 3]
    t2.remove(Query().n == 2)
    assert sorted(d["n"] for d in t1.search(Query().n >= 1)) == [1, 3]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b'{"notes": {"1": {"text": "x"', "not valid JSON"),
        (b"[1, 2, 3]", "top level"),
        (b'{"notes": [1]}', "table 'notes'"),
        (b'{"notes": {"1": 5}}', "row 1"),
    ],
)
def test_corrupt_file_raises_and_is_never_overwritten(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    db = open_db(path)
    with pytest.raises(StoreCorrupt, match=reason) as info:
        db.table("notes").insert({"text": "new"})
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_schema_stamped_then_newer_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    assert check_schema(open_db(path), path) == SCHEMA_VERSION
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreTooNew, match="newer"):
        check_schema(open_db(path), path)
    assert path.read_bytes() == before


def test_failed_write_leaves_previous_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.json"
    atomic_write_bytes(path, b'{"a": {}}')

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(WriteFailed, match="no space"):
        atomic_write_bytes(path, b'{"b": {}}')
    assert path.read_bytes() == b'{"a": {}}'
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_stray_temp_files_are_cleaned(tmp_path: Path) -> None:
    (tmp_path / ".user.json.abc.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "user.json").write_text("{}", encoding="utf-8")
    assert clean_stray_temp_files(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["user.json"]


def test_older_schema_is_migrated_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.schema as schema

    path = tmp_path / "old.json"
    path.write_text('{"meta": {"1": {"schema": 1}}, "notes": {"1": {"txt": "旧"}}}', "utf-8")
    ran: list[int] = []

    def rename_field(db) -> None:  # a v1 -> v2 change: `txt` became `text`
        ran.append(1)
        for doc in db.table("notes").all():
            db.table("notes").update({"text": doc["txt"]}, doc_ids=[doc.doc_id])

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 1, rename_field)
    db = open_db(path)
    assert schema.check_schema(db, path) == 2
    assert ran == [1]
    assert db.table("notes").all()[0]["text"] == "旧"
    assert json.loads(path.read_text("utf-8"))["meta"]["1"]["schema"] == 2
    assert schema.check_schema(open_db(path), path) == 2 and ran == [1]


def test_a_temp_file_is_new_owner_only_and_named_for_its_target(tmp_path: Path, monkeypatch):
    from store import storage

    target = tmp_path / "user.json"
    fd, name = storage.create_temp(target)
    os.close(fd)
    made = Path(name)
    assert made.parent == tmp_path and made.name.startswith(".user.json.")
    assert made.name.endswith(storage.TEMP_SUFFIX) and made.stat().st_mode & 0o777 == 0o600
    # A name already taken is never reused: another is drawn.
    taken, free = bytes(6), b"\x01" * 6
    draws = iter([taken, taken, free])
    monkeypatch.setattr(storage.os, "urandom", lambda n: next(draws))
    Path(tmp_path / f".user.json.{taken.hex()}{storage.TEMP_SUFFIX}").write_bytes(b"x")
    fd, again = storage.create_temp(target)
    os.close(fd)
    assert again.endswith(f".user.json.{free.hex()}{storage.TEMP_SUFFIX}")
    assert storage.clean_stray_temp_files(tmp_path) == 3
