"""Every mistake can be fixed, in Chromium: a reschedule never leaves the Cancel confirmation
open, and a stray outreach deleted from a contact's page takes its 3B prompt with it, until
Undo brings both back."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from lib import schedule
from lib.contacts import save_contact
from tests.conftest import SAMPLE_TODAY
from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app

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
        contact_id = _schedule(empty_server, "Priya Raman", SAMPLE_TODAY + timedelta(days=2))
        open_app(page, empty_server, "contacts", contact=contact_id)
    else:  # its day has passed: "How did it go?" sits before Reschedule until it moves
        held = SAMPLE_TODAY - timedelta(days=2)
        contact_id = _schedule(
            empty_server, "Priya Raman", held, now=datetime.combine(held, time(0, 0), UTC)
        )
        if where == "contact_missed":
            open_app(page, empty_server, "contacts", contact=contact_id)
        else:
            open_app(page, empty_server)
    click_and_wait(page, page.get_by_role("button", name="Reschedule"))
    popover = page.get_by_test_id("stPopoverBody")
    new_day = SAMPLE_TODAY + timedelta(days=5)
    pick_date(page, new_day, within=popover)
    click_and_wait(page, popover.get_by_role("button", name="Move it"))
    expect(page.get_by_test_id("stToast").filter(has_text="Rescheduled")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel it")).to_have_count(0)
    expect(page.get_by_text("Cancel the conversation with")).to_have_count(0)
    database = empty_server.database()
    try:
        assert database.execute("SELECT status FROM scheduled_conversations").fetchone()[0] == (
            "scheduled"
        )
    finally:
        database.close()
