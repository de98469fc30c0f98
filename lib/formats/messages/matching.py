"""Whose message it is: sent or received (the person's own addresses), the contact on the other
side (same email, any case, or same LinkedIn URL, normalised), a unique exact name offered but
never applied unasked, the people not in Fieldwork, and why a message is left out (to oneself,
the reader's reason, a big group thread, a duplicate). Reads the database, writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from lib.formats.messages.model import Message, Participant
from lib.own_addresses import OwnAddresses, linkedin_key

# A thread with more participants than this (the person included) is a group message, not a
# conversation with a contact: left out.
GROUP_LIMIT = 8

SKIP_TO_SELF = "To yourself"
SKIP_GROUP = f"Group thread of more than {GROUP_LIMIT} people"
SKIP_NO_ONE = "No one else on it"
DUPLICATE_STORED = "Already imported"
DUPLICATE_IN_FILE = "Twice in the files"


def name_key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def person_key(person: Participant) -> str:
    """One key per person not in Fieldwork: their email, else LinkedIn URL, else name."""
    if person.email:
        return f"email:{person.email.strip().lower()}"
    if person.linkedin_url:
        return f"linkedin:{linkedin_key(person.linkedin_url)}"
    return f"name:{name_key(person.name)}"


@dataclass
class ContactIndex:
    """Every contact by email, LinkedIn URL and exact name."""

    by_email: dict[str, int] = field(default_factory=dict)
    by_url: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def add(self, contact_id: int, name: str, email: str | None, url: str | None) -> None:
        self.names[contact_id] = name
        if email:
            self.by_email.setdefault(email.strip().lower(), contact_id)
        if url:
            self.by_url.setdefault(linkedin_key(url), contact_id)
        self.by_name.setdefault(name_key(name), []).append(contact_id)

    def find(self, person: Participant) -> tuple[int, str] | None:
        """(contact id, 'email' or 'linkedin') when the address is a contact's."""
        if person.email and person.email.strip().lower() in self.by_email:
            return self.by_email[person.email.strip().lower()], "email"
        if person.linkedin_url and linkedin_key(person.linkedin_url) in self.by_url:
            return self.by_url[linkedin_key(person.linkedin_url)], "linkedin"
        return None

    def same_name(self, person: Participant) -> int | None:
        """The one contact with exactly this name, if there is exactly one."""
        found = self.by_name.get(name_key(person.name), [])
        return found[0] if len(found) == 1 and name_key(person.name) else None


def contact_index(db: sqlite_utils.Database) -> ContactIndex:
    """Every contact (archived ones too: their messages are still theirs)."""
    index = ContactIndex()
    for contact_id, name, email, url in db.execute(
        "SELECT id, name, email, linkedin_url FROM contacts ORDER BY id"
    ):
        index.add(contact_id, name, email, url)
    return index


def stored_keys(db: sqlite_utils.Database, keys: Iterable[str]) -> set[str]:
    """The source keys among keys that are already stored."""
    found: set[str] = set()
    chunk: list[str] = []

    def look(part: list[str]) -> None:
        marks = ", ".join("?" for _ in part)
        found.update(
            row[0]
            for row in db.execute(
                f"SELECT source_key FROM interactions WHERE source_key IN ({marks})", part
            )
        )

    for key in keys:
        chunk.append(key)
        if len(chunk) == 500:
            look(chunk)
            chunk = []
    if chunk:
        look(chunk)
    return found


def propose_own(messages: Iterable[Message]) -> OwnAddresses:
    """The most frequent sender's addresses: probably the person's own, to be confirmed."""
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for message in messages:
        sender = message.sender
        if sender.email or sender.linkedin_url:
            counts[(sender.email, sender.linkedin_url)] += 1
    if not counts:
        return OwnAddresses()
    emails: list[str] = []
    url = None
    (email, url_found), _ = counts.most_common(1)[0]
    if email:
        emails.append(email.lower())
    url = url_found
    return OwnAddresses(tuple(emails), url)


@dataclass(slots=True)
class Side:
    """A person on the other side of a message, and who they are in Fieldwork."""

    person: Participant
    contact_id: int | None = None  # matched by address
    matched_by: str | None = None  # 'email' | 'linkedin'
    name_offer: int | None = None  # a contact with exactly this name: asked, never assumed


@dataclass(slots=True)
class Matched:
    """One message with its direction and the people on the other side."""

    message: Message
    direction: str  # 'sent' | 'received'
    sides: list[Side]
    skip_reason: str | None = None
    duplicate: str | None = None  # DUPLICATE_STORED or DUPLICATE_IN_FILE


def participants(message: Message) -> int:
    """How many different people a message is between (sender included)."""
    return len({person_key(p) for p in (message.sender, *message.recipients)})


def match_message(message: Message, index: ContactIndex, own: OwnAddresses) -> Matched:
    """Direction, the other side's people and a skip reason for one message (no duplicates)."""
    sent = own.is_me(message.sender.email, message.sender.linkedin_url)
    if sent:
        others = [
            p
            for p in message.recipients
            if not own.is_me(p.email, p.linkedin_url) and (p.email or p.linkedin_url or p.name)
        ]
    else:
        others = [message.sender]
    seen: set[str] = set()
    sides = []
    for person in others:
        key = person_key(person)
        if key in seen:
            continue
        seen.add(key)
        side = Side(person)
        found = index.find(person)
        if found:
            side.contact_id, side.matched_by = found
        else:
            side.name_offer = index.same_name(person)
        sides.append(side)
    matched = Matched(message, "sent" if sent else "received", sides)
    if message.skip_reason:
        matched.skip_reason = message.skip_reason
    elif sent and not sides:
        matched.skip_reason = SKIP_TO_SELF if message.recipients else SKIP_NO_ONE
    elif participants(message) > GROUP_LIMIT:
        matched.skip_reason = SKIP_GROUP
    return matched
