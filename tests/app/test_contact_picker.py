"""The contact picker on a long list (issue 10): a search box first, and a short selectbox."""

import pytest

from lib import store
from lib.contacts import save_contact
from lib.ui import pickers

NAMES = ["Ada Lovelace", "Ben Lindqvist", "Chen Wei", "Dara Okafor", "Eli Suárez"]


@pytest.fixture
def five_contacts(db_path, monkeypatch):
    database = store.open_database(db_path)
    ids = {name: save_contact(database, {"name": name}) for name in NAMES}
    database.close()
    return ids


def picker(at, label):
    [box] = [s for s in at.selectbox if s.label == label]
    return box


def find_box(at, key_start):
    """The search box of the picker whose key starts with key_start (a page can have two)."""
    [box] = [t for t in at.text_input if t.key and t.key.startswith(key_start)]
    assert box.key.endswith("_find")
    return box


def test_a_short_list_is_one_selectbox_of_everyone(open_page, five_contacts):
    at = open_page("pages/brief.py")
    assert not [t for t in at.text_input if t.label.startswith("Find a contact")]
    assert len(picker(at, "Brief for").options) == len(NAMES)


@pytest.mark.parametrize(
    "page, label, key_start",
    [
        ("pages/brief.py", "Brief for", "brief_contact"),
        ("pages/conversations.py", "Who did you talk to?", "conversations_contact"),
        ("pages/conversations.py", "Who will you talk to?", "conversations_schedule_0_contact"),
    ],
)
def test_a_long_list_is_searched_first(
    open_page, five_contacts, monkeypatch, page, label, key_start
):
    monkeypatch.setattr(pickers, "LISTED_AT_MOST", 3)
    at = open_page(page)
    find = find_box(at, key_start)
    assert find.label == "Find a contact (you have 5)"
    assert len(picker(at, label).options) == 3
    assert any("most recently in touch" in c.value for c in at.caption)
    find.input("suarez").run()  # no match without the accent: said so, nothing listed
    assert picker(at, label).options == []
    assert any("No active contact matches" in c.value for c in at.caption)
    find_box(at, key_start).input("SUÁREZ").run()
    assert picker(at, label).options == ["Eli Suárez"]
    picker(at, label).set_value(five_contacts["Eli Suárez"]).run()
    assert not at.exception
    assert picker(at, label).value == five_contacts["Eli Suárez"]


def test_the_contact_a_link_asks_for_is_listed_even_if_not_shortlisted(
    open_page, five_contacts, monkeypatch
):
    monkeypatch.setattr(pickers, "LISTED_AT_MOST", 1)
    wanted = five_contacts["Ada Lovelace"]
    at = open_page("pages/brief.py", contact=wanted)
    box = picker(at, "Brief for")
    assert box.value == wanted
    assert "Ada Lovelace" in box.options


def test_a_new_search_keeps_the_contact_already_picked(open_page, five_contacts, monkeypatch):
    # Picked Eli, then typed another name: Eli stays picked, and so does the form below.
    monkeypatch.setattr(pickers, "LISTED_AT_MOST", 3)
    at = open_page("pages/conversations.py")
    find_box(at, "conversations_contact").input("eli").run()
    picker(at, "Who did you talk to?").set_value(five_contacts["Eli Suárez"]).run()
    find_box(at, "conversations_contact").input("ada").run()
    box = picker(at, "Who did you talk to?")
    assert box.value == five_contacts["Eli Suárez"]
    assert set(box.options) == {"Eli Suárez", "Ada Lovelace"}
    assert any(b.label == "Save conversation" for b in at.button)
