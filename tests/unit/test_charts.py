"""Every chart is titled, labelled, and says what to do when there is nothing to draw."""

from datetime import date

import pandas as pd
import plotly.io as pio
import pytest

from lib import charts, metrics
from tests.support import hand_counted as world
from tests.support.days import TODAY
from tests.support.hand_counted import WEEKS

END = date(2026, 11, 29)


def all_figures(db):
    by_week = metrics.response_by_week(db, TODAY, WEEKS[0], END)
    nodes, edges = metrics.referral_network(db, TODAY)
    return {
        "activity": charts.activity_chart(metrics.activity_by_week(db, WEEKS[0], END)),
        "funnel": charts.funnel_chart(metrics.funnel(db)),
        "response": charts.response_rate_chart(by_week),
        "days": charts.days_to_reply_chart(by_week),
        "segments": charts.segments_chart(metrics.segment_counts(db, TODAY)),
        "on_time": charts.on_time_chart(
            metrics.followups_on_time_by_week(db, TODAY, WEEKS[0], END)
        ),
        "roles": charts.roles_chart(metrics.roles_explored(db)),
        "industries": charts.industries_chart(metrics.industries_explored(db)),
        "board": charts.board_done_chart(metrics.board_done_by_week(db, WEEKS[0], END)),
        "network": charts.referral_network_chart(nodes, edges),
    }


def test_every_chart_is_titled_and_its_axes_labelled(db):
    world.build(db)
    for name, fig in all_figures(db).items():
        assert not charts.is_empty(fig), name
        assert fig.layout.title.text, name
        assert fig.layout.xaxis.title.text, name
        if name != "network":  # the network's vertical position carries no quantity
            assert fig.layout.yaxis.title.text or fig.data[0].orientation == "h", name


@pytest.mark.parametrize("plotly_default", ["plotly", "streamlit"])
def test_every_chart_has_the_app_look_from_a_light_template(db, monkeypatch, plotly_default):
    # The look lives in one template, copied once per figure: plotly_white's layout (no
    # per-trace-type defaults, the slow part to copy), the app's font, a left-aligned title and
    # a horizontal legend below the plot. Whatever Plotly's default template is: Streamlit
    # makes its own the default when its chart module is imported, before or after lib.charts.
    import streamlit.elements.plotly_chart  # noqa: F401  (registers the "streamlit" template)

    monkeypatch.setattr(pio.templates, "default", plotly_default)
    world.build(db)
    for name, fig in all_figures(db).items():
        look = fig.layout.template.layout
        assert look.font.family.startswith("Inter"), name
        assert (look.title.x, look.title.xanchor, look.title.font.size) == (0, "left", 17), name
        assert (look.legend.orientation, look.legend.yanchor) == ("h", "top"), name
        assert look.plot_bgcolor == "white", name
        assert fig.layout.template.data.to_plotly_json() == {}, name
        assert fig.layout.legend.y < 0 and fig.layout.height, name


def test_an_empty_database_gets_explicit_empty_states(db):
    for name, fig in all_figures(db).items():
        assert charts.is_empty(fig), name
        assert fig.layout.title.text, name
        message = fig.layout.annotations[0].text
        assert message == charts.EMPTY[name], name
    assert "log one from a contact's page" in charts.EMPTY["activity"]


def test_activity_chart_stacks_each_kind_per_week(db):
    world.build(db)
    fig = charts.activity_chart(metrics.activity_by_week(db, WEEKS[0], END))
    outreach = next(t for t in fig.data if t.name == "Outreach")
    assert list(outreach.y) == [3, 1, 1, 0]
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.title.text == "Count per week"


def test_funnel_labels_show_counts_and_step_rates(db):
    world.build(db)
    fig = charts.funnel_chart(metrics.funnel(db))
    assert list(fig.data[0].text) == ["6", "5 · 83%", "3 · 60%", "3 · 100%", "2 · 67%"]


def test_roles_chart_keeps_the_top_roles():
    frame = pd.DataFrame(
        {"role": [f"Role {i:02d}" for i in range(30)], "source": "contact", "mentions": 1}
    )
    fig = charts.roles_chart(frame, top=10)
    assert len(fig.data[0].y) == 10
    assert "top 10 of 30" in fig.layout.title.text


def test_roles_with_markup_characters_keep_their_order():
    # Plotly reads the names as markup, so they are escaped; the order they are listed in must
    # name them the same way, or the most-mentioned role is not drawn first.
    roles = ["R&D lead", "Analyst <senior>", "Planner"]
    frame = pd.DataFrame({"role": roles, "source": "contact", "mentions": [3, 2, 1]})
    fig = charts.roles_chart(frame)
    assert list(fig.data[0].y) == ["R&amp;D lead", "Analyst &lt;senior&gt;", "Planner"]
    assert list(fig.layout.yaxis.categoryarray) == [
        "Planner",
        "Analyst &lt;senior&gt;",
        "R&amp;D lead",
    ]
    industries = pd.DataFrame(
        {"industry": ["Oil & gas", "Energy"], "contacts": [2, 1], "conversations": [1, 0]}
    )
    fig = charts.industries_chart(industries)
    assert set(fig.layout.yaxis.categoryarray) == set(fig.data[0].y) == {"Oil &amp; gas", "Energy"}


def test_a_figure_is_validated_once_from_plain_traces():
    # One plotly validation per figure: figure() takes plain dicts, so a bad attribute name in
    # a chart is still caught, at the one place it is built.
    with pytest.raises(ValueError):
        charts.figure([charts.trace("bar", x=[1], y=[2], colour="red")], "A chart")
    fig = charts.figure([charts.trace("bar", x=[1], y=[2], name="<b>me</b>")], "A chart")
    assert fig.data[0].name == "&lt;b&gt;me&lt;/b&gt;"
    assert fig.layout.title.text == "A chart" and fig.layout.height == charts.HEIGHT


