"""The stored follow-up tasks the rules of lib.followup_rules create, and what the researcher
does with them (mark done, snooze, skip).

Tasks live in the followups table. Conversation tasks (thank-you, one-month update) are made
when a conversation is saved. 3B7 prompts and keep-in-touch reminders are derived from the
interactions and materialised by `sync_tasks`, which is idempotent: run it as often as you like.

`done_at` is the UTC instant a task was closed: for a task marked done, the sent-on day the
researcher gave, at the time of day they logged it; on-time is judged on its local date.
The rules' names (and lib.business_days' day counting) are re-exported, so callers keep
reaching them as lib.followups.*.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from lib import clock, rhythms, store, vocab
from lib.business_days import (
    WEEKENDS_ONLY,
    BusinessCalendar,
    add_business_days,
    business_days_between,
    calendar_for,
    is_business_day,
)
from lib.contacts import ARCHIVED_REASON, row_exists
from lib.dates import as_date, event_date
from lib.followup_rules import (
    FOLLOW_UP_AFTER_BUSINESS_DAYS,
    FOLLOW_UP_GRACE_BUSINESS_DAYS,
    KEEP_IN_TOUCH_DAYS,
    NEXT_CONTACT_AFTER_BUSINESS_DAYS,
    OUTREACH_TASKS,
    OUTREACH_WINDOW_DAYS,
    SEGMENTS,
    THANK_YOU_AFTER_DAYS,
    UPDATE_AFTER_DAYS,
    WEEK_AHEAD_DAYS,
    conversation_tasks,
    due_bucket,
    effective_due,
    is_going_cold,
    keep_in_touch_due,
    keep_in_touch_late,
    response_segment,
    short_day,
    task_reason,
    thank_you_due,
    three_b_seven,
    update_due,
)
from lib.text import clean

__all__ = [
    "FOLLOW_UP_AFTER_BUSINESS_DAYS",
    "FOLLOW_UP_GRACE_BUSINESS_DAYS",
    "KEEP_IN_TOUCH_DAYS",
    "NEXT_CONTACT_AFTER_BUSINESS_DAYS",
    "OUTREACH_TASKS",
    "OUTREACH_WINDOW_DAYS",
    "SEGMENTS",
    "THANK_YOU_AFTER_DAYS",
    "UPDATE_AFTER_DAYS",
    "WEEK_AHEAD_DAYS",
    "add_business_days",
    "business_days_between",
    "calendar_for",
    "conversation_tasks",
    "due_bucket",
    "effective_due",
    "is_business_day",
    "is_going_cold",
    "keep_in_touch_due",
    "keep_in_touch_late",
    "response_segment",
    "task_reason",
    "thank_you_due",
    "three_b_seven",
    "update_due",
]

# OUTREACH_WINDOW_DAYS (lib.followup_rules): 3B7 prompts are made for outreaches sent in the
# last 60 days; an older silent outreach is a curmudgeon to let go, not a task (and the window
# keeps the sync fast at 100,000 interactions).

# What marking a task done logs as an interaction with the contact. Reaching out to someone
# else (3B) is an outreach to another person, so it logs nothing against this contact.
DONE_INTERACTION = {
    "thank_you": "thank_you",
    "one_month_update": "update",
    "follow_up": "follow_up",
    "keep_in_touch": "keep_in_touch",
    "next_contact": None,
}
SNOOZE_MAX_DAYS = 730  # two years

# Why the sync closed a 3B prompt, shown in the contact's timeline.
REPLIED_REASON = "They replied."
SCHEDULED_REASON = "You have a conversation scheduled with them, so they answered."
FOLLOWED_UP_REASON = "You sent the 7B follow-up, so the 3B step is over."
WINDOW_REASON = f"No reply in {OUTREACH_WINDOW_DAYS} days: the 3B step lapsed; let this one go."


class FollowupError(ValueError):
    """A follow-up task cannot be changed as asked; the message says why."""


def schedule_for_conversation(
    db: sqlite_utils.Database, conversation_id: int, contact_id: int, held_on: date
) -> None:
    """Create a conversation's tasks, or move its still-open ones when its date changed."""
    for kind, due in conversation_tasks(held_on).items():
        existing = db.execute(
            "SELECT id, status, due_on FROM followups WHERE kind = ? AND conversation_id = ?",
            [kind, conversation_id],
        ).fetchone()
        if existing is None:
            db["followups"].insert(
                {
                    "kind": kind,
                    "contact_id": contact_id,
                    "conversation_id": conversation_id,
                    "due_on": due.isoformat(),
                }
            )
        elif existing[1] == "open" and existing[2] != due.isoformat():
            db["followups"].update(existing[0], {"due_on": due.isoformat(), "snoozed_until": None})


