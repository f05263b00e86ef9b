"""The search index under damage: right totals, or one clear line and a repair that brings
them back; `briefing doctor` sees the damage; never an unexpected error or a wrong answer."""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_damage import (
    Tally,
    copy,
    doctor_sees_it,
    manifest_path,
    outcome,
    pristine_library,
    rows_file,
    run_damaged,
    segments,
)

from store import open_library
from store.search import index
from store.search.corpus import Corpus
from store.search.grams import pair, term_units
from store.search.rowsfile import COLUMNS
from store.search.segfile import HEADER_SIZE
from store.search.segment import Segment


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return pristine_library(tmp_path_factory.mktemp("pristine") / "lib")


def _rows(home: Path) -> Path:
    path = rows_file(home)
    assert path is not None  # the pristine library's first rows are folded into a file
    return path


def _target(home: Path, target: str) -> Path:
    return {"segment": lambda: segments(home)[0], "manifest": lambda: manifest_path(home)}.get(
        target, lambda: _rows(home)
    )()


def _flip(path: Path, offset: int, xor: int = 0xFF) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset % len(raw)] ^= xor
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize(
    "where",
    ["magic", "first", "offsets", "body-size", "header-check", "body-start", "middle", "end"],
)
@pytest.mark.parametrize("which", [0, -1])
def test_a_flipped_byte_in_a_segment_costs_a_rebuild(
    pristine, tmp_path: Path, where: str, which: int
) -> None:
    at = {
        "magic": 3,
        "first": 9,
        "offsets": 40,
        "body-size": HEADER_SIZE - 12,
        "header-check": HEADER_SIZE - 2,
        "body-start": HEADER_SIZE,
        "middle": None,
        "end": -1,
    }[where]

    def damage(home: Path) -> None:
        seg = segments(home)[which]
        _flip(seg, seg.stat().st_size // 2 if at is None else at)
        assert doctor_sees_it(home)

    assert run_damaged(pristine, tmp_path, damage) == "right"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.sampled_from(["segment", "manifest", "rows"]),
    offset=st.integers(min_value=0, max_value=10**7),
    xor=st.integers(min_value=1, max_value=255),
    header=st.booleans(),
)
def test_random_overwrites_never_give_a_wrong_answer(
    pristine, tmp_path_factory, target: str, offset: int, xor: int, header: bool
) -> None:
    tmp = tmp_path_factory.mktemp("flip")

    def damage(home: Path) -> None:
        path = _target(home, target)
        size = path.stat().st_size
        spot = offset % (HEADER_SIZE if header and target == "segment" else size)
        _flip(path, spot, xor)

    run_damaged(pristine, tmp, damage)


@pytest.mark.parametrize(
    "keep", ["zero", "ten", "header-less-one", "header", "half", "all-but-one"]
)
@pytest.mark.parametrize("target", ["segment", "manifest", "rows"])
def test_a_truncated_index_file_costs_a_rebuild(
    pristine, tmp_path: Path, keep: str, target: str
) -> None:
    def damage(home: Path) -> None:
        path = _target(home, target)
        size = path.stat().st_size
        length = {
            "zero": 0,
            "ten": 10,
            "header-less-one": HEADER_SIZE - 1,
            "header": HEADER_SIZE,
            "half": size // 2,
            "all-but-one": size - 1,
        }[keep]
        with open(path, "r+b") as handle:
            handle.truncate(min(length, size - 1))
        assert doctor_sees_it(home)

    assert run_damaged(pristine, tmp_path, damage) == "right"


def _rm_tree(path: Path) -> None:
    for p in sorted(path.rglob("*"), reverse=True):
        p.rmdir() if p.is_dir() and not p.is_symlink() else p.unlink()
    path.rmdir()


