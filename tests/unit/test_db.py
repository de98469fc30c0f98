import sqlite3

import pytest

from lib import store, vocab
from lib.questions import STARTER_QUESTIONS
from tests.support.days import TODAY


def test_new_database_has_every_table_and_pragmas(tmp_path):
    database = store.open_database(tmp_path / "sub" / "folder" / "f.db")
    tables = set(database.table_names())
    assert {
        "contacts",
        "organizations",
        "interactions",
        "conversations",
        "conversation_answers",
        "questions",
        "research_items",
        "followups",
        "weekly_goals",
        "weekly_reviews",
        "paths",
    } <= tables
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS


def test_migrations_are_idempotent(db):
    before = store.schema_version(db)
    store.migrate(db)
    store.migrate(db)
    assert store.schema_version(db) == before
    assert db["questions"].count == len(STARTER_QUESTIONS)


def test_old_database_made_by_first_migration_is_upgraded_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    old = store.connect(path)
    store.migrate(old, stop_before="m002_indexes")
    assert store.schema_version(old) == ["m001_core_schema"]
    with old.atomic():
        org = old["organizations"].insert({"name": "Brightline"}).last_pk
        person = old["contacts"].insert({"name": "Ada", "organization_id": org}).last_pk
        old["interactions"].insert(
            {"contact_id": person, "kind": "outreach", "occurred_on": "2026-01-05"}
        )
    old.close()

    upgraded = store.open_database(path)
    assert store.schema_version(upgraded)[-1] == store.known_migrations()[-1]
    assert [r["name"] for r in upgraded["contacts"].rows] == ["Ada"]
    assert upgraded["interactions"].count == 1
    assert upgraded["questions"].count > 0


def test_vocabularies_are_enforced_by_sqlite(db):
    person = db["contacts"].insert({"name": "Ada"}).last_pk
    with pytest.raises(sqlite3.IntegrityError):
        db["interactions"].insert(
            {"contact_id": person, "kind": "carrier pigeon", "occurred_on": "x"}
        )
    with pytest.raises(sqlite3.IntegrityError):
        db["contacts"].insert({"name": "Bo", "how_found": "telepathy"})
    with pytest.raises(sqlite3.IntegrityError):
        db["research_items"].insert({"kind": "book", "title": "T", "status": "someday"})
    for kind in vocab.INTERACTION_KINDS:
        db["interactions"].insert({"contact_id": person, "kind": kind, "occurred_on": "2026-01-01"})


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db["interactions"].insert({"contact_id": 999, "kind": "note", "occurred_on": "2026-01-01"})


