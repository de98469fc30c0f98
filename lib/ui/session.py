"""The session gateway: this browser session's connection to the data file, whether it may
write, coach mode and its password, the host check and the server's warm-up.

Every page asks database() first, so none skips the host check or the coach's password.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator

import sqlite_utils
import streamlit as st

from lib import clock, share_folder, store
from lib.formats import calendar_feed  # noqa: F401  registers the feed's rewrite after each save
from lib.ui import coach_folder, hosts, pages, warmup

# Imported for its registration: the folder copy of the share package is refreshed before the
# day's first write of any session, as the daily snapshot is.
assert share_folder.refresh_if_due in store.BEFORE_FIRST_WRITE

COACH_ENV_VAR = "FIELDWORK_COACH"


def coach_mode() -> bool:
    """True when the app was started read-only for a coach (FIELDWORK_COACH=1 or `-- --coach`)."""
    flag = os.environ.get(COACH_ENV_VAR, "").strip().lower() in {"1", "true", "yes", "on"}
    return flag or "--coach" in sys.argv[1:] or coach_folder.folder() is not None


def can_write() -> bool:
    """Whether this session may show controls that change the database."""
    return not coach_mode() and not read_only_reason()


def read_only_reason() -> str:
    """Why this session's data file is open read-only, in plain words ('' when it is not)."""
    cached = st.session_state.get("db_connection")
    return cached[2] if cached else ""


@st.cache_resource(show_spinner=False, max_entries=16)
def _checked(path: str, signature: tuple) -> store.FileCheck:
    # A look at the file (its schema steps, a scan for damage) once per version of the file
    # per server process: the signature changes when the file is written or its mode changes.
    return store.check_file(path)


def _file_signature(path: str) -> tuple:
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_mode)


@contextlib.contextmanager
def saving() -> Iterator[None]:
    """Around a save: a store error becomes a plain message here, and what was typed stays.

    Only SQLite's and the store's errors are caught (a locked, full, read-only or damaged
    file); Streamlit's own rerun and stop pass through, and so does every other error. The
    rest of the with-block (the rerun after a save, clearing the form) is skipped.
    """
    try:
        yield
    except (sqlite3.DatabaseError, store.StoreError) as error:
        st.error(store.not_saved(error), icon=":material/error:")


def _leave_legacy_pages_mode() -> None:
    """Make a deep link opened first after a restart go through app.py (its navigation).

    Checked against Streamlit 1.67.0. Streamlit treats a pages/ folder as old-style multipage
    until st.navigation first runs in this server process, so a deep link such as
    /contacts?contact=3 as the very first request would run the page file alone, without
    app.py's sidebar navigation and checks. We keep pages/ (the agreed layout), clear the
    private flag PagesManager.uses_pages_directory once and rerun, so app.py builds the
    navigation and opens the same page. Pinned by tests/e2e/test_pages.py's deep-link restart
    test: if a Streamlit upgrade renames or drops the flag, that test fails.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and "app_navigation_built" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


def refuse_foreign_host() -> None:
    """Stop here with a short message unless the request's Host is this machine or a name listed
    in FIELDWORK_ALLOWED_HOSTS (lib.ui.hosts): a page elsewhere must not drive the app."""
    if not hosts.request_allowed(st.context.headers, hosts.configured_hosts()):
        # The pages, hidden and never run: no list of pages, and no "page not found" either.
        st.navigation(pages.hidden_pages(), position="hidden")
        st.error(hosts.REFUSED_MESSAGE)
        st.stop()


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Once per server, in the background: warmup.prepare_process (imports, the report's
    templates, long-lived objects out of full garbage collections)."""
    thread = threading.Thread(target=warmup.prepare_process, name="fieldwork-warm-up", daemon=True)
    thread.start()
    return thread


def on_own_connection(build):
    """Run build(connection) on a fresh connection, then close it.

    Deferred downloads are built on another thread than the script's, so they must not share
    the session's connection.
    """
    # Downloads only read: the file is opened read-only, so a download never changes it.
    if coach_folder.folder() is not None:  # the coach's Fieldwork: the client's package
        connection = coach_folder.fresh_connection()
    else:
        connection = store.connect(store.default_path(), mode="read")
    try:
        return build(connection)
    finally:
        connection.close()


def database() -> sqlite_utils.Database:
    """This browser session's connection to the data file, migrated; stops the page on error."""
    refuse_foreign_host()  # also here: a page run alone (a legacy deep link) is checked too
    _leave_legacy_pages_mode()
    require_coach_password()  # every page asks for the database first, so none skips the gate
    if coach_folder.folder() is not None:  # the coach's Fieldwork: the opened client's package
        return coach_folder.client_database()
    path = str(store.default_path())
    cached = st.session_state.get("db_connection")
    if cached and cached[0] == path:
        return cached[1]
    try:
        check = _checked(path, _file_signature(path))
        opened = store.open_for_session(path, coach=coach_mode(), check=check)
    except store.StoreError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
    reason = opened.read_only_reason
    if not reason and not coach_mode():
        reason = _sync_followups(opened.db)
    st.session_state["db_connection"] = (path, opened.db, reason)
    return opened.db


def _sync_followups(connection: sqlite_utils.Database) -> str:
    # 3B7 and keep-in-touch tasks exist before any page counts or lists them. A file the OS
    # will not let us write turns the session read-only; any other store error is shown and
    # the pages still open (the sync runs again in the next session).
    from lib.ui import cache

    try:
        cache.sync_followups(connection, clock.today())
    except sqlite3.DatabaseError as error:
        if store.error_kind(error) == "read-only":
            return store.explain(error)
        st.warning(
            f"Follow-up reminders could not be brought up to date. {store.explain(error)}",
            icon=":material/warning:",
        )
    return ""


def _secrets() -> object:
    try:
        st.secrets.get("coach_password")  # loads the file now, so errors surface here
        return st.secrets
    except FileNotFoundError as error:
        # Streamlit raises the same error for a missing and a broken file. No file means no
        # password; a broken one must not silently drop the password, so stay locked.
        if "pars" in str(error).lower():
            st.error(
                "Coach mode is locked: `.streamlit/secrets.toml` could not be read. "
                "Fix the file and restart Fieldwork.",
                icon=":material/lock:",
            )
            st.stop()
        return {}


def require_coach_password() -> None:
    """In coach mode with `coach_password` in .streamlit/secrets.toml, ask for it once per session."""
    from lib import coach

    if not coach_mode() or st.session_state.get("coach_unlocked"):
        return
    expected = coach.configured_password(_secrets())
    if not expected:
        return
    st.title("Coach mode")
    st.caption("This Fieldwork is shared read-only. Type the password the researcher gave you.")
    with st.form("coach_password_form"):
        given = st.text_input("Password", type="password", key="coach_password_typed")
        submitted = st.form_submit_button("Open", type="primary")
    if submitted:
        if coach.password_matches(given, expected):
            st.session_state["coach_unlocked"] = True
            st.rerun()
        st.error("That password is not right. Ask the researcher for it.", icon=":material/lock:")
    st.stop()


def note_page(name: str) -> None:
    """From app.py on every run: a new visit number each time the person opens another page."""
    if st.session_state.get("_page_name") != name:
        st.session_state["_page_name"] = name
        st.session_state["_page_visit"] = st.session_state.get("_page_visit", 0) + 1


def page_name() -> str | None:
    """The address of the page this run shows ("contacts", "conversation", ...)."""
    return st.session_state.get("_page_name")


def page_visit() -> int:
    """The current page visit's number: what a page keeps for the visit starts over with it."""
    return st.session_state.get("_page_visit", 0)
