"""Read state in the reader: the last block marks a section read, `u` finds the next unread."""

from __future__ import annotations

from pilot_helpers import notices

from tui.screens.reader import ReaderScreen

S1, S2, S3 = "c3398b5e8e-1", "c3398b5e8e-2", "c3398b5e8e-3"


async def _settle(app, pilot) -> None:
    await pilot.pause(0.4)  # the position saver waits for the cursor to rest
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_reaching_the_last_block_marks_the_section_read(app, library, shown):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.section.id == S1
        for _ in range(250):  # the outline is filled after the first frame
            if "(3) 湖南日报" in shown(app):
                break
            await pilot.pause(0.02)
        assert "(3) 湖南日报" in shown(app)
        await pilot.press("j")
        await _settle(app, pilot)
        assert not library.read_state.is_read(S1)  # a paragraph in the middle is not the end
        await pilot.press("G")
        await _settle(app, pilot)
        assert library.read_state.is_read(S1)
        assert "(2) 湖南日报" in shown(app)
        outline = screen.outline
        assert outline.root.children[0].label.plain.startswith("(2)")


async def test_next_unread_skips_read_sections_and_wraps(app, library):
    library.read_state.mark([S2])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.section.id == S1
        await pilot.press("u")
        await pilot.pause()
        assert screen.section.id == S3  # S2 is read
        await pilot.press("u")
        await pilot.pause()
        assert screen.section.id == S1  # round to the top
        library.read_state.mark([S1, S3])
        await pilot.press("u")
        await pilot.pause()
        assert screen.section.id == S1
        assert any("Every section is read" in m for m in notices(app))
