"""The brief: one printable page to read before a conversation.

`gather` collects the facts from the database (private notes only when asked for, and never
in coach mode: the caller decides); the rules that shape them (question order and trimming,
shortening, the opening line) are pure functions; `render_html` and `render_markdown` turn a
brief into the downloadable files (a Jinja2 template with autoescape, and escaped Markdown).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
import sqlite_utils

from lib import contacts, drafts, paths, recommendations, schedule, vocab
from lib import text as text_rules

TEMPLATES = Path(__file__).parent / "templates"
# What keeps the brief on one page for a busy contact: the latest few of each list, with a
# count of what was left out.
LIMITS = {
    "earlier": 3,
    "interactions": 4,
    "colleagues": 3,
    "research": 5,
    "referrer_said": 2,
    "paths": 3,
    "path_questions": 3,
}
SHORT = 220  # characters of a note or answer shown before it is cut with "…"

REMINDERS = [
    "Ask for about {minutes} minutes of advice, not a job, and keep to the time.",
    "Ask who else you should talk to, which books to read and which professional "
    "organizations to join.",
    "Take notes as you talk.",
    "Thank them the next day, naming something specific.",
    "Offer a one-month update on what you did with their advice.",
]


# ---------------------------------------------------------------- pure rules


def shorten(value: str | None, limit: int = SHORT) -> str:
    """Text on one line, cut at a word before limit characters with an ellipsis."""
    flat = " ".join((value or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + "…"


def day_text(value: str | None) -> str:
    """'2026-10-15' as '15 Oct 2026'; '' when empty."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%b %Y}"


def tiara_rank(category: str) -> int:
    """Where a question's category sits in TIARA: Trends, Insights, Advice, Resources, Assignments."""
    order = list(vocab.TIARA)
    return order.index(category) if category in order else len(order)


def fit_questions(picked: list[dict], planned_minutes: int) -> tuple[list[dict], list[dict]]:
    """The picked questions that fit the planned length, in TIARA order, and those left out.

    The first ones picked are kept (the person picks what matters most first); what is kept is
    then shown in TIARA order, keeping the picked order within a category.
    """
    fit = schedule.questions_that_fit(len(picked), planned_minutes)
    kept, dropped = picked[:fit], picked[fit:]
    ordered = sorted(enumerate(kept), key=lambda pair: (tiara_rank(pair[1]["category"]), pair[0]))
    return [question for _, question in ordered], dropped


def questions_time_text(count: int) -> str:
    """'8 questions, about 16–24 minutes' (2 to 3 minutes a question)."""
    if not count:
        return "No questions picked yet."
    low, high = schedule.questions_time(count)
    return f"{count} question{'s' * (count != 1)}, about {low}–{high} minutes"


def opening_line(contact: dict, referred_by: str | None) -> str:
    """How to open: the referral first, then the hook, as the outreach draft does."""
    sentences = drafts.opening_sentences(contact, referred_by)
    if not sentences:
        return ""
    return " ".join(sentences)


def reminders(planned_minutes: int) -> list[str]:
    """The article's reminders, short."""
    return [line.format(minutes=planned_minutes) for line in REMINDERS]


def lamp_text(org: dict) -> str:
    """An organization's LAMP scores in words: advocacy, motivation 0-3, posting 1-3."""
    parts = [f"Advocacy: {'yes' if org.get('advocacy') else 'not yet'}"]
    motivation, posting = org.get("motivation"), org.get("posting")
    parts.append(
        f"Motivation {motivation}/3" if motivation is not None else "Motivation not scored"
    )
    parts.append(f"Posting {posting}/3" if posting is not None else "Posting not scored")
    return " · ".join(parts)


# ---------------------------------------------------------------- facts from the database


