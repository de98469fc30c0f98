"""Backups of the data file: a consistent copy taken with SQLite's online backup API."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from lib import clock, store
from lib.store import snapshots


def backup_bytes(db: sqlite_utils.Database) -> bytes:
    """A consistent snapshot of the whole database as the bytes of a .db file."""
    with tempfile.TemporaryDirectory() as folder:
        return save_copy(db, Path(folder) / "backup.db").read_bytes()


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


# What Start over keeps: the question bank, preferences (settings, remembered import column
# mappings) and the file's own bookkeeping. Every other table is the researcher's data.
KEPT_TABLES = {"questions", "settings", "import_mappings", "data_revision", "_sqlite_migrations"}


def data_tables(db: sqlite_utils.Database) -> list[str]:
    """The tables Start over empties: all but KEPT_TABLES and full-text indexes (kept in sync
    by their triggers), so a table a later migration adds is never forgotten."""
    virtual = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return [
        table
        for table in db.table_names()
        if table not in KEPT_TABLES
        and not table.startswith("sqlite_")
        and not any(table == v or table.startswith(v + "_") for v in virtual)
    ]


def clear_all(db: sqlite_utils.Database) -> None:
    """Delete every contact, conversation and note (the question bank stays), in one transaction."""
    with store.write(db):
        # Foreign keys are checked at COMMIT, when every referencing row is gone too.
        db.execute("PRAGMA defer_foreign_keys = ON")
        for table in data_tables(db):
            db.execute(f'DELETE FROM "{table}"')


# ---------------------------------------------------------------------------------------------
# Restore: check a backup, keep a safety copy of the current data, then replace it in place.

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every Fieldwork file has had since its first version.
CORE_TABLES = ("contacts", "organizations", "conversations", "interactions", "research_items")
# The counts the page shows before and after a restore.
SHOWN_COUNTS = {
    "contacts": "Contacts",
    "conversations": "Conversations",
    "interactions": "Interactions",
    "research_items": "Board items",
}
CONFIRM_WORD = "RESTORE"


class RestoreError(Exception):
    """The file cannot be restored; the message says why in plain words."""


@dataclass(frozen=True)
class BackupCheck:
    """What a checked backup holds: its counts and the upgrades it needs."""

    name: str
    counts: dict[str, int]
    upgrades: list[str]


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: counts before and after, where the safety copy is, what was upgraded."""

    before: dict[str, int]
    after: dict[str, int]
    safety_copy: Path
    upgrades: list[str]


def unknown_migrations(db: sqlite_utils.Database) -> list[str]:
    """Fieldwork migrations applied to db that this version does not know (a newer file)."""
    known = set(store.known_migrations())
    return [name for name in store.schema_version(db) if name not in known]


def confirmation_matches(typed: str, file_name: str) -> bool:
    """Whether what was typed confirms the restore: RESTORE, or the file's name."""
    typed = (typed or "").strip()
    return typed == CONFIRM_WORD or (bool(typed) and typed == Path(file_name).name)


def shown_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Contacts, conversations, interactions and board items, as the page shows them."""
    return {table: db[table].count for table in SHOWN_COUNTS}


def readable_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """shown_counts(), leaving out what a damaged file will not let SQLite count."""
    counts = {}
    for table in SHOWN_COUNTS:
        try:
            counts[table] = db[table].count
        except sqlite3.DatabaseError:
            continue
    return counts


def save_copy(db: sqlite_utils.Database, target: str | Path) -> Path:
    """A consistent copy of db at target, through SQLite's backup API."""
    return snapshots.copy_to(db, target)


def safety_copy_path(data_path: str | Path, moment: datetime) -> Path:
    """Beside the data file: <stem>-before-restore-YYYYMMDD-HHMMSS.db, never an existing file."""
    data_path = Path(data_path)
    base = f"{data_path.stem}-before-restore-{moment:%Y%m%d-%H%M%S}"
    candidate = data_path.with_name(base + ".db")
    number = 2
    while candidate.exists():
        candidate = data_path.with_name(f"{base}-{number}.db")
        number += 1
    return candidate


