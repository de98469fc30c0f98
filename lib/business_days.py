"""Business days: Monday to Friday, less the public holidays of the researcher's country.

The country (and, where holidays differ by region, the region) is a setting on Your data,
stored in the settings table. With none set, only weekends are skipped. Holidays come from the
`holidays` package; every rule that counts business days (3B7, days to reply, segments) takes
a BusinessCalendar from `calendar_for(db)`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

import holidays as holiday_data
import sqlite_utils

from lib import store

COUNTRY_KEY = "country"
REGION_KEY = "country_region"


class SettingError(ValueError):
    """A country or region that the holidays package does not know."""


@functools.lru_cache(maxsize=256)
def _weekday_holidays(country: str, region: str | None, year: int) -> frozenset[date]:
    # Only holidays that fall Monday to Friday change a count of business days.
    found = holiday_data.country_holidays(country, subdiv=region or None, years=year)
    return frozenset(day for day in found if day.weekday() < 5)


@dataclass(frozen=True)
class BusinessCalendar:
    """Which days are business days: weekends never, and a country's public holidays."""

    country: str | None = None
    region: str | None = None

    def holidays_in(self, year: int) -> frozenset[date]:
        """The year's public holidays falling on a weekday (none without a country)."""
        if not self.country:
            return frozenset()
        return _weekday_holidays(self.country, self.region, year)

    def is_holiday(self, day: date) -> bool:
        """True for a public holiday of the country on a weekday."""
        return day in self.holidays_in(day.year)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name, for messages; None on an ordinary day."""
        if not self.country:
            return None
        return holiday_data.country_holidays(
            self.country, subdiv=self.region or None, years=day.year
        ).get(day)

    def holidays_between(self, start: date, end: date) -> int:
        """Weekday holidays after start up to and including end."""
        if not self.country or end <= start:
            return 0
        return sum(
            1
            for year in range(start.year, end.year + 1)
            for day in self.holidays_in(year)
            if start < day <= end
        )


WEEKENDS_ONLY = BusinessCalendar()


def is_business_day(day: date, calendar: BusinessCalendar = WEEKENDS_ONLY) -> bool:
    """Monday to Friday and not a public holiday of the calendar's country."""
    return day.weekday() < 5 and not calendar.is_holiday(day)


def add_business_days(start: date, days: int, calendar: BusinessCalendar = WEEKENDS_ONLY) -> date:
    """The date `days` business days after start (start itself never counts)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current, calendar):
            remaining -= 1
    return current


def business_days_between(
    start: date, end: date, calendar: BusinessCalendar = WEEKENDS_ONLY
) -> int:
    """Business days after start up to and including end; 0 when end is not after start."""
    if end <= start:
        return 0
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=whole_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count - calendar.holidays_between(start, end)


# ---------------------------------------------------------------- the setting


def _words(class_name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)


@functools.cache
def countries() -> dict[str, str]:
    """Country code -> name, for every country the holidays package knows, by name."""
    names = {}
    for class_name, code, *_ in holiday_data.registry.COUNTRIES.values():
        names[code] = _words(class_name)
    return dict(sorted(names.items(), key=lambda item: item[1]))


def regions(country: str) -> list[str]:
    """The region codes a country's holidays differ by (e.g. ENG, SCT for GB); may be empty."""
    return list(holiday_data.list_supported_countries().get(country, []))


def region_names(country: str) -> dict[str, str]:
    """Region code -> name for a country (ENG -> England), by the package's aliases."""
    codes = regions(country)
    if not codes:
        return {}
    aliases = getattr(holiday_data.country_holidays(country), "subdivisions_aliases", {}) or {}
    names: dict[str, str] = {}
    for name, code in aliases.items():
        names.setdefault(code, f"{name} ({code})")
    return {code: names.get(code, code) for code in codes}


def _setting(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return (row[0] or None) if row else None


def calendar_for(db: sqlite_utils.Database) -> BusinessCalendar:
    """The business-day calendar of the country set on Your data (weekends only when none)."""
    country = _setting(db, COUNTRY_KEY)
    if not country or country not in countries():
        return WEEKENDS_ONLY
    region = _setting(db, REGION_KEY)
    return BusinessCalendar(country, region if region in regions(country) else None)


def set_country(db: sqlite_utils.Database, country: str | None, region: str | None = None) -> None:
    """Save the country (and region) whose public holidays are not business days; None clears."""
    country = (country or "").strip().upper() or None
    region = (region or "").strip().upper() or None
    if country is not None and country not in countries():
        raise SettingError(f"Fieldwork does not know the holidays of “{country}”.")
    if region is not None and (country is None or region not in regions(country)):
        raise SettingError(f"Pick a region of {countries().get(country or '', 'the country')}.")
    with store.write(db):
        for key, value in ((COUNTRY_KEY, country), (REGION_KEY, region)):
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )
