"""The duplicates world the merge tests share: one person twice (a LinkedIn connection and a
card typed by hand), each half with history of its own, and a dump of every table to compare
a database before and after."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlite_utils

from lib import conversations, followups, paths, schedule, store
from lib.contacts import log_interaction, save_contact
from tests.support.days import TODAY


def build_pair(database: sqlite_utils.Database) -> dict[str, int]:
    """Ana Ruiz twice (same email, at Brightline), with everything a contact can have.

    kept: Ana Ruiz, typed by hand, an outreach last week and a hook.
    old: "Ana Ruiz-Gómez" from LinkedIn (same email, a phone, a LinkedIn URL), referred by
    Dev, who referred Sam; a conversation (with a path link and a book recommended), its
    thank-you task, a scheduled call, a board item about her, private notes, tags.
    Also Ben Okoye (no duplicate) and Carla Diaz twice at another organization, by name.
    """
    dev = save_contact(database, {"name": "Dev Patel", "organization": "Gridworks"})
    kept = save_contact(
        database,
        {
            "name": "Ana Ruiz",
            "organization": "Brightline",
            "email": "ana@brightline.example",
            "hook": "Her talk on community solar",
            "tags": "solar",
            "private_notes": "Prefers mornings.",
        },
    )
    old = save_contact(
        database,
        {
            "name": "Ana Ruiz-Gómez",
            "role": "Head of Partnerships",
            "organization": "Brightline Inc",
            "email": "ANA@brightline.example",
            "phone": "+1 415 555 0100",
            "linkedin_url": "linkedin.com/in/ana-ruiz",
            "how_found": "referral",
            "referred_by_id": dev,
            "tags": "linkedin, solar",
            "private_notes": "Met at the spring meetup.",
        },
    )
    sam = save_contact(database, {"name": "Sam Lee", "referred_by_id": old})
    ben = save_contact(database, {"name": "Ben Okoye", "organization": "Tidewater"})
    carla = save_contact(database, {"name": "Carla Diaz", "organization": "Tidewater"})
    carla_again = save_contact(database, {"name": "Diaz Carla", "organization": "Tidewater"})
    log_interaction(database, kept, "outreach", TODAY - timedelta(days=6), "Asked for 20 minutes")
    log_interaction(database, old, "outreach", TODAY - timedelta(days=20), "LinkedIn note")
    log_interaction(database, old, "reply", TODAY - timedelta(days=18), "Happy to talk")
    path = paths.create_path(database, {"name": "Community energy"}, today=TODAY)
    conversation = conversations.save_conversation(
        database,
        old,
        {"held_on": TODAY - timedelta(days=2), "mode": "video", "takeaways": "Learn GIS"},
        recommendations=[conversations.Recommendation("book", "Drawdown")],
        today=TODAY,
        path_links=[paths.PathLink(path_id=path, appeals="Local impact")],
    )
    database["research_items"].insert({"kind": "person", "title": "Ana's team", "contact_id": old})
    schedule.schedule(
        database,
        old,
        {"day": TODAY + timedelta(days=3), "time": time(10, 0), "mode": "video"},
        now=datetime.combine(TODAY, time(9, 0), UTC),
    )
    followups.sync_tasks(database, TODAY)
    return {
        "dev": dev,
        "kept": kept,
        "old": old,
        "sam": sam,
        "ben": ben,
        "carla": carla,
        "carla_again": carla_again,
        "conversation": conversation,
    }


def build_pair_file(db_path) -> dict[str, int]:
    """build_pair on a new data file at db_path."""
    database = store.open_database(db_path)
    try:
        return build_pair(database)
    finally:
        database.close()


def dump(database: sqlite_utils.Database) -> dict[str, list[tuple]]:
    """Every table's rows (search indexes and the revision counter aside), sorted, to compare."""
    rows = database.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
    tables = sorted(
        name
        for name, _ in rows
        if name not in virtual
        and name not in store.NOT_DATA_TABLES
        and not any(name.startswith(f"{v}_") for v in virtual)
    )
    found = {
        table: sorted(database.execute(f"SELECT rowid, * FROM [{table}]").fetchall(), key=repr)
        for table in tables
    }
    # What search finds: the contacts' index, as SQLite reads it.
    found["contacts_fts"] = sorted(
        database.execute("SELECT rowid, * FROM contacts_fts").fetchall(), key=repr
    )
    return found
