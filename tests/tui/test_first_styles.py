"""What waits for the reader's first frame: the other screens' rules, the footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import until
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget
from textual.widgets._footer import FooterKey

import tui
from store import Library
from tui.app import BriefingApp
from tui.first_styles import MARKER, SplitStylesheet, split
from tui.screens.help import HelpScreen
from tui.widgets.footer import ReaderFooter
from tui.widgets.section_paint import PARTS
from tui.widgets.section_view import SectionView

APP_TCSS = Path(tui.__file__).parent / "app.tcss"


def test_split_cuts_at_the_marker_and_keeps_every_character() -> None:
    css = "A { width: 1; }\n" + MARKER + " */\nB { width: 2; }\n"
    first, later = split(css)
    assert first == "A { width: 1; }\n"
    assert later.startswith(MARKER) and first + later == css
    assert split("A { width: 1; }") == ("A { width: 1; }", "")


def test_the_stylesheet_has_one_marker_with_rules_on_both_sides() -> None:
    css = APP_TCSS.read_text(encoding="utf-8")
    assert css.count(MARKER) == 1
    first, later = split(css)
    assert "ReaderScreen {" in first and "HelpScreen {" in later


def test_both_parts_give_the_rules_of_the_whole_file_in_order() -> None:
    variables = App().get_css_variables()
    whole = Stylesheet(variables=variables)
    whole.read(APP_TCSS)
    parts = SplitStylesheet(variables=variables)
    parts.read(APP_TCSS)
    early = [rule.css for rule in parts.rules]
    assert parts.waiting and 0 < len(early) < len(whole.rules)
    parts.read_later()
    assert not parts.waiting
    assert [rule.css for rule in parts.rules] == [rule.css for rule in whole.rules]
    parts.read_later()  # a second call adds nothing
    assert len(parts.rules) == len(whole.rules)


def _later_rules_matching(app: BriefingApp) -> list[str]:
    """Rules of the later part that match a widget of the reader, or a component class of
    one (those styles are worked out when the widget is styled, before the first frame)."""
    later = Stylesheet(variables=app.get_css_variables())
    later.add_source(split(APP_TCSS.read_text(encoding="utf-8"))[1])
    reader = app.reader
    assert reader is not None
    nodes: list[Widget] = [reader, *reader.walk_children(Widget)]
    parts = {f".{name}" for node in nodes for name in type(node)._get_component_classes()}
    # The reading pane styles its parts itself, as they are drawn.
    assert any(isinstance(node, SectionView) for node in nodes)
    parts |= {f".{name}" for name in PARTS}
    found = []
    for rule in later.rules:
        matched = any(list(Stylesheet._check_rule(rule, node.css_path_nodes)) for node in nodes)
        if matched or rule.selector_names & parts:
            found.append(rule.selectors)
    return found


@pytest.mark.parametrize("size", [(100, 32), (70, 24)])
async def test_no_rule_read_after_the_first_frame_styles_the_reader(
    app: BriefingApp, size: tuple[int, int], outline_filled
) -> None:
    async with app.run_test(size=size) as pilot:
        await outline_filled(pilot, app)
        await pilot.press("o")  # the outline focused (and shown over the text when narrow)
        await pilot.pause()
        assert not app.stylesheet.waiting
        assert _later_rules_matching(app) == []


async def test_the_rest_of_the_stylesheet_is_read_once_the_first_frame_is_drawn(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert not app.stylesheet.waiting
        assert any("HelpScreen" in rule.selectors for rule in app.stylesheet.rules)


class _HelpFirst(BriefingApp):
    """A reader that opens its help before its first frame is drawn."""

    CSS_PATH = str(APP_TCSS)

    def on_mount(self) -> None:
        super().on_mount()
        assert self.stylesheet.waiting
        self.push_screen(HelpScreen.for_screen(self.screen))


async def test_a_screen_opened_before_the_first_frame_finds_its_rules(library: Library) -> None:
    app = _HelpFirst(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        assert box.styles.border_top[0] == "round"
        assert box.styles.width is not None and box.styles.width.value == 84


class _FirstFrame(BriefingApp):
    """A reader that notes what its first frame holds."""

    CSS_PATH = str(APP_TCSS)

    def on_ready(self) -> None:
        super().on_ready()
        screen = self.screen
        self.first_frame = (
            [w.id for w in screen.query("#footer-slot")],
            len(screen.query(ReaderFooter)),
            screen.query_one("#footer-slot").region,
        )


async def test_the_footer_takes_its_bars_place_after_the_first_frame(library: Library) -> None:
    app = _FirstFrame(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        slots, footers, bar = app.first_frame
        assert slots == ["footer-slot"] and footers == 0
        # The footer lists its keys a refresh after it is mounted.
        await until(pilot, lambda: bool(app.screen.query(FooterKey)), what="the footer's keys")
        assert not app.screen.query("#footer-slot")
        footer = app.screen.query_one(ReaderFooter)
        assert footer.region == bar  # the same row the bar held, so nothing moved
        assert footer.query(FooterKey).first().action in ("help", "app.help")


def test_the_split_stylesheet_takes_over_the_theme_variables_of_the_one_it_replaces() -> None:
    plain = Stylesheet(variables={"accent": "red", "panel": "blue"})
    split_sheet = SplitStylesheet.replacing(plain)
    assert isinstance(split_sheet, SplitStylesheet)
    assert split_sheet._variables == {"accent": "red", "panel": "blue"}


def test_the_app_styles_with_its_theme_variables(library: Library) -> None:
    app = BriefingApp(library)
    assert isinstance(app.stylesheet, SplitStylesheet)
    assert app.stylesheet._variables == app.get_css_variables()
