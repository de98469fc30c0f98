"""Applying a message preview: apply_messages() adds the people the person chose, judges every
message again with them, writes the interactions, marks the thank-yous and one-month updates
the messages are, runs the follow-up sync (a reply retires the 3B prompt), and records all of
it (the import, the contacts added, the tasks made and changed) so that undo_message_import()
takes exactly that back. One transaction.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlite_utils

from lib import clock, contacts, followups, store
from lib.formats.messages.kept import moment
from lib.formats.messages.model import Message
from lib.formats.messages.preview import MessagePreview, plan
from lib.formats.messages.rows import PlannedRows
from lib.own_addresses import save_own_addresses
from lib.text import clean

_CHUNK = 500
# The task columns an import may change, and an undo puts back.
TASK_COLUMNS = ("status", "done_at", "done_interaction_id", "skip_reason", "snoozed_until")


class MessageImportError(ValueError):
    """Messages that cannot be imported as asked; the message says why. Nothing was written."""


@dataclass
class MessageChoices:
    """What the person decided in the preview."""

    confirm_own: bool = False  # the proposed own address is theirs (it is then saved)
    accept_names: set[str] = field(default_factory=set)  # person keys: same-name contact is them
    add_people: set[str] = field(default_factory=set)  # person keys to add as contacts
    unmark: set[str] = field(default_factory=set)  # Planned.source_key: do not close the task


@dataclass
class MessageImportResult:
    import_id: int
    planned: PlannedRows
    added_contacts: list[int]
    marked: list[int]  # the tasks marked done

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.planned:
            counts[p.kind] = counts.get(p.kind, 0) + 1
        return counts


def import_tag(day) -> str:
    return f"import: messages {day.isoformat()}"


def _task_states(db: sqlite_utils.Database) -> dict[int, dict]:
    columns = ", ".join(TASK_COLUMNS)
    return {
        row[0]: dict(zip(TASK_COLUMNS, row[1:], strict=True))
        for row in db.execute(f"SELECT id, {columns} FROM followups")
    }


def _add_people(db: sqlite_utils.Database, preview: MessagePreview, keys: set[str], tag: str):
    added: dict[str, int] = {}
    for person in preview.people:
        if person.key not in keys:
            continue
        name = person.name or (person.email or "").split("@")[0] or "(no name)"
        raw = {
            "name": name,
            "email": person.email or "",
            "linkedin_url": person.linkedin_url or "",
            "how_found": "linkedin" if person.linkedin_url else None,
            "tags": tag,
        }
        try:
            added[person.key] = contacts.save_contact(db, raw)
        except contacts.ContactError as error:
            for column in error.errors:
                raw[column] = ""
            added[person.key] = contacts.save_contact(db, raw)
    return added


def apply_messages(
    db: sqlite_utils.Database,
    preview: MessagePreview,
    choices: MessageChoices | None = None,
    keep_full_text: bool = False,
    progress: Callable[[int, int], None] | None = None,
    file_names: Iterable[str] = (),
    texts: Iterable[Message] | None = None,
) -> MessageImportResult:
    """Write the previewed messages in one transaction and record the import.

    Refuses (MessageImportError) while the person's own address is only a guess they have
    not confirmed. keep_full_text stores each message's whole text, privately: the preview
    holds no text, so texts must then be the previewed messages read again, the same files
    in the same order (read_messages streams them; a message is taken by its place and its
    source key checked, so files changed since the preview are refused, nothing written).
    """
    choices = choices or MessageChoices()
    if keep_full_text and texts is None:
        raise MessageImportError(
            "Keeping the full text needs the files read again: the preview holds no text."
        )
    if preview.own_proposed and not choices.confirm_own:
        raise MessageImportError(
            "Confirm your own address first: Fieldwork only guessed it, and it decides which "
            "messages you sent."
        )
    if not preview.own:
        raise MessageImportError(
            "Give your own email address or LinkedIn URL first: without it Fieldwork cannot "
            "tell the messages you sent from those you received."
        )
    today = clock.today()
    tag = import_tag(today)
    with store.write(db):
        if preview.own_proposed:
            save_own_addresses(db, preview.own.emails, preview.own.linkedin_url)
        before = _task_states(db)
        import_id = (
            db["message_imports"]
            .insert(
                {
                    "file_names": json.dumps(list(file_names), ensure_ascii=False),
                    "imported_at": clock.utc_stamp(),
                    "kept_full_text": int(keep_full_text),
                }
            )
            .last_pk
        )
        added = _add_people(db, preview, choices.add_people, tag)
        resolved = dict(added)
        for person in preview.people:
            if person.key in choices.accept_names and person.same_name_as is not None:
                resolved.setdefault(person.key, person.same_name_as)
        final = dataclasses.replace(preview)
        unmarked = {p.ref for p in preview.planned if p.source_key in choices.unmark}
        plan(db, final, resolved, unmarked)
        full_text = _TextByPlace(final, texts) if keep_full_text else None
        marked = _write(db, final, import_id, full_text, today, progress)
        followups.sync_tasks(db, today)
        _record(db, import_id, added, before, final)
    if progress:
        progress(max(len(final.planned), 1), max(len(final.planned), 1))
    return MessageImportResult(import_id, final.planned, list(added.values()), marked)


class _TextByPlace:
    """The full text of the previewed messages, from the files read again as the import
    writes them: the message at a planned item's place (ref), its source key checked."""

    def __init__(self, preview: MessagePreview, texts: Iterable[Message]):
        self.preview = preview
        self.texts = iter(texts)
        self.at = -1  # the place of self.message in the files
        self.message: Message | None = None

    def __call__(self, ref: int) -> str | None:
        while self.at < ref:
            self.message = next(self.texts, None)
            self.at += 1
            if self.message is None:
                break
        expected = self.preview.matched.kept.keys[ref]
        if self.at != ref or self.message is None or self.message.source_key != expected:
            raise MessageImportError(
                "The files are not the ones previewed (they changed, or are read in another "
                "order): preview them again. Nothing was imported."
            )
        return clean(self.message.text) or None


