from datetime import date

import pytest

from lib import board, conversations
from lib.contacts import get_contact, save_contact
from tests.support.days import TODAY


@pytest.fixture
def recommended(db):
    """Amara recommended a book, an event and a person in one conversation."""
    amara = save_contact(db, {"name": "Amara Okafor"})
    recs = [
        conversations.Recommendation("book", "Drawdown"),
        conversations.Recommendation("event", "Climate meetup"),
        conversations.Recommendation("person", "Carmen Reyes", "Runs the city's energy office"),
    ]
    conversations.save_conversation(
        db, amara, {"held_on": "2026-11-20", "mode": "video"}, recommendations=recs, today=TODAY
    )
    items = {r["title"]: r["id"] for r in db.query("SELECT id, title FROM research_items")}
    return amara, items


def test_add_by_hand_has_no_recommender(db):
    item = board.add_item(db, {"kind": "book", "title": "  The Grid  ", "url": "https://x.org"})
    row = board.get_item(db, item)
    assert (row["title"], row["status"], row["recommended_by_id"]) == ("The Grid", "todo", None)
    assert [r["id"] for r in board.list_items(db, recommended_by_id=0)] == [item]


def test_add_says_what_to_fix(db):
    with pytest.raises(board.BoardError) as error:
        board.add_item(db, {"kind": "podcast", "title": " ", "url": "javascript:alert(1)"})
    assert set(error.value.errors) == {"kind", "title", "url"}
    assert db["research_items"].count == 0


def test_filters_by_status_kind_and_recommender(db, recommended):
    amara, items = recommended
    own = board.add_item(db, {"kind": "book", "title": "My own find"})
    board.set_status(db, items["Drawdown"], "doing", TODAY)
    assert {r["title"] for r in board.list_items(db, status="doing")} == {"Drawdown"}
    assert {r["title"] for r in board.list_items(db, kind="book")} == {"Drawdown", "My own find"}
    by_amara = board.list_items(db, recommended_by_id=amara)
    assert {r["title"] for r in by_amara} == {"Drawdown", "Climate meetup", "Carmen Reyes"}
    assert by_amara[0]["recommended_by"] == "Amara Okafor"
    assert by_amara[0]["conversation_on"] == "2026-11-20"
    assert board.recommenders(db) == {amara: "Amara Okafor"}
    assert board.counts(db) == {"todo": 3, "doing": 1, "done": 0, "dropped": 0}
    assert own in [r["id"] for r in board.list_items(db, status=["todo", "doing"])]


def test_done_needs_a_date_and_at_most_a_one_line_outcome(db, recommended):
    _, items = recommended
    book = items["Drawdown"]
    with pytest.raises(board.BoardError) as error:
        board.set_status(db, book, "done", TODAY)
    assert set(error.value.errors) == {"done_on"}  # the outcome is optional
    with pytest.raises(board.BoardError, match="future"):
        board.set_status(db, book, "done", TODAY, done_on=date(2026, 12, 1), outcome="Read it")
    with pytest.raises(board.BoardError, match="one line"):
        board.set_status(db, book, "done", TODAY, done_on=TODAY, outcome="Read it\nand more")
    assert board.get_item(db, book)["status"] == "todo"
    board.set_status(db, book, "done", TODAY, done_on="2026-11-24", outcome=" Read it ")
    row = board.get_item(db, book)
    assert (row["status"], row["done_on"], row["outcome"]) == ("done", "2026-11-24", "Read it")
    board.set_status(db, book, "doing", TODAY)
    row = board.get_item(db, book)
    assert (row["status"], row["done_on"], row["outcome"]) == ("doing", None, "Read it")


def test_person_item_becomes_a_referred_contact_in_one_step(db, recommended):
    amara, items = recommended
    contact_id = board.make_contact(
        db, items["Carmen Reyes"], {"email": "carmen@example.org", "role": "Director"}, TODAY
    )
    contact = get_contact(db, contact_id)
    assert contact["name"] == "Carmen Reyes"
    assert contact["referred_by_id"] == amara
    assert contact["how_found"] == "referral"
    assert contact["hook"] is None
    assert "Runs the city's energy office" in contact["private_notes"]
    assert contact["email"] == "carmen@example.org"
    item = board.get_item(db, items["Carmen Reyes"])
    assert (item["status"], item["done_on"], item["contact_id"]) == (
        "done",
        TODAY.isoformat(),
        contact_id,
    )
    assert item["outcome"] == "Added Carmen Reyes to contacts."
    with pytest.raises(board.BoardError, match="Already in your contacts"):
        board.make_contact(db, items["Carmen Reyes"], {}, TODAY)


def test_a_bad_contact_field_changes_nothing(db, recommended):
    _, items = recommended
    contacts_before = db["contacts"].count
    with pytest.raises(board.BoardError) as error:
        board.make_contact(db, items["Carmen Reyes"], {"email": "not-an-email"}, TODAY)
    assert "email" in error.value.errors
    assert db["contacts"].count == contacts_before
    assert board.get_item(db, items["Carmen Reyes"])["status"] == "todo"


def test_make_contact_rolls_back_when_the_item_update_fails(db, recommended, monkeypatch):
    _, items = recommended
    contacts_before = db["contacts"].count

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(board, "_close_person_item", broken)
    with pytest.raises(RuntimeError):
        board.make_contact(db, items["Carmen Reyes"], {}, TODAY)
    assert db["contacts"].count == contacts_before


def test_only_person_items_become_contacts(db, recommended):
    _, items = recommended
    with pytest.raises(board.BoardError, match="person to contact"):
        board.make_contact(db, items["Drawdown"], {}, TODAY)


def test_link_a_person_item_to_an_existing_contact(db, recommended):
    _, items = recommended
    carmen = save_contact(db, {"name": "carmen reyes"})
    assert board.contact_named(db, "Carmen Reyes")["id"] == carmen
    board.link_contact(db, items["Carmen Reyes"], carmen, TODAY)
    item = board.get_item(db, items["Carmen Reyes"])
    assert (item["status"], item["contact_id"], item["contact_name"]) == (
        "done",
        carmen,
        "carmen reyes",
    )


def test_columns_load_only_what_they_show_and_count_in_sql(db, recommended):
    for n in range(5):
        board.add_item(db, {"kind": "book", "title": f"Book {n}"})
    assert len(board.list_items(db, status="todo", limit=2)) == 2
    assert board.count_items(db, status=["todo", "done"]) == {
        "todo": 8,
        "doing": 0,
        "done": 0,
        "dropped": 0,
    }
    by_kind = board.count_items(db, by="kind", recommended_by_id=recommended[0])
    assert (by_kind["book"], by_kind["event"], by_kind["person"]) == (1, 1, 1)
    assert board.count_items(db, by="kind", recommended_by_id=0)["book"] == 5


def test_done_without_an_outcome_is_listed_in_the_one_month_update(db, recommended):
    from lib import drafts

    amara, items = recommended
    board.set_status(db, items["Drawdown"], "done", TODAY, done_on=TODAY, outcome="   ")
    row = board.get_item(db, items["Drawdown"])
    assert (row["status"], row["done_on"], row["outcome"]) == ("done", TODAY.isoformat(), None)
    done_items, _ = drafts.update_facts(db, amara)
    draft = drafts.update_draft({"name": "Amara Okafor"}, done_items, [])
    assert "- Drawdown\n" in draft.body + "\n"
    assert not draft.warnings
