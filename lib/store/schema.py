"""The schema: Fieldwork's own ordered list of frozen migrations, and how they run.

MIGRATIONS is the list, in the order the steps run; each step is a function registered with
@migration(). Applied steps are recorded in the `_sqlite_migrations` table as sqlite-utils'
Migrations records them (migration set "fieldwork"), so files written by earlier versions
read the same. A step is frozen the day it ships: it never imports live vocabularies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlite_utils
from sqlite_utils import Migrations

from lib import clock
from lib.store.connection import StoreError, quote, write

MIGRATION_SET = "fieldwork"
MIGRATIONS_TABLE = Migrations.migrations_table


@dataclass(frozen=True)
class Migration:
    """One schema step: its name, the function that applies it, and whether it runs inside
    the store's write transaction (False: it runs its own, and must be safe to run twice)."""

    name: str
    apply: Callable[[sqlite_utils.Database], None]
    transactional: bool = True


MIGRATIONS: list[Migration] = []


def migration(transactional: bool = True):
    """Register the decorated function as the next schema step, named after the function."""

    def register(function: Callable[[sqlite_utils.Database], None]):
        if any(step.name == function.__name__ for step in MIGRATIONS):
            raise ValueError(f"Migration {function.__name__} is registered twice")
        MIGRATIONS.append(Migration(function.__name__, function, transactional))
        return function

    return register


def migrate(db: sqlite_utils.Database, stop_before: str | None = None) -> None:
    """Apply pending migrations in order; safe on every start, and from two sessions at once.

    Each step is checked and applied under the write lock (a transactional step together
    with its record), so a second tab or process opening the file at the same moment waits,
    then finds the step done, instead of failing on a table that already exists. A step
    marked transactional=False runs its own transactions and must be safe to run twice.
    """
    if not pending(db):
        return
    with write(db):
        Migrations(MIGRATION_SET).ensure_migrations_table(db)
    for step in MIGRATIONS:
        if step.name == stop_before:
            return
        if step.transactional:
            with write(db):
                if not _applied(db, step.name):
                    step.apply(db)
                    _record_applied(db, step.name)
        elif not _applied(db, step.name):
            step.apply(db)
            with write(db):
                _record_applied(db, step.name)


def _applied(db: sqlite_utils.Database, name: str) -> bool:
    return bool(
        db.execute(
            f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? AND name = ?",
            [MIGRATION_SET, name],
        ).fetchone()
    )


def _record_applied(db: sqlite_utils.Database, name: str) -> None:
    # Written as sqlite-utils' Migrations records it; OR IGNORE: a racing twin already did.
    db.execute(
        f"INSERT OR IGNORE INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) "
        "VALUES (?, ?, ?)",
        [MIGRATION_SET, name, str(clock.now_utc())],
    )