def _mentions(
    db, referrer_id: int, contact_id: int, name: str, include_private: bool
) -> list[dict]:
    """What the referrer's conversations, notes and board items said about name."""
    like = f"%{name}%"
    private = "OR v.private_notes LIKE :like" if include_private else ""
    said = []
    for row in db.query(
        f"""SELECT v.held_on AS day, v.notes, v.takeaways, v.private_notes,
                   (SELECT group_concat(a.answer, ' ') FROM conversation_answers a
                    WHERE a.conversation_id = v.id AND a.answer LIKE :like) AS answers
            FROM conversations v WHERE v.contact_id = :referrer AND (
                v.notes LIKE :like OR v.takeaways LIKE :like {private}
                OR EXISTS (SELECT 1 FROM conversation_answers a
                           WHERE a.conversation_id = v.id AND a.answer LIKE :like))
            ORDER BY v.held_on DESC""",
        {"like": like, "referrer": referrer_id},
    ):
        fields = [row["answers"], row["takeaways"], row["notes"]]
        if include_private:
            fields.append(row["private_notes"])
        text = next((f for f in fields if f and name.casefold() in f.casefold()), "")
        said.append(
            {"day": day_text(row["day"]), "source": "In your conversation", "text": shorten(text)}
        )
    for row in db.query(
        """SELECT occurred_on, summary FROM interactions
           WHERE contact_id = ? AND summary LIKE ? ORDER BY occurred_on DESC, id DESC""",
        [referrer_id, like],
    ):
        said.append(
            {
                "day": day_text(row["occurred_on"]),
                "source": "In your notes",
                "text": shorten(row["summary"]),
            }
        )
    for row in db.query(
        """SELECT substr(i.created_at, 1, 10) AS day, i.title, i.detail, v.held_on
           FROM research_items i JOIN board_recommendations b ON b.item_id = i.id
           LEFT JOIN conversations v ON v.id = b.conversation_id
           WHERE i.kind = 'person' AND b.contact_id = :referrer
             AND (i.contact_id = :contact OR i.title LIKE :like)
           ORDER BY i.id DESC""",
        {"referrer": referrer_id, "contact": contact_id, "like": like},
    ):
        detail = f"Recommended them: {row['title']}" + (
            f" ({row['detail']})" if row["detail"] else ""
        )
        said.append(
            {
                "day": day_text(row["held_on"] or row["day"]),
                "source": "Board item",
                "text": shorten(detail),
            }
        )
    return said


def _earlier_conversations(db, contact_id: int, include_private: bool) -> list[dict]:
    rows = db.query(
        """SELECT id, held_on, mode, duration_minutes, notes, takeaways, private_notes,
                  still_interested
           FROM conversations WHERE contact_id = ? ORDER BY held_on DESC, id DESC""",
        [contact_id],
    )
    earlier = []
    for row in rows:
        earlier.append(
            {
                "day": day_text(row["held_on"]),
                "mode": vocab.label(vocab.MODES, row["mode"]),
                "takeaways": shorten(row["takeaways"]),
                "notes": shorten(row["notes"]),
                "private_notes": shorten(row["private_notes"]) if include_private else "",
            }
        )
    return earlier


def _interactions(db, contact_id: int) -> list[dict]:
    return [
        {
            "day": day_text(row["occurred_on"]),
            "what": vocab.label(vocab.INTERACTION_KINDS, row["kind"]),
            "text": shorten(row["summary"], 120),
        }
        for row in db.query(
            """SELECT occurred_on, kind, summary FROM interactions WHERE contact_id = ?
               ORDER BY occurred_on DESC, id DESC""",
            [contact_id],
        )
    ]


def _colleagues(db, contact: dict) -> list[dict]:
    if not contact.get("organization_id"):
        return []
    rows = db.query(
        """SELECT c.id, c.name, c.role, v.held_on, v.takeaways, v.notes
           FROM contacts c
           LEFT JOIN conversations v ON v.id = (
               SELECT id FROM conversations WHERE contact_id = c.id
               ORDER BY held_on DESC, id DESC LIMIT 1)
           WHERE c.organization_id = ? AND c.id != ?
           ORDER BY v.held_on IS NULL, v.held_on DESC, c.name COLLATE NOCASE""",
        [contact["organization_id"], contact["id"]],
    )
    return [
        {
            "name": row["name"],
            "role": row["role"] or "",
            "day": day_text(row["held_on"]),
            "said": shorten(row["takeaways"] or row["notes"], 160),
        }
        for row in rows
    ]


def _lamp(db, organization_id: int | None) -> dict | None:
    if not organization_id:
        return None
    row = db.execute(
        """SELECT o.name, o.motivation, o.posting,
                  EXISTS (SELECT 1 FROM contacts c WHERE c.organization_id = o.id
                          AND c.status = 'active') AS advocacy
           FROM organizations o WHERE o.id = ?""",
        [organization_id],
    ).fetchone()
    if row is None:
        return None
    org = {"name": row[0], "motivation": row[1], "posting": row[2], "advocacy": bool(row[3])}
    org["text"] = lamp_text(org)
    return org


