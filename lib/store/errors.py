"""What a store error means for the researcher, in plain words."""

from __future__ import annotations

from lib.store.connection import BUSY_TIMEOUT_MS, StoreError


def error_kind(error: BaseException) -> str:
    """What went wrong with the store: locked, full, read-only, damaged, disk, store or other."""
    if isinstance(error, StoreError):
        return "store"
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "locked"
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in text:
        return "read-only"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return "damaged"
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "i/o" in text:
        return "disk"
    return "other"


def explain(error: BaseException) -> str:
    """What a store error means for the researcher and what to do, in plain words."""
    kind = error_kind(error)
    if kind == "store":
        return str(error)
    if kind == "locked":
        return (
            "Another Fieldwork window or program kept the data file busy for more than "
            f"{BUSY_TIMEOUT_MS // 1000} seconds. Try again in a moment."
        )
    if kind == "full":
        return "The disk that holds the data file is full. Free some space, then try again."
    if kind == "read-only":
        return (
            "The data file is open read-only here, so nothing can be saved. If it should be "
            "writable, check the file's and its folder's permissions, then reload the page."
        )
    if kind == "damaged":
        return (
            f"The data file is damaged (SQLite reports: {error}). Restore a backup or a "
            "snapshot from Your data, or save what the file holds into a new one with "
            "`sqlite3 <file> .recover | sqlite3 recovered.db`."
        )
    if kind == "disk":
        return (
            f"Fieldwork could not read or write its data file ({error}): the disk may be full, "
            "failing or disconnected. Check it, then try again."
        )
    return (
        f"Fieldwork could not use its data file ({error}). Try again; if it keeps happening, "
        "restore a backup or a snapshot from Your data, or check the file."
    )


def not_saved(error: BaseException) -> str:
    """The message shown next to a save a store error stopped: what happened, what to do."""
    return f"Not saved. {explain(error)} What you typed is still here."
