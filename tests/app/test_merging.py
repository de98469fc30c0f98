"""Possible duplicates on Contacts, through the page: the folded section finds pairs when opened,
a merge with a field picked by hand, its Undo, and "Not the same person"."""

from lib import contacts, store
from lib.text import markdown_escape as shown
from lib.ui.duplicates import SECTION_KEY
from tests.support.apptest import by_label, markdown_text
from tests.support.duplicates_world import build_pair_file


def _expanders(at) -> list[str]:
    return [e.label for e in at.expander]


def _with_duplicates_open(open_page):
    """Contacts with the folded "Possible duplicates" opened, as a click on it does."""
    at = open_page("pages/contacts.py")
    at.session_state[SECTION_KEY] = True
    return at.run()


def _contact(db_path, contact_id):
    database = store.connect(db_path)
    try:
        return contacts.get_contact(database, contact_id)
    finally:
        database.close()


def _count(db_path, sql, params=()):
    database = store.connect(db_path)
    try:
        return database.execute(sql, list(params)).fetchone()[0]
    finally:
        database.close()


def test_one_contact_no_section(open_page, db_path):
    database = store.open_database(db_path)
    contacts.save_contact(database, {"name": "Ben Okoye", "email": "ben@example.org"})
    database.close()
    at = open_page("pages/contacts.py")
    assert "Possible duplicates" not in _expanders(at)


def test_no_duplicates_says_so_when_opened(open_page, db_path):
    database = store.open_database(db_path)
    contacts.save_contact(database, {"name": "Ben Okoye", "email": "ben@example.org"})
    contacts.save_contact(database, {"name": "Ana Ruiz", "email": "ana@example.org"})
    database.close()
    at = _with_duplicates_open(open_page)
    assert "Possible duplicates" in _expanders(at)
    assert any(c.value.startswith("No possible duplicates") for c in at.caption)
    assert not [b for b in at.button if b.label == "Compare and merge"]


def test_the_search_waits_until_the_section_is_opened(open_page, db_path):
    build_pair_file(db_path)
    at = open_page("pages/contacts.py")
    assert "Possible duplicates" in _expanders(at)
    assert not [b for b in at.button if b.label == "Compare and merge"]


def test_the_pairs_show_strongest_first_with_why(open_page, db_path):
    build_pair_file(db_path)
    at = _with_duplicates_open(open_page)
    assert any(c.value.startswith("2 pairs, found by") for c in at.caption)
    text = markdown_text(at)
    assert text.index("Ana Ruiz") < text.index("Carla Diaz")
    assert "Same email" in text and "Same name and organization" in text


def test_merge_with_a_field_picked_then_undo(open_page, db_path):
    ids = build_pair_file(db_path)
    at = _with_duplicates_open(open_page)
    by_label(at.button, "Compare and merge").click().run()
    assert not at.exception
    assert at.title[0].value == "Merge two contacts"
    name = by_label(at.radio, "Name")
    assert name.value == ids["old"]  # the fuller name, by default
    name.set_value(ids["kept"])
    assert by_label(at.radio, "Hook").value == ids["kept"]
    by_label(at.button, "Merge…").click().run()
    assert "Merge them into one contact, **Ana Ruiz**?" in markdown_text(at)
    assert _count(db_path, "SELECT count(*) FROM contacts") == 7  # asked first: nothing yet
    by_label(at.button, "Merge them").click().run()
    assert not at.exception
    assert at.query_params["contact"] == str(ids["kept"])
    merged = f"Merged {shown('Ana Ruiz-Gómez')} and Ana Ruiz into one contact, Ana Ruiz."
    assert merged in markdown_text(at)
    kept = _contact(db_path, ids["kept"])
    assert kept["name"] == "Ana Ruiz" and kept["phone"] == "+1 415 555 0100"
    assert _contact(db_path, ids["old"]) is None
    assert _count(db_path, "SELECT count(*) FROM conversations WHERE contact_id = ?", [ids["kept"]])

    by_label(at.button, "Undo").click().run()
    assert not at.exception
    back = f"Put back {shown('Ana Ruiz-Gómez and Ana Ruiz as two contacts')}."
    assert any(back in s.value for s in at.success)
    assert _contact(db_path, ids["old"])["name"] == "Ana Ruiz-Gómez"
    assert _contact(db_path, ids["kept"])["phone"] is None
    assert not [b for b in at.button if b.label == "Undo"]


def test_not_yet_merges_nothing_and_back_returns_to_the_list(open_page, db_path):
    build_pair_file(db_path)
    at = _with_duplicates_open(open_page)
    by_label(at.button, "Compare and merge").click().run()
    by_label(at.button, "Merge…").click().run()
    by_label(at.button, "Not yet").click().run()
    assert not [b for b in at.button if b.label == "Merge them"]
    by_label(at.button, "Back to all contacts").click().run()
    assert at.title[0].value == "Contacts"
    assert _count(db_path, "SELECT count(*) FROM contacts") == 7


def test_not_the_same_person_is_not_offered_again(open_page, db_path):
    build_pair_file(db_path)
    at = _with_duplicates_open(open_page)
    buttons = [b for b in at.button if b.label == "Not the same person"]
    buttons[1].click().run()  # Carla Diaz and Diaz Carla
    assert not at.exception
    assert any(c.value.startswith("1 pair, found by") for c in at.caption)
    assert "Diaz Carla" not in markdown_text(at)
    again = _with_duplicates_open(open_page)
    assert any(c.value.startswith("1 pair, found by") for c in again.caption)


def test_the_old_page_opens_the_kept_contact(open_page, db_path):
    ids = build_pair_file(db_path)
    at = _with_duplicates_open(open_page)
    by_label(at.button, "Compare and merge").click().run()
    by_label(at.radio, "Name").set_value(ids["kept"])
    by_label(at.button, "Merge…").click().run()
    by_label(at.button, "Merge them").click().run()
    old = open_page("pages/contacts.py", contact=ids["old"])
    assert old.title[0].value == "Ana Ruiz"
    assert any(shown("Ana Ruiz-Gómez was merged into Ana Ruiz.") in i.value for i in old.info)
    assert old.query_params["contact"] == str(ids["kept"])
