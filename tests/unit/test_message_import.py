"""Messages become the timeline (issue 18): matching, classification, preview, apply, undo,
re-import, and the private full text. Messages are built directly (the readers have their own
tests); the day is TODAY, Wednesday 25 November 2026."""

import dataclasses
import gc
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from lib import conversations, followups, search, store
from lib.contacts import log_interaction, save_contact
from lib.formats import csv_export, report
from lib.formats.messages import read_messages
from lib.formats.messages.applying import MessageChoices, MessageImportError, apply_messages
from lib.formats.messages.kept import SUMMARY_CHARS, Spool, summary_of
from lib.formats.messages.matching import (
    DUPLICATE_IN_FILE,
    DUPLICATE_STORED,
    GROUP_LIMIT,
    SKIP_GROUP,
    SKIP_TO_SELF,
)
from lib.formats.messages.model import SKIP_DRAFT, Message, Participant
from lib.formats.messages.preview import SKIP_FUTURE, plan, preview_messages
from lib.formats.messages.undo import (
    MessageUndoRefused,
    list_message_imports,
    undo_blockers,
    undo_message_import,
)
from lib.own_addresses import OwnAddresses, own_addresses, save_own_addresses
from tests.support import message_files as files
from tests.support.days import TODAY

ME = Participant("Robin Me", "me@mine.org", None)
ME_IN = Participant("Robin Me", None, "https://linkedin.com/in/robin-me")
OWN = OwnAddresses(("me@mine.org",), "https://linkedin.com/in/robin-me")


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


_serial = iter(range(1, 10_000))


def mail(sender, to, day, subject="Hello", text="A first line.\nA second.", **extra):
    n = next(_serial)
    recipients = tuple(to) if isinstance(to, list | tuple) else (to,)
    values = {
        "source": "mail",
        "source_key": f"<m{n}@test>",
        "sent_at": at(day),
        "sender": sender,
        "recipients": recipients,
        "subject": subject,
        "text": text,
        "thread": None,
        "skip_reason": None,
        "line": n,
    }
    values.update(extra)
    return Message(**values)


def linkedin(sender, to, day, text="Hi, could we talk?", **extra):
    n = next(_serial)
    extra.setdefault("source_key", f"linkedin:conv{n}:{at(day).isoformat()}:{sender.name}")
    return mail(sender, to, day, subject="", text=text, source="linkedin", **extra)


def person(name, email=None, url=None):
    return Participant(name, email, url)


@pytest.fixture
def ana(db):
    return save_contact(db, {"name": "Ana Lima", "email": "ana@x.org", "organization": "Sun Co"})


@pytest.fixture
def ben(db):
    return save_contact(
        db, {"name": "Ben Okafor", "linkedin_url": "https://www.linkedin.com/in/ben-okafor/"}
    )


ANA = person("Ana Lima", "ana@x.org")
BEN = person("Ben Okafor", url="https://linkedin.com/in/ben-okafor")


def rows(db, sql, params=()):
    return [tuple(r) for r in db.execute(sql, params).fetchall()]


def imported(db):
    return rows(
        db,
        "SELECT contact_id, kind, occurred_on, source FROM interactions "
        "WHERE source IS NOT NULL ORDER BY occurred_on, id",
    )


# ------------------------------------------------------------------ matching


def test_a_message_belongs_to_a_contact_by_email_any_case_or_by_linkedin_url(db, ana, ben):
    messages = [
        mail(ME, person("Ana", "ANA@X.ORG"), date(2026, 11, 2)),
        linkedin(
            ME_IN, person("Ben", url="https://www.linkedin.com/in/Ben-Okafor/"), date(2026, 11, 3)
        ),
    ]
    preview = preview_messages(db, messages, OWN)
    assert [(p.contact_id, p.matched_by, p.kind) for p in preview.planned] == [
        (ana, "email", "outreach"),
        (ben, "linkedin", "outreach"),
    ]
    assert preview.people == []


