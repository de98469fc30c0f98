"""Paths: the careers being weighed, and the evidence the conversations gather about each.

A path has a status (exploring, promising, on hold, ruled out, chosen) whose every change is
recorded with its date. Each conversation can inform several paths; per path it records
whether the researcher is still interested (yes / maybe / no), what appeals, the hard parts
and the open questions it raised. A path's page gathers that evidence over time, and paths
are compared on counts of it, never on an invented score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from lib import board, clock, organizations, recommendations, store, vocab
from lib.dates import as_date
from lib.text import clean, clean_line

# The order the Paths page lists statuses in: live options first, decided ones last.
STATUS_ORDER = ("chosen", "promising", "exploring", "on_hold", "ruled_out")
NAME_MAX = 120
TEXT_MAX = 5_000
COMPARE_MIN, COMPARE_MAX = 2, 4
# Interest read as a level, for the chart's axis and for "went up / went down".
INTEREST_LEVEL = {"no": 0, "maybe": 1, "yes": 2}


class PathError(ValueError):
    """A path or its evidence cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class PathLink:
    """What one conversation taught about one path (path_id, or a new path's name)."""

    path_id: int | None = None
    still_interested: str | None = None
    appeals: str = ""
    hard_parts: str = ""
    open_questions: str = ""  # one question a line
    name: str = ""  # a path to create in the same save, when path_id is None


def _status_rank_sql(column: str = "status") -> str:
    cases = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STATUS_ORDER))
    return f"CASE {column} {cases} ELSE {len(STATUS_ORDER)} END"


def _with_label(row: dict) -> dict:
    return dict(row, status_label=vocab.label(vocab.PATH_STATUS, row["status"]))


# ---------------------------------------------------------------------------------------------
# Reading paths


def list_paths(db: sqlite_utils.Database) -> list[dict]:
    """Every path (id, name, description, status, status_label), live ones first, then by name."""
    rows = db.query(
        f"""SELECT id, name, description, status FROM paths
        ORDER BY {_status_rank_sql()}, name COLLATE NOCASE"""
    )
    return [_with_label(row) for row in rows]


def path_overview(db: sqlite_utils.Database) -> list[dict]:
    """list_paths() with, per path, conversations held, the latest interest and open questions."""
    rows = db.query(
        f"""SELECT p.id, p.name, p.description, p.status,
                coalesce(cp.conversations, 0) AS conversations,
                (SELECT x.still_interested FROM conversation_paths x
                 JOIN conversations v ON v.id = x.conversation_id
                 WHERE x.path_id = p.id AND x.still_interested IS NOT NULL
                 ORDER BY v.held_on DESC, v.id DESC LIMIT 1) AS latest_interest,
                (SELECT count(*) FROM path_questions q
                 WHERE q.path_id = p.id AND q.answered_on IS NULL) AS open_questions
            FROM paths p
            LEFT JOIN (SELECT path_id, count(*) AS conversations FROM conversation_paths
                       GROUP BY path_id) cp ON cp.path_id = p.id
            ORDER BY {_status_rank_sql("p.status")}, p.name COLLATE NOCASE"""
    )
    return [_with_label(row) for row in rows]


def get_path(db: sqlite_utils.Database, path_id: int) -> dict | None:
    """One path with its status label, or None."""
    rows = list(
        db.query(
            "SELECT id, name, description, status, created_at FROM paths WHERE id = ?", [path_id]
        )
    )
    return _with_label(rows[0]) if rows else None


def status_history(db: sqlite_utils.Database, path_id: int) -> list[dict]:
    """Every status a path has had, oldest first: changed_on, status, previous_status."""
    return list(
        db.query(
            """SELECT changed_on, status, previous_status FROM path_status_changes
            WHERE path_id = ? ORDER BY changed_on, id""",
            [path_id],
        )
    )


def open_questions(db: sqlite_utils.Database, path_id: int) -> list[dict]:
    """A path's questions not yet answered, oldest first, with who raised each and when.

    Each row: id, text, raised_on (YYYY-MM-DD), conversation_id (None when added by hand),
    raised_by (the contact's name, '' when added by hand), raised_by_id.
    """
    return list(
        db.query(
            """SELECT q.id, q.text, q.raised_on, q.conversation_id,
                      coalesce(c.name, '') AS raised_by, c.id AS raised_by_id
               FROM path_questions q
               LEFT JOIN conversations v ON v.id = q.conversation_id
               LEFT JOIN contacts c ON c.id = v.contact_id
               WHERE q.path_id = ? AND q.answered_on IS NULL
               ORDER BY q.raised_on, q.id""",
            [path_id],
        )
    )


def answered_questions(db: sqlite_utils.Database, path_id: int) -> list[dict]:
    """A path's answered questions, latest answer first, with the answer and its date."""
    return list(
        db.query(
            """SELECT q.id, q.text, q.raised_on, q.answered_on, q.answer, q.conversation_id,
                      coalesce(c.name, '') AS raised_by
               FROM path_questions q
               LEFT JOIN conversations v ON v.id = q.conversation_id
               LEFT JOIN contacts c ON c.id = v.contact_id
               WHERE q.path_id = ? AND q.answered_on IS NOT NULL
               ORDER BY q.answered_on DESC, q.id DESC""",
            [path_id],
        )
    )


