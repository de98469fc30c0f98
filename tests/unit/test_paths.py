"""Paths: evidence gathered across conversations, comparison, week changes, questions.

The world, counted by hand:
- Amara (Brightline, motivation 3, posting 3) on 2026-11-02: energy "maybe" (appeals: community
  work; hard: grant reporting; asks: certifications? funding?), clinical "yes".
- Ben (GridWise, motivation 2, posting 3) on 2026-11-10: energy "yes" (appeals: the mission;
  asks: certifications? again); he recommends Dana Kowalski, a person to meet.
- Carmen (no organization) on 2026-11-24, a Monday: clinical "no" (hard: needs clinical
  experience).
- Clinical informatics is put on hold on 2026-11-20 and ruled out on 2026-11-25.
"""

from datetime import date, timedelta

import pytest

from lib import board, conversations, organizations, paths, store
from lib.contacts import save_contact
from lib.paths import PathLink
from tests.support.days import TODAY

WEEK = date(2026, 11, 23)


def _talk(db, contact_id, day, links, recommendations=()):
    return conversations.save_conversation(
        db,
        contact_id,
        {"held_on": day, "mode": "video"},
        recommendations=list(recommendations),
        path_links=links,
        today=TODAY,
    )


@pytest.fixture
def world(db):
    organizations.add_organization(db, {"name": "Brightline", "motivation": 3, "posting": 3})
    gridwise = organizations.add_organization(
        db, {"name": "GridWise", "motivation": 2, "posting": 3}
    )
    amara = save_contact(db, {"name": "Amara Okafor", "organization": "Brightline"})
    ben = save_contact(db, {"name": "Ben Lindqvist", "organization": "GridWise"})
    carmen = save_contact(db, {"name": "Carmen Reyes"})
    energy = paths.create_path(db, {"name": "Energy program manager"}, today=date(2026, 10, 1))
    clinical = paths.create_path(db, {"name": "Clinical informatics"}, today=date(2026, 10, 1))
    first = _talk(
        db,
        amara,
        "2026-11-02",
        [
            PathLink(
                energy,
                "maybe",
                "Community work",
                "Grant reporting",
                "What certifications matter?\n- How are programs funded?\n\n",
            ),
            PathLink(clinical, "yes"),
        ],
    )
    second = _talk(
        db,
        ben,
        "2026-11-10",
        [PathLink(energy, "yes", "The mission", "", "What certifications matter?")],
        [conversations.Recommendation("person", "Dana Kowalski", "Runs facilities energy")],
    )
    paths.set_status(db, clinical, "on_hold", today=date(2026, 11, 20))
    third = _talk(
        db, carmen, "2026-11-24", [PathLink(clinical, "no", "", "Needs clinical experience")]
    )
    paths.set_status(db, clinical, "ruled_out", today=TODAY)
    return {
        "energy": energy,
        "clinical": clinical,
        "amara": amara,
        "ben": ben,
        "carmen": carmen,
        "conversations": (first, second, third),
        "gridwise": gridwise,
    }


def test_evidence_gathers_interest_remarks_and_questions_with_who_said_each(db, world):
    found = paths.evidence(db, world["energy"])
    assert [(p["held_on"], p["contact"], p["still_interested"]) for p in found["interest"]] == [
        ("2026-11-02", "Amara Okafor", "maybe"),
        ("2026-11-10", "Ben Lindqvist", "yes"),
    ]
    assert found["summary"] == (
        "2 conversations; latest: yes after Ben Lindqvist on 2026-11-10; "
        "interest has risen since the first."
    )
    assert found["interest_counts"] == {"yes": 1, "maybe": 1, "no": 0}
    appeals = [(r["text"], r["contact"]) for r in found["remarks"]["appeals"]]
    assert appeals == [("The mission", "Ben Lindqvist"), ("Community work", "Amara Okafor")]
    assert [(r["text"], r["contact"]) for r in found["remarks"]["hard_parts"]] == [
        ("Grant reporting", "Amara Okafor")
    ]
    questions = [(q["text"], q["raised_by"], q["raised_on"]) for q in found["open_questions"]]
    assert questions == [
        ("What certifications matter?", "Amara Okafor", "2026-11-02"),
        ("How are programs funded?", "Amara Okafor", "2026-11-02"),
        ("What certifications matter?", "Ben Lindqvist", "2026-11-10"),
    ]


