"""The weekly review: goals over time, a week's numbers against them, streaks, reflections."""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from lib import metrics, store, vocab
from lib.contacts import now_utc
from lib.conversations import duration_note
from lib.dates import event_date
from lib.text import clean, markdown_escape, whole_number

GOAL_FIELDS = metrics.WEEKLY_MEASURES
MAX_GOAL = 500
MAX_TEXT = 10_000
STREAK_LOOKBACK_WEEKS = 156
# A busy week's first conversations are shown as cards, the rest when asked for; the most
# overdue slipped follow-ups are listed, all of them when asked for.
CARDS_SHOWN = 5
SLIPPED_LISTED = 10


class ReviewError(ValueError):
    """A goal or reflection cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def week_end(week: date) -> date:
    """The Sunday closing the week that holds week."""
    return metrics.week_start(week) + timedelta(days=6)


def goal_history(db: sqlite_utils.Database) -> list[dict]:
    """Every set of goals with the Monday it starts to apply, newest first."""
    return list(
        db.query(
            f"SELECT starts_on, {', '.join(GOAL_FIELDS)} FROM weekly_goals ORDER BY starts_on DESC"
        )
    )


def goals_in_force(db: sqlite_utils.Database, week: date) -> dict | None:
    """The goals that applied to the week holding week (the latest set starting by its end)."""
    rows = list(
        db.query(
            f"""SELECT starts_on, {", ".join(GOAL_FIELDS)} FROM weekly_goals
            WHERE starts_on <= ? ORDER BY starts_on DESC LIMIT 1""",
            [week_end(week).isoformat()],
        )
    )
    return rows[0] if rows else None


def goals_for(history: list[dict], week: date) -> dict | None:
    """From goal_history(), the goals in force for the week holding week."""
    end = week_end(week).isoformat()
    return next((g for g in history if g["starts_on"] <= end), None)


def has_goals(goals: dict | None) -> bool:
    """True when goals exist and ask for at least one thing."""
    return bool(goals) and any(int(goals[k] or 0) > 0 for k in GOAL_FIELDS)


def meets_goals(numbers: dict, goals: dict | None) -> bool:
    """True when every goal of the week was reached; a week without goals never counts."""
    return has_goals(goals) and all(int(numbers[k]) >= int(goals[k] or 0) for k in GOAL_FIELDS)


def validate_goals(values: dict) -> tuple[dict[str, int], dict[str, str]]:
    """Whole numbers from 0 to MAX_GOAL for each goal; returns (clean values, errors)."""
    clean: dict[str, int] = {}
    errors: dict[str, str] = {}
    for key, label in GOAL_FIELDS.items():
        raw = values.get(key, 0)
        number = 0 if raw in (None, "") else whole_number(raw)  # inf and nan: None, no overflow
        if number is None:
            errors[key] = f"{label}: give a whole number."
            continue
        if not 0 <= number <= MAX_GOAL:
            errors[key] = f"{label}: give a number from 0 to {MAX_GOAL}."
        clean[key] = number
    return clean, errors


def save_goals(db: sqlite_utils.Database, starts_on: date, values: dict) -> date:
    """Set the goals that apply from the week holding starts_on; return that Monday."""
    clean, errors = validate_goals(values)
    if not isinstance(starts_on, date) or event_date(starts_on) is None:
        errors["starts_on"] = "Pick the week the goals start to apply."
    if errors:
        raise ReviewError(errors)
    monday = metrics.week_start(event_date(starts_on))
    with store.write(db):
        db["weekly_goals"].upsert(
            {"starts_on": monday.isoformat(), **clean}, pk="starts_on", alter=False
        )
    return monday


# Each goal measure is one of the figures every surface shares (metrics.FIGURES).
_GOAL_FIGURES = {
    "outreaches": metrics.outreaches,
    "conversations": metrics.conversations_held,
    "thank_yous": metrics.thank_yous_sent,
    "items_done": metrics.board_items_done,
}


def week_numbers(db: sqlite_utils.Database, week: date) -> dict[str, int]:
    """The goal measures for the week holding week, each from its metrics figure."""
    monday = metrics.week_start(week)
    return {key: figure(db, monday, week_end(monday)) for key, figure in _GOAL_FIGURES.items()}


def week_summary(db: sqlite_utils.Database, week: date) -> dict:
    """A week's numbers against its goals and against the week before."""
    monday = metrics.week_start(week)
    before = monday - timedelta(weeks=1)
    this, previous = week_numbers(db, monday), week_numbers(db, before)
    goals = goals_in_force(db, monday)
    rows = []
    for key, label in GOAL_FIELDS.items():
        goal = int(goals[key]) if goals else None
        rows.append(
            {
                "measure": key,
                "label": label,
                "done": int(this[key]),
                "goal": goal,
                "met": None if not goal else int(this[key]) >= goal,
                "previous": int(previous[key]),
                "change": int(this[key]) - int(previous[key]),
            }
        )
    return {
        "week_start": monday,
        "week_end": week_end(monday),
        "goals": goals,
        "rows": rows,
        "met_all": meets_goals({r["measure"]: r["done"] for r in rows}, goals),
    }


