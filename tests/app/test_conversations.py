from datetime import timedelta

from lib import store
from tests.support.apptest import by_label, in_order, markdown_text, open_tab
from tests.support.days import TODAY


def test_no_contacts_points_to_the_contacts_page(open_page):
    at = open_page("pages/conversations.py")
    assert any("Add a contact first" in i.value for i in at.info)


def make_contact(db_path, **values):
    database = store.open_database(db_path)
    with database.atomic():
        database["contacts"].insert({"name": "Ada", "hook": "Wrote about grid storage", **values})
    return database


def test_preparation_panel_shows_hook_and_referrer(open_page, db_path):
    database = make_contact(db_path)
    with database.atomic():
        database["contacts"].insert({"name": "Bo", "referred_by_id": 1})
    at = open_page("pages/conversations.py", contact=2)
    assert "Before you talk to Bo" in markdown_text(at)
    assert any(link.label == "Ada" for link in at.get("page_link"))
    at = open_page("pages/conversations.py", contact=1)
    assert "Wrote about grid storage" in markdown_text(at)


def test_saving_a_conversation_with_answers_and_a_recommendation(open_page, db_path):
    make_contact(db_path)
    at = open_page("pages/conversations.py", contact=1)
    bank = by_label(at.multiselect, "Questions to ask")
    first, second = bank.options[0], bank.options[8]
    bank.select(first).select(second).run()
    areas = [
        a for a in at.text_area if a.label in (first.split(" · ", 1)[1], second.split(" · ", 1)[1])
    ]
    assert len(areas) == 2
    areas[0].input("Through volunteering")
    areas[1].input("Talk to Bo at SolarShare")
    by_label(at.text_area, "Takeaways").input("Volunteer first")
    by_label(at.selectbox, "Recommendation 1 kind").set_value("book")
    by_label(at.text_input, "Recommendation 1 title").input("Drawdown")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    assert any("1 recommendation to the research board" in s.value for s in at.success)
    database = store.connect(db_path)
    answers = [r["answer"] for r in database["conversation_answers"].rows]
    assert answers == ["Through volunteering", "Talk to Bo at SolarShare"]
    assert [r["title"] for r in database["research_items"].rows] == ["Drawdown"]
    assert database["followups"].count == 2
    assert "Volunteer first" in markdown_text(at)


def test_failed_save_keeps_the_answers(open_page, db_path):
    make_contact(db_path)
    at = open_page("pages/conversations.py", contact=1)
    bank = by_label(at.multiselect, "Questions to ask")
    bank.select(bank.options[0]).run()
    question = bank.options[0].split(" · ", 1)[1]
    by_label(at.text_area, question).input("A long careful answer")
    by_label(at.text_input, "Recommendation 1 title").input("A book without a kind")
    by_label(at.button, "Save conversation").click().run()
    assert any("Recommendation 1 needs a kind" in e.value for e in at.error)
    assert by_label(at.text_area, question).value == "A long careful answer"
    assert by_label(at.text_input, "Recommendation 1 title").value == "A book without a kind"
    assert store.connect(db_path)["conversations"].count == 0


def test_recent_and_opening_a_conversation_on_the_sample(open_page, sample_path):
    at = open_page("pages/conversations.py")
    assert not at.dataframe  # a closed tab is not built
    recent = open_tab(at, "conversations_tab", "Recent").dataframe[0].value
    assert len(recent) >= 10
    assert recent[["still_interested", "takeaways"]].notna().all().all()  # never "None"
    at = open_page("pages/conversations.py", conversation=int(recent.iloc[0]["id"]))
    assert "Takeaways" in markdown_text(at)
    by_label(at.button, "Edit this conversation").click().run()
    assert by_label(at.button, "Save conversation")


def test_question_bank_can_be_extended(open_page, db_path):
    at = open_tab(open_page("pages/conversations.py"), "conversations_tab", "Question bank")
    by_label(at.text_input, "Question").input("What would you tell your younger self?")
    by_label(at.button, "Add question").click().run()
    texts = [r["text"] for r in store.connect(db_path)["questions"].rows]
    assert texts[-1] == "What would you tell your younger self?"
    assert "What would you tell your younger self?" in markdown_text(at).replace("\\", "")


