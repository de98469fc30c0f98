"""A progress report for a coach: one self-contained HTML file (charts work offline) and Markdown.

Both are rendered from Jinja2 templates in lib/formats/templates (report.html.j2 and report.md.j2, one
file per section in report/): the HTML environment autoescapes every value, and the Markdown
one passes every value through lib.text.markdown_escape, the one Markdown escaper, so escaping
cannot be forgotten. Private notes never appear: no query here selects a private column.

To add a section, write report/<name>.html.j2 (and report/<name>.md.j2), add <name> to
SECTIONS, and put what it needs in the context built by build_report.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import jinja2
import pandas as pd
import plotly.io as pio
import sqlite_utils
from markupsafe import Markup, escape

from lib import charts, metrics, paths, reviews, vocab
from lib.dates import as_date
from lib.text import markdown_escape, markdown_line

# A coach reads the most overdue follow-ups; the weekly review lists every one.
SLIPPED_SHOWN = 40
CHART_CONFIG = {"displaylogo": False, "responsive": True}
TEMPLATES = Path(__file__).parent / "templates"
# The report's sections, in order; each is a template in templates/report/.
SECTIONS = [
    "numbers",
    "weeks",
    "follow_through",
    "reflections",
    "conversations",
    "paths",
    "slipped",
    "charts",
]
VERDICTS = {
    "none": "no goals set",
    "met": "yes",
    "under_way": "not yet (week under way)",
    "missed": "no",
}
REFLECTION_LABELS = {
    "learned": "What I learned",
    "next_week": "What I will do next week",
    "coach_comment": "Coach's comment",
}


@dataclass
class Report:
    title: str
    start: date
    end: date
    html: str
    markdown: str

    def file_stem(self) -> str:
        """A file name without extension, e.g. fieldwork-report-2026-11-16-to-2026-11-22."""
        return f"fieldwork-report-{self.start.isoformat()}-to-{self.end.isoformat()}"


def md(text: object) -> str:
    """Escape user text for Markdown (lib.text.markdown_escape, the one escaper)."""
    return markdown_escape(text)


def md_cell(text: object) -> str:
    """Escape user text for one Markdown table cell (no line breaks)."""
    return markdown_line(text)


def _day(value: date | str | None) -> str:
    day = as_date(value)
    return f"{day:%a %d %b %Y}" if day else ""


def _short_day(value: date | str | None) -> str:
    day = as_date(value)
    return f"{day:%d %b %Y}" if day else ""


def _html_lines(text: object) -> Markup:
    """User text for HTML with its line breaks kept."""
    return Markup("<br>").join(escape(str(text)).split("\n"))


def _markdown_finalize(value: object) -> str:
    # Every {{ value }} in a Markdown template is escaped unless it is already Markdown we built.
    if isinstance(value, Markup):
        return str(value)
    return markdown_escape("" if value is None else value)


def _filters(environment: jinja2.Environment) -> jinja2.Environment:
    environment.filters.update(day=_day, short_day=_short_day, on_time=metrics.on_time_value)
    return environment


# One environment each per process: it keeps the compiled templates (compiling them all again
# cost ~0.1 s a report).
@functools.cache
def _html_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["lines"] = _html_lines
    return _filters(environment)


@functools.cache
def _markdown_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=_markdown_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cell"] = lambda value: Markup(markdown_line(value))
    return _filters(environment)


def compile_templates() -> None:
    """Compile the report's templates now, once per process, not while a coach waits.

    The server does it at start (widgets.warm_up); the first report then skips ~0.1 s.
    """
    html, markdown = _html_environment(), _markdown_environment()
    for name in html.list_templates():  # the report, its sections and its style sheet
        if name.startswith("report"):
            (markdown if name.endswith(".md.j2") else html).get_template(name)


def _is_single_week(start: date, end: date) -> bool:
    return start.weekday() == 0 and end == start + timedelta(days=6)


def report_title(start: date, end: date) -> str:
    """'Week of 16 Nov 2026' for one Monday-Sunday week, else '1 Oct 2026 to 31 Oct 2026'."""
    if _is_single_week(start, end):
        return f"Week of {start:%d %b %Y}"
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def _charts(
    db: sqlite_utils.Database,
    start: date,
    end: date,
    today: date,
    activity: pd.DataFrame,
    replies: pd.DataFrame,
) -> list[tuple[charts.Chart, tuple]]:
    """The report's charts, each with what it is drawn from."""
    by_week = metrics.responses_per_week(replies, start, end)
    # The same readable network as the Outreach activity page: the largest trees only,
    # coloured by organization (so without the segments the page can colour by).
    nodes, edges, _ = metrics.network_to_show(db, today, segments=False)
    return [
        (charts.activity_chart, (activity,)),
        (charts.funnel_chart, (metrics.funnel(db, start, end),)),
        (charts.response_rate_chart, (by_week,)),
        (charts.days_to_reply_chart, (by_week,)),
        (charts.segments_chart, (metrics.count_segments(replies),)),
        *(
            (charts.on_time_chart, (frame, group))
            for group, frame in metrics.on_time_by_group(db, today, start, end).items()
        ),
        (charts.board_done_chart, (metrics.board_done_by_week(db, start, end),)),
        (charts.roles_chart, (metrics.roles_explored(db, start, end),)),
        (charts.industries_chart, (metrics.industries_explored(db, start, end),)),
        (charts.referral_network_chart, (nodes, edges)),
    ]


