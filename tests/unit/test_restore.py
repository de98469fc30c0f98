"""Restore: only a sound Fieldwork file this version understands replaces the data, and never
before a safety copy of the current data is saved beside it."""

import sqlite3
from pathlib import Path

import pytest

from lib import store
from lib.store import backup
from tests.support import sample_counts

SAMPLE_COUNTS = sample_counts.COUNTS  # counted by hand from the story


def write_backup(db, path: Path) -> Path:
    path.write_bytes(backup.backup_bytes(db))
    return path


def one_contact_file(path: Path, stop_before: str | None = None) -> Path:
    """A Fieldwork file holding one contact, migrated up to (not including) stop_before."""
    other = store.connect(path)
    store.migrate(other, stop_before=stop_before)
    other["contacts"].insert({"name": "Ada Okafor"})
    other.close()
    return path


def safety_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("*-before-restore-*.db"))


def test_restore_replaces_the_data_and_every_open_connection_sees_it(sample_db, tmp_path):
    saved = write_backup(sample_db, tmp_path / "saved.db")
    backup.clear_all(sample_db)
    other_tab = store.connect(store.file_path(sample_db))
    assert other_tab["contacts"].count == 0

    result = backup.restore(sample_db, saved)

    assert result.before == dict.fromkeys(SAMPLE_COUNTS, 0)
    assert result.after == SAMPLE_COUNTS
    assert backup.shown_counts(other_tab) == SAMPLE_COUNTS
    other_tab.close()


def test_restore_saves_the_current_data_as_a_safety_copy_first(sample_db, tmp_path):
    empty = one_contact_file(tmp_path / "one.db")
    result = backup.restore(sample_db, empty)

    assert result.after["contacts"] == 1
    assert safety_copies(tmp_path) == [result.safety_copy]
    copy = sqlite3.connect(result.safety_copy)
    assert copy.execute("SELECT count(*) FROM contacts").fetchone()[0] == sample_counts.CONTACTS
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()


def test_revision_changes_even_when_the_backup_holds_the_same_revision(sample_db, tmp_path):
    saved = write_backup(sample_db, tmp_path / "now.db")
    revision = store.data_revision(sample_db)
    backup.restore(sample_db, saved)
    assert store.data_revision(sample_db) != revision


def test_an_older_file_is_upgraded_after_restoring(sample_db, tmp_path):
    older = one_contact_file(
        tmp_path / "older.db", stop_before="m006_data_revision_and_read_indexes"
    )
    result = backup.restore(sample_db, older)
    assert "m006_data_revision_and_read_indexes" in result.upgrades
    assert store.schema_version(sample_db) == store.known_migrations()
    assert sample_db["contacts"].count == 1
    assert store.data_revision(sample_db)


def assert_refused(db, source: Path, words: str, folder: Path) -> None:
    revision = store.data_revision(db)
    with pytest.raises(backup.RestoreError) as refusal:
        backup.restore(db, source)
    message = str(refusal.value)
    assert words in message and source.name in message
    assert "Your current data was not changed" in message
    assert backup.shown_counts(db) == SAMPLE_COUNTS
    assert store.data_revision(db) == revision
    assert safety_copies(folder) == []


def test_a_file_from_a_newer_fieldwork_is_refused(sample_db, tmp_path):
    newer = one_contact_file(tmp_path / "newer.db")
    future = sqlite3.connect(newer)
    future.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('fieldwork', 'm099_from_the_future', '2027-01-01')"
    )
    future.commit()
    future.close()
    assert_refused(sample_db, newer, "newer version of Fieldwork", tmp_path)


def damage(path: Path) -> None:
    """Overwrite every third page after the fifth with junk, as a failing disk might."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 5, len(data) - page, page * 3):
        data[offset + 8 : offset + page] = b"\xa5" * (page - 8)
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_refused(sample_db, tmp_path):
    damaged = write_backup(sample_db, tmp_path / "damaged.db")
    damage(damaged)
    assert_refused(sample_db, damaged, "damaged", tmp_path)


def test_a_damaged_data_file_opened_read_only_is_mended_by_restoring(sample_db, tmp_path):
    saved = write_backup(sample_db, tmp_path / "saved.db")
    live = Path(store.file_path(sample_db))
    sample_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sample_db.close()
    damage(live)
    session = store.connect(live, mode="read")  # how a session opens a damaged file

    result = backup.restore(session, saved)

    assert result.after == SAMPLE_COUNTS
    assert result.safety_copy.exists()
    mended = store.connect(live)
    assert mended.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert backup.shown_counts(session) == SAMPLE_COUNTS
    mended.close()
    session.close()


def test_a_file_that_is_not_sqlite_is_refused(sample_db, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("First Name,Last Name\nAda,Okafor\n")
    assert_refused(sample_db, text, "not an SQLite database", tmp_path)


def test_another_sqlite_database_is_refused(sample_db, tmp_path):
    stranger = tmp_path / "other-app.db"
    connection = sqlite3.connect(stranger)
    connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    assert_refused(sample_db, stranger, "not one Fieldwork wrote", tmp_path)


def test_the_file_restored_from_is_left_as_it_was(sample_db, tmp_path):
    saved = write_backup(sample_db, tmp_path / "saved.db")
    before = saved.read_bytes()
    backup.check_backup(saved)
    backup.restore(sample_db, saved)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("saved.db*")) == ["saved.db"]


def test_an_uploaded_backup_is_checked_and_restored_from_its_bytes(sample_db, tmp_path):
    data = backup.backup_bytes(sample_db)
    backup.clear_all(sample_db)
    check = backup.check_bytes(data, "fieldwork-backup-2026-11-25.db")
    assert check.counts == SAMPLE_COUNTS and check.upgrades == []
    result = backup.restore_bytes(sample_db, data, "fieldwork-backup-2026-11-25.db")
    assert result.after == SAMPLE_COUNTS
    with pytest.raises(backup.RestoreError, match="not an SQLite database"):
        backup.check_bytes(b"BEGIN:VCARD\r\n", "contacts.vcf")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("RESTORE", True),
        ("  RESTORE ", True),
        ("restore", False),
        ("fieldwork-backup-2026-11-25.db", True),
        ("fieldwork-backup", False),
        ("", False),
    ],
)
def test_the_typed_confirmation_is_restore_or_the_file_name(typed, expected):
    assert backup.confirmation_matches(typed, "fieldwork-backup-2026-11-25.db") is expected


def test_start_over_empties_every_data_table_and_keeps_the_question_bank(sample_db):
    with store.write(sample_db):
        sample_db["settings"].upsert({"key": "snapshots_daily", "value": "5"}, pk="key")
    backup.clear_all(sample_db)
    tables = backup.data_tables(sample_db)
    assert {"contacts", "conversations", "interactions", "research_items", "paths"} <= set(tables)
    assert "questions" not in tables and "contacts_fts" not in tables
    assert {table: sample_db[table].count for table in tables} == dict.fromkeys(tables, 0)
    assert sample_db["questions"].count > 0
    assert sample_db["settings"].get("snapshots_daily")["value"] == "5"


def test_only_the_last_five_safety_copies_are_kept(sample_db, tmp_path):
    source = one_contact_file(tmp_path / "one.db")
    made = [backup.restore(sample_db, source).safety_copy for _ in range(7)]

    kept = safety_copies(tmp_path)
    assert len(kept) == backup.SAFETY_COPIES_KEPT
    assert set(kept) == set(made[-5:])  # the oldest two went, the newest stayed
    assert made[-1].is_file()
