from datetime import date, timedelta

import pytest

from lib import business_days, clock, conversations, followups, metrics, reviews
from lib.contacts import log_interaction, save_contact, set_archived
from tests.support.days import TODAY

FRI = date(2026, 11, 20)
MON = date(2026, 11, 23)
WED = TODAY  # Wednesday 25 Nov; FRI and MON are the Friday and Monday before it


# ------------------------------------------------------------------ business days


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (FRI, 1, MON),  # the weekend does not count
        (FRI, 3, WED),
        (FRI, 7, date(2026, 12, 1)),  # Tue the week after next
        (date(2026, 11, 21), 1, MON),  # a Saturday start counts from Monday
        (MON, 5, date(2026, 11, 30)),
        (date(2026, 1, 30), 3, date(2026, 2, 4)),  # Friday at a month end
        (date(2026, 12, 31), 3, date(2027, 1, 5)),  # Thursday at a year end
        (MON, 0, MON),
    ],
)
def test_add_business_days(start, days, expected):
    assert followups.add_business_days(start, days) == expected


def test_business_days_between_counts_weekdays_after_start():
    assert followups.business_days_between(FRI, MON) == 1
    assert followups.business_days_between(FRI, date(2026, 11, 22)) == 0  # Sat, Sun
    assert followups.business_days_between(MON, MON) == 0
    assert followups.business_days_between(MON, FRI) == 0  # backwards
    assert followups.business_days_between(MON, MON + timedelta(days=7)) == 5


def test_business_days_between_agrees_with_adding_them():
    start = date(2026, 1, 1)
    for offset in range(0, 60):
        for days in range(0, 15):
            begin = start + timedelta(days=offset)
            end = followups.add_business_days(begin, days)
            assert followups.business_days_between(begin, end) == days


# ------------------------------------------------------------------ conversation tasks


def test_conversation_on_a_friday_wants_thanks_on_saturday_and_update_a_month_on():
    tasks = followups.conversation_tasks(FRI)
    assert tasks == {"thank_you": date(2026, 11, 21), "one_month_update": date(2026, 12, 20)}


def test_conversation_at_a_month_end():
    tasks = followups.conversation_tasks(date(2026, 1, 31))
    assert tasks["thank_you"] == date(2026, 2, 1)
    assert tasks["one_month_update"] == date(2026, 3, 2)


# ------------------------------------------------------------------ 3B7 and segments


def test_three_b_seven_skips_weekends():
    assert followups.three_b_seven(FRI) == {
        "next_contact": WED,
        "follow_up": date(2026, 12, 1),
    }


def test_a_reply_cancels_every_3b7_prompt():
    assert followups.three_b_seven(FRI, replied_on=MON) == {}


@pytest.mark.parametrize(
    ("reply_after_business_days", "segment"),
    [(1, "booster"), (2, "booster"), (3, "booster"), (4, "obligate"), (8, "obligate")],
)
def test_response_segment_by_reply_day(reply_after_business_days, segment):
    replied = followups.add_business_days(FRI, reply_after_business_days)
    assert followups.response_segment(FRI, replied, today=replied) == segment


def test_reply_on_the_third_business_day_after_a_weekend_is_a_booster():
    # Sent Friday, reply Wednesday: five calendar days, three business days.
    assert followups.response_segment(FRI, WED, today=WED) == "booster"


def test_curmudgeon_needs_the_follow_up_and_seven_business_days():
    follow = followups.add_business_days(FRI, 7)
    later = followups.add_business_days(follow, followups.FOLLOW_UP_GRACE_BUSINESS_DAYS)
    assert followups.response_segment(FRI, None, today=later, followed_up_on=follow) == (
        "curmudgeon"
    )
    # The day the follow-up goes out, they still have time to answer it.
    assert followups.response_segment(FRI, None, today=follow, followed_up_on=follow) is None
    assert followups.response_segment(FRI, None, today=follow) is None  # never followed up
    day_six = followups.add_business_days(FRI, 6)
    assert followups.response_segment(FRI, None, today=day_six, followed_up_on=day_six) is None


