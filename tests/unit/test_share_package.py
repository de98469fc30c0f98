"""Share packages: what goes in (and what never does), and opening untrusted ones."""

import os
import sqlite3
from datetime import date

import pytest

from lib import metrics, reviews, store
from lib.formats import sealed, share_package
from lib.formats.share_package import PackageError, open_package, read_manifest, write_package
from tests.support.days import TODAY
from tests.support.share_packages import (
    PRIVATE_MARKERS,
    PUBLIC_MARKER,
    change,
    older_package,
    plain_copy,
    private_world,
)

WEEK = metrics.week_start(TODAY)


@pytest.fixture
def private_path(tmp_path):
    return private_world(tmp_path / "client.db")


@pytest.fixture
def package(private_path, tmp_path):
    db = store.open_database(private_path)
    out = tmp_path / "share" / ("ada" + share_package.EXTENSION)
    out.parent.mkdir()
    write_package(db, out, client_name="Ada Researcher")
    db.close()
    return out


def every_byte(path) -> bytes:
    return path.read_bytes()


def leaks(data: bytes) -> list[str]:
    found = []
    for name, marker in PRIVATE_MARKERS.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if marker.encode(encoding) in data or marker.lower().encode(encoding) in data:
                found.append(name)
                break
    return found


def test_no_byte_of_the_package_holds_anything_private(package):
    data = every_byte(package)
    assert leaks(data) == []
    # The check can fail: the kept text is there to be found in the same bytes.
    assert PUBLIC_MARKER.encode() in data


def test_no_byte_of_a_sealed_package_holds_anything_private_before_or_after_unsealing(
    private_path, tmp_path
):
    db = store.open_database(private_path)
    out = tmp_path / "sealed.fieldwork-share"
    write_package(db, out, client_name="Ada", passphrase="correct horse")
    db.close()
    data = every_byte(out)
    assert leaks(data) == [] and PUBLIC_MARKER.encode() not in data  # nothing readable
    plain = sealed.unseal(data, "correct horse")
    assert leaks(plain) == []
    assert PUBLIC_MARKER.encode() in plain


def test_the_leak_check_finds_markers_in_the_clients_own_file(private_path):
    db = store.open_database(private_path)
    db.close()
    assert set(leaks(private_path.read_bytes())) >= {"contact_private_notes", "email", "full_text"}


def test_contact_details_only_when_ticked(private_path, tmp_path):
    db = store.open_database(private_path)
    out = tmp_path / "with.fieldwork-share"
    manifest = write_package(db, out, client_name="Ada", include_contact_details=True)
    db.close()
    assert manifest["include_contact_details"] is True
    assert set(leaks(out.read_bytes())) == {"email", "phone"}
    opened = open_package(out)
    assert opened.execute("SELECT count(*) FROM contacts WHERE email IS NULL").fetchone()[0] == 0
    assert opened.share_manifest["include_contact_details"] is True


def test_only_allowed_settings_travel(package):
    opened = open_package(package)
    keys = {row[0] for row in opened.execute("SELECT key FROM settings")}
    assert keys == {share_package.DISPLAY_NAME_KEY}
    assert opened["imports"].count == 0


def test_the_package_holds_the_clients_data_and_lib_reads_it(private_path, package):
    source = store.open_database(private_path)
    opened = open_package(package)
    for table in (
        "contacts",
        "conversations",
        "interactions",
        "research_items",
        "followups",
        "weekly_goals",
        "weekly_reviews",
        "paths",
        "conversation_paths",
        "scheduled_conversations",
        "questions",
    ):
        assert opened[table].count == source[table].count, table
    assert reviews.week_summary(opened, WEEK) == reviews.week_summary(source, WEEK)
    assert reviews.streak(opened, WEEK, TODAY) == reviews.streak(source, WEEK, TODAY)
    # Search works on what was kept, and never finds what was left out.
    assert (
        opened.execute(
            "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ?", [PUBLIC_MARKER]
        ).fetchone()[0]
        == source["contacts"].count
    )
    assert (
        opened.execute(
            "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ?",
            [PRIVATE_MARKERS["contact_private_notes"]],
        ).fetchone()[0]
        == 0
    )
    source.close()


def test_manifest_says_who_when_what_step_and_which_weeks(package, private_path):
    manifest = read_manifest(package)
    assert manifest["client_name"] == "Ada Researcher"
    assert manifest["schema_step"] == store.known_migrations()[-1]
    assert manifest["made_at"].startswith(TODAY.isoformat())
    assert manifest["fieldwork_version"] == share_package.fieldwork_version()
    assert manifest["include_contact_details"] is False
    assert manifest["encrypted"] is False and manifest["state"] == "current"
    source = store.open_database(private_path)
    first = source.execute("SELECT min(occurred_on) FROM interactions").fetchone()[0]
    source.close()
    assert manifest["first_week"] == metrics.week_start(date.fromisoformat(first[:10])).isoformat()
    assert date.fromisoformat(manifest["last_week"]).weekday() == 0