def test_another_recommendation_row_is_added_inside_the_form_keeping_what_was_typed(
    open_page, db_path
):
    make_contact(db_path)
    at = open_page("pages/conversations.py", contact=1)
    labels = [b.label for b in at.button]
    # With the recommendations, before Save; no "Select all" slip in the question picker.
    assert labels.index("Add another recommendation") < labels.index("Save conversation")
    assert not by_label(at.multiselect, "Questions to ask").proto.select_all
    by_label(at.text_area, "Takeaways").input("Volunteer first")
    by_label(at.button, "Add another recommendation").click().run()
    assert by_label(at.text_input, "Recommendation 4 title")
    assert by_label(at.text_area, "Takeaways").value == "Volunteer first"
    assert store.connect(db_path)["conversations"].count == 0  # nothing saved yet


def capture_widgets(at, prefix: str) -> list:
    """Every input widget of the capture form (all are keyed by its form key)."""
    kinds = (at.text_input, at.text_area, at.selectbox, at.number_input, at.date_input, at.radio)
    return [w for widgets in kinds for w in widgets if (w.key or "").startswith(prefix)]


def test_the_capture_waits_for_save_except_the_recommendations_which_answer_as_typed(
    open_page, db_path
):
    # Not an st.form (whose notice waited for a button): each field ignores its own changes,
    # as a form's would (no run while typing, Enter saves nothing), and Save's run reads them.
    # Only a recommendation's kind and title run (the capture alone), to say what the board has.
    from lib import paths

    database = make_contact(db_path)
    energy = paths.create_path(database, {"name": "Energy programmes"}, today=TODAY)
    at = open_page("pages/conversations.py", contact=1)
    bank = by_label(at.multiselect, "Questions to ask")
    bank.select(bank.options[0]).run()
    by_label(at.multiselect, "Paths this conversation informed").set_value([energy]).run()
    fields = capture_widgets(at, "conversations_capture_1_")
    labels = {w.label for w in fields}
    assert {"Date", "Mode", "Duration (minutes)", "Notes", "Takeaways", "What appeals"} <= labels
    assert "Private notes (never shown to a coach or exported)" in labels
    assert not [w.label for w in fields if w.proto.form_id]  # no st.form around them
    waiting = [w for w in fields if not w.label.endswith((" kind", " title"))]
    assert len(waiting) >= 13
    assert [w.label for w in waiting if not w.proto.ignore_rerun] == []
    titles = [w for w in fields if w.label.endswith(" title")]
    assert len(titles) == 3
    assert all(t.proto.live_debounce_ms == 250 and not t.proto.ignore_rerun for t in titles)
    assert not any(w.proto.ignore_rerun for w in fields if w.label.endswith(" kind"))
    assert not [b for b in at.button if "Check" in b.label]


def test_editing_a_conversation_waits_for_save_too(open_page, sample_path):
    database = store.connect(sample_path)
    conversation = database.execute("SELECT id FROM conversations LIMIT 1").fetchone()[0]
    database.close()
    at = open_page("pages/conversations.py", conversation=conversation)
    by_label(at.button, "Edit this conversation").click().run()
    fields = capture_widgets(at, f"conversations_edit_{conversation}_")
    waiting = [w for w in fields if not w.label.endswith((" kind", " title"))]
    assert len(waiting) >= 8
    assert [w.label for w in waiting if not w.proto.ignore_rerun] == []
    by_label(at.text_area, "Takeaways").input("Changed after a second look")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    database = store.connect(sample_path)
    saved = database.execute("SELECT takeaways FROM conversations WHERE id = ?", [conversation])
    assert saved.fetchone()[0] == "Changed after a second look"


