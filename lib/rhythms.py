"""Keep-in-touch rhythms: how often to be in touch with each person, and when the next touch is.

A rhythm is none, or every N days with an ideal and a latest day ("every 30 days, at the latest
45"): the keep-in-touch note is due on the ideal day after the last touch and late after the
latest. A contact's own rhythm wins over its tags' (of several, the closest: the shortest),
a tag's over the default for everyone (Warm: every 60 days, at the latest 90).

The inherited rhythms (a tag's, the default) apply to people you have talked with (a
conversation); a contact's own rhythm applies to anyone you have been in touch with. Nobody in
the middle of the 3B7 steps, or with a conversation scheduled, is due a keep-in-touch note.

Rules here are pure; the stored rhythms are read and written by the functions at the end, and
`plan_sql` gives the one SQL the list, the sync and the going-cold list share.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from lib import store
from lib.dates import as_date
from lib.text import clean_line, whole_number

MIN_DAYS = 1
MAX_DAYS = 3650  # ten years
DEFAULT_KEY = "keep_in_touch_rhythm"  # the settings row holding the default for everyone
# Stored in contacts.rhythm and tag_rhythms.rhythm (m015's CHECK): no reminders, or every N days.
RHYTHM_KINDS = {"none": "No rhythm", "every": "Every N days"}


class RhythmError(ValueError):
    """A rhythm cannot be saved as typed; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Rhythm:
    """Every ideal_days, at the latest latest_days; both None: no rhythm (no reminders)."""

    ideal_days: int | None
    latest_days: int | None

    @property
    def is_none(self) -> bool:
        return self.ideal_days is None

    @property
    def words(self) -> str:
        if self.is_none:
            return "no keep-in-touch reminders"
        return f"every {self.ideal_days} days, at the latest {self.latest_days}"


NO_RHYTHM = Rhythm(None, None)
# Plain-named presets. "At the latest" is half as long again as the ideal: a fortnight's slack
# on a monthly rhythm, a month on a two-monthly one, two months on a four-monthly one.
PRESETS = {
    "close": ("Close", Rhythm(30, 45)),
    "warm": ("Warm", Rhythm(60, 90)),
    "wide": ("Wide", Rhythm(120, 180)),
}
DEFAULT_RHYTHM = PRESETS["warm"][1]  # the 60 days Fieldwork always used, now with a latest day
# What a rhythm picker offers, in order: the presets, a custom rhythm, none.
CHOICES = {
    **{key: f"{name}: {rhythm.words}" for key, (name, rhythm) in PRESETS.items()},
    "custom": "Custom: every … days, at the latest …",
    "none": "None: no keep-in-touch reminders",
}


def preset_key(rhythm: Rhythm) -> str:
    """The picker's choice for a rhythm: a preset's key, 'none' or 'custom'."""
    if rhythm.is_none:
        return "none"
    for key, (_name, preset) in PRESETS.items():
        if preset == rhythm:
            return key
    return "custom"


def rhythm_label(rhythm: Rhythm) -> str:
    """'Warm: every 60 days, at the latest 90', 'Custom: every 14 days, at the latest 21'."""
    key = preset_key(rhythm)
    if key in PRESETS:
        return f"{PRESETS[key][0]}: {rhythm.words}"
    if key == "none":
        return "None: no keep-in-touch reminders"
    return f"Custom: {rhythm.words}"


def validate_rhythm(choice: str, ideal_days: object = None, latest_days: object = None) -> Rhythm:
    """The rhythm a picker's values ask for; RhythmError says what to fix (custom days)."""
    if choice == "none":
        return NO_RHYTHM
    if choice in PRESETS:
        return PRESETS[choice][1]
    if choice != "custom":
        raise RhythmError({"choice": "Pick a rhythm: Close, Warm, Wide, Custom or None."})
    errors: dict[str, str] = {}
    ideal = _days(ideal_days)
    latest = _days(latest_days)
    bounds = f"a whole number of days from {MIN_DAYS} to {MAX_DAYS}"
    if ideal is None:
        errors["ideal_days"] = f"Every how many days? Give {bounds}."
    if latest is None:
        errors["latest_days"] = f"At the latest after how many days? Give {bounds}."
    if ideal is not None and latest is not None and latest < ideal:
        errors["latest_days"] = (
            f"The latest day ({latest}) cannot come before the ideal one ({ideal}): "
            "give at least as many days."
        )
    if errors:
        raise RhythmError(errors)
    return Rhythm(ideal, latest)


