"""What the charts and the weekly review count: every definition once, aggregated in SQL.

Definitions (PRODUCT.md, "Definitions the charts share"):
- a week starts on Monday;
- outreach is an interaction of kind outreach or follow_up;
- response rate: contacts reached out to who replied, over contacts reached out to;
- a reply is a `reply` interaction or a conversation held, on or after the first outreach;
- days to reply: business days (Monday to Friday, less the public holidays of the country set
  on Your data) after the first outreach up to and including the first reply, so Friday ->
  Monday is 1 (lib.business_days.business_days_between);
- segments come from lib.followup_rules.response_segment (booster, obligate, curmudgeon); a
  contact it cannot place yet is "waiting";
- a follow-up is on time when the day it was sent (the local date of done_at, which the
  researcher may set when logging after the fact) is on or before its due day; thank-yous and
  one-month updates are also counted on their own (on_time_by_kind);
- an overrun is a conversation longer than its target: the 20-minute target, or its planned
  length when it was scheduled with another one (overruns).

The figures shown on more than one surface (Home, the weekly review, Outreach activity, the
coach report) each come from one function below, under "The figures": FIGURES names them, and
tests/unit/test_same_figures.py computes each on every surface for one range and asserts they
agree. A surface never counts one of them its own way.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import sqlite_utils

from lib import business_days, followups, schedule, vocab

ACTIVITY_KINDS = {
    "outreach": "Outreach",
    "replies": "Replies",
    "conversations": "Conversations",
    "thank_yous": "Thank-yous",
    "updates": "Updates",
}

SEGMENTS = {**followups.SEGMENTS, "waiting": "Waiting (too early to say)"}

FUNNEL_STAGES = {
    "identified": "Identified",
    "reached_out": "Reached out",
    "replied": "Replied",
    "met": "Met",
    "referred": "Referred someone onward",
}

ON_TIME_STATES = {"on_time": "On time", "late": "Late", "missed": "Overdue, not done"}
# The follow-ups the method judges on their own, then the rest together.
ON_TIME_KINDS = {
    "thank_you": "Thank-yous",
    "one_month_update": "One-month updates",
    "other": "Other follow-ups (3B7, keep in touch)",
}
_OWN_KINDS = ("thank_you", "one_month_update")
# The local day a task was done: done_at is a UTC instant (lib.clock.stamp_on).
DONE_DAY_SQL = "date(done_at, 'localtime')"

ROLE_SOURCES = {
    "contact": "A contact's role",
    "alternative": "Alternative role from a conversation",
    "board": "Role on the research board",
}

WEEKLY_MEASURES = {
    "outreaches": "Outreaches",
    "conversations": "Conversations",
    "thank_yous": "Thank-yous sent",
    "items_done": "Board items done",
}

_OUTREACH_IN = vocab.OUTREACH_SQL


def _week_sql(column: str) -> str:
    """SQL for the Monday (ISO date) of the week holding an ISO date or timestamp column."""
    day = f"substr({column}, 1, 10)"
    return f"date({day}, '-' || ((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7) || ' days')"


def week_start(day: date) -> date:
    """The Monday of the week holding day."""
    return day - timedelta(days=day.weekday())


def weeks_between(start: date, end: date) -> list[date]:
    """Every Monday from the week of start to the week of end, inclusive."""
    first, last = week_start(start), week_start(end)
    if last < first:
        return []
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def _range(start: date | None, end: date | None) -> tuple[str, str]:
    return (start or date(1900, 1, 1)).isoformat(), (end or date(9999, 12, 31)).isoformat()


# ---------------------------------------------------------------- the figures


def outreaches(db: sqlite_utils.Database, start: date, end: date) -> int:
    """Outreaches sent in [start, end]: interactions of kind outreach or follow_up."""
    low, high = _range(start, end)
    return int(
        db.execute(
            f"""SELECT count(*) FROM interactions
            WHERE kind IN ({_OUTREACH_IN}) AND occurred_on BETWEEN ? AND ?""",
            [low, high],
        ).fetchone()[0]
    )


def _interactions_of(db: sqlite_utils.Database, kind: str, start: date, end: date) -> int:
    low, high = _range(start, end)
    return int(
        db.execute(
            "SELECT count(*) FROM interactions WHERE kind = ? AND occurred_on BETWEEN ? AND ?",
            [kind, low, high],
        ).fetchone()[0]
    )


def thank_yous_sent(db: sqlite_utils.Database, start: date, end: date) -> int:
    """Thank-you notes sent in [start, end] (interactions of kind thank_you)."""
    return _interactions_of(db, "thank_you", start, end)


def updates_sent(db: sqlite_utils.Database, start: date, end: date) -> int:
    """Updates sent in [start, end] (interactions of kind update)."""
    return _interactions_of(db, "update", start, end)


def conversations_held(db: sqlite_utils.Database, start: date, end: date) -> int:
    """Conversations held (captured) on a day in [start, end]."""
    low, high = _range(start, end)
    return int(
        db.execute(
            "SELECT count(*) FROM conversations WHERE held_on BETWEEN ? AND ?", [low, high]
        ).fetchone()[0]
    )


def board_items_done(db: sqlite_utils.Database, start: date, end: date) -> int:
    """Research-board items marked done on a day in [start, end]."""
    low, high = _range(start, end)
    return int(
        db.execute(
            "SELECT count(*) FROM research_items WHERE status = 'done' AND done_on BETWEEN ? AND ?",
            [low, high],
        ).fetchone()[0]
    )


def replies(db: sqlite_utils.Database, start: date, end: date, today: date) -> dict:
    """Contacts first reached out to in [start, end] and how many of them replied (a reply
    interaction or a conversation held, on or after that first outreach): reached_out,
    replied, response_rate (replied over reached_out, None when nobody was reached out to) and
    the median and mean business days to reply. "Replies" and "Response rate (x of y)" on
    every surface are this one count."""
    return summarize_responses(outreach_replies(db, today, start, end))


def follow_ups_on_time(
    db: sqlite_utils.Database, start: date, end: date, today: date
) -> dict[str, dict[str, int]]:
    """Thank-yous, one-month updates and the other follow-ups due in [start, end], judged as
    of today: per ON_TIME_KINDS group, due, on_time, late, missed (on_time_by_kind)."""
    return on_time_by_kind(db, start, end, today)


def scheduled_conversations(db: sqlite_utils.Database, start: date, end: date) -> dict[str, int]:
    """Conversations scheduled to start on a local day in [start, end] (cancelled ones left
    out), and how many of them were held and captured (linked to their conversation)."""
    row = db.execute(
        """SELECT count(*), coalesce(sum(status = 'held'), 0) FROM scheduled_conversations
           WHERE status != 'cancelled' AND starts_at >= ? AND starts_at < ?""",
        [
            schedule.local_midnight_utc(start),
            schedule.local_midnight_utc(end + timedelta(days=1)),
        ],
    ).fetchone()
    return {"scheduled": int(row[0]), "held": int(row[1])}


# Every figure shown on more than one surface, by name (tests/unit/test_same_figures.py).
FIGURES = {
    "outreaches": outreaches,
    "replies": replies,
    "conversations_held": conversations_held,
    "thank_yous_sent": thank_yous_sent,
    "updates_sent": updates_sent,
    "board_items_done": board_items_done,
    "follow_ups_on_time": follow_ups_on_time,
    "scheduled_conversations": scheduled_conversations,
}


def _week_frame(weeks: list[date], columns: list[str], rows=()) -> pd.DataFrame:
    # rows: (week's Monday as text, column, count). Built in one go: setting cells one by one
    # with .loc costs ~0.1 ms each, and three years of weeks make hundreds of them.
    counts = {(week, column): count for week, column, count in rows}
    data = {
        column: [counts.get((week.isoformat(), column), 0) for week in weeks] for column in columns
    }
    return pd.DataFrame(data, index=pd.Index(weeks, name="week"), columns=columns, dtype="int64")


def _by_week(rows) -> list[tuple[str, str, int]]:
    """(day, column, count) rows summed into (week's Monday, column, count).

    Grouping by the stored day lets SQLite count along its date indexes; working out each
    row's Monday in SQL instead costs a date() call per row (90 ms for a year of 100,000).
    """
    mondays: dict[str, str | None] = {}
    totals: dict[tuple[str, str], int] = {}
    for day, column, count in rows:
        if day not in mondays:
            try:
                mondays[day] = week_start(date.fromisoformat(day[:10])).isoformat()
            except (TypeError, ValueError):  # not a date: counted in no week
                mondays[day] = None
        if mondays[day]:
            key = (mondays[day], column)
            totals[key] = totals.get(key, 0) + count
    return [(week, column, count) for (week, column), count in totals.items()]


def _interaction_days(
    db: sqlite_utils.Database, low: str, high: str, columns: dict[str, str]
) -> list[tuple[str, str, int]]:
    """(day, column, count) for interactions of the kinds in columns (kind -> column)."""
    kinds = ", ".join("?" for _ in columns)
    # Grouped by the stored values, so SQLite counts along its (kind, occurred_on) index.
    rows = db.execute(
        f"""SELECT kind, occurred_on, count(*) FROM interactions
        WHERE occurred_on BETWEEN ? AND ? AND kind IN ({kinds})
        GROUP BY kind, occurred_on""",
        [low, high, *columns],
    )
    return [(day, columns[kind], count) for kind, day, count in rows]


def activity_by_week(db: sqlite_utils.Database, start: date, end: date) -> pd.DataFrame:
    """One row per week in [start, end]: counts of outreach, replies, conversations, thank-yous, updates."""
    low, high = _range(start, end)
    columns = {kind: "outreach" for kind in vocab.OUTREACH_KINDS}
    columns.update(reply="replies", thank_you="thank_yous", update="updates")
    rows = _interaction_days(db, low, high, columns)
    rows += db.execute(
        """SELECT held_on, 'conversations', count(*) FROM conversations
        WHERE held_on BETWEEN ? AND ? GROUP BY held_on""",
        [low, high],
    ).fetchall()
    weeks = weeks_between(start, end)
    return _week_frame(weeks, list(ACTIVITY_KINDS), _by_week(rows)).reset_index()


def weekly_totals(db: sqlite_utils.Database, first_week: date, last_week: date) -> pd.DataFrame:
    """Per week: outreaches, conversations, thank-yous sent and board items done (goal measures)."""
    first, last = week_start(first_week), week_start(last_week) + timedelta(days=6)
    low, high = first.isoformat(), last.isoformat()
    columns = {kind: "outreaches" for kind in vocab.OUTREACH_KINDS}
    columns["thank_you"] = "thank_yous"
    rows = _interaction_days(db, low, high, columns)
    rows += db.execute(
        """SELECT held_on, 'conversations', count(*) FROM conversations
        WHERE held_on BETWEEN ? AND ? GROUP BY held_on
        UNION ALL
        SELECT done_on, 'items_done', count(*) FROM research_items
        WHERE status = 'done' AND done_on BETWEEN ? AND ? GROUP BY done_on""",
        [low, high, low, high],
    ).fetchall()
    weeks = weeks_between(first, last)
    return _week_frame(weeks, list(WEEKLY_MEASURES), _by_week(rows)).reset_index()


def outreach_replies(
    db: sqlite_utils.Database,
    today: date,
    start: date | None = None,
    end: date | None = None,
    contact_ids: list[int] | None = None,
) -> pd.DataFrame:
    """One row per contact first reached out to in [start, end]: dates, days to reply, segment.

    contact_ids, when given, limits the rows to those contacts (at most a few hundred).
    """
    low, high = _range(start, end)
    only, ids = "", []
    if contact_ids is not None:
        ids = [int(i) for i in contact_ids]
        only = f"AND contact_id IN ({', '.join('?' for _ in ids)})" if ids else "AND 0"
    rows = db.execute(
        f"""SELECT o.contact_id, o.first_outreach,
               (SELECT min(day) FROM (
                  SELECT r.occurred_on AS day FROM interactions r
                  WHERE r.contact_id = o.contact_id AND r.kind = 'reply'
                    AND r.occurred_on >= o.first_outreach
                  UNION ALL
                  SELECT v.held_on FROM conversations v
                  WHERE v.contact_id = o.contact_id AND v.held_on >= o.first_outreach
               )) AS first_reply,
               (SELECT min(f.occurred_on) FROM interactions f
                WHERE f.contact_id = o.contact_id AND f.kind = 'follow_up'
                  AND f.occurred_on > o.first_outreach) AS followed_up_on
            FROM (SELECT contact_id, min(occurred_on) AS first_outreach FROM interactions
                  WHERE kind IN ({_OUTREACH_IN}) {only} GROUP BY contact_id) o
            WHERE o.first_outreach BETWEEN ? AND ?
            ORDER BY o.first_outreach, o.contact_id""",
        [*ids, low, high],
    ).fetchall()
    records = []
    calendar = business_days.calendar_for(db)
    for contact_id, sent, replied, followed_up in rows:
        sent_on = date.fromisoformat(sent)
        replied_on = date.fromisoformat(replied) if replied else None
        followed_up_on = date.fromisoformat(followed_up) if followed_up else None
        records.append(
            {
                "contact_id": contact_id,
                "first_outreach": sent,
                "first_reply": replied,
                "week": week_start(sent_on),
                "days_to_reply": followups.business_days_between(sent_on, replied_on, calendar)
                if replied_on
                else None,
                "segment": followups.response_segment(
                    sent_on, replied_on, today, followed_up_on, calendar
                )
                or "waiting",
            }
        )
    columns = ["contact_id", "first_outreach", "first_reply", "week", "days_to_reply", "segment"]
    frame = pd.DataFrame(records, columns=columns)
    frame["days_to_reply"] = frame["days_to_reply"].astype("Int64")
    return frame


def response_summary(
    db: sqlite_utils.Database, today: date, start: date | None = None, end: date | None = None
) -> dict:
    """Contacts reached out to, how many replied, the response rate and days to reply."""
    return summarize_responses(outreach_replies(db, today, start, end))


def summarize_responses(frame: pd.DataFrame) -> dict:
    """response_summary() from an outreach_replies() frame."""
    reached = len(frame)
    replied = int(frame["first_reply"].notna().sum()) if reached else 0
    days = frame["days_to_reply"].dropna().astype(int) if reached else pd.Series(dtype=int)
    return {
        "reached_out": reached,
        "replied": replied,
        "response_rate": replied / reached if reached else None,
        "median_days_to_reply": float(days.median()) if len(days) else None,
        "mean_days_to_reply": float(days.mean()) if len(days) else None,
    }


def response_by_week(
    db: sqlite_utils.Database, today: date, start: date, end: date
) -> pd.DataFrame:
    """Per week of first outreach: reached out, replied, response rate, median days to reply."""
    return responses_per_week(outreach_replies(db, today, start, end), start, end)


def responses_per_week(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """response_by_week() from an outreach_replies() frame over [start, end]."""
    weeks = weeks_between(start, end)
    result = pd.DataFrame({"week": weeks})
    if frame.empty:
        return result.assign(reached_out=0, replied=0, response_rate=None, median_days=None)
    grouped = frame.groupby("week").agg(
        reached_out=("contact_id", "count"),
        replied=("first_reply", "count"),
        median_days=("days_to_reply", lambda s: s.dropna().astype(float).median()),
    )
    result = result.merge(grouped, left_on="week", right_index=True, how="left")
    result[["reached_out", "replied"]] = result[["reached_out", "replied"]].fillna(0).astype(int)
    result["response_rate"] = np.where(
        result["reached_out"] > 0, result["replied"] / result["reached_out"].clip(lower=1), np.nan
    )
    return result[["week", "reached_out", "replied", "response_rate", "median_days"]]


def segment_counts(
    db: sqlite_utils.Database, today: date, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """How many contacts (first reached out to in the range) fall in each response segment."""
    return count_segments(outreach_replies(db, today, start, end))


def count_segments(frame: pd.DataFrame) -> pd.DataFrame:
    """segment_counts() from an outreach_replies() frame."""
    counts = frame["segment"].value_counts() if len(frame) else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "segment": list(SEGMENTS),
            "label": list(SEGMENTS.values()),
            "contacts": [int(counts.get(s, 0)) for s in SEGMENTS],
        }
    )


def contact_segments(
    db: sqlite_utils.Database, today: date, contact_ids: list[int] | None = None
) -> dict[int, str]:
    """Every contact reached out to (or those of contact_ids), with their response segment."""
    frame = outreach_replies(db, today, contact_ids=contact_ids)
    return dict(zip(frame["contact_id"].astype(int), frame["segment"], strict=True))


def funnel(
    db: sqlite_utils.Database, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Contacts identified in the range and how many got at least as far as each later stage.

    Stages nest: someone you met counts as replied and reached out even when the emails
    were not logged; "referred onward" means met and then led you to someone (a contact
    whose referred-by is them, or a person they recommended on the board).
    """
    low, high = _range(start, end)
    row = db.execute(
        f"""WITH cohort AS (
              SELECT c.id,
                EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id) AS met,
                EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id
                        AND i.kind = 'reply') AS replied,
                EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id
                        AND i.kind IN ({_OUTREACH_IN})) AS reached,
                (EXISTS (SELECT 1 FROM contacts r WHERE r.referred_by_id = c.id)
                 OR EXISTS (SELECT 1 FROM board_recommendations b
                            JOIN research_items r ON r.id = b.item_id
                            WHERE b.contact_id = c.id AND r.kind = 'person')) AS referred
              FROM contacts c WHERE substr(c.created_at, 1, 10) BETWEEN ? AND ?
            )
            SELECT count(*),
                   coalesce(sum(reached OR replied OR met), 0),
                   coalesce(sum(replied OR met), 0),
                   coalesce(sum(met), 0),
                   coalesce(sum(met AND referred), 0)
            FROM cohort""",
        [low, high],
    ).fetchone()
    frame = pd.DataFrame(
        {"stage": list(FUNNEL_STAGES), "label": list(FUNNEL_STAGES.values()), "contacts": row}
    )
    first = frame["contacts"].iloc[0]
    previous = frame["contacts"].shift(1)
    frame["rate_from_previous"] = np.where(
        previous > 0, frame["contacts"] / previous.where(previous > 0, 1), np.nan
    )
    frame.loc[0, "rate_from_previous"] = 1.0 if first else np.nan
    frame["rate_from_start"] = frame["contacts"] / first if first else np.nan
    return frame


def _kinds_sql(kind_group: str | None) -> str:
    """A `kind` condition for one of ON_TIME_KINDS (None: every kind)."""
    if kind_group is None:
        return "1"
    if kind_group == "other":
        return "kind NOT IN (" + ", ".join(f"'{k}'" for k in _OWN_KINDS) + ")"
    if kind_group not in _OWN_KINDS:
        raise ValueError(f"Unknown follow-up group: {kind_group}")
    return f"kind = '{kind_group}'"


_ON_TIME_STATE = f"""CASE WHEN status = 'done' AND {DONE_DAY_SQL} <= due_on THEN 'on_time'
                        WHEN status = 'done' THEN 'late'
                        ELSE 'missed' END"""
# Follow-ups due in [?, ?] that can be judged: done, or open past their day (the third ?).
# Written so SQLite reads only that span of the (status, due_on) index for each status: as
# "status = 'done' OR (status = 'open' AND ...)" it read every done follow-up ever, ~4 ms a
# week on a year-old file, 52 times for a year's report.
JUDGED_SQL = """status IN ('done', 'open') AND due_on BETWEEN ? AND ?
              AND (status = 'done' OR due_on < ?)"""


def followups_on_time_by_week(
    db: sqlite_utils.Database,
    today: date,
    start: date,
    end: date,
    kind_group: str | None = None,
) -> pd.DataFrame:
    """Per week of the due date: follow-ups done on time, done late, and overdue not done.

    kind_group picks one of ON_TIME_KINDS (thank-yous, one-month updates, the others); None
    mixes every kind. Skipped and cancelled tasks are left out; open tasks not yet due are not
    judged.
    """
    low, high = _range(start, end)
    rows = db.execute(
        f"""SELECT {_week_sql("due_on")} AS week, {_ON_TIME_STATE} AS state, count(*)
            FROM followups
            WHERE {JUDGED_SQL} AND {_kinds_sql(kind_group)}
            GROUP BY week, state""",
        [low, high, today.isoformat()],
    ).fetchall()
    return _week_frame(weeks_between(start, end), list(ON_TIME_STATES), rows).reset_index()


def on_time_by_group(
    db: sqlite_utils.Database, today: date, start: date, end: date
) -> dict[str, pd.DataFrame]:
    """followups_on_time_by_week() for each of ON_TIME_KINDS, from one query (three charts)."""
    low, high = _range(start, end)
    rows = db.execute(
        f"""SELECT CASE WHEN kind IN ({", ".join(f"'{k}'" for k in _OWN_KINDS)}) THEN kind
                        ELSE 'other' END AS grp, due_on, {_ON_TIME_STATE} AS state, count(*)
            FROM followups
            WHERE {JUDGED_SQL}
            GROUP BY grp, due_on, state""",
        [low, high, today.isoformat()],
    ).fetchall()
    per_group: dict[str, list] = {group: [] for group in ON_TIME_KINDS}
    for group, day, state, count in rows:
        per_group[group].append((day, state, count))
    weeks = weeks_between(start, end)
    return {
        group: _week_frame(weeks, list(ON_TIME_STATES), _by_week(found)).reset_index()
        for group, found in per_group.items()
    }


def on_time_totals(by_group: dict[str, pd.DataFrame]) -> dict[str, dict[str, int]]:
    """on_time_by_kind() (with today) from on_time_by_group()'s frames: due, on_time, late, missed."""
    totals = {}
    for group, frame in by_group.items():
        counts = {state: int(frame[state].sum()) for state in ON_TIME_STATES}
        totals[group] = {"due": sum(counts.values()), **counts}
    return totals


def on_time_by_kind(
    db: sqlite_utils.Database, start: date, end: date, today: date | None = None
) -> dict[str, dict[str, int]]:
    """Per ON_TIME_KINDS group, follow-ups due in [start, end]: due, on_time, late, missed.

    "due" counts those judged: done (on time or late) and open past their due day (before
    today; without today, every open one due in the range). Skipped and cancelled are left out.
    """
    low, high = _range(start, end)
    cutoff = (today or (end + timedelta(days=1))).isoformat()
    groups = {group: dict.fromkeys(("due", *ON_TIME_STATES), 0) for group in ON_TIME_KINDS}
    rows = db.execute(
        f"""SELECT CASE WHEN kind IN ({", ".join(f"'{k}'" for k in _OWN_KINDS)}) THEN kind
                        ELSE 'other' END AS grp, {_ON_TIME_STATE} AS state, count(*)
            FROM followups
            WHERE {JUDGED_SQL}
            GROUP BY grp, state""",
        [low, high, cutoff],
    ).fetchall()
    for group, state, count in rows:
        groups[group][state] += count
        groups[group]["due"] += count
    return groups


def on_time_value(counts: dict[str, int]) -> str:
    """'3 of 4', or 'none due': the on-time figure as the review, the report and the activity
    page show it beside its label ("Thank-yous on time")."""
    return f"{counts['on_time']} of {counts['due']}" if counts["due"] else "none due"


def on_time_text(counts: dict[str, int]) -> str:
    """'3 of 4 on time', or 'none due' (for the review, the report and the activity page)."""
    if not counts["due"]:
        return "none due"
    return f"{counts['on_time']} of {counts['due']} on time"


def overruns(
    db: sqlite_utils.Database,
    start: date | None = None,
    end: date | None = None,
    target_minutes: int = vocab.TARGET_MINUTES,
) -> list[dict]:
    """Conversations held in [start, end] that ran over their target, oldest first.

    The target is target_minutes (the method's 20), or the planned length when the
    conversation was scheduled with another one. Each row: conversation_id, contact_id,
    contact, held_on, minutes, target, over (minutes past it). Conversations with no duration
    logged are never overruns.
    """
    low, high = _range(start, end)
    rows = db.query(
        """SELECT * FROM (
             SELECT v.id AS conversation_id, v.contact_id, c.name AS contact, v.held_on,
                    v.duration_minutes AS minutes,
                    coalesce((SELECT s.planned_minutes FROM scheduled_conversations s
                              WHERE s.conversation_id = v.id), ?) AS target
             FROM conversations v JOIN contacts c ON c.id = v.contact_id
             WHERE v.held_on BETWEEN ? AND ? AND v.duration_minutes IS NOT NULL)
           WHERE minutes > target ORDER BY held_on, conversation_id""",
        [target_minutes, low, high],
    )
    return [{**row, "over": row["minutes"] - row["target"]} for row in rows]


def roles_explored(
    db: sqlite_utils.Database, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Roles seen, by source (contacts' roles, alternative roles, board 'role' items), most first."""
    low, high = _range(start, end)
    rows = db.execute(
        """SELECT min(role) AS role, source, count(*) AS mentions FROM (
              SELECT trim(role) AS role, 'contact' AS source FROM contacts
              WHERE trim(coalesce(role, '')) != '' AND substr(created_at, 1, 10) BETWEEN ? AND ?
              UNION ALL
              SELECT trim(alternative_role), 'alternative' FROM conversations
              WHERE trim(coalesce(alternative_role, '')) != '' AND held_on BETWEEN ? AND ?
              UNION ALL
              SELECT trim(title), 'board' FROM research_items
              WHERE kind = 'role' AND substr(created_at, 1, 10) BETWEEN ? AND ?
           ) GROUP BY lower(role), source""",
        [low, high, low, high, low, high],
    ).fetchall()
    frame = pd.DataFrame(rows, columns=["role", "source", "mentions"])
    if frame.empty:
        return frame
    # One spelling per role across sources, so "EHR trainer" and "EHR Trainer" stack together.
    frame["key"] = frame["role"].str.lower()
    frame["role"] = frame.groupby("key")["role"].transform("first")
    totals = frame.groupby("key")["mentions"].transform("sum")
    frame = frame.assign(total=totals).sort_values(["total", "role"], ascending=[False, True])
    return frame.drop(columns=["key", "total"]).reset_index(drop=True)


def industries_explored(
    db: sqlite_utils.Database, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Industries (the contact's, else their organization's) with contacts and conversations."""
    low, high = _range(start, end)
    rows = db.execute(
        """SELECT coalesce(nullif(trim(c.industry), ''), nullif(trim(o.industry), ''), 'Not set')
                  AS industry,
                  count(DISTINCT c.id) AS contacts,
                  count(v.id) AS conversations
           FROM contacts c
           LEFT JOIN organizations o ON o.id = c.organization_id
           LEFT JOIN conversations v ON v.contact_id = c.id AND v.held_on BETWEEN ? AND ?
           WHERE substr(c.created_at, 1, 10) BETWEEN ? AND ? OR v.id IS NOT NULL
           GROUP BY 1 ORDER BY contacts DESC, industry""",
        [low, high, low, high],
    ).fetchall()
    return pd.DataFrame(rows, columns=["industry", "contacts", "conversations"])


def board_done_by_week(db: sqlite_utils.Database, start: date, end: date) -> pd.DataFrame:
    """Board items marked done per week and kind (long format: week, kind, label, items)."""
    low, high = _range(start, end)
    rows = db.execute(
        f"""SELECT {_week_sql("done_on")} AS week, kind, count(*) FROM research_items
            WHERE status = 'done' AND done_on BETWEEN ? AND ?
            GROUP BY week, kind ORDER BY week, kind""",
        [low, high],
    ).fetchall()
    frame = pd.DataFrame(rows, columns=["week", "kind", "items"])
    frame["week"] = [date.fromisoformat(w) for w in frame["week"]]
    frame["label"] = [vocab.label(vocab.ITEM_KINDS, k) for k in frame["kind"]]
    return frame[["week", "kind", "label", "items"]]


def referral_network(
    db: sqlite_utils.Database, today: date, segments: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who led to whom: nodes (every contact in a referral) and edges (referrer -> referred).

    Nodes carry name, organization, conversations (node size), segment, referral depth
    (0 for someone nobody referred you to) and root (the id of the tree's first person).
    """
    nodes = pd.DataFrame(
        db.execute(
            """WITH RECURSIVE linked(id) AS (
                  SELECT id FROM contacts WHERE referred_by_id IS NOT NULL
                  UNION SELECT referred_by_id FROM contacts WHERE referred_by_id IS NOT NULL
               ),
               depth(id, depth, root) AS (
                  SELECT c.id, 0, c.id FROM contacts c JOIN linked l ON l.id = c.id
                  WHERE c.referred_by_id IS NULL
                  UNION ALL
                  SELECT c.id, d.depth + 1, d.root FROM contacts c
                  JOIN depth d ON c.referred_by_id = d.id
                  WHERE d.depth < 50
               )
               SELECT c.id, c.name, coalesce(o.name, 'No organization') AS organization,
                      c.referred_by_id, d.depth, d.root,
                      (SELECT count(*) FROM conversations v WHERE v.contact_id = c.id)
                          AS conversations
               FROM depth d JOIN contacts c ON c.id = d.id
               LEFT JOIN organizations o ON o.id = c.organization_id
               ORDER BY d.depth, c.name COLLATE NOCASE, c.id"""
        ).fetchall(),
        columns=["id", "name", "organization", "referred_by_id", "depth", "root", "conversations"],
    )
    if segments:
        _add_segments(db, today, nodes)
    return nodes, _edges(nodes)


MAX_NETWORK_NODES = 300


def largest_trees(
    nodes: pd.DataFrame, edges: pd.DataFrame, max_nodes: int = MAX_NETWORK_NODES
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Trim a referral_network() to a readable size: whole trees, biggest first, up to max_nodes.

    A tree too big on its own is cut at the deepest level that still fits. Returns the kept
    nodes and edges, and what was left out: {"trees", "people", "shown_trees", "cut_depth"}.
    """
    left_out = {"trees": 0, "people": 0, "shown_trees": 0, "cut_depth": None}
    if nodes.empty or len(nodes) <= max_nodes:
        left_out["shown_trees"] = int(nodes["root"].nunique()) if len(nodes) else 0
        return nodes, edges, left_out
    # Plain dicts: a Series lookup per tree (thousands of them) costs more than the sort.
    sizes = {root: int(size) for root, size in nodes.groupby("root").size().items()}
    # Most people first; ties go to the tree with more conversations, then the oldest root.
    talks = nodes.groupby("root")["conversations"].sum().to_dict()
    order = sorted(sizes, key=lambda r: (-sizes[r], -int(talks[r]), int(r)))
    kept_roots, total = [], 0
    for root in order if int(sizes[order[0]]) <= max_nodes else []:
        if total + int(sizes[root]) > max_nodes:
            continue
        kept_roots.append(root)
        total += int(sizes[root])
    cut_depth = None
    if not kept_roots:  # the biggest tree alone is too big: keep its shallow levels
        root = order[0]
        tree = nodes[nodes["root"] == root]
        per_depth = tree.groupby("depth").size().sort_index().cumsum()
        fitting = per_depth[per_depth <= max_nodes]
        cut_depth = int(fitting.index.max()) if len(fitting) else 0
        kept = tree[tree["depth"] <= cut_depth]
        kept_roots = [root]
    else:
        kept = nodes[nodes["root"].isin(kept_roots)]
    ids = set(kept["id"].astype(int))
    kept_edges = edges[edges["source"].isin(ids) & edges["target"].isin(ids)]
    left_out = {
        "trees": int(len(sizes) - len(kept_roots)),
        "people": int(len(nodes) - len(kept)),
        "shown_trees": len(kept_roots),
        "cut_depth": cut_depth,
    }
    return kept.reset_index(drop=True), kept_edges.reset_index(drop=True), left_out


# Every person in a referral tree: no names yet (for sizing the trees), with depth and root.
_REFERRAL_TREES = """WITH RECURSIVE tree(id, referred_by_id, depth, root) AS (
        SELECT c.id, NULL, 0, c.id FROM contacts c
        WHERE c.referred_by_id IS NULL
          AND EXISTS (SELECT 1 FROM contacts k WHERE k.referred_by_id = c.id)
        UNION ALL
        SELECT c.id, c.referred_by_id, t.depth + 1, t.root FROM contacts c
        JOIN tree t ON c.referred_by_id = t.id
        WHERE t.depth < 50
    )
    SELECT t.id, t.referred_by_id, t.depth, t.root,
           (SELECT count(*) FROM conversations v WHERE v.contact_id = t.id) AS conversations
    FROM tree t"""
# The people kept (a JSON list of [id, depth, root, conversations]) with names and
# organizations, in referral_network()'s order.
_KEPT_PEOPLE = """WITH kept(id, depth, root, conversations) AS (
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)
    )
    SELECT c.id, c.name, coalesce(o.name, 'No organization') AS organization,
           c.referred_by_id, k.depth, k.root, k.conversations
    FROM kept k JOIN contacts c ON c.id = k.id
    LEFT JOIN organizations o ON o.id = c.organization_id
    ORDER BY k.depth, c.name COLLATE NOCASE, c.id"""


def _edges(nodes: pd.DataFrame) -> pd.DataFrame:
    """(source, target) for every node referred by another, in the nodes' order."""
    edges = nodes.loc[nodes["referred_by_id"].notna(), ["referred_by_id", "id"]]
    edges = edges.rename(columns={"referred_by_id": "source", "id": "target"}).astype(int)
    return edges.reset_index(drop=True)


def network_to_show(
    db: sqlite_utils.Database,
    today: date,
    max_nodes: int = MAX_NETWORK_NODES,
    segments: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The referral network trimmed to a readable size (largest_trees), with what was left out:
    largest_trees(*referral_network(db, today)), without reading every person's name.

    The trees are sized from ids alone; names and organizations are read for the people
    kept (at most max_nodes of 10,000). segments=False leaves out the nodes' response
    segments (for a chart coloured by organization only, as the coach report's is).
    """
    columns = ["id", "referred_by_id", "depth", "root", "conversations"]
    trees = pd.DataFrame(db.execute(_REFERRAL_TREES).fetchall(), columns=columns)
    kept, _, left_out = largest_trees(trees, _edges(trees), max_nodes=max_nodes)
    people = kept[["id", "depth", "root", "conversations"]].astype(int).to_numpy().tolist()
    nodes = pd.DataFrame(
        db.execute(_KEPT_PEOPLE, [json.dumps(people)]).fetchall(),
        columns=["id", "name", "organization", "referred_by_id", "depth", "root", "conversations"],
    )
    if len(nodes):  # as in the whole network, where the roots' NULLs make it a float column
        nodes["referred_by_id"] = nodes["referred_by_id"].astype("float64")
    if segments:
        # Segments cost a pass over every outreach; work them out for the people shown only.
        _add_segments(db, today, nodes)
    return nodes, _edges(nodes), left_out


def _add_segments(db: sqlite_utils.Database, today: date, nodes: pd.DataFrame) -> None:
    ids = [int(i) for i in nodes["id"]]
    found = contact_segments(db, today, contact_ids=ids) if ids else {}
    nodes["segment"] = [found.get(i, "not_reached") for i in ids]


def first_day_on_record(db: sqlite_utils.Database) -> date | None:
    """The earliest interaction, conversation or contact, or None in an empty file."""
    row = db.execute(
        """SELECT min(day) FROM (
            SELECT min(occurred_on) AS day FROM interactions
            UNION ALL SELECT min(held_on) FROM conversations
            UNION ALL SELECT min(substr(created_at, 1, 10)) FROM contacts)"""
    ).fetchone()
    try:
        return date.fromisoformat(row[0]) if row and row[0] else None
    except ValueError:
        return None
