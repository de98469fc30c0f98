"""Conversations: preparing, capturing and saving an informational interview in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from lib import clock, followups, paths, schedule, store, vocab
from lib.contacts import now_utc, row_exists
from lib.dates import event_date
from lib.text import clean, clean_line, whole_number

MAX_MINUTES = 600


class ConversationError(ValueError):
    """A conversation cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class Answer:
    question_text: str
    answer: str
    question_id: int | None = None


@dataclass
class Recommendation:
    kind: str
    title: str
    detail: str = ""


def validate(values: dict, recommendations: list[Recommendation], today: date) -> dict[str, str]:
    """Return {field: what to fix} for a conversation form; empty when it can be saved."""
    errors: dict[str, str] = {}
    held_on = event_date(values.get("held_on"))
    if held_on is None:
        errors["held_on"] = "Give the date the conversation took place (YYYY-MM-DD, after 1900)."
    elif held_on > today:
        errors["held_on"] = "The date is in the future; log a conversation once it has happened."
    if not _one_of(values.get("mode"), vocab.MODES):
        errors["mode"] = f"Pick how you talked: {', '.join(vocab.MODES.values())}."
    minutes = values.get("duration_minutes")
    if minutes is not None and minutes != "":
        minutes = whole_number(minutes)  # None for inf, nan, 2.5 or words: never an overflow
        if minutes is None or not 0 <= minutes <= MAX_MINUTES:
            errors["duration_minutes"] = f"Duration should be between 0 and {MAX_MINUTES} minutes."
    interest = values.get("still_interested")
    if interest not in (None, "") and not _one_of(interest, vocab.INTEREST):
        errors["still_interested"] = "Still interested should be yes, maybe or no."
    for index, rec in enumerate(recommendations, start=1):
        if clean_line(rec.title) and not _one_of(rec.kind, vocab.ITEM_KINDS):
            errors[f"recommendation_{index}"] = f"Recommendation {index} needs a kind."
    return errors


def _one_of(value: object, vocabulary: dict) -> bool:
    return isinstance(value, str) and value in vocabulary


def _text(values: dict, key: str) -> str | None:
    return clean(values.get(key)) or None


def save_conversation(
    db: sqlite_utils.Database,
    contact_id: int,
    values: dict,
    answers: list[Answer] = (),
    recommendations: list[Recommendation] = (),
    today: date | None = None,
    conversation_id: int | None = None,
    scheduled_id: int | None = None,
    path_links: list[paths.PathLink] | None = None,
) -> int:
    """Save a conversation with its answers, recommendations and follow-ups, all or nothing.

    With scheduled_id, the scheduled conversation it was captured from is marked held and
    linked to it in the same transaction. path_links, when given, replace what it says about
    each path it informed (same transaction); None leaves those as they are.
    """
    today = today or clock.today()
    errors = validate(values, list(recommendations), today)
    if path_links is not None:
        errors.update(paths.validate_links(db, list(path_links)))
    if not row_exists(db, "contacts", contact_id):
        errors["contact"] = "That contact no longer exists."
    if conversation_id is not None and not row_exists(db, "conversations", conversation_id):
        errors["conversation"] = "That conversation no longer exists."
    if errors:
        raise ConversationError(errors)
    held_on = event_date(values["held_on"])
    minutes = whole_number(values.get("duration_minutes"))
    row = {
        "contact_id": contact_id,
        "held_on": held_on.isoformat(),
        "mode": values["mode"],
        "duration_minutes": minutes,
        "notes": _text(values, "notes"),
        "private_notes": _text(values, "private_notes"),
        "takeaways": _text(values, "takeaways"),
        "still_interested": values.get("still_interested") or None,
        "alternative_role": clean_line(values.get("alternative_role")) or None,
    }
    with store.write(db):
        if conversation_id is None:
            conversation_id = db["conversations"].insert(row).last_pk
        else:
            db["conversations"].update(conversation_id, dict(row, updated_at=now_utc()))
            db["conversation_answers"].delete_where("conversation_id = ?", [conversation_id])
        _save_answers(db, conversation_id, answers)
        _save_recommendations(db, contact_id, conversation_id, recommendations)
        if path_links is not None:
            paths.save_links(db, conversation_id, held_on, list(path_links), today)
        followups.schedule_for_conversation(db, conversation_id, contact_id, held_on)
        if scheduled_id is not None:
            schedule.mark_held(db, scheduled_id, conversation_id)
    return conversation_id


def _save_answers(db: sqlite_utils.Database, conversation_id: int, answers) -> None:
    rows = [
        {
            "conversation_id": conversation_id,
            # The wording is kept with the answer; a question no longer in the bank is no link.
            "question_id": a.question_id if row_exists(db, "questions", a.question_id) else None,
            "question_text": clean(a.question_text),
            "answer": clean(a.answer),
            "position": position,
        }
        for position, a in enumerate(answers, start=1)
        if clean(a.answer) and clean(a.question_text)
    ]
    if rows:
        db["conversation_answers"].insert_all(rows)


def _save_recommendations(db, contact_id: int, conversation_id: int, recommendations) -> None:
    rows = [
        {
            "kind": r.kind,
            "title": clean_line(r.title),
            "detail": clean(r.detail) or None,
            "recommended_by_id": contact_id,
            "conversation_id": conversation_id,
        }
        for r in recommendations
        if clean_line(r.title)
    ]
    if rows:
        db["research_items"].insert_all(rows)


def conversations_for(db: sqlite_utils.Database, contact_id: int) -> list[dict]:
    """A contact's conversations, newest first."""
    return list(
        db.query(
            "SELECT * FROM conversations WHERE contact_id = ? ORDER BY held_on DESC, id DESC",
            [contact_id],
        )
    )


def get_conversation(db: sqlite_utils.Database, conversation_id: int) -> dict | None:
    """A conversation with its answers and recommendations, or None."""
    rows = list(db.query("SELECT * FROM conversations WHERE id = ?", [conversation_id]))
    if not rows:
        return None
    conversation = rows[0]
    conversation["answers"] = list(
        db.query(
            "SELECT * FROM conversation_answers WHERE conversation_id = ? ORDER BY position",
            [conversation_id],
        )
    )
    conversation["recommendations"] = list(
        db.query(
            "SELECT * FROM research_items WHERE conversation_id = ? ORDER BY id", [conversation_id]
        )
    )
    return conversation


def recent_conversations(db: sqlite_utils.Database, limit: int = 20) -> list[dict]:
    """The latest conversations across all contacts, with the contact's name."""
    return list(
        db.query(
            """SELECT v.id, v.held_on, v.mode, v.duration_minutes, v.still_interested,
                      v.takeaways, c.id AS contact_id, c.name AS contact
               FROM conversations v JOIN contacts c ON c.id = v.contact_id
               ORDER BY v.held_on DESC, v.id DESC LIMIT ?""",
            [limit],
        )
    )


def duration_note(minutes: int | None) -> str:
    """How a duration compares with the 20-minute target, in a few words."""
    if minutes is None:
        return f"Target: about {vocab.TARGET_MINUTES} minutes."
    over = minutes - vocab.TARGET_MINUTES
    if over > 10:
        return f"{over} minutes over the {vocab.TARGET_MINUTES}-minute target: keep the next one short."
    if over > 0:
        return f"A little over the {vocab.TARGET_MINUTES}-minute target."
    return f"Within the {vocab.TARGET_MINUTES}-minute target."
