"""Dates as Fieldwork stores them: ISO-8601 text, read back leniently."""

from __future__ import annotations

from datetime import date


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
