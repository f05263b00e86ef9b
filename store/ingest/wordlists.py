"""Numbered lists of a Word document: the label Word shows before each list paragraph."""

from __future__ import annotations

from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """一, 二, …, 十, 十一, …, 九十九 (and plain digits beyond)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "") if tens else _CN_DIGITS[ones]


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(97 + rem) + out
    return out


def _roman(n: int) -> str:
    values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"))
    values += ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, word in values:
        while n >= value:
            out += word
            n -= value
    return out


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": chinese_number,
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class Numbering:
    """Counts list paragraphs as Word does and renders their labels (`1.`, `（一）`, `①`)."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counts: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iterchildren(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or f"%{ilvl + 1}."
                start = int(_val(lvl, "start") or "1")
                levels[ilvl] = (fmt, text, start)
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = abstract.get(ref.get(f"{_W}val") if ref is not None else None, {})
            for ilvl, spec in levels.items():
                self._levels[(num.get(f"{_W}numId"), ilvl)] = spec

    def label(self, p: Any, style: Any = None) -> str:
        """The label of a paragraph element ('' when it is not in a numbered list).

        The list may be set on the paragraph or on its style (Word's `List Number`).
        """
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        while num_pr is None and style is not None:
            num_pr = style.element.find(f"{_W}pPr/{_W}numPr")
            style = style.base_style
        if num_pr is None or _val(num_pr, "numId") in (None, "0"):
            return ""
        num_id = _val(num_pr, "numId")
        ilvl = int(_val(num_pr, "ilvl") or "0")
        spec = self._levels.get((num_id or "", ilvl))
        if spec is None or spec[0] in ("bullet", "none"):
            return ""
        counts = self._counts.setdefault(num_id or "", [0] * 9)
        if ilvl >= len(counts):
            return ""
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        text = spec[1]
        for level in range(ilvl + 1):
            fmt, _, start = self._levels.get((num_id or "", level), ("decimal", "", 1))
            value = counts[level] + start - 1
            render = _FORMATS.get(fmt, str)
            text = text.replace(f"%{level + 1}", render(max(value, 1)))
        return text + ("" if text.endswith((" ", "、", "\u3000")) else " ")


def _val(el: Any, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}")
    return child.get(f"{_W}val") if child is not None else None