# ---------------------------------------------------------------------------------------------
# Creating and changing paths


def clean_path(values: dict, statuses: bool = True) -> tuple[dict, dict[str, str]]:
    """Check a path's name, description and status; return (row, errors)."""
    row: dict = {}
    errors: dict[str, str] = {}
    if "name" in values:
        name = clean_line(values.get("name"))
        if not name:
            errors["name"] = "Give the path a name, e.g. the role or the field."
        elif len(name) > NAME_MAX:
            errors["name"] = f"Keep the name under {NAME_MAX} characters ({len(name)} now)."
        row["name"] = name
    if "description" in values:
        description = clean(values.get("description"))
        if len(description) > TEXT_MAX:
            errors["description"] = f"Keep the description under {TEXT_MAX} characters."
        row["description"] = description or None
    if statuses and "status" in values:
        status = values.get("status") or "exploring"
        if status not in vocab.PATH_STATUS:
            errors["status"] = f"Pick a status: {', '.join(vocab.PATH_STATUS.values())}."
        row["status"] = status
    return row, errors


def _name_taken(db: sqlite_utils.Database, name: str, except_id: int | None = None) -> bool:
    row = db.execute(
        "SELECT id FROM paths WHERE name = ? COLLATE NOCASE AND id IS NOT ?", [name, except_id]
    ).fetchone()
    return row is not None


def path_named(db: sqlite_utils.Database, name: str) -> int | None:
    """The id of the path with this name (any case), or None."""
    row = db.execute(
        "SELECT id FROM paths WHERE name = ? COLLATE NOCASE", [clean_line(name)]
    ).fetchone()
    return row[0] if row else None


def insert_path(db: sqlite_utils.Database, row: dict, today: date) -> int:
    """Insert a checked path row and its first status, inside the caller's transaction."""
    path_id = db["paths"].insert(row).last_pk
    db["path_status_changes"].insert(
        {"path_id": path_id, "status": row["status"], "changed_on": today.isoformat()}
    )
    return path_id


def create_path(db: sqlite_utils.Database, values: dict, today: date | None = None) -> int:
    """Add a path (name, description, status); its first status is recorded today."""
    today = today or clock.today()
    row, errors = clean_path(
        {
            "name": values.get("name"),
            "description": values.get("description"),
            "status": values.get("status"),
        }
    )
    row.setdefault("status", "exploring")
    if not errors and _name_taken(db, row["name"]):
        errors["name"] = f"There is already a path called {row['name']}."
    if errors:
        raise PathError(errors)
    with store.write(db):
        return insert_path(db, row, today)


def update_path(db: sqlite_utils.Database, path_id: int, values: dict) -> None:
    """Rename or describe a path (the keys given: name, description)."""
    row, errors = clean_path({k: v for k, v in values.items() if k in ("name", "description")})
    if get_path(db, path_id) is None:
        errors["path"] = "That path no longer exists."
    elif "name" in row and not errors.get("name") and _name_taken(db, row["name"], path_id):
        errors["name"] = f"There is already a path called {row['name']}."
    if errors:
        raise PathError(errors)
    if row:
        with store.write(db):
            db["paths"].update(path_id, row)


def set_status(
    db: sqlite_utils.Database, path_id: int, status: str, today: date | None = None
) -> bool:
    """Move a path to a status, recording the change on today; False when it already had it."""
    today = today or clock.today()
    if status not in vocab.PATH_STATUS:
        raise PathError({"status": f"Pick a status: {', '.join(vocab.PATH_STATUS.values())}."})
    with store.write(db):
        path = get_path(db, path_id)
        if path is None:
            raise PathError({"path": "That path no longer exists."})
        if path["status"] == status:
            return False
        db["paths"].update(path_id, {"status": status})
        db["path_status_changes"].insert(
            {
                "path_id": path_id,
                "status": status,
                "previous_status": path["status"],
                "changed_on": today.isoformat(),
            }
        )
    return True


# ---------------------------------------------------------------------------------------------
# Alternative roles that came up: one step to a path


def alternative_roles(db: sqlite_utils.Database, limit: int = 20) -> list[dict]:
    """Alternative roles from conversations and board items that are not paths yet.

    One row per distinct role (any case), latest mention first: source ('conversation' or
    'item'), source_id, name, mentioned_on, contact (who raised it: for a board item,
    everyone who recommended it, as one sentence), mentions.
    """
    rows = db.query(
        """WITH mentions AS (
            SELECT 'conversation' AS source, v.id AS source_id, trim(v.alternative_role) AS name,
                   v.held_on AS mentioned_on, c.name AS contact
            FROM conversations v JOIN contacts c ON c.id = v.contact_id
            WHERE trim(coalesce(v.alternative_role, '')) != ''
            UNION ALL
            SELECT 'item', r.id, trim(r.title), coalesce(v.held_on, substr(r.created_at, 1, 10)),
                   NULL
            FROM research_items r
            LEFT JOIN conversations v ON v.id = r.conversation_id
            WHERE r.kind = 'role' AND r.path_id IS NULL AND r.status != 'dropped'
        ), ranked AS (
            SELECT *, count(*) OVER (PARTITION BY lower(name)) AS mentions,
                   row_number() OVER (PARTITION BY lower(name)
                                      ORDER BY mentioned_on DESC, source, source_id DESC) AS n
            FROM mentions
        )
        SELECT source, source_id, name, mentioned_on, contact, mentions FROM ranked
        WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM paths p WHERE p.name = ranked.name COLLATE NOCASE)
        ORDER BY mentioned_on DESC, name COLLATE NOCASE
        LIMIT ?""",
        [limit],
    )
    rows = list(rows)
    items = recommendations.with_recommenders(
        db, [row for row in rows if row["source"] == "item"], id_key="source_id"
    )
    for row in items:
        row["contact"] = row.pop("recommended_by") or None
        del row["recommended_by_names"]
    return rows


