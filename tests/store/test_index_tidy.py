"""The small segments one-page imports leave are merged into one afterwards: the same
answers, the same catalog stamp, nothing done for a small or missing index."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import open_library
from store.doctor import check_library
from store.search import compaction, index, search, tidy

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.utf8*.txt"))
QUERIES = ("衡阳", "的", "产业转移", "记者", "企业 -衡阳", "hengyang")


def _answers(lib) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    index.forget_handles()
    out = {}
    for q in QUERIES:
        res = search(lib, q, limit=200)
        out[q] = (res.total, sorted((h.section_id, h.hits, h.snippet) for h in res.hits))
    return out


def _counts(home: Path) -> list[int]:
    index.forget_handles()
    man = index.handle(home).read_manifest()
    assert man is not None
    return [s["count"] for s in man.segments]


def _library_of_pages(home: Path):  # type: ignore[no-untyped-def]
    lib = open_library(home)
    index.register(lib)
    search(lib, "衡阳")
    for page in PAGES:
        lib.import_file(page)  # each a small segment of its own
    return lib


def test_small_segments_merge_into_one_with_the_same_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = _library_of_pages(tmp_path / "lib")
    before = _counts(lib.home)
    assert len(before) >= tidy.TAIL_COUNT
    answers = _answers(lib)
    stamp = index.handle(lib.home).read_manifest().catalog
    assert not tidy.wanted(lib.home)  # a small index: left alone
    monkeypatch.setattr(tidy, "LARGE", 0)
    assert tidy.wanted(lib.home)
    assert tidy.tidy(lib.home)
    assert _counts(lib.home) == [sum(before)]
    assert index.handle(lib.home).read_manifest().catalog == stamp  # the same briefings
    assert _answers(lib) == answers
    assert [f for f in check_library(lib.home) if f.harmful] == []
    assert not tidy.wanted(lib.home) and not tidy.tidy(lib.home)


def test_segments_too_big_for_the_tail_stay(tmp_path: Path, monkeypatch) -> None:
    lib = _library_of_pages(tmp_path / "lib")
    before = _counts(lib.home)
    monkeypatch.setattr(tidy, "LARGE", 0)
    monkeypatch.setattr(tidy, "TAIL_CAP", sorted(before)[-2])  # the two biggest stay
    assert tidy.tidy(lib.home) == (len(before) - 2 >= tidy.TAIL_COUNT)
    after = _counts(lib.home)
    assert sorted(before)[-2:] == sorted(after)[-2:] and sum(after) == sum(before)


def test_nothing_is_built_for_a_library_never_searched(tmp_path: Path, monkeypatch) -> None:
    lib = open_library(tmp_path / "lib")
    monkeypatch.setattr(tidy, "LARGE", 0)
    assert not tidy.wanted(lib.home) and not tidy.tidy(lib.home)
    assert not (lib.home / index.FOLDER).exists()


def test_an_import_merges_them_after_it_has_answered(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    _library_of_pages(home)
    before = _counts(home)
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "经济观察\n\n新区建设提速\n\n本报记者 王五\n\n本报讯 园区今年新引进项目12个。\n"
    )
    code = (
        "import sys\nfrom store.search import tidy\ntidy.LARGE = 0\n"
        "from tui.cli import main\nmain()\n"
    )
    t = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code, "--store", str(home), "import", str(extra)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0 and "imported" in done.stdout, done.stderr
    assert time.monotonic() - t < 30
    deadline = time.monotonic() + 30
    while len(_counts(home)) > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _counts(home) == [sum(before) + 1]
    assert search(open_library(home, seed=False), "王五").total == 1


def test_an_import_while_the_merge_is_written_is_kept(tmp_path: Path, monkeypatch) -> None:
    from store.search import segmerge

    lib = _library_of_pages(tmp_path / "lib")
    before = _counts(lib.home)
    real = segmerge.merge
    added: list[str] = []

    def merge_then_import(*args, **kwargs):  # type: ignore[no-untyped-def]
        kept = real(*args, **kwargs)
        # Other writers meanwhile, during the first merge: it holds no lock while it writes.
        for n in range(3 if not added else 0):
            text = f"经济观察\n\n新区建设提速\n\n本报记者 王五\n\n本报讯 第{n}个项目。\n"
            added.append(lib.import_text(text, origin=f"late{n}.txt").briefing.id)
        return kept

    monkeypatch.setattr(segmerge, "merge", merge_then_import)
    monkeypatch.setattr(compaction, "FANOUT", 1000)  # the imports merge nothing of their own
    assert tidy.tidy(lib.home)
    # The pages imported meanwhile are merged by a second round.
    assert _counts(lib.home) == [sum(before) + 3]
    assert search(open_library(lib.home, seed=False), "王五").total == 3
    assert [f for f in check_library(lib.home) if f.harmful] == []


def test_a_merge_whose_segments_went_meanwhile_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    from store.search import segmerge

    lib = _library_of_pages(tmp_path / "lib")
    real = segmerge.merge

    def merge_then_rebuild(*args, **kwargs):  # type: ignore[no-untyped-def]
        kept = real(*args, **kwargs)
        index.rebuild(lib)  # every segment written anew meanwhile
        return kept

    monkeypatch.setattr(segmerge, "merge", merge_then_rebuild)
    assert not tidy.tidy(lib.home)
    named = {p.name for p in (lib.home / "index").glob("seg-*")}
    man = index.handle(lib.home).read_manifest()
    assert named == {s["name"] for s in man.segments}  # the merged file went too
    assert not list((lib.home / "index").glob(".tidy-*"))
    assert [f for f in check_library(lib.home) if f.harmful] == []


def test_one_tidying_at_a_time(tmp_path: Path, monkeypatch) -> None:
    import subprocess as sp

    lib = _library_of_pages(tmp_path / "lib")
    before = _counts(lib.home)
    held = lib.home / "index" / tidy.TIDYING
    # Another process at it: this one leaves the work to it.
    code = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(30)\n"
    )
    other = sp.Popen([sys.executable, "-c", code, str(held)], stdout=sp.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline() == "held\n"
        assert not tidy.tidy(lib.home)
        assert _counts(lib.home) == before
    finally:
        other.kill()
        other.wait()
    assert tidy.tidy(lib.home)


def test_doctor_reports_a_merge_a_kill_left_and_repair_removes_it(tmp_path: Path) -> None:
    from store.doctor import repair_library

    lib = _library_of_pages(tmp_path / "lib")
    left = lib.home / "index" / f"{tidy.STAGED}0123456789ab.bin"
    left.write_bytes(b"half a segment")
    found = [f for f in check_library(lib.home) if f.path == left]
    assert len(found) == 1 and not found[0].harmful
    repair_library(lib.home)
    assert not left.exists()
    assert _answers(lib)["衡阳"][0] > 0
