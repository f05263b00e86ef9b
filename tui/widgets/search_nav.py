"""Moving through search hits in the reader: highlights, n/N, and "hit i/n" in the status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.binding import Binding

from store.models import Section


@dataclass(frozen=True, slots=True)
class HitPlace:
    """One hit in a section: [start, end) of a block's text, or of a head field's text.

    `field` is "block" for body hits (then `block` is set), else kicker, headline, deck,
    byline or dateline (then `block` is None and the cursor goes to the top).
    """

    section_id: str
    block: int | None
    start: int
    end: int
    field: str = "block"

    @property
    def mark(self) -> tuple[str, int | None, int, int]:
        """The hit as the section view draws it."""
        return (self.field, self.block, self.start, self.end)


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """What the search screen hands back: every hit place and the one to go to."""

    query: str
    places: tuple[HitPlace, ...]
    current: int = 0


def places_of(section_id: str, positions: Any) -> list[HitPlace]:
    """Every hit of a section as places, head fields first, in reading order."""
    out = []
    for p in positions:
        if p.field == "block" and p.block is None:
            continue
        block = p.block if p.field == "block" else None
        out.append(HitPlace(section_id, block, p.start, p.end, p.field))
    return out


def choice_from_results(query: str, hits: Any, index: int) -> SearchChoice:
    """Every hit of every result as one walk, starting at result `index`.

    The chosen section opens at the paragraph its snippet showed, not at a hit in its head.
    """
    places: list[HitPlace] = []
    current = 0
    for i, hit in enumerate(hits):
        section_places = places_of(hit.section_id, hit.positions)
        if i == index:
            if not section_places:
                section_places = [HitPlace(hit.section_id, None, 0, 0, "headline")]
            at = next((k for k, p in enumerate(section_places) if p.block == hit.block), 0)
            current = len(places) + at
        places.extend(section_places)
    return SearchChoice(query, tuple(places), current)


class SearchNav:
    """The reader's current set of hits; the reader calls it and it drives the reader."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.places: tuple[HitPlace, ...] = ()
        self.current = -1
        self.query = ""
        # (section, block) where the last jump put the cursor.
        self._left_at: tuple[str, int] | None = None

    @property
    def active(self) -> bool:
        """Whether hits are being shown."""
        return bool(self.places)

    def start(self, choice: SearchChoice) -> None:
        """Show a new set of hits and go to the chosen one."""
        self.places, self.query = choice.places, choice.query
        self.current = -1
        self.reader._hits_shown_in = None
        if self.places:
            self.go(max(0, min(choice.current, len(self.places) - 1)))

    def step(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) hit, wrapping round.

        After the reader has moved on by themselves, "next" means the next hit from where
        they are now in this section, not the one after the hit they last jumped to.
        """
        if not self.places:
            self.reader.notify("No search hits: press / to search.", markup=False)
            return
        i = self._from_here(delta)
        self.go((self.current + delta) % len(self.places) if i is None else i)

    def _from_here(self, delta: int) -> int | None:
        """The hit to go to from the cursor, when it is not where the last jump left it."""
        reader = self.reader
        section = reader.section
        if section is None or self._left_at == (section.id, reader.view.cursor):
            return None
        mine = [i for i, p in enumerate(self.places) if p.section_id == section.id]
        if not mine:
            return None
        cursor = reader.view.cursor

        def where(i: int) -> int:
            block = self.places[i].block
            return -1 if block is None else block

        if delta > 0:
            ahead = [i for i in mine if where(i) >= cursor]
            return ahead[0] if ahead else (mine[-1] + 1) % len(self.places)
        behind = [i for i in mine if where(i) < cursor]
        return behind[-1] if behind else (mine[0] - 1) % len(self.places)

    def go(self, i: int) -> None:
        """Open the hit's section if needed and put the cursor on its block."""
        self.current = i
        place = self.places[i]
        reader = self.reader
        block = place.block if place.block is not None else 0
        if reader.section is None or reader.section.id != place.section_id:
            if not reader.open_section(place.section_id, block):
                return
        else:
            reader.view.cursor = block
        if place.block is None:
            reader.view.scroll_to(y=0, animate=False, immediate=True)  # a hit in the head
        else:
            region = reader.view.block_region(place.block)
            reader.view.scroll_to_region(region, animate=False, immediate=True)
        self.section_shown(reader.section)
        self._left_at = (place.section_id, reader.view.cursor)
        reader._update_status()
        self.decorate(reader.status_bar)

    def clear(self) -> bool:
        """Forget the hits and their highlights; False when there were none."""
        if not self.places:
            return False
        self.places, self.current, self.query = (), -1, ""
        self.reader.view.hits = ()
        self.reader.view.current_hit = None
        self.reader._update_status()
        return True

    def section_shown(self, section: Section | None) -> None:
        """Light up this set's hits in a section the reader just showed."""
        if section is None:
            return
        view = self.reader.view
        view.hits = tuple(p.mark for p in self.places if p.section_id == section.id)
        here = self.places[self.current] if 0 <= self.current < len(self.places) else None
        view.current_hit = here.mark if here and here.section_id == section.id else None

    def decorate(self, bar: Any) -> None:
        """Add "hit i/n" to the status line the reader just drew."""
        if not self.places or self.current < 0:
            return
        bar.show_suffix(f"hit {self.current + 1}/{len(self.places)}")


