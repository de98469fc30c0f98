"""The home page's due list: what a user sees, and that its buttons change the database."""

from datetime import timedelta

from lib import clock, followups, store
from lib.contacts import save_contact
from tests.support.apptest import in_order
from tests.support.days import TODAY
from tests.support.small_worlds import open_due as _open
from tests.support.small_worlds import task as _task


def test_due_list_shows_each_task_with_its_reason_and_draft(open_page, due_path):
    at = open_page("pages/home.py")
    assert "What is due" in [s.value for s in at.header]
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Thank-you note · Ben Lindqvist · due today") for label in labels)
    assert any(label.startswith("Follow up once (7B) · Amara Okafor") for label in labels)
    assert any(label.startswith("Reach out to someone else there (3B)") for label in labels)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Overdue": "2", "Due today": "1", "Coming up this week": "0"}
    thanks = _task(due_path, "thank_you")
    assert not at.text_area  # closed entries send only their labels
    _open(at, thanks)
    _open(at, _task(due_path, "next_contact"))
    body = at.text_area(key=f"due_body_{thanks['id']}").value
    assert body.startswith("Hi Ben,")
    assert "grant writing is the skill to build first" in body
    text = " ".join(m.value for m in at.markdown)
    assert "someone else at SolarShare" in text


def test_mark_done_logs_the_thank_you(open_page, due_path):
    at = open_page("pages/home.py")
    thanks = _task(due_path, "thank_you")
    _open(at, thanks)
    at.text_input(key=f"due_subject_{thanks['id']}").input("Thanks, Ben")
    at.button(key=f"due_done_{thanks['id']}").click().run()
    assert not at.exception
    done = _task(due_path, "thank_you")
    assert done["status"] == "done"
    assert clock.local_date(done["done_at"]) == TODAY
    database = store.connect(due_path)
    logged = database["interactions"].get(done["done_interaction_id"])
    assert (logged["kind"], logged["summary"]) == ("thank_you", "Thanks, Ben")
    assert any("Done: thank-you note for Ben Lindqvist" in s.value for s in at.success)
    assert not any(e.label.startswith("Thank-you note") for e in at.expander)


def test_done_takes_the_day_it_was_sent(open_page, due_path):
    # Ben's thank-you (due today) went out last night, right after the talk; it is logged this
    # morning with yesterday's date. Any day can be typed; one before the talk or after today
    # is refused beside the field (tests/app/test_dates_as_typed.py).
    at = open_page("pages/home.py")
    thanks = _task(due_path, "thank_you")
    _open(at, thanks)
    sent_on = at.date_input(key=f"due_sent_on_{thanks['id']}")
    assert sent_on.value == TODAY
    sent_on.set_value(TODAY - timedelta(days=1))
    at.button(key=f"due_done_{thanks['id']}").click().run()
    assert not at.exception
    done = _task(due_path, "thank_you")
    assert clock.local_date(done["done_at"]) == TODAY - timedelta(days=1)
    database = store.connect(due_path)
    logged = database["interactions"].get(done["done_interaction_id"])
    assert logged["occurred_on"] == (TODAY - timedelta(days=1)).isoformat()
    database.close()
    yesterday = TODAY - timedelta(days=1)
    flash = f"sent {yesterday:%a} {yesterday.day} {yesterday:%b}"
    assert any(flash in s.value for s in at.success)


def test_skip_needs_a_reason_then_skips(open_page, due_path):
    at = open_page("pages/home.py")
    follow = _task(due_path, "follow_up")
    _open(at, follow)
    at.button(key=f"due_skip_{follow['id']}").click().run()
    assert any("why you are skipping" in e.value for e in at.error)
    assert _task(due_path, "follow_up")["status"] == "open"
    at.text_input(key=f"due_reason_{follow['id']}").input("Met her at an event instead")
    at.button(key=f"due_skip_{follow['id']}").click().run()
    skipped = _task(due_path, "follow_up")
    assert (skipped["status"], skipped["skip_reason"]) == ("skipped", "Met her at an event instead")


def test_snooze_moves_it_out_of_today(open_page, due_path):
    at = open_page("pages/home.py")
    thanks = _task(due_path, "thank_you")
    _open(at, thanks)
    later = TODAY + timedelta(days=9)
    at.date_input(key=f"due_until_{thanks['id']}").set_value(later)
    at.button(key=f"due_snooze_{thanks['id']}").click().run()
    assert _task(due_path, "thank_you")["snoozed_until"] == later.isoformat()
    assert {m.label: m.value for m in at.metric}["Due today"] == "0"


def test_coach_mode_shows_the_list_without_write_controls(open_page, due_path, monkeypatch):
    database = store.open_database(due_path)
    followups.sync_tasks(database, TODAY)
    database.close()
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/home.py")
    assert any(e.label.startswith("Thank-you note") for e in at.expander)
    _open(at, _task(due_path, "thank_you"))
    assert any("You talked with Ben Lindqvist" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.key and b.key.startswith("due_")]
    assert not [t for t in at.text_area if t.key and t.key.startswith("due_")]


def test_nothing_due_says_so(open_page, db_path):
    database = store.open_database(db_path)
    save_contact(database, {"name": "Quiet Contact"})
    database.close()
    at = open_page("pages/home.py")
    assert any("Nothing is due this week" in i.value for i in at.info)


def test_done_confirms_where_the_item_was_not_at_the_top(open_page, due_path):
    # Marking one done keeps the person's place: the confirmation takes the item's place.
    at = open_page("pages/home.py")
    thanks = _task(due_path, "thank_you")
    _open(at, thanks)
    at.button(key=f"due_done_{thanks['id']}").click().run()
    kinds = [
        (element.type, getattr(element, "value", None))
        for element in in_order(at.main)
        if element.type in ("success", "markdown", "metric")
    ]
    done_at = next(i for i, (kind, _) in enumerate(kinds) if kind == "success")
    headings = [
        i
        for i, (kind, value) in enumerate(kinds)
        if kind == "markdown" and str(value).startswith("### ")
    ]
    metrics = [i for i, (kind, _) in enumerate(kinds) if kind == "metric"]
    assert max(metrics) < done_at  # below the counts, in the list
    assert any(i < done_at for i in headings)  # under its bucket's heading
