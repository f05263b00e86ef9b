"""The index manifest's rows (a rows file, recent rows and dropped ids) against a plain model."""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from store import open_library
from store.errors import StoreCorrupt
from store.search import index, search
from store.search import rows as rows_module
from store.search.manifest import Manifest
from store.search.manifest_check import ManifestDamaged
from store.search.postings import Record
from store.search.rowsfile import RowsFile, encode, header_check

IDS = [f"{n:010x}" for n in range(12)]

# (kind, briefing index, sections, fold): put a briefing, drop one, or write and read back.
steps = st.lists(
    st.tuples(
        st.sampled_from(["put", "put", "drop", "write"]),
        st.integers(0, 3),  # few ids: the same briefing comes back often
        st.integers(0, 4),
        st.booleans(),
    ),
    max_size=40,
)


def _records(bid: str, count: int) -> list[Record]:
    return [Record(f"{bid}-{i + 1}", f"正文{i}\x1f标题", 2, []) for i in range(count)]


def _row(bid: str, n: int) -> dict[str, str]:
    return {"content_hash": f"h{bid}{n}", "imported_at": f"2024-01-{n % 28 + 1:02d}"}


def _read(folder: Path) -> Manifest:
    return Manifest.parse((folder / "index.json").read_bytes(), folder)


def _write(man: Manifest, folder: Path, fold: bool) -> Manifest:
    man.generation += 1
    man.folded(folder, force=fold)
    (folder / "index.json").write_bytes(man.to_json())
    return _read(folder)


def _expected(model: dict[str, tuple[int, int, str]]) -> dict[str, tuple[int, int, str]]:
    return dict(sorted(model.items()))


def _seen(man: Manifest) -> dict[str, tuple[int, int, str]]:
    return dict(
        sorted((bid, (i["first"], i["count"], i["hash"])) for bid, i in man.briefings.items())
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.integers(0, 6))
# A briefing of the rows file dropped, then put again: dropped and recent at once.
@example(
    [
        ("put", 0, 1, False),
        ("write", 0, 0, True),
        ("drop", 0, 0, False),
        ("put", 0, 2, False),
        ("write", 0, 0, False),
    ],
    6,
)
def test_rows_read_back_as_the_model_holds_them(ops, threshold) -> None:
    old = rows_module.FOLD_ROWS
    rows_module.FOLD_ROWS = threshold  # small: folds happen along the way, not only when asked
    try:
        with tempfile.TemporaryDirectory() as tmp:
            _check(Path(tmp), ops)
    finally:
        rows_module.FOLD_ROWS = old


def _check(folder: Path, ops: list[tuple[str, int, int, bool]]) -> None:
    man = Manifest()
    model: dict[str, tuple[int, int, str]] = {}
    deleted = BitMap()
    for n, (kind, which, count, fold) in enumerate(ops):
        bid = IDS[which]
        if kind == "put":
            man.drop_briefing(bid)
            if bid in model:
                first, old, _h = model.pop(bid)
                if old:
                    deleted.add_range(first, first + old)
            man.add_briefing(bid, man.next_ord, _records(bid, count), _row(bid, n))
            model[bid] = (man.next_ord, count, f"h{bid}{n}")
            man.next_ord += count
        elif kind == "drop":
            man.drop_briefing(bid)
            if bid in model:
                first, old, _h = model.pop(bid)
                if old:
                    deleted.add_range(first, first + old)
        else:
            man = _write(man, folder, fold)
        assert _seen(man) == _expected(model)
        assert man.deleted == deleted
        assert set(man.briefings.ids()) == set(model)
        assert man.live == sum(c for _f, c, _h in model.values())
        assert man.chars == sum(c * 5 for _f, c, _h in model.values())  # 正文N + 标题
        live = man.briefings.live()
        for bid, (first, count, _h) in model.items():
            assert bid in man.briefings
            for o in range(first, first + count):
                assert man.briefings.briefing_of(o) == bid
                assert dict(man.briefings.holding(o, bid)) == dict(man.briefings[bid])
                assert o in live
        for o in deleted:
            assert man.briefings.briefing_of(o) is None
        assert man.briefings.stamps() == {
            bid: (h, man.briefings[bid]["imported_at"]) for bid, (_f, _c, h) in model.items()
        }
    man = _write(man, folder, True)
    assert _seen(man) == _expected(model) and not man.briefings.recent
    assert not man.briefings.dropped


