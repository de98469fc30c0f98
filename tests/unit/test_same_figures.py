"""The same figure on every surface: each one shown in more than one place (the weekly review,
Outreach activity, the coach report) is computed the way each surface computes it, for the
same range, on the hand-counted world and on the sample, and they must agree.

The figures come from lib.metrics (metrics.FIGURES); a surface that counted one of them its
own way (the report's "Replies" once counted reply interactions while its response rate
counted contacts) shows up here as a mismatch.
"""

import re
from datetime import date, timedelta

import pytest

from lib import charts, metrics, reviews
from lib.formats import report
from tests.support import hand_counted as world
from tests.support.days import TODAY

# Hand counted for the four weeks of the world (tests/support/hand_counted.py), as of its today.
HAND_COUNTED = {
    "outreaches": 5,  # Ana, Ben, Cal (and his follow-up), Dee
    "replied": 2,  # Ana and Ben, of the 4 first reached out to (Fay was met, not written to)
    "reached_out": 4,
    "conversations_held": 3,  # Ana, Fay, Ben
    "thank_yous_sent": 2,
    "updates_sent": 1,
    "board_items_done": 2,
    "thank_yous_on_time": "1 of 3",
    "updates_on_time": "1 of 1",
    "scheduled": 0,
}


def report_numbers(db, start: date, end: date, today: date) -> dict[str, str]:
    """The report's numbers as its Markdown shows them: label -> value."""
    built = report.build_report(db, start, end, today).markdown
    section = built.split("## The numbers", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"^- (.+?): (.+)$", section, flags=re.M)
    return {unescape(label): unescape(value) for label, value in found}


def unescape(text: str) -> str:
    """Markdown's backslash escapes taken out again ("Thank\\-yous" -> "Thank-yous")."""
    return re.sub(r"\\(.)", r"\1", text)


def review_numbers(db, week: date, today: date) -> dict:
    """The weekly review's numbers for the week holding week, as the page gets them."""
    summary = reviews.week_summary(db, week)
    done = {row["measure"]: row["done"] for row in summary["rows"]}
    checks = reviews.follow_through(db, week, summary["week_end"], today)
    planned = metrics.scheduled_conversations(db, week, summary["week_end"])
    # The streak counts each week from weekly_totals: the same figures, week by week.
    totals = metrics.weekly_totals(db, week, week).iloc[0].to_dict()
    return {"done": done, "checks": checks, "planned": planned, "totals": totals}


def activity_numbers(db, start: date, end: date, today: date) -> dict:
    """Outreach activity's figures: the metrics above the charts and the charts' own totals."""
    frame = metrics.activity_by_week(db, start, end)
    by_week = metrics.responses_per_week(
        metrics.outreach_replies(db, today, start, end), start, end
    )
    on_time = metrics.on_time_totals(metrics.on_time_by_group(db, today, start, end))
    return {
        "outreaches": metrics.outreaches(db, start, end),
        "chart_outreach": int(frame["outreach"].sum()),
        "conversations": metrics.conversations_held(db, start, end),
        "chart_conversations": int(frame["conversations"].sum()),
        "chart_thank_yous": int(frame["thank_yous"].sum()),
        "chart_updates": int(frame["updates"].sum()),
        "response": metrics.replies(db, start, end, today),
        "chart_reached_out": int(by_week["reached_out"].sum()),
        "chart_replied": int(by_week["replied"].sum()),
        "on_time": metrics.follow_ups_on_time(db, start, end, today),
        "chart_on_time": on_time,
        "chart_board_done": int(metrics.board_done_by_week(db, start, end)["items"].sum()),
    }


