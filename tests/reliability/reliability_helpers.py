"""Helpers the reliability tests share."""

from __future__ import annotations

import hashlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def store_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every store file under a folder (lock files aside)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def one_line(text: str) -> bool:
    """Exactly one non-empty line."""
    return text.count("\n") == 1 and text.strip() != "" and text.endswith("\n")
