"""The coach file: `<package>.coach` beside a client's share package, written by the coach only.

One JSON object a line, append-only. Every entry has an id (a UUID), `at` (a UTC timestamp),
`coach` (the coach's name) and a kind:

- `comment`: `week_start` (the Monday of the week it is about) and `text`;
- `action_item`: `text`, `due_on`, optionally `contact_id` and `path_id`;
- `action_item_change`: `item` (an action item's id) and what changed: `text`, `due_on`, or
  `withdrawn: true`.

The file comes from another person's machine, through a synced folder: it is untrusted. It is
size-capped, each line is checked on its own (a bad line is skipped and counted, never fatal),
and reading is idempotent: a line written twice, or lines out of time order (two machines
syncing), resolve to the same comments and action items.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from lib import clock
from lib.text import clean, clean_line

SUFFIX = ".coach"
MAX_BYTES = 2_000_000  # years of weekly comments; a bigger file is not a coach file
MAX_LINE = 20_000
MAX_TEXT = 5_000
MAX_NAME = 100
KINDS = ("comment", "action_item", "action_item_change")


class CoachFileError(ValueError):
    """An entry cannot be written to the coach file; the message says what to fix."""


@dataclass(frozen=True)
class Comment:
    """A coach's comment on one week of the client's review."""

    id: str
    at: str
    coach: str
    week_start: date
    text: str


@dataclass(frozen=True)
class ActionItem:
    """Something the coach asks the client to do by a day; changed or withdrawn later."""

    id: str
    at: str
    coach: str
    text: str
    due_on: date
    contact_id: int | None = None
    path_id: int | None = None
    withdrawn: bool = False
    changed_at: str | None = None


@dataclass
class CoachFile:
    """What a coach file holds once read: comments, action items, and what was skipped."""

    comments: list[Comment] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    skipped: int = 0
    problem: str = ""  # the whole file refused (too big, unreadable): said plainly

    def message(self) -> str:
        """A plain sentence about what could not be read ('' when everything was read)."""
        if self.problem:
            return self.problem
        if self.skipped:
            lines = "line" if self.skipped == 1 else "lines"
            return (
                f"{self.skipped} {lines} of the coach file could not be read and "
                f"{'was' if self.skipped == 1 else 'were'} skipped."
            )
        return ""


def coach_file_for(package: str | Path) -> Path:
    """The coach file that belongs beside a share package: `<package>.coach`."""
    package = Path(package)
    return package.with_name(package.name + SUFFIX)


def now_stamp() -> str:
    """The current UTC instant as the coach file writes it."""
    return clock.utc_stamp()


# ------------------------------------------------------------------------------- reading


def read_coach_file(path: str | Path) -> CoachFile:
    """Read a coach file (missing: empty), capped and checked line by line; never raises."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return CoachFile()
    except OSError as error:
        return CoachFile(problem=f"The coach file could not be read ({error.strerror}).")
    if size > MAX_BYTES:
        return CoachFile(
            problem=f"The coach file is larger than {MAX_BYTES // 1_000_000} MB, so it is "
            "not one Fieldwork wrote; nothing was read from it."
        )
    try:
        data = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as error:
        return CoachFile(problem=f"The coach file could not be read ({error.strerror}).")
    return parse_coach_file(data)


def parse_coach_file(data: bytes) -> CoachFile:
    """Comments and action items from a coach file's bytes, duplicates and order resolved."""
    if len(data) > MAX_BYTES:
        return CoachFile(problem="The coach file is too large; nothing was read from it.")
    entries, skipped = [], 0
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        entry = _entry(raw)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return _resolve(entries, skipped)


def _entry(raw: bytes) -> dict | None:
    """One line as a checked entry (plain values), or None when it is not a valid entry."""
    if len(raw) > MAX_LINE:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or value.get("kind") not in KINDS:
        return None
    entry = {
        "id": _uuid(value.get("id")),
        "at": _stamp(value.get("at")),
        "coach": _name(value.get("coach")),
        "kind": value["kind"],
    }
    if None in entry.values():
        return None
    checker = {"comment": _comment, "action_item": _item, "action_item_change": _change}
    details = checker[entry["kind"]](value)
    return None if details is None else {**entry, **details}


def _comment(value: dict) -> dict | None:
    week, text = _day(value.get("week_start")), _text(value.get("text"))
    if week is None or not text:
        return None
    return {"week_start": week - timedelta(days=week.weekday()), "text": text}


def _item(value: dict) -> dict | None:
    text, due = _text(value.get("text")), _day(value.get("due_on"))
    contact, path = _optional_id(value, "contact_id"), _optional_id(value, "path_id")
    if not text or due is None or contact is False or path is False:
        return None
    return {"text": text, "due_on": due, "contact_id": contact, "path_id": path}


def _change(value: dict) -> dict | None:
    target = _uuid(value.get("item"))
    if target is None:
        return None
    change: dict = {"item": target}
    if "text" in value:
        change["text"] = _text(value["text"])
        if not change["text"]:
            return None
    if "due_on" in value:
        change["due_on"] = _day(value["due_on"])
        if change["due_on"] is None:
            return None
    if value.get("withdrawn") is True:
        change["withdrawn"] = True
    return change if len(change) > 1 else None


