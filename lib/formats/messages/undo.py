"""Undoing a message import: the list of message imports, what stands in the way of undoing one
(something attached since to what it added, or a task it made or changed that changed again),
and undo_message_import(), which puts the tasks back as they were, removes the interactions it
wrote and the people it added, in one transaction.
"""

from __future__ import annotations

import json

import sqlite_utils

from lib import clock, store
from lib.formats.messages.applying import TASK_COLUMNS


class MessageUndoRefused(ValueError):
    """A message import that cannot be undone any more; the message says what is in the way."""


_WORDS = {
    "conversations": "a conversation",
    "interactions": "a timeline entry",
    "research_items": "a board item",
    "board_recommendations": "a recommendation on the board",
    "followups": "a follow-up",
    "contacts": "a contact they referred",
    "scheduled_conversations": "a scheduled conversation",
}


def list_message_imports(db: sqlite_utils.Database) -> list[dict]:
    """Every message import, newest first, with its files, counts and whether it was undone."""
    rows = list(
        db.query(
            """SELECT m.id, m.file_names, m.imported_at, m.counts, m.kept_full_text, m.undone_at,
                (SELECT count(*) FROM interactions i WHERE i.message_import_id = m.id)
                    AS interactions
            FROM message_imports m ORDER BY m.id DESC"""
        )
    )
    for row in rows:
        row["file_names"] = json.loads(row["file_names"] or "[]")
        row["counts"] = json.loads(row["counts"] or "{}")
    return rows


def _references(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    found = []
    for other in db.table_names():
        if other.startswith(("import_", "message_import", "sqlite_")) or other == "imports":
            continue
        for key in db[other].foreign_keys:
            if key.other_table == table:
                found.append((other, key.column))
    return found


def _changes(db: sqlite_utils.Database, import_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM message_import_changes WHERE import_id = ? ORDER BY id", [import_id]
        )
    )


def _state(db: sqlite_utils.Database, task_id: int) -> dict | None:
    row = db.execute(
        f"SELECT {', '.join(TASK_COLUMNS)} FROM followups WHERE id = ?", [task_id]
    ).fetchone()
    return dict(zip(TASK_COLUMNS, row, strict=True)) if row else None


def undo_blockers(db: sqlite_utils.Database, import_id: int) -> list[str]:
    """Why a message import cannot be undone (empty when it can)."""
    record = db.execute(
        "SELECT undone_at FROM message_imports WHERE id = ?", [import_id]
    ).fetchone()
    if record is None:
        return ["There is no such message import."]
    if record[0]:
        return [f"This import was already undone on {record[0][:10]}."]
    changes = _changes(db, import_id)
    own_tasks = [c["followup_id"] for c in changes if c["action"] != "created_contact"]
    created = [c["contact_id"] for c in changes if c["action"] == "created_contact"]
    own = [
        r[0]
        for r in db.execute("SELECT id FROM interactions WHERE message_import_id = ?", [import_id])
    ]
    params = {"own": json.dumps(own), "tasks": json.dumps(own_tasks), "ids": json.dumps(created)}
    blockers = []
    changed = sum(
        1
        for c in changes
        if c["action"] != "created_contact"
        and _state(db, c["followup_id"]) not in (json.loads(c["after"]), None)
    )
    if changed:
        blockers.append(
            f"{changed} follow-up {'task' if changed == 1 else 'tasks'} it closed or made "
            f"{'was' if changed == 1 else 'were'} changed since."
        )
    for table, column in _references(db, "interactions"):
        sql = (
            f"SELECT count(*) FROM [{table}] t WHERE t.[{column}] IN "
            "(SELECT value FROM json_each(:own))"
        )
        if table == "followups":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:tasks))"
        count = db.execute(sql, params).fetchone()[0]
        if count:
            what = _WORDS.get(table, f"a {table.replace('_', ' ')} row")
            blockers.append(f"{count} of its messages now have {what} attached.")
    for table, column in _references(db, "contacts"):
        sql = (
            f"SELECT DISTINCT c.name FROM [{table}] t JOIN contacts c ON c.id = t.[{column}] "
            f"WHERE t.[{column}] IN (SELECT value FROM json_each(:ids))"
        )
        if table == "contacts":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:ids))"
        if table == "interactions":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:own))"
        if table == "followups":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:tasks))"
        names = [r[0] for r in db.execute(sql, params)]
        if names:
            what = _WORDS.get(table, f"a {table.replace('_', ' ')} row")
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            blockers.append(
                f"{shown}, added by this import, now {'has' if len(names) == 1 else 'have'} {what}."
            )
    return blockers


def undo_message_import(db: sqlite_utils.Database, import_id: int) -> dict[str, int]:
    """Take a message import back exactly: its tasks as they were, its interactions and the
    people it added removed. Refuses (MessageUndoRefused) with the reason when something was
    attached since. Returns {"interactions": removed, "contacts": removed, "tasks": restored}.
    """
    with store.write(db):
        blockers = undo_blockers(db, import_id)
        if blockers:
            raise MessageUndoRefused("This import cannot be undone: " + " ".join(blockers))
        changes = _changes(db, import_id)
        restored = 0
        for change in changes:
            if change["action"] == "changed_task":
                before = json.loads(change["before"])
                assignments = ", ".join(f"{column} = ?" for column in TASK_COLUMNS)
                db.execute(
                    f"UPDATE followups SET {assignments} WHERE id = ?",
                    [*(before[c] for c in TASK_COLUMNS), change["followup_id"]],
                )
                restored += 1
        made = [c["followup_id"] for c in changes if c["action"] == "created_task"]
        db.execute(
            "DELETE FROM followups WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(made)],
        )
        removed = db.execute(
            "DELETE FROM interactions WHERE message_import_id = ?", [import_id]
        ).rowcount
        created = [c["contact_id"] for c in changes if c["action"] == "created_contact"]
        people = db.execute(
            "DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(created)],
        ).rowcount
        db["message_imports"].update(import_id, {"undone_at": clock.utc_stamp()})
    return {"interactions": max(removed, 0), "contacts": max(people, 0), "tasks": restored}
