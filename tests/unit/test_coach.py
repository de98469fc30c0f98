"""Coach mode in lib: SQLite refuses every write except the coach comment; the password check."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from lib import coach, contacts, conversations, reviews, store
from tests.support import hand_counted as world
from tests.support.days import TODAY
from tests.support.hand_counted import WEEKS
from tests.support.pages import PAGE_FILES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def coach_db(db):
    world.build(db)
    store.read_only(db)
    return db


def _dump(db) -> list[str]:
    return list(db.conn.iterdump())


@pytest.mark.parametrize(
    "write",
    [
        lambda db: contacts.save_contact(db, {"name": "New person"}),
        lambda db: contacts.log_interaction(db, 1, "outreach", "2026-11-20"),
        lambda db: contacts.set_archived(db, 1, True),
        lambda db: conversations.save_conversation(
            db, 1, {"held_on": "2026-11-20", "mode": "phone"}, today=TODAY
        ),
        lambda db: reviews.save_goals(db, WEEKS[0], {"outreaches": 5}),
        lambda db: reviews.save_reflections(db, WEEKS[0], "learned", "plan"),
        lambda db: db["research_items"].insert({"kind": "book", "title": "x"}),
        lambda db: db.execute("DELETE FROM contacts"),
    ],
)
def test_every_other_write_is_refused_in_coach_mode(coach_db, write):
    before = _dump(coach_db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        write(coach_db)
    assert _dump(coach_db) == before


def test_the_coach_comment_is_the_one_write_allowed(coach_db):
    coach.save_coach_comment(coach_db, date(2026, 11, 4), "Good start.", now="2026-11-09T08:00:00Z")
    review = reviews.get_review(coach_db, WEEKS[0])
    assert review["coach_comment"] == "Good start."
    assert review["coach_commented_at"] == "2026-11-09T08:00:00Z"
    # The connection is read-only again straight after.
    assert coach.is_read_only(coach_db)
    with pytest.raises(sqlite3.OperationalError):
        reviews.save_reflections(coach_db, WEEKS[0], "sneaky", "")


def test_a_refused_comment_leaves_the_connection_read_only(coach_db):
    with pytest.raises(coach.CommentError):
        coach.save_coach_comment(coach_db, WEEKS[0], "x" * (coach.MAX_COMMENT + 1))
    assert coach.is_read_only(coach_db)


def test_a_failing_comment_save_restores_read_only(coach_db, monkeypatch):
    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("sqlite_utils.db.Table.upsert", broken)
    with pytest.raises(sqlite3.OperationalError):
        coach.save_coach_comment(coach_db, WEEKS[0], "hello")
    assert coach.is_read_only(coach_db)


def test_the_comment_save_works_outside_coach_mode_and_stays_writable(db):
    coach.save_coach_comment(db, WEEKS[0], "Typed in during the review")
    assert not coach.is_read_only(db)
    assert reviews.get_review(db, WEEKS[0])["coach_comment"] == "Typed in during the review"
    coach.save_coach_comment(db, WEEKS[0], "  ")
    assert reviews.get_review(db, WEEKS[0])["coach_comment"] == ""


def test_only_the_coach_comment_can_lift_read_only():
    """No other code in lib/ or pages/ turns query_only off."""
    offenders = []
    pages = [ROOT / page for page in PAGE_FILES]
    for path in [*ROOT.glob("lib/**/*.py"), *pages, ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        if path.name in {"connection.py", "coach.py"}:
            continue
        if (
            "query_only" in text
            or "read_only(" in text
            and "False" in text.split("read_only(")[1][:40]
        ):
            offenders.append(path.name)
    assert offenders == []
    db_source = (ROOT / "lib" / "store" / "connection.py").read_text(encoding="utf-8")
    assert "query_only" in db_source  # read_only() itself


@pytest.mark.parametrize(
    "given, expected, ok",
    [
        ("s3cret", "s3cret", True),
        ("s3cre", "s3cret", False),
        ("", "s3cret", False),
        ("é", "é", True),
    ],
)
def test_password_matches(given, expected, ok):
    assert coach.password_matches(given, expected) is ok


def test_configured_password():
    class NoSecretsFile:
        def get(self, key):
            raise FileNotFoundError("no secrets.toml")

    assert coach.configured_password({}) is None
    assert coach.configured_password({"coach_password": ""}) is None
    assert coach.configured_password({"coach_password": "tea"}) == "tea"
    assert coach.configured_password(NoSecretsFile()) is None
