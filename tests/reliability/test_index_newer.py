"""An index written by a newer briefing: refused with one clear line by search, import,
the doctor and the reader, and never rebuilt over; damage that merely looks newer is
still rebuilt."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from index_damage import PAGES, Tally, build, copy, manifest_body, outcome, seal

from store import open_library
from store.doctor import check_library, repair_library
from store.errors import IndexTooNew
from store.search import index, manifest, search, segfile


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("pristine") / "lib"
    return home, build(home)


def _manifest(home: Path) -> Path:
    return home / "index" / "index.json"


def _files(home: Path) -> dict[str, bytes]:
    """Every file of the index folder but its lock, by name."""
    return {p.name: p.read_bytes() for p in (home / "index").iterdir() if p.name != ".lock"}


def _claim(key: str, value: int) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        if key in ("segment", "rows"):
            data["formats"][key] = value
        else:
            data[key] = value

    return change


CLAIMS = {
    "index-version": (_claim("version", 11), "index version 11"),
    "fold-version": (_claim("fold", 7), "text folding version 7"),
    "segment-format": (_claim("segment", 200), "search segment format 200"),
    "rows-format": (_claim("rows", 3), "index rows format 3"),
}


def _forge(home: Path, change: Callable[[dict], None]) -> None:
    data = orjson.loads(manifest_body(_manifest(home)))
    change(data)
    _manifest(home).write_bytes(seal(data))


def _refused(home: Path, words: str) -> str:
    index.forget_handles()
    with pytest.raises(IndexTooNew) as caught:
        search(open_library(home, seed=False), "衡阳")
    message = str(caught.value)
    assert "\n" not in message and str(_manifest(home)) in message and words in message
    assert "newer briefing" in message and "upgrade briefing" in message
    assert f"delete the folder {home / 'index'}" in message
    return message


def test_a_manifest_records_the_formats_of_the_files_it_names(pristine) -> None:
    home, _truth = pristine
    data = orjson.loads(manifest_body(_manifest(home)))
    assert data["formats"] == {"segment": segfile.MAGIC[6], "rows": 1}
    assert list(data)[:2] == ["version", "fold"]  # what a manifest of a later layout keeps


@pytest.mark.parametrize("claim", sorted(CLAIMS))
def test_a_newer_index_is_refused_and_left_untouched(pristine, tmp_path: Path, claim) -> None:
    src, _truth = pristine
    home = copy(src, tmp_path / "lib")
    change, words = CLAIMS[claim]
    _forge(home, change)
    before = _files(home)
    _refused(home, words)
    # Imports and deletes change the library; the index is left for the newer briefing.
    lib = open_library(home, seed=False)
    index.register(lib)
    lib.import_file(PAGES[0], replace=True)
    lib.delete_briefing(lib.briefings()[-1].id)
    with pytest.raises(IndexTooNew):
        index.update_index(lib, [], [lib.briefings()[0].id])
    found = [f for f in check_library(home) if f.kind == "index"]
    assert [(f.status, f.path) for f in found] == [("too-new", _manifest(home))]
    assert words in (found[0].problem or "")
    repaired = [f for f in repair_library(home) if f.kind == "index"]
    assert [f.status for f in repaired] == ["too-new"]
    assert _files(home) == before


def test_a_manifest_of_a_later_layout_is_judged_by_its_opening(pristine, tmp_path) -> None:
    src, _truth = pristine
    home = copy(src, tmp_path / "lib")
    _manifest(home).write_bytes(b'{"version": 12, "fold": 1, "parts": "elsewhere"}\n')
    before = _files(home)
    _refused(home, "index version 12")
    assert _files(home) == before


def _spoil_checksum(raw: bytes, digit: bytes) -> bytes:
    """The manifest with its checksum's first digit replaced by `digit` (or the next one)."""
    at = raw.rindex(b'"checksum":"') + len(b'"checksum":"')
    if raw[at : at + 1] == digit:
        digit = b"1" if digit == b"0" else b"0"
    return raw[:at] + digit + raw[at + 1 :]


# A checksum that no longer holds, and one that is not even hex digits: both are damage.
SPOILS = {"wrong": b"0", "not-hex": b"g"}


