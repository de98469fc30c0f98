"""A progress report for a coach: one self-contained HTML file (charts work offline) and Markdown.

Private notes never appear: no query here selects a private column, and every piece of user
text is escaped for the format it lands in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

import plotly.graph_objects as go
import sqlite_utils

from lib import charts, metrics, reviews

CHART_CONFIG = {"displaylogo": False, "responsive": True}
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")

STYLE = """
body { font-family: Inter, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2a2e;
       background: #fbfaf7; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin-bottom: 4px; } h2 { margin-top: 36px; font-size: 21px; }
.muted { color: #55605f; } .card { background: white; border: 1px solid #e4e1da;
  border-radius: 8px; padding: 12px 16px; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; background: white; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e4e1da; vertical-align: top; }
th { background: #f0eee8; } td.num, th.num { text-align: right; }
.numbers { display: flex; flex-wrap: wrap; gap: 12px; }
.numbers div { background: white; border: 1px solid #e4e1da; border-radius: 8px; padding: 10px 14px;
  min-width: 140px; } .numbers b { display: block; font-size: 24px; }
.chart { background: white; border: 1px solid #e4e1da; border-radius: 8px; margin: 12px 0; padding: 4px; }
.met { color: #2f6f62; font-weight: 600; } .missed { color: #b5655b; }
"""


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
    """Escape user text for Markdown (no links, emphasis or HTML), keeping line breaks."""
    escaped = MD_SPECIAL.sub(r"\\\1", str(text if text is not None else ""))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def md_cell(text: object) -> str:
    """Escape user text for one Markdown table cell (no line breaks)."""
    return md(text).replace("  \n", " ").replace("\n", " ")


def h(text: object) -> str:
    """Escape user text for HTML, quotes included."""
    return html.escape(str(text if text is not None else ""), quote=True)


def _is_single_week(start: date, end: date) -> bool:
    return start.weekday() == 0 and end == start + timedelta(days=6)


def report_title(start: date, end: date) -> str:
    """'Week of 16 Nov 2026' for one Monday-Sunday week, else '1 Oct 2026 to 31 Oct 2026'."""
    if _is_single_week(start, end):
        return f"Week of {start:%d %b %Y}"
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def _figures(db: sqlite_utils.Database, start: date, end: date, today: date) -> list[go.Figure]:
    replies = metrics.outreach_replies(db, today, start, end)
    by_week = metrics.responses_per_week(replies, start, end)
    # The same readable network as the Outreach activity page: the largest trees only.
    nodes, edges, _ = metrics.network_to_show(db, today)
    return [
        charts.activity_chart(metrics.activity_by_week(db, start, end)),
        charts.funnel_chart(metrics.funnel(db, start, end)),
        charts.response_rate_chart(by_week),
        charts.days_to_reply_chart(by_week),
        charts.segments_chart(metrics.count_segments(replies)),
        charts.on_time_chart(metrics.followups_on_time_by_week(db, today, start, end)),
        charts.board_done_chart(metrics.board_done_by_week(db, start, end)),
        charts.roles_chart(metrics.roles_explored(db, start, end)),
        charts.industries_chart(metrics.industries_explored(db, start, end)),
        charts.referral_network_chart(nodes, edges),
    ]


def _chart_html(figures: list[go.Figure]) -> str:
    parts = []
    for index, figure in enumerate(figures):
        # plotly.js goes in once, inline, with the first chart; the rest reuse it.
        parts.append(
            '<div class="chart">'
            + figure.to_html(
                full_html=False,
                include_plotlyjs=index == 0,
                config=CHART_CONFIG,
                div_id=f"chart-{index + 1}",
            )
            + "</div>"
        )
    return "\n".join(parts)


def _numbers(db: sqlite_utils.Database, start: date, end: date, today: date) -> list[tuple]:
    activity = metrics.activity_by_week(db, start, end)
    response = metrics.response_summary(db, today, start, end)
    on_time = metrics.followups_on_time_by_week(db, today, start, end)
    judged = int(on_time[list(metrics.ON_TIME_STATES)].to_numpy().sum())
    done = int(
        db.execute(
            "SELECT count(*) FROM research_items WHERE status = 'done' AND done_on BETWEEN ? AND ?",
            [start.isoformat(), end.isoformat()],
        ).fetchone()[0]
    )
    median = response["median_days_to_reply"]
    return [
        ("Outreach sent", int(activity["outreach"].sum())),
        ("Replies", int(activity["replies"].sum())),
        ("Conversations", int(activity["conversations"].sum())),
        ("Thank-yous sent", int(activity["thank_yous"].sum())),
        ("Updates sent", int(activity["updates"].sum())),
        ("Board items done", done),
        (
            "Response rate",
            f"{charts.percent(response['response_rate'])} "
            f"({response['replied']} of {response['reached_out']})",
        ),
        ("Median days to reply", "—" if median is None else f"{median:.1f} business days"),
        (
            "Follow-ups on time",
            charts.percent(on_time["on_time"].sum() / judged if judged else None),
        ),
    ]


def _weeks(db: sqlite_utils.Database, start: date, end: date, today: date) -> list[dict]:
    """Per week in range: numbers, goals, met, reflections and coach comment."""
    totals = metrics.weekly_totals(db, start, end)
    history = reviews.goal_history(db)
    weeks = []
    for row in totals.to_dict("records"):
        week = row["week"]
        goals = reviews.goals_for(history, week)
        review = reviews.get_review(db, week)
        weeks.append(
            {
                "week": week,
                "numbers": {k: int(row[k]) for k in reviews.GOAL_FIELDS},
                "goals": goals,
                "met": reviews.meets_goals(row, goals) if reviews.has_goals(goals) else None,
                "under_way": week <= today <= week + timedelta(days=6),
                "review": review,
                "slipped": reviews.slipped_items(db, week, today),
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


def _goal_text(week: dict, key: str) -> str:
    goals = week["goals"]
    done = week["numbers"][key]
    if not goals or not int(goals[key] or 0):
        return f"{done}"
    return f"{done} / {goals[key]}"


def build_report(db: sqlite_utils.Database, start: date, end: date, today: date) -> Report:
    """The report for [start, end] as HTML (with offline charts) and Markdown."""
    if end < start:
        raise ValueError("The report range ends before it starts.")
    title = report_title(start, end)
    numbers = _numbers(db, start, end, today)
    weeks = _weeks(db, start, end, today)
    talks = _conversations(db, start, end)
    figures = _figures(db, start, end, today)
    streak = reviews.streak(db, metrics.week_start(end), today)
    html_text = _render_html(title, start, end, today, numbers, weeks, talks, figures, streak)
    markdown = _render_markdown(title, start, end, today, numbers, weeks, talks, streak)
    return Report(title, start, end, html_text, markdown)


def _render_html(title, start, end, today, numbers, weeks, talks, figures, streak) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Fieldwork progress report — {h(title)}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        f"<h1>Fieldwork progress report — {h(title)}</h1>",
        f'<p class="muted">{start:%a %d %b %Y} to {end:%a %d %b %Y} · prepared {today:%d %b %Y}'
        f" · weeks start on Monday · private notes are never included.</p>",
        "<h2>The numbers</h2>",
        '<div class="numbers">'
        + "".join(f"<div>{h(label)}<b>{h(value)}</b></div>" for label, value in numbers)
        + f"<div>Streak of weeks meeting every goal<b>{streak}</b></div></div>",
        "<h2>Week by week, against the goals</h2>",
        "<table><thead><tr><th>Week of</th>"
        + "".join(f'<th class="num">{h(label)}</th>' for label in reviews.GOAL_FIELDS.values())
        + "<th>All goals met?</th></tr></thead><tbody>",
    ]
    for week in weeks:
        met = week["met"]
        verdict = (
            "no goals set"
            if met is None
            else (
                '<span class="met">yes</span>'
                if met
                else (
                    "not yet (week under way)"
                    if week["under_way"]
                    else '<span class="missed">no</span>'
                )
            )
        )
        out.append(
            f"<tr><td>{week['week']:%d %b %Y}</td>"
            + "".join(
                f'<td class="num">{h(_goal_text(week, key))}</td>' for key in reviews.GOAL_FIELDS
            )
            + f"<td>{verdict}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append('<p class="muted">Shown as done / goal where a goal was set.</p>')

    out.append("<h2>Reflections and coach comments</h2>")
    written = [
        w for w in weeks if any(w["review"][k] for k in ("learned", "next_week", "coach_comment"))
    ]
    if not written:
        out.append('<p class="muted">No reflections written in this period.</p>')
    for week in written:
        review = week["review"]
        out.append(f'<div class="card"><b>Week of {week["week"]:%d %b %Y}</b>')
        for key, label in (
            ("learned", "What I learned"),
            ("next_week", "What I will do next week"),
            ("coach_comment", "Coach's comment"),
        ):
            if review[key]:
                text = h(review[key]).replace("\n", "<br>")
                out.append(f"<p><i>{label}:</i> {text}</p>")
        out.append("</div>")

    out.append("<h2>Conversations</h2>")
    if not talks:
        out.append('<p class="muted">No conversations in this period.</p>')
    for talk in talks:
        line = f"<b>{h(talk['contact'])}</b>"
        if talk["organization"]:
            line += f" · {h(talk['organization'])}"
        line += f" · {date.fromisoformat(talk['held_on']):%a %d %b %Y} · {h(talk['mode_label'])}"
        if talk["duration_minutes"] is not None:
            line += f" · {int(talk['duration_minutes'])} min"
        out.append(f'<div class="card">{line}')
        if talk["takeaways"]:
            out.append(f"<p><i>Takeaways:</i> {h(talk['takeaways'])}</p>")
        extra = []
        if talk["interest_label"]:
            extra.append(f"Still interested: {h(talk['interest_label'])}")
        if talk["alternative_role"]:
            extra.append(f"Alternative role: {h(talk['alternative_role'])}")
        if extra:
            out.append(f"<p>{' · '.join(extra)}</p>")
        if talk["recommendations"]:
            out.append(
                "<ul>"
                + "".join(
                    f"<li>{h(r['kind_label'])}: {h(r['title'])} ({h(r['status_label'])})</li>"
                    for r in talk["recommendations"]
                )
                + "</ul>"
            )
        out.append("</div>")

    slipped = [s for w in weeks for s in w["slipped"]]
    out.append("<h2>Follow-ups that slipped</h2>")
    if not slipped:
        out.append('<p class="muted">Nothing due in this period slipped.</p>')
    else:
        out.append(
            "<table><thead><tr><th>What</th><th>Who</th><th>Due</th><th>State</th>"
            '<th class="num">Days late</th></tr></thead><tbody>'
        )
        for s in slipped:
            out.append(
                f"<tr><td>{h(s['what'])}</td><td>{h(s['contact'])}</td><td>{h(s['due_on'])}</td>"
                f'<td>{h(s["state"])}</td><td class="num">{int(s["days_late"])}</td></tr>'
            )
        out.append("</tbody></table>")

    out.append("<h2>Charts</h2>")
    out.append(_chart_html(figures))
    out.append("</main></body></html>")
    return "\n".join(out)


def _render_markdown(title, start, end, today, numbers, weeks, talks, streak) -> str:
    lines = [
        f"# Fieldwork progress report — {title}",
        "",
        f"{start:%a %d %b %Y} to {end:%a %d %b %Y} · prepared {today:%d %b %Y} · weeks start on "
        "Monday · private notes are never included. The charts are in the HTML version.",
        "",
        "## The numbers",
        "",
    ]
    lines += [f"- {label}: {md(value)}" for label, value in numbers]
    lines += [f"- Streak of weeks meeting every goal: {streak}", ""]
    lines += ["## Week by week, against the goals", ""]
    lines.append("| Week of | " + " | ".join(reviews.GOAL_FIELDS.values()) + " | All goals met? |")
    lines.append("|---|" + "---:|" * len(reviews.GOAL_FIELDS) + "---|")
    for week in weeks:
        met = week["met"]
        verdict = (
            "no goals set"
            if met is None
            else ("yes" if met else ("not yet (week under way)" if week["under_way"] else "no"))
        )
        cells = " | ".join(_goal_text(week, key) for key in reviews.GOAL_FIELDS)
        lines.append(f"| {week['week']:%d %b %Y} | {cells} | {verdict} |")
    lines += ["", "Shown as done / goal where a goal was set.", ""]

    lines += ["## Reflections and coach comments", ""]
    written = [
        w for w in weeks if any(w["review"][k] for k in ("learned", "next_week", "coach_comment"))
    ]
    if not written:
        lines += ["No reflections written in this period.", ""]
    for week in written:
        review = week["review"]
        lines += [f"### Week of {week['week']:%d %b %Y}", ""]
        for key, label in (
            ("learned", "What I learned"),
            ("next_week", "What I will do next week"),
            ("coach_comment", "Coach's comment"),
        ):
            if review[key]:
                lines += [f"*{label}:* {md(review[key])}", ""]

    lines += ["## Conversations", ""]
    if not talks:
        lines += ["No conversations in this period.", ""]
    for talk in talks:
        head = f"### {md(talk['contact'])}"
        if talk["organization"]:
            head += f" · {md(talk['organization'])}"
        head += f" · {date.fromisoformat(talk['held_on']):%a %d %b %Y} · {talk['mode_label']}"
        if talk["duration_minutes"] is not None:
            head += f" · {int(talk['duration_minutes'])} min"
        lines += [head, ""]
        if talk["takeaways"]:
            lines += [f"*Takeaways:* {md(talk['takeaways'])}", ""]
        if talk["interest_label"]:
            lines.append(f"- Still interested: {talk['interest_label']}")
        if talk["alternative_role"]:
            lines.append(f"- Alternative role: {md(talk['alternative_role'])}")
        for r in talk["recommendations"]:
            lines.append(f"- {r['kind_label']}: {md(r['title'])} ({r['status_label']})")
        lines.append("")

    slipped = [s for w in weeks for s in w["slipped"]]
    lines += ["## Follow-ups that slipped", ""]
    if not slipped:
        lines += ["Nothing due in this period slipped.", ""]
    else:
        lines += ["| What | Who | Due | State | Days late |", "|---|---|---|---|---:|"]
        for s in slipped:
            lines.append(
                f"| {md_cell(s['what'])} | {md_cell(s['contact'])} | {s['due_on']} | "
                f"{s['state']} | {int(s['days_late'])} |"
            )
        lines.append("")
    return "\n".join(lines)
