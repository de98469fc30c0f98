"""Merging duplicates: the pairs of contacts that may be one person, merging a pair into the
contact kept, undoing that, and the pairs marked "not the same person".

Pairs are found by the keys the contact import matches on (lib.formats.importers.duplicates):
the same email, LinkedIn URL or phone number, or a close name at the same organization (or the
very same name when neither has one), strongest first. A merge takes the field values the
person picked, joins the private notes and the tags, moves every row that points at the
merged-away contact to the kept one, removes the merged-away contact and records where it went
(merged_contacts), then syncs the follow-up tasks: all in one transaction. It returns a
MergeUndo, which puts the database back as it was, the merged-away contact with its id.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils
from rapidfuzz import fuzz, process

from lib import clock, contacts, followups, store
from lib.formats.importers import duplicates as keys
from lib.text import clean

# Why a pair was found, strongest first: the import's own words for its keys.
SIGNALS = {
    "email": "same email",
    "linkedin": "same LinkedIn URL",
    "phone": "same phone number",
    "name_at_organization": "same name and organization",
    "name": "same name",
}
STRENGTH = {signal: len(SIGNALS) - rank for rank, signal in enumerate(SIGNALS)}
# An email or a phone number shared by more contacts than this is an office line or a team's
# address, not one person: it finds no pairs (a list of 45 pairs would hide the real ones).
SHARED_KEY_LIMIT = 4

# The fields a person picks between, as the merge form shows them, in the contact form's order.
PICKED_FIELDS = {
    "name": "Name",
    "role": "Role",
    "organization_id": "Organization",
    "industry": "Industry",
    "email": "Email",
    "phone": "Phone",
    "linkedin_url": "LinkedIn URL",
    "location": "Location",
    "how_found": "How found",
    "referred_by_id": "Referred by",
    "hook": "Hook",
}
# What a picked field shows instead of its stored id.
SHOWN_AS = {"organization_id": "organization", "referred_by_id": "referred_by"}


class MergeError(ValueError):
    """A merge cannot be done as asked; the message says why."""


class UnmergeError(ValueError):
    """A merge cannot be undone (something saved since stands in the way)."""


@dataclass(frozen=True)
class Pair:
    """Two contacts that may be one person (first_id < second_id), and why."""

    first_id: int
    second_id: int
    signals: tuple[str, ...]
    name_score: float = 100.0

    @property
    def strength(self) -> int:
        return max(STRENGTH[s] for s in self.signals)

    @property
    def why(self) -> str:
        """'Same email · same phone number'."""
        text = " · ".join(SIGNALS[s] for s in self.signals)
        return text[:1].upper() + text[1:]

    @property
    def ids(self) -> tuple[int, int]:
        return self.first_id, self.second_id


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair's key: the lower id first."""
    return (a, b) if a < b else (b, a)


@functools.lru_cache(maxsize=65536)
def _phone_key(phone: str | None, region: str | None) -> str:
    return keys._phone_key(phone, region)


def person_keys(person: dict, region: str | None) -> dict[str, str]:
    """A contact's keys, as the import matches on them ('' when it has none)."""
    return {
        "email": (person.get("email") or "").strip().casefold(),
        "linkedin": keys._linkedin_key(person.get("linkedin_url")),
        "phone": _phone_key(person.get("phone"), region),
        "organization": keys._org_key(person.get("organization")),
        "name": keys._name_key(person.get("name") or ""),
    }


