"""Each section in the outline shows whether it is read: a check mark before its headline,
drawn in the outline's muted colour, changed as the section is read or marked."""

from __future__ import annotations

from pilot_helpers import has_filled_outline, idle, press_to, until
from rich.style import Style

from tui.app import BriefingApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.outline_labels import READ_MARK

BID = "c3398b5e8e"
S1, S2, S3 = f"{BID}-1", f"{BID}-2", f"{BID}-3"


def _marks(screen: ReaderScreen) -> dict[str, bool]:
    """Which sections of the seeded briefing the outline shows read, by their labels."""
    (briefing,) = screen.outline.root.children
    return {n.data.section_id: n.label.plain.startswith(READ_MARK) for n in briefing.children}


def _drawn_read(screen: ReaderScreen, section_id: str) -> bool:
    """Whether the outline draws a section's line in its read style."""
    outline = screen.outline
    node = next(n for n in outline.root.children[0].children if n.data.section_id == section_id)
    muted = outline.get_component_rich_style("outline--read").color
    text = outline.render_label(node, Style(), Style())
    return muted is not None and any(
        span.style.color == muted for span in text.spans if isinstance(span.style, Style)
    )


async def _reader(app: BriefingApp, pilot) -> ReaderScreen:
    await until(pilot, lambda: has_filled_outline(app), what="the outline is filled")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_reading_a_section_to_its_end_marks_it_in_the_outline(library) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(120, 32)) as pilot:
        screen = await _reader(app, pilot)
        assert _marks(screen) == {S1: False, S2: False, S3: False}
        assert not _drawn_read(screen, S1)
        await pilot.press("G")  # the last block: S1 is read
        await until(pilot, lambda: _marks(screen)[S1], what="S1 marked in the outline")
        assert _marks(screen) == {S1: True, S2: False, S3: False}
        await pilot.press("right_square_bracket")  # the cursor leaves S1's line
        await until(pilot, lambda: screen.section is not None and screen.section.id == S2)
        assert _drawn_read(screen, S1) and not _drawn_read(screen, S3)
        label = next(n for n in screen.outline.root.children[0].children if n.data.section_id == S1)
        assert label.label.plain == READ_MARK + "5年“转”来500多家企业"


async def test_marks_shown_at_start_and_changed_from_the_library_screen(library) -> None:
    library.read_state.mark([S2])
    app = BriefingApp(library)
    async with app.run_test(size=(120, 32)) as pilot:
        reader = await _reader(app, pilot)
        assert _marks(reader) == {S1: False, S2: True, S3: False}
        screen = await press_to(pilot, "l", LibraryScreen)
        await until(pilot, lambda: screen.current() is not None and not screen.list_pending)
        await pilot.press("m")  # the briefing has unread sections: all are marked read
        await until(pilot, lambda: all(_marks(reader).values()), what="every section marked")
        await until(pilot, lambda: not screen.list_pending)
        await pilot.press("m")  # read already: all unread again
        await until(pilot, lambda: not any(_marks(reader).values()), what="every mark gone")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reader)
        assert _marks(reader) == {S1: False, S2: False, S3: False}


async def test_marks_made_by_another_process_show_in_the_outline(library) -> None:
    from store import open_library

    app = BriefingApp(library)
    app.STORE_POLL_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=(120, 32)) as pilot:
        reader = await _reader(app, pilot)
        open_library(library.home, seed=False).read_state.mark([S1, S3])
        await until(pilot, lambda: _marks(reader) == {S1: True, S2: False, S3: True})
        open_library(library.home, seed=False).read_state.mark([S3], read=False)
        await until(pilot, lambda: _marks(reader) == {S1: True, S2: False, S3: False})


async def test_a_mark_relabels_only_the_sections_that_changed(library, monkeypatch) -> None:
    import tui.widgets.outline_read as outline_read

    app = BriefingApp(library)
    async with app.run_test(size=(120, 32)) as pilot:
        reader = await _reader(app, pilot)
        made: list[str] = []
        real = outline_read.section_label
        monkeypatch.setattr(
            outline_read,
            "section_label",
            lambda head, read: made.append(head.id) or real(head, read),
        )
        reader.outline.set_unread(BID, 2, frozenset({3}))
        assert made == [S3] and _marks(reader) == {S1: False, S2: False, S3: True}
        reader.outline.set_unread(BID, 2, frozenset({3}))  # the same again: nothing redrawn
        reader.outline.recount({BID: frozenset({3})})
        assert made == [S3]
        reader.outline.recount({BID: frozenset({1})})
        assert sorted(made) == [S1, S3, S3] and _marks(reader) == {S1: True, S2: False, S3: False}
        await idle(pilot)


def test_outline_after_reading_the_first_section_80_columns(library, snap_compare) -> None:
    library.read_state.mark([S1])

    async def to_the_second(pilot) -> None:
        await _reader(pilot.app, pilot)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: pilot.app.screen.section.id == S2)
        await pilot.pause()

    assert snap_compare(BriefingApp(library), terminal_size=(80, 24), run_before=to_the_second)
