"""CSV export of contacts, conversations, interactions and board items, safe to open in a spreadsheet.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) get a leading single quote. Private notes are left out unless asked for explicitly.
"""

from __future__ import annotations

import csv
import io
import json

import sqlite_utils

from lib import vocab

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_CONTACTS = """SELECT c.id, c.name, c.role, o.name AS organization, c.industry, c.email, c.phone,
    c.linkedin_url, c.location, c.how_found, r.name AS referred_by, c.hook, c.tags, c.status,
    c.created_at{private}
    FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN contacts r ON r.id = c.referred_by_id ORDER BY c.id"""
_CONVERSATIONS = """SELECT v.id, v.held_on, c.name AS contact, o.name AS organization, v.mode,
    v.duration_minutes, v.notes, v.takeaways, v.still_interested, v.alternative_role{private}
    FROM conversations v JOIN contacts c ON c.id = v.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id ORDER BY v.held_on, v.id"""
_INTERACTIONS = """SELECT i.id, i.occurred_on, c.name AS contact, i.kind, i.summary
    FROM interactions i JOIN contacts c ON c.id = i.contact_id ORDER BY i.occurred_on, i.id"""
# Everyone who recommended an item, first recommendation first ("Hana Sato; Jonas Weber").
_BOARD = """SELECT b.id, b.kind, b.title, b.detail, b.url, b.status, b.done_on, b.outcome,
    (SELECT group_concat(name, '; ') FROM (
        SELECT c.name FROM board_recommendations x JOIN contacts c ON c.id = x.contact_id
        WHERE x.item_id = b.id GROUP BY c.id ORDER BY min(x.recommended_on), min(x.id)))
        AS recommended_by, b.created_at
    FROM research_items b ORDER BY b.id"""

EXPORTS = {
    "contacts": ("Contacts", _CONTACTS, "c.private_notes"),
    "conversations": ("Conversations", _CONVERSATIONS, "v.private_notes"),
    "interactions": ("Interactions", _INTERACTIONS, None),
    "board": ("Research board items", _BOARD, None),
}
LABELS = {
    "how_found": vocab.HOW_FOUND,
    "mode": vocab.MODES,
    "still_interested": vocab.INTEREST,
    "kind": None,  # interactions and board items share the column name; see _label
    "status": None,
}


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would treat as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _label(export: str, column: str, value: object) -> object:
    if value is None:
        return ""
    if column == "tags":
        return ", ".join(json.loads(value or "[]"))
    if column == "kind":
        table = vocab.INTERACTION_KINDS if export == "interactions" else vocab.ITEM_KINDS
        return vocab.label(table, value)
    if column == "status":
        table = vocab.CONTACT_STATUS if export == "contacts" else vocab.ITEM_STATUS
        return vocab.label(table, value)
    if column in LABELS and LABELS[column]:
        return vocab.label(LABELS[column], value)
    return value


def export_csv(db: sqlite_utils.Database, export: str, include_private: bool = False) -> str:
    """One table as CSV text, with labels for stored codes and formula cells neutralised."""
    if export not in EXPORTS:
        raise ValueError(f"Unknown export: {export}. Choose one of {', '.join(EXPORTS)}.")
    _, sql, private_column = EXPORTS[export]
    private = f", {private_column} AS private_notes" if include_private and private_column else ""
    cursor = db.execute(sql.format(private=private))
    columns = [d[0] for d in cursor.description]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in cursor:
        writer.writerow(
            neutralise(_label(export, column, value))
            for column, value in zip(columns, row, strict=True)
        )
    return out.getvalue()


def file_name(export: str, day) -> str:
    """fieldwork-contacts-2026-11-25.csv"""
    return f"fieldwork-{export}-{day.isoformat()}.csv"
