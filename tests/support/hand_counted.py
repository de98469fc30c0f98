"""A small world whose numbers were counted by hand; the metric tests assert on them.

Weeks (Mondays): 2026-11-02, 11-09, 11-16, 11-23. "Today" is Wednesday 2026-11-25.

- Ana (Acme, Program Manager): outreach Mon 11-02, reply Wed 11-04 (2 business days:
  booster), conversation Fri 11-06 (20 minutes: on the target, not over), thank-you sent
  Sat 11-07 at 11:30 pm local time (due 11-07: on time, in every time zone), update Tue 11-10.
  That update is the one-month update due Wed 11-11 from a first talk in October (before these
  weeks; only its task is in this world), sent Tue 11-10 at 10 pm local time: on time. Her
  one-month update for the 11-06 talk is due 12-06, still open: not judged yet.
- Ben (Beta, program manager, referred by Ana): outreach Fri 11-06, reply Mon 11-16
  (6 business days: obligate), conversation Wed 11-18 that ran 35 minutes (an overrun: 15 over
  the 20-minute target), thank-you 11-21 at 10 am (due 11-19: late).
- Cal (Acme): outreach Tue 11-03, follow-up 11-12, no reply (curmudgeon by 11-25).
- Dee (Beta): outreach Fri 11-20, no reply; 3 business days by 11-25 (waiting).
- Eve: identified only.
- Fay: met at an event on Thu 11-12 without logged outreach (no duration logged: never an
  overrun); recommended a person. Her thank-you (due 11-13) is still open: missed. Her
  keep-in-touch reminder was skipped: not judged.

Counted by hand, as of Wed 11-25 (ON_TIME: on time / due, where due counts those done and
those still open past their day):

| week of | thank-yous on time | one-month updates on time | overruns |
|---|---|---|---|
| 11-02 | 1 / 1 (Ana) | 0 / 0 | 0 |
| 11-09 | 0 / 1 (Fay missed) | 1 / 1 (Ana) | 0 |
| 11-16 | 0 / 1 (Ben late) | 0 / 0 | 1 (Ben, 35 min) |
| 11-23 | 0 / 0 | 0 / 0 | 0 |
| 11-02 to 11-29 | 1 / 3 (1 late, 1 missed) | 1 / 1 | 1 |
"""

from datetime import UTC, date, datetime, time

WEEKS = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
MARKER = "PRIVATE-MARKER-7f3a"
ON_TIME = {  # week -> (thank-yous on time, due), (one-month updates on time, due)
    WEEKS[0]: ((1, 1), (0, 0)),
    WEEKS[1]: ((0, 1), (1, 1)),
    WEEKS[2]: ((0, 1), (0, 0)),
    WEEKS[3]: ((0, 0), (0, 0)),
}
OVERRUNS = {WEEKS[2]: [("Ben", 35)]}  # week -> (contact, minutes)


def local_stamp(day: str, clock_time: str) -> str:
    """A local date and time of day as the UTC instant stored in done_at."""
    hours, minutes = (int(part) for part in clock_time.split(":"))
    moment = datetime.combine(date.fromisoformat(day), time(hours, minutes)).astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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

    def conversation(name, day, alternative=None, minutes=20):
        return (
            db["conversations"]
            .insert(
                {
                    "contact_id": ids[name],
                    "held_on": day,
                    "mode": "video",
                    "duration_minutes": minutes,
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
    task("Ana", "thank_you", "2026-11-07", "done", local_stamp("2026-11-07", "23:30"))
    task("Ana", "one_month_update", "2026-11-11", "done", local_stamp("2026-11-10", "22:00"))
    task("Ana", "one_month_update", "2026-12-06")

    interaction("Ben", "outreach", "2026-11-06")
    interaction("Ben", "reply", "2026-11-16")
    conversation("Ben", "2026-11-18", minutes=35)
    interaction("Ben", "thank_you", "2026-11-21")
    task("Ben", "thank_you", "2026-11-19", "done", local_stamp("2026-11-21", "10:00"))

    interaction("Cal", "outreach", "2026-11-03")
    interaction("Cal", "follow_up", "2026-11-12")
    interaction("Cal", "call", "2026-11-13")

    interaction("Dee", "outreach", "2026-11-20")

    fay_talk = conversation("Fay", "2026-11-12", minutes=None)
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
    # Who recommended each item lives in board_recommendations (m017): one row per item,
    # on the day of its conversation, as lib.recommendations.record writes them.
    db["board_recommendations"].insert_all(
        {
            "item_id": item["id"],
            "contact_id": item["recommended_by_id"],
            "conversation_id": item["conversation_id"],
            "recommended_on": db["conversations"].get(item["conversation_id"])["held_on"],
        }
        for item in db.query("SELECT * FROM research_items ORDER BY id")
    )
    return ids
