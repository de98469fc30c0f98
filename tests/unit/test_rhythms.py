"""Keep-in-touch rhythms: the rules (ideal and latest day, resolution, validation), the stored
rhythms, the keep-in-touch note the sync makes from them, the list's touch columns and the
keep-in-touch draft's "since we were last in touch"."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from lib import contacts, conversations, drafts, followups, rhythms, schedule
from lib.contacts import log_interaction, save_contact
from lib.rhythms import NO_RHYTHM, Rhythm
from tests.support.days import TODAY

CLOSE = Rhythm(30, 45)
WARM = Rhythm(60, 90)
LAST = date(2026, 9, 1)  # a Tuesday, well before TODAY (Wed 25 Nov 2026)

# ------------------------------------------------------------------ the rules


def test_the_presets_have_plain_names_and_warm_is_todays_sixty_days():
    assert {key: name for key, (name, _) in rhythms.PRESETS.items()} == {
        "close": "Close",
        "warm": "Warm",
        "wide": "Wide",
    }
    assert rhythms.PRESETS["close"][1] == CLOSE
    assert rhythms.PRESETS["wide"][1] == Rhythm(120, 180)
    assert rhythms.DEFAULT_RHYTHM == WARM
    assert followups.KEEP_IN_TOUCH_DAYS == 60
    assert rhythms.rhythm_label(CLOSE) == "Close: every 30 days, at the latest 45"
    assert rhythms.rhythm_label(Rhythm(14, 21)) == "Custom: every 14 days, at the latest 21"


@pytest.mark.parametrize(
    ("today", "state", "words"),
    [
        (LAST + timedelta(days=25), "upcoming", "due in 5 days"),
        (LAST + timedelta(days=29), "upcoming", "due tomorrow"),
        (LAST + timedelta(days=30), "due", "due now, 15 days left"),  # the ideal day
        (LAST + timedelta(days=44), "due", "due now, 1 day left"),
        (LAST + timedelta(days=45), "due", "due now, today at the latest"),  # the latest day
        (LAST + timedelta(days=46), "late", "1 day late"),
        (LAST + timedelta(days=57), "late", "12 days late"),
    ],
)
def test_the_next_touch_is_due_on_the_ideal_day_and_late_after_the_latest(today, state, words):
    due, late = rhythms.next_touch(LAST, CLOSE)
    assert (due, late) == (date(2026, 10, 1), date(2026, 10, 16))
    assert rhythms.touch_state(due, late, today) == state
    assert rhythms.state_words("rhythm", due, late, today) == words
    assert followups.is_going_cold(LAST, today, CLOSE) == (state != "upcoming")


def test_the_rule_functions_keep_taking_a_number_of_days():
    assert followups.keep_in_touch_due(LAST) == LAST + timedelta(days=60)
    assert followups.keep_in_touch_late(LAST) == LAST + timedelta(days=90)
    assert followups.keep_in_touch_due(LAST, 10) == LAST + timedelta(days=10)
    assert followups.is_going_cold(LAST, LAST + timedelta(days=10), days=10)
    assert followups.keep_in_touch_due(LAST, NO_RHYTHM) is None
    assert not followups.is_going_cold(LAST, LAST + timedelta(days=3000), NO_RHYTHM)


def test_no_rhythm_says_so():
    assert rhythms.next_touch(LAST, NO_RHYTHM) is None
    assert rhythms.state_words("none", None, None, TODAY) == "no rhythm"
    assert rhythms.plan(NO_RHYTHM, LAST, met=True, own=False) == "none"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("close",), CLOSE),
        (("none",), NO_RHYTHM),
        (("custom", 14, 21), Rhythm(14, 21)),
        (("custom", "7", "7"), Rhythm(7, 7)),  # latest may equal the ideal
        (("custom", 1, 3650), Rhythm(1, 3650)),
    ],
)
def test_valid_rhythms(values, expected):
    assert rhythms.validate_rhythm(*values) == expected


@pytest.mark.parametrize(
    ("ideal", "latest", "field", "says"),
    [
        (30, 20, "latest_days", "cannot come before the ideal one"),
        (0, 10, "ideal_days", "from 1 to 3650"),
        (10, 3651, "latest_days", "from 1 to 3650"),
        ("soon", 10, "ideal_days", "whole number"),
        (None, None, "ideal_days", "Every how many days"),
        (2.5, 10, "ideal_days", "whole number"),
    ],
)
def test_a_custom_rhythm_out_of_bounds_says_what_to_fix(ideal, latest, field, says):
    with pytest.raises(rhythms.RhythmError) as refused:
        rhythms.validate_rhythm("custom", ideal, latest)
    assert says in refused.value.errors[field]


def test_own_rhythm_wins_over_tags_and_tags_over_the_default():
    tags = {"mentors": CLOSE, "alumni": Rhythm(120, 180)}
    assert rhythms.resolve(Rhythm(7, 10), tags, WARM) == rhythms.Resolved(Rhythm(7, 10), "own")
    assert rhythms.resolve(NO_RHYTHM, tags, WARM).rhythm == NO_RHYTHM  # their own "none" too
    # Of several tags, the closest (shortest) rhythm counts.
    assert rhythms.resolve(None, tags, WARM) == rhythms.Resolved(CLOSE, "tag", "mentors")
    # A tag with a rhythm beats one with none; none only when every tag says none.
    assert rhythms.resolve(None, {"a": NO_RHYTHM, "b": WARM}, CLOSE).rhythm == WARM
    assert rhythms.resolve(None, {"a": NO_RHYTHM}, CLOSE).rhythm == NO_RHYTHM
    assert rhythms.resolve(None, {}, CLOSE) == rhythms.Resolved(CLOSE, "default")


def test_the_3b7_steps_and_a_scheduled_conversation_leave_no_next_touch():
    assert rhythms.plan(WARM, LAST, met=True, own=False) == "rhythm"
    assert rhythms.plan(WARM, LAST, met=True, own=False, in_3b7=True) == "in_3b7"
    assert rhythms.plan(WARM, LAST, met=True, own=False, scheduled=True) == "scheduled"
    # Inherited rhythms are for people you have talked with; one's own for anyone touched.
    assert rhythms.plan(WARM, LAST, met=False, own=False) == "not_met"
    assert rhythms.plan(WARM, LAST, met=False, own=True) == "rhythm"
    assert rhythms.plan(WARM, None, met=False, own=True) == "no_touch"


# ------------------------------------------------------------------ stored, and the sync


def _met(db, name, held_on=LAST, **extra):
    """A contact talked with on held_on, the conversation's own tasks done that day."""
    contact = save_contact(db, {"name": name, **extra})
    conversations.save_conversation(db, contact, {"held_on": held_on, "mode": "phone"})
    for task_id, kind in db.execute(
        "SELECT id, kind FROM followups WHERE contact_id = ? AND status = 'open'", [contact]
    ).fetchall():
        # Closed without logging a touch, so the conversation stays the last touch.
        followups.skip(db, task_id, f"test: {kind}")
    return contact