# First reply on or after an outreach: a reply interaction, or a conversation held.
_FIRST_RESPONSE = """(SELECT min(day) FROM (
        SELECT r.occurred_on AS day FROM interactions r
        WHERE r.contact_id = i.contact_id AND r.kind = 'reply' AND r.occurred_on >= i.occurred_on
        UNION ALL
        SELECT v.held_on FROM conversations v
        WHERE v.contact_id = i.contact_id AND v.held_on >= i.occurred_on))"""


# A conversation scheduled (and not cancelled) to start on or after the outreach: they answered
# it, as a reply does, so its 3B and 7B steps are over.
_SCHEDULED_SINCE = """EXISTS (SELECT 1 FROM scheduled_conversations s
        WHERE s.contact_id = i.contact_id AND s.status != 'cancelled'
          AND date(s.starts_at, 'localtime') >= i.occurred_on)"""


def _closed_at(day: str, created_at: str | None) -> str:
    """When a task closed by something logged on `day` was done, as a UTC instant.

    The logged row's own creation instant when it falls on that local day (logged the day it
    was sent), else that day at the current local time of day.
    """
    if clock.local_date(created_at) == as_date(day):
        return str(created_at)
    return clock.stamp_on(date.fromisoformat(day))


def sync_tasks(
    db: sqlite_utils.Database, today: date, keep_in_touch_days: int | None = None
) -> dict[str, int]:
    """Create, close and cancel derived tasks (3B7, keep-in-touch); safe to run repeatedly.

    Keep-in-touch follows each contact's rhythm (lib.rhythms); keep_in_touch_days, when given,
    stands in for the default rhythm (due and late on that day).
    """
    counts = {"created": 0, "cancelled": 0, "closed": 0}
    calendar = calendar_for(db)
    with store.write(db):
        _sync_outreach_tasks(db, today - timedelta(days=OUTREACH_WINDOW_DAYS), calendar, counts)
        # A file part way through its migrations (a step's own test) has no rhythms yet.
        if rhythms.stored_here(db):
            default = (
                rhythms.default_rhythm(db)
                if keep_in_touch_days is None
                else rhythms.Rhythm(keep_in_touch_days, keep_in_touch_days)
            )
            _sync_keep_in_touch(db, today, default, counts)
    return counts