def _chain_world(count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A deterministic referral forest: each contact i > 0 referred by (i - 1) // 3."""
    rows = []
    for i in range(count):
        parent = (i - 1) // 3 if i % 50 else None  # a new tree every 50 contacts
        rows.append({"id": i + 1, "name": f"Person {i:03d}", "parent": parent})
    nodes = pd.DataFrame(rows)
    nodes["referred_by_id"] = [None if p is None else p + 1 for p in nodes["parent"]]
    depth = {}
    for row in nodes.itertuples():
        parent = row.referred_by_id
        depth[row.id] = 0 if pd.isna(parent) else depth[int(parent)] + 1
    nodes["depth"] = nodes["id"].map(depth)
    nodes["organization"] = [f"Org {i % 12}" for i in range(count)]
    nodes["conversations"] = [i % 3 for i in range(count)]
    nodes["segment"] = "booster"
    edges = nodes.loc[nodes["referred_by_id"].notna(), ["referred_by_id", "id"]]
    edges = edges.rename(columns={"referred_by_id": "source", "id": "target"}).astype(int)
    return nodes, edges


def test_tree_layout_is_deterministic_and_layered():
    nodes, edges = _chain_world(40)
    first = charts.tree_layout(nodes, edges)
    assert first == charts.tree_layout(nodes.sample(frac=1, random_state=1), edges)
    for node_id, (x, _) in first.items():
        assert x == nodes.set_index("id").loc[node_id, "depth"]
    # No two contacts share a spot.
    assert len(set(first.values())) == len(first)


@pytest.mark.parametrize("count", [40, 300])
def test_network_stays_readable_at_a_few_hundred_contacts(count):
    nodes, edges = _chain_world(count)
    fig = charts.referral_network_chart(nodes, edges)
    points = sum(len(t.x) for t in fig.data if t.mode == "markers+text")
    assert points == count
    assert 420 <= fig.layout.height <= 2050
    # Colours: at most the top organizations plus "Other organizations" in the legend.
    legend = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert len(legend) <= charts.TOP_ORGANIZATIONS + 1
    labelled = sum(1 for t in fig.data if t.text is not None for s in t.text if s)
    if count > charts.MAX_LABELLED_NODES:
        assert labelled < count  # only people who led to someone are named on the chart


def test_network_coloured_by_segment(db):
    world.build(db)
    nodes, edges = metrics.referral_network(db, TODAY)
    fig = charts.referral_network_chart(nodes, edges, colour_by="segment")
    names = {t.name for t in fig.data if t.name}
    assert charts.SEGMENT_LABELS["booster"] in names
    assert charts.SEGMENT_LABELS["obligate"] in names


def test_percent():
    assert charts.percent(0.5) == "50%"
    assert charts.percent(None) == "—"
    assert charts.percent(float("nan")) == "—"


COUNT_AXES = {  # chart -> its count axis
    "activity": "yaxis",
    "funnel": "xaxis",
    "segments": "xaxis",
    "on_time": "yaxis",
    "roles": "xaxis",
    "industries": "xaxis",
    "board": "yaxis",
}


def test_count_axes_tick_whole_numbers_once_each_on_small_counts(db):
    # The world's counts are all small (at most 4 a week): Plotly alone stepped by 0.5 and
    # ",d" printed "0 1 1 2 2 3 3 4". Every count axis ticks 0, 1, 2 ... instead.
    world.build(db)
    figures = all_figures(db)
    for name, axis_name in COUNT_AXES.items():
        axis = figures[name].to_plotly_json()["layout"][axis_name]
        assert axis["tickformat"] == ",d", name
        assert (axis.get("tick0"), axis.get("dtick")) == (0, 1), name
        assert axis["rangemode"] == "tozero", name


def test_a_large_count_axis_leaves_its_steps_to_plotly(db):
    weeks = pd.date_range("2026-11-02", periods=2, freq="7D").date
    frame = pd.DataFrame({"week": weeks, **{k: [40, 3] for k in metrics.ACTIVITY_KINDS}})
    axis = charts.activity_chart.spec(frame)["layout"]["yaxis"]
    assert axis["tickformat"] == ",d" and "dtick" not in axis  # 200 a week: steps of 50


def test_a_stacked_week_counts_its_total_not_its_largest_part():
    weeks = pd.date_range("2026-11-02", periods=2, freq="7D").date
    frame = pd.DataFrame({"week": weeks, **{k: [3, 0] for k in metrics.ACTIVITY_KINDS}})
    axis = charts.activity_chart.spec(frame)["layout"]["yaxis"]
    assert "dtick" not in axis  # 15 stacked in the first week: over SMALL_COUNT


def test_percent_and_day_axes_are_not_forced_to_whole_counts(db):
    world.build(db)
    figures = all_figures(db)
    for name in ("response", "days"):
        axis = figures[name].to_plotly_json()["layout"]["yaxis"]
        assert axis.get("dtick") is None, name


def test_axis_titles_fit_the_height_of_a_half_width_chart(db):
    # "Replied (% of contacts reached out to)" was cut at both ends ("ied (% of contacts
    # reached out to)"): a vertical title longer than about 28 characters overflows the plot.
    world.build(db)
    for name, fig in all_figures(db).items():
        title = fig.layout.yaxis.title.text
        if (
            title
            and fig.layout.yaxis.visible is not False
            and fig.layout.yaxis.autorange != "reversed"
        ):
            assert len(title) <= 28, (name, title)
            assert fig.layout.yaxis.automargin, name
