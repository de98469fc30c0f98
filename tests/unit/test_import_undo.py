"""Undo an import: exactly what it created and filled goes, unless something was attached."""

import csv
import io
import json

import pytest

from lib import contacts, conversations
from lib.formats import importers
from tests.support.import_helpers import IMPORT_DAY, people, preview


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", IMPORT_DAY)


def test_undo_removes_the_contacts_and_organizations_it_created(db):
    kept = contacts.save_contact(db, {"name": "Already Here", "organization": "Grid Partners"})
    result = importers.apply_import(db, preview(db, "linkedin_connections.csv"))
    assert db["contacts"].count == 6
    assert importers.undo_import(db, result.import_id) == {"removed": 5, "cleared": 0}
    assert list(people(db)) == ["Already Here"]
    assert [r[0] for r in db.execute("SELECT name FROM organizations")] == ["Grid Partners"]
    assert contacts.get_contact(db, kept)["organization"] == "Grid Partners"
    (record,) = importers.list_imports(db)
    assert record["undone_at"] and record["created_count"] == 5


def test_undo_clears_the_fields_it_filled_but_keeps_later_edits(db):
    ada = contacts.save_contact(db, {"name": "Ada Byron", "email": "ada@example.org"})
    parsed = importers.read_source(
        b"Name,Email,Title,Phone\nAda Byron,ada@example.org,Analyst,555 0100 22\n", "a.csv"
    )
    result = importers.apply_import(db, importers.preview(db, parsed), "fill")
    values = contacts.form_values(contacts.get_contact(db, ada))
    contacts.save_contact(db, {**values, "phone": "555 0199 99"}, ada)  # edited since
    assert importers.undo_import(db, result.import_id)["cleared"] == 1
    after = contacts.get_contact(db, ada)
    assert after["role"] is None
    assert after["phone"] == "555 0199 99"
    assert after["tags"] == []
    assert after["email"] == "ada@example.org"


@pytest.mark.parametrize("attach", ["conversation", "interaction", "referral"])
def test_undo_refuses_when_something_was_attached(db, attach):
    result = importers.apply_import(db, preview(db, "contacts_v3.vcf"))
    chinwe = people(db)["Chinwe Okafor"]["id"]
    if attach == "conversation":
        conversations.save_conversation(db, chinwe, {"held_on": "2026-11-20", "mode": "video"})
        expected = "Chinwe Okafor now has a conversation."
    elif attach == "interaction":
        contacts.log_interaction(db, chinwe, "outreach", "2026-11-20", "Hello")
        expected = "Chinwe Okafor now has an interaction."
    else:
        contacts.save_contact(db, {"name": "Someone New", "referred_by_id": chinwe})
        expected = "Chinwe Okafor now has a contact they referred."
    with pytest.raises(importers.UndoRefused) as refused:
        importers.undo_import(db, result.import_id)
    assert str(refused.value).startswith(f"This import cannot be undone: {expected}")
    assert db["contacts"].count >= 2  # nothing removed


def test_undo_keeps_its_own_last_contact_notes_out_of_the_way(db):
    result = importers.apply_import(db, preview(db, "tracking_semicolon_cp1252.csv"))
    assert db["interactions"].count == 3
    assert importers.undo_blockers(db, result.import_id) == []
    importers.undo_import(db, result.import_id)
    assert db["interactions"].count == 0 and db["contacts"].count == 0


def test_undo_twice_is_refused(db):
    result = importers.apply_import(db, preview(db, "contacts_v3.vcf"))
    importers.undo_import(db, result.import_id)
    with pytest.raises(importers.UndoRefused, match="already undone"):
        importers.undo_import(db, result.import_id)


def test_report_csv_lists_every_row_with_formulas_neutralised(db):
    result = importers.apply_import(db, preview(db, "linkedin_connections.csv"))
    rows = list(csv.reader(io.StringIO(importers.report_csv(result))))
    assert rows[0] == ["line", "name", "status", "reason"]
    assert rows[1] == ["5", "Amélie Durand", "imported", ""]
    assert ["9", "", "skipped", "No name in this row."] in rows
    assert ["11", "'@Marco Rossi", "imported", ""] in rows
    assert [
        "10",
        "Amélie Durand",
        "skipped",
        "Same person as line 5, Amélie Durand (same LinkedIn URL).",
    ] in rows


def test_every_import_is_recorded_with_its_counts(db):
    importers.apply_import(db, preview(db, "linkedin_connections.csv"), file_name="Connections.csv")
    (record,) = importers.list_imports(db)
    assert record["file_name"] == "Connections.csv"
    assert record["source"] == "linkedin"
    assert record["tag"] == "import: linkedin 2026-11-28"
    assert (record["created_count"], record["duplicate_count"], record["skipped_count"]) == (
        5,
        1,
        2,
    )
    tagged = db.execute(
        "SELECT count(*) FROM contacts WHERE tags LIKE ?", ['%"import: linkedin 2026-11-28"%']
    ).fetchone()[0]
    assert tagged == 5
    assert json.loads(people(db)["Priya Raman"]["tags"]) == ["import: linkedin 2026-11-28"]


def test_progress_is_reported(db):
    seen = []
    importers.apply_import(
        db, preview(db, "linkedin_connections.csv"), progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (5, 5)
