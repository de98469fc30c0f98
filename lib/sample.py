"""A realistic, deterministic sample: a career changer's ten weeks of field research.

The story (who, why, what each said, what came of it) is data in lib/sample_story.py; this
module writes it as rows, dated relative to the `today` it is given, never the wall clock.
The same seed and `today` always give the same rows; the seed only picks which of the
field's questions each person was asked, never how many, so the hand counts in the tests
hold for any seed.
"""

from __future__ import annotations

import json
import random
from datetime import date, time, timedelta

import sqlite_utils

from lib import clock, followups, store, vocab
from lib import conversations as conv
from lib import sample_story as story
from lib.followup_rules import short_day
from lib.questions import active_questions

# Re-exported: older callers read the sample's organizations and paths from here.
ORGANIZATIONS = story.ORGANIZATIONS
SAMPLE_PATHS = story.SAMPLE_PATHS
FIELD_QUESTIONS_ASKED = 2  # of the field's questions, besides those about the person


class Calendar:
    """The story's days: (week, weekday) from this week's Monday, or words relative to today."""

    def __init__(self, today: date):
        self.today = today
        self.monday = today - timedelta(days=today.weekday())

    def day(self, when) -> date:
        """The date a story day stands for."""
        if isinstance(when, tuple):
            week, weekday = when
            return self.monday + timedelta(weeks=week, days=weekday)
        relative = {"today": 0, "yesterday": 1, "two days ago": 2}
        if when in relative:
            return self.today - timedelta(days=relative[when])
        if when == "monday":
            return self.monday
        if when == "yesterday, this week":  # today on a Monday: the week shows a thank-you
            return max(self.today - timedelta(days=1), self.monday)
        raise ValueError(f"not a story day: {when!r}")


def load_sample(db: sqlite_utils.Database, today: date | None = None, seed: int = 7) -> dict:
    """Fill an empty database with ten weeks of realistic field research; return row counts."""
    today = today or clock.today()
    days = Calendar(today)
    rng = random.Random(seed)
    questions = active_questions(db)
    with store.write(db):
        org_ids = _insert_organizations(db)
        _insert_paths(db, days)
        _insert_goals_and_reviews(db, days)
        contact_ids: dict[str, int] = {}  # filled in story order: a referrer comes first
        for person in story.PEOPLE:
            _insert_contact(db, person, org_ids, days, contact_ids)
        for person in story.PEOPLE:
            _outreach_story(db, contact_ids[person["name"]], person, days)
        talks = sorted(
            (p for p in story.PEOPLE if "talk" in p), key=lambda p: days.day(p["talk"]["day"])
        )
        for person in talks:
            _insert_conversation(db, rng, contact_ids[person["name"]], person, questions, days)
        _finish_items(db, contact_ids, days)
        _send_followups(db, talks, contact_ids, days)
        _work_through_3b7(db, contact_ids, days)
        _link_paths(db, days)
        _schedule_conversations(db, contact_ids, days)
    return {t: db[t].count for t in ("contacts", "conversations", "interactions", "research_items")}


def _stamp(day: date, hour: int = 9) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00Z"


def _insert_organizations(db) -> dict[str, int]:
    ids = {}
    for name, industry, motivation, posting, status in story.ORGANIZATIONS:
        row = {
            "name": name,
            "industry": industry,
            "motivation": motivation,
            "posting": posting,
            "status": status,
        }
        ids[name] = db["organizations"].insert(row).last_pk
    return ids


def _insert_goals_and_reviews(db, days: Calendar) -> None:
    db["weekly_goals"].insert(
        {"starts_on": days.day((-9, 0)).isoformat(), **story.GOALS},
    )
    for week, learned, plan, comment in story.REVIEWS:
        db["weekly_reviews"].insert(
            {
                "week_start": days.day((week, 0)).isoformat(),
                "learned": learned,
                "next_week": plan,
                "coach_comment": comment,
            }
        )


def _industry(person: dict) -> str:
    return next(o[1] for o in story.ORGANIZATIONS if o[0] == person["org"])


