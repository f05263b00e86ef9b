"""Regular expressions of the text rules, compiled the first time a rule uses them.

Compiling a pattern with a class of CJK ideographs costs about a millisecond (the compiler
walks every character of its ranges); the rules hold dozens of them and a page needs only
some, so a process that imports one page compiles only what its text asks for.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _Later:
    """A pattern compiled on first use; its methods are then kept on the object itself, so
    later calls reach the compiled pattern's own methods directly."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.__dict__["_args"] = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        pattern, flags = self.__dict__["_args"]
        value = getattr(re.compile(pattern, flags), name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"later({self.__dict__['_args'][0]!r})"


def later(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A compiled pattern as `re.compile` makes it, compiled when first used."""
    return cast("re.Pattern[str]", _Later(pattern, flags))