def test_the_opened_package_refuses_every_write(package):
    opened = open_package(package)
    with pytest.raises(sqlite3.OperationalError):
        opened.execute("UPDATE contacts SET name = 'changed'")
    before = package.read_bytes()
    opened.close()
    assert package.read_bytes() == before


def test_writing_replaces_the_old_package_and_leaves_no_partial_file(private_path, package):
    db = store.open_database(private_path)
    write_package(db, package, client_name="Ada Again")
    db.close()
    assert read_manifest(package)["client_name"] == "Ada Again"
    assert sorted(p.name for p in package.parent.iterdir()) == [package.name]


def test_a_name_is_needed(private_path, tmp_path):
    db = store.open_database(private_path)
    with pytest.raises(PackageError, match="name"):
        write_package(db, tmp_path / "x.fieldwork-share", client_name="  ")
    db.close()
    assert not (tmp_path / "x.fieldwork-share").exists()


# --- Hostile packages ---------------------------------------------------------------------


def refused(path, match, **kwargs):
    with pytest.raises(PackageError, match=match) as caught:
        open_package(path, **kwargs)
    assert "Traceback" not in str(caught.value)
    return str(caught.value)


def test_random_bytes_are_refused(tmp_path):
    path = tmp_path / "noise.fieldwork-share"
    path.write_bytes(os.urandom(4096))
    refused(path, "not a Fieldwork share package")


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.fieldwork-share"
    path.write_bytes(b"")
    refused(path, "not a Fieldwork share package")


def test_a_renamed_ordinary_fieldwork_database_is_refused(private_path, tmp_path):
    renamed = tmp_path / "renamed.fieldwork-share"
    renamed.write_bytes(private_path.read_bytes())
    message = refused(renamed, "no manifest")
    assert "Share with your coach" in message


def test_an_extra_trigger_is_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "trigger.fieldwork-share"),
        "CREATE TRIGGER sneaky AFTER INSERT ON contacts BEGIN DELETE FROM contacts; END",
    )
    refused(path, "trigger Fieldwork did not make")


def test_a_changed_fieldwork_trigger_is_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "trigger2.fieldwork-share"),
        "DROP TRIGGER contacts_ai",
        "CREATE TRIGGER contacts_ai AFTER INSERT ON contacts BEGIN DELETE FROM paths; END",
    )
    refused(path, "trigger Fieldwork did not make")


def test_a_view_is_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "view.fieldwork-share"),
        "CREATE VIEW contacts_view AS SELECT * FROM contacts",
    )
    refused(path, "a view")


def test_an_unknown_table_is_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "table.fieldwork-share"),
        "CREATE TABLE exfiltrate (x TEXT)",
    )
    refused(path, "does not know")


def test_a_changed_table_is_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "column.fieldwork-share"),
        "ALTER TABLE contacts ADD COLUMN extra TEXT DEFAULT 'x'",
    )
    refused(path, "changed table")


def test_an_oversized_file_is_refused_before_it_is_read(package):
    message = refused(package, "more than", max_bytes=1024)
    assert "not opened" in message


def test_a_damaged_package_is_refused(package, tmp_path):
    data = bytearray(package.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16384] = os.urandom(16384)
    damaged = tmp_path / "damaged.fieldwork-share"
    damaged.write_bytes(bytes(data))
    with pytest.raises(PackageError):
        open_package(damaged)


def test_injection_in_names_opens_as_plain_data(tmp_path):
    source = store.open_database(tmp_path / "hostile.db")
    name = "<script>alert('x')</script> **bold** [link](javascript:alert(1))"
    with store.write(source):
        source["contacts"].insert({"name": "<img src=x onerror=alert(1)> _x_"})
    out = tmp_path / "hostile.fieldwork-share"
    write_package(source, out, client_name=name)
    source.close()
    opened = open_package(out)
    assert opened.share_manifest["client_name"] == name
    assert opened.execute("SELECT name FROM contacts").fetchone()[0].startswith("<img")


def test_a_manifest_name_with_control_characters_is_cleaned(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "ctl.fieldwork-share"),
        "UPDATE share_manifest SET client_name = 'Eve' || char(0) || char(27) || '[31m' ",
    )
    assert read_manifest(path)["client_name"] == "Eve[31m"


# --- Sealed packages ------------------------------------------------------------------------


@pytest.fixture
def sealed_package(private_path, tmp_path):
    db = store.open_database(private_path)
    out = tmp_path / "sealed.fieldwork-share"
    write_package(db, out, client_name="Ada", passphrase="correct horse")
    db.close()
    return out


def test_a_sealed_package_opens_with_its_passphrase(sealed_package, package):
    assert share_package.is_encrypted(sealed_package)
    assert not share_package.is_encrypted(package)
    opened = open_package(sealed_package, "correct horse")
    assert opened["contacts"].count > 0
    assert read_manifest(sealed_package, "correct horse")["encrypted"] is True