def assert_same_figures(db, start: date, end: date, today: date, week: bool) -> dict:
    """Every surface's figures for [start, end]; returns the report's, for hand-counted checks."""
    shown = report_numbers(db, start, end, today)
    page = activity_numbers(db, start, end, today)
    response = page["response"]
    on_time = page["on_time"]

    outreaches = metrics.outreaches(db, start, end)
    assert int(shown["Outreach sent"]) == page["chart_outreach"] == outreaches
    assert page["outreaches"] == outreaches
    conversations = metrics.conversations_held(db, start, end)
    assert int(shown["Conversations"]) == page["chart_conversations"] == conversations
    assert page["conversations"] == conversations
    assert int(shown["Thank-yous sent"]) == page["chart_thank_yous"]
    assert int(shown["Thank-yous sent"]) == metrics.thank_yous_sent(db, start, end)
    assert int(shown["Updates sent"]) == page["chart_updates"]
    assert int(shown["Updates sent"]) == metrics.updates_sent(db, start, end)
    assert int(shown["Board items done"]) == page["chart_board_done"]
    assert int(shown["Board items done"]) == metrics.board_items_done(db, start, end)

    # Replies and the response rate: one count of contacts, on the report and the page.
    assert int(shown["Replies"]) == response["replied"] == page["chart_replied"]
    assert page["chart_reached_out"] == response["reached_out"]
    assert shown["Response rate"] == (
        f"{charts.percent(response['response_rate'])} "
        f"({response['replied']} of {response['reached_out']})"
    )

    # On time: the metric, the charts' totals and the report say the same.
    for group in ("thank_you", "one_month_update", "other"):
        assert page["chart_on_time"][group] == on_time[group], group
    assert shown["Thank-yous on time"] == metrics.on_time_value(on_time["thank_you"])
    assert shown["One-month updates on time"] == metrics.on_time_value(on_time["one_month_update"])
    scheduled = metrics.scheduled_conversations(db, start, end)
    assert int(shown["Conversations scheduled"]) == scheduled["scheduled"]
    assert int(shown["Scheduled conversations held"]) == scheduled["held"]

    if week:
        review = review_numbers(db, start, today)
        assert review["done"] == {
            "outreaches": outreaches,
            "conversations": conversations,
            "thank_yous": int(shown["Thank-yous sent"]),
            "items_done": int(shown["Board items done"]),
        }
        assert {k: int(review["totals"][k]) for k in review["done"]} == review["done"]
        for group in ("thank_you", "one_month_update", "other"):
            assert {k: review["checks"][group][k] for k in on_time[group]} == on_time[group]
        assert review["planned"] == scheduled
        assert len(review["checks"]["overruns"]) == int(shown["Conversations over 20 minutes"])
    return shown


@pytest.fixture
def world_db(db):
    world.build(db)
    return db


@pytest.mark.parametrize("week", world.WEEKS)
def test_each_week_of_the_hand_counted_world_shows_one_figure_everywhere(world_db, week):
    assert_same_figures(world_db, week, week + timedelta(days=6), TODAY, week=True)


def test_the_hand_counted_month_shows_the_counted_figures_everywhere(world_db):
    start, end = world.WEEKS[0], world.WEEKS[-1] + timedelta(days=6)
    shown = assert_same_figures(world_db, start, end, TODAY, week=False)
    expected = HAND_COUNTED
    assert int(shown["Outreach sent"]) == expected["outreaches"]
    assert int(shown["Replies"]) == expected["replied"]
    assert shown["Response rate"] == "50% (2 of 4)"
    assert int(shown["Conversations"]) == expected["conversations_held"]
    assert int(shown["Thank-yous sent"]) == expected["thank_yous_sent"]
    assert int(shown["Updates sent"]) == expected["updates_sent"]
    assert int(shown["Board items done"]) == expected["board_items_done"]
    assert shown["Thank-yous on time"] == expected["thank_yous_on_time"]
    assert shown["One-month updates on time"] == expected["updates_on_time"]
    assert int(shown["Conversations scheduled"]) == expected["scheduled"]


def sample_weeks() -> list[date]:
    monday = metrics.week_start(TODAY)
    return [monday - timedelta(weeks=n) for n in (0, 1, 2, 5, 9)]


@pytest.mark.parametrize("weeks_ago", [0, 1, 2, 5, 9])
def test_each_week_of_the_sample_shows_one_figure_everywhere(sample_db, weeks_ago):
    week = metrics.week_start(TODAY) - timedelta(weeks=weeks_ago)
    assert_same_figures(sample_db, week, week + timedelta(days=6), TODAY, week=True)


def test_the_whole_sample_shows_one_figure_everywhere(sample_db):
    start = metrics.first_day_on_record(sample_db)
    end = metrics.week_start(TODAY) + timedelta(days=6)
    shown = assert_same_figures(sample_db, start, end, TODAY, week=False)
    assert int(shown["Replies"]) > 0 and int(shown["Conversations scheduled"]) == 2


def test_a_capture_of_the_scheduled_conversation_counts_as_held_everywhere(sample_db):
    from lib import conversations, schedule

    waiting = schedule.not_captured(sample_db, TODAY)
    assert len(waiting) == 1  # Grace Liu's call yesterday
    item = schedule.get_scheduled(sample_db, waiting[0]["id"])
    week = metrics.week_start(TODAY)
    before = metrics.scheduled_conversations(sample_db, week, week + timedelta(days=6))
    conversations.save_conversation(
        sample_db,
        item["contact_id"],
        {**schedule.capture_defaults(item, TODAY), "notes": "Went well."},
        today=TODAY,
        scheduled_id=item["id"],
    )
    after = assert_same_figures(sample_db, week, week + timedelta(days=6), TODAY, True)
    assert int(after["Scheduled conversations held"]) == before["held"] + 1