def _research(db, contact: dict) -> list[dict]:
    # Items the contact, or anyone at their organization, recommended (any recommender, not
    # only the first), each naming who else recommended it: the contact is left out.
    rows = list(
        db.query(
            """SELECT i.id, i.title, i.kind, i.status, i.outcome
               FROM research_items i
               WHERE i.kind != 'person' AND (
                   i.contact_id = :id
                   OR EXISTS (SELECT 1 FROM board_recommendations b
                              JOIN contacts r ON r.id = b.contact_id
                              WHERE b.item_id = i.id AND (b.contact_id = :id
                                  OR (:org IS NOT NULL AND r.organization_id = :org))))
               ORDER BY CASE i.status WHEN 'doing' THEN 0 WHEN 'todo' THEN 1 WHEN 'done' THEN 2
                        ELSE 3 END, i.id DESC""",
            {"id": contact["id"], "org": contact.get("organization_id")},
        )
    )
    rows = recommendations.with_recommenders(db, rows, leaving_out=contact["id"])
    return [
        {
            "title": shorten(row["title"], 120),
            "kind": vocab.label(vocab.ITEM_KINDS, row["kind"]),
            "status": vocab.label(vocab.ITEM_STATUS, row["status"]),
            "outcome": shorten(row["outcome"], 120),
            "recommended_by": row["recommended_by"],
        }
        for row in rows
    ]


def _paths_to_inform(db, contact_id: int, scheduled: dict | None) -> list[dict]:
    if scheduled is not None:
        wanted = list(scheduled["path_ids"])
    else:
        wanted = [
            r[0]
            for r in db.execute(
                """SELECT DISTINCT cp.path_id FROM conversation_paths cp
                   JOIN conversations v ON v.id = cp.conversation_id WHERE v.contact_id = ?""",
                [contact_id],
            )
        ]
    chosen = [p for p in paths.list_paths(db) if p["id"] in wanted]
    informed = []
    for path in chosen:
        questions = paths.open_questions(db, path["id"])
        informed.append(
            {
                "name": path["name"],
                "status": path.get("status_label")
                or vocab.label(vocab.PATH_STATUS, path["status"]),
                "questions": [
                    {
                        "text": shorten(q["text"], 140),
                        "raised_by": q.get("raised_by") or "",
                        "raised_on": day_text(q.get("raised_on")),
                    }
                    for q in questions[: LIMITS["path_questions"]]
                ],
                "more_questions": max(0, len(questions) - LIMITS["path_questions"]),
            }
        )
    return informed


def _cap(items: list, key: str) -> tuple[list, int]:
    limit = LIMITS[key]
    return items[:limit], max(0, len(items) - limit)


def gather(
    db: sqlite_utils.Database,
    contact_id: int,
    scheduled_id: int | None = None,
    include_private: bool = False,
    today: date | None = None,
) -> dict | None:
    """Everything the brief shows for a contact (and a scheduled conversation), or None."""
    contact = contacts.get_contact(db, contact_id)
    if contact is None:
        return None
    scheduled = schedule.get_scheduled(db, scheduled_id) if scheduled_id else None
    if scheduled is not None and scheduled["contact_id"] != contact_id:
        scheduled = None
    planned = scheduled["planned_minutes"] if scheduled else vocab.TARGET_MINUTES
    picked = schedule.planned_questions(db, scheduled["id"]) if scheduled else []
    picked = [dict(q, category_label=vocab.label(vocab.TIARA, q["category"])) for q in picked]
    kept, dropped = fit_questions(picked, planned)

    referral = None
    if contact["referred_by_id"]:
        said = _mentions(
            db, contact["referred_by_id"], contact_id, contact["name"], include_private
        )
        said, more = _cap(said, "referrer_said")
        referral = {"name": contact["referred_by"], "said": said, "more": more}

    brief = {
        "today": today,
        "include_private": include_private,
        "contact": {
            "name": contact["name"],
            "role": contact["role"] or "",
            "organization": contact["organization"] or "",
            "how_found": vocab.label(vocab.HOW_FOUND, contact["how_found"]),
            "hook": contact["hook"] or "",
            "email": contact["email"] or "",
            "location": contact["location"] or "",
            "private_notes": shorten(contact["private_notes"]) if include_private else "",
        },
        "scheduled": None,
        "planned_minutes": planned,
        "referral": referral,
        "lamp": _lamp(db, contact["organization_id"]),
        "paths": _cap(_paths_to_inform(db, contact_id, scheduled), "paths"),
        "questions": kept,
        "questions_time": questions_time_text(len(kept)),
        "questions_dropped": [q["text"] for q in dropped],
        "reminders": reminders(planned),
        "opening": opening_line(contact, contact["referred_by"]),
    }
    for key, rows in (
        ("earlier", _earlier_conversations(db, contact_id, include_private)),
        ("interactions", _interactions(db, contact_id)),
        ("colleagues", _colleagues(db, contact)),
        ("research", _research(db, contact)),
    ):
        brief[key] = _cap(rows, key)
    if scheduled is not None:
        brief["scheduled"] = {
            "id": scheduled["id"],
            "when": scheduled["when"],
            "zone": scheduled["time_zone"],
            "mode": scheduled["mode_label"],
            "place_or_link": scheduled["place_or_link"] or "",
            "status": scheduled["status_label"],
        }
    return brief