def _sync_outreach_tasks(
    db: sqlite_utils.Database, since: date, calendar: BusinessCalendar, counts: dict[str, int]
) -> None:
    now = clock.utc_stamp()
    # A reply (or a conversation) cancels the 3B7 prompts that are still open.
    cancelled = db.execute(
        f"""UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ?
        WHERE status = 'open' AND kind IN ('next_contact', 'follow_up')
          AND interaction_id IN (
            SELECT i.id FROM interactions i WHERE i.id = followups.interaction_id
              AND {_FIRST_RESPONSE} IS NOT NULL)""",
        [REPLIED_REASON, now],
    ).rowcount
    cancelled += db.execute(
        f"""UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ?
        WHERE status = 'open' AND kind IN ('next_contact', 'follow_up')
          AND interaction_id IN (
            SELECT i.id FROM interactions i WHERE i.id = followups.interaction_id
              AND {_SCHEDULED_SINCE})""",
        [SCHEDULED_REASON, now],
    ).rowcount
    # A scheduled conversation cancelled since, with no reply either: the steps are back on.
    db.execute(
        f"""UPDATE followups SET status = 'open', skip_reason = NULL, done_at = NULL
        WHERE status = 'cancelled' AND skip_reason = ?
          AND interaction_id IN (
            SELECT i.id FROM interactions i WHERE i.id = followups.interaction_id
              AND NOT {_SCHEDULED_SINCE} AND {_FIRST_RESPONSE} IS NULL)""",
        [SCHEDULED_REASON],
    )
    cancelled += db.execute(
        """UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ?
        WHERE status = 'open' AND contact_id IN (SELECT id FROM contacts WHERE status != 'active')""",
        [ARCHIVED_REASON, now],
    ).rowcount
    counts["cancelled"] += cancelled

    # Outreaches without their prompts yet, and no reply: make the prompts.
    pending = db.execute(
        f"""SELECT i.id, i.contact_id, i.occurred_on FROM interactions i
        JOIN contacts c ON c.id = i.contact_id AND c.status = 'active'
        WHERE i.kind = 'outreach' AND i.occurred_on >= ?
          AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.interaction_id = i.id)
          AND {_FIRST_RESPONSE} IS NULL AND NOT {_SCHEDULED_SINCE}""",
        [since.isoformat()],
    ).fetchall()
    rows = []
    for interaction_id, contact_id, sent_on in pending:
        for kind, due in three_b_seven(date.fromisoformat(sent_on), calendar=calendar).items():
            rows.append(
                {
                    "kind": kind,
                    "contact_id": contact_id,
                    "interaction_id": interaction_id,
                    "due_on": due.isoformat(),
                }
            )
    if rows:
        db["followups"].insert_all(rows, ignore=True)
        counts["created"] += len(rows)

    # A follow-up logged by hand after the outreach closes the 7B prompt. One executemany per
    # kind of change: a first sync of a busy file closes thousands of tasks, and table.update()
    # looks up the table's schema for every row.
    closed = []
    for task_id, follow_id, follow_on, logged_at in db.execute(
        """SELECT f.id, fu.id, min(fu.occurred_on), fu.created_at FROM followups f
        JOIN interactions i ON i.id = f.interaction_id
        JOIN interactions fu ON fu.contact_id = i.contact_id AND fu.kind = 'follow_up'
             AND fu.occurred_on >= i.occurred_on AND fu.id != i.id
        WHERE f.status = 'open' AND f.kind = 'follow_up'
        GROUP BY f.id"""
    ).fetchall():
        closed.append((_closed_at(follow_on, logged_at), follow_id, task_id))
    db.conn.executemany(
        "UPDATE followups SET status = 'done', done_at = ?, done_interaction_id = ? WHERE id = ?",
        closed,
    )
    counts["closed"] += len(closed)
    # An outreach to someone else at the same organization closes the 3B prompt.
    closed = []
    for task_id, other_on, logged_at in db.execute(
        # CROSS JOIN keeps SQLite starting from the few open tasks, not every outreach.
        """SELECT f.id, min(o.occurred_on), o.created_at FROM followups f
        CROSS JOIN interactions i ON i.id = f.interaction_id
        CROSS JOIN contacts c ON c.id = i.contact_id AND c.organization_id IS NOT NULL
        CROSS JOIN contacts peer ON peer.organization_id = c.organization_id AND peer.id != c.id
        CROSS JOIN interactions o ON o.contact_id = peer.id AND o.kind = 'outreach'
             AND o.occurred_on >= i.occurred_on
        WHERE f.status = 'open' AND f.kind = 'next_contact'
        GROUP BY f.id"""
    ).fetchall():
        closed.append((_closed_at(other_on, logged_at), task_id))
    db.conn.executemany("UPDATE followups SET status = 'done', done_at = ? WHERE id = ?", closed)
    counts["closed"] += len(closed)
    _retire_3b_prompts(db, since, counts)


