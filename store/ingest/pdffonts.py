"""Read each font of a PDF once, not once per page.

pypdf parses a font's character map every time a page uses the font; a whole issue uses
the same few fonts on hundreds of pages, and that parsing was four fifths of the import
time (45 s for a 228-page People's Daily issue). While `fonts_read_once()` is active in a
thread, a font resource already read in that document is reused. Without the pypdf
internals this relies on, reading is as before, only slower.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state = threading.local()
_installed = False
_lock = threading.Lock()


def _install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        try:
            from pypdf.generic._font import Font
        except ImportError:
            return
        original = Font.from_font_resource.__func__  # type: ignore[attr-defined]

        def from_font_resource(cls: Any, pdf_font_dict: Any) -> Any:
            memo = getattr(_state, "fonts", None)
            if memo is None:
                return original(cls, pdf_font_dict)
            # The reader hands out the same resolved dictionary for the same font object;
            # the dictionary is kept in the memo so its id cannot be reused meanwhile.
            hit = memo.get(id(pdf_font_dict))
            if hit is None or hit[0] is not pdf_font_dict:
                hit = (pdf_font_dict, original(cls, pdf_font_dict))
                memo[id(pdf_font_dict)] = hit
            return hit[1]

        Font.from_font_resource = classmethod(from_font_resource)  # type: ignore[method-assign]


@contextmanager
def fonts_read_once() -> Iterator[None]:
    """Within this block, the current thread reads each font resource once."""
    _install()
    previous = getattr(_state, "fonts", None)
    _state.fonts = {}
    try:
        yield
    finally:
        _state.fonts = previous
