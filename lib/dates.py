"""Dates as Fieldwork stores them: ISO-8601 text, read back leniently."""

from __future__ import annotations

from datetime import date, datetime


def as_date(value: date | str | None) -> date | None:
    """A date from a date, 'YYYY-MM-DD' or an ISO timestamp; None for empty or unreadable text."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# Events (a conversation, an email, a done item) happen in this range; anything else is a typo
# or a broken import, and a year like 9999 breaks calendar exports.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def event_date(value: date | str | None) -> date | None:
    """as_date(), but None also for a date before 1900 or after 2100."""
    day = as_date(value)
    if isinstance(day, datetime):
        day = day.date()
    if day is None or not EARLIEST <= day <= LATEST:
        return None
    return day