def schema_version(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations applied to db, oldest first (read only)."""
    if not db[MIGRATIONS_TABLE].exists():
        return []
    rows = db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    ).fetchall()
    return [row[0] for row in rows]


def known_migrations() -> list[str]:
    """Names of the migrations this version of Fieldwork knows, oldest first."""
    return [step.name for step in MIGRATIONS]


def pending(db: sqlite_utils.Database) -> list[Migration]:
    """The steps this version knows that db has not had yet, in order (read only)."""
    applied = set(schema_version(db))
    return [step for step in MIGRATIONS if step.name not in applied]


def _check(column: str, values: Iterable[str], nullable: bool = False) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    clause = f"{column} IN ({quoted})"
    return f"CHECK ({column} IS NULL OR {clause})" if nullable else f"CHECK ({clause})"


# Tables are written as SQL here because sqlite-utils' create() has no CHECK constraints,
# and the fixed vocabularies must be enforced by SQLite itself. A later change to a
# vocabulary needs a new migration that rebuilds the table (as m010 does for paths), never
# an edit of this one. A rebuild (by hand or with table.transform) drops the table's
# triggers: the migration must end with recreate_triggers(db), or new rows never reach
# search and cached pages go stale.
@migration()
def m001_core_schema(db: sqlite_utils.Database) -> None:
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    # The vocabularies as they were when this migration shipped, written out: it is frozen,
    # and lib/vocab.py moves on (paths got new statuses in m010).
    org_status = ("active", "on_hold", "ruled_out")
    how_found = ("referral", "alumni", "article", "event", "linkedin", "cold")
    contact_status = ("active", "archived")
    modes = ("in_person", "phone", "video", "email")
    interest = ("yes", "maybe", "no")
    interaction_kinds = (
        "outreach",
        "follow_up",
        "reply",
        "call",
        "note",
        "thank_you",
        "update",
        "keep_in_touch",
    )
    tiara = ("trends", "insights", "advice", "resources", "assignments")
    path_status = ("exploring", "pursuing", "set_aside")
    item_kinds = ("book", "organization", "role", "person", "event", "other")
    item_status = ("todo", "doing", "done", "dropped")
    task_kinds = ("thank_you", "one_month_update", "next_contact", "follow_up", "keep_in_touch")
    task_status = ("open", "done", "skipped", "cancelled")
    statements = [
        f"""CREATE TABLE organizations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            industry TEXT,
            website TEXT,
            motivation INTEGER CHECK (motivation IS NULL OR motivation BETWEEN 0 AND 3),
            posting INTEGER CHECK (posting IS NULL OR posting BETWEEN 1 AND 3),
            status TEXT NOT NULL DEFAULT 'active' {_check("status", org_status)},
            notes TEXT,
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            role TEXT,
            organization_id INTEGER REFERENCES organizations(id),
            industry TEXT,
            email TEXT,
            phone TEXT,
            linkedin_url TEXT,
            location TEXT,
            how_found TEXT {_check("how_found", how_found, nullable=True)},
            referred_by_id INTEGER REFERENCES contacts(id),
            hook TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            private_notes TEXT,
            status TEXT NOT NULL DEFAULT 'active' {_check("status", contact_status)},
            archived_at TEXT,
            created_at TEXT NOT NULL DEFAULT {now},
            updated_at TEXT NOT NULL DEFAULT {now},
            CHECK (referred_by_id IS NULL OR referred_by_id != id)
        )""",
        f"""CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            held_on TEXT NOT NULL,
            mode TEXT NOT NULL {_check("mode", modes)},
            duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes >= 0),
            notes TEXT,
            private_notes TEXT,
            takeaways TEXT,
            still_interested TEXT {_check("still_interested", interest, nullable=True)},
            alternative_role TEXT,
            created_at TEXT NOT NULL DEFAULT {now},
            updated_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            kind TEXT NOT NULL {_check("kind", interaction_kinds)},
            occurred_on TEXT NOT NULL,
            summary TEXT,
            conversation_id INTEGER REFERENCES conversations(id),
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            category TEXT NOT NULL {_check("category", tiara)},
            position INTEGER NOT NULL DEFAULT 0,
            retired_at TEXT,
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        # question_text keeps the wording asked at the time, even if the bank is reworded later.
        """CREATE TABLE conversation_answers (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            question_id INTEGER REFERENCES questions(id),
            question_text TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )""",
        f"""CREATE TABLE paths (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            description TEXT,
            status TEXT NOT NULL DEFAULT 'exploring' {_check("status", path_status)},
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE conversation_paths (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            path_id INTEGER NOT NULL REFERENCES paths(id),
            still_interested TEXT {_check("still_interested", interest, nullable=True)},
            appeals TEXT,
            hard_parts TEXT,
            PRIMARY KEY (conversation_id, path_id)
        )""",
        f"""CREATE TABLE research_items (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL {_check("kind", item_kinds)},
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            detail TEXT,
            url TEXT,
            recommended_by_id INTEGER REFERENCES contacts(id),
            conversation_id INTEGER REFERENCES conversations(id),
            path_id INTEGER REFERENCES paths(id),
            status TEXT NOT NULL DEFAULT 'todo' {_check("status", item_status)},
            done_on TEXT,
            outcome TEXT,
            contact_id INTEGER REFERENCES contacts(id),
            created_at TEXT NOT NULL DEFAULT {now},
            updated_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL {_check("kind", task_kinds)},
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            conversation_id INTEGER REFERENCES conversations(id),
            interaction_id INTEGER REFERENCES interactions(id),
            due_on TEXT NOT NULL,
            snoozed_until TEXT,
            status TEXT NOT NULL DEFAULT 'open' {_check("status", task_status)},
            done_at TEXT,
            done_interaction_id INTEGER REFERENCES interactions(id),
            skip_reason TEXT,
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE weekly_goals (
            id INTEGER PRIMARY KEY,
            starts_on TEXT NOT NULL UNIQUE,
            outreaches INTEGER NOT NULL DEFAULT 0 CHECK (outreaches >= 0),
            conversations INTEGER NOT NULL DEFAULT 0 CHECK (conversations >= 0),
            thank_yous INTEGER NOT NULL DEFAULT 0 CHECK (thank_yous >= 0),
            items_done INTEGER NOT NULL DEFAULT 0 CHECK (items_done >= 0),
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE weekly_reviews (
            week_start TEXT PRIMARY KEY,
            learned TEXT,
            next_week TEXT,
            coach_comment TEXT,
            coach_commented_at TEXT,
            updated_at TEXT NOT NULL DEFAULT {now}
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        )""",
    ]
    for statement in statements:
        db.execute(statement)


