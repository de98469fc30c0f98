"""Ids in the address (?contact=3): anything that is not a plain id opens the page as if it
were absent, never a traceback."""

from __future__ import annotations

import pytest

from lib.ui.widgets import record_id

# "²" and "٣" pass str.isdigit() but int() refuses "²"; a 23-digit id overflows SQLite.
NOT_IDS = ["²", "٣", "99999999999999999999999", "-1", "0", " 3", "3.0", ""]


@pytest.mark.parametrize("value", NOT_IDS)
def test_only_plain_positive_ids_count(value):
    assert record_id(value) is None


def test_a_plain_id_is_read():
    assert record_id("42") == 42
    assert record_id(str(2**63 - 1)) == 2**63 - 1


@pytest.mark.parametrize(
    "page, names",
    [
        ("pages/brief.py", ["contact", "scheduled"]),
        ("pages/conversations.py", ["contact", "scheduled"]),
        ("pages/conversations.py", ["conversation"]),
        ("pages/paths.py", ["path"]),
        ("pages/contacts.py", ["contact"]),
        ("pages/board.py", ["item"]),
    ],
)
def test_a_page_opened_with_a_strange_id_shows_no_error(open_page, sample_path, page, names):
    # Each page reads its ids through widgets.query_id, whose cases are tested above.
    at = open_page(page, **dict.fromkeys(names, "²"))  # open_page fails on any exception
    assert not at.error, [error.value for error in at.error]
