"""Backups of the data file: a consistent copy taken with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

from lib import db as store


def backup_bytes(db: sqlite_utils.Database) -> bytes:
    """A consistent snapshot of the whole database as the bytes of a .db file."""
    with tempfile.TemporaryDirectory() as folder:
        target_path = Path(folder) / "backup.db"
        target = sqlite3.connect(target_path)
        try:
            db.conn.backup(target)
        finally:
            target.close()
        return target_path.read_bytes()


def table_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows per table the researcher would recognise."""
    tables = [
        "contacts",
        "organizations",
        "conversations",
        "interactions",
        "research_items",
        "followups",
        "questions",
    ]
    return {table: db[table].count for table in tables}


# Children before parents, so foreign keys hold at every step.
USER_TABLES = [
    "followups",
    "path_questions",
    "path_status_changes",
    "conversation_paths",
    "research_items",
    "conversation_answers",
    "interactions",
    "conversations",
    "contacts",
    "organizations",
    "paths",
    "weekly_goals",
    "weekly_reviews",
]


def clear_all(db: sqlite_utils.Database) -> None:
    """Delete every contact, conversation and note (the question bank stays), in one transaction."""
    with store.write(db):
        db.execute("UPDATE contacts SET referred_by_id = NULL")
        for table in USER_TABLES:
            db[table].delete_where()
