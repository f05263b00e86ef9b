"""How the reading pane draws a line: margin glyph, cursor bar, text with its highlights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.css.styles import RenderStyles
from textual.dom import DOMNode
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style as TextualStyle

from store.typeset import cell_width
from tui.widgets.layout import Layout, Line
from tui.widgets.spans import HitMark, styled_segments

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _ViewBase = ScrollView
else:
    _ViewBase = object

# Glyphs for marks other features put on blocks; unknown kinds show their first letter.
MARK_GLYPHS = {"bookmark": "◆", "note": "✎"}
CURSOR_BAR = "▌"
# Component styles laid over a line's own style; they must not reset its colours.
_OVERLAYS = frozenset({"current"})

# The reading pane's component classes, styled in tui/app.tcss (`SectionView > .section-view--x`).
PARTS = frozenset(
    f"section-view--{name}"
    for name in (
        *("blank", "kicker", "headline", "deck", "byline", "dateline", "rule", "paragraph"),
        *("heading", "caption", "caption-label", "table", "table-note"),
        *("cursor", "current", "mark", "highlight", "hit", "current-hit"),
    )
)


class SectionPainter(_ViewBase):
    """Mixed into the reading pane: draws its typeset lines with cursor, marks and hits."""

    _layout: Layout | None
    _left: int
    _spans: dict[int, list[tuple[int, int]]]
    _hits: dict[tuple[str, int | None], list[tuple[int, int]]]
    cursor: int
    marks: Mapping[int, Iterable[str]]
    table_shift: int
    current_hit: HitMark | None
    # The width and base style of the drawing under way (see `render_lines`).
    _drawing: tuple[int, Style] | None = None
    # The styles of the parts no rule names by their class, which are all alike.
    _unnamed_part: RenderStyles | None = None

    # -- styles of its parts ------------------------------------------------------------------
    def get_component_styles(self, *names: str) -> RenderStyles:
        """A part's styles, worked out the first time it is drawn after the pane was styled.

        Textual styles every declared component class each time it styles a widget, a node
        per class, and styles the pane twice before the first frame, which draws only a few
        of its nineteen parts; so they are not declared, and each is styled here as Textual
        would style it, once it is asked for.
        """
        stylesheet = self.app.stylesheet
        for name in names:
            if name in PARTS and name not in self._component_styles:
                # A part whose class no rule names is styled by the rules every part shares
                # alone (none, or universal ones), as is any other such part: one is styled.
                named = f".{name}" in stylesheet.rules_map
                styles = None if named else self._unnamed_part
                if styles is None:
                    part = DOMNode(classes=name)
                    part._attach(self)
                    stylesheet.apply(part, animate=False)
                    styles = part.styles
                    if not named:
                        self._unnamed_part = styles
                self._component_styles[name] = styles
        return super().get_component_styles(*names)

    def notify_style_update(self) -> None:
        # The pane was styled again (theme, focus, stylesheet): so are its parts, when drawn.
        styled = bool(self._component_styles)
        self._component_styles.clear()
        self._unnamed_part = None
        super().notify_style_update()
        if styled:
            self.refresh()

    # -- rendering ----------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # The width and the base style are the same for every line of one drawing; each
        # costs a walk of the pane's region or its ancestors' backgrounds when asked.
        self._drawing = (self.scrollable_content_region.width, self.rich_style)
        try:
            if self._unadorned():
                return self._draw_unadorned(crop)
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def _unadorned(self) -> bool:
        """Whether the pane has nothing Textual's styling would add to its lines: no border,
        padding, outline, hatch, tint, opacity or link hover."""
        styles = self.styles
        hover = self.hover_style
        return not (
            any(edge for edge, _ in styles.border)
            or any(edge for edge, _ in styles.outline)
            or any(styles.padding)
            or styles.has_rule("hatch")
            or styles.tint.a
            or styles.text_opacity != 1.0
            or self.opacity != 1.0
            or self.BLANK
            or (self.auto_links and hover._link_id and hover._meta)
        )

    def _draw_unadorned(self, crop: Region) -> list[Strip]:
        # What Textual's styling of lines (`_styles_cache.render_line`) makes of each of them
        # when it has nothing to add: the line brought to the pane's width (the column the
        # scrollbar covers) in the inner background, then the app's line filters.
        base_background, background = self.background_colors
        inner = TextualStyle(background=base_background + background).rich_style
        width = self.region.width
        filters = self.get_line_filters()
        lines: list[Strip] = []
        for y in crop.line_range:
            strip = self.render_line(y).adjust_cell_length(width, inner)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            lines.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            lines = [strip.crop(x1, x2) for strip in lines]
        return lines

    def render_line(self, y: int) -> Strip:
        width, base = self._drawing or (self.scrollable_content_region.width, self.rich_style)
        index = self.scroll_offset.y + y
        if self._layout is None or index >= len(self._layout.lines):
            return Strip.blank(width, base)
        line = self._layout.lines[index]
        segments = self._line_segments(line, index, base)
        used = sum(cell_width(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments).crop(0, width)

    def _style(self, name: str) -> Style:
        # Full styles: a partial one leaves alpha colours ($text-muted, "$accent 40%")
        # unblended, so dim lines came out brighter than the body text.
        if name in _OVERLAYS:
            return self.get_component_rich_style(f"section-view--{name}", partial=True)
        return self.get_component_rich_style(f"section-view--{name}")

    def _line_segments(self, line: Line, index: int, base: Style) -> list[Segment]:
        segs = [Segment(" " * self._left, base)]
        current = line.block is not None and line.block == self.cursor
        first_of_block = (
            line.block is not None
            and self._layout is not None
            and self._layout.block_first[line.block] == index
        )
        kinds = self.marks.get(line.block, ()) if line.block is not None else ()
        glyph = " "
        if first_of_block and kinds:
            kind = next(iter(kinds))
            glyph = MARK_GLYPHS.get(kind, kind[:1] or " ")
            if cell_width(glyph) != 1:
                glyph = "*"
        segs.append(Segment(glyph, base + self._style("mark")))
        bar_style = base + self._style("cursor") if current else base
        segs.append(Segment(CURSOR_BAR if current else " ", bar_style))
        segs.append(Segment(" ", base))
        kind_style = base + self._style(line.kind)
        if current:
            kind_style += self._style("current")
        if line.prefix:
            prefix_style = kind_style
            if line.kind == "caption":
                prefix_style = base + self._style("caption-label")
            segs.append(Segment(line.prefix, prefix_style))
        if line.kind == "table" and self.table_shift and line.block == self.cursor:
            # The part of a wide table scrolled into view; cropping by cells keeps wide
            # characters whole or blanked, never halved.
            whole = Strip([Segment(line.text, kind_style)])
            segs.extend(whole.crop(self.table_shift, whole.cell_length))
        else:
            segs.extend(self._text_segments(line, kind_style, base))
        return segs

    def _text_segments(self, line: Line, style: Style, base: Style) -> list[Segment]:
        if line.start < 0 or not line.text:
            return [Segment(line.text, style)]
        key = ("block", line.block) if line.block is not None else (line.kind, None)
        hits = self._hits.get(key, ())
        quotes = self._spans.get(line.block, ()) if line.block is not None else ()
        current = self.current_hit
        now = [(current[2], current[3])] if current and (current[0], current[1]) == key else []
        # A layer's style is asked for only when it lights something.
        layers = [
            (spans, self._style(name))
            for spans, name in ((quotes, "highlight"), (hits, "hit"), (now, "current-hit"))
            if spans
        ]
        return styled_segments(line.text, line.start, style, layers)