def create_from_alternative_role(
    db: sqlite_utils.Database, source: str, source_id: int, today: date | None = None
) -> int:
    """Make a path from a conversation's alternative role or a board 'role' item, in one step.

    The conversation it came from is linked to the new path, and every board 'role' item and
    conversation naming the same role is tied to it. Returns the path's id (an existing path
    of that name is reused).
    """
    today = today or clock.today()
    if source == "conversation":
        found = db.execute(
            "SELECT alternative_role, id FROM conversations WHERE id = ?", [source_id]
        ).fetchone()
    elif source == "item":
        found = db.execute(
            "SELECT title, id FROM research_items WHERE id = ? AND kind = 'role'",
            [source_id],
        ).fetchone()
    else:
        raise PathError({"source": "A path comes from a conversation or a board item."})
    name = clean_line(found[0]) if found else ""
    if not name:
        raise PathError({"source": "That alternative role no longer exists."})
    if len(name) > NAME_MAX:
        name = name[:NAME_MAX].rstrip()
    with store.write(db):
        path_id = path_named(db, name) or insert_path(
            db, {"name": name, "status": "exploring"}, today
        )
        db.execute(
            """UPDATE research_items SET path_id = ?
            WHERE kind = 'role' AND path_id IS NULL AND trim(title) = ? COLLATE NOCASE""",
            [path_id, name],
        )
        db.execute(
            """INSERT OR IGNORE INTO conversation_paths (conversation_id, path_id)
            SELECT id, ? FROM conversations WHERE trim(alternative_role) = ? COLLATE NOCASE""",
            [path_id, name],
        )
        if source == "item":
            # Every conversation that recommended the role, not only the first.
            db.execute(
                """INSERT OR IGNORE INTO conversation_paths (conversation_id, path_id)
                SELECT DISTINCT conversation_id, ? FROM board_recommendations
                WHERE item_id = ? AND conversation_id IS NOT NULL""",
                [path_id, found[1]],
            )
    return path_id


# ---------------------------------------------------------------------------------------------
# Linking conversations and items to paths


def question_lines(text: str) -> list[str]:
    """The questions in a text box: one a line, bullets and blanks dropped, no repeats."""
    seen: dict[str, str] = {}
    for line in clean(text).split("\n"):
        question = clean_line(line.lstrip("-*•· \t"))
        if question and question.casefold() not in seen:
            seen[question.casefold()] = question
    return list(seen.values())


def validate_links(db: sqlite_utils.Database, links: list[PathLink]) -> dict[str, str]:
    """Return {field: what to fix} for a conversation's path links; empty when they can be saved."""
    errors: dict[str, str] = {}
    seen: set = set()
    for index, link in enumerate(links, start=1):
        key = link.path_id or clean_line(link.name).casefold()
        if not key:
            continue
        label = f"Path {index}"
        if key in seen:
            errors[f"path_{index}"] = f"{label} is listed twice; keep one."
        seen.add(key)
        if link.path_id and get_path(db, link.path_id) is None:
            errors[f"path_{index}"] = f"{label} no longer exists; pick another."
        if not link.path_id and len(clean_line(link.name)) > NAME_MAX:
            errors[f"path_{index}"] = f"{label}: keep the name under {NAME_MAX} characters."
        if link.still_interested not in (None, "", *vocab.INTEREST):
            errors[f"path_{index}_interest"] = f"{label}: still interested is yes, maybe or no."
        for field in ("appeals", "hard_parts", "open_questions"):
            if len(clean(getattr(link, field))) > TEXT_MAX:
                errors[f"path_{index}_{field}"] = f"{label}: keep it under {TEXT_MAX} characters."
    return errors


def save_links(
    db: sqlite_utils.Database,
    conversation_id: int,
    held_on: date,
    links: list[PathLink],
    today: date | None = None,
) -> None:
    """Replace what a conversation says about paths, with its open questions.

    Runs inside the conversation's own transaction (a savepoint when nested). A question
    already answered is kept as it is; an unanswered one no longer listed is removed.
    """
    today = today or clock.today()
    errors = validate_links(db, links)
    if errors:
        raise PathError(errors)
    with store.write(db):
        db.execute("DELETE FROM conversation_paths WHERE conversation_id = ?", [conversation_id])
        kept: list[int] = []
        for link in links:
            path_id = link.path_id
            if not path_id:
                name = clean_line(link.name)
                if not name:
                    continue
                path_id = path_named(db, name) or insert_path(
                    db, {"name": name, "status": "exploring"}, today
                )
            db.execute(
                """INSERT OR REPLACE INTO conversation_paths
                (conversation_id, path_id, still_interested, appeals, hard_parts)
                VALUES (?, ?, ?, ?, ?)""",
                [
                    conversation_id,
                    path_id,
                    link.still_interested or None,
                    clean(link.appeals) or None,
                    clean(link.hard_parts) or None,
                ],
            )
            kept += _save_questions(db, conversation_id, path_id, held_on, link.open_questions)
        marks = ", ".join("?" for _ in kept)
        db.execute(
            f"""DELETE FROM path_questions WHERE conversation_id = ? AND answered_on IS NULL
            AND id NOT IN ({marks or "NULL"})""",
            [conversation_id, *kept],
        )


