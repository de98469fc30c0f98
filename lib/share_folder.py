"""Keeping a share package in a folder the person shares with their coach (Dropbox, a drive).

The folder, the package's file name there and the choices made (passphrase or not, contact
details or not) are settings in the data file; the passphrase itself is kept in the system
keyring (service "fieldwork"), never in a file. Fieldwork refreshes the package there once a day,
at the day's first write (a before-first-write callback registered with the store, as the
daily snapshot is; the package is written in the background so the save never waits), and
whenever the person asks. A refresh that cannot be made never costs a save, and a package
that should be sealed is never written unsealed.
"""

from __future__ import annotations

import atexit
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from lib import clock, store
from lib.formats import share_package
from lib.formats.share_package import PackageError
from lib.text import clean, clean_line

FOLDER_KEY = "share_folder"
FILE_KEY = "share_folder_file"
ENCRYPT_KEY = "share_folder_encrypted"
DETAILS_KEY = "share_folder_contact_details"
KEYS = (FOLDER_KEY, FILE_KEY, ENCRYPT_KEY, DETAILS_KEY)
KEYRING_SERVICE = "fieldwork"
KEYRING_USER = "share-package-passphrase"
PASSPHRASE_ENV_VAR = "FIELDWORK_SHARE_PASSPHRASE"
MIN_PASSPHRASE = 8

_log = logging.getLogger(__name__)
# (data file, day) pairs already looked at in this process: later writes that day cost a lookup.
_handled: set[tuple[str, date]] = set()
_lock = threading.Lock()


@dataclass(frozen=True)
class FolderSettings:
    """Where the package is kept, and how it is made."""

    folder: Path | None = None
    file_name: str = ""
    encrypted: bool = False
    contact_details: bool = False

    @property
    def package_path(self) -> Path | None:
        """The package's path in the folder (None when no folder is chosen)."""
        if self.folder is None or not self.file_name:
            return None
        return self.folder / self.file_name


def _settings(db: sqlite_utils.Database, keys) -> dict[str, str]:
    try:
        rows = db.execute(
            f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' for _ in keys)})",
            list(keys),
        ).fetchall()
    except sqlite3.OperationalError:  # a file still being created has no settings table
        return {}
    return {key: value for key, value in rows if value is not None}


def display_name(db: sqlite_utils.Database) -> str:
    """The name the person's coach knows them by ('' when never given)."""
    return _settings(db, [share_package.DISPLAY_NAME_KEY]).get(share_package.DISPLAY_NAME_KEY, "")


def save_display_name(db: sqlite_utils.Database, name: str) -> None:
    """Remember the name for the next package (only when it changed: no needless write)."""
    name = clean_line(name)
    if name and name != display_name(db):
        with store.write(db):
            db["settings"].upsert({"key": share_package.DISPLAY_NAME_KEY, "value": name}, pk="key")


def read_settings(db: sqlite_utils.Database) -> FolderSettings:
    """The folder settings saved in the file (no folder when never set)."""
    values = _settings(db, KEYS)
    folder = values.get(FOLDER_KEY, "")
    return FolderSettings(
        folder=Path(folder) if folder else None,
        file_name=values.get(FILE_KEY, ""),
        encrypted=values.get(ENCRYPT_KEY) == "1",
        contact_details=values.get(DETAILS_KEY) == "1",
    )


def folder_problem(folder: str) -> str:
    """What is wrong with a folder typed for the package, in plain words ('' when it is fine)."""
    text = clean(folder)
    if not text:
        return "Type the folder's path, for example ~/Dropbox/Coach."
    path = store.expanded(text)
    if path is None:
        return f"There is no home folder for {text.split('/')[0]}: check the spelling."
    if not path.is_absolute():
        return "Type the folder's whole path, starting from the top (/ or C:\\ or ~)."
    if not path.is_dir():
        return f"There is no folder {path}. Make it first (or check the spelling)."
    if not os.access(path, os.W_OK):
        return f"Fieldwork may not write in {path}: check the folder's permissions."
    return ""


def package_file_name(client_name: str) -> str:
    """The package's stable name in the folder: ada-lovelace.fieldwork-share."""
    stem = share_package.file_name(client_name, date.min).removeprefix("fieldwork-share-")
    stem = stem.removesuffix(f"{date.min.isoformat()}{share_package.EXTENSION}").strip("-")
    return (stem or "fieldwork") + share_package.EXTENSION


# --- The passphrase, in the system keyring ----------------------------------------------------


class KeyringUnavailable(PackageError):
    """The system keyring cannot keep or give the passphrase."""


NO_KEYRING = (
    "This computer has no system keyring Fieldwork can use, so it cannot keep the passphrase "
    "for the folder copy. Keep the folder copy without a passphrase, or download a package "
    "with a passphrase instead."
)


def saved_passphrase() -> str | None:
    """The folder copy's passphrase from the system keyring (None when none is kept)."""
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception as error:  # every backend raises its own kind; none may cost a page
        raise KeyringUnavailable(NO_KEYRING) from error


def save_passphrase(passphrase: str) -> None:
    """Keep the folder copy's passphrase in the system keyring."""
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, passphrase)
    except Exception as error:
        raise KeyringUnavailable(NO_KEYRING) from error


def forget_passphrase() -> None:
    """Remove the folder copy's passphrase from the keyring (nothing when none is kept)."""
    import keyring

    try:
        keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:  # none kept, or no keyring: either way nothing is left
        return


