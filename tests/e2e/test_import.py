"""Import in a real browser: upload LinkedIn's Connections.csv, see the preview, import, and
find the people on Contacts."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.support.import_helpers import FIXTURES

pytestmark = pytest.mark.e2e

LINKEDIN = FIXTURES / "linkedin_connections.csv"


def test_upload_linkedin_preview_import_and_find_them_on_contacts(page, empty_server):
    open_app(page, empty_server, "import_contacts")
    expect(page.get_by_role("heading", name="Import", exact=True)).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(LINKEDIN))
    wait_for_app(page)
    assert_no_exception(page)

    # The preview: counts, and the rows with their reasons.
    expect(page.get_by_text("Read as LinkedIn Connections.csv")).to_be_visible()
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.filter(has_text="New people")).to_contain_text("5")
    expect(metrics.filter(has_text="Duplicates")).to_contain_text("1")
    expect(page.get_by_text("Duplicates", exact=True).first).to_be_visible()
    with empty_server.database() as database:
        assert database["contacts"].count == 0  # nothing written before Import

    page.get_by_role("button", name="Import", exact=True).click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("Imported 5 people, skipped 2 rows.")).to_be_visible()
    expect(page.get_by_text("linkedin_connections.csv").first).to_be_visible()  # past imports

    page.get_by_role("link", name="See them on Contacts").click()
    wait_for_app(page)
    search = page.get_by_role("textbox", name="Search")
    search.fill("Amélie")
    search.press("Enter")
    wait_for_app(page)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_contain_text("Amélie Durand")
    expect(grid).to_contain_text("Énergie Commune, SCIC")
    assert not page.js_errors
