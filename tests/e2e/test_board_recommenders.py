"""One item, many recommenders in a real browser: a recommendation already on the board is
said so in the capture form, and saving it makes no second card."""

import pytest
from playwright.sync_api import expect

from lib import conversations
from lib.contacts import save_contact
from lib.conversations import Recommendation
from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e


def pick(page, label: str, option: str) -> None:
    """Choose an option in a Streamlit selectbox (a BaseWeb combobox)."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()


def test_a_recommendation_already_on_the_board_joins_its_card(page, empty_server):
    database = empty_server.database()
    try:
        hana = save_contact(database, {"name": "Hana Sato"})
        jonas = save_contact(database, {"name": "Jonas Weber"})
        conversations.save_conversation(
            database,
            hana,
            {"held_on": "2026-11-02", "mode": "video", "notes": "Grid storage"},
            recommendations=[Recommendation("book", "The Grid by Gretchen Bakke")],
            today=TODAY,
        )
    finally:
        database.close()

    open_app(page, empty_server, "conversations", contact=jonas)
    page.get_by_label("Takeaways", exact=True).fill("Read The Grid before the next call.")
    pick(page, "Recommendation 1 kind", "Book or article")
    page.get_by_label("Recommendation 1 title", exact=True).fill("the grid")
    page.get_by_role("button", name="Check them against your board").click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("Already on your board, recommended by Hana Sato")).to_be_visible()
    # What was typed is still there after the check.
    expect(page.get_by_label("Recommendation 1 title", exact=True)).to_have_value("the grid")
    page.get_by_role("button", name="Save conversation").click()
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Saved your conversation with Jonas Weber").wait_for()

    open_app(page, empty_server, "board")
    assert_no_exception(page)
    expect(page.get_by_text("The Grid by Gretchen Bakke", exact=True)).to_have_count(1)
    expect(page.get_by_text("Recommended by Hana Sato and Jonas Weber")).to_be_visible()
    expect(page.get_by_text("2 people")).to_be_visible()
    database = empty_server.database()
    try:
        assert database["research_items"].count == 1
        assert database["board_recommendations"].count == 2
    finally:
        database.close()
    assert not page.js_errors, page.js_errors