def test_a_name_alone_is_offered_with_a_warning_and_never_applied_unasked(db):
    chris = save_contact(db, {"name": "Chris Doe"})
    messages = [mail(ME, person("Chris Doe", "chris@elsewhere.org"), date(2026, 11, 10))]
    preview = preview_messages(db, messages, OWN)
    assert preview.planned == []
    [offer] = preview.people
    assert (offer.name, offer.messages, offer.same_name_as) == ("Chris Doe", 1, chris)
    apply_messages(db, preview)
    assert imported(db) == []
    preview = preview_messages(db, messages, OWN)
    apply_messages(db, preview, MessageChoices(accept_names={offer.key}))
    assert imported(db) == [(chris, "outreach", "2026-11-10", "mail")]


def test_people_not_in_fieldwork_are_listed_with_counts_and_can_be_added(db, ana):
    dana = person("Dana Ruiz", "dana@z.org")
    messages = [
        mail(ME, dana, date(2026, 11, 2)),
        mail(dana, ME, date(2026, 11, 3)),
        mail(ME, ANA, date(2026, 11, 4)),
    ]
    preview = preview_messages(db, messages, OWN)
    assert [(p.name, p.email, p.messages) for p in preview.people] == [
        ("Dana Ruiz", "dana@z.org", 2)
    ]
    assert preview.counts["unmatched_people"] == 1
    result = apply_messages(db, preview, MessageChoices(add_people={preview.people[0].key}))
    [added] = result.added_contacts
    assert rows(db, "SELECT name, email FROM contacts WHERE id = ?", [added]) == [
        ("Dana Ruiz", "dana@z.org")
    ]
    assert [r[:2] for r in imported(db)] == [
        (added, "outreach"),
        (added, "reply"),
        (ana, "outreach"),
    ]


def test_sent_and_received_come_from_the_own_addresses_and_a_guess_must_be_confirmed(db, ana):
    messages = [mail(ME, ANA, date(2026, 11, 2)), mail(ME, ANA, date(2026, 11, 12))]
    preview = preview_messages(db, messages)  # nothing saved: the most frequent sender
    assert preview.own_proposed and preview.own.emails == ("me@mine.org",)
    assert "guesses me@mine.org" in preview.warnings[0]
    with pytest.raises(MessageImportError, match="Confirm your own address"):
        apply_messages(db, preview)
    assert imported(db) == []
    apply_messages(db, preview, MessageChoices(confirm_own=True))
    assert own_addresses(db).emails == ("me@mine.org",)
    assert [r[1] for r in imported(db)] == ["outreach", "follow_up"]


def test_own_addresses_are_a_setting(db):
    saved = save_own_addresses(db, "Me@Mine.org; other@mine.org", "www.linkedin.com/in/robin-me")
    assert saved == OwnAddresses(
        ("me@mine.org", "other@mine.org"), "https://linkedin.com/in/robin-me"
    )
    assert own_addresses(db) == saved
    assert own_addresses(db).is_me(None, "http://uk.linkedin.com/in/Robin-Me/")
    save_own_addresses(db, [], None)
    assert not own_addresses(db)


# ------------------------------------------------------------------ classification


def test_a_mail_eight_days_after_an_unanswered_linkedin_note_is_the_7b_follow_up(db, ana):
    save_own_addresses(db, ["me@mine.org"], "https://linkedin.com/in/robin-me")
    note = linkedin(ME_IN, person("Ana Lima", "ana@x.org"), date(2026, 11, 2))  # Monday
    nudge = mail(ME, ANA, date(2026, 11, 10))  # eight days on, no reply
    preview = preview_messages(db, [nudge, note])
    assert [(p.day.isoformat(), p.kind) for p in preview.planned] == [
        ("2026-11-10", "follow_up"),
        ("2026-11-02", "outreach"),
    ]
    apply_messages(db, preview)
    tasks = dict(rows(db, "SELECT kind, status FROM followups WHERE contact_id = ?", [ana]))
    assert tasks == {"follow_up": "done", "next_contact": "cancelled"}


