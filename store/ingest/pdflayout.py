"""The text layer of a PDF page as lines in reading order, with their font sizes.

pypdf reports each piece of text with its matrices and font size; pieces on one baseline
become a line. Reading order comes from a recursive XY cut: a region is split at vertical
gaps no line crosses (columns, left to right), or else at wide horizontal gaps (top to
bottom), and so on inside each part, so a headline across three columns is read before the
columns under it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_WORD_END = re.compile(r"[A-Za-z0-9.,;:!?%)\]]$")
_WORD_START = re.compile(r"^[A-Za-z0-9(\[]")


@dataclass(slots=True)
class Span:
    """A piece of text at a point of the page, in points from the bottom left."""

    text: str
    x: float
    y: float
    size: float
    width: float


@dataclass(slots=True)
class Line:
    """Spans on one baseline, left to right."""

    text: str
    x0: float
    x1: float
    y: float
    size: float


def page_spans(page) -> list[Span]:
    """Every piece of text on a page with its position and effective font size."""
    spans: list[Span] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text or not text.strip():
            return
        # The text matrix within the page's current matrix gives position and scale.
        a, b, c, d, e, f = cm
        x = tm[4] * a + tm[5] * c + e
        y = tm[4] * b + tm[5] * d + f
        scale = math.hypot(tm[0] * a + tm[1] * c, tm[0] * b + tm[1] * d) or 1.0
        eff = abs(size * scale) or 1.0
        clean = text.replace("\n", " ").strip()
        width = eff * sum(_em(ch) for ch in clean)
        spans.append(Span(clean, x, y, eff, width))

    page.extract_text(visitor_text=visit)
    return spans


def _em(ch: str) -> float:
    """A character's usual width in ems: the text layer does not say, so estimate."""
    if _CJK.match(ch):
        return 1.0
    if ch == " ":
        return 0.25
    if ch.isupper():
        return 0.65
    if ch.isalnum():
        return 0.45
    return 0.3


def lines_of(spans: list[Span]) -> list[Line]:
    """Spans grouped by baseline (within a third of their size), each line left to right."""
    lines: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (-round(s.y, 1), s.x)):
        if lines:
            last = lines[-1]
            if abs(last[0].y - span.y) <= max(last[0].size, span.size) * 0.35:
                last.append(span)
                continue
        lines.append([span])
    starts = _column_starts(spans, len(lines))
    out = []
    for group in lines:
        group.sort(key=lambda s: s.x)
        # Spans of one baseline far apart, or one starting where a column starts, belong
        # to different columns.
        run: list[Span] = []
        for span in group:
            gap = span.x - (run[-1].x + run[-1].width) if run else 0.0
            if run and (gap > 2.5 * span.size or round(span.x) in starts):
                out.append(_line(run))
                run = []
            run.append(span)
        if run:
            out.append(_line(run))
    return out


def usual_size(pages: list[list[Line]]) -> float:
    """The body text's size: the size most characters are set in."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def join_display_lines(lines: list[Line], usual: float) -> list[Line]:
    """A headline set over two or three lines becomes one line, so no cut can split it.

    Display lines are clearly larger than the body text (`usual`); a line of the same
    size right under one, starting within its width, continues it.
    """
    out: list[Line] = []
    for ln in sorted(lines, key=lambda x: -x.y):
        prev = next(
            (
                p
                for p in reversed(out)
                if p.size >= usual * 1.25
                and abs(p.size - ln.size) <= p.size * 0.05
                and 0 < p.y - ln.y <= p.size * 1.8
                and p.x0 - p.size <= ln.x0 <= p.x1
            ),
            None,
        )
        if prev is not None:
            prev.text += ln.text
            prev.x1 = max(prev.x1, ln.x1)
            prev.y = ln.y  # the joined headline ends on its last line
            continue
        out.append(ln)
    return out


def _column_starts(spans: list[Span], lines: int) -> set[int]:
    """x positions where many spans start: the left edges of columns (give or take 1pt)."""
    counts = Counter(round(s.x) for s in spans)
    peaks = {x for x, n in counts.items() if n >= max(4, lines // 5)}
    return {x + d for x in peaks for d in (-1, 0, 1)}


def _line(run: list[Span]) -> Line:
    text = ""
    for span in run:
        if text and _WORD_END.search(text) and _WORD_START.search(span.text):
            text += " "
        text += span.text
    size = max(run, key=lambda s: len(s.text)).size
    return Line(text, run[0].x, run[-1].x + run[-1].width, run[0].y, size)


def reading_order(lines: list[Line], depth: int = 0) -> list[Line]:
    """Lines in reading order by a recursive XY cut."""
    if len(lines) <= 1 or depth > 40:
        return sorted(lines, key=lambda ln: (-ln.y, ln.x0))
    # Columns first: a gap no line crosses is stronger evidence than a wide row gap.
    for cut in (_cut_columns, _cut_under_spanning, _cut_rows):
        parts = cut(lines)
        if len(parts) > 1:
            return [ln for part in parts for ln in reading_order(part, depth + 1)]
    return sorted(lines, key=lambda ln: (-ln.y, ln.x0))


def _cut_rows(lines: list[Line]) -> list[list[Line]]:
    """Split where the vertical gap between consecutive lines is much wider than usual."""
    ordered = sorted(lines, key=lambda ln: -ln.y)
    gaps = [a.y - b.y for a, b in pairwise(ordered)]
    if not gaps:
        return [lines]
    usual = sorted(gaps)[len(gaps) // 2]
    parts, current = [], [ordered[0]]
    for gap, line in zip(gaps, ordered[1:], strict=False):
        if gap > max(usual * 1.8, line.size * 2.2):
            parts.append(current)
            current = []
        current.append(line)
    parts.append(current)
    return parts


def _cut_under_spanning(lines: list[Line]) -> list[list[Line]]:
    """Split under lines that span columns (a headline block over the columns it heads)."""
    left = min(ln.x0 for ln in lines)
    for b in sorted({round(ln.x0) for ln in lines}):
        if b - left < 20:
            continue
        crossing = [ln for ln in lines if ln.x0 < b - ln.size and ln.x1 > b + 3 * ln.size]
        if not crossing:
            continue
        floor = min(ln.y for ln in crossing)
        below = [ln for ln in lines if ln.y < floor - ln.size * 0.5]
        above = [ln for ln in lines if ln.y >= floor - ln.size * 0.5]
        # Only when the columns under the spanning lines hold text on both sides of b.
        sides = any(ln.x0 > b - 0.5 for ln in below) and any(ln.x0 < b - 0.5 for ln in below)
        clear = not any(ln.x0 < b - ln.size and ln.x1 > b + 3 * ln.size for ln in below)
        if len(below) >= 3 and sides and clear:
            return [above, below]
    return [lines]


def _cut_columns(lines: list[Line]) -> list[list[Line]]:
    """Split at column starts that no line crosses, left to right.

    Line ends are estimated from character counts, so a line may seem to reach up to three
    characters past its column; a headline across columns reaches much further.
    """
    left = min(ln.x0 for ln in lines)
    bounds = []
    for b in sorted({round(ln.x0) for ln in lines}):
        if b - left < 20:
            continue
        crossing = any(ln.x0 < b - ln.size and ln.x1 > b + 3 * ln.size for ln in lines)
        if not crossing and not any(abs(b - x) < 20 for x in bounds):
            bounds.append(b - 0.5)
    if not bounds:
        return [lines]
    parts: list[list[Line]] = [[] for _ in range(len(bounds) + 1)]
    for ln in lines:
        parts[sum(1 for b in bounds if ln.x0 > b)].append(ln)
    return [p for p in parts if p]