def passphrase_problem(passphrase: str, again: str | None = None) -> str:
    """What is wrong with a chosen passphrase ('' when it can be used)."""
    if len(passphrase or "") < MIN_PASSPHRASE:
        return f"Use at least {MIN_PASSPHRASE} characters: a few words are easy to type and hard to guess."
    if len(passphrase) > 1024:
        return "Keep the passphrase under 1,024 characters."
    if again is not None and again != passphrase:
        return "The two passphrases differ: type the same one twice."
    return ""


# --- Keeping and refreshing ----------------------------------------------------------------


def keep_in_folder(
    db: sqlite_utils.Database,
    folder: str,
    *,
    client_name: str,
    encrypted: bool = False,
    contact_details: bool = False,
    passphrase: str | None = None,
) -> dict:
    """Choose the folder, save the choices (the passphrase in the keyring) and write the
    package there now; return its manifest. PackageError with a plain message when it cannot."""
    problem = folder_problem(folder)
    if problem:
        raise PackageError(problem)
    name = clean_line(client_name)
    if not name:
        raise PackageError("Give the name your coach knows you by.")
    if encrypted:
        if passphrase:
            problem = passphrase_problem(passphrase)
            if problem:
                raise PackageError(problem)
            save_passphrase(passphrase)
        elif not saved_passphrase():
            raise PackageError("Type the passphrase for the folder copy.")
    path = store.expanded(clean(folder)) or Path(clean(folder))
    kept = read_settings(db)
    file_name = (
        kept.file_name if kept.folder == path and kept.file_name else package_file_name(name)
    )
    settings = {
        FOLDER_KEY: str(path),
        FILE_KEY: file_name,
        ENCRYPT_KEY: "1" if encrypted else "0",
        DETAILS_KEY: "1" if contact_details else "0",
        share_package.DISPLAY_NAME_KEY: name,
    }
    with store.write(db):
        db["settings"].upsert_all(
            [{"key": key, "value": value} for key, value in settings.items()], pk="key"
        )
    if not encrypted:
        forget_passphrase()
    return refresh(db)


def stop_keeping(db: sqlite_utils.Database) -> Path | None:
    """Stop refreshing the folder copy; return the package left in the folder (not deleted:
    the coach may still be reading it)."""
    kept = read_settings(db)
    with store.write(db):
        db.execute(
            f"DELETE FROM settings WHERE key IN ({', '.join('?' for _ in KEYS)})", list(KEYS)
        )
    forget_passphrase()
    return kept.package_path


def refresh(db: sqlite_utils.Database) -> dict:
    """Write the package in the chosen folder now; return its manifest."""
    kept = read_settings(db)
    if kept.package_path is None:
        raise PackageError("Choose a folder for the package first.")
    problem = folder_problem(str(kept.folder))
    if problem:
        raise PackageError(f"The package could not be refreshed. {problem}")
    passphrase = None
    if kept.encrypted:
        passphrase = saved_passphrase()
        if not passphrase:
            # Never fall back to an unsealed package in a synced folder.
            raise PackageError(
                "The passphrase for the folder copy is no longer in the system keyring. Type "
                "it again under Keep a package in a folder."
            )
    name = display_name(db) or "Fieldwork"
    return share_package.write_package(
        db,
        kept.package_path,
        client_name=name,
        include_contact_details=kept.contact_details,
        passphrase=passphrase,
    )


def last_made(kept: FolderSettings) -> datetime | None:
    """When the package in the folder was last written (None when there is none)."""
    path = kept.package_path
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone() if path else None
    except OSError:
        return None


def refresh_if_due(db: sqlite_utils.Database, today: date | None = None) -> Path | None:
    """Start refreshing the folder copy when it was not made today; cheap after the first look.

    The package is written in the background, on a read-only connection of its own: on a
    heavy file it takes seconds, and the save that triggered it must not wait for it. Returns
    the package's path when a refresh was started (wait_for_refresh() waits for it).
    """
    path = store.file_path(db)
    if not path:
        return None
    today = today or clock.today()
    key = (path, today)
    if key in _handled:
        return None
    with _lock:
        if key in _handled:
            return None
        _handled.add(key)
        try:
            kept = read_settings(db)
        except sqlite3.Error:
            return None
        made = last_made(kept)
        if kept.package_path is None or (made is not None and made.date() == today):
            return None
        thread = threading.Thread(
            target=_refresh_from_file, args=(path,), name="fieldwork-share-refresh", daemon=True
        )
        _running.append(thread)
        thread.start()
        return kept.package_path


_running: list[threading.Thread] = []


def _refresh_from_file(path: str) -> None:
    try:
        connection = store.connect(path, mode="read")
    except store.StoreError as error:
        _log.warning("Fieldwork could not refresh the share package of %s: %s", path, error)
        return
    try:
        refresh(connection)
    except (PackageError, OSError, sqlite3.Error) as error:
        _log.warning("Fieldwork could not refresh the share package of %s: %s", path, error)
    finally:
        connection.close()


def wait_for_refresh(timeout: float = 60.0) -> None:
    """Wait for the background refreshes started so far (the CLI before it exits; tests)."""
    while _running:
        _running.pop().join(timeout)


def forget_checks() -> None:
    """Look again at the next write (after the settings change, and for tests)."""
    with _lock:
        _handled.clear()


# A command that exits right after its write lets the package being written finish first.
atexit.register(wait_for_refresh)

if refresh_if_due not in store.BEFORE_FIRST_WRITE:
    store.BEFORE_FIRST_WRITE.append(refresh_if_due)
