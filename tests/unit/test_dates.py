"""lib.dates: the one reading format, the picker's, and the checks on a typed date."""

from datetime import date, datetime, timedelta

import pytest

from lib import contacts, dates
from tests.support.days import TODAY


def test_show_is_the_one_reading_format():
    assert dates.show(date(2026, 12, 2)) == "Wed 2 Dec 2026"
    assert dates.show("2026-12-02") == "Wed 2 Dec 2026"
    assert dates.show("2026-12-02T09:30:00Z") == "Wed 2 Dec 2026"
    assert dates.show(None) == ""
    assert dates.show("") == ""
    assert dates.show("soon") == "soon"  # unreadable text is shown as it is, never dropped
    assert dates.show_range(date(2026, 11, 23), date(2026, 11, 29)) == (
        "Mon 23 Nov 2026 to Sun 29 Nov 2026"
    )


def test_the_picker_range_is_wider_than_any_date_accepted():
    # The widget replaces a typed date outside its range with the bound: its range must hold
    # every date a check accepts, so a refusal always comes from a check, with a message.
    assert dates.PICKER_EARLIEST < dates.EARLIEST
    assert dates.PICKER_LATEST > dates.LATEST
    assert dates.PICKER_FORMAT == "YYYY-MM-DD"


@pytest.mark.parametrize("day", [None, "", "2026-12-05", 5, date(1850, 1, 1), date(9999, 1, 1)])
def test_check_day_refuses_what_is_not_an_event_date(day):
    assert "The date" in dates.check_day(day, "The date")


def test_check_past_or_today():
    assert dates.check_past_or_today(TODAY, TODAY, "When") is None
    assert dates.check_past_or_today(date(1900, 1, 1), TODAY, "When") is None
    assert dates.check_past_or_today(datetime(2026, 11, 24, 9), TODAY, "When") is None
    message = dates.check_past_or_today(date(2026, 12, 5), TODAY, "When")
    assert message == (
        "When is Sat 5 Dec 2026, after today (Wed 25 Nov 2026): it has not happened yet."
    )


def test_check_not_before():
    held = date(2026, 12, 2)
    assert dates.check_not_before(held, held, "Sent on") is None
    assert dates.check_not_before(date(2020, 1, 1), None, "Sent on") is None
    message = dates.check_not_before(date(2026, 12, 1), held, "Sent on", "the conversation")
    assert message == "Sent on is Tue 1 Dec 2026, before Wed 2 Dec 2026, the conversation."


def test_check_future_and_today_or_later():
    latest = TODAY + timedelta(days=730)
    assert dates.check_future(TODAY + timedelta(days=1), TODAY, "Remind me on", latest) is None
    assert "after today" in dates.check_future(TODAY, TODAY, "Remind me on", latest)
    assert "up to" in dates.check_future(latest + timedelta(days=1), TODAY, "Remind me on", latest)
    assert dates.check_today_or_later(TODAY, TODAY, "Date") is None
    assert "has passed" in dates.check_today_or_later(date(2026, 11, 20), TODAY, "Date")


def test_an_interaction_in_the_future_is_refused_not_moved(db):
    someone = contacts.save_contact(db, {"name": "Ana Silva"})
    with pytest.raises(contacts.ContactError) as refused:
        contacts.log_interaction(db, someone, "outreach", date(2026, 12, 5))
    assert "Sat 5 Dec 2026" in refused.value.errors["occurred_on"]
    assert db["interactions"].count == 0
    contacts.log_interaction(db, someone, "outreach", date(2026, 11, 5))
    assert db.execute("SELECT occurred_on FROM interactions").fetchone()[0] == "2026-11-05"
