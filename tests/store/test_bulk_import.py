"""Importing many files: workers or not, the same library; a failed batch leaves no row."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import ClassVar

import orjson
import pytest

from store import bulk_pool, index_feed, open_library
from store.bulk import prepare_file
from store.doctor import check_library
from store.errors import WriteFailed


def _page(n: int) -> str:
    return (
        f"衡阳日报 2019年10月{1 + n % 28}日 第{n:02d}版\n\n园区新引进项目{n}个\n\n本报记者 王五\n\n"
        f"本报讯 园区今年新引进项目{n}个,总投资{n * 5}亿元。\n\n"
        "园区负责人介绍,下一步将继续完善配套设施。\n\n"
        f"農村公路建設提速{n}\n\n本报记者 李四\n\n"
        "本报讯 今年全省新改建农村公路一万公里,惠及群众。\n"
    )


def _files(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"p{n:02d}.txt"
        path.write_text(_page(n), encoding="utf-8")
        paths.append(path)
    return paths


def _import(home: Path, paths: list[Path], monkeypatch, pool: bool) -> None:
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1 if pool else 10**9)
    monkeypatch.setattr(bulk_pool, "BATCH_FILES", 4)  # several batches
    lib = open_library(home, seed=False)
    feeder = index_feed.IndexFeeder(lib, parallel=pool)
    for batch in bulk_pool.import_files(lib, paths, feeder=feeder):
        assert all(w.error is None and got for w, got in batch)
    feeder.flush()
    assert len(feeder.indexed) == len(paths)


def _shard(home: Path, bid: str) -> dict:
    doc = orjson.loads((home / "sections" / f"{bid}.json").read_bytes())
    for row in doc["briefing"].values():
        row.pop("imported_at")
    return doc


def test_workers_or_not_the_library_is_the_same(tmp_path: Path, monkeypatch) -> None:
    paths = _files(tmp_path / "pages", 10)
    one, many = tmp_path / "one", tmp_path / "many"
    _import(one, paths, monkeypatch, pool=False)
    _import(many, paths, monkeypatch, pool=True)
    a, b = open_library(one, seed=False), open_library(many, seed=False)
    assert [x.id for x in a.briefings()] == [x.id for x in b.briefings()]
    assert [x.origin for x in a.briefings()] == [p.name for p in paths]
    for x in a.briefings():
        assert _shard(one, x.id) == _shard(many, x.id)
        assert a.heads(x.id) == b.heads(x.id)
        assert list(a.iter_sections(x.id)) == list(b.iter_sections(x.id))
    assert not [f for f in check_library(many) if f.harmful]


def test_a_batch_whose_files_cannot_all_be_written_adds_no_row(tmp_path: Path, monkeypatch) -> None:
    paths = _files(tmp_path / "pages", 5)
    home = tmp_path / "lib"
    lib = open_library(home, seed=False)
    prepared = [p for path in paths for p in prepare_file(path, None, None, False).briefings]
    renames = []
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        renames.append(dst)
        if len(renames) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WriteFailed):
        lib.store_prepared(prepared)
    monkeypatch.undo()
    assert lib.briefings() == []
    assert not list(home.rglob(".*.tmp"))
    # What was renamed before the failure is removed again: on a full disk it would hold the
    # room the user needs, and it names no briefing.
    assert len(renames) >= 3
    assert not list((home / "sections").iterdir())
    report = check_library(home)
    assert not [f for f in report if f.status != "ok"]
    lib.store_prepared(prepared)
    assert [b.origin for b in lib.briefings()] == [p.name for p in paths]


def test_each_file_of_a_batch_the_disk_could_not_hold_says_why_in_its_own_words(
    tmp_path: Path, monkeypatch
) -> None:
    paths = _files(tmp_path / "pages", 5)
    lib = open_library(tmp_path / "lib", seed=False)
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 10**9)
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst).parent.name == "sections" and Path(dst).name.startswith(fail_on[0]):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    fail_on = [prepare_file(paths[2], None, None, False).briefings[0].digest[:10]]
    monkeypatch.setattr(os, "replace", replace)
    results = [pair for batch in bulk_pool.import_files(lib, paths) for pair in batch]
    monkeypatch.undo()
    errors = [w.error for w, got in results]
    assert all(errors) and not any(got for _w, got in results)
    for path, error in zip(paths, errors, strict=True):
        assert error.startswith(f"{path}: not imported: the library could not be written")
        assert "no space left" in error.lower() and fail_on[0] not in error
    assert lib.briefings() == []


def test_a_briefing_stored_again_is_there_already_or_replaced(tmp_path: Path) -> None:
    path = _files(tmp_path / "pages", 1)[0]
    lib = open_library(tmp_path / "lib", seed=False)
    first = prepare_file(path, None, None, False).briefings
    (stored,) = lib.store_prepared(first)
    assert stored.result.status == "imported"
    (again,) = lib.store_prepared(first)
    assert again.result.status == "exists" and again.row is None
    (replaced,) = lib.store_prepared(first, replace=True)
    assert replaced.result.status == "replaced"
    assert len(lib.briefings()) == 1 and lib.briefings()[0].section_count == 2


@pytest.fixture
def segment_sizes(monkeypatch) -> list[int]:
    """The sections of each index segment built from now on, in the order they are finished."""
    from store.search import segbuild

    sizes: list[int] = []
    finish = segbuild.StreamedSegment.finish

    def counted(self, path, first) -> None:  # type: ignore[no-untyped-def]
        sizes.append(self.count)
        finish(self, path, first)

    monkeypatch.setattr(segbuild.StreamedSegment, "finish", counted)
    return sizes


def test_results_without_heads_still_count_the_sections(tmp_path: Path) -> None:
    path = _files(tmp_path / "pages", 1)[0]
    lib = open_library(tmp_path / "lib", seed=False)
    (bare,) = lib.store_prepared(prepare_file(path, None, None, False).briefings, heads=False)
    assert bare.result.status == "imported"
    assert bare.result.briefing.sections == () and bare.result.briefing.section_count == 2
    (full,) = lib.store_prepared(prepare_file(path, None, None, False).briefings, replace=True)
    assert full.result.briefing.section_count == 2
    assert full.result.briefing.sections == lib.heads(full.result.briefing.id)
    assert [h.headline for h in full.result.briefing.sections] == [
        "园区新引进项目0个",
        "農村公路建設提速0",
    ]


def test_segments_built_while_importing_answer_like_an_index_built_after(
    tmp_path: Path, monkeypatch, segment_sizes: list[int]
) -> None:
    from store.search import folder, index, search

    paths = _files(tmp_path / "pages", 10)
    home = tmp_path / "lib"
    monkeypatch.setattr(index_feed, "BULK_CAP", 5)  # sections per segment: several segments
    monkeypatch.setattr(folder, "MERGE_CAP", 4)  # and no merge of them afterwards
    _import(home, paths, monkeypatch, pool=True)
    assert segment_sizes == [4] * 5  # pages of 2 sections: a third would pass the cap
    assert not [f for f in check_library(home) if f.harmful]
    lib = open_library(home, seed=False)
    found = {q: search(lib, q, limit=100) for q in ("园区", "農村公路", "项目7个", "总投资", "王")}
    index.rebuild(lib)
    for query, got in found.items():
        again = search(lib, query, limit=100)
        assert got.total == again.total > 0
        assert [(h.section_id, h.positions) for h in got.hits] == [
            (h.section_id, h.positions) for h in again.hits
        ]


@pytest.mark.parametrize("cap", [None, 12, 13])
def test_a_folder_import_fills_each_segment_before_beginning_the_next(
    tmp_path: Path, monkeypatch, cap: int | None, segment_sizes: list[int]
) -> None:
    from store.search import folder, index, search

    paths = _files(tmp_path / "pages", 30)  # 60 sections, 2 a page
    home = tmp_path / "lib"
    built = segment_sizes
    monkeypatch.setattr(folder, "MERGE_CAP", 5)
    if cap is not None:
        monkeypatch.setattr(index_feed, "BULK_CAP", cap)
    _import(home, paths, monkeypatch, pool=True)
    assert sum(built) == 60, built
    if cap is None:
        assert built == [60]  # as many sections as a segment can hold: one segment
    else:
        # As full as whole pages make them, the cap never passed: a page that would pass it
        # begins the next segment (none straddles two).
        assert built == [12] * 5, built
    lib = open_library(home, seed=False)
    got = {q: search(lib, q, limit=100) for q in ("园区", "農村公路", "项目17个", "王")}
    index.rebuild(lib)
    for query, first in got.items():
        again = search(lib, query, limit=100)
        assert first.total == again.total > 0
        assert [h.section_id for h in first.hits] == [h.section_id for h in again.hits]


def test_an_import_whose_segment_builder_dies_leaves_the_index_to_the_next_search(
    tmp_path: Path, monkeypatch
) -> None:
    from store.search import index, search, segbuild

    paths = _files(tmp_path / "pages", 6)
    home = tmp_path / "lib"

    def die(self, path, first) -> None:  # type: ignore[no-untyped-def]
        self._proc.kill()

    monkeypatch.setattr(segbuild.StreamedSegment, "finish", die)
    lib = open_library(home, seed=False)
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1)
    feeder = index_feed.IndexFeeder(lib, parallel=True)
    for _batch in bulk_pool.import_files(lib, paths, feeder=feeder):
        pass
    feeder.flush()
    assert feeder.indexed == set()
    assert not multiprocessing.active_children()  # no builder is left behind
    man = index.handle(home).read_manifest()
    assert man is None or not man.briefings
    monkeypatch.undo()
    assert search(open_library(home, seed=False), "园区", limit=100).total == len(paths)


@pytest.mark.parametrize("pool", [False, True])
def test_a_file_with_no_article_is_skipped_and_a_damaged_one_failed(
    tmp_path: Path, monkeypatch, pool: bool
) -> None:
    paths = _files(tmp_path / "pages", 2)
    empty = tmp_path / "pages" / "pictures.txt"
    empty.write_text("人民日报 2019年10月1日 第20版\n\n壮美河山\n\n版式设计：王五\n", "utf-8")
    damaged = tmp_path / "pages" / "damaged.txt"
    damaged.write_bytes(b"\x00\xff\xfe\x01" * 64)
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1 if pool else 10**9)
    lib = open_library(tmp_path / "lib", seed=False)
    works = {
        Path(w.label).name: (w, got)
        for batch in bulk_pool.import_files(lib, [paths[0], empty, damaged, paths[1]])
        for w, got in batch
    }
    skipped, _ = works["pictures.txt"]
    assert skipped.error is None and not skipped.briefings
    assert skipped.skipped == f"{empty}: no article found: the text has no paragraph"
    failed, _ = works["damaged.txt"]
    assert failed.skipped is None and "binary" in (failed.error or "")
    assert [len(works[p.name][1]) for p in paths] == [1, 1]
    assert [b.origin for b in lib.briefings()] == [p.name for p in paths]


def test_the_library_says_a_file_holds_no_article(tmp_path: Path) -> None:
    from store.errors import ImportFailure, NoArticle

    page = tmp_path / "ads.html"
    page.write_text("<html><body><script>x()</script><p> </p></body></html>", "utf-8")
    lib = open_library(tmp_path / "lib", seed=False)
    with pytest.raises(NoArticle, match=r"ads\.html: no article"):
        lib.import_path(page)
    text = tmp_path / "pictures.txt"
    text.write_text("人民日报 2019年10月1日 第20版\n\n壮美河山\n", "utf-8")
    with pytest.raises(NoArticle, match=r"pictures\.txt: no article"):
        lib.import_path(text)
    page.write_bytes(b"\x00\xff\xfe\x01" * 64)
    with pytest.raises(ImportFailure) as caught:
        lib.import_path(page)
    assert not isinstance(caught.value, NoArticle)
    assert lib.briefing_count() == 0


class _InlinePool:
    """A process pool that runs each file when it is handed over, recording the order."""

    handed: ClassVar[list[list[Path]]] = []  # each task's files

    def __init__(self, _count: int, **_kw: object) -> None:
        _InlinePool.handed = []

    def __enter__(self) -> _InlinePool:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def submit(self, fn, chunk, *args):  # type: ignore[no-untyped-def]
        from concurrent.futures import Future

        _InlinePool.handed.append(list(chunk))
        done: Future = Future()
        done.set_result(fn(chunk, *args))
        return done


@pytest.mark.parametrize(("ahead", "ahead_bytes"), [(5, 10**9), (10**9, 3), (3, 1)])
def test_workers_get_files_ahead_up_to_a_count_and_a_size(
    tmp_path: Path, monkeypatch, ahead: int, ahead_bytes: int
) -> None:
    import concurrent.futures

    paths = _files(tmp_path / "pages", 12)
    size = paths[0].stat().st_size
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _InlinePool)
    monkeypatch.setattr(bulk_pool, "workers", lambda: 2)
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(bulk_pool, "AHEAD", ahead)
    monkeypatch.setattr(bulk_pool, "AHEAD_BYTES", ahead_bytes * size)
    monkeypatch.setattr(bulk_pool, "CHUNK_FILES", 1)
    taken, most = [], 0
    for work in bulk_pool.prepared(paths, None, None, False):
        # Handed over and not yet taken, counting the one just taken.
        most = max(most, len(_InlinePool.handed) - len(taken))
        taken.append(work.label)
    assert taken == [str(p) for p in paths]
    # As many as the limits allow are in flight (at least one, however large).
    assert most == max(1, min(ahead, ahead_bytes, len(paths)))


@pytest.mark.parametrize(("files", "size_of", "chunks"), [(3, 100, [3, 3, 3, 1]), (8, 2, [2] * 5)])
def test_workers_get_files_in_chunks_of_a_count_and_a_size(
    tmp_path: Path, monkeypatch, files: int, size_of: int, chunks: list[int]
) -> None:
    import concurrent.futures

    paths = _files(tmp_path / "pages", 10)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _InlinePool)
    monkeypatch.setattr(bulk_pool, "workers", lambda: 2)
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(bulk_pool, "CHUNK_FILES", files)
    # Pages are about the same size: a chunk closes once it holds size_of - 1 of them.
    monkeypatch.setattr(bulk_pool, "CHUNK_BYTES", (size_of - 1) * paths[-1].stat().st_size + 1)
    taken = [w.label for w in bulk_pool.prepared(paths, None, None, False)]
    assert taken == [str(p) for p in paths]
    assert [len(c) for c in _InlinePool.handed] == chunks
    assert [p for c in _InlinePool.handed for p in c] == paths


@pytest.mark.parametrize("others_cap", [None, 0])
def test_a_new_index_begins_with_the_catalogs_few_other_briefings(
    tmp_path: Path, monkeypatch, others_cap: int | None, segment_sizes: list[int]
) -> None:
    from store.search import index, search

    paths = _files(tmp_path / "pages", 10)  # 20 sections
    home = tmp_path / "lib"
    shipped = {b.id: b.section_count for b in open_library(home).briefings()}
    assert shipped and sum(shipped.values()) <= index_feed.OTHERS_CAP
    if others_cap is not None:
        monkeypatch.setattr(index_feed, "OTHERS_CAP", others_cap)
    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(bulk_pool, "BATCH_FILES", 4)
    lib = open_library(home)
    feeder = index_feed.IndexFeeder(lib, parallel=True)
    for _batch in bulk_pool.import_files(lib, paths, feeder=feeder):
        pass
    feeder.flush()
    man = index.handle(home).read_manifest()
    assert man is not None
    counts = [s["count"] for s in man.segments]
    if others_cap is None:
        # One segment: the shipped briefing first (the catalog's order), then the pages.
        assert segment_sizes == counts == [20 + sum(shipped.values())]
        firsts = sorted((info["first"], bid) for bid, info in man.briefings.items())
        assert firsts[0][1] in shipped
    else:  # too many to take along: the full check gives them a segment of their own
        assert segment_sizes == [20] and counts == [20, sum(shipped.values())]
    assert not [f for f in check_library(home) if f.harmful]
    lib = open_library(home, seed=False)
    heads = [s.headline for bid in shipped for s in lib.iter_sections(bid) if s.headline]
    found = {q: search(lib, q, limit=100) for q in (heads[0], "園區", "王")}
    assert all(got.total for got in found.values())
    index.rebuild(lib)
    for query, got in found.items():
        again = search(lib, query, limit=100)
        assert got.total == again.total
        assert [h.section_id for h in got.hits] == [h.section_id for h in again.hits]


def _import_folders(home: Path, folders: list[list[Path]], monkeypatch) -> list[list[int]]:
    """Each folder imported as one folder import; the index's segment sizes after each."""
    from store.search import index

    monkeypatch.setattr(bulk_pool, "POOL_MIN_FILES", 1)
    sizes = []
    for paths in folders:
        lib = open_library(home, seed=False)
        feeder = index_feed.IndexFeeder(lib, parallel=True)
        for _batch in bulk_pool.import_files(lib, paths, feeder=feeder):
            pass
        feeder.flush()
        assert len(feeder.indexed) == len(paths)  # a briefing a page, each streamed
        man = index.handle(home).read_manifest()
        assert man is not None
        sizes.append([s["count"] for s in man.segments])
    return sizes