@migration()
def m002_indexes(db: sqlite_utils.Database) -> None:
    # Lists, timelines and due lists filter on these; they keep pages fast at 100k rows.
    indexes = {
        "contacts": [["status", "name"], ["organization_id"], ["referred_by_id"], ["how_found"]],
        "conversations": [["contact_id", "held_on"], ["held_on"]],
        "interactions": [["contact_id", "occurred_on"], ["kind", "occurred_on"]],
        "conversation_answers": [["conversation_id", "position"]],
        "research_items": [["status", "kind"], ["recommended_by_id"], ["conversation_id"]],
        "followups": [["status", "due_on"], ["contact_id"], ["conversation_id"]],
        "questions": [["retired_at", "position"]],
    }
    for table, column_sets in indexes.items():
        for columns in column_sets:
            db[table].create_index(columns, if_not_exists=True)


@migration()
def m003_question_bank(db: sqlite_utils.Database) -> None:
    # The starter questions as they shipped, written out: this migration is frozen, and
    # lib/questions.py's STARTER_QUESTIONS may be reworded for new files later.
    starter_questions = [
        ("insights", "How did you get into your current role?"),
        ("insights", "What does a typical week look like for you?"),
        ("insights", "What are the most difficult parts of this work?"),
        ("insights", "What has surprised you most about this field?"),
        ("trends", "What trends are changing this field right now?"),
        ("trends", "Where do you see the field heading in the next few years?"),
        ("advice", "If you were starting out today, what would you do differently?"),
        ("advice", "Are there related roles that might fit someone with my background better?"),
        ("resources", "Who else would be good for me to speak with?"),
        ("resources", "Are there books or articles I should read about this industry?"),
        ("resources", "Which professional organizations are active in this field?"),
        ("resources", "Are there events or meetings I should attend?"),
        ("assignments", "What project or task would best test whether I would enjoy this work?"),
    ]
    if db["questions"].count:
        return
    db["questions"].insert_all(
        {"text": text, "category": category, "position": position}
        for position, (category, text) in enumerate(starter_questions, start=1)
    )


@migration()
def m004_search(db: sqlite_utils.Database) -> None:
    # Full-text search over everything a person writes; triggers keep it in sync on every save.
    # The column lists are frozen here; lib/search.py decides which of them are private.
    searchable = {
        "contacts": ["name", "role", "hook", "tags", "private_notes"],
        "conversations": ["notes", "takeaways", "alternative_role", "private_notes"],
        "conversation_answers": ["question_text", "answer"],
        "interactions": ["summary"],
        "research_items": ["title", "detail", "outcome"],
    }
    for table, columns in searchable.items():
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )


@migration()
def m005_followup_task_keys(db: sqlite_utils.Database) -> None:
    # One task per (kind, outreach), per (kind, conversation) and per keep-in-touch due day, so
    # two sessions syncing at once cannot create the same derived task twice.
    keys = {
        "followups_outreach_task": ("interaction_id, kind", "interaction_id IS NOT NULL"),
        "followups_conversation_task": ("kind, conversation_id", "conversation_id IS NOT NULL"),
        "followups_keep_in_touch_task": ("contact_id, due_on", "kind = 'keep_in_touch'"),
    }
    for name, (columns, where) in keys.items():
        db.execute(
            f"""DELETE FROM followups WHERE {where} AND id NOT IN (
                SELECT min(id) FROM followups WHERE {where} GROUP BY {columns})"""
        )
        db.execute(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON followups({columns}) WHERE {where}"
        )


