"""The coach report: self-contained HTML with offline charts, Markdown, and no private notes."""

import base64
import json
import math
import re
from datetime import date, timedelta

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from lib import charts, coach, metrics, reviews, store
from lib.formats import report
from lib.text import markdown_escape
from tests.support import hand_counted as world
from tests.support.days import TODAY
from tests.support.hand_counted import MARKER, WEEKS

PRIVATE_COLUMNS = [("contacts", "private_notes"), ("conversations", "private_notes")]


@pytest.fixture
def world_db(db):
    world.build(db)
    reviews.save_goals(db, WEEKS[0], {"outreaches": 3, "conversations": 1})
    reviews.save_reflections(db, WEEKS[2], "Grants <matter>", "Call *Dee* & Fay")
    coach.save_coach_comment(db, WEEKS[2], "Good & steady")
    return db


def test_every_private_column_is_known():
    """If the schema grows a private column, this test names it so the report test covers it."""
    database = store.open_database(":memory:")
    private = [
        (table, column)
        for table in database.table_names()
        if "_fts" not in table  # full-text index shadows of the same columns
        for column in database[table].columns_dict
        if "private" in column
    ]
    assert sorted(private) == sorted(PRIVATE_COLUMNS)


def test_private_notes_never_appear(world_db):
    for table, column in PRIVATE_COLUMNS:
        assert world_db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} LIKE ?", [f"%{MARKER}%"]
        ).fetchone()[0]
    for start, end in [(WEEKS[0], date(2026, 11, 29)), (WEEKS[2], WEEKS[2] + timedelta(days=6))]:
        built = report.build_report(world_db, start, end, TODAY)
        assert MARKER not in built.html
        assert MARKER not in built.markdown


def test_html_is_self_contained_with_plotly_inlined_once(world_db):
    built = report.build_report(world_db, WEEKS[0], date(2026, 11, 29), TODAY)
    assert built.html.startswith("<!DOCTYPE html>")
    # No network: no external scripts, styles or CDN references.
    assert not re.search(r"<script[^>]+src=", built.html)
    assert not re.search(r"<(img|iframe)[^>]*\bsrc=", built.html)
    assert "<link" not in built.html
    # plotly.js itself is embedded exactly once, and every chart has its div.
    assert built.html.count("Licensed under the MIT license") <= 2
    assert len(re.findall(r'id="chart-\d+"', built.html)) == 12
    assert built.html.count("Plotly.newPlot(") == 12
    assert len(built.html) > 1_000_000  # plotly.js is about 4 MB


def test_week_report_content(world_db):
    built = report.build_report(world_db, WEEKS[2], WEEKS[2] + timedelta(days=6), TODAY)
    assert built.title == "Week of 16 Nov 2026"
    assert built.file_stem() == "fieldwork-report-2026-11-16-to-2026-11-22"
    assert "Ben" in built.html and "Takeaway from Ben" in built.html
    assert "Thank\\-you note" in built.markdown  # Ben's late thank-you slipped
    assert "- Conversations: 1" in built.markdown
    assert "| 16 Nov 2026 | 1 / 3 | 1 / 1 | 1 | 1 | no |" in built.markdown


def test_user_text_is_escaped(world_db):
    world_db["contacts"].update(1, {"name": "<script>alert(1)</script> Ana"})
    world_db["conversations"].update(1, {"takeaways": "**bold** [link](http://x) <b>hi</b>"})
    built = report.build_report(world_db, WEEKS[0], date(2026, 11, 29), TODAY)
    assert "<script>alert(1)</script>" not in built.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ana" in built.html
    assert "Grants &lt;matter&gt;" in built.html
    assert "Good &amp; steady" in built.html
    # One Markdown escaper (lib.text.markdown_escape) for every value, & included.
    assert markdown_escape("**bold** [link](http://x) <b>hi</b>") in built.markdown
    assert "[link](" not in built.markdown and "<b>" not in built.markdown
    assert "Call \\*Dee\\* \\& Fay" in built.markdown
    assert "Good \\& steady" in built.markdown


def test_the_report_counts_thank_yous_on_time_and_overruns_as_counted_by_hand(world_db):
    built = report.build_report(world_db, WEEKS[0], date(2026, 11, 29), TODAY)
    assert "- Thank\\-yous on time: 1 of 3" in built.markdown
    assert "- One\\-month updates on time: 1 of 1" in built.markdown
    assert "- Conversations over 20 minutes: 1" in built.markdown
    # Per week, as counted in hand_counted.py.
    for week, (
        (thanks_on_time, thanks_due),
        (updates_on_time, updates_due),
    ) in world.ON_TIME.items():
        thanks = f"{thanks_on_time} of {thanks_due}" if thanks_due else "none due"
        updates = f"{updates_on_time} of {updates_due}" if updates_due else "none due"
        overruns = len(world.OVERRUNS.get(week, []))
        assert f"| {week:%d %b %Y} | {thanks} | {updates} | {overruns} |" in built.markdown
    assert "- Ben · Wed 18 Nov 2026 · 35 min (15 over)" in built.markdown
    assert "<li>Ben · Wed 18 Nov 2026 · 35 min (15 over)</li>" in built.html
    assert '<td>The whole period</td><td class="num">1 of 3</td>' in built.html


