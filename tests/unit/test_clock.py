"""Every test runs on one fixed day, whatever the machine's clock says."""

from datetime import date, datetime, timedelta

import pytest

from lib import clock
from tests.support.days import TODAY


def test_today_is_the_fixed_day():
    assert clock.today() == TODAY
    assert clock.now_local().date() == TODAY


def test_the_moved_clock_really_moves_the_machine_clock(moved_clock):
    """Under CI's moved-clock run the real clock is weeks ahead and today() still is TODAY."""
    if moved_clock is None:
        pytest.skip("runs under CI's moved-clock run (FIELDWORK_TEST_CLOCK_AHEAD_DAYS)")
    assert datetime.now().astimezone() - moved_clock > timedelta(days=30)
    assert date.today() > moved_clock.date()
    assert clock.today() == TODAY