def _save_questions(db, conversation_id: int, path_id: int, held_on: date, text: str) -> list[int]:
    existing = {
        row["text"].casefold(): row["id"]
        for row in db.query(
            "SELECT id, text FROM path_questions WHERE conversation_id = ? AND path_id = ?",
            [conversation_id, path_id],
        )
    }
    kept = []
    for question in question_lines(text):
        if question.casefold() in existing:
            kept.append(existing[question.casefold()])
            continue
        kept.append(
            db["path_questions"]
            .insert(
                {
                    "path_id": path_id,
                    "conversation_id": conversation_id,
                    "text": question,
                    "raised_on": held_on.isoformat(),
                }
            )
            .last_pk
        )
    db.execute(
        "UPDATE path_questions SET raised_on = ? WHERE conversation_id = ? AND path_id = ?",
        [held_on.isoformat(), conversation_id, path_id],
    )
    return kept


def links_for(db: sqlite_utils.Database, conversation_id: int) -> list[dict]:
    """What a conversation said about each path it informed, to show or to edit.

    Each row: path_id, name, still_interested, appeals, hard_parts, open_questions (the
    unanswered ones, one a line).
    """
    rows = list(
        db.query(
            """SELECT x.path_id, p.name, x.still_interested, x.appeals, x.hard_parts,
                (SELECT group_concat(q.text, char(10)) FROM
                    (SELECT text FROM path_questions WHERE conversation_id = x.conversation_id
                     AND path_id = x.path_id AND answered_on IS NULL ORDER BY id) q
                ) AS open_questions
            FROM conversation_paths x JOIN paths p ON p.id = x.path_id
            WHERE x.conversation_id = ? ORDER BY p.name COLLATE NOCASE""",
            [conversation_id],
        )
    )
    return [dict(row, open_questions=row["open_questions"] or "") for row in rows]


def add_question(
    db: sqlite_utils.Database, path_id: int, text: str, today: date | None = None
) -> int:
    """Note an open question about a path by hand (raised today, by nobody in particular)."""
    today = today or clock.today()
    question = clean_line(text)
    if not question:
        raise PathError({"question": "Write the question you want answered."})
    if len(question) > TEXT_MAX:
        raise PathError({"question": f"Keep the question under {TEXT_MAX} characters."})
    with store.write(db):
        if get_path(db, path_id) is None:
            raise PathError({"path": "That path no longer exists."})
        return (
            db["path_questions"]
            .insert({"path_id": path_id, "text": question, "raised_on": today.isoformat()})
            .last_pk
        )


def mark_answered(
    db: sqlite_utils.Database, question_id: int, answer: str = "", today: date | None = None
) -> None:
    """Mark an open question answered today, with what the answer was (optional)."""
    today = today or clock.today()
    text = clean(answer)
    if len(text) > TEXT_MAX:
        raise PathError({"answer": f"Keep the answer under {TEXT_MAX} characters."})
    with store.write(db):
        found = db.execute("SELECT 1 FROM path_questions WHERE id = ?", [question_id]).fetchone()
        if not found:
            raise PathError({"question": "That question no longer exists."})
        db.execute(
            "UPDATE path_questions SET answered_on = ?, answer = ? WHERE id = ?",
            [today.isoformat(), text or None, question_id],
        )


def reopen_question(db: sqlite_utils.Database, question_id: int) -> None:
    """Put an answered question back on the open list."""
    with store.write(db):
        db.execute("UPDATE path_questions SET answered_on = NULL WHERE id = ?", [question_id])


def tie_item(db: sqlite_utils.Database, item_id: int, path_id: int | None) -> None:
    """Tie a board item to a path (None unties it)."""
    with store.write(db):
        if path_id is not None and get_path(db, path_id) is None:
            raise PathError({"path": "That path no longer exists."})
        if not db.execute("SELECT 1 FROM research_items WHERE id = ?", [item_id]).fetchone():
            raise PathError({"item": "That item no longer exists."})
        db.execute("UPDATE research_items SET path_id = ? WHERE id = ?", [path_id, item_id])


def add_item_for_path(db: sqlite_utils.Database, values: dict, path_id: int | None) -> int:
    """Add a board item by hand tied to a path (or none), in one transaction; raise BoardError."""
    with store.write(db):
        item_id = board.add_item(db, values)
        if path_id is not None:
            tie_item(db, item_id, path_id)
    return item_id


def path_choices(db: sqlite_utils.Database) -> dict[int, str]:
    """Every path as {id: name}, for pickers; ruled-out ones last."""
    return {row["id"]: row["name"] for row in list_paths(db)}


# ---------------------------------------------------------------------------------------------
# A path's evidence


