"""Scheduled conversations: planned before they are held, shown in local time, stored in UTC.

A scheduled conversation keeps its start as a UTC instant and the IANA time zone it was
entered in (the calendar file's TZID). Lists and "today" are reckoned in the researcher's
local dates (the system zone, clock.today()); rescheduling bumps `sequence` so a calendar
updates the event instead of adding a second one.
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import sqlite_utils

from lib import clock, store, text, vocab
from lib.contacts import now_utc, row_exists
from lib.dates import event_date

STATUS = {"scheduled": "Scheduled", "held": "Held", "cancelled": "Cancelled"}
MIN_MINUTES = 5
MAX_MINUTES = 600
MAX_PLACE = 500
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# How long a planned question takes to ask and hear out: about 2 to 3 minutes.
MINUTES_PER_QUESTION = (2, 3)
COMING_UP_DAYS = 7  # "this week": today and the six days after it
MAX_DAYS_AHEAD = 2 * 365


class ScheduleError(ValueError):
    """A scheduled conversation cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# ---------------------------------------------------------------- time zones (pure)


def zone_exists(name: str) -> bool:
    """True when name is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
        return False  # OSError: a name too long for a file; UnicodeError: a lone surrogate
    return bool(name)


def local_time_zone() -> str:
    """The researcher's IANA time zone name: $TZ, else the system's /etc/localtime, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":").strip()]
    with contextlib.suppress(OSError):
        resolved = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in resolved:
            candidates.append(resolved.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    for name in candidates:
        if name and zone_exists(name):
            return name
    return "UTC"


def to_utc(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of a wall-clock day and time in zone."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def parse_utc(stamp: str) -> datetime:
    """A stored 'YYYY-MM-DDTHH:MM:SSZ' as an aware UTC datetime."""
    return datetime.strptime(stamp, UTC_FORMAT).replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    """An aware instant in the researcher's local zone (the system's, which honours $TZ)."""
    return moment.astimezone()


def local_midnight_utc(day: date) -> str:
    """The stored form of the instant a local day starts, for comparing with starts_at."""
    return datetime.combine(day, time(0)).astimezone().astimezone(UTC).strftime(UTC_FORMAT)


def when_text(moment: datetime) -> str:
    """'Thu 26 Nov, 14:00' in local time."""
    shown = local(moment)
    return f"{shown:%a} {shown.day} {shown:%b}, {shown:%H:%M}"


def other_zone_text(item: dict) -> str:
    """'(09:00 in America/New_York)' for a conversation entered in another zone than the
    researcher's, so both clocks show; '' when it was entered in the local zone, or in one
    whose clock reads the same at that moment."""
    zone = item.get("time_zone") or ""
    start = item["starts"] if "starts" in item else parse_utc(item["starts_at"])
    if not zone or zone == local_time_zone() or not zone_exists(zone):
        return ""
    there = start.astimezone(ZoneInfo(zone))
    here = local(start)
    if there.utcoffset() == here.utcoffset():  # UTC beside Etc/UTC: the same clock, said once
        return ""
    day = f"{there:%a} {there.day} {there:%b}, " if there.date() != here.date() else ""
    return f"({day}{there:%H:%M} in {zone})"


def in_zone(moment: datetime, zone: str) -> datetime:
    """An aware instant as the wall clock shows it in zone."""
    return moment.astimezone(ZoneInfo(zone))


def all_time_zones() -> list[str]:
    """Every IANA zone this machine knows, sorted, for the picker (a new list each call)."""
    return list(_time_zones())


@functools.cache
def _time_zones() -> tuple[str, ...]:
    # available_timezones() walks the zone folders on disk (about 25 ms); the zones a machine
    # knows do not change while the app runs, and Home draws a picker per scheduled call.
    return tuple(sorted(available_timezones()))


def questions_time(count: int) -> tuple[int, int]:
    """How many minutes count questions take, at about 2 to 3 minutes each."""
    low, high = MINUTES_PER_QUESTION
    return count * low, count * high


def questions_that_fit(count: int, planned_minutes: int) -> int:
    """How many questions fit in planned_minutes, at 2.5 minutes a question (the middle of 2-3)."""
    per_question = sum(MINUTES_PER_QUESTION) / 2
    return max(1, min(count, int(planned_minutes // per_question))) if count else 0


def capture_defaults(item: dict, today: date) -> dict:
    """A scheduled conversation's capture form starts on its day (never after today), mode
    and planned length."""
    return {
        "held_on": min(item["local_start"].date(), today),
        "mode": item["mode"],
        "duration_minutes": item["planned_minutes"],
    }


# ---------------------------------------------------------------- validation (pure)


@dataclass
class Plan:
    starts_at: datetime  # UTC
    time_zone: str
    planned_minutes: int
    mode: str
    place_or_link: str | None


def validate(values: dict, now: datetime) -> tuple[Plan | None, dict[str, str]]:
    """Check a schedule form; return (the plan, {}) or (None, {field: what to fix})."""
    errors: dict[str, str] = {}
    day, at = values.get("day"), values.get("time")
    if isinstance(day, datetime):  # a date and time given as the day: keep its date
        day = day.date()
    zone = text.clean_line(values.get("time_zone")) or local_time_zone()
    if not isinstance(day, date) or event_date(day) is None:  # 9999-12-31 would overflow
        errors["day"] = "Give the day of the conversation."
    if not isinstance(at, time):
        errors["time"] = "Give the time it starts (your local time)."
    if not zone_exists(zone):
        errors["time_zone"] = f"Unknown time zone “{zone}”: use a name like Europe/Paris."
    minutes = values.get("planned_minutes")
    # whole_number: inf, nan and words are None, never an OverflowError.
    minutes = vocab.TARGET_MINUTES if minutes in (None, "") else text.whole_number(minutes)
    if minutes is None:
        minutes = -1
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["planned_minutes"] = (
            f"Planned length should be {MIN_MINUTES} to {MAX_MINUTES} minutes "
            f"(about {vocab.TARGET_MINUTES} is the ask)."
        )
    mode = values.get("mode")
    if not isinstance(mode, str) or mode not in vocab.MODES:
        errors["mode"] = f"Pick how you will talk: {', '.join(vocab.MODES.values())}."
    place = text.clean_line(values.get("place_or_link")) or None
    if place and len(place) > MAX_PLACE:
        errors["place_or_link"] = f"Keep the place or link under {MAX_PLACE} characters."
    if errors:
        return None, errors
    today = local(now).date()
    if day < today - timedelta(days=1) or day > today + timedelta(days=MAX_DAYS_AHEAD):
        # Checked before converting: far dates would overflow at the ends of the calendar.
        errors["day"] = (
            "That day has passed: log the conversation on the Conversations page instead."
            if day < today
            else f"Pick a day within {MAX_DAYS_AHEAD // 365} years from today."
        )
        return None, errors
    starts_at = to_utc(day, at, zone)
    if local(starts_at).date() < today:
        errors["day"] = (
            "That day has passed: log the conversation on the Conversations page instead."
        )
        return None, errors
    return Plan(starts_at, zone, minutes, mode, place), {}


# ---------------------------------------------------------------- the store


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(UTC_FORMAT)


def _log(db: sqlite_utils.Database, contact_id: int, summary: str) -> None:
    # On the contact's timeline, but not a touch: nobody was contacted (touch = 0).
    db["interactions"].insert(
        {
            "contact_id": contact_id,
            "kind": "note",
            "occurred_on": clock.today().isoformat(),
            "summary": summary,
            "touch": 0,
        }
    )


def _ids(db: sqlite_utils.Database, table: str, ids) -> list[int]:
    wanted = list(dict.fromkeys(int(i) for i in ids or ()))
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    known = {r[0] for r in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", wanted)}
    return [i for i in wanted if i in known]


def schedule(
    db: sqlite_utils.Database,
    contact_id: int,
    values: dict,
    question_ids=(),
    path_ids=(),
    now: datetime | None = None,
) -> int:
    """Schedule a conversation with a contact (logged on their timeline); return its id."""
    plan, errors = validate(values, now or clock.now_utc())
    contact = (
        db.execute("SELECT name, status FROM contacts WHERE id = ?", [contact_id]).fetchone()
        if row_exists(db, "contacts", contact_id)
        else None
    )
    if contact is None:
        errors["contact"] = "Pick who you will talk to."
    elif contact[1] != "active":
        errors["contact"] = f"{contact[0]} is archived: restore them first."
    if errors:
        raise ScheduleError(errors)
    with store.write(db):
        scheduled_id = (
            db["scheduled_conversations"]
            .insert(
                {
                    "contact_id": contact_id,
                    "starts_at": _stamp(plan.starts_at),
                    "time_zone": plan.time_zone,
                    "planned_minutes": plan.planned_minutes,
                    "mode": plan.mode,
                    "place_or_link": plan.place_or_link,
                }
            )
            .last_pk
        )
        _save_plan_lists(db, scheduled_id, question_ids, path_ids)
        _log(
            db,
            contact_id,
            f"Scheduled a {vocab.MODES[plan.mode].lower()} conversation for "
            f"{when_text(plan.starts_at)} ({plan.planned_minutes} min).",
        )
    return scheduled_id


def _save_plan_lists(db, scheduled_id: int, question_ids, path_ids) -> None:
    db["scheduled_questions"].delete_where("scheduled_id = ?", [scheduled_id])
    db["scheduled_paths"].delete_where("scheduled_id = ?", [scheduled_id])
    questions = _ids(db, "questions", question_ids)
    if questions:
        db["scheduled_questions"].insert_all(
            {"scheduled_id": scheduled_id, "question_id": qid, "position": position}
            for position, qid in enumerate(questions, start=1)
        )
    paths = _ids(db, "paths", path_ids)
    if paths:
        db["scheduled_paths"].insert_all(
            {"scheduled_id": scheduled_id, "path_id": pid} for pid in paths
        )


def _open(db: sqlite_utils.Database, scheduled_id: int) -> dict:
    item = get_scheduled(db, scheduled_id)
    if item is None:
        raise ScheduleError({"scheduled": "That scheduled conversation no longer exists."})
    if item["status"] != "scheduled":
        state = STATUS[item["status"]].lower()
        raise ScheduleError({"scheduled": f"That conversation is already {state}."})
    return item


def reschedule(
    db: sqlite_utils.Database, scheduled_id: int, values: dict, now: datetime | None = None
) -> None:
    """Move a scheduled conversation (and its length, mode or place when given); logged."""
    item = _open(db, scheduled_id)
    merged = {
        "time_zone": item["time_zone"],
        "planned_minutes": item["planned_minutes"],
        "mode": item["mode"],
        "place_or_link": item["place_or_link"],
        **{k: v for k, v in values.items() if v is not None},
    }
    plan, errors = validate(merged, now or clock.now_utc())
    if errors:
        raise ScheduleError(errors)
    before = parse_utc(item["starts_at"])
    with store.write(db):
        db.execute(
            """UPDATE scheduled_conversations SET starts_at = ?, time_zone = ?,
                   planned_minutes = ?, mode = ?, place_or_link = ?, sequence = sequence + 1,
                   updated_at = ?
               WHERE id = ? AND status = 'scheduled'""",
            [
                _stamp(plan.starts_at),
                plan.time_zone,
                plan.planned_minutes,
                plan.mode,
                plan.place_or_link,
                now_utc(),
                scheduled_id,
            ],
        )
        _log(
            db,
            item["contact_id"],
            f"Rescheduled the conversation from {when_text(before)} "
            f"to {when_text(plan.starts_at)}.",
        )


def cancel(db: sqlite_utils.Database, scheduled_id: int) -> None:
    """Cancel a scheduled conversation (kept, exported as cancelled); logged on the timeline."""
    item = _open(db, scheduled_id)
    with store.write(db):
        db.execute(
            """UPDATE scheduled_conversations SET status = 'cancelled', sequence = sequence + 1,
                   updated_at = ? WHERE id = ? AND status = 'scheduled'""",
            [now_utc(), scheduled_id],
        )
        _log(
            db,
            item["contact_id"],
            f"Cancelled the conversation planned for {when_text(parse_utc(item['starts_at']))}.",
        )


def mark_held(db: sqlite_utils.Database, scheduled_id: int, conversation_id: int) -> None:
    """Link a captured conversation to what was scheduled and mark it held (inside its save)."""
    with store.write(db):
        changed = db.execute(
            """UPDATE scheduled_conversations SET status = 'held', conversation_id = ?,
                   updated_at = ? WHERE id = ? AND status != 'held'""",
            [conversation_id, now_utc(), scheduled_id],
        ).rowcount
        if not changed:
            raise ScheduleError({"scheduled": "That scheduled conversation was already captured."})


# ---------------------------------------------------------------- reading


_SELECT = """SELECT s.*, c.name AS contact, c.role, o.name AS organization, c.email
    FROM scheduled_conversations s JOIN contacts c ON c.id = s.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id"""


def _shape(row: dict) -> dict:
    start = parse_utc(row["starts_at"])
    row["starts"] = start
    row["ends"] = start + timedelta(minutes=row["planned_minutes"])
    row["local_start"] = local(start)
    row["when"] = when_text(start)
    row["other_zone"] = other_zone_text(row)
    row["mode_label"] = vocab.label(vocab.MODES, row["mode"])
    row["status_label"] = STATUS.get(row["status"], row["status"])
    return row


def get_scheduled(db: sqlite_utils.Database, scheduled_id: int) -> dict | None:
    """One scheduled conversation with its contact, planned question ids and path ids."""
    rows = list(db.query(f"{_SELECT} WHERE s.id = ?", [scheduled_id]))
    if not rows:
        return None
    item = _shape(rows[0])
    item["question_ids"] = [
        r[0]
        for r in db.execute(
            "SELECT question_id FROM scheduled_questions WHERE scheduled_id = ? ORDER BY position",
            [scheduled_id],
        )
    ]
    item["path_ids"] = [
        r[0]
        for r in db.execute(
            "SELECT path_id FROM scheduled_paths WHERE scheduled_id = ? ORDER BY path_id",
            [scheduled_id],
        )
    ]
    return item


def planned_questions(db: sqlite_utils.Database, scheduled_id: int) -> list[dict]:
    """The bank questions picked for a scheduled conversation, in the order picked."""
    return list(
        db.query(
            """SELECT q.id, q.text, q.category, sq.position FROM scheduled_questions sq
               JOIN questions q ON q.id = sq.question_id
               WHERE sq.scheduled_id = ? ORDER BY sq.position""",
            [scheduled_id],
        )
    )


def coming_up(db: sqlite_utils.Database, today: date) -> dict[str, list[dict]]:
    """Scheduled conversations today and in the six days after, by local day: {today, week}."""
    rows = db.query(
        f"""{_SELECT} WHERE s.status = 'scheduled' AND s.starts_at >= ? AND s.starts_at < ?
            ORDER BY s.starts_at, s.id""",
        [
            local_midnight_utc(today),
            local_midnight_utc(today + timedelta(days=COMING_UP_DAYS)),
        ],
    )
    groups: dict[str, list[dict]] = {"today": [], "week": []}
    for row in rows:
        item = _shape(row)
        groups["today" if item["local_start"].date() == today else "week"].append(item)
    return groups


def to_capture(db: sqlite_utils.Database, contact_id: int, today: date) -> dict | None:
    """The contact's scheduled conversation a capture today is most likely to be: still open,
    starting before the end of tomorrow (so one from an earlier day never captured, or one
    today or within a day), the latest of them; None when there is none."""
    rows = list(
        db.query(
            f"""{_SELECT} WHERE s.contact_id = ? AND s.status = 'scheduled' AND s.starts_at < ?
                ORDER BY s.starts_at DESC, s.id DESC LIMIT 1""",
            [contact_id, local_midnight_utc(today + timedelta(days=2))],
        )
    )
    return _shape(rows[0]) if rows else None


def not_captured(db: sqlite_utils.Database, today: date, limit: int = 20) -> list[dict]:
    """Scheduled conversations from before today never captured nor cancelled, latest first."""
    return [
        _shape(row)
        for row in db.query(
            f"""{_SELECT} WHERE s.status = 'scheduled' AND s.starts_at < ?
                ORDER BY s.starts_at DESC, s.id DESC LIMIT ?""",
            [local_midnight_utc(today), limit],
        )
    ]


def for_contact(db: sqlite_utils.Database, contact_id: int) -> list[dict]:
    """A contact's scheduled conversations still to hold or capture, soonest first."""
    return [
        _shape(row)
        for row in db.query(
            f"""{_SELECT} WHERE s.contact_id = ? AND s.status = 'scheduled'
                ORDER BY s.starts_at, s.id""",
            [contact_id],
        )
    ]


def has_started(item: dict, now: datetime | None = None) -> bool:
    """True once the scheduled start has passed: time to ask how it went."""
    return (now or clock.now_utc()) >= item["starts"]


def all_for_calendar(db: sqlite_utils.Database, since: date) -> list[dict]:
    """Scheduled and cancelled conversations from since on, for the calendar file."""
    return [
        _shape(row)
        for row in db.query(
            f"""{_SELECT} WHERE s.status IN ('scheduled', 'cancelled') AND s.starts_at >= ?
                ORDER BY s.starts_at, s.id""",
            [local_midnight_utc(since)],
        )
    ]
