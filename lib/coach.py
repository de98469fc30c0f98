"""Coach mode: an optional password, and the one write a coach may make (a weekly comment).

In coach mode lib.ui.session.database() puts the connection in `PRAGMA query_only = 1`, so SQLite
itself refuses every write. `save_coach_comment` is the only code that lifts it, for the
length of that one save, and puts it back even when the save fails.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date

import sqlite_utils

from lib import metrics, store
from lib.contacts import now_utc
from lib.dates import event_date
from lib.text import clean

PASSWORD_KEY = "coach_password"
MAX_COMMENT = 5_000
SWITCH_HELP = (
    "Start coach mode with `FIELDWORK_COACH=1 streamlit run app.py` or "
    '`streamlit run app.py -- --coach`. Set `coach_password = "…"` in '
    "`.streamlit/secrets.toml` to ask the coach for a password."
)


class CommentError(ValueError):
    """A coach comment cannot be saved; the message says why."""


def configured_password(secrets: Mapping) -> str | None:
    """The coach password from Streamlit secrets, or None when coach mode needs none."""
    try:
        value = secrets.get(PASSWORD_KEY)
    except Exception:  # no secrets.toml at all: Streamlit raises instead of returning None
        return None
    value = str(value) if value is not None else ""
    return value or None


def password_matches(given: str, expected: str) -> bool:
    """Compare a typed password with the configured one in constant time."""
    return hmac.compare_digest((given or "").encode("utf-8"), (expected or "").encode("utf-8"))


def is_read_only(db: sqlite_utils.Database) -> bool:
    """True when SQLite refuses writes on this connection."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


@contextmanager
def _comment_write(db: sqlite_utils.Database) -> Iterator[None]:
    # Private on purpose: the coach comment is the only write coach mode allows.
    locked = is_read_only(db)
    if locked:
        db.execute("PRAGMA query_only = 0")
    try:
        yield
    finally:
        if locked:
            db.execute("PRAGMA query_only = 1")


def save_coach_comment(
    db: sqlite_utils.Database, week: date, comment: str, now: str | None = None
) -> None:
    """Save the coach's comment on a week (the one write allowed in coach mode)."""
    comment = clean(comment)
    if len(comment) > MAX_COMMENT:
        raise CommentError(f"Keep the comment under {MAX_COMMENT:,} characters.")
    if not isinstance(week, date) or event_date(week) is None:
        raise CommentError("Pick the week the comment is about.")
    week_start = metrics.week_start(event_date(week)).isoformat()
    stamp = now or now_utc()
    with _comment_write(db), store.write(db):
        db["weekly_reviews"].upsert(
            {
                "week_start": week_start,
                "coach_comment": comment or None,
                "coach_commented_at": stamp if comment else None,
            },
            pk="week_start",
            alter=False,
        )
