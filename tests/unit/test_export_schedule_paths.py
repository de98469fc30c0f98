"""CSV export of scheduled conversations, paths and the evidence conversations gave on them."""

import csv
import io

import pytest

from lib import store
from lib.formats import csv_export


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def world(db):
    """Mira (at Brightline) was met on 10 Nov about two paths; a call with her is planned for
    26 Nov at 15:00 Paris time, about one of them; an earlier plan was cancelled."""
    with store.write(db):
        org = db["organizations"].insert({"name": "Brightline"}).last_pk
        mira = db["contacts"].insert({"name": "Mira", "organization_id": org}).last_pk
        energy = db["paths"].insert({"name": "Community energy", "status": "promising"}).last_pk
        informatics = db["paths"].insert({"name": "Clinical informatics"}).last_pk
        talk = (
            db["conversations"]
            .insert(
                {
                    "contact_id": mira,
                    "held_on": "2026-11-10",
                    "mode": "video",
                    "private_notes": "PRIVATE-EXPORT-MARK",
                }
            )
            .last_pk
        )
        db["conversation_paths"].insert_all(
            [
                {
                    "conversation_id": talk,
                    "path_id": energy,
                    "still_interested": "yes",
                    "appeals": "=local impact",
                    "hard_parts": "grant cycles",
                },
                {
                    "conversation_id": talk,
                    "path_id": informatics,
                    "still_interested": "no",
                    "appeals": None,
                    "hard_parts": "night shifts",
                },
            ]
        )
        db["path_questions"].insert(
            {"path_id": energy, "text": "Who funds it?", "raised_on": "2026-11-10"}
        )
        db["research_items"].insert({"kind": "book", "title": "Power Lines", "path_id": energy})
        planned = (
            db["scheduled_conversations"]
            .insert(
                {
                    "contact_id": mira,
                    "starts_at": "2026-11-26T14:00:00Z",
                    "time_zone": "Europe/Paris",
                    "planned_minutes": 30,
                    "mode": "phone",
                    "place_or_link": "+33 1 23 45",
                }
            )
            .last_pk
        )
        db["scheduled_paths"].insert({"scheduled_id": planned, "path_id": energy})
        db["scheduled_conversations"].insert(
            {
                "contact_id": mira,
                "starts_at": "2026-11-20T09:00:00Z",
                "time_zone": "UTC",
                "mode": "video",
                "status": "cancelled",
                "conversation_id": None,
            }
        )
    return db


def test_scheduled_conversations_in_local_time_with_their_paths(world):
    exported = rows(csv_export.export_csv(world, "scheduled"))
    assert [row["status"] for row in exported] == ["Cancelled", "Scheduled"]
    planned = exported[1]
    assert planned["starts_local"] == "2026-11-26 15:00"
    assert planned["time_zone"] == "Europe/Paris"
    assert planned["starts_utc"] == "2026-11-26T14:00:00Z"
    assert planned["contact"] == "Mira" and planned["organization"] == "Brightline"
    assert planned["mode"] == "Phone" and planned["planned_minutes"] == "30"
    assert planned["place_or_link"] == "'+33 1 23 45"  # a spreadsheet would compute it
    assert planned["paths"] == "Community energy"


def test_paths_with_their_counts(world):
    exported = {row["name"]: row for row in rows(csv_export.export_csv(world, "paths"))}
    energy = exported["Community energy"]
    assert energy["status"] == "Promising"
    assert (energy["conversations"], energy["still_interested_yes"]) == ("1", "1")
    assert (energy["board_items"], energy["open_questions"]) == ("1", "1")
    informatics = exported["Clinical informatics"]
    assert informatics["status"] == "Exploring" and informatics["still_interested_no"] == "1"


def test_path_evidence_one_row_per_conversation_and_path(world):
    exported = rows(csv_export.export_csv(world, "path_evidence"))
    assert [(r["path"], r["still_interested"]) for r in exported] == [
        ("Clinical informatics", "No"),
        ("Community energy", "Yes"),
    ]
    assert exported[1]["appeals"] == "'=local impact"
    assert exported[1]["held_on"] == "2026-11-10" and exported[1]["contact"] == "Mira"


@pytest.mark.parametrize("name", ["scheduled", "paths", "path_evidence"])
def test_nothing_private_even_when_private_notes_are_asked_for(world, name):
    assert "PRIVATE-EXPORT-MARK" not in csv_export.export_csv(world, name, include_private=True)


@pytest.mark.parametrize(
    ("stamp", "zone", "shown"),
    [
        ("2026-07-01T12:00:00Z", "America/New_York", "2026-07-01 08:00"),
        ("2026-07-01T12:00:00Z", "No/Such_Zone", ""),
        ("not a time", "UTC", ""),
    ],
)
def test_local_start(stamp, zone, shown):
    assert csv_export.local_start(stamp, zone) == shown
