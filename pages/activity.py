"""Outreach activity: every chart over a chosen range of weeks."""

from datetime import date, timedelta

import streamlit as st

from lib import charts, clock, metrics, recommendations
from lib.ui import forms, session, widgets
from lib.ui.cache import cached, figure

RANGES = {
    "4": "Last 4 weeks",
    "12": "Last 12 weeks",
    "26": "Last 26 weeks",
    "52": "Last 52 weeks",
    "all": "All time",
    "custom": "Pick dates",
}
# No plotly toolbar: on a small screen it covered the charts' titles. Streamlit's own element
# toolbar still offers full screen.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}


def show(chart, name: str, *args, **kwargs) -> None:
    """Draw one cached figure with the page's chart settings, and its one-sentence summary."""
    summary = charts.summary(chart, *args, **kwargs)
    st.plotly_chart(
        figure(chart, *args, **kwargs),
        config=CHART_CONFIG,
        theme=None,
        key=f"activity_chart_{name}",
        alt=summary,
    )
    st.caption(widgets.plain(summary))  # it names people, roles and industries as typed


db = session.database()
today = clock.today()

st.title("Outreach activity")
st.caption(
    "Weeks start on Monday. Response rate: contacts you reached out to who replied. "
    "Days to reply: business days from your first outreach to their first reply."
)


def first_day_on_record() -> date:
    return cached(metrics.first_day_on_record, db) or today


choice = st.segmented_control(
    "Range",
    list(RANGES),
    format_func=RANGES.get,
    default="12",
    key="activity_range",
)
choice = choice or "12"
if choice == "custom":
    picked = forms.date_box(
        "From and to", (today - timedelta(weeks=8), today), key="activity_dates"
    )
    if not isinstance(picked, tuple) or len(picked) != 2:
        st.info("Pick the last day of the range too.", icon=":material/date_range:")
        st.stop()
    start, end = picked
else:
    # Whole weeks, this one to its Sunday, as the weekly review counts it: a thank-you due
    # tomorrow and already sent is on time here too, not "none due".
    end = metrics.week_start(today) + timedelta(days=6)
    if choice == "all":
        start = min(first_day_on_record(), today)
    else:
        start = metrics.week_start(today) - timedelta(weeks=int(choice) - 1)
if end < start:
    st.warning("The range ends before it starts; swap the dates.", icon=":material/warning:")
    st.stop()
st.caption(f"From {start:%a %d %b %Y} to {end:%a %d %b %Y}.")

# Every frame is cached by (file, data revision, arguments): a rerun without a write in
# between (a colour switch, another tab) reuses them. One outreach frame feeds three charts.
replies = cached(metrics.outreach_replies, db, today, start, end)
activity = cached(metrics.activity_by_week, db, start, end)
# Thank-yous and one-month updates are judged on their own, the other follow-ups together.
# One query for the three on-time charts.
on_time = cached(metrics.on_time_by_group, db, today, start, end)
# The figures above the charts are the ones every surface shows (metrics.FIGURES), taken from
# the same frames as the charts instead of reading the file again (0.15 s on a heavy file).
summary = metrics.summarize_responses(replies)  # metrics.replies()
on_time_counts = metrics.on_time_totals(on_time)  # metrics.follow_ups_on_time()

cols = st.columns(5)
cols[0].metric("Outreach sent", cached(metrics.outreaches, db, start, end))
cols[1].metric("Conversations", cached(metrics.conversations_held, db, start, end))
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
thanks = on_time_counts["thank_you"]
cols[4].metric(
    "Thank-yous on time",
    metrics.on_time_value(thanks),
    help="Thank-yous due in this range, sent on or before their due day (the day after the "
    "conversation). One-month updates and the other follow-ups have their own charts under "
    "Follow-through.",
)


def outreach_tab() -> None:
    show(charts.activity_chart, "weeks", activity)
    left, right = st.columns(2)
    with left:
        show(charts.funnel_chart, "funnel", cached(metrics.funnel, db, start, end))
        st.caption("Contacts identified in this range, and how far each has got so far.")
    with right:
        show(charts.segments_chart, "segments", metrics.count_segments(replies))
        st.caption(
            "Boosters reply within 3 business days, obligates later; curmudgeons have not "
            "answered your 7-business-day follow-up within 3 business days."
        )


