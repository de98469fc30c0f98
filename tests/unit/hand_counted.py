"""A small world whose numbers were counted by hand; the metric tests assert on them.

Weeks (Mondays): 2026-11-02, 11-09, 11-16, 11-23. "Today" is Wednesday 2026-11-25.

- Ana (Acme, Program Manager): outreach Mon 11-02, reply Wed 11-04 (2 business days:
  booster), conversation Fri 11-06, thank-you Sat 11-07 (due 11-07: on time), update 11-10.
- Ben (Beta, program manager, referred by Ana): outreach Fri 11-06, reply Mon 11-16
  (6 business days: obligate), conversation 11-18, thank-you 11-21 (due 11-19: late).
- Cal (Acme): outreach Tue 11-03, follow-up 11-12, no reply (curmudgeon by 11-25).
- Dee (Beta): outreach Fri 11-20, no reply; 3 business days by 11-25 (waiting).
- Eve: identified only.
- Fay: met at an event on 11-12 without logged outreach; recommended a person.
"""

from datetime import date

TODAY = date(2026, 11, 25)
WEEKS = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
MARKER = "PRIVATE-MARKER-7f3a"


def build(db) -> dict[str, int]:
    """Insert the world; return contact ids by first name."""
    acme = db["organizations"].insert({"name": "Acme", "industry": "Energy"}).last_pk
    beta = db["organizations"].insert({"name": "Beta", "industry": "Health"}).last_pk
    ids: dict[str, int] = {}

    def contact(name, created, org=None, role=None, referred_by=None):
        ids[name] = (
            db["contacts"]
            .insert(
                {
                    "name": name,
                    "organization_id": org,
                    "role": role,
                    "referred_by_id": ids.get(referred_by),
                    "created_at": f"{created}T09:00:00Z",
                    "private_notes": f"{MARKER} about {name}",
                }
            )
            .last_pk
        )

    def interaction(name, kind, day):
        return (
            db["interactions"]
            .insert({"contact_id": ids[name], "kind": kind, "occurred_on": day, "summary": "s"})
            .last_pk
        )

    def conversation(name, day, alternative=None):
        return (
            db["conversations"]
            .insert(
                {
                    "contact_id": ids[name],
                    "held_on": day,
                    "mode": "video",
                    "duration_minutes": 20,
                    "notes": f"Talked with {name}.",
                    "private_notes": f"{MARKER} in conversation with {name}",
                    "takeaways": f"Takeaway from {name}",
                    "still_interested": "yes",
                    "alternative_role": alternative,
                }
            )
            .last_pk
        )

    def task(name, kind, due, status="open", done_at=None):
        db["followups"].insert(
            {
                "kind": kind,
                "contact_id": ids[name],
                "due_on": due,
                "status": status,
                "done_at": done_at,
            }
        )

    contact("Ana", "2026-11-02", acme, "Program Manager")
    contact("Ben", "2026-11-06", beta, "program manager", referred_by="Ana")
    contact("Cal", "2026-11-03", acme)
    contact("Dee", "2026-11-20", beta)
    contact("Eve", "2026-11-10")
    contact("Fay", "2026-11-10")

    interaction("Ana", "outreach", "2026-11-02")
    interaction("Ana", "reply", "2026-11-04")
    ana_talk = conversation("Ana", "2026-11-06", alternative="Grants manager")
    interaction("Ana", "thank_you", "2026-11-07")
    interaction("Ana", "update", "2026-11-10")
    interaction("Ana", "note", "2026-11-10")
    task("Ana", "thank_you", "2026-11-07", "done", "2026-11-07T23:30:00Z")
    task("Ana", "one_month_update", "2026-12-06")

    interaction("Ben", "outreach", "2026-11-06")
    interaction("Ben", "reply", "2026-11-16")
    conversation("Ben", "2026-11-18")
    interaction("Ben", "thank_you", "2026-11-21")
    task("Ben", "thank_you", "2026-11-19", "done", "2026-11-21T10:00:00Z")

    interaction("Cal", "outreach", "2026-11-03")
    interaction("Cal", "follow_up", "2026-11-12")
    interaction("Cal", "call", "2026-11-13")

    interaction("Dee", "outreach", "2026-11-20")

    fay_talk = conversation("Fay", "2026-11-12")
    task("Fay", "thank_you", "2026-11-13")
    task("Fay", "keep_in_touch", "2026-11-13", "skipped")

    db["research_items"].insert_all(
        [
            {
                "kind": "role",
                "title": "Grants Manager",
                "recommended_by_id": ids["Ana"],
                "conversation_id": ana_talk,
                "status": "todo",
                "done_on": None,
                "outcome": None,
                "created_at": "2026-11-06T17:00:00Z",
            },
            {
                "kind": "book",
                "title": "The Grid",
                "recommended_by_id": ids["Ana"],
                "conversation_id": ana_talk,
                "status": "done",
                "done_on": "2026-11-10",
                "outcome": "Read it.",
                "created_at": "2026-11-06T17:00:00Z",
            },
            {
                "kind": "person",
                "title": "Gil from the co-op",
                "recommended_by_id": ids["Fay"],
                "conversation_id": fay_talk,
                "status": "done",
                "done_on": "2026-11-20",
                "outcome": None,
                "created_at": "2026-11-12T17:00:00Z",
            },
        ]
    )
    return ids