def test_default_path_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "mine.db"))
    assert store.default_path() == tmp_path / "mine.db"
    monkeypatch.delenv(store.ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.default_path() == tmp_path / "xdg" / "fieldwork" / "fieldwork.db"


def test_the_data_folder_on_linux_is_xdg_or_local_share(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.data_folder("linux") == tmp_path / ".local" / "share" / "fieldwork"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.data_folder("linux") == tmp_path / "xdg" / "fieldwork"


def test_the_data_folder_on_macos_is_application_support(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.data_folder("darwin") == tmp_path / "Library" / "Application Support" / "fieldwork"


def test_the_data_folder_on_windows_is_the_roaming_appdata(monkeypatch):
    import platformdirs.windows

    asked = []

    def folder(name):  # Windows' own folder lookup, which only Windows can answer
        asked.append(name)
        return "C:\\Users\\ada\\AppData\\Roaming"

    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folder)
    found = store.data_folder("win32")
    assert asked == ["CSIDL_APPDATA"]  # the roaming folder, as before
    assert str(found).replace("\\", "/").endswith("Roaming/fieldwork")


def test_a_path_that_cannot_be_opened_raises_a_plain_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(store.StoreError, match="could not open"):
        store.open_database(blocker / "fieldwork.db")


def test_a_file_that_is_not_a_database_raises_a_plain_store_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(store.StoreError):
        store.open_database(junk)


def test_read_only_connection_refuses_writes(db):
    store.read_only(db)
    with pytest.raises(sqlite3.OperationalError):
        db["contacts"].insert({"name": "Nope"})


def test_every_write_changes_the_data_revision(tmp_path):
    from lib import store

    db = store.open_database(tmp_path / "rev.db")
    seen = {store.data_revision(db)}
    db["contacts"].insert({"name": "Ana"})
    seen.add(store.data_revision(db))
    db["contacts"].update(1, {"role": "Analyst"})
    seen.add(store.data_revision(db))
    db["settings"].insert({"key": "k", "value": "v"})
    seen.add(store.data_revision(db))
    db.execute("DELETE FROM settings")
    seen.add(store.data_revision(db))
    assert len(seen) == 5
    before = store.data_revision(db)
    db.execute("UPDATE contacts SET role = 'x' WHERE id = 99")  # no row changed
    assert store.data_revision(db) == before
    # A rolled-back write never hands out the revision a later, different write gets.
    db.conn.execute("BEGIN")
    db.conn.execute("INSERT INTO contacts (name) VALUES ('Ben')")
    rolled_back = store.data_revision(db)
    db.conn.execute("ROLLBACK")
    db["contacts"].insert({"name": "Cy"})
    assert store.data_revision(db) not in {before, rolled_back}


def test_a_reflection_alone_makes_the_database_not_empty(db):
    assert store.is_empty(db)
    with db.atomic():
        db["weekly_reviews"].insert({"week_start": "2026-11-16", "learned": "Grants matter"})
    assert not store.is_empty(db)


# ---------------------------------------------------------------- triggers after a rebuild


def _transform_contacts(database) -> None:
    # A later schema change as a migration might make it: rebuild contacts with a new column.
    database["contacts"].add_column("pronouns", str)
    database["contacts"].transform(column_order=["id", "name", "pronouns"])


def _search_finds(database, word: str) -> bool:
    from lib import search

    return search.search(database, word).total > 0


def test_a_transformed_table_loses_its_triggers_without_recreate_triggers(db):
    _transform_contacts(db)
    revision = store.data_revision(db)
    db["contacts"].insert({"name": "Zanzibar Quist"})
    assert not _search_finds(db, "Zanzibar")  # the search index never heard of her
    assert store.data_revision(db) == revision  # and cached pages would stay stale


def test_recreate_triggers_after_a_transform_keeps_search_and_revision_following_writes(db):
    _transform_contacts(db)
    store.recreate_triggers(db)
    store.recreate_triggers(db)  # idempotent
    revision = store.data_revision(db)
    person = db["contacts"].insert({"name": "Zanzibar Quist", "pronouns": "she"}).last_pk
    assert _search_finds(db, "Zanzibar")
    assert store.data_revision(db) != revision
    revision = store.data_revision(db)
    db["contacts"].update(person, {"name": "Yolanda Quist"})
    assert _search_finds(db, "Yolanda") and not _search_finds(db, "Zanzibar")
    assert store.data_revision(db) != revision
    revision = store.data_revision(db)
    db["contacts"].delete(person)
    assert not _search_finds(db, "Yolanda")
    assert store.data_revision(db) != revision


def test_recreate_triggers_on_a_current_file_changes_nothing(db):
    def triggers():
        rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return {name: " ".join(sql.replace("IF NOT EXISTS ", "").split()) for name, sql in rows}

    before = triggers()
    for name in before:
        db.execute(f'DROP TRIGGER "{name}"')
    store.recreate_triggers(db)
    assert triggers() == before  # the same definitions m004, m006, m009 and m010 wrote


# ---------------------------------------------------------------- frozen migrations


def _check_values(database, table: str, column: str) -> set[str]:
    import re

    sql = database.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    match = re.search(rf"CHECK \(\s*(?:{column} IS NULL OR )?{column} IN \(([^)]*)\)", sql)
    assert match, f"no CHECK on {table}.{column}"
    return set(re.findall(r"'([^']*)'", match.group(1)))


@pytest.mark.parametrize(
    "table, column, vocabulary",
    [
        ("organizations", "status", "ORG_STATUS"),
        ("contacts", "how_found", "HOW_FOUND"),
        ("contacts", "status", "CONTACT_STATUS"),
        ("conversations", "mode", "MODES"),
        ("conversations", "still_interested", "INTEREST"),
        ("conversation_paths", "still_interested", "INTEREST"),
        ("interactions", "kind", "INTERACTION_KINDS"),
        ("questions", "category", "TIARA"),
        ("paths", "status", "PATH_STATUS"),
        ("research_items", "kind", "ITEM_KINDS"),
        ("research_items", "status", "ITEM_STATUS"),
        ("followups", "kind", "TASK_KINDS"),
        ("followups", "status", "TASK_STATUS"),
    ],
)
def test_the_schema_checks_the_vocabularies_lib_uses_today(db, table, column, vocabulary):
    # Migrations are frozen, so a vocabulary change needs a new migration: this catches drift.
    assert _check_values(db, table, column) == set(getattr(vocab, vocabulary))


def test_the_question_bank_migration_writes_todays_starter_questions(db):
    rows = db.execute("SELECT category, text FROM questions ORDER BY position").fetchall()
    assert [tuple(row) for row in rows] == STARTER_QUESTIONS


def test_migrations_do_not_read_live_vocabularies_or_questions():
    import ast
    import inspect

    source = inspect.getsource(store)
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {name for name in imported if "vocab" in name or "questions" in name}


# ---------------------------------------------------------------- store errors in plain words


def _corrupt_a_table_page(path) -> None:
    """Overwrite one page of the file with noise, as a failing disk might: the root page of the
    interactions table, so a read of a table meets it whatever else the schema added (the
    middle page was once an index page after a migration added tables)."""
    import random

    with sqlite3.connect(path) as reading:
        root = reading.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'interactions'"
        ).fetchone()[0]
    reading.close()
    raw = bytearray(path.read_bytes())
    page_size = int.from_bytes(raw[16:18], "big")
    page = root - 1  # pages count from 1
    noise = random.Random(7).randbytes(page_size)
    raw[page * page_size : (page + 1) * page_size] = noise
    path.write_bytes(bytes(raw))


def _real_errors(tmp_path) -> dict[str, sqlite3.DatabaseError]:
    """The errors SQLite itself raises for a locked, read-only, full and damaged file."""
    found = {}
    path = tmp_path / "errors.db"
    store.open_database(path).close()
    holder = store.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    waiter = store.connect(path)
    waiter.execute("PRAGMA busy_timeout = 0")
    try:
        with store.write(waiter):
            pass
    except sqlite3.OperationalError as error:
        found["locked"] = error
    holder.execute("ROLLBACK")
    reader = store.connect(path, mode="read")
    try:
        reader["settings"].insert({"key": "k", "value": "v"})
    except sqlite3.OperationalError as error:
        found["read-only"] = error
    full = store.connect(path)
    pages = full.execute("PRAGMA page_count").fetchone()[0]
    full.execute(f"PRAGMA max_page_count = {pages}")
    try:
        with store.write(full):
            full["settings"].insert({"key": "big", "value": "x" * 100_000})
    except sqlite3.OperationalError as error:
        found["full"] = error
    for connection in (holder, waiter, reader, full):
        connection.close()
    damaged = tmp_path / "damaged.db"
    sample = store.open_database(damaged)
    from lib.sample import load_sample

    load_sample(sample, today=TODAY)
    sample.execute("PRAGMA journal_mode = DELETE")  # the whole file on disk, no -wal beside it
    sample.close()
    _corrupt_a_table_page(damaged)
    broken = sqlite3.connect(damaged)
    try:
        # Every table, the interactions table (whose root page is noise) among them.
        tables = [
            row[0] for row in broken.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            broken.execute(f'SELECT * FROM "{table}"').fetchall()
    except sqlite3.DatabaseError as error:
        found["damaged"] = error
    broken.close()
    return found


def test_every_store_error_is_explained_in_plain_words_with_what_to_do(tmp_path):
    errors = _real_errors(tmp_path)
    assert set(errors) == {"locked", "read-only", "full", "damaged"}
    expected = {
        "locked": ["busy", "Try again"],
        "read-only": ["read-only", "permissions"],
        "full": ["disk", "full", "Free some space"],
        "damaged": ["damaged", "Restore", "Your data"],
    }
    for kind, words in expected.items():
        text = store.explain(errors[kind])
        assert all(word in text for word in words), (kind, text)
        assert "Traceback" not in text and "sqlite3." not in text
        saved = store.not_saved(errors[kind])
        assert saved.startswith("Not saved.") and "What you typed is still here." in saved
    plain = store.StoreError("There is no Fieldwork data file at /x.")
    assert store.explain(plain) == "There is no Fieldwork data file at /x."


# ---------------------------------------------------------------- opening the file


def _bytes(path) -> bytes:
    return path.read_bytes()


def test_a_newer_file_is_opened_read_only_naming_both_versions_and_never_written(
    sample_db, tmp_path
):
    path = tmp_path / "fieldwork.db"
    sample_db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('fieldwork', 'm099_from_a_newer_fieldwork', '2027-01-01')"
    )
    sample_db.close()
    before = _bytes(path)
    opened = store.open_for_session(path)
    assert "m099_from_a_newer_fieldwork" in opened.read_only_reason
    assert store.known_migrations()[-1] in opened.read_only_reason
    assert opened.db["contacts"].count > 0  # the data is there to read
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        opened.db["contacts"].insert({"name": "Not saved"})
    opened.db.close()
    assert _bytes(path) == before


def test_coach_mode_refuses_an_older_file_and_leaves_it_byte_identical(tmp_path):
    path = tmp_path / "old.db"
    old = store.connect(path)
    store.migrate(old, stop_before="m006_data_revision_and_read_indexes")
    old["contacts"].insert({"name": "Ada"})
    old.execute(  # a duplicate task m005 would delete
        "INSERT INTO followups (kind, contact_id, due_on) VALUES ('thank_you', 1, '2026-01-02')"
    )
    old.close()
    before = _bytes(path)
    with pytest.raises(store.StoreError, match="open it once in normal mode"):
        store.open_for_session(path, coach=True)
    assert _bytes(path) == before
    assert store.check_file(path).pending  # still the older file: nothing was migrated


def test_coach_mode_opens_a_current_file_as_it_is_and_refuses_writes(sample_db, tmp_path):
    sample_db.close()
    path = tmp_path / "fieldwork.db"
    before = _bytes(path)
    opened = store.open_for_session(path, coach=True)
    assert opened.read_only_reason == ""
    with pytest.raises(sqlite3.OperationalError):
        opened.db["contacts"].insert({"name": "Coach"})
    opened.db.close()
    assert _bytes(path) == before


def test_coach_mode_never_creates_a_missing_file(tmp_path):
    with pytest.raises(store.StoreError, match="no Fieldwork data file"):
        store.open_for_session(tmp_path / "absent.db", coach=True)
    assert not (tmp_path / "absent.db").exists()


def test_a_read_only_file_is_opened_read_only_with_the_reason(sample_db, tmp_path, monkeypatch):
    sample_db.close()
    path = tmp_path / "fieldwork.db"
    monkeypatch.setattr(store.files, "writable_file", lambda p: False)  # as a non-root user sees it
    opened = store.open_for_session(path)
    assert "read-only" in opened.read_only_reason
    with pytest.raises(sqlite3.OperationalError):
        opened.db["contacts"].insert({"name": "Nope"})
    opened.db.close()


def test_a_damaged_file_is_opened_read_only_saying_it_is_damaged(sample_db, tmp_path):
    sample_db.close()
    path = tmp_path / "fieldwork.db"
    _corrupt_a_table_page(path)
    before = _bytes(path)
    opened = store.open_for_session(path)
    assert "damaged" in opened.read_only_reason and "Your data" in opened.read_only_reason
    opened.db.close()
    assert _bytes(path) == before


def test_four_sessions_opening_a_new_file_at_once_all_open_it(tmp_path):
    import threading

    path = tmp_path / "new.db"
    start = threading.Barrier(4)
    errors = []

    def open_it() -> None:
        start.wait()
        try:
            store.open_database(path).close()
        except Exception as error:  # collected: the test fails on any
            errors.append(error)

    sessions = [threading.Thread(target=open_it) for _ in range(4)]
    for session in sessions:
        session.start()
    for session in sessions:
        session.join()
    assert not errors, errors
    database = store.connect(path)
    assert store.schema_version(database) == store.known_migrations()
    assert database["questions"].count == len(STARTER_QUESTIONS)
    database.close()
