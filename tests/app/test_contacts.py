from lib import store
from tests.support import sample_counts
from tests.support.apptest import by_label, in_order, markdown_text
from tests.support.days import TODAY


def fill_contact(at, **values):
    labels = {
        "name": "Name *",
        "email": "Email",
        "phone": "Phone",
        "linkedin_url": "LinkedIn URL",
        "role": "Role",
        "tags": "Tags",
    }
    for key, value in values.items():
        if key in labels:
            by_label(at.text_input, labels[key]).input(value)
        elif key == "hook":
            by_label(at.text_area, "Hook — what you know about them").input(value)
        elif key == "organization":
            by_label(at.text_input, "Organization").input(value)
        elif key == "referred_by":
            box = by_label(at.selectbox, "Referred by")
            box.set_value(next(o for o in box.options if o.startswith(value)))


def test_empty_database_shows_the_add_form_and_an_invitation(open_page):
    at = open_page("pages/contacts.py")
    assert at.title[0].value == "Contacts"
    assert any("No contacts yet" in i.value for i in at.info)
    assert by_label(at.text_input, "Name *").value == ""


def test_adding_a_contact_opens_its_page(open_page, db_path):
    store.open_database(db_path)["organizations"].insert({"name": "Analytical Engines"})
    at = open_page("pages/contacts.py")
    fill_contact(
        at,
        name="Ada Lovelace",
        email="ada@example.org",
        role="Analyst",
        hook="Wrote the first program",
        organization="Analytical Engines",
    )
    by_label(at.button, "Save contact").click().run()
    assert not at.exception
    assert at.title[0].value == "Ada Lovelace"
    assert "Analyst · Analytical Engines" in [c.value for c in at.caption]
    database = store.connect(db_path)
    row = database["contacts"].get(1)
    assert row["email"] == "ada@example.org"
    assert database["organizations"].get(row["organization_id"])["name"] == "Analytical Engines"


def test_failed_validation_keeps_every_typed_value(open_page, db_path):
    at = open_page("pages/contacts.py")
    fill_contact(
        at,
        name="Ada",
        email="not-an-email",
        phone="12",
        role="Analyst",
        tags="warm, energy",
        hook="Met at the solar meetup",
    )
    by_label(at.button, "Save contact").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "Email should look like" in errors and "Phone should be" in errors
    assert by_label(at.text_input, "Name *").value == "Ada"
    assert by_label(at.text_input, "Email").value == "not-an-email"
    assert by_label(at.text_input, "Role").value == "Analyst"
    assert by_label(at.text_input, "Tags").value == "warm, energy"
    assert (
        by_label(at.text_area, "Hook — what you know about them").value == "Met at the solar meetup"
    )
    assert store.connect(db_path)["contacts"].count == 0
    by_label(at.text_input, "Email").input("ada@example.org")
    by_label(at.text_input, "Phone").input("+1 555 010 0199")
    by_label(at.button, "Save contact").click().run()
    assert at.title[0].value == "Ada"


def test_sample_list_filters_and_counts(open_page, sample_path):
    at = open_page("pages/contacts.py")
    assert any(f"{sample_counts.CONTACTS} contacts" in c.value for c in at.caption)
    frame = at.dataframe[0].value
    assert len(frame) == sample_counts.CONTACTS and "Amara Okafor" in set(frame["name"])
    at.text_input(key="contacts_search").input("okafor").run()
    assert list(at.dataframe[0].value["name"]) == ["Amara Okafor"]
    at.text_input(key="contacts_search").input("nobody-matches-this").run()
    assert any("No contact matches" in i.value for i in at.info)


def test_contact_view_shows_fields_referrals_conversations_and_timeline(open_page, sample_path):
    database = store.connect(sample_path)
    referred = database.execute(
        "SELECT c.id, c.name, r.name FROM contacts c JOIN contacts r ON r.id = c.referred_by_id "
        "WHERE c.id IN (SELECT contact_id FROM conversations) LIMIT 1"
    ).fetchone()
    at = open_page("pages/contacts.py", contact=referred[0])
    assert at.title[0].value == referred[1]
    links = [link.label for link in at.get("page_link")]
    assert any(referred[2] in label for label in links)
    assert "Takeaways" in markdown_text(at)
    timeline = at.dataframe[0].value
    assert {"Outreach sent", "Reply received"} <= set(timeline["what"])
    assert timeline["detail"].notna().all()  # an empty cell, never "None"


