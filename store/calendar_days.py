"""Days of the Gregorian calendar: a date is kept only when its day exists in its month."""

from __future__ import annotations

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in(year: int, month: int) -> int:
    """How many days a month (1-12) of a year has, leap years counted."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def calendar_date(year: int, month: int, day: int) -> str | None:
    """`YYYY-MM-DD` when the day exists in its month, else None (2019-02-30 is no day)."""
    if not 1 <= month <= 12 or not 1 <= day <= days_in(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
