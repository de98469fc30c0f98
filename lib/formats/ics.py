"""The .ics calendar file: open follow-ups as all-day events, scheduled conversations as timed ones."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from icalendar import Alarm, Calendar, Event

from lib import clock, followups, schedule, vocab

PRODID = "-//Fieldwork//Follow-ups//EN"
REMINDER_MINUTES = 30
# Scheduled conversations this far back stay in the file, so a calendar that imported them
# sees a late reschedule or cancellation.
SCHEDULED_LOOKBACK_DAYS = 30


def task_uid(task_id: int) -> str:
    """A UID that stays the same for a task, so re-importing updates instead of duplicating."""
    return f"followup-{task_id}@fieldwork.local"


def followups_calendar(db: sqlite_utils.Database, today: date) -> bytes:
    """Every open follow-up task as an all-day event on the day it is due."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Fieldwork follow-ups")
    stamp = clock.now_utc().replace(microsecond=0)
    for task in followups.open_tasks(db, today):
        event = Event()
        event.add("uid", task_uid(task.id))
        event.add("dtstamp", stamp)
        event.add("summary", f"{task.label}: {task.contact}")
        event.add("dtstart", task.due)
        event.add("dtend", task.due + timedelta(days=1))
        event.add("description", task.reason)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    since = today - timedelta(days=SCHEDULED_LOOKBACK_DAYS)
    for item in schedule.all_for_calendar(db, since):
        calendar.add_component(scheduled_event(db, item, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def scheduled_uid(scheduled_id: int) -> str:
    """A UID that stays the same for a scheduled conversation through reschedules."""
    return f"scheduled-{scheduled_id}@fieldwork.local"


def preparation_summary(db: sqlite_utils.Database, item: dict) -> str:
    """A few lines to glance at before the call: who, how you know of them, what to ask.

    Never private notes.
    """
    row = db.execute(
        """SELECT c.hook, r.name FROM contacts c LEFT JOIN contacts r ON r.id = c.referred_by_id
           WHERE c.id = ?""",
        [item["contact_id"]],
    ).fetchone()
    hook, referrer = row if row else (None, None)
    who = " · ".join(v for v in (item["role"], item["organization"]) if v)
    lines = [f"{item['contact']}" + (f" ({who})" if who else "")]
    if referrer:
        lines.append(f"Referred by {referrer}.")
    if hook:
        lines.append(f"Hook: {hook}")
    count = len(schedule.planned_questions(db, item["id"]))
    lines.append(
        f"{item['planned_minutes']} minutes, {vocab.label(vocab.MODES, item['mode']).lower()}"
        + (f"; {count} question{'s' * (count != 1)} picked." if count else ".")
    )
    lines.append("Ask for advice, not a job; ask who else to talk to. Thank them tomorrow.")
    return "\n".join(lines)


def scheduled_event(db: sqlite_utils.Database, item: dict, stamp) -> Event:
    """One scheduled conversation as a timed event in its time zone, with a reminder."""
    zone = ZoneInfo(item["time_zone"])
    event = Event()
    event.add("uid", scheduled_uid(item["id"]))
    event.add("dtstamp", stamp)
    event.add("sequence", item["sequence"])
    event.add("summary", f"Conversation with {item['contact']}")
    event.add("dtstart", item["starts"].astimezone(zone))
    event.add("dtend", item["ends"].astimezone(zone))
    if item["place_or_link"]:
        event.add("location", item["place_or_link"])
    event.add("description", preparation_summary(db, item))
    event.add("status", "CANCELLED" if item["status"] == "cancelled" else "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In {REMINDER_MINUTES} minutes: conversation with {item['contact']}")
    alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
    event.add_component(alarm)
    return event


def scheduled_calendar(db: sqlite_utils.Database, scheduled_id: int) -> bytes:
    """One scheduled conversation as its own .ics file."""
    item = schedule.get_scheduled(db, scheduled_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if item is not None:
        stamp = clock.now_utc().replace(microsecond=0)
        calendar.add_component(scheduled_event(db, item, stamp))
        calendar.add_missing_timezones()
    return calendar.to_ical()
