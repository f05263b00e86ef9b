"""Choosing and ordering briefings: date ranges, source, filter text, unread, grouping."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from store.calendar_days import days_in
from store.models import Briefing
from store.outline_order import title_key  # one day's briefings go by it, as in the outline

# 2019, 2019-10 or 2019-10-03; "2019-10..2019-12" is a range of them.
_DATE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")
NO_SOURCE = "(no source)"
NO_DATE = "(no date)"
# The filter box's word for "with sections not read yet" (as `is:highlight` in the notes').
UNREAD_WORD = "is:unread"


def normalise_date(value: str) -> str | None:
    """`2019-1-5` as `2019-01-05`; None when it is not a year, month or day."""
    value = value.strip()
    if not _DATE.fullmatch(value):
        return None
    parts = value.split("-")
    if len(parts) > 1 and not 1 <= int(parts[1]) <= 12:
        return None
    if len(parts) > 2 and not 1 <= int(parts[2]) <= days_in(int(parts[0]), int(parts[1])):
        return None  # 2019-02-30 is no day: trends by week or day could not place it
    return "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])


def date_in(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a briefing date falls in [since, until]; each bound may be a year or month."""
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None and date[: len(since)] < since:
        return False
    return until is None or date[: len(until)] <= until


@dataclass(frozen=True)
class Filter:
    """What a filter box or the command line asked for."""

    words: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    source: str | None = None
    unread: bool = False

    @classmethod
    def parse(cls, text: str) -> Filter:
        """Words match title, source or id as search matches text (width, case, Traditional
        characters folded); a date (2019, 2019-10) or a range (2019-10..2019-12) keeps
        briefings of those days; `is:unread` keeps briefings with sections not read yet."""
        words: list[str] = []
        since = until = None
        unread = False
        for token in text.split():
            if token.casefold() == UNREAD_WORD:
                unread = True
                continue
            token = _fold(token)
            lo, sep, hi = token.partition("..")
            a, b = normalise_date(lo) if lo else None, normalise_date(hi) if hi else None
            if sep and (a or not lo) and (b or not hi) and (a or b):
                since, until = a, b
            elif not sep and a is not None:
                since = until = a
            else:
                words.append(token)
        return cls(tuple(words), since, until, unread=unread)

    def keeps(self, b: Briefing, read: Mapping[str, frozenset[int]] | None = None) -> bool:
        """Whether a briefing passes the filter (`read`: read orders by briefing id)."""
        if self.source is not None and _haystack(b.source or "") != _haystack(self.source):
            return False  # the same source however it was typed (width, case, Traditional)
        if not date_in(b.date, self.since, self.until):
            return False
        if self.unread and read is not None and unread_count(b, read) == 0:
            return False
        if self.words:
            return all(w in haystack(b) for w in self.words)
        return True


def _fold(text: str) -> str:
    from store.search.normalise import fold  # loaded by the first filter with words

    return fold(text)


def haystack(b: Briefing) -> str:
    """What a filter's words are looked for in: a briefing's title, source, id and date,
    folded (kept: made once per briefing, so a worker can make them before the first key)."""
    return _haystack(b.title, b.source or "", b.id, b.date or "")


@lru_cache(maxsize=1 << 16)
def _haystack(*fields: str) -> str:
    """A briefing's fields folded as search folds text (kept: filtering runs per key typed)."""
    return "\n".join(_fold(f) for f in fields)


def unread_count(b: Briefing, read: Mapping[str, frozenset[int]]) -> int:
    """Sections of a briefing not read yet."""
    done = read.get(b.id, frozenset())
    return b.section_count - sum(1 for o in done if o <= b.section_count)


# Each source as briefings write it -> the name its shelf shows (`shelve_sources`).
_SHELF_NAMES: dict[str, str] = {}


def shelve_sources(briefings: Iterable[Briefing]) -> dict[str, str]:
    """Shelve sources that are the same however written (width, case, Traditional, as
    search folds them: 人民日报 and a Big5 copy's 人民日報) under one name, the one most of
    their briefings carry (the first met among equals); returns each spelling's name."""
    global _SHELF_NAMES
    counts = Counter(b.source for b in briefings if b.source)
    best: dict[str, str] = {}
    for name, _n in counts.most_common():
        best.setdefault(_fold(name), name)
    _SHELF_NAMES = {name: best[_fold(name)] for name in counts}
    return _SHELF_NAMES


def group_key(b: Briefing) -> tuple[str, str, str]:
    """Source (the name it is shelved under), year and month a briefing is shelved under."""
    date = b.date or ""
    year = date[:4] if len(date) >= 4 else NO_DATE
    month = date[:7] if len(date) >= 7 else year
    source = b.source
    return (_SHELF_NAMES.get(source, source) if source else NO_SOURCE, year, month)


def ordered(briefings: Iterable[Briefing], by: str = "date") -> list[Briefing]:
    """In shelf order: by source (briefings without one last, as those without a date come
    last in a source), newest month first, and inside a month newest day first, one day's
    briefings by title (`date`), or by title (`title`). The briefings are the library's:
    their sources are shelved under one name each first (`shelve_sources`)."""
    briefings = list(briefings)
    shelve_sources(briefings)
    items = sorted(briefings, key=lambda b: (title_key(b.title), b.id))
    if by != "title":
        # Newest day first; one day's pages in their own order (第2版 before 第10版).
        items.sort(key=lambda b: b.date or "", reverse=True)
    # Stable sorts: the month keeps the order above inside it, the source keeps the months'.
    items.sort(key=lambda b: group_key(b)[2], reverse=True)
    items.sort(key=lambda b: (not b.source, group_key(b)[0]))
    return items
