"""Folding asks the Traditional-to-Simplified converter only about characters it changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.search import normalise
from store.search.traditional import CHARACTERS, SIMPLIFIED, from_converter, simplified_chars

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_of_convertible_characters_matches_the_installed_converter():
    # When OpenCC changes its tables, store/search/traditional.py is written again from
    # from_converter() (and FOLD_VERSION bumped if a folded form changed).
    assert from_converter() == (CHARACTERS, SIMPLIFIED)


def test_every_ideograph_of_the_main_block_folds_to_itself_or_its_simplified_form():
    # learn() enters these at once, without asking the fold of each.
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        assert normalise._fold_char(ch) == simplified_chars().get(ch, ch), hex(code)


def test_learning_a_text_folds_as_the_table_would_one_character_at_a_time():
    text = "承接產業轉移，衡陽市ＡＢ c\u3000㑯丟並\u200b乾坤"
    normalise.learn(text)
    assert normalise.fold(text) == "".join(normalise._fold_char(c) for c in text)
    assert normalise.fold_with_map(text)[0] == normalise.fold(text)
    assert {"產", "業", "轉", "陽", "丟", "並", "乾"} <= normalise._CHANGED
    assert "坤" in normalise._KNOWN and "坤" not in normalise._CHANGED


def _loaded_after(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nprint('opencc' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()[-1]


def test_folding_never_loads_the_converter():
    code = (
        "import sys\nfrom store.search.normalise import fold, learn\n"
        "learn('承接產業轉移，衡阳市')\n"
        "assert fold('衡阳市ＡＢ c，承接產業') == '衡阳市abc,承接产业'\n"
        "assert fold('㑯䜀𠠄') == '㑔䜧𠠄'\n"
    )
    assert _loaded_after(code) == "False"  # 產, 業 and 㑯 convert, from the table