def _retire_3b_prompts(db: sqlite_utils.Database, since: date, counts: dict[str, int]) -> None:
    now = clock.utc_stamp()
    cancelled = 0
    # The 3B step is over once the 7B follow-up went out (logged by hand or marked done) ...
    cancelled += db.execute(
        """UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ?
        WHERE status = 'open' AND kind = 'next_contact'
          AND EXISTS (SELECT 1 FROM interactions i
            JOIN interactions fu ON fu.contact_id = i.contact_id AND fu.kind = 'follow_up'
              AND fu.occurred_on >= i.occurred_on AND fu.id != i.id
            WHERE i.id = followups.interaction_id)""",
        [FOLLOWED_UP_REASON, now],
    ).rowcount
    # ... and once the outreach is older than the window 3B7 prompts are made for.
    cancelled += db.execute(
        """UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ?
        WHERE status = 'open' AND kind = 'next_contact'
          AND interaction_id IN (SELECT id FROM interactions WHERE occurred_on < ?)""",
        [WINDOW_REASON, now, since.isoformat()],
    ).rowcount
    counts["cancelled"] += cancelled


# The last day the researcher and a contact were in touch (lib.rhythms says what counts).
_LAST_TOUCH = rhythms.LAST_TOUCH_SQL

# Why the sync closed a keep-in-touch note, shown in the contact's timeline. A note closed for
# one of these reasons opens again when the reason goes (the scheduled conversation cancelled,
# the rhythm set back); one the researcher skipped stays skipped until the next touch.
IN_TOUCH_REASON = "In touch again."
RHYTHM_REASON = "Their keep-in-touch rhythm changed."
NO_RHYTHM_REASON = "No keep-in-touch rhythm for them now."
IN_3B7_REASON = "In the 3B7 steps with them: no keep-in-touch note meanwhile."
SCHEDULED_TOUCH_REASON = "A conversation is scheduled with them."
_KEEP_IN_TOUCH_REASONS = {
    "none": NO_RHYTHM_REASON,
    "in_3b7": IN_3B7_REASON,
    "scheduled": SCHEDULED_TOUCH_REASON,
}
SYNC_TOUCH_REASONS = (
    IN_TOUCH_REASON,
    RHYTHM_REASON,
    NO_RHYTHM_REASON,
    IN_3B7_REASON,
    SCHEDULED_TOUCH_REASON,
)


# The active contacts a rhythm can apply to (lib.rhythms): their own set, or talked with.
_MAY_FOLLOW_A_RHYTHM = """(c.status = 'active' AND (c.rhythm IS NOT NULL
    OR EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id)))"""


