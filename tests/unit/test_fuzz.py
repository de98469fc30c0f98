"""Fuzzing lib's entry points with Hypothesis: whatever a form or an import passes in, the only
exception out is the module's own validation error, nothing is stored half-way, and what is
stored is clean (no NUL, control character or lone surrogate) and readable afterwards by the
follow-up sync, the tag list, search and the calendar export.

Examples per test come from the "fuzz" settings profile: derandomized, so CI is reproducible.
FIELDWORK_FUZZ_EXAMPLES raises (or lowers) the count for a longer local run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import (
    board,
    coach,
    contacts,
    conversations,
    followups,
    organizations,
    questions,
    reviews,
    search,
    store,
)
from lib.formats import ics
from lib.text import is_printable, url_problem
from tests.support.days import TODAY

# Entry points that write get EXAMPLES each; the pure checks (links, tags), cheaper, get more.
EXAMPLES = int(os.environ.get("FIELDWORK_FUZZ_EXAMPLES", "600"))
PURE_EXAMPLES = EXAMPLES * 3
settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings(settings.get_profile("fuzz"))
FUZZ_PURE = settings(FUZZ, max_examples=PURE_EXAMPLES)
TABLES = (
    "contacts",
    "organizations",
    "interactions",
    "conversations",
    "conversation_answers",
    "research_items",
    "followups",
    "questions",
    "weekly_reviews",
    "weekly_goals",
)

# --- strategies -----------------------------------------------------------------------------
NASTY = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\r\n", "\r", "\u2028"]
MARKUP = ["![p](http://127.0.0.1/x.png)", "<img src=x onerror=alert(1)>", ":material/home:"]
characters = st.characters(blacklist_categories=())  # surrogates and controls included
texts = st.one_of(
    st.text(characters | st.sampled_from([c for c in NASTY if len(c) == 1]), max_size=40),
    st.sampled_from(NASTY + MARKUP + ["", " ", "a" * 300]),
)
anything = st.one_of(
    texts,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.lists(texts, max_size=3),
)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),  # nan, inf, -inf, huge
    st.decimals(allow_nan=True),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "3", "3.0", " 2 ", "2.5", "", "0x10"]),
    st.none(),
    st.booleans(),
    texts,
)
days = st.one_of(
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        ["", "9999-12-31", "1899-12-31", "1900-01-01", "2026-02-30", "2026-11-24T23:59:59Z"]
    ),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 1, 1)),
    st.none(),
    st.integers(),
    texts,
)
ids = st.one_of(st.integers(min_value=-2, max_value=6), st.sampled_from([2**63, 2**70]), anything)
urls = st.one_of(
    st.sampled_from(
        [
            "https://example.org",
            "https://example.org)![u](http://127.0.0.1/x.png)",
            "javascript:alert(1)",
            "https://exa mple.org",
            "linkedin.com/in/someone",
            "https://linkedin.com/in/x)![u](http://127.0.0.1/x.png)",
            "https://[::1]/",
            "https://example.org:99999/",
        ]
    ),
    st.builds(lambda path: "https://example.org/" + path, texts),
    texts,
)


# --- helpers --------------------------------------------------------------------------------
def memory_database() -> sqlite_utils.Database:
    """A fresh, migrated in-memory database with the app's pragmas, and one contact."""
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    db.execute("PRAGMA foreign_keys = ON")
    store.migrate(db)
    contacts.save_contact(db, {"name": "Someone"})
    return db


COUNTS = "SELECT " + ", ".join(f"(SELECT count(*) FROM {table})" for table in TABLES)


def row_counts(db: sqlite_utils.Database) -> tuple[int, ...]:
    return db.execute(COUNTS).fetchone()


def attempt(db: sqlite_utils.Database, error: type[Exception], call):
    """Run call(); only `error` may come out, and then nothing may have been stored."""
    before = row_counts(db)
    revision = store.data_revision(db)
    try:
        return call()
    except error as refused:
        assert str(refused), "a validation error says what to fix"
        assert row_counts(db) == before
        assert store.data_revision(db) == revision
        return None


def assert_stored_text_is_clean(db: sqlite_utils.Database, table: str) -> None:
    """Every text value in table is free of what lib.text.clean removes."""
    for row in db[table].rows:
        for column, value in row.items():
            if isinstance(value, str):
                assert is_printable(value), (table, column, value)
                assert value == value.strip() or column == "tags", (table, column, value)


