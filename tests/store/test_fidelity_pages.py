"""The fidelity pages (tests/fixtures/fidelity/): real pages against hand-checked truth.

Each page must keep its recorded score (tests/fixtures/fidelity/BASELINE.json); the
corpus must keep the targets: article-boundary F1 >= 0.97, headline and byline accuracy
>= 0.95 overall. `make bench` names the pages that score below 0.85.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from fidelity_score import PAGES, PageScore, page_paths, score_page, totals  # noqa: E402

BASELINE = json.loads((PAGES / "BASELINE.json").read_text(encoding="utf-8"))
PATHS = page_paths()


@pytest.fixture(scope="module")
def scores() -> dict[str, PageScore]:
    return {p.stem: score_page(p) for p in PATHS}


def test_corpus_is_big_enough() -> None:
    assert len(PATHS) >= 30
    assert set(BASELINE) == {p.stem for p in PATHS}


@pytest.mark.parametrize("name", [p.stem for p in PATHS])
def test_page_keeps_its_score(name: str, scores: dict[str, PageScore]) -> None:
    score, base = scores[name], BASELINE[name]
    assert score.f1 >= base["f1"] - 1e-9, score.misses
    for field in ("headline", "byline", "dateline"):
        assert score.accuracy(field) >= base[field] - 1e-9, (field, score.misses)
    # A masthead in the page gives the briefing its title and date.
    assert score.page_hits == score.page_fields, score.misses


def test_corpus_targets(scores: dict[str, PageScore]) -> None:
    overall = totals(list(scores.values()))
    assert overall.f1 >= 0.97
    assert overall.accuracy("headline") >= 0.95
    assert overall.accuracy("byline") >= 0.95