def test_going_cold_after_sixty_days():
    last = date(2026, 9, 1)
    assert not followups.is_going_cold(last, last + timedelta(days=59))
    assert followups.is_going_cold(last, last + timedelta(days=60))
    assert followups.is_going_cold(last, last + timedelta(days=10), days=10)


def test_due_buckets_and_snooze():
    assert followups.due_bucket(MON, WED) == "overdue"
    assert followups.due_bucket(WED, WED) == "today"
    assert followups.due_bucket(WED + timedelta(days=6), WED) == "week"
    assert followups.due_bucket(WED + timedelta(days=7), WED) is None
    assert followups.effective_due(MON, WED) == WED
    assert followups.effective_due(WED, MON) == WED
    assert followups.effective_due(WED, None) == WED


# ------------------------------------------------------------------ stored tasks


def _contact(db, name="Amara Okafor", organization="SolarShare", **extra):
    return save_contact(db, {"name": name, "organization": organization, **extra})


def _tasks(db, contact_id):
    return {
        row["kind"]: row
        for row in db.query("SELECT * FROM followups WHERE contact_id = ?", [contact_id])
    }


def test_sync_materialises_3b7_once(db):
    amara = _contact(db)
    outreach = log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    followups.sync_tasks(db, MON)
    tasks = _tasks(db, amara)
    assert db["followups"].count == 2
    assert tasks["next_contact"]["due_on"] == WED.isoformat()
    assert tasks["follow_up"]["due_on"] == "2026-12-01"
    assert tasks["follow_up"]["interaction_id"] == outreach
    assert {t["status"] for t in tasks.values()} == {"open"}


@pytest.mark.parametrize("reply_day", [2, 3, 8])
def test_a_reply_cancels_what_is_still_open(db, reply_day):
    amara = _contact(db)
    log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    replied = followups.add_business_days(FRI, reply_day)
    if reply_day == 8:
        # The follow-up went out on day 7, before the reply.
        seven = _tasks(db, amara)["follow_up"]["id"]
        followups.mark_done(db, seven, followups.add_business_days(FRI, 7))
    log_interaction(db, amara, "reply", replied, today=replied)
    followups.sync_tasks(db, replied)
    tasks = _tasks(db, amara)
    assert tasks["next_contact"]["status"] == "cancelled"
    expected = "done" if reply_day == 8 else "cancelled"
    assert tasks["follow_up"]["status"] == expected
    assert followups.due_followups(db, replied) == {"overdue": [], "today": [], "week": []}


def test_a_reply_before_the_first_sync_creates_nothing(db):
    amara = _contact(db)
    log_interaction(db, amara, "outreach", FRI)
    log_interaction(db, amara, "reply", MON)
    followups.sync_tasks(db, WED)
    assert db["followups"].count == 0


def test_a_conversation_counts_as_a_reply(db):
    amara = _contact(db)
    log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    conversations.save_conversation(db, amara, {"held_on": WED, "mode": "video"}, today=WED)
    followups.sync_tasks(db, WED)
    tasks = _tasks(db, amara)
    assert tasks["follow_up"]["status"] == "cancelled"
    assert tasks["thank_you"]["status"] == "open"


def test_a_follow_up_logged_by_hand_closes_the_7b_prompt(db):
    amara = _contact(db)
    log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    sent = log_interaction(db, amara, "follow_up", date(2026, 12, 1), today=date(2026, 12, 1))
    followups.sync_tasks(db, date(2026, 12, 1))
    task = _tasks(db, amara)["follow_up"]
    assert task["status"] == "done"
    assert task["done_interaction_id"] == sent
    assert clock.local_date(task["done_at"]) == date(2026, 12, 1)  # a UTC instant, that local day


