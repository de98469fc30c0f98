"""The coach's Fieldwork over a folder of clients' share packages: which folder, the client
opened, the rows of the Clients page (read once per change of a file), passphrases.

Started with `fieldwork coach FOLDER` (FIELDWORK_COACH_FOLDER, or `-- --coach-folder FOLDER`).
Every page then runs in coach mode on the opened client's package; the coach's own writes go to
the coach file beside it (lib.formats.coach_file), never to a package.
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import date
from pathlib import Path

import sqlite_utils
import streamlit as st

from lib import clients
from lib.formats import coach_file
from lib.text import markdown_escape

FOLDER_ENV_VAR = clients.FOLDER_ENV_VAR
NAME_ENV_VAR = clients.NAME_ENV_VAR
OPEN_KEY = "clients_open"  # the path of the client's package opened, in session state


def folder() -> Path | None:
    """The folder of share packages this Fieldwork was started over, or None (a client's app)."""
    value = os.environ.get(FOLDER_ENV_VAR, "").strip()
    arguments = sys.argv[1:]
    if "--coach-folder" in arguments:
        index = arguments.index("--coach-folder")
        if index + 1 < len(arguments):
            value = arguments[index + 1]
    return Path(value).expanduser() if value else None


def coach_name() -> str:
    """The name the coach signs comments with (this session's, else FIELDWORK_COACH_NAME)."""
    return st.session_state.get("clients_coach_name") or os.environ.get(NAME_ENV_VAR, "").strip()


# ------------------------------------------------------------------ passphrases


def _session_secrets() -> dict[str, str]:
    return st.session_state.setdefault("_clients_passphrases", {})


def passphrase(path: Path) -> str | None:
    """The passphrase kept for a package: the system keyring, else this session's memory."""
    return _session_secrets().get(str(path)) or clients.kept_passphrase(path)


def keep_passphrase(path: Path, secret: str) -> bool:
    """Keep the passphrase in the system keyring (True), or for this session only (False)."""
    _session_secrets()[str(path)] = secret
    return clients.keep_passphrase(path, secret)


def _digest(secret: str | None) -> str:
    # The cache key carries a digest, so a passphrase typed later reads the package anew.
    return hashlib.sha256((secret or "").encode()).hexdigest()[:16]


# ------------------------------------------------------------------ the rows


@st.cache_data(max_entries=2_000, show_spinner=False)
def _row(signature: tuple, coach_signature: tuple, day: str, secret: str, _passphrase) -> dict:
    # Keyed by the package's and the coach file's path, size and mtime: a package is read
    # once per change of either file, not on every rerun.
    return clients.package_row(Path(signature[0]), date.fromisoformat(day), _passphrase)


def rows(today: date) -> list[dict]:
    """Every package's row in the folder, who needs attention first."""
    where = folder()
    if where is None:
        return []
    found = []
    for path in clients.package_paths(where):
        secret = passphrase(path)
        signature = clients.file_signature(path)
        coach_signature = clients.file_signature(coach_file.coach_file_for(path))
        found.append(_row(signature, coach_signature, today.isoformat(), _digest(secret), secret))
    return clients.by_attention(found)


# ------------------------------------------------------------------ the client opened


def open_client(path: str) -> None:
    """Open a client's package: every page now shows it (a button's callback)."""
    st.session_state[OPEN_KEY] = path


def opened_path() -> Path | None:
    """The package of the client opened in this session, or None."""
    value = st.session_state.get(OPEN_KEY)
    return Path(value) if value else None


def client_database() -> sqlite_utils.Database:
    """The opened client's package, read-only; stops the page with a way to Clients if none."""
    path = opened_path()
    if path is None:
        st.info("Open a client on the Clients page first.", icon=":material/groups:")
        st.page_link("pages/clients.py", label="Back to Clients", icon=":material/arrow_back:")
        st.stop()
    signature = clients.file_signature(path)
    cached = st.session_state.get("_clients_db")
    if cached and cached[0] == signature:
        package_note(cached[1])
        return cached[1]
    try:
        db = clients.open_package(path, passphrase(path))
    except clients.PackageProblem as problem:
        st.session_state.pop(OPEN_KEY, None)
        st.warning(markdown_escape(problem), icon=":material/lock:")
        st.page_link("pages/clients.py", label="Back to Clients", icon=":material/arrow_back:")
        st.stop()
    if cached:
        cached[1].close()
    st.session_state["_clients_db"] = (signature, db)
    package_note(db)
    return db


def package_note(db: sqlite_utils.Database) -> None:
    """A package from a newer Fieldwork opens read-only with a note: said above the page."""
    note = getattr(db, "share_note", "")
    if note:
        st.info(markdown_escape(note), icon=":material/info:")


def fresh_connection() -> sqlite_utils.Database:
    """A new read-only connection to the opened package (for downloads built on their own)."""
    path = opened_path()
    if path is None:
        raise clients.PackageProblem("No client is open.")
    return clients.open_package(path, passphrase(path))


def sidebar() -> None:
    """In the sidebar: whose package is open, and the way back to Clients."""
    path = opened_path()
    if path is None:
        st.caption("Your clients' packages, read-only. Open one from Clients.")
        return
    name = st.session_state.get("clients_open_name") or path.name
    st.info(f"Viewing {markdown_escape(name)}'s package, read-only.", icon=":material/visibility:")
    st.page_link("pages/clients.py", label="Back to Clients", icon=":material/arrow_back:")