def _folded(tmp_path: Path) -> Manifest:
    man = Manifest()
    for n, bid in enumerate(IDS[:4]):
        man.add_briefing(bid, man.next_ord, _records(bid, 2), _row(bid, n))
        man.next_ord += 2
    return _write(man, tmp_path, True)


def test_a_rows_file_is_named_by_the_manifest_and_holds_what_was_folded(tmp_path: Path) -> None:
    man = _folded(tmp_path)
    assert man.rows_file is not None and (tmp_path / man.rows_file["name"]).is_file()
    assert not man.briefings.recent and len(man.briefings) == 4
    head = orjson.loads((tmp_path / "index.json").read_bytes())
    assert head["briefings"] == {} and head["dropped"] == []  # every row is in the file


def _damage_column(path: Path, column: str) -> None:
    raw = bytearray(path.read_bytes())
    at = raw.index(orjson.dumps(IDS[1]) if column == "ids" else b"h" + IDS[1].encode())
    raw[at + 2] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("column", ["ids", "hash"])
def test_a_damaged_rows_file_fails_its_checks(tmp_path: Path, column: str) -> None:
    man = _folded(tmp_path)
    _damage_column(tmp_path / man.rows_file["name"], column)
    with pytest.raises(ManifestDamaged, match="checksum"):
        _read(tmp_path)


def test_a_rows_file_of_another_version_counts_as_stale(tmp_path: Path) -> None:
    man = _folded(tmp_path)
    path = tmp_path / man.rows_file["name"]
    raw = bytearray(path.read_bytes())
    raw[7] = 0x09
    path.write_bytes(bytes(raw))
    with pytest.raises(ManifestDamaged) as got:
        _read(tmp_path)
    assert got.value.stale


def test_a_missing_or_replaced_rows_file_fails(tmp_path: Path) -> None:
    man = _folded(tmp_path)
    path = tmp_path / man.rows_file["name"]
    other = Manifest()
    other.add_briefing(IDS[5], 0, _records(IDS[5], 8), _row(IDS[5], 0))
    other.next_ord = 8
    path.write_bytes(encode(list(other.briefings.items())))
    with pytest.raises(ManifestDamaged):
        _read(tmp_path)
    path.unlink()
    with pytest.raises(ManifestDamaged, match="cannot be read"):
        _read(tmp_path)


def test_dropped_ids_must_be_rows_of_the_file(tmp_path: Path) -> None:
    man = _folded(tmp_path)
    man.briefings.dropped.add("ffffffffff")
    man.generation += 1
    (tmp_path / "index.json").write_bytes(man.to_json())
    with pytest.raises(ManifestDamaged, match="dropped"):
        _read(tmp_path)


def test_a_recent_row_overlapping_a_row_of_the_file_fails(tmp_path: Path) -> None:
    man = _folded(tmp_path)
    man.briefings.put(IDS[7], {"first": 1, "count": 2, "chars": 0})
    (tmp_path / "index.json").write_bytes(man.to_json())
    with pytest.raises(ManifestDamaged, match="overlap"):
        _read(tmp_path)


def test_an_older_manifest_with_every_row_inside_is_read_and_folded_on_write(
    tmp_path: Path,
) -> None:
    man = Manifest()
    for n, bid in enumerate(IDS[:3]):
        man.add_briefing(bid, man.next_ord, _records(bid, 1), _row(bid, n))
        man.next_ord += 1
    data = orjson.loads(man.to_json())
    del data["checksum"], data["rows"], data["dropped"]
    data["version"] = 9
    body = orjson.dumps(data)
    (tmp_path / "index.json").write_bytes(body[:-1] + b',"checksum":"%08x"}' % zlib.crc32(body))
    got = _read(tmp_path)
    assert got.old and _seen(got) == _seen(man)
    again = _write(got, tmp_path, False)
    assert not again.old and again.rows_file is not None and _seen(again) == _seen(man)


@pytest.mark.parametrize(
    ("bid", "info", "column"),
    [
        ("", {"title": "标题"}, "ids"),
        ("0000000001", {"title": 5}, "title"),
        ("0000000001", {"date": ["2020"]}, "date"),
    ],
)
def test_a_column_of_the_wrong_type_is_refused_when_decoded(
    tmp_path: Path, bid: str, info: dict, column: str
) -> None:
    raw = encode([(bid, {"first": 0, "count": 1, **info})])
    path = tmp_path / "rows-000001-00000000.bin"
    path.write_bytes(raw)
    opened = RowsFile(path, len(raw), header_check(raw))  # checksums hold: a forger's file
    with pytest.raises(ManifestDamaged, match="column of texts"):
        opened.texts(column)


