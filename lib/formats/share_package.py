"""Share packages: one file (.fieldwork-share) holding a client's Fieldwork data for their coach,
with nothing private in it, optionally sealed with a passphrase.

Writing: a NEW SQLite file is made from Fieldwork's own schema (the migrations run on an empty
database, never a copy of the client's file with rows deleted), the kept rows and columns are
copied in table by table, the search indexes are rebuilt from what was kept, the file is
vacuumed, optionally sealed (lib.formats.sealed), and put in place atomically. Tables are copied
generically, so a table a later migration adds is carried unless it is denied here.

Reading: the file is untrusted. Its size is capped, it is unsealed if sealed, copied to a
private temporary file, and opened read-only (mode=ro, store.read_only, trusted_schema=OFF). It must
be a Fieldwork share of a known schema step, holding only the tables, indexes and triggers
that Fieldwork's own migrations make, and no view. A package from a newer Fieldwork opens
read-only with a note; an older one is upgraded in a temporary copy, never in place.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import weakref
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from lib import clock, metrics, store
from lib.formats import sealed
from lib.text import clean_line

EXTENSION = ".fieldwork-share"
FORMAT = 1
MAX_BYTES = 200 * 1024 * 1024
MAX_NAME = 200
SQLITE_HEADER = b"SQLite format 3\x00"
MANIFEST_TABLE = "share_manifest"
MANIFEST_SQL = """CREATE TABLE share_manifest (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    client_name TEXT NOT NULL,
    made_at TEXT NOT NULL,
    schema_step TEXT NOT NULL,
    first_week TEXT,
    last_week TEXT,
    fieldwork_version TEXT NOT NULL,
    include_contact_details INTEGER NOT NULL CHECK (include_contact_details IN (0, 1))
)"""
MANIFEST_FIELDS = (
    "format",
    "client_name",
    "made_at",
    "schema_step",
    "first_week",
    "last_week",
    "fieldwork_version",
    "include_contact_details",
)

# What never leaves, by table: whole tables whose rows stay behind (import and undo records
# name the person's own files and hold the values an import filled in), and columns left empty.
DENIED_TABLES = frozenset(
    {
        "imports",
        "import_changes",
        "import_organizations",
        "import_mappings",
        "message_imports",
        "message_import_changes",
    }
)
DENIED_COLUMNS: dict[str, frozenset[str]] = {
    "contacts": frozenset({"private_notes"}),
    "conversations": frozenset({"private_notes"}),
    # full_text: a message's whole text; source_key: the mail's Message-ID or LinkedIn's key.
    "interactions": frozenset({"full_text", "source_key"}),
}
# Left empty unless the person ticks "include contact details".
CONTACT_DETAILS: dict[str, frozenset[str]] = {"contacts": frozenset({"email", "phone"})}
# The only settings a package carries: what the coach's figures need. Everything else (mail
# server settings, the person's own addresses, snapshot and folder settings) stays behind.
DISPLAY_NAME_KEY = "display_name"
SETTINGS_ALLOWED = frozenset({DISPLAY_NAME_KEY, "country", "country_region"})
# Bookkeeping the fresh schema already holds: not copied from the client's file.
NOT_COPIED = frozenset({"_sqlite_migrations", "data_revision"})


class PackageError(Exception):
    """A share package cannot be made or opened; the message says why in plain words."""


# --- The reference schema: Fieldwork's migrations run on an empty database. -----------------


@functools.lru_cache(maxsize=8)
def _reference(stop_after: str | None = None) -> bytes:
    """An empty database migrated up to and including stop_after (all steps when None),
    serialized; it never held anyone's data."""
    known = store.known_migrations()
    stop_before = None
    if stop_after is not None:
        position = known.index(stop_after)
        stop_before = known[position + 1] if position + 1 < len(known) else None
    database = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    store.migrate(database, stop_before=stop_before)
    data = database.conn.serialize()
    database.close()
    return data


def _schema_rows(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name, table, _normal(sql)) for kind, name, table, sql in rows}


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