def a_conversation(db: sqlite_utils.Database) -> int:
    """A saved conversation, so its thank-you task exists."""
    return conversations.save_conversation(db, 1, {"held_on": TODAY, "mode": "video"}, today=TODAY)


# --- contacts -------------------------------------------------------------------------------
contact_values = st.fixed_dictionaries(
    {},
    optional={
        "name": texts,
        "role": texts,
        "organization": texts,
        "industry": texts,
        "email": st.one_of(texts, st.just("a@b.org"), st.just("a@b.org<x>")),
        "phone": st.one_of(texts, st.just("+1 555 010 0199")),
        "linkedin_url": urls,
        "location": texts,
        "how_found": st.one_of(st.sampled_from(["referral", "cold", "nope"]), anything),
        "referred_by_id": ids,
        "hook": texts,
        "tags": st.one_of(texts, st.lists(texts, max_size=4), anything),
        "private_notes": texts,
    },
)


def test_save_contact_adds_cleanly_or_says_what_to_fix():
    db = memory_database()

    @FUZZ
    @given(values=contact_values, contact_id=st.one_of(st.none(), ids))
    def check(values, contact_id):
        attempt(db, contacts.ContactError, lambda: contacts.save_contact(db, values, contact_id))

    check()
    assert_stored_text_is_clean(db, "contacts")
    assert_stored_text_is_clean(db, "organizations")
    for tag in contacts.all_tags(db):  # a lone surrogate in a tag broke this list
        assert tag and is_printable(tag) and "," not in tag
    contacts.list_contacts(db, limit=1000)


def test_log_interaction_stores_a_real_date_or_says_what_to_fix():
    db = memory_database()

    @FUZZ
    @given(
        contact_id=st.one_of(st.just(1), ids),
        kind=st.one_of(st.sampled_from(["outreach", "reply", "note", "follow_up"]), anything),
        occurred_on=days,
        summary=texts,
        conversation_id=st.one_of(st.none(), ids),
    )
    def check(contact_id, kind, occurred_on, summary, conversation_id):
        attempt(
            db,
            contacts.ContactError,
            lambda: contacts.log_interaction(
                db, contact_id, kind, occurred_on, summary, conversation_id
            ),
        )

    check()
    assert_stored_text_is_clean(db, "interactions")
    for (stored,) in db.execute("SELECT occurred_on FROM interactions"):
        assert "1900-01-01" <= stored <= "2100-12-31" and len(stored) == 10
    followups.sync_tasks(db, TODAY)  # an empty or malformed date used to crash it
    contacts.timeline(db, 1)


# --- conversations --------------------------------------------------------------------------
answers = st.lists(
    st.builds(
        conversations.Answer,
        question_text=texts,
        answer=texts,
        question_id=st.one_of(st.none(), st.integers(-1, 20)),
    ),
    max_size=3,
)
recommendations = st.lists(
    st.builds(
        conversations.Recommendation,
        kind=st.one_of(st.sampled_from(["book", "person", "event", "bogus"]), anything),
        title=texts,
        detail=texts,
    ),
    max_size=3,
)
conversation_values = st.fixed_dictionaries(
    {"held_on": days, "mode": st.one_of(st.sampled_from(["video", "phone"]), anything)},
    optional={
        "duration_minutes": numbers,
        "notes": texts,
        "private_notes": texts,
        "takeaways": texts,
        "still_interested": st.one_of(st.sampled_from(["yes", "maybe", ""]), anything),
        "alternative_role": texts,
    },
)


def test_save_conversation_is_all_or_nothing():
    db = memory_database()

    @FUZZ
    @given(
        contact_id=st.one_of(st.just(1), ids),
        values=conversation_values,
        answers=answers,
        recommendations=recommendations,
        conversation_id=st.one_of(st.none(), st.none(), ids),
    )
    def check(contact_id, values, answers, recommendations, conversation_id):
        attempt(
            db,
            conversations.ConversationError,
            lambda: conversations.save_conversation(
                db,
                contact_id,
                values,
                answers,
                recommendations,
                today=TODAY,
                conversation_id=conversation_id,
            ),
        )

    check()
    for table in ("conversations", "conversation_answers", "research_items"):
        assert_stored_text_is_clean(db, table)
    for (minutes,) in db.execute("SELECT duration_minutes FROM conversations"):
        assert minutes is None or 0 <= minutes <= conversations.MAX_MINUTES
    followups.sync_tasks(db, TODAY)