def streak(db: sqlite_utils.Database, week: date, today: date) -> int:
    """Consecutive weeks meeting all their goals, ending with the picked week.

    The week still in progress counts once it has met its goals; until then the streak
    is the one that ended the week before.
    """
    monday = metrics.week_start(week)
    history = goal_history(db)
    if not history:
        return 0
    first = max(
        monday - timedelta(weeks=STREAK_LOOKBACK_WEEKS),
        date.fromisoformat(history[-1]["starts_on"]),
    )
    first = metrics.week_start(first)
    if first > monday:
        return 0
    # Up to three years of weeks: plain dicts, not a .loc lookup per week.
    weeks = metrics.weekly_totals(db, first, monday).to_dict("records")
    totals = {row["week"]: row for row in weeks}
    count = 0
    current = monday
    while current >= first:
        met = meets_goals(totals[current], goals_for(history, current))
        in_progress = current == monday and current <= today <= week_end(current)
        if met:
            count += 1
        elif not in_progress:
            break
        current -= timedelta(weeks=1)
    return count


def week_conversations(db: sqlite_utils.Database, week: date) -> list[dict]:
    """The week's conversations, with who, takeaways, interest and what came out of them."""
    monday = metrics.week_start(week)
    conversations = list(
        db.query(
            """SELECT v.id, v.held_on, v.mode, v.duration_minutes, v.takeaways,
                      v.still_interested, v.alternative_role, c.id AS contact_id,
                      c.name AS contact, o.name AS organization
               FROM conversations v JOIN contacts c ON c.id = v.contact_id
               LEFT JOIN organizations o ON o.id = c.organization_id
               WHERE v.held_on BETWEEN ? AND ? ORDER BY v.held_on, v.id""",
            [monday.isoformat(), week_end(monday).isoformat()],
        )
    )
    ids = [v["id"] for v in conversations]
    items: dict[int, list[dict]] = {i: [] for i in ids}
    if ids:
        marks = ", ".join("?" for _ in ids)
        for item in db.query(
            f"""SELECT b.conversation_id, r.kind, r.title, r.status, r.outcome
                FROM board_recommendations b JOIN research_items r ON r.id = b.item_id
                WHERE b.conversation_id IN ({marks}) ORDER BY b.id""",
            ids,
        ):
            item["kind_label"] = vocab.label(vocab.ITEM_KINDS, item["kind"])
            item["status_label"] = vocab.label(vocab.ITEM_STATUS, item["status"])
            items[item["conversation_id"]].append(item)
    for conversation in conversations:
        conversation["mode_label"] = vocab.label(vocab.MODES, conversation["mode"])
        conversation["interest_label"] = vocab.label(
            vocab.INTEREST, conversation["still_interested"]
        )
        conversation["recommendations"] = items[conversation["id"]]
    return conversations


# Follow-ups due in a span that were not done on time: done after their day, or still open
# past it. days_late runs to the day done, or to today while still open.
_SLIPPED_SQL = f"""
    SELECT f.id, f.kind, f.due_on, f.status, {metrics.DONE_DAY_SQL} AS done_on,
           c.id AS contact_id, c.name AS contact,
           CAST(julianday(coalesce({metrics.DONE_DAY_SQL}, :today)) - julianday(f.due_on)
                AS INTEGER) AS days_late,
           count(*) OVER () AS slipped_in_all
    FROM followups f JOIN contacts c ON c.id = f.contact_id
    WHERE f.status IN ('done', 'open') AND f.due_on BETWEEN :first AND :last
      AND ((f.status = 'done' AND {metrics.DONE_DAY_SQL} > f.due_on)
           OR (f.status = 'open' AND f.due_on < :today))
    ORDER BY {{order}}
    LIMIT :limit"""


def _slipped(
    db: sqlite_utils.Database, first: date, last: date, today: date, order: str, limit: int
) -> tuple[list[dict], int]:
    span = {"first": first.isoformat(), "last": last.isoformat(), "today": today.isoformat()}
    rows = list(db.query(_SLIPPED_SQL.format(order=order), {**span, "limit": limit}))
    in_all = rows[0]["slipped_in_all"] if rows else 0
    for row in rows:
        del row["slipped_in_all"]
        row["what"] = vocab.label(vocab.TASK_KINDS, row["kind"])
        row["state"] = "Done late" if row["status"] == "done" else "Not done yet"
    return rows, in_all


