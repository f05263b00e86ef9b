"""Make hostile text safe to store and to show in a terminal.

Briefing text comes from files nobody vetted. A stray ESC can recolour or clear the
terminal, OSC strings can set titles or write hyperlinks, bidi overrides can make text
read differently from what is stored, and zero-width characters break search. All of
them are removed here, once at import and again at display time, so both functions keep
a fast path for the common case of clean text.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["clean_line", "clean_text"]

# Escape sequences, removed whole so their parameters do not stay behind as visible junk.
# Factored on the introducer byte so the regex engine skips ordinary text quickly.
_STRING_BODY = r"[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"  # up to BEL or ST
_CSI_BODY = r"[0-?]*[ -/]*[@-~]"  # ECMA-48: parameters, intermediates, one final byte
_SEQUENCES = (
    r"\x1b(?:"
    # OSC / DCS / SOS / PM / APC strings. An unterminated one is not swallowed: only its
    # introducer goes (by the last branch), so a lone "ESC ]" cannot erase a briefing.
    rf"[\]PX^_]{_STRING_BODY}"
    rf"|\[{_CSI_BODY}"
    # Any other escape: intermediates then a final byte (charset designations, RIS, ...).
    r"|[ -/]*[0-~])"
    # The same strings and CSI with 8-bit C1 introducers.
    rf"|[\x90\x98\x9d\x9e\x9f]{_STRING_BODY}"
    rf"|\x9b{_CSI_BODY}"
)

# Single code points that never belong in stored or displayed text.
_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls and DEL, keeping \t and \n
    "\x80-\x9f"  # C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, isolates
    "\u200b-\u200d\u2060\ufeff"  # zero-width characters and the BOM
    "\ud800-\udfff"  # lone surrogates (paired ones are already single code points)
)


@cache
def _needs_work() -> re.Pattern[str]:
    # Anything that needs work: droppable characters, CR, and the Unicode line separators.
    # Compiled on first use (a third of a millisecond): every one of them is unprintable, so
    # text with no tab, line break or space but U+0020 is found clean by `str.isprintable` alone.
    return re.compile("[" + _CHARS + "\r\u2028\u2029]")


@cache
def _removers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled the first time some text needs work (about a millisecond): clean text, all a
    # search prints or the reader's first frame shows as a rule, never needs them.
    return (
        re.compile("[\x1b\x90\x98\x9b\x9d\x9e\x9f]"),  # what may open an escape sequence
        re.compile(_SEQUENCES),
        re.compile("[" + _CHARS + "]+"),
    )


def clean_text(s: str) -> str:
    """Drop control characters, escape sequences, bidi overrides and zero-width characters."""
    if s.isprintable() or _needs_work().search(s) is None:
        return s
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    # str.replace, not str.translate: translate is slow on non-ASCII text.
    if "\u2028" in s or "\u2029" in s:
        s = s.replace("\u2028", "\n").replace("\u2029", "\n")
    introducers, sequence, char = _removers()
    # Whole sequences first, so their parameters go with them; then single characters.
    if introducers.search(s) is not None:
        s = sequence.sub("", s)
    return char.sub("", s)


def clean_line(s: str) -> str:
    """Like clean_text, for one-line fields: line breaks and tabs become spaces."""
    s = clean_text(s)
    if "\n" in s or "\t" in s:
        s = s.replace("\n", " ").replace("\t", " ")
    return s
