"""Files that cannot be imported get a clear message, and nothing is written."""

import pytest

from lib.formats import importers
from tests.support.import_helpers import FIXTURES, parse


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_text.csv", "This file is not text."),
        ("empty.csv", "This file is empty."),
        ("no_name_column.csv", "No column looks like a name. The header row is: Company, Budget"),
        ("no_name.vcf", "This vCard has no name: a card needs an FN (formatted name) or N"),
    ],
)
def test_bad_files_get_a_clear_message(name, message):
    with pytest.raises(importers.ImportFileError) as error:
        parse(name)
    assert str(error.value).startswith(message)


def test_a_file_over_20_mb_is_refused_and_the_limit_named():
    data = (FIXTURES / "google_contacts.csv").read_bytes()
    big = data + b"x" * (importers.MAX_BYTES - len(data) + 1)
    with pytest.raises(importers.ImportFileError, match="the limit is 20 MB"):
        importers.read_source(big, "big.csv")


def test_whitespace_only_is_empty():
    with pytest.raises(importers.ImportFileError, match="empty"):
        importers.read_source(b"\xef\xbb\xbf \r\n\r\n", "blank.csv")


def test_a_header_without_rows_previews_nothing(db):
    parsed = importers.read_source(b"Name,Email\r\n", "header.csv")
    assert importers.preview(db, parsed).rows == []


def test_a_mapping_without_a_name_is_refused(db):
    parsed = importers.read_source(b"Name,Email\r\nAda,ada@example.org\r\n", "a.csv")
    with pytest.raises(importers.ImportFileError, match="name"):
        importers.preview(db, parsed, {"email": "Email"})


def test_control_characters_are_cleaned_and_nothing_raises(db):
    parsed = importers.read_source(b"Name,Notes\r\nAda\x00 B\x07,line\x1b one\r\n", "c.csv")
    (row,) = importers.preview(db, parsed).rows
    assert row.name == "Ada B"
    assert row.values["private_notes"] == "line one"
    importers.apply_import(db, importers.preview(db, parsed))
    assert db.execute("SELECT name FROM contacts").fetchone() == ("Ada B",)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("15 Mar 2024", False, "2024-03-15"),
        ("2024-03-15", False, "2024-03-15"),
        ("03/15/2024", False, "2024-03-15"),
        ("15/03/2024", False, "2024-03-15"),
        ("04/03/2024", True, "2024-03-04"),
        ("04.03.2024", False, "2024-03-04"),
        ("March 15, 2024", False, "2024-03-15"),
        ("31/02/2024", False, None),
        ("soon", False, None),
    ],
)
def test_dates_as_exports_write_them(text, day_first, expected):
    found = importers.parse_day(text, day_first)
    assert (found.isoformat() if found else None) == expected


def test_excels_sep_line_names_the_delimiter(db):
    parsed = importers.read_source(b"sep=;\r\nName;Company\r\nAda Byron;Engines, Ltd\r\n", "x.csv")
    assert (parsed.delimiter, parsed.headers) == (";", ["Name", "Company"])
    (row,) = importers.preview(db, parsed).rows
    assert (row.line, row.values["organization"]) == (3, "Engines, Ltd")
