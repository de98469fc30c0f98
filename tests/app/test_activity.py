"""The Outreach activity page: every chart renders, ranges work, and an empty file says what to do."""

from lib import charts
from tests.support.apptest import open_tab

TABS = ["Outreach", "Replies", "Follow-through", "Roles and industries", "Who led to whom"]


def chart_specs(at) -> list[dict]:
    """Every chart on the page, tab by tab (only the open tab's charts are built)."""
    import json

    specs = []
    for tab in TABS:
        specs += [
            json.loads(e.proto.spec) for e in open_tab(at, "activity_tab", tab).get("plotly_chart")
        ]
    return specs


def chart_titles(at) -> list[str]:
    titles = []
    for spec in chart_specs(at):
        # A long title wraps onto two lines ("<br>") so a half-width chart shows all of it.
        titles.append(spec["layout"]["title"]["text"].replace("<br>", " "))
    return titles


def test_all_charts_render_on_the_sample(open_page, sample_path):
    at = open_page("pages/activity.py")
    at.segmented_control(key="activity_range").set_value("all").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3  # the open tab's charts only
    titles = chart_titles(at)
    assert "Activity per week" in titles
    assert "From identified to referred onward" in titles
    assert "Referral network: who led to whom" in titles
    # Thank-yous and one-month updates are judged on their own, never mixed into one figure.
    assert "Follow-ups done on time" not in titles
    assert {
        "Thank-yous done on time",
        "One-month updates done on time",
        "Other follow-ups (3B7, keep in touch) done on time",
    } <= set(titles)
    assert len(titles) == 12
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Outreach sent", "Conversations", "Response rate"]
    assert at.metric[0].value != "0"
    thanks = next(m for m in at.metric if m.label == "Thank-yous on time")
    assert " of " in thanks.value


def test_empty_database_shows_empty_states_not_errors(open_page, db_path):
    at = open_page("pages/activity.py")
    annotations = [
        a["text"] for spec in chart_specs(at) for a in spec["layout"].get("annotations", [])
    ]
    assert charts.EMPTY["activity"] in annotations
    assert charts.EMPTY["network"] in annotations


def test_custom_range_needs_both_ends(open_page, sample_path):
    from datetime import date

    at = open_page("pages/activity.py")
    at.segmented_control(key="activity_range").set_value("custom").run()
    at.date_input(key="activity_dates").set_value((date(2026, 10, 1),)).run()
    assert not at.exception
    assert any("last day of the range" in i.value for i in at.info)
    at.date_input(key="activity_dates").set_value((date(2026, 10, 1), date(2026, 10, 31))).run()
    assert not at.exception
    assert any("From Thu 01 Oct 2026 to Sat 31 Oct 2026" in c.value for c in at.caption)


def test_network_can_be_coloured_by_segment(open_page, sample_path):
    import json

    at = open_tab(open_page("pages/activity.py"), "activity_tab", "Who led to whom")
    at.radio(key="activity_network_colour").set_value("segment").run()
    assert not at.exception
    network = [
        json.loads(e.proto.spec)
        for e in at.get("plotly_chart")
        if "Referral" in json.loads(e.proto.spec)["layout"]["title"]["text"]
    ][0]
    names = {trace.get("name") for trace in network["data"]}
    assert charts.SEGMENT_LABELS["booster"] in names