def test_an_outreach_to_a_colleague_closes_the_3b_prompt(db):
    amara = _contact(db)
    ben = _contact(db, "Ben Lindqvist")
    log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    log_interaction(db, ben, "outreach", WED)
    followups.sync_tasks(db, WED)
    assert _tasks(db, amara)["next_contact"]["status"] == "done"
    assert _tasks(db, amara)["follow_up"]["status"] == "open"
    assert _tasks(db, ben)["next_contact"]["status"] == "open"  # Ben's own clock runs


def test_scheduling_a_conversation_retires_the_3b_and_7b_steps_as_a_reply_does(db):
    from datetime import UTC, datetime, time

    from lib import schedule

    amara = _contact(db)
    log_interaction(db, amara, "outreach", date(2026, 11, 30), today=date(2026, 11, 30))
    followups.sync_tasks(db, date(2026, 11, 30))
    assert {t["status"] for t in _tasks(db, amara).values()} == {"open"}
    # They answered: a call on Fri 4 Dec, the day the 3B prompt falls due.
    now = datetime.combine(date(2026, 12, 2), time(9)).astimezone().astimezone(UTC)
    call = schedule.schedule(
        db, amara, {"day": date(2026, 12, 4), "time": time(10), "mode": "video"}, now=now
    )
    followups.sync_tasks(db, date(2026, 12, 2))
    tasks = _tasks(db, amara)
    assert {tasks[k]["status"] for k in ("next_contact", "follow_up")} == {"cancelled"}
    assert tasks["next_contact"]["skip_reason"] == followups.SCHEDULED_REASON
    due = followups.due_followups(db, date(2026, 12, 4))
    assert not [e for group in due.values() for e in group if e.contact_id == amara]
    # Called off with no reply: the steps are back, due when they were.
    schedule.cancel(db, call)
    followups.sync_tasks(db, date(2026, 12, 2))
    assert {t["status"] for t in _tasks(db, amara).values()} == {"open"}


def test_an_outreach_after_a_call_was_scheduled_gets_no_3b7_prompts(db):
    from datetime import UTC, datetime, time

    from lib import schedule

    amara = _contact(db)
    now = datetime.combine(MON, time(9)).astimezone().astimezone(UTC)
    schedule.schedule(db, amara, {"day": WED, "time": time(10), "mode": "phone"}, now=now)
    log_interaction(db, amara, "outreach", MON)  # the invitation, logged after scheduling
    followups.sync_tasks(db, MON)
    assert _tasks(db, amara) == {}


def test_each_due_group_runs_soonest_first(db):
    people = [_contact(db, f"Person {n}", organization=f"Org {n}") for n in range(4)]
    # Four 3B prompts, logged out of order: due Thu 3, Mon 7, Fri 4 and Mon 7 Dec.
    for person, sent in zip(
        people,
        [date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 1), date(2026, 12, 2)],
        strict=True,
    ):
        log_interaction(db, person, "outreach", sent, today=date(2026, 12, 2))
    followups.sync_tasks(db, date(2026, 12, 2))
    due = followups.due_followups(db, date(2026, 12, 2))
    three_b = [e for e in due["week"] if e.kind == "next_contact"]
    assert [e.due for e in three_b] == sorted(e.due for e in three_b)
    assert [e.due.day for e in three_b] == [3, 4, 7, 7]
    assert [e.contact_id for e in three_b][2:] == [people[1], people[3]]  # a tie: first logged
    # Overdue: the oldest first, which is the soonest due date first.
    late = followups.due_followups(db, date(2026, 12, 15))["overdue"]
    assert [e.due for e in late] == sorted(e.due for e in late)
    assert late[0].due == date(2026, 12, 3)


def test_archiving_a_contact_cancels_their_tasks(db):
    amara = _contact(db)
    log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    set_archived(db, amara, True)
    followups.sync_tasks(db, MON)
    assert {t["status"] for t in _tasks(db, amara).values()} == {"cancelled"}


