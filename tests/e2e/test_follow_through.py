"""Issue 3 in a real browser: log a conversation with a "person to contact" recommendation, see
the thank-you due on Home, mark it done, turn the person into a contact, and find a word from the
notes through search."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from lib import dates
from lib.contacts import save_contact
from tests.e2e.conftest import assert_no_exception, capture_form, open_app, wait_for_app
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e

RECOMMENDER = "Amara Okafor"
REFERRAL = "Jonas Whitfield"
# A word found nowhere else in the app, so search can only find it in the notes.
NOTES = "Her team keeps a heliotrope dashboard of every volunteer shift; ask about it."
TAKEAWAY = "Learn grant writing before applying to community energy roles."
THANK_YOU = f"Thank-you note · {RECOMMENDER} · due today"


def click_and_wait(page, locator) -> None:
    locator.click()
    wait_for_app(page)
    assert_no_exception(page)


def pick(page, label: str, option: str, within=None) -> None:
    """Choose an option in a Streamlit selectbox (a BaseWeb combobox) by typing part of it."""
    box = (within or page).get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def bordered(page, text: str):
    """The innermost container (a board card, a bordered box) holding this exact text."""
    return (
        page.get_by_test_id("stVerticalBlock").filter(has=page.get_by_text(text, exact=True)).last
    )


def set_date(page, label: str, day: date, within) -> None:
    """Type a day into a Streamlit date input, segment by segment (year, month, day)."""
    field = within.get_by_role("group", name=label, exact=True)
    for segment, value in (("year", f"{day:%Y}"), ("month", f"{day:%m}"), ("day", f"{day:%d}")):
        box = field.get_by_role("spinbutton", name=f"{segment}, {label}", exact=True)
        box.click()
        box.press_sequentially(value)
    page.keyboard.press("Escape")  # close the calendar, if typing opened it
    widget = within.get_by_test_id("stDateInput").filter(
        has=page.get_by_role("group", name=label, exact=True)
    )
    expect(widget.locator("input[type='date']")).to_have_value(day.isoformat())


def test_conversation_thank_you_referral_and_search(page, empty_server):
    # A conversation held yesterday makes its thank-you due today (due the next day).
    today = TODAY  # the day every e2e server runs as (FIELDWORK_TODAY)
    held_on = today - timedelta(days=1)
    database = empty_server.database()
    try:
        recommender_id = save_contact(
            database,
            {"name": RECOMMENDER, "email": "amara@example.org", "organization": "Brightline"},
        )
    finally:
        database.close()

    # 1. Log the conversation: dated yesterday, notes with a distinctive word, a person to contact.
    open_app(page, empty_server, "conversations", contact=recommender_id)
    expect(page.get_by_text(f"Before you talk to {RECOMMENDER}")).to_be_visible()
    form = capture_form(page)
    set_date(page, "Date", held_on, within=form)
    form.get_by_label("Notes", exact=True).fill(NOTES)
    form.get_by_label("Takeaways", exact=True).fill(TAKEAWAY)
    pick(page, "Recommendation 1 kind", "Person to contact", within=form)
    form.get_by_label("Recommendation 1 title", exact=True).fill(REFERRAL)
    form.get_by_label("Recommendation 1 detail", exact=True).fill("Runs the co-op's volunteers")
    click_and_wait(page, form.get_by_role("button", name="Save conversation"))
    expect(
        page.get_by_text(
            f"Saved your conversation with {RECOMMENDER} and 1 recommendation to the research board"
        )
    ).to_be_visible()

    # 2. Home: the thank-you is due today, says why, and opens a draft naming the takeaway.
    open_app(page, empty_server)
    expect(page.get_by_text("What is due")).to_be_visible()
    due = page.get_by_test_id("stExpander").filter(has_text=THANK_YOU)
    expect(due).to_have_count(1)
    due.get_by_text(THANK_YOU).click()
    expect(due.get_by_text(f"You talked with {RECOMMENDER} on")).to_be_visible()
    draft = due.get_by_label("Draft", exact=True)
    expect(draft).to_be_visible()
    expect(draft).to_have_value(re.compile(r"learn grant writing before applying"))
    expect(due.get_by_role("link", name="Open in mail")).to_have_attribute(
        "href", re.compile(r"^mailto:amara@example\.org\?")
    )

    # 3. Done: it leaves the due list, and a thank-you now shows on the contact's timeline.
    done_button = due.get_by_role("button", name="Sent it: mark done")
    confirmation = page.get_by_text(f"Done: thank-you note for {RECOMMENDER}.")
    click_and_wait(page, done_button)
    expect(confirmation).to_be_visible()
    expect(page.get_by_test_id("stExpander").filter(has_text="Thank-you note")).to_have_count(0)
    expect(page.get_by_text("Nothing is due this week.")).to_be_visible()

    open_app(page, empty_server, "contacts", contact=recommender_id)
    expect(page.get_by_role("heading", name=RECOMMENDER)).to_be_visible()
    # The timeline is a canvas data grid, drawn once scrolled into view; its cells live in a
    # hidden table for screen readers.
    page.get_by_role("heading", name="Timeline").scroll_into_view_if_needed()
    timeline = page.get_by_test_id("stDataFrame")
    for cell in ("Thank-you sent", "Thank you for your time"):
        expect(timeline.get_by_role("gridcell", name=cell, include_hidden=True)).to_be_attached()

    # 4. Research board: the person item, recommended by Amara, becomes a contact in one step.
    open_app(page, empty_server, "board")
    card = bordered(page, REFERRAL)
    expect(
        card.get_by_text(
            f"Person to contact · Recommended by {RECOMMENDER} on {dates.show(held_on)}"
        )
    ).to_be_visible()
    # The card's one button opens its actions in a dialog, "Make a contact of this person"
    # among them.
    click_and_wait(page, card.get_by_role("button", name="Update"))
    popover = page.get_by_role("dialog")
    expect(popover.get_by_label("Name", exact=True)).to_have_value(REFERRAL)
    expect(
        popover.get_by_text(f"Referred by {RECOMMENDER}; the item is marked done.")
    ).to_be_visible()
    popover.get_by_label("Role", exact=True).fill("Volunteer Coordinator")
    # A mistyped email: refused in the dialog, said under the field and beside the button,
    # in view; what was typed stays.
    popover.get_by_label("Email", exact=True).fill("jonas@")
    click_and_wait(page, popover.get_by_role("button", name="Add to contacts"))
    alert = popover.get_by_role("alert").filter(has_text="Please fix")
    expect(alert).to_be_in_viewport()
    expect(popover.get_by_text("email", exact=False).first).to_be_visible()
    expect(popover.get_by_label("Role", exact=True)).to_have_value("Volunteer Coordinator")
    popover.get_by_label("Email", exact=True).fill("jonas@example.org")
    click_and_wait(page, popover.get_by_role("button", name="Add to contacts"))
    expect(page.get_by_text(f"Added {REFERRAL} to your contacts.")).to_be_visible()
    expect(page.get_by_text("Done · 1")).to_be_visible()
    click_and_wait(page, page.get_by_role("link", name="Open the new contact"))
    page.wait_for_url(re.compile(r"/contacts\?contact=\d+"))
    expect(page.get_by_role("heading", name=REFERRAL)).to_be_visible()
    expect(page.get_by_text("Volunteer Coordinator")).to_be_visible()
    chain = bordered(page, "Who led to them")
    expect(chain.get_by_role("link", name=re.compile(re.escape(RECOMMENDER)))).to_be_visible()

    # 5. Search: the distinctive word finds the conversation, and the result opens it.
    open_app(page, empty_server, "search")
    box = page.get_by_role("textbox", name="Search", exact=True)
    box.fill("Heliotrope")
    box.press("Enter")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Conversation notes (1)")).to_be_visible()
    result = page.get_by_role("link", name=f"Conversation with {RECOMMENDER} on {held_on}")
    expect(result).to_have_count(1)
    click_and_wait(page, result)
    page.wait_for_url(re.compile(r"/conversation\?conversation=\d+"))
    expect(page.get_by_text("heliotrope dashboard", exact=False)).to_be_visible()

    # What the browser did is in the file: one done thank-you, one referred contact.
    database = empty_server.database()
    try:
        (task,) = database["followups"].rows_where("kind = 'thank_you'")
        (referred,) = database["contacts"].rows_where("name = ?", [REFERRAL])
    finally:
        database.close()
    assert task["status"] == "done" and task["done_interaction_id"]
    assert referred["referred_by_id"] == recommender_id
    assert not page.js_errors, page.js_errors