def _keep_in_touch(db, contact):
    return list(
        db.query(
            "SELECT * FROM followups WHERE contact_id = ? AND kind = 'keep_in_touch' ORDER BY id",
            [contact],
        )
    )


def _open_note(db, contact):
    notes = [n for n in _keep_in_touch(db, contact) if n["status"] == "open"]
    assert len(notes) <= 1
    return notes[0] if notes else None


def test_the_default_is_stored_and_changeable(db):
    assert rhythms.default_rhythm(db) == WARM
    rhythms.set_default_rhythm(db, Rhythm(20, 25))
    assert rhythms.default_rhythm(db) == Rhythm(20, 25)
    rhythms.set_default_rhythm(db, NO_RHYTHM)
    assert rhythms.default_rhythm(db) == NO_RHYTHM


def test_the_schema_refuses_a_latest_day_before_the_ideal(db):
    contact = save_contact(db, {"name": "Ana"})
    with pytest.raises(Exception, match="CHECK"):
        db.execute(
            "UPDATE contacts SET rhythm = 'every', rhythm_ideal_days = 30, "
            "rhythm_latest_days = 10 WHERE id = ?",
            [contact],
        )


def test_a_close_rhythm_makes_a_note_due_at_30_days_and_overdue_after_45(db):
    ana = _met(db, "Ana Lima")
    rhythms.set_contact_rhythm(db, ana, CLOSE)
    followups.sync_tasks(db, LAST + timedelta(days=29))
    assert _open_note(db, ana) is None
    followups.sync_tasks(db, LAST + timedelta(days=30))
    note = _open_note(db, ana)
    assert (note["due_on"], note["late_after"]) == ("2026-10-01", "2026-10-16")
    due = followups.due_followups(db, LAST + timedelta(days=45))
    assert [e.contact_id for e in due["today"]] == [ana] and due["overdue"] == []
    assert due["today"][0].late == date(2026, 10, 16)
    late = followups.due_followups(db, LAST + timedelta(days=46))
    assert [e.contact_id for e in late["overdue"]] == [ana]
    assert followups.due_counts(db, LAST + timedelta(days=46))["overdue"] == 1