@migration()
def m006_data_revision_and_read_indexes(db: sqlite_utils.Database) -> None:
    # A one-row revision that every write bumps, so pages can cache derived frames keyed by
    # (file, revision) and never show a stale one after a write from any session. The stamp
    # is random per write: a rolled-back write or a restored older copy never reuses a key.
    db.execute(
        """CREATE TABLE IF NOT EXISTS data_revision (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            number INTEGER NOT NULL,
            stamp TEXT NOT NULL
        )"""
    )
    db.execute(
        "INSERT OR IGNORE INTO data_revision (id, number, stamp) "
        "VALUES (1, 0, lower(hex(randomblob(8))))"
    )
    # Every table a person's data lived in when this shipped; frozen, written out.
    user_tables = (
        "organizations",
        "contacts",
        "conversations",
        "interactions",
        "questions",
        "conversation_answers",
        "paths",
        "conversation_paths",
        "research_items",
        "followups",
        "weekly_goals",
        "weekly_reviews",
        "settings",
    )
    for table in user_tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()}
                AFTER {event} ON {table} BEGIN
                    UPDATE data_revision SET number = number + 1,
                        stamp = lower(hex(randomblob(8))) WHERE id = 1;
                END"""
            )
    # The charts look up each contact's first outreach, reply and follow-up by kind; the LAMP
    # list and funnel count per contact. These make those lookups index-only.
    db["interactions"].create_index(["contact_id", "kind", "occurred_on"], if_not_exists=True)
    db["interactions"].create_index(["kind", "contact_id", "occurred_on"], if_not_exists=True)


@migration()
def m008_import_records(db: sqlite_utils.Database) -> None:
    # Every import is recorded with what it changed, so "Undo this import" removes exactly the
    # contacts it created and clears exactly the fields it filled. import_changes keeps plain
    # contact ids (no foreign key): the record outlives the contacts an undo deletes.
    # Sources are written out here: this migration is frozen.
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS imports (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            source TEXT NOT NULL
                CHECK (source IN ('linkedin', 'google', 'outlook', 'csv', 'vcard')),
            file_hash TEXT NOT NULL,
            tag TEXT NOT NULL,
            imported_at TEXT NOT NULL DEFAULT {now},
            rows_total INTEGER NOT NULL DEFAULT 0,
            created_count INTEGER NOT NULL DEFAULT 0,
            filled_count INTEGER NOT NULL DEFAULT 0,
            duplicate_count INTEGER NOT NULL DEFAULT 0,
            skipped_count INTEGER NOT NULL DEFAULT 0,
            warning_count INTEGER NOT NULL DEFAULT 0,
            undone_at TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS import_changes (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            line INTEGER,
            action TEXT NOT NULL CHECK (action IN ('created', 'filled')),
            contact_id INTEGER NOT NULL,
            filled TEXT NOT NULL DEFAULT '{}',
            tags_added TEXT NOT NULL DEFAULT '[]',
            interaction_id INTEGER
        )""",
        """CREATE TABLE IF NOT EXISTS import_organizations (
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            organization_id INTEGER NOT NULL,
            PRIMARY KEY (import_id, organization_id)
        )""",
        """CREATE TABLE IF NOT EXISTS import_mappings (
            header_key TEXT PRIMARY KEY,
            headers TEXT NOT NULL,
            mapping TEXT NOT NULL,
            updated_at TEXT
        )""",
        "CREATE INDEX IF NOT EXISTS import_changes_import ON import_changes(import_id)",
        "CREATE INDEX IF NOT EXISTS import_changes_contact ON import_changes(contact_id)",
        "CREATE INDEX IF NOT EXISTS imports_file_hash ON imports(file_hash)",
    ]
    for statement in statements:
        db.execute(statement)
    # The day a person was first known (LinkedIn's "Connected On"), when an import knows it.
    if "first_known_on" not in db["contacts"].columns_dict:
        db.execute("ALTER TABLE contacts ADD COLUMN first_known_on TEXT")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"""CREATE TRIGGER IF NOT EXISTS imports_revision_{event.lower()}
            AFTER {event} ON imports BEGIN
                UPDATE data_revision SET number = number + 1,
                    stamp = lower(hex(randomblob(8))) WHERE id = 1;
            END"""
        )


# The tables m009 adds; like m006 they bump the data revision on every write.
SCHEDULE_TABLES = ("scheduled_conversations", "scheduled_questions", "scheduled_paths")


@migration()
def m009_scheduled_conversations(db: sqlite_utils.Database) -> None:
    # A conversation planned before it is held. starts_at is the UTC instant; time_zone is the
    # IANA zone the researcher entered it in (the calendar file's TZID). sequence counts
    # reschedules for the .ics SEQUENCE; conversation_id is set when it is captured.
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS scheduled_conversations (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            starts_at TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-*Z'),
            time_zone TEXT NOT NULL CHECK (length(trim(time_zone)) > 0),
            planned_minutes INTEGER NOT NULL DEFAULT 20
                CHECK (planned_minutes BETWEEN 5 AND 600),
            mode TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video', 'email')),
            place_or_link TEXT,
            status TEXT NOT NULL DEFAULT 'scheduled'
                CHECK (status IN ('scheduled', 'held', 'cancelled')),
            sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT {now},
            updated_at TEXT NOT NULL DEFAULT {now}
        )""",
        """CREATE TABLE IF NOT EXISTS scheduled_questions (
            scheduled_id INTEGER NOT NULL
                REFERENCES scheduled_conversations(id) ON DELETE CASCADE,
            question_id INTEGER NOT NULL REFERENCES questions(id),
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scheduled_id, question_id)
        )""",
        """CREATE TABLE IF NOT EXISTS scheduled_paths (
            scheduled_id INTEGER NOT NULL
                REFERENCES scheduled_conversations(id) ON DELETE CASCADE,
            path_id INTEGER NOT NULL REFERENCES paths(id),
            PRIMARY KEY (scheduled_id, path_id)
        )""",
        """CREATE INDEX IF NOT EXISTS scheduled_conversations_status_starts
            ON scheduled_conversations(status, starts_at)""",
        """CREATE INDEX IF NOT EXISTS scheduled_conversations_contact
            ON scheduled_conversations(contact_id, starts_at)""",
        # One scheduled conversation per captured conversation.
        """CREATE UNIQUE INDEX IF NOT EXISTS scheduled_conversations_conversation
            ON scheduled_conversations(conversation_id) WHERE conversation_id IS NOT NULL""",
    ]
    for statement in statements:
        db.execute(statement)
    # Frozen list, written out: a later change to SCHEDULE_TABLES must not change this one.
    for table in ("scheduled_conversations", "scheduled_questions", "scheduled_paths"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()}
                AFTER {event} ON {table} BEGIN
                    UPDATE data_revision SET number = number + 1,
                        stamp = lower(hex(randomblob(8))) WHERE id = 1;
                END"""
            )


