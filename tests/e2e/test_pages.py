"""Every page in the sidebar opens in a real browser without an exception: on the sample, on an
empty database (the empty states), and in coach mode (where private notes never reach the page)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app

pytestmark = pytest.mark.e2e

# The sample gives a few contacts this private note (lib/sample.py).
PRIVATE_NOTE = "Seemed rushed; keep the follow-up short."


def sidebar_links(page) -> list[tuple[str, str]]:
    links = page.locator("[data-testid='stSidebarNav'] a")
    # A link's text starts with its icon's ligature name ("group"); the title is the last line.
    return [
        (links.nth(i).inner_text().strip().splitlines()[-1], links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


def visit_every_page(page, server) -> list[str]:
    """Click through the sidebar, as a person would (one session); return each page's HTML."""
    open_app(page, server)
    links = sidebar_links(page)
    titles = [title for title, _ in links]
    assert {"Home", "Contacts", "Conversations"} <= set(titles), titles
    html = []
    for title, href in links:
        # By address: titles overlap ("Search" is inside "Research board").
        page.get_by_test_id("stSidebarNav").locator(f"a[href='{href}']").click()
        page.wait_for_url(href.rstrip("/") + "*")
        wait_for_app(page)
        assert_no_exception(page)
        # The page ran far enough to show its title (a page stopped by an error shows none).
        expect(page.locator("h1").first, f"{title} shows no title").to_be_visible()
        html.append(page.content())
    assert not page.js_errors, page.js_errors
    return html


def contact_with_private_note(server) -> int:
    database = server.database()
    try:
        return database.execute(
            "SELECT id FROM contacts WHERE private_notes = ? ORDER BY id", [PRIVATE_NOTE]
        ).fetchone()[0]
    finally:
        database.close()


def test_every_sidebar_page_opens_on_the_sample(page, sample_server):
    visit_every_page(page, sample_server)


def test_every_sidebar_page_opens_on_an_empty_database(page, empty_server):
    visit_every_page(page, empty_server)
    # The first run offers the sample.
    page.get_by_test_id("stSidebarNav").locator("a").first.click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Load the sample")).to_be_visible()


def test_sidebar_shows_the_data_file(page, sample_server):
    open_app(page, sample_server)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(str(sample_server.db_path))


def test_private_notes_reach_the_researchers_own_contact_page(page, sample_server):
    # The counterpart of the coach-mode test below: the note is on the page outside coach mode.
    open_app(page, sample_server, "contacts", contact=contact_with_private_note(sample_server))
    assert PRIVATE_NOTE in page.content()


def test_coach_mode_opens_every_page_without_private_notes(page, server_factory):
    server = server_factory(sample=True, FIELDWORK_COACH="1")
    for html in visit_every_page(page, server):
        assert PRIVATE_NOTE not in html
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Coach mode")
    open_app(page, server, "contacts", contact=contact_with_private_note(server))
    assert_no_exception(page)
    assert PRIVATE_NOTE not in page.content()


@pytest.mark.parametrize("link", ["contacts", "conversation"])
def test_a_deep_link_as_the_first_request_after_a_restart_opens_the_page_with_navigation(
    page, tmp_path, link
):
    # lib.ui.widgets._leave_legacy_pages_mode (checked against Streamlit 1.67.0): without it, the
    # first request to /contacts?contact=3 after a start would run pages/contacts.py alone,
    # with no sidebar navigation built by app.py. /conversation (off the sidebar) has a file of
    # its own for the same reason: Streamlit's old-style pages/ reading said "Page not found".
    from tests.e2e.conftest import start_server

    server = start_server(tmp_path / "restart", sample=True)
    try:
        database = server.database()
        name = database.execute("SELECT name FROM contacts WHERE id = 3").fetchone()[0]
        conversation = database.execute(
            "SELECT id FROM conversations WHERE contact_id = 3 LIMIT 1"
        ).fetchone()
        database.close()
        query = {"contact": 3} if link == "contacts" else {"conversation": conversation[0]}
        heading = name if link == "contacts" else "Conversations"
        for restarted in (False, True):
            if restarted:
                server.stop()
                server = start_server(tmp_path / "restart")  # the same file, a new process
            open_app(page, server, link, **query)
            assert_no_exception(page)
            expect(page.locator("h1").first).to_have_text(heading)
            if link == "conversation":
                expect(page.locator("h2").first).to_contain_text(name)
            expect(page.get_by_text("Page not found")).to_have_count(0)
            titles = [title for title, _ in sidebar_links(page)]
            assert {"Home", "Contacts", "Weekly review"} <= set(titles), titles
            assert f"{next(iter(query))}=" in page.url
    finally:
        server.stop()