def test_rhythm_none_makes_no_note_and_closes_an_open_one(db):
    ana = _met(db, "Ana Lima")
    followups.sync_tasks(db, TODAY)  # Warm: due 31 Oct
    assert _open_note(db, ana)["due_on"] == "2026-10-31"
    rhythms.set_contact_rhythm(db, ana, NO_RHYTHM)
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana) is None
    assert _keep_in_touch(db, ana)[-1]["skip_reason"] == followups.NO_RHYTHM_REASON
    assert followups.going_cold(db, TODAY) == []
    # Back to following the default: the same note opens again, not a second one.
    rhythms.set_contact_rhythm(db, ana, None)
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana)["due_on"] == "2026-10-31"
    assert len(_keep_in_touch(db, ana)) == 1


def test_a_changed_rhythm_moves_the_note_and_says_why(db):
    ana = _met(db, "Ana Lima")
    followups.sync_tasks(db, TODAY)
    rhythms.set_contact_rhythm(db, ana, CLOSE)
    followups.sync_tasks(db, TODAY)
    first, second = _keep_in_touch(db, ana)
    assert (first["status"], first["skip_reason"]) == ("cancelled", followups.RHYTHM_REASON)
    assert (second["status"], second["due_on"]) == ("open", "2026-10-01")


def test_a_tag_rhythm_applies_and_the_closest_tag_wins(db):
    ana = _met(db, "Ana Lima", tags="mentors, alumni")
    rhythms.set_tag_rhythm(db, "Mentors", CLOSE)  # tags match whatever the case
    rhythms.set_tag_rhythm(db, "alumni", Rhythm(120, 180))
    assert rhythms.resolved_for_contact(db, ana) == rhythms.Resolved(CLOSE, "tag", "Mentors")
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana)["due_on"] == "2026-10-01"
    # Their own rhythm wins over the tags'.
    rhythms.set_contact_rhythm(db, ana, Rhythm(100, 120))
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana) is None
    rhythms.set_tag_rhythm(db, "mentors", None)
    assert list(rhythms.tag_rhythms(db)) == ["alumni"]


@pytest.mark.parametrize(
    "touch",
    ["call", "note", "reply", "imported message", "conversation"],
)
def test_any_touch_resets_the_rhythm(db, touch):
    ana = _met(db, "Ana Lima")
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana) is not None
    touched_on = date(2026, 11, 20)
    if touch == "imported message":
        # As the message import stores one: source and source_key set, a sent message.
        db["interactions"].insert(
            {
                "contact_id": ana,
                "kind": "message_sent",
                "occurred_on": touched_on.isoformat(),
                "source": "mail",
                "source_key": "mail:<note@example.org>",
            }
        )
    elif touch == "conversation":
        conversations.save_conversation(db, ana, {"held_on": touched_on, "mode": "video"})
    else:
        log_interaction(db, ana, touch, touched_on)
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana) is None
    assert _keep_in_touch(db, ana)[0]["skip_reason"] == followups.IN_TOUCH_REASON
    [row] = contacts.list_contacts(db, today=TODAY)[0]
    assert row["last_touch"] == "2026-11-20"
    assert row["next_touch"] == "2027-01-19"  # 60 days on


