"""Contacts: validation, saving, archiving, listing, the timeline and the referral chain."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from lib import clock, dates, rhythms, store, vocab
from lib.dates import event_date
from lib.text import clean, clean_line, narrowed, url_problem, whole_number

FIELDS = (
    "name",
    "role",
    "organization",
    "industry",
    "email",
    "phone",
    "linkedin_url",
    "location",
    "how_found",
    "referred_by_id",
    "hook",
    "tags",
    "private_notes",
)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_ALLOWED_RE = re.compile(r"^\+?[\d\s().\-/]+(\s*(x|ext\.?)\s*\d+)?$", re.IGNORECASE)
EMAIL_FORBIDDEN_RE = re.compile(r"[\s<>()\[\]\\,;:\"'`]")
LINKEDIN_RE = re.compile(r"^https://([a-z]{2,3}\.)?linkedin\.com/(in|pub|company)/[^\s/]+/?.*$")


# Written by lib.followups.sync_tasks when it cancels an archived contact's open follow-ups.
ARCHIVED_REASON = "Contact archived."


def now_utc() -> str:
    """The current time as an ISO-8601 UTC timestamp, as stored in *_at columns."""
    return clock.utc_stamp()


class ContactError(ValueError):
    """A contact cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class CleanContact:
    values: dict
    organization: str | None
    errors: dict[str, str] = field(default_factory=dict)


def parse_tags(text: str | list | None) -> list[str]:
    """Split 'climate, Policy ,climate' into ['climate', 'Policy'] (trimmed, no repeats)."""
    if text is None:
        return []
    parts = text if isinstance(text, list | tuple) else str(text).split(",")
    seen: dict[str, str] = {}
    for part in parts:
        tag = clean_line(part).replace(",", " ").strip()
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return list(seen.values())


def normalise_linkedin(url: str) -> str:
    """Accept 'linkedin.com/in/x' or 'www.linkedin.com/in/x/' and return an https URL."""
    url = clean_line(url)
    if not url:
        return ""
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    url = re.sub(r"^http://", "https://", url, flags=re.IGNORECASE)
    return re.sub(r"^https://www\.", "https://", url, flags=re.IGNORECASE)


def validate_email(email: str) -> str | None:
    """Return what is wrong with an email address, or None when it looks deliverable."""
    if email and (not EMAIL_RE.match(email) or EMAIL_FORBIDDEN_RE.search(email)):
        return "Email should look like name@example.org."
    return None


def validate_phone(phone: str) -> str | None:
    """Return what is wrong with a phone number, or None."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone.split("x")[0])
    if not PHONE_ALLOWED_RE.match(phone) or not 7 <= len(digits) <= 15:
        return "Phone should be 7 to 15 digits; spaces, dashes, brackets and a leading + are fine."
    return None


def validate_linkedin(url: str) -> str | None:
    """Return what is wrong with a LinkedIn profile URL, or None."""
    if url and (url_problem(url) or not LINKEDIN_RE.match(url.lower())):
        return "LinkedIn URL should look like https://linkedin.com/in/their-name."
    return None


# Free text kept with its line breaks; every other field is one line.
MULTILINE_FIELDS = ("hook", "private_notes")


def clean_contact(raw: dict) -> CleanContact:
    """Trim and check a contact form's values; errors name each field to fix."""
    text = {
        k: (clean if k in MULTILINE_FIELDS else clean_line)(raw.get(k) or "")
        for k in FIELDS
        if k not in ("tags", "referred_by_id")
    }
    errors: dict[str, str] = {}
    if not text["name"]:
        errors["name"] = "Name is required."
    text["linkedin_url"] = normalise_linkedin(text["linkedin_url"])
    for key, check in (
        ("email", validate_email),
        ("phone", validate_phone),
        ("linkedin_url", validate_linkedin),
    ):
        message = check(text[key])
        if message:
            errors[key] = message
    how_found = text["how_found"] or None
    if how_found and how_found not in vocab.HOW_FOUND:
        errors["how_found"] = f"How found should be one of: {', '.join(vocab.HOW_FOUND.values())}."
    referred_by = raw.get("referred_by_id") or None
    if referred_by is not None:
        referred_by = whole_number(referred_by)
        if referred_by is None or referred_by < 1:
            errors["referred_by_id"] = "Pick who referred them from your contacts."
            referred_by = None
    values = {
        "name": text["name"],
        "role": text["role"] or None,
        "industry": text["industry"] or None,
        "email": text["email"].lower() or None,
        "phone": text["phone"] or None,
        "linkedin_url": text["linkedin_url"] or None,
        "location": text["location"] or None,
        "how_found": how_found,
        "referred_by_id": referred_by,
        "hook": text["hook"] or None,
        "tags": json.dumps(parse_tags(raw.get("tags"))),
        "private_notes": text["private_notes"] or None,
    }
    return CleanContact(values, text["organization"] or None, errors)


