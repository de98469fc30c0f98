"""The Weekly review page, in normal and coach mode."""

from datetime import date, timedelta

import pytest

from lib import metrics, reviews, store
from tests.support import sample_counts
from tests.support.apptest import button
from tests.support.days import TODAY


def busy_week(db_path) -> date:
    """The Monday of a sample week that held conversations."""
    database = store.connect(db_path)
    held_on = database.execute(
        "SELECT held_on FROM conversations ORDER BY held_on LIMIT 1 OFFSET 3"
    ).fetchone()[0]
    database.close()
    return metrics.week_start(date.fromisoformat(held_on))


def pick_week(at, day: date):
    at.date_input(key="review_day").set_value(day).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_defaults_to_the_current_week(open_page, sample_path):
    at = open_page("pages/review.py")
    monday = metrics.week_start(TODAY)
    assert any(f"Week of {monday:%a %d %b}" in s.value for s in at.header)
    assert [m.label for m in at.metric] == [
        "Outreaches",
        "Conversations",
        "Thank-yous sent",
        "Board items done",
        "Streak",
        "Thank-yous on time",
        "Updates on time",
        "Talks over 20 min",
    ]


def test_the_week_shows_thank_yous_on_time_and_overruns(open_page, db_path):
    # The hand-counted world's week of 16 Nov: Ben's thank-you was late, his talk ran 35 min.
    from tests.support import hand_counted

    database = store.open_database(db_path)
    hand_counted.build(database)
    database.close()
    at = pick_week(open_page("pages/review.py"), hand_counted.WEEKS[2])
    metrics_shown = {m.label: m.value for m in at.metric}
    assert metrics_shown["Thank-yous on time"] == "0 of 1"
    assert metrics_shown["Updates on time"] == "none due"
    assert metrics_shown["Talks over 20 min"] == "1"
    assert any("Ben, 35 min (Wed 18 Nov)" in c.value for c in at.caption)


def test_a_past_week_shows_its_conversations_and_numbers(open_page, sample_path):
    week = busy_week(sample_path)
    at = pick_week(open_page("pages/review.py"), week + timedelta(days=2))
    database = store.connect(sample_path)
    names = [
        r[0]
        for r in database.execute(
            """SELECT c.name FROM conversations v JOIN contacts c ON c.id = v.contact_id
               WHERE v.held_on BETWEEN ? AND ?""",
            [week.isoformat(), (week + timedelta(days=6)).isoformat()],
        )
    ]
    text = " ".join(m.value for m in at.markdown)
    for name in names:
        assert name.replace("'", "\\'").split()[0] in text
    conversations = next(m for m in at.metric if m.label == "Conversations")
    assert conversations.value == str(len(names))


def test_previous_and_next_week_buttons(open_page, sample_path):
    at = open_page("pages/review.py")
    button(at, "Previous week").click().run()
    last = metrics.week_start(TODAY) - timedelta(weeks=1)
    assert any(f"Week of {last:%a %d %b}" in s.value for s in at.header)


def test_reflections_are_saved_and_shown_next_week(open_page, db_path):
    week = date(2026, 11, 2)
    at = pick_week(open_page("pages/review.py"), week)
    at.text_area(key=f"review_learned_{week}").input("Grant writing is the gateway skill.")
    at.text_area(key=f"review_next_{week}").input("Ask Dana about grants.")
    button(at, "Save reflections").click().run()
    assert not at.exception
    review = reviews.get_review(store.connect(db_path), week)
    assert review["next_week"] == "Ask Dana about grants."
    at = pick_week(at, week + timedelta(weeks=1))
    text = " ".join(m.value for m in at.markdown)
    assert "You planned: Ask Dana about grants\\." in text


def test_a_failed_save_keeps_what_was_typed(open_page, db_path):
    week = date(2026, 11, 2)
    at = pick_week(open_page("pages/review.py"), week)
    long_text = "x" * (reviews.MAX_TEXT + 1)
    at.text_area(key=f"review_learned_{week}").input(long_text)
    at.text_area(key=f"review_next_{week}").input("My plan")
    button(at, "Save reflections").click().run()
    assert any("under 10,000 characters" in e.value for e in at.error)
    assert at.text_area(key=f"review_learned_{week}").value == long_text
    assert at.text_area(key=f"review_next_{week}").value == "My plan"
    assert store.connect(db_path)["weekly_reviews"].count == 0