SEARCH_BINDINGS: list[Binding] = [
    Binding("slash", "search", "Search", id="reader.search"),
    Binding("ctrl+f", "find", "Find in section", id="reader.find"),
    Binding("n", "next_hit", "Next hit", show=False, id="reader.next_hit"),
    Binding("N", "prev_hit", "Previous hit", show=False, id="reader.prev_hit"),
    Binding("escape", "clear_hits", "Clear hits, then back", show=False, id="reader.clear_hits"),
]


class ReaderSearch:
    """Search for the reader screen: /, ctrl+f, n/N, escape (mixed into ReaderScreen)."""

    _search_nav: SearchNav | None = None
    _hits_shown_in: str | None = None
    _search_origin: tuple[str, int] | None = None
    _back_from: tuple[str, int] | None = None

    @property
    def search_nav(self) -> SearchNav:
        """The reader's hits."""
        if self._search_nav is None:
            self._search_nav = SearchNav(self)
        return self._search_nav

    def action_search(self) -> None:
        """Search every briefing."""
        from tui.screens.search import SearchScreen

        screen: Any = self
        screen.app.push_screen(SearchScreen(screen.app.library), self._search_chosen)

    def action_find(self) -> None:
        """Find in the current section."""
        from tui.screens.search import SearchScreen

        screen: Any = self
        if screen.section is None:
            return
        query = self.search_nav.query
        finder = SearchScreen(screen.app.library, section=screen.section, query=query)
        screen.app.push_screen(finder, self._search_chosen)

    def _search_chosen(self, choice: SearchChoice | None) -> None:
        if choice is None:
            return
        screen: Any = self
        if not self.search_nav.active and screen.section is not None:
            # Where the reader was before following hits; a second escape goes back there.
            self._search_origin = (screen.section.id, screen.view.cursor)
        self.search_nav.start(choice)

    def action_next_hit(self) -> None:
        """Go to the next search hit."""
        self.search_nav.step(1)

    def action_prev_hit(self) -> None:
        """Go to the previous search hit."""
        self.search_nav.step(-1)

    def action_clear_hits(self) -> None:
        """Take the search highlights away; pressed again, go back to where the search began."""
        screen: Any = self
        origin, here = self._search_origin, None
        if screen.section is not None:
            here = (screen.section.id, screen.view.cursor)
        if self.search_nav.clear():
            if origin is not None and origin != here:
                self._back_from = here
                screen.notify("Escape again to go back to where you were.", markup=False)
            else:
                self._search_origin = None
            return
        # Only straight after clearing: once the reader moves on, escape does nothing.
        armed = self._back_from == here
        self._search_origin = self._back_from = None
        if origin is not None and armed:
            screen.open_section(*origin)

    def on_section_view_cursor_moved(self, event: Any) -> None:
        # Runs after the reader's own handler has redrawn the status line.
        nav = self.search_nav
        if not nav.active:
            return
        if event.section_id != self._hits_shown_in:
            self._hits_shown_in = event.section_id
            nav.section_shown(self.section)  # type: ignore[attr-defined]
        nav.decorate(self.status_bar)  # type: ignore[attr-defined]
