"""The daily digest: every section against the hand-counted world, its four formats, the
quiet day, and the mail through a real SMTP server on localhost (aiosmtpd)."""

import json
import os
import subprocess
import sys
from datetime import date, time

import pytest

from lib import digest, digest_mail, digest_run, schedule, store
from lib.formats import digest_render
from tests.support import digest_world
from tests.support.days import TODAY
from tests.support.smtp_server import PASSWORD, USER, free_port, smtp_server

MARKER = digest_world.MARKER


@pytest.fixture
def world(db):
    digest_world.build(db)
    return db


@pytest.fixture
def built(world):
    return digest.build_digest(world, TODAY)


def test_every_section_equals_the_hand_count(built):
    assert digest.as_json(built) == digest_world.EXPECTED


def test_each_due_item_carries_its_drafts_first_line_or_its_reason(built):
    gus, fay = built.overdue
    assert gus.label == "Keep in touch" and gus.first_line and not gus.first_line.endswith(",")
    assert fay.first_line and "Hi Fay" not in fay.first_line  # past the greeting
    (dee,) = built.today
    assert dee.first_line.startswith("No reply from Dee")  # 3B has no draft: its reason


def test_the_brief_to_print_and_the_other_zone_are_named(world, built):
    (ben,) = built.coming_up
    ben_id = world.execute("SELECT id FROM contacts WHERE name = 'Ben'").fetchone()[0]
    assert ben.brief == f"http://localhost:8501/brief?contact={ben_id}&scheduled=1"
    if os.environ.get("TZ", "") != "America/New_York":
        assert "15:00 in America/New_York" in ben.zone_note


def test_text_markdown_and_html_give_the_same_figures(built):
    text = digest_render.render_text(built)
    assert "Overdue" in text and "Keep in touch for Gus" in text
    assert "Outreaches: 1 of 3" in text and "Board items done: 1 of 2" in text
    assert "Brief to print: http://localhost:8501/brief?" in text
    markdown = digest_render.render_markdown(built)
    assert "| Conversations | 1 of 2 |" in markdown and "## Going cold" in markdown
    html = digest_render.render_html(built)
    assert '<th scope="row">Thank-yous sent</th><td>0 of 1</td>' in html
    assert html.count("<li>") == 2 + 1 + 1 + 1 + 1


def test_no_format_holds_a_private_note(built):
    for form in digest_render.FORMATS:
        assert MARKER not in digest_render.render(built, form)


def test_names_are_escaped_in_html_and_markdown(world):
    world["contacts"].update(
        world.execute("SELECT id FROM contacts WHERE name = 'Gus'").fetchone()[0],
        {"name": "<b>Gus</b> *x*"},
    )
    built = digest.build_digest(world, TODAY)
    html = digest_render.render_html(built)
    assert "<b>Gus</b>" not in html and "&lt;b&gt;Gus&lt;/b&gt;" in html
    assert "*x*" not in digest_render.render_markdown(built)


def test_without_goals_the_week_says_so(world):
    world.execute("DELETE FROM weekly_goals")
    built = digest.build_digest(world, TODAY)
    assert digest.as_json(built)["week"]["goals"] is None
    assert "No weekly goals set" in digest_render.render_text(built)


def test_an_empty_file_is_a_quiet_day(db):
    built = digest.build_digest(db, TODAY)
    assert built.quiet
    assert digest_run.run(db, TODAY, "text", email=False, always=False) == (
        "Fieldwork: nothing due on Wed 25 Nov 2026."
    )
    assert json.loads(digest_run.run(db, TODAY, "json", False, False))["overdue"] == []
    assert "This week so far" in digest_run.run(db, TODAY, "text", False, always=True)


def test_a_day_with_only_later_tasks_is_quiet(world):
    assert not digest.build_digest(world, TODAY).quiet
    world.execute("UPDATE followups SET status = 'skipped' WHERE due_on <= ?", [TODAY.isoformat()])
    world.execute("UPDATE scheduled_conversations SET status = 'cancelled'")
    world.conn.commit()
    assert digest.build_digest(world, TODAY).quiet


def test_first_line_of_a_draft():
    draft = digest.drafts.Draft("Subject", "Hi Ana,\n\nThank you for the talk.\nMore.")
    assert digest.draft_first_line(draft) == "Thank you for the talk."
    assert digest.draft_first_line(None) == ""
    assert len(digest.draft_first_line(digest.drafts.Draft("s", "x" * 500))) == 120