def _sync_keep_in_touch(
    db: sqlite_utils.Database, today: date, default: rhythms.Rhythm, counts: dict[str, int]
) -> None:
    """One keep-in-touch note per contact due by their rhythm: due on the ideal day, late after
    the latest; a touch, a rhythm change, the 3B7 steps or a scheduled conversation close it."""
    # Active contacts a rhythm may apply to, and those holding an open note to reconsider.
    plans = {
        row[0]: row
        for row in db.execute(
            rhythms.plan_sql(
                default,
                f"""{_MAY_FOLLOW_A_RHYTHM} OR (c.status = 'active'
                    AND EXISTS (SELECT 1 FROM followups k WHERE k.contact_id = c.id
                        AND k.kind = 'keep_in_touch' AND k.status = 'open'))""",
            )
        ).fetchall()
    }
    # contact -> (due_on, late_on, last touch) of the note wanted now.
    wanted = {
        contact_id: (next_on, late_on, last)
        for contact_id, last, _code, plan, next_on, late_on in plans.values()
        if plan == "rhythm" and next_on <= today.isoformat()
    }
    existing = db.execute(
        """SELECT id, contact_id, due_on, late_after, status, skip_reason FROM followups
        WHERE kind = 'keep_in_touch'"""
    ).fetchall()
    by_day = {(row[1], row[2]): row for row in existing}
    now = clock.utc_stamp()
    closed, kept = [], set()
    for task_id, contact_id, due_on, late_after, status, _reason in existing:
        if status != "open":
            continue
        want = wanted.get(contact_id)
        if want and want[0] == due_on and contact_id not in kept:
            kept.add(contact_id)
            if late_after != want[1]:
                db.execute(
                    "UPDATE followups SET late_after = ?, after_touch = ? WHERE id = ?",
                    [want[1], want[2], task_id],
                )
            continue
        closed.append((_closed_reason(db, plans.get(contact_id), task_id), now, task_id))
    db.conn.executemany(
        "UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ? WHERE id = ?",
        closed,
    )
    counts["cancelled"] += len(closed)
    rows = []
    for contact_id, (due_on, late_on, last) in wanted.items():
        if contact_id in kept:
            continue
        earlier = by_day.get((contact_id, due_on))
        if earlier is None:
            rows.append(
                {
                    "kind": "keep_in_touch",
                    "contact_id": contact_id,
                    "due_on": due_on,
                    "late_after": late_on,
                    "after_touch": last,
                }
            )
        elif earlier[4] == "cancelled" and earlier[5] in SYNC_TOUCH_REASONS:
            # Closed by the sync for a reason that has gone: the same note is back.
            db.execute(
                """UPDATE followups SET status = 'open', skip_reason = NULL, done_at = NULL,
                    late_after = ?, after_touch = ? WHERE id = ?""",
                [late_on, last, earlier[0]],
            )
            counts["created"] += 1
    if rows:
        db["followups"].insert_all(rows, ignore=True)
        counts["created"] += len(rows)


def _closed_reason(db: sqlite_utils.Database, plan_row: tuple | None, task_id: int) -> str:
    """Why an open keep-in-touch note is no longer wanted, in the timeline's words."""
    if plan_row is None:
        return NO_RHYTHM_REASON
    _id, last, _code, plan, _next, _late = plan_row
    if plan in _KEEP_IN_TOUCH_REASONS:
        return _KEEP_IN_TOUCH_REASONS[plan]
    made_for = db.execute("SELECT after_touch FROM followups WHERE id = ?", [task_id]).fetchone()
    if made_for and made_for[0] and made_for[0] == last:
        return RHYTHM_REASON
    return IN_TOUCH_REASON


@dataclass
class DueEntry:
    id: int
    kind: str
    contact_id: int
    contact: str
    email: str | None
    organization: str | None
    due: date
    due_on: date
    snoozed_until: date | None
    bucket: str
    reason: str
    conversation_id: int | None
    interaction_id: int | None
    follows_on: date | None = None  # the conversation or outreach it follows: the earliest sent-on
    late: date | None = None  # keep-in-touch: the latest day (snooze included); overdue after it

    @property
    def label(self) -> str:
        return vocab.label(vocab.TASK_KINDS, self.kind)


_OPEN_TASKS = f"""SELECT f.id, f.kind, f.contact_id, f.conversation_id, f.interaction_id,
        f.due_on, f.snoozed_until, f.late_after, c.name AS contact, c.email, o.name AS organization,
        v.held_on, i.occurred_on AS sent_on,
        CASE WHEN f.kind = 'keep_in_touch' THEN {_LAST_TOUCH} END AS last_touch,
        max(f.due_on, coalesce(f.snoozed_until, '')) AS effective_due
    FROM followups f
    JOIN contacts c ON c.id = f.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN conversations v ON v.id = f.conversation_id
    LEFT JOIN interactions i ON i.id = f.interaction_id
    WHERE f.status = 'open'"""


