"""Undoing an import: the list of imports, what now stands in the way of undoing one (something
attached since to a person it created), and undo_import(), which removes the contacts it
created, clears the fields it filled unless changed since, and drops the organizations it
created that nothing uses any more.
"""

from __future__ import annotations

import json

import sqlite_utils

from lib import clock, store
from lib.formats.importers.applying import _CONTACT_COLUMNS
from lib.formats.importers.model import UndoRefused


def list_imports(db: sqlite_utils.Database) -> list[dict]:
    """Every import, newest first: file, source, when, counts, and whether it was undone."""
    if not db["imports"].exists():
        return []
    return list(
        db.query(
            """SELECT id, file_name, source, tag, imported_at, rows_total, created_count,
            filled_count, duplicate_count, skipped_count, warning_count, undone_at
            FROM imports ORDER BY id DESC"""
        )
    )


_ATTACHMENT_WORDS = {
    "conversations": "a conversation",
    "interactions": "an interaction",
    "research_items": "a board item",
    "board_recommendations": "a recommendation on the board",
    "followups": "a follow-up",
    "contacts": "a contact they referred",
    "scheduled_conversations": "a scheduled conversation",
}


def _references(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at table."""
    found = []
    for other in db.table_names():
        if other.startswith(("import_", "sqlite_")) or other == "imports":
            continue
        for key in db[other].foreign_keys:
            if key.other_table == table:
                found.append((other, key.column))
    return found


def undo_blockers(db: sqlite_utils.Database, import_id: int) -> list[str]:
    """Why an import cannot be undone (empty when it can)."""
    record = db.execute("SELECT undone_at FROM imports WHERE id = ?", [import_id]).fetchone()
    if record is None:
        return ["There is no such import."]
    if record[0]:
        return [f"This import was already undone on {record[0][:10]}."]
    created = [
        r[0]
        for r in db.execute(
            "SELECT contact_id FROM import_changes WHERE import_id = ? AND action = 'created'",
            [import_id],
        )
    ]
    own_interactions = [
        r[0]
        for r in db.execute(
            "SELECT interaction_id FROM import_changes WHERE import_id = ? "
            "AND interaction_id IS NOT NULL",
            [import_id],
        )
    ]
    ids = json.dumps(created)
    blockers = []
    for table, column in _references(db, "contacts"):
        sql = (
            f"SELECT DISTINCT c.name FROM [{table}] t JOIN contacts c ON c.id = t.[{column}] "
            f"WHERE t.[{column}] IN (SELECT value FROM json_each(:ids))"
        )
        if table == "contacts":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:ids))"
        if table == "interactions":
            sql += " AND t.id NOT IN (SELECT value FROM json_each(:own))"
        names = [r[0] for r in db.execute(sql, {"ids": ids, "own": json.dumps(own_interactions)})]
        if names:
            what = _ATTACHMENT_WORDS.get(table, f"a {table.replace('_', ' ')} row")
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            blockers.append(f"{shown} now {'has' if len(names) == 1 else 'have'} {what}.")
    return blockers


def undo_import(db: sqlite_utils.Database, import_id: int) -> dict[str, int]:
    """Remove the contacts an import created and clear the fields it filled.

    Refuses (UndoRefused) when something was attached to one of its people since.
    Returns {"removed": contacts deleted, "cleared": fields emptied}.
    """
    with store.write(db):
        blockers = undo_blockers(db, import_id)
        if blockers:
            raise UndoRefused("This import cannot be undone: " + " ".join(blockers))
        changes = list(db.query("SELECT * FROM import_changes WHERE import_id = ?", [import_id]))
        created = json.dumps([c["contact_id"] for c in changes if c["action"] == "created"])
        own = json.dumps([c["interaction_id"] for c in changes if c["interaction_id"]])
        db.execute("DELETE FROM interactions WHERE id IN (SELECT value FROM json_each(?))", [own])
        db.execute(
            "UPDATE contacts SET referred_by_id = NULL "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [created],
        )
        removed = db.execute(
            "DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?))", [created]
        ).rowcount
        cleared = 0
        for change in changes:
            if change["action"] != "filled":
                continue
            cleared += _unfill(db, change)
        organization_ids = [
            r[0]
            for r in db.execute(
                "SELECT organization_id FROM import_organizations WHERE import_id = ?",
                [import_id],
            )
        ]
        _drop_unused_organizations(db, organization_ids)
        db["imports"].update(import_id, {"undone_at": clock.utc_stamp()})
    return {"removed": max(removed, 0), "cleared": cleared}


def _unfill(db: sqlite_utils.Database, change: dict) -> int:
    contact = db.execute(
        f"SELECT organization_id, referred_by_id, tags, {', '.join(_CONTACT_COLUMNS)} "
        "FROM contacts WHERE id = ?",
        [change["contact_id"]],
    ).fetchone()
    if contact is None:
        return 0
    columns = ["organization_id", "referred_by_id", "tags", *_CONTACT_COLUMNS]
    now = dict(zip(columns, contact, strict=True))
    filled = json.loads(change["filled"])
    update: dict = {}
    # A field the person changed since keeps their change.
    for column, written in filled.items():
        if column != "tags" and column in now and now[column] == written:
            update[column] = None
    added = set(json.loads(change["tags_added"]))
    tags = [t for t in json.loads(now["tags"] or "[]") if t not in added]
    if "tags" in filled and tags == json.loads(filled["tags"]):
        tags = []
    cleared = len(update) + (1 if "tags" in filled and not tags else 0)
    if json.dumps(tags, ensure_ascii=False) != (now["tags"] or "[]"):
        update["tags"] = json.dumps(tags, ensure_ascii=False)
    if update:
        update["updated_at"] = clock.utc_stamp()
        db["contacts"].update(change["contact_id"], update)
    return cleared


def _drop_unused_organizations(db: sqlite_utils.Database, organization_ids: list[int]) -> None:
    if not organization_ids:
        return
    conditions = [
        f"NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.[{column}] = o.id)"
        for table, column in _references(db, "organizations")
    ]
    # Kept when the person has since given it a score, a website or notes.
    conditions += [
        "o.motivation IS NULL",
        "o.posting IS NULL",
        "o.website IS NULL",
        "o.notes IS NULL",
    ]
    db.execute(
        f"""DELETE FROM organizations WHERE id IN (
            SELECT o.id FROM organizations o
            WHERE o.id IN (SELECT value FROM json_each(?)) AND {" AND ".join(conditions)})""",
        [json.dumps(organization_ids)],
    )
