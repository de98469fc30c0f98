"""Scheduling rules: UTC storage and local days, reschedule, cancel, not captured yet, held."""

import os
import time as systime
from datetime import UTC, date, datetime, time, timedelta

import pytest

from lib import contacts, conversations, metrics, schedule
from tests.support.days import TODAY


@pytest.fixture
def zone():
    """Run a test in a system time zone: zone('Pacific/Honolulu'); restored afterwards."""
    saved = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        systime.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    systime.tzset()


@pytest.fixture
def person(db):
    return contacts.save_contact(db, {"name": "Amara Okafor", "organization": "Brightline"})


def now_at(hour: int, day: date = TODAY) -> datetime:
    """An instant at hour o'clock local time on day."""
    return datetime.combine(day, time(hour)).astimezone().astimezone(UTC)


def plan(day=date(2026, 11, 26), at=time(9, 0), **more):
    return {"day": day, "time": at, "mode": "video", **more}


@pytest.mark.parametrize(
    ("name", "utc_start"),
    [
        ("Pacific/Honolulu", "2026-11-26T19:00:00Z"),  # UTC-10: same day, later in UTC
        ("Pacific/Kiritimati", "2026-11-25T19:00:00Z"),  # UTC+14: the day before in UTC
    ],
)
def test_stored_in_utc_shown_and_listed_on_the_local_day(db, person, zone, name, utc_start):
    zone(name)
    assert schedule.local_time_zone() == name
    scheduled_id = schedule.schedule(db, person, plan(), now=now_at(8))
    item = schedule.get_scheduled(db, scheduled_id)
    assert item["starts_at"] == utc_start
    assert item["time_zone"] == name
    assert item["when"] == "Thu 26 Nov, 09:00"
    assert item["planned_minutes"] == 20
    upcoming = schedule.coming_up(db, TODAY)
    assert [i["id"] for i in upcoming["week"]] == [scheduled_id]
    assert upcoming["today"] == []
    assert schedule.coming_up(db, date(2026, 11, 26))["today"][0]["id"] == scheduled_id


def test_a_late_evening_call_far_east_is_today_not_tomorrow(db, person, zone):
    zone("Pacific/Kiritimati")
    scheduled_id = schedule.schedule(db, person, plan(day=TODAY, at=time(23, 30)), now=now_at(8))
    assert [i["id"] for i in schedule.coming_up(db, TODAY)["today"]] == [scheduled_id]
    assert schedule.not_captured(db, TODAY) == []


def test_the_zone_entered_in_can_differ_from_the_local_one(db, person, zone):
    zone("America/New_York")
    scheduled_id = schedule.schedule(
        db, person, plan(at=time(15, 0), time_zone="Europe/Paris"), now=now_at(8)
    )
    item = schedule.get_scheduled(db, scheduled_id)
    assert item["starts_at"] == "2026-11-26T14:00:00Z"
    assert item["when"] == "Thu 26 Nov, 09:00"  # shown in New York time


def test_form_errors_say_what_to_fix(db, person):
    with pytest.raises(schedule.ScheduleError) as raised:
        schedule.schedule(
            db,
            person,
            {"day": None, "time": None, "mode": "fax", "planned_minutes": 0},
            now=now_at(8),
        )
    assert set(raised.value.errors) == {"day", "time", "mode", "planned_minutes"}
    with pytest.raises(schedule.ScheduleError) as raised:
        schedule.schedule(db, person, plan(day=date(2026, 11, 24)), now=now_at(8))
    assert "log the conversation" in raised.value.errors["day"]
    for far in (date(1, 1, 1), date(9999, 12, 31), date(2029, 1, 1)):
        with pytest.raises(schedule.ScheduleError) as raised:
            schedule.schedule(
                db, person, plan(day=far, time_zone="Pacific/Kiritimati"), now=now_at(8)
            )
        assert "day" in raised.value.errors
    with pytest.raises(schedule.ScheduleError) as raised:
        schedule.schedule(db, person, plan(time_zone="Mars/Olympus"), now=now_at(8))
    assert "time_zone" in raised.value.errors
    assert db["scheduled_conversations"].count == 0


def test_earlier_today_is_allowed_and_can_be_asked_about_at_once(db, person):
    scheduled_id = schedule.schedule(db, person, plan(day=TODAY, at=time(7, 0)), now=now_at(8))
    item = schedule.get_scheduled(db, scheduled_id)
    assert schedule.has_started(item, now_at(8))
    assert not schedule.has_started(item, now_at(6))