def test_people_met_to_meet_and_organizations_with_lamp(db, world):
    found = paths.evidence(db, world["energy"])
    assert [p["name"] for p in found["people"]["met"]] == ["Ben Lindqvist", "Amara Okafor"]
    to_meet = found["people"]["to_meet"]
    assert [(p["name"], p["recommended_by"]) for p in to_meet] == [
        ("Dana Kowalski", "Ben Lindqvist")
    ]
    assert [
        (o["name"], o["motivation"], o["posting"], o["advocacy"]) for o in found["organizations"]
    ] == [
        ("Brightline", 3, 3, True),
        ("GridWise", 2, 3, True),
    ]
    # Once Dana is a contact and has been talked to, she is met, no longer to meet.
    item = next(r["id"] for r in db.query("SELECT id FROM research_items WHERE kind = 'person'"))
    dana = board.make_contact(db, item, {}, TODAY)
    _talk(db, dana, TODAY, [PathLink(world["energy"], "yes")])
    found = paths.evidence(db, world["energy"])
    assert found["people"]["to_meet"] == []
    assert "Dana Kowalski" in [p["name"] for p in found["people"]["met"]]


def test_items_tied_to_a_path_are_done_or_to_do(db, world):
    book = board.add_item(db, {"kind": "book", "title": "The Grid"})
    event = board.add_item(db, {"kind": "event", "title": "Energy meetup"})
    board.add_item(db, {"kind": "book", "title": "Unrelated"})
    paths.tie_item(db, book, world["energy"])
    paths.tie_item(db, event, world["energy"])
    board.set_status(db, book, "done", TODAY, done_on=TODAY, outcome="Read it.")
    found = paths.items(db, world["energy"])
    assert [i["title"] for i in found["done"]] == ["The Grid"]
    assert [i["title"] for i in found["to_do"]] == ["Energy meetup"]


def test_marking_a_question_answered_takes_it_off_the_open_list(db, world):
    open_before = paths.open_questions(db, world["energy"])
    paths.mark_answered(db, open_before[1]["id"], "Mostly state grants.", today=TODAY)
    assert [q["text"] for q in paths.open_questions(db, world["energy"])] == [
        "What certifications matter?",
        "What certifications matter?",
    ]
    answered = paths.answered_questions(db, world["energy"])
    assert [(q["text"], q["answer"], q["answered_on"]) for q in answered] == [
        ("How are programs funded?", "Mostly state grants.", TODAY.isoformat())
    ]


def test_editing_a_conversation_keeps_answered_questions_and_drops_unlisted_open_ones(db, world):
    first = world["conversations"][0]
    funded = next(q for q in paths.open_questions(db, world["energy"]) if "funded" in q["text"])
    paths.mark_answered(db, funded["id"], "", today=TODAY)
    conversations.save_conversation(
        db,
        world["amara"],
        {"held_on": "2026-11-03", "mode": "video"},
        conversation_id=first,
        path_links=[PathLink(world["energy"], "yes", "Community work", "", "Who hires?")],
        today=TODAY,
    )
    raised = [
        (q["text"], q["raised_on"], q["answered_on"] is not None)
        for q in db.query(
            "SELECT * FROM path_questions WHERE conversation_id = ? ORDER BY id", [first]
        )
    ]
    assert raised == [
        ("How are programs funded?", "2026-11-03", True),
        ("Who hires?", "2026-11-03", False),
    ]
    # Clinical is no longer linked to this conversation.
    assert [p["name"] for p in paths.links_for(db, first)] == ["Energy program manager"]


def test_a_bad_link_saves_nothing_of_the_conversation(db, world):
    before = db["conversations"].count
    with pytest.raises(conversations.ConversationError) as error:
        _talk(db, world["ben"], "2026-11-20", [PathLink(world["energy"], "perhaps")])
    assert "path_1_interest" in error.value.errors
    assert db["conversations"].count == before


def test_a_new_path_named_in_capture_is_made_in_the_same_save(db, world):
    conversation = _talk(db, world["ben"], "2026-11-21", [PathLink(name=" Grid analyst ")])
    path_id = paths.path_named(db, "grid analyst")
    assert paths.get_path(db, path_id)["status"] == "exploring"
    assert [p["path_id"] for p in paths.links_for(db, conversation)] == [path_id]


