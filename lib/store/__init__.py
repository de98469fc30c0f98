"""The one door to SQLite: connect, the write transaction, file checks, plain error text, the
schema and its migrations; daily snapshots and backups live beside them in this package.

Callers write `from lib import store` and use what is exported here. The store imports nothing
above it: the daily snapshot is registered below as a before-first-write callback, and
what must follow every save (the calendar feed) registers itself in AFTER_WRITE.
"""

from lib.store import snapshots
from lib.store.connection import (
    AFTER_WRITE,
    BEFORE_FIRST_WRITE,
    BUSY_TIMEOUT_MS,
    ENV_VAR,
    FILE_NAME,
    StoreError,
    connect,
    data_folder,
    data_revision,
    default_path,
    file_path,
    quote,
    read_only,
    write,
)
from lib.store.errors import error_kind, explain, not_saved
from lib.store.files import (
    FileCheck,
    Opened,
    check_file,
    damage,
    data_size,
    expanded,
    is_empty,
    open_database,
    open_for_session,
    read_only_reason,
    writable_file,
)
from lib.store.schema import (
    MIGRATIONS,
    NOT_DATA_TABLES,
    SCHEDULE_TABLES,
    Migration,
    known_migrations,
    migrate,
    pending,
    recreate_triggers,
    schema_version,
)

if snapshots.take_if_due not in BEFORE_FIRST_WRITE:
    BEFORE_FIRST_WRITE.append(snapshots.take_if_due)

__all__ = [
    "expanded",
    "AFTER_WRITE",
    "BEFORE_FIRST_WRITE",
    "BUSY_TIMEOUT_MS",
    "ENV_VAR",
    "FILE_NAME",
    "MIGRATIONS",
    "NOT_DATA_TABLES",
    "SCHEDULE_TABLES",
    "FileCheck",
    "Migration",
    "Opened",
    "StoreError",
    "check_file",
    "connect",
    "damage",
    "data_size",
    "data_folder",
    "data_revision",
    "default_path",
    "error_kind",
    "explain",
    "file_path",
    "is_empty",
    "known_migrations",
    "migrate",
    "not_saved",
    "open_database",
    "open_for_session",
    "pending",
    "quote",
    "read_only",
    "read_only_reason",
    "recreate_triggers",
    "schema_version",
    "writable_file",
    "write",
]
