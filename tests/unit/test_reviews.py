"""Weekly goals over time, a week against them and the week before, streaks and reflections."""

from datetime import date, timedelta

import pytest

from lib import coach, reviews
from lib.text import markdown_escape
from tests.support import hand_counted as world
from tests.support.days import TODAY
from tests.support.hand_counted import WEEKS

OLD_GOALS = {"outreaches": 3, "conversations": 1, "thank_yous": 1, "items_done": 0}
NEW_GOALS = {"outreaches": 1, "conversations": 1, "thank_yous": 1, "items_done": 1}


@pytest.fixture
def world_db(db):
    world.build(db)
    return db


@pytest.fixture
def goals_db(world_db):
    reviews.save_goals(world_db, WEEKS[0], OLD_GOALS)
    reviews.save_goals(world_db, date(2026, 11, 18), NEW_GOALS)  # a Wednesday: from its Monday
    return world_db


def test_goals_apply_from_the_monday_of_the_week_picked(goals_db):
    assert [g["starts_on"] for g in reviews.goal_history(goals_db)] == ["2026-11-16", "2026-11-02"]


def test_an_old_week_is_judged_by_the_goals_of_its_time(goals_db):
    assert reviews.goals_in_force(goals_db, WEEKS[1])["outreaches"] == 3
    assert reviews.goals_in_force(goals_db, WEEKS[2])["outreaches"] == 1
    assert reviews.goals_in_force(goals_db, date(2026, 10, 26)) is None


def test_saving_goals_again_for_the_same_week_replaces_them(goals_db):
    reviews.save_goals(goals_db, WEEKS[2], dict(NEW_GOALS, outreaches=7))
    assert len(reviews.goal_history(goals_db)) == 2
    assert reviews.goals_in_force(goals_db, WEEKS[2])["outreaches"] == 7


@pytest.mark.parametrize(
    "values, field",
    [
        ({"outreaches": -1}, "outreaches"),
        ({"conversations": "lots"}, "conversations"),
        ({"thank_yous": 2.5}, "thank_yous"),
        ({"items_done": reviews.MAX_GOAL + 1}, "items_done"),
    ],
)
def test_bad_goals_say_what_to_fix_and_save_nothing(db, values, field):
    with pytest.raises(reviews.ReviewError) as raised:
        reviews.save_goals(db, WEEKS[0], dict(OLD_GOALS, **values))
    assert set(raised.value.errors) == {field}
    assert reviews.goal_history(db) == []


def test_week_summary_against_goals_and_the_week_before(goals_db):
    summary = reviews.week_summary(goals_db, date(2026, 11, 19))
    assert summary["week_start"] == WEEKS[2]
    assert summary["week_end"] == date(2026, 11, 22)
    rows = {r["measure"]: r for r in summary["rows"]}
    assert rows["outreaches"] == {
        "measure": "outreaches",
        "label": "Outreaches",
        "done": 1,
        "goal": 1,
        "met": True,
        "previous": 1,
        "change": 0,
    }
    assert rows["thank_yous"]["previous"] == 0
    assert rows["thank_yous"]["change"] == 1
    assert summary["met_all"] is True


def test_week_summary_without_goals(world_db):
    summary = reviews.week_summary(world_db, WEEKS[0])
    assert summary["goals"] is None
    assert all(r["goal"] is None and r["met"] is None for r in summary["rows"])
    assert summary["met_all"] is False


def test_a_zero_goal_is_not_judged(goals_db):
    rows = {r["measure"]: r for r in reviews.week_summary(goals_db, WEEKS[0])["rows"]}
    assert rows["items_done"]["goal"] == 0
    assert rows["items_done"]["met"] is None


def test_streak_counts_consecutive_weeks_meeting_all_goals(goals_db):
    assert reviews.streak(goals_db, WEEKS[0], TODAY) == 1
    assert reviews.streak(goals_db, WEEKS[1], TODAY) == 0  # 1 outreach against 3
    assert reviews.streak(goals_db, WEEKS[2], TODAY) == 1
    # The current week has nothing yet: it is in progress, so the streak from last week stands.
    assert reviews.streak(goals_db, WEEKS[3], TODAY) == 1
    # Judged after it ended, an empty week breaks the streak.
    assert reviews.streak(goals_db, WEEKS[3], date(2026, 12, 1)) == 0


def test_streak_across_several_weeks(world_db):
    reviews.save_goals(world_db, WEEKS[0], {"conversations": 1})
    assert reviews.streak(world_db, WEEKS[2], TODAY) == 3


def test_no_goals_no_streak(world_db):
    assert reviews.streak(world_db, WEEKS[2], TODAY) == 0
    reviews.save_goals(world_db, WEEKS[0], {})
    assert reviews.streak(world_db, WEEKS[2], TODAY) == 0


def test_week_conversations_and_what_came_out_of_them(world_db):
    (talk,) = reviews.week_conversations(world_db, WEEKS[0])
    assert talk["contact"] == "Ana"
    assert talk["organization"] == "Acme"
    assert talk["takeaways"] == "Takeaway from Ana"
    assert talk["alternative_role"] == "Grants manager"
    assert [(r["kind_label"], r["title"], r["status_label"]) for r in talk["recommendations"]] == [
        ("Alternative role", "Grants Manager", "To do"),
        ("Book or article", "The Grid", "Done"),
    ]
    assert "private_notes" not in talk
    assert reviews.week_conversations(world_db, WEEKS[3]) == []


