"""What importing some messages would do, writing nothing: preview_messages() matches every
message (matching), judges it (classify) and sorts it into what comes in (per contact, by kind,
with the thank-yous and updates it closes), the people not in Fieldwork (with their message
counts, and a contact of the very same name offered), duplicates and skipped messages with
their reasons. The preview keeps what apply_messages() needs to redo the judging once the
person has chosen whom to add, and what it writes: each message as a kept.Kept, without its
text, so that a mailbox of any size is previewed in about a kilobyte a message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from lib import clock
from lib.formats.messages.classify import Incoming, Verdict, classify, known
from lib.formats.messages.kept import SUMMARY_CHARS as SUMMARY_CHARS
from lib.formats.messages.kept import Kept, KeptMessages, keep
from lib.formats.messages.kept import summary_of as summary_of
from lib.formats.messages.matching import (
    DUPLICATE_IN_FILE,
    DUPLICATE_STORED,
    MatchedMessages,
    contact_index,
    in_chunks,
    match_messages,
    person_key,
    propose_own,
)
from lib.formats.messages.model import SKIP_NO_DATE, Message
from lib.own_addresses import OwnAddresses, own_addresses

SKIP_FUTURE = "Dated after today"
KINDS = ("outreach", "follow_up", "reply", "message_sent", "thank_you", "update")
# The --json counts, as issue 18 names them (a closed update counts as one_month_update).
COUNT_KEYS = (
    "outreach",
    "follow_up",
    "reply",
    "thank_you",
    "one_month_update",
    "duplicate",
    "skipped",
    "unmatched_people",
)
SEP = "#to:"  # a message reaching several contacts is stored once per contact: key#to:id


@dataclass(slots=True)
class Planned:
    """One interaction the import would write."""

    ref: int  # index of its message in MessagePreview.matched
    source_key: str  # as stored (key, or key#to:contact when it reaches several contacts)
    contact_id: int
    contact: str
    kind: str
    day: date
    matched_by: str  # 'email' | 'linkedin' | 'name' | 'added'
    task_id: int | None = None
    task_kind: str | None = None  # 'thank_you' | 'one_month_update': shown, can be unticked
    line: int | None = None


@dataclass(slots=True)
class Left:
    """A message left out, and why."""

    ref: int
    reason: str
    line: int | None
    subject: str
    duplicate: bool = False


@dataclass(slots=True)
class Person:
    """Someone the messages are with who is not (surely) a contact."""

    key: str
    name: str
    email: str | None
    linkedin_url: str | None
    messages: int = 0
    same_name_as: int | None = None  # a contact with exactly this name (offered, not applied)
    same_name_contact: str | None = None


@dataclass
class MessagePreview:
    own: OwnAddresses
    own_proposed: bool  # True: Fieldwork guessed the person's address; apply needs confirming
    matched: MatchedMessages  # a Matched per message read, in the files' order
    planned: list[Planned]
    left: list[Left]
    people: list[Person]
    # Of the messages' keys, those already stored, with the contacts they are stored for.
    taken: dict[str, tuple[int, ...]]
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        by_kind = Counter(p.kind for p in self.planned)
        counts = {kind: by_kind.get(kind, 0) for kind in KINDS}
        counts["one_month_update"] = counts.pop("update")
        counts["duplicate"] = sum(1 for x in self.left if x.duplicate)
        counts["skipped"] = sum(1 for x in self.left if not x.duplicate)
        counts["unmatched_people"] = len(self.people)
        return counts

    def per_contact(self) -> list[dict]:
        """Per contact: name and messages by kind, busiest first."""
        rows: dict[int, dict] = {}
        for p in self.planned:
            row = rows.setdefault(
                p.contact_id,
                {"contact_id": p.contact_id, "name": p.contact, **{k: 0 for k in KINDS}},
            )
            row[p.kind] += 1
        return sorted(rows.values(), key=lambda r: (-sum(r[k] for k in KINDS), r["name"]))

    def skipped_by_reason(self) -> list[dict]:
        counted = Counter(x.reason for x in self.left if not x.duplicate)
        return [{"reason": r, "count": n} for r, n in counted.most_common()]

    def marks(self) -> list[Planned]:
        """The thank-yous and one-month updates the import would mark done."""
        return [p for p in self.planned if p.task_id is not None]

    def as_json(self) -> dict:
        """The shape `fieldwork import-messages --json` prints."""
        counts = self.counts
        return {
            "counts": {key: counts[key] for key in COUNT_KEYS},
            "contacts": [
                {
                    "name": row["name"],
                    "outreach": row["outreach"],
                    "follow_up": row["follow_up"],
                    "reply": row["reply"],
                }
                for row in self.per_contact()
            ],
            "skipped": self.skipped_by_reason(),
        }


def stored_sides(db: sqlite_utils.Database, keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Of these source keys, those already imported, each with the contacts it is stored for
    (a message stored for several contacts is key, then key#to:id for the others)."""
    several: dict[str, list[int]] = {}
    # Only messages that reached several contacts have such keys: few, and read in one go.
    for key, contact_id in db.execute(
        "SELECT source_key, contact_id FROM interactions WHERE instr(source_key, ?) > 0", [SEP]
    ):
        several.setdefault(key.split(SEP)[0], []).append(contact_id)
    taken: dict[str, tuple[int, ...]] = {}
    alone: dict[int, tuple[int]] = {}  # (contact id,), made once per contact

    def look(chunk: list[str]) -> None:
        marks = ", ".join("?" for _ in chunk)
        found = dict(
            db.execute(
                f"SELECT source_key, contact_id FROM interactions WHERE source_key IN ({marks})",
                chunk,
            ).fetchall()
        )
        for key in chunk:
            contacts = alone.setdefault(found[key], (found[key],)) if key in found else ()
            if key in several:
                contacts += tuple(several[key])
            if contacts:
                taken[key] = contacts

    for chunk in in_chunks(keys):
        look(chunk)
    return taken


