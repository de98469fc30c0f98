"""Research board page: what a user sees, and that its controls change the database."""

from datetime import date

from lib import store
from tests.support.apptest import markdown_text
from tests.support.days import TODAY
from tests.support.small_worlds import research_item as _item


def test_board_shows_columns_and_cards(open_page, board_path):
    at = open_page("pages/board.py")
    text = markdown_text(at)
    for heading in ("To do · 3", "Doing · 0", "Done · 0", "Dropped · 0"):
        assert heading in text
    assert "**Drawdown**" in text
    captions = " ".join(c.value for c in at.caption)
    assert "Recommended by Amara Okafor on Fri 20 Nov 2026" in captions
    assert "Added by hand" in captions


def test_filter_by_recommender(open_page, board_path):
    at = open_page("pages/board.py")
    at.selectbox(key="board_recommender").select(0).run()  # 0 = added by hand
    text = markdown_text(at)
    assert "**Climate meetup**" in text
    assert "**Drawdown**" not in text


def test_move_and_done_with_an_outcome_or_without(open_page, board_path):
    at = open_page("pages/board.py")
    book = _item(board_path, "Drawdown")
    at.button(key=f"board_{book['id']}_open").click().run()  # the card's one button
    at.button(key=f"board_{book['id']}_to_doing").click().run()
    assert _item(board_path, "Drawdown")["status"] == "doing"
    assert "Doing · 1" in markdown_text(at)

    at.button(key=f"board_{book['id']}_open").click().run()
    at.text_input(key=f"board_{book['id']}_outcome").input("Read it\nand more")
    at.button(key=f"board_{book['id']}_done").click().run()
    assert _item(board_path, "Drawdown")["status"] == "doing"

    at.text_input(key=f"board_{book['id']}_outcome").input("Read it; chapter 3 changed my mind")
    at.button(key=f"board_{book['id']}_done").click().run()
    done = _item(board_path, "Drawdown")
    assert (done["status"], done["done_on"], done["outcome"]) == (
        "done",
        TODAY.isoformat(),
        "Read it; chapter 3 changed my mind",
    )
    assert "Done · 1" in markdown_text(at)


def test_make_a_contact_from_a_person_item(open_page, board_path):
    at = open_page("pages/board.py")
    person = _item(board_path, "Carmen Reyes")
    key = f"board_{person['id']}_mk"
    at.button(key=f"board_{person['id']}_open").click().run()
    at.text_input(key=f"{key}_email").input("carmen@")
    at.button(key=f"{key}_save").click().run()
    assert any("Email should look like" in e.value for e in at.error)
    assert at.text_input(key=f"{key}_email").value == "carmen@"  # nothing typed is lost
    at.text_input(key=f"{key}_email").input("carmen@example.org")
    at.text_input(key=f"{key}_organization").input("City of Riverton")
    at.button(key=f"{key}_save").click().run()
    item = _item(board_path, "Carmen Reyes")
    assert item["status"] == "done" and item["contact_id"]
    database = store.connect(board_path)
    contact = database["contacts"].get(item["contact_id"])
    amara = database.execute("SELECT id FROM contacts WHERE name = 'Amara Okafor'").fetchone()[0]
    assert (contact["name"], contact["email"], contact["referred_by_id"]) == (
        "Carmen Reyes",
        "carmen@example.org",
        amara,
    )
    assert any("Added Carmen Reyes to your contacts" in s.value for s in at.success)


def test_add_by_hand_keeps_values_on_error(open_page, board_path):
    at = open_page("pages/board.py")
    assert not at.text_input  # the form is built only once "Add an item by hand" is opened
    at.session_state["board_add_open"] = True
    at.run()
    at.text_input(key="board_add_url_0").input("ftp://nope")
    at.text_area(key="board_add_detail_0").input("Worth a look")
    at.button[[b.label for b in at.button].index("Add to the board")].click().run()
    assert any("Give the item a title" in e.value for e in at.error)
    assert at.text_area(key="board_add_detail_0").value == "Worth a look"
    at.text_input(key="board_add_title_0").input("The Grid")
    at.text_input(key="board_add_url_0").input("https://example.org/grid")
    at.button[[b.label for b in at.button].index("Add to the board")].click().run()
    item = _item(board_path, "The Grid")
    assert item["url"] == "https://example.org/grid" and item["recommended_by_id"] is None
    assert at.text_input(key="board_add_title_1").value == ""  # a fresh form after saving


def test_by_kind_view(open_page, board_path):
    at = open_page("pages/board.py")
    at.segmented_control(key="board_view").set_value("By kind").run()
    assert {s.value for s in at.header} >= {
        "Book or article (1)",
        "Person to contact (1)",
        "Event (1)",
    }


def test_empty_board(open_page, db_path):
    at = open_page("pages/board.py")
    assert any("The board is empty" in i.value for i in at.info)


def test_sample_board_and_coach_mode(open_page, sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/board.py")
    assert "Done ·" in markdown_text(at)
    # Only paging ("Show more") is left: nothing that changes an item.
    assert not [
        b for b in at.button if b.key and b.key.startswith("board_") and not b.key.endswith("_more")
    ]


def test_a_card_carries_one_button_and_its_actions_open_for_it_alone(open_page, board_path):
    # Speed and the keyboard: no card draws its own menus; one dialog for the opened item.
    at = open_page("pages/board.py")
    assert [b.label for b in at.button if b.key.endswith("_open")] == ["Update"] * 3
    assert not any(b.key.endswith(("_to_doing", "_done", "_mk_save")) for b in at.button)
    book = _item(board_path, "Drawdown")
    at.selectbox(key="board_pick").select(book["id"]).run()  # reached without the cards
    moves = [b.label for b in at.button if b.key.startswith(f"board_{book['id']}_to_")]
    assert moves == ["Move to “Doing”", "Move to “Dropped”"]
    assert at.date_input(key=f"board_{book['id']}_done_on").min <= date(1990, 1, 1)


def test_thousands_of_recommenders_are_found_by_typing_not_listed(
    open_page, sample_path, monkeypatch
):
    # A year-old file had 2,500 recommenders in one selectbox; past the picker limit a
    # search box narrows the filter's list (the limit is lowered here to the sample's scale).
    from lib.ui import pickers

    monkeypatch.setattr(pickers, "LISTED_AT_MOST", 3)
    at = open_page("pages/board.py")
    [find] = [t for t in at.text_input if t.label.startswith("Find who recommended")]
    [who] = [s for s in at.selectbox if s.label == "Recommended by"]
    assert len(who.options) == 2 + 3  # Anyone, Added by hand, and three names
    find.input("okafor").run()
    [who] = [s for s in at.selectbox if s.label == "Recommended by"]
    assert who.options == ["Anyone", "Added by hand", "Amara Okafor"]
    assert not at.exception
