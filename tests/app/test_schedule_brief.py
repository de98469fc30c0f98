"""Home's coming-up list, the brief page (coach mode too), and capture prefilled from a schedule."""

from datetime import date, time, timedelta
from urllib.parse import parse_qs

from lib import schedule, store
from lib.contacts import save_contact
from tests.support.apptest import button, open_tab
from tests.support.days import TODAY


def scheduled_rows(path) -> dict[str, dict]:
    """The sample's two scheduled conversations: {'coming': ..., 'missed': ...}."""
    database = store.open_database(path)
    try:
        coming = schedule.coming_up(database, TODAY)["week"][0]
        missed = schedule.not_captured(database, TODAY)[0]
        database.execute(
            "UPDATE contacts SET private_notes = 'PRIVATE-NOTE' WHERE id = ?",
            [coming["contact_id"]],
        )
    finally:
        database.close()
    return {"coming": coming, "missed": missed}


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_home_shows_coming_up_above_the_due_list_and_not_captured_yet(open_page, sample_path):
    rows = scheduled_rows(sample_path)
    at = open_page("pages/home.py")
    headers = [h.value for h in at.header]
    assert headers.index("Coming up") < headers.index("What is due")
    text = markdown_text(at)
    assert "Thu 26 Nov, 14:00" in text and rows["coming"]["contact"] in text
    assert "Not captured yet" in text and "Tue 24 Nov, 11:00" in text
    # Tomorrow's call can be prepared, not yet captured; yesterday's can be captured.
    links = {
        (p.label, parse_qs(p.proto.query_string).get("scheduled", [""])[0])
        for p in at.get("page_link")
    }
    assert ("Prepare", str(rows["coming"]["id"])) in links
    assert ("How did it go?", str(rows["missed"]["id"])) in links
    assert ("How did it go?", str(rows["coming"]["id"])) not in links
    # Reschedule's form and Cancel's confirmation are drawn once their popover is opened.
    assert not {"Move it", "Cancel it"} & {b.label for b in at.button}
    at.session_state[f"home_coming_reschedule_{rows['coming']['id']}"] = True
    assert "Move it" in {b.label for b in at.run().button}
    at.session_state[f"home_coming_cancel_open_{rows['coming']['id']}"] = True
    assert "Cancel it" in {b.label for b in at.run().button}


def test_brief_page_with_and_without_private_notes(open_page, sample_path):
    coming = scheduled_rows(sample_path)["coming"]
    at = open_page("pages/brief.py", contact=coming["contact_id"], scheduled=coming["id"])
    text = markdown_text(at)
    assert "Who they are" in text and "What you want to learn" in text
    assert "8 questions, about 16–24 minutes" in text
    assert "PRIVATE" not in text
    at.toggle(key="brief_private").set_value(True).run()
    assert "PRIVATE\\-NOTE" in markdown_text(at)


def test_brief_in_coach_mode_hides_private_notes(open_page, sample_path, monkeypatch):
    coming = scheduled_rows(sample_path)["coming"]
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/brief.py", contact=coming["contact_id"], scheduled=coming["id"])
    assert not at.toggle
    text = markdown_text(at)
    assert "Who they are" in text and "PRIVATE" not in text


def test_how_did_it_go_opens_a_prefilled_capture(open_page, sample_path):
    missed = scheduled_rows(sample_path)["missed"]
    at = open_page("pages/conversations.py", scheduled=missed["id"])
    assert (
        at.selectbox(key=f"conversations_contact_{missed['contact_id']}").value
        == (missed["contact_id"])
    )
    assert at.date_input[0].value == date(2026, 11, 24)
    assert at.selectbox[1].value == "phone"
    assert at.number_input[0].value == 20
    planned = at.multiselect(key=f"conversations_questions_0_{missed['id']}")
    assert len(planned.value) == 4
    at.text_area[0].input("They said the work is mostly partnerships.")
    button(at, "Save conversation").click().run()
    assert not at.exception
    database = store.open_database(sample_path)
    try:
        item = schedule.get_scheduled(database, missed["id"])
    finally:
        database.close()
    assert item["status"] == "held" and item["conversation_id"]


def test_weekly_review_counts_scheduled_and_held(open_page, sample_path):
    at = open_page("pages/review.py")
    assert any(
        "Scheduled to start this week: 2; held and captured: 0" in c.value for c in at.caption
    )


