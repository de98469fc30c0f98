"""The sample reads like a real person's ten weeks: it ends today, its answers answer their
questions, its outcomes fit what each item is, and its figures are the hand-counted ones."""

from datetime import date, timedelta

import pytest

from lib import followups, metrics, reviews, schedule, store
from lib import sample_story as story
from lib.sample import Calendar, load_sample
from tests.support import sample_counts
from tests.support.days import TODAY


def snapshot(database):
    return {
        table: list(database.query(f"SELECT * FROM {table} ORDER BY 1"))
        for table in ("contacts", "conversations", "interactions", "research_items", "followups")
    }


def test_sample_is_deterministic_and_hand_counted(tmp_path):
    first = store.open_database(tmp_path / "a.db")
    second = store.open_database(tmp_path / "b.db")
    counts = load_sample(first, today=TODAY)
    load_sample(second, today=TODAY)

    def strip(rows):
        return [
            {k: v for k, v in r.items() if k not in ("created_at", "updated_at", "done_at")}
            for r in rows
        ]

    assert {t: strip(r) for t, r in snapshot(first).items()} == {
        t: strip(r) for t, r in snapshot(second).items()
    }
    assert counts == sample_counts.COUNTS


def test_another_seed_tells_the_same_story_with_other_questions(tmp_path):
    first = store.open_database(tmp_path / "a.db")
    other = store.open_database(tmp_path / "b.db")
    assert load_sample(first, today=TODAY) == load_sample(other, today=TODAY, seed=8)
    asked = "SELECT question_text FROM conversation_answers ORDER BY id"
    assert list(first.execute(asked)) != list(other.execute(asked))


# Every day of a week, so the story holds on a Monday as on a Sunday.
WEEK_OF_DAYS = [TODAY + timedelta(days=n) for n in range(-2, 5)]


@pytest.fixture(params=WEEK_OF_DAYS, ids=lambda day: f"{day:%a}")
def loaded_on(request, tmp_path):
    database = store.open_database(tmp_path / "sample.db")
    load_sample(database, today=request.param)
    yield database, request.param
    database.close()


def test_the_week_in_progress_is_alive_and_the_streak_runs(loaded_on):
    db, today = loaded_on
    monday = metrics.week_start(today)
    numbers = reviews.week_numbers(db, monday)
    assert numbers["outreaches"] >= 2 and numbers["thank_yous"] >= 1
    assert reviews.streak(db, monday, today) >= 3
    last_outreach = db.execute(
        "SELECT max(occurred_on) FROM interactions WHERE kind = 'outreach'"
    ).fetchone()[0]
    assert monday <= date.fromisoformat(last_outreach) <= today
    assert db.execute("SELECT max(occurred_on) FROM interactions").fetchone()[0] <= str(today)
    assert db.execute("SELECT max(held_on) FROM conversations").fetchone()[0] < str(today)


def test_a_thank_you_is_due_today_and_the_calls_either_side(loaded_on):
    db, today = loaded_on
    due = followups.due_followups(db, today)
    assert ("thank_you", "Will Adeyemi") in {(e.kind, e.contact) for e in due["today"]}
    assert [row["contact"] for row in schedule.not_captured(db, today)] == ["Carmen Reyes"]
    assert [row["contact"] for row in schedule.coming_up(db, today)["week"]] == ["Amara Okafor"]


def test_on_the_test_day_the_figures_are_the_hand_counted_ones(sample_db):
    monday = metrics.week_start(TODAY)
    numbers = reviews.week_numbers(sample_db, monday)
    assert {k: numbers[k] for k in sample_counts.THIS_WEEK} == sample_counts.THIS_WEEK
    last = reviews.week_numbers(sample_db, monday - timedelta(weeks=1))
    assert {k: last[k] for k in sample_counts.LAST_WEEK} == sample_counts.LAST_WEEK
    assert reviews.streak(sample_db, monday, TODAY) == sample_counts.STREAK
    due = followups.due_followups(sample_db, TODAY)
    assert {(e.kind, e.contact) for e in due["today"]} == sample_counts.DUE_TODAY
    assert {(e.kind, e.contact) for e in due["overdue"]} == sample_counts.OVERDUE


def _written_answers(person: dict) -> dict[str, str]:
    """What the story has this person say, per question they could be asked."""
    field = story.FIELDS[next(o[1] for o in story.ORGANIZATIONS if o[0] == person["org"])]
    said = {q: answers[field] for q, answers in story.FIELD_ANSWERS.items()}
    said[story.ABOUT_THEM] = person["talk"]["path_in"]
    return said


def test_every_answer_answers_its_own_question(sample_db):
    people = {p["name"]: p for p in story.PEOPLE if "talk" in p}
    rows = list(
        sample_db.query(
            """SELECT c.name, q.text AS question, a.question_text, a.answer
               FROM conversation_answers a JOIN conversations v ON v.id = a.conversation_id
               JOIN contacts c ON c.id = v.contact_id JOIN questions q ON q.id = a.question_id"""
        )
    )
    assert len(rows) >= 4 * sample_counts.CONVERSATIONS
    for row in rows:
        person = people[row["name"]]
        recs = person["talk"]["recs"]
        assert row["question_text"] == row["question"]
        written = _written_answers(person)
        if row["question"] in written:
            assert row["answer"] == written[row["question"]], row
        elif row["question"] == story.WHO_ELSE:
            names = [t for k, t, _ in recs if k == "person"]
            assert names and all(name in row["answer"] for name in names), row
        elif row["question"] == story.RELATED_ROLES:
            roles = [t for k, t, _ in recs if k == "role"] or [person["talk"]["alt"]]
            assert row["answer"].startswith(roles[0]), row
        else:
            kind = next(k for k, q in story.RESOURCE_QUESTIONS.items() if q == row["question"])
            titles = [t for k, t, _ in recs if k == kind]
            assert titles and all(title in row["answer"] for title in titles), row