# m007-m009 belong before this one (issues 7, 8, 9 schedule); keep migrations in number order.
@migration(transactional=False)
def m010_paths_evidence(db: sqlite_utils.Database) -> None:
    # Rebuilding paths needs foreign keys off, which SQLite only allows outside a transaction.
    _rebuild_with_foreign_keys_off(
        db, "paths tables", lambda: db["path_questions"].exists(), _m010_paths_evidence, "m010"
    )


def _rebuild_with_foreign_keys_off(db, tables: str, done, work, step: str) -> None:
    """Run work(db) as one transaction with foreign keys off (a table rebuild), unless done();
    the rebuild must leave every foreign key whole, or it is rolled back.

    done() is checked under the write lock: a second session opening the file at the same
    moment waits, then finds the work done; a rerun after a crash finds it done too.
    """
    if db.conn.in_transaction:
        raise StoreError(f"Fieldwork cannot update its {tables} inside another transaction.")
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with write(db):
            if not done():
                work(db)
                violations = db.execute("PRAGMA foreign_key_check").fetchall()
                if violations:
                    raise sqlite3.IntegrityError(
                        f"{step}: foreign keys broken by the {tables} rebuild: {violations}"
                    )
    finally:
        db.execute("PRAGMA foreign_keys = ON")


def _m010_paths_evidence(db: sqlite_utils.Database) -> None:
    # Paths get the statuses the researcher weighs them by, a dated record of every status
    # change (so the weekly review can say what changed and a path can be seen being ruled out
    # over time), and the open questions each conversation raised about a path. Vocabularies
    # are written out here: this migration is frozen.
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    statuses = "'exploring', 'promising', 'on_hold', 'ruled_out', 'chosen'"
    # The old CHECK allowed exploring / pursuing / set_aside: rebuild the table with the new
    # one (same ids, so the rows referencing paths(id) stay valid; checked at the end).
    db.execute(
        f"""CREATE TABLE paths_m010 (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
            description TEXT,
            status TEXT NOT NULL DEFAULT 'exploring' CHECK (status IN ({statuses})),
            created_at TEXT NOT NULL DEFAULT {now}
        )"""
    )
    db.execute(
        """INSERT INTO paths_m010 (id, name, description, status, created_at)
        SELECT id, name, description,
            CASE status WHEN 'pursuing' THEN 'promising' WHEN 'set_aside' THEN 'on_hold'
                WHEN 'exploring' THEN 'exploring' WHEN 'promising' THEN 'promising'
                WHEN 'on_hold' THEN 'on_hold' WHEN 'ruled_out' THEN 'ruled_out'
                WHEN 'chosen' THEN 'chosen' ELSE 'exploring' END,
            created_at
        FROM paths"""
    )
    db.execute("DROP TABLE paths")
    db.execute("ALTER TABLE paths_m010 RENAME TO paths")
    db.execute(
        f"""CREATE TABLE path_status_changes (
            id INTEGER PRIMARY KEY,
            path_id INTEGER NOT NULL REFERENCES paths(id),
            status TEXT NOT NULL CHECK (status IN ({statuses})),
            previous_status TEXT CHECK (previous_status IS NULL OR previous_status IN ({statuses})),
            changed_on TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT {now}
        )"""
    )
    # Every existing path starts its history with the status it has, on the day it was made.
    db.execute(
        """INSERT INTO path_status_changes (path_id, status, changed_on)
        SELECT id, status, substr(created_at, 1, 10) FROM paths"""
    )
    # conversation_id is empty for a question the researcher adds by hand on the path's page.
    db.execute(
        f"""CREATE TABLE path_questions (
            id INTEGER PRIMARY KEY,
            path_id INTEGER NOT NULL REFERENCES paths(id),
            conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            raised_on TEXT NOT NULL,
            answered_on TEXT,
            answer TEXT,
            created_at TEXT NOT NULL DEFAULT {now}
        )"""
    )
    db["path_status_changes"].create_index(["path_id", "changed_on"], if_not_exists=True)
    db["path_status_changes"].create_index(["changed_on"], if_not_exists=True)
    db["path_questions"].create_index(["path_id", "answered_on"], if_not_exists=True)
    db["path_questions"].create_index(["conversation_id"], if_not_exists=True)
    db["conversation_paths"].create_index(["path_id"], if_not_exists=True)
    db["research_items"].create_index(["path_id"], if_not_exists=True)
    searchable = {
        "paths": ["name", "description"],
        "conversation_paths": ["appeals", "hard_parts"],
        "path_questions": ["text", "answer"],
    }
    for table, columns in searchable.items():
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )
    # The rebuilt paths table lost its data-revision triggers; the new tables need theirs.
    recreate_triggers(db)