DELETIONS: dict[str, Callable[[Path], None]] = {
    "one-segment": lambda home: segments(home)[0].unlink(),
    "every-segment": lambda home: [s.unlink() for s in segments(home)] and None,
    "manifest": lambda home: manifest_path(home).unlink(),
    "rows-file": lambda home: _rows(home).unlink(),
    "index-folder": lambda home: _rm_tree(home / "index"),
    "lock-file": lambda home: (home / "index" / ".lock").unlink(missing_ok=True),
}


@pytest.mark.parametrize("what", sorted(DELETIONS))
def test_a_deleted_index_file_is_rebuilt(pristine, tmp_path: Path, what: str) -> None:
    assert run_damaged(pristine, tmp_path, DELETIONS[what]) == "right"


def _dir_in_place(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "keep.txt").write_text("a user's file", encoding="utf-8")


def _link_in_place(path: Path) -> None:
    target = path.with_name("elsewhere-" + path.name)
    path.rename(target)
    path.symlink_to(target)


STRANGERS: dict[str, Callable[[Path], None]] = {
    "dir-for-manifest": lambda home: _dir_in_place(manifest_path(home)),
    "dir-for-segment": lambda home: _dir_in_place(segments(home)[0]),
    "link-for-manifest": lambda home: _link_in_place(manifest_path(home)),
    "link-for-segment": lambda home: _link_in_place(segments(home)[0]),
    "dir-for-rows": lambda home: _dir_in_place(_rows(home)),
    "link-for-rows": lambda home: _link_in_place(_rows(home)),
    "stray-segment": lambda home: (home / "index" / "seg-999999-deadbeef.bin").write_bytes(b"x"),
}


@pytest.mark.parametrize("what", sorted(STRANGERS))
def test_folders_and_links_in_place_of_index_files_are_rebuilt(
    pristine, tmp_path: Path, what: str
) -> None:
    assert run_damaged(pristine, tmp_path, STRANGERS[what]) == "right"
    if what.startswith("dir-"):
        kept = list((tmp_path / "lib" / "index").glob("*.broken-*/keep.txt"))
        assert kept, "a folder found in the index is moved aside, not deleted"


def test_a_folder_in_place_of_the_index_lock_is_named_then_repaired(
    pristine, tmp_path: Path
) -> None:
    def damage(home: Path) -> None:
        (home / "index" / ".lock").unlink(missing_ok=True)
        (home / "index" / ".lock").mkdir()
        manifest_path(home).unlink()  # the next search must take the lock to rebuild
        assert doctor_sees_it(home)

    assert run_damaged(pristine, tmp_path, damage) == "repaired"


