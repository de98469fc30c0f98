"""The keyboard alone is enough: Tab, Shift+Tab, Enter, Space and typing; never a click.

A contact is added and a conversation logged; a failed save puts focus on what to fix, beside
Save; the Contacts table opens a row with Enter; a board card's actions are reached without
tabbing through every card; focus is always visible in the sidebar.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lib import board, store
from tests.e2e.conftest import assert_no_exception, messages_sent, open_app, wait_for_app

pytestmark = pytest.mark.e2e

# What has focus: its accessible label, role-ish tag, and whether the ring shows.
ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {label: "", tag: "BODY", role: "", testid: "", keys: []};
  const label = el.getAttribute('aria-label')
    || (el.labels && el.labels[0] && el.labels[0].innerText)
    || el.innerText || '';
  const style = getComputedStyle(el);
  return {
    label: label.replace(/\\s+/g, ' ').trim(),
    tag: el.tagName,
    role: el.getAttribute('role') || '',
    testid: (el.closest('[data-testid]') || {dataset: {}}).dataset.testid || '',
    keys: [...el.classList, ...(el.closest('[class*="st-key-"]') || {classList: []}).classList]
      .filter((name) => name.startsWith('st-key-')),
    in_sidebar: !!el.closest('[data-testid="stSidebar"]'),
    in_dialog: !!el.closest('[role="dialog"]'),
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
    top: el.getBoundingClientRect().top,
    bottom: el.getBoundingClientRect().bottom,
  };
}"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def tab_to(page, wanted, limit: int = 80, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element's label matches wanted."""
    matches = wanted if callable(wanted) else (lambda focus: focus["label"] == wanted)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focus = active(page)
        seen.append(focus["label"][:30])
        if matches(focus):
            return focus
    pytest.fail(f"Tab never reached {wanted!r}; focus went through {seen}")


def type_here(page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def in_viewport(page, focus: dict) -> bool:
    height = page.viewport_size["height"]
    return focus["bottom"] > 0 and focus["top"] < height


@pytest.fixture(scope="module")
def writable_server(server_factory):
    return server_factory(sample=False)


def test_add_a_contact_and_log_a_conversation_with_the_keyboard_only(page, writable_server):
    open_app(page, writable_server, "contacts")  # an empty file: the add form is open
    tab_to(page, "Name *")
    type_here(page, "Nadia Haddad")
    # The form goes along each row as it reads: Name, Role, then Organization, Industry.
    for label, text in (
        ("Role", "Grid analyst"),
        ("Organization", "Sunfield Cooperative"),
        ("Industry", "Energy"),
        ("Email", "nadia@"),
    ):
        page.keyboard.press("Tab")
        assert active(page)["label"] == label
        type_here(page, text)
    # Enter in a one-line field does not submit the long form half-filled: the page sends
    # the app nothing (a submit is sent as the key is handled, so this is no race).
    sent = messages_sent(page)
    page.keyboard.press("Enter")
    assert messages_sent(page) == sent
    assert not page.get_by_text("Please fix").count()

    tab_to(page, "Save contact")
    page.keyboard.press("Enter")
    wait_for_app(page)
    # The errors are beside Save, in view, and have focus; nothing typed is lost.
    focus = active(page)
    assert any(key.endswith("_errors") for key in focus["keys"]), focus
    assert in_viewport(page, focus), focus
    expect(page.get_by_role("alert").filter(has_text="Email")).to_be_visible()
    form = page.get_by_test_id("stForm")
    expect(form.get_by_label("Organization", exact=True)).to_have_value("Sunfield Cooperative")

    tab_to(page, "Email", back=True)
    type_here(page, "nadia@example.org")
    tab_to(page, "Save contact")
    page.keyboard.press("Space")
    wait_for_app(page)
    page.wait_for_url(re.compile(r"contact=\d+"))
    assert_no_exception(page)
    contact_id = int(re.search(r"contact=(\d+)", page.url).group(1))
    expect(page.get_by_text("Saved Nadia Haddad.")).to_be_visible()
    # Focus follows the save (its script runs once the note is drawn).
    page.wait_for_function(
        "() => document.activeElement?.closest('.st-key-contacts_saved_note') !== null"
    )

    # Log a conversation with her.
    open_app(page, writable_server, "conversations", contact=contact_id)
    tab_to(page, "Notes")
    type_here(page, "Storage is the bottleneck; ask about the interconnection queue.")
    page.keyboard.press("Tab")
    assert active(page)["label"] == "Takeaways"
    type_here(page, "Read the queue report.")
    # Enter in a one-line field of the capture saves nothing and sends the app nothing: the
    # fields wait for Save, as a form's would.
    tab_to(page, "Alternative role that came up")
    type_here(page, "Interconnection analyst")
    sent = messages_sent(page)
    page.keyboard.press("Enter")
    # Streamlit sends a committed value on its next turn (setTimeout 0): let that turn pass.
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    assert messages_sent(page) == sent
    tab_to(page, "Save conversation")
    page.keyboard.press("Enter")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("Saved your conversation with Nadia Haddad")).to_be_visible()

    database = writable_server.database()
    try:
        contact = database.execute(
            "SELECT c.email, o.name FROM contacts c JOIN organizations o "
            "ON o.id = c.organization_id WHERE c.id = ?",
            [contact_id],
        ).fetchone()
        notes = database.execute(
            "SELECT notes, alternative_role FROM conversations WHERE contact_id = ?", [contact_id]
        ).fetchall()
    finally:
        database.close()
    assert contact == ("nadia@example.org", "Sunfield Cooperative")
    assert notes == [
        (
            "Storage is the bottleneck; ask about the interconnection queue.",
            "Interconnection analyst",
        )
    ]


