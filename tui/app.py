"""The reader application: a Textual app over one library."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.signal import Signal

from store import Library
from store.errors import BriefingError
from store.library import tidy_folders
from tui import startgc
from tui.app_library import LibraryCache
from tui.errors import ErrorGuard
from tui.first_styles import LaterStyles, SplitStylesheet
from tui.host import LibraryChange
from tui.screens.reader import ReaderScreen
from tui.watch import StoreChanged, StoreWatch

THEME_SETTING = "theme"
INDENT_SETTING = "paragraph_indent"
DEFAULT_INDENT = 2
# benchmarks/startup.py sets this to a file: the app writes the time of its first frame
# there and exits.
BENCH_ENV = "BRIEFING_BENCH_FIRST_PAINT"


class BriefingApp(ErrorGuard, StoreWatch, LaterStyles, LibraryCache, App[None]):
    """Read the briefings of a library; the library comes in through the constructor.

    The app owns the shared state: the library (with cached sections), the settings as
    reactives whose watchers save them, and two signals screens subscribe to:
    `library_changed_signal` (a `LibraryChange`) and `marks_changed_signal` (bookmarks or
    notes changed in another process). It implements `tui.host.ReaderHost`.
    """

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {lambda: _section_commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("t", "change_theme", "Theme", id="app.theme"),
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.palette"
        ),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    # The first-line indent of paragraphs in cells; readers watch it, its watcher saves it.
    paragraph_indent: var[int] = var(DEFAULT_INDENT, init=False)

    def __init__(
        self,
        library: Library,
        *,
        start_section: str | None = None,
        style_cache: Path | None = None,
    ) -> None:
        super().__init__()
        # The reader's own rules are parsed before its first frame, the other screens' after;
        # with a cache file, only the sources not parsed at an earlier start are parsed.
        self.stylesheet = SplitStylesheet.replacing(self.stylesheet)
        if style_cache is not None:
            from tui.style_cache import RuleCache

            self.stylesheet.rule_cache = RuleCache(style_cache)
        self.library_changed_signal: Signal[LibraryChange] = Signal(self, "library-changed")
        self.marks_changed_signal: Signal[None] = Signal(self, "marks-changed")
        self.library = library
        self.start_cache(start_section)
        saved = library.user.get_setting(THEME_SETTING)
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        indent = library.user.get_setting(INDENT_SETTING, DEFAULT_INDENT)
        if not isinstance(indent, int) or not 0 <= indent <= 8:
            indent = DEFAULT_INDENT
        # Read from the settings, so not saved back.
        self.set_reactive(BriefingApp.paragraph_indent, indent)
        library.on_change(self._library_changed)

    def get_default_screen(self) -> Screen:
        return ReaderScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)
        problem = self.library.user.problem
        if problem is not None:
            # Reading goes on with default positions and settings; said once, not per action.
            self.notify(
                f"{problem} Until it is repaired, reading positions and settings are not saved.",
                title="Your notes file cannot be read",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def on_ready(self) -> None:
        bench = os.environ.get(BENCH_ENV)
        if bench:
            # The time of the first frame, before the work that follows it begins.
            with open(bench, "w", encoding="utf-8") as handle:
                handle.write(f"{time.time()!r} {time.process_time()!r}")
        # The first frame is drawn: what start-up allocated is there to stay.
        startgc.resume()
        # Temp files a crashed writer left beside the section and head files (`briefing`
        # opens the library without listing those folders, which grow with it).
        home = self.library.home
        self.run_worker(lambda: tidy_folders(home), thread=True, group="tidy", exit_on_error=False)
        self.call_later(self.read_later_styles)
        if bench:
            self.exit()

    def _library_changed(self, added: list[str], removed: list[str]) -> None:
        # This process imported or deleted (maybe from a worker thread). A reader not
        # mounted yet reads the library afresh when it mounts.
        change = LibraryChange(tuple(added), tuple(removed))

        def apply() -> None:
            self.forget_sections()
            self.library_changed_signal.publish(change)

        try:
            self.call_from_thread(apply)
        except RuntimeError:
            # Already on the app's thread (an import started from inside the app).
            self.call_later(apply)

    def on_store_changed(self, event: StoreChanged) -> None:
        """Another process changed the library: tell the screens, keeping each reader's place."""
        if event.catalog:
            self.forget_sections()
            self.library_changed_signal.publish(LibraryChange(external=True))
        elif event.user:
            self.marks_changed_signal.publish(None)
        top = self.screen_stack[-1] if self.screen_stack else None
        if top is not None and not isinstance(top, ReaderScreen):
            # Lists of bookmarks or notes may refresh themselves (on_store_changed).
            top.post_message(StoreChanged(event.catalog, event.user))

    # -- the reader ---------------------------------------------------------------------------
    @property
    def reader(self) -> ReaderScreen | None:
        """The reader screen (the first screen), or None while there is none."""
        return next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)

    def open_section(self, section_id: str, block: int | None = None) -> bool:
        """Show a section in the reader at `block` (or where it was left); False if gone."""
        reader = self.reader
        return reader is not None and reader.open_section(section_id, block)

    # -- settings ------------------------------------------------------------------------------
    def watch_paragraph_indent(self, size: int) -> None:
        """A new indent is remembered; readers follow it through their own watch."""
        self.save_setting(INDENT_SETTING, size)

    def _save_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str):
            self.save_setting(THEME_SETTING, name)

    def save_setting(self, key: str, value: Any) -> None:
        """Save a setting in a worker thread; a failure shows as a warning."""
        self.run_worker(
            lambda: self._write_setting(key, value),
            thread=True,
            group="settings",
            exit_on_error=False,
        )

    def _write_setting(self, key: str, value: Any) -> None:
        try:
            self.library.user.set_setting(key, value)
        except BriefingError as exc:
            self.call_from_thread(self.notify, str(exc), severity="warning", markup=False)

    # -- actions and commands ----------------------------------------------------------------
    def action_help(self) -> None:
        """Show every key of the current screen."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    async def action_quit(self) -> None:
        """Save the reading position and quit."""
        reader = self.reader
        if reader is not None:
            reader.flush_position()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's system commands plus every key action of the open screen and the reader."""
        yield from super().get_system_commands(screen)
        reader = self.reader
        if reader is None:
            return
        seen = {"quit", "change_theme", "command_palette"}
        # A screen over the reader (search, concordance) offers its own actions first.
        own = list(type(screen).BINDINGS) if screen is not reader else []
        for binding in [*own, *ReaderScreen.BINDINGS, *self.BINDINGS]:
            if not isinstance(binding, Binding) or binding.action in seen:
                continue
            seen.add(binding.action)
            keys = ", ".join(self.get_key_display(b) for b in Binding.make_bindings([binding]))
            if binding in own:
                target: Any = screen
            else:
                target = reader if binding in ReaderScreen.BINDINGS else self
            yield SystemCommand(
                binding.description,
                f"Key: {keys}",
                _runner(target, binding.action),
            )


def _section_commands() -> Any:
    # Imported when the palette first opens, keeping it (and pypinyin) off the start-up path.
    from tui.screens.palette import SectionCommands

    return SectionCommands


def _runner(target: Any, action: str) -> Any:
    async def run() -> None:
        await target.run_action(action)

    return run