# --- board ----------------------------------------------------------------------------------
item_values = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(["book", "person", "event", "role"]), anything),
        "title": texts,
        "detail": texts,
        "url": urls,
    },
)


def test_board_add_item_checks_titles_and_links():
    db = memory_database()

    @FUZZ
    @given(values=item_values)
    def check(values):
        item_id = attempt(db, board.BoardError, lambda: board.add_item(db, values))
        if item_id is not None:
            assert url_problem(db["research_items"].get(item_id)["url"] or "") is None

    check()
    assert_stored_text_is_clean(db, "research_items")


def test_board_status_changes_check_dates_and_outcomes():
    db = memory_database()
    board.add_item(db, {"kind": "book", "title": "A book"})
    board.add_item(db, {"kind": "person", "title": "A person"})

    @FUZZ
    @given(
        item_id=st.one_of(st.sampled_from([1, 2]), ids),
        status=st.one_of(st.sampled_from(["done", "doing", "todo", "dropped"]), anything),
        done_on=days,
        outcome=st.one_of(texts, anything),
    )
    def check(item_id, status, done_on, outcome):
        attempt(
            db,
            board.BoardError,
            lambda: board.set_status(db, item_id, status, TODAY, done_on=done_on, outcome=outcome),
        )

    check()
    assert_stored_text_is_clean(db, "research_items")
    for (done_on,) in db.execute("SELECT done_on FROM research_items WHERE done_on IS NOT NULL"):
        assert "1900-01-01" <= done_on <= TODAY.isoformat()


def test_board_make_contact_from_a_person_item():
    db = memory_database()

    @FUZZ
    @given(title=texts, values=contact_values)
    def check(title, values):
        item = attempt(
            db, board.BoardError, lambda: board.add_item(db, {"kind": "person", "title": title})
        )
        if item is not None:
            attempt(db, board.BoardError, lambda: board.make_contact(db, item, values, TODAY))

    check()
    assert_stored_text_is_clean(db, "contacts")


# --- organizations --------------------------------------------------------------------------
organization_values = st.fixed_dictionaries(
    {},
    optional={
        "name": texts,
        "industry": texts,
        "motivation": numbers,
        "posting": numbers,
        "status": st.one_of(st.sampled_from(["active", "on_hold", "bogus"]), anything),
        "website": urls,
    },
)


def test_organizations_add_and_update_check_lamp_scores():
    db = memory_database()

    @FUZZ
    @given(values=organization_values, update=st.booleans(), organization_id=ids)
    def check(values, update, organization_id):
        if update:
            attempt(
                db,
                organizations.OrganizationError,
                lambda: organizations.update_organization(db, organization_id, values),
            )
        else:
            attempt(
                db,
                organizations.OrganizationError,
                lambda: organizations.add_organization(db, values),
            )

    check()
    assert_stored_text_is_clean(db, "organizations")
    for row in organizations.lamp_list(db):
        assert row["motivation"] in (None, 0, 1, 2, 3) and row["posting"] in (None, 1, 2, 3)
        assert url_problem(db["organizations"].get(row["id"])["website"] or "") is None


# --- questions ------------------------------------------------------------------------------
def test_questions_add_and_reword():
    db = memory_database()

    @FUZZ
    @given(
        text=st.one_of(texts, anything),
        category=st.one_of(st.sampled_from(["trends", "advice", "bogus"]), anything),
        question_id=st.one_of(st.none(), ids),
    )
    def check(text, category, question_id):
        if question_id is None:
            attempt(db, questions.QuestionError, lambda: questions.add_question(db, text, category))
        else:
            attempt(
                db,
                questions.QuestionError,
                lambda: questions.reword_question(db, question_id, text, category),
            )

    check()
    assert_stored_text_is_clean(db, "questions")


# --- follow-ups -----------------------------------------------------------------------------
def test_snooze_and_skip_keep_the_calendar_export_working():
    db = memory_database()
    for _ in range(3):
        a_conversation(db)
    tasks = [row["id"] for row in db["followups"].rows]

    @FUZZ
    @given(
        task_id=st.one_of(st.sampled_from(tasks), ids),
        until=days,
        reason=st.one_of(texts, anything),
        skip=st.booleans(),
    )
    def check(task_id, until, reason, skip):
        if skip:
            attempt(db, followups.FollowupError, lambda: followups.skip(db, task_id, reason))
        else:
            attempt(
                db, followups.FollowupError, lambda: followups.snooze(db, task_id, until, TODAY)
            )

    check()
    assert_stored_text_is_clean(db, "followups")
    ics.followups_calendar(db, TODAY)  # a 9999-12-31 snooze used to break it
    followups.due_followups(db, TODAY)