def test_no_note_in_the_middle_of_the_3b7_steps(db):
    ana = _met(db, "Ana Lima")
    log_interaction(db, ana, "outreach", date(2026, 11, 24))  # asking for a second talk
    followups.sync_tasks(db, TODAY)
    assert {t["kind"] for t in db.query("SELECT kind FROM followups WHERE status = 'open'")} == {
        "next_contact",
        "follow_up",
    }
    assert _open_note(db, ana) is None
    [row] = contacts.list_contacts(db, today=TODAY)[0]
    assert row["touch_words"] == "in the 3B7 steps"
    assert row["next_step"].startswith("Reach out to someone else there (3B)")


def test_no_note_while_a_conversation_is_scheduled(db):
    ana = _met(db, "Ana Lima")
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana) is not None
    now = datetime.combine(TODAY, time(8)).astimezone().astimezone(UTC)
    scheduled = schedule.schedule(
        db, ana, {"day": date(2026, 12, 2), "time": time(9), "mode": "video"}, now=now
    )
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana) is None
    [row] = contacts.list_contacts(db, today=TODAY)[0]
    assert row["touch_words"] == "conversation scheduled"
    assert row["next_step"] == "Conversation · Wed 2 Dec 2026"
    # Cancelled: the note is back.
    schedule.cancel(db, scheduled)
    followups.sync_tasks(db, TODAY)
    assert _open_note(db, ana)["due_on"] == "2026-10-31"


def test_a_skipped_note_stays_skipped_until_the_next_touch(db):
    ana = _met(db, "Ana Lima")
    followups.sync_tasks(db, TODAY)
    followups.skip(db, _open_note(db, ana)["id"], "Not now")
    followups.sync_tasks(db, TODAY + timedelta(days=3))
    assert _open_note(db, ana) is None


def test_going_cold_follows_the_rhythms_latest_first(db):
    ana = _met(db, "Ana Lima", held_on=date(2026, 9, 10))  # Warm: due 9 Nov, late after 9 Dec
    ben = _met(db, "Ben Okoro", held_on=date(2026, 10, 20))
    _met(db, "Cy Warm", held_on=date(2026, 11, 1))  # Warm: not due until 31 Dec
    rhythms.set_contact_rhythm(db, ben, Rhythm(14, 20))
    cold = followups.going_cold(db, TODAY)
    # Ben's latest day (9 Nov) came before Ana's (9 Dec): he leads.
    assert [(c["id"], c["state"]) for c in cold] == [(ben, "late"), (ana, "due")]
    assert cold[1]["days_since"] == 76


# ------------------------------------------------------------------ the list


def test_the_list_sorts_by_next_touch_over_every_page(db):
    soon = _met(db, "Zed Soon", held_on=date(2026, 11, 1))
    later = _met(db, "Ann Later", held_on=date(2026, 11, 20))
    never = save_contact(db, {"name": "Bea Never"})
    rhythms.set_contact_rhythm(db, soon, CLOSE)
    by_name = [r["id"] for r in contacts.list_contacts(db, today=TODAY)[0]]
    assert by_name == [later, never, soon]
    by_next = contacts.list_contacts(db, today=TODAY, sort="next_touch")[0]
    assert [r["id"] for r in by_next] == [soon, later, never]  # none last
    assert [r["touch_words"] for r in by_next] == [
        "due in 6 days",
        "due in 55 days",
        "not talked yet",
    ]
    assert [r["touch_state"] for r in by_next] == ["upcoming", "upcoming", ""]
    assert by_next[2]["next_step"] == "Reach out"
    page_two = contacts.list_contacts(db, limit=1, offset=1, today=TODAY, sort="next_touch")[0]
    assert [r["id"] for r in page_two] == [later]
    by_last = contacts.list_contacts(db, today=TODAY, sort="last_touch")[0]
    assert [r["id"] for r in by_last] == [soon, later, never]


