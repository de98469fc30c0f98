"""A realistic, deterministic sample: a career changer's ten weeks of field research.

The same seed and `today` always give the same rows, so the tests use it too.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta

import sqlite_utils

from lib import clock, followups, store
from lib import conversations as conv
from lib.questions import active_questions

ORGANIZATIONS = [
    # name, industry, motivation (0-3), posting (1-3), status
    ("Brightline Community Energy", "Clean energy", 3, 3, "active"),
    ("SolarShare Co-op", "Clean energy", 3, 2, "active"),
    ("City of Riverton Sustainability Office", "Government", 2, 2, "active"),
    ("GridWise Analytics", "Energy software", 2, 3, "active"),
    ("Northside Health", "Healthcare", 2, 2, "active"),
    ("Meridian Clinical Informatics", "Health IT", 3, 1, "active"),
    ("Open Trails Foundation", "Nonprofit", 1, 1, "on_hold"),
    ("Keystone Consulting", "Consulting", 0, 3, "ruled_out"),
    ("Riverton Public Schools", "Education", 1, 1, "active"),
    ("Verde Building Retrofit", "Construction", 2, 2, "active"),
]

PEOPLE = [
    ("Amara Okafor", "Program Manager, Community Solar"),
    ("Ben Lindqvist", "Energy Analyst"),
    ("Carmen Reyes", "Sustainability Coordinator"),
    ("Dev Patel", "Product Manager"),
    ("Elena Petrova", "Clinical Informatics Specialist"),
    ("Farid Haddad", "Nurse Informaticist"),
    ("Grace Liu", "Outreach Director"),
    ("Hiro Tanaka", "Data Scientist"),
    ("Imani Brooks", "Policy Advisor"),
    ("Jonas Weber", "Retrofit Project Lead"),
    ("Kavya Rao", "Grants Manager"),
    ("Liam O'Connor", "Engagement Manager"),
    ("Maya Cohen", "Community Organizer"),
    ("Noah Mensah", "Operations Lead"),
    ("Olivia Martins", "EHR Trainer"),
    ("Pablo Suárez", "Energy Efficiency Advisor"),
    ("Quinn Harper", "Curriculum Designer"),
    ("Rosa Delgado", "Director of Programs"),
    ("Sam Whitfield", "Solutions Engineer"),
    ("Tara Nguyen", "Health Data Analyst"),
    ("Umar Farouk", "Field Coordinator"),
    ("Vera Sokolova", "Research Fellow"),
    ("Will Adeyemi", "Volunteer Manager"),
    ("Xin Zhao", "UX Researcher"),
    ("Yara Haddad", "Community Liaison"),
    ("Zoe Fischer", "Program Evaluator"),
    ("Aiden Clarke", "Account Executive"),
    ("Bianca Rossi", "Training Coordinator"),
    ("Caleb Yoon", "Implementation Consultant"),
    ("Dana Kowalski", "Facilities Energy Manager"),
    ("Emeka Obi", "Climate Fellow"),
    ("Freya Nilsson", "Clinical Systems Analyst"),
    ("Gabriel Costa", "Board Member"),
    ("Hana Sato", "Project Coordinator"),
    ("Isaac Bell", "Workforce Development Lead"),
    ("Jade Morgan", "Communications Manager"),
]

HOOKS = [
    "Spoke on the community-solar panel at the spring energy meetup.",
    "Wrote an article on making retrofits affordable for renters.",
    "Went from teaching to program management five years ago.",
    "Alumna of my university; runs the volunteer programme.",
    "Quoted in the local paper on the city's climate plan.",
    "",
]

TAGS = ["energy", "health", "nonprofit", "government", "data", "teaching-background", "warm"]

NOTES = [
    "Most of the job is coordinating partners and keeping grant reporting on track. "
    "Spreadsheets and patience matter more than technical depth.",
    "They moved over from classroom teaching; said facilitation skills transfer well. "
    "The hard part is the slow pace of public funding.",
    "Day to day is stakeholder meetings, site visits and writing reports. "
    "Evenings and weekends around community events are common.",
    "Strong advice to volunteer on one project before committing. "
    "Certification helps but relationships help more.",
    "Clinical staff trust people who have worked on the floor. "
    "Training and change management are undervalued skills here.",
]

TAKEAWAYS = [
    "Facilitation and curriculum design transfer directly to program work.",
    "Grant writing is the skill to build first.",
    "Volunteer on a community solar subscription drive this spring.",
    "Look at implementation roles rather than pure analysis.",
    "The field rewards people who can explain technical things simply.",
]

ALTERNATIVE_ROLES = ["Energy efficiency advisor", "EHR trainer", "Grants manager", ""]

RECOMMENDATIONS = [
    ("book", "Drawdown, edited by Paul Hawken"),
    ("book", "The Grid by Gretchen Bakke"),
    ("book", "Article: What program managers actually do (Stanford Social Innovation Review)"),
    ("organization", "Association of Energy Services Professionals"),
    ("organization", "AMIA — American Medical Informatics Association"),
    ("organization", "Local chapter of the Project Management Institute"),
    ("event", "Regional clean energy job fair"),
    ("event", "Monthly climate tech meetup"),
    ("role", "Energy efficiency advisor"),
    ("role", "Clinical educator"),
]

OUTCOMES = [
    "Read it; the chapter on distributed energy changed how I see the role.",
    "Joined; the member directory already gave me two new names.",
    "Went; met three people from utilities and one from the city.",
    "Looked into it; closer to what I want than I expected.",
]


def load_sample(db: sqlite_utils.Database, today: date | None = None, seed: int = 7) -> dict:
    """Fill an empty database with ten weeks of realistic field research; return row counts."""
    today = today or clock.today()
    rng = random.Random(seed)
    start = today - timedelta(days=70)
    questions = active_questions(db)
    with store.write(db):
        org_ids = _insert_organizations(db)
        _insert_paths_and_goals(db, today)
        met: list[tuple[int, date]] = []  # contacts met, with the day of the conversation
        for index, (name, role) in enumerate(PEOPLE):
            referrer = rng.choice(met) if met and index >= 8 and rng.random() < 0.8 else None
            identified = (
                referrer[1] + timedelta(days=rng.randint(1, 3))
                if referrer
                else start + timedelta(days=rng.randint(0, 20))
            )
            if identified >= today:
                identified = today - timedelta(days=1)
            contact_id = _insert_contact(db, rng, index, name, role, org_ids, referrer, identified)
            held_on = _outreach_story(db, rng, contact_id, identified, today)
            if held_on:
                conversation_id = _insert_conversation(
                    db, rng, contact_id, held_on, questions, today
                )
                _close_old_tasks(db, rng, conversation_id, today)
                met.append((contact_id, held_on))
        _finish_some_items(db, rng, today)
        _work_through_3b7(db, rng, today)
        _link_paths(db, today)
        _schedule_conversations(db, today)
    return {t: db[t].count for t in ("contacts", "conversations", "interactions", "research_items")}


def _insert_organizations(db) -> list[int]:
    ids = []
    for name, industry, motivation, posting, status in ORGANIZATIONS:
        ids.append(
            db["organizations"]
            .insert(
                {
                    "name": name,
                    "industry": industry,
                    "motivation": motivation,
                    "posting": posting,
                    "status": status,
                }
            )
            .last_pk
        )
    return ids


def _insert_paths_and_goals(db, today: date) -> None:
    _insert_paths(db, today)
    monday = today - timedelta(days=today.weekday())
    db["weekly_goals"].insert(
        {
            "starts_on": (monday - timedelta(weeks=10)).isoformat(),
            "outreaches": 4,
            "conversations": 2,
            "thank_yous": 2,
            "items_done": 1,
        }
    )
    for weeks_ago, learned, plan in [
        (
            2,
            "Program roles want grant experience more than I thought.",
            "Ask two people about grants.",
        ),
        (1, "Clinical informatics needs clinical experience I do not have.", "Focus on energy."),
    ]:
        db["weekly_reviews"].insert(
            {
                "week_start": (monday - timedelta(weeks=weeks_ago)).isoformat(),
                "learned": learned,
                "next_week": plan,
                "coach_comment": "Good focus. Keep the outreach emails short."
                if weeks_ago == 2
                else None,
            }
        )


def _insert_contact(db, rng, index, name, role, org_ids, referrer, identified: date) -> int:
    first = name.split()[0].lower()
    how_found = (
        "referral" if referrer else rng.choice(["alumni", "article", "event", "linkedin", "cold"])
    )
    row = {
        "name": name,
        "role": role,
        "organization_id": org_ids[index % len(org_ids)],
        "industry": ORGANIZATIONS[index % len(ORGANIZATIONS)][1],
        "email": f"{first}.{name.split()[-1].lower().replace(chr(39), '')}@example.org",
        "linkedin_url": f"https://linkedin.com/in/{first}-{index}",
        "location": rng.choice(["Riverton", "Lakeside", "Remote", "Portland"]),
        "how_found": how_found,
        "referred_by_id": referrer[0] if referrer else None,
        "hook": rng.choice(HOOKS) or None,
        "tags": json.dumps(rng.sample(TAGS, rng.randint(0, 2))),
        "private_notes": "Seemed rushed; keep the follow-up short." if index % 7 == 3 else None,
        "created_at": f"{identified.isoformat()}T09:00:00Z",
        "updated_at": f"{identified.isoformat()}T09:00:00Z",
    }
    return db["contacts"].insert(row).last_pk


def _interaction(db, contact_id: int, kind: str, day: date, summary: str = "") -> int:
    return (
        db["interactions"]
        .insert(
            {
                "contact_id": contact_id,
                "kind": kind,
                "occurred_on": day.isoformat(),
                "summary": summary,
            }
        )
        .last_pk
    )


def _outreach_story(db, rng, contact_id: int, identified: date, today: date) -> date | None:
    """Outreach, maybe a reply, maybe a conversation; returns the conversation day if any."""
    sent = identified + timedelta(days=rng.randint(0, 2))
    if sent >= today:
        return None
    _interaction(db, contact_id, "outreach", sent, "Short email asking for 20 minutes of advice.")
    roll = rng.random()
    if roll < 0.2:
        return None  # no reply yet: the 3B7 rules take over
    wait = rng.choice([1, 2, 2, 3, 5, 6]) if roll < 0.85 else 8
    if wait >= 8:
        follow = followups.add_business_days(sent, 7)
        if follow < today:
            _interaction(db, contact_id, "follow_up", follow, "One polite follow-up.")
        return None
    replied = followups.add_business_days(sent, wait)
    if replied >= today:
        return None
    _interaction(db, contact_id, "reply", replied, "Happy to talk; suggested a time.")
    held_on = replied + timedelta(days=rng.randint(2, 6))
    if held_on >= today or rng.random() < 0.15:
        return None
    return held_on


def _insert_conversation(db, rng, contact_id, held_on: date, questions, today) -> int:
    picked = rng.sample(questions, min(len(questions), rng.randint(3, 5)))
    answers = [
        conv.Answer(q["text"], rng.choice(NOTES).split(". ")[0] + ".", q["id"]) for q in picked
    ]
    recommendations = [
        conv.Recommendation(kind, title)
        for kind, title in rng.sample(RECOMMENDATIONS, rng.randint(1, 3))
    ]
    if rng.random() < 0.5:
        recommendations.append(
            conv.Recommendation("person", rng.choice(PEOPLE)[0], "Said to mention their name.")
        )
    values = {
        "held_on": held_on,
        "mode": rng.choice(["video", "video", "phone", "in_person", "email"]),
        "duration_minutes": rng.choice([15, 20, 20, 25, 30, 45]),
        "notes": rng.choice(NOTES),
        "takeaways": rng.choice(TAKEAWAYS),
        "still_interested": rng.choice(["yes", "yes", "maybe", "no"]),
        "alternative_role": rng.choice(ALTERNATIVE_ROLES),
    }
    conversation_id = conv.save_conversation(
        db, contact_id, values, answers, recommendations, today=today
    )
    stamp = f"{held_on.isoformat()}T17:00:00Z"
    for table, column in (("conversations", "id"), ("research_items", "conversation_id")):
        db.execute(
            f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE {column} = ?",
            [stamp, stamp, conversation_id],
        )
    return conversation_id


def _close_old_tasks(db, rng, conversation_id: int, today: date) -> None:
    """Most thank-yous went out on time, a few late; most due updates went out too."""
    for task in db.query(
        "SELECT id, kind, contact_id, due_on FROM followups WHERE conversation_id = ?",
        [conversation_id],
    ):
        due = date.fromisoformat(task["due_on"])
        # A recent task or two is still open, as in a real week; old ones were dealt with.
        if due >= today or ((today - due).days <= 10 and rng.random() < 0.6):
            continue
        done = min(due + timedelta(days=rng.choice([0, 0, 0, 1, 3])), today - timedelta(days=1))
        kind = "thank_you" if task["kind"] == "thank_you" else "update"
        interaction_id = _interaction(db, task["contact_id"], kind, done, "Sent.")
        db["followups"].update(
            task["id"],
            {
                "status": "done",
                # Sent at 6 pm local time that day, stored as the UTC instant.
                "done_at": clock.utc_stamp(datetime.combine(done, time(18, 0))),
                "done_interaction_id": interaction_id,
            },
        )


def _work_through_3b7(db, rng, today: date) -> None:
    """The researcher acted on most 3B7 prompts when they fell due; the last week's wait."""
    followups.sync_tasks(db, today)
    for task in list(
        db.query("SELECT id, due_on FROM followups WHERE status = 'open' ORDER BY id")
    ):
        due = date.fromisoformat(task["due_on"])
        if due >= today or ((today - due).days <= 10 and rng.random() < 0.7):
            continue
        if rng.random() < 0.85:
            done = min(due + timedelta(days=rng.choice([0, 0, 1, 2])), today - timedelta(days=1))
            followups.mark_done(db, task["id"], done)
        else:
            followups.skip(db, task["id"], "Not a good fit after all.")


