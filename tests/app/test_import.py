"""The Import page: upload, preview, choices for duplicates, the result, and undo."""

import pytest

from lib import contacts, store
from tests.support.import_helpers import FIXTURES, IMPORT_DAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("FIELDWORK_TODAY", IMPORT_DAY)


def upload(at, name: str):
    at.file_uploader[0].set_value((name, (FIXTURES / name).read_bytes(), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def names(db_path) -> set[str]:
    database = store.open_database(db_path)
    try:
        return {r[0] for r in database.execute("SELECT name FROM contacts")}
    finally:
        database.close()


def test_preview_then_import_then_undo(open_page, db_path):
    at = upload(open_page("pages/import_contacts.py"), "linkedin_connections.csv")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "New people": "5",
        "Duplicates": "1",
        "Skipped rows": "1",
        "With a warning": "1",
    }
    table = at.dataframe[0].value
    assert list(table["name"])[:3] == ["Amélie Durand", "Seán O'Brien", "美咲 田中"]
    assert "No name in this row." in set(table["reason"])
    assert names(db_path) == set()  # the preview writes nothing

    at.button(key="import_go").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Imported 5 people, skipped 2 rows.")
    assert names(db_path) == {
        "Amélie Durand",
        "Seán O'Brien",
        "美咲 田中",
        "Priya Raman",
        "@Marco Rossi",
    }
    assert at.caption.values.count("Nothing imported yet.") == 0

    at.button(key="import_undo_1").click().run()
    explained = [m.value for m in at.markdown if m.value.startswith("This removes the 5 people")]
    assert explained == [
        "This removes the 5 people that importing “linkedin\\_connections\\.csv” added. "
        "Everything else stays as it is."
    ]
    at.button(key="import_undo_cancel").click().run()  # "Keep it": nothing changes
    assert not at.exception
    assert len(names(db_path)) == 5
    assert not [b for b in at.button if b.key == "import_undo_confirm"]

    at.button(key="import_undo_1").click().run()
    at.button(key="import_undo_confirm").click().run()
    assert not at.exception
    assert names(db_path) == set()
    assert [s.value for s in at.success] == ["Undone: removed 5 people and cleared 0 fields."]


def test_duplicates_fill_for_all(open_page, db_path):
    database = store.open_database(db_path)
    seán = contacts.save_contact(
        database, {"name": "Sean OBrien", "email": "sean.obrien@example.ie"}
    )
    database.close()
    at = upload(open_page("pages/import_contacts.py"), "linkedin_connections.csv")
    assert {m.label: m.value for m in at.metric}["Duplicates"] == "2"
    editor = at.data_editor[0].value
    assert "Already in your contacts as Sean OBrien (same email)." in set(editor["reason"])
    at.radio(key="import_choice_all").set_value("fill").run()
    at.button(key="import_go").click().run()
    assert not at.exception
    assert "filled in the empty fields of 1 person" in at.success[0].value
    database = store.open_database(db_path)
    filled = contacts.get_contact(database, seán)
    database.close()
    assert filled["organization"] == "Grid Partners"
    assert filled["name"] == "Sean OBrien"


def test_mapping_step_for_a_spreadsheet(open_page):
    at = upload(open_page("pages/import_contacts.py"), "tracking_semicolon_cp1252.csv")
    name_box = next(s for s in at.selectbox if s.label == "Name")
    assert name_box.value == "Name"
    last = next(s for s in at.selectbox if s.label == "Last contact date")
    assert last.value == "Last contacted"
    table = at.dataframe[0].value
    assert "Jürgen Müller" in set(table["name"])


def test_a_bad_file_gets_a_clear_message(open_page):
    at = upload(open_page("pages/import_contacts.py"), "no_name.vcf")
    assert at.error[0].value.startswith("This vCard has no name")
    assert not at.metric


def test_coach_mode_says_import_is_not_available(open_page, sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/import_contacts.py")
    assert any("not available in read-only coach mode" in i.value for i in at.info)
    assert not at.file_uploader


def test_contacts_offer_a_vcard_download_for_the_list_and_for_one(open_page, sample_path):
    at = open_page("pages/contacts.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download these") and "vCards" in label for label in labels)
    one = open_page("pages/contacts.py", contact=1)
    assert "vCard" in [b.proto.label for b in one.get("download_button")]


def test_an_error_quoting_the_file_shows_its_text_as_typed(open_page):
    at = open_page("pages/import_contacts.py")
    hostile = b"![p](http://127.0.0.1/x.png),Budget\r\n1,2\r\n"
    at.file_uploader[0].set_value(("hostile.csv", hostile, "text/csv"))
    at.run()
    message = at.error[0].value
    assert message.startswith("No column looks like a name")
    assert "![p](" not in message  # escaped: shown as text, never fetched as an image


def test_an_imported_linkedin_contact_shows_when_they_were_first_known(open_page, db_path):
    at = upload(open_page("pages/import_contacts.py"), "linkedin_connections.csv")
    at.button(key="import_go").click().run()
    database = store.open_database(db_path)
    amelie = database.execute("SELECT id FROM contacts WHERE name = 'Amélie Durand'").fetchone()[0]
    database.close()
    page = open_page("pages/contacts.py", contact=amelie)
    shown = [m.value for m in page.markdown]
    assert "**Known since:** 2024\\-03\\-15" in shown
    assert "**How found:** LinkedIn" in shown


def test_an_uncertain_code_page_guess_is_said_and_can_be_chosen(open_page):
    corpus = FIXTURES.parent / "address_books" / "folker-MultiAnsiFilterTests-Hebrew.vcf"
    at = open_page("pages/import_contacts.py")
    at.file_uploader[0].set_value((corpus.name, corpus.read_bytes(), "text/vcard"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("guessed" in w.value for w in at.warning)
    choice = next(s for s in at.selectbox if s.label == "The file's encoding")
    choice.set_value("cp1255").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value
    assert "אפרים קישון" in set(shown["name"])
    assert not any("guessed" in w.value for w in at.warning)


def test_a_file_read_as_utf_8_offers_no_encoding_choice(open_page):
    at = upload(open_page("pages/import_contacts.py"), "linkedin_connections.csv")
    assert all(s.label != "The file's encoding" for s in at.selectbox)
