"""Folding asks the Traditional-to-Simplified converter only about characters it changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.search.traditional import CHARACTERS, from_converter

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_of_convertible_characters_matches_the_installed_converter():
    # When OpenCC changes its tables, store/search/traditional.py is written again from
    # from_converter() (and FOLD_VERSION bumped if a folded form changed).
    assert from_converter() == CHARACTERS


def _loaded_after(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nprint('opencc' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()[-1]


def test_simplified_text_folds_without_loading_the_converter():
    code = (
        "import sys\nfrom store.search.normalise import fold\n"
        "assert fold('衡阳市ＡＢ c，承接產業') == '衡阳市abc,承接产业'\n"
    )
    assert _loaded_after(code) == "True"  # 產 and 業 convert
    code = (
        "import sys\nfrom store.search.normalise import fold\n"
        "assert fold('衡阳市ＡＢ c') == '衡阳市abc'\n"
    )
    assert _loaded_after(code) == "False"