def _insert_contact(db, person: dict, org_ids: dict, days: Calendar, known: dict) -> int:
    first, last = person["name"].split()[0], person["name"].split()[-1]
    found = days.day(person["found"])
    row = {
        "name": person["name"],
        "role": person["role"],
        "organization_id": org_ids[person["org"]],
        "industry": _industry(person),
        "email": f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.org",
        "linkedin_url": f"https://linkedin.com/in/{first.lower()}-{last.lower()}",
        "location": "Remote" if person["how"] == "linkedin" else "Riverton",
        "how_found": person["how"],
        "referred_by_id": known.get(person.get("ref")),
        "hook": person["hook"] or None,
        "tags": json.dumps(person["tags"]),
        "private_notes": person.get("private"),
        "created_at": _stamp(found),
        "updated_at": _stamp(found),
    }
    contact_id = db["contacts"].insert(row).last_pk
    known[person["name"]] = contact_id
    return contact_id


def _interaction(db, contact_id: int, kind: str, day: date, summary: str) -> int:
    row = {
        "contact_id": contact_id,
        "kind": kind,
        "occurred_on": day.isoformat(),
        "summary": summary,
        "created_at": _stamp(day, 18),
    }
    return db["interactions"].insert(row).last_pk


def _outreach_story(db, contact_id: int, person: dict, days: Calendar) -> None:
    """The outreach, the one follow-up and the reply, as the story has them."""
    if "out" not in person:
        return  # found, not written to yet
    _interaction(db, contact_id, "outreach", days.day(person["out"]), person["why"])
    if "follow" in person:
        _interaction(
            db, contact_id, "follow_up", days.day(person["follow"]), "One short follow-up."
        )
    if "reply" in person:
        said = person.get("reply_text", "Happy to talk; suggested a time.")
        _interaction(db, contact_id, "reply", days.day(person["reply"]), said)


def _answers(rng, person: dict, talk: dict, questions: list[dict]) -> list[conv.Answer]:
    """What this person said to each question asked: about them, their field, their advice."""
    field = story.FIELDS[_industry(person)]
    said: dict[str, str] = {story.ABOUT_THEM: talk["path_in"]}
    for text in rng.sample(sorted(story.FIELD_ANSWERS), FIELD_QUESTIONS_ASKED):
        said[text] = story.FIELD_ANSWERS[text][field]
    recs = talk["recs"]
    people = [(title, detail) for kind, title, detail in recs if kind == "person"]
    if people:
        said[story.WHO_ELSE] = " ".join(f"{title}: {detail}" for title, detail in people)
    for kind, question in story.RESOURCE_QUESTIONS.items():
        titles = [title for k, title, _ in recs if k == kind]
        if titles:
            said[question] = _resource_answer(kind, titles)
    roles = [(title, detail) for kind, title, detail in recs if kind == "role"]
    if talk.get("alt") or roles:
        role, detail = roles[0] if roles else (talk["alt"], "")
        said[story.RELATED_ROLES] = f"{role}: {detail or 'worth a look with a teaching past.'}"
    return [
        conv.Answer(q["text"], said[q["text"]], q["id"]) for q in questions if q["text"] in said
    ]


def _resource_answer(kind: str, titles: list[str]) -> str:
    joined = " and ".join(titles)
    if kind == "book":
        return f"Start with {joined}."
    if kind == "organization":
        return f"{joined}: worth joining; the members are the people who hire."
    return f"{joined}: go, and talk to the people on the stands."


def _insert_conversation(db, rng, contact_id: int, person: dict, questions, days: Calendar):
    talk = person["talk"]
    held_on = days.day(talk["day"])
    values = {
        "held_on": held_on,
        "mode": talk["mode"],
        "duration_minutes": talk["minutes"],
        "notes": talk["notes"],
        "takeaways": talk["takeaway"],
        "still_interested": talk["interest"],
        "alternative_role": talk.get("alt", ""),
    }
    recommendations = [conv.Recommendation(k, t, d) for k, t, d in talk["recs"]]
    answers = _answers(rng, person, talk, questions)
    conversation_id = conv.save_conversation(
        db, contact_id, values, answers, recommendations, today=days.today
    )
    stamp = _stamp(held_on, 17)
    for table, column in (
        ("conversations", "id"),
        ("research_items", "conversation_id"),  # the cards this conversation made
    ):
        db.execute(
            f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE {column} = ?",
            [stamp, stamp, conversation_id],
        )
    db.execute(  # each recommendation it gave, joined to a card or not
        "UPDATE board_recommendations SET created_at = ? WHERE conversation_id = ?",
        [stamp, conversation_id],
    )
    return conversation_id


