from datetime import timedelta

from lib import store
from lib.store import backup, snapshots
from tests.support import sample_counts
from tests.support.days import TODAY


def test_data_page_shows_the_open_file_and_counts(open_page, sample_path):
    at = open_page("pages/data.py")
    assert str(sample_path) in [c.value for c in at.code]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Contacts"] == str(sample_counts.CONTACTS)
    assert at.get("download_button")


def test_an_unusable_data_file_gives_a_message_not_a_traceback(open_page, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("FIELDWORK_DB", str(blocker / "fieldwork.db"))
    at = open_page("pages/home.py")
    assert any("could not open its data file" in e.value for e in at.error)


# --- Restore and automatic snapshots -------------------------------------------------------


def table_text(at) -> str:
    return " ".join(str(t.value.to_dict()) for t in at.table)


def test_restoring_an_upload_needs_the_typed_word_and_shows_counts_before_and_after(
    open_page, sample_path
):
    database = store.connect(sample_path)
    saved = backup.backup_bytes(database)
    backup.clear_all(database)
    database.close()
    at = open_page("pages/data.py")
    at.file_uploader(key="data_restore_upload_0").upload("fieldwork-backup.db", saved).run()
    assert any(m.value.startswith("**Restore fieldwork") for m in at.markdown)

    at.button(key="data_restore_upload").click().run()
    assert any("Not restored: type RESTORE" in e.value for e in at.error)
    assert {m.label: m.value for m in at.metric}["Contacts"] == "0"

    at.text_input(key="data_restore_typed_upload").input("RESTORE")
    at.button(key="data_restore_upload").click().run()
    assert not at.exception
    assert any("Restored fieldwork" in s.value for s in at.success)
    assert {m.label: m.value for m in at.metric}["Contacts"] == str(sample_counts.CONTACTS)
    assert "'Before': {0: '0'" in table_text(
        at
    ) and f"'After': {{0: '{sample_counts.CONTACTS}'" in table_text(at)
    assert list(sample_path.parent.glob("fieldwork-before-restore-*.db"))
    assert not at.file_uploader(key="data_restore_upload_1").value  # emptied after restoring


def test_an_upload_that_is_not_a_backup_is_refused_with_the_reason(open_page, sample_path):
    at = open_page("pages/data.py")
    name = "[Connections](https://example.org).csv"
    at.file_uploader[0].upload(name, b"First Name,Last Name\nAda,Okafor\n").run()
    refusal = next(e.value for e in at.error if "not an SQLite database" in e.value)
    assert "\\[Connections\\]\\(https" in refusal  # the file name shown as typed, not a link
    assert not [b for b in at.button if b.key == "data_restore_upload"]


def test_snapshots_are_listed_and_one_is_restored(open_page, sample_path):
    database = store.connect(sample_path)
    older = snapshots.take(database, TODAY - timedelta(days=2))
    backup.clear_all(database)
    database.close()
    at = open_page("pages/data.py")
    shown = [m.value for m in at.markdown]
    assert "Mon 23 Nov 2026" in shown and "Wed 25 Nov 2026 (today)" in shown

    at.button(key="data_snapshot_2026-11-23").click().run()
    at.text_input(key="data_restore_typed_snapshot").input(older.name)
    at.button(key="data_restore_snapshot").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Contacts"] == str(sample_counts.CONTACTS)


def test_snapshots_can_be_turned_off(open_page, sample_path):
    at = open_page("pages/data.py")
    at.toggle[0].set_value(False)
    at.number_input[0].set_value(3)
    at.button(key="FormSubmitter:data_snapshot_settings-Save snapshot settings").click().run()
    assert any("Snapshot settings saved" in s.value for s in at.success)
    database = store.connect(sample_path)
    assert snapshots.read_settings(database) == snapshots.SnapshotSettings(False, 3, 4)
    database.close()
    assert "Automatic snapshots are off: turn them on below." in [m.value for m in at.markdown]


def test_a_coach_sees_no_restore(open_page, sample_path, monkeypatch):
    monkeypatch.setenv("FIELDWORK_COACH", "1")
    at = open_page("pages/data.py")
    headers = [h.value for h in at.header]
    assert "Restore" not in headers and "Automatic snapshots" not in headers
    assert not at.file_uploader


def test_the_country_for_business_days_is_a_setting(open_page, db_path):
    from lib import business_days, store

    at = open_page("pages/data.py")
    assert at.selectbox(key="data_country").value == ""  # weekends only until one is set
    at.selectbox(key="data_country").set_value("GB").run()
    at.selectbox(key="data_country_region").set_value("ENG").run()
    at.button(key="data_country_save").click().run()
    assert not at.exception
    assert any("United Kingdom" in s.value for s in at.success)
    database = store.connect(db_path)
    assert business_days.calendar_for(database) == business_days.BusinessCalendar("GB", "ENG")
    database.close()
    at = open_page("pages/data.py")  # a new session shows what is saved
    assert at.selectbox(key="data_country").value == "GB"
    assert at.selectbox(key="data_country_region").value == "ENG"