def _uuid(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _stamp(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 40 or not value.endswith("Z"):
        return None
    try:
        moment = datetime.fromisoformat(value.removesuffix("Z") + "+00:00")
    except ValueError:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: object) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    name = clean_line(value)
    return name if name and len(name) <= MAX_NAME else None


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = clean(value)
    return text if len(text) <= MAX_TEXT else ""


def _optional_id(value: dict, key: str) -> int | None | bool:
    """A positive whole number, None when absent, False when present but not valid."""
    found = value.get(key)
    if found is None:
        return None
    if isinstance(found, bool) or not isinstance(found, int) or not 0 < found < 2**63:
        return False
    return found


def _resolve(entries: list[dict], skipped: int) -> CoachFile:
    """The file's meaning, the same whatever the order of its lines or how often one repeats."""
    # Time order, ties by id, then by content: a line repeated (or an id reused) settles the
    # same way on every machine.
    entries.sort(key=lambda e: (e["at"], e["id"], json.dumps(e, default=str, sort_keys=True)))
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry["id"] not in seen:
            seen.add(entry["id"])
            unique.append(entry)
    comments = [
        Comment(e["id"], e["at"], e["coach"], e["week_start"], e["text"])
        for e in unique
        if e["kind"] == "comment"
    ]
    items = {
        e["id"]: ActionItem(
            e["id"], e["at"], e["coach"], e["text"], e["due_on"], e["contact_id"], e["path_id"]
        )
        for e in unique
        if e["kind"] == "action_item"
    }
    for change in (e for e in unique if e["kind"] == "action_item_change"):
        item = items.get(change["item"])
        if item is None:
            continue  # a change of an item this file does not hold: nothing to change
        items[item.id] = replace(
            item,
            text=change.get("text", item.text),
            due_on=change.get("due_on", item.due_on),
            withdrawn=item.withdrawn or change.get("withdrawn", False),
            changed_at=change["at"],
        )
    return CoachFile(comments, list(items.values()), skipped)


# ------------------------------------------------------------------------------- writing


def new_comment(coach: str, week: date, text: str, now: str | None = None) -> dict:
    """A checked comment entry on the week holding week, ready to append."""
    entry = _base("comment", coach, now)
    if not isinstance(week, date):
        raise CoachFileError("Pick the week the comment is about.")
    entry["week_start"] = (week - timedelta(days=week.weekday())).isoformat()
    entry["text"] = _checked_text(text, "comment")
    return entry


def new_action_item(
    coach: str,
    text: str,
    due_on: date | None,
    contact_id: int | None = None,
    path_id: int | None = None,
    now: str | None = None,
) -> dict:
    """A checked action-item entry, ready to append."""
    entry = _base("action_item", coach, now)
    entry["text"] = _checked_text(text, "action item")
    if not isinstance(due_on, date):
        raise CoachFileError("Give the day the action item is due.")
    entry["due_on"] = due_on.isoformat()
    entry["contact_id"] = contact_id
    entry["path_id"] = path_id
    return entry


def change_action_item(
    coach: str,
    item_id: str,
    *,
    text: str | None = None,
    due_on: date | None = None,
    withdrawn: bool = False,
    now: str | None = None,
) -> dict:
    """An entry changing (or withdrawing) an action item written earlier."""
    entry = _base("action_item_change", coach, now)
    entry["item"] = item_id
    if text is not None:
        entry["text"] = _checked_text(text, "action item")
    if due_on is not None:
        entry["due_on"] = due_on.isoformat()
    if withdrawn:
        entry["withdrawn"] = True
    if len(entry) == 5:
        raise CoachFileError("Nothing changed.")
    return entry


def _base(kind: str, coach: str, now: str | None) -> dict:
    name = clean_line(coach or "")
    if not name:
        raise CoachFileError("Give your name, so the client knows who wrote.")
    if len(name) > MAX_NAME:
        raise CoachFileError(f"Keep your name under {MAX_NAME} characters.")
    return {"id": str(uuid.uuid4()), "at": now or now_stamp(), "coach": name, "kind": kind}


def _checked_text(text: str, what: str) -> str:
    text = clean(text or "")
    if not text:
        raise CoachFileError(f"Write the {what} first.")
    if len(text) > MAX_TEXT:
        raise CoachFileError(f"Keep the {what} under {MAX_TEXT:,} characters.")
    return text


def append_entries(path: str | Path, entries: list[dict]) -> None:
    """Append whole lines to the coach file in one write (O_APPEND): a reader never sees half."""
    path = Path(path)
    data = b"".join(
        json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        for entry in entries
    )
    if path.exists() and path.stat().st_size + len(data) > MAX_BYTES:
        raise CoachFileError("The coach file is full; start a new one beside a new package.")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        written = os.write(descriptor, data)
        while written < len(data):  # a short write is rare; the rest follows at once
            written += os.write(descriptor, data[written:])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