def test_goals_apply_from_their_week_and_old_weeks_keep_theirs(open_page, db_path):
    at = open_page("pages/review.py")
    at.date_input(key="review_goal_from").set_value(date(2026, 11, 4))
    at.number_input(key="review_goal_outreaches").set_value(5)
    at.number_input(key="review_goal_conversations").set_value(2)
    button(at, "Save goals").click().run()
    assert not at.exception
    assert any("apply from the week of 02 Nov 2026" in s.value for s in at.success)
    database = store.connect(db_path)
    assert reviews.goals_in_force(database, date(2026, 11, 9))["outreaches"] == 5
    assert reviews.goals_in_force(database, date(2026, 10, 26)) is None
    at = pick_week(at, date(2026, 11, 10))
    assert any("goal 5" in c.value for c in at.caption)


def test_coach_comment_in_normal_mode(open_page, db_path):
    week = date(2026, 11, 2)
    at = pick_week(open_page("pages/review.py"), week)
    at.session_state["review_paste"] = True  # the box is built once its expander opens
    at.run()
    at.text_area(key=f"review_coach_comment_{week}").input("Keep the emails short.")
    button(at, "Save comment").click().run()
    assert not at.exception
    assert reviews.get_review(store.connect(db_path), week)["coach_comment"] == (
        "Keep the emails short."
    )
    assert any("Keep the emails short" in m.value for m in at.markdown)


