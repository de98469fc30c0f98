"""The coach's Clients page, as plain figures: one row per client's share package.

Every figure is the one the client's own weekly review shows (lib.reviews, lib.metrics,
lib.followups), computed on the package; nothing is counted differently here. Action items
are the coach file's (what the coach asked) joined with the package's coach_action_items
(what the client did with them, as of the package).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlite_utils

from lib import clock, followups, from_coach, metrics, reviews
from lib.formats import coach_file, share_package

PACKAGE_SUFFIX = share_package.EXTENSION
# `fieldwork coach FOLDER` starts the app with these (lib/ui/coach_folder.py reads them).
FOLDER_ENV_VAR = "FIELDWORK_COACH_FOLDER"
NAME_ENV_VAR = "FIELDWORK_COACH_NAME"
# Passphrases of encrypted packages live in the system keyring under this service, one per
# package path; never in a file.
KEYRING_SERVICE = "fieldwork-coach"
STALE_AFTER_DAYS = 3  # a package the client's Fieldwork refreshes daily: older means it stopped
LOOKBACK_WEEKS = 4
TREND_WEEKS = 8
# The goal measures by the names the --json output uses (issue 19).
WEEK_KEYS = {
    "outreaches": "outreaches",
    "conversations": "conversations",
    "thank_yous": "thank_yous",
    "items_done": "board_items",
}
WEEK_LABELS = {
    "outreaches": "outreaches",
    "conversations": "conversations",
    "thank_yous": "thank-yous",
    "board_items": "board items",
}
JSON_KEYS = (
    "client",
    "package_made_at",
    "week_start",
    "week",
    "goals",
    "streak",
    "overdue",
    "thank_yous_on_time",
    "updates_on_time",
    "conversations_4_weeks",
    "last_activity",
    "open_action_items",
)


@dataclass(frozen=True)
class Package:
    """A client's share package as the Clients page lists it: where, whose, and when made."""

    path: Path
    client: str
    made_at: str  # UTC timestamp
    encrypted: bool = False


class PackageProblem(Exception):
    """A package cannot be read (wrong passphrase, not a share package); said plainly."""


def package_paths(folder: str | Path) -> list[Path]:
    """The share packages in a folder and its subfolders one level down (a synced folder per
    client), by path."""
    folder = Path(folder)
    found = []
    for pattern in (f"*{PACKAGE_SUFFIX}", f"*/*{PACKAGE_SUFFIX}"):
        try:
            found += [p for p in folder.glob(pattern) if p.is_file()]
        except OSError:
            continue
    return sorted(set(found))


# ------------------------------------------------------------ the one door to a package


def open_package(path: Path, passphrase: str | None = None) -> sqlite_utils.Database:
    """A package opened read-only and validated (lib.formats.share_package.open_package);
    PackageProblem with its plain message when it is not one or the passphrase is wrong."""
    try:
        return share_package.open_package(path, passphrase)
    except share_package.PackageError as error:
        raise PackageProblem(str(error)) from error


def is_encrypted(path: Path) -> bool:
    """True when the package needs a passphrase."""
    return share_package.is_encrypted(path)


def package_of(path: Path, db: sqlite_utils.Database) -> Package:
    """The opened package's manifest as a Package: the client's name and when it was made."""
    manifest = getattr(db, "share_manifest", None) or {}
    fallback = fallback_package(path)
    return Package(
        path,
        manifest.get("client_name") or fallback.client,
        manifest.get("made_at") or fallback.made_at,
        is_encrypted(path),
    )


def fallback_package(path: Path) -> Package:
    """What the file itself says when its manifest cannot be read: its name and its time."""
    try:
        made = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        made = None
    name = path.name.removesuffix(PACKAGE_SUFFIX)
    return Package(path, name, clock.utc_stamp(made) if made else "", is_encrypted(path))


