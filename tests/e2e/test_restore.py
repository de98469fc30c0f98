"""Restore in the real app: a backup uploaded in one tab replaces the data, and a second tab
open on the same server shows the restored data when it reloads."""

import pytest

from lib.store import backup
from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.support import sample_counts

pytestmark = pytest.mark.e2e


def contacts_metric(tab) -> str:
    metric = tab.locator("[data-testid='stMetric']").filter(has_text="Contacts").first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_restore_a_backup_and_see_it_in_a_second_tab(server_factory, page, tmp_path):
    server = server_factory(sample=True)
    database = server.database()
    saved = backup.save_copy(database, tmp_path / "fieldwork-backup-2026-11-25.db")
    backup.clear_all(database)
    database.close()

    second = page.context.new_page()
    open_app(second, server, "data")
    assert contacts_metric(second) == "0"

    open_app(page, server, "data")
    assert contacts_metric(page) == "0"
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(saved))
    wait_for_app(page)
    counts = page.locator("table").filter(has_text="In this file")
    assert str(sample_counts.CONTACTS) in counts.first.inner_text()
    page.get_by_label("Type RESTORE (or the file's name) to confirm").fill("RESTORE")
    page.keyboard.press("Tab")
    wait_for_app(page)
    page.locator(".st-key-data_restore_upload button").click()
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_text("Restored fieldwork-backup-2026-11-25.db").wait_for()
    assert contacts_metric(page) == str(sample_counts.CONTACTS)

    second.reload()
    second.wait_for_selector("[data-testid='stApp']")
    wait_for_app(second)
    assert_no_exception(second)
    assert contacts_metric(second) == str(sample_counts.CONTACTS)
    second.close()


def test_start_over_asks_in_a_dialog_and_empties_the_file(server_factory, page):
    server = server_factory(sample=True)
    open_app(page, server, "data")
    assert contacts_metric(page) != "0"
    page.get_by_role("button", name="Start over…").click()
    dialog = page.get_by_role("dialog")
    box = dialog.get_by_label("Type DELETE to confirm")
    box.fill("DELETE")
    box.press("Enter")  # the rerun keeps the dialog open, its button now enabled
    dialog.get_by_role("button", name="Delete everything").click()
    page.get_by_role("dialog").wait_for(state="detached")
    wait_for_app(page)
    assert_no_exception(page)
    database = server.database()
    try:
        assert database["contacts"].count == 0
    finally:
        database.close()