def _days(value: object) -> int | None:
    number = whole_number(value)
    if number is None or not MIN_DAYS <= number <= MAX_DAYS:
        return None
    return number


def closest(rhythms: Iterable[Rhythm]) -> Rhythm | None:
    """Of several tags' rhythms, the closest (shortest) one; none only when all say none."""
    rhythms = list(rhythms)
    timed = [r for r in rhythms if not r.is_none]
    if timed:
        return min(timed, key=lambda r: (r.ideal_days, r.latest_days))
    return NO_RHYTHM if rhythms else None


@dataclass(frozen=True)
class Resolved:
    """The rhythm that applies to a contact, and where it comes from."""

    rhythm: Rhythm
    source: str  # 'own', 'tag' or 'default'
    tag: str | None = None

    @property
    def source_words(self) -> str:
        if self.source == "own":
            return "set for this person"
        if self.source == "tag":
            return f"from the tag “{self.tag}”"
        return "the default for everyone"


def resolve(
    own: Rhythm | None, tag_rhythms: dict[str, Rhythm], default: Rhythm = DEFAULT_RHYTHM
) -> Resolved:
    """A contact's own rhythm, else its tags' closest, else the default."""
    if own is not None:
        return Resolved(own, "own")
    best = closest(tag_rhythms.values())
    if best is not None:
        tag = next(tag for tag, rhythm in tag_rhythms.items() if rhythm == best)
        return Resolved(best, "tag", tag)
    return Resolved(default, "default")


def next_touch(last_touch: date, rhythm: Rhythm) -> tuple[date, date] | None:
    """The ideal and the latest day of the next touch after last_touch; None with no rhythm."""
    if rhythm.is_none:
        return None
    return (
        last_touch + timedelta(days=rhythm.ideal_days),
        last_touch + timedelta(days=rhythm.latest_days),
    )


# Why a contact has no next touch, or that it has one ('rhythm'), as plan_sql says it.
PLAN_WORDS = {
    "none": "no rhythm",
    "in_3b7": "in the 3B7 steps",
    "scheduled": "conversation scheduled",
    "not_met": "not talked yet",
    "no_touch": "no touch yet",
}


def plan(
    rhythm: Rhythm,
    last_touch: date | None,
    met: bool,
    own: bool,
    in_3b7: bool = False,
    scheduled: bool = False,
) -> str:
    """'rhythm' when a next touch is due by the rhythm, else why not (a PLAN_WORDS key)."""
    if rhythm.is_none:
        return "none"
    if in_3b7:
        return "in_3b7"
    if scheduled:
        return "scheduled"
    if not (met or own):
        return "not_met"
    if last_touch is None:
        return "no_touch"
    return "rhythm"


def touch_state(due: date | None, late: date | None, today: date) -> str:
    """'upcoming', 'due' (from the ideal day to the latest) or 'late'; '' without a next touch."""
    if due is None:
        return ""
    if due > today:
        return "upcoming"
    if late is not None and late < today:
        return "late"
    return "due"


def _days_words(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def state_words(plan_key: str, due: date | None, late: date | None, today: date) -> str:
    """The next touch in words: 'due in 5 days', 'due now, 3 days left', '12 days late'."""
    if plan_key != "rhythm" or due is None:
        return PLAN_WORDS.get(plan_key, "")
    state = touch_state(due, late, today)
    if state == "upcoming":
        days = (due - today).days
        return "due tomorrow" if days == 1 else f"due in {days} days"
    if state == "late":
        return f"{_days_words((today - late).days)} late"
    left = (late - today).days if late else 0
    if left == 0:
        return "due now, today at the latest"
    return f"due now, {_days_words(left)} left"


# ---------------------------------------------------------------- stored rhythms


def _stored(kind: str | None, ideal: int | None, latest: int | None) -> Rhythm | None:
    if kind == "none":
        return NO_RHYTHM
    if kind == "every" and ideal and latest:
        return Rhythm(int(ideal), int(latest))
    return None


def _columns(rhythm: Rhythm | None) -> tuple[str | None, int | None, int | None]:
    if rhythm is None:
        return None, None, None
    if rhythm.is_none:
        return "none", None, None
    return "every", rhythm.ideal_days, rhythm.latest_days


def stored_here(db: sqlite_utils.Database) -> bool:
    """Whether db's schema holds rhythms (migration m015 applied)."""
    return (
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tag_rhythms'"
        ).fetchone()
        is not None
    )


