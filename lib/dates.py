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


# ---------------------------------------------------------------- how dates are shown and typed

# Every date picker shows and takes dates this way (Streamlit's format= argument).
PICKER_FORMAT = "YYYY-MM-DD"
# A picker's own range: wider than any date a person means, so the widget never replaces what
# is typed with one of its bounds (it would, silently, for a date outside its range). Which
# dates a form accepts is decided by the checks below, with a message beside the field.
PICKER_EARLIEST = date(1000, 1, 1)
PICKER_LATEST = date(9999, 12, 31)
# A date column in a table, in the reading format below (Streamlit's DateColumn format=).
TABLE_FORMAT = "ddd D MMM YYYY"


def show(value: date | str | None) -> str:
    """A date for reading, the one way Fieldwork writes one: "Wed 2 Dec 2026"; "" for none."""
    day = as_date(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    return f"{day:%a} {day.day} {day:%b %Y}"


def show_range(start: date, end: date) -> str:
    """Two dates for reading: "Mon 23 Nov 2026 to Sun 29 Nov 2026"."""
    return f"{show(start)} to {show(end)}"


# ---------------------------------------------------------------- checks on a date typed

# Each check returns None when the day is fine, else one plain sentence to show beside the
# field and the Save button; `what` names the field in it ("The day you sent it").


def check_day(day: object, what: str) -> str | None:
    """A real date between EARLIEST and LATEST."""
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date) or event_date(day) is None:
        return f"{what}: give a date as {PICKER_FORMAT}, between {EARLIEST.year} and {LATEST.year}."
    return None


def check_past_or_today(day: object, today: date, what: str) -> str | None:
    """A date that has happened: today at the latest."""
    problem = check_day(day, what)
    if problem:
        return problem
    if _day(day) > today:
        return f"{what} is {show(day)}, after today ({show(today)}): it has not happened yet."
    return None


def check_not_before(
    day: object, earliest: date | None, what: str, because: str = ""
) -> str | None:
    """A date on or after earliest (no limit when earliest is None); because says why."""
    problem = check_day(day, what)
    if problem:
        return problem
    if earliest is not None and _day(day) < earliest:
        reason = f", {because}" if because else ""
        return f"{what} is {show(day)}, before {show(earliest)}{reason}."
    return None


def check_future(day: object, today: date, what: str, latest: date | None = None) -> str | None:
    """A date after today, and not after latest when given."""
    problem = check_day(day, what)
    if problem:
        return problem
    if _day(day) <= today:
        return f"{what} is {show(day)}: pick a day after today ({show(today)})."
    if latest is not None and _day(day) > latest:
        return f"{what} is {show(day)}: pick a day up to {show(latest)}."
    return None


def check_today_or_later(
    day: object, today: date, what: str, latest: date | None = None
) -> str | None:
    """A date from today on, and not after latest when given."""
    problem = check_day(day, what)
    if problem:
        return problem
    if _day(day) < today:
        return f"{what} is {show(day)}, before today ({show(today)}): that day has passed."
    if latest is not None and _day(day) > latest:
        return f"{what} is {show(day)}: pick a day up to {show(latest)}."
    return None


def _day(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day
