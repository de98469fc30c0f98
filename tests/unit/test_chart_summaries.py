"""Each chart has a one-sentence text summary beside it: what it shows and its main figure."""

from datetime import date

import pandas as pd

from lib import charts, metrics
from tests.support import hand_counted as world
from tests.support.days import TODAY
from tests.support.hand_counted import WEEKS

END = date(2026, 11, 29)


def weeks(*mondays: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(day) for day in mondays]


def test_activity_names_the_totals_and_the_busiest_week():
    frame = pd.DataFrame(
        {
            "week": weeks("2026-11-09", "2026-11-16"),
            "outreach": [3, 5],
            "replies": [1, 2],
            "conversations": [0, 1],
            "thank_yous": [0, 1],
            "updates": [0, 0],
        }
    )
    text = charts.summary(charts.activity_chart, frame)
    assert text == (
        "Activity per week over 2 weeks: outreach 8, replies 3, conversations 1, thank-yous 1, "
        "updates 0; the busiest was the week of 16 Nov 2026 with 9."
    )


def test_response_rate_gives_the_overall_rate_with_its_counts():
    frame = pd.DataFrame(
        {
            "week": weeks("2026-11-09", "2026-11-16"),
            "reached_out": [4, 0],
            "replied": [3, 0],
            "response_rate": [0.75, None],
        }
    )
    assert charts.summary(charts.response_rate_chart, frame).endswith(
        "3 of 4 contacts replied (75%)."
    )


def test_on_time_names_its_kind_and_the_share_done_on_time():
    frame = pd.DataFrame({"week": weeks("2026-11-09"), "on_time": [3], "late": [1], "missed": [0]})
    assert charts.summary(charts.on_time_chart, frame, "thank_you") == (
        "Thank-yous done on time: 3 of 4 follow-ups due done on time (75%); 1 late, "
        "0 overdue and not done."
    )


def test_network_names_the_person_who_led_to_the_most():
    nodes = pd.DataFrame(
        {"id": [1, 2, 3, 4], "name": ["Ada", "Ben", "Cy", "Di"], "depth": [0, 1, 1, 2]}
    )
    edges = pd.DataFrame({"source": [1, 1, 2], "target": [2, 3, 4]})
    assert charts.summary(charts.referral_network_chart, nodes, edges, colour_by="segment") == (
        "Referral network of 4 people and 3 referrals, up to 2 steps deep; Ada led to the most (2)."
    )


def test_every_chart_has_a_summary_on_real_data_and_when_empty(db):
    world.build(db)
    by_week = metrics.response_by_week(db, TODAY, WEEKS[0], END)
    nodes, edges = metrics.referral_network(db, TODAY)
    inputs = {
        charts.activity_chart: (metrics.activity_by_week(db, WEEKS[0], END),),
        charts.funnel_chart: (metrics.funnel(db),),
        charts.response_rate_chart: (by_week,),
        charts.days_to_reply_chart: (by_week,),
        charts.segments_chart: (metrics.segment_counts(db, TODAY),),
        charts.on_time_chart: (metrics.followups_on_time_by_week(db, TODAY, WEEKS[0], END),),
        charts.roles_chart: (metrics.roles_explored(db),),
        charts.industries_chart: (metrics.industries_explored(db),),
        charts.board_done_chart: (metrics.board_done_by_week(db, WEEKS[0], END),),
        charts.referral_network_chart: (nodes, edges),
    }
    assert set(inputs) == set(charts.SUMMARIES)
    for chart, args in inputs.items():
        text = charts.summary(chart, *args)
        # One sentence, with a figure in it.
        assert text.endswith(".") and text.count(". ") == 0, text
        assert any(ch.isdigit() for ch in text), text
        empty = tuple(frame.iloc[0:0] for frame in args)
        assert charts.summary(chart, *empty).endswith("."), chart.__name__


def test_a_long_chart_title_wraps_so_a_narrow_chart_shows_all_of_it():
    assert charts.wrap_title("Roles explored") == "Roles explored"
    assert charts.wrap_title("Response rate by week of first outreach") == (
        "Response rate by week<br>of first outreach"
    )
    fig = charts.response_rate_chart(
        pd.DataFrame(
            {
                "week": weeks("2026-11-09"),
                "reached_out": [2],
                "replied": [1],
                "response_rate": [0.5],
            }
        )
    )
    assert "<br>" in fig.layout.title.text and fig.layout.margin.t > 56