def default_rhythm(db: sqlite_utils.Database) -> Rhythm:
    """The default for everyone, as set on Your data (Warm, 60 and 90 days, when never set)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [DEFAULT_KEY]).fetchone()
    try:
        value = json.loads(row[0]) if row and row[0] else None
        stored = _stored(value.get("rhythm"), value.get("ideal_days"), value.get("latest_days"))
    except (ValueError, AttributeError, TypeError):  # a damaged value: the default
        stored = None
    return stored or DEFAULT_RHYTHM


def set_default_rhythm(db: sqlite_utils.Database, rhythm: Rhythm) -> None:
    """Save the default rhythm for everyone."""
    kind, ideal, latest = _columns(rhythm)
    value = json.dumps({"rhythm": kind, "ideal_days": ideal, "latest_days": latest})
    with store.write(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [DEFAULT_KEY, value],
        )


def contact_rhythm(db: sqlite_utils.Database, contact_id: int) -> Rhythm | None:
    """A contact's own rhythm, or None when it follows its tags and the default."""
    row = db.execute(
        "SELECT rhythm, rhythm_ideal_days, rhythm_latest_days FROM contacts WHERE id = ?",
        [contact_id],
    ).fetchone()
    return _stored(*row) if row else None


def set_contact_rhythm(db: sqlite_utils.Database, contact_id: int, rhythm: Rhythm | None) -> None:
    """Give a contact its own rhythm; None lets it follow its tags and the default."""
    kind, ideal, latest = _columns(rhythm)
    with store.write(db):
        changed = db.execute(
            """UPDATE contacts SET rhythm = ?, rhythm_ideal_days = ?, rhythm_latest_days = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?""",
            [kind, ideal, latest, contact_id],
        ).rowcount
    if not changed:
        raise RhythmError({"contact": "That contact no longer exists."})


def tag_rhythms(db: sqlite_utils.Database) -> dict[str, Rhythm]:
    """Every tag's rhythm, by tag, alphabetical."""
    rows = db.execute(
        "SELECT tag, rhythm, ideal_days, latest_days FROM tag_rhythms ORDER BY tag COLLATE NOCASE"
    ).fetchall()
    return {tag: _stored(kind, ideal, latest) or NO_RHYTHM for tag, kind, ideal, latest in rows}


def set_tag_rhythm(db: sqlite_utils.Database, tag: str, rhythm: Rhythm | None) -> None:
    """Give a tag a rhythm its contacts follow; None removes it."""
    tag = clean_line(tag or "")
    if not tag:
        raise RhythmError({"tag": "Pick the tag to give a rhythm."})
    kind, ideal, latest = _columns(rhythm)
    with store.write(db):
        if kind is None:
            db.execute("DELETE FROM tag_rhythms WHERE tag = ?", [tag])
            return
        db.execute(
            """INSERT INTO tag_rhythms (tag, rhythm, ideal_days, latest_days) VALUES (?, ?, ?, ?)
            ON CONFLICT(tag) DO UPDATE SET rhythm = excluded.rhythm,
                ideal_days = excluded.ideal_days, latest_days = excluded.latest_days,
                updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')""",
            [tag, kind, ideal, latest],
        )


def resolved_for_contact(db: sqlite_utils.Database, contact_id: int) -> Resolved:
    """The rhythm that applies to one contact, and where it comes from."""
    row = db.execute("SELECT tags FROM contacts WHERE id = ?", [contact_id]).fetchone()
    tags = {t.casefold() for t in json.loads(row[0] or "[]")} if row else set()
    by_tag = {tag: r for tag, r in tag_rhythms(db).items() if tag.casefold() in tags}
    return resolve(contact_rhythm(db, contact_id), by_tag, default_rhythm(db))


# ---------------------------------------------------------------- the one SQL


