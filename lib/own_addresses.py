"""The person's own addresses (email addresses and LinkedIn profile URL), a setting on Your
data: how an imported message is known to be sent (from one of them) or received.

Stored in the settings table under one key, as JSON: {"emails": [...], "linkedin_url": ...}.
Emails are lowercased; the URL is normalised as the contact form and the import store it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from lib import store
from lib.contacts import normalise_linkedin, validate_email, validate_linkedin
from lib.text import clean_line

OWN_ADDRESSES_KEY = "own_addresses"


class OwnAddressError(ValueError):
    """An address that cannot be saved as the person's own; the message says why."""


@dataclass(frozen=True)
class OwnAddresses:
    """The addresses a message from the person is sent from."""

    emails: tuple[str, ...] = field(default_factory=tuple)
    linkedin_url: str | None = None

    def __bool__(self) -> bool:
        return bool(self.emails or self.linkedin_url)

    def is_me(self, email: str | None, linkedin_url: str | None) -> bool:
        """True when an email (any case) or a LinkedIn URL (normalised) is one of these."""
        if email and email.strip().lower() in self.emails:
            return True
        if linkedin_url and self.linkedin_url:
            return linkedin_key(linkedin_url) == linkedin_key(self.linkedin_url)
        return False


_URL_PREFIX = re.compile(r"^(https?://)?([a-z]{2,3}\.)?")


# Cached: a message import asks for the same few thousand URLs' keys half a million times.
@functools.lru_cache(maxsize=100_000)
def linkedin_key(url: str | None) -> str:
    """A LinkedIn URL as compared (as the contact import compares them): without the scheme,
    a www. or country prefix, a query or a trailing slash, case folded."""
    if not url:
        return ""
    text = url.strip().casefold().split("?")[0].split("#")[0].rstrip("/")
    return _URL_PREFIX.sub("", text)


def parse(emails: Iterable[str] | str | None, linkedin_url: str | None) -> OwnAddresses:
    """Check and tidy addresses as typed (emails as a list, or one text split at commas,
    semicolons and spaces); raise OwnAddressError naming the first bad one."""
    if isinstance(emails, str):
        emails = emails.replace(";", ",").replace(" ", ",").split(",")
    found: list[str] = []
    for email in emails or ():
        email = clean_line(email).lower()
        if not email:
            continue
        if validate_email(email):
            raise OwnAddressError(f"“{email}” does not look like an email address.")
        if email not in found:
            found.append(email)
    url = normalise_linkedin(linkedin_url or "") or None
    if url and validate_linkedin(url):
        raise OwnAddressError("Your LinkedIn URL should look like https://linkedin.com/in/you.")
    return OwnAddresses(tuple(found), url)


def own_addresses(db: sqlite_utils.Database) -> OwnAddresses:
    """The person's own addresses as saved (empty when never set or unreadable)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [OWN_ADDRESSES_KEY]).fetchone()
    try:
        data = json.loads(row[0]) if row and row[0] else {}
        return parse(data.get("emails") or [], data.get("linkedin_url"))
    except (ValueError, AttributeError, TypeError):
        return OwnAddresses()


def save_own_addresses(
    db: sqlite_utils.Database, emails: Iterable[str] | str | None, linkedin_url: str | None
) -> OwnAddresses:
    """Save the person's own addresses (nothing given clears them); return them as saved."""
    addresses = parse(emails, linkedin_url)
    with store.write(db):
        if not addresses:
            db.execute("DELETE FROM settings WHERE key = ?", [OWN_ADDRESSES_KEY])
        else:
            value = json.dumps(
                {"emails": list(addresses.emails), "linkedin_url": addresses.linkedin_url}
            )
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [OWN_ADDRESSES_KEY, value],
            )
    return addresses