def test_due_list_groups_and_explains(db):
    amara = _contact(db)
    ben = _contact(db, "Ben Lindqvist", organization="")
    log_interaction(db, amara, "outreach", date(2026, 11, 10))  # 3B and 7B both overdue
    conversations.save_conversation(db, ben, {"held_on": date(2026, 11, 24), "mode": "phone"})
    followups.sync_tasks(db, WED)
    due = followups.due_followups(db, WED)
    # Soonest due first: the 3B (due Fri 13 Nov) before the 7B (Thu 19 Nov).
    assert [e.kind for e in due["overdue"]] == ["next_contact", "follow_up"]
    assert [e.kind for e in due["today"]] == ["thank_you"]
    assert due["week"] == []  # the update is a month away
    three_b = due["overdue"][0]
    assert "someone else at SolarShare" in three_b.reason
    assert "(3B: 3 business days without a reply" in three_b.reason  # said, not just named
    assert "(7B: 7 business days without a reply" in due["overdue"][1].reason
    assert "Tue 10 Nov" in three_b.reason
    assert "Ben Lindqvist" in due["today"][0].reason
    assert "Tue 24 Nov" in due["today"][0].reason


def test_mark_done_logs_the_interaction_and_when(db):
    ben = _contact(db, "Ben Lindqvist")
    conversation = conversations.save_conversation(
        db, ben, {"held_on": MON, "mode": "phone"}, today=MON
    )
    thanks = _tasks(db, ben)["thank_you"]["id"]
    interaction = followups.mark_done(db, thanks, WED, summary="Thanked by email")
    logged = db["interactions"].get(interaction)
    assert logged["kind"] == "thank_you"
    assert logged["occurred_on"] == WED.isoformat()
    assert logged["conversation_id"] == conversation
    assert logged["summary"] == "Thanked by email"
    task = followups.get_task(db, thanks)
    assert task["status"] == "done"
    assert task["done_at"].endswith("Z")
    assert clock.local_date(task["done_at"]) == WED
    assert task["done_interaction_id"] == interaction
    with pytest.raises(followups.FollowupError, match="already done"):
        followups.mark_done(db, thanks, WED)


@pytest.mark.parametrize(
    ("task_kind", "interaction_kind"),
    [("one_month_update", "update"), ("follow_up", "follow_up"), ("next_contact", None)],
)
def test_mark_done_logs_the_matching_kind(db, task_kind, interaction_kind):
    amara = _contact(db)
    log_interaction(db, amara, "outreach", FRI)
    conversations.save_conversation(db, amara, {"held_on": MON, "mode": "phone"}, today=MON)
    task_id = (
        db["followups"]
        .insert({"kind": task_kind, "contact_id": amara, "due_on": WED.isoformat()})
        .last_pk
    )
    interaction = followups.mark_done(db, task_id, WED)
    if interaction_kind is None:
        assert interaction is None
    else:
        assert db["interactions"].get(interaction)["kind"] == interaction_kind


def test_snooze_hides_until_the_date(db):
    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": MON, "mode": "phone"}, today=MON)
    thanks = _tasks(db, ben)["thank_you"]["id"]
    with pytest.raises(followups.FollowupError, match="after today"):
        followups.snooze(db, thanks, WED, today=WED)
    followups.snooze(db, thanks, date(2026, 12, 10), today=WED)
    assert followups.due_followups(db, WED)["overdue"] == []
    later = followups.due_followups(db, date(2026, 12, 10))
    assert [e.id for e in later["today"]] == [thanks]


def test_skip_needs_a_reason(db):
    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": MON, "mode": "phone"}, today=MON)
    thanks = _tasks(db, ben)["thank_you"]["id"]
    with pytest.raises(followups.FollowupError, match="why"):
        followups.skip(db, thanks, "   ")
    followups.skip(db, thanks, "Thanked them in person")
    task = followups.get_task(db, thanks)
    assert (task["status"], task["skip_reason"]) == ("skipped", "Thanked them in person")


