"""Messages in a real browser: drop LinkedIn's export .zip (its people, then its messages),
then a mailbox, confirm the own address each asks for, import, and see the contact's timeline
entries marked as imported."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.support import message_files

pytestmark = pytest.mark.e2e


def drop(page, path) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    wait_for_app(page)
    assert_no_exception(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)
    assert_no_exception(page)


def test_a_linkedin_export_then_a_mailbox_fill_a_contacts_timeline(page, empty_server, tmp_path):
    export = tmp_path / "Basic_LinkedInDataExport.zip"
    export.write_bytes(message_files.linkedin_export())
    mailbox = tmp_path / "All mail.mbox"
    mailbox.write_bytes(message_files.mbox_bytes())
    open_app(page, empty_server, "import_contacts")

    drop(page, export)
    expect(page.get_by_text("Step 1 of 2: the people in Connections.csv")).to_be_visible()
    click(page, "Import")
    expect(page.get_by_text("Step 2 of 2: the messages")).to_be_visible()
    expect(page.get_by_role("textbox", name="Your LinkedIn profile URL")).to_have_value(
        "https://linkedin.com/in/ada-byron"
    )
    click(page, "Yes, these are mine")
    click(page, "Import 3 messages")
    expect(page.get_by_text("Imported 3 messages (2 outreach, 1 reply)")).to_be_visible()

    drop(page, mailbox)
    expect(page.get_by_role("textbox", name="Your email addresses")).to_have_value(message_files.ME)
    click(page, "Yes, these are mine")
    skipped = page.get_by_test_id("stDataFrame").filter(has_text="Skipped because")
    expect(skipped).to_contain_text("Mailing list or bulk mail")
    click(page, "Import 2 messages")
    expect(page.get_by_text("Imported 2 messages")).to_be_visible()
    with empty_server.database() as database:
        grace = database.execute("SELECT id FROM contacts WHERE name = 'Grace Hopper'").fetchone()
        assert database.execute("SELECT count(*) FROM interactions").fetchone()[0] == 5

    open_app(page, empty_server, "contacts", contact=grace[0])
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_contain_text("Reply received · imported from mail")
    expect(grid).to_contain_text("Outreach sent · imported from LinkedIn")
    assert not page.js_errors
