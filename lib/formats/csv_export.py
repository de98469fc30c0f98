"""CSV export of contacts, conversations, interactions, board items, scheduled conversations and
paths (with their evidence), safe to open in a spreadsheet.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) get a leading single quote. Private notes are left out unless asked for explicitly.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
_BOARD = """SELECT b.id, b.kind, b.title, b.detail, b.url, b.status, b.done_on, b.outcome,
    r.name AS recommended_by, b.created_at
    FROM research_items b LEFT JOIN contacts r ON r.id = b.recommended_by_id ORDER BY b.id"""
# starts_local is filled from starts_utc and time_zone (the zone it was planned in).
_SCHEDULED = """SELECT s.id, s.starts_at AS starts_local, s.time_zone, s.starts_at AS starts_utc,
    c.name AS contact, o.name AS organization, s.planned_minutes, s.mode, s.place_or_link,
    s.status, (SELECT group_concat(name, ', ') FROM (SELECT p.name FROM scheduled_paths sp
        JOIN paths p ON p.id = sp.path_id WHERE sp.scheduled_id = s.id ORDER BY p.name)) AS paths,
    v.held_on AS held_on, s.created_at
    FROM scheduled_conversations s JOIN contacts c ON c.id = s.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN conversations v ON v.id = s.conversation_id ORDER BY s.starts_at, s.id"""
_PATHS = """SELECT p.id, p.name, p.description, p.status,
    (SELECT count(*) FROM conversation_paths cp WHERE cp.path_id = p.id) AS conversations,
    (SELECT count(*) FROM conversation_paths cp WHERE cp.path_id = p.id
        AND cp.still_interested = 'yes') AS still_interested_yes,
    (SELECT count(*) FROM conversation_paths cp WHERE cp.path_id = p.id
        AND cp.still_interested = 'maybe') AS still_interested_maybe,
    (SELECT count(*) FROM conversation_paths cp WHERE cp.path_id = p.id
        AND cp.still_interested = 'no') AS still_interested_no,
    (SELECT count(*) FROM research_items r WHERE r.path_id = p.id) AS board_items,
    (SELECT count(*) FROM path_questions q WHERE q.path_id = p.id
        AND q.answered_on IS NULL) AS open_questions,
    (SELECT max(changed_on) FROM path_status_changes h WHERE h.path_id = p.id)
        AS status_changed_on,
    p.created_at
    FROM paths p ORDER BY p.name COLLATE NOCASE"""
_PATH_EVIDENCE = """SELECT p.name AS path, v.held_on, c.name AS contact, o.name AS organization,
    cp.still_interested, cp.appeals, cp.hard_parts, v.id AS conversation_id
    FROM conversation_paths cp JOIN paths p ON p.id = cp.path_id
    JOIN conversations v ON v.id = cp.conversation_id JOIN contacts c ON c.id = v.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    ORDER BY p.name COLLATE NOCASE, v.held_on, v.id"""

EXPORTS = {
    "contacts": ("Contacts", _CONTACTS, "c.private_notes"),
    "conversations": ("Conversations", _CONVERSATIONS, "v.private_notes"),
    "interactions": ("Interactions", _INTERACTIONS, None),
    "board": ("Research board items", _BOARD, None),
    "scheduled": ("Scheduled conversations", _SCHEDULED, None),
    "paths": ("Paths", _PATHS, None),
    "path_evidence": ("Path evidence", _PATH_EVIDENCE, None),
}
STATUS_LABELS = {
    "contacts": vocab.CONTACT_STATUS,
    "board": vocab.ITEM_STATUS,
    "scheduled": {"scheduled": "Scheduled", "held": "Held", "cancelled": "Cancelled"},
    "paths": vocab.PATH_STATUS,
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
        return vocab.label(STATUS_LABELS.get(export, vocab.ITEM_STATUS), value)
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
        values = dict(zip(columns, row, strict=True))
        if "starts_local" in values:
            values["starts_local"] = local_start(values["starts_utc"], values["time_zone"])
        writer.writerow(neutralise(_label(export, column, values[column])) for column in columns)
    return out.getvalue()


def local_start(stamp: str | None, zone: str | None) -> str:
    """A stored UTC start as 'YYYY-MM-DD HH:MM' in the zone it was planned in ('' if unreadable)."""
    try:
        moment = datetime.strptime(stamp or "", "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return f"{moment.astimezone(ZoneInfo(zone or 'UTC')):%Y-%m-%d %H:%M}"
    except (ValueError, ZoneInfoNotFoundError, OSError, UnicodeError):
        return ""


def file_name(export: str, day) -> str:
    """fieldwork-contacts-2026-11-25.csv"""
    return f"fieldwork-{export}-{day.isoformat()}.csv"