def package_row(path: Path, today: date, passphrase: str | None = None) -> dict:
    """A Clients page row for the package at path (an unreadable one says why, calmly)."""
    try:
        db = open_package(path, passphrase)
    except PackageProblem as problem:
        return unreadable_row(fallback_package(path), str(problem))
    package = package_of(path, db)
    try:
        read = coach_file.read_coach_file(coach_file.coach_file_for(path))
        figures = client_figures(db, today, read, from_coach.action_item_states(db))
    except sqlite3.DatabaseError:
        return unreadable_row(package, "This package is damaged or incomplete; ask for a new one.")
    finally:
        db.close()
    return client_row(package, figures, today)


def kept_passphrase(path: Path) -> str | None:
    """The passphrase kept for a package in the system keyring (None: none, or no keyring)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, str(Path(path).resolve()))
    except Exception:  # noqa: BLE001 - no keyring on this machine (a server, a container)
        return None


def keep_passphrase(path: Path, secret: str) -> bool:
    """Keep a package's passphrase in the system keyring; False when there is no keyring."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, str(Path(path).resolve()), secret)
        return True
    except Exception:  # noqa: BLE001 - never written to a file instead
        return False


def folder_rows(folder: str | Path, today: date, passphrase_for=kept_passphrase) -> list[dict]:
    """Every package's row in a folder, who needs attention first (the terminal's table)."""
    rows = [package_row(p, today, passphrase_for(p)) for p in package_paths(folder)]
    return by_attention(rows)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: list[int]) -> str:
    """A small trend in characters: ▁ for none, █ for the most in the span."""
    top = max(counts, default=0)
    if not top:
        return SPARKS[0] * len(counts)
    return "".join(SPARKS[round(n / top * (len(SPARKS) - 1))] for n in counts)


def _goal_text(row: dict, key: str) -> str:
    done, goal = row["week"][key], (row["goals"] or {}).get(key)
    return f"{done}/{goal}" if goal else str(done)


TEXT_COLUMNS = (
    ("Client", lambda r: r["client"]),
    (
        "Package",
        lambda r: (
            ""
            if r["age_days"] is None
            else f"{r['age_days']}d" + (" !" if r["age_days"] > STALE_AFTER_DAYS else "")
        ),
    ),
    ("Outr.", lambda r: _goal_text(r, "outreaches")),
    ("Conv.", lambda r: _goal_text(r, "conversations")),
    ("Thanks", lambda r: _goal_text(r, "thank_yous")),
    ("Board", lambda r: _goal_text(r, "board_items")),
    ("Streak", lambda r: str(r["streak"])),
    ("Overdue", lambda r: str(r["overdue"])),
    ("Thanks on time", lambda r: on_time_text(r["thank_yous_on_time"])),
    ("Updates on time", lambda r: on_time_text(r["updates_on_time"])),
    ("Conv. 4 wk", lambda r: str(r["conversations_4_weeks"])),
    ("Last activity", lambda r: r["last_activity"] or "-"),
    ("Trend", lambda r: sparkline(r["trend"])),
    ("Actions", lambda r: f"{r['open_action_items']} open, {r['done_action_items']} done"),
)