def test_answers_vary_with_the_field(sample_db):
    question = "What are the most difficult parts of this work?"
    answers = {
        row[0]
        for row in sample_db.execute(
            "SELECT answer FROM conversation_answers WHERE question_text = ?", [question]
        )
    }
    assert len(answers) >= 2
    how_in = {
        row[0]
        for row in sample_db.execute(
            "SELECT answer FROM conversation_answers WHERE question_text = ?", [story.ABOUT_THEM]
        )
    }
    assert len(how_in) == sample_counts.CONVERSATIONS  # each person got in their own way


def test_outcomes_fit_what_each_item_is(sample_db):
    done = list(
        sample_db.query(
            """SELECT r.kind, r.title, r.outcome, r.done_on, c.name AS contact
               FROM research_items r LEFT JOIN contacts c ON c.id = r.contact_id
               WHERE r.status = 'done'"""
        )
    )
    kinds = {row["kind"] for row in done}
    assert {"book", "organization", "event", "person", "role"} <= kinds
    for row in done:
        outcome = row["outcome"]
        if row["kind"] == "book":
            assert outcome.startswith("Read it"), row
        elif row["kind"] == "event":
            assert outcome.startswith("Went on ") and "met " in outcome, row
        elif row["kind"] == "person":
            assert row["contact"] == row["title"], row
            assert outcome.startswith("Met on "), row
        elif row["kind"] == "organization":
            assert outcome.startswith(("Joined", "Went")), row
    # The people met at the job fair were found there, on its day.
    fair = next(row for row in done if row["title"] == story.JOB_FAIR)
    for name in ("Dana Kowalski", "Noah Mensah"):
        assert name in fair["outcome"]
        met = sample_db.execute(
            "SELECT how_found, substr(created_at, 1, 10) FROM contacts WHERE name = ?", [name]
        ).fetchone()
        assert met == ("event", fair["done_on"])


def test_the_same_thing_is_one_card_recommended_by_several_people(sample_db):
    recommenders: dict[str, str] = {}
    for title, name in sample_db.execute(
        """SELECT r.title, c.name FROM research_items r
           JOIN board_recommendations b ON b.item_id = r.id JOIN contacts c ON c.id = b.contact_id
           ORDER BY r.id, b.recommended_on, b.id"""
    ):
        recommenders[title] = f"{recommenders[title]}, {name}" if title in recommenders else name
    assert recommenders[story.GRID] == "Amara Okafor, Ben Lindqvist, Kavya Rao"
    assert recommenders[story.JOB_FAIR] == "Imani Brooks, Carmen Reyes, Jonas Weber, Gabriel Costa"
    assert recommenders[story.PM_ARTICLE] == "Amara Okafor, Quinn Harper, Rosa Delgado"
    assert len(recommenders) == sample_counts.RESEARCH_ITEMS == sample_counts.THINGS_RECOMMENDED
    total = sample_db.execute("SELECT count(*) FROM board_recommendations").fetchone()[0]
    assert total == sample_counts.RECOMMENDATIONS
    columns = dict(sample_db.execute("SELECT status, count(*) FROM research_items GROUP BY 1"))
    assert columns == sample_counts.BOARD_COLUMNS


def test_each_one_month_update_names_what_came_of_that_persons_advice(sample_db):
    # Ben recommended The Grid after Amara: his update still names it.
    (summary,) = sample_db.execute(
        """SELECT i.summary FROM interactions i JOIN contacts c ON c.id = i.contact_id
           WHERE c.name = 'Ben Lindqvist' AND i.kind = 'update'"""
    ).fetchone()
    assert story.GRID in summary and story.MEETUP in summary


def test_referrals_and_the_why_of_each_outreach(sample_db):
    rows = list(
        sample_db.query(
            """SELECT c.name, c.how_found, ref.name AS referrer, i.summary
               FROM contacts c LEFT JOIN contacts ref ON ref.id = c.referred_by_id
               JOIN interactions i ON i.contact_id = c.id AND i.kind = 'outreach'"""
        )
    )
    assert len(rows) == sample_counts.CONTACTS - 1  # all but Caleb Yoon were written to
    for row in rows:
        assert "asked" in row["summary"].lower(), row  # why they were written to
        if row["how_found"] == "referral":
            assert row["referrer"] and row["referrer"].split()[0] in row["summary"], row


def test_the_story_days_follow_today_not_the_clock():
    wednesday = Calendar(TODAY)
    assert wednesday.day((0, 0)) == date(2026, 11, 23)
    assert wednesday.day((-1, 4)) == date(2026, 11, 20)
    assert wednesday.day("yesterday") == date(2026, 11, 24)
    monday = Calendar(date(2026, 11, 23))
    assert monday.day("monday") == monday.day("today") == date(2026, 11, 23)


def test_clear_all_removes_the_sample_but_keeps_the_question_bank(sample_db):
    from lib.store.backup import clear_all

    questions = sample_db["questions"].count
    clear_all(sample_db)
    assert store.is_empty(sample_db)
    assert sample_db["conversations"].count == 0 and sample_db["followups"].count == 0
    assert sample_db["questions"].count == questions


def test_backup_bytes_is_a_whole_database(sample_db, tmp_path):
    from lib.store.backup import backup_bytes

    copy = tmp_path / "copy.db"
    copy.write_bytes(backup_bytes(sample_db))
    restored = store.connect(copy)
    assert restored["contacts"].count == sample_db["contacts"].count
