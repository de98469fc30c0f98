"""The calendar feed: parsed with icalendar after add, reschedule, done and cancel: stable
UIDs, SEQUENCE raised on each change, closed items kept as CANCELLED; rewritten after every
save once a file is chosen; written atomically."""

import os
import subprocess
import sys
from datetime import time, timedelta

import pytest
from icalendar import Calendar

from lib import clock, followups, schedule, store
from lib.formats import calendar_feed, ics
from tests.support import digest_world
from tests.support.days import TODAY


def events(path) -> dict[str, dict]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(e["uid"]): {
            "sequence": int(e.get("sequence", 0)),
            "status": str(e.get("status")),
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
        }
        for e in calendar.walk("VEVENT")
    }


@pytest.fixture
def feed(db, tmp_path):
    digest_world.build(db)
    path = tmp_path / "synced" / "fieldwork.ics"
    path.parent.mkdir()
    calendar_feed.set_feed_path(db, str(path), TODAY)
    return path


def open_task(db, name, kind):
    return db.execute(
        """SELECT f.id FROM followups f JOIN contacts c ON c.id = f.contact_id
           WHERE c.name = ? AND f.kind = ? AND f.status = 'open'""",
        [name, kind],
    ).fetchone()[0]


def test_the_feed_holds_every_open_task_and_scheduled_conversation(db, feed):
    found = events(feed)
    open_ids = [t.id for t in followups.open_tasks(db, TODAY)]
    assert {f"followup-{i}@fieldwork.local" for i in open_ids} <= set(found)
    assert found["scheduled-1@fieldwork.local"]["summary"] == "Conversation with Ben"
    assert found["scheduled-3@fieldwork.local"]["status"] == "CANCELLED"  # Eve's, cancelled
    assert all(e["sequence"] == 0 for e in found.values())
    assert digest_world.MARKER not in feed.read_text()


def test_add_reschedule_done_and_cancel_keep_uids_and_raise_sequence(db, feed):
    ana = db.execute("SELECT id FROM contacts WHERE name = 'Ana'").fetchone()[0]
    now = clock.now_utc()
    added = schedule.schedule(
        db,
        ana,
        {"day": TODAY + timedelta(days=2), "time": time(9, 30), "time_zone": "Europe/Paris",
         "mode": "video"},
        now=now,
    )  # fmt: skip
    uid = f"scheduled-{added}@fieldwork.local"
    assert events(feed)[uid]["sequence"] == 0  # rewritten by the save itself

    schedule.reschedule(db, added, {"day": TODAY + timedelta(days=3), "time": time(10)}, now=now)
    moved = events(feed)[uid]
    assert moved["sequence"] == 1 and moved["status"] == "CONFIRMED"
    assert moved["start"].date() == TODAY + timedelta(days=3)

    fay = open_task(db, "Fay", "thank_you")
    followups.mark_done(db, fay, TODAY)
    done = events(feed)[f"followup-{fay}@fieldwork.local"]
    assert done == {**done, "sequence": 1, "status": "CANCELLED"}

    schedule.cancel(db, added)
    cancelled = events(feed)[uid]
    assert cancelled["sequence"] == 2 and cancelled["status"] == "CANCELLED"

    dee = open_task(db, "Dee", "next_contact")
    followups.snooze(db, dee, TODAY + timedelta(days=4), TODAY)
    snoozed = events(feed)[f"followup-{dee}@fieldwork.local"]
    assert snoozed["sequence"] == 1 and snoozed["start"] == TODAY + timedelta(days=4)
    followups.skip(db, dee, "Not now")
    assert events(feed)[f"followup-{dee}@fieldwork.local"]["sequence"] == 2


def test_an_unchanged_event_keeps_its_sequence(db, feed):
    before = events(feed)
    calendar_feed.write_feed(db, feed, TODAY)
    calendar_feed.write_feed(db, feed, TODAY)
    after = events(feed)
    assert {u: e["sequence"] for u, e in after.items()} == {
        u: e["sequence"] for u, e in before.items()
    }