@functools.lru_cache(maxsize=8)
def reference_schema(stop_after: str | None = None) -> frozenset[tuple[str, str, str, str]]:
    """(type, name, table, sql) of every object a package at that schema step holds."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(_reference(stop_after))
        conn.execute(MANIFEST_SQL)
        return frozenset(_schema_rows(conn))
    finally:
        conn.close()


# --- Writing ----------------------------------------------------------------------------------


def fieldwork_version() -> str:
    """This Fieldwork's version, as installed."""
    try:
        return importlib.metadata.version("fieldwork")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_xinfo({store.quote(table)})")]


def _virtual_tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    return {row[0] for row in rows}


def _copied_tables(package: sqlite3.Connection) -> list[str]:
    virtual = _virtual_tables(package)
    names = [
        row[0]
        for row in package.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return [
        name
        for name in names
        if name not in virtual
        and name not in NOT_COPIED
        and name != MANIFEST_TABLE
        and not any(name.startswith(f"{v}_") for v in virtual)  # a search index's own tables
    ]


def left_out_columns(table: str, include_contact_details: bool = False) -> frozenset[str]:
    """The columns of table that never go into a package (for this choice of contact details)."""
    denied = set(DENIED_COLUMNS.get(table, ()))
    if not include_contact_details:
        denied |= CONTACT_DETAILS.get(table, frozenset())
    return frozenset(denied)


def _copy_table(
    source: sqlite_utils.Database,
    package: sqlite3.Connection,
    table: str,
    include_contact_details: bool,
) -> None:
    if table in DENIED_TABLES or not source[table].exists():
        return
    source_columns = set(_columns(source.conn, table))
    denied = left_out_columns(table, include_contact_details)
    columns = [c for c in _columns(package, table) if c in source_columns and c not in denied]
    if not columns:
        return
    listed = ", ".join(store.quote(c) for c in columns)
    where, parameters = "", []
    if table == "settings":
        where = f" WHERE key IN ({', '.join('?' for _ in SETTINGS_ALLOWED)})"
        parameters = sorted(SETTINGS_ALLOWED)
    cursor = source.execute(f"SELECT {listed} FROM {store.quote(table)}{where}", parameters)
    insert = (
        f"INSERT INTO {store.quote(table)} ({listed}) VALUES ({', '.join('?' for _ in columns)})"
    )
    while rows := cursor.fetchmany(5000):
        package.executemany(insert, rows)


def weeks_covered(db: sqlite_utils.Database) -> tuple[date | None, date | None]:
    """The Mondays of the first and last weeks with a conversation or an interaction."""
    row = db.execute(
        """SELECT min(day), max(day) FROM (
            SELECT min(substr(occurred_on, 1, 10)) AS day FROM interactions
            UNION ALL SELECT max(substr(occurred_on, 1, 10)) FROM interactions
            UNION ALL SELECT min(substr(held_on, 1, 10)) FROM conversations
            UNION ALL SELECT max(substr(held_on, 1, 10)) FROM conversations)"""
    ).fetchone()

    def monday(text: str | None) -> date | None:
        try:
            return metrics.week_start(date.fromisoformat(text)) if text else None
        except ValueError:
            return None

    return monday(row[0]), monday(row[1])


def _clean_name(client_name: str) -> str:
    name = clean_line(client_name)
    if not name:
        raise PackageError("Give the name your coach knows you by.")
    if len(name) > MAX_NAME:
        raise PackageError(f"Keep the name under {MAX_NAME} characters.")
    return name


def _build(
    db: sqlite_utils.Database, target: Path, client_name: str, include_contact_details: bool
) -> dict:
    """Write the plain package database at target; return its manifest."""
    package = sqlite3.connect(target, isolation_level=None)
    try:
        memory = sqlite3.connect(":memory:")
        memory.deserialize(_reference())
        memory.backup(package)
        memory.close()
        # A private temporary file, thrown away if anything fails: no journal, no syncs.
        package.execute("PRAGMA journal_mode = OFF")
        package.execute("PRAGMA synchronous = OFF")
        package.execute("PRAGMA secure_delete = ON")
        # Triggers and indexes that are not a constraint's (those have no SQL) are taken off
        # while the rows go in (a search-index and a revision update per row, and index
        # updates per row, would cost seconds on a heavy file), then put back with the very
        # SQL they had, so the schema is Fieldwork's own; the search indexes are rebuilt once.
        triggers = package.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        indexes = package.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name"
        ).fetchall()
        tables = _copied_tables(package)
        package.execute("BEGIN")
        for name, _ in triggers:
            package.execute(f"DROP TRIGGER {store.quote(name)}")
        for name, _ in indexes:
            package.execute(f"DROP INDEX {store.quote(name)}")
        for table in tables:
            package.execute(f"DELETE FROM {store.quote(table)}")  # the starter question bank
        # One read transaction on the client's file: every table from the same moment.
        own_read = not db.conn.in_transaction
        if own_read:
            db.execute("BEGIN")
        try:
            for table in tables:
                _copy_table(db, package, table, include_contact_details)
            first, last = weeks_covered(db)
        finally:
            if own_read:
                db.execute("ROLLBACK")
        for fts in sorted(_virtual_tables(package)):
            package.execute(
                f"INSERT INTO {store.quote(fts)} ({store.quote(fts)}) VALUES ('rebuild')"
            )
        for _, sql in indexes + triggers:
            package.execute(sql)
        package.execute(MANIFEST_SQL)
        manifest = {
            "format": FORMAT,
            "client_name": client_name,
            "made_at": clock.now_utc().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "schema_step": store.known_migrations()[-1],
            "first_week": first.isoformat() if first else None,
            "last_week": last.isoformat() if last else None,
            "fieldwork_version": fieldwork_version(),
            "include_contact_details": 1 if include_contact_details else 0,
        }
        package.execute(
            f"INSERT INTO {MANIFEST_TABLE} (id, {', '.join(MANIFEST_FIELDS)}) "
            f"VALUES (1, {', '.join('?' for _ in MANIFEST_FIELDS)})",
            [manifest[field] for field in MANIFEST_FIELDS],
        )
        package.execute("COMMIT")
        package.execute("VACUUM")
    finally:
        package.close()
    return _manifest_dict(manifest)