def organization_id_for(db: sqlite_utils.Database, name: str | None) -> int | None:
    """Return the id of the organization called name, creating it when new (case-insensitive)."""
    if not name:
        return None
    row = db.execute(
        "SELECT id FROM organizations WHERE name = ? COLLATE NOCASE", [name]
    ).fetchone()
    if row:
        return row[0]
    return db["organizations"].insert({"name": name}).last_pk


def organization_ids(db: sqlite_utils.Database) -> dict[int, str]:
    """Every organization's id and name, alphabetical."""
    rows = db.execute("SELECT id, name FROM organizations ORDER BY name COLLATE NOCASE, id")
    return dict(rows.fetchall())


def _would_loop(db: sqlite_utils.Database, contact_id: int, referred_by_id: int | None) -> bool:
    if referred_by_id is None:
        return False
    return contact_id in [a["id"] for a in referred_by_chain(db, referred_by_id)] + [referred_by_id]


def row_exists(db: sqlite_utils.Database, table: str, row_id: object) -> bool:
    """True when table has a row with this id; False for anything that is not a whole number."""
    # Ids come from pickers and imports; anything that is not a stored id does not exist.
    number = whole_number(row_id)
    if number is None or row_id != number or not -(2**63) <= number < 2**63:
        return False
    return db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [number]).fetchone() is not None


def save_contact(db: sqlite_utils.Database, raw: dict, contact_id: int | None = None) -> int:
    """Add (contact_id None) or update a contact from form values; raise ContactError."""
    clean = clean_contact(raw)
    errors = dict(clean.errors)
    referred_by = clean.values["referred_by_id"]
    if referred_by and not row_exists(db, "contacts", referred_by):
        errors["referred_by_id"] = "The person who referred them is no longer in your contacts."
    elif contact_id is not None and _would_loop(db, contact_id, referred_by):
        errors["referred_by_id"] = "That would make a loop: this person already led to them."
    if contact_id is not None and not row_exists(db, "contacts", contact_id):
        errors["contact"] = "That contact no longer exists."
    if errors:
        raise ContactError(errors)
    with store.write(db):
        values = dict(clean.values, organization_id=organization_id_for(db, clean.organization))
        if contact_id is None:
            return db["contacts"].insert(values).last_pk
        db["contacts"].update(contact_id, dict(values, updated_at=now_utc()))
        return contact_id


def set_archived(db: sqlite_utils.Database, contact_id: int, archived: bool) -> None:
    """Archive a contact (hidden from lists, nothing deleted) or restore it."""
    change = (
        {"status": "archived", "archived_at": now_utc()}
        if archived
        else {
            "status": "active",
            "archived_at": None,
        }
    )
    with store.write(db):
        db["contacts"].update(contact_id, dict(change, updated_at=now_utc()))
        if not archived:
            # Follow-ups that archiving cancelled come back with the contact.
            db.execute(
                "UPDATE followups SET status = 'open', skip_reason = NULL "
                "WHERE contact_id = ? AND status = 'cancelled' AND skip_reason = ?",
                [contact_id, ARCHIVED_REASON],
            )


