"""Every metric against the hand-counted world in hand_counted.py."""

from datetime import date, timedelta

import pytest

from lib import metrics
from tests.support import hand_counted as world
from tests.support.days import TODAY
from tests.support.hand_counted import WEEKS


@pytest.fixture
def world_db(db):
    world.build(db)
    return db


@pytest.mark.parametrize(
    "day, monday",
    [
        (date(2026, 11, 2), date(2026, 11, 2)),  # a Monday is its own week
        (date(2026, 11, 8), date(2026, 11, 2)),  # Sunday closes the week
        (date(2026, 11, 9), date(2026, 11, 9)),
        (date(2027, 1, 1), date(2026, 12, 28)),  # across a year end
    ],
)
def test_week_starts_on_monday(day, monday):
    assert metrics.week_start(day) == monday


def test_weeks_between_lists_every_monday():
    assert metrics.weeks_between(date(2026, 11, 4), date(2026, 11, 23)) == WEEKS
    assert metrics.weeks_between(date(2026, 11, 23), date(2026, 11, 4)) == []


def test_activity_per_week_by_kind(world_db):
    frame = metrics.activity_by_week(world_db, WEEKS[0], date(2026, 11, 29))
    rows = frame.set_index("week").to_dict("index")
    assert list(rows) == WEEKS
    assert rows[WEEKS[0]] == {
        "outreach": 3,
        "replies": 1,
        "conversations": 1,
        "thank_yous": 1,
        "updates": 0,
    }
    assert rows[WEEKS[1]] == {
        "outreach": 1,  # Cal's follow-up counts as outreach; the call and note do not count
        "replies": 0,
        "conversations": 1,
        "thank_yous": 0,
        "updates": 1,
    }
    assert rows[WEEKS[2]] == {
        "outreach": 1,
        "replies": 1,
        "conversations": 1,
        "thank_yous": 1,
        "updates": 0,
    }
    assert sum(rows[WEEKS[3]].values()) == 0


def test_activity_range_cuts_at_its_days(world_db):
    frame = metrics.activity_by_week(world_db, date(2026, 11, 4), date(2026, 11, 5))
    assert frame.to_dict("records") == [
        {
            "week": WEEKS[0],
            "outreach": 0,
            "replies": 1,
            "conversations": 0,
            "thank_yous": 0,
            "updates": 0,
        }
    ]


def test_weekly_totals_are_the_goal_measures(world_db):
    frame = metrics.weekly_totals(world_db, WEEKS[0], WEEKS[3]).set_index("week")
    assert frame.loc[WEEKS[0]].to_dict() == {
        "outreaches": 3,
        "conversations": 1,
        "thank_yous": 1,
        "items_done": 0,
    }
    assert frame.loc[WEEKS[1]].to_dict() == {
        "outreaches": 1,
        "conversations": 1,
        "thank_yous": 0,
        "items_done": 1,
    }
    assert frame.loc[WEEKS[2]].to_dict() == {
        "outreaches": 1,
        "conversations": 1,
        "thank_yous": 1,
        "items_done": 1,
    }
    assert frame.loc[WEEKS[3]].sum() == 0


def test_response_rate_and_days_to_reply(world_db):
    summary = metrics.response_summary(world_db, TODAY)
    assert summary == {
        "reached_out": 4,
        "replied": 2,
        "response_rate": 0.5,
        "median_days_to_reply": 4.0,
        "mean_days_to_reply": 4.0,
    }


def test_response_counts_contacts_by_their_first_outreach_in_range(world_db):
    summary = metrics.response_summary(world_db, TODAY, date(2026, 11, 16), date(2026, 11, 22))
    assert summary["reached_out"] == 1  # Dee; Cal's follow-up in week 2 is not a first outreach
    assert summary["replied"] == 0
    assert summary["response_rate"] == 0
    assert summary["median_days_to_reply"] is None


def test_response_by_week(world_db):
    frame = metrics.response_by_week(world_db, TODAY, WEEKS[0], date(2026, 11, 29))
    rows = frame.set_index("week")
    assert rows.loc[WEEKS[0], "reached_out"] == 3
    assert rows.loc[WEEKS[0], "replied"] == 2
    assert rows.loc[WEEKS[0], "response_rate"] == pytest.approx(2 / 3)
    assert rows.loc[WEEKS[0], "median_days"] == 4
    assert rows.loc[WEEKS[1], "reached_out"] == 0
    assert rows.loc[WEEKS[2], "response_rate"] == 0


