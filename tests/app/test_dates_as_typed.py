"""No date is ever silently replaced: a date typed outside what a form takes is refused with a
message under the field and beside the button, nothing is saved, and what was typed stays."""

# ruff: noqa: F811 (the fixtures imported from the pages' own tests)

from datetime import date, time, timedelta

from lib import conversations, schedule, store
from lib.contacts import save_contact
from tests.support.apptest import by_label, open_tab
from tests.support.days import TODAY
from tests.support.small_worlds import open_due as _open
from tests.support.small_worlds import research_item as _item
from tests.support.small_worlds import task as _task

LATER = date(2026, 12, 5)  # after today: nothing has happened on it yet
GONE = date(2026, 11, 20)  # before today: too late to schedule


def _contact(db_path, **values) -> int:
    database = store.open_database(db_path)
    try:
        return save_contact(database, {"name": "Ada Lovelace", **values})
    finally:
        database.close()


def _count(db_path, table: str) -> int:
    database = store.connect(db_path)
    try:
        return database[table].count
    finally:
        database.close()


def _said(at, words: str) -> tuple[bool, bool]:
    """(under the field, beside the button): a caption and an error box holding the words."""
    under = any(words in c.value and ":material/error:" in c.value for c in at.caption)
    beside = any(words in e.value for e in at.error)
    return under, beside


def test_an_interaction_logged_for_a_later_day_is_refused_with_what_was_typed(open_page, db_path):
    contact = _contact(db_path)
    at = open_page("pages/contacts.py", contact=contact)
    when = by_label(at.date_input, "When")
    assert when.max > date(2100, 1, 1)  # the widget keeps it; the check says no
    when.set_value(LATER)
    by_label(at.selectbox, "What happened").set_value("reply")
    by_label(at.text_input, "Summary").input("She answered")
    by_label(at.button, "Log it").click().run()
    assert not at.exception
    assert _said(at, "Sat 5 Dec 2026, after today") == (True, True)
    assert _count(db_path, "interactions") == 0
    assert by_label(at.date_input, "When").value == LATER
    assert by_label(at.selectbox, "What happened").value == "reply"
    assert by_label(at.text_input, "Summary").value == "She answered"
    # Corrected, it is saved as typed.
    by_label(at.date_input, "When").set_value(date(2026, 11, 5))
    by_label(at.button, "Log it").click().run()
    database = store.connect(db_path)
    rows = [(r["kind"], r["occurred_on"], r["summary"]) for r in database["interactions"].rows]
    database.close()
    assert rows == [("reply", "2026-11-05", "She answered")]


def test_an_outreach_sent_on_a_later_day_is_refused_not_logged_today(open_page, db_path):
    contact = _contact(db_path, email="ada@example.org")
    at = open_page("pages/contacts.py", contact=contact)
    sent_on = at.date_input(key=f"contacts_outreach_sent_on_{contact}")
    sent_on.set_value(LATER)
    by_label(at.button, "I sent it: log the outreach").click().run()
    assert not at.exception
    assert _said(at, "Sat 5 Dec 2026") == (True, True)
    assert _count(db_path, "interactions") == 0
    assert at.date_input(key=f"contacts_outreach_sent_on_{contact}").value == LATER


def test_a_conversation_scheduled_for_a_day_gone_is_refused_not_moved_to_today(open_page, db_path):
    _contact(db_path)
    at = open_tab(open_page("pages/conversations.py"), "conversations_tab", "Schedule")
    at.selectbox(key="conversations_schedule_0_contact").set_value(1).run()
    day = at.date_input(key="conversations_schedule_0_day")
    assert day.min < date(1900, 1, 1)  # no bound at today to put in place of the day typed
    day.set_value(GONE)
    at.text_input(key="conversations_schedule_0_place").input("Café on Main St")
    [schedule_it] = [b for b in at.button if b.label == "Schedule it"]
    schedule_it.click().run()
    assert not at.exception
    assert _said(at, "That day has passed") == (True, True)
    assert _count(db_path, "scheduled_conversations") == 0
    assert at.date_input(key="conversations_schedule_0_day").value == GONE
    assert at.text_input(key="conversations_schedule_0_place").value == "Café on Main St"