def test_coach_sees_what_is_coming_up_but_cannot_change_it(open_page, sample_path, monkeypatch):
    rows = scheduled_rows(sample_path)
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/home.py")
    assert rows["coming"]["contact"] in markdown_text(at)
    labels = {p.label for p in at.get("page_link")}
    assert "Prepare" in labels and "How did it go?" not in labels
    assert not {"Move it", "Cancel it"} & {b.label for b in at.button}


def test_reschedule_and_cancel_from_home(open_page, sample_path):
    rows = scheduled_rows(sample_path)
    coming, missed = rows["coming"]["id"], rows["missed"]["id"]
    at = open_page("pages/home.py")
    at.session_state[f"home_coming_reschedule_{coming}"] = True  # the person opens it
    at.run()
    at.date_input(key=f"home_coming_new_day_{coming}").set_value(date(2026, 11, 27))
    at.button(key=f"home_coming_move_{coming}").click().run()
    assert not at.exception
    # Moved: its popover closes (the next look at it starts from the new time).
    assert f"home_coming_move_{coming}" not in {b.key for b in at.button}
    at.session_state[f"home_missed_cancel_open_{missed}"] = True  # the person opens it
    at.run()
    at.button(key=f"home_missed_cancel_{missed}").click().run()
    assert not at.exception
    assert "Fri 27 Nov, 14:00" in markdown_text(at)
    assert "Not captured yet" not in markdown_text(at)
    database = store.open_database(sample_path)
    try:
        moved = schedule.get_scheduled(database, coming)
        cancelled = schedule.get_scheduled(database, missed)
    finally:
        database.close()
    assert moved["sequence"] == 1 and moved["when"] == "Fri 27 Nov, 14:00"
    assert cancelled["status"] == "cancelled"


def _blocks(node):
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ == "Block":
            yield child
        yield from _blocks(child)


def _texts(node) -> list[str]:
    found = [node.proto.body] if hasattr(getattr(node, "proto", None), "body") else []
    for child in getattr(node, "children", {}).values():
        found += _texts(child)
    return found


def test_a_failed_schedule_says_what_to_fix_under_its_button_and_its_field(open_page, sample_path):
    at = open_tab(open_page("pages/conversations.py"), "conversations_tab", "Schedule")
    [schedule_it] = [b for b in at.button if b.label == "Schedule it"]
    schedule_it.click().run()  # nobody picked
    assert not at.exception
    blocks = list(_blocks(at._tree))
    [form] = [b for b in blocks if b.proto.form.form_id == "conversations_schedule_0_form"]
    [below] = [b for b in blocks if b.proto.id.endswith("-conversations_schedule_0_errors")]
    assert blocks.index(below) > blocks.index(form)  # under the button, where the person looks
    assert any("Pick who you will talk to" in text for text in _texts(below))
    # The contact picker sits above the form (it searches as you type): the error is under it.
    [picked] = [s for s in at.selectbox if s.label == "Who will you talk to?"]
    under_field = [
        text
        for block in blocks
        if blocks.index(block) < blocks.index(form)
        for text in _texts(block)
        if text.startswith(":material/error:")
    ]
    assert any("Pick who" in text for text in under_field) and picked.value is None
    assert len(at.error) == 1  # said once, not also above the form
    assert not form.proto.form.enter_to_submit  # Enter in the place box does not schedule
    pickers = [m for m in at.multiselect if m.proto.form_id == form.proto.form.form_id]
    assert pickers and not any(m.proto.select_all for m in pickers)


def test_a_busy_week_shows_three_calls_and_the_rest_on_asking(open_page, db_path):
    database = store.open_database(db_path)
    try:
        names = [f"Person {n}" for n in range(5)]
        for n, name in enumerate(names):
            contact = save_contact(database, {"name": name})
            values = {"day": TODAY + timedelta(days=1 + n), "time": time(14, 0), "mode": "video"}
            schedule.schedule(database, contact, values)
    finally:
        database.close()
    at = open_page("pages/home.py")
    shown = [name for name in names if name in markdown_text(at)]
    assert shown == names[:3]
    assert at.button(key="home_coming_week_more").label == "Show 2 more this week"
    at.button(key="home_coming_week_more").click().run()
    assert [name for name in names if name in markdown_text(at)] == names
    assert "home_coming_week_more" not in {b.key for b in at.button}
