"""Dates written in the many ways pages, feeds and documents write them."""

from __future__ import annotations

import re

DATE = re.compile(r"((?:19|20)\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})(?!\d)")
"""A year, month and day: 2019-12-10, 2019/12/10, 2019.12.10, 2019年12月10日."""


def iso_date(text: str | None) -> str | None:
    """The first plausible date in text as YYYY-MM-DD."""
    if not text:
        return None
    for match in DATE.finditer(text):
        y, m, d = (int(g) for g in match.groups())
        if 1 <= m <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{m:02d}-{d:02d}"
    return None