def test_reschedule_bumps_sequence_and_is_logged(db, person, zone):
    zone("Europe/Berlin")
    scheduled_id = schedule.schedule(db, person, plan(), now=now_at(8))
    schedule.reschedule(
        db, scheduled_id, {"day": date(2026, 11, 27), "time": time(10, 30)}, now=now_at(8)
    )
    item = schedule.get_scheduled(db, scheduled_id)
    assert item["sequence"] == 1
    assert item["when"] == "Fri 27 Nov, 10:30"
    assert item["mode"] == "video" and item["planned_minutes"] == 20  # kept
    notes = [e["detail"] for e in contacts.timeline(db, person)]
    assert "Rescheduled the conversation from Thu 26 Nov, 09:00 to Fri 27 Nov, 10:30." in notes


def test_cancel_keeps_the_row_drops_it_from_lists_and_is_logged(db, person):
    scheduled_id = schedule.schedule(db, person, plan(), now=now_at(8))
    schedule.cancel(db, scheduled_id)
    item = schedule.get_scheduled(db, scheduled_id)
    assert item["status"] == "cancelled" and item["sequence"] == 1
    assert schedule.coming_up(db, TODAY) == {"today": [], "week": []}
    assert schedule.not_captured(db, date(2026, 11, 30)) == []
    assert any("Cancelled the conversation" in e["detail"] for e in contacts.timeline(db, person))
    with pytest.raises(schedule.ScheduleError):
        schedule.reschedule(db, scheduled_id, {"day": date(2026, 11, 28)}, now=now_at(8))


def test_not_captured_from_the_next_day_until_captured(db, person):
    scheduled_id = schedule.schedule(db, person, plan(day=TODAY, at=time(10, 0)), now=now_at(8))
    assert schedule.not_captured(db, TODAY) == []  # the day itself: "How did it go?" on Home
    assert [i["id"] for i in schedule.not_captured(db, date(2026, 11, 26))] == [scheduled_id]
    conversation_id = conversations.save_conversation(
        db,
        person,
        {"held_on": TODAY, "mode": "video", "duration_minutes": 20},
        today=date(2026, 11, 26),
        scheduled_id=scheduled_id,
    )
    item = schedule.get_scheduled(db, scheduled_id)
    assert item["status"] == "held" and item["conversation_id"] == conversation_id
    assert schedule.not_captured(db, date(2026, 11, 26)) == []
    assert metrics.scheduled_conversations(db, date(2026, 11, 23), date(2026, 11, 29)) == {
        "scheduled": 1,
        "held": 1,
    }


def test_capturing_twice_saves_nothing_the_second_time(db, person):
    scheduled_id = schedule.schedule(db, person, plan(day=TODAY, at=time(7, 0)), now=now_at(8))
    values = {"held_on": TODAY, "mode": "video", "notes": "First capture"}
    conversations.save_conversation(db, person, values, today=TODAY, scheduled_id=scheduled_id)
    with pytest.raises(schedule.ScheduleError):
        conversations.save_conversation(
            db, person, dict(values, notes="Second"), today=TODAY, scheduled_id=scheduled_id
        )
    assert db["conversations"].count == 1  # the second save rolled back whole


def test_planned_questions_and_paths_are_kept_in_order(db, person):
    bank = [r["id"] for r in db.query("SELECT id FROM questions ORDER BY position LIMIT 3")]
    path_id = db["paths"].insert({"name": "Clinical informatics"}).last_pk
    scheduled_id = schedule.schedule(
        db,
        person,
        plan(),
        question_ids=[bank[2], bank[0], 99999],
        path_ids=[path_id],
        now=now_at(8),
    )
    assert [q["id"] for q in schedule.planned_questions(db, scheduled_id)] == [bank[2], bank[0]]
    assert schedule.get_scheduled(db, scheduled_id)["path_ids"] == [path_id]


def test_question_time_and_trimming():
    assert schedule.questions_time(8) == (16, 24)
    assert schedule.questions_that_fit(12, 20) == 8
    assert schedule.questions_that_fit(3, 20) == 3
    assert schedule.questions_that_fit(12, 5) == 2
    assert schedule.questions_that_fit(0, 20) == 0


def test_the_report_counts_scheduled_and_held(db, person):
    from lib.formats import report

    held = schedule.schedule(db, person, plan(day=TODAY, at=time(7, 0)), now=now_at(8))
    schedule.schedule(db, person, plan(), now=now_at(8))
    cancelled = schedule.schedule(db, person, plan(day=date(2026, 11, 27)), now=now_at(8))
    schedule.cancel(db, cancelled)
    conversations.save_conversation(
        db, person, {"held_on": TODAY, "mode": "video"}, today=TODAY, scheduled_id=held
    )
    built = report.build_report(db, date(2026, 11, 23), date(2026, 11, 29), TODAY)
    assert "- Conversations scheduled: 2" in built.markdown
    assert "- Scheduled conversations held: 1" in built.markdown


