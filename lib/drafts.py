"""Email drafts: outreach, thank-you, one-month update, 3B7 follow-up, keep-in-touch; mailto links.

The draft builders are pure functions over plain dicts; `draft_for_task` gathers the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

import sqlite_utils

from lib import rhythms

OUTREACH_WORD_LIMIT = 75


@dataclass
class Draft:
    subject: str
    body: str
    warnings: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return word_count(self.body)


def word_count(text: str) -> int:
    """Words as a person counts them: runs of letters or digits, apostrophes and hyphens kept."""
    return len(re.findall(r"[\w][\w'’-]*", text or ""))


def first_name(name: str) -> str:
    """The first word of a name, for a greeting."""
    parts = (name or "").split()
    return parts[0] if parts else "there"


# First words of a hook that read on after "I know of your work:" in lower case. Anything else
# (a name, "Priya says he built…", an acronym) is kept exactly as typed.
_PLAIN_STARTS = frozenset(
    [
        "a",
        "an",
        "the",
        "her",
        "his",
        "their",
        "its",
        "our",
        "my",
        "this",
        "that",
        "these",
        "those",
        "runs",
        "ran",
        "leads",
        "led",
        "works",
        "worked",
        "built",
        "builds",
        "wrote",
        "writes",
        "manages",
        "managed",
        "founded",
        "started",
        "teaches",
        "taught",
        "organizes",
        "organized",
        "organises",
        "organised",
        "moved",
        "switched",
        "helped",
        "helps",
        "created",
        "creates",
        "designed",
        "designs",
        "studied",
        "spent",
        "has",
        "had",
        "is",
        "was",
        "gave",
        "gives",
        "hosts",
        "hosted",
        "coordinates",
        "coordinated",
        "joined",
        "left",
        "won",
        "shares",
        "shared",
        "posted",
        "posts",
        "speaks",
        "spoke",
        "volunteers",
        "volunteered",
        "mentors",
        "mentored",
        "recruits",
        "recruited",
        "researches",
        "researched",
    ]
)


def _lower_first(text: str) -> str:
    # Keep acronyms and names as they are ("AMIA", "Drawdown"); lower a plain first word.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _lower_hook_start(text: str) -> str:
    """A hook often starts with the person's or someone's name: lower only a known plain word."""
    first = text.split(" ", 1)[0]
    if first.lower() in _PLAIN_STARTS and first[:1].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = " ".join((text or "").split()).strip()
    if not text:
        return ""
    return text if text[-1] in ".!?" else text + "."


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return _sentence(match.group(1) if match else text)


HOOK_PATTERNS = [
    (
        re.compile(
            r"^(?:wrote|published|authored)\s+(?:an?\s+|the\s+)?"
            r"(article|piece|post|blog post|paper|op-ed|essay|book)\s+(on|about)\s+(.+)$",
            re.IGNORECASE,
        ),
        lambda m: f"I read your {m.group(1).lower()} {m.group(2).lower()} {m.group(3)}",
    ),
    (
        re.compile(r"^spoke\s+(on|at|about)\s+(.+)$", re.IGNORECASE),
        lambda m: f"I heard you speak {m.group(1).lower()} {m.group(2)}",
    ),
    (
        re.compile(r"^quoted\s+in\s+(.+)$", re.IGNORECASE),
        lambda m: f"I saw you quoted in {m.group(1)}",
    ),
]


def hook_sentence(hook: str | None) -> str:
    """Turn a contact's hook into an opening line that shows you know their work."""
    hook = " ".join((hook or "").split()).rstrip(".")
    if not hook:
        return ""
    if re.match(r"^I\b", hook):
        return _sentence(hook)
    for pattern, build in HOOK_PATTERNS:
        match = pattern.match(hook)
        if match:
            return _sentence(build(match))
    return _sentence(f"I know of your work: {_lower_hook_start(hook)}")


def _sign_off(closing: str, sender: str) -> str:
    return f"{closing}\n{sender.strip()}" if sender.strip() else closing


def opening_sentences(contact: dict, referred_by: str | None = None) -> list[str]:
    """What to open with: the referral first, then the hook (empty when neither is known)."""
    opening = []
    if referred_by:
        opening.append(f"My colleague {referred_by} recommended I contact you.")
    hook = hook_sentence(contact.get("hook"))
    if hook:
        opening.append(hook)
    return opening


