"""The one place Fieldwork reads the clock, so tests and demos can fix "today".

Set FIELDWORK_TODAY=YYYY-MM-DD (read here only) to run the app as if it were that day; the
time of day still comes from the real clock, on that date.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

TODAY_ENV_VAR = "FIELDWORK_TODAY"


def _fixed_day() -> date | None:
    text = os.environ.get(TODAY_ENV_VAR, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def today() -> date:
    """The researcher's local date (FIELDWORK_TODAY when set)."""
    return _fixed_day() or date.today()


def now_local() -> datetime:
    """The researcher's local time, aware, on today()'s date."""
    now = datetime.now().astimezone()
    day = _fixed_day()
    return now.replace(year=day.year, month=day.month, day=day.day) if day else now


def now_utc() -> datetime:
    """The current instant in UTC (on today()'s date locally when FIELDWORK_TODAY is set)."""
    return now_local().astimezone(UTC)


def utc_stamp(moment: datetime | None = None) -> str:
    """An instant as stored in *_at columns: ISO-8601 UTC, 'YYYY-MM-DDTHH:MM:SSZ'."""
    moment = moment or now_utc()
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive time is the researcher's local time
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp_on(day: date, moment: datetime | None = None) -> str:
    """A local date as a stored instant: that day at the current local time of day, in UTC.

    For "sent on" dates logged after the fact: the instant falls on the day the researcher
    picked, in their own time zone (DST of that day included), whatever the zone.
    """
    moment = moment or now_local()
    local_time = moment.astimezone().time() if moment.tzinfo else moment.time()
    # A naive local datetime: astimezone() applies the zone's rules for that date.
    return utc_stamp(datetime.combine(day, local_time.replace(tzinfo=None)))


def local_date(stamp: str | None) -> date | None:
    """The researcher's local date of a stored UTC instant; None for empty or unreadable text."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone().date()
