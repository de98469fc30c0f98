"""No date is ever silently replaced, in a real browser: a date typed into every date field of
every form that saves is either stored exactly as typed or refused with a message on screen;
never another date (Streamlit's picker used to put its bound in place of a date outside it)."""

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import conversations, schedule
from lib.contacts import save_contact
from tests.e2e.conftest import (
    RESULTS,
    assert_no_exception,
    capture_form,
    open_app,
    wait_for_app,
)
from tests.e2e.test_follow_through import set_date
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e

LATER = date(2026, 12, 5)  # has not happened yet
GONE = date(2026, 11, 20)  # too late to schedule
FAR = date(2040, 1, 2)  # a Monday more than ten years on: the picker's old default bound
SCREENSHOT = RESULTS / "dates-as-typed-refused.png"


def type_date(page, label: str, day: date, within, close: str = "label") -> None:
    """set_date for a field inside a popover, which Escape would close: segment by segment;
    then a click on the label (or a Tab, when the calendar covers the label) closes the calendar."""
    field = within.get_by_role("group", name=label, exact=True)
    for segment, value in (("year", f"{day:%Y}"), ("month", f"{day:%m}"), ("day", f"{day:%d}")):
        box = field.get_by_role("spinbutton", name=f"{segment}, {label}", exact=True)
        box.click()
        box.press_sequentially(value)
    if close == "label":
        within.get_by_text(label, exact=True).click()
    else:
        page.keyboard.press("Tab")
    group = page.get_by_role("group", name=label, exact=True)
    widget = within.get_by_test_id("stDateInput").filter(has=group)
    expect(widget.locator("input[type='date']")).to_have_value(day.isoformat())


def click_and_wait(page, locator) -> None:
    locator.click()
    wait_for_app(page)
    assert_no_exception(page)


def refused(page, words: str, within=None) -> None:
    """The refusal is on screen, under the field (a caption) and beside the button (a box)."""
    where = within or page
    expect(where.get_by_test_id("stCaptionContainer").filter(has_text=words).first).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text=words).first).to_be_visible()


def rows(server, sql: str, *args) -> list[tuple]:
    database = server.database()
    try:
        return [tuple(r) for r in database.execute(sql, args).fetchall()]
    finally:
        database.close()


@pytest.fixture
def world(empty_server):
    """Ada, with a call on Friday and a conversation yesterday that recommended a book."""
    database = empty_server.database()
    try:
        ada = save_contact(database, {"name": "Ada Lovelace", "email": "ada@example.org"})
        values = {"day": TODAY + timedelta(days=2), "time": time(14, 0), "mode": "video"}
        scheduled = schedule.schedule(database, ada, values)
        conversations.save_conversation(
            database,
            ada,
            {"held_on": TODAY - timedelta(days=1), "mode": "video", "notes": "Grid storage"},
            recommendations=[conversations.Recommendation("book", "Drawdown")],
            today=TODAY,
        )
    finally:
        database.close()
    return empty_server, ada, scheduled