def text_table(rows: list[dict]) -> str:
    """The Clients table for a terminal: a line per client, then why each needs attention."""
    readable = [r for r in rows if not r["problem"]]
    cells = [[name for name, _ in TEXT_COLUMNS]]
    cells += [[_one_line(cell(r)) for _, cell in TEXT_COLUMNS] for r in readable]
    widths = [max(len(line[i]) for line in cells) for i in range(len(TEXT_COLUMNS))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [
        f"{_one_line(r['client'])}: {'; '.join(r['attention'])}" for r in rows if r["attention"]
    ]
    if notes:
        lines += ["", "Needs attention:"] + [f"- {note}" for note in notes]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    # A client's name comes from their file: no line breaks or terminal control characters.
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def file_signature(path: Path) -> tuple:
    """What changes when a package is rewritten: its path, size and modification time."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path),)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def week_figures(db: sqlite_utils.Database, week: date) -> dict[str, int]:
    """The week's goal measures, by the --json names, from lib.reviews (the review's numbers)."""
    numbers = reviews.week_numbers(db, week)
    return {name: int(numbers[key]) for key, name in WEEK_KEYS.items()}


def goal_figures(db: sqlite_utils.Database, week: date) -> dict[str, int] | None:
    """The goals in force for the week, by the --json names, or None when none are set."""
    goals = reviews.goals_in_force(db, week)
    if not goals:
        return None
    return {name: int(goals[key] or 0) for key, name in WEEK_KEYS.items()}


def last_activity(db: sqlite_utils.Database, today: date) -> date | None:
    """The latest day up to today anything was done: a message, a conversation, a board item."""
    row = db.execute(
        """SELECT max(day) FROM (
             SELECT max(occurred_on) AS day FROM interactions WHERE occurred_on <= :today
             UNION ALL SELECT max(held_on) FROM conversations WHERE held_on <= :today
             UNION ALL SELECT max(done_on) FROM research_items
                       WHERE status = 'done' AND done_on <= :today)""",
        {"today": today.isoformat()},
    ).fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else None


def conversation_trend(db: sqlite_utils.Database, week: date) -> list[int]:
    """Conversations held per week, the TREND_WEEKS weeks ending with week's, oldest first."""
    monday = metrics.week_start(week)
    frame = metrics.weekly_totals(db, monday - timedelta(weeks=TREND_WEEKS - 1), monday)
    return [int(n) for n in frame["conversations"]]


def action_item_counts(
    read: coach_file.CoachFile, done_states: dict[str, str | None]
) -> dict[str, int]:
    """Open and done action items: the coach's (not withdrawn), done as the package says."""
    live = [item for item in read.action_items if not item.withdrawn]
    done = sum(1 for item in live if done_states.get(item.id))
    return {"open": len(live) - done, "done": done}


def client_figures(
    db: sqlite_utils.Database,
    today: date,
    read: coach_file.CoachFile | None = None,
    done_states: dict[str, str | None] | None = None,
) -> dict:
    """One client's row of figures for the week holding today, from their package."""
    week = metrics.week_start(today)
    end = reviews.week_end(week)
    first = week - timedelta(weeks=LOOKBACK_WEEKS - 1)
    on_time = metrics.follow_ups_on_time(db, first, end, today)
    items = action_item_counts(read or coach_file.CoachFile(), done_states or {})
    activity = last_activity(db, today)
    return {
        "week_start": week.isoformat(),
        "week": week_figures(db, week),
        "goals": goal_figures(db, week),
        "streak": reviews.streak(db, week, today),
        "overdue": int(followups.due_counts(db, today)["overdue"]),
        "thank_yous_on_time": _on_time(on_time["thank_you"]),
        "updates_on_time": _on_time(on_time["one_month_update"]),
        "conversations_4_weeks": metrics.conversations_held(db, first, end),
        "last_activity": activity.isoformat() if activity else None,
        "open_action_items": items["open"],
        "done_action_items": items["done"],
        "trend": conversation_trend(db, week),
    }


def _on_time(counts: dict[str, int]) -> dict[str, int]:
    return {"on_time": int(counts["on_time"]), "due": int(counts["due"])}


def package_age_days(made_at: str | None, today: date) -> int | None:
    """Whole days from the day the package was made (local) to today."""
    made = clock.local_date(made_at)
    return None if made is None else max(0, (today - made).days)


def client_row(package: Package, figures: dict, today: date) -> dict:
    """A Clients page row: the package, its figures, why it needs attention and a sentence."""
    row = {
        "client": package.client,
        "package_made_at": package.made_at,
        **figures,
        "path": str(package.path),
        "age_days": package_age_days(package.made_at, today),
        "problem": "",
        "needs_passphrase": False,
    }
    row["attention"] = attention(row, today)
    row["summary"] = summary_sentence(row)
    return row