def test_a_later_message_after_a_reply_is_a_sent_message_and_a_long_silence_starts_afresh(db, ana):
    messages = [
        mail(ME, ANA, date(2026, 6, 1)),
        mail(ANA, ME, date(2026, 6, 2)),
        mail(ME, ANA, date(2026, 6, 3)),  # the exchange is under way
        mail(ME, ANA, date(2026, 11, 2)),  # five months later: an outreach again
    ]
    preview = preview_messages(db, messages, OWN)
    assert [p.kind for p in preview.planned] == ["outreach", "reply", "message_sent", "outreach"]


def test_what_was_logged_by_hand_counts_and_a_reply_retires_the_3b_prompt(db, ana):
    log_interaction(db, ana, "outreach", date(2026, 11, 20), "Asked for 20 minutes")
    followups.sync_tasks(db, TODAY)
    assert rows(db, "SELECT status FROM followups WHERE kind = 'next_contact'") == [("open",)]
    preview = preview_messages(
        db, [mail(ANA, ME, date(2026, 11, 23)), mail(ME, ANA, date(2026, 11, 24))], OWN
    )
    assert [p.kind for p in preview.planned] == ["reply", "message_sent"]
    apply_messages(db, preview)
    assert rows(db, "SELECT kind, status, skip_reason FROM followups ORDER BY kind") == [
        ("follow_up", "cancelled", followups.REPLIED_REASON),
        ("next_contact", "cancelled", followups.REPLIED_REASON),
    ]


def test_a_mail_after_a_conversation_marks_its_thank_you_done_on_the_day_it_was_sent(db, ana):
    conversations.save_conversation(db, ana, {"held_on": date(2026, 11, 16), "mode": "video"})
    message = mail(ME, ANA, date(2026, 11, 18), subject="Thank you!")
    preview = preview_messages(db, [message], OWN)
    [planned] = preview.planned
    assert (planned.kind, planned.task_kind) == ("thank_you", "thank_you")
    assert preview.marks() == [planned]
    apply_messages(db, preview)
    done = db.execute(
        "SELECT status, done_at, done_interaction_id FROM followups WHERE kind = 'thank_you'"
    ).fetchone()
    assert done[0] == "done" and done[1].startswith("2026-11-18")
    assert rows(
        db, "SELECT kind, occurred_on, source FROM interactions WHERE id = ?", [done[2]]
    ) == [("thank_you", "2026-11-18", "mail")]


def test_a_thank_you_can_be_unticked_and_the_task_stays_open(db, ana):
    conversations.save_conversation(db, ana, {"held_on": date(2026, 11, 16), "mode": "video"})
    preview = preview_messages(db, [mail(ME, ANA, date(2026, 11, 18))], OWN)
    apply_messages(db, preview, MessageChoices(unmark={preview.planned[0].source_key}))
    assert rows(db, "SELECT status FROM followups WHERE kind = 'thank_you'") == [("open",)]
    assert [r[1] for r in imported(db)] == ["message_sent"]


def test_a_mail_about_a_month_after_a_conversation_is_the_one_month_update(db, ana):
    conversations.save_conversation(db, ana, {"held_on": date(2026, 10, 20), "mode": "phone"})
    followups.mark_done(db, 1, TODAY, sent_on=date(2026, 10, 21))  # the thank-you, by hand
    preview = preview_messages(db, [mail(ME, ANA, date(2026, 11, 19), subject="What I did")], OWN)
    assert [(p.kind, p.task_kind) for p in preview.planned] == [("update", "one_month_update")]
    assert preview.counts["one_month_update"] == 1
    apply_messages(db, preview)
    status, done_at = db.execute(
        "SELECT status, done_at FROM followups WHERE kind = 'one_month_update'"
    ).fetchone()
    assert status == "done" and done_at.startswith("2026-11-19")


