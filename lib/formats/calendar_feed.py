"""The calendar feed: one .ics of everything due and every scheduled conversation, written to a
file the person chooses (a synced folder a calendar app subscribes to) and rewritten after
each change.

Each event keeps a stable UID (the same ones the .ics downloads use); its SEQUENCE rises when
its content changes, and an item done, skipped or cancelled stays in the feed as
STATUS:CANCELLED (its SEQUENCE raised) for CANCELLED_KEPT_DAYS, so calendar apps remove it
rather than keep a stale copy. The memory of what was written lives in the
calendar_feed_events table (migration m016). The file is written atomically: a temporary
file in the same folder, then os.replace, so a calendar app never reads half a file.

Importing this module registers `rewrite_after_write` in the store's AFTER_WRITE list: the
store calls it after every committed save, without importing anything above itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils
from icalendar import Alarm, Calendar, Event

from lib import clock, followups, schedule, store
from lib.formats import ics

FEED_PATH_KEY = "calendar_feed_path"
CANCELLED_KEPT_DAYS = 30
PRODID = "-//Fieldwork//Calendar feed//EN"
CALENDAR_NAME = "Fieldwork"
MAX_PATH = 1000


class FeedError(Exception):
    """The feed cannot be written where asked; the message says why."""


@dataclass
class FeedResult:
    path: Path
    events: int
    cancelled: int


# ---------------------------------------------------------------- events as plain content


def _task_content(task: followups.DueEntry) -> dict:
    return {
        "summary": f"{task.label}: {task.contact}",
        "day": task.due.isoformat(),
        "description": task.reason,
    }


def _scheduled_content(db: sqlite_utils.Database, item: dict) -> dict:
    zone = item["time_zone"] if schedule.zone_exists(item["time_zone"]) else "UTC"
    return {
        "summary": f"Conversation with {item['contact']}",
        "starts_at": item["starts_at"],
        "minutes": item["planned_minutes"],
        "zone": zone,
        "location": item["place_or_link"] or "",
        "description": ics.preparation_summary(db, item),
        "cancelled": item["status"] == "cancelled",
        # The SEQUENCE its own .ics download carries: the feed never writes a lower one for
        # the same UID, or a calendar holding the download would ignore the feed's update.
        "own_sequence": item["sequence"],
    }


def current_events(db: sqlite_utils.Database, today: date) -> dict[str, tuple[str, dict]]:
    """What the feed holds now, by UID: (source, content), never private notes."""
    events: dict[str, tuple[str, dict]] = {}
    for task in followups.open_tasks(db, today):
        events[ics.task_uid(task.id)] = ("task", _task_content(task))
    since = today - timedelta(days=ics.SCHEDULED_LOOKBACK_DAYS)
    for item in schedule.all_for_calendar(db, since):
        events[ics.scheduled_uid(item["id"])] = ("scheduled", _scheduled_content(db, item))
    return events


def content_hash(content: dict) -> str:
    """A fingerprint of an event's content: equal content, equal hash."""
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------- the feed's memory


def reconcile(db: sqlite_utils.Database, today: date) -> list[dict]:
    """Bring the feed's memory up to date with the data; return the events to write.

    New events start at SEQUENCE 0; changed ones rise by one; a task no longer open becomes
    CANCELLED (raised once). A scheduled conversation that only aged out of the window is
    left as it was and no longer written.
    """
    now = clock.utc_stamp()
    current = current_events(db, today)
    with store.write(db):
        known = {row["uid"]: row for row in db.query("SELECT * FROM calendar_feed_events")}
        changes = []
        for uid, (source, content) in current.items():
            status = "CANCELLED" if content.get("cancelled") else "CONFIRMED"
            digest = content_hash(content)
            before = known.get(uid)
            if before and before["content_hash"] == digest and before["status"] == status:
                continue
            sequence = 0 if before is None else before["sequence"] + 1
            sequence = max(sequence, content.get("own_sequence", 0))
            changes.append((uid, source, sequence, digest, status, json.dumps(content), now))
        for uid, row in known.items():
            if uid not in current and row["source"] == "task" and row["status"] == "CONFIRMED":
                changes.append(
                    (uid, "task", row["sequence"] + 1, row["content_hash"], "CANCELLED",
                     row["content"], now)
                )  # fmt: skip
        db.conn.executemany(
            """INSERT INTO calendar_feed_events
                   (uid, source, sequence, content_hash, status, content, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(uid) DO UPDATE SET sequence = excluded.sequence,
                   content_hash = excluded.content_hash, status = excluded.status,
                   content = excluded.content, updated_at = excluded.updated_at""",
            changes,
        )
    kept_since = clock.utc_stamp(clock.now_utc() - timedelta(days=CANCELLED_KEPT_DAYS))
    rows = db.query(
        "SELECT * FROM calendar_feed_events ORDER BY uid",
    )
    return [
        row
        for row in rows
        if row["uid"] in current
        or (row["status"] == "CANCELLED" and row["updated_at"] >= kept_since)
    ]


