"""Line breaking for Chinese text by terminal cells, following the W3C clreq rules."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache
from itertools import accumulate

__all__ = [
    "CLOSING",
    "OPENING",
    "can_break",
    "cell_width",
    "char_width",
    "wrap",
]

# Characters that may not begin a line (closing brackets, pause and stop marks).
CLOSING = frozenset("，。、；：？！）」』”’》〉】…" + "〕］｝〗〙〛﹂﹄" + ",.;:?!)]}" + "．，％")
# Characters that may not end a line (opening brackets and quotes).
OPENING = frozenset("（「『“‘《〈【" + "〔［｛〖〘〚﹁﹃" + "([{")

# One unbreakable unit: a Latin/digit word (with inner . , / : ' - such as 320.08),
# a run of dashes or ellipses (—— and …… never split), or any single character.
# Zero-width characters are glued onto the unit before them afterwards.
# Full-width forms (８５．２％ in a GB text) are words too.
_JOINERS = ".,/:'-．／："
# The units of several characters are found in the text with each character of interest
# replaced by a class mark (a letter or digit, a joiner, a dash, an ellipsis, a double dash;
# the marks' own code points become a mark of nothing): the pattern over the marks compiles
# in a tenth of the time of one over the characters (whose classes of wide characters
# Python's compiler turns into big tables), and finds them without a match per character.
_WORD, _JOIN, _DASH, _DOTS, _DOUBLE = "\x01", "\x02", "\x03", "\x04", "\x05"


@cache
def _marks() -> tuple[dict[int, str], re.Pattern[str]]:
    # Made on first use: fitting a line, all a search prints with it, never needs them.
    table = dict.fromkeys(range(1, 6), "\x00")
    for first, last in ("09", "AZ", "az", "０９", "ＡＺ", "ａｚ"):
        table.update(dict.fromkeys(range(ord(first), ord(last) + 1), _WORD))
    table.update(dict.fromkeys(map(ord, _JOINERS), _JOIN))
    table.update({ord("—"): _DASH, ord("…"): _DOTS, ord("⸺"): _DOUBLE})
    pattern = f"{_WORD}+(?:{_JOIN}{_WORD}+)*|{_DASH}+|{_DOTS}+|{_DOUBLE}+"
    return table, re.compile(pattern)


def _split_units(text: str) -> list[str]:
    """The text's unbreakable units in order: its words and runs, every other character alone."""
    table, runs = _marks()
    units: list[str] = []
    at = 0
    for match in runs.finditer(text.translate(table)):
        start, end = match.span()
        units.extend(text[at:start])
        units.append(text[start:end])
        at = end
    units.extend(text[at:])
    return units


_WIDTHS: dict[str, int] = {}


def char_width(ch: str) -> int:
    """Cells one character takes: 2 for wide/full-width, 0 for combining, else 1."""
    w = _WIDTHS.get(ch)
    if w is None:
        # Most characters of a Chinese text are unified ideographs, all of them wide: their
        # width is known without asking the Unicode database three times each.
        if "\u4e00" <= ch <= "\u9fff":
            w = 2
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
            w = 0
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            w = 2
        else:
            w = 1
        _WIDTHS[ch] = w
    return w


def cell_width(s: str) -> int:
    """Cells a string takes in a terminal."""
    get = _WIDTHS.get
    total = 0
    for ch in s:
        w = get(ch)
        total += char_width(ch) if w is None else w
    return total


def pad_to_cells(text: str, cells: int) -> str:
    """Text cut to at most `cells` cells, padded with spaces to exactly that many."""
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > cells:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (cells - used)


def fitting(text: str, cells: int) -> int:
    """How many leading characters of text fit in `cells` cells (whole characters: a wide
    one that would straddle the edge does not)."""
    used = 0
    for i, ch in enumerate(text):
        used += char_width(ch)
        if used > cells:
            return i
    return len(text)


def fit_line(text: str, cells: int) -> str:
    """Text on one line (runs of white space made one space), cut to `cells` cells with an
    ellipsis when it does not fit."""
    flat = " ".join(text.split())
    if cell_width(flat) <= cells:
        return flat
    return flat[: fitting(flat, cells - 1)] + "…"


