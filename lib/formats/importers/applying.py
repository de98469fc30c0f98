"""Applying a preview: apply_import() creates the new people, fills the empty fields of the
duplicates the person chose to fill, links referrers, creates the organizations rows name, and
records the import (which contacts it created, which fields it filled) so that it can be undone,
all in one transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from lib import clock, contacts, store
from lib.formats.importers.mapping import remember_mapping
from lib.formats.importers.model import (
    ImportResult,
    Preview,
    PreviewRow,
    ResultRow,
    _reason_with_warnings,
)
from lib.text import clean_line

CHOICES = {
    "skip": "Skip it",
    "fill": "Fill in only the empty fields",
    "new": "Import as a new person",
}


# The contact columns an import writes as read: contacts.FIELDS but those it settles itself
# (the name, the organization's id, the referrer, the tags), and the day first known.
_SET_BY_THE_IMPORT = ("name", "organization", "referred_by_id", "tags")
_CONTACT_COLUMNS = (
    *(column for column in contacts.FIELDS if column not in _SET_BY_THE_IMPORT),
    "first_known_on",
)
_CHUNK = 500


def import_tag(source: str, day: date) -> str:
    """The tag every contact of an import carries, e.g. 'import: linkedin 2026-11-28'."""
    return f"import: {source} {day.isoformat()}"


def _nocase(text: str) -> str:
    # SQLite's NOCASE folds ASCII letters only.
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def _organization_ids(
    db: sqlite_utils.Database, names: Iterable[str]
) -> tuple[dict[str, int], list[int]]:
    known = {_nocase(name): oid for oid, name in db.execute("SELECT id, name FROM organizations")}
    missing: dict[str, str] = {}
    for name in names:
        if name and _nocase(name) not in known:
            missing.setdefault(_nocase(name), name)
    created = []
    if missing:
        next_id = (db.execute("SELECT max(id) FROM organizations").fetchone()[0] or 0) + 1
        new_rows = [{"id": next_id + i, "name": name} for i, name in enumerate(missing.values())]
        db["organizations"].insert_all(new_rows, batch_size=_CHUNK)
        for row in new_rows:
            known[_nocase(row["name"])] = row["id"]
            created.append(row["id"])
    return known, created


def _choice_for(choices: dict[int, str] | str | None, line: int, default: str) -> str:
    choice = choices if isinstance(choices, str) else (choices or {}).get(line, default)
    return choice if choice in CHOICES else "skip"


def _current_contacts(db: sqlite_utils.Database, ids: set[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), _CHUNK):
        chunk = id_list[start : start + _CHUNK]
        for row in db.query(
            f"""SELECT id, name, organization_id, referred_by_id, tags,
            {", ".join(_CONTACT_COLUMNS)} FROM contacts
            WHERE id IN (SELECT value FROM json_each(?))""",
            [json.dumps(chunk)],
        ):
            found[row["id"]] = row
    return found


@dataclass
class _Plan:
    """What the rows of a preview come to, gathered before the contacts are written."""

    tag: str
    organizations: dict[str, int]  # organization name (NOCASE) -> id
    next_id: int  # the id the next new person gets
    current: dict[int, dict]  # existing contact id -> its row, as the rows fill it in
    pending: dict[int, dict] = field(default_factory=dict)  # contact id -> record to insert
    line_contact: dict[int, int] = field(default_factory=dict)  # line -> contact it became
    fills: dict[int, dict] = field(default_factory=dict)  # existing id -> {column: written}
    fill_rows: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    outcomes: list[ResultRow] = field(default_factory=list)
    referrals: list[tuple[int, dict]] = field(default_factory=list)  # (contact id, row values)

    def record_for(self, values: dict, contact_id: int) -> dict:
        record = {column: values.get(column) for column in _CONTACT_COLUMNS}
        org = values.get("organization")
        record.update(
            id=contact_id,
            name=values["name"],
            organization_id=self.organizations.get(_nocase(org)) if org else None,
            referred_by_id=None,
            tags=[*values.get("tags", []), self.tag],
        )
        return record

    def import_as_new(self, row: PreviewRow) -> None:
        contact_id = self.next_id
        self.next_id += 1
        self.pending[contact_id] = self.record_for(row.values, contact_id)
        self.line_contact[row.line] = contact_id
        self.referrals.append((contact_id, row.values))
        reason = _reason_with_warnings(
            row.reason + " Imported as a new person." if row.reason else "", row.warnings
        )
        self.outcomes.append(ResultRow(row.line, row.name, "imported", reason, contact_id))

    def skip(self, row: PreviewRow, target: int | None) -> None:
        self.line_contact[row.line] = target
        self.outcomes.append(ResultRow(row.line, row.name, "skipped", row.reason, target))

    def fill_in(self, row: PreviewRow, target: int) -> None:
        """Fill in only the empty fields of the person this row duplicates."""
        self.line_contact[row.line] = target
        if target in self.pending:
            filled = _fill(self.pending[target], row.values, self.organizations)
        else:
            contact = self.current.setdefault(target, {})
            filled = _fill(contact, row.values, self.organizations)
            if filled:
                self.fills.setdefault(target, {}).update(filled)
                self.fill_rows[target].append(row.line)
        self.referrals.append((target, row.values))
        what = ", ".join(filled) if filled else "nothing: no empty field to fill"
        self.outcomes.append(
            ResultRow(
                row.line,
                row.name,
                "filled" if filled else "skipped",
                _reason_with_warnings(f"{row.reason} Filled in {what}.", row.warnings),
                target,
            )
        )


def apply_import(
    db: sqlite_utils.Database,
    preview: Preview,
    choices: dict[int, str] | str | None = None,
    file_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    default: str = "skip",
) -> ImportResult:
    """Write the previewed rows in one transaction and record the import.

    choices: per line 'skip', 'fill' (fill the empty fields of the person it duplicates) or
    'new' (import as another person) for duplicate rows; lines not in it take default
    ('skip'); a single string instead of a dict applies to every duplicate.
    """
    tag = import_tag(preview.source, clock.today())
    file_name = clean_line(file_name or preview.file_name) or "(unnamed file)"
    with store.write(db):
        organizations, created_orgs = _organization_ids(
            db, (r.values.get("organization") or "" for r in preview.rows if r.status != "skipped")
        )
        plan = _plan_rows(db, preview, choices, default, organizations, tag)
        _link_referrers(db, plan)
        created_orgs = _keep_used_organizations(db, plan, created_orgs)
        _insert_new_people(db, plan.pending, progress)
        _write_fills(db, plan, tag)
        interactions = _last_contact_notes(db, plan.pending, plan.referrals)
        import_id = _record_import(db, preview, plan, file_name, tag, created_orgs, interactions)
        if preview.source == "csv":
            remember_mapping(db, preview.headers, preview.mapping)
    if progress:
        progress(max(len(plan.pending), 1), max(len(plan.pending), 1))
    return ImportResult(import_id, tag, preview.source, plan.outcomes)


def _plan_rows(
    db: sqlite_utils.Database,
    preview: Preview,
    choices: dict[int, str] | str | None,
    default: str,
    organizations: dict[str, int],
    tag: str,
) -> _Plan:
    """Each row's outcome: skipped, a new person, or a duplicate skipped or filled in."""
    targets = {
        r.duplicate_of["contact_id"]
        for r in preview.rows
        if r.status == "duplicate" and "contact_id" in (r.duplicate_of or {})
    }
    plan = _Plan(
        tag=tag,
        organizations=organizations,
        next_id=(db.execute("SELECT max(id) FROM contacts").fetchone()[0] or 0) + 1,
        current=_current_contacts(db, targets),
    )
    for row in preview.rows:
        if row.status == "skipped":
            plan.outcomes.append(ResultRow(row.line, row.name, "skipped", row.reason))
            continue
        choice = "new" if row.status == "new" else _choice_for(choices, row.line, default)
        target = None
        if row.status == "duplicate":
            ref = row.duplicate_of or {}
            target = ref.get("contact_id") or plan.line_contact.get(ref.get("line", -1))
        if choice == "new" or target is None and choice == "fill":
            plan.import_as_new(row)
        elif choice == "skip":
            plan.skip(row, target)
        else:
            plan.fill_in(row, target)
    return plan


