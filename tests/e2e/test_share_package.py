"""Share with your coach in the real app: a sealed share package made and downloaded, and one
kept in a folder; both open as packages and hold nothing private."""

from pathlib import Path

from playwright.sync_api import expect

from lib.formats.share_package import open_package, read_manifest
from tests.e2e.conftest import assert_no_exception, open_app, wait_for_app
from tests.support import sample_counts

PASSPHRASE = "a long enough passphrase"
PRIVATE = "Seemed rushed; keep the follow-up short."  # the sample's private note


def type_and_commit(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
    wait_for_app(page)


def test_make_and_download_a_sealed_package(page, server_factory, tmp_path):
    server = server_factory(sample=True)
    open_app(page, server, "share")
    assert_no_exception(page)
    type_and_commit(page, "Your name, as your coach knows you", "Ada Researcher")
    type_and_commit(page, "Passphrase (optional)", PASSPHRASE)
    type_and_commit(page, "Type the passphrase again", PASSPHRASE)
    page.get_by_role("button", name="Make the package").click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("sealed with your passphrase")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the share package").click()
    download = download_info.value
    assert download.suggested_filename.startswith("fieldwork-share-ada-researcher-")
    package = tmp_path / download.suggested_filename
    download.save_as(package)
    assert PRIVATE.encode() not in package.read_bytes()
    opened = open_package(package, PASSPHRASE)
    assert opened.share_manifest["client_name"] == "Ada Researcher"
    assert opened["contacts"].count == sample_counts.CONTACTS
    assert (
        opened.execute(
            "SELECT count(*) FROM contacts WHERE private_notes IS NOT NULL OR email IS NOT NULL"
        ).fetchone()[0]
        == 0
    )


def test_keep_a_package_in_a_folder(page, server_factory, tmp_path):
    server = server_factory(sample=True)
    folder = tmp_path / "Shared with coach"
    folder.mkdir()
    open_app(page, server, "share")
    type_and_commit(page, "Your name, as your coach knows you", "Ada Researcher")
    type_and_commit(page, "Folder", str(folder))
    page.get_by_role("button", name="Keep a package in this folder").click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("The package is in the folder.")).to_be_visible()
    package = Path(folder) / "ada-researcher.fieldwork-share"
    assert read_manifest(package)["client_name"] == "Ada Researcher"
    assert PRIVATE.encode() not in package.read_bytes()