def _finish_some_items(db, rng, today: date) -> None:
    items = list(db.query("SELECT id, created_at FROM research_items ORDER BY id"))
    for item in items:
        roll = rng.random()
        created = date.fromisoformat(item["created_at"][:10])
        if roll < 0.35:
            done_on = min(created + timedelta(days=rng.randint(2, 12)), today)
            db["research_items"].update(
                item["id"],
                {"status": "done", "done_on": done_on.isoformat(), "outcome": rng.choice(OUTCOMES)},
            )
        elif roll < 0.55:
            db["research_items"].update(item["id"], {"status": "doing"})
        elif roll < 0.6:
            db["research_items"].update(item["id"], {"status": "dropped"})


# Paths: one promising, one ruled out over time, one made from an alternative role. Each is
# linked to the conversations whose organization's industry (or alternative role) fits it.
SAMPLE_PATHS = {
    "Community energy program manager": {
        "description": "Running community solar and efficiency programmes for a utility, "
        "a co-op or the city.",
        "industries": ("Clean energy", "Government", "Energy software"),
        "interest": ["maybe", "maybe", "yes", "yes", "maybe", "yes", "no", "yes", "yes"],
        "appeals": [
            "Work that is visible in the neighbourhood.",
            "Teaching skills carry over: explaining programmes to residents.",
            "Small teams where one person shapes the whole programme.",
        ],
        "hard_parts": [
            "Grant reporting takes a day a week.",
            "Funding cycles make the pace slow.",
        ],
        "questions": [
            "Which certifications do hiring managers actually look for?",
            "How much of the job is grant writing?",
            "Do co-ops hire people without utility experience?",
        ],
        "items": (
            "Article: What program managers actually do (Stanford Social Innovation Review)",
            "Local chapter of the Project Management Institute",
            "Regional clean energy job fair",
            "Drawdown, edited by Paul Hawken",
        ),
    },
    "Clinical informatics": {
        "description": "Helping clinical staff get the most from health records systems.",
        "industries": ("Healthcare", "Health IT"),
        "interest": ["yes", "maybe", "maybe", "no"],
        "appeals": ["Training clinicians is teaching by another name."],
        "hard_parts": [
            "Most roles ask for clinical experience I do not have.",
            "Certification takes two years of part-time study.",
        ],
        "questions": [
            "Is there a way in without clinical experience?",
            "What does an EHR trainer earn in the first year?",
        ],
        "items": ("AMIA — American Medical Informatics Association", "Clinical educator"),
    },
    "Energy efficiency advisor": {
        "description": "Home and building energy audits, advice to owners and renters.",
        "role": "Energy efficiency advisor",
        "interest": ["maybe", "yes", "maybe"],
        "appeals": ["Practical, on-site work with people."],
        "hard_parts": ["Building science certification first."],
        "questions": ["How long does the BPI certification take?"],
        "items": ("Association of Energy Services Professionals", "The Grid by Gretchen Bakke"),
    },
}


