"""The reader's search navigation: highlights, n/N, escape, and "hit i/n" in the status.

The reader owns one `SearchNav` and calls it from its actions and its cursor handler, in
an order the reader states; the navigation in turn drives the reader through `HitReader`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from textual.binding import Binding

if TYPE_CHECKING:
    from store.models import Section
    from tui.search_places import HitPlace, SearchChoice
    from tui.widgets.section_view import SectionView
    from tui.widgets.status_bar import StatusBar

SEARCH_BINDINGS: list[Binding] = [
    Binding("slash", "search", "Search", id="reader.search"),
    Binding("ctrl+f", "find", "Find in section", id="reader.find"),
    Binding("n", "next_hit", "Next hit", show=False, id="reader.next_hit"),
    Binding("N", "prev_hit", "Previous hit", show=False, id="reader.prev_hit"),
    Binding("escape", "clear_hits", "Clear hits, then back", show=False, id="reader.clear_hits"),
]


class HitReader(Protocol):
    """What the navigation needs of the reader screen."""

    section: Section | None
    app: Any

    @property
    def view(self) -> SectionView: ...

    @property
    def status_bar(self) -> StatusBar: ...

    def open_section(self, section_id: str, block: int | None = None) -> bool: ...

    def update_status(self) -> None: ...

    def notify(self, message: str, *, markup: bool = ...) -> None: ...


class SearchNav:
    """The reader's current set of hits; the reader calls it and it drives the reader."""

    def __init__(self, reader: HitReader) -> None:
        self.reader = reader
        self.places: tuple[HitPlace, ...] = ()
        self.current = -1
        self.query = ""
        # (section, block) where the last jump put the cursor.
        self._left_at: tuple[str, int] | None = None
        # The section whose hits the view shows now.
        self._shown_in: str | None = None
        # Where the reader was before following hits, and where escape cleared them.
        self._origin: tuple[str, int] | None = None
        self._back_from: tuple[str, int] | None = None

    @property
    def active(self) -> bool:
        """Whether hits are being shown."""
        return bool(self.places)

    # -- the search screen ------------------------------------------------------------------
    def search_all(self) -> None:
        """Open the search screen over every briefing."""
        from tui.screens.search import SearchScreen

        app = self.reader.app
        app.push_screen(SearchScreen(app.library), self.chosen)

    def find_here(self) -> None:
        """Open the search screen over the current section, with the last query."""
        from tui.screens.search import SearchScreen

        reader = self.reader
        if reader.section is None:
            return
        finder = SearchScreen(reader.app.library, section=reader.section, query=self.query)
        reader.app.push_screen(finder, self.chosen)

    def chosen(self, choice: SearchChoice | None) -> None:
        """Follow what the search screen handed back (nothing when it was closed)."""
        if choice is None:
            return
        reader = self.reader
        if not self.active and reader.section is not None:
            # Where the reader was before following hits; a second escape goes back there.
            self._origin = (reader.section.id, reader.view.cursor)
        self.start(choice)

    # -- walking the hits -------------------------------------------------------------------
    def start(self, choice: SearchChoice) -> None:
        """Show a new set of hits and go to the chosen one."""
        self.places, self.query = choice.places, choice.query
        self.current = -1
        self._shown_in = None
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
        reader.update_status()

    def clear(self) -> bool:
        """Forget the hits and their highlights; False when there were none."""
        if not self.places:
            return False
        self.places, self.current, self.query = (), -1, ""
        self.reader.view.hits = ()
        self.reader.view.current_hit = None
        self.reader.update_status()
        return True

    def escape(self) -> None:
        """Take the highlights away; pressed again, go back to where the search began."""
        reader = self.reader
        origin, here = self._origin, None
        if reader.section is not None:
            here = (reader.section.id, reader.view.cursor)
        if self.clear():
            if origin is not None and origin != here:
                self._back_from = here
                reader.notify("Escape again to go back to where you were.", markup=False)
            else:
                self._origin = None
            return
        # Only straight after clearing: once the reader moves on, escape does nothing.
        armed = self._back_from == here
        self._origin = self._back_from = None
        if origin is not None and armed:
            reader.open_section(*origin)

    # -- what the view and the status line show ---------------------------------------------
    def cursor_moved(self, section_id: str) -> None:
        """The reader's cursor moved: light up the hits of a section shown anew."""
        if self.active and section_id != self._shown_in:
            self._shown_in = section_id
            self.section_shown(self.reader.section)

    def section_shown(self, section: Section | None) -> None:
        """Light up this set's hits in a section the reader just showed."""
        if section is None:
            return
        view = self.reader.view
        view.hits = tuple(p.mark for p in self.places if p.section_id == section.id)
        here = self.places[self.current] if 0 <= self.current < len(self.places) else None
        view.current_hit = here.mark if here and here.section_id == section.id else None

    def decorate(self, bar: StatusBar) -> None:
        """Add "hit i/n" to the status line the reader just drew."""
        if not self.places or self.current < 0:
            return
        bar.show_suffix(f"hit {self.current + 1}/{len(self.places)}")
