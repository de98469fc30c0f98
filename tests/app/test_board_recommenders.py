"""One item, many recommenders, as a person sees it: the card names everyone, the board sorts
by how many recommended, the capture form says what is already on the board, duplicates are
offered for merging with Undo, and Outreach activity lists what was most recommended."""

from lib import board, conversations, store
from lib.contacts import save_contact
from lib.conversations import Recommendation
from tests.support.apptest import by_label, markdown_text, open_tab
from tests.support.days import TODAY


def recommended_world(db_path) -> dict:
    """Hana, Jonas and Gabriel recommended The Grid (typed three ways); Jonas also Drawdown;
    Hana the Regional clean energy job fair."""
    db = store.open_database(db_path)
    ids = {
        name: save_contact(db, {"name": name})
        for name in ("Hana Sato", "Jonas Weber", "Gabriel Costa")
    }
    said = {
        "Hana Sato": ("2026-11-02", [("book", "The Grid by Gretchen Bakke"), ("event", "Regional clean energy job fair")]),
        "Jonas Weber": ("2026-11-09", [("book", "the grid"), ("book", "Drawdown")]),
        "Gabriel Costa": ("2026-11-16", [("book", "Book: The Grid")]),
    }  # fmt: skip
    for name, (day, recs) in said.items():
        conversations.save_conversation(
            db,
            ids[name],
            {"held_on": day, "mode": "video"},
            recommendations=[Recommendation(kind, title) for kind, title in recs],
            today=TODAY,
        )
    db.close()
    return ids


def unescaped(text: str) -> str:
    """Markdown as a person reads it: the escaper's backslashes and word joiners gone."""
    return text.replace("\\", "").replace("\u2060", "")


def items(db_path) -> dict[str, dict]:
    return {i["title"]: i for i in board.list_items(store.connect(db_path))}


def card_titles(at) -> list[str]:
    # A card's first markdown: its title in bold, then (several people) their badge.
    return [m.value.split("\n")[0].strip(" *") for m in at.markdown if m.value.startswith("**")]


def test_one_card_names_everyone_who_recommended_it(open_page, db_path):
    recommended_world(db_path)
    at = open_page("pages/board.py")
    assert not at.exception
    assert card_titles(at).count("The Grid by Gretchen Bakke") == 1
    captions = " ".join(c.value for c in at.caption)
    assert "Recommended by Hana Sato, Jonas Weber and Gabriel Costa" in captions
    assert "Recommended by Jonas Weber on Mon 9 Nov 2026" in captions  # one: with its day
    assert ":material/group: 3 people" in markdown_text(at)
    assert "To do · 3" in markdown_text(at)


def test_the_item_dialog_lists_each_recommendation_with_its_day(open_page, db_path):
    recommended_world(db_path)
    grid = items(db_path)["The Grid by Gretchen Bakke"]
    at = open_page("pages/board.py")
    at.button(key=f"board_{grid['id']}_open").click().run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert (
        "Recommended by Hana Sato on Mon 2 Nov 2026, Jonas Weber on Mon 9 Nov 2026 and "
        "Gabriel Costa on Mon 16 Nov 2026"
    ) in captions


def test_names_are_shown_as_typed(open_page, db_path):
    db = store.open_database(db_path)
    odd = save_contact(db, {"name": "*Star* [link](x)"})
    conversations.save_conversation(
        db,
        odd,
        {"held_on": "2026-11-02", "mode": "video"},
        recommendations=[Recommendation("book", "The Grid")],
        today=TODAY,
    )
    db.close()
    at = open_page("pages/board.py")
    captions = " ".join(c.value for c in at.caption)
    assert "Recommended by \\*Star\\* \\[link\\]\\(x\\)" in captions


def test_the_board_sorts_by_how_many_people_recommended(open_page, db_path):
    recommended_world(db_path)
    at = open_page("pages/board.py")
    assert card_titles(at)[0] == "Drawdown"  # newest first
    at.segmented_control(key="board_order").set_value("recommenders").run()
    assert card_titles(at)[0] == "The Grid by Gretchen Bakke"
    at.segmented_control(key="board_view").set_value("By kind").run()
    (books,) = [d.value for d in at.dataframe if "People" in d.value.columns][:1]
    assert list(books["Title"]) == ["The Grid by Gretchen Bakke", "Drawdown"]
    assert list(books["People"]) == [3, 1]
    assert books["Recommended by"].iloc[0] == "Hana Sato, Jonas Weber and Gabriel Costa"