# ---------------------------------------------------------------- the files


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(brief: dict) -> str:
    """The brief as one self-contained HTML file with a print stylesheet (one page)."""
    return _environment().get_template("brief.html.j2").render(brief=brief)


def file_name(brief: dict, extension: str) -> str:
    """'brief-amara-okafor.html': a safe file name for the download."""
    slug = "-".join(
        "".join(ch for ch in word if ch.isalnum()) for word in brief["contact"]["name"].split()
    ).lower()
    return f"brief-{slug or 'contact'}.{extension}"


def render_markdown(brief: dict, top: int = 1) -> str:
    """The brief as Markdown (its title a level-top heading); user values go through the one
    escaper."""
    esc = text_rules.markdown_line
    contact = brief["contact"]
    section = "#" * (top + 1)
    lines = [f"{'#' * top} Brief: {esc(contact['name'])}"]
    subtitle = " · ".join(esc(v) for v in (contact["role"], contact["organization"]) if v)
    if subtitle:
        lines += ["", subtitle]
    scheduled = brief["scheduled"]
    if scheduled:
        where = f" · {esc(scheduled['place_or_link'])}" if scheduled["place_or_link"] else ""
        when = (
            f"**{esc(scheduled['when'])}** ({esc(scheduled['zone'])}) · {scheduled['mode']} · "
            f"{brief['planned_minutes']} minutes{where}"
        )
        lines += ["", when]
    lines += ["", f"{section} Who they are"]
    if contact["how_found"]:
        lines.append(f"- Found through: {esc(contact['how_found'])}")
    if contact["hook"]:
        lines.append(f"- Hook: {esc(contact['hook'])}")
    referral = brief["referral"]
    if referral:
        lines.append(f"- Referred by {esc(referral['name'])}")
        for said in referral["said"]:
            lines.append(f"  - {esc(said['source'])}, {esc(said['day'])}: {esc(said['text'])}")
    if contact["private_notes"]:
        lines.append(f"- Private notes: {esc(contact['private_notes'])}")
    if brief["opening"]:
        lines.append(f"- Opening line: “{esc(brief['opening'])}”")

    lines += ["", f"{section} What you already know"]
    earlier, more = brief["earlier"]
    for row in earlier:
        text = row["takeaways"] or row["notes"] or "no notes"
        lines.append(f"- Conversation {esc(row['day'])} ({row['mode']}): {esc(text)}")
        if row["private_notes"]:
            lines.append(f"  - Private: {esc(row['private_notes'])}")
    interactions, _ = brief["interactions"]
    for row in interactions:
        said = f": {esc(row['text'])}" if row["text"] else ""  # an outreach logged without text
        lines.append(f"- {esc(row['day'])} · {esc(row['what'])}{said}")
    colleagues, _ = brief["colleagues"]
    for row in colleagues:
        said = f": {esc(row['said'])}" if row["said"] else ""
        lines.append(f"- Also at {esc(contact['organization'])}: {esc(row['name'])}{said}")
    if brief["lamp"]:
        lines.append(f"- {esc(brief['lamp']['name'])} (LAMP): {brief['lamp']['text']}")
    research, _ = brief["research"]
    for row in research:
        source = f", from {esc(row['recommended_by'])}" if row["recommended_by"] else ""
        lines.append(f"- {esc(row['kind'])}: {esc(row['title'])} ({esc(row['status'])}{source})")

    lines += ["", f"{section} What you want to learn"]
    informed, _ = brief["paths"]
    for path in informed:
        lines.append(f"- Path: {esc(path['name'])} ({esc(path['status'])})")
        for question in path["questions"]:
            lines.append(f"  - Open question: {esc(question['text'])}")
    lines.append(f"- {esc(brief['questions_time'])}")
    for number, question in enumerate(brief["questions"], start=1):
        lines.append(f"  {number}. {esc(question['category_label'])}: {esc(question['text'])}")
    if brief["questions_dropped"]:
        count = len(brief["questions_dropped"])
        lines.append(f"- Left out to keep to the time: {count}")

    lines += ["", f"{section} Reminders"]
    lines += [f"- {line}" for line in brief["reminders"]]
    return "\n".join(lines) + "\n"