# ------------------------------------------------------------------ skips and duplicates


def test_skipped_messages_say_why(db, ana):
    crowd = tuple(person(f"P{i}", f"p{i}@crowd.org") for i in range(GROUP_LIMIT))
    twice = mail(ME, ANA, date(2026, 11, 2))
    messages = [
        twice,
        twice,
        mail(ME, ME, date(2026, 11, 3)),
        mail(ME, ANA, date(2026, 11, 4), skip_reason=SKIP_DRAFT),
        mail(ME, (ANA, *crowd), date(2026, 11, 5)),
        mail(ME, ANA, date(2026, 11, 30)),
    ]
    preview = preview_messages(db, messages, OWN)
    assert len(preview.planned) == 1
    assert {x.reason for x in preview.left} == {
        DUPLICATE_IN_FILE,
        SKIP_TO_SELF,
        SKIP_DRAFT,
        SKIP_GROUP,
        SKIP_FUTURE,
    }
    assert preview.counts["duplicate"] == 1 and preview.counts["skipped"] == 4
    assert sorted(s["reason"] for s in preview.skipped_by_reason()) == sorted(
        [SKIP_TO_SELF, SKIP_DRAFT, SKIP_GROUP, SKIP_FUTURE]
    )


def test_importing_the_same_messages_again_creates_nothing(db, ana, ben):
    messages = [
        mail(ME, (ANA, person("Ben", url="linkedin.com/in/ben-okafor")), date(2026, 11, 2)),
        mail(ANA, ME, date(2026, 11, 3)),
    ]
    apply_messages(db, preview_messages(db, messages, OWN))
    before = imported(db)
    assert len(before) == 3  # one message to two contacts is on both timelines
    again = preview_messages(db, messages, OWN)
    assert again.planned == [] and again.counts["duplicate"] == 2
    assert {x.reason for x in again.left} == {DUPLICATE_STORED}
    apply_messages(db, again)
    assert imported(db) == before


def test_source_keys_are_unique_in_the_store(db, ana):
    db.execute(
        "INSERT INTO interactions (contact_id, kind, occurred_on, source, source_key) "
        "VALUES (?, 'reply', '2026-11-02', 'mail', 'k1')",
        [ana],
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO interactions (contact_id, kind, occurred_on, source, source_key) "
            "VALUES (?, 'reply', '2026-11-03', 'mail', 'k1')",
            [ana],
        )
    log_interaction(db, ana, "note", date(2026, 11, 4))
    log_interaction(db, ana, "note", date(2026, 11, 5))  # NULL keys never clash


# ------------------------------------------------------------------ undo


def _everything(db):
    return {
        table: rows(db, f"SELECT * FROM {table} ORDER BY rowid")
        for table in ("contacts", "interactions", "followups", "settings")
    }


def test_undo_takes_back_exactly_what_the_import_did(db, ana):
    save_own_addresses(db, ["me@mine.org"], None)
    log_interaction(db, ana, "outreach", date(2026, 11, 20))
    conversations.save_conversation(
        db,
        save_contact(db, {"name": "Eve", "email": "eve@e.org"}),
        {"held_on": date(2026, 11, 16), "mode": "video"},
    )
    followups.sync_tasks(db, TODAY)
    before = _everything(db)
    dana = person("Dana Ruiz", "dana@z.org")
    preview = preview_messages(
        db,
        [
            mail(ANA, ME, date(2026, 11, 23)),
            mail(ME, person("Eve", "eve@e.org"), date(2026, 11, 17)),
            mail(ME, dana, date(2026, 11, 18)),
        ],
    )
    result = apply_messages(db, preview, MessageChoices(add_people={preview.people[0].key}))
    assert _everything(db) != before
    assert undo_blockers(db, result.import_id) == []
    assert undo_message_import(db, result.import_id) == {
        "interactions": 3,
        "contacts": 1,
        "tasks": 3,
    }
    assert _everything(db) == before
    [record] = list_message_imports(db)
    assert record["undone_at"] and record["interactions"] == 0
    assert "already undone" in undo_blockers(db, result.import_id)[0]