def test_compare_counts_the_evidence_and_invents_no_score(db, world):
    figures = paths.path_figures(db, [world["energy"], world["clinical"]])
    energy, clinical = figures
    assert (energy["conversations"], energy["latest_interest"], energy["open_questions"]) == (
        2,
        "yes",
        3,
    )
    assert (energy["appeals"], energy["hard_parts"], energy["people_to_meet"]) == (2, 1, 1)
    assert (clinical["conversations"], clinical["latest_interest"], clinical["hard_parts"]) == (
        2,
        "no",
        1,
    )
    table = paths.compare(figures)
    by_figure = {row["figure"]: row for row in table}
    assert by_figure["Latest interest"] == {
        "figure": "Latest interest",
        "Energy program manager": "Yes",
        "Clinical informatics": "No",
    }
    assert by_figure["Interest (yes / maybe / no)"]["Clinical informatics"] == "1 / 0 / 1"
    assert by_figure["Status"]["Clinical informatics"] == "Ruled out"
    assert not any("score" in row["figure"].lower() for row in table)
    assert set(paths.COMPARE_CAPTIONS) <= set(paths.COMPARE_FIGURES)


@pytest.mark.parametrize(
    ("picked", "ok"), [([1], False), ([1, 1], False), ([1, 2], True), ([1, 2, 3, 4, 5], False)]
)
def test_compare_takes_two_to_four_paths(picked, ok):
    assert (paths.validate_comparison(picked) is None) is ok


def test_changes_in_a_week_list_status_and_interest_changes(db, world):
    changes = paths.changes_in_week(db, WEEK)
    assert [c["name"] for c in changes] == ["Clinical informatics"]
    (clinical,) = changes
    assert [(s["previous_status"], s["status"]) for s in clinical["status_changes"]] == [
        ("on_hold", "ruled_out")
    ]
    assert [(i["before"], i["after"], i["contact"]) for i in clinical["interest_changes"]] == [
        ("yes", "no", "Carmen Reyes")
    ]
    assert paths.describe_change(clinical) == (
        f"status on hold → ruled out on {TODAY.isoformat()}; "
        "interest yes → no after Carmen Reyes on 2026-11-24"
    )
    # The week before: the hold on the 20th; Ben's "yes" on the 10th was two weeks before.
    earlier = paths.changes_in_week(db, date(2026, 11, 16))
    assert [(c["name"], len(c["interest_changes"])) for c in earlier] == [
        ("Clinical informatics", 0)
    ]
    assert [c["name"] for c in paths.changes_in_week(db, date(2026, 11, 9))] == [
        "Energy program manager"
    ]


def test_status_change_is_recorded_once_with_its_date(db, world):
    assert paths.set_status(db, world["clinical"], "ruled_out", today=TODAY) is False
    history = paths.status_history(db, world["clinical"])
    assert [(h["changed_on"], h["status"]) for h in history] == [
        ("2026-10-01", "exploring"),
        ("2026-11-20", "on_hold"),
        (TODAY.isoformat(), "ruled_out"),
    ]
    with pytest.raises(paths.PathError):
        paths.set_status(db, world["clinical"], "pursuing", today=TODAY)


def test_create_from_alternative_role_ties_every_mention(db, world):
    ben_talk = world["conversations"][1]
    db["conversations"].update(ben_talk, {"alternative_role": "Grants manager"})
    item = board.add_item(db, {"kind": "role", "title": "grants manager"})
    suggestions = paths.alternative_roles(db)
    assert [(s["name"].casefold(), s["mentions"]) for s in suggestions] == [("grants manager", 2)]
    path_id = paths.create_from_alternative_role(db, "conversation", ben_talk, today=TODAY)
    assert paths.get_path(db, path_id)["name"] == "Grants manager"  # as the conversation said
    assert board.get_item(db, item)["path_id"] == path_id
    assert [p["contact"] for p in paths.interest_points(db, path_id)] == ["Ben Lindqvist"]
    assert paths.alternative_roles(db) == []
    assert paths.create_from_alternative_role(db, "item", item, today=TODAY) == path_id


def test_names_are_cleaned_and_unique(db, world):
    with pytest.raises(paths.PathError) as error:
        paths.create_path(db, {"name": "energy PROGRAM manager"})
    assert "name" in error.value.errors
    with pytest.raises(paths.PathError):
        paths.create_path(db, {"name": "\x00 \n"})
    paths.update_path(db, world["energy"], {"name": "Energy\x07 program\nlead"})
    assert paths.get_path(db, world["energy"])["name"] == "Energy program lead"


def test_interest_counts_every_level_and_skips_the_unsaid():
    said = ["yes", None, "no", "yes", "maybe", "yes"]
    points = [{"still_interested": level} for level in said]
    assert paths.interest_counts(points) == {"yes": 3, "maybe": 1, "no": 1}
    assert paths.interest_counts([]) == {"yes": 0, "maybe": 0, "no": 0}


