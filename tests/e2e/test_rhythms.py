"""A keep-in-touch rhythm set in the browser moves the person's next touch in the list."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app

pytestmark = pytest.mark.e2e

NAME = "Ben Lindqvist"  # in the sample: talked with, last touch Fri 30 Oct 2026, no call booked


def pick(within, label: str, option: str) -> None:
    """Choose an option in a Streamlit selectbox: open its list, click the option."""
    page = within.page
    box = within.get_by_label(label, exact=True)
    wanted = page.get_by_role("option", name=option)
    for _attempt in range(3):  # a click landing while the expander still opens misses the list
        box.click()
        try:
            expect(wanted).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    wanted.click()
    wait_for_app(page)


def person_row(page):
    """Their row of the list, from the grid's hidden table for screen readers."""
    grid = page.get_by_test_id("stDataFrame")
    return grid.get_by_role("row", include_hidden=True).filter(has_text=NAME)


def test_setting_a_rhythm_moves_the_next_touch_in_the_list(page, sample_server):
    open_app(page, sample_server, "contacts")
    expect(person_row(page)).to_contain_text("due in 34 days")  # Warm, the default: 29 Dec

    database = sample_server.database()
    try:
        contact = database.execute("SELECT id FROM contacts WHERE name = ?", [NAME]).fetchone()[0]
    finally:
        database.close()
    open_app(page, sample_server, "contacts", contact=contact)
    box = page.locator(".st-key-contacts_rhythm_box")
    expect(box).to_contain_text("Warm: every 60 days, at the latest 90")
    box.get_by_text("Change the rhythm").click()
    expect(box.get_by_label("Rhythm", exact=True)).to_be_visible()
    pick(box, "Rhythm", "Close: every 30 days, at the latest 45")
    expect(box.get_by_label("Rhythm", exact=True)).to_have_value(
        "Close: every 30 days, at the latest 45"
    )
    box.get_by_role("button", name="Save rhythm").click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(box).to_contain_text("Close: every 30 days, at the latest 45 (set for this person)")
    expect(box).to_contain_text("Sun 29 Nov 2026")

    page.get_by_role("button", name="All contacts").click()
    wait_for_app(page)
    expect(person_row(page)).to_contain_text("due in 4 days")
    expect(person_row(page)).to_contain_text("2026-11-29")  # the grid's cell holds the date