def test_every_date_typed_is_stored_as_typed_or_refused_on_screen(page, world):
    server, ada, scheduled = world
    outreach = "SELECT occurred_on FROM interactions WHERE kind IN ('outreach', 'reply')"

    # 1. A contact's page: the outreach's Sent on, then Log an interaction's When.
    open_app(page, server, "contacts", contact=ada)
    page.get_by_text("Draft an outreach email").click()
    drafted = page.get_by_test_id("stExpander").filter(has_text="Draft an outreach email")
    set_date(page, "Sent on", LATER, drafted)
    click_and_wait(page, drafted.get_by_role("button", name="I sent it: log the outreach"))
    refused(page, "Sat 5 Dec 2026, after today", drafted)
    expect(drafted.locator("input[type='date']")).to_have_value(LATER.isoformat())
    form = page.get_by_test_id("stForm").filter(has_text="Log an interaction")
    set_date(page, "When", LATER, form)
    form.get_by_label("Summary", exact=True).fill("She answered")
    click_and_wait(page, form.get_by_role("button", name="Log it"))
    refused(page, "Sat 5 Dec 2026, after today", form)
    expect(form.get_by_label("Summary", exact=True)).to_have_value("She answered")
    page.get_by_test_id("stForm").filter(has_text="Log an interaction").scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert rows(server, outreach) == []
    # A day that has happened is stored as typed.
    set_date(page, "When", date(2026, 11, 5), form)
    click_and_wait(page, form.get_by_role("button", name="Log it"))
    assert rows(server, outreach) == [("2026-11-05",)]

    # 2. Schedule a conversation for a day gone; then move Friday's call to one.
    open_app(page, server, "conversations")
    page.get_by_role("tab", name="Schedule").click()
    wait_for_app(page)
    picker = page.get_by_label("Who will you talk to?", exact=True)
    picker.click()
    picker.fill("Ada")
    page.get_by_role("option", name="Ada Lovelace").click()
    wait_for_app(page)
    form = page.get_by_test_id("stForm").filter(has_text="Schedule it")
    set_date(page, "Date", GONE, form)
    click_and_wait(page, form.get_by_role("button", name="Schedule it"))
    refused(page, "That day has passed")
    assert rows(server, "SELECT count(*) FROM scheduled_conversations") == [(1,)]

    open_app(page, server)
    starts = rows(server, "SELECT starts_at FROM scheduled_conversations")
    page.get_by_role("button", name="Reschedule").click()
    body = page.get_by_test_id("stPopoverBody")
    type_date(page, "New date", GONE, body)
    click_and_wait(page, body.get_by_role("button", name="Move it"))
    expect(page.get_by_text("That day has passed").first).to_be_visible()
    assert rows(server, "SELECT starts_at FROM scheduled_conversations") == starts

    # 3. Log a conversation dated after today.
    open_app(page, server, "conversations", contact=ada)
    form = capture_form(page)
    set_date(page, "Date", LATER, form)
    form.get_by_label("Notes", exact=True).fill("Second talk")
    click_and_wait(page, form.get_by_role("button", name="Save conversation"))
    refused(page, "in the future", form)
    expect(form.get_by_label("Notes", exact=True)).to_have_value("Second talk")
    assert rows(server, "SELECT count(*) FROM conversations") == [(1,)]

    # 4. Home's due list: a thank-you sent the day before the conversation; a snooze too far.
    open_app(page, server)
    due = page.get_by_test_id("stExpander").filter(has_text="Thank-you note")
    due.get_by_text("Thank-you note").first.click()
    wait_for_app(page)
    set_date(page, "Sent on", TODAY - timedelta(days=2), due)
    click_and_wait(page, due.get_by_role("button", name="Sent it: mark done"))
    expect(due.get_by_text("Sent on is Mon 23 Nov 2026, before Tue 24 Nov 2026")).to_be_visible()
    thanks = "SELECT status, snoozed_until FROM followups WHERE kind = 'thank_you'"
    assert rows(server, thanks) == [("open", None)]
    due.get_by_role("button", name="Snooze").first.click()
    body = page.get_by_test_id("stPopoverBody")
    type_date(page, "Remind me on", FAR, body, close="tab")
    click_and_wait(page, body.get_by_role("button", name="Snooze"))
    expect(due.get_by_text("Remind me on is Mon 2 Jan 2040").first).to_be_visible()
    assert rows(server, thanks) == [("open", None)]

    # 5. The board: Done on after today.
    open_app(page, server, "board")
    card = page.get_by_test_id("stVerticalBlock").filter(has=page.get_by_text("Drawdown")).last
    click_and_wait(page, card.get_by_role("button", name="Update"))
    dialog = page.get_by_role("dialog")
    set_date(page, "Done on", LATER, dialog)
    dialog.get_by_label("What came of it (optional, one line)", exact=True).fill("Read it")
    click_and_wait(page, dialog.get_by_role("button", name="Mark done"))
    refused(page, "in the future", dialog)
    assert rows(server, "SELECT status, done_on FROM research_items") == [("todo", None)]

    # 6. The weekly review's goals, from a week more than ten years on: stored as typed.
    open_app(page, server, "review")
    goals = page.get_by_test_id("stForm").filter(has_text="Save goals")  # open: no goals yet
    goals.scroll_into_view_if_needed()
    set_date(page, "Apply from the week of", FAR, goals)
    click_and_wait(page, goals.get_by_role("button", name="Save goals"))
    assert rows(server, "SELECT starts_on FROM weekly_goals") == [(FAR.isoformat(),)]
    assert Path(SCREENSHOT).exists()