def test_the_list_says_no_rhythm(db):
    ana = _met(db, "Ana Lima")
    rhythms.set_contact_rhythm(db, ana, NO_RHYTHM)
    [row] = contacts.list_contacts(db, today=TODAY)[0]
    assert (row["next_touch"], row["touch_words"]) == (None, "no rhythm")


# ------------------------------------------------------------------ the draft


def test_since_last_touch_names_what_they_could_mention():
    lines = drafts.since_last_touch(
        [
            {"kind": "book", "title": "Power Lines", "outcome": "It changed how I see grids."},
            {"kind": "event", "title": "Solar Week", "outcome": ""},
        ],
        ["Rosa Delgado"],
    )
    assert lines == [
        "- I read “Power Lines”, as you recommended: it changed how I see grids.",
        "- I went to “Solar Week”, as you recommended.",
        "- I talked with Rosa Delgado, whom you pointed me to.",
    ]
    body = drafts.keep_in_touch_draft({"name": "Ana Lima"}, since=lines).body
    assert "Since we were last in touch:\n\n- I read “Power Lines”" in body
    assert body.index("Rosa Delgado") < body.index("what's new?")
    plain = drafts.keep_in_touch_draft({"name": "Ana Lima"}).body
    assert "Since we were last in touch" not in plain


def test_the_keep_in_touch_draft_uses_what_happened_after_the_last_touch(db):
    ana = _met(db, "Ana Lima")
    log_interaction(db, ana, "note", date(2026, 9, 10))  # the last touch
    old, new = (
        db["research_items"]
        .insert({"kind": "book", "title": title, "status": "done", "done_on": done_on})
        .last_pk
        for title, done_on in (("Old Book", "2026-09-05"), ("New Book", "2026-10-02"))
    )
    # Who recommended an item is a row of board_recommendations (m017), as record() writes it.
    for item in (old, new):
        db["board_recommendations"].insert(
            {"item_id": item, "contact_id": ana, "recommended_on": "2026-09-01"}
        )
    rosa = _met(db, "Rosa Delgado", held_on=date(2026, 10, 15), referred_by_id=ana)
    _met(db, "Early Eve", held_on=date(2026, 9, 8), referred_by_id=ana)  # before the touch
    followups.sync_tasks(db, TODAY)
    draft = drafts.draft_for_task(db, _open_note(db, ana)["id"])
    assert "New Book" in draft.body and "Old Book" not in draft.body
    assert "I talked with Rosa Delgado" in draft.body and "Early Eve" not in draft.body
    assert old != new and rosa


# ------------------------------------------------------------------ on time and slipped


def test_a_keep_in_touch_note_is_on_time_until_its_latest_day(db):
    from lib import metrics, reviews

    ana = _met(db, "Ana Lima")  # Warm: due Sat 31 Oct, at the latest Mon 30 Nov
    followups.sync_tasks(db, TODAY)
    note = _open_note(db, ana)
    week = date(2026, 10, 26)  # the Monday of the week it fell due
    assert reviews.slipped_items(db, week, TODAY) == []  # due now, not slipped
    assert [r["contact_id"] for r in reviews.slipped_items(db, week, date(2026, 12, 1))] == [ana]
    followups.mark_done(db, note["id"], TODAY, sent_on=date(2026, 11, 20))  # after the ideal
    frame = metrics.followups_on_time_by_week(db, TODAY, week, week + timedelta(days=6))
    assert frame.loc[0, "on_time"] == 1 and frame.loc[0, "late"] == 0
    assert reviews.slipped_items(db, week, date(2026, 12, 1)) == []
