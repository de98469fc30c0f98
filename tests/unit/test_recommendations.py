"""One board item, many recommenders: matching, recording, the migration, merging duplicates
and undoing that, a contact merge over items several people recommended, and every place that
names who recommended an item (search, paths, the brief, drafts) naming them all."""

from datetime import date

import pytest

from lib import (
    board,
    conversations,
    drafts,
    interactions,
    merging,
    paths,
    recommendations,
    search,
    store,
)
from lib.contacts import save_contact
from lib.conversations import Recommendation
from lib.formats import brief
from lib.recommendations import match, title_key
from tests.support.days import TODAY


def talk(db, contact_id: int, day: str, *recs: Recommendation) -> int:
    return conversations.save_conversation(
        db, contact_id, {"held_on": day, "mode": "video"}, recommendations=list(recs), today=TODAY
    )


def people(db, *names: str) -> list[int]:
    return [save_contact(db, {"name": name}) for name in names]


# ---------------------------------------------------------------- matching rules (pure)


@pytest.mark.parametrize(
    ("typed", "on_board", "kind"),
    [
        ("the grid", "The Grid by Gretchen Bakke", "book"),
        ("What Program Managers Actually Do", "Article: What program managers actually do", "book"),
        ("Book: The Grid.", "the grid", "book"),
        ("Regional Clean-Energy Job Fair!", "Regional clean energy job fair", "event"),
        ("Énergie Québec", "energie quebec", "organization"),
        ("The Grid (by Gretchen Bakke)", "THE GRID", "book"),
    ],
)
def test_the_same_title_however_typed_joins(typed, on_board, kind):
    item = {"id": 7, "kind": kind, "title": on_board}
    found = match(kind, typed, [item])
    assert found.same == item and found.near == []


def test_a_name_is_never_cut_at_by():
    # "by" is an author only for books and the like: a person's name stays whole.
    assert title_key("Stand by Me Collective", "organization") == "stand by me collective"
    assert title_key("The Grid by Gretchen Bakke", "book") == "the grid"
    assert title_key("by", "book") == "by"  # nothing left once cut: the title itself


def test_a_near_title_is_offered_not_joined():
    fair = {"id": 1, "kind": "event", "title": "Regional clean energy job fair"}
    found = match("event", "Regional clean energy jobs fair", [fair])
    assert found.same is None and found.near == [fair]


def test_the_same_title_of_another_kind_is_offered_not_joined():
    book = {"id": 1, "kind": "book", "title": "Drawdown"}
    found = match("organization", "Drawdown", [book])
    assert found.same is None and found.near == [book]


def test_a_different_title_matches_nothing():
    found = match("book", "Sapiens", [{"id": 1, "kind": "book", "title": "The Grid"}])
    assert found.same is None and found.near == []


def test_names_read_as_a_sentence():
    assert recommendations.names_text(["Hana Sato"]) == "Hana Sato"
    assert (
        recommendations.names_text(["Hana Sato", "Jonas Weber", "Gabriel Costa"])
        == "Hana Sato, Jonas Weber and Gabriel Costa"
    )


# ---------------------------------------------------------------- recording


def test_three_people_recommending_one_book_make_one_card(db):
    hana, jonas, gabriel = people(db, "Hana Sato", "Jonas Weber", "Gabriel Costa")
    first = talk(db, hana, "2026-11-02", Recommendation("book", "The Grid by Gretchen Bakke"))
    second = talk(db, jonas, "2026-11-09", Recommendation("book", "the grid", "Chapter 3"))
    third = talk(db, gabriel, "2026-11-16", Recommendation("book", "Book: The Grid"))
    (item,) = board.list_items(db)
    assert item["title"] == "The Grid by Gretchen Bakke"
    assert item["recommenders"] == 3
    assert board.recommended_by_text(item) == (
        "Recommended by Hana Sato, Jonas Weber and Gabriel Costa"
    )
    rows = recommendations.recommendations_of(db, item["id"])
    assert [(r["name"], r["conversation_id"], r["recommended_on"]) for r in rows] == [
        ("Hana Sato", first, "2026-11-02"),
        ("Jonas Weber", second, "2026-11-09"),
        ("Gabriel Costa", third, "2026-11-16"),
    ]
    # The first recommendation stays the item's own (the board's "referred by" reads it).
    assert (item["recommended_by_id"], item["conversation_id"]) == (hana, first)
    assert item["detail"] == "Chapter 3"  # an empty detail takes the first one given
    # Each recommender's conversation lists it; filtering by any of them finds it.
    assert [r["title"] for r in conversations.get_conversation(db, third)["recommendations"]] == [
        "The Grid by Gretchen Bakke"
    ]
    assert [i["id"] for i in board.list_items(db, recommended_by_id=gabriel)] == [item["id"]]
    assert set(board.recommenders(db)) == {hana, jonas, gabriel}


