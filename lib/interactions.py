"""Fixing a timeline entry (an outreach, a reply, a note): edit it or delete it, and undo that.

A change takes everything derived from the entry with it, in one transaction: deleting an
outreach deletes its 3B and 7B prompts (a stray outreach no longer asks for a 3B step),
deleting a reply or a follow-up reopens the prompts it had closed, deleting a thank-you that
marked a task done reopens that task. Segments, due lists and charts read these tables, so
they follow.

Every change returns an `Undo`: the rows it deleted and the rows it changed as they were.
`restore` puts them back exactly, ids included, in one transaction. An Undo is plain data
(`as_json` / `from_json`), kept by the page in the session: undo is for the moment after the
slip, and older states stay in the daily snapshot and the backups.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from lib import clock, dates, store, vocab
from lib.business_days import calendar_for
from lib.contacts import row_exists
from lib.dates import event_date
from lib.followup_rules import short_day, three_b_seven
from lib.followups import FOLLOWED_UP_REASON, REPLIED_REASON
from lib.text import clean

# The tables an Undo writes back, parents first (so each row's references exist again).
RESTORE_ORDER = (
    "conversations",
    "conversation_answers",
    "conversation_paths",
    "path_questions",
    "research_items",
    "board_recommendations",
    "interactions",
    "followups",
    "scheduled_conversations",
)
# Each table's key; conversation_paths has two columns for it.
KEYS = {"conversation_paths": ("conversation_id", "path_id")}


class InteractionError(ValueError):
    """An entry cannot be changed as asked; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class UndoError(ValueError):
    """An Undo cannot be applied (something new took the place of what it would restore)."""


@dataclass
class Undo:
    """What one change removed and changed, to put back exactly."""

    what: str  # "the outreach of Tue 24 Nov", for "Deleted … Undo"
    deleted: dict[str, list[dict]] = field(default_factory=dict)
    changed: dict[str, list[dict]] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps({"what": self.what, "deleted": self.deleted, "changed": self.changed})

    @classmethod
    def from_json(cls, text: str) -> Undo:
        data = json.loads(text)
        return cls(data["what"], data.get("deleted", {}), data.get("changed", {}))

    def take(self, db: sqlite_utils.Database, table: str, where: str, params: list) -> list[dict]:
        """Delete the rows of table matching where, keeping them here; return them."""
        rows = list(db.query(f"SELECT * FROM {table} WHERE {where}", params))
        if rows:
            self.deleted.setdefault(table, []).extend(rows)
            db.execute(f"DELETE FROM {table} WHERE {where}", params)
        return rows

    def keep(self, db: sqlite_utils.Database, table: str, row_id: int) -> None:
        """Remember a row as it is now, before this change updates it (once per row)."""
        kept = self.changed.setdefault(table, [])
        if any(row["id"] == row_id for row in kept):
            return
        kept.extend(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]))

    def count(self, table: str) -> int:
        return len(self.deleted.get(table, []))


def what(row: dict) -> str:
    """An entry in a few words: "the outreach of Tue 24 Nov"."""
    label = vocab.label(vocab.INTERACTION_KINDS, row["kind"]).lower()
    label = {"outreach sent": "outreach", "reply received": "reply"}.get(label, label)
    return f"the {label} of {short_day(date.fromisoformat(row['occurred_on']))}"


def entries(db: sqlite_utils.Database, contact_id: int) -> list[dict]:
    """A contact's interactions, newest first, each with what(): the rows one can change."""
    rows = db.query(
        """SELECT * FROM interactions WHERE contact_id = ?
        ORDER BY occurred_on DESC, created_at DESC, id DESC""",
        [contact_id],
    )
    return [dict(row, what=what(row), label=label(row)) for row in rows]


def label(row: dict) -> str:
    """An entry as a picker lists it: "Tue 24 Nov · Outreach sent · Asked for 20 minutes"."""
    parts = [
        short_day(date.fromisoformat(row["occurred_on"])),
        vocab.label(vocab.INTERACTION_KINDS, row["kind"]),
    ]
    summary = " ".join((row.get("summary") or "").split())
    if summary:
        parts.append(summary if len(summary) <= 60 else summary[:59] + "…")
    return " · ".join(parts)


def get_interaction(db: sqlite_utils.Database, interaction_id: int) -> dict | None:
    if not row_exists(db, "interactions", interaction_id):
        return None
    rows = list(db.query("SELECT * FROM interactions WHERE id = ?", [interaction_id]))
    return rows[0] if rows else None


def validate(values: dict, today: date) -> dict[str, str]:
    """{field: what to fix} for an edited entry: a kind, a day not after today."""
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if not isinstance(kind, str) or kind not in vocab.INTERACTION_KINDS:
        errors["kind"] = f"Pick what happened: {', '.join(vocab.INTERACTION_KINDS.values())}."
    problem = dates.check_past_or_today(values.get("occurred_on"), today, "The date")
    if problem:
        errors["occurred_on"] = problem
    return errors


def edit_interaction(
    db: sqlite_utils.Database, interaction_id: int, values: dict, today: date | None = None
) -> Undo:
    """Change an entry's kind, day and summary; its prompts follow. Return the Undo."""
    today = today or clock.today()
    errors = validate(values, today)
    if errors:
        raise InteractionError(errors)
    with store.write(db):
        row = _existing(db, interaction_id)
        undo = Undo(what(row))
        undo.keep(db, "interactions", interaction_id)
        new = {
            "kind": values["kind"],
            "occurred_on": event_date(values["occurred_on"]).isoformat(),
            "summary": clean(values.get("summary")) or None,
        }
        db["interactions"].update(interaction_id, new)
        _settle(db, dict(row, **new), undo)
        reopen_unfounded(db, row["contact_id"], undo)
    return undo


