from datetime import date

from icalendar import Calendar

from lib import conversations, followups
from lib.contacts import save_contact
from lib.formats import ics
from tests.support.days import TODAY


def _events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_one_all_day_event_per_open_task_with_stable_uids(db):
    ben = save_contact(db, {"name": "Ben O'Connor, Jr."})
    conversations.save_conversation(db, ben, {"held_on": "2026-11-24", "mode": "phone"})
    tasks = dict(db.execute("SELECT kind, id FROM followups").fetchall())
    followups.snooze(db, tasks["one_month_update"], date(2027, 1, 4), TODAY)
    first = _events(ics.followups_calendar(db, TODAY))
    thanks_uid = f"followup-{tasks['thank_you']}@fieldwork.local"
    assert set(first) == {thanks_uid, f"followup-{tasks['one_month_update']}@fieldwork.local"}
    thanks = first[thanks_uid]
    assert thanks.decoded("dtstart") == date(2026, 11, 25)
    assert thanks.decoded("dtend") == date(2026, 11, 26)
    assert str(thanks["summary"]) == "Thank-you note: Ben O'Connor, Jr."
    assert "Tue 24 Nov" in str(thanks["description"])
    update = first[f"followup-{tasks['one_month_update']}@fieldwork.local"]
    assert update.decoded("dtstart") == date(2027, 1, 4)  # the snoozed date

    # Done tasks leave the calendar; the remaining UID is unchanged on re-export.
    followups.mark_done(db, tasks["thank_you"], TODAY)
    second = _events(ics.followups_calendar(db, TODAY))
    assert set(second) == {f"followup-{tasks['one_month_update']}@fieldwork.local"}


def test_empty_calendar_is_still_valid(db):
    data = ics.followups_calendar(db, TODAY)
    calendar = Calendar.from_ical(data)
    assert str(calendar["prodid"]) == ics.PRODID
    assert calendar.walk("VEVENT") == []