def test_changing_a_conversations_date_moves_only_its_open_tasks(db):
    ben = _contact(db, "Ben Lindqvist")
    values = {"held_on": MON, "mode": "phone"}
    conversation = conversations.save_conversation(db, ben, values, today=WED)
    followups.mark_done(db, _tasks(db, ben)["thank_you"]["id"], WED)
    followups.snooze(db, _tasks(db, ben)["one_month_update"]["id"], date(2027, 1, 5), WED)
    conversations.save_conversation(
        db, ben, {"held_on": FRI, "mode": "phone"}, today=WED, conversation_id=conversation
    )
    tasks = _tasks(db, ben)
    assert db["followups"].count == 2
    assert tasks["thank_you"]["due_on"] == "2026-11-24"  # done: left as it was
    assert tasks["one_month_update"]["due_on"] == "2026-12-20"
    assert tasks["one_month_update"]["snoozed_until"] is None


def test_keep_in_touch_for_a_met_contact_going_cold(db):
    ben = _contact(db, "Ben Lindqvist")
    never_met = _contact(db, "Carmen Reyes")
    log_interaction(db, never_met, "note", date(2026, 1, 1))
    conversations.save_conversation(db, ben, {"held_on": date(2026, 9, 1), "mode": "phone"})
    for task in _tasks(db, ben).values():
        followups.mark_done(db, task["id"], date(2026, 9, 2))
    followups.sync_tasks(db, date(2026, 10, 31))  # 59 days after the last touch
    assert "keep_in_touch" not in _tasks(db, ben)
    followups.sync_tasks(db, date(2026, 11, 1))
    task = _tasks(db, ben)["keep_in_touch"]
    assert task["due_on"] == "2026-11-01"
    assert _tasks(db, never_met) == {}
    assert [c["name"] for c in followups.going_cold(db, date(2026, 11, 1))] == ["Ben Lindqvist"]
    # Due from the ideal day (60 days on) and overdue only after the latest (90 days on).
    due_now = followups.due_followups(db, date(2026, 11, 3))
    assert due_now["overdue"] == []
    [entry] = due_now["today"]
    assert "Wed 2 Sep, 62 days ago" in entry.reason
    assert "by Tue 1 Dec at the latest" in entry.reason
    assert followups.due_followups(db, date(2026, 12, 1))["today"][0].id == entry.id
    assert followups.due_followups(db, date(2026, 12, 2))["overdue"][0].id == entry.id
    # Skipping it does not bring it back; writing to them does cancel a fresh one.
    followups.skip(db, task["id"], "Not now")
    followups.sync_tasks(db, date(2026, 11, 5))
    assert db["followups"].count_where("kind = 'keep_in_touch'") == 1


def test_touching_a_cold_contact_cancels_the_reminder(db):
    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": date(2026, 9, 1), "mode": "phone"})
    followups.sync_tasks(db, date(2026, 11, 10))
    log_interaction(db, ben, "call", date(2026, 11, 11))
    followups.sync_tasks(db, date(2026, 11, 11))
    assert _tasks(db, ben)["keep_in_touch"]["status"] == "cancelled"


def test_segments_have_one_implementation(db):
    # lib.metrics.contact_segments is the only per-contact segment query (issue 7).
    assert not hasattr(followups, "response_segments")

    quick, slow, silent, early = (
        _contact(db, name) for name in ("Quick", "Slow", "Silent", "Early")
    )
    for contact in (quick, slow, silent):
        log_interaction(db, contact, "outreach", FRI)
    log_interaction(db, early, "outreach", date(2026, 12, 1), today=date(2026, 12, 1))
    log_interaction(db, quick, "reply", WED)
    log_interaction(db, slow, "reply", date(2026, 11, 26), today=date(2026, 11, 26))
    log_interaction(db, silent, "follow_up", date(2026, 12, 1), today=date(2026, 12, 1))
    segments = metrics.contact_segments(db, date(2026, 12, 4))
    assert segments == {
        quick: "booster",
        slow: "obligate",
        silent: "curmudgeon",
        early: "waiting",
    }


