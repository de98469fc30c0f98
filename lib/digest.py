"""The daily digest: what the method says to send today, read from the data for one day.

Every section comes from the function the app's own screens use, never a copy of its rule:
the due list (lib.followups.due_followups, so coach action items and keep-in-touch rhythms
appear here as they appear on Home), Home's "Coming up" and "Not captured yet"
(lib.schedule), the going-cold list (lib.followups.going_cold) and the weekly review's
figures and goals (lib.reviews). Private notes are never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import sqlite_utils

from lib import dates, drafts, followups, reviews, schedule, vocab

DEFAULT_APP_URL = "http://localhost:8501"
FIRST_LINE_MAX = 120
# A mail lists at most this many tasks per section (a busy file can hold thousands overdue);
# the rest are counted. The JSON lists them all.
SHOWN_PER_SECTION = 25
# The week's figures under the names the digest's JSON gives them.
WEEK_KEYS = {
    "outreaches": "outreaches",
    "conversations": "conversations",
    "thank_yous": "thank_yous",
    "items_done": "board_items",
}
WEEK_LABELS = {
    "outreaches": "Outreaches",
    "conversations": "Conversations",
    "thank_yous": "Thank-yous sent",
    "board_items": "Board items done",
}


@dataclass
class DueItem:
    kind: str
    label: str
    contact: str
    due_on: date
    first_line: str


@dataclass
class Upcoming:
    contact: str
    starts_at: str  # UTC, as stored
    when: str  # local, for reading
    zone_note: str  # "(15:00 in America/New_York)" when entered in another zone, else ""
    mode: str
    planned_minutes: int
    place: str
    brief: str  # the brief's address, to open and print


@dataclass
class Cold:
    contact: str
    last_touch: date
    days_since: int


@dataclass
class Digest:
    day: date
    overdue: list[DueItem] = field(default_factory=list)
    today: list[DueItem] = field(default_factory=list)
    coming_up: list[Upcoming] = field(default_factory=list)
    not_captured: list[Upcoming] = field(default_factory=list)
    going_cold: list[Cold] = field(default_factory=list)
    week: dict[str, int] = field(default_factory=dict)
    goals: dict[str, int] | None = None
    totals: dict[str, int] = field(default_factory=dict)  # overdue / today, all of them

    def more(self, section: str) -> int:
        """How many tasks of section ('overdue' or 'today') are counted but not listed."""
        return self.totals.get(section, 0) - len(getattr(self, section))

    @property
    def quiet(self) -> bool:
        """True when nothing calls for action today: no task due, nothing to capture."""
        return not (self.overdue or self.today or self.not_captured or self._conversations_today)

    @property
    def _conversations_today(self) -> list[Upcoming]:
        return [u for u in self.coming_up if _local_day(u.starts_at) == self.day]


def _local_day(starts_at: str) -> date:
    return schedule.local(schedule.parse_utc(starts_at)).date()


def draft_first_line(draft: drafts.Draft | None) -> str:
    """The line of a draft that says what it is about: its first line past the greeting."""
    if draft is None:
        return ""
    lines = [line.strip() for line in draft.body.splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].endswith(","):  # "Hi Ana," says nothing
        lines = lines[1:]
    line = lines[0] if lines else draft.subject
    return line if len(line) <= FIRST_LINE_MAX else line[: FIRST_LINE_MAX - 1].rstrip() + "…"


def brief_address(item: dict, app_url: str = DEFAULT_APP_URL) -> str:
    """The brief page of a scheduled conversation, to open in the app and print."""
    query = urlencode({"contact": item["contact_id"], "scheduled": item["id"]})
    return f"{app_url.rstrip('/')}/brief?{query}"


def _due_item(db: sqlite_utils.Database, entry: followups.DueEntry) -> DueItem:
    # A kind with no draft (3B, a coach's action item): its reason says what to do.
    first = draft_first_line(drafts.draft_for_task(db, entry.id))
    return DueItem(entry.kind, entry.label, entry.contact, entry.due, first or entry.reason)


def _upcoming(item: dict, app_url: str) -> Upcoming:
    return Upcoming(
        contact=item["contact"],
        starts_at=item["starts_at"],
        when=item["when"],
        zone_note=schedule.other_zone_text(item),
        mode=vocab.label(vocab.MODES, item["mode"]),
        planned_minutes=item["planned_minutes"],
        place=item["place_or_link"] or "",
        brief=brief_address(item, app_url),
    )


def build_digest(
    db: sqlite_utils.Database,
    day: date,
    app_url: str = DEFAULT_APP_URL,
    limit: int | None = SHOWN_PER_SECTION,
) -> Digest:
    """The digest for day: due and overdue tasks (at most limit of each listed), conversations,
    who is going cold, the week against its goals."""
    due, counts = followups.due_overview(db, day, limit=limit)
    coming = schedule.coming_up(db, day)
    week = reviews.week_numbers(db, day)
    goals = reviews.goals_in_force(db, day)
    return Digest(
        day=day,
        overdue=[_due_item(db, entry) for entry in due["overdue"]],
        today=[_due_item(db, entry) for entry in due["today"]],
        coming_up=[_upcoming(item, app_url) for item in coming["today"] + coming["week"]],
        not_captured=[_upcoming(item, app_url) for item in schedule.not_captured(db, day)],
        going_cold=[
            Cold(row["name"], date.fromisoformat(row["last_touch"]), row["days_since"])
            for row in followups.going_cold(db, day)
        ],
        week={WEEK_KEYS[key]: int(value) for key, value in week.items()},
        goals=(
            {WEEK_KEYS[key]: int(goals[key] or 0) for key in WEEK_KEYS}
            if reviews.has_goals(goals)
            else None
        ),
        totals={"overdue": counts["overdue"], "today": counts["today"]},
    )


def as_json(digest: Digest) -> dict:
    """The digest as the plain object `fieldwork digest --format json` prints."""

    def task(item: DueItem) -> dict:
        return {"kind": item.kind, "contact": item.contact, "due_on": item.due_on.isoformat()}

    def conversation(item: Upcoming) -> dict:
        return {"contact": item.contact, "starts_at": item.starts_at}

    return {
        "date": digest.day.isoformat(),
        "overdue": [task(i) for i in digest.overdue],
        "today": [task(i) for i in digest.today],
        "coming_up": [conversation(i) for i in digest.coming_up],
        "not_captured": [conversation(i) for i in digest.not_captured],
        "going_cold": [
            {"contact": c.contact, "last_touch": c.last_touch.isoformat()}
            for c in digest.going_cold
        ],
        "week": {**digest.week, "goals": digest.goals},
    }


def quiet_line(day: date) -> str:
    """The one line a quiet day prints."""
    return f"Fieldwork: nothing due on {dates.show(day)}."


def subject(digest: Digest) -> str:
    """The mail's subject line: the day and how much is due."""
    overdue = digest.totals.get("overdue", len(digest.overdue))
    due = overdue + digest.totals.get("today", len(digest.today))
    parts = [f"{due} to send" if due else "nothing to send"]
    if overdue:
        parts.append(f"{overdue} overdue")
    return f"Fieldwork for {dates.show(digest.day)}: {', '.join(parts)}"