def test_no_outreach_means_no_rate(db):
    assert metrics.response_summary(db, TODAY)["response_rate"] is None
    assert metrics.segment_counts(db, TODAY)["contacts"].sum() == 0
    assert metrics.response_by_week(db, TODAY, WEEKS[0], WEEKS[1])["reached_out"].sum() == 0


def test_a_reply_before_the_first_outreach_is_not_a_reply(db):
    contact = db["contacts"].insert({"name": "Gus"}).last_pk
    db["interactions"].insert_all(
        [
            {"contact_id": contact, "kind": "reply", "occurred_on": "2026-11-09"},
            {"contact_id": contact, "kind": "outreach", "occurred_on": "2026-11-10"},
        ]
    )
    frame = metrics.outreach_replies(db, TODAY)
    assert frame["first_reply"].isna().all()
    assert frame["segment"].tolist() == ["waiting"]  # no follow-up sent yet


def test_a_conversation_counts_as_the_reply(db):
    contact = db["contacts"].insert({"name": "Hal"}).last_pk
    db["interactions"].insert(
        {"contact_id": contact, "kind": "outreach", "occurred_on": "2026-11-02"}
    )
    db["conversations"].insert({"contact_id": contact, "held_on": "2026-11-05", "mode": "phone"})
    frame = metrics.outreach_replies(db, TODAY)
    assert frame["first_reply"].tolist() == ["2026-11-05"]
    assert frame["days_to_reply"].tolist() == [3]
    assert frame["segment"].tolist() == ["booster"]


def test_segments(world_db):
    counts = metrics.segment_counts(world_db, TODAY).set_index("segment")["contacts"].to_dict()
    assert counts == {"booster": 1, "obligate": 1, "curmudgeon": 1, "waiting": 1}
    names = dict(world_db.execute("SELECT id, name FROM contacts").fetchall())
    by_name = {names[i]: s for i, s in metrics.contact_segments(world_db, TODAY).items()}
    assert by_name == {"Ana": "booster", "Ben": "obligate", "Cal": "curmudgeon", "Dee": "waiting"}


def test_funnel_counts_and_rates(world_db):
    frame = metrics.funnel(world_db).set_index("stage")
    assert frame["contacts"].to_dict() == {
        "identified": 6,
        "reached_out": 5,  # Fay was met without a logged outreach: she counts as reached
        "replied": 3,
        "met": 3,
        "referred": 2,  # Ana led to Ben; Fay recommended a person
    }
    assert frame.loc["replied", "rate_from_previous"] == pytest.approx(3 / 5)
    assert frame.loc["referred", "rate_from_start"] == pytest.approx(2 / 6)


def test_funnel_for_contacts_identified_in_a_range(world_db):
    frame = metrics.funnel(world_db, date(2026, 11, 9), date(2026, 11, 22)).set_index("stage")
    # Dee, Eve and Fay were identified then.
    assert frame["contacts"].tolist() == [3, 2, 1, 1, 1]


def test_empty_funnel_has_no_rates(db):
    frame = metrics.funnel(db)
    assert frame["contacts"].sum() == 0
    assert frame["rate_from_start"].isna().all()


def test_followups_on_time_late_and_missed(world_db):
    frame = metrics.followups_on_time_by_week(world_db, TODAY, WEEKS[0], date(2026, 12, 31))
    rows = frame.set_index("week")
    assert rows.loc[WEEKS[0]].to_dict() == {"on_time": 1, "late": 0, "missed": 0}
    # Fay's thank-you is open and overdue; her skipped keep-in-touch is not judged; Ana's
    # October one-month update went out on time.
    assert rows.loc[WEEKS[1]].to_dict() == {"on_time": 1, "late": 0, "missed": 1}
    assert rows.loc[WEEKS[2]].to_dict() == {"on_time": 0, "late": 1, "missed": 0}
    # Ana's one-month update is due in December and still open: not judged yet.
    assert frame[["on_time", "late", "missed"]].to_numpy().sum() == 4


