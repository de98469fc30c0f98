"""Input at the lib boundary (issue 7): what a form or an import passes in is cleaned or refused
with the module's own error, never stored to crash a page later.

Each test is one finding of the issue, against a real file (the `db` fixture).
"""

from datetime import date

import pytest

from lib import board, coach, contacts, conversations, followups, organizations, questions, reviews
from lib.formats import ics
from tests.support.days import TODAY

DIRTY = "A\x00d\x07a\x1b \ud800Love\udfff\x7flace\x85"  # NUL, controls, lone surrogates
CLEAN = "Ada Lovelace"


@pytest.fixture
def someone(db):
    return contacts.save_contact(db, {"name": "Someone"})


def a_task(db, contact_id) -> int:
    conversations.save_conversation(
        db, contact_id, {"held_on": TODAY, "mode": "video"}, today=TODAY
    )
    return db.execute("SELECT max(id) FROM followups").fetchone()[0]


# --- NUL bytes, control characters and lone surrogates are stripped everywhere --------------
def test_contact_fields_are_cleaned(db):
    contact_id = contacts.save_contact(
        db,
        {
            "name": DIRTY,
            "role": DIRTY,
            "organization": DIRTY,
            "location": DIRTY,
            "hook": f"line one\x00\r\nline two {DIRTY}",
            "private_notes": DIRTY,
            "tags": f"{DIRTY}, climate\x00, \ud800",
        },
    )
    saved = contacts.get_contact(db, contact_id)
    assert saved["name"] == saved["role"] == saved["location"] == CLEAN
    assert saved["organization"] == CLEAN
    assert saved["hook"] == f"line one\nline two {CLEAN}"
    assert saved["tags"] == [CLEAN, "climate"]
    assert contacts.all_tags(db) == [CLEAN, "climate"]


def test_interaction_summary_is_cleaned(db, someone):
    contacts.log_interaction(db, someone, "note", TODAY, DIRTY)
    assert contacts.timeline(db, someone)[0]["detail"] == CLEAN


def test_conversation_text_answers_and_recommendations_are_cleaned(db, someone):
    conversation_id = conversations.save_conversation(
        db,
        someone,
        {
            "held_on": TODAY,
            "mode": "video",
            "notes": DIRTY,
            "takeaways": DIRTY,
            "private_notes": DIRTY,
            "alternative_role": DIRTY,
        },
        answers=[conversations.Answer(f"Why?{DIRTY[:2]}", DIRTY)],
        recommendations=[conversations.Recommendation("book", DIRTY, DIRTY)],
        today=TODAY,
    )
    saved = conversations.get_conversation(db, conversation_id)
    for key in ("notes", "takeaways", "private_notes", "alternative_role"):
        assert saved[key] == CLEAN
    assert saved["answers"][0]["question_text"] == "Why?A"
    assert saved["answers"][0]["answer"] == CLEAN
    assert saved["recommendations"][0]["title"] == CLEAN
    assert saved["recommendations"][0]["detail"] == CLEAN


def test_board_items_and_outcomes_are_cleaned(db):
    item_id = board.add_item(db, {"kind": "book", "title": DIRTY, "detail": DIRTY})
    board.set_status(db, item_id, "done", TODAY, done_on=TODAY, outcome=DIRTY)
    item = board.get_item(db, item_id)
    assert (item["title"], item["detail"], item["outcome"]) == (CLEAN, CLEAN, CLEAN)


def test_questions_organizations_reviews_comments_and_skips_are_cleaned(db, someone):
    question_id = questions.add_question(db, DIRTY, "insights")
    assert db["questions"].get(question_id)["text"] == CLEAN
    questions.reword_question(db, question_id, f"{DIRTY}?", "advice")
    assert db["questions"].get(question_id)["text"] == f"{CLEAN}?"
    organization_id = organizations.add_organization(db, {"name": DIRTY, "industry": DIRTY})
    assert db["organizations"].get(organization_id)["name"] == CLEAN
    reviews.save_reflections(db, TODAY, DIRTY, DIRTY)
    coach.save_coach_comment(db, TODAY, DIRTY)
    review = reviews.get_review(db, TODAY)
    assert review["learned"] == review["next_week"] == review["coach_comment"] == CLEAN
    task_id = a_task(db, someone)
    followups.skip(db, task_id, DIRTY)
    assert followups.get_task(db, task_id)["skip_reason"] == CLEAN


def test_nothing_but_control_characters_is_empty(db):
    with pytest.raises(contacts.ContactError, match="Name is required"):
        contacts.save_contact(db, {"name": "\x00\x07\ud800"})
    with pytest.raises(questions.QuestionError):
        questions.add_question(db, "\x00 \x1b", "insights")
    with pytest.raises(board.BoardError):
        board.add_item(db, {"kind": "book", "title": "\x00"})


# --- values only code could pass before, and an import will -----------------------------------
@pytest.mark.parametrize(
    "occurred_on", ["", "soon", "2026-13-01", "9999-12-31", "1850-01-01", None]
)
def test_log_interaction_refuses_dates_that_are_not_events(db, someone, occurred_on):
    with pytest.raises(contacts.ContactError) as refused:
        contacts.log_interaction(db, someone, "outreach", occurred_on)
    assert "occurred_on" in refused.value.errors
    assert db["interactions"].count == 0
    followups.sync_tasks(db, TODAY)  # an empty date stored here used to crash every page


def test_log_interaction_stores_the_date_as_a_day(db, someone):
    contacts.log_interaction(db, someone, "outreach", "2026-11-20T09:30:00Z")
    assert db.execute("SELECT occurred_on FROM interactions").fetchone()[0] == "2026-11-20"