def test_a_near_match_makes_a_new_card_unless_the_person_joins_it(db):
    hana, jonas, gabriel = people(db, "Hana Sato", "Jonas Weber", "Gabriel Costa")
    talk(db, hana, "2026-11-02", Recommendation("event", "Regional clean energy job fair"))
    talk(db, jonas, "2026-11-09", Recommendation("event", "Regional clean energy jobs fair"))
    assert db["research_items"].count == 2  # offered, never merged silently
    fair = board.list_items(db, recommended_by_id=hana)[0]
    found = recommendations.find_matches(db, "event", "Regional clean energy jobs fairs")
    assert found.same is None and fair["id"] in [i["id"] for i in found.near]
    assert found.near[0]["recommended_by"] in (["Hana Sato"], ["Jonas Weber"])
    talk(
        db,
        gabriel,
        "2026-11-16",
        Recommendation("event", "Clean energy jobs fair", join_item_id=fair["id"]),
    )
    assert db["research_items"].count == 2
    assert board.get_item(db, fair["id"])["recommended_by_names"] == ["Hana Sato", "Gabriel Costa"]


def test_the_one_month_update_to_each_recommender_names_the_item(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    talk(db, hana, "2026-10-20", Recommendation("book", "The Grid"))
    talk(db, jonas, "2026-10-27", Recommendation("book", "The Grid by Gretchen Bakke"))
    (item,) = board.list_items(db)
    board.set_status(db, item["id"], "done", TODAY, done_on="2026-11-01", outcome="Read it.")
    for person in (hana, jonas):
        done, _ = drafts.update_facts(db, person)
        assert [(d["title"], d["outcome"]) for d in done] == [("The Grid", "Read it.")]


def test_deleting_a_conversation_takes_only_its_recommendation_and_undo_puts_it_back(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    talk(db, hana, "2026-11-02", Recommendation("book", "The Grid"))
    second = talk(db, jonas, "2026-11-09", Recommendation("book", "the grid"))
    (item,) = board.list_items(db)
    undo = conversations.delete_conversation(db, second)
    assert board.get_item(db, item["id"])["recommended_by_names"] == ["Hana Sato"]
    interactions.restore(db, undo)
    assert board.get_item(db, item["id"])["recommended_by_names"] == ["Hana Sato", "Jonas Weber"]
    first_talk = board.get_item(db, item["id"])["conversation_id"]
    undo = conversations.delete_conversation(db, first_talk)
    again = board.get_item(db, item["id"])  # Jonas's recommendation is now the first
    assert (again["recommended_by_id"], again["conversation_id"]) == (jonas, second)


# ---------------------------------------------------------------- the migration


def test_m017_moves_each_items_recommender_and_merges_nothing(tmp_path):
    db = store.connect(tmp_path / "old.db")
    store.migrate(db, stop_before="m017_board_recommendations")
    amara = db["contacts"].insert({"name": "Amara Okafor"}).last_pk
    ben = db["contacts"].insert({"name": "Ben Ito"}).last_pk
    talk_id = (
        db["conversations"]
        .insert({"contact_id": amara, "held_on": "2026-10-05", "mode": "video"})
        .last_pk
    )
    rows = [
        {
            "kind": "book",
            "title": "The Grid",
            "recommended_by_id": amara,
            "conversation_id": talk_id,
        },
        {"kind": "book", "title": "the grid", "recommended_by_id": ben},
        {"kind": "book", "title": "By hand", "created_at": "2026-10-01T09:00:00Z"},
    ]
    ids = [db["research_items"].insert(row).last_pk for row in rows]
    db["research_items"].update(ids[1], {"created_at": "2026-10-09T12:00:00Z"})
    store.migrate(db)
    moved = list(
        db.query(
            "SELECT item_id, contact_id, conversation_id, recommended_on "
            "FROM board_recommendations ORDER BY item_id"
        )
    )
    assert moved == [
        {"item_id": ids[0], "contact_id": amara, "conversation_id": talk_id,
         "recommended_on": "2026-10-05"},
        {"item_id": ids[1], "contact_id": ben, "conversation_id": None,
         "recommended_on": "2026-10-09"},
    ]  # fmt: skip
    assert db["research_items"].count == 3  # the two "The Grid" cards wait for the person
    assert [len(g) for g in recommendations.duplicate_groups(db)] == [2]
    store.migrate(db)  # a second run adds nothing
    assert db["board_recommendations"].count == 2


# ---------------------------------------------------------------- duplicates on the board


@pytest.fixture
def duplicated(db):
    """Two cards for The Grid (Hana's, done; Jonas's, to do) and a different book."""
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    first = board.add_item(db, {"kind": "book", "title": "The Grid"})
    second = board.add_item(db, {"kind": "book", "title": "The Grid by Gretchen Bakke"})
    other = board.add_item(db, {"kind": "book", "title": "Drawdown"})
    for item, person, day in ((first, hana, "2026-11-02"), (second, jonas, "2026-11-09")):
        with store.write(db):
            db["board_recommendations"].insert(
                {"item_id": item, "contact_id": person, "recommended_on": day}
            )
    db["research_items"].update(second, {"url": "https://example.org/grid", "detail": "Ch. 3"})
    board.set_status(db, first, "done", TODAY, done_on="2026-11-05", outcome="Read it.")
    return {"hana": hana, "jonas": jonas, "first": first, "second": second, "other": other}


def test_duplicates_are_offered_as_groups(db, duplicated):
    (group,) = recommendations.duplicate_groups(db)
    assert [i["id"] for i in group] == [duplicated["first"], duplicated["second"]]
    assert [i["recommended_by"] for i in group] == [["Hana Sato"], ["Jonas Weber"]]


def test_merging_keeps_the_furthest_item_with_every_recommender_and_undo_splits_it(db, duplicated):
    before = {t: list(db[t].rows) for t in ("research_items", "board_recommendations")}
    undo = recommendations.merge_items(db, [duplicated["second"], duplicated["first"]])
    (kept,) = [i for i in board.list_items(db) if i["title"].startswith("The Grid")]
    assert kept["id"] == duplicated["first"]  # done beats to do
    assert (kept["status"], kept["outcome"]) == ("done", "Read it.")
    assert (kept["url"], kept["detail"]) == ("https://example.org/grid", "Ch. 3")
    assert kept["recommended_by_names"] == ["Hana Sato", "Jonas Weber"]
    assert db["research_items"].count == 2
    assert recommendations.duplicate_groups(db) == []
    # Jonas's one-month update now says what came of it.
    assert [d["title"] for d in drafts.update_facts(db, duplicated["jonas"])[0]] == ["The Grid"]
    interactions.restore(db, interactions.Undo.from_json(undo.as_json()))
    after = {t: list(db[t].rows) for t in ("research_items", "board_recommendations")}
    assert after == before


def test_a_merge_is_one_transaction(db, duplicated):
    # A merge that fails half-way leaves both cards as they were.
    db.execute(
        """CREATE TEMP TRIGGER fail_merge BEFORE DELETE ON research_items
           BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"""
    )
    with pytest.raises(Exception, match="disk on fire"):
        recommendations.merge_items(db, [duplicated["first"], duplicated["second"]])
    assert db["research_items"].count == 3
    assert {r["item_id"] for r in db["board_recommendations"].rows} == {
        duplicated["first"],
        duplicated["second"],
    }


def test_kept_apart_is_not_offered_again(db, duplicated):
    recommendations.keep_apart(db, [duplicated["first"], duplicated["second"]])
    assert recommendations.duplicate_groups(db) == []
    assert db["research_items"].count == 3


def test_merging_needs_two_items_that_exist(db, duplicated):
    with pytest.raises(recommendations.RecommendationError):
        recommendations.merge_items(db, [duplicated["first"]])
    with pytest.raises(recommendations.RecommendationError):
        recommendations.merge_items(db, [duplicated["first"], 9999])


# ---------------------------------------------------------------- contact merge


def test_a_contact_merge_moves_their_recommendations_and_unmerge_puts_them_back(db):
    hana, jonas, hana_again = people(db, "Hana Sato", "Jonas Weber", "H. Sato")
    talk(db, hana, "2026-11-02", Recommendation("book", "The Grid"))
    talk(db, jonas, "2026-11-09", Recommendation("book", "The Grid"))
    talk(db, hana_again, "2026-11-16", Recommendation("book", "the grid"))
    (item,) = board.list_items(db)
    assert item["recommenders"] == 3
    assert merging.history_counts(db, hana_again)["board items"] == 1
    undo = merging.merge(db, hana, hana_again, today=TODAY)
    merged = board.get_item(db, item["id"])
    assert merged["recommended_by_names"] == ["Hana Sato", "Jonas Weber"]  # one person, once
    assert merged["recommenders"] == 2
    assert db["board_recommendations"].count == 3  # each conversation's recommendation kept
    merging.unmerge(db, undo)
    back = board.get_item(db, item["id"])
    assert back["recommended_by_names"] == ["Hana Sato", "Jonas Weber", "H. Sato"]


# ---------------------------------------------------------------- most recommended


def test_most_recommended_counts_people_and_what_was_acted_on(db):
    hana, jonas, gabriel = people(db, "Hana Sato", "Jonas Weber", "Gabriel Costa")
    talk(
        db,
        hana,
        "2026-11-02",
        Recommendation("book", "The Grid"),
        Recommendation("event", "Job fair"),
        Recommendation("role", "Grants manager"),
    )
    talk(
        db,
        jonas,
        "2026-11-09",
        Recommendation("book", "the grid"),
        Recommendation("event", "Job Fair"),
    )
    talk(db, gabriel, "2026-11-16", Recommendation("book", "The Grid by G. Bakke"))
    talk(db, jonas, "2026-11-17", Recommendation("book", "Drawdown"))
    grid = board.list_items(db, kind="book", order="recommenders")[0]
    board.set_status(db, grid["id"], "doing", TODAY)
    rows = recommendations.most_recommended(db)
    assert [(r["title"], r["recommenders"], r["acted_on"]) for r in rows] == [
        ("The Grid", 3, True),
        ("Job fair", 2, False),
    ]  # a role is not in it; Drawdown had one recommender
    assert recommendations.most_recommended_summary(rows) == (
        "Most recommended: 2 things recommended by two or more people; the top is “The Grid” "
        "(book or article, 3 people). You have acted on 1 of 2."
    )
    assert recommendations.most_recommended(db, start=date(2026, 11, 10)) == []
    assert recommendations.most_recommended_summary([]).startswith("Most recommended: nothing")


def test_the_board_sorts_by_how_many_people_recommended(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    talk(db, hana, "2026-11-02", Recommendation("book", "The Grid"))
    talk(db, jonas, "2026-11-09", Recommendation("book", "The Grid"), Recommendation("book", "New"))
    assert [i["title"] for i in board.list_items(db)] == ["New", "The Grid"]
    assert [i["title"] for i in board.list_items(db, order="recommenders")] == ["The Grid", "New"]
    with pytest.raises(ValueError):
        board.list_items(db, order="title; DROP TABLE contacts")


def test_the_board_export_names_everyone_who_recommended_an_item(db):
    import csv
    import io

    from lib.formats.csv_export import export_csv

    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    talk(db, hana, "2026-11-02", Recommendation("book", "The Grid"))
    talk(db, jonas, "2026-11-09", Recommendation("book", "the grid"))
    (row,) = csv.DictReader(io.StringIO(export_csv(db, "board")))
    assert row["title"] == "The Grid"
    assert [v for k, v in row.items() if "recommended" in k.lower()] == ["Hana Sato; Jonas Weber"]


def test_a_person_recommended_in_any_of_a_paths_conversations_is_to_meet_there(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    path = paths.create_path(db, {"name": "Grid planning"}, today=TODAY)
    talk(db, hana, "2026-11-02", Recommendation("person", "Rosa Diaz"))
    conversations.save_conversation(
        db,
        jonas,
        {"held_on": "2026-11-09", "mode": "video"},
        recommendations=[Recommendation("person", "Rosa Diaz")],
        path_links=[paths.PathLink(path_id=path, still_interested="yes")],
        today=TODAY,
    )
    # Rosa's card came from Hana's conversation first; Jonas's, on the path, names her too.
    assert [p["name"] for p in paths.people(db, path)["to_meet"]] == ["Rosa Diaz"]


# ---------------------------------------------------------------- every place names everyone


def talk_on(db, contact_id: int, day: str, path: int, *recs: Recommendation) -> int:
    """A conversation linked to a path, recommending recs."""
    return conversations.save_conversation(
        db,
        contact_id,
        {"held_on": day, "mode": "video"},
        recommendations=list(recs),
        path_links=[paths.PathLink(path_id=path, still_interested="yes")],
        today=TODAY,
    )


def test_names_can_leave_out_one_recommender(db):
    hana, jonas, gabriel = people(db, "Hana Sato", "Jonas Weber", "Gabriel Costa")
    for person, day in ((hana, "2026-11-02"), (jonas, "2026-11-09"), (gabriel, "2026-11-16")):
        talk(db, person, day, Recommendation("book", "The Grid"))
    (item,) = board.list_items(db)
    assert recommendations.recommender_names(db, [item["id"]], leaving_out=jonas) == {
        item["id"]: ["Hana Sato", "Gabriel Costa"]
    }
    (row,) = recommendations.with_recommenders(db, [{"id": item["id"]}])
    assert row["recommended_by"] == "Hana Sato, Jonas Weber and Gabriel Costa"
    assert row["recommended_by_names"] == ["Hana Sato", "Jonas Weber", "Gabriel Costa"]
    alone = board.add_item(db, {"kind": "book", "title": "By hand"})
    assert recommendations.with_recommenders(db, [{"id": alone}])[0]["recommended_by"] == ""


def test_a_search_result_names_everyone_who_recommended_the_item(db):
    hana, jonas, gabriel = people(db, "Hana Sato", "Jonas Weber", "Gabriel Costa")
    talk(db, hana, "2026-11-02", Recommendation("book", "The Grid by Gretchen Bakke"))
    talk(db, jonas, "2026-11-09", Recommendation("book", "the grid"))
    talk(db, gabriel, "2026-11-16", Recommendation("book", "Book: The Grid"))
    (result,) = search.search(db, "grid").groups["items"]
    assert result.title == (
        "The Grid by Gretchen Bakke (Book or article, To do)"
        " · from Hana Sato, Jonas Weber and Gabriel Costa"
    )
    # Search reads titles, details and outcomes, not names: a recommender's name finds the
    # contact, the first recommender's no more than a later one's.
    for name in ("Hana", "Gabriel"):
        assert set(search.search(db, name).groups) == {"contacts"}


def test_a_paths_items_and_people_to_meet_name_everyone(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    path = paths.create_path(db, {"name": "Grid planning"}, today=TODAY)
    talk(db, hana, "2026-11-02", Recommendation("book", "The Grid"))
    talk_on(db, jonas, "2026-11-09", path, Recommendation("book", "the grid"))
    (book,) = board.list_items(db)
    paths.tie_item(db, book["id"], path)
    (item,) = paths.items(db, path)["to_do"]
    assert item["recommended_by"] == "Hana Sato and Jonas Weber"
    assert item["recommended_by_names"] == ["Hana Sato", "Jonas Weber"]
    # A person first recommended off the path, then in one of its conversations.
    talk(db, hana, "2026-11-03", Recommendation("person", "Rosa Diaz"))
    talk_on(db, jonas, "2026-11-10", path, Recommendation("person", "Rosa Diaz"))
    (rosa,) = paths.people(db, path)["to_meet"]
    assert (rosa["name"], rosa["recommended_by"]) == ("Rosa Diaz", "Hana Sato and Jonas Weber")
    # Once she is a contact, her organization is involved in the path: she was recommended in
    # one of its conversations, though not the first.
    board.make_contact(db, rosa["item_id"], {"organization": "GridCo"}, TODAY)
    assert [o["name"] for o in paths.organizations_involved(db, path)] == ["GridCo"]


def test_an_alternative_role_names_everyone_and_its_path_takes_every_conversation(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    first = talk(db, hana, "2026-11-02", Recommendation("role", "Grants manager"))
    second = talk(db, jonas, "2026-11-09", Recommendation("role", "grants manager"))
    (role,) = paths.alternative_roles(db)
    assert (role["source"], role["contact"]) == ("item", "Hana Sato and Jonas Weber")
    path = paths.create_from_alternative_role(db, "item", role["source_id"], today=TODAY)
    linked = [p["conversation_id"] for p in paths.interest_points(db, path)]
    assert linked == [first, second]
    by_hand = board.add_item(db, {"kind": "role", "title": "Energy auditor"})
    (role,) = paths.alternative_roles(db)
    assert (role["source_id"], role["contact"]) == (by_hand, None)


def test_the_brief_names_the_other_recommenders_of_an_item(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    amara = save_contact(db, {"name": "Amara Okafor", "organization": "Brightline"})
    chidi = save_contact(db, {"name": "Chidi Obi", "organization": "Brightline"})
    talk(
        db,
        hana,
        "2026-11-02",
        Recommendation("book", "The Grid"),
        Recommendation("book", "Drawdown"),
    )
    talk(db, amara, "2026-11-09", Recommendation("book", "The Grid"))
    talk(db, jonas, "2026-11-10", Recommendation("book", "The Grid"))
    talk(db, chidi, "2026-11-11", Recommendation("book", "Drawdown"))  # her colleague, second
    talk(db, amara, "2026-11-12", Recommendation("book", "Her own pick"))
    research, _ = brief.gather(db, amara)["research"]
    shown = {row["title"]: row["recommended_by"] for row in research}
    assert shown == {
        "The Grid": "Hana Sato and Jonas Weber",  # Amara herself left out
        "Drawdown": "Hana Sato and Chidi Obi",
        "Her own pick": "",
    }
    html = brief.render_html(brief.gather(db, amara))
    assert "from Hana Sato and Jonas Weber" in html
    markdown = brief.render_markdown(brief.gather(db, amara))
    assert "The Grid (To do, from Hana Sato and Jonas Weber)" in markdown
    assert "Her own pick (To do)" in markdown


def test_the_keep_in_touch_note_to_a_later_recommender_names_the_item(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    talk(
        db,
        hana,
        "2026-10-20",
        Recommendation("book", "The Grid"),
        Recommendation("person", "Rosa Diaz"),
    )
    talk(
        db,
        jonas,
        "2026-10-27",
        Recommendation("book", "the grid"),
        Recommendation("person", "Rosa Diaz"),
    )
    grid = next(i for i in board.list_items(db) if i["kind"] == "book")
    board.set_status(db, grid["id"], "done", TODAY, done_on="2026-11-01", outcome="Read it.")
    rosa_item = next(i for i in board.list_items(db) if i["kind"] == "person")
    rosa = board.make_contact(db, rosa_item["id"], {}, TODAY)
    conversations.save_conversation(
        db, rosa, {"held_on": "2026-11-05", "mode": "phone"}, today=TODAY
    )
    for person in (hana, jonas):
        done, met = drafts.touch_facts(db, person)
        assert ([d["title"] for d in done], met) == (["The Grid"], ["Rosa Diaz"])
    task = (
        db["followups"]
        .insert({"kind": "keep_in_touch", "contact_id": jonas, "due_on": TODAY.isoformat()})
        .last_pk
    )
    body = drafts.draft_for_task(db, task).body
    assert "I read “The Grid”, as you recommended: read it." in body
    assert "I talked with Rosa Diaz, whom you pointed me to." in body


def test_a_person_made_a_contact_keeps_what_each_recommender_said(db):
    hana, jonas = people(db, "Hana Sato", "Jonas Weber")
    talk(db, hana, "2026-11-02", Recommendation("person", "Rosa Diaz"))
    talk(db, jonas, "2026-11-09", Recommendation("person", "Rosa Diaz", "Runs the grid team"))
    (item,) = board.list_items(db)
    rosa = board.make_contact(db, item["id"], {}, TODAY)
    note = db["contacts"].get(rosa)["private_notes"]
    assert note == "From Jonas Weber: Runs the grid team"  # his words, not Hana's
    assert db["contacts"].get(rosa)["referred_by_id"] == hana  # the first recommender refers