def test_on_time_chart_can_show_one_kind(world_db):
    thanks = metrics.followups_on_time_by_week(
        world_db, TODAY, WEEKS[0], WEEKS[3], kind_group="thank_you"
    ).set_index("week")
    assert thanks.loc[WEEKS[1]].to_dict() == {"on_time": 0, "late": 0, "missed": 1}
    updates = metrics.followups_on_time_by_week(
        world_db, TODAY, WEEKS[0], WEEKS[3], kind_group="one_month_update"
    ).set_index("week")
    assert updates.loc[WEEKS[1]].to_dict() == {"on_time": 1, "late": 0, "missed": 0}
    others = metrics.followups_on_time_by_week(world_db, TODAY, WEEKS[0], WEEKS[3], "other")
    assert others[["on_time", "late", "missed"]].to_numpy().sum() == 0


@pytest.mark.parametrize("week", WEEKS)
def test_on_time_by_kind_per_week_matches_the_hand_count(world_db, week):
    counted = metrics.on_time_by_kind(world_db, week, week + timedelta(days=6), TODAY)
    (thanks_on_time, thanks_due), (updates_on_time, updates_due) = world.ON_TIME[week]
    assert (counted["thank_you"]["on_time"], counted["thank_you"]["due"]) == (
        thanks_on_time,
        thanks_due,
    )
    assert (counted["one_month_update"]["on_time"], counted["one_month_update"]["due"]) == (
        updates_on_time,
        updates_due,
    )
    assert counted["other"]["due"] == 0  # Fay's keep-in-touch was skipped


def test_on_time_by_kind_over_the_range(world_db):
    counted = metrics.on_time_by_kind(world_db, WEEKS[0], date(2026, 11, 29), TODAY)
    assert counted["thank_you"] == {"due": 3, "on_time": 1, "late": 1, "missed": 1}
    assert counted["one_month_update"] == {"due": 1, "on_time": 1, "late": 0, "missed": 0}
    assert metrics.on_time_text(counted["thank_you"]) == "1 of 3 on time"
    assert metrics.on_time_text(counted["other"]) == "none due"


@pytest.mark.parametrize("start", [WEEKS[0], WEEKS[1], WEEKS[3]])
def test_the_activity_pages_figures_from_its_chart_frames_are_the_figures(world_db, start):
    # Outreach activity takes its response and on-time figures from the frames its charts
    # draw (one read of the file); they must be what replies() and on_time_by_kind() say.
    end = date(2026, 11, 29)
    frame = metrics.outreach_replies(world_db, TODAY, start, end)
    assert metrics.summarize_responses(frame) == metrics.replies(world_db, start, end, TODAY)
    by_group = metrics.on_time_by_group(world_db, TODAY, start, end)
    assert metrics.on_time_totals(by_group) == metrics.on_time_by_kind(world_db, start, end, TODAY)


@pytest.fixture(params=["America/Los_Angeles", "Pacific/Auckland"])
def far_zone(request):
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_the_hand_count_holds_in_far_time_zones(far_zone, db):
    # Ana's thank-you went out at 11:30 pm on its due day: on time wherever she lives.
    world.build(db)
    counted = metrics.on_time_by_kind(db, WEEKS[0], date(2026, 11, 29), TODAY)
    assert counted["thank_you"]["on_time"] == 1
    assert counted["one_month_update"]["on_time"] == 1


@pytest.mark.parametrize("week", WEEKS)
def test_overruns_per_week_match_the_hand_count(world_db, week):
    found = metrics.overruns(world_db, week, week + timedelta(days=6))
    assert [(row["contact"], row["minutes"]) for row in found] == world.OVERRUNS.get(week, [])


def test_overruns_over_the_range_and_another_target(world_db):
    found = metrics.overruns(world_db, WEEKS[0], date(2026, 11, 29))
    assert [(r["contact"], r["minutes"], r["target"], r["over"]) for r in found] == [
        ("Ben", 35, 20, 15)
    ]
    # A longer planned length: Ben's 35 minutes fit in 40; a 15-minute plan makes Ana over too.
    assert metrics.overruns(world_db, WEEKS[0], date(2026, 11, 29), target_minutes=40) == []
    shorter = metrics.overruns(world_db, WEEKS[0], date(2026, 11, 29), target_minutes=15)
    assert [r["contact"] for r in shorter] == ["Ana", "Ben"]