# --- reviews and the coach ------------------------------------------------------------------
def test_goals_reflections_and_coach_comments():
    db = memory_database()
    goal_values = st.dictionaries(
        st.sampled_from(list(reviews.GOAL_FIELDS) + ["other"]), numbers, max_size=4
    )

    @FUZZ
    @given(
        week=days,
        goals=goal_values,
        learned=st.one_of(texts, anything),
        next_week=texts,
        comment=st.one_of(texts, anything),
        which=st.sampled_from(["goals", "reflections", "comment"]),
    )
    def check(week, goals, learned, next_week, comment, which):
        if which == "goals":
            attempt(db, reviews.ReviewError, lambda: reviews.save_goals(db, week, goals))
        elif which == "reflections":
            attempt(
                db,
                reviews.ReviewError,
                lambda: reviews.save_reflections(db, week, learned, next_week),
            )
        else:
            attempt(db, coach.CommentError, lambda: coach.save_coach_comment(db, week, comment))

    check()
    assert_stored_text_is_clean(db, "weekly_reviews")
    for row in db["weekly_goals"].rows:
        assert all(0 <= row[key] <= reviews.MAX_GOAL for key in reviews.GOAL_FIELDS)


# --- scheduling ---------------------------------------------------------------------------
def test_schedule_checks_days_lengths_and_modes():
    from datetime import UTC, datetime, time

    from lib import schedule

    db = memory_database()
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    plan_values = st.fixed_dictionaries(
        {
            "day": days,
            "time": st.one_of(st.times(), st.just(time(10, 0)), anything),
            "mode": st.one_of(st.sampled_from(["video", "phone"]), anything),
        },
        optional={
            "planned_minutes": numbers,
            "time_zone": st.one_of(st.sampled_from(["UTC", "Europe/Paris", "Mars/Base"]), texts),
            "place_or_link": texts,
        },
    )

    @FUZZ
    @given(values=plan_values, contact_id=st.one_of(st.just(1), ids))
    def check(values, contact_id):
        attempt(
            db,
            schedule.ScheduleError,
            lambda: schedule.schedule(db, contact_id, values, now=now),
        )

    check()
    assert_stored_text_is_clean(db, "scheduled_conversations")
    schedule.coming_up(db, TODAY)


# --- search, links and tags -----------------------------------------------------------------
def test_search_never_fails_on_what_a_person_types():
    db = memory_database()
    contacts.save_contact(db, {"name": "Ada Lovelace", "hook": "wrote the first program"})

    @FUZZ
    @given(query=st.one_of(texts, st.sampled_from(['"', "*", "AND", "NEAR(", "a:b", "-x", "^"])))
    def check(query):
        results = search.search(db, query)
        assert results.total >= 0

    check()
    assert search.search(db, "lovelace").total == 1


@FUZZ_PURE
@given(url=st.one_of(urls, anything))
def test_url_problem_answers_for_anything(url):
    problem = url_problem(url if isinstance(url, str) else str(url))
    if problem is None and url:
        assert str(url).lower().startswith(("http://", "https://"))
        assert not any(ch in str(url) for ch in " <>()[]\"'\\")


@FUZZ_PURE
@given(tags=st.one_of(texts, st.lists(texts, max_size=5), anything))
def test_parse_tags_returns_clean_distinct_tags(tags):
    parsed = contacts.parse_tags(tags)
    assert all(tag and is_printable(tag) and "," not in tag for tag in parsed)
    assert len({tag.lower() for tag in parsed}) == len(parsed)
    json.dumps(parsed)


def test_the_fuzz_runs_at_least_ten_thousand_examples():
    tests = [
        value
        for name, value in globals().items()
        if name.startswith("test_") and name != "test_the_fuzz_runs_at_least_ten_thousand_examples"
    ]
    pure = [test for test in tests if hasattr(test, "hypothesis")]
    if EXAMPLES < 600:
        pytest.skip("FIELDWORK_FUZZ_EXAMPLES lowered for a quick run")
    assert (len(tests) - len(pure)) * EXAMPLES + len(pure) * PURE_EXAMPLES >= 10_000