# ---------------------------------------------------------------- the .ics


def _event(row: dict, stamp: datetime) -> Event:
    content = json.loads(row["content"])
    event = Event()
    event.add("uid", row["uid"])
    event.add("dtstamp", stamp)
    event.add("sequence", row["sequence"])
    event.add("summary", content["summary"])
    event.add("status", row["status"])
    if content.get("description"):
        event.add("description", content["description"])
    if row["source"] == "task":
        day = date.fromisoformat(content["day"])
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        return event
    zone = ZoneInfo(content["zone"])
    start = schedule.parse_utc(content["starts_at"]).astimezone(zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=content["minutes"]))
    if content.get("location"):
        event.add("location", content["location"])
    if row["status"] == "CONFIRMED":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", content["summary"])
        alarm.add("trigger", timedelta(minutes=-ics.REMINDER_MINUTES))
        event.add_component(alarm)
    return event


def feed_bytes(db: sqlite_utils.Database, today: date) -> bytes:
    """The whole feed as .ics bytes, its memory brought up to date first."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    stamp = clock.now_utc().replace(microsecond=0)
    for row in reconcile(db, today):
        calendar.add_component(_event(row, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and os.replace."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_feed(db: sqlite_utils.Database, path: str | Path, today: date) -> FeedResult:
    """Write the feed to path (atomically); FeedError with a plain reason when it cannot."""
    target = check_path(path)
    data = feed_bytes(db, today)
    try:
        write_atomically(target, data)
    except OSError as error:
        raise FeedError(f"Cannot write {target}: {error.strerror or error}.") from error
    text = data.decode()
    return FeedResult(
        target,
        events=text.count("BEGIN:VEVENT"),
        cancelled=text.count("STATUS:CANCELLED"),
    )


def check_path(path: str | Path) -> Path:
    """The feed's file as given, checked: an .ics file in a folder that exists."""
    raw = str(path or "").strip()
    if not raw:
        raise FeedError("Give the file to write, like ~/Dropbox/fieldwork.ics.")
    if len(raw) > MAX_PATH or "\x00" in raw:
        raise FeedError("That path is too long or holds characters a file name cannot.")
    target = store.expanded(raw)
    if target is None:
        raise FeedError(f"There is no home folder for {raw.split('/')[0]}: check the spelling.")
    if target.suffix.lower() != ".ics":
        raise FeedError("Give a file name ending in .ics, so calendar apps recognise it.")
    if target.is_dir():
        raise FeedError(f"{target} is a folder: give a file name inside it, like fieldwork.ics.")
    if not target.parent.is_dir():
        raise FeedError(f"The folder {target.parent} does not exist.")
    return target


# ---------------------------------------------------------------- the setting and the hook


def feed_path(db: sqlite_utils.Database) -> str | None:
    """The file the feed is kept in, or None when the person has not chosen one."""
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [FEED_PATH_KEY]).fetchone()
    except sqlite3.OperationalError:  # a file not migrated yet
        return None
    return (row[0] or None) if row else None


def set_feed_path(db: sqlite_utils.Database, path: str | None, today: date) -> FeedResult | None:
    """Choose (or with None, stop) the feed's file; a chosen one is written at once."""
    if not path:
        with store.write(db):
            db.execute("DELETE FROM settings WHERE key = ?", [FEED_PATH_KEY])
        return None
    target = check_path(path)
    result = write_feed(db, target, today)  # refused before anything is saved
    with store.write(db):
        db["settings"].upsert({"key": FEED_PATH_KEY, "value": str(target)}, pk="key")
    return result


# Per data file: the data revision and day the feed was last written for, and what happened.
_WRITTEN: dict[str, tuple[str, date]] = {}
LAST_PROBLEM: dict[str, str] = {}


def rewrite_after_write(db: sqlite_utils.Database) -> None:
    """The store's after-write callback: rewrite the chosen feed when the data changed."""
    path = feed_path(db)
    if not path:
        return
    key = store.file_path(db) or str(id(db))
    mark = (store.data_revision(db), clock.today())
    if _WRITTEN.get(key) == mark:
        return
    try:
        write_feed(db, path, clock.today())
    except (FeedError, sqlite3.DatabaseError, store.StoreError) as error:
        LAST_PROBLEM[key] = str(error) if isinstance(error, FeedError) else store.explain(error)
        logging.getLogger(__name__).warning("Calendar feed not written: %s", error)
        return
    LAST_PROBLEM.pop(key, None)
    _WRITTEN[key] = mark


def last_problem(db: sqlite_utils.Database) -> str | None:
    """Why the last automatic rewrite of this file's feed failed, or None."""
    return LAST_PROBLEM.get(store.file_path(db) or str(id(db)))


if rewrite_after_write not in store.AFTER_WRITE:
    store.AFTER_WRITE.append(rewrite_after_write)