def test_slipped_items(world_db):
    (late,) = reviews.slipped_items(world_db, WEEKS[2], TODAY)
    assert (late["contact"], late["what"], late["state"], late["days_late"]) == (
        "Ben",
        "Thank-you note",
        "Done late",
        2,
    )
    (missed,) = reviews.slipped_items(world_db, WEEKS[1], TODAY)  # the skipped one is not listed
    assert (missed["contact"], missed["state"], missed["days_late"]) == ("Fay", "Not done yet", 12)
    assert reviews.slipped_items(world_db, WEEKS[0], TODAY) == []


def test_most_slipped_ranks_the_weeks_slipped_items_by_days_late_and_counts_them_all(world_db):
    for number in range(6):  # open keep-in-touch steps, due on the days of the first week
        contact = world_db["contacts"].insert({"name": f"Missed {number}"}).last_pk
        due = WEEKS[0] + timedelta(days=number)
        world_db["followups"].insert(
            {"kind": "keep_in_touch", "contact_id": contact, "due_on": due.isoformat()}
        )
    every = [item for week in WEEKS for item in reviews.slipped_items(world_db, week, TODAY)]
    every.sort(key=lambda item: -item["days_late"])  # stable: ties keep their due day order
    last_day = reviews.week_end(WEEKS[-1])
    worst, in_all = reviews.most_slipped(world_db, WEEKS[0], last_day, TODAY, limit=4)
    assert in_all == len(every) == 8
    assert worst == every[:4]
    assert [item["contact"] for item in worst] == ["Missed 0", "Missed 1", "Missed 2", "Missed 3"]
    assert reviews.most_slipped(world_db, WEEKS[0], last_day, TODAY, limit=-1) == (every, 8)
    assert reviews.most_slipped(world_db, date(2020, 1, 6), date(2020, 1, 12), TODAY, 4) == ([], 0)


def test_reflections_are_saved_per_week_and_read_back_next_week(world_db):
    reviews.save_reflections(
        world_db, date(2026, 11, 18), "  Grants matter.  ", "Ask about grants."
    )
    this_week = reviews.get_review(world_db, WEEKS[2])
    assert (this_week["learned"], this_week["next_week"]) == ("Grants matter.", "Ask about grants.")
    next_week = reviews.get_review(world_db, WEEKS[3])
    assert next_week["learned"] == ""
    # Shown again next week: the page reads the week before's review.
    from datetime import timedelta

    assert reviews.get_review(world_db, WEEKS[3] - timedelta(weeks=1))["next_week"] == (
        "Ask about grants."
    )


def test_reflections_and_coach_comment_do_not_overwrite_each_other(world_db):
    reviews.save_reflections(world_db, WEEKS[1], "Learned", "Plan")
    coach.save_coach_comment(world_db, WEEKS[1], "Nice week", now="2026-11-14T10:00:00Z")
    reviews.save_reflections(world_db, WEEKS[1], "Learned more", "Plan")
    review = reviews.get_review(world_db, WEEKS[1])
    assert review["learned"] == "Learned more"
    assert review["coach_comment"] == "Nice week"
    assert review["coach_commented_at"] == "2026-11-14T10:00:00Z"


def test_overlong_reflection_is_refused(db):
    with pytest.raises(reviews.ReviewError) as raised:
        reviews.save_reflections(db, WEEKS[0], "x" * (reviews.MAX_TEXT + 1), "")
    assert "learned" in raised.value.errors
    assert db["weekly_reviews"].count == 0


def test_a_conversation_card_is_one_block_with_user_text_escaped():
    talk = {
        "contact": "Ana *Ruiz*",
        "organization": "[Grid](http://x)",
        "held_on": "2026-11-17",
        "mode_label": "Video",
        "duration_minutes": 35,
        "takeaways": "Grants <matter>",
        "interest_label": "Yes",
        "alternative_role": "Analyst_1",
        "recommendations": [{"kind_label": "Book", "title": "# Title", "status_label": "To do"}],
    }
    card = reviews.conversation_card(talk)
    grid = markdown_escape("[Grid](http://x)")
    assert card.startswith(f"**Ana \\*Ruiz\\*** · {grid} · Tue 17 Nov · Video · 35 min")
    assert "35 min  \n_15 minutes over the 20-minute target: keep the next one short._" in card
    assert f"Takeaways: {markdown_escape('Grants <matter>')}" in card
    assert "Still interested: Yes · Alternative role: Analyst\\_1" in card
    assert card.endswith("- Book: \\# Title (To do)")
    bare = {**talk, "duration_minutes": None, "takeaways": None, "interest_label": None}
    bare |= {"alternative_role": None, "recommendations": [], "organization": None}
    assert reviews.conversation_card(bare) == "**Ana \\*Ruiz\\*** · Tue 17 Nov · Video"


def test_a_slipped_line_says_what_who_when_and_how_late():
    item = {"what": "Thank-you note", "contact": "Bo_b", "due_on": "2026-11-16"}
    line = reviews.slipped_line({**item, "days_late": 1, "state": "Not done yet"})
    assert line == "Thank-you note · Bo\\_b · due Mon 16 Nov · 1 day late, not done yet"
    line = reviews.slipped_line({**item, "days_late": 8, "state": "Done late"})
    assert line.endswith("8 days late, done late")
