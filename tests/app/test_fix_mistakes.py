"""Every mistake can be fixed, through the pages: a timeline entry edited, deleted and put back;
a conversation deleted and put back; an empty capture refused; an edit keeping its answers."""

from datetime import date

from lib import conversations, followups, store
from lib.contacts import log_interaction, save_contact
from lib.conversations import Answer
from tests.support.apptest import by_label, markdown_text
from tests.support.days import TODAY

MON = date(2026, 11, 23)
TUE = date(2026, 11, 24)


def _person(db_path) -> int:
    database = store.open_database(db_path)
    try:
        person = save_contact(database, {"name": "Priya Raman", "organization": "Brightline"})
        log_interaction(database, person, "outreach", MON, "Asked for 20 minutes")
        log_interaction(database, person, "outreach", TUE, "Sent twice by mistake")
        followups.sync_tasks(database, TODAY)
        return person
    finally:
        database.close()


def _count(db_path, sql: str, params=()) -> int:
    database = store.connect(db_path)
    try:
        return database.execute(sql, list(params)).fetchone()[0]
    finally:
        database.close()


def _buttons(at, label: str):
    return [b for b in at.button if b.label == label]


def test_a_stray_outreach_is_deleted_with_its_3b_prompt_and_undo_puts_both_back(open_page, db_path):
    person = _person(db_path)
    at = open_page("pages/contacts.py", contact=person)
    picker = by_label(at.selectbox, "Change an entry")
    assert picker.value is None  # nothing is open until picked
    stray = "Tue 24 Nov · Outreach sent · Sent twice by mistake"
    assert stray in picker.options
    picker.select(stray).run()
    by_label(at.button, "Delete…").click().run()
    # Asked first: nothing deleted yet.
    assert "Delete the outreach of Tue 24 Nov?" in markdown_text(at)
    assert _count(db_path, "SELECT count(*) FROM interactions") == 2
    by_label(at.button, "Delete it").click().run()
    assert not at.exception
    assert "Deleted the outreach of Tue 24 Nov." in markdown_text(at)
    assert _count(db_path, "SELECT count(*) FROM interactions") == 1
    assert _count(db_path, "SELECT count(*) FROM followups WHERE kind = 'next_contact'") == 1
    assert stray not in by_label(at.selectbox, "Change an entry").options

    by_label(at.button, "Undo").click().run()
    assert not at.exception
    assert any("Put back the outreach of Tue 24 Nov." in s.value for s in at.success)
    assert _count(db_path, "SELECT count(*) FROM interactions") == 2
    assert _count(db_path, "SELECT count(*) FROM followups WHERE kind = 'next_contact'") == 2
    assert not _buttons(at, "Undo")


def test_keep_it_deletes_nothing(open_page, db_path):
    person = _person(db_path)
    at = open_page("pages/contacts.py", contact=person)
    by_label(at.selectbox, "Change an entry").select_index(0).run()
    by_label(at.button, "Delete…").click().run()
    by_label(at.button, "Keep it").click().run()
    assert not _buttons(at, "Delete it")
    assert _count(db_path, "SELECT count(*) FROM interactions") == 2


def test_an_entry_is_edited_and_a_future_day_refused_keeping_what_was_typed(open_page, db_path):
    person = _person(db_path)
    at = open_page("pages/contacts.py", contact=person)
    by_label(at.selectbox, "Change an entry").select_index(0).run()
    by_label(at.selectbox, "What happened").set_value("note")
    by_label(at.text_input, "Summary").input("Only a note after all")
    by_label(at.button, "Save changes").click().run()
    assert not at.exception
    database = store.connect(db_path)
    row = database.execute("SELECT kind, summary FROM interactions WHERE id = 2").fetchone()
    assert row == ("note", "Only a note after all")
    # Its 3B and 7B prompts went with the outreach it no longer is.
    assert (
        database.execute("SELECT count(*) FROM followups WHERE interaction_id = 2").fetchone()[0]
        == 0
    )
    database.close()