def delete_interaction(db: sqlite_utils.Database, interaction_id: int) -> Undo:
    """Delete an entry with what it made (an outreach's 3B and 7B prompts); return the Undo."""
    with store.write(db):
        row = _existing(db, interaction_id)
        undo = Undo(what(row))
        undo.take(db, "followups", "interaction_id = ?", [interaction_id])
        # A task this entry marked done (a thank-you sent, a follow-up logged) is open again.
        for (task_id,) in db.execute(
            "SELECT id FROM followups WHERE done_interaction_id = ?", [interaction_id]
        ).fetchall():
            undo.keep(db, "followups", task_id)
            db.execute(
                """UPDATE followups SET done_interaction_id = NULL,
                    status = CASE status WHEN 'done' THEN 'open' ELSE status END,
                    done_at = CASE status WHEN 'done' THEN NULL ELSE done_at END
                WHERE id = ?""",
                [task_id],
            )
        undo.take(db, "interactions", "id = ?", [interaction_id])
        reopen_unfounded(db, row["contact_id"], undo)
    return undo


def restore(db: sqlite_utils.Database, undo: Undo) -> None:
    """Put back what a change deleted and changed, exactly, in one transaction."""
    with store.write(db):
        for table in RESTORE_ORDER:
            for row in undo.deleted.get(table, []):
                keys = KEYS.get(table, ("id",))
                where = " AND ".join(f"{key} = ?" for key in keys)
                if db.execute(
                    f"SELECT 1 FROM {table} WHERE {where}", [row[key] for key in keys]
                ).fetchone():
                    raise UndoError(
                        f"{undo.what[:1].upper()}{undo.what[1:]} cannot come back: something "
                        "saved since"
                        " took its place."
                    )
                db[table].insert(row)
        for table in RESTORE_ORDER:
            for row in undo.changed.get(table, []):
                if row_exists(db, table, row["id"]):
                    db[table].update(row["id"], {k: v for k, v in row.items() if k != "id"})
        # An entry put back as it was: prompts made since for what it is not are dropped.
        for row in undo.changed.get("interactions", []):
            if row["kind"] != "outreach":
                db.execute(
                    "DELETE FROM followups WHERE interaction_id = ? AND status = 'open'",
                    [row["id"]],
                )


def _existing(db: sqlite_utils.Database, interaction_id: int) -> dict:
    row = get_interaction(db, interaction_id)
    if row is None:
        raise InteractionError({"interaction": "That entry no longer exists."})
    return row


def _settle(db: sqlite_utils.Database, row: dict, undo: Undo) -> None:
    """An edited entry's own prompts: gone when it is no longer an outreach, else due again
    from its (new) day; the sync makes them for an entry that became one."""
    if row["kind"] != "outreach":
        undo.take(db, "followups", "interaction_id = ?", [row["id"]])
        return
    due = three_b_seven(date.fromisoformat(row["occurred_on"]), calendar=calendar_for(db))
    for task_id, kind, due_on in db.execute(
        "SELECT id, kind, due_on FROM followups WHERE interaction_id = ? AND status = 'open'",
        [row["id"]],
    ).fetchall():
        if kind in due and due[kind].isoformat() != due_on:
            undo.keep(db, "followups", task_id)
            db["followups"].update(task_id, {"due_on": due[kind].isoformat()})


# An outreach still without a response: no reply on or after it, no conversation held since.
_NO_RESPONSE = """NOT EXISTS (SELECT 1 FROM interactions r WHERE r.contact_id = i.contact_id
        AND r.kind = 'reply' AND r.occurred_on >= i.occurred_on)
    AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = i.contact_id
        AND v.held_on >= i.occurred_on)"""
_NO_FOLLOW_UP = """NOT EXISTS (SELECT 1 FROM interactions fu WHERE fu.contact_id = i.contact_id
        AND fu.kind = 'follow_up' AND fu.occurred_on >= i.occurred_on AND fu.id != i.id)
    AND NOT EXISTS (SELECT 1 FROM followups done WHERE done.interaction_id = i.id
        AND done.kind = 'follow_up' AND done.status = 'done')"""


def reopen_unfounded(db: sqlite_utils.Database, contact_id: int, undo: Undo) -> None:
    """Reopen a contact's 3B and 7B prompts the sync closed for a reason that no longer holds
    (a reply, a conversation or a follow-up that was deleted or moved)."""
    rows = db.execute(
        f"""SELECT f.id FROM followups f JOIN interactions i ON i.id = f.interaction_id
        WHERE f.contact_id = ? AND f.status = 'cancelled'
          AND ((f.kind IN ('next_contact', 'follow_up') AND f.skip_reason = ? AND {_NO_RESPONSE})
            OR (f.kind = 'next_contact' AND f.skip_reason = ? AND {_NO_FOLLOW_UP}))""",
        [contact_id, REPLIED_REASON, FOLLOWED_UP_REASON],
    ).fetchall()
    for (task_id,) in rows:
        undo.keep(db, "followups", task_id)
        db.execute(
            "UPDATE followups SET status = 'open', skip_reason = NULL, done_at = NULL WHERE id = ?",
            [task_id],
        )
