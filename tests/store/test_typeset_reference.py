"""The line breaker against a reference: the same rules applied one unit at a time.

`store.typeset` finds each line's end by bisecting the units' running widths and asks whether
a break is legal only near it; the reference below walks every unit and decides every break
up front, as the breaker first did. They must agree on every text, width and indent.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store import typeset
from store.typeset import CLOSING, OPENING, _split_to_fit, _split_units, cell_width, char_width

SEED = Path(__file__).resolve().parents[2] / "content" / "hunan-daily.txt"
SEED_PARAGRAPHS = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]


# The units as one pattern over the characters themselves finds them (the breaker finds
# them over class marks, see `store.typeset._split_units`).
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
UNIT = re.compile(rf"[{_ALNUM}]+(?:[.,/:'\-．／：][{_ALNUM}]+)*|—+|…+|⸺+|.", re.S)


def reference_units(text: str) -> tuple[list[str], list[int]]:
    units: list[str] = []
    widths: list[int] = []
    for m in UNIT.finditer(text):
        u = m.group()
        w = char_width(u) if len(u) == 1 else cell_width(u)
        if w == 0 and units and len(u) == 1:
            units[-1] += u
        else:
            units.append(u)
            widths.append(w)
    return units, widths


def reference_wrap(text: str, width: int, indent: int) -> tuple[str, ...]:
    width, indent = max(1, width), max(0, indent)
    if not text:
        return (" " * indent,) if indent else ("",)
    units, widths = reference_units(text)
    n = len(units)
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(1, n):
        ok[i] = units[i - 1][-1] not in OPENING and units[i][0] not in CLOSING and units[i] != " "
    lines: list[str] = []
    prefix = " " * indent
    avail = width - indent if indent < width else width
    start = used = i = 0
    while i < n:
        w = widths[i]
        if used + w <= avail or units[i] == " ":
            used += w
            i += 1
            continue
        if i == start:
            head, tail = _split_to_fit(units[i], avail)
            lines.append(prefix + head)
            prefix, avail = "", width
            if tail:
                units[i] = tail
                widths[i] = cell_width(tail)
            else:
                i += 1
                while i < n and units[i] == " ":
                    lines[-1] += " "
                    i += 1
                start = i
            used = 0
            continue
        j = i
        while j > start and not ok[j]:
            j -= 1
        if j == start:
            k = i + 1
            while k < n and units[k] == " ":
                k += 1
            j = k if units[i] in CLOSING and ok[k] else i
        lines.append(prefix + "".join(units[start:j]))
        prefix, avail = "", width
        start = i = j
        used = 0
    if start < n or not lines:
        lines.append(prefix + "".join(units[start:]))
    return tuple(lines)


# Every kind of unit and rule: CJK, Latin and full-width words with their separators, dashes
# and ellipses, opening and closing marks, spaces (ideographic too), combining and zero-width
# characters, and a wide character that does not fit a line of one cell.
TRICKY = "衡阳产业aB1 ，。、（）「」《》“”—…⸺\u0301\u200b\u3000Ａ８．／：.,/:'-"


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=TRICKY, max_size=60),
    width=st.integers(1, 16),
    indent=st.integers(0, 6),
)
def test_the_breaker_agrees_with_the_reference(text: str, width: int, indent: int) -> None:
    assert typeset._wrap.__wrapped__(text, width, indent) == reference_wrap(text, width, indent)


def test_the_breaker_agrees_with_the_reference_on_the_shipped_briefing() -> None:
    for text in SEED_PARAGRAPHS:
        for width in (3, 11, 24, 40, 71, 98):
            for indent in (0, 2):
                expected = reference_wrap(text, width, indent)
                assert typeset._wrap.__wrapped__(text, width, indent) == expected


# Characters the units are made of, those that look like the marks among them.
UNIT_ALPHABET = st.sampled_from(
    [*"09azAZ０９ａｚＡＺ.,/:'-．／：—…⸺ \n\x00\x01\x02\x03\x04\x05中文，。", "\u0301", "\u200b"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(UNIT_ALPHABET, max_size=40).map("".join) | st.text(max_size=40))
def test_the_units_are_those_the_pattern_over_the_characters_finds(text: str) -> None:
    assert _split_units(text) == UNIT.findall(text)


def test_the_units_of_the_shipped_briefing_are_those_the_pattern_finds() -> None:
    for paragraph in SEED_PARAGRAPHS:
        assert _split_units(paragraph) == UNIT.findall(paragraph)