def _link_referrers(db: sqlite_utils.Database, plan: _Plan) -> None:
    """Referred by: to a contact already known, or to the person another row became."""
    for contact_id, values in plan.referrals:
        referrer = values.get("referrer") or {}
        referrer_id = referrer.get("contact_id") or plan.line_contact.get(referrer.get("line", -1))
        if not referrer_id or referrer_id == contact_id:
            continue
        if contact_id in plan.pending:
            if plan.pending[contact_id]["referred_by_id"] is None:
                plan.pending[contact_id]["referred_by_id"] = referrer_id
        elif plan.current.get(contact_id, {}).get("referred_by_id") is None and not any(
            person["id"] == contact_id for person in contacts.referred_by_chain(db, referrer_id)
        ):
            plan.current[contact_id]["referred_by_id"] = referrer_id
            plan.fills.setdefault(contact_id, {})["referred_by_id"] = referrer_id
            if contact_id not in plan.fill_rows:
                plan.fill_rows[contact_id] = []


def _keep_used_organizations(
    db: sqlite_utils.Database, plan: _Plan, created_orgs: list[int]
) -> list[int]:
    """Organizations that only skipped rows named are not kept; returns the ones kept."""
    used_orgs = {r["organization_id"] for r in plan.pending.values()} | {
        f["organization_id"] for f in plan.fills.values() if "organization_id" in f
    }
    unused = [oid for oid in created_orgs if oid not in used_orgs]
    if unused:
        db.execute(
            "DELETE FROM organizations WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(unused)],
        )
    return [oid for oid in created_orgs if oid in used_orgs]