def _manifest_dict(row: dict) -> dict:
    manifest = {field: row.get(field) for field in MANIFEST_FIELDS}
    manifest["include_contact_details"] = bool(manifest["include_contact_details"])
    return manifest


def write_package(
    db: sqlite_utils.Database,
    out_path: str | Path,
    *,
    client_name: str,
    include_contact_details: bool = False,
    passphrase: str | None = None,
) -> dict:
    """Write a share package of db at out_path (atomically); return its manifest."""
    name = _clean_name(client_name)
    out_path = Path(out_path).expanduser()
    if passphrase is not None:
        sealed._check_passphrase(passphrase)  # before the work, with the same message
    if not out_path.parent.is_dir():
        raise PackageError(f"There is no folder {out_path.parent} to write the package in.")
    # Built in a private temporary folder, not beside out_path: a synced folder must never
    # see an unsealed package, even for a moment.
    with tempfile.TemporaryDirectory(prefix="fieldwork-share-") as folder:
        plain = Path(folder) / "package.db"
        try:
            manifest = _build(db, plain, name, include_contact_details)
        except sqlite3.Error as error:
            raise PackageError(f"The share package could not be made: {error}.") from error
        data = plain.read_bytes()
    if passphrase is not None:
        data = sealed.seal(data, passphrase)
    manifest["encrypted"] = passphrase is not None
    partial = out_path.with_name(f".{out_path.name}.{secrets.token_hex(4)}.partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out_path)
    except OSError as error:
        raise PackageError(
            f"The share package could not be written to {out_path}: {error.strerror or error}."
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def package_bytes(
    db: sqlite_utils.Database,
    *,
    client_name: str,
    include_contact_details: bool = False,
    passphrase: str | None = None,
) -> tuple[bytes, dict]:
    """A share package as bytes (for a download), and its manifest."""
    with tempfile.TemporaryDirectory(prefix="fieldwork-share-") as folder:
        target = Path(folder) / ("package" + EXTENSION)
        manifest = write_package(
            db,
            target,
            client_name=client_name,
            include_contact_details=include_contact_details,
            passphrase=passphrase,
        )
        return target.read_bytes(), manifest


def file_name(client_name: str, day: date) -> str:
    """fieldwork-share-ada-lovelace-2026-11-25.fieldwork-share"""
    slug = re.sub(r"[^a-z0-9]+", "-", clean_line(client_name).lower()).strip("-")[:40]
    return f"fieldwork-share-{slug + '-' if slug else ''}{day.isoformat()}{EXTENSION}"


# --- Reading ----------------------------------------------------------------------------------


def is_encrypted(path: str | Path) -> bool:
    """True when the file at path is a sealed (passphrase-protected) package."""
    try:
        with open(path, "rb") as handle:
            return sealed.is_sealed(handle.read(len(sealed.MAGIC)))
    except OSError:
        return False


def _read_bytes(path: Path, passphrase: str | None, max_bytes: int) -> bytes:
    """The package's plain SQLite bytes, size-capped and unsealed."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PackageError(f"“{name}” could not be read ({error.strerror or error}).") from error
    if not path.is_file():
        raise PackageError(f"“{name}” is not a file.")
    if size > max_bytes:
        raise PackageError(
            f"“{name}” is {size / 1024 / 1024:,.1f} MB, more than the "
            f"{max_bytes / 1024 / 1024:,.0f} MB a share package may be. It was not opened."
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise PackageError(f"“{name}” could not be read ({error.strerror or error}).") from error
    if len(data) > max_bytes:
        raise PackageError(f"“{name}” grew past the size a share package may be while read.")
    if sealed.is_sealed(data):
        if not passphrase:
            raise PackageError(
                f"“{name}” is protected with a passphrase. Type the passphrase the person gave you."
            )
        try:
            data = sealed.unseal(data, passphrase)
        except sealed.SealError as error:
            raise PackageError(f"“{name}” could not be opened: {error}") from None
    if data[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise PackageError(f"“{name}” is not a Fieldwork share package.")
    return data


def _open_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro&immutable=1",
        uri=True,
        check_same_thread=False,
        isolation_level=None,
    )
    # Before anything reads the schema: functions in schema SQL (defaults, checks, triggers,
    # views) limited to harmless ones, and no write ever.
    conn.execute("PRAGMA trusted_schema = OFF")
    store.read_only(sqlite_utils.Database(conn))
    return conn


def _unwanted_objects(conn: sqlite3.Connection, expected: frozenset) -> list[str]:
    """Objects in the file Fieldwork's schema does not hold, and those it lacks, in words."""
    found = _schema_rows(conn)
    names = {(kind, name) for kind, name, _, _ in expected}
    problems = []
    for kind, name, _table, _sql in sorted(found - expected):
        if kind == "view":
            problems.append(f"a view ({name})")
        elif kind == "trigger":
            problems.append(f"a trigger Fieldwork did not make ({name})")
        elif (kind, name) in names:
            problems.append(f"a changed {kind} ({name})")
        elif not name.startswith("sqlite_autoindex_"):
            problems.append(f"a {kind} Fieldwork does not know ({name})")
    present = {(kind, name) for kind, name, _, _ in found}
    missing = sorted(name for kind, name, _, _ in expected if (kind, name) not in present)
    if missing:
        problems.append(f"no {', '.join(missing[:3])} (which every package has)")
    return problems


_TEMPLATE_TRIGGER = re.compile(
    r"CREATE TRIGGER (IF NOT EXISTS )?\S+ AFTER (INSERT|UPDATE|DELETE) ON \S+ BEGIN "
    r"(UPDATE data_revision SET number = number \+ 1, stamp = lower\(hex\(randomblob\(8\)\)\) "
    r"WHERE id = 1;|( ?INSERT INTO \S+ \([^;()]*\) VALUES ?\([^;()]*\);)+) END",
)


def _newer_problems(conn: sqlite3.Connection) -> list[str]:
    """For a package from a newer Fieldwork: no view, and only triggers of the two kinds
    Fieldwork makes (search index and data revision); its tables cannot be known here."""
    problems = []
    for kind, name, _, sql in sorted(_schema_rows(conn)):
        if kind == "view":
            problems.append(f"a view ({name})")
        elif kind == "trigger" and not _TEMPLATE_TRIGGER.fullmatch(sql):
            problems.append(f"a trigger Fieldwork did not make ({name})")
    return problems


def _manifest_row(conn: sqlite3.Connection, name: str) -> dict:
    try:
        cursor = conn.execute(f"SELECT {', '.join(MANIFEST_FIELDS)} FROM {MANIFEST_TABLE}")
        rows = cursor.fetchmany(2)
    except sqlite3.DatabaseError:
        raise PackageError(
            f"“{name}” is an SQLite database but not a Fieldwork share package (it has no "
            "manifest). A coach opens the packages made on Share with your coach."
        ) from None
    if len(rows) != 1:
        raise PackageError(f"“{name}” is not a Fieldwork share package (its manifest is empty).")
    manifest = dict(zip(MANIFEST_FIELDS, rows[0], strict=True))
    text_fields = ("client_name", "made_at", "schema_step", "fieldwork_version")
    if any(not isinstance(manifest[field], str) for field in text_fields) or not isinstance(
        manifest["format"], int
    ):
        raise PackageError(f"“{name}” has a manifest Fieldwork cannot read.")
    if manifest["format"] > FORMAT:
        raise PackageError(
            f"“{name}” was made by a newer Fieldwork (share format {manifest['format']}). "
            "Update Fieldwork to open it."
        )
    manifest["client_name"] = clean_line(manifest["client_name"])[:MAX_NAME] or "(no name)"
    try:
        datetime.fromisoformat(manifest["made_at"].replace("Z", "+00:00"))
    except ValueError:
        raise PackageError(f"“{name}” has a manifest with an unreadable date.") from None
    return _manifest_dict(manifest)


def _applied_steps(conn: sqlite3.Connection, name: str) -> list[str]:
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'fieldwork' ORDER BY rowid"
        ).fetchall()
    except sqlite3.DatabaseError:
        raise PackageError(
            f"“{name}” is not a Fieldwork share package (no schema steps)."
        ) from None
    return [row[0] for row in rows]


class _Checked:
    """What the checks found in an opened package."""

    def __init__(self, conn: sqlite3.Connection, manifest: dict, state: str):
        self.conn, self.manifest, self.state = conn, manifest, state


def _check(conn: sqlite3.Connection, name: str, upgraded: bool = False) -> _Checked:
    """Check an opened package; raise PackageError if it is not a sound Fieldwork share.

    upgraded: the file is our own upgraded copy of an older package, whose manifest still
    names the step it was made at."""
    try:
        found = [row[0] for row in conn.execute("PRAGMA quick_check(3)").fetchall()]
    except sqlite3.DatabaseError as error:
        raise PackageError(f"“{name}” is damaged or not a database ({error}).") from None
    if found != ["ok"]:
        raise PackageError(f"“{name}” is damaged (SQLite says: {found[0]}).")
    try:
        applied = _applied_steps(conn, name)
        manifest = _manifest_row(conn, name)
        known = store.known_migrations()
        if not applied or (manifest["schema_step"] != applied[-1] and not upgraded):
            raise PackageError(f"“{name}” has a manifest that does not match its schema.")
        if any(step not in known for step in applied):
            state = "newer"
            problems = _newer_problems(conn)
        elif applied == known[: len(applied)]:
            state = "current" if len(applied) == len(known) else "older"
            problems = _unwanted_objects(conn, reference_schema(applied[-1]))
        else:
            raise PackageError(f"“{name}” has schema steps in an order Fieldwork never made.")
    except sqlite3.DatabaseError as error:
        raise PackageError(f"“{name}” could not be read as a share package ({error}).") from None
    if problems:
        raise PackageError(
            f"“{name}” is not a plain Fieldwork share package: it holds {'; '.join(problems[:4])}."
            " It was not opened. Ask the person for a fresh package from Share with your coach."
        )
    return _Checked(conn, manifest, state)


NEWER_NOTE = (
    "This package was made by a newer Fieldwork (schema step {step}). It is shown read-only; "
    "some of it may not show until you update Fieldwork."
)


def _upgrade_copy(plain: Path, folder: Path, name: str) -> Path:
    """An older package upgraded to this Fieldwork's schema, in a copy inside folder.

    Only called once the package's schema was found identical to what Fieldwork's own
    migrations make at its step, so the migrations may run on it as on any older file (with
    trusted_schema left on: rebuilding tables touches the search indexes' triggers).
    """
    upgraded = folder / "upgraded.db"
    shutil.copyfile(plain, upgraded)
    conn = sqlite3.connect(upgraded, isolation_level=None)
    database = sqlite_utils.Database(conn)
    try:
        manifest = conn.execute(f"SELECT * FROM {MANIFEST_TABLE}").fetchone()
        # Not the migrations' to touch (a rebuild gives every table revision triggers).
        conn.execute(f"DROP TABLE {MANIFEST_TABLE}")
        # The copy is ours: no daily snapshot of it (the store's before-write hooks run).
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('snapshots_enabled', '0')"
        )
        store.migrate(database)
        conn.execute("DELETE FROM settings WHERE key = 'snapshots_enabled'")
        conn.execute(MANIFEST_SQL)
        conn.execute(
            f"INSERT INTO {MANIFEST_TABLE} VALUES ({', '.join('?' for _ in manifest)})", manifest
        )
    except (sqlite3.Error, store.StoreError) as error:
        raise PackageError(f"“{name}” could not be upgraded to this Fieldwork ({error}).") from None
    finally:
        database.close()
    return upgraded


