"""Outreach activity: every chart over a chosen range of weeks."""

from datetime import date, timedelta

import streamlit as st

from lib import charts, metrics, widgets

RANGES = {
    "4": "Last 4 weeks",
    "12": "Last 12 weeks",
    "26": "Last 26 weeks",
    "52": "Last 52 weeks",
    "all": "All time",
    "custom": "Pick dates",
}
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}

db = widgets.database()
today = date.today()

st.title("Outreach activity")
st.caption(
    "Weeks start on Monday. Response rate: contacts you reached out to who replied. "
    "Days to reply: business days from your first outreach to their first reply."
)


def first_day_on_record() -> date:
    row = db.execute(
        """SELECT min(day) FROM (
            SELECT min(occurred_on) AS day FROM interactions
            UNION ALL SELECT min(held_on) FROM conversations
            UNION ALL SELECT min(substr(created_at, 1, 10)) FROM contacts)"""
    ).fetchone()
    try:
        return date.fromisoformat(row[0]) if row and row[0] else today
    except ValueError:
        return today


choice = st.segmented_control(
    "Range",
    list(RANGES),
    format_func=RANGES.get,
    default="12",
    key="activity_range",
)
choice = choice or "12"
if choice == "custom":
    picked = st.date_input(
        "From and to",
        value=(today - timedelta(weeks=8), today),
        max_value=today + timedelta(days=365),
        key="activity_dates",
        format="YYYY-MM-DD",
    )
    if not isinstance(picked, tuple) or len(picked) != 2:
        st.info("Pick the last day of the range too.", icon=":material/date_range:")
        st.stop()
    start, end = picked
elif choice == "all":
    start, end = min(first_day_on_record(), today), today
else:
    start = metrics.week_start(today) - timedelta(weeks=int(choice) - 1)
    end = today
if end < start:
    st.warning("The range ends before it starts; swap the dates.", icon=":material/warning:")
    st.stop()
st.caption(f"From {start:%a %d %b %Y} to {end:%a %d %b %Y}.")

summary = metrics.response_summary(db, today, start, end)
activity = metrics.activity_by_week(db, start, end)
on_time = metrics.followups_on_time_by_week(db, today, start, end)
judged = int(on_time[list(metrics.ON_TIME_STATES)].to_numpy().sum())

cols = st.columns(5)
cols[0].metric("Outreach sent", int(activity["outreach"].sum()))
cols[1].metric("Conversations", int(activity["conversations"].sum()))
cols[2].metric(
    "Response rate",
    charts.percent(summary["response_rate"]),
    help=f"{summary['replied']} of {summary['reached_out']} contacts first reached out to in this range replied.",
)
median = summary["median_days_to_reply"]
cols[3].metric(
    "Days to reply",
    "—" if median is None else f"{median:.1f}",
    help="Median business days from the first outreach to the first reply (or conversation).",
)
cols[4].metric(
    "On time",
    charts.percent(on_time["on_time"].sum() / judged if judged else None),
    help="Thank-yous, updates and other follow-ups due in this range, done on or before their due day.",
)

st.plotly_chart(
    charts.activity_chart(activity), config=CHART_CONFIG, theme=None, key="activity_chart_weeks"
)

left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.funnel_chart(metrics.funnel(db, start, end)),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_funnel",
    )
    st.caption("Contacts identified in this range, and how far each has got so far.")
with right:
    st.plotly_chart(
        charts.segments_chart(metrics.segment_counts(db, today, start, end)),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_segments",
    )
    st.caption(
        "Boosters reply within 3 business days, obligates later; curmudgeons have not "
        "replied 7 business days after the outreach and your follow-up."
    )

by_week = metrics.response_by_week(db, today, start, end)
left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.response_rate_chart(by_week),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_rate",
    )
with right:
    st.plotly_chart(
        charts.days_to_reply_chart(by_week),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_days",
    )

left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.on_time_chart(on_time), config=CHART_CONFIG, theme=None, key="activity_chart_on_time"
    )
with right:
    st.plotly_chart(
        charts.board_done_chart(metrics.board_done_by_week(db, start, end)),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_board",
    )

left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.roles_chart(metrics.roles_explored(db, start, end)),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_roles",
    )
with right:
    st.plotly_chart(
        charts.industries_chart(metrics.industries_explored(db, start, end)),
        config=CHART_CONFIG,
        theme=None,
        key="activity_chart_industries",
    )

st.subheader("Who led to whom")
colour_by = st.radio(
    "Colour by",
    ["organization", "segment"],
    format_func={"organization": "Organization", "segment": "Response segment"}.get,
    horizontal=True,
    key="activity_network_colour",
)
nodes, edges = metrics.referral_network(db, today)
st.plotly_chart(
    charts.referral_network_chart(nodes, edges, colour_by=colour_by),
    config=CHART_CONFIG,
    theme=None,
    key="activity_chart_network",
)
st.caption(
    "Every contact who referred someone or was referred, across all time. Left: people you "
    "found yourself; each step right is one referral further."
)
