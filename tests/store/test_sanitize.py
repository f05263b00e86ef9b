"""The sanitiser removes everything that could drive a terminal or hide text."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from store import sanitize
from store.sanitize import clean_line, clean_text

ESC = "\x1b"


def test_clean_text_keeps_ordinary_chinese_text_identical() -> None:
    text = "湖南日报11月22日讯(记者 曹娟)今天,省配合中央环保督察“回头看”。\n\t第二行"
    assert clean_text(text) is text


def test_csi_sequences_are_removed_whole() -> None:
    assert clean_text(f"{ESC}[1;31m红色{ESC}[0m 文字{ESC}[2J{ESC}[?25l") == "红色 文字"


def test_eight_bit_csi_is_removed_whole() -> None:
    assert clean_text("a\x9b31mb") == "ab"


def test_osc_sequences_with_bel_or_st_are_removed() -> None:
    assert clean_text(f"a{ESC}]0;evil title\x07b") == "ab"
    link = f"{ESC}]8;;https://example.com{ESC}\\点我{ESC}]8;;{ESC}\\"
    assert clean_text(f"x{link}y") == "x点我y"


def test_unterminated_osc_does_not_swallow_the_rest() -> None:
    assert clean_text(f"头{ESC}]0;正文继续") == "头0;正文继续"


def test_other_escape_sequences_and_lone_esc_are_removed() -> None:
    assert clean_text(f"a{ESC}(Bb{ESC}cc{ESC}") == "abc"
    assert clean_text(f"{ESC}{ESC}[31mx") == "x"


def test_line_ends_become_newlines() -> None:
    assert clean_text("a\r\nb\rc\nd\u2028e") == "a\nb\nc\nd\ne"


def test_c0_c1_controls_are_dropped_except_newline_and_tab() -> None:
    assert clean_text("a\x00b\x07c\x08d\x0be\x0cf\x7fg\x85h\x9fi\tj\nk") == "abcdefghi\tj\nk"


def test_bidi_controls_and_zero_width_characters_are_dropped() -> None:
    text = "\u202e反转\u202c\u2066隔离\u2069\u200e\u200f\u061c零\u200b宽\u200c\u200d\u2060\ufeff"
    assert clean_text(text) == "反转隔离零宽"


def test_lone_surrogates_are_dropped() -> None:
    assert clean_text("a\ud800b\udfffc") == "abc"
    assert clean_text("emoji 😀 stays") == "emoji 😀 stays"


def test_clean_line_maps_newlines_and_tabs_to_spaces() -> None:
    assert clean_line("标题\n第二行\t制表\r\n") == "标题 第二行 制表 "
    assert clean_line(f"{ESC}[31m标签{ESC}[0m") == "标签"


_FORBIDDEN = {chr(c) for c in range(0x20)} - {"\n", "\t"}
_FORBIDDEN |= {chr(c) for c in range(0x7F, 0xA0)}
_FORBIDDEN |= set("\u061c\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
_FORBIDDEN |= {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}

_hostile = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),
        st.sampled_from(["\x1b", "[", "]", "\x07", "\\", "\x9b", "\x9d", "\r", "\n", "3", "m"]),
    ),
    max_size=200,
)


@given(_hostile)
def test_clean_text_output_has_no_controls_or_escapes(text: str) -> None:
    out = clean_text(text)
    assert not (set(out) & _FORBIDDEN)
    assert not any(unicodedata.category(ch) == "Cs" for ch in out)
    assert clean_text(out) == out


@given(_hostile)
def test_clean_line_output_is_one_line(text: str) -> None:
    out = clean_line(text)
    assert "\n" not in out and "\t" not in out
    assert not (set(out) & _FORBIDDEN)


def test_clean_text_compiles_the_removing_patterns_only_when_text_needs_work() -> None:
    code = (
        "from store import sanitize as s\n"
        "n = s._removers.cache_info\n"
        "print(s.clean_line('衡阳 产业\\u3000转移'), n().currsize)\n"
        "print(repr(s.clean_line('衡\\x1b[31m阳\\u202e\\r\\n')), n().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out == "衡阳 产业\u3000转移 0\n'衡阳 ' 1\n"


def test_every_character_that_needs_work_is_unprintable() -> None:
    # Printable text is passed through without the pattern: that must never let one through.
    pattern = sanitize._needs_work()
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if pattern.match(ch) is not None:
            assert not ch.isprintable(), hex(code)
            assert clean_text("衡" + ch + "阳") != "衡" + ch + "阳", hex(code)


def test_printable_text_is_found_clean_without_compiling_a_pattern() -> None:
    code = (
        "from store import sanitize as s\n"
        "n = s._needs_work.cache_info\n"
        "print(s.clean_line('衡阳 产业 2024'), n().currsize)\n"
        "print(repr(s.clean_text('衡阳\\n产业')), n().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out == "衡阳 产业 2024 0\n'衡阳\\n产业' 1\n"
