"""Duplicates: within the file and against the contacts already there, and what the person
chooses to do with them."""

import json

import pytest

from lib import contacts
from lib.formats import importers
from tests.support.import_helpers import IMPORT_DAY, by_line, people, preview


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", IMPORT_DAY)


def csv_file(text: str, name: str = "people.csv") -> importers.ParsedFile:
    return importers.read_source(text.encode("utf-8"), name)


def test_a_row_repeated_in_the_file_is_a_duplicate_of_the_earlier_line(db):
    rows = by_line(preview(db, "linkedin_connections.csv"))
    assert rows[10].status == "duplicate"
    assert rows[10].duplicate_of == {"line": 5, "name": "Amélie Durand"}
    assert rows[10].reason == "Same person as line 5, Amélie Durand (same LinkedIn URL)."


@pytest.mark.parametrize(
    ("existing", "row", "why"),
    [
        ({"email": "Jo@Example.org"}, "Joanna Q,,jo@example.org,", "same email"),
        (
            {"linkedin_url": "https://www.linkedin.com/in/jo-q/"},
            "J. Q,,,linkedin.com/in/jo-q",
            "same LinkedIn URL",
        ),
        ({"phone": "+44 20 7946 0000"}, "Jo,,,,020 7946 0000", "same phone number"),
        ({"organization": "Acme Inc."}, "Joanne Quimby,ACME,,", "same name and organization"),
    ],
)
def test_matches_an_existing_contact_and_names_them(db, existing, row, why):
    contact_id = contacts.save_contact(db, {"name": "Joanne Quimby", **existing})
    parsed = csv_file(f"Name,Company,Email,LinkedIn,Phone\n{row}\n")
    (found,) = importers.preview(db, parsed).rows
    assert found.status == "duplicate"
    assert found.duplicate_of == {"contact_id": contact_id, "name": "Joanne Quimby"}
    assert found.reason == f"Already in your contacts as Joanne Quimby ({why})."


def test_a_similar_name_elsewhere_is_not_a_duplicate(db):
    contacts.save_contact(db, {"name": "Joanne Quimby", "organization": "Acme"})
    parsed = csv_file("Name,Company\nJoanne Quimby,Other Org\nJohn Quincy,Acme\n")
    assert [r.status for r in importers.preview(db, parsed).rows] == ["new", "new"]


def test_skip_is_the_default_choice(db):
    contact_id = contacts.save_contact(db, {"name": "Ada Byron", "email": "ada@example.org"})
    parsed = csv_file("Name,Email,Title\nAda Byron,ada@example.org,Analyst\n")
    result = importers.apply_import(db, importers.preview(db, parsed))
    assert result.counts == {"imported": 0, "filled": 0, "skipped": 1}
    assert db["contacts"].count == 1
    assert contacts.get_contact(db, contact_id)["role"] is None


def test_fill_only_the_empty_fields_of_the_existing_contact(db):
    contact_id = contacts.save_contact(
        db, {"name": "Ada Byron", "email": "ada@example.org", "role": "Countess"}
    )
    parsed = csv_file(
        "Name,Email,Title,Company,Phone\nAda Lovelace,ada@example.org,Analyst,Engines,555 0100 22\n"
    )
    result = importers.apply_import(db, importers.preview(db, parsed), {2: "fill"})
    assert result.counts["filled"] == 1
    ada = contacts.get_contact(db, contact_id)
    assert (ada["name"], ada["role"]) == ("Ada Byron", "Countess")  # not overwritten
    assert (ada["organization"], ada["phone"]) == ("Engines", "555 0100 22")
    assert result.tag in ada["tags"]
    assert db["contacts"].count == 1


def test_import_as_new_for_all(db):
    contacts.save_contact(db, {"name": "Ada Byron", "email": "ada@example.org"})
    parsed = csv_file("Name,Email\nAda Byron,ada@example.org\n")
    importers.apply_import(db, importers.preview(db, parsed), "new")
    assert db["contacts"].count == 2


def test_a_per_row_choice_overrides_the_choice_for_all(db):
    contacts.save_contact(db, {"name": "Ada Byron", "email": "ada@example.org"})
    contacts.save_contact(db, {"name": "Bo Diddley", "email": "bo@example.org"})
    parsed = csv_file("Name,Email\nAda Byron,ada@example.org\nBo Diddley,bo@example.org\n")
    result = importers.apply_import(db, importers.preview(db, parsed), {3: "skip"}, default="new")
    assert [r.status for r in result.rows] == ["imported", "skipped"]
    assert db["contacts"].count == 3


def test_filling_from_a_later_row_of_the_same_file(db):
    parsed = csv_file(
        "Name,Email,Title\nAda Byron,ada@example.org,\nAda Byron,ada@example.org,Analyst\n"
    )
    importers.apply_import(db, importers.preview(db, parsed), "fill")
    assert db["contacts"].count == 1
    assert people(db)["Ada Byron"]["role"] == "Analyst"


def test_importing_the_same_file_twice_creates_nothing_the_second_time(db):
    for name in ("linkedin_connections.csv", "contacts_v3.vcf", "tracking_semicolon_cp1252.csv"):
        importers.apply_import(db, preview(db, name))
    before = db["contacts"].count, db["organizations"].count, db["interactions"].count
    for name in ("linkedin_connections.csv", "contacts_v3.vcf", "tracking_semicolon_cp1252.csv"):
        again = preview(db, name)
        assert again.counts["new"] == 0
        assert again.previous_import is not None
        assert importers.apply_import(db, again).counts["imported"] == 0
    assert (db["contacts"].count, db["organizations"].count, db["interactions"].count) == before


def test_preview_writes_nothing(db):
    before = db.execute("SELECT number FROM data_revision").fetchone()
    preview(db, "linkedin_connections.csv")
    assert db.execute("SELECT number FROM data_revision").fetchone() == before
    assert db["contacts"].count == 0


def test_preview_json_has_the_command_line_shape(db):
    shown = importers.preview_json(preview(db, "linkedin_connections.csv"))
    assert shown["source"] == "linkedin"
    assert shown["counts"] == {"new": 5, "duplicate": 1, "skipped": 1, "warning": 1}
    assert shown["rows"][0] == {
        "line": 5,
        "name": "Amélie Durand",
        "status": "new",
        "reason": "",
        "warnings": [],
    }
    json.dumps(shown)


def test_remembered_mapping_per_header_set(db):
    parsed = csv_file("Person,Org,Reached\nAda Byron,Engines,2025-01-02\n")
    mapping = importers.guess_mapping(parsed.headers)
    assert mapping["name"] == "Person" and mapping["last_contact_on"] is None
    mapping["last_contact_on"] = "Reached"
    importers.apply_import(db, importers.preview(db, parsed, mapping))
    other = csv_file("person,ORG,reached\nBo Diddley,Engines,2025-02-03\n", "next.csv")
    assert importers.mapping_for(db, other)["last_contact_on"] == "reached"