def test_the_capture_form_says_what_is_already_on_the_board(open_page, db_path):
    ids = recommended_world(db_path)
    at = open_page("pages/conversations.py", contact=ids["Gabriel Costa"])
    by_label(at.selectbox, "Recommendation 1 kind").set_value("book")
    by_label(at.text_input, "Recommendation 1 title").input("THE GRID, by Gretchen Bakke")
    by_label(at.selectbox, "Recommendation 2 kind").set_value("event")
    # No button: in the browser a pause in typing reruns the capture; here, a run.
    by_label(at.text_input, "Recommendation 2 title").input("Regional clean energy jobs fair").run()
    assert not at.exception
    assert not [b for b in at.button if "Check" in b.label]  # no button to ask for it
    captions = " ".join(c.value for c in at.caption)
    assert (
        "Already on your board, recommended by Hana Sato, Jonas Weber and Gabriel Costa: "
        "saving adds this recommendation to “The Grid by Gretchen Bakke”."
    ) in captions
    near = by_label(
        at.radio, "A close title is on your board: add “Regional clean energy jobs fair” as"
    )
    fair = items(db_path)["Regional clean energy job fair"]
    assert near.options[0] == "Add it as a new card"
    assert near.value == 0  # nothing joined unless picked
    assert store.connect(db_path)["conversations"].count == 3  # the notice saves nothing
    near.set_value(fair["id"])
    by_label(at.text_area, "Takeaways").input("Go to the fair")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    saved = " ".join(s.value for s in at.success)
    assert "2 recommendations to the research board (2 were already there" in saved
    after = items(db_path)
    assert len(after) == 3  # both joined: no new card
    assert after["Regional clean energy job fair"]["recommended_by_names"] == [
        "Hana Sato",
        "Gabriel Costa",
    ]


def test_a_close_title_left_alone_makes_a_new_card(open_page, db_path):
    ids = recommended_world(db_path)
    at = open_page("pages/conversations.py", contact=ids["Jonas Weber"])
    by_label(at.selectbox, "Recommendation 1 kind").set_value("event")
    by_label(at.text_input, "Recommendation 1 title").input("Regional clean energy jobs fair")
    by_label(at.text_area, "Takeaways").input("Fair")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    assert "Regional clean energy jobs fair" in items(db_path)


def duplicated_world(db_path) -> dict:
    """Hana's The Grid (from a conversation) and a second card for it added by hand, as a
    file from before m017 holds them; and Drawdown on its own."""
    ids = recommended_world(db_path)
    db = store.connect(db_path)
    again = board.add_item(db, {"kind": "book", "title": "Book: the grid"})
    db.close()
    return {**ids, "again": again}


def test_duplicates_are_offered_once_and_a_merge_can_be_undone(open_page, db_path):
    world = duplicated_world(db_path)
    at = open_page("pages/board.py")
    assert "One thing is on your board more than once" in markdown_text(at)
    assert (
        "**“The Grid by Gretchen Bakke”** · 2 cards · also as “Book: the grid” · recommended by "
        "Hana Sato, Jonas Weber and Gabriel Costa · 1 added by hand · 2 to do"
    ) in unescaped(markdown_text(at))
    grid = items(db_path)["The Grid by Gretchen Bakke"]
    by_label(at.button, "Merge").click().run()
    assert not at.exception
    after = items(db_path)
    assert "Book: the grid" not in after and len(after) == 3
    assert after["The Grid by Gretchen Bakke"]["recommenders"] == 3
    assert "more than once" not in markdown_text(at)
    assert "Merged 2 cards into one: “The Grid by Gretchen Bakke”." in markdown_text(at)

    by_label(at.button, "Undo").click().run()
    assert not at.exception
    assert any("Put back the 2 separate cards." in s.value for s in at.success)
    back = items(db_path)
    assert back["Book: the grid"]["id"] == world["again"]
    assert back["The Grid by Gretchen Bakke"]["id"] == grid["id"]
    assert "One thing is on your board more than once" in markdown_text(at)  # offered again


def test_keep_apart_is_not_offered_again(open_page, db_path):
    duplicated_world(db_path)
    at = open_page("pages/board.py")
    by_label(at.button, "Keep apart").click().run()
    assert not at.exception
    assert "more than once" not in markdown_text(at)
    assert len(items(db_path)) == 4
    at = open_page("pages/board.py")
    assert "more than once" not in markdown_text(at)


def test_most_recommended_on_outreach_activity(open_page, db_path):
    recommended_world(db_path)
    db = store.connect(db_path)
    grid = items(db_path)["The Grid by Gretchen Bakke"]
    board.set_status(db, grid["id"], "done", TODAY, done_on=TODAY, outcome="Read it.")
    db.close()
    at = open_tab(open_page("pages/activity.py"), "activity_tab", "Most recommended")
    assert not at.exception
    captions = unescaped(" ".join(c.value for c in at.caption))
    assert "Most recommended: 1 thing recommended by two or more people" in captions
    assert "You have acted on 1 of 1." in captions
    table = at.dataframe[0].value
    assert list(table["Recommended"]) == ["The Grid by Gretchen Bakke"]
    assert list(table["People"]) == [3]
    assert list(table["Acted on"]) == ["Yes"]