def outreach_draft(contact: dict, referred_by: str | None = None, sender: str = "") -> Draft:
    """A short advice-seeking email that leads with the referral or the hook."""
    opening = opening_sentences(contact, referred_by)
    hook = hook_sentence(contact.get("hook"))
    body = "\n\n".join(
        [
            f"Hi {first_name(contact.get('name', ''))},",
            " ".join(
                opening
                + [
                    "I'm exploring your field and would value about 20 minutes of your advice "
                    "on how you got into your role.",
                    "I'm not asking for a job, only for your perspective.",
                    "Would a short call in the next few weeks suit you?",
                ]
            ),
            _sign_off("Thank you,", sender),
        ]
    )
    subject = f"{referred_by} suggested I get in touch" if referred_by else "20 minutes of advice?"
    draft = Draft(subject, body)
    if not referred_by and not hook:
        draft.warnings.append(
            "No hook and no referral: add what you know about them, or who referred you, so the "
            "first line shows why you are writing to them."
        )
    if draft.word_count > OUTREACH_WORD_LIMIT:
        draft.warnings.append(
            f"{draft.word_count} words: aim for under {OUTREACH_WORD_LIMIT}. Shorter emails get "
            "more replies."
        )
    return draft


def specific_detail(conversation: dict) -> str:
    """Something specific from a conversation: a takeaway, else an answer, else the notes."""
    takeaway = _first_sentence(conversation.get("takeaways") or "")
    if takeaway:
        return f"One thing I'm taking away: {_lower_first(takeaway)}"
    for answer in conversation.get("answers") or []:
        text = _first_sentence(answer.get("answer") or "")
        if text:
            question = (answer.get("question_text") or "").strip()
            if question:
                return f'I especially appreciated your answer to "{question}": {text}'
            return f"I especially appreciated hearing that {_lower_first(text)}"
    note = _first_sentence(conversation.get("notes") or "")
    if note:
        return f"One thing I'm taking away: {_lower_first(note)}"
    return ""


def _day(value: date | str | None) -> str:
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"on {day:%A}, {day.day} {day:%B}"


def thank_you_draft(contact: dict, conversation: dict, sender: str = "") -> Draft:
    """A quick thank-you naming something specific from the conversation."""
    detail = specific_detail(conversation)
    when = _day(conversation.get("held_on"))
    lines = [f"Thank you for taking the time to talk with me {when}.".replace("  ", " ")]
    if detail:
        lines.append(detail)
    lines.append("I'll let you know how I get on.")
    body = "\n\n".join(
        [
            f"Hi {first_name(contact.get('name', ''))},",
            " ".join(lines).replace(" .", "."),
            _sign_off("With thanks,", sender),
        ]
    )
    draft = Draft("Thank you for your time", body)
    if not detail:
        draft.warnings.append(
            "Nothing specific to name yet: add a takeaway or notes to the conversation so the "
            "thank-you can mention what you learned."
        )
    return draft


def update_draft(
    contact: dict,
    done_items: list[dict],
    met_referrals: list[str],
    held_on: date | str | None = None,
    sender: str = "",
) -> Draft:
    """The one-month update: what you did with this contact's recommendations, and what's new."""
    did = []
    for item in done_items:
        outcome = _sentence(item.get("outcome") or "")
        did.append(f"- {item['title']}" + (f": {_lower_first(outcome)}" if outcome else ""))
    for name in met_referrals:
        did.append(f"- I talked with {name}, as you suggested.")
    when = _day(held_on)
    opening = f"It's been about a month since we talked{' ' + when if when else ''}"
    if did:
        middle = (
            f"{opening}, and I wanted to tell you what I did with your advice:\n\n" + "\n".join(did)
        )
    else:
        middle = f"{opening}, and your advice is still shaping what I do next."
    body = "\n\n".join(
        [
            f"Hi {first_name(contact.get('name', ''))},",
            middle,
            "Has anything new come up in your work, or is there anyone else you think I should "
            "talk to?",
            _sign_off("Thank you again,", sender),
        ]
    )
    draft = Draft("What I did with your advice", body)
    if not did:
        draft.warnings.append(
            f"Nothing from {first_name(contact.get('name', ''))}'s recommendations is marked done "
            "yet: mark items done on the research board (a line on what came of each helps) so "
            "this note can say what you did."
        )
    return draft


