"""Whose message it is: sent or received (the person's own addresses), the contact on the other
side (same email, any case, or same LinkedIn URL, normalised), a unique exact name offered but
never applied unasked, the people not in Fieldwork, and why a message is left out (to oneself,
the reader's reason, a big group thread, a duplicate). Reads the database, writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from lib.formats.messages.kept import Column, Kept, KeptMessages
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


KEYS_PER_QUERY = 500  # under SQLite's limit on a statement's parameters


def in_chunks(keys: Iterable[str], size: int = KEYS_PER_QUERY) -> Iterator[list[str]]:
    """keys as lists of at most size, for queries of the form `IN (?, ?, ...)`."""
    chunk: list[str] = []
    for key in keys:
        chunk.append(key)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stored_keys(db: sqlite_utils.Database, keys: Iterable[str]) -> set[str]:
    """The source keys among keys that are already stored."""
    found: set[str] = set()

    def look(part: list[str]) -> None:
        marks = ", ".join("?" for _ in part)
        found.update(
            row[0]
            for row in db.execute(
                f"SELECT source_key FROM interactions WHERE source_key IN ({marks})", part
            )
        )

    for chunk in in_chunks(keys):
        look(chunk)
    return found


def propose_own(messages: Iterable[Kept | Message]) -> OwnAddresses:
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


@dataclass(frozen=True, slots=True)
class Side:
    """A person on the other side of a message, and who they are in Fieldwork."""

    person: Participant
    contact_id: int | None = None  # matched by address
    matched_by: str | None = None  # 'email' | 'linkedin'
    name_offer: int | None = None  # a contact with exactly this name: asked, never assumed


@dataclass(slots=True)
class Matched:
    """One message with its direction and the people on the other side."""

    message: Kept | Message
    direction: str  # 'sent' | 'received'
    sides: tuple[Side, ...]
    skip_reason: str | None = None


def participants(message: Kept | Message) -> int:
    """How many different people a message is between (sender included)."""
    return _count(message.sender, message.recipients)


def _count(sender: Participant, recipients: tuple[Participant, ...]) -> int:
    return len({person_key(p) for p in (sender, *recipients)})


class _Sides:
    """The sides of one preview's messages, each made once: one sender writes many of them,
    and the person writes to the same recipients again and again."""

    def __init__(self, index: ContactIndex, own: OwnAddresses):
        self.index, self.own = index, own
        self.by_contact: dict[tuple[int, str], Side] = {}
        self.made: dict[tuple[Side, ...], tuple[Side, ...]] = {}

    def side(self, person: Participant) -> Side:
        found = self.index.find(person)
        if not found:
            return Side(person, name_offer=self.index.same_name(person))
        # A contact's side is the same whatever name their messages give them (only the side
        # of someone not in Fieldwork shows its name): one Side per contact.
        side = self.by_contact.get(found)
        if side is None:
            side = self.by_contact[found] = Side(person, *found)
        return side

    def of(self, people: Iterable[Participant], sent: bool) -> tuple[Side, ...]:
        """The other side of a message: who it is to (sent) or from, each person once."""
        if sent:
            people = [
                p
                for p in people
                if not self.own.is_me(p.email, p.linkedin_url)
                and (p.email or p.linkedin_url or p.name)
            ]
        seen: set[str] = set()
        sides = []
        for person in people:
            key = person_key(person)
            if key not in seen:
                seen.add(key)
                sides.append(self.side(person))
        made = tuple(sides)
        return self.made.setdefault(made, made)


def _skip_reason(
    reader_reason: str | None,
    sent: bool,
    sides: tuple[Side, ...],
    sender: Participant,
    recipients: tuple[Participant, ...],
) -> str | None:
    if reader_reason:
        return reader_reason
    if sent and not sides:
        return SKIP_TO_SELF if recipients else SKIP_NO_ONE
    # A message is between at most its sender and its recipients: only a long list is counted.
    if len(recipients) >= GROUP_LIMIT and _count(sender, recipients) > GROUP_LIMIT:
        return SKIP_GROUP
    return None


def match_message(message: Kept | Message, index: ContactIndex, own: OwnAddresses) -> Matched:
    """Direction, the other side's people and a skip reason for one message (no duplicates)."""
    sent = own.is_me(message.sender.email, message.sender.linkedin_url)
    people = message.recipients if sent else (message.sender,)
    sides = _Sides(index, own).of(people, sent)
    reason = _skip_reason(message.skip_reason, sent, sides, message.sender, message.recipients)
    return Matched(message, "sent" if sent else "received", sides, reason)


class MatchedMessages(Sequence[Matched]):
    """Every message of a preview matched (a Matched each, made on asking), held as the kept
    messages and, per message, its direction, its sides and its reason to be left out."""

    def __init__(self, kept: KeptMessages):
        self.kept = kept
        self.sent = bytearray()
        self.sides = Column()
        self.skips = Column()

    def __len__(self) -> int:
        return len(self.sent)

    def __getitem__(self, ref: int) -> Matched:  # type: ignore[override]
        if ref < 0:
            ref += len(self.sent)
        direction = "sent" if self.sent[ref] else "received"
        return Matched(self.kept[ref], direction, self.sides[ref], self.skips[ref])

    def __iter__(self) -> Iterator[Matched]:
        return (self[ref] for ref in range(len(self.sent)))


def match_messages(kept: KeptMessages, index: ContactIndex, own: OwnAddresses) -> MatchedMessages:
    """match_message for every kept message, each sender, list of recipients and side judged
    once."""
    matched = MatchedMessages(kept)
    sides = _Sides(index, own)
    sent_by: dict[int, bool] = {}  # by the sender's number in kept.senders
    received_from: dict[int, tuple[Side, ...]] = {}
    sent_to: dict[int, tuple[Side, ...]] = {}  # by the recipients' number in kept.recipients
    for row in range(len(kept)):
        sender_number, recipients_number = kept.senders.rows[row], kept.recipients.rows[row]
        sender = kept.senders.values[sender_number]
        recipients = kept.recipients.values[recipients_number]
        sent = sent_by.get(sender_number)
        if sent is None:
            sent = sent_by[sender_number] = own.is_me(sender.email, sender.linkedin_url)
        if sent:
            other = sent_to.get(recipients_number)
            if other is None:
                other = sent_to[recipients_number] = sides.of(recipients, True)
        else:
            other = received_from.get(sender_number)
            if other is None:
                other = received_from[sender_number] = sides.of((sender,), False)
        matched.sent.append(sent)
        matched.sides.append(other)
        matched.skips.append(_skip_reason(kept.skips[row], sent, other, sender, recipients))
    matched.sides.done()
    matched.skips.done()
    return matched
