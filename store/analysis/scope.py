"""Which briefings an analysis covers: a date range, a source, one briefing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.search.corpus import Corpus
from store.search.normalise import fold


@dataclass(frozen=True, slots=True)
class Scope:
    """A filter over briefings; dates compare by prefix, so `2019-10` is the whole month."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    briefing_id: str | None = None

    @property
    def everything(self) -> bool:
        """Whether the scope lets every briefing through."""
        return not (self.since or self.until or self.source or self.briefing_id)

    def allows_date(self, date: str | None) -> bool:
        """Whether a briefing of this date is in the range (an undated one only without one)."""
        if not (self.since or self.until):
            return True
        if not date:
            return False
        if self.since and date < self.since:
            return False
        return not (self.until and date[: len(self.until)] > self.until)

    def briefing_ids(self, lib: Any, corpus: Corpus) -> set[str] | None:
        """The briefings in scope (None: all of them)."""
        if self.everything:
            return None
        names = briefing_names(lib) if self.source else {}
        wanted = fold(self.source) if self.source else ""
        out = set()
        for bid, size in corpus.sizes.items():
            if self.briefing_id and not bid.startswith(self.briefing_id):
                continue
            if not self.allows_date(size.date):
                continue
            if wanted and wanted not in fold(names.get(bid, "")) + "\x1f" + fold(size.title):
                continue
            out.add(bid)
        return out


def briefing_names(lib: Any) -> dict[str, str]:
    """The name of each briefing's source: its title (the masthead), else its recorded source."""
    return {b.id: (b.title or b.source or "").strip() for b in lib.briefings()}


_DATE_FORMS = ("%Y", "%Y-%m", "%Y-%m-%d")


def check_date(value: str) -> str:
    """A date bound as given (YYYY, YYYY-MM or YYYY-MM-DD); ValueError otherwise."""
    from datetime import datetime

    for form in _DATE_FORMS:
        try:
            datetime.strptime(value, form)
        except ValueError:
            continue
        if len(value) in (4, 7, 10):
            return value
    raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