def follow_up_draft(contact: dict, sent_on: date | str | None, sender: str = "") -> Draft:
    """The one polite 7B follow-up to someone who has not replied."""
    when = _day(sent_on)
    body = "\n\n".join(
        [
            f"Hi {first_name(contact.get('name', ''))},",
            f"I'm following up on my note{' ' + when if when else ''} in case it got buried. "
            "I'd still value about 20 minutes of your advice on how you got into your role; "
            "I'm not asking for a job. Would a short call in the next few weeks work?",
            _sign_off("Thank you,", sender),
        ]
    )
    return Draft("Following up: 20 minutes of advice?", body)


# What a done board item of theirs lets you say, by its kind.
_DID_BY_KIND = {
    "book": "I read {title}",
    "organization": "I looked into {title}",
    "event": "I went to {title}",
    "role": "I looked into the role of {title}",
}


def since_last_touch(done_items: list[dict], met_referrals: list[str]) -> list[str]:
    """What happened since the last touch that the person could mention, one line each: their
    recommendations done (with the outcome line) and people they led to whom you have met."""
    lines = []
    for item in done_items:
        did = _DID_BY_KIND.get(item.get("kind"), "I followed up on {title}").format(
            title=f"“{item['title']}”"
        )
        outcome = _sentence(item.get("outcome") or "")
        lines.append(
            f"- {did}, as you recommended" + (f": {_lower_first(outcome)}" if outcome else ".")
        )
    for name in met_referrals:
        lines.append(f"- I talked with {name}, whom you pointed me to.")
    return lines


def keep_in_touch_draft(
    contact: dict, last_takeaway: str = "", sender: str = "", since: list[str] | None = None
) -> Draft:
    """A short note to a contact who is going cold; since: lines from since_last_touch."""
    remembered = _first_sentence(last_takeaway)
    middle = "It's been a while since we talked, and I wanted to share where my search has got to: "
    middle += "[one line on your progress]."
    if remembered:
        middle += f" Your advice still guides me: {_lower_first(remembered)}"
    asking = "I hope things are going well on your side; what's new?"
    parts = [f"Hi {first_name(contact.get('name', ''))},"]
    if since:
        parts += [middle, "Since we were last in touch:\n\n" + "\n".join(since), asking]
    else:
        parts.append(f"{middle} {asking}")
    body = "\n\n".join([*parts, _sign_off("Best wishes,", sender)])
    return Draft("Catching up", body)


def mailto_link(to: str | None, subject: str, body: str) -> str:
    """A mailto: URL with the subject and body percent-encoded (line breaks as CRLF)."""
    address = quote((to or "").strip(), safe="@.+")
    crlf = re.sub(r"\r?\n", "\r\n", body)
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


# ---------------------------------------------------------------- facts from the database


def _contact_row(db: sqlite_utils.Database, contact_id: int) -> dict:
    rows = list(
        db.query(
            """SELECT c.id, c.name, c.role, c.email, c.hook, o.name AS organization,
                      r.name AS referred_by
               FROM contacts c
               LEFT JOIN organizations o ON o.id = c.organization_id
               LEFT JOIN contacts r ON r.id = c.referred_by_id
               WHERE c.id = ?""",
            [contact_id],
        )
    )
    return rows[0] if rows else {}


def update_facts(db: sqlite_utils.Database, contact_id: int) -> tuple[list[dict], list[str]]:
    """This contact's recommendations marked done (with outcomes), and people they led you to
    whom you have since met."""
    return _recommendation_facts(db, contact_id)


def touch_facts(db: sqlite_utils.Database, contact_id: int) -> tuple[list[dict], list[str]]:
    """Since the last touch with this contact: their recommendations done, and the people they
    led you to whom you have talked with (update_facts' facts, after the last touch)."""
    row = db.execute(
        f"SELECT {rhythms.LAST_TOUCH_SQL} FROM contacts c WHERE c.id = ?", [contact_id]
    ).fetchone()
    return _recommendation_facts(db, contact_id, after=(row[0] if row else "") or "")