@pytest.mark.parametrize("spoil", sorted(SPOILS))
@pytest.mark.parametrize("claim", sorted(CLAIMS))
def test_damage_that_reads_as_a_newer_version_is_still_rebuilt(
    pristine, tmp_path: Path, claim, spoil
) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    _forge(home, CLAIMS[claim][0])
    raw = _spoil_checksum(_manifest(home).read_bytes(), SPOILS[spoil])
    _manifest(home).write_bytes(raw)
    tally = Tally()
    assert outcome(home, truth, tally, claim) == "right", tally
    rebuilt = orjson.loads(manifest_body(_manifest(home)))
    assert rebuilt["version"] == manifest.INDEX_VERSION


def test_an_index_written_with_a_newer_segment_format_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "lib"
    with monkeypatch.context() as newer:
        # A later briefing whose segments have a format of their own (and a manifest as now).
        later = segfile.MAGIC[:6] + bytes([segfile.MAGIC[6] + 1, 0])
        newer.setattr(segfile, "MAGIC", later)
        lib = open_library(home)
        assert search(lib, "衡阳").total > 0
    before = _files(home)
    assert any(raw.startswith(later) for raw in before.values())
    _refused(home, f"search segment format {segfile.MAGIC[6] + 1}")
    assert _files(home) == before


def test_the_previous_index_version_is_still_rebuilt(pristine, tmp_path: Path) -> None:
    src, truth = pristine
    home = copy(src, tmp_path / "lib")
    _forge(home, _claim("version", 3))
    tally = Tally()
    assert outcome(home, truth, tally, "older") == "right", tally


def _library_files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in home.glob("catalog.*") if p.is_file()}


def test_the_command_line_refuses_to_import_into_a_library_with_a_newer_index(
    home: Path, run_cli
) -> None:
    assert run_cli("search", "衡阳").code == 0
    _forge(home, _claim("version", 11))
    before, catalog = _files(home), _library_files(home)
    imported = run_cli("import", str(PAGES[0]))
    assert imported.code == 1 and imported.out == "" and imported.err.count("\n") == 1
    assert "index version 11" in imported.err and "upgrade briefing" in imported.err
    assert _library_files(home) == catalog  # nothing was stored
    searched = run_cli("search", "衡阳")
    assert searched.code == 1 and "index version 11" in searched.err
    assert _files(home) == before


def test_the_command_line_deletes_but_says_in_one_line_that_a_newer_index_is_left(
    home: Path, run_cli
) -> None:
    assert run_cli("import", str(PAGES[0])).code == 0
    assert run_cli("search", "衡阳").code == 0
    first, second = open_library(home, seed=False).briefings()
    deleted = run_cli("rm", "--yes", first.id)
    assert deleted.code == 0 and deleted.err == ""  # an index of this version: nothing to say
    assert run_cli("search", "衡阳").err == ""  # the index knows of the delete
    _forge(home, _claim("fold", 7))
    before = _files(home)
    deleted = run_cli("rm", "--yes", second.id)
    assert deleted.code == 0 and deleted.out.startswith(f"deleted {second.id} ")
    assert deleted.err.count("\n") == 1 and deleted.err.startswith("briefing: ")
    assert "text folding version 7" in deleted.err and "left untouched" in deleted.err
    assert open_library(home, seed=False).find_briefing(second.id) is None
    assert _files(home) == before


async def test_the_reader_says_why_it_cannot_search_a_newer_index(home: Path, run_cli) -> None:
    from tui.app import BriefingApp
    from tui.screens.search import SearchScreen

    assert run_cli("search", "衡阳").code == 0
    _forge(home, _claim("segment", 200))
    before = _files(home)
    index.forget_handles()
    app = BriefingApp(open_library(home))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.box.value = "衡阳"
        # The search runs after a pause in typing, in a worker: wait for its answer.
        deadline = time.monotonic() + 60
        while screen.shown_query != "衡阳":
            assert time.monotonic() < deadline, "the search never answered"
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.results is None
        status = str(screen.status.render())
        assert "search segment format 200" in status and "upgrade briefing" in status
    assert _files(home) == before
