"""What each message is, judged per contact in date order over everything Fieldwork knows of
them (what was logged by hand, conversations held, and every message of the files, LinkedIn
and mail together), by PRODUCT.md's definitions:

- a message from the person to a contact not written to (or spoken with) before, or not in
  touch for longer than the method's window (OUTREACH_WINDOW_DAYS), is an outreach;
- a later one (another day) with no reply since the last outreach or follow-up is a follow-up;
- any message from the contact is a reply;
- a message to the contact on the day of a conversation or in the thank-you window after it is
  the thank-you (marking that open task done on the message's day), one in the one-month
  update's window is the update; the person can untick either, and it is then judged as above;
- any other message the person sends is a sent message (message_sent): a touch, not outreach.

Reads the database, writes nothing; pure on the rows it reads.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from lib.followup_rules import OUTREACH_WINDOW_DAYS, thank_you_window, update_window

SENT_KINDS = ("outreach", "follow_up", "message_sent", "thank_you", "update", "keep_in_touch")
ASK_KINDS = ("outreach", "follow_up")
# What a task closed by a message logs, as followups.DONE_INTERACTION says.
MARK_KINDS = {"thank_you": "thank_you", "one_month_update": "update"}


@dataclass(frozen=True, slots=True)
class Event:
    """One thing known of a contact: sent, received, or a conversation held."""

    day: date
    at: datetime | None
    what: str  # 'sent' | 'ask' (an outreach or follow-up) | 'received' | 'spoken'
    order: int = 0  # known before new: logged rows first on their day


@dataclass
class Task:
    """An open thank-you or one-month update a message may close."""

    id: int
    kind: str  # 'thank_you' | 'one_month_update'
    held_on: date

    def window(self) -> tuple[date, date]:
        return (
            thank_you_window(self.held_on)
            if self.kind == "thank_you"
            else update_window(self.held_on)
        )


@dataclass
class Known:
    """What Fieldwork already knows of some contacts."""

    events: dict[int, list[Event]]
    tasks: dict[int, list[Task]]


def known(db: sqlite_utils.Database, contact_ids: set[int]) -> Known:
    """Every logged interaction, conversation and open conversation task of these contacts."""
    ids = json.dumps(sorted(contact_ids))
    events: dict[int, list[Event]] = defaultdict(list)
    for contact_id, kind, occurred_on, sent_at in db.execute(
        """SELECT contact_id, kind, occurred_on, sent_at FROM interactions
        WHERE touch = 1 AND contact_id IN (SELECT value FROM json_each(?))""",
        [ids],
    ):
        what = (
            "ask"
            if kind in ASK_KINDS
            else "sent"
            if kind in SENT_KINDS
            else "received"
            if kind == "reply"
            else "spoken"
            if kind == "call"
            else None
        )
        if what:
            at = datetime.fromisoformat(sent_at.replace("Z", "+00:00")) if sent_at else None
            events[contact_id].append(Event(date.fromisoformat(occurred_on), at, what))
    for contact_id, held_on in db.execute(
        """SELECT contact_id, held_on FROM conversations
        WHERE contact_id IN (SELECT value FROM json_each(?))""",
        [ids],
    ):
        events[contact_id].append(Event(date.fromisoformat(held_on), None, "spoken"))
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task_id, contact_id, kind, held_on in db.execute(
        """SELECT f.id, f.contact_id, f.kind, v.held_on FROM followups f
        JOIN conversations v ON v.id = f.conversation_id
        WHERE f.status = 'open' AND f.kind IN ('thank_you', 'one_month_update')
          AND f.contact_id IN (SELECT value FROM json_each(?))
        ORDER BY v.held_on, f.id""",
        [ids],
    ):
        tasks[contact_id].append(Task(task_id, kind, date.fromisoformat(held_on)))
    return Known(dict(events), dict(tasks))


@dataclass(slots=True)
class Incoming:
    """A new message to judge, for one contact."""

    ref: int  # the caller's index for it
    contact_id: int
    day: date
    at: datetime
    sent: bool  # from the person (True) or from the contact


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str  # an interaction kind
    task_id: int | None = None  # the open task it marks done
    task_kind: str | None = None  # 'thank_you' | 'one_month_update'


# The verdicts that mark nothing, made once: a mailbox has tens of thousands of each.
_PLAIN = {kind: Verdict(kind) for kind in ("reply", "outreach", "follow_up", "message_sent")}


def _sort_key(event: Event) -> tuple:
    at = event.at.timestamp() if event.at else float("-inf")
    return (event.day, event.order, at)


def classify(
    known_rows: Known, incoming: list[Incoming], unmarked: set[int] | frozenset = frozenset()
) -> dict[int, Verdict]:
    """Each incoming message's verdict, by ref. unmarked: refs the person does not want to
    close a thank-you or one-month update (they are judged on the other rules)."""
    by_contact: dict[int, list[Incoming]] = defaultdict(list)
    for message in incoming:
        by_contact[message.contact_id].append(message)
    verdicts: dict[int, Verdict] = {}
    window = timedelta(days=OUTREACH_WINDOW_DAYS)
    for contact_id, messages in by_contact.items():
        messages.sort(key=lambda m: (m.day, m.at))
        history = sorted(known_rows.events.get(contact_id, []), key=_sort_key)
        tasks = list(known_rows.tasks.get(contact_id, []))
        # Replay the known history and the new messages together, in date order.
        merged: list[tuple[tuple, Event | Incoming]] = [(_sort_key(e), e) for e in history]
        merged += [((m.day, 1, m.at.timestamp()), m) for m in messages]
        merged.sort(key=lambda pair: pair[0])
        last_touch: date | None = None  # any contact, either way
        ever_written = False  # the person wrote to or spoke with them before
        last_ask: date | None = None  # the last outreach or follow-up
        replied_since_ask = False
        for _, item in merged:
            if isinstance(item, Event):
                what, day = item.what, item.day
            else:
                day = item.day
                if not item.sent:
                    verdicts[item.ref] = _PLAIN["reply"]
                    what = "received"
                else:
                    verdict = _mark(item, tasks, unmarked)
                    if verdict is None:
                        fresh = not ever_written or last_touch is None or day - last_touch > window
                        if fresh:
                            verdict = _PLAIN["outreach"]
                        elif last_ask is not None and not replied_since_ask and day > last_ask:
                            verdict = _PLAIN["follow_up"]
                        else:
                            verdict = _PLAIN["message_sent"]
                    verdicts[item.ref] = verdict
                    what = "ask" if verdict.kind in ASK_KINDS else "sent"
            if what == "ask":
                last_ask, replied_since_ask = day, False
            elif what in ("received", "spoken"):
                replied_since_ask = True
            if what != "received":
                ever_written = True
            last_touch = day if last_touch is None else max(last_touch, day)
    return verdicts


def _mark(message: Incoming, tasks: list[Task], unmarked) -> Verdict | None:
    """The open thank-you or update this sent message closes (the first it falls in)."""
    for task in tasks:
        start, end = task.window()
        if start <= message.day <= end:
            if message.ref in unmarked:
                return None
            tasks.remove(task)
            return Verdict(MARK_KINDS[task.kind], task.id, task.kind)
    return None
