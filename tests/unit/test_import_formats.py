"""Each source format, read from a fixture file written as that source writes it."""

import json

import pytest

from lib.formats import importers
from tests.support.import_helpers import IMPORT_DAY, by_line, parse, people, preview


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", IMPORT_DAY)


def test_linkedin_export_with_bom_crlf_and_notes_preamble(db):
    parsed = parse("linkedin_connections.csv")
    assert (parsed.source, parsed.encoding) == ("linkedin", "utf-8-sig")
    assert parsed.headers == importers.LINKEDIN_HEADER
    rows = by_line(importers.preview(db, parsed))
    # The header is on line 4, after "Notes:", the quoted paragraph and a blank line.
    amelie = rows[5]
    assert (amelie.status, amelie.name) == ("new", "Amélie Durand")
    assert amelie.values["organization"] == "Énergie Commune, SCIC"
    assert amelie.values["first_known_on"] == "2024-03-15"
    assert amelie.values["how_found"] == "linkedin"
    assert amelie.values["linkedin_url"] == "https://linkedin.com/in/amelie-durand-4a1b2c"
    assert rows[6].values["role"] == 'Head of "Flex" Markets'
    assert rows[9].status == "skipped" and rows[9].reason == "No name in this row."


def test_linkedin_import_is_byte_exact_and_keeps_formula_cells_as_typed(db):
    importers.apply_import(db, preview(db, "linkedin_connections.csv"))
    found = people(db)
    assert set(found) == {
        "Amélie Durand",
        "Seán O'Brien",
        "美咲 田中",
        "Priya Raman",
        "@Marco Rossi",
    }
    assert found["美咲 田中"]["organization"] == "東京電力"
    assert found["美咲 田中"]["role"] == "エネルギーアナリスト"
    assert found["Seán O'Brien"]["email"] == "sean.obrien@example.ie"
    assert found["Priya Raman"]["organization"] == "=Solar Co"
    assert found["Priya Raman"]["role"] == "+1 idea person"
    assert found["@Marco Rossi"]["organization"] == "-Minus Labs"
    assert found["Amélie Durand"]["first_known_on"] == "2024-03-15"
    assert found["Amélie Durand"]["how_found"] == "linkedin"
    assert "import: linkedin 2026-11-28" in json.loads(found["Amélie Durand"]["tags"])


def test_invalid_email_is_dropped_with_a_warning_naming_it(db):
    priya = by_line(preview(db, "linkedin_connections.csv"))[8]
    assert priya.status == "new"
    assert priya.values["email"] is None
    assert priya.warnings == [
        "Email 'not-an-email' left out: Email should look like name@example.org."
    ]


def test_google_contacts_csv(db):
    parsed = parse("google_contacts.csv")
    assert parsed.source == "google" and not parsed.needs_mapping
    rows = by_line(importers.preview(db, parsed))
    lena = rows[2].values
    assert lena["email"] == "lena.fischer@example.de"  # the first of "a ::: b"
    assert lena["tags"] == ["Climate"]  # Google's own "* myContacts" label is not a tag
    assert lena["linkedin_url"] == "https://linkedin.com/in/lena-fischer"
    assert (lena["organization"], lena["role"]) == ("Stadtwerke München", "Program Manager")
    assert rows[3].name == "Tomás J. García"
    assert rows[3].values["linkedin_url"] is None and not rows[3].warnings  # a plain website
    assert rows[4].status == "skipped"


def test_outlook_csv(db):
    parsed = parse("outlook_contacts.csv")
    assert parsed.source == "outlook"
    rows = by_line(importers.preview(db, parsed))
    grace = rows[2].values
    assert rows[2].name == "Grace Hopper"  # "Dr." is Outlook's Title, not the role
    assert (grace["role"], grace["organization"]) == ("Research Director", "Harbor Energy Inc.")
    assert grace["phone"] == "(415) 555-0134"
    assert grace["tags"] == ["Mentors", "Energy"]
    assert grace["private_notes"] == 'Knows the utility side, "very" generous'
    assert rows[3].values["phone"] == "+1 510 555 0188"


