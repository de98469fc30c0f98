"""The question bank: questions about the field (never about openings), each with a TIARA category."""

from __future__ import annotations

import sqlite_utils

from lib import store, vocab
from lib.contacts import now_utc, row_exists
from lib.text import clean_line

# From the article (who else, books, organizations, how they got in, the hard parts, related
# roles) and Dalton's TIARA categories: Trends, Insights, Advice, Resources, Assignments.
STARTER_QUESTIONS: list[tuple[str, str]] = [
    ("insights", "How did you get into your current role?"),
    ("insights", "What does a typical week look like for you?"),
    ("insights", "What are the most difficult parts of this work?"),
    ("insights", "What has surprised you most about this field?"),
    ("trends", "What trends are changing this field right now?"),
    ("trends", "Where do you see the field heading in the next few years?"),
    ("advice", "If you were starting out today, what would you do differently?"),
    ("advice", "Are there related roles that might fit someone with my background better?"),
    ("resources", "Who else would be good for me to speak with?"),
    ("resources", "Are there books or articles I should read about this industry?"),
    ("resources", "Which professional organizations are active in this field?"),
    ("resources", "Are there events or meetings I should attend?"),
    ("assignments", "What project or task would best test whether I would enjoy this work?"),
]


class QuestionError(ValueError):
    """A question cannot be saved as given; the message says what to fix."""


def active_questions(db: sqlite_utils.Database) -> list[dict]:
    """Questions still in use, in the researcher's order."""
    return list(
        db.query(
            "SELECT id, text, category, position FROM questions "
            "WHERE retired_at IS NULL ORDER BY position, id"
        )
    )


def retired_questions(db: sqlite_utils.Database) -> list[dict]:
    """Questions set aside, newest first; they can be brought back."""
    return list(
        db.query(
            "SELECT id, text, category, retired_at FROM questions "
            "WHERE retired_at IS NOT NULL ORDER BY retired_at DESC"
        )
    )


def _clean(text: str, category: str) -> tuple[str, str]:
    text = clean_line(text)
    if not text:
        raise QuestionError("Write the question before saving it.")
    if not isinstance(category, str) or category not in vocab.TIARA:
        raise QuestionError(f"Pick a category: {', '.join(vocab.TIARA.values())}.")
    return text, category


def add_question(db: sqlite_utils.Database, text: str, category: str) -> int:
    """Add a question at the end of the bank and return its id."""
    text, category = _clean(text, category)
    last = db.execute("SELECT coalesce(max(position), 0) FROM questions").fetchone()[0]
    with store.write(db):
        return (
            db["questions"]
            .insert({"text": text, "category": category, "position": last + 1})
            .last_pk
        )


def reword_question(db: sqlite_utils.Database, question_id: int, text: str, category: str) -> None:
    """Change a question's wording or category; answers already given keep the old wording."""
    text, category = _clean(text, category)
    if not row_exists(db, "questions", question_id):
        raise QuestionError("That question no longer exists.")
    with store.write(db):
        db["questions"].update(question_id, {"text": text, "category": category})


def retire_question(db: sqlite_utils.Database, question_id: int) -> None:
    """Take a question out of the bank without losing past answers to it."""
    with store.write(db):
        db["questions"].update(question_id, {"retired_at": now_utc()})


def restore_question(db: sqlite_utils.Database, question_id: int) -> None:
    """Bring a retired question back, at the end of the bank."""
    last = db.execute("SELECT coalesce(max(position), 0) FROM questions").fetchone()[0]
    with store.write(db):
        db["questions"].update(question_id, {"retired_at": None, "position": last + 1})


def move_question(db: sqlite_utils.Database, question_id: int, step: int) -> None:
    """Move a question up (step=-1) or down (step=+1) among the active ones."""
    ids = [q["id"] for q in active_questions(db)]
    if question_id not in ids:
        return
    index = ids.index(question_id)
    target = index + step
    if not 0 <= target < len(ids):
        return
    ids[index], ids[target] = ids[target], ids[index]
    with store.write(db):
        for position, qid in enumerate(ids, start=1):
            db["questions"].update(qid, {"position": position})
