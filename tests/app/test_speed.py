"""Speed with a year of heavy use (issue 10): reruns do not redo work the data did not need."""

import pytest

from lib import followups, store
from tests.support.days import TODAY


@pytest.fixture
def sync_calls(monkeypatch):
    """Count the follow-up syncs the app runs (each a write transaction with several scans)."""
    calls = []
    original = followups.sync_tasks

    def counted(db, today, *args, **kwargs):
        calls.append(today)
        return original(db, today, *args, **kwargs)

    monkeypatch.setattr(followups, "sync_tasks", counted)
    return calls


def test_home_syncs_follow_ups_once_until_the_data_changes(open_page, sample_path, sync_calls):
    at = open_page("pages/home.py")
    assert len(sync_calls) == 1  # the session's start syncs; the due list finds it done
    at.run()
    at.run()
    assert len(sync_calls) == 1  # reruns with no write in between skip the sync

    # Another tab or process logs an outreach: the next run syncs again and shows its prompt.
    other = store.connect(sample_path)
    # Someone with no conversation scheduled: one on the calendar is an answer, and no prompt.
    contact_id = other.execute(
        "SELECT id FROM contacts WHERE id NOT IN (SELECT contact_id FROM scheduled_conversations)"
        " ORDER BY id LIMIT 1"
    ).fetchone()[0]
    with store.write(other):
        other["interactions"].insert(
            {"contact_id": contact_id, "kind": "outreach", "occurred_on": TODAY.isoformat()}
        )
    other.close()
    at.run()
    assert len(sync_calls) == 2
    database = store.connect(sample_path)
    prompts = database.execute(
        "SELECT count(*) FROM followups f JOIN interactions i ON i.id = f.interaction_id "
        "WHERE i.contact_id = ? AND i.occurred_on = ? AND f.kind = 'next_contact'",
        [contact_id, TODAY.isoformat()],
    ).fetchone()[0]
    assert prompts == 1
    at.run()
    assert len(sync_calls) == 2


def test_a_new_day_syncs_again(open_page, sample_path, sync_calls, monkeypatch):
    at = open_page("pages/home.py")
    assert len(sync_calls) == 1
    monkeypatch.setenv("FIELDWORK_TODAY", "2026-12-01")
    at.run()
    assert sync_calls[-1].isoformat() == "2026-12-01"


def test_the_server_warms_up_once_in_the_background():
    # A fresh interpreter, as a server starts: after warm_up, a page's first visit finds
    # vobject, icalendar, Jinja2 and every lib module already imported, the first coach
    # report finds its templates compiled, and full garbage collections skip what was loaded.
    import subprocess
    import sys

    script = (
        "import sys, pkgutil, lib\n"
        "from lib.ui import session\n"
        "session.warm_up().join(60)\n"
        "missing = [m.name for m in pkgutil.walk_packages(lib.__path__, prefix='lib.')"
        " if m.name not in sys.modules]\n"
        "assert not missing, missing\n"
        "assert {'vobject', 'icalendar', 'jinja2'} <= set(sys.modules)\n"
        "from lib.formats import report\n"
        "for environment in (report._html_environment(), report._markdown_environment()):\n"
        "    compiled = [key[1] for key in environment.cache.keys()]\n"
        "    assert any(name.startswith('report.') for name in compiled), compiled\n"
        "from lib import charts\n"
        "assert charts._template.cache_info().currsize == 1  # a first chart was built\n"
        "import gc\n"
        "assert gc.get_freeze_count() > 10_000  # long-lived objects out of full collections\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