def test_the_sample_has_a_call_this_week_and_one_not_captured(sample_db):
    coming = schedule.coming_up(sample_db, TODAY)
    assert [i["local_start"].date() for i in coming["week"]] == [date(2026, 11, 26)]
    assert len(schedule.planned_questions(sample_db, coming["week"][0]["id"])) == 10
    (missed,) = schedule.not_captured(sample_db, TODAY)
    assert missed["local_start"].date() == date(2026, 11, 24)


def test_scheduling_and_cancelling_a_call_is_not_a_touch(db, person):
    # A scheduling line on the timeline is the app's record, not contact with the person: a
    # keep-in-touch reminder stays open and the contact stays on the going-cold list.
    from lib import followups

    conversations.save_conversation(db, person, {"held_on": date(2026, 9, 1), "mode": "phone"})
    followups.sync_tasks(db, TODAY)
    [reminder] = [t for t in followups.open_tasks(db, TODAY) if t.kind == "keep_in_touch"]
    scheduled_id = schedule.schedule(db, person, plan(), now=now_at(8))
    schedule.reschedule(db, scheduled_id, plan(day=date(2026, 11, 27)), now=now_at(8))
    schedule.cancel(db, scheduled_id)
    followups.sync_tasks(db, TODAY)
    assert reminder.id in [t.id for t in followups.open_tasks(db, TODAY)]
    assert [c["id"] for c in followups.going_cold(db, TODAY)] == [person]
    [listed] = contacts.list_contacts(db)[0]
    assert listed["last_touch"] == "2026-09-01"
    # The lines are still on the timeline.
    details = " ".join(e["detail"] for e in contacts.timeline(db, person))
    assert "Scheduled a video conversation" in details and "Cancelled the conversation" in details


def test_scheduling_lines_written_before_the_fix_stop_counting_as_touches(tmp_path):
    from lib import store

    db = store.connect(tmp_path / "old.db")
    store.migrate(db, stop_before="m011_interactions_touch")
    db.execute("INSERT INTO contacts (name) VALUES ('Amara')")
    db.execute(
        """INSERT INTO scheduled_conversations (contact_id, starts_at, time_zone, mode)
        VALUES (1, '2026-11-26T09:00:00Z', 'UTC', 'video')"""
    )
    lines = [
        "Scheduled a video conversation for Thu 26 Nov, 09:00 (20 min).",
        "Cancelled the conversation planned for Thu 26 Nov, 09:00.",
        "She prefers mornings.",  # the researcher's own note stays a touch
    ]
    for line in lines:
        db.execute(
            "INSERT INTO interactions (contact_id, kind, occurred_on, summary) "
            "VALUES (1, 'note', ?, ?)",
            [TODAY.isoformat(), line],
        )
    store.migrate(db)
    touches = dict(db.execute("SELECT summary, touch FROM interactions").fetchall())
    assert touches == dict(zip(lines, [0, 0, 1], strict=True))
    db.close()


@pytest.mark.parametrize(
    ("starts", "held_on"),
    [
        (datetime(2026, 11, 24, 11, 0), date(2026, 11, 24)),  # captured the day after
        (datetime(2026, 11, 27, 14, 0), TODAY),  # captured early: never a day in the future
    ],
)
def test_capture_starts_from_the_scheduled_day_mode_and_length(starts, held_on):
    item = {"local_start": starts, "mode": "phone", "planned_minutes": 25}
    assert schedule.capture_defaults(item, TODAY) == {
        "held_on": held_on,
        "mode": "phone",
        "duration_minutes": 25,
    }


def test_to_capture_is_the_open_one_within_a_day_or_never_captured(db, person):
    assert schedule.to_capture(db, person, TODAY) is None
    later = schedule.schedule(db, person, plan(day=TODAY + timedelta(days=5)), now=now_at(8))
    assert schedule.to_capture(db, person, TODAY) is None  # days away: not this one
    tomorrow = schedule.schedule(db, person, plan(day=TODAY + timedelta(days=1)), now=now_at(8))
    assert schedule.to_capture(db, person, TODAY)["id"] == tomorrow
    assert schedule.to_capture(db, person, TODAY + timedelta(days=3))["id"] == tomorrow
    schedule.cancel(db, tomorrow)
    assert schedule.to_capture(db, person, TODAY + timedelta(days=4))["id"] == later