def _not_restorable(name: str, why: str) -> RestoreError:
    return RestoreError(f"“{name}” cannot be restored: {why} Your current data was not changed.")


@contextlib.contextmanager
def _checked_copy(source: Path, name: str) -> Iterator[tuple[sqlite_utils.Database, BackupCheck]]:
    """Copy source into a temporary file, check it, upgrade it; yield the copy and its check."""
    try:
        with open(source, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise _not_restorable(name, f"it could not be read ({error.strerror or error}).") from error
    if header != SQLITE_HEADER:
        raise _not_restorable(
            name, "it is not a Fieldwork backup (not an SQLite database file at all)."
        )
    with tempfile.TemporaryDirectory(prefix="fieldwork-restore-") as folder:
        copy_path = Path(folder) / "restore.db"
        try:
            # Work on a copy: the file given is never opened by SQLite, so never changed (a
            # read-only open of a WAL file would still leave -wal and -shm files beside it).
            shutil.copyfile(source, copy_path)
            journal = source.with_name(source.name + "-wal")
            if journal.is_file():  # a copy of a live file: its last saves may be in the WAL
                shutil.copyfile(journal, copy_path.with_name(copy_path.name + "-wal"))
        except OSError as error:
            raise _not_restorable(
                name, f"it could not be read ({error.strerror or error})."
            ) from error
        try:
            copy = store.connect(copy_path)
        except store.StoreError as error:
            raise _not_restorable(name, "the file is damaged (SQLite cannot open it).") from error
        try:
            try:
                problems = [row[0] for row in copy.execute("PRAGMA integrity_check").fetchall()]
            except sqlite3.DatabaseError as error:
                raise _not_restorable(name, f"the file is damaged ({error}).") from error
            if problems != ["ok"]:
                raise _not_restorable(
                    name, f"the file is damaged (SQLite's integrity check says: {problems[0]})."
                )
            tables = set(copy.table_names())
            if not store.schema_version(copy) or not set(CORE_TABLES) <= tables:
                raise _not_restorable(
                    name, "it is an SQLite database, but not one Fieldwork wrote."
                )
            newer = unknown_migrations(copy)
            if newer:
                raise _not_restorable(
                    name,
                    "it was written by a newer version of Fieldwork (it has changes this "
                    f"version does not know: {', '.join(newer)}). Update Fieldwork, then restore it.",
                )
            upgrades = [step.name for step in store.pending(copy)]
            try:
                store.migrate(copy)
            except sqlite3.Error as error:
                raise _not_restorable(
                    name, f"upgrading it to this version of Fieldwork failed ({error})."
                ) from error
            yield copy, BackupCheck(name, shown_counts(copy), upgrades)
        finally:
            copy.close()


def check_backup(source: str | Path, name: str | None = None) -> BackupCheck:
    """Check that source is a Fieldwork file this version can restore; raise RestoreError if not."""
    source = Path(source)
    with _checked_copy(source, name or source.name) as (_copy, check):
        return check


def restore(
    db: sqlite_utils.Database,
    source: str | Path,
    name: str | None = None,
    after: Callable[[sqlite_utils.Database], object] | None = None,
) -> RestoreResult:
    """Replace the data in db's file with the backup at source, after a safety copy beside it.

    db is any connection to the data file, read-only included (a damaged or newer file is
    opened read-only, and restoring is how it is mended): the restore writes through a
    connection of its own, with SQLite's backup API, so every connection to the file (other
    tabs, other sessions) reads the restored data on its next query, and the data revision
    changes so no cached result survives. after(connection) runs on the restored file before
    its rows are counted: the caller brings derived data up to date there (follow-up tasks),
    which the store itself knows nothing of.
    """
    source = Path(source)
    name = name or source.name
    data_path = store.file_path(db)
    if not data_path:
        raise RestoreError("Restore works on a data file, not an in-memory database.")
    with _checked_copy(source, name) as (copy, check):
        live = _writable_connection(Path(data_path), name)
        try:
            before = readable_counts(live)
            safety = _safety_copy(live, Path(data_path))
            live_page_size = live.execute("PRAGMA page_size").fetchone()[0]
            if copy.execute("PRAGMA page_size").fetchone()[0] != live_page_size:
                # The backup API cannot change a WAL database's page size: match it first.
                copy.execute("PRAGMA journal_mode = DELETE")
                copy.execute(f"PRAGMA page_size = {int(live_page_size)}")
                copy.execute("VACUUM")
            try:
                copy.conn.backup(live.conn)
            except sqlite3.Error as error:
                raise RestoreError(
                    f"Restoring “{name}” failed ({error}). Your data from before the restore "
                    f"is saved in {safety}."
                ) from error
            store.migrate(live)
            with store.write(live):
                # A backup taken a moment ago carries the live revision stamp: change it
                # anyway, so every cache keyed by the revision is dropped.
                live.execute(
                    "UPDATE data_revision SET number = number + 1, "
                    "stamp = lower(hex(randomblob(8))) WHERE id = 1"
                )
            if after is not None:
                after(live)
            after = shown_counts(live)
        finally:
            live.close()
    return RestoreResult(before, after, safety, check.upgrades)


def _writable_connection(data_path: Path, name: str) -> sqlite_utils.Database:
    """A connection the restore writes through, even to a file too damaged to open normally."""
    try:
        return store.connect(data_path)
    except store.StoreError:
        pass
    try:
        # Fieldwork's pragmas read the schema, which damage can make unreadable; the backup
        # API overwrites every page without reading it.
        connection = sqlite3.connect(
            data_path, isolation_level=None, timeout=store.BUSY_TIMEOUT_MS / 1000
        )
        connection.execute("PRAGMA page_size").fetchone()
    except sqlite3.Error as error:
        raise _not_restorable(name, f"the data file cannot be written ({error}).") from error
    return sqlite_utils.Database(connection)


SAFETY_COPIES_KEPT = 5


def safety_copies(data_path: str | Path) -> list[Path]:
    """The safety copies restores left beside the data file, oldest first."""
    data_path = Path(data_path)
    found = data_path.parent.glob(f"{data_path.stem}-before-restore-*.db")
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def prune_safety_copies(data_path: str | Path, keep: int = SAFETY_COPIES_KEPT) -> list[Path]:
    """Remove all but the newest `keep` safety copies (and their -wal files); return those gone."""
    removed = safety_copies(data_path)[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink(missing_ok=True)
        path.with_name(path.name + "-wal").unlink(missing_ok=True)
    return removed


def _safety_copy(live: sqlite_utils.Database, data_path: Path) -> Path:
    """The current data saved beside the file before a restore replaces it; the last
    SAFETY_COPIES_KEPT are kept, as snapshots are."""
    target = _write_safety_copy(live, data_path)
    prune_safety_copies(data_path)
    return target


def _write_safety_copy(live: sqlite_utils.Database, data_path: Path) -> Path:
    target = safety_copy_path(data_path, clock.now_local())
    try:
        return save_copy(live, target)
    except sqlite3.DatabaseError:
        # Too damaged for SQLite to copy page by page: keep its bytes as they are (and the
        # last saves still in its write-ahead log), which is all that can be kept.
        shutil.copyfile(data_path, target)
        journal = data_path.with_name(data_path.name + "-wal")
        if journal.is_file():
            shutil.copyfile(journal, target.with_name(target.name + "-wal"))
        return target


def restore_bytes(
    db: sqlite_utils.Database,
    data: bytes,
    name: str,
    after: Callable[[sqlite_utils.Database], object] | None = None,
) -> RestoreResult:
    """restore() from an uploaded file's bytes."""
    with tempfile.TemporaryDirectory(prefix="fieldwork-upload-") as folder:
        path = Path(folder) / "upload.db"
        path.write_bytes(data)
        return restore(db, path, name=name, after=after)


def check_bytes(data: bytes, name: str) -> BackupCheck:
    """check_backup() for an uploaded file's bytes."""
    with tempfile.TemporaryDirectory(prefix="fieldwork-upload-") as folder:
        path = Path(folder) / "upload.db"
        path.write_bytes(data)
        return check_backup(path, name)