def test_undo_is_refused_once_something_was_attached_since(db, ana):
    dana = person("Dana Ruiz", "dana@z.org")
    preview = preview_messages(db, [mail(ME, dana, date(2026, 11, 18))], OWN)
    result = apply_messages(db, preview, MessageChoices(add_people={preview.people[0].key}))
    log_interaction(db, result.added_contacts[0], "call", date(2026, 11, 24), "Talked")
    with pytest.raises(MessageUndoRefused, match="Dana Ruiz, added by this import, now has"):
        undo_message_import(db, result.import_id)
    assert len(imported(db)) == 1


def test_undo_is_refused_once_a_task_it_made_was_done_by_hand(db, ana):
    preview = preview_messages(db, [mail(ME, ANA, date(2026, 11, 18))], OWN)
    result = apply_messages(db, preview)
    task = db.execute("SELECT id FROM followups WHERE kind = 'follow_up'").fetchone()[0]
    followups.mark_done(db, task, TODAY)
    assert "changed since" in " ".join(undo_blockers(db, result.import_id))
    with pytest.raises(MessageUndoRefused):
        undo_message_import(db, result.import_id)


# ------------------------------------------------------------------ privacy


SECRET = "Zanzibarquux"


def test_the_full_text_is_kept_only_when_asked_and_never_leaves(db, ana):
    text = f"Thanks for the chat.\n\n{'More words. ' * 40}\nMy {SECRET} plans."
    preview = preview_messages(db, [mail(ME, ANA, date(2026, 11, 20), text=text)], OWN)
    apply_messages(db, preview)
    assert rows(db, "SELECT full_text FROM interactions WHERE source = 'mail'") == [(None,)]
    again = [mail(ME, ANA, date(2026, 11, 23), text=text)]
    preview = preview_messages(db, again, OWN)
    apply_messages(db, preview, keep_full_text=True, texts=again)  # the files read again
    summaries = [r[0] for r in rows(db, "SELECT summary FROM interactions")]
    assert all(len(s) <= 300 and SECRET not in s for s in summaries)
    assert (
        SECRET in rows(db, "SELECT full_text FROM interactions WHERE full_text IS NOT NULL")[0][0]
    )
    assert search.search(db, SECRET).total == 1  # the person finds it
    assert search.search(db, SECRET, include_private=False).total == 0  # coach mode does not
    for export in csv_export.EXPORTS:
        assert SECRET not in csv_export.export_csv(db, export, include_private=True)
    built = report.build_report(db, date(2026, 11, 1), TODAY, TODAY)
    assert SECRET not in built.html and SECRET not in built.markdown


def reachable(root):
    """Every object root holds: the attributes (slots too) of Fieldwork's objects, the items
    of lists, tuples, sets and dicts."""
    seen, stack, found = set(), [root], []
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, type):
            continue
        seen.add(id(value))
        found.append(value)
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
        elif type(value).__module__.startswith("lib."):
            stack.extend(vars(value).values() if hasattr(value, "__dict__") else ())
            for cls in type(value).__mro__:
                for name in getattr(cls, "__slots__", ()):
                    if hasattr(value, name):
                        stack.append(getattr(value, name))
    return found


def test_what_the_preview_holds_in_memory_does_not_grow_with_its_messages(db, ana, ben):
    def held(count):
        days = [date(2026, 11, d) for d in (2, 9, 16)]
        messages = [
            mail(ME, ANA, days[n % 3], f"Note {n}") if n % 2 else mail(ANA, ME, days[n % 3])
            for n in range(count)
        ]
        messages += [linkedin(BEN, ME_IN, days[n % 3], f"Thanks {n}") for n in range(count)]
        preview = preview_messages(db, iter(messages), OWN)
        assert len(preview.matched) == 2 * count and len(preview.planned) == 2 * count
        return len(reachable(preview))

    # Each message is a row of the preview's temporary database: ten times the messages, the
    # same objects (the participants, the people, the plan's few numbers).
    assert held(300) == held(30)