def get_contact(db: sqlite_utils.Database, contact_id: int) -> dict | None:
    """One contact with its organization and referrer names, tags as a list; None if missing."""
    rows = list(
        db.query(
            """SELECT c.*, o.name AS organization, r.name AS referred_by
            FROM contacts c
            LEFT JOIN organizations o ON o.id = c.organization_id
            LEFT JOIN contacts r ON r.id = c.referred_by_id
            WHERE c.id = ?""",
            [contact_id],
        )
    )
    if not rows:
        return None
    contact = rows[0]
    contact["tags"] = json.loads(contact["tags"] or "[]")
    return contact


def form_values(contact: dict) -> dict:
    """The values a contact form starts from when editing contact."""
    values = {k: contact.get(k) or "" for k in FIELDS}
    values["tags"] = ", ".join(contact.get("tags") or [])
    values["referred_by_id"] = contact.get("referred_by_id")
    return values


def contact_choices(db: sqlite_utils.Database, exclude_id: int | None = None) -> dict[int, str]:
    """Active contacts as {id: 'Name — Organization'}, for pickers."""
    rows = db.execute(
        """SELECT c.id, c.name, o.name FROM contacts c
        LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.status = 'active' AND c.id IS NOT ? ORDER BY c.name COLLATE NOCASE""",
        [exclude_id],
    )
    return {cid: _choice_label(name, org) for cid, name, org in rows}


def active_count(db: sqlite_utils.Database) -> int:
    """How many active contacts there are."""
    return db.execute("SELECT count(*) FROM contacts WHERE status = 'active'").fetchone()[0]


def choice_labels(db: sqlite_utils.Database, ids) -> dict[int, str]:
    """{id: 'Name — Organization'} as contact_choices labels them, for the active ones of ids."""
    wanted = [int(i) for i in ids if i is not None]
    rows = db.execute(
        """SELECT c.id, c.name, o.name FROM contacts c
        LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.status = 'active' AND c.id IN (SELECT value FROM json_each(?))""",
        [json.dumps(wanted)],
    )
    return {cid: _choice_label(name, org) for cid, name, org in rows}


def _choice_label(name: str, organization: str | None) -> str:
    return f"{name} — {organization}" if organization else name


def contact_shortlist(
    db: sqlite_utils.Database, words: str = "", limit: int = 500
) -> dict[int, str]:
    """At most limit active contacts for a picker, labelled as contact_choices does, by name.

    With words, those whose name or organization holds every word, in any case. When more
    match than limit, the ones you were most recently in touch with (or added) are kept.
    """
    # Without words the most recent few are the list: the file sorts and cuts it.
    cut = "" if clean_line(words) else "LIMIT ?"
    rows = db.execute(
        f"""SELECT c.id, c.name, o.name FROM contacts c
        LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.status = 'active'
        ORDER BY max(
            coalesce((SELECT max(i.occurred_on) FROM interactions i WHERE i.contact_id = c.id), ''),
            substr(c.updated_at, 1, 10)
        ) DESC, c.id DESC {cut}""",
        [limit] if cut else [],
    ).fetchall()
    names = {cid: name for cid, name, _ in rows}
    recent_first = {cid: _choice_label(name, org) for cid, name, org in rows}
    kept = narrowed(recent_first, words, limit)
    return {cid: kept[cid] for cid in sorted(kept, key=lambda cid: (names[cid].casefold(), cid))}


def all_tags(db: sqlite_utils.Database) -> list[str]:
    """Every tag in use, alphabetical."""
    rows = db.execute(
        "SELECT DISTINCT value FROM contacts, json_each(contacts.tags) ORDER BY value COLLATE NOCASE"
    )
    return [r[0] for r in rows]