def test_folder_imports_merge_the_segments_of_one_size_tier(tmp_path: Path, monkeypatch) -> None:
    from store.search import index, search

    paths = _files(tmp_path / "pages", 10)  # 2 sections a page
    home = tmp_path / "lib"
    folders = [paths[i : i + 2] for i in range(0, 10, 2)]  # five imports of 4 sections
    sizes = _import_folders(home, folders, monkeypatch)
    # The fourth import's segment joins the three before it in one of 16 (4 to 15 sections
    # share a tier); the fifth begins the next.
    assert sizes == [[4], [4, 4], [4, 4, 4], [16], [16, 4]]
    assert not [f for f in check_library(home) if f.harmful]
    lib = open_library(home, seed=False)
    found = {q: search(lib, q, limit=100) for q in ("园区", "農村公路", "项目7个", "王")}
    index.rebuild(lib)
    for query, got in found.items():
        again = search(lib, query, limit=100)
        assert got.total == again.total > 0
        assert [(h.section_id, h.positions) for h in got.hits] == [
            (h.section_id, h.positions) for h in again.hits
        ]


def test_a_merge_that_fails_after_a_folder_import_leaves_its_segments_named(
    tmp_path: Path, monkeypatch
) -> None:
    from store.search import folder, search

    paths = _files(tmp_path / "pages", 8)
    home = tmp_path / "lib"

    def fail(self, man, group) -> None:  # type: ignore[no-untyped-def]
        raise OSError("no space left on device")

    monkeypatch.setattr(folder.IndexHandle, "merge", fail)
    folders = [paths[i : i + 2] for i in range(0, 8, 2)]
    sizes = _import_folders(home, folders, monkeypatch)
    assert sizes == [[4], [4, 4], [4, 4, 4], [4, 4, 4, 4]]  # named, merged another time
    assert not [f for f in check_library(home) if f.harmful]
    assert search(open_library(home, seed=False), "园区", limit=100).total == 8
