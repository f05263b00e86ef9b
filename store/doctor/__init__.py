"""`briefing doctor`: check every file of a library, and repair what can be repaired.

Checking never writes. Repairing moves a broken file aside as `<name>.broken-<timestamp>`
(nothing is deleted), rebuilds the catalog from the section files, imports a lost shipped
briefing again from content/, and carries every readable note, bookmark, position and
setting of a broken user file into a fresh one. A file from a newer briefing is left alone.
"""

from __future__ import annotations

from pathlib import Path

from store import paths
from store.doctor.checks import Finding, findings, survey
from store.doctor.repair import repair_library
from store.doctor.salvage import salvage

__all__ = ["Finding", "check_library", "repair_library", "salvage"]


def check_library(home: Path | str | None = None) -> list[Finding]:
    """Check every file of a library folder without changing anything."""
    return findings(survey(paths.resolve_home(home)))
