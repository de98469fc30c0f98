"""Paths: the careers being weighed, and the evidence the conversations gather about each."""

from __future__ import annotations

import sqlite_utils

from lib import vocab

# The order the Paths page lists statuses in: live options first, decided ones last.
STATUS_ORDER = ("chosen", "promising", "exploring", "on_hold", "ruled_out")


def _status_rank_sql(column: str = "status") -> str:
    cases = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STATUS_ORDER))
    return f"CASE {column} {cases} ELSE {len(STATUS_ORDER)} END"


def list_paths(db: sqlite_utils.Database) -> list[dict]:
    """Every path (id, name, description, status, status_label), live ones first, then by name."""
    rows = db.query(
        f"""SELECT id, name, description, status FROM paths
        ORDER BY {_status_rank_sql()}, name COLLATE NOCASE"""
    )
    return [dict(row, status_label=vocab.label(vocab.PATH_STATUS, row["status"])) for row in rows]


def open_questions(db: sqlite_utils.Database, path_id: int) -> list[dict]:
    """A path's questions not yet answered, oldest first, with who raised each and when.

    Each row: id, text, raised_on (YYYY-MM-DD), conversation_id (None when added by hand),
    raised_by (the contact's name, '' when added by hand), raised_by_id.
    """
    return list(
        db.query(
            """SELECT q.id, q.text, q.raised_on, q.conversation_id,
                      coalesce(c.name, '') AS raised_by, c.id AS raised_by_id
               FROM path_questions q
               LEFT JOIN conversations v ON v.id = q.conversation_id
               LEFT JOIN contacts c ON c.id = v.contact_id
               WHERE q.path_id = ? AND q.answered_on IS NULL
               ORDER BY q.raised_on, q.id""",
            [path_id],
        )
    )
