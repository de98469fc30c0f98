"""axe-core on every page of the real app: on the sample, on an empty database, and in the states
a person reaches (a contact picked on Conversations, a card's popover open on the Research board,
results shown on Search).

The test fails on any serious or critical violation the app causes. Violations that come from
Streamlit's own markup, which the app cannot change, are listed by rule id in ALLOWED_BY_STREAMLIT
with the element that causes them; nothing else is allowed.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import RESULTS, assert_no_exception, new_context, open_app, wait_for_app
from tests.support.pages import app_pages

pytestmark = pytest.mark.e2e

# Rule id -> why it is Streamlit's, not ours. Each entry names the Streamlit element at fault.
ALLOWED_BY_STREAMLIT: dict[str, str] = {
    # The sidebar navigation (st.navigation with sections): Streamlit puts its section headers
    # and separators straight inside the <ul>, and its <li> items inside <div>s of that list.
    "list": "st.navigation's sidebar list holds section headers that are not <li>",
    "listitem": "st.navigation's sidebar <li> items sit in a <div>, not directly in a <ul>",
}

# Impacts that fail the test. axe rates a skipped heading level "moderate", but the issue counts it
# as a finding (a screen reader's heading list loses its outline), so it fails too.
FAILING_IMPACTS = {"serious", "critical"}
FAILING_RULES = {"heading-order"}

AXE = Axe()


PAGES = app_pages()


# Checks axe cannot make, on the elements the app itself draws (main area and sidebar content).
APP_CHECKS = r"""() => {
  const app = '[data-testid=stMain], [data-testid=stSidebarUserContent]';
  // The text a screen reader reads: hidden parts left out, a markdown icon read by its label.
  const spoken = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('[aria-hidden=true]').forEach((part) => part.remove());
    copy.querySelectorAll('[role=img][aria-label]')
      .forEach((icon) => icon.replaceWith(icon.getAttribute('aria-label')));
    return copy.textContent.replace(/\s+/g, ' ').trim();
  };
  const iconCode = /^[a-z0-9_]+ icon$/;
  const found = {'icon-name': [], 'heading-icon': [], 'chart-summary': []};
  for (const el of document.querySelectorAll(
      `:is(${app}) :is(button, a, [role=button], [role=tab])`)) {
    if (el.closest('.modebar, [data-testid=stElementToolbar]')) continue;
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) continue;
    // Streamlit names an icon-only button by the icon's code ("swap_horiz icon").
    if (iconCode.test(spoken(el))) found['icon-name'].push(el.outerHTML.slice(0, 200));
  }
  for (const el of document.querySelectorAll(`:is(${app}) :is(h1, h2, h3, h4, h5, h6)`)) {
    if (el.querySelector('[data-testid=stIconMaterial], [role=img][aria-label$=" icon"]')) {
      found['heading-icon'].push(el.outerHTML.slice(0, 200));
    }
  }
  // Every chart has a one-sentence text summary (a caption) right after it.
  for (const chart of document.querySelectorAll(
      '[data-testid=stPlotlyChart], [data-testid=stVegaLiteChart]')) {
    // Right after it, or in the column beside it.
    const holder = chart.closest('[data-testid=stElementContainer]');
    const next = holder && holder.nextElementSibling;
    const column = chart.closest('[data-testid=stColumn]');
    const beside = column && column.nextElementSibling;
    const text = [next, beside].map((el) => (el ? el.textContent.trim() : ''));
    if (!text.some((words) => words.length >= 20)) {
      found['chart-summary'].push(chart.outerHTML.slice(0, 120));
    }
  }
  return found;
}"""


def findings(page) -> list[dict]:
    """Serious and critical axe violations on the page now, skipped heading levels, and the
    app's own checks (icon-only names, icons in headings, charts without a text summary)."""
    found = [
        {"rule": rule, "impact": "serious", "count": len(nodes), "nodes": nodes[:8]}
        for rule, nodes in page.evaluate(APP_CHECKS).items()
        if nodes
    ]
    results = AXE.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS and violation["id"] not in FAILING_RULES:
            continue
        if violation["id"] in ALLOWED_BY_STREAMLIT:
            continue
        found.append(
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [
                    {
                        "target": node["target"],
                        "html": node["html"][:300],
                        "summary": node.get("failureSummary", "")[:300],
                    }
                    for node in violation["nodes"][:8]
                ],
                "count": len(violation["nodes"]),
            }
        )
    return found


