"""The charts: each takes what lib.metrics returns and gives a titled, labelled figure, or an
empty-state figure that says how to get data in, so pages and the report never show a blank box."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from lib import metrics
from lib.charts.figures import (
    GREY,
    HEIGHT,
    PALETTE,
    Chart,
    _escaped,
    empty_spec,
    figure_spec,
    percent,
    trace,
)

ACTIVITY_COLOURS = dict(zip(metrics.ACTIVITY_KINDS, PALETTE, strict=False))
ON_TIME_COLOURS = {"on_time": "#2f6f62", "late": "#d08c60", "missed": "#b5655b"}
SEGMENT_COLOURS = {
    "booster": "#2f6f62",
    "obligate": "#d08c60",
    "curmudgeon": "#a15d8a",
    "waiting": "#5b7db1",
    "not_reached": GREY,
}
SEGMENT_LABELS = {**metrics.SEGMENTS, "not_reached": "Not reached out to"}
ROLE_COLOURS = {"contact": "#5b7db1", "alternative": "#2f6f62", "board": "#d08c60"}
WEEK_AXIS = "Week starting Monday"
MAX_LABELLED_NODES = 80
TOP_ROLES = 15
TOP_ORGANIZATIONS = 8

EMPTY = {
    "activity": "No outreach logged yet — log one from a contact's page.",
    "funnel": "No contacts identified in this range yet — add one on the Contacts page.",
    "response": "No outreach in this range yet — log one from a contact's page.",
    "days": "No replies in this range yet — log a reply from the contact's page when one comes.",
    "segments": "No outreach logged yet — segments appear once you reach out.",
    "on_time": "No follow-ups were due in this range — thank-yous and updates appear after a conversation.",
    "roles": "No roles recorded yet — add a contact's role, or an alternative role to a conversation.",
    "industries": "No contacts in this range yet — add one on the Contacts page.",
    "board": "No board items done in this range — mark one done on the research board.",
    "network": "No referrals yet — set “Referred by” on a contact to see who led to whom.",
}


def _weeks(frame: pd.DataFrame) -> list[str]:
    return [pd.Timestamp(w).strftime("%Y-%m-%d") for w in frame["week"]]


# Up to this many, a count axis ticks every whole number from 0. Left to itself Plotly steps
# by 0.5 on small counts, and ",d" then shows "0 1 1 2 2 3 3 4".
SMALL_COUNT = 10


def _count_axis(title: str, top: float | None = None, **options: object) -> dict:
    """A count axis titled title: whole-number ticks from 0 (one per number while the largest
    value shown, top, is at most SMALL_COUNT). An option given as None leaves it out."""
    axis = {"title": {"text": title}, "rangemode": "tozero", "tickformat": ",d"}
    if top is not None and top <= SMALL_COUNT:
        axis.update(tick0=0, dtick=1)
    axis.update(options)
    return {name: value for name, value in axis.items() if value is not None}


def _top(traces: list[dict], along: str = "y", stacked: bool = False) -> float:
    """The largest value traces reach along an axis ("y" for columns, "x" for bars lying
    down): the largest sum over one category when stacked, else the largest value."""
    across = "x" if along == "y" else "y"
    totals: dict[object, float] = {}
    for part in traces:
        for key, value in zip(part.get(across, ()), part.get(along, ()), strict=False):
            if value is None or pd.isna(value):
                continue
            number = float(value)
            totals[key] = (
                totals.get(key, 0.0) + number if stacked else max(totals.get(key, 0.0), number)
            )
    return max(totals.values(), default=0.0)


def _week_axes(
    traces: list[dict], y_title: str, counts: bool = True, stacked: bool = True, **y_options: object
) -> dict:
    """The x axis of weeks and a y axis (counts, stacked per week, unless told otherwise), as
    layout for figure()."""
    weeks = len({x for t in traces for x in t.get("x", ())})
    # A tick per week while they fit; beyond that plotly picks readable steps.
    dtick = 7 * 86400000 if weeks <= 5 else None  # more, and a phone's ticks run together
    xaxis = {"title": {"text": WEEK_AXIS}, "tickformat": "%d %b", "type": "date", "dtick": dtick}
    top = _top(traces, "y", stacked) if counts else None
    return {"xaxis": xaxis, "yaxis": _count_axis(y_title, top, automargin=True, **y_options)}


@Chart
def activity_chart(frame: pd.DataFrame) -> dict:
    """Stacked bars: outreach, replies, conversations, thank-yous and updates per week."""
    title = "Activity per week"
    if frame.empty or frame[list(metrics.ACTIVITY_KINDS)].to_numpy().sum() == 0:
        return empty_spec(title, EMPTY["activity"])
    weeks = _weeks(frame)
    traces = [
        trace(
            "bar",
            x=weeks,
            y=frame[kind],
            name=label,
            marker={"color": ACTIVITY_COLOURS[kind]},
            hovertemplate=f"{label}: %{{y}}<br>Week of %{{x|%d %b %Y}}<extra></extra>",
        )
        for kind, label in metrics.ACTIVITY_KINDS.items()
    ]
    return figure_spec(traces, title, barmode="stack", **_week_axes(traces, "Count per week"))


@Chart
def funnel_chart(frame: pd.DataFrame) -> dict:
    """Horizontal bars from identified to referred onward, with counts and step rates."""
    title = "From identified to referred onward"
    if frame.empty or frame["contacts"].iloc[0] == 0:
        return empty_spec(title, EMPTY["funnel"])
    labels = [
        f"{row.contacts}" if index == 0 else f"{row.contacts} · {percent(row.rate_from_previous)}"
        for index, row in frame.iterrows()
    ]
    bars = trace(
        "bar",
        x=frame["contacts"],
        y=frame["label"],
        orientation="h",
        marker={"color": PALETTE[0]},
        text=labels,
        textposition="outside",
        cliponaxis=False,
        customdata=frame[["rate_from_previous", "rate_from_start"]].fillna(0).to_numpy(),
        hovertemplate="%{y}: %{x} contacts<br>%{customdata[0]:.0%} of the step before,"
        " %{customdata[1]:.0%} of those identified<extra></extra>",
    )
    return figure_spec(
        [bars],
        title,
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis=_count_axis(
            "Contacts (· % of the step before)",
            _top([bars], "x"),
            range=[0, frame["contacts"].max() * 1.3],
        ),
    )


@Chart
def response_rate_chart(frame: pd.DataFrame) -> dict:
    """Response rate (%) per week of first outreach, with the counts behind it on hover."""
    title = "Response rate by week of first outreach"
    if frame.empty or frame["reached_out"].sum() == 0:
        return empty_spec(title, EMPTY["response"])
    rates = (frame["response_rate"].astype(float) * 100).round(0)
    bars = trace(
        "bar",
        x=_weeks(frame),
        y=rates,
        marker={"color": PALETTE[2]},
        text=[
            f"{r}/{n}" if n else ""
            for r, n in zip(frame["replied"], frame["reached_out"], strict=True)
        ],
        textposition="outside",
        customdata=frame[["replied", "reached_out"]].to_numpy(),
        hovertemplate="Week of %{x|%d %b %Y}<br>%{y:.0f}% replied"
        " (%{customdata[0]} of %{customdata[1]})<extra></extra>",
    )
    # Short enough for the height of a half-width chart (the longer "Replied (% of contacts
    # reached out to)" was cut at both ends); the title and the hover say of whom.
    axes = _week_axes([bars], "% who replied", counts=False, range=[0, 110], ticksuffix="%")
    return figure_spec([bars], title, **axes)


BOOSTER_DAYS = 3  # boosters reply within three business days


@Chart
def days_to_reply_chart(frame: pd.DataFrame) -> dict:
    """Median business days to reply per week of first outreach, with the 3-day booster line."""
    title = "Days to reply (median, business days)"
    data = frame.dropna(subset=["median_days"]) if not frame.empty else frame
    if data.empty:
        return empty_spec(title, EMPTY["days"])
    line = trace(
        "scatter",
        x=_weeks(data),
        y=data["median_days"].astype(float),
        mode="lines+markers",
        line={"color": PALETTE[3], "width": 2},
        marker={"size": 9},
        hovertemplate="Week of %{x|%d %b %Y}<br>Median %{y:.1f} business days<extra></extra>",
        name="Median days to reply",
    )
    axes = _week_axes([line], "Business days to first reply", counts=False, tickformat=None)
    across = {"xref": "x domain", "yref": "y"}
    booster_line = {
        "type": "line",
        **across,
        "x0": 0,
        "x1": 1,
        "y0": BOOSTER_DAYS,
        "y1": BOOSTER_DAYS,
        "line": {"color": GREY, "dash": "dot"},
    }
    booster_note = {
        "text": f"{BOOSTER_DAYS} business days (boosters reply within)",
        **across,
        "x": 0,
        "y": BOOSTER_DAYS,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
    }
    return figure_spec([line], title, shapes=[booster_line], annotations=[booster_note], **axes)


@Chart
def segments_chart(frame: pd.DataFrame) -> dict:
    """Contacts per response segment (booster, obligate, curmudgeon, waiting)."""
    title = "Response segments"
    if frame.empty or frame["contacts"].sum() == 0:
        return empty_spec(title, EMPTY["segments"])
    bars = trace(
        "bar",
        x=frame["contacts"],
        y=frame["label"],
        orientation="h",
        marker={"color": [SEGMENT_COLOURS[s] for s in frame["segment"]]},
        text=frame["contacts"],
        textposition="auto",
        hovertemplate="%{y}: %{x} contacts<extra></extra>",
    )
    return figure_spec(
        [bars],
        title,
        height=300,
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis=_count_axis("Contacts", _top([bars], "x")),
    )


ON_TIME_TITLES = {
    None: "Follow-ups done on time",
    "thank_you": "Thank-yous done on time",
    "one_month_update": "One-month updates done on time",
    "other": "Other follow-ups (3B7, keep in touch) done on time",
}
ON_TIME_EMPTY = {
    None: EMPTY["on_time"],
    "thank_you": "No thank-yous were due in this range — one is due the day after a conversation.",
    "one_month_update": "No one-month updates were due in this range — one is due 30 days after "
    "a conversation.",
    "other": "No 3B7 or keep-in-touch steps were due in this range.",
}


@Chart
def on_time_chart(frame: pd.DataFrame, kind_group: str | None = None) -> dict:
    """Follow-ups due each week (one kind group, or all): on time, late, overdue and not done."""
    title = ON_TIME_TITLES[kind_group]
    columns = list(metrics.ON_TIME_STATES)
    if frame.empty or frame[columns].to_numpy().sum() == 0:
        return empty_spec(title, ON_TIME_EMPTY[kind_group])
    weeks = _weeks(frame)
    traces = [
        trace(
            "bar",
            x=weeks,
            y=frame[state],
            name=label,
            marker={"color": ON_TIME_COLOURS[state]},
            hovertemplate=f"{label}: %{{y}}<br>Due in the week of %{{x|%d %b %Y}}<extra></extra>",
        )
        for state, label in metrics.ON_TIME_STATES.items()
    ]
    return figure_spec(
        traces, title, barmode="stack", **_week_axes(traces, "Follow-ups due that week")
    )


@Chart
def roles_chart(frame: pd.DataFrame, top: int = TOP_ROLES) -> dict:
    """The most-mentioned roles, stacked by where they came from."""
    title = "Roles explored"
    if frame.empty:
        return empty_spec(title, EMPTY["roles"])
    totals = frame.groupby("role")["mentions"].sum().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:top])
    if len(totals) > top:
        title += f" (top {top} of {len(totals)})"
    traces = []
    for source, label in metrics.ROLE_SOURCES.items():
        part = frame[(frame["source"] == source) & frame["role"].isin(keep)]
        if part.empty:
            continue
        traces.append(
            trace(
                "bar",
                x=part["mentions"],
                y=part["role"],
                orientation="h",
                name=label,
                marker={"color": ROLE_COLOURS[source]},
                hovertemplate=f"%{{y}}<br>{label}: %{{x}}<extra></extra>",
            )
        )
    order = {"categoryorder": "array", "categoryarray": _escaped(keep[::-1]), "automargin": True}
    return figure_spec(
        traces,
        title,
        height=max(HEIGHT, 120 + 26 * len(keep)),
        barmode="stack",
        yaxis=order,
        xaxis=_count_axis("Mentions", _top(traces, "x", stacked=True)),
    )


@Chart
def industries_chart(frame: pd.DataFrame) -> dict:
    """Contacts and conversations per industry."""
    title = "Industries explored"
    if frame.empty:
        return empty_spec(title, EMPTY["industries"])
    order = list(frame["industry"])
    traces = [
        trace(
            "bar",
            x=frame[column],
            y=frame["industry"],
            orientation="h",
            name=label,
            marker={"color": colour},
            hovertemplate=f"%{{y}}<br>{label}: %{{x}}<extra></extra>",
        )
        for column, label, colour in (
            ("contacts", "Contacts", PALETTE[2]),
            ("conversations", "Conversations", PALETTE[0]),
        )
    ]
    return figure_spec(
        traces,
        title,
        height=max(HEIGHT, 120 + 40 * len(order)),
        barmode="group",
        yaxis={
            "categoryorder": "array",
            "categoryarray": _escaped(order[::-1]),
            "automargin": True,
        },
        xaxis=_count_axis("Count", _top(traces, "x")),
    )


@Chart
def board_done_chart(frame: pd.DataFrame) -> dict:
    """Board items marked done per week, stacked by kind."""
    title = "Research board items done"
    if frame.empty:
        return empty_spec(title, EMPTY["board"])
    traces = [
        trace(
            "bar",
            x=_weeks(part),
            y=part["items"],
            name=label,
            marker={"color": PALETTE[index % len(PALETTE)]},
            hovertemplate=f"{label}: %{{y}}<br>Week of %{{x|%d %b %Y}}<extra></extra>",
        )
        for index, (label, part) in enumerate(frame.groupby("label", sort=True))
    ]
    return figure_spec(traces, title, barmode="stack", **_week_axes(traces, "Items done"))


def tree_layout(nodes: pd.DataFrame, edges: pd.DataFrame) -> dict[int, tuple[float, float]]:
    """Deterministic layered layout: x is the referral depth, y a slot in a tidy tree.

    Leaves take consecutive slots in name order; a referrer sits level with the middle of
    the people they led to; separate referral chains are kept half a slot apart.
    """
    children: dict[int, list[int]] = defaultdict(list)
    for source, target in edges.itertuples(index=False):
        children[int(source)].append(int(target))
    names = dict(zip(nodes["id"].astype(int), nodes["name"], strict=True))
    for kids in children.values():
        kids.sort(key=lambda i: (str(names.get(i, "")).lower(), i))
    depth = dict(zip(nodes["id"].astype(int), nodes["depth"].astype(int), strict=True))
    roots = [int(i) for i in nodes.loc[nodes["depth"] == 0, "id"]]
    roots.sort(key=lambda i: (str(names.get(i, "")).lower(), i))
    slot_of: dict[int, float] = {}
    next_slot = 0.0
    for root in roots:
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            kids = [k for k in children.get(node, []) if k in depth]
            if not kids:
                slot_of[node] = next_slot
                next_slot += 1
            elif expanded:
                slot_of[node] = sum(slot_of[k] for k in kids) / len(kids)
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids))
        next_slot += 0.5
    return {n: (float(depth[n]), -slot_of[n]) for n in slot_of}


def _colour_groups(nodes: pd.DataFrame, colour_by: str) -> tuple[pd.Series, dict[str, str]]:
    if colour_by == "segment":
        labels = nodes["segment"].map(SEGMENT_LABELS)
        return labels, {SEGMENT_LABELS[k]: c for k, c in SEGMENT_COLOURS.items()}
    counts = nodes["organization"].value_counts(sort=True)
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    top = [o for o in counts.index if o != "No organization"][:TOP_ORGANIZATIONS]
    labels = nodes["organization"].where(nodes["organization"].isin(top), "Other organizations")
    colours = {org: PALETTE[i % len(PALETTE)] for i, org in enumerate(top)}
    colours["Other organizations"] = GREY
    return labels, colours


def _edge_lines(edges: pd.DataFrame, position: dict[int, tuple[float, float]]) -> dict:
    """Elbow lines from each referrer to the people they led to, as one trace."""
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for source, target in edges.itertuples(index=False):
        if int(source) in position and int(target) in position:
            (x0, y0), (x1, y1) = position[int(source)], position[int(target)]
            edge_x += [x0, (x0 + x1) / 2, (x0 + x1) / 2, x1, None]
            edge_y += [y0, y0, y1, y1, None]
    return trace(
        "scatter",
        x=edge_x,
        y=edge_y,
        mode="lines",
        line={"color": "#c8ccc9", "width": 1.2},
        hoverinfo="skip",
        showlegend=False,
    )


def _people(
    part: pd.DataFrame,
    group: str,
    colour: str,
    position: dict[int, tuple[float, float]],
    led_to: pd.Series,
    label_all: bool,
) -> dict:
    """One colour group's people as dots, named when all are, or when they led to someone."""
    ids = part["id"].astype(int)
    referred = [int(led_to.get(i, 0)) for i in ids]
    return trace(
        "scatter",
        x=[position[i][0] for i in ids],
        y=[position[i][1] for i in ids],
        mode="markers+text",
        name=group,
        text=[
            name if label_all or n else "" for name, n in zip(part["name"], referred, strict=True)
        ],
        # Above the dot, centred: a name to the right ran into the next step's names on a
        # phone-width chart.
        textposition="top center",
        cliponaxis=False,
        textfont={"size": 12 if label_all else 10, "color": "#1f2a2e"},
        marker={
            "size": [10 + 5 * min(int(c), 4) for c in part["conversations"]],
            "color": colour,
            "line": {"color": "white", "width": 1},
        },
        customdata=list(zip(part["organization"], part["conversations"], referred, strict=True)),
        hovertemplate="<b>%{hovertext}</b><br>%{customdata[0]}<br>"
        "Conversations: %{customdata[1]}<br>Led to: %{customdata[2]}<extra></extra>",
        hovertext=part["name"],
    )