def _entry(row: dict, today: date, calendar: BusinessCalendar = WEEKENDS_ONLY) -> DueEntry:
    due_on = date.fromisoformat(row["due_on"])
    snoozed = as_date(row["snoozed_until"])
    due = effective_due(due_on, snoozed)
    late_after = as_date(row["late_after"])
    late = effective_due(late_after, snoozed) if late_after else None
    return DueEntry(
        id=row["id"],
        kind=row["kind"],
        contact_id=row["contact_id"],
        contact=row["contact"],
        email=row["email"],
        organization=row["organization"],
        due=due,
        due_on=due_on,
        snoozed_until=snoozed,
        bucket=due_bucket(due, today, late) or "later",
        reason=task_reason(row, today, calendar),
        conversation_id=row["conversation_id"],
        interaction_id=row["interaction_id"],
        follows_on=as_date(row["held_on"]) or as_date(row["sent_on"]),
        late=late,
    )


_EFFECTIVE_DUE = "max(f.due_on, coalesce(f.snoozed_until, ''))"
# The last day a task is due before it is overdue: its latest day (keep-in-touch), else its due.
_EFFECTIVE_LATE = "max(coalesce(f.late_after, f.due_on), coalesce(f.snoozed_until, ''))"


def _bucket_case(today: date) -> tuple[str, list[str]]:
    """A CASE naming the bucket of a task f, and its parameters (as lib.followup_rules.due_bucket
    says: a keep-in-touch note is due from its ideal day to its latest, overdue after it)."""
    horizon = today + timedelta(days=WEEK_AHEAD_DAYS)
    day = today.isoformat()
    case = f"""CASE
        WHEN {_EFFECTIVE_LATE} < ? THEN 'overdue'
        WHEN {_EFFECTIVE_DUE} <= ? AND {_EFFECTIVE_LATE} >= ? THEN 'today'
        WHEN {_EFFECTIVE_DUE} BETWEEN ? AND ? THEN 'week' END"""
    return case, [day, day, day, (today + timedelta(days=1)).isoformat(), horizon.isoformat()]


BUCKET_NAMES = ("overdue", "today", "week")


def due_overview(
    db: sqlite_utils.Database, today: date, limit: int | None = None
) -> tuple[dict[str, list[DueEntry]], dict[str, int]]:
    """Open tasks due up to a week ahead, soonest due first in each of 'overdue', 'today',
    'week' (at most `limit` in each; the most overdue leads its group, and later this week
    runs from tomorrow on), and how many each bucket holds in all.

    One pass over the open tasks names each one's bucket, to count and rank them; only the
    few the page shows are then joined with their contact and last touch (doing that for
    thousands of overdue tasks only to keep five, or scanning once per bucket and again per
    count, cost ~100 ms on a busy file)."""
    case, values = _bucket_case(today)
    open_due: dict[str, list[tuple[str, int]]] = {bucket: [] for bucket in BUCKET_NAMES}
    for bucket, due, task_id in db.execute(
        f"""SELECT bucket, due, id FROM (
              SELECT f.id, {_EFFECTIVE_DUE} AS due, {case} AS bucket
              FROM followups f WHERE f.status = 'open')
            WHERE bucket IS NOT NULL""",
        values,
    ):
        open_due[bucket].append((due, task_id))
    counts = {bucket: len(found) for bucket, found in open_due.items()}
    # The soonest few of each (a heap, not a sort of thousands; SQL's window functions took
    # twice as long).
    wanted = {
        task_id: bucket
        for bucket, found in open_due.items()
        for _, task_id in (found if limit is None else heapq.nsmallest(max(limit, 0), found))
    }
    calendar = calendar_for(db)
    groups: dict[str, list[DueEntry]] = {bucket: [] for bucket in BUCKET_NAMES}
    rows = db.query(
        f"""{_OPEN_TASKS} AND f.id IN (SELECT value FROM json_each(?))
        ORDER BY effective_due, f.id""",
        [json.dumps(list(wanted))],
    )
    for row in rows:
        groups[wanted[row["id"]]].append(_entry(row, today, calendar))
    return groups, counts