def assert_accessible(page, name: str) -> None:
    assert_no_exception(page)
    found = findings(page)
    if found:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"axe-{name}.json").write_text(json.dumps(found, indent=2))
        page.screenshot(path=str(RESULTS / f"axe-{name}.png"), full_page=True)
    assert not found, f"axe on {name}:\n" + json.dumps(found, indent=2)[:6000]


def tab(browser):
    context = new_context(browser, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(30_000)
    return context, context.new_page()


# One tab per database for the whole module: pages are reached through the sidebar, as a
# person would, without reloading the app each time.
@pytest.fixture(scope="module")
def sample_tab(browser, sample_server):
    context, page = tab(browser)
    open_app(page, sample_server)
    yield page
    context.close()


@pytest.fixture(scope="module")
def empty_tab(browser, server_factory):
    server = server_factory(sample=False)
    context, page = tab(browser)
    open_app(page, server)
    page.server = server
    yield page
    context.close()


def go_to(page, server, path: str) -> None:
    """Open a page through its sidebar link (by address), or by URL when it has none."""
    link = page.get_by_test_id("stSidebarNav").locator(f"a[href='{server.page_url(path)}']")
    if path and link.count():
        link.click()
        page.wait_for_url(server.page_url(path) + "*")
        wait_for_app(page)
    else:
        open_app(page, server, path)


def first_contact_id(server) -> int:
    database = server.database()
    try:
        return database.execute("SELECT min(id) FROM contacts").fetchone()[0]
    finally:
        database.close()


@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=[p or "home" for _, p in PAGES])
def test_page_on_the_sample(sample_tab, sample_server, path):
    go_to(sample_tab, sample_server, path)
    assert_accessible(sample_tab, f"sample-{path or 'home'}")


@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=[p or "home" for _, p in PAGES])
def test_page_on_an_empty_database(empty_tab, path):
    go_to(empty_tab, empty_tab.server, path)
    assert_accessible(empty_tab, f"empty-{path or 'home'}")


def test_conversations_with_a_contact_picked(sample_tab, sample_server):
    open_app(sample_tab, sample_server, "conversations", contact=first_contact_id(sample_server))
    sample_tab.get_by_text("Before you talk to").first.wait_for()
    assert_accessible(sample_tab, "conversations-contact")


def test_board_with_a_card_open(sample_tab, sample_server):
    open_app(sample_tab, sample_server, "board")
    sample_tab.get_by_role("button", name="Update").first.click()
    sample_tab.get_by_role("dialog").wait_for()
    wait_for_app(sample_tab)
    assert_accessible(sample_tab, "board-card-open")
    sample_tab.keyboard.press("Escape")


def test_search_with_results(sample_tab, sample_server):
    open_app(sample_tab, sample_server, "search")
    box = sample_tab.get_by_role("textbox", name="Search")
    box.fill("grant")
    box.press("Enter")
    wait_for_app(sample_tab)
    sample_tab.get_by_text("result").first.wait_for()
    assert_accessible(sample_tab, "search-results")


def test_right_after_loading_the_sample_from_home(browser, server_factory):
    """The state the issue found a toast in: the sample just loaded, Home saying so, then the
    pages a person opens next. The confirmation is in place (no toast, no unnamed dialog)."""
    server = server_factory(sample=False)
    context, page = tab(browser)
    try:
        open_app(page, server)
        page.get_by_role("button", name="Load the sample").click()
        wait_for_app(page)
        confirmation = page.get_by_text("Loaded the sample: ")
        confirmation.wait_for()
        assert page.locator("[data-testid=stToast], [role=alertdialog]").count() == 0
        assert_accessible(page, "sample-just-loaded-home")
        for path in ("contacts", "conversations"):
            go_to(page, server, path)
            assert_accessible(page, f"sample-just-loaded-{path}")
        assert page.get_by_text("Loaded the sample: ").count() == 0  # gone at the next action
    finally:
        context.close()


def test_board_offering_duplicates_and_most_recommended(browser, server_factory):
    # Its own file: a second card for a sample book makes the board offer a merge.
    from lib import board

    server = server_factory(sample=True)
    database = server.database()
    try:
        board.add_item(database, {"kind": "book", "title": "Book: the grid"})
    finally:
        database.close()
    context, page = tab(browser)
    try:
        open_app(page, server, "board")
        page.get_by_role("button", name="Merge").first.wait_for()
        assert_accessible(page, "board-duplicates")
        open_app(page, server, "activity")
        page.get_by_role("tab", name="Most recommended").click()
        wait_for_app(page)
        page.get_by_text("You have acted on").wait_for()
        assert_accessible(page, "activity-most-recommended")
    finally:
        context.close()
