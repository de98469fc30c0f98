"""Target organizations and the LAMP list: Advocacy, Motivation, Posting."""

from __future__ import annotations

import sqlite_utils

from lib import store, vocab
from lib.contacts import row_exists
from lib.text import clean_line, url_problem, whole_number

MOTIVATION = range(0, 4)  # 0 = not keen … 3 = dream employer
POSTING = range(1, 4)  # 1 = no relevant postings … 3 = a posting that fits


class OrganizationError(ValueError):
    """An organization cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def lamp_key(org: dict) -> tuple:
    """Sort key for the LAMP rule: advocacy, then motivation, then posting (all high first),
    then name; unscored organizations sort below scored ones."""
    motivation = org.get("motivation")
    posting = org.get("posting")
    return (
        -int(bool(org.get("advocacy"))),
        -(motivation if motivation is not None else -1),
        -(posting if posting is not None else 0),
        (org.get("name") or "").casefold(),
    )


def lamp_list(db: sqlite_utils.Database, statuses: list[str] | None = None) -> list[dict]:
    """Organizations in LAMP order, with counts of contacts, outreaches and conversations."""
    outreach_kinds = vocab.OUTREACH_SQL
    where, params = "", []
    if statuses:
        where = f"WHERE o.status IN ({', '.join('?' for _ in statuses)})"
        params = list(statuses)
    rows = list(
        db.query(
            f"""SELECT o.id, o.name, o.industry, o.motivation, o.posting, o.status,
                coalesce(c.active, 0) > 0 AS advocacy,
                coalesce(c.total, 0) AS contacts,
                coalesce(x.total, 0) AS outreaches,
                coalesce(v.total, 0) AS conversations
            FROM organizations o
            LEFT JOIN (SELECT organization_id, count(*) AS total,
                              sum(status = 'active') AS active
                       FROM contacts GROUP BY organization_id) c ON c.organization_id = o.id
            LEFT JOIN (SELECT ct.organization_id, count(*) AS total FROM interactions i
                       JOIN contacts ct ON ct.id = i.contact_id
                       WHERE i.kind IN ({outreach_kinds})
                       GROUP BY ct.organization_id) x ON x.organization_id = o.id
            LEFT JOIN (SELECT ct.organization_id, count(*) AS total FROM conversations cv
                       JOIN contacts ct ON ct.id = cv.contact_id
                       GROUP BY ct.organization_id) v ON v.organization_id = o.id
            {where}""",
            params,
        )
    )
    for row in rows:
        row["advocacy"] = bool(row["advocacy"])
    return sorted(rows, key=lamp_key)


def with_status(rows: list[dict], statuses: list[str] | None) -> list[dict]:
    """The rows (in their order) whose status is one of statuses; all of them when none is."""
    return [row for row in rows if row["status"] in statuses] if statuses else list(rows)


def clean_scores(values: dict) -> tuple[dict, dict[str, str]]:
    """Check motivation (0–3, or empty), posting (1–3, or empty) and status."""
    errors, row = {}, {}
    for field, allowed, label in (
        ("motivation", MOTIVATION, "Motivation should be 0, 1, 2 or 3"),
        ("posting", POSTING, "Posting should be 1, 2 or 3"),
    ):
        value = values.get(field)
        if value in (None, ""):
            row[field] = None
            continue
        number = whole_number(value)  # None for inf, nan, 2.5 or words: never an overflow
        if number not in allowed:
            errors[field] = f"{label} (or left empty)."
        else:
            row[field] = number
    status = values.get("status") or "active"
    if not isinstance(status, str) or status not in vocab.ORG_STATUS:
        errors["status"] = f"Status should be one of: {', '.join(vocab.ORG_STATUS.values())}."
    row["status"] = status
    if "website" in values:
        row["website"] = clean_line(values.get("website")) or None
        problem = url_problem(row["website"] or "")
        if problem:
            errors["website"] = problem
    return row, errors


def update_organization(db: sqlite_utils.Database, organization_id: int, values: dict) -> None:
    """Change an organization's motivation, posting, status (and website); raise OrganizationError."""
    row, errors = clean_scores(values)
    if not row_exists(db, "organizations", organization_id):
        errors["organization"] = "That organization no longer exists."
    if errors:
        raise OrganizationError(errors)
    with store.write(db):
        db["organizations"].update(organization_id, row)


def add_organization(db: sqlite_utils.Database, values: dict) -> int:
    """Add a target organization (no contact there yet is fine); raise OrganizationError."""
    row, errors = clean_scores(values)
    name = " ".join(clean_line(values.get("name")).split())
    if not name:
        errors["name"] = "Give the organization's name."
    elif db.execute("SELECT 1 FROM organizations WHERE name = ? COLLATE NOCASE", [name]).fetchone():
        errors["name"] = f"{name} is already on your list."
    if errors:
        raise OrganizationError(errors)
    industry = " ".join(clean_line(values.get("industry")).split()) or None
    with store.write(db):
        return db["organizations"].insert(dict(row, name=name, industry=industry)).last_pk


def has_organizations(db: sqlite_utils.Database) -> bool:
    """Whether any organization has been added."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM organizations)").fetchone()[0] == 1