def find_pairs(
    people: Iterable[dict],
    region: str | None = None,
    dismissed: Iterable[tuple[int, int]] = (),
) -> list[Pair]:
    """The pairs among people (dicts with id, name, email, linkedin_url, phone, organization)
    that may be one person, strongest first, leaving out the dismissed pairs; pure."""
    people = list(people)
    found: dict[tuple[int, int], dict] = {}

    def add(a: int, b: int, signal: str, score: float = 100.0) -> None:
        if a == b:
            return
        entry = found.setdefault(pair_key(a, b), {"signals": [], "score": 0.0})
        if signal not in entry["signals"]:
            entry["signals"].append(signal)
        entry["score"] = max(entry["score"], score)

    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    at_organization: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for person in people:
        person_key = person_keys(person, region)
        for signal in ("email", "linkedin", "phone"):
            if person_key[signal]:
                groups[(signal, person_key[signal])].append(person["id"])
        if not person_key["name"]:
            continue
        if person_key["organization"]:
            at_organization[person_key["organization"]].append((person["id"], person_key["name"]))
        else:
            groups[("name", person_key["name"])].append(person["id"])
    for (signal, _key), ids in groups.items():
        if len(ids) < 2 or (signal in ("email", "phone") and len(ids) > SHARED_KEY_LIMIT):
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                add(a, b, signal)
    for members in at_organization.values():
        if len(members) > 1:
            _close_names(members, add)
    dismissed_keys = {pair_key(a, b) for a, b in dismissed}
    pairs = [
        Pair(a, b, tuple(sorted(e["signals"], key=lambda s: -STRENGTH[s])), e["score"])
        for (a, b), e in found.items()
        if (a, b) not in dismissed_keys
    ]
    pairs.sort(key=lambda p: (-p.strength, -len(p.signals), -p.name_score, p.first_id, p.second_id))
    return pairs


def _close_names(members: list[tuple[int, str]], add) -> None:
    """Pairs of close names at one organization (rapidfuzz, the import's cut-off)."""
    names = [name for _, name in members]
    scores = process.cdist(
        names,
        names,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=keys.NAME_MATCH_CUTOFF,
        dtype="uint8",
        workers=1,
    )
    for i, j in zip(*scores.nonzero(), strict=True):
        if i < j:
            add(members[i][0], members[j][0], "name_at_organization", float(scores[i, j]))


def _people(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            """SELECT c.id, c.name, c.email, c.linkedin_url, c.phone, o.name AS organization
            FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id ORDER BY c.id"""
        )
    )


def dismissed_pairs(db: sqlite_utils.Database) -> set[tuple[int, int]]:
    """The pairs marked "not the same person"."""
    return {(a, b) for a, b in db.execute("SELECT contact_id, other_id FROM duplicate_dismissals")}


def possible_duplicates(db: sqlite_utils.Database) -> list[dict]:
    """The pairs to offer on Contacts, strongest first: each with why, and both contacts'
    names, organizations and statuses (archived contacts are found too)."""
    people = _people(db)
    pairs = find_pairs(people, keys._phone_region(db), dismissed_pairs(db))
    if not pairs:
        return []
    shown = {
        row["id"]: row
        for row in db.query(
            """SELECT c.id, c.name, c.role, c.status, o.name AS organization FROM contacts c
            LEFT JOIN organizations o ON o.id = c.organization_id"""
        )
    }
    return [
        {
            "first": shown[pair.first_id],
            "second": shown[pair.second_id],
            "why": pair.why,
            "signals": list(pair.signals),
        }
        for pair in pairs
    ]


def dismiss(db: sqlite_utils.Database, a: int, b: int) -> None:
    """Mark a pair "not the same person": it is not offered again."""
    if a == b:
        raise MergeError("A contact is always the same person as itself.")
    first, second = pair_key(a, b)
    with store.write(db):
        db.execute(
            "INSERT OR IGNORE INTO duplicate_dismissals (contact_id, other_id) VALUES (?, ?)",
            [first, second],
        )


def undismiss(db: sqlite_utils.Database, a: int, b: int) -> None:
    """Offer a dismissed pair again."""
    with store.write(db):
        db.execute(
            "DELETE FROM duplicate_dismissals WHERE contact_id = ? AND other_id = ?",
            list(pair_key(a, b)),
        )


# -- Picking the values ----------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def shown_value(contact: dict, column: str) -> str:
    """What a picked field shows for contact: the organization's or referrer's name for an id."""
    return _text(contact.get(SHOWN_AS.get(column, column)))


def differing_fields(kept: dict, other: dict) -> list[str]:
    """The picked fields whose values differ between the two (as get_contact gives them)."""
    return [
        column
        for column in PICKED_FIELDS
        if _comparable(kept, column) != _comparable(other, column)
        and not _points_at_the_pair(other, column, kept)
    ]


def _comparable(contact: dict, column: str):
    value = contact.get(column)
    if column in ("email",):
        return _text(value).casefold()
    return value if column in SHOWN_AS else _text(value)


def _points_at_the_pair(contact: dict, column: str, other: dict) -> bool:
    # One referred by the other: "referred by each other" is no choice to offer.
    return column == "referred_by_id" and contact.get(column) in (other["id"], contact["id"])