def test_sample_sync_is_idempotent(sample_db):
    followups.sync_tasks(sample_db, TODAY)
    count = sample_db["followups"].count
    second = followups.sync_tasks(sample_db, TODAY)
    derived = "SELECT count(*) FROM followups WHERE kind IN ('next_contact', 'follow_up')"
    assert sample_db.execute(derived).fetchone()[0] > 0
    assert second == {"created": 0, "cancelled": 0, "closed": 0}
    assert sample_db["followups"].count == count


def test_the_database_refuses_a_second_copy_of_a_derived_task(db):
    import sqlite3

    amara = _contact(db)
    outreach = log_interaction(db, amara, "outreach", FRI)
    followups.sync_tasks(db, FRI)
    with pytest.raises(sqlite3.IntegrityError):
        db["followups"].insert(
            {"kind": "follow_up", "contact_id": amara, "interaction_id": outreach, "due_on": "x"}
        )


def test_3b7_only_for_outreaches_in_the_window(db):
    old, recent = _contact(db, "Old"), _contact(db, "Recent")
    log_interaction(db, old, "outreach", WED - timedelta(days=61))
    log_interaction(db, recent, "outreach", WED - timedelta(days=60))
    followups.sync_tasks(db, WED)
    assert _tasks(db, old) == {}
    assert set(_tasks(db, recent)) == {"next_contact", "follow_up"}


def test_due_counts_and_limit(db):
    for number in range(5):
        contact = _contact(db, f"Person {number}", organization="")
        log_interaction(db, contact, "outreach", date(2026, 11, 2))
    followups.sync_tasks(db, WED)
    assert followups.due_counts(db, WED) == {"overdue": 10, "today": 0, "week": 0}
    assert len(followups.due_followups(db, WED, limit=3)["overdue"]) == 3


def test_due_overview_counts_every_bucket_and_lists_the_soonest_few(db):
    for number in range(4):  # outreaches a day apart: their 3B and 7B prompts fall in turn
        contact = _contact(db, f"Person {number}", organization="")
        log_interaction(db, contact, "outreach", WED - timedelta(days=9 - number))
    followups.sync_tasks(db, WED)
    everything = followups.due_followups(db, WED)
    groups, counts = followups.due_overview(db, WED, limit=2)
    assert counts == {bucket: len(entries) for bucket, entries in everything.items()}
    assert max(counts.values()) > 2  # one bucket holds more than the two listed
    for bucket, entries in groups.items():
        assert [e.id for e in entries] == [e.id for e in everything[bucket][:2]]
        assert all(e.bucket == bucket for e in entries)
    assert followups.due_overview(db, WED, limit=0) == ({b: [] for b in counts}, counts)


# ------------------------------------------------------------------ issue 7: rules that match the method


def _outreach_with_prompts(db, name="Amara Okafor", sent=FRI):
    contact = _contact(db, name)
    log_interaction(db, contact, "outreach", sent)
    followups.sync_tasks(db, sent)
    return contact


def test_sending_the_7b_follow_up_closes_the_3b_prompt_with_a_reason(db):
    amara = _outreach_with_prompts(db)
    seven = _tasks(db, amara)["follow_up"]["id"]
    followups.mark_done(db, seven, date(2026, 12, 1))
    three_b = _tasks(db, amara)["next_contact"]
    assert three_b["status"] == "cancelled"
    assert three_b["skip_reason"] == followups.FOLLOWED_UP_REASON
    assert followups.due_followups(db, date(2026, 12, 2))["overdue"] == []
    # The contact's timeline says why the prompt went away.
    from lib.contacts import timeline

    closed = [e for e in timeline(db, amara) if e["source"] == "followup"]
    assert [(e["what"], e["detail"]) for e in closed] == [
        ("Cancelled: Reach out to someone else there (3B)", followups.FOLLOWED_UP_REASON)
    ]


