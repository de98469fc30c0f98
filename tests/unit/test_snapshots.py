"""Automatic snapshots: one consistent copy as each day begins, 7 daily and 4 weekly kept."""

import sqlite3
from datetime import date, timedelta

from lib import store
from lib.store import snapshots
from tests.support import sample_counts

SATURDAY = date(2026, 11, 28)


def test_rotation_keeps_seven_days_then_one_per_week_for_four_weeks():
    days = [SATURDAY - timedelta(days=n) for n in range(60)]
    kept = snapshots.days_to_keep(days, daily=7, weekly=4)
    last_seven = {SATURDAY - timedelta(days=n) for n in range(7)}  # Sun 22 to Sat 28 Nov
    # The weeks before: the newest snapshot of each, the daily ones' weeks excluded.
    weekly = {date(2026, 11, 15), date(2026, 11, 8), date(2026, 11, 1), date(2026, 10, 25)}
    assert kept == last_seven | weekly


def test_rotation_with_gaps_counts_snapshots_not_calendar_days():
    days = [date(2026, 11, 28), date(2026, 11, 20), date(2026, 11, 2), date(2026, 10, 1)]
    assert snapshots.days_to_keep(days, daily=2, weekly=1) == {
        date(2026, 11, 28),
        date(2026, 11, 20),
        date(2026, 11, 2),
    }
    assert snapshots.days_to_keep(days, daily=7, weekly=0) == set(days)


def test_taking_a_snapshot_each_day_leaves_seven_daily_and_four_weekly(db):
    db["contacts"].insert({"name": "Ada Okafor"})
    path = store.file_path(db)
    for n in range(40, -1, -1):
        snapshots.take(db, SATURDAY - timedelta(days=n))
    listed = snapshots.list_snapshots(path)
    assert len(listed) == 11
    assert listed[0].day == SATURDAY and listed[0].size > 0
    assert listed[-1].day == date(2026, 10, 25)


def test_fewer_kept_counts_apply_at_the_next_snapshot(sample_db):
    path = store.file_path(sample_db)
    assert snapshots.save_settings(sample_db, enabled=True, daily=2, weekly=0) == {}
    for n in range(5):
        snapshots.take(sample_db, SATURDAY - timedelta(days=n))
    assert [s.day for s in snapshots.list_snapshots(path)] == [
        SATURDAY,
        SATURDAY - timedelta(days=1),
    ]


def test_the_days_first_write_keeps_the_data_as_the_day_began(sample_db, monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", SATURDAY.isoformat())
    path = store.file_path(sample_db)
    with store.write(sample_db):
        sample_db.execute("DELETE FROM followups")
    with store.write(sample_db):
        sample_db.execute("UPDATE contacts SET role = 'changed'")

    listed = snapshots.list_snapshots(path)
    assert [s.day for s in listed] == [SATURDAY]
    copy = sqlite3.connect(listed[0].path)
    assert copy.execute("SELECT count(*) FROM followups").fetchone()[0] > 0
    assert copy.execute("SELECT count(*) FROM contacts WHERE role = 'changed'").fetchone()[0] == 0
    copy.close()


def test_turned_off_no_snapshot_is_taken(sample_db, monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", SATURDAY.isoformat())
    assert snapshots.save_settings(sample_db, enabled=False, daily=7, weekly=4) == {}
    monkeypatch.setenv("FIELDWORK_TODAY", (SATURDAY + timedelta(days=1)).isoformat())
    with store.write(sample_db):
        sample_db.execute("UPDATE contacts SET role = 'changed'")
    # Saving the setting was Saturday's first write; Sunday's writes take none.
    assert [s.day for s in snapshots.list_snapshots(store.file_path(sample_db))] == [SATURDAY]
    assert snapshots.read_settings(sample_db) == snapshots.SnapshotSettings(False, 7, 4)


def test_an_empty_file_has_nothing_to_snapshot(db, monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", SATURDAY.isoformat())
    with store.write(db):
        db.execute("UPDATE questions SET position = position")
    assert snapshots.list_snapshots(store.file_path(db)) == []


def test_a_snapshot_that_fails_never_fails_the_save(sample_db, monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", SATURDAY.isoformat())
    snapshots.folder(store.file_path(sample_db)).write_text("a file where the folder goes")
    with store.write(sample_db):
        sample_db.execute("UPDATE contacts SET role = 'saved anyway' WHERE id = 1")
    assert sample_db.execute("SELECT role FROM contacts WHERE id = 1").fetchone()[0] == (
        "saved anyway"
    )


def test_a_snapshot_of_a_wal_database_holds_rows_not_yet_checkpointed(sample_db, tmp_path):
    writer = store.connect(store.file_path(sample_db))
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    with store.write(writer):
        writer["contacts"].insert({"name": "Only in the WAL"})
    target = snapshots.take(sample_db, SATURDAY)
    assert not target.with_name(target.name + "-wal").exists()
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    names = [row[0] for row in copy.execute("SELECT name FROM contacts")]
    assert "Only in the WAL" in names and len(names) == sample_counts.CONTACTS + 1
    copy.close()
    writer.close()


def test_kept_counts_out_of_range_are_refused_with_a_reason(sample_db):
    errors = snapshots.save_settings(sample_db, enabled=True, daily=0, weekly=99)
    assert set(errors) == {"daily", "weekly"}
    assert snapshots.read_settings(sample_db) == snapshots.SnapshotSettings()
