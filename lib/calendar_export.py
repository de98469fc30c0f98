"""Open follow-up tasks as an .ics calendar file, one all-day event per task."""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils
from icalendar import Calendar, Event

from lib import clock, followups

PRODID = "-//Fieldwork//Follow-ups//EN"


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
    return calendar.to_ical()
