"""Make hostile text safe to store and to show in a terminal.

Briefing text comes from files nobody vetted. A stray ESC can recolour or clear the
terminal, OSC strings can set titles or write hyperlinks, bidi overrides can make text
read differently from what is stored, and zero-width characters break search. All of
them are removed here, once at import and again at display time, so both functions keep
a fast path for the common case of clean text.
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "clean_text"]

# Escape sequences, longest forms first so a CSI or OSC is removed whole rather than
# leaving its parameters behind as visible junk.
_SEQUENCES = (
    # OSC / DCS / SOS / PM / APC strings (7-bit and 8-bit introducers) up to BEL or ST.
    # Unterminated strings are not swallowed: only the introducer goes (below), so a lone
    # "ESC ]" cannot erase the rest of a briefing.
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    # CSI (ECMA-48): parameter bytes, intermediate bytes, one final byte.
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    # Any other escape: intermediates then a final byte (charset designations, RIS, ...).
    r"|\x1b[ -/]*[0-~]"
)

# Single code points that never belong in stored or displayed text.
_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls and DEL, keeping \t and \n
    "\x80-\x9f"  # C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, isolates
    "\u200b-\u200d\u2060\ufeff"  # zero-width characters and the BOM
    "\ud800-\udfff"  # lone surrogates (paired ones are already single code points)
)

_DROP = re.compile(_SEQUENCES + "|[" + _CHARS + "]")
# Anything that needs work: droppable characters, CR, and the Unicode line separators.
_NEEDS_WORK = re.compile("[" + _CHARS + "\r\u2028\u2029]")
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})
_LINE_SPACE = str.maketrans({"\n": " ", "\t": " "})


def clean_text(s: str) -> str:
    """Drop control characters, escape sequences, bidi overrides and zero-width characters."""
    if _NEEDS_WORK.search(s) is None:
        return s
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = s.translate(_LINE_BREAKS)
    return _DROP.sub("", s)


def clean_line(s: str) -> str:
    """Like clean_text, for one-line fields: line breaks and tabs become spaces."""
    s = clean_text(s)
    if "\n" in s or "\t" in s:
        s = s.translate(_LINE_SPACE)
    return s
