import sqlite3

import pytest

from lib import db as store
from lib import vocab
from lib.questions import STARTER_QUESTIONS


def test_new_database_has_every_table_and_pragmas(tmp_path):
    database = store.open_database(tmp_path / "sub" / "folder" / "f.db")
    tables = set(database.table_names())
    assert {
        "contacts",
        "organizations",
        "interactions",
        "conversations",
        "conversation_answers",
        "questions",
        "research_items",
        "followups",
        "weekly_goals",
        "weekly_reviews",
        "paths",
    } <= tables
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS


def test_migrations_are_idempotent(db):
    before = store.schema_version(db)
    store.migrate(db)
    store.migrate(db)
    assert store.schema_version(db) == before
    assert db["questions"].count == len(STARTER_QUESTIONS)


def test_old_database_made_by_first_migration_is_upgraded_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    old = store.connect(path)
    store.migrate(old, stop_before="m002_indexes")
    assert store.schema_version(old) == ["m001_core_schema"]
    with old.atomic():
        org = old["organizations"].insert({"name": "Brightline"}).last_pk
        person = old["contacts"].insert({"name": "Ada", "organization_id": org}).last_pk
        old["interactions"].insert(
            {"contact_id": person, "kind": "outreach", "occurred_on": "2026-01-05"}
        )
    old.close()

    upgraded = store.open_database(path)
    assert store.schema_version(upgraded)[-1] == store.migrations._migrations[-1].name
    assert [r["name"] for r in upgraded["contacts"].rows] == ["Ada"]
    assert upgraded["interactions"].count == 1
    assert upgraded["questions"].count > 0


def test_vocabularies_are_enforced_by_sqlite(db):
    person = db["contacts"].insert({"name": "Ada"}).last_pk
    with pytest.raises(sqlite3.IntegrityError):
        db["interactions"].insert(
            {"contact_id": person, "kind": "carrier pigeon", "occurred_on": "x"}
        )
    with pytest.raises(sqlite3.IntegrityError):
        db["contacts"].insert({"name": "Bo", "how_found": "telepathy"})
    with pytest.raises(sqlite3.IntegrityError):
        db["research_items"].insert({"kind": "book", "title": "T", "status": "someday"})
    for kind in vocab.INTERACTION_KINDS:
        db["interactions"].insert({"contact_id": person, "kind": kind, "occurred_on": "2026-01-01"})


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db["interactions"].insert({"contact_id": 999, "kind": "note", "occurred_on": "2026-01-01"})


def test_default_path_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "mine.db"))
    assert store.default_path() == tmp_path / "mine.db"
    monkeypatch.delenv(store.ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.default_path() == tmp_path / "xdg" / "fieldwork" / "fieldwork.db"


def test_a_path_that_cannot_be_opened_raises_a_plain_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(store.StoreError, match="could not open"):
        store.open_database(blocker / "fieldwork.db")


def test_a_file_that_is_not_a_database_raises_a_plain_store_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(store.StoreError):
        store.open_database(junk)


def test_read_only_connection_refuses_writes(db):
    store.read_only(db)
    with pytest.raises(sqlite3.OperationalError):
        db["contacts"].insert({"name": "Nope"})


def test_every_write_changes_the_data_revision(tmp_path):
    from lib import db as store

    db = store.open_database(tmp_path / "rev.db")
    seen = {store.data_revision(db)}
    db["contacts"].insert({"name": "Ana"})
    seen.add(store.data_revision(db))
    db["contacts"].update(1, {"role": "Analyst"})
    seen.add(store.data_revision(db))
    db["settings"].insert({"key": "k", "value": "v"})
    seen.add(store.data_revision(db))
    db.execute("DELETE FROM settings")
    seen.add(store.data_revision(db))
    assert len(seen) == 5
    before = store.data_revision(db)
    db.execute("UPDATE contacts SET role = 'x' WHERE id = 99")  # no row changed
    assert store.data_revision(db) == before
    # A rolled-back write never hands out the revision a later, different write gets.
    db.conn.execute("BEGIN")
    db.conn.execute("INSERT INTO contacts (name) VALUES ('Ben')")
    rolled_back = store.data_revision(db)
    db.conn.execute("ROLLBACK")
    db["contacts"].insert({"name": "Cy"})
    assert store.data_revision(db) not in {before, rolled_back}


def test_a_reflection_alone_makes_the_database_not_empty(db):
    assert store.is_empty(db)
    with db.atomic():
        db["weekly_reviews"].insert({"week_start": "2026-11-16", "learned": "Grants matter"})
    assert not store.is_empty(db)