def test_the_rows_of_a_plan_no_longer_used_are_deleted_by_the_next_plan(db, ana):
    messages = [mail(ME, ANA, date(2026, 11, d)) for d in (2, 3, 4)]
    preview = preview_messages(db, messages, OWN)
    spool = preview.matched.kept.spool

    def rows_kept():
        return spool.execute("SELECT count(*) FROM planned")[0][0]

    assert rows_kept() == 3
    shown = dataclasses.replace(preview)
    plan(db, shown, {}, set())
    assert rows_kept() == 6 and shown.planned == preview.planned
    del shown
    gc.collect()
    again = dataclasses.replace(preview)
    plan(db, again, {}, set())  # the rows of shown go now
    assert rows_kept() == 6 and len(again.planned) == len(preview.planned) == 3


def test_the_preview_holds_no_text_beyond_the_summary(db, ana, ben):
    text = "Thanks for the chat.\n" + "More words here. " * 40 + f"\nMy {SECRET} plans."
    messages = [
        mail(ME, ANA, date(2026, 11, 20), "Coffee?", text),
        mail(ANA, ME, date(2026, 11, 21), text=text),
        linkedin(BEN, ME_IN, date(2026, 11, 21), text=text),
        mail(person("Zed", "zed@y.org"), ME, date(2026, 11, 22), text=text),  # not a contact
        mail(ME, ANA, date(2026, 11, 23), text=text, skip_reason=SKIP_DRAFT),
    ]
    assert all(SECRET in m.text and len(m.text) > SUMMARY_CHARS for m in messages)
    preview = preview_messages(db, iter(messages), OWN)  # a stream, as read_messages gives
    assert len(preview.planned) == 3 and len(preview.people) == 1
    held = reachable(preview)
    assert not [value for value in held if isinstance(value, Message)]
    texts = [value for value in held if isinstance(value, str)]
    assert texts and max(len(value) for value in texts) <= SUMMARY_CHARS
    assert not [value for value in texts if SECRET in value]
    # The messages are rows of a temporary database, with the summaries the import will
    # write: nothing of the text beyond them is there either.
    [spool] = {id(v): v for v in held if isinstance(v, Spool)}.values()
    stored = " ".join(str(value) for row in spool.execute("SELECT * FROM kept") for value in row)
    assert SECRET not in stored and "More words here." in stored
    summaries = [m.message.summary for m in preview.matched]
    assert summaries[4] is None  # a draft is never imported: no summary is made
    assert all(0 < len(s) <= SUMMARY_CHARS for s in summaries[:4])
    assert summaries[0].startswith("Coffee? — Thanks for the chat. More words here.")
    apply_messages(db, preview)
    assert rows(db, "SELECT count(*) FROM interactions WHERE full_text IS NOT NULL") == [(0,)]
    summaries = [r[0] for r in rows(db, "SELECT summary FROM interactions")]
    assert len(summaries) == 3 and all(len(s) <= SUMMARY_CHARS for s in summaries)


