"""What importing some messages would do, writing nothing: preview_messages() matches every
message (matching), judges it (classify) and sorts it into what comes in (per contact, by kind,
with the thank-yous and updates it closes), the people not in Fieldwork (with their message
counts, and a contact of the very same name offered), duplicates and skipped messages with
their reasons. The preview keeps what apply_messages() needs to redo the judging once the
person has chosen whom to add.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from lib import clock
from lib.formats.messages.classify import Incoming, Verdict, classify, known
from lib.formats.messages.matching import (
    DUPLICATE_IN_FILE,
    DUPLICATE_STORED,
    Matched,
    contact_index,
    match_message,
    person_key,
    propose_own,
)
from lib.formats.messages.model import SKIP_NO_DATE, Message
from lib.own_addresses import OwnAddresses, own_addresses

SKIP_FUTURE = "Dated after today"
SUMMARY_CHARS = 300
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


def summary_of(subject: str, text: str) -> str:
    """The subject and the first lines of the text, on one line, at most SUMMARY_CHARS."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    first = " ".join(line for line in lines if line and not line.startswith(">"))
    subject = " ".join((subject or "").split())
    flat = f"{subject} — {first}" if subject and first else subject or first
    if len(flat) <= SUMMARY_CHARS:
        return flat
    cut = flat[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0].rstrip(",.;:—")
    return cut + "…"


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
    matched: list[Matched]
    planned: list[Planned]
    left: list[Left]
    people: list[Person]
    taken: dict[str, set[int]]  # stored base key -> contacts it is stored for
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


def stored_sides(db: sqlite_utils.Database) -> dict[str, set[int]]:
    """Every imported message's key, with the contacts it is stored for."""
    taken: dict[str, set[int]] = {}
    for key, contact_id in db.execute(
        "SELECT source_key, contact_id FROM interactions WHERE source_key IS NOT NULL"
    ):
        taken.setdefault(key.split(SEP)[0], set()).add(contact_id)
    return taken


def preview_messages(
    db: sqlite_utils.Database, messages: Iterable[Message], own: OwnAddresses | None = None
) -> MessagePreview:
    """What importing messages would do; writes nothing.

    own: the person's addresses (default: those saved on Your data). With none, the most
    frequent sender is proposed (own_proposed), and apply_messages asks for confirmation.
    """
    messages = list(messages)
    own = own if own else own_addresses(db)
    proposed = False
    if not own:
        own = propose_own(messages)
        proposed = bool(own)
    index = contact_index(db)
    matched = [match_message(message, index, own) for message in messages]
    preview = MessagePreview(own, proposed, matched, [], [], [], stored_sides(db))
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
    index_names = contact_index(db).names | (names or {})
    preview.planned, preview.left = [], []
    people: dict[str, Person] = {}
    seen: set[str] = set()
    incoming: list[Incoming] = []
    sides_of: dict[int, list[tuple[int, str]]] = {}
    days: dict[int, date] = {}  # ref -> the message's local date (astimezone is not cheap)
    for ref, item in enumerate(preview.matched):
        message = item.message
        reason = item.skip_reason
        if reason is None and message.sent_at is None:
            reason = SKIP_NO_DATE
        elif reason is None:
            days[ref] = day = message.sent_at.astimezone().date()
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
        taken = preview.taken.get(message.source_key, set())
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
        message = preview.matched[ref].message
        taken = preview.taken.get(message.source_key, set())
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
                    days[ref],
                    how,
                    verdict.task_id,
                    verdict.task_kind,
                    message.line,
                )
            )
    preview.people = sorted(people.values(), key=lambda p: (-p.messages, p.name.casefold()))