# --- the mail, through a real SMTP server ------------------------------------------------


def save_settings(db, port, user=""):
    return digest_mail.save_settings(
        db,
        {
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "user": user,
            "sender": "fieldwork@example.org",
            "recipient": "me@example.org",
        },
    )


def test_the_mail_arrives_with_text_and_html_parts_and_the_hand_counted_figures(world):
    with smtp_server() as (port, inbox):
        save_settings(world, port)
        line = digest_run.run(world, TODAY, "text", email=True, always=False)
    assert line == "Sent the digest for 2026-11-25 to me@example.org."
    (message,) = inbox.messages()
    assert inbox.recipients == [["me@example.org"]]
    assert message["Subject"] == "Fieldwork for Wed 25 Nov 2026: 3 to send, 2 overdue"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message.get_content_type() == "multipart/alternative"
    for part in (plain, html):
        assert "Gus" in part and "Fay" in part and "Dee" in part and "Ben" in part
    assert "Outreaches: 1 of 3" in plain and "<td>1 of 3</td>" in html
    assert MARKER.encode() not in inbox.raw[0]


def test_login_with_the_password_from_the_environment(world, monkeypatch):
    monkeypatch.setenv(digest_mail.PASSWORD_ENV_VAR, PASSWORD)
    with smtp_server(require_auth=True) as (port, inbox):
        save_settings(world, port, user=USER)
        digest_run.run(world, TODAY, "text", email=True, always=False)
    assert len(inbox.raw) == 1


def test_a_wrong_password_is_said_plainly(world, monkeypatch):
    monkeypatch.setenv(digest_mail.PASSWORD_ENV_VAR, "wrong")
    with smtp_server(require_auth=True) as (port, inbox):
        save_settings(world, port, user=USER)
        with pytest.raises(digest_run.DigestError, match="refused the user name or password"):
            digest_run.run(world, TODAY, "text", email=True, always=False)
    assert inbox.raw == []


def test_a_refused_connection_is_said_plainly(world):
    port = free_port()
    save_settings(world, port)
    with pytest.raises(digest_run.DigestError, match=f"127.0.0.1:{port} refused the connection"):
        digest_run.run(world, TODAY, "text", email=True, always=False)


def test_tls_against_a_plain_server_is_said_plainly(world):
    with smtp_server() as (port, _inbox):
        settings = save_settings(world, port)
        settings.security = "ssl"
        message = digest_render.compose_mail(settings, digest.build_digest(world, TODAY))
        with pytest.raises(digest_mail.MailError, match="TLS failed"):
            digest_mail.send(settings, message, None)
        settings.security = "starttls"
        with pytest.raises(digest_mail.MailError, match="does not offer"):
            digest_mail.send(settings, message, None)


def test_an_unknown_host_is_said_plainly(world):
    settings = save_settings(world, 25)
    settings.host = "no-such-host.invalid"
    with pytest.raises(digest_mail.MailError, match="Unknown mail server"):
        digest_mail.send(settings, digest_mail.build_message(settings, "s", "t", "<p>h</p>"), None)


def test_a_quiet_day_sends_nothing_unless_always(db):
    with smtp_server() as (port, inbox):
        save_settings(db, port)
        assert digest_run.run(db, TODAY, "text", True, False).startswith("Fieldwork: nothing due")
        assert inbox.raw == []
        digest_run.run(db, TODAY, "text", True, always=True)
        assert len(inbox.raw) == 1


def test_settings_are_checked_and_the_password_never_stored(db):
    with pytest.raises(digest_mail.MailSettingsError) as refused:
        digest_mail.save_settings(db, {"host": "https://x", "port": 0, "sender": "me"})
    assert set(refused.value.errors) >= {"host", "port", "sender", "recipient"}
    save_settings(db, 2525, user="me@example.org")
    assert digest_mail.read_settings(db).port == 2525
    stored = " ".join(str(v) for (v,) in db.execute("SELECT value FROM settings"))
    assert "password" not in stored.lower()


# --- the command -------------------------------------------------------------------------


def fieldwork(*args):
    return subprocess.run(
        [sys.executable, "-m", "lib.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FIELDWORK_DB": "/nonexistent/never.db"},
    )


