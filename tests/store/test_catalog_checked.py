"""A writer's record of the journal lines it checked: later processes parse only what follows,
and damage anywhere still stops a change."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import catalog_checked, catalog_journal
from store import catalog_write as catalog_module
from store.catalog import JOURNAL, Catalog
from store.catalog_checked import CHECKED, Checked, parse_record, read_record, write_record
from store.errors import StoreCorrupt


def _id(n: int) -> str:
    return f"{n:010x}"


def _row(n: int, seq: int | None = None) -> dict:
    return {"id": _id(n), "title": f"第{n}版", "content_hash": f"{n:064x}", "seq": seq or n}


def _journal_of(home: Path, count: int) -> None:
    for n in range(1, count + 1):
        Catalog(home).put([_row(n)])


def _parsed_lines(monkeypatch) -> list[int]:
    """How many journal lines each check parses, from now on."""
    counts: list[int] = []
    real = catalog_journal.check_lines

    def counting(lines: bytes, path: Path, before: int = 0) -> None:
        counts.append(lines.count(b"\n"))
        real(lines, path, before)

    monkeypatch.setattr(catalog_checked, "check_lines", counting)
    return counts


def test_a_writer_leaves_a_record_that_the_next_process_trusts(tmp_path: Path, monkeypatch):
    _journal_of(tmp_path, 12)
    record = read_record(tmp_path)
    raw = (tmp_path / JOURNAL).read_bytes()
    assert record is not None
    assert (record.end, record.lines, record.seq) == (len(raw), 13, 12)
    assert record.crc == zlib.crc32(raw)
    counts = _parsed_lines(monkeypatch)
    rows, top = Catalog(tmp_path).lookup([_id(3), _id(40)])
    assert rows == {_id(3): _row(3)} and top == 12
    Catalog(tmp_path).put([_row(13)])  # a fresh process's write parses no older line
    assert counts == [0, 0]
    # Lines another process added without a record (a reader that read every row) are
    # the only ones parsed.
    loaded = Catalog(tmp_path)
    loaded.state()
    loaded.put([_row(14)])
    assert Catalog(tmp_path).lookup([_id(14)])[0] == {_id(14): _row(14)}
    assert counts[-1] == 1


def test_a_line_changed_before_the_record_s_end_is_found(tmp_path: Path) -> None:
    _journal_of(tmp_path, 6)
    raw = (tmp_path / JOURNAL).read_bytes()
    at = raw.index(_id(4).encode())
    # The same length, so only the bytes tell: the record must not be trusted.
    (tmp_path / JOURNAL).write_bytes(raw[:at] + b'"' + raw[at + 1 :])
    with pytest.raises(StoreCorrupt, match="line 5 is not a catalog change"):
        Catalog(tmp_path).lookup([_id(1)])
    with pytest.raises(StoreCorrupt, match="line 5 is not a catalog change"):
        Catalog(tmp_path).put([_row(9)])
    assert (tmp_path / JOURNAL).read_bytes()[: len(raw)] != raw  # left as it was found


def test_damage_after_the_record_s_end_is_found_with_its_line_number(tmp_path: Path) -> None:
    _journal_of(tmp_path, 6)
    with (tmp_path / JOURNAL).open("ab") as fh:
        fh.write(b'{"put": {"id": "0000000007", "seq": 7}}\n{"put": 8}\n')
    with pytest.raises(StoreCorrupt, match="line 9 is not a catalog change"):
        Catalog(tmp_path).lookup([_id(1)])
    with pytest.raises(StoreCorrupt, match="line 9 is not a catalog change"):
        Catalog(tmp_path).delete([_id(1)])


@pytest.mark.parametrize(
    "spoil",
    [
        lambda raw: raw[: len(raw) // 2],  # torn by a crash
        lambda raw: b"",
        lambda raw: raw.replace(b'"seq":6', b'"seq":2'),  # its own CRC no longer matches
        lambda raw: b"not a record",
        lambda raw: raw + b"\n" * 5000,  # too big to be one
    ],
)
def test_a_spoilt_record_is_ignored_and_the_journal_checked_whole(
    tmp_path: Path, monkeypatch, spoil
) -> None:
    _journal_of(tmp_path, 6)
    path = tmp_path / CHECKED
    path.write_bytes(spoil(path.read_bytes()))
    assert read_record(tmp_path) is None
    counts = _parsed_lines(monkeypatch)
    assert Catalog(tmp_path).lookup([_id(6)]) == ({_id(6): _row(6)}, 6)
    assert counts == [6]


def test_a_record_of_another_journal_or_length_is_not_trusted(tmp_path: Path, monkeypatch):
    _journal_of(tmp_path, 6)
    record = read_record(tmp_path)
    assert record is not None
    raw = (tmp_path / JOURNAL).read_bytes()
    assert not record.holds("another", raw)  # a journal made after a compaction
    assert not record.holds(record.token, raw[:-1])  # shorter than what was checked
    middle = raw.index(b"\n", len(raw) // 2)
    assert not Checked(record.token, middle, 3, zlib.crc32(raw[:middle]), 0).holds(
        record.token, raw
    )  # not at a line's end
    # A record claiming lines with a checksum that matches, yet of another token, is ignored.
    write_record(tmp_path, Checked("0" * 16, len(raw), 7, zlib.crc32(raw), 99))
    counts = _parsed_lines(monkeypatch)
    assert Catalog(tmp_path).lookup([_id(2)]) == ({_id(2): _row(2)}, 6)
    assert counts == [6]


def test_the_highest_seq_of_catalog_json_is_kept_while_its_stat_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog_module, "COMPACT_FLOOR", 0)
    Catalog(tmp_path).put([_row(n, seq=n * 10) for n in range(1, 5)])  # compacted at once
    Catalog(tmp_path).put([_row(5, seq=50)])
    record = read_record(tmp_path)
    assert record is not None and record.base is None  # a write asks no seq
    cat = Catalog(tmp_path)
    assert cat.lookup([_id(9)])[1] == 50
    cat.delete([_id(9)])  # what the lookup found goes with the process's next write
    kept = read_record(tmp_path)
    assert kept is not None and kept.base is not None and kept.base_seq == 40
    # A forged count is believed only for the very file it was taken from.
    write_record(tmp_path, Checked(kept.token, kept.end, kept.lines, kept.crc, 0, kept.base, 77))
    assert Catalog(tmp_path).lookup([_id(9)])[1] == 77
    write_record(tmp_path, Checked(kept.token, kept.end, kept.lines, kept.crc, 0, (1, 2), 77))
    assert Catalog(tmp_path).lookup([_id(9)])[1] == 40


def test_parse_record_refuses_what_is_not_one() -> None:
    good = Checked("ab", 10, 1, 5, 3, (1, 2, 3, 4), 9)
    assert parse_record(good.to_bytes()) == good
    body = good.to_bytes().rpartition(b"\n")[0]
    for raw in (body, body + b"\nzz", body.replace(b'"end":10', b'"end":-1')):
        assert parse_record(raw) is None
    odd = body.replace(b'"end":10', b'"end":true')
    assert parse_record(odd + b"\n" + b"%08x" % zlib.crc32(odd)) is None


# Each step: a process's write (fresh or one that read every row), or damage in place.
STEP = st.one_of(
    st.tuples(st.just("put"), st.integers(1, 5), st.booleans()),
    st.tuples(st.just("del"), st.integers(1, 5), st.booleans()),
    st.tuples(st.just("spoil"), st.integers(0, 10_000), st.just(False)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, max_size=12), last=st.integers(0, 10_000))
def test_damage_anywhere_stops_a_change_whatever_was_recorded(
    tmp_path_factory, steps, last
) -> None:
    home = tmp_path_factory.mktemp("lib")
    seq, damaged = 0, False
    for op, n, loaded in [*steps, ("spoil", last, False)]:
        journal = home / JOURNAL
        if op == "spoil":
            raw = journal.read_bytes() if journal.exists() else b""
            lines = raw.split(b"\n")[1:-1]
            if lines:
                # One change line becomes a line that is not a change, its length kept.
                k = n % len(lines)
                at = sum(len(x) + 1 for x in raw.split(b"\n")[: k + 1])
                journal.write_bytes(raw[:at] + b"[" * len(lines[k]) + raw[at + len(lines[k]) :])
                damaged = True
            continue
        cat = Catalog(home)
        if loaded:
            try:
                cat.state()
            except StoreCorrupt:
                assert damaged
                continue
        seq += 1
        if damaged:
            before = journal.read_bytes()
            with pytest.raises(StoreCorrupt):
                _change(cat, op, n, seq)
            assert journal.read_bytes() == before
        else:
            _change(cat, op, n, seq)
    if damaged:
        with pytest.raises(StoreCorrupt):
            Catalog(home).lookup([_id(1)])


def _change(cat: Catalog, op: str, n: int, seq: int) -> None:
    if op == "put":
        cat.put([_row(n, seq)])
    else:
        cat.delete([_id(n)])
