"""Scheduled conversations in the .ics file, read back by two independent parsers."""

import os
import time as systime
from datetime import UTC, date, datetime, time, timedelta

import pytest
import vobject
from icalendar import Calendar

from lib import contacts, schedule
from lib.formats import ics
from tests.support.days import TODAY

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.fixture
def paris():
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Paris"
    systime.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    systime.tzset()


@pytest.fixture
def planned(db, paris):
    referrer = contacts.save_contact(db, {"name": "Ben Lindqvist"})
    person = contacts.save_contact(
        db,
        {
            "name": "Amara Okafor",
            "role": "Program Manager",
            "organization": "Brightline",
            "hook": "Spoke on the community-solar panel.",
            "referred_by_id": referrer,
            "private_notes": "SECRET seemed rushed",
        },
    )
    bank = [r[0] for r in db.execute("SELECT id FROM questions ORDER BY position LIMIT 4")]
    return schedule.schedule(
        db,
        person,
        {
            "day": date(2026, 11, 26),
            "time": time(14, 0),
            "mode": "video",
            "planned_minutes": 30,
            "place_or_link": "https://meet.example.org/amara, room 2",
        },
        question_ids=bank,
        now=NOW,
    )


def test_event_in_the_persons_zone_with_reminder_through_icalendar(db, planned):
    data = ics.followups_calendar(db, TODAY)
    calendar = Calendar.from_ical(data)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"scheduled-{planned}@fieldwork.local"
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.hour, start.minute) == (14, 0)
    assert start.astimezone(UTC) == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    assert end - start == timedelta(minutes=30)
    assert str(event["location"]) == "https://meet.example.org/amara, room 2"
    description = str(event["description"])
    assert "Referred by Ben Lindqvist." in description
    assert "4 questions picked" in description
    assert "SECRET" not in data.decode()
    assert int(event["sequence"]) == 0 and str(event["status"]) == "CONFIRMED"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(minutes=-30)


def test_reschedule_and_cancel_through_vobject(db, planned):
    schedule.reschedule(db, planned, {"day": date(2026, 11, 27), "time": time(9, 30)}, now=NOW)
    parsed = vobject.readOne(ics.scheduled_calendar(db, planned).decode())
    event = parsed.vevent
    assert event.uid.value == f"scheduled-{planned}@fieldwork.local"
    assert event.sequence.value == "1"
    start = event.dtstart.value
    assert (start.day, start.hour, start.minute) == (27, 9, 30)
    assert start.utcoffset() == timedelta(hours=1)  # Paris in winter
    assert event.valarm.trigger.value == timedelta(minutes=-30)
    assert event.location.value == "https://meet.example.org/amara, room 2"
    assert event.status.value == "CONFIRMED"

    schedule.cancel(db, planned)
    whole = vobject.readOne(ics.followups_calendar(db, TODAY).decode())
    (cancelled,) = [e for e in whole.vevent_list if e.uid.value.startswith("scheduled-")]
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.sequence.value == "2"