def _insert_paths(db, today: date) -> None:
    """The three sample paths with their status history, dated relative to today."""
    from lib import paths  # noqa: PLC0415 (sample-only use; keeps the import graph light)

    start = today - timedelta(days=70)
    monday = today - timedelta(days=today.weekday())
    histories = {
        "Community energy program manager": [
            (start, "exploring"),
            (today - timedelta(days=35), "promising"),
        ],
        "Clinical informatics": [
            (start, "exploring"),
            (monday - timedelta(weeks=2), "on_hold"),
            (monday, "ruled_out"),
        ],
        "Energy efficiency advisor": [(start + timedelta(days=21), "exploring")],
    }
    for name, history in histories.items():
        path_id = paths.insert_path(
            db,
            {
                "name": name,
                "description": SAMPLE_PATHS[name]["description"],
                "status": history[0][1],
                "created_at": f"{history[0][0].isoformat()}T09:00:00Z",
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


def _link_paths(db, today: date) -> None:
    """Link the sample's conversations to its paths, with evidence and open questions."""
    from lib import paths

    held = list(
        db.query(
            """SELECT v.id, v.held_on, v.alternative_role, o.industry FROM conversations v
            JOIN contacts c ON c.id = v.contact_id
            LEFT JOIN organizations o ON o.id = c.organization_id
            ORDER BY v.held_on, v.id"""
        )
    )
    links: dict[int, list] = {}
    for name, spec in SAMPLE_PATHS.items():
        path_id = paths.path_named(db, name)
        if "role" in spec:
            chosen = [v for v in held if v["alternative_role"] == spec["role"]]
            chosen = [v for v in chosen if v["industry"] in ("Construction", "Nonprofit")]
        else:
            chosen = [v for v in held if v["industry"] in spec["industries"]]
        for index, conversation in enumerate(chosen):
            links.setdefault(conversation["id"], []).append(
                paths.PathLink(
                    path_id,
                    spec["interest"][index % len(spec["interest"])],
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
        paths.save_links(db, conversation_id, held_on, conversation_links, today)
    # One question was answered along the way.
    first = db.execute("SELECT id, raised_on FROM path_questions ORDER BY id LIMIT 1").fetchone()
    if first:
        answered_on = date.fromisoformat(first[1]) + timedelta(days=9)
        db["path_questions"].update(
            first[0],
            {
                "answered_on": min(answered_on, today).isoformat(),
                "answer": "PMP matters less than grant experience; a CAPM is a cheap start.",
            },
        )


def _schedule_conversations(db, today: date) -> None:
    """Second conversations with the two people met first (they offered to talk again): one
    tomorrow, one yesterday not captured yet."""
    from lib import schedule  # noqa: PLC0415 (sample-only use)

    waiting = [
        row[0]
        for row in db.execute(
            """SELECT c.id FROM contacts c JOIN conversations v ON v.contact_id = c.id
               WHERE c.status = 'active'
               GROUP BY c.id ORDER BY min(v.held_on), c.id LIMIT 2"""
        )
    ]
    bank = [q["id"] for q in active_questions(db)]
    live = [
        row[0] for row in db.execute("SELECT id FROM paths WHERE status != 'ruled_out' ORDER BY id")
    ]
    zone = schedule.local_time_zone()
    plans = [
        (1, time(14, 0), "video", "https://meet.example.org/fieldwork-sample", bank[:10], live),
        (-1, time(11, 0), "phone", "", bank[:4], live[:1]),
    ]
    stamp = f"{(today - timedelta(days=3)).isoformat()}T09:00:00Z"
    for contact_id, (days, at, mode, place, questions, informs) in zip(
        waiting, plans, strict=False
    ):
        starts = schedule.to_utc(today + timedelta(days=days), at, zone)
        scheduled_id = (
            db["scheduled_conversations"]
            .insert(
                {
                    "contact_id": contact_id,
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
            for position, qid in enumerate(questions, start=1)
        )
        db["scheduled_paths"].insert_all(
            {"scheduled_id": scheduled_id, "path_id": pid} for pid in informs
        )
