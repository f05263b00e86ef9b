"""The cache of parsed stylesheet rules: a second start parses nothing and looks the same; a
damaged, foreign or stale file is parsed over, never trusted."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from pilot_helpers import screen_text, until
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from store import Library
from tui.app import BriefingApp
from tui.style_cache import RuleCache

SIZE = (100, 32)


class Parses:
    """Counts the sources Textual parses (the cache's misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        parse = Stylesheet._parse_rules

        def counted(sheet: Stylesheet, *args, **kwargs):
            self.count += 1
            return parse(sheet, *args, **kwargs)

        monkeypatch.setattr(Stylesheet, "_parse_rules", counted)


async def _start(library: Library, cache: Path) -> tuple[str, str]:
    """Run the reader to its first section's text; its screen, its rules and how many
    sources it parsed meanwhile, then end it as the CLI does."""
    app = BriefingApp(library, style_cache=cache)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "衡阳" in screen_text(app), what="the section's text")
        shown = screen_text(app)
        rules = repr(
            [(r.selector_set, sorted(r.styles.get_rules().items())) for r in app.stylesheet.rules]
        )
    app.save_parsed_styles()
    return shown, rules


async def test_a_second_start_parses_no_source_and_looks_the_same(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "styles.pickle"
    parses = Parses(monkeypatch)
    first_screen, first_rules = await _start(library, cache)
    first_count, parses.count = parses.count, 0
    assert first_count > 10 and cache.is_file()
    second_screen, second_rules = await _start(library, cache)
    assert parses.count == 0
    assert second_screen == first_screen and second_rules == first_rules


async def test_a_damaged_cache_is_parsed_over_and_rewritten(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "styles.pickle"
    cache.write_bytes(b"\x80\x05not a pickle at all")
    parses = Parses(monkeypatch)
    shown, _ = await _start(library, cache)
    assert parses.count > 10 and "衡阳" in shown
    parses.count = 0
    await _start(library, cache)
    assert parses.count == 0


class _Harm:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (str(self.path),))


def _written(cache: Path, payload: object) -> RuleCache:
    cache.write_bytes(pickle.dumps(payload))
    return RuleCache(cache)


def test_a_file_that_calls_anything_else_is_refused_unrun(tmp_path: Path) -> None:
    made = tmp_path / "made-by-the-cache"
    rules = _written(tmp_path / "a.pickle", {"format": 1, "rules": {("x",): _Harm(made)}})
    assert rules.get(("x",), {}) is None
    assert not made.exists()


def test_getattr_in_a_file_reaches_only_enum_members_and_dict_lookups(tmp_path: Path) -> None:
    class Reach:
        def __reduce__(self):
            return (getattr, (RuleSet, "__init__"))

    rules = _written(tmp_path / "b.pickle", {"format": 1, "rules": {("x",): Reach()}})
    assert rules.get(("x",), {}) is None


def test_rules_parsed_under_other_theme_variables_are_not_used(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path / "c.pickle")
    sheet = Stylesheet(variables={"accent": "red"})
    key = ("A { color: $accent; }", ("x", ""), False, 0, "")
    parsed = sheet._parse_rules(*key)
    cache.put(key, {"accent": "red"}, parsed)
    cache.save()
    again = RuleCache(tmp_path / "c.pickle")
    assert again.get(key, {"accent": "blue"}) is None
    found = again.get(key, {"accent": "red"})
    assert found is not None and [r.css for r in found] == [r.css for r in parsed]


def test_rules_with_errors_are_not_kept(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path / "d.pickle")
    key = ("A { colour: red; }", ("x", ""), False, 0, "")
    cache.put(key, {}, Stylesheet()._parse_rules(*key))
    assert not cache.dirty
    cache.save()
    assert not (tmp_path / "d.pickle").exists()


def test_rules_taken_for_a_writer_that_never_wrote_are_saved_at_the_end(tmp_path: Path) -> None:
    # The app takes the rules for a worker after its first frame; ended at once, that worker
    # may never write them, so the save at the app's end does.
    path = tmp_path / "e.pickle"
    cache = RuleCache(path)
    key = ("A { width: 1; }", ("x", ""), False, 0, "")
    cache.put(key, {}, Stylesheet()._parse_rules(*key))
    assert cache.take() is not None and not path.exists()
    cache.save()
    assert RuleCache(path).get(key, {}) is not None
