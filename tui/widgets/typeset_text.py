"""Text broken into lines by the reader's line breaker (store.typeset), not Rich's."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from store.typeset import wrap


class TypesetText(Widget):
    """Styled text wrapped with CJK line-breaking rules for its width.

    `line_starts` gives the offset in the text where each shown line begins, so a position
    on screen (column, line) maps back to the text.
    """

    def __init__(
        self, text: Text | str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.source = text if isinstance(text, Text) else Text(text)
        self.line_starts: list[int] = [0]

    def set_text(self, text: Text | str) -> None:
        """Show other text (plain strings are never read as markup)."""
        self.source = text if isinstance(text, Text) else Text(text)
        self.refresh(layout=True)

    def typeset(self, width: int) -> tuple[Text, list[int]]:
        """The text broken for `width` cells, and where each line starts in it."""
        # One cell to spare: a closing mark may hang past the line's end.
        width = max(2, width - 1)
        plain = self.source.plain
        starts: list[int] = []
        pieces: list[Text] = []
        pos = 0
        for raw in plain.split("\n"):
            for line in wrap(raw, width) if raw else [""]:
                starts.append(pos)
                pieces.append(self.source[pos : pos + len(line)])
                pos += len(line)
            pos += 1  # the line break of the source
        return Text("\n").join(pieces), starts or [0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.typeset(width)[1]) if width else 0

    def render(self) -> Text:
        text, self.line_starts = self.typeset(self.content_region.width or self.size.width)
        return text

    def offset_at(self, x: int, y: int) -> int:
        """The offset in the text of column `x` (characters) on shown line `y`."""
        y = max(0, min(y, len(self.line_starts) - 1))
        return self.line_starts[y] + max(0, x)