def _chart_html(drawn: list[tuple[charts.Chart, tuple]]) -> list[dict]:
    """Each chart as Plotly's own HTML (trusted as is) with its one-sentence summary.

    Written from the charts' plain specs: the pages validate the same specs when they draw
    them. plotly.js goes in once, inline, with the first chart.
    """
    return [
        {
            "html": Markup(
                pio.to_html(
                    chart.spec(*args),
                    validate=False,
                    full_html=False,
                    include_plotlyjs=index == 0,
                    config=CHART_CONFIG,
                    div_id=f"chart-{index + 1}",
                )
            ),
            "summary": charts.summary(chart, *args),
        }
        for index, (chart, args) in enumerate(drawn)
    ]


def _numbers(
    db: sqlite_utils.Database, start: date, end: date, today: date, follow_through: dict
) -> list[tuple]:
    """The report's headline figures, each from its one metrics function (metrics.FIGURES)."""
    response = metrics.replies(db, start, end, today)
    median = response["median_days_to_reply"]
    scheduled = metrics.scheduled_conversations(db, start, end)
    return [
        ("Outreach sent", metrics.outreaches(db, start, end)),
        # Contacts, as in the response rate below: a reply interaction or a conversation.
        ("Replies", response["replied"]),
        ("Conversations", metrics.conversations_held(db, start, end)),
        ("Thank-yous sent", metrics.thank_yous_sent(db, start, end)),
        ("Updates sent", metrics.updates_sent(db, start, end)),
        ("Board items done", metrics.board_items_done(db, start, end)),
        (
            "Response rate",
            f"{charts.percent(response['response_rate'])} "
            f"({response['replied']} of {response['reached_out']})",
        ),
        ("Median days to reply", "—" if median is None else f"{median:.1f} business days"),
        ("Thank-yous on time", metrics.on_time_value(follow_through["thank_you"])),
        ("One-month updates on time", metrics.on_time_value(follow_through["one_month_update"])),
        (
            f"Conversations over {vocab.TARGET_MINUTES} minutes",
            len(follow_through["overruns"]),
        ),
        ("Conversations scheduled", scheduled["scheduled"]),
        ("Scheduled conversations held", scheduled["held"]),
    ]


