"""Deleting a path: one transaction, and what each conversation said about it stays readable."""

from datetime import date

import pytest

from lib import paths, store
from lib.formats import csv_export

DAY = date(2026, 11, 25)


@pytest.fixture
def world(db):
    """Mira's conversation informed two paths; Ben's only the one to delete, with nothing said
    but an answered question; a book and a planned call are tied to it; one question was added
    by hand on the path's page."""
    with store.write(db):
        mira = db["contacts"].insert({"name": "Mira"}).last_pk
        ben = db["contacts"].insert({"name": "Ben"}).last_pk
        doomed = paths.insert_path(db, {"name": "Clinical informatics", "status": "exploring"}, DAY)
        kept = paths.insert_path(db, {"name": "Community energy", "status": "exploring"}, DAY)
        talk = (
            db["conversations"]
            .insert(
                {
                    "contact_id": mira,
                    "held_on": "2026-11-10",
                    "mode": "video",
                    "notes": "Good call.",
                }
            )
            .last_pk
        )
        quiet = (
            db["conversations"]
            .insert({"contact_id": ben, "held_on": "2026-11-12", "mode": "phone"})
            .last_pk
        )
        db["conversation_paths"].insert_all(
            [
                {
                    "conversation_id": talk,
                    "path_id": doomed,
                    "still_interested": "maybe",
                    "appeals": "Data and patients",
                    "hard_parts": "Night shifts",
                },
                {"conversation_id": talk, "path_id": kept, "still_interested": "yes"},
                {"conversation_id": quiet, "path_id": doomed},
            ]
        )
        db["path_questions"].insert_all(
            [
                {
                    "path_id": doomed,
                    "conversation_id": talk,
                    "text": "Is a degree needed?",
                    "raised_on": "2026-11-10",
                },
                {
                    "path_id": doomed,
                    "conversation_id": quiet,
                    "text": "Pay?",
                    "raised_on": "2026-11-12",
                    "answered_on": "2026-11-20",
                    "answer": "Fair.",
                },
                {"path_id": doomed, "text": "Hand-added", "raised_on": "2026-11-13"},
            ]
        )
        item = (
            db["research_items"]
            .insert({"kind": "book", "title": "Health IT", "path_id": doomed})
            .last_pk
        )
        planned = (
            db["scheduled_conversations"]
            .insert(
                {
                    "contact_id": mira,
                    "starts_at": "2026-11-30T10:00:00Z",
                    "time_zone": "UTC",
                    "mode": "video",
                }
            )
            .last_pk
        )
        db["scheduled_paths"].insert({"scheduled_id": planned, "path_id": doomed})
    return {"db": db, "doomed": doomed, "kept": kept, "talk": talk, "quiet": quiet, "item": item}


def test_what_deleting_would_touch(world):
    assert paths.deletion_effects(world["db"], world["doomed"]) == {
        "conversations": 2,
        "items": 1,
        "planned": 1,
        "own_questions": 1,
    }


def test_delete_keeps_each_conversations_evidence_in_its_notes(world):
    db = world["db"]
    paths.delete_path(db, world["doomed"], DAY)
    notes = db["conversations"].get(world["talk"])["notes"]
    assert notes.startswith("Good call.\n\nAbout the path “Clinical informatics”")
    assert "deleted on 2026-11-25" in notes
    assert "Still interested: Maybe." in notes
    assert "What appeals: Data and patients" in notes and "The hard parts: Night shifts" in notes
    assert "Open question: Is a degree needed?" in notes
    quiet = db["conversations"].get(world["quiet"])["notes"]
    assert quiet.startswith("About the path") and "Question: Pay? Answer: Fair." in quiet
    # Readable in search and in the export too.
    assert (
        db.execute(
            "SELECT count(*) FROM conversations_fts WHERE conversations_fts MATCH 'patients'"
        ).fetchone()[0]
        == 1
    )
    assert "Night shifts" in csv_export.export_csv(db, "conversations")


def test_delete_removes_the_path_and_unties_the_rest(world):
    db = world["db"]
    paths.delete_path(db, world["doomed"], DAY)
    assert paths.get_path(db, world["doomed"]) is None
    assert db["research_items"].get(world["item"])["path_id"] is None
    assert db["scheduled_paths"].count == 0 and db["scheduled_conversations"].count == 1
    for table in ("conversation_paths", "path_questions", "path_status_changes"):
        left = db.execute(f"SELECT count(*) FROM {table} WHERE path_id = ?", [world["doomed"]])
        assert left.fetchone()[0] == 0, table
    assert [r["path_id"] for r in db.query("SELECT path_id FROM conversation_paths")] == [
        world["kept"]
    ]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_path_that_is_gone_says_so(world):
    paths.delete_path(world["db"], world["doomed"], DAY)
    with pytest.raises(paths.PathError, match="no longer exists"):
        paths.delete_path(world["db"], world["doomed"], DAY)


def test_a_failed_delete_changes_nothing(world, monkeypatch):
    db = world["db"]
    before = db["conversations"].get(world["talk"])["notes"]

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(paths, "_other_references", broken)
    with pytest.raises(RuntimeError):
        paths.delete_path(db, world["doomed"], DAY)
    assert db["conversations"].get(world["talk"])["notes"] == before
    assert paths.get_path(db, world["doomed"]) is not None


def test_a_later_table_pointing_at_paths_is_untied(world):
    db = world["db"]
    db.execute(
        "CREATE TABLE later_links (id INTEGER PRIMARY KEY, "
        "path_id INTEGER REFERENCES paths(id), must INTEGER NOT NULL REFERENCES paths(id))"
    )
    db.execute(
        "INSERT INTO later_links (path_id, must) VALUES (?, ?)", [world["doomed"], world["kept"]]
    )
    db.execute(
        "INSERT INTO later_links (path_id, must) VALUES (?, ?)", [world["kept"], world["doomed"]]
    )
    paths.delete_path(db, world["doomed"], DAY)
    assert db.execute("SELECT path_id, must FROM later_links").fetchall() == [(None, world["kept"])]


def test_evidence_note_is_empty_when_nothing_was_said():
    assert paths.evidence_note("X", {"still_interested": None}, [], DAY) == ""
