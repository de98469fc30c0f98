"""Paths page: the list, a path's evidence, making a path from a role, compare, coach mode."""

import json
import re

import pytest

from lib import conversations, paths, store
from tests.support.apptest import button, by_label

ENERGY = "Community energy program manager"
PRIVATE = "Seemed rushed; keep the follow-up short."


def _read(db_path, function, *args):
    database = store.connect(db_path)
    try:
        return function(database, *args)
    finally:
        database.close()


def _path_id(db_path, name):
    return _read(db_path, paths.path_named, name)


def _texts(at) -> str:
    """Markdown and captions as a reader sees them (the escaper's marks taken out)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    text = "\n".join(str(p) for p in parts)
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def test_list_shows_each_path_with_its_evidence_counts(open_page, sample_path):
    at = open_page("pages/paths.py")
    table = at.dataframe[0].value
    assert list(table["Path"]) == [ENERGY, "Energy efficiency advisor", "Clinical informatics"]
    assert list(table["Status"]) == ["Promising", "Exploring", "Ruled out"]
    # Hand-counted from lib/sample_story.py: the energy path takes the conversations at clean
    # energy organizations and the city (Brightline 3, SolarShare 5, the city 4), efficiency
    # those at Verde (Jonas, Pablo, Bianca), clinical those in health (Elena, Farid, Olivia).
    assert list(table["Conversations"]) == [12, 3, 3]
    assert list(table["Latest interest"]) == ["Yes", "Yes", "No"]
    # Alternative roles contacts suggested that are not paths yet, one click from a path.
    assert "EHR trainer" in _texts(at)
    # Clinical educator (Elena), Grants manager (Kavya) and EHR trainer (Farid).
    assert len([b for b in at.button if b.label == "Make a path"]) == 3


def test_a_path_shows_interest_remarks_questions_people_and_organizations(open_page, sample_path):
    at = open_page("pages/paths.py", path=_path_id(sample_path, ENERGY))
    chart = at.get("plotly_chart")[0]
    title = json.loads(chart.proto.spec)["layout"]["title"]["text"]
    assert title.replace("<br>", " ") == "Still interested after each conversation"
    assert chart.proto.alt.startswith("12 conversations; latest: yes")
    text = _texts(at)
    assert "12 conversations; latest: yes after Umar Farouk" in text  # met on Monday
    assert "Grant reporting takes a day a week." in text  # a hard part, with who said it
    assert "How much of the job is grant writing?" in text  # an open question
    assert "Answered questions (1)" in [e.label for e in at.expander]
    assert "Brightline Community Energy" in list(at.dataframe[0].value["Organization"])
    assert PRIVATE not in text
    # Research done names everyone who recommended each item, not only the first.
    assert "Book or article · done" in text
    assert "recommended by Amara Okafor, Ben Lindqvist and Kavya Rao" in text  # The Grid


def test_people_to_meet_name_everyone_who_recommended_them(open_page, sample_path):
    database = store.open_database(sample_path)
    gabriel = database.execute("SELECT id FROM contacts WHERE name = 'Gabriel Costa'").fetchone()
    conversations.save_conversation(
        database,
        gabriel[0],
        {"held_on": "2026-11-24", "mode": "phone"},
        recommendations=[conversations.Recommendation("person", "Kofi Asante")],
    )
    database.close()
    at = open_page("pages/paths.py", path=_path_id(sample_path, ENERGY))
    assert not at.exception
    text = _texts(at)
    assert text.count("Kofi Asante") == 1  # one card for him, not two
    assert "in your contacts, not met yet · recommended by Hana Sato and Gabriel Costa" in text


def test_mark_answered_takes_the_question_off_the_list(open_page, sample_path):
    energy = _path_id(sample_path, ENERGY)
    before = _read(sample_path, paths.open_questions, energy)
    at = open_page("pages/paths.py", path=energy)
    at.text_area(key=f"paths_answer_text_{before[0]['id']}").input("About a third of the job.")
    button(at, "Mark answered").click().run()
    assert not at.exception
    after = _read(sample_path, paths.open_questions, energy)
    assert [q["id"] for q in after] == [q["id"] for q in before[1:]]
    answered = _read(sample_path, paths.answered_questions, energy)
    assert answered[0]["answer"] == "About a third of the job."
    assert "Marked answered." in [s.value for s in at.success]


def test_status_change_is_recorded_and_shown(open_page, sample_path):
    efficiency = _path_id(sample_path, "Energy efficiency advisor")
    at = open_page("pages/paths.py", path=efficiency)
    at.selectbox(key=f"paths_status_{efficiency}").set_value("promising")
    button(at, "Set status").click().run()
    history = _read(sample_path, paths.status_history, efficiency)
    assert [h["status"] for h in history] == ["exploring", "promising"]
    assert "Promising" in _texts(at)


def test_make_a_path_from_an_alternative_role(open_page, sample_path):
    at = open_page("pages/paths.py")
    button(at, "Make a path").click().run()
    assert not at.exception
    made = _read(sample_path, paths.path_named, "EHR trainer")
    assert made is not None
    assert at.query_params["path"] == str(made)
    points = _read(sample_path, paths.interest_points, made)
    assert len(points) == 1  # the one conversation where the role came up (Farid's) is linked


def test_only_the_latest_alternative_roles_show_until_asked_for_more(open_page, sample_path):
    database = store.connect(sample_path)
    try:  # four more roles raised in conversations: seven in all
        ids = [
            row[0]
            for row in database.execute(
                "SELECT id FROM conversations WHERE alternative_role IS NULL LIMIT 4"
            )
        ]
        for number, conversation in enumerate(ids):
            database.execute(
                "UPDATE conversations SET alternative_role = ? WHERE id = ?",
                [f"Role number {number}", conversation],
            )
        database.conn.commit()
    finally:
        database.close()
    at = open_page("pages/paths.py")
    assert len([b for b in at.button if b.label == "Make a path"]) == 5
    button(at, "Show 2 more roles").click().run()
    assert len([b for b in at.button if b.label == "Make a path"]) == 7
    assert "Show 2 more roles" not in {b.label for b in at.button}


def test_adding_a_path_without_a_name_says_what_to_fix(open_page, sample_path):
    at = open_page("pages/paths.py")
    at.text_area(key="paths_add_description_0").input("Kept when the name is missing")
    button(at, "Add path").click().run()
    shown = " ".join(str(e.value) for e in at.error) + _texts(at)
    assert "Give the path a name" in shown
    assert at.text_area(key="paths_add_description_0").value == "Kept when the name is missing"
    at.text_input(key="paths_add_name_0").input("Grant writer")
    button(at, "Add path").click().run()
    assert _path_id(sample_path, "Grant writer") is not None


def test_compare_puts_paths_side_by_side_with_a_caption(open_page, sample_path):
    at = open_page("pages/paths.py")
    picker = at.multiselect(key="paths_compare")
    # By default the paths not ruled out are compared.
    assert sorted(picker.value) == sorted(
        [_path_id(sample_path, ENERGY), _path_id(sample_path, "Energy efficiency advisor")]
    )
    clinical = _path_id(sample_path, "Clinical informatics")
    energy = _path_id(sample_path, ENERGY)
    picker.set_value([energy, clinical]).run()
    rows = at.table[0].value
    assert list(rows.columns) == [ENERGY, "Clinical informatics"]
    assert rows.loc["Latest interest"].tolist() == ["Yes", "No"]
    assert rows.loc["Conversations held"].tolist() == ["12", "3"]
    assert rows.loc["Status"].tolist() == ["Promising", "Ruled out"]
    assert "no score is made up" in _texts(at)
    at.multiselect(key="paths_compare").set_value([energy]).run()
    assert "Pick at least 2 paths to compare." in [i.value for i in at.info]


@pytest.fixture
def coach(sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    return sample_path


@pytest.mark.parametrize("opened", [False, True], ids=["list", "path"])
def test_coach_mode_reads_without_controls_or_private_notes(open_page, coach, opened):
    params = {"path": _path_id(coach, ENERGY)} if opened else {}
    at = open_page("pages/paths.py", **params)
    labels = {b.label for b in at.button}
    assert not labels & {"Make a path", "Add path", "Mark answered", "Set status", "Add question"}
    assert not at.text_input and not at.text_area
    assert PRIVATE not in _texts(at)
    if opened:
        assert "Grant reporting takes a day a week." in _texts(at)
    else:
        assert len(at.dataframe[0].value) == 3


def test_capture_links_the_conversation_to_a_path_in_the_same_save(open_page, sample_path):
    energy = _path_id(sample_path, ENERGY)
    before = len(_read(sample_path, paths.interest_points, energy))
    at = open_page("pages/conversations.py", contact=1)
    by_label(at.multiselect, "Paths this conversation informed").set_value([energy]).run()
    by_label(at.radio, f"Still interested in {ENERGY}?").set_value("no")
    by_label(at.text_area, "What appeals").input("Real projects in the neighbourhood")
    by_label(at.text_area, "The hard parts").input("Evening meetings")
    by_label(at.text_area, "Open questions it raised (one a line)").input(
        "Who funds the programme?\nIs there a union?"
    )
    by_label(at.text_area, "Notes").input("Talked about programmes")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    points = _read(sample_path, paths.interest_points, energy)
    assert len(points) == before + 1
    assert points[-1]["still_interested"] == "no"
    open_texts = [q["text"] for q in _read(sample_path, paths.open_questions, energy)]
    assert open_texts[-2:] == ["Who funds the programme?", "Is there a union?"]
    # The saved conversation shows the path it informed, linked to the path's page.
    assert any(ENERGY in link.label for link in at.get("page_link"))
    # Editing it starts from what was said about the path.
    by_label(at.button, "Edit this conversation").click().run()
    assert by_label(at.multiselect, "Paths this conversation informed").value == [energy]
    assert by_label(at.text_area, "The hard parts").value == "Evening meetings"


def test_a_bad_path_link_keeps_what_was_typed(open_page, sample_path):
    energy = _path_id(sample_path, ENERGY)
    at = open_page("pages/conversations.py", contact=1)
    by_label(at.multiselect, "Paths this conversation informed").set_value([energy]).run()
    by_label(at.text_area, "What appeals").input("x" * (paths.TEXT_MAX + 1))
    by_label(at.text_area, "Notes").input("Notes worth keeping")
    by_label(at.button, "Save conversation").click().run()
    assert "keep it under" in " ".join(str(e.value) for e in at.error)
    assert by_label(at.text_area, "Notes").value == "Notes worth keeping"
    assert len(_read(sample_path, paths.interest_points, energy)) == 12


def test_a_board_item_added_by_hand_can_be_tied_to_a_path(open_page, sample_path):
    energy = _path_id(sample_path, ENERGY)
    at = open_page("pages/board.py")
    at.session_state["board_add_open"] = True  # "Add an item by hand" opened
    at.run()
    at.text_input(key="board_add_title_0").input("Community Power by Al Weinrub")
    at.selectbox(key="board_add_path_0").set_value(energy)
    by_label(at.button, "Add to the board").click().run()
    assert not at.exception
    done_and_to_do = _read(sample_path, paths.items, energy)
    assert "Community Power by Al Weinrub" in [i["title"] for i in done_and_to_do["to_do"]]


def test_weekly_review_lists_the_paths_that_changed_that_week(open_page, sample_path):
    at = open_page("pages/review.py")
    links = [link.label for link in at.get("page_link")]
    assert "Clinical informatics · now ruled out" in links
    assert not any(ENERGY in label for label in links)
    assert "status on hold → ruled out on 2026-11-23" in _texts(at)


def test_a_board_item_is_tied_to_a_path_or_makes_one_from_its_dialog(open_page, sample_path):
    from lib import board

    database = store.connect(sample_path)
    role = board.add_item(database, {"kind": "role", "title": "Grant writer"})
    book = board.add_item(database, {"kind": "book", "title": "Community Power"})
    database.close()
    energy = _path_id(sample_path, ENERGY)
    at = open_page("pages/board.py")
    at.session_state["board_add_open"] = True  # "Add an item by hand" opened
    at.run()
    at.selectbox(key="board_pick").select(book).run()
    at.selectbox(key=f"board_{book}_path").set_value(energy)
    at.button(key=f"board_{book}_path_save").click().run()
    assert not at.exception
    assert "Community Power" in [
        i["title"] for i in _read(sample_path, paths.items, energy)["to_do"]
    ]
    at.selectbox(key="board_pick").select(role).run()
    at.button(key=f"board_{role}_make_path").click().run()
    assert not at.exception
    made = _path_id(sample_path, "Grant writer")
    assert made is not None
    assert _read(sample_path, board.get_item, role)["path_id"] == made
