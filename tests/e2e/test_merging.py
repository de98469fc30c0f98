"""Merging duplicates in Chromium: Ana Ruiz twice is merged from Contacts' Possible
duplicates with her name picked by hand, and the merged-away contact's old link opens the kept
one (a screenshot of the side-by-side merge goes to test-results/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lib import store
from tests.e2e.conftest import RESULTS, assert_no_exception, open_app, wait_for_app
from tests.support.duplicates_world import build_pair

pytestmark = pytest.mark.e2e


def click_and_wait(page, locator) -> None:
    locator.click()
    wait_for_app(page)
    assert_no_exception(page)


def test_merge_two_contacts_and_follow_the_old_link(page, empty_server):
    database = store.open_database(empty_server.db_path)
    try:
        ids = build_pair(database)
    finally:
        database.close()
    open_app(page, empty_server, "contacts")
    click_and_wait(page, page.get_by_text("Possible duplicates"))
    click_and_wait(page, page.get_by_role("button", name="Compare and merge").first)
    expect(page.get_by_role("heading", name="Merge two contacts")).to_be_visible()
    names = page.get_by_role("radiogroup", name="Name")
    click_and_wait(page, names.get_by_text("Ana Ruiz", exact=True))
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "merge_side_by_side.png"), full_page=True)
    click_and_wait(page, page.get_by_role("button", name="Merge…"))
    click_and_wait(page, page.get_by_role("button", name="Merge them"))
    expect(page.get_by_text("into one contact, Ana Ruiz.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    assert f"contact={ids['kept']}" in page.url
    database = empty_server.database()
    try:
        assert (
            database.execute("SELECT count(*) FROM contacts WHERE id = ?", [ids["old"]]).fetchone()[
                0
            ]
            == 0
        )
        assert (
            database.execute("SELECT name FROM contacts WHERE id = ?", [ids["kept"]]).fetchone()[0]
            == "Ana Ruiz"
        )
    finally:
        database.close()

    open_app(page, empty_server, "contacts", contact=ids["old"])
    expect(page.get_by_text("Ana Ruiz-Gómez was merged into Ana Ruiz.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ana Ruiz", exact=True)).to_be_visible()
    assert f"contact={ids['kept']}" in page.url