def test_the_command_prints_each_format(world):
    path = store.file_path(world)
    result = fieldwork("digest", "--db", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == digest_world.EXPECTED
    for form, needle in (("text", "Due today"), ("markdown", "## Due today"), ("html", "<h2>")):
        result = fieldwork("digest", "--db", path, "--format", form)
        assert result.returncode == 0 and needle in result.stdout and MARKER not in result.stdout


def test_the_command_is_one_line_on_a_quiet_day(db):
    result = fieldwork("digest", "--db", store.file_path(db), "--date", "2026-12-24")
    assert result.returncode == 0
    assert result.stdout == "Fieldwork: nothing due on Thu 24 Dec 2026.\n"


def test_the_command_says_why_a_mail_failed_with_status_2(world):
    save_settings(world, free_port())
    result = fieldwork("digest", "--db", store.file_path(world), "--email")
    assert result.returncode == 2
    assert "refused the connection" in result.stderr and "Traceback" not in result.stderr


def test_another_day_is_read_without_syncing_its_reminders(world):
    before = world.execute("SELECT count(*) FROM followups").fetchone()[0]
    digest_run.run(world, date(2027, 3, 1), "json", False, False)
    assert world.execute("SELECT count(*) FROM followups").fetchone()[0] == before


def test_a_busy_day_lists_the_first_tasks_and_counts_the_rest(world):
    fay = world.execute("SELECT id FROM contacts WHERE name = 'Fay'").fetchone()[0]
    world["followups"].insert_all(
        {"kind": "thank_you", "contact_id": fay, "due_on": f"2026-10-{day:02d}"}
        for day in range(1, 31)
    )
    built = digest.build_digest(world, TODAY, limit=5)
    assert len(built.overdue) == 5 and built.more("overdue") == 32 - 5
    assert "27 more" in digest_render.render_text(built)
    assert "27 more" in digest_render.render_html(built)
    assert digest.subject(built).endswith("33 to send, 32 overdue")
    every = json.loads(digest_run.run(world, TODAY, "json", email=False, always=False))
    assert len(every["overdue"]) == 32


def test_a_conversation_today_alone_is_not_a_quiet_day(db):
    contact = db["contacts"].insert({"name": "Ana"}).last_pk
    db["scheduled_conversations"].insert(
        {
            "contact_id": contact,
            "starts_at": schedule.to_utc(TODAY, time(23, 0), schedule.local_time_zone()).strftime(
                schedule.UTC_FORMAT
            ),
            "time_zone": schedule.local_time_zone(),
            "planned_minutes": 20,
            "mode": "phone",
        }
    )
    built = digest.build_digest(db, TODAY)
    assert not built.quiet and len(built.coming_up) == 1


class MemoryKeyring:
    """A keyring backend kept in memory: the system keyring's part, for machines without one."""

    priority = 1

    def __init__(self):
        self.saved = {}

    def set_password(self, service, user, password):
        self.saved[(service, user)] = password

    def get_password(self, service, user):
        return self.saved.get((service, user))

    def delete_password(self, service, user):
        self.saved.pop((service, user), None)


@pytest.fixture
def memory_keyring(monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    backend = type("Memory", (MemoryKeyring, KeyringBackend), {})()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv(digest_mail.PASSWORD_ENV_VAR, raising=False)
    yield backend
    keyring.set_keyring(previous)


def test_the_password_goes_to_the_keyring_and_the_environment_wins(db, memory_keyring, monkeypatch):
    settings = save_settings(db, 2525, user=USER)
    assert digest_mail.keyring_problem() is None
    digest_mail.store_password(settings, PASSWORD)
    assert memory_keyring.saved == {("fieldwork", USER): PASSWORD}
    assert digest_mail.password_for(settings) == PASSWORD
    monkeypatch.setenv(digest_mail.PASSWORD_ENV_VAR, "from-the-environment")
    assert digest_mail.password_for(settings) == "from-the-environment"
    assert PASSWORD not in " ".join(str(v) for (v,) in db.execute("SELECT value FROM settings"))


def test_without_a_keyring_storing_the_password_says_where_to_put_it(db, monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(digest_mail.MailError, match=digest_mail.PASSWORD_ENV_VAR):
            digest_mail.store_password(save_settings(db, 2525, user=USER), PASSWORD)
    finally:
        keyring.set_keyring(previous)
