"""Your data's "Email digest" and "Calendar feed" sections: the SMTP settings (the password
to the system keyring), a test send that says what failed, and the feed's file."""

from __future__ import annotations

import sqlite3

import sqlite_utils
import streamlit as st

from lib import clock, digest, digest_mail, digest_run, store
from lib.formats import calendar_feed
from lib.ui import forms, session
from lib.ui.widgets import plain

DOCS = "docs/digest.md"


def email_digest_section(db: sqlite_utils.Database) -> None:
    """The SMTP settings form, the keyring password and the test send."""
    st.header("Email digest")
    st.caption(
        "Each morning `fieldwork digest --email` can mail you what is due that day, the "
        "conversations coming up and who is going cold: set it up once here, then schedule "
        f"the command (cron, launchd or Task Scheduler: see {DOCS}). Nothing is sent on a "
        "day with nothing due. Private notes are never in it."
    )
    settings = digest_mail.read_settings(db)
    errors = st.session_state.get("data_smtp_errors") or {}
    with st.form("data_smtp_form", enter_to_submit=False):
        values = _server_fields(settings, errors)
        values |= _address_fields(settings, errors)
        password = st.text_input(
            "Password (kept in the system keyring, never in the data file)",
            type="password",
            key="data_smtp_password",
            help="Leave blank to keep the one saved. An app password is safest (Gmail, "
            f"Outlook). Or set {digest_mail.PASSWORD_ENV_VAR} for the scheduled job.",
        )
        submitted = st.form_submit_button("Save mail settings", icon=":material/save:")
    _keyring_note()
    if submitted:
        _save(db, values, password)
    forms.errors_here(errors, "data_smtp_errors_box")
    message = st.session_state.pop("data_smtp_saved", None)
    if message:
        (st.warning if message.startswith("Saved, but") else st.success)(plain(message))
    if st.button("Send a test digest", icon=":material/outgoing_mail:", key="data_smtp_test"):
        _test_send(db)
    result = st.session_state.get("data_smtp_test_result")
    if result:
        ok, text = result
        (st.success if ok else st.error)(
            plain(text), icon=":material/check_circle:" if ok else None
        )


def _server_fields(settings: digest_mail.SmtpSettings, errors: dict) -> dict:
    host_col, port_col, security_col = st.columns([3, 1, 2])
    values = {
        "host": host_col.text_input(
            "SMTP server", settings.host, key="data_smtp_host", placeholder="smtp.example.org"
        ),
        "port": port_col.number_input(
            "Port", 1, 65535, settings.port, step=1, key="data_smtp_port"
        ),
        "security": security_col.selectbox(
            "Security",
            list(digest_mail.SECURITY),
            index=list(digest_mail.SECURITY).index(settings.security),
            format_func=digest_mail.SECURITY.get,
            key="data_smtp_security",
        ),
    }
    forms.field_errors(errors, [(host_col, "host"), (port_col, "port"), (security_col, "security")])
    return values


def _address_fields(settings: digest_mail.SmtpSettings, errors: dict) -> dict:
    user_col, sender_col, recipient_col = st.columns(3)
    values = {
        "user": user_col.text_input(
            "User name", settings.user, key="data_smtp_user", help="Often your address."
        ),
        "sender": sender_col.text_input("From (sender)", settings.sender, key="data_smtp_sender"),
        "recipient": recipient_col.text_input(
            "To (you)", settings.recipient, key="data_smtp_recipient"
        ),
    }
    forms.field_errors(
        errors, [(user_col, "user"), (sender_col, "sender"), (recipient_col, "recipient")]
    )
    return values


def _keyring_note() -> None:
    problem = digest_mail.keyring_problem()
    if problem:
        st.info(
            f"{problem} A password typed here cannot be kept: set the environment variable "
            f"{digest_mail.PASSWORD_ENV_VAR} for the scheduled job instead ({DOCS} shows how).",
            icon=":material/key_off:",
        )


def _save(db: sqlite_utils.Database, values: dict, password: str) -> None:
    st.session_state.pop("data_smtp_errors", None)
    with session.saving():
        try:
            settings = digest_mail.save_settings(db, values)
        except digest_mail.MailSettingsError as error:
            st.session_state["data_smtp_errors"] = error.errors
            st.rerun()
        message = "Mail settings saved."
        if password:
            try:
                digest_mail.store_password(settings, password)
                message = "Mail settings saved; the password is in the system keyring."
            except digest_mail.MailError as error:
                message = f"Saved, but the password was not: {error}"
        st.session_state["data_smtp_saved"] = message
        st.rerun()


def _test_send(db: sqlite_utils.Database) -> None:
    today = clock.today()
    try:
        built = digest.build_digest(db, today)
        sent = digest_run.send_digest(db, built)
        result = (True, f"{sent} Check your inbox (and the spam folder).")
    except digest_run.DigestError as error:
        result = (False, f"Not sent: {error}")
    except (sqlite3.DatabaseError, store.StoreError) as error:
        result = (False, f"Not sent: {store.explain(error)}")
    st.session_state["data_smtp_test_result"] = result


def calendar_feed_section(db: sqlite_utils.Database) -> None:
    """Choose the file the calendar feed is kept in (rewritten after every change)."""
    st.header("Calendar feed")
    st.caption(
        "One .ics file of everything due and every scheduled conversation, rewritten after "
        "each change. Put it in a folder your calendar app subscribes to (a synced folder), "
        "or run `fieldwork calendar --out FILE` from a scheduled job. Done, skipped and "
        "cancelled items stay in it as cancelled, so your calendar removes them."
    )
    current = calendar_feed.feed_path(db) or ""
    with st.form("data_feed_form", enter_to_submit=False):
        typed = st.text_input(
            "Feed file",
            current,
            key="data_feed_path",
            placeholder="~/Dropbox/fieldwork.ics",
            help="A file ending in .ics in a folder that exists.",
        )
        save_col, stop_col = st.columns(2)
        saved = save_col.form_submit_button("Save and write it now", icon=":material/save:")
        stopped = stop_col.form_submit_button(
            "Stop the feed", icon=":material/event_busy:", disabled=not current
        )
    if saved or stopped:
        _save_feed(db, None if stopped else typed)
    problem = calendar_feed.last_problem(db)
    if problem and current:
        st.warning(plain(f"The feed could not be rewritten after the last change: {problem}"))
    message = st.session_state.pop("data_feed_message", None)
    if message:
        (st.success if message[0] else st.error)(plain(message[1]))


def _save_feed(db: sqlite_utils.Database, path: str | None) -> None:
    with session.saving():
        try:
            result = calendar_feed.set_feed_path(db, path, clock.today())
        except calendar_feed.FeedError as error:
            st.session_state["data_feed_message"] = (False, f"Not saved: {error}")
            st.rerun()
        st.session_state["data_feed_message"] = (
            True,
            f"Wrote {result.events} events to {result.path}; it is rewritten after each change."
            if result
            else "The feed is stopped: the file stays as it was last written.",
        )
        st.rerun()