def default_picks(kept: dict, other: dict) -> dict[str, int]:
    """For each differing field, whose value to keep: the fuller one (longer text, or any value
    over none), the kept contact's on a tie."""
    picks = {}
    for column in differing_fields(kept, other):
        if column == "referred_by_id" and _points_at_the_pair(kept, column, other):
            picks[column] = other["id"] if other.get(column) else kept["id"]
            continue
        picks[column] = (
            other["id"]
            if len(shown_value(other, column)) > len(shown_value(kept, column))
            else kept["id"]
        )
    return picks


def join_notes(first: str | None, second: str | None) -> str | None:
    """Two private notes as one: both kept (the first's first), a note held in the other once."""
    a, b = clean(first or ""), clean(second or "")
    if not a or b in a:
        return b if b and not a else (a or None)
    if a in b:
        return b
    return f"{a}\n\n{b}"


def merged_values(kept: dict, other: dict, picks: dict[str, int]) -> dict:
    """The kept contact's columns after the merge (contacts rows as stored; pure).

    Picked fields take the picked contact's value (the kept one's when not picked); private
    notes are joined, tags joined (the kept one's first), the day first known the earlier one,
    and the contact is active when either was. A referrer that is one of the pair is dropped.
    """
    values = {}
    for column in PICKED_FIELDS:
        source = other if picks.get(column) == other["id"] else kept
        values[column] = source.get(column)
    if values["referred_by_id"] in (kept["id"], other["id"]):
        others = [c.get("referred_by_id") for c in (kept, other)]
        values["referred_by_id"] = next(
            (r for r in others if r and r not in (kept["id"], other["id"])), None
        )
    values["private_notes"] = join_notes(kept.get("private_notes"), other.get("private_notes"))
    values["tags"] = json.dumps(contacts.parse_tags(_tags(kept) + _tags(other)), ensure_ascii=False)
    known = [d for d in (kept.get("first_known_on"), other.get("first_known_on")) if d]
    values["first_known_on"] = min(known) if known else None
    active = "active" in (kept.get("status"), other.get("status"))
    values["status"] = "active" if active else "archived"
    values["archived_at"] = None if active else kept.get("archived_at")
    return values


def _tags(contact: dict) -> list[str]:
    tags = contact.get("tags") or []
    return json.loads(tags) if isinstance(tags, str) else list(tags)


# -- What moves ------------------------------------------------------------------------------