def test_a_fold_naming_sections_of_another_briefing_is_never_published(tmp_path: Path) -> None:
    lib = open_library(tmp_path, seed=True)
    search(lib, "衡阳")  # builds the index: the shipped briefing's row is in a rows file
    h = index.handle(tmp_path)
    before = (tmp_path / "index" / "index.json").read_bytes()
    man = h.read_manifest()
    assert man is not None and len(man.briefings) == 1
    bid, info = next(iter(man.briefings.items()))
    man.briefings.drop(bid)
    man.briefings.put("ffffffffff", dict(info))  # the same ordinals under another id
    with h.mutex, h.lock, pytest.raises(StoreCorrupt, match="fail their checks"):
        h.write_manifest(man, fold=True)
    assert (tmp_path / "index" / "index.json").read_bytes() == before
    index.forget_handles()
    assert search(open_library(tmp_path, seed=False), "衡阳").total == 2


PAGE = "麒麟日报\n\n麒麟湖边的新闻\n\n本报记者 王伟\n\n麒麟湖今年迎来了很多游客。\n"


def test_a_process_reads_a_rows_file_once_until_a_fold_names_another(
    tmp_path: Path, monkeypatch
) -> None:
    lib = open_library(tmp_path, seed=True)
    index.register(lib)
    search(lib, "衡阳")
    h = index.handle(tmp_path)
    (first,) = h.rows_opened.values()
    lib.import_text(PAGE, origin="a.txt")  # a recent row in the manifest, the same rows file
    assert search(lib, "麒麟湖").total == 1
    assert list(h.rows_opened.values()) == [first]
    monkeypatch.setattr(rows_module, "FOLD_ROWS", 0)
    lib.import_text(PAGE + "又一则。\n", origin="b.txt")  # folds: a new rows file
    assert search(lib, "麒麟湖").total == 2
    (second,) = h.rows_opened.values()
    assert second is not first and second.path != first.path
    assert not first.path.exists()  # the old rows file went once the new manifest was written


def test_a_new_briefing_is_told_apart_without_decoding_the_rows_file_s_ids(tmp_path: Path):
    rows = [(bid, {"first": 3 * n, "count": 3, "chars": 9}) for n, bid in enumerate(IDS[:6])]
    raw = encode(rows)
    (tmp_path / "r.bin").write_bytes(raw)
    base = RowsFile(tmp_path / "r.bin", len(raw), header_check(raw))
    held = rows_module.Rows(base)
    assert held.drop(IDS[8]) is None
    assert [base.may_hold(bid) for bid in IDS[4:8]] == [True, True, False, False]
    assert "ids" not in base._decoded  # an import of a new briefing leaves them packed
    assert held.drop('zz"q') is None  # an id JSON would escape is looked up decoded
    assert held.drop(IDS[2])["first"] == 6 and held.drop(IDS[2]) is None
    assert IDS[2] not in held and IDS[3] in held and len(held) == 5
    # Once decoded, the decoded ids answer.
    assert [base.may_hold(bid) for bid in IDS[4:8]] == [True, True, False, False]


def _with_deleted(man: Manifest, value: object) -> bytes:
    """The manifest's JSON with another `deleted` value, its checksum made again."""
    data = orjson.loads(man.to_json())
    data.pop("checksum")
    data["deleted"] = value
    body = orjson.dumps(data)
    return body[:-1] + b',"checksum":"%08x"}' % zlib.crc32(body)


def test_the_deleted_ordinals_are_read_back_and_damaged_ones_refused(tmp_path: Path) -> None:
    man = _folded(tmp_path)
    man.deleted.add_range(man.next_ord, man.next_ord + 2)  # as a dropped briefing leaves them
    man.deleted.add(man.next_ord + 4)
    want = BitMap(man.deleted)
    man.next_ord += 5
    back = Manifest.parse(man.to_json(), tmp_path)
    assert back.deleted == want and len(want) == 3
    assert orjson.loads(man.to_json())["deleted"].isascii()
    good = orjson.loads(man.to_json())["deleted"]
    for bad in ("!" + good[1:], good[:-1], good + "=", good[:4] + " " + good[4:], "é" + good, 5):
        with pytest.raises(ManifestDamaged, match="deleted is not"):
            Manifest.parse(_with_deleted(man, bad), tmp_path)
