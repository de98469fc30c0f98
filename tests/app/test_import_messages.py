"""The Import page with message files: a LinkedIn export .zip (its people, then its messages),
an mbox and .eml files, in the one drop zone; the own-address confirmation, the preview's
choices, the import, its row report, importing again, and Undo."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

from lib import contacts, conversations, own_addresses, store
from tests.support import message_files as files
from tests.support.apptest import button, by_label
from tests.support.days import TODAY

PAGE = "pages/import_contacts.py"


def drop(at, name: str, data: bytes):
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at, key: str):
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def confirm_own(at):
    button(at, "Yes, these are mine").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query(db_path, sql: str, params=()) -> list[tuple]:
    database = store.open_database(db_path)
    try:
        return [tuple(row) for row in database.execute(sql, params)]
    finally:
        database.close()


def checkbox(at, starts: str):
    found = [c for c in at.checkbox if c.label.startswith(starts)]
    assert found, [c.label for c in at.checkbox]
    return found[0]


def text(at) -> str:
    parts = [m.value for m in (*at.markdown, *at.caption, *at.success, *at.info, *at.warning)]
    parts += [s.value for s in at.subheader] + [h.value for h in at.header]
    return "\n".join(parts)


def import_the_export(at):
    """Drop the LinkedIn export, import its people, confirm the own URL, add Bob, import."""
    drop(at, "Basic_LinkedInDataExport.zip", files.linkedin_export())
    assert "Step 1 of 2: the people in Connections.csv" in [h.value for h in at.header]
    assert {m.label: m.value for m in at.metric}["New people"] == "2"
    click(at, "import_go")
    assert at.success[0].value.startswith("Imported 2 people")
    assert "Step 2 of 2: the messages" in [h.value for h in at.header]
    # No address saved: the most frequent sender is proposed, and nothing imports before it
    # is confirmed.
    assert (
        by_label(at.text_input, "Your LinkedIn profile URL").value
        == "https://linkedin.com/in/ada-byron"
    )
    assert at.button(key="msg_import_go").disabled
    confirm_own(at)
    assert "linkedin\\.com/in/ada\\-byron" in text(at).split("You:**")[1]
    checkbox(at, "Add Bob Noyce").check().run()
    assert at.button(key="msg_import_go").label == "Import 4 messages"  # Bob's comes in too
    return click(at, "msg_import_go")


def test_a_linkedin_export_then_a_mailbox_fill_the_timeline(open_page, db_path):
    at = import_the_export(open_page(PAGE))
    assert at.success[-1].value.startswith("Imported 4 messages (2 outreach, 2 replies)")
    report = at.dataframe[-1].value
    assert set(report["outcome"]) == {
        "Imported: Outreach sent",
        "Imported: Reply received",
        "Imported: Reply received · added as a contact",
        "Skipped: A draft",
    }
    assert query(db_path, "SELECT name FROM contacts WHERE name = 'Bob Noyce'") == [("Bob Noyce",)]
    database = store.open_database(db_path)
    saved = own_addresses.own_addresses(database)
    grace = database.execute("SELECT id FROM contacts WHERE name = 'Grace Hopper'").fetchone()[0]
    held = TODAY - timedelta(days=10)
    conversations.save_conversation(
        database, grace, {"held_on": held, "mode": "video", "duration_minutes": 20}, today=TODAY
    )
    database.close()
    assert saved.linkedin_url == "https://linkedin.com/in/ada-byron"  # saved on Your data

    # The mailbox: a saved LinkedIn URL does not say who sent a mail, so the email is asked.
    drop(at, "All mail.mbox", files.mbox_bytes())
    assert by_label(at.text_input, "Your email addresses").value == files.ME
    confirm_own(at)
    mark = checkbox(at, "Thank-you note to Grace Hopper")
    assert mark.value is True
    assert "Linus" in checkbox(at, "Add Linus").label
    assert "Mailing list or bulk mail" in set(at.dataframe[-1].value["reason"])
    click(at, "msg_import_go")
    report = at.dataframe[-1].value
    assert "Imported: Thank-you sent (marked done)" in set(report["outcome"])
    assert "Not imported: With someone not in Fieldwork" in set(report["outcome"])
    assert query(
        db_path, "SELECT status, substr(done_at, 1, 10) FROM followups WHERE kind = 'thank_you'"
    ) == [("done", (TODAY - timedelta(days=9)).isoformat())]  # on the day it was sent

    # The timeline says which entries came from files.
    page = open_page("pages/contacts.py", contact=grace)
    timeline = page.dataframe[0].value
    assert "Thank-you sent · imported from mail" in set(timeline["what"])
    assert "Outreach sent · imported from LinkedIn" in set(timeline["what"])

    # Importing again creates nothing.
    before = query(db_path, "SELECT count(*) FROM interactions")
    at = drop(open_page(PAGE), "Basic_LinkedInDataExport.zip", files.linkedin_export())
    assert "Step 1 of 2: the people in Connections.csv" not in [h.value for h in at.header]
    assert any(i.value.startswith("Nothing new to import") for i in at.info)
    assert "4 messages already in Fieldwork" in text(at)
    assert not [b for b in at.button if b.key == "msg_import_go"]
    assert query(db_path, "SELECT count(*) FROM interactions") == before


def test_undo_a_message_import_from_past_imports(open_page, db_path):
    import_the_export(open_page(PAGE))
    at = open_page(PAGE)
    click(at, "msg_undo_1")
    click(at, "msg_undo_confirm")
    assert at.success[0].value == "Undone: removed 4 messages and 1 person, put back 0 tasks."
    assert query(db_path, "SELECT count(*) FROM interactions") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM contacts WHERE name = 'Bob Noyce'") == [(0,)]
    assert "undone on" in text(at)


def test_undo_is_refused_with_the_reason_once_something_is_attached(open_page, db_path):
    at = import_the_export(open_page(PAGE))
    database = store.open_database(db_path)
    bob = database.execute("SELECT id FROM contacts WHERE name = 'Bob Noyce'").fetchone()[0]
    conversations.save_conversation(
        database, bob, {"held_on": TODAY, "mode": "phone", "duration_minutes": 15}, today=TODAY
    )
    database.close()
    click(at, "msg_result_undo")
    refusal = at.warning[-1].value
    assert refusal.startswith("This import cannot be undone any more")
    assert "added by this import, now has a conversation" in refusal
    assert not [b for b in at.button if b.key == "msg_undo_confirm"]
    assert query(db_path, "SELECT count(*) FROM interactions WHERE source = 'linkedin'") == [(4,)]


def test_an_unticked_thank_you_stays_open(open_page, db_path):
    database = store.open_database(db_path)
    own_addresses.save_own_addresses(database, files.ME, None)
    grace = contacts.save_contact(database, {"name": "Grace Hopper", "email": "grace@example.org"})
    conversations.save_conversation(
        database,
        grace,
        {"held_on": TODAY - timedelta(days=10), "mode": "video", "duration_minutes": 20},
        today=TODAY,
    )
    database.close()
    at = drop(open_page(PAGE), "All mail.mbox", files.mbox_bytes())
    assert "example\\.org" in text(at).split("You:**")[1]  # saved: nothing to confirm
    assert not at.button(key="msg_import_go").disabled
    assert at.metric[3].label == "Thank-yous" and at.metric[3].value == "1"
    checkbox(at, "Thank-you note to Grace Hopper").uncheck().run()
    assert at.metric[3].value == "0"
    click(at, "msg_import_go")
    assert query(db_path, "SELECT status FROM followups WHERE kind = 'thank_you'") == [("open",)]
    kinds = query(db_path, "SELECT kind FROM interactions WHERE source = 'mail' ORDER BY id")
    assert ("thank_you",) not in kinds and len(kinds) == 2


def test_eml_files_and_the_full_text_checkbox(open_page, db_path):
    database = store.open_database(db_path)
    own_addresses.save_own_addresses(database, files.ME, None)
    contacts.save_contact(database, {"name": "Grace Hopper", "email": "grace@example.org"})
    database.close()
    first, second = files.mails()[:2]
    at = open_page(PAGE)
    at.file_uploader[0].set_value(
        [
            ("reply.eml", files.eml_bytes(first), "message/rfc822"),
            ("thanks.eml", files.eml_bytes(second), "message/rfc822"),
        ]
    ).run()
    assert not at.exception
    assert "Read 2 messages from mail." in text(at)
    checkbox(at, "Keep the full text").check().run()
    click(at, "msg_import_go")
    assert query(
        db_path, "SELECT kind, full_text IS NOT NULL FROM interactions ORDER BY occurred_on"
    ) == [("reply", 1), ("outreach", 1)]


def test_a_file_that_is_not_what_it_claims_gets_a_plain_message(open_page):
    at = drop(open_page(PAGE), "All mail.mbox", b"%PDF-1.7\n" + b"x" * 100)
    assert at.error, "a PDF named .mbox is refused"
    assert not at.metric
    at = drop(open_page(PAGE), "export.zip", b"PK\x03\x04" + b"\0" * 40)
    assert "damaged or incomplete" in at.error[0].value


def test_a_zip_of_dragged_eml_files_is_read_as_mail(open_page):
    dragged = Path(__file__).parents[1] / "fixtures" / "messages" / "dragged_emls.zip"
    at = drop(open_page(PAGE), dragged.name, dragged.read_bytes())
    assert "Read 2 messages from mail." in text(at)
    assert not [h for h in at.header if h.value.startswith("Step 1")]  # no people to bring in


def test_the_kept_full_text_is_searchable_by_the_person_only(open_page, db_path, monkeypatch):
    database = store.open_database(db_path)
    own_addresses.save_own_addresses(database, files.ME, None)
    grace = contacts.save_contact(database, {"name": "Grace Hopper", "email": "grace@example.org"})
    database.close()
    secret = "Zanzibarquux"
    body = "Thanks.\n\n" + "More words. " * 40 + f"\nMy {secret} plans."
    mailbox = files.mbox_bytes(
        [files.mail(files.ME, "grace@example.org", files.at(3), "Plans", body, "plans")]
    )
    at = drop(open_page(PAGE), "All mail.mbox", mailbox)
    checkbox(at, "Keep the full text").check().run()
    click(at, "msg_import_go")
    found = open_page("pages/search.py", q=secret)
    assert "1 result" in [c.value for c in found.caption]  # the person finds it
    timeline = open_page("pages/contacts.py", contact=grace).dataframe[0].value
    assert not any(secret in str(detail) for detail in timeline["detail"])  # the summary only

    monkeypatch.setenv("FIELDWORK_COACH", "1")
    coach = open_page("pages/search.py", q=secret)
    assert any("Nothing matches" in i.value for i in coach.info)
    shown = open_page("pages/contacts.py", contact=grace)
    assert secret not in " ".join(str(v) for v in shown.dataframe[0].value.to_dict().values())


def test_a_same_name_contact_is_offered_never_assumed(open_page, db_path):
    database = store.open_database(db_path)
    own_addresses.save_own_addresses(database, files.ME, None)
    linus = contacts.save_contact(database, {"name": "Linus"})
    database.close()
    at = drop(open_page(PAGE), "All mail.mbox", files.mbox_bytes())
    assert any("same name as your contact" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "msg_import_go"]  # nothing matched yet
    checkbox(at, "It is my contact Linus").check().run()
    assert at.button(key="msg_import_go").label == "Import 1 message"
    click(at, "msg_import_go")
    assert "Imported: Outreach sent · matched by name" in set(at.dataframe[-1].value["outcome"])
    assert query(db_path, "SELECT contact_id FROM interactions WHERE summary LIKE 'Kernel%'") == [
        (linus,)
    ]
    assert query(db_path, "SELECT count(*) FROM contacts") == [(1,)]


def test_contacts_and_messages_dropped_together_bring_the_people_first(open_page, db_path):
    at = open_page(PAGE)
    at.file_uploader[0].set_value(
        [
            ("messages.csv", files.messages_csv(), "text/csv"),
            ("Connections.csv", files.connections_csv(), "text/csv"),
        ]
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    headers = [h.value.replace("\\", "") for h in at.header]  # the file's name is escaped
    assert "Step 1 of 2: the people in Connections.csv" in headers
    assert "Step 2 of 2: the messages" not in headers  # not before the people are in
    assert "Import these messages first" not in text(at)
    click(at, "import_go")
    assert at.success[0].value.startswith("Imported 2 people")
    assert "Step 2 of 2: the messages" in [h.value for h in at.header]
    confirm_own(at)
    click(at, "msg_import_go")
    assert at.success[-1].value.startswith("Imported 3 messages")  # Grace's and Ken's
    assert query(db_path, "SELECT count(*) FROM interactions WHERE source_key IS NOT NULL") == [
        (3,)
    ]


def test_a_linkedin_export_without_messages_brings_its_people_and_says_so(open_page, db_path):
    export = io.BytesIO()
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("Connections.csv", files.connections_csv())
        archive.writestr("Profile.csv", "First Name,Last Name\nAda,Byron\n")
    at = drop(open_page(PAGE), "Basic_LinkedInDataExport.zip", export.getvalue())
    assert "Step 1 of 2: the people in Connections.csv" in [h.value for h in at.header]
    click(at, "import_go")
    assert at.success[0].value.startswith("Imported 2 people")
    headers = [h.value for h in at.header]
    assert "Step 2 of 2: the messages" not in headers
    assert any("holds no messages.csv" in i.value for i in at.info)
    assert not at.error, [e.value for e in at.error]
    assert query(db_path, "SELECT count(*) FROM contacts") == [(2,)]
