"""Capture a conversation linked to a path, and see the path's interest chart gain a point."""

import re

import pytest
from playwright.sync_api import expect

from lib import paths
from tests.e2e.conftest import assert_no_exception, capture_form, open_app, wait_for_app
from tests.e2e.test_contacts_conversations import pick

pytestmark = pytest.mark.e2e

PATH = "Community energy program manager"
# Conversation markers in the path's chart: the traces lib.charts.paths marks as conversations.
COUNT_POINTS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    if (!plot || !plot.data) return -1;
    return plot.data
        .filter(trace => trace.meta && trace.meta.role === 'conversation')
        .reduce((total, trace) => total + trace.x.length, 0);
}"""


def open_path_page(page, server, path_id: int) -> None:
    # The query parameter is called "path", like open_app's own argument: build the URL here.
    page.goto(f"{server.page_url('paths')}?path={path_id}")
    page.wait_for_selector("[data-testid='stApp']")
    wait_for_app(page)


def path_id(server, name: str) -> int:
    database = server.database()
    try:
        return paths.path_named(database, name)
    finally:
        database.close()


def chart_points(page) -> int:
    page.wait_for_function(f"({COUNT_POINTS})() >= 0")
    return page.evaluate(COUNT_POINTS)


def test_a_captured_conversation_adds_a_point_to_the_path(page, server_factory):
    server = server_factory(sample=True)
    database = server.database()
    try:
        path_id = paths.path_named(database, PATH)
        contact_id = database.execute(
            "SELECT id FROM contacts WHERE name = 'Dev Patel'"
        ).fetchone()[0]
    finally:
        database.close()

    open_path_page(page, server, path_id)
    assert_no_exception(page)
    before = chart_points(page)
    # Hand-counted (tests/support/sample_counts.py, app test_paths): the energy path holds the
    # 12 conversations at clean energy organizations and the city.
    assert before == 12
    expect(page.get_by_text(re.compile(r"^12 conversations; latest:\W+yes"))).to_be_visible()

    open_app(page, server, "conversations", contact=contact_id)
    pick(page, "Paths this conversation informed", PATH)
    wait_for_app(page)  # picking a path reruns the page to add its fields to the form
    page.keyboard.press("Escape")
    form = capture_form(page)
    interest = form.get_by_test_id("stRadio").filter(has_text=f"Still interested in {PATH}?")
    interest.get_by_text("No", exact=True).click()
    form.get_by_label("The hard parts", exact=True).fill("Evening community meetings every week.")
    form.get_by_label("Open questions it raised (one a line)", exact=True).fill(
        "Do co-ops pay for certification?"
    )
    form.get_by_label("Notes", exact=True).fill("Product view of energy programmes.")
    form.get_by_role("button", name="Save conversation").click()
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Saved your conversation with Dev Patel").wait_for()

    # The saved conversation links to the path; the path's chart has one more point.
    page.get_by_role("link", name=re.compile(PATH)).first.click()
    wait_for_app(page)
    page.wait_for_url(re.compile(rf"/paths\?path={path_id}"))
    assert_no_exception(page)
    assert chart_points(page) == before + 1
    expect(
        page.get_by_text(re.compile(r"^13 conversations; latest:\W+no after Dev Patel"))
    ).to_be_visible()
    expect(page.get_by_text("Do co-ops pay for certification?")).to_be_visible()
    assert not page.js_errors


def test_a_path_page_is_accessible(page, sample_server):
    from tests.e2e.test_accessibility import assert_accessible

    database = sample_server.database()
    try:
        path_id = paths.path_named(database, "Clinical informatics")
    finally:
        database.close()
    open_path_page(page, sample_server, path_id)
    page.get_by_text("Open questions").first.wait_for()
    assert_accessible(page, "path-view")
