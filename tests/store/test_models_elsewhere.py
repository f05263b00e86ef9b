"""store.models names every value object, though marks and parsed briefings load on first use."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import store.models
from store.models import Bookmark, Byline, Note, ParsedBriefing, ParsedSection

ROOT = Path(__file__).resolve().parents[2]


def test_the_classes_kept_elsewhere_are_the_ones_store_models_names() -> None:
    from store import model_marks, model_parsed

    assert store.models.Note is model_marks.Note is Note
    assert store.models.Bookmark is model_marks.Bookmark is Bookmark
    assert store.models.ParsedBriefing is model_parsed.ParsedBriefing is ParsedBriefing
    assert store.models.ParsedSection is model_parsed.ParsedSection is ParsedSection


def test_they_stay_frozen_value_objects() -> None:
    note = Note("n1", "b1", "b1-1", 0, "text", "t0", "t0", tags=("a",))
    assert replace(note, text="other").text == "other"
    assert note == Note("n1", "b1", "b1-1", 0, "text", "t0", "t0", tags=("a",))
    assert hash(note) == hash(replace(note))
    section = ParsedSection("headline")
    assert section.byline == Byline()
    assert ParsedBriefing((section,)).sections == (section,)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Nowhere"):
        _ = store.models.Nowhere  # type: ignore[attr-defined]


def test_importing_the_models_loads_neither_module() -> None:
    code = (
        "import sys, store.models\n"
        "print(sorted(m for m in ('store.model_marks', 'store.model_parsed') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert out.stdout.strip() == "[]"
