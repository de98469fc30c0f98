"""What the coach sent back: comments on weekly reviews and action items, read from the coach
file (lib.formats.coach_file) into the client's own file.

Reading is idempotent: entries are upserted by their ids, and only what changed is written, so
reading the same coach file again changes nothing (not even the data revision). The client's
side never writes the coach file; what the client does with an action item (done, and the day)
lives in coach_action_items.done_on and goes back to the coach in the next share package.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlite_utils

from lib import dates, store
from lib.contacts import now_utc
from lib.formats import coach_file

# The "keep a share package in this folder" setting (lib.formats.share_package's side writes
# it); the coach file of the package kept there sits beside it.
SHARE_FOLDER_KEY = "share_folder"
PACKAGE_SUFFIX = ".fieldwork-share"
ITEM_FIELDS = ("coach", "text", "due_on", "contact_id", "path_id", "written_at", "changed_at")


class FromCoachError(ValueError):
    """An action item cannot be changed as asked; the message says why."""


def share_folder(db: sqlite_utils.Database) -> Path | None:
    """The folder the client keeps a share package in (the share setting), or None."""
    if "settings" not in db.table_names():
        return None
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SHARE_FOLDER_KEY]).fetchone()
    return Path(row[0]).expanduser() if row and row[0] else None


def coach_files_in(folder: Path) -> list[Path]:
    """The coach files beside the share packages in folder (`*.fieldwork-share.coach`)."""
    try:
        return sorted(folder.glob(f"*{PACKAGE_SUFFIX}{coach_file.SUFFIX}"))
    except OSError:
        return []


def import_entries(
    db: sqlite_utils.Database, read: coach_file.CoachFile, now: str | None = None
) -> dict[str, int]:
    """Upsert a read coach file's comments and action items; return how many were new/changed."""
    stamp = now or now_utc()
    known_comments = {r[0] for r in db.execute("SELECT entry_id FROM coach_comments")}
    known_items = {
        row["entry_id"]: row
        for row in db.query(
            f"SELECT entry_id, withdrawn, {', '.join(ITEM_FIELDS)} FROM coach_action_items"
        )
    }
    comments = [
        {
            "entry_id": c.id,
            "coach": c.coach,
            "week_start": c.week_start.isoformat(),
            "text": c.text,
            "written_at": c.at,
            "imported_at": stamp,
        }
        for c in read.comments
        if c.id not in known_comments
    ]
    new_items, changed_items = [], []
    for item in read.action_items:
        values = {
            "coach": item.coach,
            "text": item.text,
            "due_on": item.due_on.isoformat(),
            "contact_id": item.contact_id,
            "path_id": item.path_id,
            "written_at": item.at,
            "changed_at": item.changed_at,
            "withdrawn": int(item.withdrawn),
        }
        before = known_items.get(item.id)
        if before is None:
            new_items.append({"entry_id": item.id, **values, "imported_at": stamp})
        elif any(before[key] != value for key, value in values.items()):
            changed_items.append((item.id, values))
    if comments or new_items or changed_items:
        with store.write(db):
            db["coach_comments"].insert_all(comments, alter=False)
            db["coach_action_items"].insert_all(new_items, alter=False)
            for entry_id, values in changed_items:  # done_on is the client's: never touched
                db["coach_action_items"].update(entry_id, values, alter=False)
    return {"comments": len(comments), "items": len(new_items), "changed": len(changed_items)}


def read_folder(db: sqlite_utils.Database, folder: Path) -> tuple[dict[str, int], list[str]]:
    """Import every coach file in the share folder; return the counts and plain messages."""
    totals = {"comments": 0, "items": 0, "changed": 0}
    messages = []
    for path in coach_files_in(folder):
        read = coach_file.read_coach_file(path)
        if read.message():
            messages.append(f"{path.name}: {read.message()}")
        for key, count in import_entries(db, read).items():
            totals[key] += count
    return totals, messages


def import_bytes(db: sqlite_utils.Database, data: bytes) -> tuple[dict[str, int], str]:
    """Import a coach file the client picked (received by mail); return counts and a message."""
    read = coach_file.parse_coach_file(data)
    if read.problem:
        return {"comments": 0, "items": 0, "changed": 0}, read.problem
    if not read.comments and not read.action_items:
        return {"comments": 0, "items": 0, "changed": 0}, (
            "That file holds no comments or action items from a coach."
            + (f" {read.message()}" if read.skipped else "")
        )
    return import_entries(db, read), read.message()


def comments_for_week(db: sqlite_utils.Database, week_start: date) -> list[dict]:
    """The coach's comments on the week starting week_start, oldest first."""
    if "coach_comments" not in db.table_names():
        return []
    return list(
        db.query(
            """SELECT entry_id, coach, text, written_at FROM coach_comments
               WHERE week_start = ? ORDER BY written_at, entry_id""",
            [week_start.isoformat()],
        )
    )


def open_action_items(db: sqlite_utils.Database) -> list[dict]:
    """Action items from the coach not done and not withdrawn, soonest due first."""
    if "coach_action_items" not in db.table_names():
        return []
    return list(
        db.query(
            """SELECT entry_id, coach, text, due_on, contact_id, path_id, written_at
               FROM coach_action_items WHERE done_on IS NULL AND withdrawn = 0
               ORDER BY due_on, written_at, entry_id"""
        )
    )


def action_item_states(db: sqlite_utils.Database) -> dict[str, str | None]:
    """Each action item's id and the day the client did it (None: not yet), from a file."""
    if "coach_action_items" not in db.table_names():
        return {}
    return dict(db.execute("SELECT entry_id, done_on FROM coach_action_items").fetchall())


def mark_done(db: sqlite_utils.Database, entry_id: str, done_on: date | None, today: date) -> None:
    """Mark a coach's action item done on the day the client gives (not after today)."""
    problem = dates.check_past_or_today(done_on, today, "Done on")
    if problem:
        raise FromCoachError(problem)
    row = db.execute(
        "SELECT done_on, withdrawn FROM coach_action_items WHERE entry_id = ?", [entry_id]
    ).fetchone()
    if row is None:
        raise FromCoachError("That action item is no longer there.")
    if row[0]:
        raise FromCoachError("That action item is already done.")
    with store.write(db):
        db["coach_action_items"].update(entry_id, {"done_on": done_on.isoformat()}, alter=False)
