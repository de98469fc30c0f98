from datetime import date

import pytest

from lib import contacts, conversations, questions
from lib.conversations import Answer, Recommendation
from tests.support.days import TODAY


@pytest.fixture
def ada(db):
    return contacts.save_contact(db, {"name": "Ada"})


def values(**overrides):
    return {
        "held_on": date(2026, 11, 20),
        "mode": "video",
        "duration_minutes": 25,
        "notes": "Grant reporting is most of the job.",
        "takeaways": "Learn grant writing.",
        "still_interested": "maybe",
        "alternative_role": "Grants manager",
        **overrides,
    }


def test_save_creates_answers_recommendations_and_follow_ups_together(db, ada):
    conversation_id = conversations.save_conversation(
        db,
        ada,
        values(),
        [Answer("How did you get in?", "Through volunteering", 1), Answer("Books?", "  ")],
        [Recommendation("book", "Drawdown"), Recommendation("person", "Bo Lin", "mention Ada")],
        today=TODAY,
    )
    saved = conversations.get_conversation(db, conversation_id)
    assert saved["alternative_role"] == "Grants manager"
    assert [a["answer"] for a in saved["answers"]] == ["Through volunteering"]
    assert [(r["kind"], r["title"], r["recommended_by_id"]) for r in saved["recommendations"]] == [
        ("book", "Drawdown", ada),
        ("person", "Bo Lin", ada),
    ]
    tasks = {r["kind"]: r["due_on"] for r in db["followups"].rows}
    assert tasks == {"thank_you": "2026-11-21", "one_month_update": "2026-12-20"}


@pytest.mark.parametrize(
    "override,field",
    [
        ({"held_on": None}, "held_on"),
        ({"held_on": date(2026, 12, 1)}, "held_on"),
        ({"mode": "carrier pigeon"}, "mode"),
        ({"duration_minutes": 9999}, "duration_minutes"),
        ({"still_interested": "perhaps"}, "still_interested"),
    ],
)
def test_invalid_conversations_say_what_to_fix_and_save_nothing(db, ada, override, field):
    with pytest.raises(conversations.ConversationError) as raised:
        conversations.save_conversation(db, ada, values(**override), today=TODAY)
    assert field in raised.value.errors
    assert db["conversations"].count == 0 and db["followups"].count == 0


def test_a_recommendation_without_a_kind_is_refused(db, ada):
    with pytest.raises(conversations.ConversationError) as raised:
        conversations.save_conversation(
            db, ada, values(), recommendations=[Recommendation("", "Some book")], today=TODAY
        )
    assert "recommendation_1" in raised.value.errors


def test_a_failure_midway_rolls_back_everything(db, ada, monkeypatch):
    def crash(*args):
        raise RuntimeError("disk full")

    # The follow-ups are written last: a crash there must undo the answers and items too.
    monkeypatch.setattr(conversations.followups, "schedule_for_conversation", crash)
    with pytest.raises(RuntimeError):
        conversations.save_conversation(
            db, ada, values(), [Answer("Q", "A")], [Recommendation("book", "B")], today=TODAY
        )
    assert db["conversations"].count == 0
    assert db["conversation_answers"].count == 0
    assert db["research_items"].count == 0


def test_editing_the_date_moves_open_tasks_but_not_done_ones(db, ada):
    conversation_id = conversations.save_conversation(db, ada, values(), today=TODAY)
    thank_you = db.execute("SELECT id FROM followups WHERE kind='thank_you'").fetchone()[0]
    with db.atomic():
        db["followups"].update(thank_you, {"status": "done", "done_at": "2026-11-21T10:00:00Z"})
    conversations.save_conversation(
        db, ada, values(held_on=date(2026, 11, 23)), today=TODAY, conversation_id=conversation_id
    )
    tasks = {r["kind"]: (r["due_on"], r["status"]) for r in db["followups"].rows}
    assert tasks["thank_you"] == ("2026-11-21", "done")
    assert tasks["one_month_update"] == ("2026-12-23", "open")
    assert db["conversations"].count == 1


def test_editing_replaces_answers(db, ada):
    conversation_id = conversations.save_conversation(
        db, ada, values(), [Answer("Q1", "first")], today=TODAY
    )
    conversations.save_conversation(
        db, ada, values(), [Answer("Q1", "second")], today=TODAY, conversation_id=conversation_id
    )
    assert [a["answer"] for a in db["conversation_answers"].rows] == ["second"]


def test_duration_note_compares_with_the_target():
    assert "Within" in conversations.duration_note(20)
    assert "little over" in conversations.duration_note(25)
    assert "25 minutes over" in conversations.duration_note(45)
    assert "Target" in conversations.duration_note(None)


def test_question_bank_add_reword_retire_restore_and_reorder(db):
    first, second = (q["id"] for q in questions.active_questions(db)[:2])
    questions.move_question(db, second, -1)
    assert [q["id"] for q in questions.active_questions(db)[:2]] == [second, first]
    new_id = questions.add_question(db, "  What would you read first? ", "resources")
    assert questions.active_questions(db)[-1]["text"] == "What would you read first?"
    questions.reword_question(db, new_id, "What should I read first?", "advice")
    questions.retire_question(db, new_id)
    assert new_id not in [q["id"] for q in questions.active_questions(db)]
    assert [q["text"] for q in questions.retired_questions(db)] == ["What should I read first?"]
    questions.restore_question(db, new_id)
    assert questions.active_questions(db)[-1]["id"] == new_id
    with pytest.raises(questions.QuestionError):
        questions.add_question(db, "  ", "advice")
    with pytest.raises(questions.QuestionError):
        questions.add_question(db, "Fine question", "gossip")


def test_starter_bank_covers_the_article_and_every_tiara_category(db):
    texts = " ".join(q["text"].lower() for q in questions.active_questions(db))
    for phrase in (
        "who else",
        "books",
        "professional organizations",
        "get into",
        "difficult",
        "related roles",
    ):
        assert phrase in texts
    assert {q["category"] for q in questions.active_questions(db)} == {
        "trends",
        "insights",
        "advice",
        "resources",
        "assignments",
    }


def test_editing_notes_keeps_a_snoozed_task_snoozed(db, ada):
    conversation_id = conversations.save_conversation(db, ada, values(), today=TODAY)
    with db.atomic():
        db.execute("UPDATE followups SET snoozed_until = '2026-11-28' WHERE kind = 'thank_you'")
    conversations.save_conversation(
        db, ada, values(notes="More notes"), today=TODAY, conversation_id=conversation_id
    )
    thank_you = next(r for r in db["followups"].rows if r["kind"] == "thank_you")
    assert thank_you["snoozed_until"] == "2026-11-28"


def test_restoring_an_archived_contact_brings_back_their_follow_ups(db, ada):
    from lib import followups

    conversations.save_conversation(db, ada, values(), today=TODAY)
    contacts.set_archived(db, ada, True)
    followups.sync_tasks(db, TODAY)
    assert {r["status"] for r in db["followups"].rows} == {"cancelled"}
    contacts.set_archived(db, ada, False)
    assert {r["status"] for r in db["followups"].rows} == {"open"}