def test_log_interaction_refuses_unknown_kinds_and_contacts_with_its_own_error(db, someone):
    with pytest.raises(contacts.ContactError):
        contacts.log_interaction(db, someone, "telepathy", TODAY)
    with pytest.raises(contacts.ContactError):
        contacts.log_interaction(db, 999, "note", TODAY)


@pytest.mark.parametrize(
    "minutes", [float("inf"), float("-inf"), float("nan"), "inf", "1e400", 2.5]
)
def test_durations_that_are_not_whole_minutes_are_a_validation_error(db, someone, minutes):
    with pytest.raises(conversations.ConversationError) as refused:
        conversations.save_conversation(
            db,
            someone,
            {"held_on": TODAY, "mode": "video", "duration_minutes": minutes},
            today=TODAY,
        )
    assert "duration_minutes" in refused.value.errors
    assert db["conversations"].count == 0


@pytest.mark.parametrize("score", [float("inf"), float("nan"), "-inf", 10**30, True])
def test_lamp_scores_that_are_not_small_whole_numbers_are_a_validation_error(db, score):
    with pytest.raises(organizations.OrganizationError):
        organizations.add_organization(db, {"name": "Org", "motivation": score})
    organization_id = organizations.add_organization(db, {"name": "Org"})
    with pytest.raises(organizations.OrganizationError):
        organizations.update_organization(db, organization_id, {"posting": score})


@pytest.mark.parametrize("goal", [float("inf"), float("nan"), "1e400"])
def test_goals_that_overflow_are_a_validation_error(db, goal):
    with pytest.raises(reviews.ReviewError):
        reviews.save_goals(db, TODAY, {"outreaches": goal})


def test_a_snooze_years_ahead_is_refused_and_the_calendar_still_exports(db, someone):
    task_id = a_task(db, someone)
    for far in (date(9999, 12, 31), date(2029, 1, 1)):
        with pytest.raises(followups.FollowupError, match="two years"):
            followups.snooze(db, task_id, far, TODAY)
    followups.snooze(db, task_id, date(2027, 6, 1), TODAY)
    assert b"20270601" in ics.followups_calendar(db, TODAY)


@pytest.mark.parametrize("held_on", ["1899-12-31", date(1066, 10, 14), ""])
def test_conversations_before_1900_are_refused(db, someone, held_on):
    with pytest.raises(conversations.ConversationError) as refused:
        conversations.save_conversation(
            db, someone, {"held_on": held_on, "mode": "video"}, today=TODAY
        )
    assert "held_on" in refused.value.errors


def test_a_done_date_before_1900_is_refused(db):
    item_id = board.add_item(db, {"kind": "book", "title": "Old book"})
    with pytest.raises(board.BoardError) as refused:
        board.set_status(db, item_id, "done", TODAY, done_on="1800-01-01", outcome="Read")
    assert "done_on" in refused.value.errors


# --- links --------------------------------------------------------------------------------------
def test_a_board_link_that_breaks_out_into_an_image_is_refused(db):
    with pytest.raises(board.BoardError) as refused:
        board.add_item(
            db,
            {
                "kind": "book",
                "title": "A book",
                "url": "https://example.org)![u](http://127.0.0.1/x.png)",
            },
        )
    assert "brackets" in refused.value.errors["url"]
    assert db["research_items"].count == 0


def test_a_linkedin_url_with_markdown_after_it_is_refused(db):
    with pytest.raises(contacts.ContactError) as refused:
        contacts.save_contact(
            db,
            {"name": "Ada", "linkedin_url": "https://linkedin.com/in/ada)![u](http://127.0.0.1/x)"},
        )
    assert "linkedin_url" in refused.value.errors


def test_an_organization_website_is_checked_like_every_link(db):
    with pytest.raises(organizations.OrganizationError) as refused:
        organizations.add_organization(db, {"name": "Org", "website": "javascript:alert(1)"})
    assert "website" in refused.value.errors
    organization_id = organizations.add_organization(
        db, {"name": "Org", "website": "https://org.example/"}
    )
    assert db["organizations"].get(organization_id)["website"] == "https://org.example/"


def test_an_email_with_markup_is_refused(db):
    with pytest.raises(contacts.ContactError) as refused:
        contacts.save_contact(db, {"name": "Ada", "email": "ada@example.org<img src=x>"})
    assert "email" in refused.value.errors


# --- charts ------------------------------------------------------------------------------------
HOSTILE_HTML = "<a href='http://127.0.0.1/'>x</a> <img src=x> <b>R&D</b>"


def _trace_strings(fig):
    for trace in fig.to_dict()["data"]:
        for key, value in trace.items():
            if key in ("hovertemplate", "texttemplate"):
                continue  # the app's own template
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                for part in item if isinstance(item, list | tuple) else [item]:
                    if isinstance(part, str):
                        yield part


def test_chart_labels_show_user_text_as_text(db, someone):
    from lib import charts, metrics

    first = contacts.save_contact(
        db, {"name": HOSTILE_HTML, "organization": HOSTILE_HTML, "industry": HOSTILE_HTML}
    )
    contacts.save_contact(db, {"name": f"{HOSTILE_HTML} 2", "referred_by_id": first})
    conversations.save_conversation(
        db,
        first,
        {"held_on": TODAY, "mode": "video", "alternative_role": HOSTILE_HTML},
        today=TODAY,
    )
    start = date(2026, 1, 1)
    figures = [
        charts.roles_chart(metrics.roles_explored(db, start, TODAY)),
        charts.industries_chart(metrics.industries_explored(db, start, TODAY)),
        charts.referral_network_chart(*metrics.referral_network(db, TODAY)),
    ]
    shown = [text for fig in figures for text in _trace_strings(fig)]
    assert any("&lt;a href" in text for text in shown)  # the names are there, escaped
    assert not [text for text in shown if "<a " in text or "<img" in text or "<b>" in text]
