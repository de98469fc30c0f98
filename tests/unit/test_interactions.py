"""Every mistake can be fixed: a timeline entry edited or deleted, a conversation deleted, and
Undo putting back exactly what went, ids and all; what is derived (3B/7B prompts, tasks,
segments) follows."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from lib import conversations, followups, interactions, metrics, schedule
from lib.contacts import log_interaction, save_contact
from lib.conversations import Answer, Recommendation
from tests.support.days import TODAY

MON = date(2026, 11, 23)
TUE = date(2026, 11, 24)

# Every table a delete may touch, dumped whole: "exactly" means these are equal.
TABLES = (
    "interactions",
    "followups",
    "conversations",
    "conversation_answers",
    "conversation_paths",
    "path_questions",
    "research_items",
    "scheduled_conversations",
)


def dump(db) -> dict[str, list[tuple]]:
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES
    }


def open_prompts(db, contact_id: int) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT kind FROM followups WHERE contact_id = ? AND status = 'open' "
            "AND kind IN ('next_contact', 'follow_up') ORDER BY kind",
            [contact_id],
        )
    ]


@pytest.fixture
def person(db) -> int:
    return save_contact(db, {"name": "Priya Raman", "organization": "Brightline"})


def test_deleting_a_stray_outreach_retires_its_3b_prompt_and_undo_brings_both_back(db, person):
    log_interaction(db, person, "outreach", MON, "Asked for 20 minutes")
    stray = log_interaction(db, person, "outreach", TUE, "Sent twice by mistake")
    followups.sync_tasks(db, TODAY)
    assert open_prompts(db, person) == ["follow_up", "follow_up", "next_contact", "next_contact"]
    before = dump(db)

    undo = interactions.delete_interaction(db, stray)
    followups.sync_tasks(db, TODAY)  # the app syncs on every run: nothing comes back

    assert undo.what == "the outreach of Tue 24 Nov"
    assert open_prompts(db, person) == ["follow_up", "next_contact"]
    assert (
        db.execute("SELECT count(*) FROM followups WHERE interaction_id = ?", [stray]).fetchone()[0]
        == 0
    )
    assert interactions.get_interaction(db, stray) is None

    interactions.restore(db, interactions.Undo.from_json(undo.as_json()))
    followups.sync_tasks(db, TODAY)
    assert dump(db) == before


def test_deleting_a_reply_reopens_the_prompts_it_closed_and_moves_the_segment(db, person):
    outreach = log_interaction(db, person, "outreach", MON)
    followups.sync_tasks(db, TODAY)
    reply = log_interaction(db, person, "reply", TUE, "Happy to talk")
    followups.sync_tasks(db, TODAY)
    assert open_prompts(db, person) == []
    replied = metrics.contact_segments(db, TODAY)[person]
    before = dump(db)

    undo = interactions.delete_interaction(db, reply)
    followups.sync_tasks(db, TODAY)
    assert open_prompts(db, person) == ["follow_up", "next_contact"]
    assert metrics.contact_segments(db, TODAY)[person] != replied
    assert (
        db.execute(
            "SELECT count(*) FROM followups WHERE interaction_id = ? AND status = 'open'",
            [outreach],
        ).fetchone()[0]
        == 2
    )

    interactions.restore(db, undo)
    assert dump(db) == before


def test_deleting_a_thank_you_marked_done_reopens_the_task(db, person):
    conversation = conversations.save_conversation(
        db, person, {"held_on": TUE, "mode": "video", "notes": "Good talk"}, today=TODAY
    )
    task = db.execute(
        "SELECT id FROM followups WHERE conversation_id = ? AND kind = 'thank_you'",
        [conversation],
    ).fetchone()[0]
    sent = followups.mark_done(db, task, TODAY, "Thank you!", sent_on=TODAY)
    before = dump(db)

    undo = interactions.delete_interaction(db, sent)
    assert followups.get_task(db, task)["status"] == "open"
    assert followups.get_task(db, task)["done_interaction_id"] is None

    interactions.restore(db, undo)
    assert dump(db) == before


def test_editing_an_outreach_moves_its_prompts_and_a_note_has_none(db, person):
    outreach = log_interaction(db, person, "outreach", MON)
    followups.sync_tasks(db, TODAY)
    due_before = dict(
        db.execute("SELECT kind, due_on FROM followups WHERE interaction_id = ?", [outreach])
    )
    before = dump(db)

    undo = interactions.edit_interaction(
        db, outreach, {"kind": "outreach", "occurred_on": TUE, "summary": "  Moved  "}
    )
    row = interactions.get_interaction(db, outreach)
    assert (row["occurred_on"], row["summary"]) == (TUE.isoformat(), "Moved")
    due_after = dict(
        db.execute("SELECT kind, due_on FROM followups WHERE interaction_id = ?", [outreach])
    )
    assert all(due_after[kind] > due_before[kind] for kind in due_before)
    interactions.restore(db, undo)
    assert dump(db) == before

    undo = interactions.edit_interaction(db, outreach, {"kind": "note", "occurred_on": MON})
    followups.sync_tasks(db, TODAY)
    assert open_prompts(db, person) == []
    interactions.restore(db, undo)
    followups.sync_tasks(db, TODAY)
    assert dump(db) == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "wave", "occurred_on": MON}, "kind"),
        ({"kind": "note", "occurred_on": None}, "occurred_on"),
        ({"kind": "note", "occurred_on": TODAY + timedelta(days=1)}, "occurred_on"),
    ],
)
def test_an_edit_is_checked_and_changes_nothing_when_refused(db, person, values, field):
    note = log_interaction(db, person, "note", MON, "Met at the fair")
    before = dump(db)
    with pytest.raises(interactions.InteractionError) as refused:
        interactions.edit_interaction(db, note, values)
    assert field in refused.value.errors
    assert dump(db) == before


def test_a_deleted_entry_cannot_be_deleted_or_edited_again(db, person):
    note = log_interaction(db, person, "note", MON)
    interactions.delete_interaction(db, note)
    with pytest.raises(interactions.InteractionError):
        interactions.delete_interaction(db, note)
    with pytest.raises(interactions.InteractionError):
        interactions.edit_interaction(db, note, {"kind": "note", "occurred_on": MON})


def test_undo_is_refused_when_something_new_took_the_place(db, person):
    note = log_interaction(db, person, "note", MON)
    undo = interactions.delete_interaction(db, note)
    taken = log_interaction(db, person, "note", TUE, "A new note")
    assert taken == note  # SQLite reuses the highest id
    with pytest.raises(interactions.UndoError):
        interactions.restore(db, undo)
    assert interactions.get_interaction(db, taken)["summary"] == "A new note"


def _full_conversation(db, person) -> tuple[int, int]:
    outreach = log_interaction(db, person, "outreach", MON - timedelta(days=7))
    followups.sync_tasks(db, TODAY)
    scheduled = schedule.schedule(
        db,
        person,
        {"day": TUE, "time": time(10, 0), "mode": "video", "planned_minutes": 20},
        now=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )
    conversation = conversations.save_conversation(
        db,
        person,
        {"held_on": TUE, "mode": "video", "duration_minutes": 25, "takeaways": "Learn SQL"},
        answers=[Answer("How did you start?", "By accident", None)],
        recommendations=[
            Recommendation("book", "The Power Broker"),
            Recommendation("organization", "Solar Guild"),
        ],
        today=TODAY,
        scheduled_id=scheduled,
    )
    followups.sync_tasks(db, TODAY)
    return outreach, conversation


def test_deleting_a_conversation_takes_what_it_made_and_undo_restores_it(db, person):
    outreach, conversation = _full_conversation(db, person)
    # One board item was worked on: it stays, unlinked.
    worked, untouched = [
        row[0]
        for row in db.execute(
            "SELECT id FROM research_items WHERE conversation_id = ? ORDER BY id", [conversation]
        )
    ]
    db.execute("UPDATE research_items SET status = 'doing' WHERE id = ?", [worked])
    thank_you = db.execute(
        "SELECT id FROM followups WHERE conversation_id = ? AND kind = 'thank_you'",
        [conversation],
    ).fetchone()[0]
    sent = followups.mark_done(db, thank_you, TODAY, "Thank you!", sent_on=TODAY)
    assert open_prompts(db, person) == []  # the conversation was their response
    segment_before = metrics.contact_segments(db, TODAY)
    before = dump(db)

    undo = conversations.delete_conversation(db, conversation)
    followups.sync_tasks(db, TODAY)

    assert conversations.get_conversation(db, conversation) is None
    assert undo.count("conversation_answers") == 1
    assert undo.count("followups") == 2  # the thank-you (done) and the one-month update
    assert [r["id"] for r in undo.deleted["research_items"]] == [untouched]
    remaining = db.execute("SELECT id, conversation_id FROM research_items").fetchall()
    assert remaining == [(worked, None)]
    # The thank-you email was sent: it stays on the timeline, no longer tied to it.
    assert interactions.get_interaction(db, sent)["conversation_id"] is None
    assert db.execute("SELECT status, conversation_id FROM scheduled_conversations").fetchone() == (
        "scheduled",
        None,
    )
    # Without the conversation the call it was captured from is scheduled again, and a
    # scheduled call answers the outreach as a reply does: no 3B7 prompts come back.
    assert open_prompts(db, person) == []
    assert (
        db.execute("SELECT count(*) FROM followups WHERE conversation_id IS NOT NULL").fetchone()[0]
        == 0
    )

    interactions.restore(db, interactions.Undo.from_json(undo.as_json()))
    followups.sync_tasks(db, TODAY)
    assert dump(db) == before
    assert metrics.contact_segments(db, TODAY) == segment_before
    assert outreach


def test_deleting_a_missing_conversation_is_refused(db):
    with pytest.raises(conversations.ConversationError):
        conversations.delete_conversation(db, 999)


# ---------------------------------------------------------------- an empty conversation


def test_an_empty_conversation_is_refused_and_makes_no_tasks(db, person):
    empty = {"held_on": TUE, "mode": "video", "duration_minutes": None, "notes": "  "}
    with pytest.raises(conversations.ConversationError) as refused:
        conversations.save_conversation(
            db, person, empty, answers=[Answer("Q?", " ", 1)], today=TODAY, refuse_empty=True
        )
    assert refused.value.errors["captured"] == conversations.NOTHING_CAPTURED
    assert db.execute("SELECT count(*) FROM conversations").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM followups").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("values", "answers", "expected"),
    [
        ({}, [], False),
        ({"duration_minutes": 0}, [], False),
        ({"duration_minutes": 20}, [], True),
        ({"notes": "Talked about grants"}, [], True),
        ({"takeaways": "Learn SQL"}, [], True),
        ({}, [Answer("How did you start?", "By accident")], True),
        ({"private_notes": "only private"}, [], False),
    ],
)
def test_captured_means_an_answer_notes_a_takeaway_or_a_duration(values, answers, expected):
    assert conversations.captured(values, answers) is expected
    errors = conversations.validate({"held_on": TUE, "mode": "video", **values}, [], TODAY, answers)
    assert ("captured" in errors) is not expected