@migration()
def m011_interactions_touch(db: sqlite_utils.Database) -> None:
    # touch = 0 marks a line Fieldwork writes for its own record (a conversation scheduled,
    # moved or cancelled): it shows on the timeline but is no contact with the person, so it
    # never counts as the last touch (keep-in-touch reminders, going cold, the contact list).
    if "touch" not in db["interactions"].columns_dict:
        db.execute(
            "ALTER TABLE interactions ADD COLUMN touch INTEGER NOT NULL DEFAULT 1 "
            "CHECK (touch IN (0, 1))"
        )
    # The scheduling lines already written (m009's feature), as lib/schedule.py worded them.
    db.execute(
        """UPDATE interactions SET touch = 0
        WHERE kind = 'note' AND touch = 1
          AND (summary LIKE 'Scheduled a % conversation for %'
               OR summary LIKE 'Rescheduled the conversation from % to %'
               OR summary LIKE 'Cancelled the conversation planned for %')
          AND EXISTS (SELECT 1 FROM scheduled_conversations s
                      WHERE s.contact_id = interactions.contact_id)"""
    )


@migration(transactional=False)
def m012_message_import(db: sqlite_utils.Database) -> None:
    # Messages from the person's own exports become interactions. Changing interactions' kind
    # CHECK (a new kind, message_sent) needs the table rebuilt with foreign keys off.
    _rebuild_with_foreign_keys_off(
        db,
        "interactions table",
        lambda: db["message_imports"].exists(),
        _m012_message_import,
        "m012",
    )


