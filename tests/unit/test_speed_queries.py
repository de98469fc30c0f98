"""Speed (issue 10): the shared and regrouped queries give the same figures as the plain ones."""

from datetime import date, timedelta

import pytest

from lib import metrics
from tests.support.days import TODAY

RANGES = [
    (TODAY - timedelta(weeks=11), TODAY),
    (date(2025, 1, 3), TODAY),  # a Friday: the first week is cut
    (TODAY - timedelta(days=2), TODAY + timedelta(days=20)),
]


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_one_on_time_query_matches_one_query_per_group(sample_db, start, end):
    by_group = metrics.on_time_by_group(sample_db, TODAY, start, end)
    assert list(by_group) == list(metrics.ON_TIME_KINDS)
    for group, frame in by_group.items():
        alone = metrics.followups_on_time_by_week(sample_db, TODAY, start, end, group)
        assert frame.equals(alone), group
    totals = metrics.on_time_totals(by_group)
    assert totals == metrics.on_time_by_kind(sample_db, start, end, TODAY)


def test_weekly_counts_fold_days_into_their_monday(db):
    # Sunday 15 Nov and Monday 16 Nov fall in two weeks; a timestamp counts on its day.
    contact = db["contacts"].insert({"name": "Ada"}).last_pk
    for day in ("2026-11-15", "2026-11-16", "2026-11-16T09:30:00", "2026-11-22"):
        db["interactions"].insert({"contact_id": contact, "kind": "outreach", "occurred_on": day})
    frame = metrics.activity_by_week(db, date(2026, 11, 9), date(2026, 11, 29))
    assert frame["outreach"].tolist() == [1, 3, 0]
    totals = metrics.weekly_totals(db, date(2026, 11, 9), date(2026, 11, 23))
    assert totals["outreaches"].tolist() == [1, 3, 0]