@pytest.mark.parametrize("what", ["link", "file"])
def test_an_index_folder_that_leads_outside_is_refused_then_repaired(
    pristine, tmp_path: Path, what: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()

    def damage(home: Path) -> None:
        _rm_tree(home / "index")
        if what == "link":
            (home / "index").symlink_to(outside)
        else:
            (home / "index").write_text("not a folder", encoding="utf-8")
        assert doctor_sees_it(home)

    assert run_damaged(pristine, tmp_path, damage) == "repaired"
    assert list(outside.iterdir()) == []  # nothing was ever written through the link
    assert (tmp_path / "lib" / "index").is_dir()


def test_no_temp_file_is_left_in_the_index_after_any_damage(pristine, tmp_path: Path) -> None:
    def damage(home: Path) -> None:
        _flip(segments(home)[0], HEADER_SIZE + 5)
        (home / "index" / "seg-000001-00000000.bin.tmp").write_bytes(b"\0" * 4096)

    run_damaged(pristine, tmp_path, damage)
    assert not [p for p in (tmp_path / "lib" / "index").iterdir() if p.name.endswith(".tmp")]
    assert {p.name for p in (tmp_path / "lib" / "index").iterdir()} == {
        ".lock",
        "index.json",
        *(p.name for p in segments(tmp_path / "lib")),
        *(p.name for p in [rows_file(tmp_path / "lib")] if p is not None),
    }


def _spot(path: Path, part: str, needle: str | None) -> int:
    """A byte inside one part of a segment: in the bitmap of a needle's first gram, if given."""
    seg = Segment(path)
    try:
        if part == "table":  # the checksums of the chunks, themselves checked when first used
            return (seg._body._table + seg._body.start) // 2
        at, size = seg._body.parts[part]
        if needle is not None:
            units = term_units(needle)
            code = units[0] if len(units) == 1 else pair(units[0], units[1])
            keys, idx = {
                "pos": ("pkeys", "pidx"),
                "opos": ("okeys", "oidx"),
                "grams": ("keys", "gidx"),
            }[part]
            codes = seg.codes(keys)
            i = bisect_left(codes, code)
            assert i < len(codes) and codes[i] == code, (part, needle)
            offsets = array("Q")
            offsets.frombytes(seg._body.part(idx))
            at, size = at + offsets[i], offsets[i + 1] - offsets[i]
        return at + size // 2
    finally:
        seg.close()


@pytest.mark.parametrize(
    ("part", "needle"),
    [
        ("pos", "转移"),
        ("opos", "产业"),
        ("grams", "的"),
        ("grams", "衡阳"),
        ("texts", None),
        ("tidx", None),
        ("ids", None),
        ("edits", None),
        ("lens", None),
        ("wide", None),
        ("table", None),
    ],
)
def test_damage_found_while_a_search_reads_is_indexed_again(
    pristine, tmp_path: Path, part: str, needle: str | None
) -> None:
    # Opening checks only the header: the damage is met when a search reads that chunk.
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    path = max(segments(home), key=lambda p: p.stat().st_size)
    _flip(path, _spot(path, part, needle))
    if part not in ("ids", "table"):  # what opening reads shares these chunks
        Segment(path).close()  # opens: the body is checked as it is read
    assert doctor_sees_it(home)
    tally = Tally()
    assert outcome(home, truth, tally, part) == "right", tally
    if part not in ("edits",):  # edits are read only for the sections shown
        assert path.name not in {p.name for p in segments(home)}  # indexed again


def test_damage_found_while_counting_across_the_library_is_indexed_again(
    pristine, tmp_path: Path
) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    path = max(segments(home), key=lambda p: p.stat().st_size)
    _flip(path, _spot(path, "opos", "产业"))
    index.forget_handles()
    corpus = Corpus(open_library(home, seed=False))
    assert corpus.match("产业转移").sections == len(truth["产业转移"])
    assert path.name not in {p.name for p in segments(home)}


def test_counts_per_briefing_after_damage_is_indexed_again(pristine, tmp_path: Path) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    path = max(segments(home), key=lambda p: p.stat().st_size)
    _flip(path, _spot(path, "opos", "产业"))
    index.forget_handles()
    corpus = Corpus(open_library(home, seed=False))
    before = corpus.in_order  # the briefings' ordinals as they were before the damage is met
    found = corpus.match("产业转移")
    per = found.by_briefing()
    assert sum(n for n, _h in per.values()) == found.sections == len(truth["产业转移"])
    assert corpus.in_order != before  # briefings indexed again have new ordinals


@pytest.mark.parametrize("column", COLUMNS)
def test_a_flipped_byte_in_any_column_of_the_rows_file_is_seen(
    pristine, tmp_path: Path, column: str
) -> None:
    # A search checks the columns it reads as it opens the file and the others (hashes, titles)
    # when something reads them: the doctor reads them all, and no search answers wrong.
    def damage(home: Path) -> None:
        path = _rows(home)
        raw = path.read_bytes()
        body = 12 + int.from_bytes(raw[8:12], "little")  # magic, header size, header
        at, length, _crc = json.loads(raw[12:body])["columns"][column]
        _flip(path, body + at + length // 2)
        assert doctor_sees_it(home)

    assert run_damaged(pristine, tmp_path, damage) == "right"