def _m012_message_import(db: sqlite_utils.Database) -> None:
    # The kinds as they are when this ships, written out: this migration is frozen.
    kinds = (
        "outreach",
        "follow_up",
        "reply",
        "call",
        "note",
        "thank_you",
        "update",
        "keep_in_touch",
        "message_sent",
    )
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    # One row per message import (a run over one or more files); undone_at once undone.
    db.execute(
        f"""CREATE TABLE message_imports (
            id INTEGER PRIMARY KEY,
            file_names TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL DEFAULT {now},
            counts TEXT NOT NULL DEFAULT '{{}}',
            kept_full_text INTEGER NOT NULL DEFAULT 0 CHECK (kept_full_text IN (0, 1)),
            undone_at TEXT
        )"""
    )
    # What an import did besides its interactions (which carry message_import_id): the
    # contacts it added, the tasks it made, and the tasks it changed (closed a thank-you,
    # retired a 3B prompt) with their state before and after. Plain ids, no foreign keys: the
    # record outlives what an undo deletes.
    db.execute(
        """CREATE TABLE message_import_changes (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES message_imports(id) ON DELETE CASCADE,
            action TEXT NOT NULL
                CHECK (action IN ('created_contact', 'created_task', 'changed_task')),
            contact_id INTEGER,
            followup_id INTEGER,
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute("CREATE INDEX message_import_changes_import ON message_import_changes(import_id)")
    # source: NULL for an entry typed by hand, else 'linkedin' or 'mail'; source_key is
    # unique when set, so importing the same file again creates nothing. full_text is
    # private, and NULL unless the person chose to keep full texts.
    db.execute(
        f"""CREATE TABLE interactions_m012 (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            kind TEXT NOT NULL {_check("kind", kinds)},
            occurred_on TEXT NOT NULL,
            summary TEXT,
            conversation_id INTEGER REFERENCES conversations(id),
            created_at TEXT NOT NULL DEFAULT {now},
            touch INTEGER NOT NULL DEFAULT 1 CHECK (touch IN (0, 1)),
            source TEXT CHECK (source IS NULL OR source IN ('linkedin', 'mail')),
            source_key TEXT,
            sent_at TEXT,
            message_import_id INTEGER REFERENCES message_imports(id),
            full_text TEXT
        )"""
    )
    db.execute(
        """INSERT INTO interactions_m012 (id, contact_id, kind, occurred_on, summary,
            conversation_id, created_at, touch)
        SELECT id, contact_id, kind, occurred_on, summary, conversation_id, created_at, touch
        FROM interactions"""
    )
    db.execute("DROP TABLE IF EXISTS interactions_fts")
    db.execute("DROP TABLE interactions")
    db.execute("ALTER TABLE interactions_m012 RENAME TO interactions")
    for columns in (
        ["contact_id", "occurred_on"],
        ["kind", "occurred_on"],
        ["contact_id", "kind", "occurred_on"],
        ["kind", "contact_id", "occurred_on"],
        ["message_import_id"],
    ):
        db["interactions"].create_index(columns, if_not_exists=True)
    db.execute(
        """CREATE UNIQUE INDEX interactions_source_key ON interactions(source_key)
        WHERE source_key IS NOT NULL"""
    )
    # Search over the summary and, for the person only, the kept full text (lib/search.py
    # marks full_text private, as it does private notes).
    db.execute(
        """CREATE VIRTUAL TABLE interactions_fts USING FTS5 (summary, full_text,
            tokenize='unicode61 remove_diacritics 2', content='interactions')"""
    )
    db.execute("INSERT INTO interactions_fts (interactions_fts) VALUES ('rebuild')")
    recreate_triggers(db)


@migration()
def m013_merged_contacts(db: sqlite_utils.Database) -> None:
    # Duplicates merged (issue 18): merged_contacts keeps where a merged-away contact went, so
    # a link to its old page opens the one kept; duplicate_dismissals the pairs the person said
    # are not the same person (low id first), never offered again. Plain ids, no foreign
    # keys: the merged-away contact is gone, and an undone merge brings it back with its id.
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS merged_contacts (
            old_id INTEGER PRIMARY KEY,
            kept_id INTEGER NOT NULL CHECK (kept_id != old_id),
            old_name TEXT NOT NULL,
            merged_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE IF NOT EXISTS duplicate_dismissals (
            contact_id INTEGER NOT NULL,
            other_id INTEGER NOT NULL CHECK (other_id > contact_id),
            dismissed_at TEXT NOT NULL DEFAULT {now},
            PRIMARY KEY (contact_id, other_id)
        )""",
        "CREATE INDEX IF NOT EXISTS merged_contacts_kept ON merged_contacts(kept_id)",
        "CREATE INDEX IF NOT EXISTS duplicate_dismissals_other ON duplicate_dismissals(other_id)",
    ]
    for statement in statements:
        db.execute(statement)
    for table in ("merged_contacts", "duplicate_dismissals"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()}
                AFTER {event} ON {table} BEGIN
                    UPDATE data_revision SET number = number + 1,
                        stamp = lower(hex(randomblob(8))) WHERE id = 1;
                END"""
            )


@migration()
def m017_board_recommendations(db: sqlite_utils.Database) -> None:
    # One board item, many recommenders (issue 21): each recommendation of an item (who, in
    # which conversation, on which day) is a row of board_recommendations. Every item's single
    # recommender moves into it; items are never merged here (the board offers duplicates to
    # the person, who decides). research_items keeps recommended_by_id and conversation_id as
    # the item's first recommendation, kept equal to it by the triggers below, so a reader of
    # the first recommender (search, paths) stays right. board_kept_apart holds the pairs of
    # items the person said are different things (low id first), never offered again.
    now = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS board_recommendations (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES research_items(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            conversation_id INTEGER REFERENCES conversations(id),
            recommended_on TEXT NOT NULL,
            detail TEXT,
            created_at TEXT NOT NULL DEFAULT {now}
        )""",
        f"""CREATE TABLE IF NOT EXISTS board_kept_apart (
            item_id INTEGER NOT NULL,
            other_id INTEGER NOT NULL CHECK (other_id > item_id),
            kept_apart_at TEXT NOT NULL DEFAULT {now},
            PRIMARY KEY (item_id, other_id)
        )""",
        """CREATE INDEX IF NOT EXISTS board_recommendations_item
            ON board_recommendations(item_id, recommended_on)""",
        """CREATE INDEX IF NOT EXISTS board_recommendations_contact
            ON board_recommendations(contact_id)""",
        """CREATE INDEX IF NOT EXISTS board_recommendations_conversation
            ON board_recommendations(conversation_id)""",
    ]
    for statement in statements:
        db.execute(statement)
    if not db.execute("SELECT 1 FROM board_recommendations LIMIT 1").fetchone():
        db.execute(
            """INSERT INTO board_recommendations (item_id, contact_id, conversation_id,
                recommended_on, detail)
            SELECT r.id, coalesce(r.recommended_by_id, v.contact_id), r.conversation_id,
                coalesce(v.held_on, substr(r.created_at, 1, 10)), r.detail
            FROM research_items r LEFT JOIN conversations v ON v.id = r.conversation_id
            WHERE coalesce(r.recommended_by_id, v.contact_id) IS NOT NULL
            ORDER BY r.id"""
        )
    first_recommendation_triggers(db)
    for table in ("board_recommendations", "board_kept_apart"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()}
                AFTER {event} ON {table} BEGIN
                    UPDATE data_revision SET number = number + 1,
                        stamp = lower(hex(randomblob(8))) WHERE id = 1;
                END"""
            )


# An item's recommended_by_id and conversation_id are its first recommendation (m017): these
# keep them so on every change of board_recommendations. recreate_triggers writes them again.
_FIRST_RECOMMENDATION = """CREATE TRIGGER IF NOT EXISTS board_recommendations_first_{event}
    AFTER {upper} ON board_recommendations BEGIN
        UPDATE research_items SET
            recommended_by_id = (SELECT b.contact_id FROM board_recommendations b
                WHERE b.item_id = research_items.id ORDER BY b.recommended_on, b.id LIMIT 1),
            conversation_id = (SELECT b.conversation_id FROM board_recommendations b
                WHERE b.item_id = research_items.id ORDER BY b.recommended_on, b.id LIMIT 1)
        WHERE id IN ({items});
    END"""


def first_recommendation_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the triggers that keep each board item's first recommendation; safe to repeat."""
    for event, items in (
        ("insert", "new.item_id"),
        ("update", "old.item_id, new.item_id"),
        ("delete", "old.item_id"),
    ):
        db.execute(_FIRST_RECOMMENDATION.format(event=event, upper=event.upper(), items=items))


