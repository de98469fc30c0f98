"""One sentence beside each chart, for a screen reader and for anyone who cannot read the
picture: what the chart shows and its main figure. Each takes what its chart takes."""

from __future__ import annotations

import pandas as pd

from lib import metrics
from lib.charts.builders import (
    ON_TIME_TITLES,
    activity_chart,
    board_done_chart,
    days_to_reply_chart,
    funnel_chart,
    industries_chart,
    on_time_chart,
    referral_network_chart,
    response_rate_chart,
    roles_chart,
    segments_chart,
)
from lib.charts.figures import percent

# ---------------------------------------------------------------- text summaries
# One sentence beside each chart, for a screen reader and for anyone who cannot read the
# picture: what the chart shows and its main figure. Each takes what its chart takes.


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _week_span(frame: pd.DataFrame) -> str:
    return _plural(len(frame), "week")


def _best_week(frame: pd.DataFrame, column: str) -> str:
    row = frame.loc[frame[column].astype(float).idxmax()]
    return f"{pd.Timestamp(row['week']):%d %b %Y}"


def activity_summary(frame: pd.DataFrame) -> str:
    """One sentence on activity_chart: the totals per kind and the busiest week."""
    kinds = list(metrics.ACTIVITY_KINDS)
    if frame.empty or frame[kinds].to_numpy().sum() == 0:
        return "Activity per week: nothing logged in this range yet."
    totals = ", ".join(
        f"{label.lower()} {int(frame[kind].sum()):,}"
        for kind, label in metrics.ACTIVITY_KINDS.items()
    )
    busiest = frame.assign(total=frame[kinds].sum(axis=1))
    return (
        f"Activity per week over {_week_span(frame)}: {totals}; "
        f"the busiest was the week of {_best_week(busiest, 'total')} "
        f"with {int(busiest['total'].max()):,}."
    )


def funnel_summary(frame: pd.DataFrame) -> str:
    """One sentence on funnel_chart: how many were identified and how many got to each stage."""
    if frame.empty or frame["contacts"].iloc[0] == 0:
        return "From identified to referred onward: no contacts identified in this range yet."
    first, *rest = list(frame.itertuples(index=False))
    steps = ", ".join(f"{row.label.lower()} {int(row.contacts):,}" for row in rest)
    return (
        f"From identified to referred onward: {_plural(int(first.contacts), 'contact')} "
        f"identified; {steps}."
    )


def response_rate_summary(frame: pd.DataFrame) -> str:
    """One sentence on response_rate_chart: the overall rate and the counts behind it."""
    reached = int(frame["reached_out"].sum()) if not frame.empty else 0
    if reached == 0:
        return "Response rate by week of first outreach: no outreach in this range yet."
    replied = int(frame["replied"].sum())
    return (
        f"Response rate by week of first outreach over {_week_span(frame)}: {replied:,} of "
        f"{_plural(reached, 'contact')} replied ({percent(replied / reached)})."
    )


def days_to_reply_summary(frame: pd.DataFrame) -> str:
    """One sentence on days_to_reply_chart: the range of weekly medians against the 3-day line."""
    data = frame.dropna(subset=["median_days"]) if not frame.empty else frame
    if data.empty:
        return "Days to reply: no replies in this range yet."
    days = data["median_days"].astype(float)
    within = int((days <= 3).sum())
    return (
        f"Median business days to reply, per week of first outreach: from {days.min():.1f} to "
        f"{days.max():.1f}; {within} of {_plural(len(days), 'week')} within the 3-day "
        "booster line."
    )


def segments_summary(frame: pd.DataFrame) -> str:
    """One sentence on segments_chart: contacts per response segment."""
    if frame.empty or frame["contacts"].sum() == 0:
        return "Response segments: nobody reached out to yet."
    parts = ", ".join(f"{row.label} {int(row.contacts):,}" for row in frame.itertuples(index=False))
    return f"Response segments of {_plural(int(frame['contacts'].sum()), 'contact')}: {parts}."


def on_time_summary(frame: pd.DataFrame, kind_group: str | None = None) -> str:
    """One sentence on on_time_chart: follow-ups due, and how many were done on time."""
    title = ON_TIME_TITLES[kind_group]
    states = list(metrics.ON_TIME_STATES)
    if frame.empty or frame[states].to_numpy().sum() == 0:
        return f"{title}: none were due in this range."
    due = int(frame[states].to_numpy().sum())
    on_time, late, missed = (int(frame[state].sum()) for state in states)
    return (
        f"{title}: {on_time:,} of {_plural(due, 'follow-up')} due done on time "
        f"({percent(on_time / due)}); {late:,} late, {missed:,} overdue and not done."
    )


def roles_summary(frame: pd.DataFrame) -> str:
    """One sentence on roles_chart: how many roles, and the most mentioned."""
    if frame.empty:
        return "Roles explored: none recorded yet."
    totals = frame.groupby("role")["mentions"].sum().sort_values(ascending=False, kind="stable")
    return (
        f"Roles explored: {_plural(len(totals), 'role')}; the most mentioned is "
        f"{totals.index[0]} ({_plural(int(totals.iloc[0]), 'mention')})."
    )


def industries_summary(frame: pd.DataFrame) -> str:
    """One sentence on industries_chart: how many industries, and the one with most contacts."""
    if frame.empty:
        return "Industries explored: no contacts in this range yet."
    top = frame.sort_values("contacts", ascending=False, kind="stable").iloc[0]
    return (
        f"Industries explored: {_plural(len(frame), 'industry', 'industries')}; the most "
        f"contacts are in {top['industry']} ({int(top['contacts']):,} contacts, "
        f"{_plural(int(top['conversations']), 'conversation')})."
    )


def board_done_summary(frame: pd.DataFrame) -> str:
    """One sentence on board_done_chart: items done, and the kind done most."""
    if frame.empty:
        return "Research board items done: none in this range."
    by_kind = frame.groupby("label")["items"].sum().sort_values(ascending=False, kind="stable")
    return (
        f"Research board items done: {int(by_kind.sum()):,}, most of them "
        f"{by_kind.index[0].lower()} ({int(by_kind.iloc[0]):,})."
    )


def referral_network_summary(nodes: pd.DataFrame, edges: pd.DataFrame, **_options) -> str:
    """One sentence on referral_network_chart: people, referrals, depth and the top referrer."""
    if nodes.empty or edges.empty:
        return "Referral network: no referrals yet."
    led_to = edges.groupby("source").size().sort_values(ascending=False, kind="stable")
    names = dict(zip(nodes["id"].astype(int), nodes["name"], strict=True))
    top_id = int(led_to.index[0])
    depth = int(nodes["depth"].max())
    return (
        f"Referral network of {_plural(len(nodes), 'person', 'people')} and "
        f"{_plural(len(edges), 'referral')}, up to {_plural(depth, 'step')} deep; "
        f"{names.get(top_id, 'one contact')} led to the most ({int(led_to.iloc[0]):,})."
    )


SUMMARIES = {
    activity_chart: activity_summary,
    funnel_chart: funnel_summary,
    response_rate_chart: response_rate_summary,
    days_to_reply_chart: days_to_reply_summary,
    segments_chart: segments_summary,
    on_time_chart: on_time_summary,
    roles_chart: roles_summary,
    industries_chart: industries_summary,
    board_done_chart: board_done_summary,
    referral_network_chart: referral_network_summary,
}


def summary(chart, *args, **kwargs) -> str:
    """The one-sentence text summary of chart(*args, **kwargs), from the same data."""
    return SUMMARIES[chart](*args, **kwargs)
