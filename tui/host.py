"""What screens and commands may ask of the app: its state, its signals and its public calls.

The app owns the library, the settings and the caches, and publishes two signals that
screens subscribe to. Screens type the app against `ReaderHost`, so no screen imports the
app module (and the app, which imports the screens, stays the only place that knows them).
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from textual.signal import Signal

    from store import Library
    from store.models import Section, SectionHead


# What the reader does once the catalog is read after its first frame: nothing, read the
# library again keeping its place if it is still there, or go to the first section.
Recheck = Literal["same", "reload", "restart"]


class LibraryChange(
    namedtuple("LibraryChange", "added removed external", defaults=((), (), False))
):
    """What "library changed" carries: briefings added and removed, or another process's change.

    `external` is set when another process changed the catalog (the ids are then unknown):
    a reader keeps its text and cursor. This process's own imports and deletes reload it.
    """

    # Made by `collections.namedtuple`: typing.NamedTuple compiles each field's annotation.
    __slots__ = ()
    added: tuple[str, ...]
    removed: tuple[str, ...]
    external: bool


class ReaderHost(Protocol):
    """The app as screens see it (`tui.app.BriefingApp` implements it)."""

    library: Library
    paragraph_indent: int
    library_changed_signal: Signal[LibraryChange]
    marks_changed_signal: Signal[None]

    def load_section(self, section_id: str) -> Section:
        """A section with its blocks (cached; raises NotFound)."""
        ...

    def briefing_heads(self, briefing_id: str) -> tuple[SectionHead, ...]:
        """The section heads of one briefing (() when it is gone)."""
        ...

    def has_section(self, section_id: str | None) -> bool:
        """Whether a section is in the library."""
        ...

    def step_section(self, section_id: str, step: int) -> str | None:
        """The section `step` away in reading order, across briefings; None at either end."""
        ...

    def first_section(self) -> str | None:
        """The first section of the library in reading order."""
        ...

    def section_near(self, briefing_id: str) -> str | None:
        """For a briefing just deleted: the first section of the one after it in the outline."""
        ...

    def briefing_title(self, briefing_id: str) -> str:
        """The title of a briefing."""
        ...

    def start_section(self) -> str | None:
        """The section to open first."""
        ...

    def forget_sections(self) -> None:
        """Drop the cached sections and heads."""
        ...

    def check_glanced(self) -> Recheck:
        """Hold what the first frame read without the catalog against it."""
        ...

    def open_section(self, section_id: str, block: int | None = None) -> bool:
        """Show a section in the reader; False when it is gone."""
        ...

    def save_setting(self, key: str, value: Any) -> None:
        """Save a setting off the event loop."""
        ...
