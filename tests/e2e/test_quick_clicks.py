"""Clicks that land while the page is still running count: ten thank-yous marked done in quick
succession, each without waiting for the page to settle, are ten thank-yous done."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lib.contacts import save_contact
from lib.conversations import save_conversation
from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.support.days import TODAY

pytestmark = pytest.mark.e2e

PEOPLE = [f"Person {letter}" for letter in "ABCDEFGHIJ"]


def _ten_thank_yous_due_today(server) -> None:
    database = server.database()
    try:
        for name in PEOPLE:
            contact_id = save_contact(database, {"name": name})
            save_conversation(
                database,
                contact_id,
                {"held_on": TODAY - timedelta(days=1), "mode": "video", "notes": "Talked."},
                today=TODAY,
            )
    finally:
        database.close()


def _not_done(server) -> list[str]:
    database = server.database()
    try:
        rows = database.execute(
            "select c.name from followups f join contacts c on c.id = f.contact_id"
            " where f.kind = 'thank_you' and f.status != 'done' order by c.name"
        ).fetchall()
        return [name for (name,) in rows]
    finally:
        database.close()


def test_ten_done_clicks_in_quick_succession_all_count(page, server_factory):
    server = server_factory(sample=False)
    _ten_thank_yous_due_today(server)
    open_app(page, server)

    # All due today, shown in the order logged, five at a time; each one done lets one more in.
    # The first one is opened and drawn before the clicks start: an entry's widgets load their
    # code the first time one is shown, and a click in that moment can land on a skeleton.
    def entry(name):
        return page.get_by_test_id("stExpander").filter(has_text=f"Thank-you note · {name} ·")

    entry(PEOPLE[0]).get_by_text(f"Thank-you note · {PEOPLE[0]}").click()
    wait_for_app(page)
    for n, name in enumerate(PEOPLE):
        due = entry(name)
        if n:
            due.get_by_text(f"Thank-you note · {name}").click()
        done = due.get_by_role("button", name="Sent it: mark done")
        done.click()  # at once: no wait for the page to finish its run
    wait_for_app(page)
    assert_no_exception(page)
    # The last click's run may start after the wait saw the one before it end: wait for the
    # state every click asks for (nothing left), then check the file.
    expect(page.get_by_text("Nothing is due this week.")).to_be_visible(timeout=30_000)
    assert _not_done(server) == []
