"""Automatic daily snapshots: before the day's first write, a consistent copy of the data file.

A snapshot is taken with SQLite's online backup API (never a file copy of a live WAL database)
into a `snapshots/` folder beside the data file, named `<file stem>-YYYY-MM-DD.db`. The last
few daily snapshots and a few weekly ones are kept; the counts and an off switch live in the
settings table. The store's write() calls take_if_due() (a before-first-write callback) first, so
the snapshot holds the file as it was when the day began, and a snapshot that fails never
fails the save.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlite_utils

from lib import clock
from lib.store.connection import file_path, write
from lib.store.files import is_empty

FOLDER_NAME = "snapshots"
ENABLED_KEY = "snapshots_enabled"
DAILY_KEY = "snapshots_daily"
WEEKLY_KEY = "snapshots_weekly"
DEFAULT_DAILY = 7
DEFAULT_WEEKLY = 4
MAX_DAILY = 60
MAX_WEEKLY = 52

_log = logging.getLogger(__name__)
# (data file, day) pairs already handled in this process: later writes that day cost a lookup.
_handled: set[tuple[str, date]] = set()
_lock = threading.Lock()


@dataclass(frozen=True)
class SnapshotSettings:
    """Whether snapshots are taken, and how many daily and weekly ones are kept."""

    enabled: bool = True
    daily: int = DEFAULT_DAILY
    weekly: int = DEFAULT_WEEKLY


@dataclass(frozen=True)
class Snapshot:
    """One snapshot file: the day it holds the start of, and its size in bytes."""

    path: Path
    day: date
    size: int


def folder(data_path: str | Path) -> Path:
    """The snapshots folder beside the data file."""
    return Path(data_path).parent / FOLDER_NAME


def snapshot_path(data_path: str | Path, day: date) -> Path:
    """Where the snapshot of data_path for day lives."""
    return folder(data_path) / f"{Path(data_path).stem}-{day.isoformat()}.db"


def list_snapshots(data_path: str | Path) -> list[Snapshot]:
    """The snapshots of data_path, newest first."""
    pattern = re.compile(re.escape(Path(data_path).stem) + r"-(\d{4}-\d{2}-\d{2})\.db")
    found = []
    try:
        entries = list(folder(data_path).iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match:
            continue
        try:
            day = date.fromisoformat(match.group(1))
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Snapshot(entry, day, size))
    return sorted(found, key=lambda snapshot: snapshot.day, reverse=True)


def days_to_keep(days: list[date], daily: int, weekly: int) -> set[date]:
    """The snapshot days rotation keeps: the `daily` newest, then the newest of each of the
    `weekly` weeks (Monday to Sunday) before those."""
    newest_first = sorted(set(days), reverse=True)
    daily_days = newest_first[: max(daily, 0)]
    kept = set(daily_days)
    weeks_covered = {day - timedelta(days=day.weekday()) for day in daily_days}
    weekly_days = 0
    for day in newest_first[len(daily_days) :]:
        if weekly_days >= weekly:
            break
        monday = day - timedelta(days=day.weekday())
        if monday in weeks_covered:
            continue
        weeks_covered.add(monday)
        kept.add(day)
        weekly_days += 1
    return kept


def rotate(data_path: str | Path, settings: SnapshotSettings) -> list[Path]:
    """Delete the snapshots rotation no longer keeps; return what was deleted."""
    snapshots = list_snapshots(data_path)
    keep = days_to_keep([s.day for s in snapshots], settings.daily, settings.weekly)
    removed = []
    for snapshot in snapshots:
        if snapshot.day not in keep:
            try:
                snapshot.path.unlink()
                removed.append(snapshot.path)
            except OSError as error:
                _log.warning("could not remove old snapshot %s: %s", snapshot.path, error)
    return removed


def read_settings(db: sqlite_utils.Database) -> SnapshotSettings:
    """The snapshot settings saved in the file (defaults when never set)."""
    try:
        rows = dict(
            db.execute(
                "SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
                [ENABLED_KEY, DAILY_KEY, WEEKLY_KEY],
            ).fetchall()
        )
    except sqlite3.OperationalError:
        return SnapshotSettings()

    def number(key: str, default: int, top: int) -> int:
        try:
            return min(max(int(rows.get(key, default)), 0), top)
        except (TypeError, ValueError):
            return default

    return SnapshotSettings(
        enabled=rows.get(ENABLED_KEY, "1") != "0",
        daily=number(DAILY_KEY, DEFAULT_DAILY, MAX_DAILY),
        weekly=number(WEEKLY_KEY, DEFAULT_WEEKLY, MAX_WEEKLY),
    )


def settings_errors(daily: object, weekly: object) -> dict[str, str]:
    """What is wrong with the kept counts, by field (empty when they can be saved)."""
    errors = {}
    for field, value, low, top in (
        ("daily", daily, 1, MAX_DAILY),
        ("weekly", weekly, 0, MAX_WEEKLY),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= top:
            errors[field] = f"Keep between {low} and {top} {field} snapshots."
    return errors


def save_settings(
    db: sqlite_utils.Database, enabled: bool, daily: int, weekly: int
) -> dict[str, str]:
    """Save the snapshot settings; return errors by field (nothing saved when there are any)."""
    errors = settings_errors(daily, weekly)
    if errors:
        return errors
    with write(db):
        db["settings"].upsert_all(
            [
                {"key": ENABLED_KEY, "value": "1" if enabled else "0"},
                {"key": DAILY_KEY, "value": str(daily)},
                {"key": WEEKLY_KEY, "value": str(weekly)},
            ],
            pk="key",
        )
    path = file_path(db)
    with _lock:
        # Turned on today: the next write takes today's snapshot.
        _handled.difference_update({key for key in _handled if key[0] == path})
    if path:
        rotate(path, read_settings(db))
    return {}


def copy_to(db: sqlite_utils.Database, target: str | Path) -> Path:
    """Write a consistent copy of db to target (backup API), replacing it only when complete."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            db.conn.backup(copy)
            # A copy of a WAL database is in WAL mode too; a file at rest needs no -wal/-shm.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def take(db: sqlite_utils.Database, day: date) -> Path | None:
    """Take the snapshot of db for day now and rotate old ones (None for an in-memory db)."""
    path = file_path(db)
    if not path:
        return None
    settings = read_settings(db)
    target = copy_to(db, snapshot_path(path, day))
    rotate(path, settings)
    return target


def take_if_due(db: sqlite_utils.Database, today: date | None = None) -> Path | None:
    """Take today's snapshot when there is none yet and snapshots are on; cheap otherwise."""
    path = file_path(db)
    if not path:
        return None
    today = today or clock.today()
    key = (path, today)
    if key in _handled:
        return None
    with _lock:
        if key in _handled:
            return None
        try:
            if snapshot_path(path, today).exists() or not read_settings(db).enabled:
                _handled.add(key)
                return None
            if is_empty(db):
                return None  # nothing worth keeping yet; look again on the next write
            _handled.add(key)
            return take(db, today)
        except (OSError, sqlite3.Error) as error:
            _handled.add(key)  # do not retry (and slow down) every save today
            _log.warning("Fieldwork could not take today's snapshot of %s: %s", path, error)
            return None


def size_text(size: int) -> str:
    """A file size as people read it: '512 KB', '3.4 MB'."""
    if size < 1024 * 1024:
        return f"{max(size, 0) / 1024:,.0f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"