# The last day the researcher and a contact were in touch: any interaction (typed or imported
# from their messages) or a conversation held. A scheduling line (touch = 0) is the app's own
# record, not a touch.
LAST_TOUCH_SQL = """max(
    coalesce((SELECT max(occurred_on) FROM interactions i
              WHERE i.contact_id = c.id AND i.touch = 1), ''),
    coalesce((SELECT max(held_on) FROM conversations v WHERE v.contact_id = c.id), ''))"""

# A rhythm as one number, ideal * 10000 + latest (both at most 3650), 0 for none: SQLite's
# scalar subquery gives one value, and the smallest code is the closest rhythm.
_CODE = "CASE {kind} WHEN 'every' THEN {ideal} * 10000 + {latest} WHEN 'none' THEN 0 END"
_TAG_CODE = f"""(SELECT {
    _CODE.format(kind="tr.rhythm", ideal="tr.ideal_days", latest="tr.latest_days")
} AS code FROM json_each(c.tags) t JOIN tag_rhythms tr ON tr.tag = t.value
    ORDER BY code = 0, code LIMIT 1)"""
_OWN_CODE = _CODE.format(
    kind="c.rhythm", ideal="c.rhythm_ideal_days", latest="c.rhythm_latest_days"
)


def _code(rhythm: Rhythm) -> int:
    return 0 if rhythm.is_none else int(rhythm.ideal_days) * 10000 + int(rhythm.latest_days)


def plan_sql(default: Rhythm, where: str = "1") -> str:
    """SELECT, for each contact c matching `where`, its keep-in-touch plan: id, last_touch
    ('' for none), code (the rhythm, 0 for none), plan (as lib.rhythms.plan says it), next_on
    and late_on (the ideal and latest day of the next touch, NULL unless plan is 'rhythm').

    One statement over the contacts (each one's touches found through its index), so a list
    of 10,000 people sorts by the next touch without a query per person. The steps are
    MATERIALIZED: flattened, SQLite would find each last touch again for every place the
    later steps use it."""
    return f"""WITH touch_base AS MATERIALIZED (
        SELECT c.id, {LAST_TOUCH_SQL} AS last_touch,
            coalesce({_OWN_CODE}, {_TAG_CODE}, {_code(default)}) AS code,
            c.rhythm IS NOT NULL AS own,
            EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id) AS met,
            EXISTS (SELECT 1 FROM followups f WHERE f.contact_id = c.id
                AND f.status = 'open' AND f.kind IN ('next_contact', 'follow_up')) AS in_3b7,
            EXISTS (SELECT 1 FROM scheduled_conversations s
                WHERE s.contact_id = c.id AND s.status = 'scheduled') AS scheduled
        FROM contacts c WHERE {where}),
    touch_plan AS MATERIALIZED (
        SELECT id, last_touch, code,
            CASE WHEN code = 0 THEN 'none' WHEN in_3b7 THEN 'in_3b7'
                WHEN scheduled THEN 'scheduled' WHEN NOT (met OR own) THEN 'not_met'
                WHEN last_touch = '' THEN 'no_touch' ELSE 'rhythm' END AS plan
        FROM touch_base)
    SELECT id, last_touch, code, plan,
        CASE WHEN plan = 'rhythm' THEN date(last_touch, '+' || (code / 10000) || ' days') END
            AS next_on,
        CASE WHEN plan = 'rhythm' THEN date(last_touch, '+' || (code % 10000) || ' days') END
            AS late_on
    FROM touch_plan"""


@dataclass(frozen=True)
class TouchPlan:
    """One contact's last touch and next one, as plan_sql finds them."""

    contact_id: int
    last_touch: date | None
    plan: str
    next_on: date | None
    late_on: date | None

    def words(self, today: date) -> str:
        return state_words(self.plan, self.next_on, self.late_on, today)

    def state(self, today: date) -> str:
        return touch_state(self.next_on, self.late_on, today) if self.plan == "rhythm" else ""


def touch_plans(
    db: sqlite_utils.Database, where: str = "1", params: Iterable = ()
) -> dict[int, TouchPlan]:
    """Every contact matching `where` (over contacts c) with its keep-in-touch plan."""
    rows = db.execute(plan_sql(default_rhythm(db), where), list(params)).fetchall()
    return {
        row[0]: TouchPlan(row[0], as_date(row[1] or None), row[3], as_date(row[4]), as_date(row[5]))
        for row in rows
    }
