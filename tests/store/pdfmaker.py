"""Small Chinese PDFs for the importer tests, drawn with reportlab's built-in CID font."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text: str, per_line: int) -> list[str]:
    """Cut Chinese text into lines of per_line characters, as a typesetter would."""
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def column(c: canvas.Canvas, x: float, y: float, paras: list[str], per_line: int) -> float:
    """Set paragraphs in a column (first lines indented two characters); return the end y."""
    for para in paras:
        lines = wrap("\u3000\u3000" + para, per_line)
        for line in lines:
            c.setFont(FONT, 10)
            indent = 20 if line.startswith("\u3000\u3000") else 0
            c.drawString(x + indent, y, line.lstrip("\u3000"))
            y -= 14
    return y


def pdf(pages: list[Callable[[canvas.Canvas, int], None]], **info: str) -> bytes:
    """A PDF whose pages are drawn by the given functions (A4, points from bottom left)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for key, value in info.items():
        getattr(c, f"set{key.capitalize()}")(value)
    for n, draw in enumerate(pages, 1):
        draw(c, n)
        c.showPage()
    c.save()
    return buf.getvalue()


def running(c: canvas.Canvas, n: int, paper: str = "湖南日报") -> None:
    """A header with the paper, date, page and editor, and a page number at the foot."""
    c.setFont(FONT, 8)
    c.drawString(40, 815, f"{paper}  2019年12月10日  星期二  第{n:02d}版  要闻  责编：张三")
    c.drawString(290, 20, str(n))