def test_the_contacts_table_opens_a_row_with_enter(page, sample_server):
    open_app(page, sample_server, "contacts")
    tab_to(page, lambda focus: focus["testid"] == "data-grid-canvas")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.wait_for_url(re.compile(r"contact=\d+"))
    assert_no_exception(page)


def test_a_board_card_is_reached_without_tabbing_through_the_cards(page, sample_server):
    open_app(page, sample_server, "board")
    presses, seen = [], []
    tab_to(
        page,
        lambda focus: (
            presses.append(1) is None
            and seen.append(focus["label"][:20]) is None
            and focus["label"].startswith("Update an item")
        ),
    )
    cards = page.get_by_role("button", name="Update", exact=True).count()
    # Four columns of cards (four each on the sample) come after the picker, not before it.
    assert cards >= 12 and len(presses) < 30, (cards, len(presses))
    # The first card in To do (the newest), whatever the number of cards a column shows.
    database = store.connect(sample_server.db_path)
    title = board.list_items(database, status="todo", limit=1)[0]["title"]
    database.close()
    page.keyboard.type(title)
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_be_visible()
    focus = tab_to(page, lambda focus: "Move to" in focus["label"], limit=10)
    assert focus["in_dialog"]
    page.keyboard.press("Escape")


def test_focus_is_visible_in_the_sidebar(page, sample_server):
    open_app(page, sample_server)
    checked = 0
    for _ in range(15):
        page.keyboard.press("Tab")
        focus = active(page)
        if focus["in_sidebar"]:
            assert focus["ring"], f"no visible focus on {focus['label']!r}"
            checked += 1
    assert checked >= 8


def test_search_runs_as_you_type(page, sample_server):
    open_app(page, sample_server, "search")
    tab_to(page, "Search")
    page.keyboard.type("grant writing")  # no Enter: results follow a short pause
    expect(page.get_by_text(re.compile(r"^\d+ results?$"))).to_be_visible(timeout=10_000)
    box = page.get_by_role("textbox", name="Search")
    assert box.get_attribute("placeholder") and box.input_value() == "grant writing"


def test_a_click_on_a_name_in_the_contacts_table_opens_the_contact(page, sample_server):
    open_app(page, sample_server, "contacts")
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    # The first data row's Name cell: below the header row (35 px rows), past the row's box.
    page.mouse.click(box["x"] + 120, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"contact=\d+"))
    wait_for_app(page)
    assert_no_exception(page)
