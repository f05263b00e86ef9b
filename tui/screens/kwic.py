"""The concordance screen: every occurrence of a query, one line each, aligned on the hit."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.errors import BriefingError
from store.sanitize import clean_line
from store.search import QueryError
from store.typeset import cell_width, pad_to_cells
from tui.search_places import HitPlace, SearchChoice
from tui.widgets.footer import HelpFirstFooter, help_binding

PAGE = 200  # lines read at a time; more are read when the cursor nears the end
SORTS = ("date", "left", "right")
DATE_CELLS = 10
SOURCE_CELLS = 8
HIT_STYLE = "bold reverse"


def line_text(line: Any, side: int, width: int = 0) -> Text:
    """One concordance line: date, source, then left | hit | right with the hit aligned; the
    right context is cut to fit `width` cells (when given), so a long hit never wraps it."""
    left = clean_line(line.left)
    date = pad_to_cells(line.date or "", DATE_CELLS)
    head = f"{date} {pad_to_cells(clean_line(line.source), SOURCE_CELLS)} "
    text = Text(head, style="dim", no_wrap=True, overflow="crop")
    text.append(" " * max(0, side - cell_width(left)) + left + " ")
    text.append(clean_line(line.hit), style=HIT_STYLE)
    right = clean_line(line.right)
    if width:
        right = pad_to_cells(right, max(0, width - text.cell_len - 1)).rstrip(" ")
    text.append(" " + right)
    return text


def header_text(conc: Any, query: str, shown: int) -> Text:
    """Counts of occurrences and sections, then per year and per source."""
    if conc.total == 0:
        return Text(f"No occurrence of {clean_line(query)}.")
    noun = "occurrence" if conc.total == 1 else "occurrences"
    secs = "section" if conc.sections == 1 else "sections"
    text = Text(f"{conc.total} {noun} in {conc.sections} {secs}", style="bold")
    text.append(f" · sorted by {conc.sort}", style="dim")
    if shown < conc.total:
        text.append(f" · {shown} read", style="dim")
    years = " ".join(f"{y}: {n}" for y, n in sorted(conc.by_year.items()))
    sources = " ".join(f"{clean_line(s) or '?'}: {n}" for s, n in conc.by_source.most_common(6))
    text.append(f"\nby year  {years}\nby source  {sources}", style="dim")
    return text


SCOPE_WORDS = ("since:", "until:", "source:")


def split_scope(text: str) -> tuple[str, Any]:
    """The query without its since:/until:/source: words, and the scope they give."""
    from store.analysis.scope import Scope, check_date

    found: dict[str, str] = {}
    rest = []
    for word in text.split(" "):
        key = next((k for k in SCOPE_WORDS if word.startswith(k) and len(word) > len(k)), None)
        if key is None:
            rest.append(word)
        else:
            found[key[:-1]] = word[len(key) :]
    for key in ("since", "until"):
        if key in found:
            found[key] = check_date(found[key])  # ValueError names the bad date
    return " ".join(rest).strip(), Scope(
        found.get("since"), found.get("until"), found.get("source")
    )


class KwicScreen(ModalScreen[SearchChoice | None]):
    """Concordance lines of a query; enter opens the occurrence in the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="kwic.close"),
        help_binding("kwic"),
        Binding("s", "cycle_sort", "Sort", id="kwic.sort"),
        Binding("tab", "switch_focus", "Query/lines", show=False, id="kwic.focus"),
    ]

    def __init__(self, library: Any, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.query_text = query
        self.sort = "date"
        self.conc: Any = None
        self.lines: list[Any] = []
        self.side = 20
        self._loading = False

    def compose(self) -> ComposeResult:
        with Vertical(id="kwic-panel"):
            yield Input(
                self.query_text,
                placeholder="Concordance of… (since:2019-10 until:2019-12 source:name narrow it)",
                id="kwic-query",
            )
            yield Static("", id="kwic-header", markup=False)
            yield OptionList(id="kwic-lines")
        # Its own keys in the footer, not those of the reader below.
        yield HelpFirstFooter()

    @property
    def line_list(self) -> OptionList:
        """The concordance lines."""
        return self.query_one("#kwic-lines", OptionList)

    @property
    def header(self) -> Static:
        """Counts per year and source."""
        return self.query_one("#kwic-header", Static)

    def on_mount(self) -> None:
        if self.query_text.strip():
            self.line_list.focus()
            self.run_query(self.query_text)
        else:
            self.query_one("#kwic-query", Input).focus()
            self.header.update(Text("Type a query and press enter (the search language)."))

    def _width(self) -> int:
        """Cells a line may take in the list, a vertical scrollbar left room for (it appears
        once the lines outnumber the rows, after the width was taken)."""
        lines = self.line_list
        width = lines.scrollable_content_region.width or self.size.width
        if not lines.show_vertical_scrollbar:
            width -= lines.styles.scrollbar_size_vertical
        return max(1, width)

    def _side(self) -> int:
        rest = self._width() - DATE_CELLS - SOURCE_CELLS - 4 - 6
        return max(6, rest // 2)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_text = event.value
        if event.value.strip():
            self.line_list.focus()
            self.run_query(event.value)

    @work(thread=True, exclusive=True, group="kwic", exit_on_error=False)
    def run_query(self, query: str) -> None:
        """Count every occurrence and read the first page, off the event loop."""
        from store.analysis.kwic import Concordance

        side = self._side()
        try:
            words, scope = split_scope(query)
            conc = Concordance.build(self.library, words, scope, sort=self.sort)
            lines = conc.lines(0, PAGE, side)
        except (QueryError, BriefingError, ValueError) as exc:
            self.app.call_from_thread(self._failed, query, str(exc))
            return
        self.app.call_from_thread(self._show, query, conc, lines, side)

    def _failed(self, query: str, message: str) -> None:
        if query != self.query_text:
            return
        self.conc, self.lines = None, []
        self.line_list.clear_options()
        self.header.update(Text(message, style="bold"))

    def _show(self, query: str, conc: Any, lines: list[Any], side: int) -> None:
        if query != self.query_text:
            return
        self.conc, self.lines, self.side = conc, list(lines), side
        self.line_list.clear_options()
        width = self._width()
        self.line_list.add_options([Option(line_text(li, side, width)) for li in lines])
        if lines:
            self.line_list.highlighted = 0
        self.header.update(header_text(conc, query, len(self.lines)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        conc = self.conc
        near_end = event.option_index >= len(self.lines) - 20
        if conc is not None and near_end and len(self.lines) < conc.total and not self._loading:
            self._loading = True
            self.read_more(conc, len(self.lines))

    @work(thread=True, exclusive=True, group="kwic-more", exit_on_error=False)
    def read_more(self, conc: Any, start: int) -> None:
        """The next page of lines."""
        try:
            lines = conc.lines(start, PAGE, self.side)
        except BriefingError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            lines = []
        self.app.call_from_thread(self._more, conc, start, lines)

    def _more(self, conc: Any, start: int, lines: list[Any]) -> None:
        self._loading = False
        if conc is not self.conc or start != len(self.lines):
            return
        self.lines.extend(lines)
        width = self._width()
        self.line_list.add_options([Option(line_text(li, self.side, width)) for li in lines])
        self.header.update(header_text(conc, self.query_text, len(self.lines)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choice(event.option_index))

    def choice(self, index: int) -> SearchChoice | None:
        """Every line read so far as hits to walk, starting at line `index`."""
        if not self.lines:
            return None
        places = tuple(
            HitPlace(
                li.section_id,
                li.block if li.field == "block" else None,
                li.start,
                li.end,
                li.field,
            )
            for li in self.lines
        )
        return SearchChoice(self.query_text, places, max(0, min(index, len(places) - 1)))

    def action_cycle_sort(self) -> None:
        """Sort by date, then by left context, then by right context."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.query_text.strip():
            self.run_query(self.query_text)

    def action_switch_focus(self) -> None:
        """Move focus between the query and the lines."""
        box = self.query_one("#kwic-query", Input)
        if box.has_focus:
            self.line_list.focus()
        else:
            box.focus()

    def action_close(self) -> None:
        """Back without opening anything."""
        self.dismiss(None)