def test_the_full_text_is_read_again_from_the_files_when_it_is_kept(db):
    grace = save_contact(db, {"name": "Grace Hopper", "email": "grace@example.org"})
    body = "Thanks, Grace.\n\n" + "More words. " * 40 + f"\nMy {SECRET} plans."
    mailbox = files.mbox_bytes(
        [
            files.mail("Grace Hopper <grace@example.org>", files.ME, files.at(9), "Hi", "Hi!", "a"),
            files.mail(files.ME, "grace@example.org", files.at(3), "Plans", body, "plans"),
        ]
    )
    own = OwnAddresses((files.ME,), None)

    def read(data=mailbox):
        return read_messages(data, "All mail.mbox")

    preview = preview_messages(db, read(), own)
    with pytest.raises(MessageImportError, match="read again"):
        apply_messages(db, preview, keep_full_text=True)  # the preview holds no text
    other = files.mbox_bytes([files.mail(files.ME, "grace@example.org", files.at(3), "Plans",
                                         body, "another")])  # fmt: skip
    with pytest.raises(MessageImportError, match="not the ones previewed"):
        apply_messages(db, preview, keep_full_text=True, texts=read(other))
    assert imported(db) == []  # refused as a whole: nothing written
    apply_messages(db, preview, keep_full_text=True, texts=read())
    kept = rows(db, "SELECT summary, full_text FROM interactions WHERE contact_id = ? "
                "ORDER BY occurred_on", [grace])  # fmt: skip
    assert [summary for summary, _ in kept] == ["Hi — Hi!", kept[1][0]]
    assert kept[0][1] == "Hi!"
    assert SECRET in kept[1][1] and kept[1][1].startswith("Thanks, Grace.")
    assert SECRET not in kept[1][0] and len(kept[1][0]) <= SUMMARY_CHARS


def test_the_summary_is_the_subject_and_the_first_lines(db, ana):
    text = "> quoted earlier mail\nFirst line here.\nSecond line."
    apply_messages(
        db, preview_messages(db, [mail(ME, ANA, date(2026, 11, 20), "Coffee?", text)], OWN)
    )
    assert rows(db, "SELECT summary, sent_at FROM interactions") == [
        ("Coffee? — First line here. Second line.", "2026-11-20T12:00:00Z")
    ]