def _insert_new_people(
    db: sqlite_utils.Database,
    pending: dict[int, dict],
    progress: Callable[[int, int], None] | None,
) -> None:
    records = list(pending.values())
    # Referrers are set once everyone exists: a row may name someone further down the file.
    referred = [(r.pop("referred_by_id"), r["id"]) for r in records]
    for record in records:
        record["tags"] = json.dumps(contacts.parse_tags(record["tags"]), ensure_ascii=False)
    for start in range(0, len(records), _CHUNK):
        db["contacts"].insert_all(records[start : start + _CHUNK], batch_size=_CHUNK)
        if progress:
            progress(min(start + _CHUNK, len(records)), max(len(records), 1))
    db.conn.executemany(
        "UPDATE contacts SET referred_by_id = ? WHERE id = ?",
        [pair for pair in referred if pair[0] is not None],
    )


def _write_fills(db: sqlite_utils.Database, plan: _Plan, tag: str) -> None:
    """Write the filled-in fields, and the import's tag (noted in the fill as tags_added)."""
    for contact_id, changes in plan.fills.items():
        tags = json.loads(plan.current[contact_id].get("tags") or "[]")
        if tag not in tags:
            changes["tags_added"] = [tag]
            update = {k: v for k, v in changes.items() if k != "tags_added"}
            update["tags"] = json.dumps([*tags, tag], ensure_ascii=False)
        else:
            update = {k: v for k, v in changes.items() if k != "tags_added"}
        update["updated_at"] = clock.utc_stamp()
        db["contacts"].update(contact_id, update)


