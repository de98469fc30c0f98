"""The client's side: the coach file in the share folder shows on the right week's review,
its action items join Home's due list as "From your coach", and Done is kept in the file."""

import json
from datetime import date, timedelta

import pytest

from lib import from_coach, store
from lib.formats import coach_file
from tests.markdown_check import active_markup, shown_text
from tests.support.apptest import run_page
from tests.support.days import TODAY

REVIEW = "pages/review.py"
WEEK = date(2026, 11, 23)


@pytest.fixture
def shared(sample_path, tmp_path):
    """The sample, kept in a share folder whose coach file holds a comment and an item."""
    folder = tmp_path / "shared"
    folder.mkdir()
    db = store.open_database(sample_path)
    with store.write(db):
        db["settings"].upsert({"key": from_coach.SHARE_FOLDER_KEY, "value": str(folder)}, pk="key")
    db.close()
    comment = coach_file.new_comment("Maya Coach", TODAY, "Good week: **two** talks.")
    last_week = coach_file.new_comment("Maya Coach", TODAY - timedelta(weeks=1), "Last week's.")
    item = coach_file.new_action_item(
        "Maya Coach", "Write to two people at Brightline", TODAY + timedelta(days=2)
    )
    path = coach_file.coach_file_for(folder / "me.fieldwork-share")
    coach_file.append_entries(path, [comment, last_week, item])
    return {"db": sample_path, "item": item, "coach_file": path}


def texts(at) -> str:
    return " ".join(shown_text(m.value) for m in [*at.markdown, *at.caption])


def test_the_comment_shows_on_its_week_with_the_coachs_name_and_day(shared):
    at = run_page(REVIEW)
    shown = texts(at)
    assert "Good week: **two** talks." in shown  # as typed, not bold
    assert "Maya Coach · Wed 25 Nov 2026" in shown
    assert "Last week's." not in shown
    next(b for b in at.button if b.label == "Previous week").click().run()
    assert "Last week's." in texts(at) and "Good week" not in texts(at)


def test_the_box_is_only_for_a_comment_received_another_way(shared):
    at = run_page(REVIEW)
    labels = [e.label for e in at.expander]
    assert "Got a comment another way (mail, a call)? Paste it here" in labels
    assert "Got a coach file by mail? Open it here" in labels
    # Built once opened: a closed box draws nothing inside it.
    assert not [t for t in at.text_area if t.key.startswith("review_coach_comment_")]
    assert not at.get("file_uploader")
    at.session_state["review_paste"] = True
    at.session_state["review_coach_file"] = True
    at.run()
    assert not at.exception
    assert [t.label for t in at.text_area if t.key.startswith("review_coach_comment_")] == [
        "Comment your coach sent another way"
    ]
    assert [u.proto.label for u in at.get("file_uploader")] == ["Coach file (.coach)"]


def test_the_action_item_is_on_home_and_done_is_kept(shared):
    at = run_page()
    assert "From your coach" in texts(at)
    label = next(e.label for e in at.expander if "Brightline" in e.label)
    assert "Maya Coach" in label and "due Fri 27 Nov 2026" in label
    item_id = shared["item"]["id"]
    at.session_state[f"home_coach_{item_id}"] = True
    at.run()
    next(b for b in at.button if b.key == f"home_coach_done_{item_id}").click().run()
    assert not at.exception
    assert any("Done: Write to two people at Brightline" in s.value for s in at.success)
    db = store.connect(shared["db"])
    assert db["coach_action_items"].get(item_id)["done_on"] == TODAY.isoformat()
    db.close()
    again = run_page()
    assert not [e for e in again.expander if "Brightline" in e.label]


def test_the_client_never_writes_the_coach_file(shared):
    before = shared["coach_file"].read_bytes()
    run_page()
    run_page(REVIEW)
    assert shared["coach_file"].read_bytes() == before


def test_a_coach_file_received_by_mail_shows_on_the_review_once_read(sample_path):
    comment = coach_file.new_comment("Maya Coach", TODAY, "Sent by mail.")
    data = b"".join(json.dumps(e).encode() + b"\n" for e in [comment, comment])
    db = store.open_database(sample_path)
    counts, message = from_coach.import_bytes(db, data + b"junk\n")
    db.close()
    assert counts["comments"] == 1 and "1 line" in message
    at = run_page(REVIEW)
    assert "Sent by mail." in texts(at)


def test_a_hostile_coach_file_is_shown_as_text(sample_path):
    hostile = (
        "<script>alert(1)</script> [link](http://evil.example) ![i](http://evil.example/x.png)"
    )
    comment = coach_file.new_comment(hostile, TODAY, f"# Heading {hostile}")
    item = coach_file.new_action_item(hostile, f"**Do** {hostile}", TODAY)
    db = store.open_database(sample_path)
    from_coach.import_bytes(db, json.dumps(comment).encode() + b"\n" + json.dumps(item).encode())
    db.close()
    review = run_page(REVIEW)
    home = run_page()
    home.session_state[f"home_coach_{item['id']}"] = True
    home.run()
    sources = [m.value for at in (review, home) for m in [*at.markdown, *at.caption]]
    sources += [e.label for e in home.expander]
    shown = [s for s in sources if "evil" in s]
    assert len(shown) >= 4  # the name, the comment, the item's label and its text
    # The page's own bold around the coach's name is the only markup; the rest is as typed.
    own = {"strong_open"}
    assert {s: m for s in shown if (m := set(active_markup(s)) - own)} == {}
    assert any("**Do**" in shown_text(s) for s in sources)
    assert any(f"# Heading {hostile}" in shown_text(s) for s in sources)
