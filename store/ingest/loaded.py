"""What an adapter hands back: one briefing read from a file, before the library stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store.models import ParsedBriefing


@dataclass(frozen=True, slots=True)
class Loaded:
    """One briefing read from a file: its text (which names it), sections and metadata."""

    text: str
    format: str
    parsed: ParsedBriefing | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # One key per section for sources that grow (feeds): a later copy adds only new keys.
    keys: tuple[str, ...] = ()