def contact_columns(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(table, column) of every column holding a contact's id: the foreign keys to contacts,
    and the plain ids of the import records and of the merge's own tables."""
    found = [
        (table, key.column)
        for table in db.table_names()
        for key in db[table].foreign_keys
        if key.other_table == "contacts"
    ]
    plain = [
        ("import_changes", "contact_id"),
        # A message import's record of the contacts it added: Undo of that import then finds
        # the kept contact with more attached to it and refuses, saying why.
        ("message_import_changes", "contact_id"),
        ("merged_contacts", "old_id"),
        ("merged_contacts", "kept_id"),
        ("duplicate_dismissals", "contact_id"),
        ("duplicate_dismissals", "other_id"),
    ]
    tables = set(db.table_names())
    return sorted(set(found) | {(t, c) for t, c in plain if t in tables})


def history_counts(db: sqlite_utils.Database, contact_id: int) -> dict[str, int]:
    """What a contact has that a merge moves, by what it is called, for the confirmation."""
    queries = {
        "interactions": "SELECT count(*) FROM interactions WHERE contact_id = ?",
        "conversations": "SELECT count(*) FROM conversations WHERE contact_id = ?",
        "scheduled conversations": (
            "SELECT count(*) FROM scheduled_conversations WHERE contact_id = ?"
        ),
        "follow-ups": "SELECT count(*) FROM followups WHERE contact_id = ?",
        "board items": (
            "SELECT count(*) FROM research_items r WHERE r.contact_id = ?1 OR EXISTS "
            "(SELECT 1 FROM board_recommendations b WHERE b.item_id = r.id AND b.contact_id = ?1)"
        ),
        "people they referred": "SELECT count(*) FROM contacts WHERE referred_by_id = ?",
    }
    return {what: db.execute(sql, [contact_id]).fetchone()[0] for what, sql in queries.items()}


def history_sentence(counts: dict[str, int]) -> str:
    """'3 interactions, 1 conversation and 2 follow-ups' (nothing: 'nothing logged yet')."""
    singular = {
        "interactions": "interaction",
        "conversations": "conversation",
        "scheduled conversations": "scheduled conversation",
        "follow-ups": "follow-up",
        "board items": "board item",
        "people they referred": "person they referred",
    }
    parts = [f"{n} {what if n != 1 else singular[what]}" for what, n in counts.items() if n]
    if not parts:
        return "nothing logged yet"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# -- Merging and undoing ---------------------------------------------------------------------


@dataclass
class MergeUndo:
    """What a merge changed, to put back exactly: every row it touched, as it was before
    (None for a row the merge added), by table and rowid."""

    what: str  # "Ana Ruiz and Ana R. as two contacts", for "Put back …"
    kept_id: int
    old_id: int
    before: dict[str, dict[str, dict | None]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)  # rowids the merge removed

    def as_json(self) -> str:
        return json.dumps(
            {
                "what": self.what,
                "kept": self.kept_id,
                "old": self.old_id,
                "before": self.before,
                "deleted": self.deleted,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> MergeUndo:
        data = json.loads(text)
        return cls(data["what"], data["kept"], data["old"], data["before"], data["deleted"])


def merge(
    db: sqlite_utils.Database,
    kept_id: int,
    old_id: int,
    picks: dict[str, int] | None = None,
    today: date | None = None,
) -> MergeUndo:
    """Merge contact old_id into kept_id, in one transaction, and return the MergeUndo.

    picks maps a field of PICKED_FIELDS to the contact whose value to keep (default_picks when
    None). Every row pointing at old_id then points at kept_id (interactions, conversations,
    follow-ups, board items, scheduled conversations, referrals, import records, earlier
    merges and dismissals); old_id is removed and recorded in merged_contacts; the follow-up
    tasks are synced.
    """
    if kept_id == old_id:
        raise MergeError("Pick two different contacts to merge.")
    with store.write(db):
        with _journal(db) as before:
            _merge(db, kept_id, old_id, picks, today or clock.today())
        deleted = {
            table: [rowid for rowid, row in rows.items() if row is not None]
            for table, rows in before.items()
        }
        for table in deleted:
            deleted[table] = [
                rowid
                for rowid in deleted[table]
                if not db.execute(
                    f"SELECT 1 FROM {store.quote(table)} WHERE rowid = ?", [int(rowid)]
                ).fetchone()
            ]
        names = {
            int(rowid): row["name"] for rowid, row in before["contacts"].items() if row is not None
        }
    what = f"{names[old_id]} and {names[kept_id]} as two contacts"
    return MergeUndo(what, kept_id, old_id, before, {t: ids for t, ids in deleted.items() if ids})


def _merge(
    db: sqlite_utils.Database, kept_id: int, old_id: int, picks: dict | None, today: date
) -> None:
    kept = contacts.get_contact(db, kept_id)
    other = contacts.get_contact(db, old_id)
    if kept is None or other is None:
        raise MergeError("One of these contacts no longer exists.")
    picks = default_picks(kept, other) if picks is None else picks
    bad = {c for c, who in picks.items() if c not in PICKED_FIELDS or who not in (kept_id, old_id)}
    if bad:
        raise MergeError(f"Pick each value from one of the two contacts ({', '.join(bad)}).")
    values = merged_values(kept, other, picks)
    if _would_loop(db, values["referred_by_id"], kept_id, old_id):
        values["referred_by_id"] = None
    _move_references(db, kept_id, old_id, _created_by_same_import(db, kept_id, old_id))
    db.execute(
        "INSERT INTO merged_contacts (old_id, kept_id, old_name) VALUES (?, ?, ?)",
        [old_id, kept_id, other["name"]],
    )
    db["contacts"].update(kept_id, dict(values, updated_at=clock.utc_stamp()))
    db.execute("DELETE FROM contacts WHERE id = ?", [old_id])
    followups.sync_tasks(db, today)


def _would_loop(db: sqlite_utils.Database, referrer: int | None, *pair: int) -> bool:
    # The referrer's own chain leads back to one of the pair: after the merge it would loop.
    if referrer is None:
        return False
    chain = [referrer] + [row["id"] for row in contacts.referred_by_chain(db, referrer)]
    return any(person in pair for person in chain)


def _created_by_same_import(db: sqlite_utils.Database, kept_id: int, old_id: int) -> bool:
    if "import_changes" not in db.table_names():
        return False
    return bool(
        db.execute(
            """SELECT 1 FROM import_changes a JOIN import_changes b ON a.import_id = b.import_id
            WHERE a.action = 'created' AND b.action = 'created'
              AND a.contact_id = ? AND b.contact_id = ?""",
            [kept_id, old_id],
        ).fetchone()
    )


def _move_references(
    db: sqlite_utils.Database, kept_id: int, old_id: int, same_import: bool
) -> None:
    # A keep-in-touch reminder is one per contact and day: the kept contact's own stays.
    db.execute(
        """DELETE FROM followups WHERE contact_id = ? AND kind = 'keep_in_touch'
        AND due_on IN (SELECT due_on FROM followups WHERE contact_id = ? AND kind = 'keep_in_touch')""",
        [old_id, kept_id],
    )
    # Import records: undoing an import must never delete a contact that now also holds what
    # was there before it (the other half), so "created" becomes "filled nothing" (its tags
    # still come off). Only when the import created both halves does undoing it remove them.
    if "import_changes" in db.table_names():
        halves = [old_id] if same_import else [kept_id, old_id]
        db.execute(
            f"""UPDATE import_changes SET action = 'filled', filled = '{{}}',
                tags_added = (SELECT json_array(i.tag) FROM imports i WHERE i.id = import_id)
            WHERE action = 'created' AND contact_id IN ({", ".join("?" * len(halves))})""",
            halves,
        )
    # Dismissals of the merged-away contact hold for the kept one (not the same person as one
    # half is not the same person as the whole); one between the two goes.
    for (other,) in db.execute(
        """SELECT CASE contact_id WHEN :old THEN other_id ELSE contact_id END
        FROM duplicate_dismissals WHERE :old IN (contact_id, other_id)""",
        {"old": old_id},
    ).fetchall():
        if other != kept_id:
            db.execute(
                "INSERT OR IGNORE INTO duplicate_dismissals (contact_id, other_id) VALUES (?, ?)",
                list(pair_key(kept_id, other)),
            )
    db.execute("DELETE FROM duplicate_dismissals WHERE ? IN (contact_id, other_id)", [old_id])
    for table, column in contact_columns(db):
        if table == "duplicate_dismissals" or (table, column) == ("merged_contacts", "old_id"):
            continue
        if (table, column) == ("contacts", "referred_by_id"):
            db.execute(
                "UPDATE contacts SET referred_by_id = ? WHERE referred_by_id = ? AND id != ?",
                [kept_id, old_id, kept_id],
            )
            continue
        db.execute(
            f"UPDATE {store.quote(table)} SET {store.quote(column)} = ? "
            f"WHERE {store.quote(column)} = ?",
            [kept_id, old_id],
        )


def unmerge(db: sqlite_utils.Database, undo: MergeUndo) -> None:
    """Put back what a merge changed, exactly (the merged-away contact with its id), in one
    transaction; UnmergeError when something saved since took a row's place."""
    with store.write(db):
        if contacts.row_exists(db, "contacts", undo.old_id):
            raise UnmergeError(f"{undo.what} are back already.")
        recorded = db.execute(
            "SELECT kept_id FROM merged_contacts WHERE old_id = ?", [undo.old_id]
        ).fetchone()
        if recorded is None or recorded[0] != undo.kept_id:
            raise UnmergeError(
                f"{undo.what} cannot come back: the contact kept was merged again since."
            )
        # Rows the merge added go first, then rows come back parents first (contacts). A row
        # it moved that was deleted since stays deleted.
        order = sorted(undo.before, key=lambda t: (t != "contacts", t))
        for table in order:
            for rowid, row in undo.before[table].items():
                if row is None:
                    db.execute(f"DELETE FROM {store.quote(table)} WHERE rowid = ?", [int(rowid)])
        # The rows it removed come back before the rows pointing at them are pointed back.
        for putting_back_removed in (True, False):
            for table in order:
                removed = set(undo.deleted.get(table, []))
                for rowid, row in undo.before[table].items():
                    if row is not None and (rowid in removed) == putting_back_removed:
                        _put_back(db, table, int(rowid), row, putting_back_removed)


def _put_back(db: sqlite_utils.Database, table: str, rowid: int, row: dict, removed: bool) -> None:
    columns = list(row)
    exists = db.execute(f"SELECT 1 FROM {store.quote(table)} WHERE rowid = ?", [rowid]).fetchone()
    try:
        if removed and not exists:
            names = ", ".join(["rowid", *(store.quote(c) for c in columns)])
            marks = ", ".join("?" * (len(columns) + 1))
            db.execute(
                f"INSERT INTO {store.quote(table)} ({names}) VALUES ({marks})",
                [rowid, *(row[c] for c in columns)],
            )
        elif exists:
            assignments = ", ".join(f"{store.quote(c)} = ?" for c in columns)
            db.execute(
                f"UPDATE {store.quote(table)} SET {assignments} WHERE rowid = ?",
                [row[c] for c in columns] + [rowid],
            )
        elif removed:
            raise UnmergeError(f"Something saved since the merge took the place of a {table} row.")
    except sqlite3.IntegrityError as error:
        raise UnmergeError(
            "The two contacts cannot come back apart: something saved since the merge "
            f"stands in the way ({error})."
        ) from error


def merged_into(db: sqlite_utils.Database, contact_id: int) -> dict | None:
    """Where a merged-away contact went: {old_name, kept_id, kept_name}; None if it was not."""
    if "merged_contacts" not in db.table_names() or not isinstance(contact_id, int):
        return None
    rows = list(
        db.query(
            """SELECT m.old_name, m.kept_id, c.name AS kept_name FROM merged_contacts m
            JOIN contacts c ON c.id = m.kept_id WHERE m.old_id = ?""",
            [contact_id],
        )
    )
    return rows[0] if rows else None


# -- The journal: every row a merge touches, as it was ---------------------------------------

_JOURNAL = "fieldwork_merge_journal"


def _journaled_tables(db: sqlite_utils.Database) -> list[tuple[str, list[str]]]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
    tables = []
    for name, sql in rows:
        if (
            name in virtual
            or name in store.NOT_DATA_TABLES
            or any(name.startswith(f"{v}_") for v in virtual)  # a search index's own tables
            or "WITHOUT ROWID" in (sql or "").upper()
        ):
            continue
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({store.quote(name)})")]
        tables.append((name, columns))
    return tables


@contextmanager
def _journal(db: sqlite_utils.Database) -> Iterator[dict[str, dict[str, dict | None]]]:
    """Inside a write: record every data row inserted, updated or deleted, as it was before
    (None for a row that was not there). Temporary triggers on this connection only."""
    before: dict[str, dict[str, dict | None]] = {}
    tables = _journaled_tables(db)
    db.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {_JOURNAL} "
        "(seq INTEGER PRIMARY KEY, tbl TEXT, row_id INTEGER, old_row TEXT)"
    )
    db.execute(f"DELETE FROM temp.{_JOURNAL}")
    names = []
    try:
        for index, (table, columns) in enumerate(tables):
            old = ", ".join(f"'{c}', OLD.{store.quote(c)}" for c in columns)
            for event, row_id, row in (
                ("INSERT", "NEW.rowid", "NULL"),
                ("UPDATE", "OLD.rowid", f"json_object({old})"),
                ("DELETE", "OLD.rowid", f"json_object({old})"),
            ):
                name = f"{_JOURNAL}_{index}_{event.lower()}"
                names.append(name)
                db.execute(
                    f"""CREATE TEMP TRIGGER {name} AFTER {event} ON {store.quote(table)}
                    BEGIN INSERT INTO {_JOURNAL} (tbl, row_id, old_row)
                    VALUES ('{table}', {row_id}, {row}); END"""
                )
        yield before
        for table, row_id, old_row in db.execute(
            f"SELECT tbl, row_id, old_row FROM temp.{_JOURNAL} ORDER BY seq"
        ).fetchall():
            # The first record of a row is how it was before the merge.
            before.setdefault(table, {}).setdefault(
                str(row_id), None if old_row is None else json.loads(old_row)
            )
    finally:
        for name in names:
            db.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
        db.execute(f"DELETE FROM temp.{_JOURNAL}")
