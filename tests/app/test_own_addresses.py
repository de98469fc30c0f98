"""Your data's own addresses: the emails and LinkedIn URL imported messages are told sent or
received by; added, changed and removed, with a clear message and the values kept on error."""

from lib import own_addresses, store
from tests.support.apptest import button, by_label

PAGE = "pages/data.py"


def saved(db_path) -> own_addresses.OwnAddresses:
    database = store.open_database(db_path)
    try:
        return own_addresses.own_addresses(database)
    finally:
        database.close()


def save(at, emails: str, linkedin: str):
    by_label(at.text_input, "Your email addresses").input(emails)
    by_label(at.text_input, "Your LinkedIn profile URL").input(linkedin)
    button(at, "Save my addresses").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_add_change_and_remove_own_addresses(open_page, db_path):
    at = save(open_page(PAGE), "Ada@Example.org; ada@work.example", "linkedin.com/in/ada")
    assert saved(db_path) == own_addresses.OwnAddresses(
        ("ada@example.org", "ada@work.example"), "https://linkedin.com/in/ada"
    )
    assert any(s.value.startswith("Saved: ada") for s in at.success)
    assert (
        by_label(at.text_input, "Your email addresses").value == "ada@example.org, ada@work.example"
    )

    at = save(at, "ada@example.org", "")
    assert saved(db_path) == own_addresses.OwnAddresses(("ada@example.org",), None)

    at = save(at, "", "")
    assert not saved(db_path)
    assert any(s.value == "Your addresses were removed." for s in at.success)


def test_a_bad_address_says_which_and_keeps_what_was_typed(open_page, db_path):
    at = save(open_page(PAGE), "ada@example.org, not-an-address", "https://linkedin.com/in/ada")
    assert "not\\-an\\-address" in at.error[0].value
    assert "does not look like an email address" in at.error[0].value
    assert (
        by_label(at.text_input, "Your email addresses").value == "ada@example.org, not-an-address"
    )
    assert (
        by_label(at.text_input, "Your LinkedIn profile URL").value == "https://linkedin.com/in/ada"
    )
    assert not saved(db_path)

    at = save(at, "ada@example.org", "https://example.org/ada")
    assert "LinkedIn URL should look like" in at.error[0].value
    assert not saved(db_path)


def test_coach_mode_shows_no_address_form(open_page, sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page(PAGE)
    assert not [t for t in at.text_input if t.label == "Your email addresses"]
