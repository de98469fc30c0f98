"""Looking at the data file before opening it: permissions, schema steps, damage; opening it for a session."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from lib.store.connection import ENV_VAR, StoreError, connect
from lib.store.schema import known_migrations, migrate, schema_version


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open the database at path and bring its schema up to date."""
    db = connect(path)
    try:
        migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        raise StoreError(
            f"The file at {path} is not a Fieldwork database Fieldwork can use ({error}). "
            f"Point {ENV_VAR} at another file, or move this one aside."
        ) from error
    return db


def writable_file(path: str | Path) -> bool:
    """Whether the OS lets Fieldwork write the file and its folder (WAL keeps files beside it)."""
    path = Path(path).expanduser()
    folder = path.parent if path.parent.exists() else path.parent.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def damage(db: sqlite_utils.Database) -> str:
    """SQLite's own report of damage in the file, in its words ('' when the file is sound)."""
    try:
        rows = [row[0] for row in db.execute("PRAGMA quick_check(3)").fetchall()]
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if rows == ["ok"] else "; ".join(rows)


@dataclass(frozen=True)
class FileCheck:
    """What a look at the data file, without changing it, found."""

    path: Path
    exists: bool
    writable: bool
    applied: tuple[str, ...] = ()
    damage: str = ""

    @property
    def newer(self) -> list[str]:
        """Schema steps in the file that this version does not know (a newer Fieldwork's)."""
        known = set(known_migrations())
        return [name for name in self.applied if name not in known]

    @property
    def pending(self) -> list[str]:
        """Schema steps this version knows that the file has not had yet."""
        applied = set(self.applied)
        return [name for name in known_migrations() if name not in applied]


def check_file(path: str | Path) -> FileCheck:
    """Look at the data file without writing to it: its schema steps, damage, permissions."""
    path = Path(path).expanduser()
    writable = writable_file(path)
    if not path.exists():
        return FileCheck(path, exists=False, writable=writable)
    db = connect(path, mode="read")
    try:
        applied = tuple(schema_version(db))
        found = damage(db)
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") != "SQLITE_CORRUPT":
            raise StoreError(
                f"The file at {path} is not a Fieldwork database Fieldwork can use ({error}). "
                f"Point {ENV_VAR} at another file, or move this one aside."
            ) from error
        applied, found = (), str(error)
    finally:
        db.close()
    return FileCheck(path, exists=True, writable=writable, applied=applied, damage=found)


def read_only_reason(check: FileCheck) -> str:
    """Why this file may only be read, in plain words ('' when Fieldwork may write it)."""
    if check.damage:
        return (
            f"The data file is damaged (SQLite reports: {check.damage}). Fieldwork shows what it "
            "can read and saves nothing, so the damage cannot spread. Restore a backup or a "
            "snapshot from Your data, or save what it holds into a new file with "
            f"`sqlite3 {check.path} .recover | sqlite3 recovered.db`."
        )
    if check.newer:
        known = known_migrations()
        return (
            "This data file was written by a newer Fieldwork: it has schema step "
            f"{check.newer[-1]}, and this Fieldwork knows steps up to {known[-1]}. It is open "
            "read-only, so nothing in it changes; update Fieldwork to edit it."
        )
    if check.exists and not check.writable:
        return (
            f"The data file {check.path} is read-only: its permissions (or its folder's) do not "
            "let Fieldwork write. You can look at everything; to save, make the file and its "
            "folder writable, then reload this page."
        )
    return ""


@dataclass(frozen=True)
class Opened:
    """A session's connection to the data file and, when it must not write, why."""

    db: sqlite_utils.Database
    read_only_reason: str = ""


def open_for_session(
    path: str | Path, coach: bool = False, check: FileCheck | None = None
) -> Opened:
    """Open the data file for a session: migrated and writable, or read-only with the reason.

    A read-only, damaged or newer file is opened read-only as it is. Coach mode never writes:
    it opens an up-to-date file as it is and refuses an older one (the upgrade would write).
    check: a FileCheck of path made earlier (it costs a scan of the file); made here if None.
    """
    path = Path(path).expanduser()
    check = check or check_file(path)
    reason = read_only_reason(check)
    if coach and not check.exists:
        raise StoreError(
            f"There is no Fieldwork data file at {path}. Coach mode opens the researcher's file "
            f"and never creates one: check {ENV_VAR}."
        )
    if check.pending and not check.newer and not check.damage and (coach or reason):
        why = "Coach mode never changes the file" if coach else reason
        raise StoreError(
            f"This data file was saved by an older Fieldwork and needs a one-time upgrade "
            f"(to schema step {known_migrations()[-1]}) before it can be shown. {why} "
            + (
                "Ask the researcher to open it once in normal mode, then share it again."
                if coach
                else ""
            )
        )
    if reason:
        return Opened(connect(path, mode="read"), reason)
    if coach:
        return Opened(connect(path, mode="coach"))
    return Opened(open_database(path))


def is_empty(db: sqlite_utils.Database) -> bool:
    """True when the researcher has entered nothing yet, so the sample can be loaded safely."""
    tables = ("contacts", "organizations", "paths", "weekly_goals", "weekly_reviews")
    existing = set(db.table_names())  # a file still being created has none of them yet
    return all(db[table].count == 0 for table in tables if table in existing)


def data_size(db: sqlite_utils.Database) -> int:
    """Bytes the data takes: the file as a checkpoint leaves it, pages still in the -wal counted.

    In WAL mode a fresh write sits in the -wal file and the main file can stay a few KB;
    SQLite's page count sees both. A file SQLite cannot read is measured on disk, file + WAL.
    """
    try:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        return int(pages) * int(page_size)
    except sqlite3.DatabaseError:
        path = Path(db.execute("PRAGMA database_list").fetchone()[2] or "")
        wal = path.with_name(path.name + "-wal")
        return sum(p.stat().st_size for p in (path, wal) if p.is_file())


def expanded(text: str) -> Path | None:
    """A typed path with ~ expanded, or None when ~user names no user (Path raises then)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return None