def test_logging_an_interaction_adds_it_to_the_timeline(open_page, db_path):
    database = store.open_database(db_path)
    database["contacts"].insert({"name": "Ada"})
    at = open_page("pages/contacts.py", contact=1)
    by_label(at.text_input, "Summary").input("Asked for 20 minutes")
    by_label(at.button, "Log it").click().run()
    rows = list(store.connect(db_path)["interactions"].rows)
    assert [(r["kind"], r["summary"]) for r in rows] == [("outreach", "Asked for 20 minutes")]
    assert "Asked for 20 minutes" in set(at.dataframe[0].value["detail"])


def test_archive_and_restore(open_page, db_path):
    database = store.open_database(db_path)
    database["contacts"].insert({"name": "Ada"})
    at = open_page("pages/contacts.py", contact=1)
    by_label(at.button, "Archive").click().run()
    assert store.connect(db_path)["contacts"].get(1)["status"] == "archived"
    by_label(at.button, "Restore").click().run()
    assert store.connect(db_path)["contacts"].get(1)["status"] == "active"


def test_edit_a_contact(open_page, db_path):
    database = store.open_database(db_path)
    database["contacts"].insert({"name": "Ada"})
    at = open_page("pages/contacts.py", contact=1)
    by_label(at.button, "Edit").click().run()
    by_label(at.text_input, "Role").input("Engineer")
    by_label(at.button, "Save changes").click().run()
    assert store.connect(db_path)["contacts"].get(1)["role"] == "Engineer"
    assert at.title[0].value == "Ada"


def test_missing_contact_says_so(open_page, db_path):
    at = open_page("pages/contacts.py", contact=4242)
    assert any("does not exist" in w.value for w in at.warning)


def test_outreach_draft_leads_with_the_hook_and_logs_when_sent(open_page, db_path):
    database = store.open_database(db_path)
    database["contacts"].insert(
        {
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "hook": "wrote the notes on the engine",
        }
    )
    at = open_page("pages/contacts.py", contact=1)
    body = by_label(at.text_area, "Draft").value
    assert "Hi Ada" in body and "engine" in body and "not asking for a job" in body
    assert any("words" in c.value for c in at.caption)
    by_label(at.button, "I sent it: log the outreach").click().run()
    rows = list(store.connect(db_path)["interactions"].rows)
    assert [r["kind"] for r in rows] == ["outreach"]


def test_outreach_draft_warns_without_hook_or_referral(open_page, db_path):
    store.open_database(db_path)["contacts"].insert({"name": "Bo"})
    at = open_page("pages/contacts.py", contact=1)
    assert any("No hook and no referral" in w.value for w in at.warning)


def test_outreach_and_replies_can_be_logged_after_the_fact(open_page, db_path):
    from datetime import date, timedelta

    database = store.open_database(db_path)
    database["contacts"].insert({"name": "Ada Lovelace", "email": "ada@example.org"})
    at = open_page("pages/contacts.py", contact=1)
    sent_on = at.date_input(key="contacts_outreach_sent_on_1")
    # No bound at TODAY: the widget would put TODAY in place of a later date typed.
    assert sent_on.value == TODAY
    assert sent_on.max > date(2100, 1, 1)
    sent_on.set_value(TODAY - timedelta(days=6))
    by_label(at.button, "I sent it: log the outreach").click().run()
    when = by_label(at.date_input, "When")
    assert when.max > date(2100, 1, 1)
    when.set_value(TODAY - timedelta(days=2))
    by_label(at.selectbox, "What happened").set_value("reply")
    by_label(at.button, "Log it").click().run()
    rows = [(r["kind"], r["occurred_on"]) for r in store.connect(db_path)["interactions"].rows]
    assert rows == [
        ("outreach", (TODAY - timedelta(days=6)).isoformat()),
        ("reply", (TODAY - timedelta(days=2)).isoformat()),
    ]


def test_a_failed_save_shows_what_to_fix_under_save_and_under_the_field(open_page, db_path):
    # Errors used to sit above the form, out of sight, so Save seemed to do nothing.
    at = open_page("pages/contacts.py")
    fill_contact(at, name="Lena Ortiz", email="not-an-email")
    by_label(at.button, "Save contact").click().run()
    order = [
        (element.type, getattr(element, "label", None) or getattr(element, "value", ""))
        for element in in_order(at.main)
        if element.type in ("error", "button", "caption", "text_input")
    ]
    save = order.index(("button", "Save contact"))
    assert order[save + 1][0] == "error" and "Email should look like" in order[save + 1][1]
    email = order.index(("text_input", "Email"))
    assert order[email + 1][0] == "caption" and "Email should look like" in order[email + 1][1]
