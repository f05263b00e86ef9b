"""Concordance and trend counts on every fixture page (real text) against a plain scan."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from analysis_helpers import scan_counts

from store import BriefingError, open_library
from store.analysis.kwic import Concordance
from store.analysis.trend import trend
from store.search import fold
from store.search.fields import field_texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))
_HAN = re.compile(r"[\u4e00-\u9fff]{2}")


def common_terms(lib, n: int = 4) -> list[str]:
    """The page's most frequent Han bigrams and characters (chosen from the text, not by hand)."""
    folded = "".join(fold(t) for s in lib.iter_sections() for _f, _b, t in field_texts(s))
    pairs = Counter(folded[i : i + 2] for i in range(len(folded) - 1))
    terms = [p for p, _n in pairs.most_common(50) if _HAN.fullmatch(p)][:n]
    chars = Counter(c for c in folded if "\u4e00" <= c <= "\u9fff")
    return terms + [c for c, _n in chars.most_common(2)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_counts_on_real_pages_equal_a_plain_scan(page: Path, tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib", seed=False)
    try:
        lib.import_file(page)
    except BriefingError as exc:  # a page the importer refuses is no concordance case
        pytest.skip(f"not importable here: {exc}")
    terms = common_terms(lib)
    if not terms:
        pytest.skip("no Han text")
    result = trend(lib, terms, by="year")
    for term, series in zip(terms, result.series, strict=True):
        expected = scan_counts(lib, term)
        conc = Concordance.build(lib, term)
        assert conc.total == sum(expected.values()) == series.occurrences, term
        assert conc.sections == len(expected) == series.sections, term
        lines = conc.lines(0, 10_000)
        assert len(lines) == conc.total and all(fold(li.hit) == term for li in lines)
