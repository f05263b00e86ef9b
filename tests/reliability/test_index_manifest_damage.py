"""The search index's manifest under damage: a manifest of the wrong shape is never used, and
one of an older format or version is rebuilt or folded, with the same answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from index_damage import (
    Tally,
    copy,
    doctor_sees_it,
    manifest_body,
    manifest_path,
    outcome,
    pristine_library,
    run_damaged,
    seal,
    segments,
)

from store.search import index


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return pristine_library(tmp_path_factory.mktemp("pristine") / "lib")


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
        data = SHAPES[shape](orjson.loads(manifest_body(manifest_path(home))))
        manifest_path(home).write_bytes(seal(data) if sealed else orjson.dumps(data))
        if shape not in ("briefing-removed",):  # a forged but consistent manifest passes alone
            assert doctor_sees_it(home), shape

    assert run_damaged(pristine, tmp_path, damage) == "right"


def test_an_index_of_the_previous_format_is_rebuilt(pristine, tmp_path: Path) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    old = segments(home)
    for path in old:
        raw = bytearray(path.read_bytes())
        raw[:8] = b"BRSEG\x00\x07\x00"
        path.write_bytes(bytes(raw))
    data = orjson.loads(manifest_body(manifest_path(home)))
    data["version"] = 8
    manifest_path(home).write_bytes(seal(data))
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
    data = orjson.loads(manifest_body(manifest_path(home)))
    # The previous version kept every briefing's row in the manifest and had no rows file.
    data["briefings"] = {bid: dict(info) for bid, info in man.briefings.items()}
    for key in ("rows", "dropped"):
        del data[key]
    data["version"] = 9
    manifest_path(home).write_bytes(seal(data))
    assert not doctor_sees_it(home)
    tally = Tally()
    assert outcome(home, truth, tally, "previous") == "right", tally
    after = orjson.loads(manifest_body(manifest_path(home)))
    assert after["version"] == 10 and after["rows"] is not None and after["briefings"] == {}
    assert segments(home) == before  # the segments were kept, not built again