def test_a_follow_up_logged_by_hand_also_closes_the_3b_prompt(db):
    amara = _outreach_with_prompts(db)
    log_interaction(db, amara, "follow_up", date(2026, 12, 1), today=date(2026, 12, 1))
    followups.sync_tasks(db, date(2026, 12, 1))
    tasks = _tasks(db, amara)
    assert tasks["follow_up"]["status"] == "done"
    assert (tasks["next_contact"]["status"], tasks["next_contact"]["skip_reason"]) == (
        "cancelled",
        followups.FOLLOWED_UP_REASON,
    )


def test_the_3b_prompt_lapses_with_the_outreach_window(db):
    amara = _outreach_with_prompts(db)
    last_day = FRI + timedelta(days=followups.OUTREACH_WINDOW_DAYS)
    followups.sync_tasks(db, last_day)
    assert _tasks(db, amara)["next_contact"]["status"] == "open"
    followups.sync_tasks(db, last_day + timedelta(days=1))
    three_b = _tasks(db, amara)["next_contact"]
    assert (three_b["status"], three_b["skip_reason"]) == ("cancelled", followups.WINDOW_REASON)
    assert [e.kind for e in followups.due_followups(db, last_day)["overdue"]] == ["follow_up"]


def test_done_takes_the_day_it_was_sent(db):
    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": MON, "mode": "phone"}, today=MON)
    thanks = _tasks(db, ben)["thank_you"]["id"]  # due Tue 24 Nov
    # Sent Tuesday night, logged Wednesday morning: on time.
    interaction = followups.mark_done(db, thanks, WED, sent_on=date(2026, 11, 24))
    assert db["interactions"].get(interaction)["occurred_on"] == "2026-11-24"
    task = followups.get_task(db, thanks)
    assert clock.local_date(task["done_at"]) == date(2026, 11, 24)
    assert metrics.on_time_by_kind(db, MON, WED)["thank_you"]["on_time"] == 1


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [(date(2026, 11, 26), "future"), (date(2026, 11, 22), "before Mon 23 Nov")],
)
def test_done_refuses_a_sent_on_day_in_the_future_or_before_the_conversation(db, sent_on, message):
    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": MON, "mode": "phone"}, today=MON)
    thanks = _tasks(db, ben)["thank_you"]["id"]
    with pytest.raises(followups.FollowupError, match=message):
        followups.mark_done(db, thanks, WED, sent_on=sent_on)
    assert followups.get_task(db, thanks)["status"] == "open"
    assert db["interactions"].count_where("kind = 'thank_you'") == 0


def test_a_3b7_done_date_cannot_precede_the_outreach(db):
    amara = _outreach_with_prompts(db)
    with pytest.raises(followups.FollowupError, match="before Fri 20 Nov"):
        followups.mark_done(
            db, _tasks(db, amara)["follow_up"]["id"], WED, sent_on=MON - timedelta(7)
        )


@pytest.mark.parametrize("action", ["snooze", "skip"])
def test_a_stale_tab_cannot_change_a_done_task(db, tmp_path, action):
    from lib import store

    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": MON, "mode": "phone"}, today=MON)
    thanks = _tasks(db, ben)["thank_you"]["id"]
    other_tab = store.connect(tmp_path / "fieldwork.db")
    try:
        # The other tab read the task while it was open; this tab then marks it done.
        assert followups.get_task(other_tab, thanks)["status"] == "open"
        followups.mark_done(db, thanks, WED)
        with pytest.raises(followups.FollowupError, match="already done"):
            if action == "snooze":
                followups.snooze(other_tab, thanks, date(2026, 12, 10), WED)
            else:
                followups.skip(other_tab, thanks, "Not needed")
    finally:
        other_tab.close()
    task = followups.get_task(db, thanks)
    assert (task["status"], task["snoozed_until"], task["skip_reason"]) == ("done", None, None)


# ------------------------------------------------------------------ time zones