@Chart
def referral_network_chart(
    nodes: pd.DataFrame, edges: pd.DataFrame, colour_by: str = "organization"
) -> dict:
    """Who led to whom: a layered tree, nodes sized by conversations, coloured by org or segment."""
    title = "Referral network: who led to whom"
    if nodes.empty or edges.empty:
        return empty_spec(title, EMPTY["network"])
    position = tree_layout(nodes, edges)
    groups, colours = _colour_groups(nodes, colour_by)
    led_to = edges.groupby("source").size()
    label_all = len(nodes) <= MAX_LABELLED_NODES
    traces = [_edge_lines(edges, position)]
    for group, colour in colours.items():
        part = nodes[groups == group]
        if not part.empty:
            traces.append(_people(part, group, colour, position, led_to, label_all))
    referrers = set(edges["source"].astype(int))
    leaves = sum(1 for n in position if n not in referrers)
    max_depth = int(nodes["depth"].max())
    dot_size_note = {
        "text": "Dot size: conversations held",
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1.08,
        "showarrow": False,
        "xanchor": "right",
        "font": {"size": 12, "color": "#55605f"},
    }
    # On a narrow screen the legend wraps to one entry a row: room for that below the plot,
    # so it does not squeeze the tree until the names sit on each other.
    entries = len(traces) - 1  # every group's dots have a legend entry
    return figure_spec(
        traces,
        title,
        # A row of about 30 px per leaf: a name above its dot clears the dot in the row above.
        height=int(min(2000, max(420, 200 + 30 * leaves))),
        legend_room=20 * entries if entries > 1 else 0,
        annotations=[dot_size_note],
        xaxis={
            "title": {"text": "Referral steps from someone you found yourself"},
            "tickmode": "array",
            "tickvals": list(range(max_depth + 1)),
            "range": [-0.3, max_depth + 0.9],
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={"visible": False},
    )
