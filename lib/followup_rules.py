"""Follow-through rules: pure functions from dates to due dates, 3B7 prompts, response
segments and due buckets, and the sentence saying why a task exists. No database: the stored
tasks these rules create live in lib.followups.

Business days skip weekends and the public holidays of the researcher's country
(lib.business_days): a rule takes the BusinessCalendar to count on, weekends only by default.
"""

from __future__ import annotations

from datetime import date, timedelta

from lib import vocab
from lib.business_days import (
    WEEKENDS_ONLY,
    BusinessCalendar,
    add_business_days,
    business_days_between,
)
from lib.dates import as_date
from lib.rhythms import DEFAULT_RHYTHM, Rhythm

THANK_YOU_AFTER_DAYS = 1
UPDATE_AFTER_DAYS = 30
NEXT_CONTACT_AFTER_BUSINESS_DAYS = 3  # the "3" of 3B7
FOLLOW_UP_AFTER_BUSINESS_DAYS = 7  # the "7" of 3B7
FOLLOW_UP_GRACE_BUSINESS_DAYS = 3  # time to answer the 7B follow-up before "curmudgeon"
KEEP_IN_TOUCH_DAYS = DEFAULT_RHYTHM.ideal_days  # the default rhythm's ideal day (lib.rhythms)
WEEK_AHEAD_DAYS = 6  # "this week" is today and the six days after it
# 3B7 prompts are made for outreaches sent in the last 60 days; an older silent outreach is a
# curmudgeon to let go. A message after longer than this without contact starts afresh: an
# imported message then counts as an outreach again.
OUTREACH_WINDOW_DAYS = 60
# An imported message to a contact from the day of a conversation to this many days after it
# is that conversation's thank-you.
THANK_YOU_WINDOW_DAYS = 7
# ... and one within this many days either side of the one-month update's due day is the update.
UPDATE_WINDOW_DAYS = 14
OUTREACH_TASKS = ("next_contact", "follow_up")

SEGMENTS = {
    "booster": "Booster (replied within 3 business days)",
    "obligate": "Obligate (replied later)",
    "curmudgeon": "Curmudgeon (no reply after the follow-up)",
}


def thank_you_due(held_on: date) -> date:
    """A quick thank-you is due the day after the conversation."""
    return held_on + timedelta(days=THANK_YOU_AFTER_DAYS)


def update_due(held_on: date) -> date:
    """The longer one-month update is due 30 days after the conversation."""
    return held_on + timedelta(days=UPDATE_AFTER_DAYS)


def thank_you_window(held_on: date) -> tuple[date, date]:
    """The days a message to the contact counts as the conversation's thank-you."""
    return held_on, held_on + timedelta(days=THANK_YOU_WINDOW_DAYS)


def update_window(held_on: date) -> tuple[date, date]:
    """The days a message to the contact counts as the conversation's one-month update."""
    due = update_due(held_on)
    return due - timedelta(days=UPDATE_WINDOW_DAYS), due + timedelta(days=UPDATE_WINDOW_DAYS)


def conversation_tasks(held_on: date) -> dict[str, date]:
    """The tasks a conversation creates, by kind, with their due dates."""
    return {"thank_you": thank_you_due(held_on), "one_month_update": update_due(held_on)}


def three_b_seven(
    sent_on: date, replied_on: date | None = None, calendar: BusinessCalendar = WEEKENDS_ONLY
) -> dict[str, date]:
    """The 3B7 prompts an outreach sent on sent_on still calls for; a reply cancels them all."""
    if replied_on is not None:
        return {}
    return {
        "next_contact": add_business_days(sent_on, NEXT_CONTACT_AFTER_BUSINESS_DAYS, calendar),
        "follow_up": add_business_days(sent_on, FOLLOW_UP_AFTER_BUSINESS_DAYS, calendar),
    }


def response_segment(
    sent_on: date,
    replied_on: date | None,
    today: date,
    followed_up_on: date | None = None,
    calendar: BusinessCalendar = WEEKENDS_ONLY,
) -> str | None:
    """booster / obligate / curmudgeon for a first outreach; None while it is too early to say."""
    if replied_on is not None:
        waited = business_days_between(sent_on, replied_on, calendar)
        return "booster" if waited <= NEXT_CONTACT_AFTER_BUSINESS_DAYS else "obligate"
    waited = business_days_between(sent_on, today, calendar)
    if (
        followed_up_on is not None
        and waited >= FOLLOW_UP_AFTER_BUSINESS_DAYS
        # The follow-up itself deserves a few business days before anyone is written off.
        and business_days_between(followed_up_on, today, calendar) >= FOLLOW_UP_GRACE_BUSINESS_DAYS
    ):
        return "curmudgeon"
    return None