def interest_points(db: sqlite_utils.Database, path_id: int) -> list[dict]:
    """One point per conversation linked to the path, oldest first.

    Each: conversation_id, held_on, contact_id, contact, still_interested (None if not said).
    """
    return list(
        db.query(
            """SELECT v.id AS conversation_id, v.held_on, c.id AS contact_id, c.name AS contact,
                      x.still_interested
            FROM conversation_paths x
            JOIN conversations v ON v.id = x.conversation_id
            JOIN contacts c ON c.id = v.contact_id
            WHERE x.path_id = ? ORDER BY v.held_on, v.id""",
            [path_id],
        )
    )


def interest_summary(points: list[dict]) -> str:
    """One sentence on the interest points: how many, the latest, and which way it moved."""
    said = [p for p in points if p.get("still_interested")]
    if not points:
        return "No conversation has been linked to this path yet."
    count = f"{len(points)} conversation{'s' * (len(points) != 1)}"
    if not said:
        return f"{count}, none saying whether you are still interested."
    latest = said[-1]
    latest_text = (
        f"latest: {vocab.INTEREST[latest['still_interested']].lower()} "
        f"after {latest['contact']} on {latest['held_on']}"
    )
    if len(said) == 1:
        return f"{count}; {latest_text}."
    first, last = (
        INTEREST_LEVEL[said[0]["still_interested"]],
        INTEREST_LEVEL[latest["still_interested"]],
    )
    trend = "up" if last > first else "down" if last < first else "level"
    direction = {
        "up": "interest has risen since the first",
        "down": "interest has fallen since the first",
        "level": "interest is where it started",
    }[trend]
    return f"{count}; {latest_text}; {direction}."


def remarks(db: sqlite_utils.Database, path_id: int) -> dict[str, list[dict]]:
    """What appeals and the hard parts, across conversations, with who said each and when."""
    rows = list(
        db.query(
            """SELECT x.appeals, x.hard_parts, v.held_on, v.id AS conversation_id,
                      c.id AS contact_id, c.name AS contact
            FROM conversation_paths x
            JOIN conversations v ON v.id = x.conversation_id
            JOIN contacts c ON c.id = v.contact_id
            WHERE x.path_id = ? AND (coalesce(x.appeals, '') != '' OR coalesce(x.hard_parts, '') != '')
            ORDER BY v.held_on DESC, v.id DESC""",
            [path_id],
        )
    )
    result: dict[str, list[dict]] = {"appeals": [], "hard_parts": []}
    for row in rows:
        for field in result:
            if row[field]:
                result[field].append(
                    {
                        "text": row[field],
                        "contact": row["contact"],
                        "contact_id": row["contact_id"],
                        "held_on": row["held_on"],
                        "conversation_id": row["conversation_id"],
                    }
                )
    return result


def people(db: sqlite_utils.Database, path_id: int) -> dict[str, list[dict]]:
    """People met on this path, and people still to meet (board 'person' items for it).

    met: contact_id, name, role, organization, conversations, last_on.
    to_meet: item_id, name, recommended_by (everyone who recommended them, as one sentence),
    recommended_by_names, contact_id (when already a contact), status.
    A person item is for this path when tied to it or recommended in one of its conversations;
    it is still to meet until that person has had a conversation, or the item is dropped.
    """
    met = list(
        db.query(
            """SELECT c.id AS contact_id, c.name, c.role, o.name AS organization,
                      count(*) AS conversations, max(v.held_on) AS last_on
            FROM conversation_paths x
            JOIN conversations v ON v.id = x.conversation_id
            JOIN contacts c ON c.id = v.contact_id
            LEFT JOIN organizations o ON o.id = c.organization_id
            WHERE x.path_id = ?
            GROUP BY c.id ORDER BY last_on DESC, c.name COLLATE NOCASE""",
            [path_id],
        )
    )
    to_meet = list(
        db.query(
            """SELECT r.id AS item_id, coalesce(made.name, r.title) AS name, r.status,
                      r.contact_id, r.detail
            FROM research_items r
            LEFT JOIN contacts made ON made.id = r.contact_id
            WHERE r.kind = 'person' AND r.status != 'dropped'
              AND (r.path_id = :path OR EXISTS (
                    SELECT 1 FROM board_recommendations b
                    JOIN conversation_paths x ON x.conversation_id = b.conversation_id
                    WHERE b.item_id = r.id AND x.path_id = :path))
              AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = r.contact_id)
            ORDER BY r.id DESC""",
            {"path": path_id},
        )
    )
    to_meet = recommendations.with_recommenders(db, to_meet, id_key="item_id")
    return {"met": met, "to_meet": to_meet}


def items(db: sqlite_utils.Database, path_id: int) -> dict[str, list[dict]]:
    """Board items tied to the path (people aside): done (latest first) and to do, each with
    recommended_by (everyone who recommended it, as one sentence) and recommended_by_names."""
    rows = list(
        db.query(
            """SELECT r.id, r.kind, r.title, r.status, r.done_on, r.outcome
            FROM research_items r
            WHERE r.path_id = ? AND r.kind != 'person' AND r.status != 'dropped'
            ORDER BY r.done_on DESC, r.id DESC""",
            [path_id],
        )
    )
    rows = recommendations.with_recommenders(db, rows)
    return {
        "done": [r for r in rows if r["status"] == "done"],
        "to_do": [r for r in rows if r["status"] != "done"],
    }