def _list_where(
    search: str = "",
    organization_id: int | None = None,
    tag: str | None = None,
    how_found: str | None = None,
    status: str | None = "active",
) -> tuple[str, list]:
    clauses, params = [], []
    if search.strip():
        like = f"%{search.strip()}%"
        clauses.append("(c.name LIKE ? OR c.role LIKE ? OR o.name LIKE ? OR c.email LIKE ?)")
        params += [like, like, like, like]
    if organization_id:
        clauses.append("c.organization_id = ?")
        params.append(organization_id)
    if tag:
        clauses.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)")
        params.append(tag)
    if how_found:
        clauses.append("c.how_found = ?")
        params.append(how_found)
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def filters_on(
    organization_id: int | None = None,
    tag: str | None = None,
    how_found: str | None = None,
    status: str | None = "active",
) -> int:
    """How many of the list's filters besides the search narrow it: an organization, a tag and
    a way found each count when set, the status when other than active (the list's default)."""
    chosen = sum(value not in (None, "") for value in (organization_id, tag, how_found))
    return chosen + (status != "active")


# The list's orders: by name, by the next touch (soonest first, those without one last), or by
# the last touch (longest ago first, never touched last).
SORTS = {
    "name": "Name",
    "next_touch": "Next touch, soonest first",
    "last_touch": "Last touch, longest ago first",
}
_SORT_SQL = {
    "name": "c.name COLLATE NOCASE, c.id",
    "next_touch": "p.next_on IS NULL, p.next_on, c.name COLLATE NOCASE, c.id",
    "last_touch": "p.last_touch = '', p.last_touch, c.name COLLATE NOCASE, c.id",
}


def list_contacts(
    db: sqlite_utils.Database,
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
    sort: str = "name",
    **filters,
) -> tuple[list[dict], int]:
    """One page of contacts matching filters, and how many match in all.

    Each row has its last touch and next one (next_touch, touch_latest, touch_words in words,
    touch_state for its colour) by its keep-in-touch rhythm, and next_step: the open
    follow-up due first, else the scheduled conversation, else the next touch. Sorted by name,
    or by sort (a SORTS key) over every match; today is clock.today() unless given.
    """
    today = today or clock.today()
    where, params = _list_where(**filters)
    base = "FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id" + where
    total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    order = _SORT_SQL.get(sort, _SORT_SQL["name"])
    if sort in ("next_touch", "last_touch"):
        # Sorted by the plan: worked out for every match, in the one statement.
        chosen = f"SELECT c.id {base}"
        chosen_params = params
        paging, paging_params = "LIMIT ? OFFSET ?", [limit, offset]
    else:
        # By name: the page's rows first, then their plans (50 rather than 10,000).
        chosen = f"SELECT c.id {base} ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?"
        chosen_params = [*params, limit, offset]
        paging, paging_params = "", []
    plan = rhythms.plan_sql(rhythms.default_rhythm(db), "c.id IN (SELECT id FROM chosen)")
    rows = list(
        db.query(
            f"""WITH chosen AS ({chosen})
            SELECT c.id, c.name, c.role, o.name AS organization, c.how_found, c.tags,
                c.status, p.last_touch, p.plan, p.next_on, p.late_on,
                (SELECT f.kind || ' ' || max(f.due_on, coalesce(f.snoozed_until, ''))
                 FROM followups f WHERE f.contact_id = c.id AND f.status = 'open'
                 ORDER BY max(f.due_on, coalesce(f.snoozed_until, '')), f.id LIMIT 1) AS next_task,
                (SELECT min(s.starts_at) FROM scheduled_conversations s
                 WHERE s.contact_id = c.id AND s.status = 'scheduled') AS scheduled_at,
                p.plan = 'not_met' AND EXISTS (SELECT 1 FROM interactions r
                    WHERE r.contact_id = c.id AND r.kind = 'reply') AS replied
            FROM ({plan}) p JOIN contacts c ON c.id = p.id
            LEFT JOIN organizations o ON o.id = c.organization_id
            ORDER BY {order} {paging}""",
            [*chosen_params, *paging_params],
        )
    )
    for row in rows:
        row["tags"] = ", ".join(json.loads(row["tags"] or "[]"))
        row["how_found"] = vocab.label(vocab.HOW_FOUND, row["how_found"])
        row["last_touch"] = row["last_touch"] or None
        touch = rhythms.TouchPlan(
            row["id"],
            dates.as_date(row["last_touch"]),
            row.pop("plan"),
            dates.as_date(row.pop("next_on")),
            dates.as_date(row.pop("late_on")),
        )
        row["next_touch"] = touch.next_on.isoformat() if touch.next_on else None
        row["touch_latest"] = touch.late_on.isoformat() if touch.late_on else None
        row["touch_words"] = touch.words(today)
        row["touch_state"] = touch.state(today)
        row["next_step"] = next_step_words(
            row.pop("next_task"),
            clock.local_date(row.pop("scheduled_at")),
            touch,
            replied=bool(row.pop("replied")),
        )
    return rows, total


