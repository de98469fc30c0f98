"""Follow-through rules (pure date functions) and the stored follow-up tasks they create."""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

THANK_YOU_AFTER_DAYS = 1
UPDATE_AFTER_DAYS = 30


def thank_you_due(held_on: date) -> date:
    """A quick thank-you is due the day after the conversation."""
    return held_on + timedelta(days=THANK_YOU_AFTER_DAYS)


def update_due(held_on: date) -> date:
    """The longer one-month update is due 30 days after the conversation."""
    return held_on + timedelta(days=UPDATE_AFTER_DAYS)


def conversation_tasks(held_on: date) -> dict[str, date]:
    """The tasks a conversation creates, by kind, with their due dates."""
    return {"thank_you": thank_you_due(held_on), "one_month_update": update_due(held_on)}


def schedule_for_conversation(
    db: sqlite_utils.Database, conversation_id: int, contact_id: int, held_on: date
) -> None:
    """Create a conversation's tasks, or move its still-open ones when its date changed."""
    for kind, due in conversation_tasks(held_on).items():
        existing = db.execute(
            "SELECT id, status FROM followups WHERE kind = ? AND conversation_id = ?",
            [kind, conversation_id],
        ).fetchone()
        if existing is None:
            db["followups"].insert(
                {
                    "kind": kind,
                    "contact_id": contact_id,
                    "conversation_id": conversation_id,
                    "due_on": due.isoformat(),
                }
            )
        elif existing[1] == "open":
            db["followups"].update(existing[0], {"due_on": due.isoformat(), "snoozed_until": None})