def _recommendation_facts(
    db: sqlite_utils.Database, contact_id: int, after: str | None = None
) -> tuple[list[dict], list[str]]:
    # "Their recommendations" are the items they recommended at all (board_recommendations),
    # not only those they were first to: a second or third recommender hears what came of it.
    # after: only what was done, and people talked with, after that day.
    done = list(
        db.query(
            """SELECT id, kind, title, outcome, done_on FROM research_items r
               WHERE EXISTS (SELECT 1 FROM board_recommendations b
                             WHERE b.item_id = r.id AND b.contact_id = :id)
                 AND status = 'done' AND kind != 'person'
                 AND (:after IS NULL OR done_on > :after)
               ORDER BY done_on, id""",
            {"id": contact_id, "after": after},
        )
    )
    met = [
        row["name"]
        for row in db.query(
            """SELECT DISTINCT c.id, c.name FROM contacts c
               WHERE (c.referred_by_id = :id OR c.id IN (
                        SELECT r.contact_id FROM research_items r
                        JOIN board_recommendations b ON b.item_id = r.id
                        WHERE b.contact_id = :id AND r.contact_id IS NOT NULL))
                 AND EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id
                             AND (:after IS NULL OR v.held_on > :after))
               ORDER BY c.name""",
            {"id": contact_id, "after": after},
        )
    ]
    return done, met


def _conversation(db: sqlite_utils.Database, conversation_id: int | None) -> dict:
    if conversation_id is None:
        return {}
    rows = list(db.query("SELECT * FROM conversations WHERE id = ?", [conversation_id]))
    if not rows:
        return {}
    conversation = rows[0]
    conversation["answers"] = list(
        db.query(
            """SELECT question_text, answer FROM conversation_answers
               WHERE conversation_id = ? ORDER BY position""",
            [conversation_id],
        )
    )
    return conversation


def draft_for_contact(db: sqlite_utils.Database, contact_id: int, sender: str = "") -> Draft:
    """The outreach draft for a contact, using their hook and who referred them."""
    contact = _contact_row(db, contact_id)
    return outreach_draft(contact, contact.get("referred_by"), sender)


def draft_for_task(db: sqlite_utils.Database, task_id: int, sender: str = "") -> Draft | None:
    """The draft that fits a follow-up task, or None when the task needs no email to them."""
    rows = list(db.query("SELECT * FROM followups WHERE id = ?", [task_id]))
    if not rows:
        return None
    task = rows[0]
    contact = _contact_row(db, task["contact_id"])
    kind = task["kind"]
    if kind == "thank_you":
        return thank_you_draft(contact, _conversation(db, task["conversation_id"]), sender)
    if kind == "one_month_update":
        done, met = update_facts(db, task["contact_id"])
        held_on = _conversation(db, task["conversation_id"]).get("held_on")
        return update_draft(contact, done, met, held_on, sender)
    if kind == "follow_up":
        sent = db.execute(
            "SELECT occurred_on FROM interactions WHERE id = ?", [task["interaction_id"]]
        ).fetchone()
        return follow_up_draft(contact, sent[0] if sent else None, sender)
    if kind == "keep_in_touch":
        last = db.execute(
            """SELECT takeaways FROM conversations WHERE contact_id = ? AND takeaways IS NOT NULL
               ORDER BY held_on DESC LIMIT 1""",
            [task["contact_id"]],
        ).fetchone()
        since = since_last_touch(*touch_facts(db, task["contact_id"]))
        return keep_in_touch_draft(contact, last[0] if last else "", sender, since)
    return None


def colleagues_to_try(db: sqlite_utils.Database, contact_id: int, limit: int = 5) -> list[dict]:
    """Other active contacts at the same organization you have not written to yet (for 3B)."""
    return list(
        db.query(
            """SELECT peer.id, peer.name, peer.role FROM contacts c
               JOIN contacts peer ON peer.organization_id = c.organization_id
                    AND peer.id != c.id AND peer.status = 'active'
               WHERE c.id = ? AND NOT EXISTS (
                   SELECT 1 FROM interactions i WHERE i.contact_id = peer.id
                     AND i.kind IN ('outreach', 'follow_up'))
               ORDER BY peer.name LIMIT ?""",
            [contact_id, limit],
        )
    )