def _record_import(
    db: sqlite_utils.Database,
    preview: Preview,
    plan: _Plan,
    file_name: str,
    tag: str,
    created_orgs: list[int],
    interactions: dict[int, int],
) -> int:
    """The import's record, with what it created and filled for undo_import; returns its id."""
    import_id = (
        db["imports"]
        .insert(
            {
                "file_name": file_name,
                "source": preview.source,
                "file_hash": preview.file_hash,
                "tag": tag,
                "imported_at": clock.utc_stamp(),
                "rows_total": len(preview.rows),
                **_result_counts(plan.outcomes, preview),
            }
        )
        .last_pk
    )
    db["import_changes"].insert_all(_changes(import_id, plan, interactions), batch_size=_CHUNK)
    db["import_organizations"].insert_all(
        ({"import_id": import_id, "organization_id": oid} for oid in created_orgs),
        batch_size=_CHUNK,
    )
    return import_id


def _changes(import_id: int, plan: _Plan, interactions: dict[int, int]) -> list[dict]:
    """The import_changes rows: one per contact created, one per contact filled in."""
    line_of = {o.contact_id: o.line for o in plan.outcomes if o.status == "imported"}
    return [
        {
            "import_id": import_id,
            "line": line_of.get(contact_id),
            "action": "created",
            "contact_id": contact_id,
            "filled": "{}",
            "tags_added": "[]",
            "interaction_id": interactions.get(contact_id),
        }
        for contact_id in plan.pending
    ] + [
        {
            "import_id": import_id,
            "line": plan.fill_rows[contact_id][0] if plan.fill_rows[contact_id] else None,
            "action": "filled",
            "contact_id": contact_id,
            "filled": json.dumps(
                {k: v for k, v in filled.items() if k != "tags_added"}, ensure_ascii=False
            ),
            "tags_added": json.dumps(filled.get("tags_added", []), ensure_ascii=False),
            "interaction_id": None,
        }
        for contact_id, filled in plan.fills.items()
    ]


def _fill(contact: dict, values: dict, organizations: dict[str, int]) -> dict:
    """Copy values into contact's empty fields; return {column: value} for what was filled."""
    filled = {}
    for column in _CONTACT_COLUMNS:
        if values.get(column) and not contact.get(column):
            contact[column] = filled[column] = values[column]
    org = values.get("organization")
    if org and not contact.get("organization_id"):
        contact["organization_id"] = filled["organization_id"] = organizations[_nocase(org)]
    tags = contact.get("tags")
    if isinstance(tags, list):  # a contact this import is creating
        for tag in values.get("tags", []):
            if tag not in tags:
                tags.append(tag)
    elif values.get("tags") and not json.loads(tags or "[]"):
        filled["tags"] = json.dumps(values["tags"], ensure_ascii=False)
        contact["tags"] = filled["tags"]
    return filled


def _last_contact_notes(
    db: sqlite_utils.Database, pending: dict[int, dict], referrals: list[tuple[int, dict]]
) -> dict[int, int]:
    """A dated note for each new contact whose row had a last contact date, so their last
    touch shows on Contacts; returns {contact id: interaction id}."""
    wanted = {}
    for contact_id, values in referrals:
        day = values.get("last_contact_on")
        if day and contact_id in pending and contact_id not in wanted:
            wanted[contact_id] = day
    if not wanted:
        return {}
    next_id = (db.execute("SELECT max(id) FROM interactions").fetchone()[0] or 0) + 1
    rows = [
        {
            "id": next_id + i,
            "contact_id": contact_id,
            "kind": "note",
            "occurred_on": day,
            "summary": "Last contact before Fieldwork (from an import).",
        }
        for i, (contact_id, day) in enumerate(wanted.items())
    ]
    db["interactions"].insert_all(rows, batch_size=_CHUNK)
    return {row["contact_id"]: row["id"] for row in rows}


def _result_counts(outcomes: list[ResultRow], preview: Preview) -> dict[str, int]:
    counts = preview.counts
    return {
        "created_count": sum(1 for o in outcomes if o.status == "imported"),
        "filled_count": sum(1 for o in outcomes if o.status == "filled"),
        "skipped_count": sum(1 for o in outcomes if o.status == "skipped"),
        "duplicate_count": counts["duplicate"],
        "warning_count": counts["warning"],
    }