def _write(
    db: sqlite_utils.Database,
    preview: MessagePreview,
    import_id: int,
    full_text: Callable[[int], str | None] | None,
    today,
    progress: Callable[[int, int], None] | None,
) -> list[int]:
    rows = []
    marked = []
    plain: dict[int, str] = {}  # items whose task was closed since the preview, by pos
    total = max(len(preview.planned), 1)
    for n, (item, summary, source, micros) in enumerate(preview.planned.with_messages(), 1):
        values = {
            "summary": summary,
            "source": source,
            "source_key": item.source_key,
            "sent_at": clock.utc_stamp(moment(micros)),
            "message_import_id": import_id,
            "full_text": full_text(item.ref) if full_text else None,
        }
        if item.task_id is not None:
            try:
                interaction_id = followups.mark_done(
                    db, item.task_id, today, values["summary"] or "", sent_on=item.day
                )
            except followups.FollowupError:
                interaction_id = None  # closed since the preview: the message comes in plain
                item.kind = plain[item.pos] = "message_sent"
            if interaction_id is not None:
                db["interactions"].update(interaction_id, values)
                marked.append(item.task_id)
                continue
        rows.append(
            {
                "contact_id": item.contact_id,
                "kind": item.kind,
                "occurred_on": item.day.isoformat(),
                **values,
            }
        )
        if len(rows) >= _CHUNK:
            _insert(db, rows)
            rows = []
            if progress:
                progress(n, total)
    if rows:
        _insert(db, rows)
    if plain:
        preview.planned.set_kinds(plain)
    return marked


_COLUMNS = ("contact_id", "kind", "occurred_on", "summary", "source", "source_key", "sent_at",
            "message_import_id", "full_text")  # fmt: skip
_INSERT = (
    f"INSERT INTO interactions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
)


def _insert(db: sqlite_utils.Database, rows: list[dict]) -> None:
    # One prepared statement for every row: sqlite-utils' insert_all builds and checks a
    # multi-row statement per hundred rows, a fifth of a 50,000-message import's time.
    db.conn.executemany(_INSERT, [tuple(row[c] for c in _COLUMNS) for row in rows])


def _record(
    db: sqlite_utils.Database,
    import_id: int,
    added: dict[str, int],
    before: dict[int, dict],
    preview: MessagePreview,
) -> None:
    blank = {"contact_id": None, "followup_id": None, "before": "{}", "after": "{}"}
    changes = [
        {"import_id": import_id, "action": "created_contact", "contact_id": contact_id}
        for contact_id in added.values()
    ]

    def flush() -> None:
        if changes:
            db["message_import_changes"].insert_all(
                ({**blank, **change} for change in changes), batch_size=_CHUNK
            )
            changes.clear()

    # The tasks as they are now, read a chunk at a time: an import makes a 3B7 prompt for
    # each outreach, tens of thousands for a mailbox.
    cursor = db.execute(f"SELECT id, {', '.join(TASK_COLUMNS)} FROM followups")
    while chunk := cursor.fetchmany(_CHUNK):
        for task_id, *values in chunk:
            state = dict(zip(TASK_COLUMNS, values, strict=True))
            if task_id not in before:
                changes.append(
                    {
                        "import_id": import_id,
                        "action": "created_task",
                        "followup_id": task_id,
                        "after": json.dumps(state),
                    }
                )
            elif before[task_id] != state:
                changes.append(
                    {
                        "import_id": import_id,
                        "action": "changed_task",
                        "followup_id": task_id,
                        "before": json.dumps(before[task_id]),
                        "after": json.dumps(state),
                    }
                )
        if len(changes) >= _CHUNK:
            flush()
    flush()
    counts = dict(preview.counts)
    db["message_imports"].update(import_id, {"counts": json.dumps(counts)})
