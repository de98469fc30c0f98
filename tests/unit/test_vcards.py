"""vCard export: what phones and address books read, and a round trip through the importer."""

import json

import pytest
import vobject

from lib import contacts, store
from lib.formats import importers, vcards
from tests.support.import_helpers import IMPORT_DAY

FIELDS = ("name", "role", "organization", "email", "phone", "linkedin_url", "hook")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", IMPORT_DAY)


def add(db, **values):
    return contacts.save_contact(db, values)


def test_export_holds_the_vcard_fields_and_never_private_notes(db):
    add(
        db,
        name="Zoë O'Brien",
        role="Policy Lead",
        organization="Acme, Inc.",
        email="zoe@example.org",
        phone="+1 415 555 0100",
        linkedin_url="linkedin.com/in/zoe",
        hook="Wrote on heat pumps; said to mention the meetup",
        private_notes="SECRET salary talk",
        tags="climate, policy",
    )
    text = vcards.export_vcards(db)
    assert "SECRET" not in text
    (card,) = vobject.readComponents(text)
    assert card.version.value == "3.0"
    assert card.fn.value == "Zoë O'Brien"
    assert (card.n.value.given, card.n.value.family) == ("Zoë", "O'Brien")
    assert card.org.value == ["Acme, Inc."]
    assert card.title.value == "Policy Lead"
    assert card.email.value == "zoe@example.org"
    assert card.tel.value == "+1 415 555 0100"
    assert card.url.value == "https://linkedin.com/in/zoe"
    assert card.note.value == "Wrote on heat pumps; said to mention the meetup"


def test_export_one_or_some_in_the_order_given(db):
    first = add(db, name="Ada Byron")
    second = add(db, name="Bo Diddley")
    add(db, name="Cy Young")
    text = vcards.export_vcards(db, [second, first])
    assert [c.fn.value for c in vobject.readComponents(text)] == ["Bo Diddley", "Ada Byron"]
    assert vcards.export_vcards(db, []) == ""


def test_round_trip_into_an_empty_file_gives_the_same_people_and_fields(db, tmp_path):
    people = [
        dict(
            name="Zoë O'Brien",
            role="Policy Lead",
            organization="Acme, Inc.",
            email="zoe@example.org",
            phone="+1 415 555 0100",
            linkedin_url="https://linkedin.com/in/zoe",
            hook='Line one, with commas; and semicolons\nLine two: 東京 "quoted"',
            tags="climate, policy",
        ),
        dict(name="李雷", organization="北京能源"),
        dict(name="Madonna"),
        dict(name="=cmd|' /C calc'!A0", role="+1 idea", email="plus+tag@example.org"),
    ]
    for person in people:
        add(db, **person)
    text = vcards.export_vcards(db)

    empty = store.open_database(tmp_path / "empty.db")
    parsed = importers.read_source(text.encode("utf-8"), "export.vcf")
    preview = importers.preview(empty, parsed)
    assert preview.counts == {"new": 4, "duplicate": 0, "skipped": 0, "warning": 0}
    importers.apply_import(empty, preview)

    def fields(database):
        found = {}
        for contact_id in [r[0] for r in database.execute("SELECT id FROM contacts")]:
            contact = contacts.get_contact(database, contact_id)
            found[contact["name"]] = {f: contact[f] for f in FIELDS} | {
                "tags": [t for t in contact["tags"] if not t.startswith("import:")]
            }
        return found

    assert fields(empty) == fields(db)
    empty.close()


def test_reimporting_the_export_into_the_same_file_finds_everyone(db):
    add(db, name="Ada Byron", email="ada@example.org")
    add(db, name="Bo Diddley", organization="Chess Records")
    parsed = importers.read_source(vcards.export_vcards(db).encode(), "all.vcf")
    assert importers.preview(db, parsed).counts["duplicate"] == 2
    assert json.loads(db.execute("SELECT tags FROM contacts").fetchone()[0]) == []


def test_export_of_the_contacts_list_filter(db):
    add(db, name="Ada Byron", organization="Engines", tags="math")
    add(db, name="Bo Diddley", organization="Chess Records")
    archived = add(db, name="Cy Young", tags="math")
    contacts.set_archived(db, archived, True)
    shown = contacts.contact_ids(db, tag="math", status="active")
    text = vcards.export_vcards(db, shown)
    assert [c.fn.value for c in vobject.readComponents(text)] == ["Ada Byron"]