def organizations_involved(db: sqlite_utils.Database, path_id: int) -> list[dict]:
    """Organizations of the people met or to meet on this path, in LAMP order with scores."""
    rows = list(
        db.query(
            """WITH involved AS (
                SELECT c.organization_id AS id FROM conversation_paths x
                JOIN conversations v ON v.id = x.conversation_id
                JOIN contacts c ON c.id = v.contact_id
                WHERE x.path_id = :path
                UNION
                SELECT c.organization_id FROM research_items r
                JOIN contacts c ON c.id = r.contact_id
                WHERE r.kind = 'person' AND (r.path_id = :path OR EXISTS (
                    SELECT 1 FROM board_recommendations b
                    JOIN conversation_paths x ON x.conversation_id = b.conversation_id
                    WHERE b.item_id = r.id AND x.path_id = :path))
            )
            SELECT o.id, o.name, o.industry, o.motivation, o.posting, o.status,
                EXISTS (SELECT 1 FROM contacts c WHERE c.organization_id = o.id
                        AND c.status = 'active') AS advocacy
            FROM organizations o WHERE o.id IN (SELECT id FROM involved)""",
            {"path": path_id},
        )
    )
    for row in rows:
        row["advocacy"] = bool(row["advocacy"])
    return sorted(rows, key=organizations.lamp_key)


def interest_counts(points: list[dict]) -> dict[str, int]:
    """How many of the interest points said yes, maybe and no (every level, zeros included)."""
    counts = dict.fromkeys(vocab.INTEREST, 0)
    for point in points:
        if point.get("still_interested") in counts:
            counts[point["still_interested"]] += 1
    return counts


def evidence(db: sqlite_utils.Database, path_id: int) -> dict:
    """Everything a path's page shows, gathered from SQL: interest, remarks, questions, people,
    items, organizations and its status history."""
    points = interest_points(db, path_id)
    return {
        "path": get_path(db, path_id),
        "interest": points,
        "summary": interest_summary(points),
        "interest_counts": interest_counts(points),
        "remarks": remarks(db, path_id),
        "open_questions": open_questions(db, path_id),
        "answered_questions": answered_questions(db, path_id),
        "people": people(db, path_id),
        "items": items(db, path_id),
        "organizations": organizations_involved(db, path_id),
        "history": status_history(db, path_id),
    }


# ---------------------------------------------------------------------------------------------
# Comparing paths

# What each compared figure is; the Compare caption states these.
COMPARE_FIGURES = {
    "status": "Status",
    "conversations": "Conversations held",
    "latest_interest": "Latest interest",
    "interest_counts": "Interest (yes / maybe / no)",
    "appeals": "Appeals noted",
    "hard_parts": "Hard parts noted",
    "open_questions": "Open questions left",
    "items_done": "Items done",
    "items_to_do": "Items to do",
    "people_to_meet": "People still to meet",
}

COMPARE_CAPTIONS = {
    "conversations": "conversations linked to the path",
    "latest_interest": "what you said after the most recent one",
    "interest_counts": "how many conversations left you interested, unsure or not",
    "appeals": "conversations where you noted something that appeals",
    "hard_parts": "conversations where you noted a hard part",
    "open_questions": "questions about the path not yet answered",
    "items_done": "board items tied to the path that are done (people aside)",
    "items_to_do": "board items tied to the path still to do or doing",
    "people_to_meet": "people recommended for the path you have not talked to yet",
}


def path_figures(db: sqlite_utils.Database, path_ids: list[int]) -> list[dict]:
    """The counts Compare shows, one dict per path in the order given, aggregated in SQL."""
    if not path_ids:
        return []
    marks = ", ".join("?" for _ in path_ids)
    rows = {
        row["id"]: row
        for row in db.query(
            f"""SELECT p.id, p.name, p.status,
                (SELECT count(*) FROM conversation_paths x WHERE x.path_id = p.id)
                    AS conversations,
                (SELECT x.still_interested FROM conversation_paths x
                 JOIN conversations v ON v.id = x.conversation_id
                 WHERE x.path_id = p.id AND x.still_interested IS NOT NULL
                 ORDER BY v.held_on DESC, v.id DESC LIMIT 1) AS latest_interest,
                (SELECT count(*) FROM conversation_paths x WHERE x.path_id = p.id
                 AND x.still_interested = 'yes') AS interest_yes,
                (SELECT count(*) FROM conversation_paths x WHERE x.path_id = p.id
                 AND x.still_interested = 'maybe') AS interest_maybe,
                (SELECT count(*) FROM conversation_paths x WHERE x.path_id = p.id
                 AND x.still_interested = 'no') AS interest_no,
                (SELECT count(*) FROM conversation_paths x WHERE x.path_id = p.id
                 AND coalesce(x.appeals, '') != '') AS appeals,
                (SELECT count(*) FROM conversation_paths x WHERE x.path_id = p.id
                 AND coalesce(x.hard_parts, '') != '') AS hard_parts,
                (SELECT count(*) FROM path_questions q WHERE q.path_id = p.id
                 AND q.answered_on IS NULL) AS open_questions,
                (SELECT count(*) FROM research_items r WHERE r.path_id = p.id
                 AND r.kind != 'person' AND r.status = 'done') AS items_done,
                (SELECT count(*) FROM research_items r WHERE r.path_id = p.id
                 AND r.kind != 'person' AND r.status IN ('todo', 'doing')) AS items_to_do
            FROM paths p WHERE p.id IN ({marks})""",
            path_ids,
        )
    }
    figures = []
    for path_id in path_ids:
        if path_id not in rows:
            continue
        row = dict(rows[path_id])
        row["people_to_meet"] = len(people(db, path_id)["to_meet"])
        figures.append(row)
    return figures