def _conversation(db_path, answers=()) -> tuple[int, int]:
    database = store.open_database(db_path)
    try:
        person = save_contact(database, {"name": "Priya Raman"})
        conversation = conversations.save_conversation(
            database,
            person,
            {"held_on": TUE, "mode": "video", "duration_minutes": 20, "takeaways": "Learn SQL"},
            answers=list(answers),
            today=TODAY,
        )
        return person, conversation
    finally:
        database.close()


def test_a_conversation_is_deleted_with_its_tasks_and_undo_reopens_it(open_page, db_path):
    person, conversation = _conversation(db_path, [Answer("How did you start?", "By accident")])
    at = open_page("pages/conversations.py", contact=person, conversation=conversation)
    by_label(at.button, "Delete…").click().run()
    assert "Delete the conversation with Priya Raman of Tue 24 Nov?" in markdown_text(at)
    assert _count(db_path, "SELECT count(*) FROM conversations") == 1
    by_label(at.button, "Delete it").click().run()
    assert not at.exception
    assert "Deleted the conversation of Tue 24 Nov with Priya Raman." in markdown_text(at)
    assert "conversation" not in at.query_params
    assert _count(db_path, "SELECT count(*) FROM conversations") == 0
    assert _count(db_path, "SELECT count(*) FROM followups") == 0
    assert _count(db_path, "SELECT count(*) FROM conversation_answers") == 0

    by_label(at.button, "Undo").click().run()
    assert not at.exception
    assert _count(db_path, "SELECT count(*) FROM conversations") == 1
    assert _count(db_path, "SELECT count(*) FROM followups") == 2
    assert _count(db_path, "SELECT count(*) FROM conversation_answers") == 1
    assert at.query_params["conversation"] == str(conversation)
    assert "By accident" in markdown_text(at)


def test_an_empty_conversation_is_refused_beside_save_keeping_what_was_typed(open_page, db_path):
    database = store.open_database(db_path)
    save_contact(database, {"name": "Priya Raman"})
    database.close()
    at = open_page("pages/conversations.py", contact=1)
    assert by_label(at.number_input, "Duration (minutes)").value is None
    by_label(at.text_input, "Alternative role that came up").input("Data steward")
    by_label(at.button, "Save conversation").click().run()
    assert any("Nothing is captured yet" in e.value for e in at.error), [e.value for e in at.error]
    assert by_label(at.text_input, "Alternative role that came up").value == "Data steward"
    assert _count(db_path, "SELECT count(*) FROM conversations") == 0
    assert _count(db_path, "SELECT count(*) FROM followups") == 0
    # A note is enough.
    by_label(at.text_area, "Notes").input("Short call, she will send names")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    assert _count(db_path, "SELECT count(*) FROM conversations") == 1


def test_editing_a_conversation_keeps_its_questions_and_answers(open_page, db_path):
    database = store.open_database(db_path)
    first, second = database.execute(
        "SELECT id, text FROM questions WHERE retired_at IS NULL ORDER BY position LIMIT 2"
    ).fetchall()
    database.close()
    person, conversation = _conversation(db_path, [Answer(first[1], "By accident", first[0])])
    at = open_page("pages/conversations.py", contact=person, conversation=conversation)
    by_label(at.button, "Edit this conversation").click().run()
    picker = by_label(at.multiselect, "Questions to ask")
    assert picker.value == [first[0]]
    assert by_label(at.text_area, first[1]).value == "By accident"
    # Another question is picked and answered; the first answer is changed.
    picker.select(next(o for o in picker.options if o.endswith(second[1]))).run()
    by_label(at.text_area, first[1]).input("By accident, then on purpose")
    by_label(at.text_area, second[1]).input("Fewer meetings")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    database = store.connect(db_path)
    saved = database.execute(
        "SELECT question_id, answer FROM conversation_answers ORDER BY position"
    ).fetchall()
    database.close()
    assert saved == [(first[0], "By accident, then on purpose"), (second[0], "Fewer meetings")]
