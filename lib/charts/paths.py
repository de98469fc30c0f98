"""The chart on a path's page: interest over time, one point per conversation, by contact."""

from __future__ import annotations

import plotly.graph_objects as go

from lib import charts, vocab

LEVELS = {"no": 0, "maybe": 1, "yes": 2}
NOT_SAID = -1
TITLE = "Still interested after each conversation"


def interest_chart(points: list[dict], title: str = TITLE) -> go.Figure:
    """Interest (no / maybe / yes) by conversation date, one marker per conversation, one
    colour per contact; a grey line joins them in date order."""
    if not points:
        return charts.empty_figure(
            title,
            "No conversation linked yet — link one when you capture it on the Conversations page.",
        )
    levels = [LEVELS.get(p.get("still_interested") or "", NOT_SAID) for p in points]
    days = [p["held_on"] for p in points]
    trend = charts.trace(
        "scatter",
        x=days,
        y=levels,
        mode="lines",
        line={"color": charts.GREY, "width": 1.5, "dash": "dot"},
        hoverinfo="skip",
        showlegend=False,
        name="trend",
        meta={"role": "line"},
    )
    contacts: dict[str, list[int]] = {}
    for index, point in enumerate(points):
        contacts.setdefault(point["contact"], []).append(index)
    talks = [
        charts.trace(
            "scatter",
            x=[days[i] for i in indexes],
            y=[levels[i] for i in indexes],
            mode="markers",
            name=contact,
            marker={
                "size": 13,
                "color": charts.PALETTE[number % len(charts.PALETTE)],
                "line": {"width": 1, "color": "white"},
            },
            customdata=[
                vocab.label(vocab.INTEREST, points[i].get("still_interested")) or "not said"
                for i in indexes
            ],
            # The name comes from the trace, which charts escapes for Plotly's tags.
            hovertemplate="%{fullData.name}<br>%{x|%d %b %Y}: %{customdata}<extra></extra>",
            meta={"role": "conversation"},
        )
        for number, (contact, indexes) in enumerate(contacts.items())
    ]
    ticks = dict(LEVELS)
    if NOT_SAID in levels:
        ticks = {"not said": NOT_SAID, **ticks}
    return charts.figure(
        [trend, *talks],
        title,
        yaxis={
            "title": {"text": "Still interested?"},
            "tickvals": list(ticks.values()),
            "ticktext": [vocab.INTEREST.get(k, "Not said") for k in ticks],
            "range": [min(ticks.values()) - 0.4, 2.4],
            "zeroline": False,
        },
        xaxis={"title": {"text": "Conversation date"}, "type": "date", "tickformat": "%d %b"},
    )


def conversation_points(fig: go.Figure) -> int:
    """How many conversation markers a figure from interest_chart() holds."""
    return sum(
        len(trace.x or ()) for trace in fig.data if (trace.meta or {}).get("role") == "conversation"
    )