def next_step_words(
    task: str | None,
    scheduled_on: date | None,
    touch: rhythms.TouchPlan,
    replied: bool = False,
) -> str | None:
    """What is next with a contact: the open follow-up due first ('thank_you 2026-11-26'), else
    the scheduled conversation, else keeping in touch (the next touch). Before a first conversation: reach out
    (never in touch), schedule it (they replied) or wait for their reply (the 3B7 steps over)."""
    if task:
        return next_step_label(task)
    if scheduled_on is not None:
        return f"Conversation · {dates.show(scheduled_on)}"
    if touch.next_on is not None:
        return "Keep in touch"  # on the day in the list's Next touch column
    if touch.last_touch is None:
        return "Reach out"
    if touch.plan == "not_met":
        return "Schedule a conversation" if replied else "Waiting for a reply"
    return None


def next_step_label(step: str | None) -> str | None:
    """'thank_you 2026-11-26' (an open follow-up's kind and due day) -> 'Thank-you note · Thu 26 Nov'."""
    if not step:
        return None
    kind, _, due_on = step.partition(" ")
    day = dates.as_date(due_on)
    return f"{vocab.label(vocab.TASK_KINDS, kind)} · {dates.show(day) if day else due_on}"


def contact_ids(db: sqlite_utils.Database, **filters) -> list[int]:
    """The ids of every contact matching filters, in list order (for exports)."""
    where, params = _list_where(**filters)
    rows = db.execute(
        "SELECT c.id FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id"
        f"{where} ORDER BY c.name COLLATE NOCASE, c.id",
        params,
    )
    return [row[0] for row in rows]


def referred_by_chain(db: sqlite_utils.Database, contact_id: int) -> list[dict]:
    """Who led to this contact: the referrer first, then the referrer's referrer, and so on."""
    rows = db.query(
        """WITH RECURSIVE up(id, depth) AS (
            SELECT referred_by_id, 1 FROM contacts WHERE id = ? AND referred_by_id IS NOT NULL
            UNION
            SELECT c.referred_by_id, up.depth + 1 FROM contacts c JOIN up ON c.id = up.id
            WHERE c.referred_by_id IS NOT NULL AND up.depth < 50
        )
        SELECT c.id, c.name, up.depth FROM up JOIN contacts c ON c.id = up.id ORDER BY up.depth""",
        [contact_id],
    )
    return list(rows)


def referred_onward(db: sqlite_utils.Database, contact_id: int) -> list[dict]:
    """Whom this contact led to, directly (depth 1) and through them (depth 2, ...)."""
    rows = db.query(
        """WITH RECURSIVE down(id, parent_id, depth) AS (
            SELECT id, referred_by_id, 1 FROM contacts WHERE referred_by_id = ?
            UNION
            SELECT c.id, c.referred_by_id, down.depth + 1 FROM contacts c
            JOIN down ON c.referred_by_id = down.id WHERE down.depth < 50
        )
        SELECT c.id, c.name, down.parent_id, down.depth, c.status FROM down
        JOIN contacts c ON c.id = down.id ORDER BY down.depth, c.name""",
        [contact_id],
    )
    return list(rows)


