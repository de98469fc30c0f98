"""The hand-counted world (tests/support/hand_counted.py) with what a digest also reads,
counted by hand as of TODAY, Wednesday 2026-11-25, after the reminders are synced:

- Gus (met Thu 2026-08-20, untouched since: 97 days) is going cold; his keep-in-touch
  reminder, on the default rhythm (every 60 days, at the latest 90), was due Mon 10-19 and
  is overdue since the latest day passed (Wed 11-18).
- Overdue, oldest first: Gus's keep-in-touch (10-19), Fay's thank-you (11-13).
- Due today: the 3B prompt for Dee (outreach Fri 11-20, 3 business days: Wed 11-25).
  Her 7B follow-up is due Tue 12-01: later this week, not in the digest.
- Coming up: Ben, Fri 11-27 at 15:00 in America/New_York (20:00 UTC).
- Not captured: Cal, Fri 11-20 at 10:00 UTC, still scheduled. A cancelled one with Eve
  on 11-26 is in neither list.
- The week of Mon 11-23 so far: 1 outreach (Eve, 11-23), 1 conversation (Ana, 11-24),
  0 thank-yous, 1 board item done (11-24); goals from 11-23: 3, 2, 1, 2.
"""

from __future__ import annotations

from lib import followups
from tests.support import hand_counted
from tests.support.days import TODAY

MARKER = hand_counted.MARKER
EXPECTED = {
    "date": "2026-11-25",
    "overdue": [
        {"kind": "keep_in_touch", "contact": "Gus", "due_on": "2026-10-19"},
        {"kind": "thank_you", "contact": "Fay", "due_on": "2026-11-13"},
    ],
    "today": [{"kind": "next_contact", "contact": "Dee", "due_on": "2026-11-25"}],
    "coming_up": [{"contact": "Ben", "starts_at": "2026-11-27T20:00:00Z"}],
    "not_captured": [{"contact": "Cal", "starts_at": "2026-11-20T10:00:00Z"}],
    "going_cold": [{"contact": "Gus", "last_touch": "2026-08-20"}],
    "week": {
        "outreaches": 1,
        "conversations": 1,
        "thank_yous": 0,
        "board_items": 1,
        "goals": {"outreaches": 3, "conversations": 2, "thank_yous": 1, "board_items": 2},
    },
}


def build(db) -> dict[str, int]:
    """Insert the world and sync its reminders for TODAY; return contact ids by first name."""
    ids = hand_counted.build(db)
    ids["Gus"] = (
        db["contacts"]
        .insert(
            {"name": "Gus", "created_at": "2026-08-10T09:00:00Z", "private_notes": f"{MARKER} Gus"}
        )
        .last_pk
    )
    db["conversations"].insert_all(
        [
            {
                "contact_id": ids["Gus"],
                "held_on": "2026-08-20",
                "mode": "phone",
                "duration_minutes": 20,
                "notes": "Talked with Gus.",
                "private_notes": f"{MARKER} with Gus",
                "still_interested": "yes",
            },
            {
                "contact_id": ids["Ana"],
                "held_on": "2026-11-24",
                "mode": "video",
                "duration_minutes": 20,
                "notes": "A second talk with Ana.",
                "private_notes": f"{MARKER} second talk",
                "still_interested": "yes",
            },
        ]
    )
    db["interactions"].insert(
        {"contact_id": ids["Eve"], "kind": "outreach", "occurred_on": "2026-11-23", "summary": "s"}
    )
    item = db["research_items"].insert(
        {
            "kind": "event",
            "title": "Energy meetup",
            "status": "done",
            "done_on": "2026-11-24",
            "created_at": "2026-11-06T17:00:00Z",
        }
    )
    # Who recommended it is a board_recommendations row, as the board writes it (its trigger
    # keeps research_items.recommended_by_id equal to the first).
    db["board_recommendations"].insert(
        {"item_id": item.last_pk, "contact_id": ids["Ana"], "recommended_on": "2026-11-06"}
    )
    db["weekly_goals"].insert(
        {"starts_on": "2026-11-23", "outreaches": 3, "conversations": 2, "thank_yous": 1,
         "items_done": 2}
    )  # fmt: skip
    for name, starts_at, zone, status in (
        ("Ben", "2026-11-27T20:00:00Z", "America/New_York", "scheduled"),
        ("Cal", "2026-11-20T10:00:00Z", "UTC", "scheduled"),
        ("Eve", "2026-11-26T10:00:00Z", "UTC", "cancelled"),
    ):
        db["scheduled_conversations"].insert(
            {
                "contact_id": ids[name],
                "starts_at": starts_at,
                "time_zone": zone,
                "planned_minutes": 20,
                "mode": "video",
                "status": status,
            }
        )
    followups.sync_tasks(db, TODAY)
    return ids
