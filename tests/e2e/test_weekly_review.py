"""Issue 4 in a real browser: set a goal, log a week's activity, hold the weekly review, write a
reflection, and download the coach's HTML report, which carries the week but no private note."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, capture_form, open_app, wait_for_app
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e

CONTACT = "Amara Okafor"
CONTACT_NOTE = "Contact secret: she mentioned a layoff rumour at Brightline"
TALK_NOTE = "Conversation secret: salary band is lower than posted"
TAKEAWAY = "Learn grant writing before applying to community energy roles"
LEARNED = "Community solar program work is half grant reporting and half volunteer care"
PLAN = "Reach out to two co-op managers in Riverton"


def form_with_button(page, button: str):
    """The Streamlit form holding the named submit button (labels repeat across a page)."""
    return page.locator(f"[data-testid='stForm']:has(button:has-text('{button}'))")


def metric(page, label: str):
    """A metric tile (value and its goal caption share the column) by its label."""
    return page.get_by_test_id("stColumn").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )


def click_and_wait(page, button: str, within=None) -> None:
    (within or page).get_by_role("button", name=button).click()
    wait_for_app(page)
    assert_no_exception(page)


def choose(page, label: str, option: str, within) -> None:
    """Open a short Streamlit selectbox (too few options to type into) and click an option."""
    box = within.get_by_label(label, exact=True)
    # Clicked at the window's bottom edge (where the contact page's form now sits), the list
    # does not open: the box to the middle of the window first.
    box.evaluate("element => element.scrollIntoView({block: 'center'})")
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def log_interaction(page, what: str, summary: str) -> None:
    form = form_with_button(page, "Log it")
    choose(page, "What happened", what, within=form)
    form.get_by_label("Summary", exact=True).fill(summary)
    click_and_wait(page, "Log it", within=form)
    # The timeline is a canvas data grid: its cells exist for screen readers, not to be seen.
    expect(page.get_by_test_id("stDataFrame").get_by_text(summary)).to_be_attached()


def test_goal_activity_review_reflection_and_report(page, empty_server):
    today = TODAY  # the day every e2e server runs as (FIELDWORK_TODAY)
    monday = today - timedelta(days=today.weekday())

    # 1. Weekly goals: with none set yet, the goals editor is open.
    open_app(page, empty_server, "review")
    assert_no_exception(page)
    expect(page.get_by_text("No goals for this week yet")).to_be_visible()
    goals = form_with_button(page, "Save goals")
    goals.get_by_label("Outreaches", exact=True).fill("3")
    goals.get_by_label("Conversations", exact=True).fill("1")
    click_and_wait(page, "Save goals", within=goals)
    expect(
        page.get_by_text(f"Goals saved; they apply from the week of {monday:%d %b %Y}")
    ).to_be_visible()
    expect(metric(page, "Outreaches").get_by_text("goal 3 — not yet")).to_be_visible()

    # 2. A week's activity: a contact (with a private note), an outreach, a reply.
    open_app(page, empty_server, "contacts")
    form = form_with_button(page, "Save contact")
    form.get_by_label("Name *", exact=True).fill(CONTACT)
    form.get_by_label("Role", exact=True).fill("Program Manager, Community Solar")
    form.get_by_label("Private notes (never shown to a coach or exported)").fill(CONTACT_NOTE)
    click_and_wait(page, "Save contact", within=form)
    page.wait_for_url(re.compile(r"[?&]contact=\d+"))
    expect(page.get_by_role("heading", name=CONTACT)).to_be_visible()
    log_interaction(page, "Outreach sent", "Asked for twenty minutes about community solar")
    log_interaction(page, "Reply received", "Said yes; Thursday at ten")

    # ... and the conversation itself, with a private note of its own.
    page.get_by_role("link", name="Log a conversation").click()
    page.wait_for_url(re.compile(r"/conversations\?contact=\d+"))
    wait_for_app(page)
    talk = capture_form(page)
    talk.get_by_label("Takeaways", exact=True).fill(TAKEAWAY)
    talk.get_by_label("Private notes (never shown to a coach or exported)").fill(TALK_NOTE)
    click_and_wait(page, "Save conversation", within=talk)
    page.get_by_text(f"Saved your conversation with {CONTACT}").wait_for()

    # 3. The weekly review, this week by default: the numbers against the goals.
    open_app(page, empty_server, "review")
    assert_no_exception(page)
    expect(
        page.get_by_role("heading", name=re.compile(f"^Week of {monday:%a %d %b}"))
    ).to_be_visible()
    outreaches = metric(page, "Outreaches")
    expect(outreaches.get_by_test_id("stMetricValue")).to_have_text("1")
    expect(outreaches.get_by_text("goal 3 — not yet")).to_be_visible()
    conversations = metric(page, "Conversations")
    expect(conversations.get_by_test_id("stMetricValue")).to_have_text("1")
    expect(conversations.get_by_text("goal 1 ✓ met")).to_be_visible()
    expect(page.get_by_text(CONTACT).first).to_be_visible()  # under "Conversations this week"
    expect(page.get_by_text(TAKEAWAY)).to_be_visible()

    # 4. A reflection, saved, and still there in a new session.
    reflections = form_with_button(page, "Save reflections")
    reflections.get_by_label("What I learned", exact=True).fill(LEARNED)
    reflections.get_by_label("What I will do next week", exact=True).fill(PLAN)
    click_and_wait(page, "Save reflections", within=reflections)
    expect(page.get_by_text("Reflections saved.")).to_be_visible()
    page.reload()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_label("What I learned", exact=True)).to_have_value(LEARNED)
    expect(page.get_by_label("What I will do next week", exact=True)).to_have_value(PLAN)

    # 5. The report for this week, downloaded as the coach would receive it.
    open_app(page, empty_server, "share")
    assert_no_exception(page)
    click_and_wait(page, "Prepare the report")
    download_button = page.get_by_role("button", name="Download HTML report")
    expect(download_button).to_be_visible()
    with page.expect_download() as download_info:
        download_button.click()
    download = download_info.value
    sunday = monday + timedelta(days=6)
    assert download.suggested_filename == f"fieldwork-report-{monday}-to-{sunday}.html"
    html = Path(download.path()).read_text(encoding="utf-8")

    assert f"Fieldwork progress report — Week of {monday:%d %b %Y}" in html
    assert f"<b>Week of {monday:%d %b %Y}</b>" in html  # the reflection's card
    assert LEARNED in html and PLAN in html
    assert "Outreach sent<b>1</b>" in html and "Replies<b>1</b>" in html
    assert "Conversations<b>1</b>" in html
    assert f"<b>{CONTACT}</b>" in html and TAKEAWAY in html
    for secret in (CONTACT_NOTE, TALK_NOTE, "layoff rumour", "salary band"):
        assert secret not in html
    assert not page.js_errors, page.js_errors
