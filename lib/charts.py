"""Plotly figures for the metrics: titled, labelled with units, calm, with an explicit empty state.

Every chart takes what lib.metrics returns and gives back a figure (or, with .spec, the same
figure as plain dicts: see Chart); when there is nothing to draw it returns a figure that says
so, and how to get data in, so pages and the report never show a blank box.
"""

from __future__ import annotations

import functools
import html
import math
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from lib import metrics

PALETTE = ["#2f6f62", "#d08c60", "#5b7db1", "#a15d8a", "#8c9a5b", "#c9a227", "#4f9aa8", "#b5655b"]
GREY = "#9aa3a6"
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
HEIGHT = 380
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


# Parts of plotly_white's layout for kinds of chart drawn nowhere here (polar, ternary, 3-D,
# maps, colour scales): leaving them out halves the cost of applying the template to a figure.
_UNUSED_TEMPLATE_PARTS = ("polar", "ternary", "coloraxis", "colorscale", "scene", "geo")


@functools.cache
def _template() -> dict:
    # plotly_white's layout only. Its per-trace-type defaults (dozens of trace types, colour
    # bars) are what makes applying it slow, ~100 ms a figure; the layout alone gives the same
    # look to the bar, scatter and funnel charts drawn here at a quarter of the cost.
    # Shared by every figure spec: read, never changed (go.Figure copies it).
    layout = pio.templates["plotly_white"].layout.to_plotly_json()
    for part in _UNUSED_TEMPLATE_PARTS:
        layout.pop(part, None)
    layout.update(
        font={"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 13},
        title={"x": 0, "xanchor": "left", "font": {"size": 17}},
        # Below the plot (its y is set per figure): a legend that wraps onto two rows never
        # covers the title.
        legend={"orientation": "h", "yanchor": "top", "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"size": 13}},
        bargap=0.25,
    )
    return {"layout": layout}


# Plotly reads tags (<a href>, <b>, <br>) and entities in trace text: names, labels, hover
# text and category axes. User text there is escaped, so a contact called <a href=...> stays
# text on the page and in the report. The app's own markup lives in templates and titles.
_TRACE_TEXT = ("name", "text", "hovertext", "x", "y", "customdata", "labels")


def _escaped(value: object) -> object:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list | tuple):
        return type(value)(_escaped(item) for item in value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return np.frompyfunc(_escaped, 1, 1)(value)
    return value


def _needs_escaping(value: object) -> bool:
    if isinstance(value, str):
        return any(mark in value for mark in "<>&")
    if isinstance(value, list | tuple):
        return any(_needs_escaping(item) for item in value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(_needs_escaping(item) for item in value.ravel())
    return False


def trace(kind: str, **attributes: object) -> dict:
    """A plain trace of plotly type kind, its user text escaped (see _TRACE_TEXT).

    pandas columns become arrays, as Plotly would make them.
    """
    plain: dict[str, object] = {"type": kind}
    for name, value in attributes.items():
        if isinstance(value, pd.Series | pd.Index):
            value = value.to_numpy()
        if name in _TRACE_TEXT and _needs_escaping(value):
            value = _escaped(value)
        plain[name] = value
    return plain


TITLE_LINE = 30  # characters: a longer title wraps, so a half-width chart shows all of it


def wrap_title(title: str, width: int = TITLE_LINE) -> str:
    """A long chart title on two lines (split at the space nearest its middle)."""
    if len(title) <= width or " " not in title:
        return title
    middle = len(title) // 2
    cut = min((i for i, ch in enumerate(title) if ch == " "), key=lambda i: abs(i - middle))
    return f"{title[:cut]}<br>{title[cut + 1 :]}"


def figure_spec(
    traces: list[dict], title: str, height: int = HEIGHT, legend_room: int = 0, **layout: object
) -> dict:
    """The figure for traces (from trace()) and layout, titled and sized the app's way, as
    plain dicts: {"data": traces, "layout": layout}. The rest of the look is the app's
    template. legend_room adds space below the plot for a legend that wraps onto more rows.
    """
    legend_below = sum(1 for t in traces if t.get("showlegend") is not False) > 1
    height += 50 if legend_below else 0
    shown = wrap_title(title)
    top = 56 if shown == title else 78  # room for the title's second line
    bottom = 120 if legend_below else 60
    layout.update(
        # Named on every figure, not set as Plotly's default: Streamlit sets its own default
        # when its chart module is first imported, so a default would depend on import order.
        # A figure given a template does not copy the default one.
        template=_template(),
        title={"text": shown},
        height=min(height + legend_room, 2050) if legend_room else height,
        margin={"l": 70, "r": 24, "t": top, "b": bottom + legend_room},
        legend={"y": -72 / max(height - 176, 100)},
    )
    return {"data": traces, "layout": layout}


def figure(
    traces: list[dict], title: str, height: int = HEIGHT, legend_room: int = 0, **layout: object
) -> go.Figure:
    """figure_spec() as a Plotly figure, validated once.

    Built from plain dicts: Plotly's figure methods (add_bar, update_layout) validate on
    every call, which made the coach report's twelve charts take four times as long.
    """
    return go.Figure(figure_spec(traces, title, height, legend_room, **layout))


class Chart:
    """A kind of chart, made from its spec function (a decorator).

    Calling it gives the validated Plotly figure, which st.plotly_chart needs. chart.spec()
    gives the same figure as plain dicts, for HTML written by plotly.io.to_html without
    validating again (the coach report): Plotly's object model costs about 5 ms a figure.
    Every spec is validated whenever a page draws it, and in the unit tests.
    """

    def __init__(self, spec: Callable[..., dict]) -> None:
        self.spec = spec
        functools.update_wrapper(self, spec)

    def __call__(self, *args: object, **kwargs: object) -> go.Figure:
        return go.Figure(self.spec(*args, **kwargs))


def prime() -> None:
    """Build a figure with every kind of part drawn here, once.

    Plotly imports the classes behind a figure's parts (bar markers, axis titles, shapes,
    annotations) the first time they are used: about 0.05 s that the server's warm-up pays
    instead of the first chart or coach report.
    """
    point = {"x": ["2026-01-05"], "y": [1], "name": "", "hovertemplate": ""}
    bars = trace("bar", **point, marker={"color": GREY}, text=[""], customdata=[[0]])
    line = trace(
        "scatter", **point, mode="lines+markers+text", line={"color": GREY}, textfont={"size": 9}
    )
    axis = {"title": {"text": ""}, "tickformat": "", "range": [0, 1], "categoryarray": []}
    figure(
        [bars, trace("bar", **point, orientation="h"), line],
        "",
        xaxis=axis,
        yaxis=axis,
        shapes=[{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 0, "line": {"dash": "dot"}}],
        annotations=[{"text": "", "font": {"size": 9}}],
    )
    empty_figure("", "")


def empty_spec(title: str, message: str) -> dict:
    """A titled figure spec that says there is nothing to show yet, and what to do about it."""
    note = {
        "text": message,
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": 15, "color": "#55605f"},
    }
    return figure_spec(
        [],
        title,
        height=240,
        annotations=[note],
        xaxis={"visible": False},
        yaxis={"visible": False},
        meta={"empty": True},
    )


def empty_figure(title: str, message: str) -> go.Figure:
    """empty_spec(title, message) as a Plotly figure."""
    return go.Figure(empty_spec(title, message))


def is_empty(fig: go.Figure | dict) -> bool:
    """True when fig (a figure or a spec) is an empty-state figure."""
    meta = fig["layout"].get("meta") if isinstance(fig, dict) else fig.layout.meta
    return isinstance(meta, dict) and bool(meta.get("empty"))


def _weeks(frame: pd.DataFrame) -> list[str]:
    return [pd.Timestamp(w).strftime("%Y-%m-%d") for w in frame["week"]]


def _count_axis(title: str, **options: object) -> dict:
    """A count axis titled title; an option given as None leaves that setting out."""
    axis = {"title": {"text": title}, "rangemode": "tozero", "tickformat": ",d", **options}
    return {name: value for name, value in axis.items() if value is not None}


def _week_axes(traces: list[dict], y_title: str, **y_options: object) -> dict:
    """The x axis of weeks and a count y axis, as layout for figure()."""
    weeks = len({x for t in traces for x in t.get("x", ())})
    # A tick per week while they fit; beyond that plotly picks readable steps.
    dtick = 7 * 86400000 if weeks <= 5 else None  # more, and a phone's ticks run together
    xaxis = {"title": {"text": WEEK_AXIS}, "tickformat": "%d %b", "type": "date", "dtick": dtick}
    return {"xaxis": xaxis, "yaxis": _count_axis(y_title, **y_options)}


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
            "Contacts (· % of the step before)", range=[0, frame["contacts"].max() * 1.3]
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
    axes = _week_axes(
        [bars], "Replied (% of contacts reached out to)", range=[0, 110], ticksuffix="%"
    )
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
    axes = _week_axes([line], "Business days to first reply", tickformat=None)
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
        xaxis=_count_axis("Contacts"),
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
        xaxis=_count_axis("Mentions"),
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
        xaxis=_count_axis("Count"),
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


def percent(value: float | None) -> str:
    """0.5 -> '50%'; None -> '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.0%}"


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