def test_a_cancelled_event_leaves_the_feed_after_a_month(db, feed, monkeypatch):
    fay = open_task(db, "Fay", "thank_you")
    followups.skip(db, fay, "Too late now")
    uid = f"followup-{fay}@fieldwork.local"
    assert events(feed)[uid]["status"] == "CANCELLED"
    later = TODAY + timedelta(days=calendar_feed.CANCELLED_KEPT_DAYS + 1)
    monkeypatch.setenv(clock.TODAY_ENV_VAR, later.isoformat())
    calendar_feed.write_feed(db, feed, later)
    assert uid not in events(feed)


def test_the_write_is_atomic_and_leaves_no_temporary_file(db, feed):
    calendar_feed.write_feed(db, feed, TODAY)
    assert sorted(p.name for p in feed.parent.iterdir()) == ["fieldwork.ics"]


def test_a_failed_write_keeps_the_old_file_whole(db, feed, monkeypatch):
    before = feed.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(calendar_feed.os, "replace", broken)
    with pytest.raises(calendar_feed.FeedError, match="No space left"):
        calendar_feed.write_feed(db, feed, TODAY)
    assert feed.read_bytes() == before
    assert sorted(p.name for p in feed.parent.iterdir()) == ["fieldwork.ics"]


@pytest.mark.parametrize(
    ("path", "problem"),
    [("   ", "Give the file"), ("/no/such/folder/f.ics", "does not exist"), ("notes.txt", ".ics")],
)
def test_a_bad_path_is_refused_plainly_and_not_saved(db, path, problem):
    with pytest.raises(calendar_feed.FeedError, match=problem):
        calendar_feed.set_feed_path(db, path, TODAY)
    assert calendar_feed.feed_path(db) is None


def test_stopping_the_feed_stops_the_rewrites(db, feed):
    calendar_feed.set_feed_path(db, None, TODAY)
    before = feed.read_bytes()
    followups.skip(db, open_task(db, "Fay", "thank_you"), "No")
    assert feed.read_bytes() == before


def test_a_feed_that_cannot_be_written_never_costs_the_save(db, feed):
    feed.parent.chmod(0o500)
    try:
        followups.skip(db, open_task(db, "Fay", "thank_you"), "No")
    finally:
        feed.parent.chmod(0o700)
    assert db.execute("SELECT count(*) FROM followups WHERE status = 'skipped'").fetchone()[0]
    if os.geteuid() != 0:  # root writes anywhere
        assert "Cannot write" in calendar_feed.last_problem(db)


def test_the_feeds_memory_is_bookkeeping_not_data(db, feed):
    revision = store.data_revision(db)
    calendar_feed.write_feed(db, feed, TODAY)
    assert store.data_revision(db) == revision
    assert "calendar_feed_events" in store.NOT_DATA_TABLES


def test_the_command_writes_the_feed(db, tmp_path):
    digest_world.build(db)
    out = tmp_path / "out.ics"
    run = subprocess.run(
        [sys.executable, "-m", "lib.cli", "calendar", "--db", store.file_path(db), "--out", out],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Wrote ") and "1 cancelled" in run.stdout
    assert "scheduled-1@fieldwork.local" in events(out)
    bad = subprocess.run(
        [sys.executable, "-m", "lib.cli", "calendar", "--db", store.file_path(db), "--out",
         tmp_path / "missing" / "f.ics"],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "does not exist" in bad.stderr


def test_a_conversation_never_has_a_lower_sequence_than_its_own_download(db, feed):
    db.execute("UPDATE scheduled_conversations SET sequence = 4 WHERE id = 1")
    db.conn.commit()
    calendar_feed.write_feed(db, feed, TODAY)
    feed_event = events(feed)["scheduled-1@fieldwork.local"]
    download = Calendar.from_ical(ics.scheduled_calendar(db, 1)).walk("VEVENT")[0]
    assert feed_event["sequence"] == int(download["sequence"]) == 4


def test_a_home_folder_of_no_user_is_refused_in_words():
    with pytest.raises(calendar_feed.FeedError, match="no home folder for ~nosuchuser9x"):
        calendar_feed.check_path("~nosuchuser9x/fieldwork.ics")
