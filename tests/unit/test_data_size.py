"""Your data's size counts what sits in the write-ahead log: a fresh sample lives mostly in the
-wal file, and the main file alone says "4 KB"."""

import sqlite3
from pathlib import Path

import sqlite_utils

from lib import store
from lib.sample import load_sample
from lib.store.snapshots import size_text
from tests.support.days import TODAY


def test_the_size_counts_pages_still_in_the_wal_and_equals_the_file_after_a_checkpoint(tmp_path):
    path = tmp_path / "fieldwork.db"
    db = store.open_database(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("PRAGMA wal_autocheckpoint = 0")  # as a busy session leaves it: nothing moved yet
    before = path.stat().st_size
    load_sample(db, today=TODAY)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 100 * 1024  # the sample went to the log ...
    assert path.stat().st_size == before  # ... and the main file did not grow
    size = store.data_size(db)
    assert size > 100 * 1024 and size > path.stat().st_size
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert wal.stat().st_size == 0
    assert store.data_size(db) == path.stat().st_size == size
    assert size_text(size).endswith(("KB", "MB")) and size_text(size) != "4 KB"
    db.close()


def test_a_file_sqlite_cannot_read_is_measured_on_disk_with_its_wal(tmp_path):
    path = tmp_path / "fieldwork.db"
    path.write_bytes(b"not a database" * 100)
    Path(f"{path}-wal").write_bytes(b"x" * 600)
    db = sqlite_utils.Database(sqlite3.connect(path))  # store.connect would refuse it
    assert store.data_size(db) == 1400 + 600