def _finish_items(db, contact_ids: dict, days: Calendar) -> None:
    """What was done with each recommendation: read, joined, went, met."""
    for title, (status, when, outcome) in story.ITEMS.items():
        change = {"status": status}
        if status == "done":
            done_on = days.day(when)
            change.update(
                done_on=done_on.isoformat(), outcome=outcome.format(day=short_day(done_on))
            )
        db.execute(
            "UPDATE research_items SET status = ?, done_on = ?, outcome = ? WHERE title = ?",
            [change["status"], change.get("done_on"), change.get("outcome"), title],
        )
    by_name = {p["name"]: p for p in story.PEOPLE}
    for (title,) in db.execute(
        "SELECT DISTINCT title FROM research_items WHERE kind = 'person'"
    ).fetchall():
        person = by_name[title]
        status, done_on, outcome = "todo", None, None
        if "talk" in person:
            held_on = days.day(person["talk"]["day"])
            mode = vocab.label(vocab.MODES, person["talk"]["mode"]).lower()
            status, done_on = "done", held_on.isoformat()
            outcome = f"Met on {short_day(held_on)} ({mode}): {person['talk']['takeaway']}"
        elif "out" in person:
            status = "doing"  # written to, waiting for the conversation
        db.execute(
            """UPDATE research_items SET status = ?, done_on = ?, outcome = ?, contact_id = ?
               WHERE kind = 'person' AND title = ?""",
            [status, done_on, outcome, contact_ids[title], title],
        )


def _send_followups(db, talks: list[dict], contact_ids: dict, days: Calendar) -> None:
    """Thank-yous the day after, one-month updates around their day, as the story says."""
    for person in talks:
        talk = person["talk"]
        held_on = days.day(talk["day"])
        first = person["name"].split()[0]
        for kind, key in (("thank_you", "thanks"), ("one_month_update", "update")):
            sent = talk.get(key, held_on + timedelta(days=1) if kind == "thank_you" else "open")
            if sent == "open":
                continue
            sent_on = sent if isinstance(sent, date) else days.day(sent)
            (task_id,) = db.execute(
                """SELECT f.id FROM followups f JOIN conversations v ON v.id = f.conversation_id
                   WHERE f.kind = ? AND v.contact_id = ? AND v.held_on = ?""",
                [kind, contact_ids[person["name"]], held_on.isoformat()],
            ).fetchone()
            summary = (
                f"Thanked {first} for the {talk['minutes']} minutes; mentioned the advice to "
                f"{talk['takeaway'][0].lower()}{talk['takeaway'][1:]}"
                if kind == "thank_you"
                else _update_summary(db, first, contact_ids[person["name"]], sent_on)
            )
            followups.mark_done(db, task_id, days.today, summary, sent_on=sent_on)
            db.execute(
                "UPDATE interactions SET created_at = ? WHERE id = "
                "(SELECT done_interaction_id FROM followups WHERE id = ?)",
                [_stamp(sent_on, 18), task_id],
            )


def _update_summary(db, first: str, contact_id: int, sent_on: date) -> str:
    """The one-month update names what came of the person's recommendations by then."""
    done = [
        row[0]
        for row in db.execute(
            """SELECT r.title FROM research_items r
               JOIN board_recommendations b ON b.item_id = r.id AND b.contact_id = ?
               WHERE r.status = 'done' AND r.done_on <= ? ORDER BY r.done_on, r.id""",
            [contact_id, sent_on.isoformat()],
        )
    ]
    if not done:
        return f"Told {first} how the search is going and asked what is new with them."
    return f"Told {first} what came of their advice: {'; '.join(done)}."


def _work_through_3b7(db, contact_ids: dict, days: Calendar) -> None:
    """Derive the 3B7 prompts; the ones the story lets go are skipped with its reason."""
    followups.sync_tasks(db, days.today)
    for person in story.PEOPLE:
        for kind, key in (("next_contact", "skip_3b"), ("follow_up", "skip_7b")):
            if key not in person:
                continue
            for (task_id,) in db.execute(
                "SELECT id FROM followups WHERE kind = ? AND contact_id = ? AND status = 'open'",
                [kind, contact_ids[person["name"]]],
            ).fetchall():
                followups.skip(db, task_id, person[key])


