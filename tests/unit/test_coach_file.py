"""The coach file: entries written whole, read back the same whatever their order, repeats or
garbage between them."""

import json
import random
from datetime import date

import pytest

from lib.formats import coach_file

WEEK = date(2026, 11, 23)


def lines(*entries) -> bytes:
    return b"".join(json.dumps(e).encode() + b"\n" for e in entries)


@pytest.fixture
def entries():
    comment = coach_file.new_comment(
        "Maya", date(2026, 11, 25), "Good week.", "2026-11-25T10:00:00Z"
    )
    item = coach_file.new_action_item(
        "Maya",
        "Write to two people at Brightline",
        date(2026, 11, 27),
        contact_id=3,
        now="2026-11-25T10:01:00Z",
    )
    change = coach_file.change_action_item(
        "Maya", item["id"], due_on=date(2026, 11, 30), now="2026-11-26T09:00:00Z"
    )
    return comment, item, change


def test_a_comment_belongs_to_the_monday_of_its_week(entries):
    comment, _, _ = entries
    assert comment["week_start"] == WEEK.isoformat()
    read = coach_file.parse_coach_file(lines(comment))
    assert [(c.week_start, c.text, c.coach) for c in read.comments] == [
        (WEEK, "Good week.", "Maya")
    ]


def test_a_change_applies_to_its_item(entries):
    _, item, change = entries
    read = coach_file.parse_coach_file(lines(item, change))
    [found] = read.action_items
    assert (found.text, found.due_on, found.contact_id) == (
        "Write to two people at Brightline",
        date(2026, 11, 30),
        3,
    )
    assert found.changed_at == "2026-11-26T09:00:00Z"


def test_repeated_and_shuffled_lines_read_the_same(entries):
    comment, item, change = entries
    withdrawn = coach_file.change_action_item(
        "Maya", item["id"], withdrawn=True, now="2026-11-27T09:00:00Z"
    )
    ordered = coach_file.parse_coach_file(lines(comment, item, change, withdrawn))
    for seed in range(5):
        shuffled = [comment, item, change, withdrawn, item, change, comment]
        random.Random(seed).shuffle(shuffled)
        again = coach_file.parse_coach_file(lines(*shuffled))
        assert again.comments == ordered.comments
        assert again.action_items == ordered.action_items
        assert again.skipped == 0
    assert ordered.action_items[0].withdrawn
    assert ordered.action_items[0].due_on == date(2026, 11, 30)


def test_garbage_lines_are_skipped_and_counted(entries):
    comment, item, _ = entries
    bad = [
        b"not json at all",
        b"\xff\xfe\x00 binary",
        json.dumps({**comment, "id": "not-a-uuid"}).encode(),
        json.dumps({**comment, "kind": "delete_everything"}).encode(),
        json.dumps({**comment, "at": "yesterday"}).encode(),
        json.dumps({**item, "due_on": "soon"}).encode(),
        json.dumps({**item, "contact_id": "3; DROP TABLE contacts"}).encode(),
        json.dumps({**comment, "text": "x" * (coach_file.MAX_TEXT + 1)}).encode(),
        json.dumps([1, 2, 3]).encode(),
        b"[" * 5000,
    ]
    data = lines(comment) + b"\n".join(bad) + b"\n" + lines(item)
    read = coach_file.parse_coach_file(data)
    assert len(read.comments) == 1 and len(read.action_items) == 1
    assert read.skipped == len(bad)
    assert (
        read.message() == f"{len(bad)} lines of the coach file could not be read and were skipped."
    )


def test_a_change_of_an_unknown_item_changes_nothing(entries):
    comment, _, change = entries
    read = coach_file.parse_coach_file(lines(comment, change))
    assert read.action_items == [] and read.skipped == 0


def test_an_oversized_file_is_refused_plainly(tmp_path):
    path = tmp_path / "a.fieldwork-share.coach"
    path.write_bytes(b" " * (coach_file.MAX_BYTES + 1))
    read = coach_file.read_coach_file(path)
    assert read.comments == [] and "larger than" in read.message()


def test_a_missing_file_is_empty(tmp_path):
    read = coach_file.read_coach_file(tmp_path / "none.coach")
    assert (read.comments, read.action_items, read.message()) == ([], [], "")


def test_appending_writes_whole_lines_beside_the_package(tmp_path, entries):
    path = coach_file.coach_file_for(tmp_path / "ana.fieldwork-share")
    assert path.name == "ana.fieldwork-share.coach"
    comment, item, change = entries
    coach_file.append_entries(path, [comment])
    coach_file.append_entries(path, [item, change])
    data = path.read_bytes()
    assert data.endswith(b"\n") and data.count(b"\n") == 3
    read = coach_file.read_coach_file(path)
    assert len(read.comments) == 1 and read.action_items[0].due_on == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: coach_file.new_comment("", WEEK, "Hi"), "Give your name"),
        (lambda: coach_file.new_comment("Maya", WEEK, "   "), "Write the comment"),
        (lambda: coach_file.new_action_item("Maya", "Do it", None), "due"),
        (lambda: coach_file.change_action_item("Maya", "x"), "Nothing changed"),
    ],
)
def test_entries_that_say_nothing_are_refused(call, message):
    with pytest.raises(coach_file.CoachFileError, match=message):
        call()