# Bookkeeping, not the researcher's data: writing these does not change the data revision.
NOT_DATA_TABLES = frozenset({"data_revision", "_sqlite_migrations"})
_REVISION_TRIGGER = """CREATE TRIGGER IF NOT EXISTS {name}
                AFTER {event} ON {table} BEGIN
                    UPDATE data_revision SET number = number + 1,
                        stamp = lower(hex(randomblob(8))) WHERE id = 1;
                END"""
# The same triggers sqlite-utils' enable_fts(create_triggers=True) writes (m004, m010).
_SEARCH_TRIGGERS = """CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {table} BEGIN
  INSERT INTO {fts} (rowid, {columns}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {table} BEGIN
  INSERT INTO {fts} ({fts}, rowid, {columns}) VALUES('delete', old.rowid, {old});
END;
CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE ON {table} BEGIN
  INSERT INTO {fts} ({fts}, rowid, {columns}) VALUES('delete', old.rowid, {old});
  INSERT INTO {fts} (rowid, {columns}) VALUES (new.rowid, {new});
END;"""


def recreate_triggers(db: sqlite_utils.Database) -> None:
    """(Re)create the search-index and data-revision triggers of every table; safe to repeat.

    Rebuilding a table (table.transform, or create-copy-drop-rename) drops its triggers, so
    new rows would never reach search and cached pages would go stale. Every migration that
    rebuilds a table calls this at its end. Each search index keeps the columns it has in
    the file; every data table (all but bookkeeping and search-index tables) bumps the
    revision.
    """
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
    tables = {name for name, _ in rows}
    data = [
        name
        for name, _ in rows
        if name not in virtual
        and name not in NOT_DATA_TABLES
        and not any(name.startswith(f"{v}_") for v in virtual)  # a search index's own tables
    ]
    if "board_recommendations" in tables:
        first_recommendation_triggers(db)
    if "data_revision" in tables:
        for table in data:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute(
                    _REVISION_TRIGGER.format(
                        name=f"{table}_revision_{event.lower()}", event=event, table=table
                    )
                )
    for fts in sorted(virtual):
        table = fts.removesuffix("_fts")
        if fts == table or table not in tables:
            continue
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({quote(fts)})").fetchall()]
        script = _SEARCH_TRIGGERS.format(
            ai=quote(f"{table}_ai"),
            ad=quote(f"{table}_ad"),
            au=quote(f"{table}_au"),
            table=quote(table),
            fts=quote(fts),
            columns=", ".join(quote(c) for c in columns),
            new=", ".join(f"new.{quote(c)}" for c in columns),
            old=", ".join(f"old.{quote(c)}" for c in columns),
        )
        for statement in script.split("END;")[:-1]:
            db.execute(statement + "END")
