"""A label wider than the outline is cut by cells with an ellipsis, whole characters only: a
wide character that would straddle the edge goes rather than leave a blank before "…"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pilot_helpers import has_filled_outline, until
from rich.style import Style
from rich.text import Text

from store.typeset import cell_width
from tui.app import BriefingApp
from tui.widgets.outline import cut_to


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from("靠五个走在前列ａ１ab “”《》 -"), min_size=1, max_size=40),
    cells=st.integers(4, 40),
)
def test_a_cut_label_fits_and_keeps_its_characters_up_to_the_ellipsis(text: str, cells: int):
    label = Text(text, style="bold")
    if cell_width(text) <= cells:
        return  # never cut
    cut = cut_to(label, cells)
    shown = cut.plain
    assert shown.endswith("…") and text.startswith(shown[:-1])
    # As full as whole characters allow: the next one would not have fit before the ellipsis.
    assert cells - 2 <= cell_width(shown) <= cells
    assert cell_width(text[: len(shown)]) > cells - 1
    assert all(span.style == "bold" for span in cut.spans)


async def test_the_seeded_headlines_are_cut_without_a_blank_at_any_width(library) -> None:
    app = BriefingApp(library)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: has_filled_outline(app), what="the outline is filled")
        outline = app.screen.outline
        (briefing,) = outline.root.children
        cut = 0
        for width in range(26, 38):  # the wide characters fall on either side of the edge
            outline.styles.width = width
            await pilot.pause()
            room = outline.scrollable_content_region.width - outline.guide_depth
            for node in briefing.children:
                drawn = outline.render_label(node, Style(), Style()).plain
                whole = node.label.plain
                assert cell_width(drawn) <= room
                if drawn.endswith("…"):
                    cut += 1
                    # What is drawn before the ellipsis is the headline's own start (after
                    # the expand icon, if any): no blank stands in for a character cut in half.
                    assert any(whole.startswith(drawn[n:-1]) for n in (0, 2)), (drawn, whole)
        assert cut  # the outline is narrower than some headlines
