"""Dates as the text rules read them, under the names the format adapters use."""

from __future__ import annotations

from store.calendar_days import calendar_date
from store.ingest.metadata import DATE, parse_date

__all__ = ["DATE", "calendar_date", "iso_date"]


def iso_date(text: str | None) -> str | None:
    """The first calendar date in text as YYYY-MM-DD (the text rules' `parse_date`)."""
    return parse_date(text) if text else None
