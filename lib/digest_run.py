"""What `fieldwork digest` does, apart from the command line: bring the reminders up to date,
build the day's digest, then print it or mail it (quiet on a day with nothing due)."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date

import sqlite_utils

from lib import clock, digest, digest_mail, followups, store
from lib.formats import digest_render


class DigestError(Exception):
    """The digest could not be made or sent; the message says why in one line."""


def fresh_digest(
    db: sqlite_utils.Database, day: date, limit: int | None = digest.SHOWN_PER_SECTION
) -> digest.Digest:
    """The digest for day, its derived reminders (3B7, keep-in-touch) synced first for today."""
    if day == clock.today():
        # A read-only file: the reminders as last synced.
        with contextlib.suppress(sqlite3.DatabaseError, store.StoreError):
            followups.sync_tasks(db, day)
    return digest.build_digest(db, day, limit=limit)


def send_digest(db: sqlite_utils.Database, built: digest.Digest) -> str:
    """Mail the digest through the saved settings; the line to print, or DigestError."""
    settings = digest_mail.read_settings(db)
    message = digest_render.compose_mail(settings, built)
    try:
        digest_mail.send(settings, message, digest_mail.password_for(settings))
    except digest_mail.MailError as error:
        raise DigestError(str(error)) from error
    return f"Sent the digest for {built.day.isoformat()} to {settings.recipient}."


def run(db: sqlite_utils.Database, day: date | None, form: str, email: bool, always: bool) -> str:
    """The command's output: the digest in form, the mail sent, or one line on a quiet day."""
    every = form == "json" and not email  # a program reading the JSON gets every task
    built = fresh_digest(
        db, day or clock.today(), limit=None if every else digest.SHOWN_PER_SECTION
    )
    if built.quiet and not always and (email or form != "json"):
        return digest.quiet_line(built.day)
    if email:
        return send_digest(db, built)
    return digest_render.render(built, form).rstrip("\n")