def test_a_wrong_passphrase_gets_a_plain_message(sealed_package):
    message = refused(sealed_package, "passphrase is not right", passphrase="wrong horse")
    assert "sealed.fieldwork-share" in message


def test_no_passphrase_for_a_sealed_package_says_so(sealed_package):
    refused(sealed_package, "protected with a passphrase")


@pytest.mark.parametrize("where", ["header", "middle", "last"])
def test_one_flipped_byte_is_caught(sealed_package, tmp_path, where):
    data = bytearray(sealed_package.read_bytes())
    index = {"header": len(sealed.MAGIC) + 20, "middle": len(data) // 2, "last": len(data) - 1}
    data[index[where]] ^= 0x01
    tampered = tmp_path / "tampered.fieldwork-share"
    tampered.write_bytes(bytes(data))
    refused(tampered, "changed after it was made", passphrase="correct horse")


def test_a_header_asking_for_huge_key_settings_is_refused(sealed_package, tmp_path):
    data = bytearray(sealed_package.read_bytes())
    data[len(sealed.MAGIC) + 1] = 40  # scrypt N = 2**40: terabytes
    hostile = tmp_path / "greedy.fieldwork-share"
    hostile.write_bytes(bytes(data))
    refused(hostile, "key settings", passphrase="correct horse")


# --- Schema steps --------------------------------------------------------------------------


@pytest.mark.parametrize("step", store.known_migrations()[:-1])
def test_an_older_package_is_upgraded_in_a_copy_never_in_place(tmp_path, step):
    newest = store.known_migrations()[-1]
    path = older_package(tmp_path / "older.fieldwork-share", step)
    before = path.read_bytes()
    opened = open_package(path)
    assert opened.share_state == "older"
    assert opened.share_manifest["schema_step"] == step  # as the client's Fieldwork made it
    assert [r[0] for r in opened.execute("SELECT name FROM _sqlite_migrations")][-1] == newest
    assert opened["contacts"].count == 1
    assert opened["merged_contacts"].exists()  # the newest step's table, made in the copy
    opened.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["older.fieldwork-share"]


def test_a_newer_package_opens_read_only_with_a_note(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "newer.fieldwork-share"),
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('fieldwork', 'm999_from_the_future', '2027-01-01')",
        "CREATE TABLE future_things (id INTEGER PRIMARY KEY, what TEXT)",
        "UPDATE share_manifest SET schema_step = 'm999_from_the_future'",
    )
    opened = open_package(path)
    assert opened.share_state == "newer"
    assert "newer Fieldwork" in opened.share_note and "read-only" in opened.share_note
    assert opened["contacts"].count > 0


def test_a_newer_package_with_a_hostile_trigger_is_still_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "newer2.fieldwork-share"),
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('fieldwork', 'm999_from_the_future', '2027-01-01')",
        "UPDATE share_manifest SET schema_step = 'm999_from_the_future'",
        "CREATE TRIGGER t AFTER UPDATE ON contacts BEGIN DELETE FROM contacts; END",
    )
    refused(path, "trigger Fieldwork did not make")


def test_a_manifest_that_does_not_match_the_schema_is_refused(package, tmp_path):
    path = change(
        plain_copy(package, tmp_path / "mismatch.fieldwork-share"),
        "UPDATE share_manifest SET schema_step = 'm001_core_schema'",
    )
    refused(path, "does not match")


# --- Tables added later ----------------------------------------------------------------------


@pytest.fixture
def later_step(monkeypatch):
    """A schema step added after this test was written: a coach's action items table."""
    from lib.store import schema

    def m999_action_items(db):
        db.execute(
            "CREATE TABLE coach_action_items_test (id INTEGER PRIMARY KEY, text TEXT NOT NULL, "
            "private_notes TEXT)"
        )

    steps = [*schema.MIGRATIONS, schema.Migration("m999_action_items", m999_action_items)]
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    share_package._reference.cache_clear()
    share_package.reference_schema.cache_clear()
    yield
    share_package._reference.cache_clear()
    share_package.reference_schema.cache_clear()


def test_a_table_a_later_migration_adds_is_carried_unless_denied(later_step, tmp_path, monkeypatch):
    source = store.open_database(tmp_path / "later.db")
    with store.write(source):
        source["coach_action_items_test"].insert(
            {"text": "Write to Brightline", "private_notes": "x"}
        )
    out = tmp_path / "later.fieldwork-share"
    write_package(source, out, client_name="Ada")
    opened = open_package(out)
    assert [r[0] for r in opened.execute("SELECT text FROM coach_action_items_test")] == [
        "Write to Brightline"
    ]
    monkeypatch.setitem(
        share_package.DENIED_COLUMNS, "coach_action_items_test", frozenset({"private_notes"})
    )
    write_package(source, out, client_name="Ada")
    row = open_package(out).execute("SELECT text, private_notes FROM coach_action_items_test")
    assert row.fetchone() == ("Write to Brightline", None)
    source.close()