def unreadable_row(package: Package, problem: str) -> dict:
    """A row for a package that cannot be read (a wrong passphrase, a hostile file)."""
    row = {key: None for key in JSON_KEYS}
    row.update(
        client=package.client,
        package_made_at=package.made_at,
        path=str(package.path),
        age_days=None,
        problem=problem,
        attention=[problem],
        trend=[],
        done_action_items=None,
        needs_passphrase=package.encrypted,
    )
    row["summary"] = f"{package.client}: {problem}"
    return row


def behind_goals(row: dict) -> list[str]:
    """The week's measures below their goals, as 'outreaches 1 of 5'."""
    goals = row.get("goals") or {}
    return [
        f"{WEEK_LABELS[key]} {row['week'][key]} of {goal}"
        for key, goal in goals.items()
        if goal and row["week"][key] < goal
    ]


def attention(row: dict, today: date) -> list[str]:
    """Why a client needs the coach this week, most pressing first (empty: on track)."""
    reasons = []
    if row["age_days"] is not None and row["age_days"] > STALE_AFTER_DAYS:
        reasons.append(f"package {row['age_days']} days old")
    if row["overdue"]:
        reasons.append(f"{row['overdue']} overdue follow-up{'s' if row['overdue'] != 1 else ''}")
    if not row["conversations_4_weeks"]:
        reasons.append(f"no conversation in {LOOKBACK_WEEKS} weeks")
    behind = behind_goals(row)
    if behind:
        reasons.append("behind on " + ", ".join(behind))
    if row["goals"] is None:
        reasons.append("no weekly goals set")
    quiet = _days_quiet(row, today)
    if quiet is not None and quiet > 7:
        reasons.append(f"nothing done in {quiet} days")
    return reasons


def short_reasons(row: dict) -> list[str]:
    """attention()'s reasons, each in a few words (a table cell): 'behind on 3 goals'."""
    behind = len(behind_goals(row))
    short = []
    for reason in row["attention"]:
        if reason.startswith("behind on "):
            reason = f"behind on {behind} goal{'s' if behind != 1 else ''}"
        short.append(reason)
    return short


def _days_quiet(row: dict, today: date) -> int | None:
    if not row["last_activity"]:
        return None
    return (today - date.fromisoformat(row["last_activity"])).days


def attention_key(row: dict) -> tuple:
    """Sort key: unreadable packages, then the most reasons, the most overdue, the quietest."""
    return (
        0 if row["problem"] else 1,
        -len(row["attention"]),
        -(row["overdue"] or 0),
        row["last_activity"] or "",
        row["client"].casefold(),
    )


def by_attention(rows: list[dict]) -> list[dict]:
    """The rows, who needs attention first."""
    return sorted(rows, key=attention_key)


def summary_sentence(row: dict) -> str:
    """One plain sentence about a client, for screen readers and the terminal."""
    goals = row["goals"] or {}
    week = ", ".join(
        f"{row['week'][key]}" + (f" of {goals[key]}" if goals.get(key) else "") + f" {label}"
        for key, label in WEEK_LABELS.items()
    )
    age = row["age_days"]
    made = "made today" if age == 0 else f"{age} day{'s' if age != 1 else ''} old"
    streak = row["streak"]
    needs = "; needs attention: " + ", ".join(row["attention"]) if row["attention"] else ""
    return (
        f"{row['client']}: package {made}; this week {week}; streak {streak} "
        f"week{'s' if streak != 1 else ''}; {row['overdue']} overdue; "
        f"{row['conversations_4_weeks']} conversations in {LOOKBACK_WEEKS} weeks{needs}."
    )


def json_row(row: dict) -> dict:
    """The row as `fieldwork clients --json` prints it: exactly the keys issue 19 lists."""
    return {key: row[key] for key in JSON_KEYS}


def on_time_text(counts: dict[str, int] | None) -> str:
    """'2 of 3', or 'none due' (metrics.on_time_value, the review's own wording)."""
    if counts is None:
        return ""
    return metrics.on_time_value(counts)