def test_semicolon_csv_in_windows_1252_with_the_mapping_guessed(db):
    parsed = parse("tracking_semicolon_cp1252.csv")
    assert (parsed.source, parsed.encoding, parsed.delimiter) == ("csv", "cp1252", ";")
    assert parsed.needs_mapping
    mapping = importers.guess_mapping(parsed.headers)
    assert mapping["name"] == "Name"
    assert mapping["organization"] == "Company"
    assert mapping["role"] == "Title"
    assert mapping["last_contact_on"] == "Last contacted"
    assert mapping["referred_by"] == "Referred by"
    rows = by_line(importers.preview(db, parsed, mapping))
    assert rows[2].values["private_notes"] == "Prix: 20 € – „gut“"
    assert rows[2].values["role"] == "Directeur d'études"
    assert rows[2].values["last_contact_on"] == "2025-03-14"  # 14/03/2025, day first
    assert rows[3].values["private_notes"] == 'Said: "call me"; any time'
    assert (rows[4].status, rows[4].reason) == ("skipped", "Empty row.")
    assert (rows[5].status, rows[5].reason) == ("skipped", "No name in this row.")


def test_spreadsheet_referred_by_and_last_contact_date(db):
    importers.apply_import(db, preview(db, "tracking_semicolon_cp1252.csv"))
    found = people(db)
    assert found["Núñez Peña"]["referred_by_id"] == found["Jürgen Müller"]["id"]
    last = db.execute(
        "SELECT occurred_on FROM interactions WHERE contact_id = ?", [found["Jürgen Müller"]["id"]]
    ).fetchone()
    assert last == ("2025-03-14",)
    eve = by_line(preview(db, "tracking_semicolon_cp1252.csv"))[6]
    assert any("Someone Unknown" in warning for warning in eve.warnings)


def test_utf16_tab_separated(db):
    parsed = parse("utf16_tab.csv")
    assert (parsed.encoding, parsed.delimiter) == ("utf-16", "\t")
    rows = by_line(importers.preview(db, parsed))
    assert rows[2].name == "Zoë Ångström"
    assert rows[2].values["linkedin_url"] == "https://linkedin.com/in/zoe-angstrom"
    assert rows[3].name == "李雷"
    assert rows[4].name == 'Ana "Anita" Silva'
    assert rows[4].values["organization"] == "Energia, Lda"
    assert rows[4].warnings == [
        "LinkedIn URL 'not a url' left out: "
        "LinkedIn URL should look like https://linkedin.com/in/their-name."
    ]


def test_vcard_3_with_folding_and_a_photo(db):
    parsed = parse("contacts_v3.vcf")
    assert parsed.source == "vcard"
    rows = importers.preview(db, parsed).rows
    assert [row.name for row in rows] == ["Chinwe Okafor", "Ryan D'Souza"]
    chinwe = rows[0].values
    assert chinwe["organization"] == "Lagos Clean Power"
    assert chinwe["role"] == "Senior Engineer"
    assert chinwe["phone"] == "+234 803 123 4567"
    assert chinwe["hook"] == (
        "Wrote the article on mini-grids in Nigeria that I read last spring, and offered to "
        "talk about field work."
    )
    assert chinwe["tags"] == ["energy", "africa"]


def test_vcard_4_and_quoted_printable_with_charsets(db):
    rows = preview(db, "contacts_v4_qp.vcf").rows
    soren, jurgen = rows
    assert soren.name == "Søren Kierkegaard-Lund"
    assert soren.values["phone"] == "+45-20-12-34-56"  # from TEL;VALUE=uri:tel:...
    assert soren.values["linkedin_url"] == "https://dk.linkedin.com/in/soren-kl"
    assert soren.values["hook"].endswith("folded by the exporting phone at seventy-five octets.")
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.values["organization"] == "Bürgerenergie e.G."  # ISO-8859-1 QP
    assert jurgen.values["hook"] == "Met at the Berlin energy fair"  # a QP soft line break


def test_the_person_may_choose_the_format(db):
    assert parse("tracking_semicolon_cp1252.csv", "csv").source == "csv"
    assert parse("linkedin_connections.csv", "csv").source == "csv"
    with pytest.raises(importers.ImportFileError, match="does not look like a LinkedIn"):
        parse("google_contacts.csv", "linkedin")
    with pytest.raises(importers.ImportFileError, match="vCard"):
        parse("contacts_v3.vcf", "outlook")


def test_a_vcard_without_fn_is_named_from_n(db):
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chinwe;Ada;Dr.;PhD\r\nEND:VCARD\r\n"
    (row,) = importers.preview(db, importers.read_source(card, "n.vcf")).rows
    assert row.name == "Chinwe Ada Okafor"
