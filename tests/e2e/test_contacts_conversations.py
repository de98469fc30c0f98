"""Day one in a real browser: add a contact, log a conversation with them, find it again."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app

pytestmark = pytest.mark.e2e

FIRST_QUESTION = "How did you get into your current role?"
SECOND_QUESTION = "What are the most difficult parts of this work?"
FIRST_ANSWER = "Volunteered on a community solar pilot, then got hired to run the next one."
SECOND_ANSWER = "Grant reporting deadlines and keeping volunteers engaged through winter."
TAKEAWAY = "Learn grant writing before applying; ask Rosa about the co-op's volunteer program."
RECOMMENDATION = "Energy Democracy by Denise Fairchild"
NOTES_TYPED = "Half-typed notes from the call, not saved yet."
PLACE_TYPED = "Café on Main St, corner table"


def pick(page, label: str, option: str, within=None) -> None:
    """Choose an option in a Streamlit selectbox or multiselect (a BaseWeb combobox)."""
    box = (within or page).get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()


def test_add_contact_log_conversation_and_see_it_after_reload(page, empty_server):
    # Add a contact. With no contacts yet, the add form is open.
    open_app(page, empty_server, "contacts")
    # The list's filters share some labels (Organization, How found): stay inside the form.
    form = page.get_by_test_id("stForm")
    form.get_by_label("Name *", exact=True).fill("Amara Okafor")
    form.get_by_label("Role", exact=True).fill("Program Manager, Community Solar")
    organization = form.get_by_label("Organization", exact=True)
    organization.click()
    organization.fill("Brightline Community Energy")
    organization.press("Enter")  # a new organization, created on save
    form.get_by_label("Email", exact=True).fill("amara@example.org")
    pick(page, "How found", "Article or talk", within=form)
    form.get_by_label("Hook — what you know about them").fill(
        "Wrote the article on community solar co-ops in Riverton."
    )
    form.get_by_role("button", name="Save contact").click()
    wait_for_app(page)
    assert_no_exception(page)

    # Saving opens the contact's page.
    page.wait_for_url(re.compile(r"[?&]contact=\d+"))
    contact_id = int(re.search(r"contact=(\d+)", page.url).group(1))
    expect(page.get_by_role("heading", name="Amara Okafor")).to_be_visible()
    expect(page.get_by_text("Brightline Community Energy").first).to_be_visible()

    # Log a conversation with two answers and one recommendation.
    page.get_by_role("link", name="Log a conversation").click()
    wait_for_app(page)
    page.wait_for_url(re.compile(r"/conversations\?contact=" + str(contact_id)))
    expect(page.get_by_text("Before you talk to Amara Okafor")).to_be_visible()
    for question in (FIRST_QUESTION, SECOND_QUESTION):
        pick(page, "Questions to ask", question)
        wait_for_app(page)  # picking a question reruns the page to add its answer box
    page.keyboard.press("Escape")
    page.get_by_label(FIRST_QUESTION, exact=True).fill(FIRST_ANSWER)
    page.get_by_label(SECOND_QUESTION, exact=True).fill(SECOND_ANSWER)
    page.get_by_label("Notes", exact=True).fill("Twenty-two minutes on video; warm and direct.")
    page.get_by_label("Takeaways", exact=True).fill(TAKEAWAY)
    page.get_by_text("Yes", exact=True).click()  # still interested in this path
    pick(page, "Recommendation 1 kind", "Book or article")
    page.get_by_label("Recommendation 1 title", exact=True).fill(RECOMMENDATION)
    page.get_by_role("button", name="Save conversation").click()
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Saved your conversation with Amara Okafor").wait_for()
    # The saved conversation opens on its own address; the sidebar's Conversations link leaves
    # it for the lists (it used to keep ?contact=&conversation= and stay on the one).
    page.wait_for_url(re.compile(rf"/conversation\?contact={contact_id}&conversation=\d+"))
    sidebar = page.get_by_test_id("stSidebarNav")
    sidebar.get_by_role("link", name="Conversations", exact=True).click()
    wait_for_app(page)
    assert_no_exception(page)
    page.wait_for_url(re.compile(r"/conversations$"))
    expect(page.get_by_role("tab", name="Recent")).to_be_visible()
    expect(page.get_by_role("button", name="Edit this conversation")).to_have_count(0)

    # What was saved is in the file, in one piece.
    database = empty_server.database()
    try:
        (conversation,) = database["conversations"].rows_where("contact_id = ?", [contact_id])
        answers = {
            row["question_text"]: row["answer"]
            for row in database["conversation_answers"].rows_where(
                "conversation_id = ?", [conversation["id"]]
            )
        }
        items = list(
            database["research_items"].rows_where("conversation_id = ?", [conversation["id"]])
        )
    finally:
        database.close()
    assert answers == {FIRST_QUESTION: FIRST_ANSWER, SECOND_QUESTION: SECOND_ANSWER}
    assert [(i["kind"], i["title"], i["recommended_by_id"]) for i in items] == [
        ("book", RECOMMENDATION, contact_id)
    ]
    assert conversation["takeaways"] == TAKEAWAY
    assert conversation["still_interested"] == "yes"

    # A fresh load of the contact's page (a new browser session) shows all of it.
    page.goto(empty_server.page_url("contacts", contact=contact_id))
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Amara Okafor")).to_be_visible()
    for text in (FIRST_QUESTION, FIRST_ANSWER, SECOND_QUESTION, SECOND_ANSWER, TAKEAWAY):
        expect(page.get_by_text(text).first).to_be_visible()
    expect(page.get_by_text(RECOMMENDATION).first).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_a_contact_page_survives_a_reload(page, sample_server):
    """A link to a contact (as bookmarked or shared) opens that contact's page directly."""
    database = sample_server.database()
    try:
        contact = next(
            database.query(
                "SELECT c.id, c.name FROM contacts c JOIN conversations v ON v.contact_id = c.id "
                "ORDER BY c.id LIMIT 1"
            )
        )
    finally:
        database.close()
    open_app(page, sample_server, "contacts", contact=contact["id"])
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=contact["name"])).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=contact["name"])).to_be_visible()
    expect(page.get_by_text("Whom they led to")).to_be_visible()


def test_what_is_typed_in_either_form_survives_a_look_at_another_tab(page, sample_server):
    # Conversations builds only the open tab, except its two forms: a closed tab's form would
    # be dropped from the page, and what was typed in it with it (nothing is sent before Save).
    database = sample_server.database()
    try:
        query = "SELECT id FROM contacts WHERE status = 'active' ORDER BY id LIMIT 1"
        contact = database.execute(query).fetchone()[0]
    finally:
        database.close()
    open_app(page, sample_server, "conversations", contact=contact)
    page.get_by_label("Notes", exact=True).fill(NOTES_TYPED)
    page.get_by_role("tab", name="Schedule").click()
    wait_for_app(page)
    place = page.get_by_label("Place or video link", exact=True)
    place.fill(PLACE_TYPED)
    page.get_by_role("tab", name="Recent").click()
    wait_for_app(page)
    expect(page.get_by_label("Place or video link", exact=True)).to_be_hidden()
    page.get_by_role("tab", name="Schedule").click()
    wait_for_app(page)
    expect(page.get_by_label("Place or video link", exact=True)).to_have_value(PLACE_TYPED)
    page.get_by_role("tab", name="Log a conversation").click()
    wait_for_app(page)
    expect(page.get_by_label("Notes", exact=True)).to_have_value(NOTES_TYPED)
    assert_no_exception(page)
