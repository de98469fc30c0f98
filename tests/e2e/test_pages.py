"""Every page in the sidebar opens in a real browser, on the sample, without an exception."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app

pytestmark = pytest.mark.e2e


def sidebar_links(page) -> list[tuple[str, str]]:
    links = page.locator("[data-testid='stSidebarNav'] a")
    # A link's text starts with its icon's ligature name ("group"); the title is the last line.
    return [
        (links.nth(i).inner_text().strip().splitlines()[-1], links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


def test_every_sidebar_page_opens_on_the_sample(page, sample_server):
    open_app(page, sample_server)
    links = sidebar_links(page)
    titles = [title for title, _ in links]
    assert {"Home", "Contacts", "Conversations"} <= set(titles), titles
    for title, href in links:
        # Click through the sidebar, as a person would: one session, every page.
        page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).first.click()
        wait_for_app(page)
        assert page.url.rstrip("/") == href.rstrip("/"), title
        assert_no_exception(page)
        # The page ran far enough to show its title (a page stopped by an error shows none).
        expect(page.locator("h1").first).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_sidebar_shows_the_data_file(page, sample_server):
    open_app(page, sample_server)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert str(sample_server.db_path) in sidebar.inner_text()