def test_roles_explored_merge_spellings_across_sources(world_db):
    frame = metrics.roles_explored(world_db)
    totals = frame.assign(key=frame["role"].str.lower()).groupby("key")["mentions"].sum()
    assert totals.to_dict() == {"program manager": 2, "grants manager": 2}
    grants = frame[frame["role"].str.lower() == "grants manager"]
    assert sorted(grants["source"]) == ["alternative", "board"]
    assert grants["role"].nunique() == 1


def test_industries_explored(world_db):
    frame = metrics.industries_explored(world_db).set_index("industry")
    assert frame.loc["Energy"].to_dict() == {"contacts": 2, "conversations": 1}
    assert frame.loc["Health"].to_dict() == {"contacts": 2, "conversations": 1}
    assert frame.loc["Not set"].to_dict() == {"contacts": 2, "conversations": 1}


def test_board_done_by_week(world_db):
    frame = metrics.board_done_by_week(world_db, WEEKS[0], date(2026, 11, 29))
    assert frame[["week", "kind", "items"]].to_dict("records") == [
        {"week": WEEKS[1], "kind": "book", "items": 1},
        {"week": WEEKS[2], "kind": "person", "items": 1},
    ]
    assert frame["label"].tolist() == ["Book or article", "Person to contact"]


def test_referral_network(world_db):
    nodes, edges = metrics.referral_network(world_db, TODAY)
    by_name = nodes.set_index("name")
    assert list(by_name.index) == ["Ana", "Ben"]
    assert by_name.loc["Ana", "depth"] == 0
    assert by_name.loc["Ben", "depth"] == 1
    assert by_name.loc["Ana", "conversations"] == 1
    assert by_name.loc["Ana", "segment"] == "booster"
    assert by_name.loc["Ben", "organization"] == "Beta"
    assert edges.to_dict("records") == [
        {"source": int(by_name.loc["Ana", "id"]), "target": int(by_name.loc["Ben", "id"])}
    ]


def test_referral_chain_depths(db):
    ids = {}
    for name, parent in [("A", None), ("B", "A"), ("C", "B"), ("D", "A"), ("Alone", None)]:
        ids[name] = db["contacts"].insert({"name": name, "referred_by_id": ids.get(parent)}).last_pk
    nodes, edges = metrics.referral_network(db, TODAY)
    assert dict(zip(nodes["name"], nodes["depth"], strict=True)) == {"A": 0, "B": 1, "D": 1, "C": 2}
    assert len(edges) == 3


def test_metrics_on_the_sample_are_consistent(sample_db):
    summary = metrics.response_summary(sample_db, TODAY)
    segments = metrics.segment_counts(sample_db, TODAY)
    assert segments["contacts"].sum() == summary["reached_out"] > 0
    funnel = metrics.funnel(sample_db)["contacts"].tolist()
    assert funnel == sorted(funnel, reverse=True)
    assert funnel[0] == sample_db["contacts"].count


def test_network_keeps_the_largest_trees_and_says_what_it_left_out(db):
    ids = {}
    # A tree of four (A), a tree of three (E), a tree of two (X).
    for name, parent in [("A", None), ("B", "A"), ("C", "B"), ("D", "A"), ("E", None),
                         ("F", "E"), ("G", "E"), ("X", None), ("Y", "X")]:  # fmt: skip
        ids[name] = db["contacts"].insert({"name": name, "referred_by_id": ids.get(parent)}).last_pk
    nodes, edges, left_out = metrics.network_to_show(db, TODAY, max_nodes=7)
    assert sorted(nodes["name"]) == ["A", "B", "C", "D", "E", "F", "G"]
    assert len(edges) == 5
    assert left_out == {"trees": 1, "people": 2, "shown_trees": 2, "cut_depth": None}
    # One tree bigger than the limit is cut at the deepest level that fits.
    nodes, edges, left_out = metrics.network_to_show(db, TODAY, max_nodes=3)
    assert sorted(nodes["name"]) == ["A", "B", "D"]
    assert left_out["cut_depth"] == 1 and left_out["people"] == 6
    # Small networks are shown whole.
    nodes, _, left_out = metrics.network_to_show(db, TODAY)
    assert len(nodes) == 9 and left_out["people"] == 0
    assert set(nodes["segment"]) == {"not_reached"}
    # The report colours by organization and skips the segments' pass over every outreach.
    nodes, _, _ = metrics.network_to_show(db, TODAY, segments=False)
    assert len(nodes) == 9 and "segment" not in nodes


