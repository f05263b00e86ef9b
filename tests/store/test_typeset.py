"""Chinese line breaking: kinsoku rules, widths, round trips."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.typeset import (
    CLOSING,
    OPENING,
    can_break,
    cell_width,
    char_width,
    fit_line,
    fitting,
    wrap,
)

SEED = Path(__file__).resolve().parents[2] / "content" / "hunan-daily.txt"
SEED_PARAGRAPHS = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]

CJK = "衡阳承接产业转移示范区建滔化工集团湖南日报记者的一是二"
LATIN = "ITab3311"
DIGITS = "0123456789"


def strip_indent(lines: list[str], indent: int) -> list[str]:
    assert lines[0].startswith(" " * indent)
    return [lines[0][indent:], *lines[1:]]


def is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# Separators that bind word characters on both sides, half- and full-width.
SEPARATORS = ".,/:'-．／："


def legal_at(text: str, pos: int) -> bool:
    """An oracle written independently of the wrapper: may a line break fall at pos?"""
    a, b = text[pos - 1], text[pos]
    if not can_break(a, b):
        return False
    if b == " ":
        # A space never begins a line: it hangs past the margin instead.
        return False
    if a in "—…" and a == b:
        return False
    if is_word_char(a) and is_word_char(b):
        return False
    # 320.08, 1,000 and ８５．２: a separator between two word characters binds them.
    if a in SEPARATORS and is_word_char(b) and pos >= 2 and is_word_char(text[pos - 2]):
        return False
    if b in SEPARATORS and is_word_char(a) and pos + 1 < len(text) and is_word_char(text[pos + 1]):
        return False
    # A combining mark stays with the character it modifies.
    return char_width(b) != 0


def break_positions(lines: list[str]) -> list[int]:
    out, pos = [], 0
    for line in lines[:-1]:
        pos += len(line)
        out.append(pos)
    return out


def fits(line: str, width: int) -> bool:
    # Spaces past the margin hang there unseen.
    line = line.rstrip(" ") or line[:1]
    if cell_width(line) <= width:
        return True
    # A hung closing mark, or a single character wider than the whole line.
    if line and line[-1] in CLOSING and cell_width(line[:-1].rstrip(" ")) <= width:
        return True
    return len(line) == 1


# -- widths -------------------------------------------------------------------------------


def test_cell_width_counts_wide_and_narrow():
    assert cell_width("衡阳") == 4
    assert cell_width("IT") == 2
    assert cell_width("，。") == 4
    assert cell_width("e\u0301") == 1  # combining acute takes no cell
    assert cell_width("") == 0
    assert char_width("Ａ") == 2  # full-width Latin


# -- seed paragraphs ----------------------------------------------------------------------


def test_round_trip_and_width_on_every_seed_paragraph():
    for width in (10, 17, 40, 41, 80):
        for para in SEED_PARAGRAPHS:
            lines = wrap(para, width, indent=4)
            assert "".join(strip_indent(lines, 4)) == para
            for line in lines:
                assert fits(line, width), (width, line)


def test_no_line_starts_with_closing_or_ends_with_opening_in_seed():
    for width in (12, 20, 33, 40, 60, 80):
        for para in SEED_PARAGRAPHS:
            lines = strip_indent(wrap(para, width, indent=2), 2)
            for a, b in itertools.pairwise(lines):
                assert b[0] not in CLOSING, (width, a, b)
                assert a[-1] not in OPENING, (width, a, b)


def test_decimal_number_is_kept_whole():
    para = "近5年来,松木经济开发区共引进项目58个,累计招商引资额达320.08亿元。"
    for width in range(8, 40):
        lines = wrap(para, width)
        assert any("320.08" in line for line in lines), (width, lines)


def test_latin_and_digit_runs_are_kept_whole():
    para = "实施振兴实体经济“3311”工程,实现了对IT环境、城市资产的集中管控。"
    for width in range(6, 30):
        lines = wrap(para, width)
        assert any("3311" in line for line in lines), (width, lines)
        assert any("IT" in line for line in lines), (width, lines)


def test_dash_and_ellipsis_never_split():
    para = "形成松木经济开发区的支柱产业之一——盐卤化工及精细化工产业,企业也跟进洽谈……"
    for width in range(6, 50):
        lines = wrap(para, width)
        assert any("——" in line for line in lines), (width, lines)
        assert any("……" in line for line in lines), (width, lines)


def test_oikomi_pulls_previous_character_down():
    # Width 4 holds two CJK characters; the comma may not start a line, so 二 comes down.
    assert wrap("一二，三四", 4) == ["一", "二，", "三四"]
    # An opening quote may not end a line, so it goes down with the word it opens.
    assert wrap("一“二三”", 4) == ["一", "“二", "三”"]


def test_hanging_only_when_nothing_else_works():
    # One CJK char per line and a comma: no legal break is left, so the comma hangs.
    assert wrap("一，二", 2) == ["一，", "二"]


def test_first_line_indent():
    lines = wrap("衡阳是全国26个老工业基地城市之一", 12, indent=4)
    assert lines[0] == "    衡阳是全"
    assert cell_width(lines[0]) == 12
    assert lines[1] == "国26个老工业"


def test_long_word_is_cut_only_when_longer_than_the_line():
    word = "abcdefghijklmnopqrstuvwxyz"
    lines = wrap("见" + word, 10)
    assert lines[0] == "见"
    assert "".join(lines) == "见" + word
    assert all(cell_width(line) <= 10 for line in lines)
    assert wrap("见abc", 10) == ["见abc"]


def test_empty_and_tiny_inputs():
    assert wrap("", 10) == [""]
    assert wrap("", 10, indent=2) == ["  "]
    assert wrap("衡", 1) == ["衡"]


def test_indent_wider_than_line_is_ignored_for_room():
    lines = wrap("衡阳衡阳", 4, indent=6)
    assert "".join(strip_indent(lines, 6)) == "衡阳衡阳"


# -- properties ---------------------------------------------------------------------------

ANY_CHARS = st.text(
    alphabet=st.sampled_from(
        list(CJK + LATIN + DIGITS + ".,/ -—…") + sorted(CLOSING) + sorted(OPENING) + ["\u0301"]
    ),
    min_size=0,
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(text=ANY_CHARS, width=st.integers(2, 50), indent=st.integers(0, 6))
def test_round_trip_and_fit_for_any_text(text, width, indent):
    lines = wrap(text, width, indent=indent)
    body = strip_indent(lines, indent)
    assert "".join(body) == text
    for line in lines[1:]:
        assert fits(line, width), (line, width)
    assert fits(lines[0], max(width, indent + 2)) or fits(body[0], width)


@settings(max_examples=300, deadline=None)
@given(text=ANY_CHARS, width=st.integers(2, 50))
@example(text="0．00", width=4)
def test_every_illegal_break_was_unavoidable(text, width):
    """A break against the rules only happens when the line had no legal place to end."""
    lines = wrap(text, width)
    starts = [0, *break_positions(lines)]
    for k, pos in enumerate(starts[1:], start=1):
        if legal_at(text, pos):
            continue
        line_start = starts[k - 1]
        earlier = [p for p in range(line_start + 1, pos) if legal_at(text, p)]
        assert not earlier, (text, width, lines, pos, earlier)


# Prose made of CJK words, numbers and Latin words, each clause ending in one mark, with
# quotes and brackets around words: the rules can always be kept at a usable width.
# Numbers and Latin words are followed by a CJK character so two never run together.
WORD = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=6),
    st.builds(
        str.__add__,
        st.one_of(
            st.text(alphabet=DIGITS, min_size=1, max_size=6),
            st.sampled_from(["IT", "320.08", "5G", "1/4"]),
        ),
        st.sampled_from(CJK),
    ),
)
QUOTED = st.builds(
    lambda pair, w: pair[0] + w + pair[1],
    st.sampled_from(["“”", "（）", "《》", "「」", "()"]),
    st.text(alphabet=CJK, min_size=1, max_size=5),
)
CLAUSE = st.builds(
    lambda parts, mark: "".join(parts) + mark,
    st.lists(st.one_of(WORD, QUOTED), min_size=1, max_size=5),
    st.sampled_from(["，", "。", "、", "；", "？", "！", "……", "——", ",", ""]),
)
PROSE = st.builds("".join, st.lists(CLAUSE, min_size=1, max_size=10))


@settings(max_examples=300, deadline=None)
@given(text=PROSE, width=st.integers(20, 90), indent=st.sampled_from([0, 2, 4]))
def test_prose_keeps_every_rule(text, width, indent):
    lines = wrap(text, width, indent=indent)
    body = strip_indent(lines, indent)
    assert "".join(body) == text
    for line in lines:
        assert cell_width(line.rstrip(" ")) <= width, (line, width)
    for pos in break_positions(body):
        assert legal_at(text, pos), (text, width, body, pos)


def test_full_width_digit_runs_are_not_split() -> None:
    from store.typeset import wrap

    text = "全省规模工业增加值增长了８５．２亿元,ＧＤＰ同比增长"
    for width in range(12, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all("８５．２" in line for line in lines if "８" in line), lines
        assert all("ＧＤＰ" in line for line in lines if "Ｇ" in line), lines


def test_a_full_width_point_binds_a_number_like_a_half_width_one():
    """0．00 is one number: the line ends after it, not inside it."""
    assert not legal_at("0．00", 2)
    assert wrap("0．00 元", 6) == ["0．00 ", "元"]


def test_fit_line_cuts_by_cells_only_what_does_not_fit():
    assert fit_line("衡阳  产业\n转移", 14) == "衡阳 产业 转移"  # 14 cells: kept whole
    assert fit_line("衡阳 产业 转移", 13) == "衡阳 产业 转…"
    assert cell_width(fit_line("衡阳产业转移示范区", 7)) <= 7


def test_a_space_hangs_past_the_margin_rather_than_begin_a_line():
    assert wrap("Delete it from the library?", 16) == ["Delete it from ", "the library?"]
    assert wrap("ab  cd", 2) == ["ab  ", "cd"]
    assert wrap("衡阳， 产业", 6) == ["衡阳， ", "产业"]
    for width in range(1, 30):
        for line in wrap("Delete 衡阳日报 from the library, with its 3 notes?", width)[1:]:
            assert not line.startswith(" "), (width, line)


def test_every_unified_ideograph_takes_the_width_the_unicode_database_gives() -> None:
    # The breaker knows these are wide without asking the database: it must agree with it.
    import unicodedata

    from store import typeset

    for code in range(0x4DC0, 0xA500):
        ch = chr(code)
        typeset._WIDTHS.pop(ch, None)
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
            expected = 0
        else:
            expected = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        assert typeset.char_width(ch) == expected, hex(code)


@given(st.text(alphabet="a中ｗ。 \u0301", max_size=30), st.integers(-1, 40))
def test_fitting_takes_the_longest_start_that_fits(text: str, cells: int) -> None:
    n = fitting(text, cells)
    assert cell_width(text[:n]) <= max(cells, 0) or n == 0
    assert n == len(text) or cell_width(text[: n + 1]) > cells