def log_interaction(
    db: sqlite_utils.Database,
    contact_id: int,
    kind: str,
    occurred_on: date | str,
    summary: str = "",
    conversation_id: int | None = None,
    today: date | None = None,
) -> int:
    """Record something that happened with a contact and return its id; raise ContactError.

    It has happened: a day after today (clock.today() unless given) is refused, never moved.
    """
    errors: dict[str, str] = {}
    if not isinstance(kind, str) or kind not in vocab.INTERACTION_KINDS:
        errors["kind"] = f"Pick what happened: {', '.join(vocab.INTERACTION_KINDS.values())}."
    day = event_date(occurred_on)
    problem = dates.check_past_or_today(day, today or clock.today(), "The date")
    if problem:
        errors["occurred_on"] = problem
    if not row_exists(db, "contacts", contact_id):
        errors["contact"] = "That contact no longer exists."
    if conversation_id is not None and not row_exists(db, "conversations", conversation_id):
        errors["conversation"] = "That conversation no longer exists."
    if errors:
        raise ContactError(errors)
    with store.write(db):
        return (
            db["interactions"]
            .insert(
                {
                    "contact_id": contact_id,
                    "kind": kind,
                    "occurred_on": day.isoformat(),
                    "summary": clean(summary) or None,
                    "conversation_id": conversation_id,
                }
            )
            .last_pk
        )


# How a timeline entry read from a message file says so.
IMPORTED_FROM = {"linkedin": "imported from LinkedIn", "mail": "imported from mail"}


def timeline(db: sqlite_utils.Database, contact_id: int) -> list[dict]:
    """Every interaction, conversation and recommendation of a contact, newest first."""
    rows = db.query(
        """SELECT occurred_on AS day, 'interaction' AS source, kind, summary AS detail, id,
                  created_at, source AS origin
           FROM interactions WHERE contact_id = :id
           UNION ALL
           SELECT held_on, 'conversation', mode,
                  coalesce(takeaways, notes, ''), id, created_at, NULL
           FROM conversations WHERE contact_id = :id
           UNION ALL
           SELECT b.recommended_on, 'recommendation', r.kind, r.title, r.id, b.created_at, NULL
           FROM board_recommendations b JOIN research_items r ON r.id = b.item_id
           WHERE b.contact_id = :id
           UNION ALL
           SELECT coalesce(done_at, due_on), 'followup', kind,
                  coalesce(skip_reason, '') || char(31) || status,
                  id, coalesce(done_at, created_at), NULL
           FROM followups WHERE contact_id = :id AND status IN ('cancelled', 'skipped')
           ORDER BY day DESC, created_at DESC""",
        {"id": contact_id},
    )
    entries = []
    for row in rows:
        if row["source"] == "interaction":
            row["what"] = vocab.label(vocab.INTERACTION_KINDS, row["kind"])
            if row["origin"] in IMPORTED_FROM:  # a message read from the person's own files
                row["what"] += f" · {IMPORTED_FROM[row['origin']]}"
        elif row["source"] == "conversation":
            row["what"] = f"Conversation ({vocab.label(vocab.MODES, row['kind'])})"
        elif row["source"] == "followup":
            # A follow-up closed without being done: say which, and why (the sync's reason).
            reason, _, status = (row["detail"] or "").rpartition(chr(31))
            local_day = clock.local_date(row["day"])
            row["day"] = local_day.isoformat() if local_day else row["day"]
            row["what"] = (
                f"{vocab.label(vocab.TASK_STATUS, status)}: "
                f"{vocab.label(vocab.TASK_KINDS, row['kind'])}"
            )
            row["detail"] = reason
        else:
            row["what"] = f"Recommended: {vocab.label(vocab.ITEM_KINDS, row['kind'])}"
        entries.append(row)
    # Closed follow-ups carry an instant shown as a local day: keep newest first after that.
    entries.sort(key=lambda row: (row["day"] or "", row["created_at"] or ""), reverse=True)
    return entries


def has_contacts(db: sqlite_utils.Database) -> bool:
    """Whether any contact (archived ones included) has been added."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM contacts)").fetchone()[0] == 1


def has_several_contacts(db: sqlite_utils.Database) -> bool:
    """Whether there are at least two contacts (archived ones included): a pair to compare."""
    return db.execute("SELECT COUNT(*) FROM (SELECT 1 FROM contacts LIMIT 2)").fetchone()[0] == 2
