"""The research board: recommendations and next steps, by status and kind."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from lib import recommendations, store, vocab
from lib.contacts import ContactError, now_utc, row_exists, save_contact
from lib.dates import event_date
from lib.text import clean, clean_line, url_problem

OUTCOME_MAX = 200


class BoardError(ValueError):
    """An item cannot be saved or changed; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _where(
    status: str | list[str] | None = None,
    kind: str | None = None,
    recommended_by_id: int | None = None,
    item_id: int | None = None,
) -> tuple[str, list]:
    clauses, params = [], []
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        clauses.append(f"r.status IN ({', '.join('?' for _ in statuses)})")
        params += statuses
    if kind:
        clauses.append("r.kind = ?")
        params.append(kind)
    if recommended_by_id == 0:
        clauses.append("r.recommended_by_id IS NULL")  # 0 means "added by hand"
    elif recommended_by_id:
        # Anyone who recommended it, not only the first (an item has many recommenders).
        clauses.append(
            "EXISTS (SELECT 1 FROM board_recommendations b WHERE b.item_id = r.id "
            "AND b.contact_id = ?)"
        )
        params.append(recommended_by_id)
    if item_id:
        clauses.append("r.id = ?")
        params.append(item_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# How the board can order its items: newest first, or by how many people recommended them.
ORDERS = {"recent": "Newest first", "recommenders": "Most recommended first"}
_ORDER_SQL = {
    "recent": "coalesce(r.done_on, substr(r.created_at, 1, 10)) DESC, r.id DESC",
    "recommenders": (
        "recommenders DESC, coalesce(r.done_on, substr(r.created_at, 1, 10)) DESC, r.id DESC"
    ),
}


def list_items(
    db: sqlite_utils.Database,
    status: str | list[str] | None = None,
    kind: str | None = None,
    recommended_by_id: int | None = None,
    item_id: int | None = None,
    limit: int | None = None,
    order: str = "recent",
) -> list[dict]:
    """Items matching the filters, with who recommended them and when; newest first, or with
    order="recommenders" the ones most people recommended first.

    recommended_by is the first recommender's name, recommended_by_names everyone's (first
    recommendation first), recommenders how many people that is.
    """
    if order not in _ORDER_SQL:
        raise ValueError(f"order by one of {', '.join(_ORDER_SQL)}, not {order!r}")
    where, params = _where(status, kind, recommended_by_id, item_id)
    rows = list(
        db.query(
            f"""SELECT r.*, rec.name AS recommended_by, v.held_on AS conversation_on,
                       made.name AS contact_name,
                       (SELECT count(DISTINCT b.contact_id) FROM board_recommendations b
                        WHERE b.item_id = r.id) AS recommenders
                FROM research_items r
                LEFT JOIN contacts rec ON rec.id = r.recommended_by_id
                LEFT JOIN conversations v ON v.id = r.conversation_id
                LEFT JOIN contacts made ON made.id = r.contact_id
                {where}
                ORDER BY {_ORDER_SQL[order]}
                LIMIT ?""",
            [*params, -1 if limit is None else limit],
        )
    )
    names = recommendations.recommender_names(db, [row["id"] for row in rows])
    for row in rows:
        row["recommended_by_names"] = names.get(row["id"], [])
    return rows


def recommended_by_text(item: dict) -> str:
    """'Recommended by Hana Sato, Jonas Weber and Gabriel Costa', or 'Added by hand'."""
    names = item.get("recommended_by_names") or (
        [item["recommended_by"]] if item.get("recommended_by") else []
    )
    if not names:
        return "Added by hand"
    return f"Recommended by {recommendations.names_text(names)}"


def count_items(
    db: sqlite_utils.Database,
    by: str = "status",
    status: str | list[str] | None = None,
    kind: str | None = None,
    recommended_by_id: int | None = None,
) -> dict[str, int]:
    """How many items match the filters, per status (by="status") or per kind (by="kind")."""
    if by not in ("status", "kind"):
        raise ValueError(f"count by status or kind, not {by!r}")
    where, params = _where(status, kind, recommended_by_id)
    found = dict(
        db.execute(f"SELECT r.{by}, count(*) FROM research_items r{where} GROUP BY 1", params)
    )
    vocabulary = vocab.ITEM_STATUS if by == "status" else vocab.ITEM_KINDS
    return {key: found.get(key, 0) for key in vocabulary}


def get_item(db: sqlite_utils.Database, item_id: int) -> dict | None:
    """One item with its recommender, or None."""
    if not row_exists(db, "research_items", item_id):
        return None
    rows = list_items(db, item_id=item_id)
    return rows[0] if rows else None


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """How many items are in each status."""
    return count_items(db, by="status")


def recommenders(db: sqlite_utils.Database) -> dict[int, str]:
    """Contacts who recommended at least one item, as {id: name}."""
    rows = db.execute(
        """SELECT DISTINCT c.id, c.name FROM contacts c
           JOIN board_recommendations b ON b.contact_id = c.id ORDER BY c.name COLLATE NOCASE"""
    )
    return dict(rows.fetchall())


def clean_item(values: dict) -> tuple[dict, dict[str, str]]:
    """Trim and check a hand-added item's values; return (row, errors)."""
    kind = values.get("kind")
    title = " ".join(clean_line(values.get("title")).split())
    url = clean_line(values.get("url"))
    errors = {}
    if not isinstance(kind, str) or kind not in vocab.ITEM_KINDS:
        errors["kind"] = f"Pick a kind: {', '.join(vocab.ITEM_KINDS.values())}."
    if not title:
        errors["title"] = "Give the item a title, e.g. the book or the person's name."
    problem = url_problem(url)
    if problem:
        errors["url"] = f"{problem} Or leave it empty."
    row = {
        "kind": kind,
        "title": title,
        "detail": clean(values.get("detail")) or None,
        "url": url or None,
    }
    return row, errors


def add_item(db: sqlite_utils.Database, values: dict) -> int:
    """Add an item by hand (no recommender); raise BoardError."""
    row, errors = clean_item(values)
    if errors:
        raise BoardError(errors)
    with store.write(db):
        return db["research_items"].insert(row).last_pk


def validate_done(done_on: date | str | None, outcome: str | None, today: date) -> dict[str, str]:
    """What a done item still needs: a date not in the future; the outcome is optional (one line)."""
    errors = {}
    day = event_date(done_on)
    if day is None:
        errors["done_on"] = "Give the date you did it (YYYY-MM-DD, after 1900)."
    elif day > today:
        errors["done_on"] = "The date is in the future; mark it done once it is."
    text = clean(outcome)
    if "\n" in text:
        errors["outcome"] = "Keep the outcome to one line."
    elif len(text) > OUTCOME_MAX:
        errors["outcome"] = f"Keep the outcome under {OUTCOME_MAX} characters ({len(text)} now)."
    return errors


def set_status(
    db: sqlite_utils.Database,
    item_id: int,
    status: str,
    today: date,
    done_on: date | str | None = None,
    outcome: str | None = None,
) -> None:
    """Move an item to a status; done needs a date, and may carry a one-line outcome."""
    if not isinstance(status, str) or status not in vocab.ITEM_STATUS:
        raise BoardError({"status": f"Unknown status: {status}."})
    if get_item(db, item_id) is None:
        raise BoardError({"item": "That item no longer exists."})
    change = {"status": status, "updated_at": now_utc()}
    if status == "done":
        errors = validate_done(done_on, outcome, today)
        if errors:
            raise BoardError(errors)
        change.update(done_on=event_date(done_on).isoformat(), outcome=clean(outcome) or None)
    else:
        change["done_on"] = None  # the outcome is kept, should it be done again
    with store.write(db):
        db["research_items"].update(item_id, change)


def contact_named(db: sqlite_utils.Database, name: str) -> dict | None:
    """An active contact with exactly this name (any case), to avoid making a duplicate."""
    rows = list(
        db.query(
            """SELECT id, name FROM contacts WHERE name = ? COLLATE NOCASE AND status = 'active'
               ORDER BY id LIMIT 1""",
            [clean_line(name)],
        )
    )
    return rows[0] if rows else None


def _person_item(db: sqlite_utils.Database, item_id: int) -> dict:
    item = get_item(db, item_id)
    if item is None:
        raise BoardError({"item": "That item no longer exists."})
    if item["kind"] != "person":
        raise BoardError({"item": "Only a 'person to contact' item can become a contact."})
    if item["contact_id"]:
        raise BoardError({"item": f"Already in your contacts as {item['contact_name']}."})
    return item


def make_contact(db: sqlite_utils.Database, item_id: int, values: dict, today: date) -> int:
    """Turn a person item into a contact referred by its recommender, and mark it done."""
    item = _person_item(db, item_id)
    raw = {"name": item["title"], **{k: v for k, v in values.items() if v not in (None, "")}}
    raw["referred_by_id"] = item["recommended_by_id"]
    raw.setdefault("how_found", "referral" if item["recommended_by_id"] else None)
    # What each recommender said about them is a note to read, not yet the hook the outreach
    # draft opens with: that stays empty, so the draft asks the researcher to write one.
    if not raw.get("private_notes"):
        raw["private_notes"] = _said_about(db, item) or None
    try:
        with store.write(db):
            contact_id = save_contact(db, raw)
            _close_person_item(db, item, contact_id, raw["name"].strip(), today)
    except ContactError as error:
        raise BoardError(error.errors) from error
    return contact_id


def _said_about(db: sqlite_utils.Database, item: dict) -> str:
    """'From Hana Sato: …', a line per recommender who said something (each their own words;
    the item's detail is the first said, whoever said it), else the item's own detail."""
    lines = [
        f"From {made['name']}: {made['detail']}"
        for made in recommendations.recommendations_of(db, item["id"])
        if made["detail"]
    ]
    if not lines and item["detail"]:
        lines = [f"From the recommendation: {item['detail']}"]
    return "\n".join(lines)


def link_contact(db: sqlite_utils.Database, item_id: int, contact_id: int, today: date) -> None:
    """Tie a person item to a contact you already have, and mark it done."""
    item = _person_item(db, item_id)
    row = db.execute("SELECT name FROM contacts WHERE id = ?", [contact_id]).fetchone()
    if row is None:
        raise BoardError({"contact": "That contact no longer exists."})
    with store.write(db):
        _close_person_item(db, item, contact_id, row[0], today)


def _close_person_item(db, item: dict, contact_id: int, name: str, today: date) -> None:
    db["research_items"].update(
        item["id"],
        {
            "status": "done",
            "done_on": today.isoformat(),
            "outcome": item["outcome"] or f"Added {name} to contacts.",
            "contact_id": contact_id,
            "updated_at": now_utc(),
        },
    )


def has_items(db: sqlite_utils.Database) -> bool:
    """Whether the research board holds any item at all."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM research_items)").fetchone()[0] == 1
