"""The one stylesheet, read in two parts: the reader's rules before its first frame, the rest
after it (or before another screen opens, if that comes first)."""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from textual.css.stylesheet import Stylesheet, StylesheetError

if TYPE_CHECKING:
    from tui.style_cache import RuleCache

# The comment in tui/app.tcss that opens the part read after the first frame. Parsing the
# other screens' rules is about half the stylesheet's cost, and the first frame needs none.
MARKER = "/* ---- read after the reader's first frame ----"
# Where the later part is kept among the stylesheet's sources (beside the file's own key).
LATER = "after the first frame"


def split(css: str) -> tuple[str, str]:
    """The stylesheet's text before its marker, and from the marker on ("" without one)."""
    at = css.find(MARKER)
    if at < 0:
        return css, ""
    return css[:at], css[at:]


class SplitStylesheet(Stylesheet):
    """A stylesheet that reads a file's first part only, keeping the rest for `read_later`."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._later: dict[str, str] = {}
        # Rules parsed at earlier starts (tui.style_cache), when the app was given a cache.
        self.rule_cache: RuleCache | None = None

    @classmethod
    def replacing(cls, stylesheet: Stylesheet) -> SplitStylesheet:
        """A split stylesheet in place of a new, empty one: its variables are taken over
        rather than worked out from the theme a second time."""
        return cls(variables=stylesheet._variables)

    def read(self, filename: str | PurePath) -> None:
        filename = os.path.expanduser(filename)
        try:
            with open(filename, encoding="utf-8") as css_file:
                css = css_file.read()
            path = os.path.abspath(filename)
        except Exception:
            raise StylesheetError(f"unable to read CSS file {filename!r}") from None
        first, later = split(css)
        # The file's own key holds the first part, as Textual's reader would hold all of it.
        self.add_source(first, read_from=(path, ""))
        if later:
            self._later[path] = later

    def _parse_rules(
        self,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[Any]:
        cache = self.rule_cache
        if cache is None:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = cache.get(key, self._variables)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            cache.put(key, self._variables, rules)
        return rules

    @property
    def waiting(self) -> bool:
        """Whether a part of a file is still unread."""
        return bool(self._later)

    def read_later(self) -> None:
        """Add the parts kept back and parse them (parsed parts come from the cache)."""
        later, self._later = self._later, {}
        for path, css in later.items():
            self.add_source(css, read_from=(path, LATER))
        if later:
            self.parse()


class LaterStyles:
    """Mixed into the app (before `App`): the rules kept back are read after the first frame
    (`read_later_styles`, called then) or before any screen is pushed or switched to."""

    stylesheet: Stylesheet

    def read_later_styles(self) -> None:
        """Parse the stylesheet's rules for screens other than the reader (once)."""
        # A stylesheet reloaded by Textual's CSS watcher (dev mode) is read whole.
        if isinstance(self.stylesheet, SplitStylesheet):
            self.stylesheet.read_later()
            cache = self.stylesheet.rule_cache
            if cache is not None and (blob := cache.take()) is not None:
                self.run_worker(  # type: ignore[attr-defined]
                    lambda: cache.write(blob), thread=True, group="style-cache", exit_on_error=False
                )

    def save_parsed_styles(self) -> None:
        """Write the rules parsed at this start to the cache, if not written yet (called once
        the app has ended: a reader quit at once never reached the worker that writes it)."""
        cache = getattr(self.stylesheet, "rule_cache", None)
        if cache is not None:
            cache.save()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        # A screen opened before the first frame is drawn still finds its rules.
        self.read_later_styles()
        return super().push_screen(screen, *args, **kwargs)  # type: ignore[misc]

    def switch_screen(self, screen: Any) -> Any:
        self.read_later_styles()
        return super().switch_screen(screen)  # type: ignore[misc]