def _insert_paths(db, days: Calendar) -> None:
    """The three sample paths with their status history, dated relative to today."""
    from lib import paths  # noqa: PLC0415 (sample-only use; keeps the import graph light)

    for name, spec in story.SAMPLE_PATHS.items():
        history = [(days.day(when), status) for when, status in spec["history"]]
        path_id = paths.insert_path(
            db,
            {
                "name": name,
                "description": spec["description"],
                "status": history[0][1],
                "created_at": _stamp(history[0][0]),
            },
            history[0][0],
        )
        for (_, before), (day, status) in zip(history, history[1:], strict=False):
            db["path_status_changes"].insert(
                {
                    "path_id": path_id,
                    "status": status,
                    "previous_status": before,
                    "changed_on": day.isoformat(),
                }
            )
        db["paths"].update(path_id, {"status": history[-1][1]})


def _link_paths(db, days: Calendar) -> None:
    """Link the conversations to the paths their field informs, with evidence and questions."""
    from lib import paths

    held = list(
        db.query(
            """SELECT v.id, v.held_on, v.still_interested, o.industry FROM conversations v
            JOIN contacts c ON c.id = v.contact_id
            LEFT JOIN organizations o ON o.id = c.organization_id
            ORDER BY v.held_on, v.id"""
        )
    )
    links: dict[int, list] = {}
    for name, spec in story.SAMPLE_PATHS.items():
        path_id = paths.path_named(db, name)
        chosen = [v for v in held if v["industry"] in spec["industries"]]
        for index, conversation in enumerate(chosen):
            links.setdefault(conversation["id"], []).append(
                paths.PathLink(
                    path_id,
                    conversation["still_interested"],
                    spec["appeals"][index] if index < len(spec["appeals"]) else "",
                    spec["hard_parts"][index] if index < len(spec["hard_parts"]) else "",
                    spec["questions"][index] if index < len(spec["questions"]) else "",
                )
            )
        for title in spec["items"]:
            db.execute(
                "UPDATE research_items SET path_id = ? WHERE title = ? AND path_id IS NULL",
                [path_id, title],
            )
    by_id = {v["id"]: v for v in held}
    for conversation_id, conversation_links in links.items():
        held_on = date.fromisoformat(by_id[conversation_id]["held_on"])
        paths.save_links(db, conversation_id, held_on, conversation_links, days.today)
    # One question was answered along the way.
    first = db.execute("SELECT id, raised_on FROM path_questions ORDER BY id LIMIT 1").fetchone()
    if first:
        answered_on = date.fromisoformat(first[1]) + timedelta(days=9)
        db["path_questions"].update(
            first[0],
            {
                "answered_on": min(answered_on, days.today).isoformat(),
                "answer": story.ANSWERED_QUESTION,
            },
        )


def _schedule_conversations(db, contact_ids: dict, days: Calendar) -> None:
    """Second conversations with the first people met: one tomorrow, one yesterday not
    captured yet."""
    from lib import schedule  # noqa: PLC0415 (sample-only use)

    bank = [q["id"] for q in active_questions(db)]
    live = [
        row[0] for row in db.execute("SELECT id FROM paths WHERE status != 'ruled_out' ORDER BY id")
    ]
    zone = schedule.local_time_zone()
    stamp = _stamp(days.today - timedelta(days=3))
    for name, offset, (hour, minute), mode, place, asked in story.SCHEDULED:
        starts = schedule.to_utc(days.today + timedelta(days=offset), time(hour, minute), zone)
        scheduled_id = (
            db["scheduled_conversations"]
            .insert(
                {
                    "contact_id": contact_ids[name],
                    "starts_at": starts.strftime(schedule.UTC_FORMAT),
                    "time_zone": zone,
                    "planned_minutes": 20,
                    "mode": mode,
                    "place_or_link": place or None,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            .last_pk
        )
        db["scheduled_questions"].insert_all(
            {"scheduled_id": scheduled_id, "question_id": qid, "position": position}
            for position, qid in enumerate(bank[:asked], start=1)
        )
        informs = live if offset > 0 else live[:1]
        db["scheduled_paths"].insert_all(
            {"scheduled_id": scheduled_id, "path_id": pid} for pid in informs
        )
