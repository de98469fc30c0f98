"""Your data's Email digest and Calendar feed sections, and the time-zone picker when
scheduling a conversation."""

import re
from datetime import time, timedelta

from icalendar import Calendar

from lib import digest_mail, schedule, store
from lib.formats import calendar_feed
from tests.support.apptest import button
from tests.support.days import TODAY
from tests.support.smtp_server import free_port, smtp_server

DATA = "pages/data.py"


def fill_mail_settings(at, port, sender="fieldwork@example.org"):
    at.text_input(key="data_smtp_host").set_value("127.0.0.1")
    at.number_input(key="data_smtp_port").set_value(port)
    at.selectbox(key="data_smtp_security").set_value("none")
    at.text_input(key="data_smtp_sender").set_value(sender)
    at.text_input(key="data_smtp_recipient").set_value("me@example.org")
    return at


def texts(elements) -> str:
    """The elements' text as a reader sees it: the escaper's backslashes and word joiners gone."""
    return " ".join(re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in elements)


def test_mail_settings_are_saved_and_a_test_digest_arrives(open_page, sample_path):
    at = open_page(DATA)
    with smtp_server() as (port, inbox):
        fill_mail_settings(at, port)
        button(at, "Save mail settings").click().run()
        assert "Mail settings saved" in texts(at.success)
        button(at, "Send a test digest").click().run()
        assert "Sent the digest for 2026-11-25 to me@example.org" in texts(at.success)
    (message,) = inbox.messages()
    assert message.get_body(("html",)) is not None
    database = store.open_database(sample_path)
    try:
        assert digest_mail.read_settings(database).port == port
    finally:
        database.close()


def test_a_refused_test_send_says_what_failed(open_page, sample_path):
    at = fill_mail_settings(open_page(DATA), free_port())
    button(at, "Save mail settings").click().run()
    button(at, "Send a test digest").click().run()
    assert "Not sent" in texts(at.error) and "refused the connection" in texts(at.error)


def test_bad_settings_say_what_to_fix_and_keep_what_was_typed(open_page, sample_path):
    at = fill_mail_settings(open_page(DATA), 2525, sender="not an address")
    button(at, "Save mail settings").click().run()
    assert "Give the address it comes from" in texts(at.error)
    assert at.text_input(key="data_smtp_sender").value == "not an address"
    assert at.text_input(key="data_smtp_host").value == "127.0.0.1"


def test_without_a_keyring_the_page_points_to_the_environment_variable(open_page, sample_path):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        at = fill_mail_settings(open_page(DATA), 2525)
        assert digest_mail.PASSWORD_ENV_VAR in texts(at.info)
        at.text_input(key="data_smtp_password").set_value("secret")
        button(at, "Save mail settings").click().run()
    finally:
        keyring.set_keyring(previous)
    warning = texts(at.warning)
    assert "Saved, but the password was not" in warning
    assert digest_mail.PASSWORD_ENV_VAR in warning
    written = b"".join(f.read_bytes() for f in sample_path.parent.glob(f"{sample_path.name}*"))
    assert b"secret" not in written  # the file, its WAL and its journal


def test_the_feed_file_is_chosen_written_and_refused_plainly(open_page, sample_path, tmp_path):
    at = open_page(DATA)
    at.text_input(key="data_feed_path").set_value(str(tmp_path / "missing" / "f.ics"))
    button(at, "Save and write it now").click().run()
    assert "does not exist" in texts(at.error)
    assert at.text_input(key="data_feed_path").value.endswith("f.ics")  # kept as typed
    target = tmp_path / "fieldwork.ics"
    at.text_input(key="data_feed_path").set_value(str(target))
    button(at, "Save and write it now").click().run()
    assert "rewritten after each change" in texts(at.success)
    uids = [str(e["uid"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert "scheduled-1@fieldwork.local" in uids
    database = store.open_database(sample_path)
    try:
        assert calendar_feed.feed_path(database) == str(target)
    finally:
        database.close()


def test_a_conversation_is_entered_in_their_time_zone(open_page, sample_path):
    database = store.open_database(sample_path)
    contact_id = database.execute("SELECT id FROM contacts WHERE name = 'Amara Okafor'").fetchone()[
        0
    ]
    database.close()
    at = open_page("pages/contacts.py", contact=contact_id)
    key = f"contacts_schedule_{contact_id}_0"
    zone = at.selectbox(key=f"{key}_zone")
    assert zone.value == schedule.local_time_zone()  # the machine's by default
    assert "America/New_York" in zone.options
    day = TODAY + timedelta(days=2)
    at.date_input(key=f"{key}_day").set_value(day)
    at.time_input(key=f"{key}_time").set_value(time(10, 0))
    zone.set_value("America/New_York")
    button(at, "Schedule it").click().run()
    database = store.open_database(sample_path)
    try:
        row = database.execute(
            "SELECT starts_at, time_zone FROM scheduled_conversations WHERE contact_id = ? "
            "ORDER BY id DESC",
            [contact_id],
        ).fetchone()
    finally:
        database.close()
    expected = schedule.to_utc(day, time(10, 0), "America/New_York")
    assert row == (expected.strftime(schedule.UTC_FORMAT), "America/New_York")
    shown = " ".join(m.value for m in at.markdown)
    assert schedule.when_text(expected) in shown
    if schedule.local_time_zone() != "America/New_York":
        assert "10:00 in America/New_York" in shown


def test_rescheduling_keeps_the_zone_it_was_entered_in(open_page, sample_path):
    database = store.open_database(sample_path)
    try:
        coming = schedule.coming_up(database, TODAY)["week"][0]
        database.execute(
            "UPDATE scheduled_conversations SET time_zone = 'America/New_York' WHERE id = ?",
            [coming["id"]],
        )
        database.conn.commit()
    finally:
        database.close()
    at = open_page("pages/home.py")
    there = schedule.in_zone(coming["starts"], "America/New_York")
    if schedule.local_time_zone() != "America/New_York":
        assert f"{there:%H:%M} in America/New_York" in " ".join(m.value for m in at.markdown)
    at.session_state[f"home_coming_reschedule_{coming['id']}"] = True  # the person opens it
    at.run()
    prefix = f"home_coming_new_zone_{coming['id']}"
    assert at.selectbox(key=prefix).value == "America/New_York"
    assert at.time_input(key=f"home_coming_new_time_{coming['id']}").value == there.time()
    at.time_input(key=f"home_coming_new_time_{coming['id']}").set_value(time(11, 0))
    at.button(key=f"home_coming_move_{coming['id']}").click().run()
    database = store.open_database(sample_path)
    try:
        moved = schedule.get_scheduled(database, coming["id"])
    finally:
        database.close()
    expected = schedule.to_utc(there.date(), time(11, 0), "America/New_York")
    assert (moved["starts"], moved["time_zone"]) == (expected, "America/New_York")
