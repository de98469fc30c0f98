"""What importing some messages would do, writing nothing: preview_messages() matches every
message (matching), judges it (classify) and sorts it into what comes in (per contact, by kind,
with the thank-yous and updates it closes), the people not in Fieldwork (with their message
counts, and a contact of the very same name offered), duplicates and skipped messages with
their reasons. The preview keeps what apply_messages() needs to redo the judging once the
person has chosen whom to add, and what it writes: each message as a kept.Kept, without its
text, and what each plan makes of them (PlannedRows, LeftRows), as rows of the preview's
temporary database (kept.Spool), so that a mailbox of any size is previewed in the memory its
people take, not its messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from lib import clock
from lib.formats.messages.classify import Incoming, classify, known
from lib.formats.messages.kept import SUMMARY_CHARS as SUMMARY_CHARS
from lib.formats.messages.kept import Kept, KeptMessages, Spool, keep, marks, moment
from lib.formats.messages.kept import summary_of as summary_of
from lib.formats.messages.matching import (
    DUPLICATE_IN_FILE,
    DUPLICATE_STORED,
    MatchedMessages,
    Side,
    contact_index,
    in_chunks,
    match_messages,
    person_key,
    propose_own,
)
from lib.formats.messages.model import SKIP_NO_DATE, Message
from lib.formats.messages.rows import (
    KINDS,
    TABLES,
    Left,
    LeftRows,
    Planned,
    PlannedRows,
    TakenKeys,
    ids_of,
)
from lib.own_addresses import OwnAddresses, own_addresses

SKIP_FUTURE = "Dated after today"
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
    planned: PlannedRows | list[Planned]
    left: LeftRows | list[Left]
    people: list[Person]
    taken: TakenKeys  # of the messages' keys, those already stored
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        by_kind = self.planned.kind_counts()
        counts = {kind: by_kind.get(kind, 0) for kind in KINDS}
        counts["one_month_update"] = counts.pop("update")
        counts["duplicate"] = self.left.tally("AND duplicate = 1")
        counts["skipped"] = self.left.tally("AND duplicate = 0")
        counts["unmatched_people"] = len(self.people)
        return counts

    def per_contact(self) -> list[dict]:
        """Per contact: name and messages by kind, busiest first."""
        rows = self.planned.per_contact()
        return sorted(rows, key=lambda r: (-sum(r[k] for k in KINDS), r["name"]))

    def skipped_by_reason(self) -> list[dict]:
        return self.left.reasons()

    def marks(self) -> list[Planned]:
        """The thank-yous and one-month updates the import would mark done."""
        return self.planned.marks()

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


def stored_sides(
    db: sqlite_utils.Database, keys: Iterable[str]
) -> Iterator[tuple[str, tuple[int, ...]]]:
    """Of these source keys, those already imported, each with the contacts it is stored for
    (a message stored for several contacts is key, then key#to:id for the others)."""
    several: dict[str, list[int]] = {}
    # Only messages that reached several contacts have such keys: few, and read in one go.
    for key, contact_id in db.execute(
        "SELECT source_key, contact_id FROM interactions WHERE instr(source_key, ?) > 0", [SEP]
    ):
        several.setdefault(key.split(SEP)[0], []).append(contact_id)
    for chunk in in_chunks(keys):
        marks = ", ".join("?" for _ in chunk)
        found = dict(
            db.execute(
                f"SELECT source_key, contact_id FROM interactions WHERE source_key IN ({marks})",
                chunk,
            ).fetchall()
        )
        for key in chunk:
            contacts = (found[key],) if key in found else ()
            if key in several:
                contacts += tuple(several[key])
            if contacts:
                yield key, contacts


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
    spool = matched.kept.spool
    for table in TABLES:  # what the plans write, beside the kept messages
        spool.execute(table)
    taken = TakenKeys(spool, spool.new_id())
    taken.add(stored_sides(db, messages.keys))
    preview = MessagePreview(own, proposed, matched, [], [], [], taken)
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


# Contacts are judged in groups of at least this many messages (with what is known of them).
JUDGED_TOGETHER = 5_000


class _Plan:
    """One plan being made: the rows it writes to the spool, a batch at a time."""

    def __init__(self, spool: Spool, plan_id: int) -> None:
        self.spool, self.plan_id = spool, plan_id
        self.left: list[tuple] = []
        self.incoming: list[tuple] = []
        self.positions = 0

    def leave(self, ref: int, reason: str, line, subject: str, duplicate: bool = False) -> None:
        self.left.append((self.plan_id, ref, reason, line, subject, int(duplicate)))
        if len(self.left) >= Spool.BATCH:
            self.flush()

    def come_in(self, ref: int, contact_id: int, how: str, when: tuple, sent: bool, key: str,
                unmarked: bool) -> None:  # fmt: skip
        """One message for one contact, to be judged; when: (day's ordinal, micros, line)."""
        ordinal, micros, line = when
        self.incoming.append(
            (self.plan_id, self.positions, ref, contact_id, how, ordinal, micros, int(sent), key,
             line, int(unmarked))
        )  # fmt: skip
        self.positions += 1
        if len(self.incoming) >= Spool.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.left:
            self.spool.executemany(f"INSERT INTO left_out VALUES ({marks(6)})", self.left)
            self.left = []
        if self.incoming:
            self.spool.executemany(f"INSERT INTO incoming VALUES ({marks(11)})", self.incoming)
            self.incoming = []


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
    today = clock.today().toordinal()
    index_names = dict(db.execute("SELECT id, name FROM contacts").fetchall()) | (names or {})
    matched = preview.matched
    spool = matched.kept.spool
    making = _Plan(spool, spool.new_id())
    people: dict[str, Person] = {}
    seen: set[str] = set()  # of the keys on several rows, those met
    for row in spool.rows(
        """SELECT k.ref, k.key, k.micros, k.day, k.sender, k.recipients, k.subject, k.skip,
            k.repeated, t.contacts, k.line
        FROM kept k LEFT JOIN taken t ON t.plan = ? AND t.key = k.key ORDER BY k.ref""",
        [preview.taken.plan_id],
    ):
        ref, key, micros, ordinal, sender, recipients, subject, skip, repeated, taken, line = row
        sent, other, reason = matched.judge(sender, recipients, skip)
        if reason is None and ordinal is None:
            reason = SKIP_NO_DATE
        elif reason is None and ordinal > today:
            reason = SKIP_FUTURE
        if reason:
            making.leave(ref, reason, line, subject)
            continue
        if repeated:
            if key in seen:
                making.leave(ref, DUPLICATE_IN_FILE, line, subject, duplicate=True)
                continue
            seen.add(key)
        sides = _contacts_of(other, resolved, people, index_names)
        stored = ids_of(taken)
        fresh = [(c, how) for c, how in sides if c not in stored]
        if sides and not fresh:
            making.leave(ref, DUPLICATE_STORED, line, subject, duplicate=True)
            continue
        several = len(fresh) + len(stored) > 1
        for n, (contact_id, how) in enumerate(fresh):
            bare_free = not stored and n == 0
            stored_key = key if bare_free or not several else f"{key}{SEP}{contact_id}"
            when = (ordinal, micros, line)
            making.come_in(ref, contact_id, how, when, sent, stored_key, ref in unmarked)
    making.flush()
    _judge(db, making, index_names)
    preview.planned = PlannedRows(spool, making.plan_id)
    preview.left = LeftRows(spool, making.plan_id)
    preview.people = sorted(people.values(), key=lambda p: (-p.messages, p.name.casefold()))


def _contacts_of(
    other: tuple[Side, ...],
    resolved: dict[str, int],
    people: dict[str, Person],
    index_names: dict[int, str],
) -> list[tuple[int, str]]:
    """The contacts on the other side of a message, each once with how it was matched; the
    people not in Fieldwork are counted in people."""
    sides: list[tuple[int, str]] = []
    for side in other:
        key = person_key(side.person)
        contact_id, how = side.contact_id, side.matched_by
        if contact_id is None and key in resolved:
            contact_id = resolved[key]
            how = "name" if side.name_offer == contact_id else "added"
        if contact_id is None:
            person = people.setdefault(
                key, Person(key, side.person.name, side.person.email, side.person.linkedin_url)
            )
            person.messages += 1
            if side.name_offer is not None:
                person.same_name_as = side.name_offer
                person.same_name_contact = index_names.get(side.name_offer)
            continue
        if all(c != contact_id for c, _ in sides):
            sides.append((contact_id, how or "email"))
    return sides


def _judge(db: sqlite_utils.Database, making: _Plan, names: dict[int, str]) -> None:
    """Classify the plan's incoming messages, contact by contact in date order, a group of
    contacts at a time, into its planned rows."""
    group: list[Incoming] = []
    about: dict[int, tuple] = {}  # pos -> (ref, key, matched_by, line)
    unmarked: set[int] = set()

    def judge() -> None:
        verdicts = classify(known(db, {i.contact_id for i in group}), group, unmarked)
        rows = []
        for item in group:
            verdict = verdicts[item.ref]
            ref, key, how, line = about[item.ref]
            rows.append(
                (
                    making.plan_id,
                    item.ref,
                    ref,
                    key,
                    item.contact_id,
                    names.get(item.contact_id, ""),
                    verdict.kind,
                    item.day.toordinal(),
                    how,
                    verdict.task_id,
                    verdict.task_kind,
                    line,
                )  # fmt: skip
            )
        making.spool.executemany(f"INSERT INTO planned VALUES ({marks(12)})", rows)
        group.clear()
        about.clear()
        unmarked.clear()

    last_contact = None
    for pos, ref, contact_id, how, ordinal, micros, sent, key, line, unticked in making.spool.rows(
        """SELECT pos, ref, contact_id, matched_by, day, micros, sent, key, line, unmarked
        FROM incoming WHERE plan = ? ORDER BY contact_id, day, micros, pos""",
        [making.plan_id],
    ):
        if contact_id != last_contact and len(group) >= JUDGED_TOGETHER:
            judge()
        last_contact = contact_id
        group.append(
            Incoming(pos, contact_id, date.fromordinal(ordinal), moment(micros), bool(sent))
        )
        about[pos] = (ref, key, how, line)
        if unticked:
            unmarked.add(pos)
    if group:
        judge()
    making.spool.execute("DELETE FROM incoming WHERE plan = ?", [making.plan_id])
