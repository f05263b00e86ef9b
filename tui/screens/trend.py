"""The term-trend screen: counts of queries per period as a chart, a legend and a table."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual_plotext import PlotextPlot

from store.errors import BriefingError
from store.sanitize import clean_line
from store.search import QueryError
from tui.search_places import SearchChoice
from tui.widgets.footer import HelpFirstFooter, help_binding

BYS = ("month", "week", "day", "year")
# Series colours, by name in both plotext and Rich (the chart is data, not chrome).
COLOURS = ("cyan", "magenta", "green", "yellow", "red", "blue")
MAX_QUERIES = len(COLOURS)


def split_queries(text: str) -> list[str]:
    """Queries typed on one line, separated by ; (the search language uses spaces)."""
    parts = text.replace("；", ";").split(";")
    return [p.strip() for p in parts if p.strip()][:MAX_QUERIES]


def cell_width(cell: Any) -> int:
    """Cells a table cell takes as DataTable shows it (floats with two decimals)."""
    if isinstance(cell, Text):
        return cell.cell_len
    return cell_len(f"{cell:.2f}" if isinstance(cell, float) else str(cell))


def value(point: Any, per_10k: bool) -> float:
    """What the chart and table show for a point."""
    from store.analysis.trend import rate

    return rate(point.occurrences, point.chars) if per_10k else point.occurrences


def legend_text(result: Any, per_10k: bool) -> Text:
    """One entry per query in its colour, with its totals."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for i, s in enumerate(result.series):
        text.append("━━ ", style=f"bold {COLOURS[i]}")
        text.append(f"{clean_line(s.query)}  {s.occurrences} in {s.sections} sections   ")
    text.append("per 10,000 characters" if per_10k else "occurrences", style="dim")
    return text


def cursor_text(result: Any, row: int, per_10k: bool) -> Text:
    """The period under the cursor, readable: each query's count there."""
    if not result.periods:
        return Text("No dated text to count.")
    period = result.periods[row]
    text = Text(f"{period}", style="bold")
    chars = result.series[0].points[row].chars if result.series else 0
    text.append(f"  {chars} characters", style="dim")
    for i, s in enumerate(result.series):
        p = s.points[row]
        shown = f" ({value(p, per_10k)} per 10k)" if per_10k else ""
        text.append("   ━━ ", style=f"bold {COLOURS[i]}")
        text.append(f"{p.occurrences} in {p.sections} sections{shown}")
    text.append("   enter: its sections", style="dim")
    return text


class TrendScreen(ModalScreen[SearchChoice | None]):
    """How often queries occur over time; enter on a period lists its sections."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="trend.close"),
        help_binding("trend"),
        Binding("b", "cycle_by", "Period", id="trend.by"),
        Binding("p", "toggle_rate", "Per 10k chars", id="trend.rate"),
        Binding("tab", "switch_focus", "Query/table", show=False, id="trend.focus"),
    ]

    def __init__(self, library: Any, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.query_text = query
        self.by = "month"
        self.per_10k = False
        self.result: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-panel"):
            yield Input(self.query_text, placeholder="Queries, separated by ;", id="trend-query")
            yield PlotextPlot(id="trend-chart")
            yield Static("", id="trend-legend", markup=False)
            yield Static("", id="trend-cursor", markup=False)
            yield DataTable(id="trend-table", cursor_type="row", zebra_stripes=True)
        # Its own keys in the footer, not those of the reader below.
        yield HelpFirstFooter()

    @property
    def table(self) -> DataTable:
        """One row per period."""
        return self.query_one("#trend-table", DataTable)

    def on_mount(self) -> None:
        if split_queries(self.query_text):
            self.table.focus()
            self.run_trend(self.query_text)
        else:
            self.query_one("#trend-query", Input).focus()
            self._say("Type queries separated by ; and press enter.")

    def _say(self, message: str) -> None:
        self.query_one("#trend-cursor", Static).update(Text(message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_text = event.value
        if split_queries(event.value):
            self.table.focus()
            self.run_trend(event.value)

    @work(thread=True, exclusive=True, group="trend", exit_on_error=False)
    def run_trend(self, text: str) -> None:
        """Count off the event loop; the newest request wins."""
        from store.analysis.trend import trend

        by = self.by
        try:
            result = trend(self.library, split_queries(text), by=by)
        except (QueryError, BriefingError) as exc:
            self.app.call_from_thread(self._say, str(exc))
            return
        self.app.call_from_thread(self._show, text, result)

    def _show(self, text: str, result: Any) -> None:
        if text != self.query_text or result.by != self.by:
            return
        row = self.table.cursor_row if self.result is not None else None
        self.result = result
        table = self.table
        table.clear(columns=True)
        labels: list[str | Text] = ["period", "chars"]
        for s in result.series:
            labels += [Text(clean_line(s.query), overflow="ellipsis"), "sections"]
        rows: list[list[Any]] = []
        for i, period in enumerate(result.periods):
            cells: list[Any] = [period, result.series[0].points[i].chars]
            for s in result.series:
                cells += [value(s.points[i], self.per_10k), s.points[i].sections]
            rows.append(cells)
        # Widths set from the cells: a table left to measure them when idle can be drawn
        # before it has, with its columns too narrow ("2018-1").
        for n, label in enumerate(labels):
            table.add_column(
                label, width=max([cell_width(label), *(cell_width(r[n]) for r in rows)])
            )
        for cells in rows:
            table.add_row(*cells)
        if result.periods:
            last = len(result.periods) - 1
            table.move_cursor(row=min(row, last) if row is not None else last)
        self.query_one("#trend-legend", Static).update(legend_text(result, self.per_10k))
        self._draw()

    def _draw(self) -> None:
        result = self.result
        if result is None:
            return
        chart = self.query_one("#trend-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_figure()
        xs = list(range(1, len(result.periods) + 1))
        if xs:
            for i, s in enumerate(result.series):
                ys = [value(p, self.per_10k) for p in s.points]
                plt.plot(xs, ys, color=COLOURS[i], marker="braille")
            step = max(1, len(xs) // 8)
            plt.xticks(xs[::step], list(result.periods[::step]))
            row = self.table.cursor_row
            if 0 <= row < len(xs):
                plt.vline(xs[row], "white")
        chart.refresh()
        row = max(0, min(self.table.cursor_row, len(result.periods) - 1))
        self.query_one("#trend-cursor", Static).update(cursor_text(result, row, self.per_10k))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._draw()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        result = self.result
        if result is None or not result.periods:
            return
        from tui.screens.trend_period import PeriodScreen

        period = result.periods[event.cursor_row]
        queries = [s.query for s in result.series]
        screen = PeriodScreen(self.library, period, queries, result.briefings[period])
        self.app.push_screen(screen, self._period_chosen)

    def _period_chosen(self, choice: SearchChoice | None) -> None:
        if choice is not None:
            self.dismiss(choice)

    def action_cycle_by(self) -> None:
        """Count by month, week, day, then year."""
        self.by = BYS[(BYS.index(self.by) + 1) % len(BYS)]
        self.result = None
        if split_queries(self.query_text):
            self.run_trend(self.query_text)

    def action_toggle_rate(self) -> None:
        """Show occurrences, or occurrences per 10,000 characters."""
        self.per_10k = not self.per_10k
        if self.result is not None:
            self._show(self.query_text, self.result)

    def action_switch_focus(self) -> None:
        """Move focus between the queries and the table."""
        box = self.query_one("#trend-query", Input)
        if box.has_focus:
            self.table.focus()
        else:
            box.focus()

    def action_close(self) -> None:
        """Back without opening anything."""
        self.dismiss(None)
