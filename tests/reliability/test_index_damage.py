"""The search index under damage: right totals, or one clear line and a repair that brings
them back; `briefing doctor` sees the damage; never an unexpected error or a wrong answer."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_damage import Tally, build, copy, manifest_body, outcome, rows_file, seal, segments

from store import open_library
from store.doctor import check_library
from store.search import index, offsets
from store.search.corpus import Corpus
from store.search.grams import pair, term_units
from store.search.segfile import HEADER_SIZE
from store.search.segment import Segment


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("pristine") / "lib"
    with pytest.MonkeyPatch.context() as mp:
        # Bigrams with 20 places or more are written as offset-major bitmaps (产业 is, 转移 is
        # not), so both kinds of places are there to damage.
        mp.setattr(offsets, "HEAVY", 20)
        truth = build(home)
    assert len(segments(home)) >= 2  # damage to one segment leaves others standing
    assert all(truth.values())  # every query has answers to get wrong
    return home, truth


def _run(pristine: tuple[Path, dict], tmp: Path, damage: Callable[[Path], None]) -> str:
    src, truth = pristine
    home = copy(src, tmp / "lib")
    damage(home)
    tally = Tally()
    got = outcome(home, truth, tally, "scenario")
    assert not tally.wrong and not tally.unexpected, tally
    return got


def _doctor_sees_it(home: Path) -> bool:
    return any(f.kind == "index" and f.harmful for f in check_library(home))


def _manifest(home: Path) -> Path:
    return home / "index" / "index.json"


def _rows(home: Path) -> Path:
    path = rows_file(home)
    assert path is not None  # the pristine library's first rows are folded into a file
    return path


def _target(home: Path, target: str) -> Path:
    return {"segment": lambda: segments(home)[0], "manifest": lambda: _manifest(home)}.get(
        target, lambda: _rows(home)
    )()


def _with(key: str, value: object) -> Callable[[dict], object]:
    def change(data: dict) -> object:
        data[key] = value
        return data

    return change


def _first_briefing(change: Callable[[dict], None]) -> Callable[[dict], object]:
    def apply(data: dict) -> object:
        change(next(iter(data["briefings"].values())))
        return data

    return apply


def _drop_briefing(data: dict) -> object:
    data["briefings"].pop(next(iter(data["briefings"])))
    return data


def _shift_briefing(data: dict) -> object:
    info = next(iter(data["briefings"].values()))
    info["first"] += 1
    info["count"] -= 1
    return data


SHAPES: dict[str, Callable[[dict], object]] = {
    "list": lambda d: [],
    "null": lambda d: None,
    "string": lambda d: "index",
    "number": lambda d: 7,
    "empty-object": lambda d: {},
    "segments-number": _with("segments", 5),
    "segments-of-numbers": _with("segments", [1, 2]),
    "segment-name-number": _with("segments", [{"name": 1, "count": 1}]),
    "segment-outside": _with("segments", [{"name": "../catalog.json", "count": 1}]),
    "segment-unknown": _with("segments", [{"name": "seg-000001-00000000.bin", "count": 1}]),
    "segment-count-text": lambda d: [s.update(count="3") for s in d["segments"]] and d,
    "segment-count-wrong": lambda d: [s.update(count=s["count"] + 1) for s in d["segments"]] and d,
    "briefings-list": _with("briefings", []),
    "briefing-number": _first_briefing(lambda b: b.clear()),
    "first-text": _first_briefing(lambda b: b.update(first="0")),
    "first-negative": _first_briefing(lambda b: b.update(first=-1)),
    "count-bool": _first_briefing(lambda b: b.update(count=True)),
    "title-number": _first_briefing(lambda b: b.update(title=5)),
    "briefing-removed": _drop_briefing,
    "briefing-shifted": _shift_briefing,
    "deleted-number": _with("deleted", 5),
    "deleted-garbage": _with("deleted", "!!notbase64"),
    "next-ord-text": _with("next_ord", "9"),
    "next-ord-small": _with("next_ord", 1),
    "next-seg-zero": _with("next_seg", 0),
    "generation-text": _with("generation", "x"),
    "token-number": _with("token", 5),
    "catalog-text": _with("catalog", "x"),
    "catalog-floats": _with("catalog", [1.5]),
    "other-version": _with("version", 1),
}


@pytest.mark.parametrize("sealed", [True, False], ids=["valid-checksum", "no-checksum"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_manifest_of_the_wrong_shape_is_never_used(
    pristine, tmp_path: Path, shape: str, sealed: bool
) -> None:
    def damage(home: Path) -> None:
        data = SHAPES[shape](orjson.loads(manifest_body(_manifest(home))))
        _manifest(home).write_bytes(seal(data) if sealed else orjson.dumps(data))
        if shape not in ("briefing-removed",):  # a forged but consistent manifest passes alone
            assert _doctor_sees_it(home), shape

    assert _run(pristine, tmp_path, damage) == "right"


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
        assert _doctor_sees_it(home)

    assert _run(pristine, tmp_path, damage) == "right"


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

    _run(pristine, tmp, damage)


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
        assert _doctor_sees_it(home)

    assert _run(pristine, tmp_path, damage) == "right"


def _rm_tree(path: Path) -> None:
    for p in sorted(path.rglob("*"), reverse=True):
        p.rmdir() if p.is_dir() and not p.is_symlink() else p.unlink()
    path.rmdir()


DELETIONS: dict[str, Callable[[Path], None]] = {
    "one-segment": lambda home: segments(home)[0].unlink(),
    "every-segment": lambda home: [s.unlink() for s in segments(home)] and None,
    "manifest": lambda home: _manifest(home).unlink(),
    "rows-file": lambda home: _rows(home).unlink(),
    "index-folder": lambda home: _rm_tree(home / "index"),
    "lock-file": lambda home: (home / "index" / ".lock").unlink(missing_ok=True),
}


@pytest.mark.parametrize("what", sorted(DELETIONS))
def test_a_deleted_index_file_is_rebuilt(pristine, tmp_path: Path, what: str) -> None:
    assert _run(pristine, tmp_path, DELETIONS[what]) == "right"


def _dir_in_place(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "keep.txt").write_text("a user's file", encoding="utf-8")


def _link_in_place(path: Path) -> None:
    target = path.with_name("elsewhere-" + path.name)
    path.rename(target)
    path.symlink_to(target)


STRANGERS: dict[str, Callable[[Path], None]] = {
    "dir-for-manifest": lambda home: _dir_in_place(_manifest(home)),
    "dir-for-segment": lambda home: _dir_in_place(segments(home)[0]),
    "link-for-manifest": lambda home: _link_in_place(_manifest(home)),
    "link-for-segment": lambda home: _link_in_place(segments(home)[0]),
    "dir-for-rows": lambda home: _dir_in_place(_rows(home)),
    "link-for-rows": lambda home: _link_in_place(_rows(home)),
    "stray-segment": lambda home: (home / "index" / "seg-999999-deadbeef.bin").write_bytes(b"x"),
}


@pytest.mark.parametrize("what", sorted(STRANGERS))
def test_folders_and_links_in_place_of_index_files_are_rebuilt(
    pristine, tmp_path: Path, what: str
) -> None:
    assert _run(pristine, tmp_path, STRANGERS[what]) == "right"
    if what.startswith("dir-"):
        kept = list((tmp_path / "lib" / "index").glob("*.broken-*/keep.txt"))
        assert kept, "a folder found in the index is moved aside, not deleted"


def test_a_folder_in_place_of_the_index_lock_is_named_then_repaired(
    pristine, tmp_path: Path
) -> None:
    def damage(home: Path) -> None:
        (home / "index" / ".lock").unlink(missing_ok=True)
        (home / "index" / ".lock").mkdir()
        _manifest(home).unlink()  # the next search must take the lock to rebuild
        assert _doctor_sees_it(home)

    assert _run(pristine, tmp_path, damage) == "repaired"


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
        assert _doctor_sees_it(home)

    assert _run(pristine, tmp_path, damage) == "repaired"
    assert list(outside.iterdir()) == []  # nothing was ever written through the link
    assert (tmp_path / "lib" / "index").is_dir()


def test_no_temp_file_is_left_in_the_index_after_any_damage(pristine, tmp_path: Path) -> None:
    def damage(home: Path) -> None:
        _flip(segments(home)[0], HEADER_SIZE + 5)
        (home / "index" / "seg-000001-00000000.bin.tmp").write_bytes(b"\0" * 4096)

    _run(pristine, tmp_path, damage)
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
    assert _doctor_sees_it(home)
    tally = Tally()
    assert outcome(home, truth, tally, part) == "right", tally
    if part not in ("edits",):  # edits are read only for the sections shown
        assert path.name not in {p.name for p in segments(home)}  # indexed again


def test_an_index_of_the_previous_format_is_rebuilt(pristine, tmp_path: Path) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    old = segments(home)
    for path in old:
        raw = bytearray(path.read_bytes())
        raw[:8] = b"BRSEG\x00\x07\x00"
        path.write_bytes(bytes(raw))
    data = orjson.loads(manifest_body(_manifest(home)))
    data["version"] = 8
    _manifest(home).write_bytes(seal(data))
    tally = Tally()
    assert outcome(home, truth, tally, "old") == "right", tally
    assert not {p.name for p in old} & {p.name for p in segments(home)}


def test_a_manifest_of_the_previous_version_is_folded_not_rebuilt(pristine, tmp_path: Path) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    before = segments(home)
    index.forget_handles()
    man = index.handle(home).read_manifest()
    assert man is not None
    data = orjson.loads(manifest_body(_manifest(home)))
    # The previous version kept every briefing's row in the manifest and had no rows file.
    data["briefings"] = {bid: dict(info) for bid, info in man.briefings.items()}
    for key in ("rows", "dropped"):
        del data[key]
    data["version"] = 9
    _manifest(home).write_bytes(seal(data))
    assert not _doctor_sees_it(home)
    tally = Tally()
    assert outcome(home, truth, tally, "previous") == "right", tally
    after = orjson.loads(manifest_body(_manifest(home)))
    assert after["version"] == 10 and after["rows"] is not None and after["briefings"] == {}
    assert segments(home) == before  # the segments were kept, not built again


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
