"""One item, many recommenders in a real browser: a recommendation already on the board is
said so in the capture form as its title is typed, and saving it makes no second card."""

import re

import pytest
from playwright.sync_api import expect

from lib import conversations
from lib.contacts import save_contact
from lib.conversations import Recommendation
from tests.e2e.conftest import (
    assert_no_exception,
    capture_form,
    messages_sent,
    open_app,
    wait_for_app,
)
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e


def pick(page, label: str, option: str) -> None:
    """Choose an option in a Streamlit selectbox (a BaseWeb combobox)."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()


def recommended_before(server) -> int:
    """Hana Sato recommended The Grid and the Regional clean energy job fair; returns Jonas
    Weber, who has not talked to anyone yet."""
    database = server.database()
    try:
        hana = save_contact(database, {"name": "Hana Sato"})
        jonas = save_contact(database, {"name": "Jonas Weber"})
        conversations.save_conversation(
            database,
            hana,
            {"held_on": "2026-11-02", "mode": "video", "notes": "Grid storage"},
            recommendations=[
                Recommendation("book", "The Grid by Gretchen Bakke"),
                Recommendation("event", "Regional clean energy job fair"),
            ],
            today=TODAY,
        )
    finally:
        database.close()
    return jonas


def test_the_notice_shows_as_the_title_is_typed_and_saving_joins_its_card(page, empty_server):
    jonas = recommended_before(empty_server)
    open_app(page, empty_server, "conversations", contact=jonas)
    form = capture_form(page)
    form.get_by_label("Takeaways", exact=True).fill("Read The Grid before the next call.")
    pick(page, "Recommendation 1 kind", "Book or article")
    wait_for_app(page)
    sent = messages_sent(page)
    # Typed key by key, no button pressed: a pause in the typing says what the board has.
    form.get_by_label("Recommendation 1 title", exact=True).press_sequentially("the grid")
    notice = form.get_by_text("Already on your board, recommended by Hana Sato")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("saving adds this recommendation to “The Grid by Gretchen")
    wait_for_app(page)
    assert messages_sent(page) > sent  # the capture ran again on its own: no click did it
    assert_no_exception(page)
    # The rest of the form kept what was typed, and nothing was saved by the notice.
    expect(form.get_by_label("Takeaways", exact=True)).to_have_value(
        "Read The Grid before the next call."
    )
    expect(form.get_by_label("Recommendation 1 title", exact=True)).to_have_value("the grid")
    expect(page.get_by_role("button", name=re.compile("Check them"))).to_have_count(0)
    database = empty_server.database()
    try:
        assert database["conversations"].count == 1
    finally:
        database.close()
    form.get_by_label("Recommendation 1 detail", exact=True).fill("The chapter on storage")
    form.get_by_role("button", name="Save conversation").click()
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Saved your conversation with Jonas Weber").wait_for()
    expect(page.get_by_text("1 was already there: it joined its card")).to_be_visible()

    open_app(page, empty_server, "board")
    assert_no_exception(page)
    expect(page.get_by_text("The Grid by Gretchen Bakke", exact=True)).to_have_count(1)
    expect(page.get_by_text("Recommended by Hana Sato and Jonas Weber")).to_be_visible()
    expect(page.get_by_text("2 people")).to_be_visible()
    database = empty_server.database()
    try:
        assert database["research_items"].count == 2
        assert database["board_recommendations"].count == 3
        saved = database.execute(
            "SELECT c.takeaways, r.detail FROM conversations c "
            "JOIN board_recommendations r ON r.conversation_id = c.id WHERE c.contact_id = ?",
            [jonas],
        ).fetchall()
    finally:
        database.close()
    assert saved == [("Read The Grid before the next call.", "The chapter on storage")]
    assert not page.js_errors, page.js_errors


def test_a_close_title_typed_offers_its_card_to_join(page, empty_server):
    jonas = recommended_before(empty_server)
    open_app(page, empty_server, "conversations", contact=jonas)
    form = capture_form(page)
    form.get_by_label("Notes", exact=True).fill("Met at the co-op.")
    # The title first, the kind after: picking the kind says it too.
    form.get_by_label("Recommendation 1 title", exact=True).press_sequentially(
        "Regional clean energy jobs fair"
    )
    wait_for_app(page)
    pick(page, "Recommendation 1 kind", "Event")
    near = form.get_by_role("radiogroup", name=re.compile("A close title is on your board"))
    expect(near).to_be_visible()
    near.get_by_text("Join “Regional clean energy job fair”", exact=False).click()
    form.get_by_role("button", name="Save conversation").click()
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Saved your conversation with Jonas Weber").wait_for()
    database = empty_server.database()
    try:
        assert database["research_items"].count == 2  # joined: no new card
        notes = database.execute(
            "SELECT notes FROM conversations WHERE contact_id = ?", [jonas]
        ).fetchall()
    finally:
        database.close()
    assert notes == [("Met at the co-op.",)]
    assert not page.js_errors, page.js_errors


def test_save_clicked_the_moment_a_title_is_typed_saves_it(page, empty_server):
    # The title commits as it loses focus to Save: both go to the app at once, and Save wins
    # (a Save outside the capture's fragment was dropped: the run was the fragment's alone).
    jonas = recommended_before(empty_server)
    open_app(page, empty_server, "conversations", contact=jonas)
    form = capture_form(page)
    form.get_by_label("Notes", exact=True).fill("Drawdown first, then the co-op.")
    pick(page, "Recommendation 1 kind", "Book or article")
    wait_for_app(page)
    form.get_by_label("Recommendation 1 title", exact=True).fill("Drawdown")
    form.get_by_role("button", name="Save conversation").click()
    page.get_by_text("Saved your conversation with Jonas Weber").wait_for()
    assert_no_exception(page)
    database = empty_server.database()
    try:
        titles = [row["title"] for row in database["research_items"].rows]
    finally:
        database.close()
    assert "Drawdown" in titles
    assert not page.js_errors, page.js_errors