def whole_summary(subject, text):
    """summary_of as defined: every line looked at, then cut (summary_of stops reading early)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    first = " ".join(line for line in lines if line and not line.startswith(">"))
    flat = f"{subject} — {first}" if subject and first else subject or first
    if len(flat) <= SUMMARY_CHARS:
        return flat
    return flat[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0].rstrip(",.;:—") + "…"


@pytest.mark.parametrize("subject_length", [0, 1, 150, 290, 296, 297, 298, 299, 300, 320])
@pytest.mark.parametrize("line_length", [1, 3, 7, 40, 299, 301])
def test_a_long_mail_is_summarised_from_its_first_lines_as_from_all(subject_length, line_length):
    subject = ("Subject " * 50)[:subject_length].strip()
    lines = [("word " * 80)[:line_length] + str(n) for n in range(60)]
    text = "\n".join(line if n % 5 else f"> {line}" for n, line in enumerate(lines))
    assert summary_of(subject, text) == whole_summary(subject, text)
    assert len(summary_of(subject, text)) <= SUMMARY_CHARS


def test_the_preview_json_has_the_shape_the_command_prints(db, ana):
    preview = preview_messages(
        db, [mail(ME, ANA, date(2026, 11, 2)), mail(ANA, ME, date(2026, 11, 3))], OWN
    )
    shape = preview.as_json()
    assert shape["counts"] == {
        "outreach": 1,
        "follow_up": 0,
        "reply": 1,
        "thank_you": 0,
        "one_month_update": 0,
        "duplicate": 0,
        "skipped": 0,
        "unmatched_people": 0,
    }
    assert shape["contacts"] == [{"name": "Ana Lima", "outreach": 1, "follow_up": 0, "reply": 1}]
    assert shape["skipped"] == []
    json.dumps(shape)


# ------------------------------------------------------------------ the command

ROOT = Path(__file__).resolve().parents[2]
LINKEDIN_CSV = ROOT / "tests" / "fixtures" / "messages" / "messages.csv"
needs_readers = pytest.mark.skipif(
    importlib.util.find_spec("lib.formats.messages.reading") is None,
    reason="the message readers (branch message-readers) are not merged yet",
)


def fieldwork(*args: str) -> subprocess.CompletedProcess:
    """`python -m lib.cli` from this checkout (the installed script may run another one)."""
    return subprocess.run(
        [sys.executable, "-m", "lib.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),  # FIELDWORK_TODAY from fixed_today
        timeout=120,
    )


@needs_readers
def test_read_messages_gives_what_the_import_expects(db):
    from lib.formats.messages.reading import read_messages

    ana = save_contact(db, {"name": "Ana Lima", "linkedin_url": "linkedin.com/in/ana-lima"})
    messages = list(read_messages(LINKEDIN_CSV, LINKEDIN_CSV.name))
    preview = preview_messages(db, messages, OwnAddresses((), "https://linkedin.com/in/robin-me"))
    assert [(p.contact_id, p.kind, p.day.isoformat()) for p in preview.planned] == [
        (ana, "outreach", "2026-11-02"),
        (ana, "reply", "2026-11-04"),
    ]
    assert [(p.name, p.messages) for p in preview.people] == [("Sam Park", 1)]


@needs_readers
def test_the_command_previews_imports_and_reimports_nothing(tmp_path):
    path = tmp_path / "fieldwork.db"
    db = store.open_database(path)
    save_contact(db, {"name": "Ana Lima", "linkedin_url": "https://linkedin.com/in/ana-lima"})
    db.close()
    csv_file = str(LINKEDIN_CSV)

    dry = fieldwork("import-messages", csv_file, "--dry-run", "--json", "--db", str(path))
    assert dry.returncode == 0, dry.stderr
    shape = json.loads(dry.stdout)
    assert shape["counts"] == {
        "outreach": 1,
        "follow_up": 0,
        "reply": 1,
        "thank_you": 0,
        "one_month_update": 0,
        "duplicate": 0,
        "skipped": 1,
        "unmatched_people": 1,
    }
    assert shape["contacts"] == [{"name": "Ana Lima", "outreach": 1, "follow_up": 0, "reply": 1}]
    assert shape["skipped"] == [{"reason": "Sponsored InMail", "count": 1}]
    assert "guesses https://linkedin.com/in/robin-me" in dry.stderr

    unconfirmed = fieldwork("import-messages", csv_file, "--db", str(path))
    assert unconfirmed.returncode == 1
    assert "--me https://linkedin.com/in/robin-me" in unconfirmed.stdout

    me = ("--me", "https://www.linkedin.com/in/robin-me")
    done = fieldwork("import-messages", csv_file, *me, "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "Imported 2 messages" in done.stdout
    again = fieldwork("import-messages", csv_file, "--json", "--db", str(path))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["counts"]["duplicate"] == 2
    db = store.open_database(path)
    assert db.execute("SELECT count(*) FROM interactions").fetchone()[0] == 2
    db.close()


@needs_readers
def test_the_command_says_in_one_line_why_a_file_cannot_be_read(tmp_path):
    bad = tmp_path / "mail.mbox"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    result = fieldwork("import-messages", str(bad), "--db", str(tmp_path / "f.db"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Cannot import mail.mbox:")


def test_the_migration_keeps_every_interaction_its_tasks_and_search(tmp_path):
    old = store.connect(tmp_path / "old.db")
    store.migrate(old, stop_before="m012_message_import")
    contact = save_contact(old, {"name": "Ana Lima"})
    outreach = log_interaction(old, contact, "outreach", date(2026, 11, 20), "About solar")
    followups.sync_tasks(old, TODAY)
    tasks = rows(old, "SELECT id, kind, interaction_id FROM followups ORDER BY id")
    store.migrate(old)
    assert rows(old, "SELECT id, kind, summary, source FROM interactions") == [
        (outreach, "outreach", "About solar", None)
    ]
    assert rows(old, "SELECT id, kind, interaction_id FROM followups ORDER BY id") == tasks
    assert search.search(old, "solar").total == 1
    log_interaction(old, contact, "message_sent", date(2026, 11, 24), "More solar")
    assert search.search(old, "solar").total == 2
    old.close()