def compare(figures: list[dict]) -> list[dict]:
    """Paths side by side: one row per figure, one column per path (its name), no scores."""
    table = []
    for key, label in COMPARE_FIGURES.items():
        row = {"figure": label}
        for path in figures:
            if key == "status":
                value = vocab.label(vocab.PATH_STATUS, path["status"])
            elif key == "latest_interest":
                value = vocab.label(vocab.INTEREST, path["latest_interest"]) or "not said"
            elif key == "interest_counts":
                value = f"{path['interest_yes']} / {path['interest_maybe']} / {path['interest_no']}"
            else:
                value = str(path[key])
            row[path["name"]] = value
        table.append(row)
    return table


def compare_caption() -> str:
    """What each compared figure is, one line each, for a caption."""
    parts = [f"{COMPARE_FIGURES[key]}: {text}." for key, text in COMPARE_CAPTIONS.items()]
    return "  \n".join([*parts, "Counts of what you recorded; no score is made up."])


def validate_comparison(path_ids: list[int]) -> str | None:
    """What is wrong with a pick of paths to compare, or None when 2-4 distinct are picked."""
    count = len(set(path_ids))
    if count < COMPARE_MIN:
        return f"Pick at least {COMPARE_MIN} paths to compare."
    if count > COMPARE_MAX:
        return f"Pick at most {COMPARE_MAX} paths to compare; the table stays readable."
    return None


# ---------------------------------------------------------------------------------------------
# What changed in a week


def interest_changes(points: list[dict], start: date, end: date) -> list[dict]:
    """Interest readings in [start, end] that differ from the one before them on the path."""
    changes = []
    previous = None
    for point in points:
        interest = point.get("still_interested")
        if not interest:
            continue
        day = as_date(point["held_on"])
        if previous and interest != previous and start <= day <= end:
            changes.append(
                {
                    "held_on": point["held_on"],
                    "contact": point["contact"],
                    "before": previous,
                    "after": interest,
                }
            )
        previous = interest
    return changes


def changes_in_week(db: sqlite_utils.Database, week_start: date) -> list[dict]:
    """Paths whose status or interest changed in the week starting week_start (a Monday).

    Each: path_id, name, status, status_changes (changed_on, previous_status, status; a new
    path has no previous status), interest_changes (held_on, contact, before, after).
    """
    return changes_between(db, week_start, week_start + timedelta(days=6))


def changes_between(db: sqlite_utils.Database, start: date, end: date) -> list[dict]:
    """changes_in_week() for any range of days, both ends included."""
    span = [start.isoformat(), end.isoformat()]
    status_rows = list(
        db.query(
            """SELECT s.path_id, s.changed_on, s.previous_status, s.status
            FROM path_status_changes s WHERE s.changed_on BETWEEN ? AND ?
            ORDER BY s.changed_on, s.id""",
            span,
        )
    )
    # Only paths with a reading in the range can have an interest change in it.
    active = [
        row[0]
        for row in db.execute(
            """SELECT DISTINCT x.path_id FROM conversation_paths x
            JOIN conversations v ON v.id = x.conversation_id
            WHERE v.held_on BETWEEN ? AND ? AND x.still_interested IS NOT NULL""",
            span,
        )
    ]
    changed: dict[int, dict] = {}

    def entry(path_id: int) -> dict:
        if path_id not in changed:
            path = get_path(db, path_id)
            changed[path_id] = {
                "path_id": path_id,
                "name": path["name"],
                "status": path["status"],
                "status_changes": [],
                "interest_changes": [],
            }
        return changed[path_id]

    for row in status_rows:
        entry(row["path_id"])["status_changes"].append(row)
    for path_id in active:
        found = interest_changes(interest_points(db, path_id), start, end)
        if found:
            entry(path_id)["interest_changes"] = found
    return sorted(changed.values(), key=lambda c: c["name"].casefold())


def describe_change(change: dict) -> str:
    """One line for a path's changes in a week, e.g. 'On hold → ruled out; interest maybe → no'."""
    parts = []
    for row in change["status_changes"]:
        after = vocab.label(vocab.PATH_STATUS, row["status"])
        if row["previous_status"]:
            before = vocab.label(vocab.PATH_STATUS, row["previous_status"])
            parts.append(f"status {before.lower()} → {after.lower()} on {row['changed_on']}")
        else:
            parts.append(f"new path ({after.lower()}) on {row['changed_on']}")
    for row in change["interest_changes"]:
        before = vocab.label(vocab.INTEREST, row["before"]).lower()
        after = vocab.label(vocab.INTEREST, row["after"]).lower()
        parts.append(f"interest {before} → {after} after {row['contact']} on {row['held_on']}")
    return "; ".join(parts)


