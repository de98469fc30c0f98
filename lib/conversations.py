"""Conversations: preparing, capturing and saving an informational interview in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from lib import clock, followups, interactions, paths, schedule, store, vocab
from lib import recommendations as recommendations_module
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
    """What a contact recommended. It joins the board item of the same kind and title
    (lib.recommendations.match), or join_item_id: a close item the person chose to join."""

    kind: str
    title: str
    detail: str = ""
    join_item_id: int | None = None


NOTHING_CAPTURED = (
    "Nothing is captured yet: write an answer, notes or a takeaway, or give how long you "
    "talked, then save."
)


def captured(values: dict, answers: list[Answer] = ()) -> bool:
    """Whether a conversation form holds something of the conversation itself: an answer,
    notes, a takeaway or how many minutes it lasted."""
    if any(clean(a.answer) for a in answers):
        return True
    if any(clean(values.get(key)) for key in ("notes", "takeaways")):
        return True
    minutes = whole_number(values.get("duration_minutes"))
    return minutes is not None and minutes > 0


def validate(
    values: dict,
    recommendations: list[Recommendation],
    today: date,
    answers: list[Answer] | None = None,
) -> dict[str, str]:
    """Return {field: what to fix} for a conversation form; empty when it can be saved.

    With answers (what the form's answer boxes hold, [] when none), an empty form is refused
    (errors["captured"]): saving it would make a thank-you and a one-month update for a
    conversation with nothing in it. None skips that check (rows written by code).
    """
    errors: dict[str, str] = {}
    if answers is not None and not captured(values, answers):
        errors["captured"] = NOTHING_CAPTURED
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
    refuse_empty: bool = False,
) -> int:
    """Save a conversation with its answers, recommendations and follow-ups, all or nothing.

    With scheduled_id, the scheduled conversation it was captured from is marked held and
    linked to it in the same transaction. path_links, when given, replace what it says about
    each path it informed (same transaction); None leaves those as they are. refuse_empty
    (the capture form) refuses a conversation with nothing captured (see `captured`).
    """
    today = today or clock.today()
    errors = validate(values, list(recommendations), today, list(answers) if refuse_empty else None)
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
        _save_recommendations(db, contact_id, conversation_id, held_on, recommendations)
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


def _save_recommendations(
    db, contact_id: int, conversation_id: int, held_on: date, recommendations
) -> None:
    # Each one joins the item it names on the board, or makes a new card (one transaction).
    recommendations_module.record(db, contact_id, conversation_id, held_on, recommendations)


# A board item a conversation recommended goes with it only while untouched: still to do, no
# outcome, on no path, not turned into a contact. One worked on (or linked to a path or a
# contact) stays on the board, no longer tied to the conversation; it keeps who recommended it.
# An untouched item others recommended too stays, without this conversation's recommendation.
_UNTOUCHED_ITEM = """r.status = 'todo' AND r.done_on IS NULL
    AND r.outcome IS NULL AND r.path_id IS NULL AND r.contact_id IS NULL"""


def _take_recommendations(db, conversation_id: int, undo: interactions.Undo) -> None:
    for recommendation_id, item_id, untouched in db.execute(
        f"""SELECT b.id, b.item_id, ({_UNTOUCHED_ITEM}) FROM board_recommendations b
            JOIN research_items r ON r.id = b.item_id
            WHERE b.conversation_id = ? ORDER BY b.id""",
        [conversation_id],
    ).fetchall():
        if untouched:
            undo.take(db, "board_recommendations", "id = ?", [recommendation_id])
            undo.take(
                db,
                "research_items",
                "id = ? AND NOT EXISTS (SELECT 1 FROM board_recommendations WHERE item_id = ?)",
                [item_id, item_id],
            )
        else:
            undo.keep(db, "board_recommendations", recommendation_id)
            db["board_recommendations"].update(recommendation_id, {"conversation_id": None})


def delete_conversation(db: sqlite_utils.Database, conversation_id: int) -> interactions.Undo:
    """Delete a conversation and what it made, in one transaction; return the Undo.

    Goes with it: its answers, what it said about paths and the open questions it raised,
    its untouched board items, and its follow-up tasks (thank-you, one-month update), done
    or not. Stays: a board item worked on (unlinked from it), a thank-you or update logged as
    sent (a real email, unlinked), the paths themselves. A scheduled conversation it was
    captured from is scheduled again (not captured yet), and 3B/7B prompts it had closed
    as a reply reopen.
    """
    with store.write(db):
        row = get_conversation(db, conversation_id)
        if row is None:
            raise ConversationError({"conversation": "That conversation no longer exists."})
        held_on = date.fromisoformat(row["held_on"])
        undo = interactions.Undo(f"the conversation of {followups.short_day(held_on)}")
        undo.take(db, "followups", "conversation_id = ?", [conversation_id])
        _take_recommendations(db, conversation_id, undo)
        for table in ("research_items", "interactions"):
            for (row_id,) in db.execute(
                f"SELECT id FROM {table} WHERE conversation_id = ?", [conversation_id]
            ).fetchall():
                undo.keep(db, table, row_id)
                db[table].update(row_id, {"conversation_id": None})
        for (scheduled_id,) in db.execute(
            "SELECT id FROM scheduled_conversations WHERE conversation_id = ?", [conversation_id]
        ).fetchall():
            undo.keep(db, "scheduled_conversations", scheduled_id)
            db["scheduled_conversations"].update(
                scheduled_id, {"conversation_id": None, "status": "scheduled"}
            )
        for table in ("conversation_answers", "conversation_paths", "path_questions"):
            undo.take(db, table, "conversation_id = ?", [conversation_id])
        undo.take(db, "conversations", "id = ?", [conversation_id])
        interactions.reopen_unfounded(db, row["contact_id"], undo)
    return undo


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
    # Every item this conversation recommended, also one someone else recommended first; an
    # item's recommended_by_id is its first recommender, so it says who recommended it here.
    conversation["recommendations"] = list(
        db.query(
            """SELECT r.*, b.contact_id AS recommended_by_id FROM research_items r
               JOIN board_recommendations b ON b.item_id = r.id
               WHERE b.conversation_id = ? GROUP BY r.id ORDER BY min(b.id)""",
            [conversation_id],
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