def test_cancel_editing_leaves_the_conversation_as_it_was(open_page, sample_path):
    database = store.connect(sample_path)
    conversation, before = database.execute(
        "SELECT id, takeaways FROM conversations LIMIT 1"
    ).fetchone()
    database.close()
    at = open_page("pages/conversations.py", conversation=conversation)
    by_label(at.button, "Edit this conversation").click().run()
    by_label(at.text_area, "Takeaways").input("Not meant")
    by_label(at.button, "Cancel editing").click().run()
    assert not at.exception
    assert by_label(at.button, "Edit this conversation")
    assert not [b for b in at.button if b.label == "Save conversation"]
    database = store.connect(sample_path)
    saved = database.execute("SELECT takeaways FROM conversations WHERE id = ?", [conversation])
    assert saved.fetchone()[0] == before


def test_a_row_added_to_one_capture_is_not_added_to_the_next(open_page, db_path):
    database = make_contact(db_path)
    with database.atomic():
        database["contacts"].insert({"name": "Bo"})
    at = open_page("pages/conversations.py", contact=1)
    by_label(at.button, "Add another recommendation").click().run()
    assert by_label(at.text_input, "Recommendation 4 title")
    by_label(at.selectbox, "Who did you talk to?").set_value(2).run()  # another conversation
    titles = [box.label for box in at.text_input if box.label.endswith(" title")]
    assert titles == [f"Recommendation {n} title" for n in (1, 2, 3)]


def test_a_failed_save_shows_its_errors_under_save(open_page, db_path):
    make_contact(db_path)
    at = open_page("pages/conversations.py", contact=1)
    by_label(at.text_input, "Recommendation 1 title").input("Drawdown")  # no kind picked
    by_label(at.button, "Save conversation").click().run()
    assert any("needs a kind" in e.value for e in at.error)
    order = [
        (element.type, getattr(element, "label", None))
        for element in in_order(at.main)
        if element.type in ("error", "button")
    ]
    save = order.index(("button", "Save conversation"))
    assert order[save + 1][0] == "error"  # right under Save, where the person is looking


def test_capturing_for_someone_with_a_call_not_captured_offers_to_be_that_one(
    open_page, sample_path
):
    # The sample's Carmen Reyes had a call yesterday, never captured: picking her under Log a
    # conversation offers it, and capturing it marks it held (the review counts it).
    from lib import metrics, schedule

    database = store.connect(sample_path)
    (waiting,) = schedule.not_captured(database, TODAY)
    item = schedule.get_scheduled(database, waiting["id"])
    at = open_page("pages/conversations.py", contact=item["contact_id"])
    offer = f"You had a call scheduled with {item['contact']} on {item['when']}"
    assert any(offer in m.value for m in at.markdown)
    by_label(at.button, "Capture it").click().run()
    assert not at.exception
    assert at.query_params["scheduled"] == str(item["id"])
    assert any("How did it go?" in i.value for i in at.info)
    assert by_label(at.date_input, "Date").value == item["local_start"].date()
    planned = by_label(at.multiselect, "Questions to ask").value
    assert len(planned) == len(item["question_ids"])
    by_label(at.text_area, "Takeaways").input("Grant experience beats a PMP.")
    by_label(at.button, "Save conversation").click().run()
    assert not at.exception
    assert schedule.get_scheduled(database, item["id"])["status"] == "held"
    week = metrics.week_start(TODAY)
    counts = metrics.scheduled_conversations(database, week, week + timedelta(days=6))
    assert counts["held"] == 1


def test_no_offer_for_someone_with_nothing_scheduled(open_page, db_path):
    make_contact(db_path)
    at = open_page("pages/conversations.py", contact=1)
    assert not any("You had a call scheduled" in m.value for m in at.markdown)


def test_a_conversation_opens_on_its_own_address_and_back_leaves_it(open_page, sample_path):
    database = store.connect(sample_path)
    conversation = database.execute("SELECT id FROM conversations LIMIT 1").fetchone()[0]
    database.close()
    at = open_page("pages/conversations.py", conversation=conversation)
    assert at.session_state["_page_name"] == "conversation"  # off the sidebar's Conversations
    assert by_label(at.button, "Edit this conversation")
    by_label(at.button, "Conversations").click().run()
    assert not at.exception
    assert at.session_state["_page_name"] == "conversations"
    assert "conversation" not in at.query_params
    assert not [b for b in at.button if b.label == "Edit this conversation"]