def report_summary(db: sqlite_utils.Database, start: date, end: date) -> dict:
    """The coach report's paths section: every path with its evidence counts, and what changed
    in [start, end]. No private notes: nothing here reads a private column."""
    rows = [
        dict(row, interest_label=vocab.label(vocab.INTEREST, row["latest_interest"]) or "not said")
        for row in path_overview(db)
    ]
    changes = [
        {"name": change["name"], "text": describe_change(change)}
        for change in changes_between(db, start, end)
    ]
    return {"paths": rows, "changes": changes}


# ---------------------------------------------------------------------------------------------
# Deleting a path, keeping what the conversations said about it


def deletion_effects(db: sqlite_utils.Database, path_id: int) -> dict[str, int]:
    """What deleting a path would touch: conversations whose evidence moves into their notes,
    board items and plans untied from it, and questions added by hand that go with it."""

    def count(sql: str) -> int:
        return db.execute(sql, [path_id]).fetchone()[0]

    return {
        "conversations": count(
            "SELECT count(DISTINCT conversation_id) FROM ("
            "SELECT conversation_id FROM conversation_paths WHERE path_id = ?1 UNION ALL "
            "SELECT conversation_id FROM path_questions WHERE path_id = ?1 "
            "AND conversation_id IS NOT NULL)"
        ),
        "items": count("SELECT count(*) FROM research_items WHERE path_id = ?"),
        "planned": count("SELECT count(*) FROM scheduled_paths WHERE path_id = ?"),
        "own_questions": count(
            "SELECT count(*) FROM path_questions WHERE path_id = ? AND conversation_id IS NULL"
        ),
    }


def evidence_note(name: str, link: dict | None, questions: list[dict], today: date) -> str:
    """The paragraph a deleted path leaves in a conversation's notes ('' when it said nothing)."""
    lines = []
    if link:
        if link.get("still_interested"):
            lines.append(
                f"Still interested: {vocab.label(vocab.INTEREST, link['still_interested'])}."
            )
        if link.get("appeals"):
            lines.append(f"What appeals: {link['appeals']}")
        if link.get("hard_parts"):
            lines.append(f"The hard parts: {link['hard_parts']}")
    for question in questions:
        if question.get("answer"):
            lines.append(f"Question: {question['text']} Answer: {question['answer']}")
        else:
            lines.append(f"Open question: {question['text']}")
    if not lines:
        return ""
    heading = f"About the path “{name}” (the path was deleted on {today.isoformat()}):"
    return "\n".join([heading, *lines])


def _other_references(db: sqlite_utils.Database) -> list[tuple[str, str, bool]]:
    """(table, column, nullable) of every column pointing at paths(id) that delete_path does
    not handle by name: a table a later migration adds is never left pointing at nothing."""
    handled = {
        "conversation_paths",
        "path_questions",
        "path_status_changes",
        "research_items",
        "scheduled_paths",
    }
    found = []
    for table in db.table_names():
        if table in handled or table.endswith("_fts") or "_fts_" in table:
            continue
        for key in db.execute(f"PRAGMA foreign_key_list({store.quote(table)})").fetchall():
            if key[2] == "paths":
                column = key[3]
                info = {
                    row[1]: row for row in db.execute(f"PRAGMA table_info({store.quote(table)})")
                }
                found.append((table, column, not info[column][3]))
    return found


def delete_path(db: sqlite_utils.Database, path_id: int, today: date | None = None) -> dict:
    """Delete a path in one transaction. Each conversation's evidence about it (interest,
    appeals, hard parts, questions raised) is kept as a paragraph in that conversation's
    notes; board items and planned conversations stay, untied from it. Returns the counts."""
    today = today or clock.today()
    with store.write(db):
        path = get_path(db, path_id)
        if path is None:
            raise PathError({"path": "That path no longer exists."})
        effects = deletion_effects(db, path_id)
        links = {
            row["conversation_id"]: row
            for row in db.query("SELECT * FROM conversation_paths WHERE path_id = ?", [path_id])
        }
        questions: dict[int, list[dict]] = {}
        for row in db.query(
            "SELECT * FROM path_questions WHERE path_id = ? AND conversation_id IS NOT NULL "
            "ORDER BY raised_on, id",
            [path_id],
        ):
            questions.setdefault(row["conversation_id"], []).append(row)
        for conversation_id in sorted(set(links) | set(questions)):
            note = evidence_note(
                path["name"], links.get(conversation_id), questions.get(conversation_id, []), today
            )
            if note:
                db.execute(
                    "UPDATE conversations SET notes = CASE WHEN coalesce(trim(notes), '') = '' "
                    "THEN ? ELSE notes || char(10) || char(10) || ? END WHERE id = ?",
                    [note, note, conversation_id],
                )
        db.execute("UPDATE research_items SET path_id = NULL WHERE path_id = ?", [path_id])
        for table in (
            "scheduled_paths",
            "path_questions",
            "conversation_paths",
            "path_status_changes",
        ):
            db.execute(f"DELETE FROM {table} WHERE path_id = ?", [path_id])
        for table, column, nullable in _other_references(db):
            action = (
                f"UPDATE {store.quote(table)} SET {store.quote(column)} = NULL"
                if nullable
                else f"DELETE FROM {store.quote(table)}"
            )
            db.execute(f"{action} WHERE {store.quote(column)} = ?", [path_id])
        db.execute("DELETE FROM paths WHERE id = ?", [path_id])
    return effects