def due_followups(
    db: sqlite_utils.Database, today: date, limit: int | None = None
) -> dict[str, list[DueEntry]]:
    """Open tasks due up to a week ahead by bucket, as due_overview() gives them."""
    return due_overview(db, today, limit)[0]


def due_counts(db: sqlite_utils.Database, today: date) -> dict[str, int]:
    """How many open tasks are overdue, due today and due later this week."""
    return due_overview(db, today, limit=0)[1]


def open_tasks(db: sqlite_utils.Database, today: date) -> list[DueEntry]:
    """Every open task, soonest first (for the calendar export)."""
    rows = db.query(f"{_OPEN_TASKS} ORDER BY effective_due, f.id")
    calendar = calendar_for(db)
    return [_entry(row, today, calendar) for row in rows]


def get_task(db: sqlite_utils.Database, task_id: int) -> dict | None:
    """One task row, or None."""
    if not row_exists(db, "followups", task_id):
        return None
    rows = list(db.query("SELECT * FROM followups WHERE id = ?", [task_id]))
    return rows[0] if rows else None


def _open_task(db: sqlite_utils.Database, task_id: int) -> dict:
    task = get_task(db, task_id)
    if task is None:
        raise FollowupError("That task no longer exists.")
    if task["status"] != "open":
        raise _not_open(task)
    return task


def _not_open(task: dict | None) -> FollowupError:
    if task is None:
        return FollowupError("That task no longer exists.")
    status = vocab.label(vocab.TASK_STATUS, task["status"]).lower()
    return FollowupError(f"That task is already {status}.")


def _claim(db: sqlite_utils.Database, task_id: int, change: str, values: list) -> None:
    """Change an open task in one statement, so a stale tab cannot change a closed one."""
    if not row_exists(db, "followups", task_id):
        raise FollowupError("That task no longer exists.")
    changed = db.execute(
        f"UPDATE followups SET {change} WHERE id = ? AND status = 'open'", [*values, task_id]
    ).rowcount
    if not changed:
        raise _not_open(get_task(db, task_id))


def earliest_sent_on(db: sqlite_utils.Database, task: dict) -> date | None:
    """The first day a task can have been done: the conversation or outreach it follows."""
    row = db.execute(
        """SELECT coalesce(
             (SELECT held_on FROM conversations WHERE id = ?),
             (SELECT occurred_on FROM interactions WHERE id = ?))""",
        [task.get("conversation_id"), task.get("interaction_id")],
    ).fetchone()
    return as_date(row[0]) if row else None


def validate_sent_on(sent_on: date | None, today: date, earliest: date | None) -> date:
    """The day a follow-up was sent: given, not after today, not before what it follows."""
    if sent_on is None:
        return today
    if not isinstance(sent_on, date) or event_date(sent_on) is None:
        raise FollowupError("Pick the day you sent it.")
    sent_on = event_date(sent_on)  # a datetime becomes its day
    if sent_on > today:
        raise FollowupError("The day you sent it cannot be in the future.")
    if earliest is not None and sent_on < earliest:
        raise FollowupError(
            f"The day you sent it cannot be before {short_day(earliest)}, when what it follows "
            "happened."
        )
    return sent_on


