"""A conversation entered in the other person's time zone: stored in UTC, shown in the
researcher's zone with theirs beside it."""

from datetime import time, timedelta

import pytest

from lib import clock, schedule
from tests.support.days import TODAY


@pytest.fixture
def contact(db):
    return db["contacts"].insert({"name": "Ana"}).last_pk


def test_a_time_entered_in_their_zone_is_stored_in_utc_with_the_zone(db, contact, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    day = TODAY + timedelta(days=2)  # Fri 27 Nov: New York is UTC-5, Paris UTC+1
    scheduled = schedule.schedule(
        db,
        contact,
        {"day": day, "time": time(9, 0), "time_zone": "America/New_York", "mode": "video"},
        now=clock.now_utc(),
    )
    item = schedule.get_scheduled(db, scheduled)
    assert item["starts_at"] == f"{day.isoformat()}T14:00:00Z"
    assert item["time_zone"] == "America/New_York"
    assert item["other_zone"] == "(09:00 in America/New_York)"


def test_the_other_day_is_named_when_the_zones_straddle_midnight(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    item = {"starts_at": "2026-11-27T23:30:00Z", "time_zone": "Asia/Tokyo"}
    assert schedule.other_zone_text(item) == "(Sat 28 Nov, 08:30 in Asia/Tokyo)"


def test_nothing_beside_a_time_entered_in_the_researchers_own_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert schedule.other_zone_text({"starts_at": "2026-11-27T10:00:00Z", "time_zone": ""}) == ""
    item = {"starts_at": "2026-11-27T10:00:00Z", "time_zone": "Europe/Paris"}
    assert schedule.other_zone_text(item) == ""


def test_an_unknown_zone_is_refused_plainly(db, contact):
    with pytest.raises(schedule.ScheduleError) as refused:
        schedule.schedule(
            db,
            contact,
            {"day": TODAY + timedelta(days=1), "time": time(9), "time_zone": "Mars/Olympus",
             "mode": "video"},
            now=clock.now_utc(),
        )  # fmt: skip
    assert "Unknown time zone" in refused.value.errors["time_zone"]


def test_the_picker_offers_every_zone_sorted():
    zones = schedule.all_time_zones()
    assert zones == sorted(zones) and "America/New_York" in zones and "UTC" in zones


def test_nothing_beside_a_zone_whose_clock_reads_the_same(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    item = {"starts_at": "2026-11-27T10:00:00Z", "time_zone": "Etc/UTC"}
    if schedule.local(schedule.parse_utc(item["starts_at"])).utcoffset().total_seconds() == 0:
        assert schedule.other_zone_text(item) == ""