def conversation_card(talk: dict) -> str:
    """A week_conversations() row as one Markdown block, user text escaped: who, when and how
    long against the target, then takeaways, interest and alternative role, and what came of it."""
    head = (
        f"**{markdown_escape(talk['contact'])}**"
        + (f" · {markdown_escape(talk['organization'])}" if talk["organization"] else "")
        + f" · {date.fromisoformat(talk['held_on']):%a %d %b} · {talk['mode_label']}"
    )
    minutes = talk["duration_minutes"]
    if minutes is not None:
        head += f" · {minutes} min  \n_{duration_note(minutes)}_"
    details = []
    if talk["interest_label"]:
        details.append(f"Still interested: {talk['interest_label']}")
    if talk["alternative_role"]:
        details.append("Alternative role: " + markdown_escape(talk["alternative_role"]))
    blocks = [
        head,
        "Takeaways: " + markdown_escape(talk["takeaways"]) if talk["takeaways"] else "",
        " · ".join(details),
        "\n".join(
            f"- {item['kind_label']}: {markdown_escape(item['title'])} ({item['status_label']})"
            for item in talk["recommendations"]
        ),
    ]
    return "\n\n".join(block for block in blocks if block)


def slipped_line(item: dict) -> str:
    """A slipped follow-up (slipped_items' row) as one Markdown line, the name escaped:
    'Thank-you note · Ana Ruiz · due Mon 16 Nov · 9 days late, not done yet'."""
    late = item["days_late"]
    return (
        f"{item['what']} · {markdown_escape(item['contact'])} · "
        f"due {date.fromisoformat(item['due_on']):%a %d %b} · "
        f"{late} day{'s' if late != 1 else ''} late, {item['state'].lower()}"
    )


def slipped_items(db: sqlite_utils.Database, week: date, today: date) -> list[dict]:
    """Follow-ups due in the week not done on time: done late, or still open past their day."""
    monday = metrics.week_start(week)
    rows, _ = _slipped(db, monday, week_end(monday), today, "f.due_on, f.id", limit=-1)
    return rows


def most_slipped(
    db: sqlite_utils.Database, first: date, last: date, today: date, limit: int
) -> tuple[list[dict], int]:
    """The limit follow-ups due in [first, last] that slipped the most days (slipped_items'
    rows, most days late first), and how many slipped in all."""
    return _slipped(db, first, last, today, "days_late DESC, f.due_on, f.id", limit)


def follow_through(db: sqlite_utils.Database, start: date, end: date, today: date) -> dict:
    """Thank-yous and one-month updates on time out of due, and the conversations that ran over
    the 20-minute target, for [start, end] (the review's week, the report's range).

    Keys: thank_you, one_month_update, other (each due / on_time / late / missed, from
    metrics.on_time_by_kind) and overruns (metrics.overruns rows).
    """
    counts = metrics.follow_ups_on_time(db, start, end, today)
    return {**counts, "overruns": metrics.overruns(db, start, end)}


def get_review(db: sqlite_utils.Database, week: date) -> dict:
    """The week's reflections and coach comment (empty strings when none were written)."""
    rows = list(
        db.query(
            "SELECT * FROM weekly_reviews WHERE week_start = ?",
            [metrics.week_start(week).isoformat()],
        )
    )
    review = rows[0] if rows else {}
    return {
        "week_start": metrics.week_start(week),
        "learned": review.get("learned") or "",
        "next_week": review.get("next_week") or "",
        "coach_comment": review.get("coach_comment") or "",
        "coach_commented_at": review.get("coach_commented_at"),
    }


def save_reflections(db: sqlite_utils.Database, week: date, learned: str, next_week: str) -> None:
    """Save "what I learned" and "what I will do next week" for the week; the coach's comment stays."""
    learned, next_week = clean(learned), clean(next_week)
    errors = {
        key: f"Keep it under {MAX_TEXT:,} characters."
        for key, text in (("learned", learned), ("next_week", next_week))
        if len(text) > MAX_TEXT
    }
    if not isinstance(week, date) or event_date(week) is None:
        errors["week"] = "Pick the week these notes are about."
    if errors:
        raise ReviewError(errors)
    with store.write(db):
        db["weekly_reviews"].upsert(
            {
                "week_start": metrics.week_start(event_date(week)).isoformat(),
                "learned": learned or None,
                "next_week": next_week or None,
                "updated_at": now_utc(),
            },
            pk="week_start",
            alter=False,
        )
