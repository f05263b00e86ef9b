"""A library kept in memory for the analysis tests, and the plain scans they compare with."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from store.models import Block, Briefing, Section
from store.search import fold, index, parse
from store.search.fields import field_texts
from store.search.hits import section_matches
from store.userdata import UserData


class MemoryLibrary:
    """The part of Library that search and analysis use, kept in memory."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._briefings: dict[str, Briefing] = {}
        self._sections: dict[str, Section] = {}
        self._callbacks: list = []
        self._seq = 0
        (home / "catalog.json").write_text("0")
        self.user = UserData(home / "user.json")
        index.register(self)

    def add(self, bid: str, sections: list[Section], date: str | None, title: str = "") -> None:
        self._seq += 1
        self._briefings[bid] = Briefing(
            id=bid,
            title=title or f"title {bid}",
            content_hash=bid,
            date=date,
            imported_at=f"2020-01-01T00:00:{self._seq:02d}Z",
        )
        self._sections.update((s.id, s) for s in sections)
        self._changed([bid], [])

    def delete(self, bid: str) -> None:
        del self._briefings[bid]
        self._sections = {k: s for k, s in self._sections.items() if s.briefing_id != bid}
        self._changed([], [bid])

    def _changed(self, added: list[str], removed: list[str]) -> None:
        path = self.home / "catalog.json"
        path.write_text(str(int(path.read_text()) + 1))
        for cb in self._callbacks:
            cb(added, removed)

    def briefings(self) -> list[Briefing]:
        return list(self._briefings.values())

    def briefing(self, bid: str) -> Briefing:
        return self._briefings[bid]

    def iter_sections(self, briefing_id: str | None = None):
        return [s for s in self._sections.values() if briefing_id in (None, s.briefing_id)]

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    def on_change(self, callback) -> None:
        self._callbacks.append(callback)


def make_section(bid: str, n: int, headline: str, paras: list[str]) -> Section:
    blocks = tuple(Block("paragraph", p) for p in paras)
    return Section(id=f"{bid}-{n}", briefing_id=bid, order=n, headline=headline, blocks=blocks)


def fill(lib: MemoryLibrary, briefings: list[tuple[str | None, list]]) -> None:
    """Add briefings given as (date, [(headline, [paragraph, ...]), ...])."""
    for b, (date, secs) in enumerate(briefings):
        bid = f"b{b:09d}"
        lib.add(bid, [make_section(bid, n, h, ps) for n, (h, ps) in enumerate(secs, 1)], date)


def scan_counts(lib, term: str, sections=None) -> dict[str, int]:
    """Occurrences of one term in every section holding it: a plain count of folded text."""
    needle = fold(term)
    out = {}
    for s in sections if sections is not None else lib.iter_sections():
        n = sum(fold(text).count(needle) for _f, _b, text in field_texts(s))
        if n:
            out[s.id] = n
    return out


def scan_sections(lib, query: str) -> set[str]:
    """Sections a plain scan says match a query."""
    q = parse(query)
    return {s.id for s in lib.iter_sections() if section_matches(s, q)}


# 𠮷 is outside the BMP (two UTF-16 units in the index, one character in Python).
ALPHABET = "衡阳陽湘保产业 \n,，。ＩTi𠮷"
texts = st.text(alphabet=ALPHABET, max_size=40)
sections_st = st.lists(st.tuples(texts, st.lists(texts, max_size=3)), min_size=1, max_size=5)
dates = st.one_of(
    st.none(),
    st.dates(min_value=__import__("datetime").date(2018, 1, 1)).map(lambda d: d.isoformat()),
)
libraries = st.lists(st.tuples(dates, sections_st), min_size=1, max_size=4)
terms = st.text(alphabet="衡阳陽湘产业,，ＩTi𠮷", min_size=1, max_size=3).filter(
    lambda t: fold(t) != ""
)