def preview_messages(
    db: sqlite_utils.Database,
    messages: Iterable[Message | Kept] | KeptMessages,
    own: OwnAddresses | None = None,
) -> MessagePreview:
    """What importing messages would do; writes nothing.

    messages are read one at a time and kept without their text (kept.keep), so they may be
    a reader's stream (read_messages) as well as a list. own: the person's addresses
    (default: those saved on Your data). With none, the most frequent sender is proposed
    (own_proposed), and apply_messages asks for confirmation.
    """
    messages = keep(messages)
    own = own if own else own_addresses(db)
    proposed = False
    if not own:
        own = propose_own(messages)
        proposed = bool(own)
    index = contact_index(db)
    matched = match_messages(messages, index, own)
    del index  # let go before planning, which needs its own memory
    preview = MessagePreview(own, proposed, matched, [], [], [], stored_sides(db, messages.keys))
    if proposed:
        who = ", ".join([*own.emails, *([own.linkedin_url] if own.linkedin_url else [])])
        preview.warnings.append(
            f"Fieldwork does not know your own address yet: it guesses {who}, the most frequent "
            "sender in these files. Confirm it (or give yours) to tell sent from received."
        )
    elif not own:
        preview.warnings.append(
            "Fieldwork does not know your own address, and no sender could be proposed: give "
            "it to tell sent from received."
        )
    plan(db, preview, {}, set())
    return preview


def plan(
    db: sqlite_utils.Database,
    preview: MessagePreview,
    resolved: dict[str, int],
    unmarked: set[int],
    names: dict[int, str] | None = None,
) -> None:
    """Fill the preview's planned, left and people lists. resolved: person key -> contact id
    for people the person chose (a name match accepted, someone added); unmarked: refs whose
    thank-you or update the person unticked."""
    today = clock.today()
    index_names = dict(db.execute("SELECT id, name FROM contacts").fetchall()) | (names or {})
    preview.planned, preview.left = [], []
    people: dict[str, Person] = {}
    seen: set[str] = set()
    incoming: list[Incoming] = []
    sides_of: dict[int, list[tuple[int, str]]] = {}
    for ref, item in enumerate(preview.matched):
        message = item.message
        reason = item.skip_reason
        day = message.day
        if reason is None and day is None:
            reason = SKIP_NO_DATE
        elif reason is None:
            reason = SKIP_FUTURE if day > today else None
        if reason:
            preview.left.append(Left(ref, reason, message.line, message.subject))
            continue
        if message.source_key in seen:
            preview.left.append(
                Left(ref, DUPLICATE_IN_FILE, message.line, message.subject, duplicate=True)
            )
            continue
        seen.add(message.source_key)
        sides: list[tuple[int, str]] = []
        for side in item.sides:
            key = person_key(side.person)
            contact_id, how = side.contact_id, side.matched_by
            if contact_id is None and key in resolved:
                contact_id = resolved[key]
                how = "name" if side.name_offer == contact_id else "added"
            if contact_id is None:
                person = people.setdefault(
                    key,
                    Person(key, side.person.name, side.person.email, side.person.linkedin_url),
                )
                person.messages += 1
                if side.name_offer is not None:
                    person.same_name_as = side.name_offer
                    person.same_name_contact = index_names.get(side.name_offer)
                continue
            if (contact_id, how) not in sides and all(c != contact_id for c, _ in sides):
                sides.append((contact_id, how or "email"))
        taken = preview.taken.get(message.source_key, ())
        fresh = [(c, how) for c, how in sides if c not in taken]
        if sides and not fresh:
            preview.left.append(
                Left(ref, DUPLICATE_STORED, message.line, message.subject, duplicate=True)
            )
            continue
        sides_of[ref] = fresh
        for contact_id, _ in fresh:
            incoming.append(
                Incoming(len(incoming), contact_id, day, message.sent_at, item.direction == "sent")
            )
    verdicts: dict[int, Verdict] = {}
    if incoming:
        unmarked_refs = set()
        flat_refs: list[int] = []
        for ref, fresh in sides_of.items():
            for _ in fresh:
                if ref in unmarked:
                    unmarked_refs.add(len(flat_refs))
                flat_refs.append(ref)
        verdicts = classify(known(db, {i.contact_id for i in incoming}), incoming, unmarked_refs)
    position = 0
    for ref, fresh in sides_of.items():
        message = preview.matched.kept[ref]
        taken = preview.taken.get(message.source_key, ())
        several = len(fresh) + len(taken) > 1
        for n, (contact_id, how) in enumerate(fresh):
            verdict = verdicts[position]
            position += 1
            bare_free = not taken and n == 0
            key = (
                message.source_key
                if bare_free or not several
                else f"{message.source_key}{SEP}{contact_id}"
            )
            preview.planned.append(
                Planned(
                    ref,
                    key,
                    contact_id,
                    index_names.get(contact_id, ""),
                    verdict.kind,
                    message.day,
                    how,
                    verdict.task_id,
                    verdict.task_kind,
                    message.line,
                )
            )
    preview.people = sorted(people.values(), key=lambda p: (-p.messages, p.name.casefold()))
