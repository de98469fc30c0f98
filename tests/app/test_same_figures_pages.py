"""The review and Outreach activity pages show one figure the same for the same week."""

from datetime import timedelta

from lib import conversations, followups, metrics, store
from lib.contacts import log_interaction, save_contact
from tests.support.days import TODAY


def test_a_thank_you_sent_before_its_day_is_on_time_on_both_pages(open_page, db_path):
    # A first hour: an outreach on Monday, the talk today, its thank-you (due tomorrow) sent
    # today. The review's week runs to Sunday; the activity page's range once stopped at today
    # and said "none due" beside the review's "1 of 1".
    database = store.open_database(db_path)
    person = save_contact(database, {"name": "Ana Ruiz", "organization": "Acme"})
    log_interaction(database, person, "outreach", TODAY - timedelta(days=2))
    conversations.save_conversation(
        database, person, {"held_on": TODAY, "mode": "phone", "notes": "Good talk."}
    )
    task = database.execute("SELECT id FROM followups WHERE kind = 'thank_you'").fetchone()[0]
    followups.mark_done(database, task, TODAY, "Thanks!")
    database.close()

    review = {m.label: m.value for m in open_page("pages/review.py").metric}
    at = open_page("pages/activity.py")
    at.segmented_control(key="activity_range").set_value("4").run()
    activity = {m.label: m.value for m in at.metric}
    assert review["Thank-yous on time"] == activity["Thank-yous on time"] == "1 of 1"
    assert review["Outreaches"] == activity["Outreach sent"] == "1"
    assert review["Conversations"] == activity["Conversations"] == "1"
    monday = metrics.week_start(TODAY)
    assert any(f"to {monday + timedelta(days=6):%a %d %b %Y}" in c.value for c in at.caption)