def mark_done(
    db: sqlite_utils.Database,
    task_id: int,
    today: date,
    summary: str = "",
    sent_on: date | None = None,
) -> int | None:
    """Close a task as done on the day it was sent (default today), logging what was sent.

    Returns the logged interaction's id, if the kind logs one. On-time is judged on sent_on.
    """
    with store.write(db):
        task = _open_task(db, task_id)
        sent_on = validate_sent_on(sent_on, today, earliest_sent_on(db, task))
        kind = DONE_INTERACTION[task["kind"]]
        # Claim the task first: of two tabs clicking Done, only one logs the email.
        _claim(db, task_id, "status = 'done', done_at = ?", [clock.stamp_on(sent_on)])
        interaction_id = None
        if kind is not None:
            interaction_id = (
                db["interactions"]
                .insert(
                    {
                        "contact_id": task["contact_id"],
                        "kind": kind,
                        "occurred_on": sent_on.isoformat(),
                        "summary": clean(summary) or None,
                        "conversation_id": task["conversation_id"],
                    }
                )
                .last_pk
            )
            db.execute(
                "UPDATE followups SET done_interaction_id = ? WHERE id = ?",
                [interaction_id, task_id],
            )
        if task["kind"] == "follow_up" and task["interaction_id"] is not None:
            # The 7B follow-up went out: the 3B step for the same outreach is over.
            db.execute(
                """UPDATE followups SET status = 'cancelled', skip_reason = ?, done_at = ?
                WHERE kind = 'next_contact' AND interaction_id = ? AND status = 'open'""",
                [FOLLOWED_UP_REASON, clock.utc_stamp(), task["interaction_id"]],
            )
    return interaction_id


def snooze(db: sqlite_utils.Database, task_id: int, until: date | None, today: date) -> None:
    """Hide a task until a later date (at most SNOOZE_MAX_DAYS ahead)."""
    until = as_date(until) if isinstance(until, date | str) else None
    if isinstance(until, datetime):
        until = until.date()
    if until is None:
        raise FollowupError("Pick the date to be reminded again.")
    if until <= today:
        raise FollowupError("Snooze to a day after today.")
    if until > today + timedelta(days=SNOOZE_MAX_DAYS):
        # A far date (9999-12-31) is a typo, and breaks the calendar export.
        latest = today + timedelta(days=SNOOZE_MAX_DAYS)
        raise FollowupError(f"Snooze for at most two years, until {latest.isoformat()}.")
    with store.write(db):
        _claim(db, task_id, "snoozed_until = ?", [until.isoformat()])


def skip(db: sqlite_utils.Database, task_id: int, reason: str) -> None:
    """Close a task without doing it, saying why."""
    reason = clean(reason)
    if not reason:
        raise FollowupError("Say in a few words why you are skipping it.")
    with store.write(db):
        _claim(
            db,
            task_id,
            "status = 'skipped', skip_reason = ?, done_at = ?",
            [reason, clock.utc_stamp()],
        )


def going_cold(db: sqlite_utils.Database, today: date, days: int | None = None) -> list[dict]:
    """Active contacts whose next touch is due by their rhythm (lib.rhythms), coldest first:
    id, name, last_touch, days_since, due_on, late_on and state ('due' or 'late').

    days, when given, stands in for the default rhythm (due and late that many days on).
    """
    default = rhythms.default_rhythm(db) if days is None else rhythms.Rhythm(days, days)
    rows = db.query(
        f"""SELECT p.id, c.name, p.last_touch, p.next_on AS due_on, p.late_on
        FROM ({rhythms.plan_sql(default, _MAY_FOLLOW_A_RHYTHM)}) p
        JOIN contacts c ON c.id = p.id
        WHERE p.plan = 'rhythm' AND p.next_on <= ?
        ORDER BY p.late_on, p.last_touch, c.name""",
        [today.isoformat()],
    )
    result = []
    for row in rows:
        last = date.fromisoformat(row["last_touch"])
        row["days_since"] = (today - last).days
        row["state"] = rhythms.touch_state(
            date.fromisoformat(row["due_on"]), date.fromisoformat(row["late_on"]), today
        )
        result.append(row)
    return result