def replies_tab() -> None:
    by_week = metrics.responses_per_week(replies, start, end)
    left, right = st.columns(2)
    with left:
        show(charts.response_rate_chart, "rate", by_week)
    with right:
        show(charts.days_to_reply_chart, "days", by_week)


def follow_through_tab() -> None:
    left, right = st.columns(2)
    with left:
        show(charts.on_time_chart, "on_time_thank_you", on_time["thank_you"], "thank_you")
        st.caption(metrics.on_time_text(on_time_counts["thank_you"]).capitalize() + ".")
    with right:
        show(
            charts.on_time_chart,
            "on_time_update",
            on_time["one_month_update"],
            "one_month_update",
        )
        st.caption(metrics.on_time_text(on_time_counts["one_month_update"]).capitalize() + ".")
    left, right = st.columns(2)
    with left:
        show(charts.on_time_chart, "on_time_other", on_time["other"], "other")
    with right:
        show(charts.board_done_chart, "board", cached(metrics.board_done_by_week, db, start, end))


def explored_tab() -> None:
    left, right = st.columns(2)
    with left:
        show(charts.roles_chart, "roles", cached(metrics.roles_explored, db, start, end))
    with right:
        show(
            charts.industries_chart,
            "industries",
            cached(metrics.industries_explored, db, start, end),
        )


def network_tab() -> None:
    colour_by = st.radio(
        "Colour by",
        ["organization", "segment"],
        format_func={"organization": "Organization", "segment": "Response segment"}.get,
        horizontal=True,
        key="activity_network_colour",
    )
    nodes, edges, left_out = cached(metrics.network_to_show, db, today)
    show(charts.referral_network_chart, "network", nodes, edges, colour_by=colour_by)
    if left_out["people"]:
        shown = left_out["shown_trees"]
        cut = left_out["cut_depth"]
        st.caption(
            f"Showing {len(nodes):,} people: the {'largest referral tree' if shown == 1 else f'{shown:,} largest referral trees'}"
            + (
                f", up to {cut} referral step{'s' if cut != 1 else ''} deep"
                if cut is not None
                else ""
            )
            + f". Left out so you can read it: {left_out['people']:,} people"
            + (f" in {left_out['trees']:,} smaller trees" if left_out["trees"] else "")
            + ". Each contact's page shows their own chain both ways. Left: people you found "
            "yourself; each step right is one referral further."
        )
    else:
        st.caption(
            "Every contact who referred someone or was referred, across all time. Left: people you "
            "found yourself; each step right is one referral further."
        )


def recommended_tab() -> None:
    rows = cached(recommendations.most_recommended, db, start, end)
    st.caption(
        widgets.plain(recommendations.most_recommended_summary(rows))
        + " Books and articles, organizations, events and people that two or more contacts "
        "recommended in this range; acted on means doing, done, or met as a contact."
    )
    if not rows:
        return
    st.dataframe(
        [
            {
                "Recommended": row["title"],
                "Kind": row["kind_label"],
                "People": row["recommenders"],
                "Acted on": "Yes" if row["acted_on"] else "Not yet",
                "Status": row["status_label"],
                "Recommended by": recommendations.names_text(row["names"]),
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
        key="activity_most_recommended",
        column_config={
            "Recommended": st.column_config.TextColumn(width="large"),
            "People": st.column_config.NumberColumn(
                width="small", help="How many contacts recommended it"
            ),
            "Recommended by": st.column_config.TextColumn(width="large"),
        },
    )


# Twelve charts at once kept a browser busy for most of a second; a tab draws its own few, and
# only the open tab is built (switching reruns, and every frame is cached).
TABS = {
    "Outreach": outreach_tab,
    "Replies": replies_tab,
    "Follow-through": follow_through_tab,
    "Roles and industries": explored_tab,
    "Who led to whom": network_tab,
    "Most recommended": recommended_tab,
}
for pane, render in zip(
    st.tabs(list(TABS), key="activity_tab", on_change="rerun"), TABS.values(), strict=True
):
    if pane.open:
        with pane:
            render()