def test_a_lone_follow_up_is_not_its_own_follow_up(db):
    from lib.contacts import log_interaction, save_contact

    person = save_contact(db, {"name": "Lone"})
    log_interaction(db, person, "follow_up", date(2026, 10, 1))
    frame = metrics.outreach_replies(db, date(2026, 11, 20))
    assert list(frame["segment"]) == ["waiting"]


def test_a_scheduled_conversation_is_judged_on_its_planned_length(world_db):
    # Ben's 35-minute talk had been scheduled for 45 minutes: not an overrun. Ana's 20-minute
    # talk had been planned as 15: over by 5.
    talks = dict(
        world_db.execute(
            "SELECT c.name, v.id FROM conversations v JOIN contacts c ON c.id = v.contact_id"
        )
    )
    for name, planned in (("Ben", 45), ("Ana", 15)):
        world_db["scheduled_conversations"].insert(
            {
                "contact_id": world_db.execute(
                    "SELECT contact_id FROM conversations WHERE id = ?", [talks[name]]
                ).fetchone()[0],
                "starts_at": "2026-11-01T10:00:00Z",
                "time_zone": "UTC",
                "planned_minutes": planned,
                "mode": "video",
                "status": "held",
                "conversation_id": talks[name],
            }
        )
    found = metrics.overruns(world_db, WEEKS[0], date(2026, 11, 29))
    assert [(r["contact"], r["minutes"], r["target"], r["over"]) for r in found] == [
        ("Ana", 20, 15, 5)
    ]


def test_days_to_reply_skip_the_countrys_public_holidays(db):
    from lib import business_days
    from lib.contacts import log_interaction, save_contact

    person = save_contact(db, {"name": "Quinn"})
    log_interaction(db, person, "outreach", date(2026, 11, 25))  # the day before Thanksgiving
    log_interaction(db, person, "reply", date(2026, 12, 1), today=date(2026, 12, 1))
    today = date(2026, 12, 2)
    assert metrics.outreach_replies(db, today)["days_to_reply"].tolist() == [4]  # Thu Fri Mon Tue
    assert metrics.contact_segments(db, today) == {person: "obligate"}
    business_days.set_country(db, "US")
    assert metrics.outreach_replies(db, today)["days_to_reply"].tolist() == [3]  # Fri Mon Tue
    assert metrics.contact_segments(db, today) == {person: "booster"}


@pytest.mark.parametrize("max_nodes", [3, 12, 40, 300])
def test_the_network_shown_is_the_largest_trees_of_the_whole_network(db, max_nodes):
    """network_to_show sizes the trees from ids and reads names only for the people kept; what
    it shows must be what trimming the whole network gives, people and order alike."""
    import random

    from pandas.testing import assert_frame_equal

    chance = random.Random(7)
    orgs = [db["organizations"].insert({"name": n}).last_pk for n in ["Örsted", "acme", "Bolt"]]
    people: list[int] = []
    for number in range(120):
        referrer = chance.choice(people) if people and chance.random() < 0.7 else None
        name = chance.choice(["ana", "Ana", "Émile", "zoe", "Bo"]) + f" {number % 7}"
        person = (
            db["contacts"]
            .insert(
                {
                    "name": name,
                    "referred_by_id": referrer,
                    "organization_id": chance.choice([*orgs, None]),
                }
            )
            .last_pk
        )
        for _ in range(chance.randrange(3)):
            db["conversations"].insert(
                {"contact_id": person, "held_on": "2026-11-02", "mode": "video"}
            )
        people.append(person)
    whole = metrics.largest_trees(*metrics.referral_network(db, TODAY), max_nodes=max_nodes)
    shown = metrics.network_to_show(db, TODAY, max_nodes=max_nodes)
    assert_frame_equal(shown[0], whole[0])
    assert_frame_equal(shown[1], whole[1].reset_index(drop=True))
    assert shown[2] == whole[2]