@pytest.fixture(
    params=["America/Los_Angeles", "Pacific/Honolulu", "Pacific/Auckland", "Asia/Tokyo"]
)
def zone(request):
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize("hour", [0, 7, 18, 23])
def test_a_sent_on_day_is_stored_as_a_real_instant_on_that_local_day(zone, hour):
    from datetime import datetime, time

    day = date(2026, 11, 24)
    logged = datetime.combine(WED, time(hour, 30)).astimezone()  # local time, Wednesday
    stamp = clock.stamp_on(day, logged)
    assert stamp.endswith("Z")
    instant = datetime.fromisoformat(stamp).astimezone()  # back to local
    assert (instant.date(), instant.hour, instant.minute) == (day, hour, 30)
    assert clock.local_date(stamp) == day


def test_on_time_is_judged_on_the_local_day_in_any_zone(zone, db):
    ben = _contact(db, "Ben Lindqvist")
    conversations.save_conversation(db, ben, {"held_on": MON, "mode": "phone"}, today=MON)
    thanks = _tasks(db, ben)["thank_you"]["id"]  # due Tue 24 Nov
    followups.mark_done(db, thanks, WED, sent_on=date(2026, 11, 24))
    judged = metrics.on_time_by_kind(db, MON, WED)["thank_you"]
    assert (judged["on_time"], judged["due"]) == (1, 1)
    assert reviews.slipped_items(db, MON, WED) == []


def test_a_follow_up_logged_by_hand_closes_the_7b_prompt_on_its_local_day(zone, db):
    amara = _outreach_with_prompts(db)
    log_interaction(db, amara, "follow_up", date(2026, 12, 1), today=date(2026, 12, 1))
    followups.sync_tasks(db, date(2026, 12, 3))
    assert clock.local_date(_tasks(db, amara)["follow_up"]["done_at"]) == date(2026, 12, 1)


# ------------------------------------------------------------------ public holidays


def test_3b7_skips_us_thanksgiving(db):
    business_days.set_country(db, "US")
    calendar = business_days.calendar_for(db)
    wed_before = date(2026, 11, 25)  # Thanksgiving is Thu 26 Nov 2026
    assert followups.three_b_seven(wed_before, calendar=calendar) == {
        "next_contact": date(2026, 12, 1),  # Fri, Mon, Tue
        "follow_up": date(2026, 12, 7),
    }
    assert followups.three_b_seven(wed_before) == {
        "next_contact": date(2026, 11, 30),  # weekends only
        "follow_up": date(2026, 12, 4),
    }
    amara = _outreach_with_prompts(db, sent=wed_before)
    assert _tasks(db, amara)["next_contact"]["due_on"] == "2026-12-01"
    entry = followups.due_followups(db, date(2026, 12, 1))["today"][0]
    assert "(3 business days)" in entry.reason


def test_3b7_skips_uk_easter_monday(db):
    business_days.set_country(db, "GB", "ENG")
    calendar = business_days.calendar_for(db)
    thursday = date(2026, 4, 2)  # Good Friday 3 Apr and Easter Monday 6 Apr 2026
    assert followups.three_b_seven(thursday, calendar=calendar) == {
        "next_contact": date(2026, 4, 9),
        "follow_up": date(2026, 4, 15),
    }
    assert followups.business_days_between(thursday, date(2026, 4, 7), calendar) == 1
    assert (
        followups.response_segment(thursday, date(2026, 4, 9), date(2026, 4, 9), calendar=calendar)
        == "booster"
    )
    assert followups.response_segment(thursday, date(2026, 4, 9), date(2026, 4, 9)) == "obligate"


def test_without_a_country_only_weekends_are_skipped(db):
    assert business_days.calendar_for(db) == business_days.WEEKENDS_ONLY
    business_days.set_country(db, "US")
    business_days.set_country(db, None)
    assert business_days.calendar_for(db) == business_days.WEEKENDS_ONLY
    with pytest.raises(business_days.SettingError):
        business_days.set_country(db, "XX")
