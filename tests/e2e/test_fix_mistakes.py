"""Every mistake can be fixed, in Chromium: a reschedule never leaves the Cancel confirmation
open, and a stray outreach deleted from a contact's page takes its 3B prompt with it, until
Undo brings both back."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from lib import schedule
from lib.contacts import log_interaction, save_contact
from tests.e2e.conftest import REPO, assert_no_exception, open_app, wait_for_app
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e


def click_and_wait(page, locator) -> None:
    locator.click()
    wait_for_app(page)
    assert_no_exception(page)


def pick_date(page, day, within) -> None:
    """Pick a day in a date input's calendar (Escape would close the popover it sits in)."""
    within.get_by_role("button", name="Choose date").first.click()
    cell = page.locator(
        f"[data-floating-ui-portal] [aria-label='{day:%A}, {day:%B} {day.day}, {day:%Y}']"
    )
    cell.click()
    expect(page.locator("[data-floating-ui-portal] [role='grid']")).to_have_count(0)


def _schedule(server, name: str, day, now=None) -> int:
    database = server.database()
    try:
        contact_id = save_contact(database, {"name": name, "organization": "Brightline"})
        schedule.schedule(
            database,
            contact_id,
            {"day": day, "time": time(10, 0), "mode": "video", "planned_minutes": 20},
            now=now,
        )
        return contact_id
    finally:
        database.close()


@pytest.mark.parametrize("where", ["contact", "contact_missed", "home_missed"])
def test_reschedule_leaves_the_cancel_confirmation_closed(page, empty_server, where):
    # Unkeyed, a popover's open state stayed with its place in the row: once the moved call
    # lost its "How did it go?" link, Cancel slid into the open Reschedule's place, open.
    if where == "contact":
        contact_id = _schedule(empty_server, "Priya Raman", TODAY + timedelta(days=2))
        open_app(page, empty_server, "contacts", contact=contact_id)
    else:  # its day has passed: "How did it go?" sits before Reschedule until it moves
        held = TODAY - timedelta(days=2)
        contact_id = _schedule(
            empty_server, "Priya Raman", held, now=datetime.combine(held, time(0, 0), UTC)
        )
        if where == "contact_missed":
            open_app(page, empty_server, "contacts", contact=contact_id)
        else:
            open_app(page, empty_server)
    click_and_wait(page, page.get_by_role("button", name="Reschedule"))
    popover = page.get_by_test_id("stPopoverBody")
    new_day = TODAY + timedelta(days=5)
    pick_date(page, new_day, within=popover)
    click_and_wait(page, popover.get_by_role("button", name="Move it"))
    # The moved call in its new place (its toast lasts four seconds: on a loaded machine the
    # run after the move can outlast it, so the page's state is what is checked).
    expect(
        page.get_by_text(f"{new_day:%a} {new_day.day} {new_day:%b}, 10:00", exact=True)
    ).to_be_visible()
    expect(page.get_by_test_id("stPopoverBody").filter(has_text="Move it")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel it")).to_have_count(0)
    expect(page.get_by_text("Cancel the conversation with")).to_have_count(0)
    database = empty_server.database()
    try:
        assert database.execute("SELECT status FROM scheduled_conversations").fetchone()[0] == (
            "scheduled"
        )
    finally:
        database.close()


SHOTS = REPO / "test-results"


def test_a_stray_outreach_deleted_takes_its_3b_prompt_and_undo_brings_it_back(page, empty_server):
    database = empty_server.database()
    try:
        person = save_contact(database, {"name": "Priya Raman", "organization": "Brightline"})
        log_interaction(database, person, "outreach", TODAY - timedelta(days=2), "First")
        log_interaction(database, person, "outreach", TODAY - timedelta(days=1), "Sent twice")
    finally:
        database.close()
    open_app(page, empty_server, "contacts", contact=person)

    def prompts() -> int:
        database = empty_server.database()
        try:
            return database.execute(
                "SELECT count(*) FROM followups WHERE kind = 'next_contact' AND status = 'open'"
            ).fetchone()[0]
        finally:
            database.close()

    def until(count: int) -> None:  # the saved state, polled (a rerun may still be writing)
        for _ in range(100):
            if prompts() == count:
                return
            page.wait_for_timeout(100)
        assert prompts() == count

    until(2)  # each outreach made its own 3B prompt (the page synced them)
    picker = page.get_by_label("Change an entry", exact=True)
    picker.click()
    page.get_by_role("option", name="Tue 24 Nov · Outreach sent · Sent twice").click()
    wait_for_app(page)
    delete = page.get_by_role("button", name="Delete…")
    expect(delete).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "fix-mistakes-change-an-entry.png"), full_page=True)
    click_and_wait(page, delete)
    expect(page.get_by_text("Delete the outreach of Tue 24 Nov?")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name="Delete it"))
    expect(page.get_by_text("Deleted the outreach of Tue 24 Nov.")).to_be_visible()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    page.screenshot(path=str(SHOTS / "fix-mistakes-undo.png"), full_page=True)
    until(1)

    # Home (reached in the same session, so the Undo waits) lists one 3B step for her.
    click_and_wait(page, page.get_by_test_id("stSidebar").get_by_role("link", name="Home"))
    expect(page.get_by_text("Reach out to someone else there", exact=False)).to_have_count(1)
    page.go_back()
    wait_for_app(page)
    expect(page.get_by_text("Deleted the outreach of Tue 24 Nov.")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name="Undo"))
    expect(page.get_by_text("Put back the outreach of Tue 24 Nov.")).to_be_visible()
    until(2)
