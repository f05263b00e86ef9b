"""The reader application: a Textual app over one library."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from store import Library
from store.errors import BriefingError
from store.models import Section, SectionHead
from tui.errors import ErrorGuard
from tui.screens.reader import ReaderScreen
from tui.watch import StoreWatch

THEME_SETTING = "theme"
INDENT_SETTING = "paragraph_indent"
DEFAULT_INDENT = 2
# benchmarks/startup.py sets this to a file: the app writes the time of its first frame
# there and exits.
BENCH_ENV = "BRIEFING_BENCH_FIRST_PAINT"


class BriefingApp(ErrorGuard, StoreWatch, App[None]):
    """Read the briefings of a library; the library comes in through the constructor."""

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

    def __init__(self, library: Library, *, start_section: str | None = None) -> None:
        super().__init__()
        self.library = library
        self._start_section = start_section
        self._sections: dict[str, Section] = {}
        self._heads: list[SectionHead] | None = None
        self._titles: dict[str, str] | None = None
        saved = library.user.get_setting(THEME_SETTING)
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        indent = library.user.get_setting(INDENT_SETTING, DEFAULT_INDENT)
        self.paragraph_indent = indent if isinstance(indent, int) and 0 <= indent <= 8 else 2
        library.on_change(self._library_changed)

    def get_default_screen(self) -> Screen:
        return ReaderScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def on_ready(self) -> None:
        bench = os.environ.get(BENCH_ENV)
        if bench:
            with open(bench, "w", encoding="utf-8") as handle:
                handle.write(f"{time.time()!r} {time.process_time()!r}")
            self.exit()

    # -- the library, cached for the UI -------------------------------------------------------
    def load_section(self, section_id: str) -> Section:
        """A section with its blocks (cached; raises NotFound)."""
        section = self._sections.get(section_id)
        if section is None:
            section = self.library.section(section_id)
            self._sections[section_id] = section
        return section

    def heads(self) -> list[SectionHead]:
        """Every section head in reading order (cached until the library changes)."""
        if self._heads is None:
            self._heads = self.library.section_heads()
        return self._heads

    def briefing_title(self, briefing_id: str) -> str:
        """The title of a briefing, for the status line."""
        if self._titles is None:
            self._titles = {b.id: b.title for b in self.library.briefings()}
        return self._titles.get(briefing_id, briefing_id)

    def forget_sections(self) -> None:
        """Drop cached sections and heads (after an import or delete)."""
        self._sections.clear()
        self._heads = None
        self._titles = None

    def start_section(self) -> str | None:
        """The section to open first: the one asked for, the last one read, or the first."""
        ids = [h.id for h in self.heads()]
        for candidate in (self._start_section, self.library.user.last_section()):
            if candidate in ids:
                return candidate
        return ids[0] if ids else None

    def _library_changed(self, added: list[str], removed: list[str]) -> None:
        def apply() -> None:
            self.forget_sections()
            for screen in self.screen_stack:
                # A reader not mounted yet reads the library afresh when it mounts.
                if isinstance(screen, ReaderScreen) and screen.is_mounted:
                    screen.reload_library()

        try:
            self.call_from_thread(apply)
        except RuntimeError:
            # Already on the app's thread (an import started from inside the app).
            self.call_later(apply)

    # -- settings ------------------------------------------------------------------------------
    def _save_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str):
            self.run_worker(
                lambda: self._write_setting(THEME_SETTING, name),
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
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.flush_position()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's system commands plus every key action of the reader."""
        yield from super().get_system_commands(screen)
        reader = next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)
        if reader is None:
            return
        seen = {"quit", "change_theme", "command_palette"}
        for binding in [*ReaderScreen.BINDINGS, *self.BINDINGS]:
            if not isinstance(binding, Binding) or binding.action in seen:
                continue
            seen.add(binding.action)
            keys = ", ".join(self.get_key_display(b) for b in Binding.make_bindings([binding]))
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