def test_a_hostile_name_in_an_overrun_is_escaped_in_both_formats(world_db):
    ben = world_db.execute("SELECT id FROM contacts WHERE name = 'Ben'").fetchone()[0]
    world_db["contacts"].update(ben, {"name": "![p](http://127.0.0.1/x.png) <img src=x> & Co"})
    built = report.build_report(world_db, WEEKS[2], WEEKS[2] + timedelta(days=6), TODAY)
    assert "<img" not in built.html.replace("&lt;img", "")
    assert "&lt;img src=x&gt; &amp; Co" in built.html
    assert "![p](" not in built.markdown
    assert "\\& Co" in built.markdown


def test_sections_are_templates_that_can_be_extended():
    # Issue 9 adds sections (scheduled and held, paths): one template file per section.
    for section in report.SECTIONS:
        assert (report.TEMPLATES / "report" / f"{section}.html.j2").is_file()


def test_empty_database_report_still_builds(db):
    built = report.build_report(db, WEEKS[0], WEEKS[0] + timedelta(days=6), TODAY)
    assert "No conversations in this period." in built.html
    assert "No outreach logged yet" in built.html
    assert "No reflections written in this period." in built.markdown


def _plain(value):
    """JSON from Plotly with its base64 number arrays decoded, so arrays compare as lists,
    and NaN as null (both are a gap to plotly.js)."""
    if isinstance(value, dict) and {"dtype", "bdata"} <= value.keys():
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return _plain(array.tolist())
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@pytest.mark.parametrize("filled", [True, False])
def test_every_chart_is_written_as_plotly_validates_it(db, filled):
    """The report writes its charts from plain specs, without Plotly's validation (5 ms a
    chart). What it writes must be what a validated figure gives: a spec that held a None
    (which validation drops) or a value Plotly coerces would draw differently."""
    if filled:
        world.build(db)
    start, end = WEEKS[0], date(2026, 11, 29)
    activity = metrics.activity_by_week(db, start, end)
    replies = metrics.outreach_replies(db, TODAY, start, end)
    drawn = report._charts(db, start, end, TODAY, activity, replies)
    assert len(drawn) == 12
    empty = [charts.is_empty(chart.spec(*args)) for chart, args in drawn]
    assert all(empty) if not filled else sum(empty) <= 1  # no 3B7 or keep-in-touch due
    for chart, args in drawn:
        spec = chart.spec(*args)
        written = json.loads(pio.to_json(spec, validate=False))
        validated = json.loads(go.Figure(spec).to_json())
        assert _plain(written) == _plain(validated), chart.__name__


def test_every_chart_has_its_one_sentence_summary_beside_it(world_db):
    start, end = WEEKS[0], date(2026, 11, 29)
    built = report.build_report(world_db, start, end, TODAY)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", built.html, re.S)
    assert len(captions) == 12 and all(captions)
    activity = metrics.activity_by_week(world_db, start, end)
    assert captions[0] == charts.summary(charts.activity_chart, activity)


def test_range_that_ends_before_it_starts_is_refused(db):
    with pytest.raises(ValueError, match="ends before it starts"):
        report.build_report(db, WEEKS[2], WEEKS[0], TODAY)


def test_sample_report_has_no_private_notes(sample_db):
    notes = [
        r[0]
        for r in sample_db.execute(
            "SELECT private_notes FROM contacts WHERE private_notes IS NOT NULL"
        )
    ]
    assert notes
    built = report.build_report(sample_db, TODAY - timedelta(days=90), TODAY, TODAY)
    for note in notes:
        assert note not in built.html and note not in built.markdown


def test_a_long_slipped_list_shows_the_most_overdue_and_says_how_many_more(world_db):
    """A year of missed follow-ups must not bury the coach: the report lists the worst, counts the rest."""
    start, end = WEEKS[0], WEEKS[-1] + timedelta(days=6)
    extra = report.SLIPPED_SHOWN + 5
    for number in range(extra):
        contact = world_db["contacts"].insert({"name": f"Missed {number}"}).last_pk
        due = start + timedelta(days=number % 7)
        world_db["followups"].insert(
            {"kind": "keep_in_touch", "contact_id": contact, "due_on": due.isoformat()}
        )
    built = report.build_report(world_db, start, end, TODAY)
    assert "more; the weekly review in Fieldwork lists every one" in built.html
    assert "more; the weekly review in Fieldwork lists every one" in built.markdown
    rows = re.search(r"Follow-ups that slipped</h2>(.*?)</table>", built.html, re.S).group(1)
    assert rows.count("<tr><td>") == report.SLIPPED_SHOWN
