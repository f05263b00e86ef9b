"""Guarantee 7: random sequences of store operations agree with a plain model, and every
file stays healthy."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)
from reliability_helpers import REPO

from store import NotFound, open_library
from store.bookmarks import add_bookmark, delete_bookmark, rename_bookmark
from store.doctor import check_library
from store.export import export_text, import_notes
from store.notes import add_note, delete_note, edit_note
from store.paths import catalog_stamp
from store.search import index, search, upkeep

SEED_TEXT = (REPO / "content" / "hunan-daily.txt").read_text(encoding="utf-8")
HOSTILE = [
    "\x1b]0;pwned\x07",
    "[bold]x[/bold]",
    "[@click=app.quit]",
    "\u202e",
    "\ud800",
    "\x00\x9b",
    "衡阳",
    "“引号”",
    '"\\',
    "",
]
texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)).map(lambda s: s or "空")
VARIANTS = range(3)


def variant_text(k: int) -> str:
    return SEED_TEXT + f"\n\n第{k}号附加段落。\n"


class StoreMachine(RuleBasedStateMachine):
    """The library against dictionaries of what should be in it."""

    notes = Bundle("notes")
    marks = Bundle("marks")

    @initialize()
    def setup(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="briefing-sm-"))
        self.home = self.dir / "lib"
        self.lib = open_library(self.home)
        self.sections = [(h.id, h.paragraphs) for h in self.lib.section_heads()]
        self.seed_id = self.lib.briefings()[0].id
        self.model_notes: dict[str, str] = {}
        self.model_marks: dict[str, tuple[str, int, str | None]] = {}
        self.model_briefings = {self.seed_id}
        self.variant_ids: dict[int, str] = {}

    def teardown(self) -> None:
        shutil.rmtree(getattr(self, "dir", "/nonexistent"), ignore_errors=True)

    def _section(self, n: int) -> tuple[str, int]:
        return self.sections[n % len(self.sections)]

    @rule(target=notes, n=st.integers(0, 10), block=st.integers(0, 8), text=texts)
    def add(self, n: int, block: int, text: str) -> str:
        sid, _ = self._section(n)
        note = add_note(self.lib, sid, block, text, [text[:10]])
        self.model_notes[note.id] = note.text
        return note.id

    @rule(note_id=notes, text=texts)
    def edit(self, note_id: str, text: str) -> None:
        if note_id not in self.model_notes:
            with pytest.raises(NotFound):
                edit_note(self.lib, note_id, text=text)
            return
        edit_note(self.lib, note_id, text=text)
        self.model_notes[note_id] = text

    @rule(note_id=consumes(notes))
    def delete(self, note_id: str) -> None:
        if note_id in self.model_notes:
            delete_note(self.lib, note_id)
            del self.model_notes[note_id]
        else:
            with pytest.raises(NotFound):
                delete_note(self.lib, note_id)

    @rule(target=marks, n=st.integers(0, 10), block=st.integers(0, 8), label=texts)
    def mark(self, n: int, block: int, label: str) -> str:
        sid, _ = self._section(n)
        bm = add_bookmark(self.lib, sid, block, label)
        self.model_marks[bm.id] = (sid, block, bm.label)
        return bm.id

    @rule(bm_id=marks, label=texts)
    def relabel(self, bm_id: str, label: str) -> None:
        if bm_id in self.model_marks:
            rename_bookmark(self.lib, bm_id, label)
            sid, block, _ = self.model_marks[bm_id]
            self.model_marks[bm_id] = (sid, block, label or None)

    @rule(bm_id=consumes(marks))
    def unmark(self, bm_id: str) -> None:
        if bm_id in self.model_marks:
            delete_bookmark(self.lib, bm_id)
            del self.model_marks[bm_id]
        else:
            with pytest.raises(NotFound):
                delete_bookmark(self.lib, bm_id)

    def _writer(self, fresh: bool, indexed: bool = False):  # type: ignore[no-untyped-def]
        # A fresh library is a process that changes a briefing without reading every row;
        # an indexed one keeps the search index in step with its changes.
        lib = open_library(self.home, seed=False) if fresh else self.lib
        if indexed:
            index.register(lib)
        return lib

    @rule(
        k=st.sampled_from(list(VARIANTS)),
        replace=st.booleans(),
        fresh=st.booleans(),
        indexed=st.booleans(),
    )
    def import_variant(self, k: int, replace: bool, fresh: bool, indexed: bool) -> None:
        lib = self._writer(fresh, indexed)
        result = lib.import_text(variant_text(k), origin=f"v{k}.txt", replace=replace)
        known = result.briefing.id in self.model_briefings
        expected = ("replaced" if replace else "exists") if known else "imported"
        assert result.status == expected
        self.model_briefings.add(result.briefing.id)
        self.variant_ids[k] = result.briefing.id

    @precondition(lambda self: len(self.model_briefings) > 1)
    @rule(data=st.data(), fresh=st.booleans(), forget=st.booleans())
    def delete_briefing(self, data: st.DataObject, fresh: bool, forget: bool) -> None:
        others = sorted(self.model_briefings - {self.seed_id})
        victims = data.draw(st.lists(st.sampled_from(others), min_size=1, unique=True))
        lib = self._writer(fresh)
        lib.delete_briefings(victims)
        change = lib.catalog.take_change()
        if forget:  # as `briefing rm` does
            index.forget(lib, victims, [change] if change else [])
        self.model_briefings.difference_update(victims)

    @rule(fresh=st.booleans())
    def search_library(self, fresh: bool) -> None:
        search(self._writer(fresh), "衡阳")

    @rule()
    def export_and_import_back(self) -> None:
        doc = json.loads(export_text(self.lib, "json"))
        counts = import_notes(self.lib, doc)
        assert counts.added == 0  # everything exported is already here
        assert counts.notes_skipped == len(self.model_notes)

    @rule()
    def reopen(self) -> None:
        self.lib = open_library(self.home)

    @invariant()
    def agrees_with_model(self) -> None:
        if not hasattr(self, "lib"):
            return
        rows = self.lib.user.table("notes").all()
        stored = {r["id"]: r["text"] for r in rows}
        assert len(rows) == len(stored)
        clean = {
            k: v.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            for k, v in self.model_notes.items()
        }
        assert stored == clean
        marks = {
            r["id"]: (r["section_id"], r["block"], r.get("label"))
            for r in self.lib.user.table("bookmarks").all()
        }
        clean_marks = {
            k: (
                s,
                b,
                None
                if lab is None
                else lab.encode("utf-16", "surrogatepass").decode("utf-16", "replace"),
            )
            for k, (s, b, lab) in self.model_marks.items()
        }
        assert marks == clean_marks
        assert {b.id for b in self.lib.briefings()} == self.model_briefings

    @invariant()
    def trusted_index_agrees(self) -> None:
        # A search trusts an index stamped with the catalog as it is: such an index holds
        # exactly the catalog's briefings, by content hash and import time.
        if not hasattr(self, "home"):
            return
        man = index.handle(self.home).read_manifest()
        if man is None or man.catalog != catalog_stamp(self.home):
            return
        rows = upkeep.catalog_rows(open_library(self.home, seed=False))
        assert man.briefings.stamps() == rows

    @invariant()
    def files_are_healthy(self) -> None:
        if hasattr(self, "home"):
            assert [f for f in check_library(self.home) if f.harmful] == []


StoreMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_store_operations = StoreMachine.TestCase
