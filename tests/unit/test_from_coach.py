"""The client's side: what the coach file says lands in the client's own file, once."""

import json
from datetime import date, timedelta

import pytest

from lib import from_coach, store
from lib.formats import coach_file
from tests.support.days import TODAY


def file_bytes(*entries) -> bytes:
    return b"".join(json.dumps(e).encode() + b"\n" for e in entries)


@pytest.fixture
def entries():
    comment = coach_file.new_comment("Maya", TODAY, "Good week.", "2026-11-25T10:00:00Z")
    item = coach_file.new_action_item(
        "Maya",
        "Write to two people at Brightline",
        TODAY + timedelta(days=2),
        now="2026-11-25T10:01:00Z",
    )
    return comment, item


def test_reading_twice_changes_nothing_the_second_time(db, entries):
    data = file_bytes(*entries)
    first, _ = from_coach.import_bytes(db, data)
    assert first == {"comments": 1, "items": 1, "changed": 0}
    revision = store.data_revision(db)
    again, _ = from_coach.import_bytes(db, data + data)
    assert again == {"comments": 0, "items": 0, "changed": 0}
    assert store.data_revision(db) == revision
    assert db["coach_comments"].count == 1 and db["coach_action_items"].count == 1


def test_a_comment_is_on_its_week_only(db, entries):
    from_coach.import_bytes(db, file_bytes(*entries))
    [comment] = from_coach.comments_for_week(db, date(2026, 11, 23))
    assert (comment["coach"], comment["text"]) == ("Maya", "Good week.")
    assert from_coach.comments_for_week(db, date(2026, 11, 16)) == []


def test_done_stays_done_when_the_coach_changes_the_item(db, entries):
    _, item = entries
    from_coach.import_bytes(db, file_bytes(item))
    from_coach.mark_done(db, item["id"], TODAY, TODAY)
    assert from_coach.open_action_items(db) == []
    change = coach_file.change_action_item("Maya", item["id"], text="Write to three people")
    counts, _ = from_coach.import_bytes(db, file_bytes(item, change))
    assert counts["changed"] == 1
    row = db["coach_action_items"].get(item["id"])
    assert (row["text"], row["done_on"]) == ("Write to three people", TODAY.isoformat())


def test_a_withdrawn_item_leaves_the_due_list(db, entries):
    _, item = entries
    from_coach.import_bytes(db, file_bytes(item))
    assert [i["entry_id"] for i in from_coach.open_action_items(db)] == [item["id"]]
    withdrawn = coach_file.change_action_item("Maya", item["id"], withdrawn=True)
    from_coach.import_bytes(db, file_bytes(withdrawn, item))
    assert from_coach.open_action_items(db) == []


def test_done_on_a_day_after_today_is_refused(db, entries):
    _, item = entries
    from_coach.import_bytes(db, file_bytes(item))
    with pytest.raises(from_coach.FromCoachError, match="after today"):
        from_coach.mark_done(db, item["id"], TODAY + timedelta(days=1), TODAY)
    from_coach.mark_done(db, item["id"], TODAY - timedelta(days=1), TODAY)
    with pytest.raises(from_coach.FromCoachError, match="already done"):
        from_coach.mark_done(db, item["id"], TODAY, TODAY)


def test_the_share_folder_is_read_beside_the_package(db, tmp_path, entries):
    folder = tmp_path / "shared"
    folder.mkdir()
    with store.write(db):
        db["settings"].insert({"key": from_coach.SHARE_FOLDER_KEY, "value": str(folder)})
    assert from_coach.share_folder(db) == folder
    coach_path = coach_file.coach_file_for(folder / "me.fieldwork-share")
    coach_path.write_bytes(file_bytes(*entries) + b"garbage\n")
    counts, messages = from_coach.read_folder(db, folder)
    assert counts == {"comments": 1, "items": 1, "changed": 0}
    assert messages == [
        "me.fieldwork-share.coach: 1 line of the coach file could not be read and was skipped."
    ]


def test_a_file_with_nothing_from_a_coach_says_so(db):
    counts, message = from_coach.import_bytes(db, b"hello\nworld\n")
    assert counts["comments"] == 0
    assert message.startswith("That file holds no comments or action items from a coach.")


def test_what_the_client_did_goes_back_in_the_next_package(db, tmp_path, entries):
    from lib import clients
    from lib.formats import share_package

    comment, item = entries
    from_coach.import_bytes(db, file_bytes(comment, item))
    from_coach.mark_done(db, item["id"], TODAY, TODAY)
    out = tmp_path / "me.fieldwork-share"
    share_package.write_package(db, out, client_name="Me")
    package = clients.open_package(out)
    assert from_coach.action_item_states(package) == {item["id"]: TODAY.isoformat()}
    read = coach_file.parse_coach_file(file_bytes(comment, item))
    assert clients.action_item_counts(read, from_coach.action_item_states(package)) == {
        "open": 0,
        "done": 1,
    }
    package.close()
