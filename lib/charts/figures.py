"""Figure plumbing: the look (template, palette), plain traces and layouts validated once,
Chart (a figure as a plain spec), and the empty-state figure."""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

PALETTE = ["#2f6f62", "#d08c60", "#5b7db1", "#a15d8a", "#8c9a5b", "#c9a227", "#4f9aa8", "#b5655b"]
GREY = "#9aa3a6"
HEIGHT = 380

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


def percent(value: float | None) -> str:
    """0.5 -> '50%'; None -> '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.0%}"