@pytest.fixture
def coach_mode(monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")


def test_coach_mode_shows_reflections_read_only_and_allows_the_comment(
    open_page, sample_path, coach_mode
):
    monday = metrics.week_start(TODAY)
    database = store.connect(sample_path)
    reviews.save_reflections(database, monday, "Learned a lot", "More outreach")
    before = database.execute("SELECT * FROM weekly_reviews ORDER BY week_start").fetchall()
    at = open_page("pages/review.py")
    labels = [b.label for b in at.button]
    assert "Save reflections" not in labels
    assert "Save goals" not in labels
    assert "Save comment" in labels
    assert any("Learned a lot" in m.value for m in at.markdown)
    at.text_area(key=f"review_coach_comment_{monday}").input("Great week.")
    button(at, "Save comment").click().run()
    assert not at.exception
    after = database.execute("SELECT * FROM weekly_reviews ORDER BY week_start").fetchall()
    assert len(after) == len(before)
    changed = [a for a, b in zip(after, before, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0] == monday.isoformat()
    assert changed[0][3] == "Great week."
    assert changed[0][1:3] == ("Learned a lot", "More outreach")


def test_week_box_shows_the_monday_and_next_week_stops_at_this_week(open_page, sample_path):
    at = open_page("pages/review.py")
    this_monday = metrics.week_start(TODAY)
    assert at.date_input(key="review_day").value == this_monday
    assert button(at, "Next week").disabled
    wednesday = this_monday - timedelta(weeks=2) + timedelta(days=2)
    at = pick_week(at, wednesday)
    assert at.date_input(key="review_day").value == this_monday - timedelta(weeks=2)
    assert not button(at, "Next week").disabled
    button(at, "Next week").click().run()
    assert at.date_input(key="review_day").value == this_monday - timedelta(weeks=1)
    button(at, "Next week").click().run()
    assert at.date_input(key="review_day").value == this_monday
    assert button(at, "Next week").disabled


def busy_week_file(db_path, talks: int, slipped: int) -> date:
    """A file whose week of 16 Nov 2026 held talks conversations and let slipped follow-ups
    slip (done late, on 24 Nov: the follow-up sync leaves done ones alone)."""
    monday = date(2026, 11, 16)
    database = store.open_database(db_path)
    for number in range(talks):
        contact = database["contacts"].insert({"name": f"Talker {number}"}).last_pk
        database["conversations"].insert(
            {
                "contact_id": contact,
                "held_on": (monday + timedelta(days=number % 5)).isoformat(),
                "mode": "video",
                "duration_minutes": 20,
                "takeaways": f"Takeaway {number}",
            }
        )
    for number in range(slipped):
        contact = database["contacts"].insert({"name": f"Late {number}"}).last_pk
        due = monday + timedelta(days=number % 7)
        database["followups"].insert(
            {
                "kind": "keep_in_touch",
                "contact_id": contact,
                "due_on": due.isoformat(),
                "status": "done",
                "done_at": "2026-11-24T12:00:00Z",
            }
        )
    database.close()
    return monday


def test_a_busy_week_shows_its_first_cards_and_the_rest_on_request(open_page, db_path):
    week = busy_week_file(db_path, talks=reviews.CARDS_SHOWN + 3, slipped=0)
    at = pick_week(open_page("pages/review.py"), week)
    cards = [m.value for m in at.markdown if m.value.startswith("**Talker ")]
    assert len(cards) == reviews.CARDS_SHOWN
    more = next(e for e in at.expander if e.label == "3 more conversations this week")
    assert not more.markdown  # built once opened
    at.session_state["review_more_talks"] = True
    at.run()
    cards = [m.value for m in at.markdown if m.value.startswith("**Talker ")]
    assert sorted(card.split("**")[1] for card in cards) == sorted(
        f"Talker {n}" for n in range(reviews.CARDS_SHOWN + 3)
    )


def test_a_long_slipped_list_shows_the_most_overdue_and_all_on_request(open_page, db_path):
    week = busy_week_file(db_path, talks=0, slipped=reviews.SLIPPED_LISTED + 4)
    at = pick_week(open_page("pages/review.py"), week)
    listed = next(m.value for m in at.markdown if m.value.startswith("- Keep in touch"))
    assert listed.count("\n") == reviews.SLIPPED_LISTED - 1
    assert "Late 0 · due Mon 16 Nov" in listed  # the most overdue first
    assert any(
        c.value == f"The 10 most overdue of {reviews.SLIPPED_LISTED + 4}:" for c in at.caption
    )
    assert not at.dataframe  # the whole table is built once asked for
    label = f"All {reviews.SLIPPED_LISTED + 4} follow-ups that slipped this week"
    assert any(e.label == label for e in at.expander)
    at.session_state["review_all_slipped"] = True
    at.run()
    assert len(at.dataframe[0].value) == reviews.SLIPPED_LISTED + 4


def test_a_short_slipped_list_is_listed_whole_without_a_table(open_page, db_path):
    week = busy_week_file(db_path, talks=0, slipped=3)
    at = pick_week(open_page("pages/review.py"), week)
    listed = next(m.value for m in at.markdown if m.value.startswith("- Keep in touch"))
    assert listed.count("\n") == 2
    assert not at.dataframe and not any("slipped this week" in e.label for e in at.expander)


@pytest.mark.parametrize("typed", [-2, 600])
def test_goals_out_of_range_are_refused_with_what_typed_kept(open_page, db_path, typed):
    at = open_page("pages/review.py")
    at.number_input(key="review_goal_outreaches").set_value(typed)
    at.number_input(key="review_goal_conversations").set_value(3)
    button(at, "Save goals").click().run()
    assert not at.exception
    assert any("Outreaches" in e.value and "give a number from 0 to" in e.value for e in at.error)
    assert at.number_input(key="review_goal_outreaches").value == typed
    assert at.number_input(key="review_goal_conversations").value == 3
    assert store.connect(db_path)["weekly_goals"].count == 0


def test_saved_goals_are_confirmed_in_their_section_kept_open(open_page):
    at = open_page("pages/review.py")
    at.number_input(key="review_goal_outreaches").set_value(5)
    button(at, "Save goals").click().run()
    assert any("Goals saved" in s.value for s in at.expander[-1].success) or any(
        "Goals saved" in s.value for s in at.success
    )
    assert at.number_input(key="review_goal_outreaches").value == 5  # the section is still open


def test_on_the_sample_this_week_is_under_way_and_the_streak_runs(open_page, sample_path):
    # Hand-counted in tests/support/sample_counts.py: this week 2 outreaches, 2 conversations,
    # 1 thank-you so far; the three weeks before met every goal.
    at = open_page("pages/review.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Outreaches"] == str(sample_counts.THIS_WEEK["outreaches"])
    assert shown["Conversations"] == str(sample_counts.THIS_WEEK["conversations"])
    assert shown["Thank-yous sent"] == str(sample_counts.THIS_WEEK["thank_yous"])
    assert shown["Streak"] == f"{sample_counts.STREAK} weeks"
    assert shown["Thank-yous on time"] == "1 of 1"  # Umar's, the day after
    assert at.get("plotly_chart"), "the week's chart is drawn"
    assert "Umar Farouk" in " ".join(m.value for m in at.markdown) + " ".join(
        str(e.label) for e in at.expander
    )
