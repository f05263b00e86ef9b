"""Watches after an import: the new matching sections, counted in the new briefings only."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from analysis_helpers import MemoryLibrary, fill, libraries, make_section, scan_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import open_library
from store.analysis.watch_counts import WatchCounter
from store.analysis.watch_news import new_matches
from store.analysis.watches import Watch, add_watch, list_watches, mark_seen
from store.search import fold
from store.search.corpus import Corpus
from store.search.fields import field_texts

HAN = "衡阳陽湘产业"
words = st.text(alphabet=HAN + ",，ＩTi", min_size=1, max_size=3).filter(lambda t: fold(t) != "")
han_words = st.text(alphabet=HAN, min_size=1, max_size=2)
# One term, or two Han terms that must both occur (in any field each).
queries = st.one_of(words.map(lambda t: (t,)), st.tuples(han_words, han_words))


def scan_matching(sections, terms: tuple[str, ...]) -> set[str]:
    """Sections where every term occurs in some field: a plain substring scan of folded text."""
    if len(terms) == 1:
        return set(scan_counts(None, terms[0], sections))
    out = set()
    for s in sections:
        fields = [fold(text) for _f, _b, text in field_texts(s)]
        if all(any(fold(t) in f for f in fields) for t in terms):
            out.add(s.id)
    return out


class MatchSpy:
    """Records the briefings each `Corpus.match` was restricted to (None: the whole library)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scopes: list[list[str] | None] = []
        original = Corpus.match

        def spy(corpus, query, briefing_ids=None, **kw):
            self.scopes.append(None if briefing_ids is None else sorted(briefing_ids))
            return original(corpus, query, briefing_ids, **kw)

        monkeypatch.setattr(Corpus, "match", spy)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=libraries, new=libraries, wanted=st.lists(queries, min_size=1, max_size=3))
def test_new_matches_equal_a_plain_scan_of_the_new_sections(old, new, wanted) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = MemoryLibrary(Path(tmp))
        fill(lib, old)
        for i, terms in enumerate(wanted):
            add_watch(lib, f"w{i}", " ".join(terms))
        # Seen right after the old briefings were imported: only what follows is new.
        seen = lib.briefings()[-1].imported_at
        for w in list_watches(lib):
            mark_seen(lib, w.name, seen)
        counter = WatchCounter(lib)
        assert all(n == 0 for _w, n in counter.new_counts())
        for b, (date, secs) in enumerate(new):
            bid = f"n{b:09d}"
            sections = [make_section(bid, n, h, ps) for n, (h, ps) in enumerate(secs, 1)]
            lib.add(bid, sections, date)
        new_ids = [f"n{b:09d}" for b in range(len(new))]
        fresh = [s for s in lib.iter_sections() if s.briefing_id in new_ids]
        news = {n.watch.name: n for n in new_matches(lib, new_ids)}
        counted = {w.name: n for w, n in counter.new_counts()}
        totals = {c.watch.name: c for c in WatchCounter(lib).counts()}
        for i, terms in enumerate(wanted):
            expected = scan_matching(fresh, terms)
            assert set(news[f"w{i}"].sections) == expected
            assert news[f"w{i}"].new == len(expected) == counted[f"w{i}"]
            assert totals[f"w{i}"].new == len(expected)
            assert totals[f"w{i}"].total == len(scan_matching(lib.iter_sections(), terms))


def test_an_import_is_searched_in_its_own_briefings_only(tmp_path: Path, monkeypatch) -> None:
    lib = MemoryLibrary(tmp_path)
    fill(lib, [("2019-01-01", [("衡阳", ["衡阳产业"])]), (None, [("湘", ["产业"])])])
    add_watch(lib, "a", "产业")
    add_watch(lib, "b", "衡阳")
    for w in list_watches(lib):
        mark_seen(lib, w.name, lib.briefings()[-1].imported_at)
    counter = WatchCounter(lib)
    counter.new_counts()
    spy = MatchSpy(monkeypatch)
    lib.add("c000000001", [make_section("c000000001", 1, "新", ["衡阳的产业", "产业"])], None)
    news = new_matches(lib, ["c000000001", "gone000000"])
    assert [(n.watch.name, n.sections) for n in news] == [
        ("a", ("c000000001-1",)),
        ("b", ("c000000001-1",)),
    ]
    assert spy.scopes == [["c000000001"], ["c000000001"]]
    spy.scopes.clear()
    assert [n for _w, n in counter.new_counts()] == [1, 1]
    assert spy.scopes == [["c000000001"], ["c000000001"]]  # the old briefings are known
    spy.scopes.clear()
    assert [n for _w, n in counter.new_counts()] == [1, 1]
    assert spy.scopes == []  # nothing new since: nothing searched


def test_the_status_count_never_searches_briefings_seen_before(tmp_path: Path, monkeypatch):
    lib = MemoryLibrary(tmp_path)
    fill(lib, [(None, [("衡阳", ["衡阳"])]) for _ in range(3)])
    add_watch(lib, "w", "衡阳")
    mark_seen(lib, "w", lib.briefings()[-1].imported_at)
    lib.add("d000000001", [make_section("d000000001", 1, "x", ["衡阳"])], None)
    spy = MatchSpy(monkeypatch)
    assert [n for _w, n in WatchCounter(lib).new_counts()] == [1]
    assert spy.scopes == [["d000000001"]]


def test_odd_inputs(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    bid = lib.briefings()[0].id
    assert new_matches(lib, [bid]) == []  # no watch
    add_watch(lib, "w", "衡阳")
    (news,) = new_matches(lib, [])
    assert news.new == 0 and news.to_dict() == {
        "name": "w",
        "query": "衡阳",
        "new": 0,
        "sections": [],
    }
    (news,) = new_matches(lib, ["0000000000"])
    assert news.new == 0
    only_excludes = Watch("x", "-衡阳", "t", "t")  # a query that no longer parses
    (news,) = new_matches(lib, [bid], [only_excludes])
    assert news.new == 0
    counter = WatchCounter(lib)
    for _ in range(2):  # parsed (and refused) once, counted as nothing each time
        assert counter.new_counts([only_excludes]) == [(only_excludes, 0)]
        assert [(c.new, c.total) for c in counter.counts([only_excludes])] == [(0, 0)]
    (news,) = new_matches(lib, [bid, bid], [Watch("y", "衡阳", "t", "t")])
    assert news.new == 2 and len(set(news.sections)) == 2  # each section once
