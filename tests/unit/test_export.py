"""CSV export: every table, labels not codes, formulas neutralised, private notes left out."""

import csv
import io
from datetime import date

import pytest

from lib.formats import csv_export
from tests.support import hand_counted as world
from tests.support.hand_counted import MARKER


@pytest.fixture
def world_db(db):
    world.build(db)
    return db


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert csv_export.neutralise(value) == expected


@pytest.mark.parametrize("name", list(csv_export.EXPORTS))
def test_every_export_leaves_private_notes_out_by_default(world_db, name):
    text = csv_export.export_csv(world_db, name)
    assert MARKER not in text
    assert "private_notes" not in text.splitlines()[0]


def test_private_notes_only_when_asked(world_db):
    text = csv_export.export_csv(world_db, "contacts", include_private=True)
    assert MARKER in text
    assert MARKER in csv_export.export_csv(world_db, "conversations", include_private=True)


def test_contacts_export(world_db):
    exported = rows(csv_export.export_csv(world_db, "contacts"))
    assert len(exported) == 6
    ben = next(r for r in exported if r["name"] == "Ben")
    assert ben["organization"] == "Beta"
    assert ben["referred_by"] == "Ana"
    assert ben["status"] == "Active"


def test_interactions_and_board_use_labels(world_db):
    interactions = rows(csv_export.export_csv(world_db, "interactions"))
    assert len(interactions) == 12
    assert {"Outreach sent", "Reply received", "Thank-you sent"} <= {
        r["kind"] for r in interactions
    }
    board = rows(csv_export.export_csv(world_db, "board"))
    assert [(r["kind"], r["status"]) for r in board] == [
        ("Alternative role", "To do"),
        ("Book or article", "Done"),
        ("Person to contact", "Done"),
    ]
    conversations = rows(csv_export.export_csv(world_db, "conversations"))
    assert [r["mode"] for r in conversations] == ["Video", "Video", "Video"]


def test_formula_cells_are_neutralised_in_the_file(world_db):
    world_db["contacts"].update(1, {"name": "=cmd|' /C calc'!A0", "hook": "@risk"})
    world_db["interactions"].update(1, {"summary": "+33 said yes"})
    contacts = rows(csv_export.export_csv(world_db, "contacts"))
    assert contacts[0]["name"] == "'=cmd|' /C calc'!A0"
    assert contacts[0]["hook"] == "'@risk"
    assert rows(csv_export.export_csv(world_db, "interactions"))[0]["summary"] == "'+33 said yes"


def test_unknown_export(db):
    with pytest.raises(ValueError, match="Unknown export"):
        csv_export.export_csv(db, "secrets")


def test_file_name():
    assert csv_export.file_name("board", date(2026, 11, 25)) == "fieldwork-board-2026-11-25.csv"