def _verdict(met: bool | None, under_way: bool) -> str:
    if met is None:
        return "none"
    if met:
        return "met"
    return "under_way" if under_way else "missed"


def _weeks(db: sqlite_utils.Database, start: date, end: date, today: date) -> list[dict]:
    """Per week in range: numbers, goals, verdict, follow-through, reflections and comment."""
    totals = metrics.weekly_totals(db, start, end)
    history = reviews.goal_history(db)
    weeks = []
    for row in totals.to_dict("records"):
        week = row["week"]
        goals = reviews.goals_for(history, week)
        review = reviews.get_review(db, week)
        numbers = {k: int(row[k]) for k in reviews.GOAL_FIELDS}
        met = reviews.meets_goals(row, goals) if reviews.has_goals(goals) else None
        # The week's own days, cut to the report's range at either end.
        first, last = max(week, start), min(week + timedelta(days=6), end)
        weeks.append(
            {
                "week": week,
                "numbers": numbers,
                "goals": goals,
                "goal_text": {k: _goal_text(numbers[k], goals, k) for k in reviews.GOAL_FIELDS},
                "met": met,
                "under_way": week <= today <= week + timedelta(days=6),
                "verdict": _verdict(met, week <= today <= week + timedelta(days=6)),
                "review": review,
                "has_reflections": any(review[k] for k in REFLECTION_LABELS),
                "follow_through": reviews.follow_through(db, first, last, today),
            }
        )
    return weeks


def _conversations(db: sqlite_utils.Database, start: date, end: date) -> list[dict]:
    talks = []
    for week in metrics.weeks_between(start, end):
        for talk in reviews.week_conversations(db, week):
            if start.isoformat() <= talk["held_on"] <= end.isoformat():
                talks.append(talk)
    return talks


def _goal_text(done: int, goals: dict | None, key: str) -> str:
    if not goals or not int(goals[key] or 0):
        return f"{done}"
    return f"{done} / {goals[key]}"


def _slipped(db: sqlite_utils.Database, start: date, end: date, today: date) -> dict:
    """The most overdue slipped follow-ups of the range's weeks, and how many more there are."""
    first, last = metrics.week_start(start), reviews.week_end(metrics.week_start(end))
    worst, in_all = reviews.most_slipped(db, first, last, today, limit=SLIPPED_SHOWN)
    return {"slipped": worst, "slipped_more": in_all - len(worst)}


def build_report(db: sqlite_utils.Database, start: date, end: date, today: date) -> Report:
    """The report for [start, end] as HTML (with offline charts) and Markdown."""
    if end < start:
        raise ValueError("The report range ends before it starts.")
    title = report_title(start, end)
    follow_through = reviews.follow_through(db, start, end, today)
    weeks = _weeks(db, start, end, today)
    # Queried once, used by the numbers and by the charts.
    activity = metrics.activity_by_week(db, start, end)
    replies = metrics.outreach_replies(db, today, start, end)
    context = {
        "title": title,
        "start": start,
        "end": end,
        "today": today,
        "sections": SECTIONS,
        "numbers": _numbers(db, start, end, today, follow_through),
        "streak": reviews.streak(db, metrics.week_start(end), today),
        "goal_fields": reviews.GOAL_FIELDS,
        "verdicts": VERDICTS,
        "weeks": weeks,
        "follow_through": follow_through,
        "target_minutes": vocab.TARGET_MINUTES,
        "reflection_labels": REFLECTION_LABELS,
        "talks": _conversations(db, start, end),
        **_slipped(db, start, end, today),
        "paths": paths.report_summary(db, start, end),
    }
    html_text = (
        _html_environment()
        .get_template("report.html.j2")
        .render(**context, charts=_chart_html(_charts(db, start, end, today, activity, replies)))
    )
    markdown = _markdown_environment().get_template("report.md.j2").render(**context)
    # Sections leave blank lines generously; one is enough between blocks.
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Report(title, start, end, html_text, markdown)