def can_break(before: str, after: str) -> bool:
    """Whether a line may end with `before` and the next begin with `after` (clreq)."""
    return before not in OPENING and after not in CLOSING


def _units(text: str) -> tuple[list[str], list[int]]:
    """Split text into unbreakable units and their widths."""
    # map looks the units' widths up in C; a unit of several characters (a number, a word)
    # or a character not seen yet is measured after.
    units = _split_units(text)
    widths = list(map(_WIDTHS.get, units))
    if None in widths:
        for i in [i for i, w in enumerate(widths) if w is None]:
            u = units[i]
            widths[i] = char_width(u) if len(u) == 1 else cell_width(u)
    if 0 not in widths[1:]:
        return units, widths
    # A combining mark or zero-width char belongs with the unit before it.
    merged: list[str] = []
    sizes: list[int] = []
    for u, w in zip(units, widths, strict=True):
        if w == 0 and merged and len(u) == 1:
            merged[-1] += u
        else:
            merged.append(u)
            sizes.append(w)
    return merged, sizes


def _split_to_fit(unit: str, avail: int) -> tuple[str, str]:
    """Cut an over-long unit into a head that fits `avail` (at least one char) and the rest."""
    used = 0
    cut = 0
    for i, ch in enumerate(unit):
        w = char_width(ch)
        if used + w > avail and i > 0 and w > 0:
            break
        used += w
        cut = i + 1
    # Keep combining marks with their base character.
    while cut < len(unit) and char_width(unit[cut]) == 0:
        cut += 1
    return unit[:cut], unit[cut:]


def wrap(text: str, width: int, *, indent: int = 0) -> list[str]:
    """Break one paragraph into lines of at most `width` cells, the first indented."""
    return list(_wrap(text, max(1, width), max(0, indent)))


@lru_cache(maxsize=4096)
def _wrap(text: str, width: int, indent: int) -> tuple[str, ...]:
    if not text:
        return (" " * indent,) if indent else ("",)
    units, widths = _units(text)
    n = len(units)

    def ok(i: int) -> bool:
        # Whether a line may begin with unit i (and the previous line end with unit i-1);
        # asked only near the ends of lines. A cut word's tail in units[i] is never asked
        # about as a line's beginning: it begins one already.
        if i >= n:
            return True
        unit = units[i]
        return i > 0 and units[i - 1][-1] not in OPENING and unit[0] not in CLOSING and unit != " "

    # ends[k]: the cells units 0..k-1 take, so a line's last unit is found by bisection.
    ends = [0, *accumulate(widths)]
    lines: list[str] = []
    prefix = " " * indent
    # A first-line indent wider than the line itself would leave no room at all.
    avail = width - indent if indent < width else width
    start = 0
    while start < n:
        # The first unit from `start` that does not fit. The first unit's width is read from
        # `widths`: it may be the rest of a word cut on the line before.
        first = widths[start]
        if first <= avail:
            i = bisect_right(ends, ends[start + 1] - first + avail, start + 1) - 1
        else:
            i = start + 1 if units[start] == " " else start
        # A space past the margin hangs there, unseen, rather than begin the next line.
        while i < n and units[i] == " ":
            i += 1
        if i == n:
            break
        if i == start:
            # A single unit longer than the whole line: the only case a word is cut.
            head, tail = _split_to_fit(units[i], avail)
            lines.append(prefix + head)
            prefix = ""
            avail = width
            if tail:
                units[i] = tail
                widths[i] = cell_width(tail)
            else:
                i += 1
                while i < n and units[i] == " ":
                    lines[-1] += " "
                    i += 1
                start = i
            continue
        # Oikomi: move back to the nearest place a line may legally end.
        j = i
        while j > start and not ok(j):
            j -= 1
        if j == start:
            # No legal break on this line: hang one closing mark (and the spaces after it)
            # past the margin if that makes the break legal, else cut where the line is full.
            k = i + 1
            while k < n and units[k] == " ":
                k += 1
            j = k if units[i] in CLOSING and ok(k) else i
        lines.append(prefix + "".join(units[start:j]))
        prefix = ""
        avail = width
        start = j
    if start < n or not lines:
        lines.append(prefix + "".join(units[start:]))
    return tuple(lines)