def test_a_reschedule_to_a_day_gone_is_refused_under_the_date(open_page, db_path):
    contact = _contact(db_path)
    database = store.open_database(db_path)
    try:
        values = {"day": TODAY + timedelta(days=2), "time": time(14, 0), "mode": "video"}
        scheduled = schedule.schedule(database, contact, values)
        before = schedule.get_scheduled(database, scheduled)["starts_at"]
    finally:
        database.close()
    at = open_page("pages/home.py")
    at.session_state[f"home_coming_reschedule_{scheduled}"] = True  # the person opens it
    at.run()
    at.date_input(key=f"home_coming_new_day_{scheduled}").set_value(GONE)
    at.button(key=f"home_coming_move_{scheduled}").click().run()
    assert not at.exception
    assert _said(at, "That day has passed") == (True, True)
    database = store.connect(db_path)
    try:
        assert schedule.get_scheduled(database, scheduled)["starts_at"] == before
    finally:
        database.close()


def test_a_conversation_dated_after_today_is_refused_keeping_the_notes(open_page, db_path):
    _contact(db_path)
    at = open_page("pages/conversations.py", contact=1)
    held = by_label(at.date_input, "Date")
    assert held.max > date(2100, 1, 1)
    held.set_value(LATER)
    by_label(at.text_area, "Notes").input("We talked about grid storage")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    assert _said(at, "in the future") == (True, True)
    assert _count(db_path, "conversations") == 0
    assert by_label(at.date_input, "Date").value == LATER
    assert by_label(at.text_area, "Notes").value == "We talked about grid storage"


def test_done_on_a_later_day_on_the_board_is_refused_keeping_the_outcome(open_page, board_path):
    at = open_page("pages/board.py")
    book = _item(board_path, "Drawdown")
    at.button(key=f"board_{book['id']}_open").click().run()
    at.date_input(key=f"board_{book['id']}_done_on").set_value(LATER)
    at.text_input(key=f"board_{book['id']}_outcome").input("Read it")
    at.button(key=f"board_{book['id']}_done").click().run()
    assert not at.exception
    assert _said(at, "in the future") == (True, True)
    assert _item(board_path, "Drawdown")["status"] == "todo"
    assert at.date_input(key=f"board_{book['id']}_done_on").value == LATER
    assert at.text_input(key=f"board_{book['id']}_outcome").value == "Read it"


def test_a_thank_you_sent_before_the_conversation_is_refused_not_dated_after(open_page, due_path):
    at = open_page("pages/home.py")
    thanks = _task(due_path, "thank_you")  # the conversation was yesterday
    _open(at, thanks)
    before = TODAY - timedelta(days=2)
    at.date_input(key=f"due_sent_on_{thanks['id']}").set_value(before)
    at.text_input(key=f"due_subject_{thanks['id']}").input("Thank you, Ben")
    at.button(key=f"due_done_{thanks['id']}").click().run()
    assert not at.exception
    message = "Sent on is Mon 23 Nov 2026, before Tue 24 Nov 2026"
    assert _said(at, message) == (False, True)  # one box under the day and Done, side by side
    assert _task(due_path, "thank_you")["status"] == "open"
    assert at.date_input(key=f"due_sent_on_{thanks['id']}").value == before
    assert at.text_input(key=f"due_subject_{thanks['id']}").value == "Thank you, Ben"
    at.date_input(key=f"due_sent_on_{thanks['id']}").set_value(LATER)
    at.button(key=f"due_done_{thanks['id']}").click().run()
    assert _said(at, "after today") == (False, True)
    assert _task(due_path, "thank_you")["status"] == "open"


def test_a_snooze_too_far_or_not_ahead_is_refused(open_page, due_path):
    at = open_page("pages/home.py")
    thanks = _task(due_path, "thank_you")
    _open(at, thanks)
    for day, words in ((TODAY, "after today"), (date(2030, 1, 1), "up to")):
        at.date_input(key=f"due_until_{thanks['id']}").set_value(day)
        at.button(key=f"due_snooze_{thanks['id']}").click().run()
        assert not at.exception
        assert _said(at, words) == (True, True)
        assert _task(due_path, "thank_you")["snoozed_until"] is None
        assert at.date_input(key=f"due_until_{thanks['id']}").value == day


def test_conversations_validate_is_what_refuses_the_held_date():
    errors = conversations.validate({"held_on": LATER, "mode": "video"}, [], TODAY)
    assert "held_on" in errors