def _as_rhythm(rhythm: Rhythm | int, days: int | None = None) -> Rhythm:
    # A whole number of days (as callers before rhythms passed, also as days=) is due and
    # late on that day.
    if days is not None:
        rhythm = days
    return rhythm if isinstance(rhythm, Rhythm) else Rhythm(int(rhythm), int(rhythm))


def keep_in_touch_due(
    last_touch: date, rhythm: Rhythm | int = DEFAULT_RHYTHM, *, days: int | None = None
) -> date | None:
    """The ideal day of the next touch after last_touch (None with no rhythm).

    rhythm is a lib.rhythms.Rhythm, or a whole number of days; the default is Warm (60 days).
    """
    rhythm = _as_rhythm(rhythm, days)
    return None if rhythm.is_none else last_touch + timedelta(days=rhythm.ideal_days)


def keep_in_touch_late(
    last_touch: date, rhythm: Rhythm | int = DEFAULT_RHYTHM, *, days: int | None = None
) -> date | None:
    """The latest day of the next touch: after it the keep-in-touch note is overdue."""
    rhythm = _as_rhythm(rhythm, days)
    return None if rhythm.is_none else last_touch + timedelta(days=rhythm.latest_days)


def is_going_cold(
    last_touch: date,
    today: date,
    rhythm: Rhythm | int = DEFAULT_RHYTHM,
    *,
    days: int | None = None,
) -> bool:
    """True from the rhythm's ideal day after the last touch on (never with no rhythm)."""
    due = keep_in_touch_due(last_touch, rhythm, days=days)
    return due is not None and due <= today


def effective_due(due_on: date, snoozed_until: date | None) -> date:
    """The day a task shows as due: its due date, or later when snoozed."""
    if snoozed_until is not None and snoozed_until > due_on:
        return snoozed_until
    return due_on


def due_bucket(due: date, today: date, late: date | None = None) -> str | None:
    """overdue / today / week for a task's effective due date; None when further ahead.

    A task with a latest day (keep-in-touch) is due from `due` to `late`, overdue after it.
    """
    last_day = late if late is not None and late > due else due
    if last_day < today:
        return "overdue"
    if due <= today:
        return "today"
    if due <= today + timedelta(days=WEEK_AHEAD_DAYS):
        return "week"
    return None


def short_day(day: date) -> str:
    """A day as the due list writes it: "Fri 20 Nov"."""
    return f"{day:%a} {day.day} {day:%b}"


def task_reason(task: dict, today: date, calendar: BusinessCalendar = WEEKENDS_ONLY) -> str:
    """One sentence saying why a task exists, for the due list."""
    kind = task["kind"]
    name = task.get("contact") or "this contact"
    if kind in ("thank_you", "one_month_update"):
        held = as_date(task.get("held_on"))
        when = f"on {short_day(held)}" if held else "recently"
        if kind == "thank_you":
            return f"You talked with {name} {when}: a quick thank-you is due the next day."
        return (
            f"You talked with {name} {when}: about a month on, tell them what you did "
            "with their advice."
        )
    if kind in OUTREACH_TASKS:
        sent = as_date(task.get("sent_on"))
        when = f"on {short_day(sent)}" if sent else "earlier"
        waited = business_days_between(sent, today, calendar) if sent else 0
        if kind == "next_contact":
            where = task.get("organization")
            someone = f"someone else at {where}" if where else "someone else in the field"
            return (
                f"No reply from {name} to your outreach {when} ({waited} business days): "
                f"reach out to {someone} now (3B: 3 business days without a reply, so try "
                "the next person)."
            )
        return (
            f"No reply from {name} to your outreach {when} ({waited} business days): "
            "send them one short follow-up (7B: 7 business days without a reply, so nudge "
            "them once)."
        )
    if kind == "keep_in_touch":
        last = as_date(task.get("last_touch"))
        late = as_date(task.get("late_after"))
        by = f" (by {short_day(late)} at the latest, as their rhythm asks)" if late else ""
        if last:
            return (
                f"You last heard from or wrote to {name} on {short_day(last)}, "
                f"{(today - last).days} days ago: going cold, send a short note{by}."
            )
        return f"{name} is going cold: send a short note."
    return vocab.label(vocab.TASK_KINDS, kind)