def open_package(
    path: str | Path, passphrase: str | None = None, *, max_bytes: int = MAX_BYTES
) -> sqlite_utils.Database:
    """Open an untrusted share package read-only; PackageError with a plain message if it is
    not one. The Database has .share_manifest, .share_state ('current', 'older' (upgraded in
    a temporary copy) or 'newer') and .share_note (for a newer package; '' otherwise)."""
    path = Path(path).expanduser()
    data = _read_bytes(path, passphrase, max_bytes)
    folder = Path(tempfile.mkdtemp(prefix="fieldwork-open-share-"))
    try:
        plain = folder / "package.db"
        # Bytes 18 and 19 say WAL; the private copy is made a rollback-journal file so a
        # read-only open needs no -shm file beside it.
        data = data[:18] + b"\x01\x01" + data[20:] if len(data) > 20 else data
        plain.write_bytes(data)
        del data
        conn = _open_read_only(plain)
        try:
            checked = _check(conn, path.name)
        except BaseException:
            conn.close()
            raise
        if checked.state == "older":
            conn.close()
            conn = _open_read_only(_upgrade_copy(plain, folder, path.name))
            try:
                checked = _check(conn, path.name, upgraded=True)
            except BaseException:
                conn.close()
                raise
            checked.state = "older"
        database = sqlite_utils.Database(conn)
        database.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    database.share_manifest = checked.manifest
    database.share_state = checked.state
    database.share_note = (
        NEWER_NOTE.format(step=checked.manifest["schema_step"]) if checked.state == "newer" else ""
    )
    # The private copy goes when the connection does.
    weakref.finalize(database, shutil.rmtree, folder, ignore_errors=True)
    return database


def read_manifest(path: str | Path, passphrase: str | None = None) -> dict:
    """The manifest of the share package at path (checked as open_package checks it)."""
    database = open_package(path, passphrase)
    try:
        manifest = dict(database.share_manifest)
        manifest["state"] = database.share_state
        manifest["encrypted"] = is_encrypted(path)
        return manifest
    finally:
        database.close()