def test_interest_summary_when_nothing_is_said():
    assert paths.interest_summary([]) == "No conversation has been linked to this path yet."
    point = {"held_on": "2026-11-02", "contact": "A", "still_interested": None}
    assert paths.interest_summary([point]) == (
        "1 conversation, none saying whether you are still interested."
    )


def test_old_statuses_move_to_the_new_vocabulary(tmp_path):
    db = store.connect(tmp_path / "old.db")
    store.migrate(db, stop_before="m010_paths_evidence")
    db.execute("PRAGMA ignore_check_constraints = ON")  # an old file's statuses
    db.execute("INSERT INTO paths (name, status) VALUES ('A', 'pursuing'), ('B', 'set_aside')")
    db.execute("PRAGMA ignore_check_constraints = OFF")
    db.execute("INSERT INTO contacts (name) VALUES ('C')")
    db.execute(
        "INSERT INTO conversations (contact_id, held_on, mode) VALUES (1, '2026-01-05', 'video')"
    )
    db.execute("INSERT INTO conversation_paths (conversation_id, path_id) VALUES (1, 2)")
    store.migrate(db)
    assert [(p["name"], p["status"]) for p in paths.list_paths(db)] == [
        ("A", "promising"),
        ("B", "on_hold"),
    ]
    assert db["path_status_changes"].count == 2
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # Search and the data revision follow writes to the rebuilt table.
    revision = store.data_revision(db)
    paths.update_path(db, 1, {"description": "Solar programmes"})
    assert store.data_revision(db) != revision
    assert [
        r["rowid"] for r in db.query("SELECT rowid FROM paths_fts WHERE paths_fts MATCH 'solar'")
    ] == [1]
    db.close()


def test_search_finds_paths_appeals_hard_parts_and_questions(db, world):
    from lib import search

    found = search.search(db, "grant reporting")
    assert [r.title for r in found.groups["path_notes"]] == [
        "Energy program manager: Amara Okafor on 2026-11-02"
    ]
    assert found.groups["path_notes"][0].query_params == {"path": str(world["energy"])}
    questions = search.search(db, "funded").groups["path_questions"]
    assert [r.title for r in questions] == [
        "Energy program manager: How are programs funded? · from Amara Okafor"
    ]
    assert [r.title for r in search.search(db, "clinical").groups["paths"]] == [
        "Clinical informatics (ruled out)"
    ]
    # The coach's search (no private notes) covers them too: they hold none.
    assert "path_notes" in search.search(db, "mission", include_private=False).groups


def test_coach_report_has_a_short_paths_section(db, world):
    from lib.formats import report

    db["conversations"].update(world["conversations"][2], {"private_notes": "Secret *doubt*"})
    paths.update_path(db, world["energy"], {"name": "Energy <b>program</b> manager"})
    built = report.build_report(db, WEEK, WEEK + timedelta(days=6), TODAY)
    section = built.markdown[built.markdown.index("## Paths being weighed") :]
    section = section[: section.index("\n## ", 1)]
    assert "| Clinical informatics | Ruled out | 2 | No | 0 |" in section
    assert "Clinical informatics: status on hold → ruled out on 2026\\-11\\-25" in section
    assert "Secret" not in built.markdown and "Secret" not in built.html
    assert "Energy &lt;b&gt;program&lt;/b&gt; manager" in built.html


def test_interest_chart_has_a_point_per_conversation_and_escapes_names():
    from lib.charts import paths as path_charts

    points = [
        {"held_on": "2026-11-02", "contact": "Amara", "still_interested": "maybe"},
        {"held_on": "2026-11-10", "contact": "<b>Ben</b>", "still_interested": "yes"},
        {"held_on": "2026-11-12", "contact": "Amara", "still_interested": None},
    ]
    fig = path_charts.interest_chart(points)
    assert path_charts.conversation_points(fig) == 3
    names = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert names == ["Amara", "&lt;b&gt;Ben&lt;/b&gt;"]
    assert "Ben" not in "".join(trace.hovertemplate or "" for trace in fig.data)
    assert list(fig.layout.yaxis.ticktext) == ["Not said", "No", "Maybe", "Yes"]
    assert fig.layout.xaxis.title.text == "Conversation date"
    assert path_charts.conversation_points(path_charts.interest_chart([])) == 0
