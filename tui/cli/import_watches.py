"""What `briefing import` tells of watches: each watch with matching sections in the import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from store import BriefingError, Library
from store.sanitize import clean_line
from tui.wording import plural

if TYPE_CHECKING:
    from store.analysis.watch_news import WatchNews
    from tui.cli.import_run import Outcome

# The user file's table of watches (`store.analysis.watches.TABLE`).
WATCHES = "watches"
# Statuses whose briefings are new to the watches (read again, or grown by a feed's items).
NEW_STATUSES = ("imported", "replaced", "updated")


def import_news(library: Library, outcomes: list[Outcome]) -> list[WatchNews]:
    """The watches with matching sections in the briefings these outcomes stored.

    Only those briefings' sections are searched; a library without watches costs one read
    of the user file, and a user file that cannot be read costs the import nothing.
    """
    ids = [r.briefing.id for o in outcomes for r in o.results if r.status in NEW_STATUSES]
    if not ids:
        return []
    try:
        if not library.user.holds_rows(WATCHES):
            return []  # without loading the watches' modules
        from store.analysis.watch_news import new_matches
        from store.analysis.watches import list_watches

        watches = list_watches(library)
        if not watches:
            return []
        return [news for news in new_matches(library, ids, watches) if news.new]
    except BriefingError:
        return []


def news_lines(news: list[WatchNews]) -> list[str]:
    """One line per watch: `watch 产业转移: 3 new sections`."""
    return [f"watch {clean_line(n.watch.name)}: {plural(n.new, 'new section')}" for n in news]


def news_json(news: list[WatchNews]) -> list[dict[str, Any]]:
    """The `watches` rows of `briefing import --json`."""
    return [n.to_dict() for n in news]
