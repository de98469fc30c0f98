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

from lib.formats.messages.kept import Kept, KeptMessages
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


def propose_own(messages: Iterable[Kept | Message] | KeptMessages) -> OwnAddresses:
    """The most frequent sender's addresses: probably the person's own, to be confirmed."""
    if isinstance(messages, KeptMessages):
        return own_of_senders(messages.sender_counts())
    return own_of_senders(Counter(message.sender for message in messages))


def own_of_senders(senders: Counter[Participant]) -> OwnAddresses:
    """The addresses of the sender with the most messages (the first of a tie)."""
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for sender, n in senders.items():
        if sender.email or sender.linkedin_url:
            counts[(sender.email, sender.linkedin_url)] += n
    if not counts:
        return OwnAddresses()
    (email, url), _ = counts.most_common(1)[0]
    return OwnAddresses((email.lower(),) if email else (), url)


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


class MatchedMessages(Sequence[Matched]):
    """Every message of a preview matched (a Matched each, made on asking). Whether a message
    was sent, and who is on its other side, follow from its sender and its recipients: they are
    judged once for each sender and each list of recipients (a few thousand), not per message."""

    def __init__(
        self,
        kept: KeptMessages,
        sent_by: list[bool],
        received_from: list[tuple[Side, ...]],
        sent_to: list[tuple[Side, ...]],
    ):
        self.kept = kept
        self._sent_by, self._received_from, self._sent_to = sent_by, received_from, sent_to

    def judge(
        self, sender: int, recipients: int, reader_reason: str | None
    ) -> tuple[bool, tuple[Side, ...], str | None]:
        """(sent, the other side, the reason to leave it out) of a message from the numbers of
        its sender and recipients in kept."""
        sent = self._sent_by[sender]
        other = self._sent_to[recipients] if sent else self._received_from[sender]
        reason = _skip_reason(
            reader_reason,
            sent,
            other,
            self.kept.senders.values[sender],
            self.kept.recipients.values[recipients],
        )
        return sent, other, reason

    def matched_of(self, row: tuple) -> Matched:
        """The Matched of a kept row (kept.ROW)."""
        sent, sides, reason = self.judge(row[5], row[6], row[8])
        return Matched(self.kept.kept_of(row), "sent" if sent else "received", sides, reason)

    def __len__(self) -> int:
        return len(self.kept)

    def __getitem__(self, ref: int) -> Matched:  # type: ignore[override]
        return self.matched_of(self.kept.row_of(ref))

    def __iter__(self) -> Iterator[Matched]:
        return (self.matched_of(row) for row in self.kept.rows())


def match_messages(kept: KeptMessages, index: ContactIndex, own: OwnAddresses) -> MatchedMessages:
    """Every kept message matched: its direction, the other side (each sender, list of
    recipients and side judged once) and its reason to be left out."""
    sides = _Sides(index, own)
    sent_by = [own.is_me(s.email, s.linkedin_url) for s in kept.senders.values]
    received_from = [
        () if sent else sides.of((sender,), False)
        for sender, sent in zip(kept.senders.values, sent_by, strict=True)
    ]
    sent_to = [sides.of(recipients, True) for recipients in kept.recipients.values]
    return MatchedMessages(kept, sent_by, received_from, sent_to)
