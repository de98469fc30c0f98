"""The connection to the data file: where it lives, its pragmas, the write transaction."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

ENV_VAR = "FIELDWORK_DB"
FILE_NAME = "fieldwork.db"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database file cannot be opened or used; the message says why, in plain words."""


def default_path() -> Path:
    """Return the per-user data file: $FIELDWORK_DB, else the platform's user data folder."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return data_folder() / FILE_NAME


def data_folder(system: str = sys.platform) -> Path:
    """The per-user data folder, as platformdirs finds it: ~/.local/share/fieldwork (or
    $XDG_DATA_HOME/fieldwork) on Linux, ~/Library/Application Support/fieldwork on macOS, the
    roaming %APPDATA%\\fieldwork on Windows."""
    if system == "win32":
        from platformdirs.windows import Windows as Dirs
    elif system == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.unix import Unix as Dirs
    return Path(Dirs("fieldwork", appauthor=False, roaming=True).user_data_dir)


def connect(path: str | Path, mode: str = "write") -> sqlite_utils.Database:
    """Open the database at path with Fieldwork's pragmas; no migrations.

    mode "write" creates the file (and its folder) when missing and keeps it in WAL mode.
    "coach" opens an existing file as it is and refuses writes (coach.save_coach_comment
    lifts that for its one save). "read" opens an existing file read-only at the OS level:
    nothing in it can change, whatever runs on the connection.
    """
    path = Path(path).expanduser()
    try:
        if mode == "write":
            path.parent.mkdir(parents=True, exist_ok=True)
            target, uri = str(path), False
        elif not path.exists():
            raise StoreError(f"There is no Fieldwork data file at {path}.")
        else:
            target, uri = f"{path.resolve().as_uri()}?mode={'ro' if mode == 'read' else 'rw'}", True
        # Streamlit reruns a script on a new thread; each session keeps its own connection.
        # isolation_level=None: Python opens no implicit (deferred) transactions; every
        # multi-statement save goes through write(), which begins IMMEDIATE.
        conn = sqlite3.connect(
            target,
            uri=uri,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
        if mode == "read" and not _readable(conn):
            # A WAL file in a read-only folder without its -shm file: SQLite cannot set up
            # shared memory there, so read the file as an unchanging snapshot instead.
            conn.close()
            conn = sqlite3.connect(
                target + "&immutable=1", uri=True, check_same_thread=False, isolation_level=None
            )
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if mode == "write":
            _enter_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
        else:
            read_only(db)
    except StoreError:
        raise
    except (OSError, sqlite3.Error) as error:
        raise StoreError(
            f"Fieldwork could not open its data file at {path}: {error}. "
            f"Check that the folder exists and is writable, or set {ENV_VAR} to another file."
        ) from error
    return db


def _enter_wal(db: sqlite_utils.Database) -> None:
    """PRAGMA journal_mode = WAL, waiting out another connection's lock like busy_timeout does.

    SQLite does not call the busy handler for a change of journal mode: on a new file that
    another session is creating or copying at the same moment it answers "database is
    locked" at once, so the change is retried until BUSY_TIMEOUT_MS has passed.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _readable(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        return "readonly" not in str(error) and "unable to open" not in str(error)
    except sqlite3.DatabaseError:
        return True  # not a database, or damaged: the caller reports it
    return True


@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction: BEGIN IMMEDIATE, commit on success, roll back on any error.

    Every save that touches the file goes through here. IMMEDIATE takes the write lock first,
    so a second tab or process saving at the same moment waits (busy_timeout) instead of
    failing with "database is locked" when a deferred transaction that read first tries to
    upgrade. Nested calls become savepoints inside the outer transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        savepoint = f"fieldwork_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        return
    _before_outer_write(db)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        _after_outer_write(db)


# --- Before the day's first write (lib/store/__init__.py registers the daily snapshot). -----
# A list of callables, not an import: the store calls what registered itself, so nothing in the
# store imports upward.
BEFORE_FIRST_WRITE: list[Callable[[sqlite_utils.Database], object]] = []


def _before_outer_write(db: sqlite_utils.Database) -> None:
    """Run the registered before-write callbacks (today's snapshot); never fails the save.

    Before, not after, the write: the day's snapshot holds the file as the day began, so a
    mistake in the day's first save (say, Start over) can still be undone from it. After the
    first check of the day this costs one PRAGMA and a set lookup.
    """
    for callback in BEFORE_FIRST_WRITE:
        try:
            callback(db)
        except Exception:  # a snapshot must never cost the researcher a save
            logging.getLogger(__name__).exception(
                "Fieldwork could not run %r before a write", callback
            )


# --- After each committed write (lib/formats/calendar_feed.py registers the feed's rewrite). --
# Like BEFORE_FIRST_WRITE, a list the store calls, never an import. A callback that writes
# (the feed keeps its own state) does not set the callbacks off again on this thread.
AFTER_WRITE: list[Callable[[sqlite_utils.Database], object]] = []
_after_write_running = threading.local()


def _after_outer_write(db: sqlite_utils.Database) -> None:
    """Run the registered after-write callbacks once the save is committed; never fails it."""
    if not AFTER_WRITE or getattr(_after_write_running, "active", False):
        return
    _after_write_running.active = True
    try:
        for callback in AFTER_WRITE:
            try:
                callback(db)
            except Exception:  # the save is already committed: it stays saved
                logging.getLogger(__name__).exception(
                    "Fieldwork could not run %r after a write", callback
                )
    finally:
        _after_write_running.active = False


def read_only(db: sqlite_utils.Database, enabled: bool = True) -> None:
    """Make SQLite itself refuse every write on this connection (coach mode)."""
    db.execute(f"PRAGMA query_only = {1 if enabled else 0}")


def quote(identifier: str) -> str:
    """An SQL identifier in double quotes, safe for any name."""
    return '"' + identifier.replace('"', '""') + '"'


def data_revision(db: sqlite_utils.Database) -> str:
    """A key that changes with every write to the data (empty before migration m006)."""
    try:
        row = db.execute("SELECT number, stamp FROM data_revision WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return ""
    return f"{row[0]}-{row[1]}" if row else ""


def file_path(db: sqlite_utils.Database) -> str:
    """The file behind db ('' for an in-memory database)."""
    return db.execute("PRAGMA database_list").fetchone()[2] or ""
